"""The bar above the 统计 view: the period (a quick choice — 本月, 上月, 本季度, 本年, 上年 — or
自定义 with two dates), 来源单位, 执法单位 and 刷新; ``actions`` is left for the export buttons.
``changed`` fires when any of the choices changes; ``query()`` gives them as a
:class:`StatsQuery` (checked by the service, not here: an end before the start is refused
there, with its Chinese message)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from PySide6.QtCore import QDate, QSettings, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QPushButton, QWidget

from yuyou_desktop.gui.origin_filter import OriginFilter
from yuyou_desktop.services.ownership import OriginChoices
from yuyou_desktop.services.reports.figures import StatsQuery

THIS_MONTH, LAST_MONTH, THIS_QUARTER = "this_month", "last_month", "this_quarter"
THIS_YEAR, LAST_YEAR, CUSTOM = "this_year", "last_year", "custom"
PERIODS = (
    (THIS_MONTH, "本月"),
    (LAST_MONTH, "上月"),
    (THIS_QUARTER, "本季度"),
    (THIS_YEAR, "本年"),
    (LAST_YEAR, "上年"),
    (CUSTOM, "自定义"),
)
DEFAULT_PERIOD = THIS_YEAR
PERIOD_KEY, START_KEY, END_KEY = "stats/period", "stats/start", "stats/end"
UNIT_COMBO_CHARS = 14
UNIT_COMBO_MAX_WIDTH = 300
FIRST_DAY, LAST_DAY = QDate(2000, 1, 1), QDate(2099, 12, 31)


def _month_end(year: int, month: int) -> date:
    first_next = date(year + month // 12, month % 12 + 1, 1)
    return first_next - timedelta(days=1)


def period_dates(choice: str, today: date) -> tuple[date, date] | None:
    """The first and last day of a quick choice (whole calendar months, quarters, years);
    None for 自定义."""
    year, month = today.year, today.month
    if choice == THIS_MONTH:
        return date(year, month, 1), _month_end(year, month)
    if choice == LAST_MONTH:
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
        return date(year, month, 1), _month_end(year, month)
    if choice == THIS_QUARTER:
        first = 3 * ((month - 1) // 3) + 1
        return date(year, first, 1), _month_end(year, first + 2)
    if choice == THIS_YEAR:
        return date(year, 1, 1), date(year, 12, 31)
    if choice == LAST_YEAR:
        return date(year - 1, 1, 1), date(year - 1, 12, 31)
    return None


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _day(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def _date_edit(parent: QWidget, tip: str) -> QDateEdit:
    edit = QDateEdit(parent)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setCalendarPopup(True)
    edit.setDateRange(FIRST_DAY, LAST_DAY)
    edit.setToolTip(tip)
    return edit


class StatsBar(QWidget):
    changed = Signal()

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statsBar")
        self.today = today
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.periodCombo = QComboBox(self)
        self.periodCombo.setObjectName("stats_period")
        for code, title in PERIODS:
            self.periodCombo.addItem(title, code)
        self.periodCombo.setToolTip("统计期间（按北京时间的日历日，起止两天都计入）")
        self.fromEdit = _date_edit(self, "统计期间的第一天")
        self.toEdit = _date_edit(self, "统计期间的最后一天（含当天）")
        self.origin = OriginFilter(self)
        self.origin.combo.setToolTip("只统计某个单位登记的记录")
        self.unitCombo = QComboBox(self)
        self.unitCombo.setObjectName("stats_unit")
        self.unitCombo.setToolTip("只统计对某个执法单位的检查、线索、案卷和证件")
        self.unitCombo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.unitCombo.setMinimumContentsLength(UNIT_COMBO_CHARS)
        self.unitCombo.setMaxVisibleItems(20)
        self.unitCombo.setMaximumWidth(UNIT_COMBO_MAX_WIDTH)
        self.unitCombo.addItem("全部", None)
        self.refreshButton = QPushButton("刷新", self)
        self.refreshButton.setToolTip("重新统计（其他单位导入的数据、刚保存的记录）")
        period_label = QLabel("统计期间：", self)
        period_label.setBuddy(self.periodCombo)
        unit_label = QLabel("执法单位：", self)
        unit_label.setBuddy(self.unitCombo)
        layout.addWidget(period_label)
        layout.addWidget(self.periodCombo)
        layout.addWidget(self.fromEdit)
        layout.addWidget(QLabel("至", self))
        layout.addWidget(self.toEdit)
        layout.addSpacing(8)
        layout.addWidget(self.origin)
        layout.addSpacing(8)
        layout.addWidget(unit_label)
        layout.addWidget(self.unitCombo)
        layout.addWidget(self.refreshButton)
        layout.addStretch(1)
        self.actions = QHBoxLayout()
        self.actions.setSpacing(6)
        layout.addLayout(self.actions)
        self.choose_period(DEFAULT_PERIOD)
        self.periodCombo.currentIndexChanged.connect(self._period_chosen)
        self.fromEdit.dateChanged.connect(self._date_edited)
        self.toEdit.dateChanged.connect(self._date_edited)
        self.origin.changed.connect(self.changed.emit)
        self.unitCombo.currentIndexChanged.connect(lambda _i: self.changed.emit())

    # ------------------------------------------------------------ period

    def period_code(self) -> str:
        return str(self.periodCombo.currentData())

    def period(self) -> tuple[date, date]:
        return _day(self.fromEdit.date()), _day(self.toEdit.date())

    def choose_period(self, code: str) -> None:
        """Choose a quick period (or 自定义, keeping the dates) without ``changed``."""
        index = self.periodCombo.findData(code)
        self.periodCombo.blockSignals(True)
        self.periodCombo.setCurrentIndex(max(index, 0))
        self.periodCombo.blockSignals(False)
        self._show_dates()

    def set_today(self, today: date) -> None:
        """A new day (the program left running overnight): 本月… follow it."""
        if today != self.today:
            self.today = today
            self._show_dates()

    def set_dates(self, start: date, end: date) -> None:
        """自定义 from ``start`` to ``end``, without ``changed``."""
        self.choose_period(CUSTOM)
        for edit, day in ((self.fromEdit, start), (self.toEdit, end)):
            edit.blockSignals(True)
            edit.setDate(_qdate(day))
            edit.blockSignals(False)

    def _show_dates(self) -> None:
        dates = period_dates(self.period_code(), self.today)
        if dates is None:
            return
        for edit, day in zip((self.fromEdit, self.toEdit), dates, strict=True):
            edit.blockSignals(True)
            edit.setDate(_qdate(day))
            edit.blockSignals(False)

    def _period_chosen(self, _index: int) -> None:
        self._show_dates()
        self.changed.emit()

    def _date_edited(self, _value: QDate) -> None:
        if self.period_code() != CUSTOM:
            self.periodCombo.blockSignals(True)
            self.periodCombo.setCurrentIndex(self.periodCombo.findData(CUSTOM))
            self.periodCombo.blockSignals(False)
        self.changed.emit()

    # ------------------------------------------------------------ office and unit

    def set_origins(self, choices: OriginChoices) -> bool:
        """True when the chosen office is no longer listed (back to 全部)."""
        return self.origin.set_choices(choices)

    def set_units(self, units: Sequence[tuple[str, str]]) -> bool:
        """List ``units`` ((id, name) by name); True when the chosen one is gone (全部)."""
        chosen = self.unitCombo.currentData()
        self.unitCombo.blockSignals(True)
        self.unitCombo.clear()
        self.unitCombo.addItem("全部", None)
        for unit_id, name in units:
            self.unitCombo.addItem(name, unit_id)
        index = self.unitCombo.findData(chosen) if chosen else 0
        self.unitCombo.setCurrentIndex(max(index, 0))
        self.unitCombo.blockSignals(False)
        return bool(chosen) and index < 0

    def query(self) -> StatsQuery:
        start, end = self.period()
        return StatsQuery(start, end, self.origin.value(), self.unitCombo.currentData())

    # ------------------------------------------------------------ remembered

    def restore(self, settings: QSettings) -> None:
        code = str(settings.value(PERIOD_KEY, DEFAULT_PERIOD))
        if code not in dict(PERIODS):
            code = DEFAULT_PERIOD
        if code != CUSTOM:
            self.choose_period(code)
            return
        try:
            start = date.fromisoformat(str(settings.value(START_KEY, "")))
            end = date.fromisoformat(str(settings.value(END_KEY, "")))
        except ValueError:
            self.choose_period(DEFAULT_PERIOD)
            return
        self.set_dates(start, end)

    def save(self, settings: QSettings) -> None:
        code = self.period_code()
        settings.setValue(PERIOD_KEY, code)
        if code == CUSTOM:
            start, end = self.period()
            settings.setValue(START_KEY, start.isoformat())
            settings.setValue(END_KEY, end.isoformat())
