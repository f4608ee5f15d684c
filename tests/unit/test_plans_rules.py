"""The rules of the 年度监督工作方案: the first-quarter reminder, 逾期, the completion rate and
how dates of an item are checked."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from yuyou_desktop.domain.enums import PlanItemStatus
from yuyou_desktop.domain.plans import (
    check_completion,
    check_item_dates,
    completion_rate,
    is_overdue,
    needs_plan_reminder,
    period_text,
    plan_title,
    rate_text,
)

DONE, CANCELLED = PlanItemStatus.DONE.value, PlanItemStatus.CANCELLED.value
OPEN, STARTED = PlanItemStatus.NOT_STARTED.value, PlanItemStatus.IN_PROGRESS.value


@pytest.mark.parametrize(
    ("today", "has_plan", "expected"),
    [
        (date(2026, 1, 1), False, True),
        (date(2026, 2, 28), False, True),
        (date(2026, 3, 31), False, True),
        (date(2026, 4, 1), False, False),  # the first quarter is over
        (date(2026, 12, 31), False, False),
        (date(2026, 1, 1), True, False),
        (date(2026, 3, 31), True, False),
    ],
)
def test_reminder_only_in_the_first_quarter_without_a_plan(today, has_plan, expected):
    assert needs_plan_reminder(today, has_plan) is expected


def test_an_open_item_past_its_end_is_overdue_a_closed_one_never():
    end = date(2026, 6, 30)
    assert not is_overdue(OPEN, end, date(2026, 6, 30))  # due today: not yet
    assert is_overdue(OPEN, end, date(2026, 7, 1))
    assert is_overdue(STARTED, end, date(2026, 7, 1))
    assert not is_overdue(DONE, end, date(2026, 12, 1))
    assert not is_overdue(CANCELLED, end, date(2026, 12, 1))


def test_completion_rate_leaves_cancelled_items_out_and_rounds_half_up():
    assert completion_rate(0, 0, 0) is None
    assert completion_rate(0, 2, 2) is None  # everything cancelled: nothing to count
    assert completion_rate(1, 3, 0) == Decimal("33.3")
    assert completion_rate(2, 3, 0) == Decimal("66.7")
    assert completion_rate(1, 8, 0) == Decimal("12.5")
    assert completion_rate(1, 16, 0) == Decimal("6.3")  # 6.25 → 6.3 (half up)
    assert completion_rate(2, 3, 1) == Decimal("100.0")
    assert completion_rate(0, 4, 1) == Decimal("0.0")


def test_rates_are_printed_without_needless_decimals():
    assert rate_text(Decimal("100.0")) == "100%"
    assert rate_text(Decimal("0.0")) == "0%"
    assert rate_text(Decimal("33.3")) == "33.3%"
    assert rate_text(None) == "—"


def test_title_and_period_as_printed():
    assert plan_title("右卫镇司法所", 2026) == "右卫镇司法所2026年度行政执法监督工作方案"
    assert period_text(date(2026, 3, 1), date(2026, 6, 30)) == "3月1日—6月30日"
    assert period_text(date(2026, 5, 8), date(2026, 5, 8)) == "5月8日"


def test_item_dates_lie_within_the_year_and_end_after_the_start():
    assert check_item_dates(2026, date(2026, 1, 1), date(2026, 12, 31)) is None
    assert check_item_dates(2026, date(2026, 5, 8), date(2026, 5, 8)) is None
    which, reason = check_item_dates(2026, date(2025, 12, 1), date(2026, 1, 31))
    assert which == "start" and "2026年" in reason
    which, reason = check_item_dates(2026, date(2026, 12, 1), date(2027, 1, 31))
    assert which == "end" and "2026年" in reason
    which, reason = check_item_dates(2026, date(2026, 6, 1), date(2026, 5, 31))
    assert which == "end" and "不能早于开始日期" in reason


def test_completion_needs_a_date_not_in_the_future_nor_before_the_year():
    today = date(2026, 6, 15)
    assert "应填写完成日期" in check_completion(None, 2026, today)
    assert "不能晚于今天" in check_completion(date(2026, 6, 16), 2026, today)
    assert "不能早于方案年度" in check_completion(date(2025, 12, 31), 2026, today)
    assert check_completion(today, 2026, today) is None
    # finished ahead of its planned start is still finished
    assert check_completion(date(2026, 1, 2), 2026, today) is None
    # last year's plan may be completed this year
    assert check_completion(date(2026, 1, 10), 2025, today) is None


def test_status_labels_are_the_chinese_words():
    assert PlanItemStatus.labels() == ["未开始", "进行中", "已完成", "已取消"]
    assert PlanItemStatus.from_label("已完成") is PlanItemStatus.DONE
