"""The edit dialog of a register record, generated from the register's fields.

The shell (scroll area with a form, error label, OK/Cancel) comes from ``ui/record_dialog.ui``.
OK saves on the task runner; a rejected value keeps the dialog open, shows the reason and
focuses the field it names.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QWidget

from yuyou_desktop.errors import FieldError, YuyouError
from yuyou_desktop.gui.forms.ui_record_dialog import Ui_RecordDialog
from yuyou_desktop.gui.registry.editors import FieldEditor
from yuyou_desktop.gui.registry.presentation import describe
from yuyou_desktop.services.registry.fields import UNIT

if TYPE_CHECKING:
    from yuyou_desktop.gui.tasks import TaskRunner
    from yuyou_desktop.services.registry.query import RecordRow
    from yuyou_desktop.services.registry.service import RegistryService
    from yuyou_desktop.services.registry.specs import RegisterSpec

ERROR_STYLE = "color: #b00020; font-weight: bold;"


class RecordDialog(QDialog):
    """New record (``row`` None) or edit of ``row``; emits ``saved(RecordRow)`` on success."""

    saved = Signal(object)

    def __init__(
        self,
        spec: RegisterSpec,
        registry: RegistryService,
        runner: TaskRunner,
        row: RecordRow | None = None,
        defaults: Mapping[str, Any] | None = None,
        parent: QWidget | None = None,
        read_only: str | None = None,
    ) -> None:
        """``read_only``: why the record may only be looked at (another office's)."""
        super().__init__(parent)
        self.ui = Ui_RecordDialog()
        self.ui.setupUi(self)
        self.spec = spec
        self.row = row
        self.result_row: RecordRow | None = None
        self._registry = registry
        self._runner = runner
        self.saving = False
        self.read_only: str | None = None
        units = registry.unit_choices() if any(f.kind == UNIT for f in spec.fields) else []
        self.editors: dict[str, FieldEditor] = {}
        self.labels: dict[str, QLabel] = {}
        for field in spec.fields:
            if row is None and field.kind == "derived":
                continue  # computed once saved
            editor = FieldEditor(field, units, self.ui.formContainer)
            mark = "＊" if field.required else ""
            label = QLabel(f"{mark}{field.label}：", self.ui.formContainer)
            label.setBuddy(editor.widget)
            if field.help:
                editor.widget.setToolTip(field.help)
            self.ui.formLayout.addRow(label, editor.widget)
            self.editors[field.key] = editor
            self.labels[field.key] = label
        self._fill(row, defaults or {})
        if row is None:
            self.setWindowTitle(f"新增{spec.title}")
            self.ui.headingLabel.setText(f"新增一条{spec.title}记录。带＊的项目必须填写。")
        else:
            self.setWindowTitle(f"编辑{spec.title}")
            self.ui.headingLabel.setText(
                f"{spec.title}：{describe(spec, row)}。带＊的项目必须填写。"
            )
        self.ui.errorLabel.hide()
        self.ui.buttonBox.accepted.connect(self.submit)
        self.ui.buttonBox.rejected.connect(self.reject)
        self.ok_button.setText("保存")
        self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        if read_only and row is not None:
            self._look_only(read_only)
        self._size_to_form()
        first = next((e for e in self.editors.values() if not e.read_only), None)
        if first is not None:
            first.widget.setFocus()

    def _look_only(self, reason: str) -> None:
        self.read_only = reason
        self.setWindowTitle(f"查看{self.spec.title}")
        shown = describe(self.spec, self.row)
        self.ui.headingLabel.setText(f"{self.spec.title}：{shown}。{reason}")
        for editor in self.editors.values():
            editor.widget.setEnabled(False)
        self.ok_button.hide()
        self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Cancel).setText("关闭")

    @property
    def ok_button(self):
        return self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok)

    def _fill(self, row: RecordRow | None, defaults: Mapping[str, Any]) -> None:
        for key, editor in self.editors.items():
            if row is not None:
                editor.set_value(row.values.get(key), row.ref_ids.get(key), row.values.get(key))
            elif key in defaults:
                value = defaults[key]
                if editor.field.kind == UNIT:
                    editor.set_value(None, value)
                else:
                    editor.set_value(value)

    def _size_to_form(self) -> None:
        hint = self.ui.formContainer.sizeHint()
        screen = self.screen().availableGeometry() if self.screen() else None
        max_height = int(screen.height() * 0.85) if screen else 800
        extra = 140  # heading, error label, buttons, margins
        self.resize(max(self.width(), hint.width() + 60), min(hint.height() + extra, max_height))

    # ------------------------------------------------------------ saving

    def values(self) -> dict[str, Any]:
        """What is sent to ``RegistryService.save``: every editable field by key."""
        return {k: e.value() for k, e in self.editors.items() if not e.read_only}

    def submit(self) -> None:
        if self.saving or self.read_only:
            return
        self._clear_error()
        self.saving = True
        self.ok_button.setEnabled(False)
        spec, registry = self.spec, self._registry
        record_id = self.row.id if self.row else None
        version = self.row.version if self.row else None
        values = self.values()
        self._runner.run(
            f"正在保存{spec.title}",
            lambda progress: registry.save(spec.name, record_id, values, expected_version=version),
            self._saved,
            self._failed,
            parent=self,
            cancellable=False,
        )

    def reject(self) -> None:
        if not self.saving:  # a save in flight finishes first: its result decides
            super().reject()

    def _saved(self, row: RecordRow) -> None:
        self.saving = False
        self.ok_button.setEnabled(True)
        self.result_row = row
        self.saved.emit(row)
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

    def show_error(self, message: str, field_label: str | None = None) -> None:
        self.ui.errorLabel.setText(message)
        self.ui.errorLabel.show()
        if not field_label:
            return
        wanted = field_label.split("＋")  # a duplicate natural key names several fields
        for key, editor in self.editors.items():
            if editor.field.label in wanted:
                self.labels[key].setStyleSheet(ERROR_STYLE)
        for label in wanted:
            for editor in self.editors.values():
                if editor.field.label == label and not editor.read_only:
                    editor.focus()
                    self.ui.scrollArea.ensureWidgetVisible(editor.widget)
                    return

    def _clear_error(self) -> None:
        self.ui.errorLabel.clear()
        self.ui.errorLabel.hide()
        for label in self.labels.values():
            label.setStyleSheet("")
