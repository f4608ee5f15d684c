"""What the monthly summary (检查记录月度汇总) hands out: frozen dataclasses of plain counts,
and the month as a user gives it.  The definitions of the figures are in ``summary``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from yuyou_desktop.errors import FieldError

YEARS = (2000, 2100)
MONTH_LABEL = "月份"
_MONTH_TEXT = re.compile(r"^\s*(\d{4})\s*(?:-|/|\.|年)\s*(\d{1,2})\s*月?\s*$")


@dataclass(frozen=True)
class InspectionFigures:
    """One line of the inspection tables."""

    key: str  # the enum value or the unit's id ("" for totals)
    label: str
    inspections: int = 0
    problems: int = 0  # 发现问题
    rectified: int = 0  # 已整改
    open: int = 0  # 未整改 (overdue included)
    overdue: int = 0  # 其中逾期

    def plus(self, other: InspectionFigures) -> InspectionFigures:
        return InspectionFigures(
            self.key,
            self.label,
            self.inspections + other.inspections,
            self.problems + other.problems,
            self.rectified + other.rectified,
            self.open + other.open,
            self.overdue + other.overdue,
        )


@dataclass(frozen=True)
class LeadFigures:
    """Leads received in the month from one source, by their status today."""

    key: str
    label: str
    received: int = 0
    closed: int = 0  # 已办结
    open: int = 0  # 未办结: 办理中 + 已移送
    transferred: int = 0  # 其中已移送 (status)
    overdue: int = 0  # 其中逾期


@dataclass(frozen=True)
class TransferFigures:
    """Transfers dated in the month to one kind of body, by their status today."""

    key: str
    label: str
    transfers: int = 0
    sent: int = 0  # 待接收 (status 已移送)
    received: int = 0  # 已接收
    fed_back: int = 0  # 已反馈


@dataclass(frozen=True)
class MonthlySummary:
    year: int
    month: int
    office_name: str
    today: date  # 统计截至: statuses and 逾期 are as of this day
    by_kind: tuple[InspectionFigures, ...]
    by_area: tuple[InspectionFigures, ...]
    by_unit: tuple[InspectionFigures, ...]
    totals: InspectionFigures
    leads_by_source: tuple[LeadFigures, ...]
    lead_totals: LeadFigures
    transfers_by_target: tuple[TransferFigures, ...]
    transfer_totals: TransferFigures
    leads_transferred: int  # distinct leads with a transfer dated in the month

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        return next_month(self.year, self.month) - timedelta(days=1)

    @property
    def month_label(self) -> str:
        return f"{self.year}年{self.month}月"


def next_month(year: int, month: int) -> date:
    return date(year + month // 12, month % 12 + 1, 1)


def check_month(year: int, month: int) -> None:
    if not isinstance(month, int) or not 1 <= month <= 12:
        raise FieldError(MONTH_LABEL, f"应为1到12之间的整数，实际为“{month}”。")
    if not isinstance(year, int) or not YEARS[0] <= year <= YEARS[1]:
        raise FieldError("年份", f"应在{YEARS[0]}年到{YEARS[1]}年之间，实际为“{year}”。")


def parse_month(text: str, label: str = MONTH_LABEL) -> tuple[int, int]:
    """``2026-05`` (also 2026-5, 2026/05, 2026年5月) → (2026, 5); anything else is refused."""
    found = _MONTH_TEXT.match(text or "")
    if not found:
        raise FieldError(label, f"“{text}”不是有效的月份，应写成 YYYY-MM，例如 2026-05。")
    year, month = int(found[1]), int(found[2])
    if not 1 <= month <= 12:
        raise FieldError(label, f"“{text}”不是有效的月份：月份应在1到12之间。")
    if not YEARS[0] <= year <= YEARS[1]:
        raise FieldError(label, f"“{text}”：年份应在{YEARS[0]}年到{YEARS[1]}年之间。")
    return year, month
