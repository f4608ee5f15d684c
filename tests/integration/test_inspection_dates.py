"""The inspection date and who may be picked for it: a date in a year not yet begun is refused
before a number is used; the picker names, for the day, each person's certificate or why they
cannot supervise."""

from __future__ import annotations

from datetime import date

import pytest

from tests.integration.inspection_support import (
    DAY,
    inspection_service,
    load_demo_on,
    person_id,
    refused,
    state,
    team,
    values,
)


@pytest.fixture
def county(county):
    load_demo_on(county)
    return county


@pytest.fixture
def svc(county):
    return inspection_service(county)


def test_a_date_in_a_year_not_yet_begun_is_refused_and_uses_no_number(county, svc):
    before = state(county)
    error = refused(
        county, svc.save, None, values(date(2027, 6, 10)), team(county, "曾桂兰", "邓红梅")
    )
    assert error.field == "开始时间"
    assert "2027-06-10" in error.reason and "晚于今年（2026年）" in error.reason
    assert state(county) == before
    assert svc.next_number(2027) == "右司监检〔2027〕1号"
    saved = svc.save(None, values(date(2026, 6, 10)), team(county, "曾桂兰", "邓红梅")).record
    error = refused(
        county, svc.save, saved.id, values(date(2027, 1, 5)), team(county, "曾桂兰", "邓红梅")
    )
    assert "晚于今年" in error.reason


def test_the_picker_lists_who_may_supervise_on_the_day_and_why_not(county, svc):
    found = {c.name: c for c in svc.supervisor_candidates("", DAY)}
    assert found["曾桂兰"].certificate_number.startswith("晋监") and found["曾桂兰"].problem == ""
    # county bureau staff belong to no enforcement unit: their 工作单位 is shown instead
    assert found["曾桂兰"].unit_name == "右玉县司法局"
    assert found["沈子豪"].unit_name and found["沈子豪"].certificate_number == "晋14062300001"
    assert "2026-05-26" in found["韩秀梅"].problem and found["韩秀梅"].certificate_number == ""
    assert found["傅振华"].problem and "2026-06-30" in found["傅振华"].problem
    assert "宋凤英" not in found  # 特邀监督员 are picked separately
    invited = svc.supervisor_candidates("宋", DAY, invited=True)
    assert [c.name for c in invited] == ["宋凤英"] and invited[0].problem == ""
    record = svc.save(None, values(), team(county, "曾桂兰", "沈子豪")).record
    assert {s.name: s.unit_name for s in record.supervisors}["曾桂兰"] == "右玉县司法局"


def test_chosen_supervisors_are_reread_by_id_for_another_day(county, svc):
    ids = {name: person_id(county, name) for name in ("曾桂兰", "林建国", "宋凤英")}
    on_day = {c.name: c for c in svc.supervisors_on(list(ids.values()), DAY)}
    assert set(on_day) == {"曾桂兰", "林建国"}  # 特邀 are not certified supervisors
    assert on_day["林建国"].problem == "" and on_day["林建国"].certificate_number
    later = {c.name: c for c in svc.supervisors_on(list(ids.values()), date(2026, 8, 3))}
    assert "2026-07-30" in later["林建国"].problem and later["林建国"].certificate_number == ""
    assert later["曾桂兰"].problem == ""
    assert svc.supervisors_on([], DAY) == []
