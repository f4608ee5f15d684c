"""The rules of an inspection record: who may supervise, certificates valid on the day, the
enterprise quiet period, the yearly cap, rectification.  Every refusal names the person or
field, and nothing at all is written."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from tests.integration.inspection_support import (
    DAY,
    ENTERPRISE,
    ENTERPRISE_CODE,
    inspection_service,
    load_demo_on,
    refused,
    state,
    team,
    values,
)
from yuyou_desktop.domain.enums import RectificationStatus
from yuyou_desktop.errors import InputRejected


@pytest.fixture
def county(county):
    load_demo_on(county)
    return county


@pytest.fixture
def svc(county):
    return inspection_service(county)


# ---------------------------------------------------------------- supervisors


def test_two_certified_supervisors_are_recorded_with_their_certificate_numbers(county, svc):
    result = svc.save(None, values(), team(county, "曾桂兰", "沈子豪"))
    people = {s.name: s for s in result.record.supervisors}
    assert people["曾桂兰"].certificate_number.startswith("晋监")
    assert people["沈子豪"].certificate_number == "晋14062300001"
    assert not any(s.invited for s in people.values())
    assert result.warnings == ()


def test_a_single_supervisor_is_refused(county, svc):
    error = refused(county, svc.save, None, values(), team(county, "曾桂兰"))
    assert error.field == "监督人员"
    assert "至少需要2名" in error.reason and "只有1名" in error.reason


def test_an_invited_supervisor_does_not_count_toward_the_two(county, svc):
    error = refused(county, svc.save, None, values(), team(county, "曾桂兰", invited=("萧红梅",)))
    assert "特邀监督员不计入" in error.reason and "只有1名" in error.reason


def test_an_invited_supervisor_may_join_two_certified_ones(county, svc):
    record = svc.save(None, values(), team(county, "曾桂兰", "邓红梅", invited=("萧红梅",))).record
    invited = [s for s in record.supervisors if s.invited]
    assert [s.name for s in invited] == ["萧红梅"] and invited[0].certificate_number == ""
    assert len(record.supervisors) == 3


def test_an_invited_member_listed_as_a_certified_supervisor_is_refused_by_name(county, svc):
    error = refused(county, svc.save, None, values(), team(county, "曾桂兰", "萧红梅"))
    assert "萧红梅" in error.reason and "特邀行政执法监督员" in error.reason


def test_someone_else_marked_invited_is_refused_by_name(county, svc):
    error = refused(
        county, svc.save, None, values(), team(county, "曾桂兰", "邓红梅", invited=("李志强",))
    )
    assert "李志强" in error.reason and "不是特邀行政执法监督员" in error.reason


def test_a_liaison_cannot_supervise(county, svc):
    error = refused(county, svc.save, None, values(), team(county, "曾桂兰", "胡秀英"))
    assert "胡秀英是联络员" in error.reason


def test_the_same_person_twice_is_refused(county, svc):
    error = refused(county, svc.save, None, values(), team(county, "曾桂兰", "曾桂兰"))
    assert "曾桂兰被重复列入" in error.reason


# ---------------------------------------------------------------- certificates on the day


def test_a_certificate_expired_before_the_inspection_is_refused(county, svc):
    # 韩秀梅's certificate ended 2026-05-26
    error = refused(
        county, svc.save, None, values(date(2026, 6, 10)), team(county, "曾桂兰", "韩秀梅")
    )
    assert error.field == "监督人员"
    assert "韩秀梅" in error.reason and "2026-06-10" in error.reason
    assert "已于 2026-05-26 到期" in error.reason


def test_a_certificate_valid_on_the_day_is_accepted_though_it_expired_since(county, svc):
    record = svc.save(None, values(date(2026, 5, 26)), team(county, "曾桂兰", "韩秀梅")).record
    assert "晋14062300005" in {s.certificate_number for s in record.supervisors}


def test_a_revoked_certificate_is_refused(county, svc):
    # 邓建军's certificate was revoked on 2026-06-05
    error = refused(
        county, svc.save, None, values(date(2026, 6, 10)), team(county, "曾桂兰", "邓建军")
    )
    assert "邓建军" in error.reason and "已于 2026-06-05 注销" in error.reason


def test_a_certificate_revoked_after_the_inspection_was_valid_that_day(county, svc):
    record = svc.save(None, values(date(2026, 6, 1)), team(county, "曾桂兰", "邓建军")).record
    assert len(record.supervisors) == 2


def test_a_certificate_not_yet_valid_is_refused(county, svc):
    # 傅振华's certificate starts on 2026-06-30
    error = refused(
        county, svc.save, None, values(date(2026, 6, 10)), team(county, "曾桂兰", "傅振华")
    )
    assert "傅振华" in error.reason and "自 2026-06-30 起才生效" in error.reason
    record = svc.save(None, values(date(2026, 6, 30)), team(county, "曾桂兰", "傅振华")).record
    assert len(record.supervisors) == 2


def test_a_certificate_valid_that_day_is_accepted_even_if_it_expires_soon(county, svc):
    record = svc.save(None, values(date(2026, 7, 30)), team(county, "曾桂兰", "林建国")).record
    assert len(record.supervisors) == 2
    error = refused(
        county, svc.save, None, values(date(2026, 7, 31)), team(county, "曾桂兰", "林建国")
    )
    assert "林建国" in error.reason and "到期" in error.reason


def test_a_person_without_any_certificate_is_refused(county, svc):
    reg = county.registry
    unit = reg.unit_choices()[0][1]
    reg.save(
        "people",
        None,
        {"name": "王无证", "id_number": "11010519491231002X", "role": "执法人员", "unit": unit},
    )
    error = refused(county, svc.save, None, values(), team(county, "曾桂兰", "王无证"))
    assert "王无证没有登记行政执法证或行政执法监督证" in error.reason


# ---------------------------------------------------------------- the quiet period


def enterprise_visit(day: date, hour: int = 9, **changes):
    return values(day, hour, kind="涉企行政执法监督", enterprise=ENTERPRISE, **changes)


def test_an_onsite_enterprise_inspection_on_day_20_needs_an_exception(county, svc):
    error = refused(
        county,
        svc.save,
        None,
        enterprise_visit(date(2026, 6, 20)),
        team(county, "曾桂兰", "邓红梅"),
    )
    assert error.field == "安静期例外事由"
    assert "2026-06-20" in error.reason and "每月1日至20日" in error.reason
    assert ENTERPRISE in error.reason


def test_day_21_is_outside_the_default_window(county, svc):
    record = svc.save(
        None, enterprise_visit(date(2026, 6, 21)), team(county, "曾桂兰", "邓红梅")
    ).record
    assert record.enterprise_name == ENTERPRISE and record.quiet_exception == ""


def test_the_day_is_the_beijing_date(county, svc):
    # 07:00 on the 21st in Beijing is still the 20th in UTC: outside the window
    start = datetime(2026, 6, 21, 7, 0, tzinfo=timezone(timedelta(hours=8)))
    record = svc.save(
        None,
        enterprise_visit(date(2026, 6, 21), started_at=start, ended_at=start + timedelta(hours=1)),
        team(county, "曾桂兰", "邓红梅"),
    ).record
    assert record.started_at.day == 21 and record.started_at.hour == 7


def test_an_exception_from_the_list_allows_the_inspection(county, svc):
    record = svc.save(
        None,
        enterprise_visit(date(2026, 6, 5), quiet_exception="投诉举报及案件查办"),
        team(county, "曾桂兰", "邓红梅"),
    ).record
    assert record.quiet_exception == "投诉举报及案件查办"


def test_an_exception_outside_the_list_is_refused(county, svc):
    error = refused(
        county,
        svc.save,
        None,
        enterprise_visit(date(2026, 6, 5), quiet_exception="领导要求"),
        team(county, "曾桂兰", "邓红梅"),
    )
    assert error.field == "安静期例外事由" and "领导要求" in error.reason


def test_an_inspection_that_is_not_on_site_needs_no_exception(county, svc):
    record = svc.save(
        None, enterprise_visit(date(2026, 6, 5), on_site=False), team(county, "曾桂兰", "邓红梅")
    ).record
    assert record.on_site is False


def test_the_window_is_a_setting(county, svc):
    county.settings.set("inspections.quiet_window", "1-25")
    error = refused(
        county,
        svc.save,
        None,
        enterprise_visit(date(2026, 6, 21)),
        team(county, "曾桂兰", "邓红梅"),
    )
    assert "每月1日至25日" in error.reason
    svc.save(None, enterprise_visit(date(2026, 6, 26)), team(county, "曾桂兰", "邓红梅"))


def test_an_enterprise_is_found_by_its_credit_code(county, svc):
    record = svc.save(
        None,
        values(date(2026, 6, 25), enterprise=ENTERPRISE_CODE.lower()),
        team(county, "曾桂兰", "邓红梅"),
    ).record
    assert record.enterprise_credit_code == ENTERPRISE_CODE


def test_enterprise_supervision_needs_an_enterprise(county, svc):
    error = refused(
        county, svc.save, None, values(kind="涉企行政执法监督"), team(county, "曾桂兰", "邓红梅")
    )
    assert error.field == "检查企业"


# ---------------------------------------------------------------- the yearly cap


def test_passing_the_yearly_cap_warns_but_saves(county, svc):
    county.settings.set("inspections.yearly_cap", 2)
    supervisors = team(county, "曾桂兰", "邓红梅")
    days = (date(2026, 6, 22), date(2026, 6, 23), date(2026, 6, 24))
    results = [svc.save(None, enterprise_visit(d), supervisors) for d in days]
    assert results[0].warnings == () and results[1].warnings == ()
    (warning,) = results[2].warnings
    assert ENTERPRISE in warning and "3次" in warning and "上限（2次）" in warning
    assert svc.list().total == 3
    # an inspection of another year does not count
    assert svc.save(None, enterprise_visit(date(2025, 12, 22)), supervisors).warnings == ()


# ---------------------------------------------------------------- other fields


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kind": "闲聊"}, "检查类型"),
        ({"focus_area": ""}, "重点领域"),
        ({"unit": "不存在的局"}, "被监督单位"),
        ({"enterprise": "不存在的公司"}, "检查企业"),
        ({"ended_at": datetime(2026, 6, 10, 8, 0)}, "结束时间"),
        ({"started_at": None}, "开始时间"),
        ({"rectification_required": True}, "整改期限"),
        ({"rectification_required": True, "rectification_deadline": date(2026, 6, 9)}, "整改期限"),
        ({"place": "地" * 201}, "检查地点"),
        ({"lead_id": "no-such-lead"}, "来源线索"),
    ],
)
def test_bad_fields_are_refused_by_name(county, svc, changes, field):
    error = refused(county, svc.save, None, values(**changes), team(county, "曾桂兰", "邓红梅"))
    assert error.field == field


def test_rectification_deadline_is_kept_only_when_required(county, svc):
    supervisors = team(county, "曾桂兰", "邓红梅")
    kept = svc.save(
        None,
        values(rectification_required=True, rectification_deadline=date(2026, 7, 10)),
        supervisors,
    ).record
    assert kept.rectification_deadline == date(2026, 7, 10)
    dropped = svc.save(None, values(rectification_deadline=date(2026, 7, 10)), supervisors).record
    assert dropped.rectification_required is False and dropped.rectification_deadline is None


# ---------------------------------------------------------------- problems


def test_problem_status_is_derived_overdue_only_when_not_done_and_past_deadline(county, svc):
    problems = [
        {"category": "程序", "description": "未告知陈述申辩权", "deadline": date(2026, 6, 14)},
        {"category": "文书", "description": "文书不规范", "deadline": date(2026, 6, 15)},
        {
            "category": "证据",
            "description": "证据不足",
            "deadline": date(2026, 6, 14),
            "status": "整改中",
        },
        {
            "category": "裁量",
            "description": "裁量过重",
            "deadline": date(2026, 6, 12),
            "status": "已整改",
            "closed_on": date(2026, 6, 12),
        },
        {"category": "主体", "description": "无期限"},
    ]
    record = svc.save(None, values(), team(county, "曾桂兰", "邓红梅"), problems).record
    statuses = [p.status.label for p in record.problems]
    assert statuses == ["逾期", "待整改", "逾期", "已整改", "待整改"]
    assert record.problems[2].stored_status is RectificationStatus.IN_PROGRESS
    later = inspection_service(county, today=lambda: DAY + timedelta(days=1)).get(record.id)
    assert later.problems[1].status is RectificationStatus.OVERDUE


@pytest.mark.parametrize(
    ("problem", "field"),
    [
        ({"category": "程序", "description": ""}, "第1个问题的描述"),
        ({"category": "无此类", "description": "x"}, "第1个问题的类别"),
        ({"category": "程序", "description": "x", "status": "逾期"}, "第1个问题的整改状态"),
        ({"category": "程序", "description": "x", "status": "已整改"}, "第1个问题的整改完成日期"),
        (
            {"category": "程序", "description": "x", "deadline": date(2026, 6, 1)},
            "第1个问题的整改期限",
        ),
    ],
)
def test_bad_problems_are_refused_by_name(county, svc, problem, field):
    error = refused(county, svc.save, None, values(), team(county, "曾桂兰", "邓红梅"), [problem])
    assert error.field == field


def test_editing_replaces_supervisors_and_problems(county, svc):
    first = svc.save(
        None,
        values(),
        team(county, "曾桂兰", "邓红梅", invited=("萧红梅",)),
        [{"category": "程序", "description": "甲"}, {"category": "文书", "description": "乙"}],
    ).record
    kept = first.problems[1]
    second = svc.save(
        first.id,
        values(findings="复核后补充"),
        team(county, "曾桂兰", "李志强"),
        [
            {"id": kept.id, "category": "文书", "description": "乙（改）"},
            {"category": "证据", "description": "丙"},
        ],
        expected_version=first.version,
    ).record
    assert second.number == first.number and second.findings == "复核后补充"
    assert sorted(s.name for s in second.supervisors) == sorted(["曾桂兰", "李志强"])
    assert [p.description for p in second.problems] == ["乙（改）", "丙"]
    assert second.problems[0].id == kept.id


def test_a_stale_edit_is_refused(county, svc):
    first = svc.save(None, values(), team(county, "曾桂兰", "邓红梅")).record
    svc.save(first.id, values(place="改过"), team(county, "曾桂兰", "邓红梅"))
    before = state(county)
    with pytest.raises(InputRejected, match="已被修改"):
        svc.save(
            first.id,
            values(place="又改"),
            team(county, "曾桂兰", "邓红梅"),
            expected_version=first.version,
        )
    assert state(county) == before


def test_moving_an_inspection_to_another_year_is_refused(county, svc):
    first = svc.save(None, values(), team(county, "曾桂兰", "邓红梅")).record
    error = refused(
        county, svc.save, first.id, values(date(2025, 12, 30)), team(county, "曾桂兰", "邓红梅")
    )
    assert error.field == "开始时间" and first.number in error.reason


# ---------------------------------------------------------------- follow-up of a problem


@pytest.fixture
def problem(county, svc):
    record = svc.save(
        None,
        values(date(2026, 6, 10)),
        team(county, "曾桂兰", "邓红梅"),
        [{"category": "程序", "description": "未告知", "deadline": date(2026, 6, 30)}],
    ).record
    return record.problems[0]


def test_a_problem_put_right_keeps_its_date_and_reports(county, svc, problem):
    done = svc.update_problem(
        problem.id, "已整改", "已补正告知书", "复查属实", date(2026, 6, 14), problem.version
    )
    assert done.status is RectificationStatus.DONE and done.closed_on == date(2026, 6, 14)
    assert done.unit_report == "已补正告知书" and done.follow_up == "复查属实"
    assert svc.get(problem.inspection_id).problems[0].status is RectificationStatus.DONE


def test_put_right_needs_a_date(county, svc, problem):
    error = refused(county, svc.update_problem, problem.id, "已整改")
    assert error.field == "整改完成日期" and "必须填写" in error.reason


def test_put_right_date_not_in_the_future(county, svc, problem):
    error = refused(
        county, svc.update_problem, problem.id, "已整改", closed_on=DAY + timedelta(days=1)
    )
    assert error.field == "整改完成日期" and "不能晚于今天" in error.reason


def test_put_right_date_not_before_the_inspection(county, svc, problem):
    error = refused(county, svc.update_problem, problem.id, "done", closed_on=date(2026, 6, 9))
    assert "不能早于检查日期（2026-06-10）" in error.reason


def test_reopening_a_problem_clears_its_closing_date(county, svc, problem):
    svc.update_problem(problem.id, "已整改", closed_on=date(2026, 6, 14))
    reopened = svc.update_problem(problem.id, "整改中", closed_on=date(2026, 6, 14))
    assert reopened.status is RectificationStatus.IN_PROGRESS and reopened.closed_on is None


def test_overdue_cannot_be_chosen(county, svc, problem):
    error = refused(county, svc.update_problem, problem.id, "逾期")
    assert "自动判断" in error.reason
