"""The storage-free rules of 检查记录: numbers, Beijing dates, the quiet window, certificates on
a day, and the derived 逾期."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from yuyou_desktop.domain.enums import RectificationStatus
from yuyou_desktop.domain.inspections import (
    certificate_problem,
    day_start_utc,
    format_number,
    in_quiet_window,
    local_date,
    number_prefix,
    problem_status,
)


def test_numbers_use_hexagonal_brackets_and_no_leading_zeros():
    assert format_number("右卫司检", 2026, 12) == "右卫司检〔2026〕12号"
    assert format_number("右卫司检", 2026, 1) == "右卫司检〔2026〕1号"


def test_the_prefix_falls_back_to_the_office_prefix_and_jian():
    assert number_prefix("", "右卫司") == "右卫司检"
    assert number_prefix(" 右卫司检 ", "右司监") == "右卫司检"


def test_a_naive_time_is_beijing_time_and_an_aware_one_is_converted():
    assert local_date(datetime(2026, 6, 21, 7, 0)) == date(2026, 6, 21)
    assert local_date(datetime(2026, 6, 20, 23, 0, tzinfo=UTC)) == date(2026, 6, 21)
    assert day_start_utc(date(2026, 6, 21)) == datetime(2026, 6, 20, 16, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("day", "window", "inside"),
    [(1, "1-20", True), (20, "1-20", True), (21, "1-20", False), (21, "1-25", True)],
)
def test_quiet_window(day, window, inside):
    assert in_quiet_window(date(2026, 6, day), window) is inside


@pytest.mark.parametrize(
    ("dates", "day", "reason"),
    [
        ((date(2026, 1, 1), date(2026, 12, 31), None), date(2026, 12, 31), None),
        ((date(2026, 1, 1), date(2026, 12, 31), None), date(2027, 1, 1), "已于 2026-12-31 到期"),
        ((date(2026, 2, 1), date(2026, 12, 31), None), date(2026, 1, 31), "自 2026-02-01 起"),
        ((date(2026, 1, 1), date(2026, 12, 31), date(2026, 6, 1)), date(2026, 6, 1), "注销"),
        ((date(2026, 1, 1), date(2026, 12, 31), date(2026, 6, 1)), date(2026, 5, 31), None),
    ],
)
def test_certificate_valid_on_a_day(dates, day, reason):
    found = certificate_problem("晋001", *dates, day)
    assert found is None if reason is None else reason in found


def test_overdue_is_derived_from_the_deadline():
    today = date(2026, 6, 15)
    assert problem_status("pending", date(2026, 6, 14), today) is RectificationStatus.OVERDUE
    assert problem_status("in_progress", date(2026, 6, 14), today) is RectificationStatus.OVERDUE
    assert problem_status("pending", date(2026, 6, 15), today) is RectificationStatus.PENDING
    assert problem_status("done", date(2026, 6, 1), today) is RectificationStatus.DONE
    assert problem_status("pending", None, today) is RectificationStatus.PENDING
