"""文件 → 设置…: values shown, changed, and refused without saving anything."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox

from yuyou_desktop.gui.settings_dialog import SettingsDialog


def press_ok(dialog):
    dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok).click()


def test_settings_dialog_saves_changed_values(qtbot, county):
    dialog = SettingsDialog(county.settings)
    qtbot.addWidget(dialog)
    assert dialog.edits["registry.filing_deadline"].text() == "12-31"
    assert dialog.edits["registry.certificate_expiring_days"].text() == "60"
    dialog.edits["registry.certificate_expiring_days"].setText("30")
    press_ok(dialog)
    assert dialog.result() == SettingsDialog.DialogCode.Accepted
    assert dialog.changed == ["registry.certificate_expiring_days"]
    assert county.settings.get("registry.certificate_expiring_days") == 30


def test_one_bad_value_saves_nothing(qtbot, county):
    dialog = SettingsDialog(county.settings)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.edits["registry.filing_deadline"].setText("06-30")
    dialog.edits["registry.certificate_expiring_days"].setText("一百")
    press_ok(dialog)
    assert dialog.isVisible()
    assert "证件到期提醒天数" in dialog.ui.errorLabel.text()
    assert county.settings.get("registry.filing_deadline") == "12-31"
    assert county.settings.get("registry.certificate_expiring_days") == 60
