"""Showing errors to the user in a consistent way."""

from __future__ import annotations

import traceback
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox, QWidget

from yuyou_desktop.errors import YuyouError

if TYPE_CHECKING:
    from yuyou_desktop.storage.database import RestoreResult


def show_error(parent: QWidget | None, title: str, exc: BaseException) -> None:
    """A Chinese message for expected errors; a short message plus details for the rest (and
    the notes on it: a background job's names the log file)."""
    box = QMessageBox(parent)
    box.setWindowTitle(title)
    if isinstance(exc, YuyouError):
        box.setIcon(QMessageBox.Icon.Warning)
        box.setText(exc.message)
    else:
        box.setIcon(QMessageBox.Icon.Critical)
        text = f"发生意外错误：{exc}\n\n数据没有被部分修改：未完成的操作已全部撤销。"
        notes = getattr(exc, "__notes__", ())  # the log file (tasks.TaskRunner adds it)
        box.setText("\n\n".join((text, *notes)))
        box.setDetailedText("".join(traceback.format_exception(exc)))
    box.exec()


def describe_restore(result: RestoreResult) -> str:
    """What the user is told after a restore: from where, how old the data is, where the
    previous database went."""
    as_of = result.data_as_of.astimezone() if result.data_as_of else None
    when = f"{as_of.year}年{as_of.month}月{as_of.day}日 {as_of:%H:%M}" if as_of else "未知"
    lines = [f"已从备份恢复：{result.restored_from}", f"恢复后的数据截至：{when}"]
    if result.previous_copy:
        lines.append(f"原数据库已另存为：{result.previous_copy}")
    return "\n".join(lines)
