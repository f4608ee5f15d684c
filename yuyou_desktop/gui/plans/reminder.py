"""The first-quarter reminder: from 1 January to 31 March, an office whose year has no 年度监督
工作方案 is told so when the program opens, with a button to the plans page.  今年不再提醒
switches it off for that year only (QSettings ``plans/remind/<year>``): next January it comes
back."""

from __future__ import annotations

from datetime import date
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

from yuyou_desktop.gui.permissions import change_refusal

if TYPE_CHECKING:
    from yuyou_desktop.services import Services

REMIND_KEY = "plans/remind"


def remind_key(year: int) -> str:
    return f"{REMIND_KEY}/{year}"


def wants_reminder(settings: QSettings, year: int) -> bool:
    return settings.value(remind_key(year), True, type=bool)


def reminder_text(year: int) -> str:
    return (
        f"今年（{year}年）尚未制定年度行政执法监督工作方案。按规定应在第一季度制定并报上一级备案。"
    )


class PlanReminder(QDialog):
    """``openPlans(year)`` when the user chooses 去制定."""

    openPlans = Signal(int)

    def __init__(self, year: int, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("planReminder")
        self.setWindowTitle("年度监督工作方案提醒")
        self.year = year
        layout = QVBoxLayout(self)
        self.textLabel = QLabel(reminder_text(year), self)
        self.textLabel.setObjectName("planReminderText")
        self.textLabel.setWordWrap(True)
        font = self.textLabel.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.textLabel.setFont(font)
        layout.addWidget(self.textLabel)
        self.stopCheck = QCheckBox("今年不再提醒", self)
        self.stopCheck.setChecked(not wants_reminder(settings, year))
        layout.addWidget(self.stopCheck)
        buttons = QDialogButtonBox(self)
        self.goButton = buttons.addButton("去制定", QDialogButtonBox.ButtonRole.AcceptRole)
        self.laterButton = buttons.addButton("稍后", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._go)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.stopCheck.toggled.connect(lambda on: settings.setValue(remind_key(year), not on))
        self.resize(440, 160)

    def _go(self) -> None:
        self.openPlans.emit(self.year)
        self.accept()


def maybe_remind(
    parent: QWidget | None, services: Services, settings: QSettings, today: date
) -> PlanReminder | None:
    """Open the reminder (non-modal ``open()``) when it applies on ``today`` — first quarter,
    no plan of this office for the year, not switched off — and return it; else None."""
    if change_refusal(parent):  # a 查阅 account draws up no plan
        return None
    if not wants_reminder(settings, today.year) or not services.plans.reminder(today):
        return None
    dialog = PlanReminder(today.year, settings, parent)
    dialog.open()
    return dialog
