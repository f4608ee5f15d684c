"""The dialog of one inspection: 基本情况, 监督人员, 问题与整改, 附件 on four pages.

保存 runs ``InspectionService.save`` on the task runner (one transaction: a refusal changes
nothing), then the attachments added or removed.  A refusal keeps the dialog open with
everything typed, shows the reason, turns to the page of the field it names and marks it.
Warnings (an enterprise over the yearly cap) are shown after saving.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from yuyou_desktop.errors import FieldError, YuyouError
from yuyou_desktop.gui.inspections.attachments_panel import AttachmentsPanel
from yuyou_desktop.gui.inspections.inspection_form import InspectionForm
from yuyou_desktop.gui.inspections.problems_panel import ProblemsPanel
from yuyou_desktop.gui.inspections.supervisors_panel import SupervisorsPanel

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from yuyou_desktop.gui.tasks import TaskRunner
    from yuyou_desktop.services.inspections.records import InspectionRecord
    from yuyou_desktop.services.inspections.service import InspectionService

ERROR_STYLE = "color: #b00020; font-weight: bold;"
PAGES = ("基本情况", "监督人员", "问题与整改", "附件")


@dataclass(frozen=True)
class Saved:
    record: InspectionRecord
    warnings: tuple[str, ...]
    attachment_errors: tuple[str, ...]


def save_job(
    inspections: InspectionService,
    inspection_id: str | None,
    values: dict[str, Any],
    supervisors: list[tuple[str, bool]],
    problems: list[dict[str, Any]],
    version: int | None,
    removed: Sequence[str],
    pending: Sequence[Path],
) -> Saved:
    """Runs on the worker: the inspection first (all or nothing), then its attachments."""
    result = inspections.save(inspection_id, values, supervisors, problems, version)
    errors = []
    for attachment_id in removed:
        try:
            inspections.remove_attachment(attachment_id)
        except YuyouError as exc:
            errors.append(exc.message)
    for path in pending:
        try:
            inspections.add_attachment(result.record.id, path)
        except YuyouError as exc:
            errors.append(exc.message)
    record = inspections.get(result.record.id) if removed or pending else result.record
    return Saved(record, result.warnings, tuple(errors))


class InspectionDialog(QDialog):
    """New inspection (``record`` None) or edit; ``saved(InspectionRecord)`` on success."""

    saved = Signal(object)

    def __init__(
        self,
        inspections: InspectionService,
        runner: TaskRunner,
        units: Sequence[tuple[str, str]],
        quiet_exceptions: Sequence[str],
        today: date,
        record: InspectionRecord | None = None,
        parent: QWidget | None = None,
        now: Callable[[], datetime] = datetime.now,
    ) -> None:
        super().__init__(parent)
        self._inspections = inspections
        self._runner = runner
        self._today = today
        self.record = record
        self.result_record: InspectionRecord | None = None
        self.saving = False
        self.read_only: str | None = None
        self.setObjectName("inspectionDialog")
        layout = QVBoxLayout(self)
        self.headingLabel = QLabel(self)
        self.headingLabel.setWordWrap(True)
        layout.addWidget(self.headingLabel)
        self.pages = QTabWidget(self)
        layout.addWidget(self.pages, 1)
        self.form = InspectionForm(inspections, units, quiet_exceptions, now, self)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        self.scroll = scroll
        self.supervisors = SupervisorsPanel(inspections, self.form.day, self)
        self.problems = ProblemsPanel(today, self, self.form.rectification_deadline)
        self.attachments = AttachmentsPanel(inspections, self)
        for page, title in zip(
            (scroll, self.supervisors, self.problems, self.attachments), PAGES, strict=True
        ):
            self.pages.addTab(page, title)
        self.errorLabel = QLabel(self)
        self.errorLabel.setObjectName("errorLabel")
        self.errorLabel.setWordWrap(True)
        self.errorLabel.setStyleSheet(ERROR_STYLE)
        self.errorLabel.hide()
        layout.addWidget(self.errorLabel)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button.setText("保存")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        if record is None:
            self.setWindowTitle("新增检查记录")
            self._show_next_number()
            self.form.dayChanged.connect(lambda _day: self._show_next_number())
        else:
            self.setWindowTitle(f"检查记录 {record.number}")
            self.form.load(record)
            self.supervisors.load(record.supervisors)
            self.problems.load(record.problems)
            self.attachments.load(record.attachments)
            self.headingLabel.setText(
                f"{record.number}　{record.unit_name}　{record.day.isoformat()}。"
                "带＊的项目必须填写。"
            )
        self.form.dayChanged.connect(self.supervisors.recheck)
        self.resize(820, 680)

    def set_read_only(self, reason: str) -> None:
        """Show the record without a way to change it (another office's): ``reason`` says
        why; the panels keep what only shows (a problem's details, opening a file)."""
        self.read_only = reason
        heading = self.headingLabel.text().replace("带＊的项目必须填写。", "")
        self.headingLabel.setText(heading + reason)
        self.ok_button.hide()
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("关闭")
        self.form.setEnabled(False)
        for panel in (self.supervisors, self.problems, self.attachments):
            for name in ("addButton", "addInvitedButton", "removeButton"):
                button = getattr(panel, name, None)
                if button is not None:
                    button.hide()

    @property
    def ok_button(self) -> Any:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def _show_next_number(self) -> None:
        year = self.form.day().year
        if year > self._today.year:
            self.form.numberLabel.setText(f"检查日期在{year}年，晚于今年：请核对日期，否则不能保存")
            return
        try:
            number = self._inspections.next_number(year)
        except YuyouError:
            number = "（保存时分配）"
        text = f"保存时自动分配，预计为 {number}"
        if self.form.day() > self._today:  # allowed (a planned visit), but more often a slip
            text += f"（注意：检查日期晚于今天 {self._today.isoformat()}，请核对）"
        self.form.numberLabel.setText(text)
        self.headingLabel.setText("登记一次监督检查。带＊的项目必须填写；至少两名持证人员。")

    def start_from_lead(self, lead_id: str, shown: str, values: dict[str, Any]) -> None:
        """A new inspection made from a lead: link it, preset what the lead already says."""
        self.form.set_lead(lead_id, shown)
        if values.get("unit"):
            InspectionForm._select(self.form.unitCombo, values["unit"], values.get("unit_name", ""))
        else:  # not the list filter's unit: a lead about no unit leaves the choice to the clerk
            self.form.unitCombo.setCurrentIndex(0)
        if values.get("kind"):
            InspectionForm._select(self.form.kindCombo, values["kind"], "")
        if values.get("basis"):
            self.form.basisEdit.setPlainText(values["basis"])

    # ------------------------------------------------------------ saving

    def submit(self) -> None:
        if self.saving or self.read_only:
            return
        self._clear_error()
        self.saving = True
        self.ok_button.setEnabled(False)
        record = self.record
        args = (
            self._inspections,
            record.id if record else None,
            self.form.values(),
            self.supervisors.chosen(),
            self.problems.values(),
            record.version if record else None,
            sorted(self.attachments.removed),
            list(self.attachments.pending),
        )
        self._runner.run(
            "正在保存检查记录",
            lambda progress: save_job(*args),
            self._saved,
            self._failed,
            parent=self,
            cancellable=False,
        )

    def reject(self) -> None:
        if not self.saving:  # a save in flight finishes first: its result decides
            super().reject()

    def _saved(self, saved: Saved) -> None:
        self.saving = False
        self.ok_button.setEnabled(True)
        self.result_record = saved.record
        notes = list(saved.warnings)
        if saved.attachment_errors:
            notes.append(
                "检查记录已保存，但以下附件未能处理：\n" + "\n".join(saved.attachment_errors)
            )
        if notes:
            QMessageBox.warning(self, "请注意", "\n\n".join(notes))
        self.saved.emit(saved.record)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.saving = False
        self.ok_button.setEnabled(True)
        if isinstance(exc, FieldError):
            self.show_error(exc.message, exc.field)
        elif isinstance(exc, YuyouError):
            self.show_error(exc.message)
        else:
            self.show_error(f"保存失败：{exc}（未做任何修改）")

    def show_error(self, message: str, field: str = "") -> None:
        self.errorLabel.setText(message)
        self.errorLabel.show()
        if field == "监督人员":
            self.pages.setCurrentWidget(self.supervisors)
        elif "问题" in field:
            self.pages.setCurrentWidget(self.problems)
        elif field in self.form.rows:
            self.pages.setCurrentWidget(self.scroll)
            label = self.form.labels[field]
            label.setStyleSheet(ERROR_STYLE)
            widget = self.form.rows[field]
            widget.setFocus()
            self.scroll.ensureWidgetVisible(widget)

    def _clear_error(self) -> None:
        self.errorLabel.clear()
        self.errorLabel.hide()
        for label in self.form.labels.values():
            label.setStyleSheet("")
