"""文件 → 设置…: the user settings, one line each, validated by the settings service."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QWidget

from yuyou_desktop.errors import YuyouError
from yuyou_desktop.gui.forms.ui_settings_dialog import Ui_SettingsDialog
from yuyou_desktop.settings import shown

if TYPE_CHECKING:
    from yuyou_desktop.services.settings import SettingsService


class SettingsDialog(QDialog):
    """Saves every changed value when accepted; a refused value keeps the dialog open and
    nothing is saved (the values are checked one by one before any is written)."""

    def __init__(self, settings: SettingsService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_SettingsDialog()
        self.ui.setupUi(self)
        self._settings = settings
        self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.ui.buttonBox.accepted.connect(self.submit)
        self.ui.buttonBox.rejected.connect(self.reject)
        self.edits: dict[str, QLineEdit] = {}
        self._stored = {}
        for value in settings.all():
            edit = QLineEdit(shown(value.value))
            edit.setToolTip(value.help)
            self.ui.formLayout.addRow(f"{value.label}：", edit)
            hint = QLabel(value.help)
            hint.setWordWrap(True)
            hint.setStyleSheet("color: #666;")
            self.ui.formLayout.addRow("", hint)
            self.edits[value.key] = edit
            self._stored[value.key] = shown(value.value)
        self.changed: list[str] = []

    def submit(self) -> None:
        from yuyou_desktop.settings import definition

        self.ui.errorLabel.clear()
        pending = {k: e.text() for k, e in self.edits.items() if e.text() != self._stored[k]}
        try:
            for key, text in pending.items():  # check every value before saving any
                definition(key).parse(text)
            for key, text in pending.items():
                self._settings.set(key, text)
        except YuyouError as exc:
            self.ui.errorLabel.setText(exc.message)
            return
        self.changed = list(pending)
        self.accept()
