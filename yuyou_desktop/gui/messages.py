"""Showing errors to the user in a consistent way."""

from __future__ import annotations

import traceback
from datetime import datetime
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


def _day(value: datetime) -> str:
    local = value.astimezone()
    return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"


def describe_restore(result: RestoreResult) -> str:
    """What the user is told after a restore: from where, when the backup was made and how
    old its data is, what came with it, where the previous data went."""
    when = _day(result.data_as_of) if result.data_as_of else "未知"
    lines = [f"已从备份恢复：{result.restored_from}"]
    made = getattr(result, "backup_made_at", None)  # an archive (storage.restore_archive)
    if made is not None:
        lines.append(f"备份时间：{_day(made)}（恢复后的数据即此时的状态）")
    lines.append(f"恢复后的数据截至：{when}")
    files = getattr(result, "files_restored", None)
    if files is not None:
        lines.append(f"附件、密钥、待导入的数据包和文书模板也已恢复（{files} 个文件）。")
    for kept in getattr(result, "keys_kept", ()):
        lines.append(f"备份之后更换过的密钥仍保留在 keys/{kept} 中。")
    if result.previous_copy:
        lines.append(f"原数据库已另存为：{result.previous_copy}")
    lines.append("本机的数据同步已开始新的周期。")
    return "\n".join(lines)
