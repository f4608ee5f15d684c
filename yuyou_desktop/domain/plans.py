"""Rules of the 年度监督工作方案 (annual supervision plan), pure.

The plan is made in the first quarter and filed with the next level up (seed 000, item 7):
from 1 January to 31 March an office whose year has no live plan is reminded.  An item is
逾期 when it is neither 已完成 nor 已取消 and its planned end has passed; the completion rate
leaves cancelled items out.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from yuyou_desktop.domain.enums import PlanItemStatus
from yuyou_desktop.domain.figures import percent

OVERDUE_LABEL = "逾期"
ALL_UNITS_LABEL = "全部执法单位"
CLOSED_STATUSES = frozenset({PlanItemStatus.DONE.value, PlanItemStatus.CANCELLED.value})


def plan_title(office_name: str, year: int) -> str:
    """The plan's default title: 右玉县司法局2026年度行政执法监督工作方案."""
    return f"{office_name}{year}年度行政执法监督工作方案"


def needs_plan_reminder(today: date, has_plan: bool) -> bool:
    """Whether to remind that this year's plan is missing: in the first quarter only."""
    return not has_plan and today.month <= 3


def is_overdue(status: str, planned_end: date, today: date) -> bool:
    """An open item whose planned end is before ``today``."""
    return status not in CLOSED_STATUSES and planned_end < today


def completion_rate(done: int, items: int, cancelled: int) -> Decimal | None:
    """Done items over the items not cancelled, as a percentage rounded half up to 0.1;
    None without any item to count (no items, or every one cancelled)."""
    counted = items - cancelled
    if counted <= 0:
        return None
    return percent(done, counted)


def rate_text(rate: Decimal | None) -> str:
    """``87.5%``, ``100%``, or ``—`` when there is nothing to count."""
    if rate is None:
        return "—"
    text = f"{rate.normalize():f}" if rate == rate.to_integral() else f"{rate:f}"
    return f"{text}%"


def period_text(start: date, end: date) -> str:
    """时间安排 as printed: 3月1日—6月30日 (one day: 5月8日)."""
    first = f"{start.month}月{start.day}日"
    if start == end:
        return first
    return f"{first}—{end.month}月{end.day}日"


def check_item_dates(year: int, start: date, end: date) -> tuple[str, str] | None:
    """Why the planned period cannot stand — (``"start"`` or ``"end"``, reason) — or None: it
    lies within the plan's year and ends no earlier than it starts."""
    if start.year != year:
        return "start", f"应在方案年度（{year}年）之内，实际为 {start.isoformat()}。"
    if end.year != year:
        return "end", f"应在方案年度（{year}年）之内，实际为 {end.isoformat()}。"
    if end < start:
        return "end", f"不能早于开始日期（{start.isoformat()}），实际为 {end.isoformat()}。"
    return None


def check_completion(completed_on: date | None, year: int, today: date) -> str | None:
    """Why a completion date cannot stand, or None: required, not after today, and not before
    the plan's year begins.  Work finished ahead of its planned start is still finished, so an
    item may be completed before ``planned_start``; a date before the year is a slip."""
    if completed_on is None:
        return "标记为“已完成”时应填写完成日期。"
    if completed_on > today:
        return f"不能晚于今天（{today.isoformat()}）。"
    if completed_on.year < year:
        return f"不能早于方案年度（{year}年）。"
    return None
