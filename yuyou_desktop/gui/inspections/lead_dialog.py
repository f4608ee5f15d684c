"""The edit dialog of a lead (投诉举报/线索): source, dates, content, unit, handler, outcome,
status, and below them the lead's transfers with their status.

保存 runs ``LeadService.save`` on the task runner.  A refused value (``FieldError``,
``InputRejected``, a stale version) is shown, the field it names is marked, and the dialog stays
open with everything typed still in place; nothing is saved then.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from yuyou_desktop.domain.enums import LeadStatus
from yuyou_desktop.errors import FieldError, YuyouError
from yuyou_desktop.gui.inspections.lead_transfers import TransferTable, lead_summary
from yuyou_desktop.gui.messages import show_error
from yuyou_desktop.gui.registry.editors import FieldEditor
from yuyou_desktop.services.inspections.leads_query import (
    CONTENT,
    DEADLINE,
    HANDLER,
    OUTCOME,
    RECEIVED_ON,
    SOURCE,
    STATUS,
    UNIT,
)
from yuyou_desktop.services.registry.fields import UNIT as UNIT_KIND

if TYPE_CHECKING:
    from yuyou_desktop.gui.tasks import TaskRunner
    from yuyou_desktop.services.inspections.leads import LeadService
    from yuyou_desktop.services.inspections.leads_query import LeadRow
    from yuyou_desktop.services.registry.service import RegistryService

ERROR_STYLE = "color: #b00020; font-weight: bold;"
# the form, in order; the unit is chosen among the registered enforcement units
FIELDS = (
    SOURCE,
    RECEIVED_ON,
    CONTENT,
    replace(UNIT, kind=UNIT_KIND),
    HANDLER,
    DEADLINE,
    OUTCOME,
    replace(STATUS, required=True),
)
HELP = {
    CONTENT.key: "反映的问题、线索内容；列表中显示第一行",
    DEADLINE.key: "不填写表示不设办理期限；逾期未办结的线索列入待办",
    OUTCOME.key: "办理状态为“已办结”时必须填写",
    STATUS.key: "“已移送”由“移送…”自动设置；办结时请填写办理结果",
}


class LeadDialog(QDialog):
    """New lead (``row`` None) or edit of ``row``.  ``saved(LeadRow)`` after a save;
    ``transfersChanged()`` after a transfer's status was changed here."""

    saved = Signal(object)
    transfersChanged = Signal()

    def __init__(
        self,
        leads: LeadService,
        registry: RegistryService,
        runner: TaskRunner,
        row: LeadRow | None = None,
        defaults: Mapping[str, Any] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.row = row
        self.result_row: LeadRow | None = None
        self._leads = leads
        self._runner = runner
        self.saving = False
        self.read_only: str | None = None
        self.setWindowTitle("新增线索" if row is None else "编辑线索")
        layout = QVBoxLayout(self)
        heading = "新增一条投诉举报或线索。" if row is None else f"线索：{lead_summary(row)}"
        self.headingLabel = QLabel(heading + "\n带＊的项目必须填写。", self)
        self.headingLabel.setWordWrap(True)
        layout.addWidget(self.headingLabel)
        form = QFormLayout()
        units = registry.unit_choices()
        self.editors: dict[str, FieldEditor] = {}
        self.labels: dict[str, QLabel] = {}
        for field in FIELDS:
            editor = FieldEditor(field, units, self)
            label = QLabel(f"{'＊' if field.required else ''}{field.label}：", self)
            label.setBuddy(editor.widget)
            if field.key in HELP:
                editor.widget.setToolTip(HELP[field.key])
            form.addRow(label, editor.widget)
            self.editors[field.key] = editor
            self.labels[field.key] = label
        status = self.editors[STATUS.key].widget
        assert isinstance(status, QComboBox)
        status.removeItem(0)  # always one of the three; a new lead is 办理中
        layout.addLayout(form)
        self.transferTable: TransferTable | None = None
        layout.addWidget(self._transfer_box(row, leads, runner))
        self.errorLabel = QLabel(self)
        self.errorLabel.setWordWrap(True)
        self.errorLabel.setStyleSheet(ERROR_STYLE)
        self.errorLabel.hide()
        layout.addWidget(self.errorLabel)
        self.buttonBox = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button.setText("保存")
        self.buttonBox.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttonBox.accepted.connect(self.submit)
        self.buttonBox.rejected.connect(self.reject)
        layout.addWidget(self.buttonBox)
        self._fill(row, defaults or {})
        self.resize(max(640, self.sizeHint().width()), self.sizeHint().height())
        self.editors[SOURCE.key].widget.setFocus()

    def set_read_only(self, reason: str) -> None:
        """Show the lead without a way to change it (another office's): ``reason`` says why."""
        self.read_only = reason
        self.setWindowTitle("查看线索")
        self.headingLabel.setText(f"线索：{lead_summary(self.row)}\n{reason}")  # type: ignore[arg-type]
        for editor in self.editors.values():
            editor.widget.setEnabled(False)
        if self.transferTable is not None:
            self.transferTable.setEnabled(False)
        self.ok_button.hide()
        self.buttonBox.button(QDialogButtonBox.StandardButton.Cancel).setText("关闭")

    @property
    def ok_button(self):
        return self.buttonBox.button(QDialogButtonBox.StandardButton.Ok)

    def _transfer_box(self, row: LeadRow | None, leads: LeadService, runner: TaskRunner):
        box = QGroupBox("移送记录", self)
        inner = QVBoxLayout(box)
        if row is None or not row.transfers:
            hint = "保存后，可在列表中选中这条线索，点“移送…”记录移送。"
            if row is not None:
                hint = "没有移送记录。要移送，请在列表中选中这条线索，点“移送…”。"
            note = QLabel(hint, box)
            note.setWordWrap(True)
            inner.addWidget(note)
            return box
        self.transferTable = TransferTable(leads, runner, box)
        self.transferTable.set_transfers(row.transfers)
        self.transferTable.changed.connect(self.transfersChanged)
        inner.addWidget(self.transferTable)
        note = QLabel("状态改变后立即保存（已移送 → 已接收 → 已反馈）。", box)
        inner.addWidget(note)
        return box

    def _fill(self, row: LeadRow | None, defaults: Mapping[str, Any]) -> None:
        if row is None:
            values = {STATUS.key: LeadStatus.OPEN.value, **defaults}
            for key, value in values.items():
                if key in self.editors:
                    self.editors[key].set_value(None if key == UNIT.key else value, value)
            return
        stored = {
            SOURCE.key: row.source,
            RECEIVED_ON.key: row.received_on,
            CONTENT.key: row.content,
            HANDLER.key: row.handler,
            DEADLINE.key: row.deadline,
            OUTCOME.key: row.outcome,
            STATUS.key: row.status,
        }
        for key, value in stored.items():
            self.editors[key].set_value(value)
        self.editors[UNIT.key].set_value(row.unit_name, row.unit_id, row.unit_name)

    # ------------------------------------------------------------ saving

    def values(self) -> dict[str, Any]:
        """What is sent to ``LeadService.save``: every field by key (the unit by its id)."""
        return {key: editor.value() for key, editor in self.editors.items()}

    def submit(self) -> None:
        if self.saving or self.read_only:
            return
        self._clear_error()
        self.saving = True
        self.ok_button.setEnabled(False)
        leads, values = self._leads, self.values()
        lead_id = self.row.id if self.row else None
        version = self.row.version if self.row else None
        self._runner.run(
            "正在保存线索",
            lambda progress: leads.save(lead_id, values, expected_version=version),
            self._saved,
            self._failed,
            parent=self,
            cancellable=False,
        )

    def reject(self) -> None:
        if not self.saving:  # a save in flight finishes first: its result decides
            super().reject()

    def _saved(self, row: LeadRow) -> None:
        self.saving = False
        self.ok_button.setEnabled(True)
        self.result_row = row
        self.saved.emit(row)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.saving = False
        self.ok_button.setEnabled(True)
        if isinstance(exc, YuyouError):
            self.errorLabel.setText(exc.message)
        else:
            self.errorLabel.setText(f"保存失败：{exc}（未做任何修改）")
        self.errorLabel.show()
        if isinstance(exc, FieldError):
            self._mark(exc.field)
        if not isinstance(exc, YuyouError):  # a refusal is said on the form; only the
            show_error(self, "无法保存线索", exc)  # unexpected also gets a box with details

    def _mark(self, field_label: str) -> None:
        for key, editor in self.editors.items():
            if editor.field.label == field_label:
                self.labels[key].setStyleSheet(ERROR_STYLE)
                editor.focus()
                return

    def _clear_error(self) -> None:
        self.errorLabel.clear()
        self.errorLabel.hide()
        for label in self.labels.values():
            label.setStyleSheet("")
