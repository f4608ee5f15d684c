"""签发, 送达, 回复, 办结 and 作废 of a letter: small forms that call the service and stay open
with the reason when it refuses."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from yuyou_desktop.errors import YuyouError
from yuyou_desktop.gui.messages import show_error
from yuyou_desktop.services.letters.records import SERVICE_METHODS, LetterRecord
from yuyou_desktop.services.registry.service import StaleRecord

WARN_STYLE = "color: #b00020;"


def _date_edit(day: date) -> QDateEdit:
    """A date from the start of last year to today (no later: the services refuse it)."""
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy年M月d日")
    edit.setDateRange(QDate(day.year - 1, 1, 1), QDate(day.year, day.month, day.day))
    return edit


class ActionDialog(QDialog):
    """A form; ``submit()`` calls ``action(**values)`` and keeps the returned record."""

    def __init__(
        self,
        title: str,
        ok: str,
        rows: list[tuple[str, QWidget]],
        read: Callable[[], dict[str, Any]],
        action: Callable[..., LetterRecord],
        notes: tuple[str, ...] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._read, self._action = read, action
        self.result_record: LetterRecord | None = None
        form = QFormLayout(self)
        self.notes: list[QLabel] = []
        for note in notes:
            label = QLabel(note)
            label.setWordWrap(True)
            label.setStyleSheet(WARN_STYLE)
            form.addRow(label)
            self.notes.append(label)
        for label, widget in rows:
            form.addRow(label, widget)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.setMinimumWidth(420)

    def submit(self) -> None:
        try:
            self.result_record = self._action(**self._read())
        except StaleRecord as exc:
            # changed elsewhere: retrying with the old version can never succeed
            show_error(self, self.windowTitle(), exc)
            self.accept()  # the tab refreshes and shows the letter as it is now
            return
        except YuyouError as exc:
            show_error(self, self.windowTitle(), exc)
            return
        self.accept()


def issue_dialog(record: LetterRecord, issue, today: date, warnings, missing=(), parent=None):
    day = _date_edit(today)
    notes = (
        "签发后将编号并生成正式PDF存档，内容不能再修改；如需更正，只能新建一份更正文书。",
        *((f"签发前还需填写：{'、'.join(missing)}。请先“编辑”补全。",) if missing else ()),
        *warnings,
    )
    return ActionDialog(
        f"签发 — {record.title}",
        "签发",
        [("签发（成文）日期", day)],
        lambda: {"on": day.date().toPython()},
        lambda on: issue(record.id, record.version, on),
        notes,
        parent,
    )


def serve_dialog(record: LetterRecord, serve, today: date, parent=None):
    day = _date_edit(today)
    method = QComboBox()
    method.addItems(SERVICE_METHODS)
    who = QLineEdit()
    who.setPlaceholderText("签收人姓名")
    return ActionDialog(
        f"登记送达 — {record.number}",
        "登记",
        [("送达日期", day), ("送达方式", method), ("受送达人（签收人）", who)],
        lambda: {
            "on": day.date().toPython(),
            "method": method.currentText(),
            "recipient": who.text(),
        },
        lambda on, method, recipient: serve(record.id, record.version, on, method, recipient),
        parent=parent,
    )


def reply_dialog(record: LetterRecord, reply, today: date, parent=None):
    day = _date_edit(today)
    note = QPlainTextEdit()
    note.setPlaceholderText("回复或报告的主要内容")
    return ActionDialog(
        f"登记回复 — {record.number}",
        "登记",
        [("回复日期", day), ("回复情况", note)],
        lambda: {"on": day.date().toPython(), "note": note.toPlainText()},
        lambda on, note: reply(record.id, record.version, on, note),
        parent=parent,
    )


def close_dialog(record: LetterRecord, close, today: date, waiting: bool, parent=None):
    day = _date_edit(today)
    note = QPlainTextEdit()
    note.setPlaceholderText("办结说明" + ("（尚未收到回复，须写明理由）" if waiting else ""))
    return ActionDialog(
        f"办结 — {record.number}",
        "办结",
        [("办结日期", day), ("办结说明", note)],
        lambda: {"on": day.date().toPython(), "note": note.toPlainText()},
        lambda on, note: close(record.id, record.version, on, note),
        parent=parent,
    )


def void_dialog(record: LetterRecord, void, parent=None):
    reason = QLineEdit()
    reason.setPlaceholderText("例如：文书内容有误，已另行更正")
    return ActionDialog(
        f"作废 — {record.number}",
        "作废",
        [("作废理由", reason)],
        lambda: {"reason": reason.text()},
        lambda reason: void(record.id, record.version, reason),
        (f"作废后，文号 {record.number} 不再使用，作废理由与存档PDF一并保留。",),
        parent,
    )
