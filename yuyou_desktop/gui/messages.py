"""Showing errors to the user in a consistent way."""

from __future__ import annotations

import traceback

from PySide6.QtWidgets import QMessageBox, QWidget

from yuyou_desktop.errors import YuyouError


def show_error(parent: QWidget | None, title: str, exc: BaseException) -> None:
    """A Chinese message for expected errors; a short message plus details for the rest."""
    box = QMessageBox(parent)
    box.setWindowTitle(title)
    if isinstance(exc, YuyouError):
        box.setIcon(QMessageBox.Icon.Warning)
        box.setText(exc.message)
    else:
        box.setIcon(QMessageBox.Icon.Critical)
        box.setText(f"发生意外错误：{exc}\n\n数据没有被部分修改：未完成的操作已全部撤销。")
        box.setDetailedText("".join(traceback.format_exception(exc)))
    box.exec()
