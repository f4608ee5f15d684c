"""The 待办 reminder shown when the program opens: what is overdue and what falls due soon,
with a button to the 待办 page.  It can be turned off (remembered in the window settings)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from yuyou_desktop.services.inspections.todo import Todo

REMIND_KEY = "inspections/remind_todo"


def wants_reminder(settings: QSettings) -> bool:
    return settings.value(REMIND_KEY, True, type=bool)


def describe(todo: Todo) -> str:
    soon = todo.due_soon_days
    return (
        f"整改逾期的问题 {todo.overdue_problem_count} 项，{soon}日内到期 "
        f"{todo.due_soon_problem_count} 项；\n办理逾期的线索 {todo.overdue_lead_count} 件，"
        f"{soon}日内到期 {todo.due_soon_lead_count} 件；\n逾期未回复的文书 "
        f"{todo.overdue_letter_count} 份。"
    )


class TodoReminder(QDialog):
    """``showTodo()`` when the user asks to see the list."""

    showTodo = Signal()

    def __init__(self, todo: Todo, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("todoReminder")
        self.setWindowTitle("待办提醒")
        self._settings = settings
        layout = QVBoxLayout(self)
        heading = QLabel(f"截至 {todo.today.isoformat()}：", self)
        self.textLabel = QLabel(describe(todo), self)
        self.textLabel.setObjectName("todoText")
        self.textLabel.setWordWrap(True)
        font = self.textLabel.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.textLabel.setFont(font)
        layout.addWidget(heading)
        layout.addWidget(self.textLabel)
        self.remindCheck = QCheckBox("每次打开程序时提醒", self)
        self.remindCheck.setChecked(wants_reminder(settings))
        layout.addWidget(self.remindCheck)
        buttons = QDialogButtonBox(self)
        self.showButton = buttons.addButton("查看待办", QDialogButtonBox.ButtonRole.AcceptRole)
        self.closeButton = buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._show)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.remindCheck.toggled.connect(lambda on: settings.setValue(REMIND_KEY, on))
        self.resize(460, 180)

    def _show(self) -> None:
        self.showTodo.emit()
        self.accept()
