"""Qt's own buttons (message boxes, dialogs) speak Chinese, as the rest of the program does."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from yuyou_desktop.gui.resources import install_qt_translations

Button = QMessageBox.StandardButton


def test_message_box_buttons_are_chinese_once_the_translations_are_installed(qapp):
    translator = install_qt_translations(qapp)
    assert translator is not None, "PySide6 should ship qtbase_zh_CN.qm"
    try:
        box = QMessageBox(
            QMessageBox.Icon.Question, "删除", "确定删除？", Button.Yes | Button.No | Button.Ok
        )
        texts = {box.standardButton(b): b.text() for b in box.buttons()}
        assert texts == {Button.Yes: "是(&Y)", Button.No: "否(&N)", Button.Ok: "确定"}
        box.deleteLater()
    finally:
        qapp.removeTranslator(translator)
