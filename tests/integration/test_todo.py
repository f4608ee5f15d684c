"""TodoService (待办): what is overdue and what falls due soon, on fixed dates."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from yuyou_desktop.services.inspections.leads import LeadService
from yuyou_desktop.services.inspections.summary import InspectionSummaryService
from yuyou_desktop.services.inspections.todo import TodoService
from yuyou_desktop.storage.models_inspections import Inspection, InspectionProblem
from yuyou_desktop.storage.types import utcnow

TODAY = date(2026, 6, 15)
MARKET = "右玉县市场监督管理局"


@pytest.fixture
def office(county):
    county.registry.save(
        "units",
        None,
        {
            "name": MARKET,
            "credit_code": "11140623000000001F",
            "kind": "法定行政机关",
            "level": "县级",
            "status": "正常",
        },
    )
    return county


@pytest.fixture
def todo(office) -> TodoService:
    return TodoService(office.database, office.settings, today=lambda: TODAY)


@pytest.fixture
def leads(office) -> LeadService:
    return LeadService(office.database, today=lambda: TODAY)


def add_inspection(services, serial: int, problems: list[tuple[int | None, str]], deleted=False):
    """An inspection with problems given as (deadline offset from TODAY, stored status)."""
    unit_id = services.registry.unit_choices()[0][0]
    with services.database.writer() as s:
        row = Inspection(
            number=f"右司监检〔2026〕{serial}号",
            year=2026,
            serial=serial,
            kind="routine",
            focus_area="work_safety",
            unit_id=unit_id,
            started_at=datetime(2026, 5, 1, 1, tzinfo=UTC),
            ended_at=datetime(2026, 5, 1, 3, tzinfo=UTC),
            deleted_at=utcnow() if deleted else None,
        )
        s.add(row)
        s.flush()
        for n, (offset, status) in enumerate(problems):
            s.add(
                InspectionProblem(
                    inspection_id=row.id,
                    category="procedure",
                    description=f"问题{serial}-{n}：未按规定出示执法证件",
                    deadline=None if offset is None else TODAY + timedelta(days=offset),
                    status=status,
                    deleted_at=row.deleted_at,  # deleted with the inspection, as the service does
                )
            )
        return row.id


def add_lead(leads, deadline_offset, status="办理中", received="2026-05-01", **more):
    values = {
        "source": "信访",
        "received_on": received,
        "content": "群众来访反映：" + "执法人员态度粗暴，" * 10,
        "deadline": TODAY + timedelta(days=deadline_offset),
        "status": status,
        **more,
    }
    return leads.save(None, values)


def test_nothing_to_do_on_an_empty_office(todo):
    result = todo.todo()
    assert result.total == 0 and result.due_soon_days == 7
    assert result.overdue_problems == result.due_soon_problems == []


def test_problems_fall_into_overdue_and_due_soon_by_deadline_and_status(office, todo):
    add_inspection(
        office,
        1,
        [
            (-10, "pending"),  # overdue 10 days
            (-1, "in_progress"),  # overdue 1 day
            (-30, "done"),  # put right: not listed
            (0, "pending"),  # due today
            (7, "in_progress"),  # due in 7 days: still "soon"
            (8, "pending"),  # later: not listed
            (None, "pending"),  # no deadline: not listed
        ],
    )
    add_inspection(office, 2, [(-5, "pending"), (3, "pending")], deleted=True)
    result = todo.todo()
    assert [(p.days, p.status_label) for p in result.overdue_problems] == [
        (10, "待整改"),
        (1, "整改中"),
    ]
    assert [p.days for p in result.due_soon_problems] == [0, 7]
    first = result.overdue_problems[0]
    assert first.inspection_number == "右司监检〔2026〕1号"
    assert first.unit_name == MARKET and first.category_label == "程序"
    assert first.description.startswith("问题1-0") and first.deadline == date(2026, 6, 5)
    assert (result.overdue_problem_count, result.due_soon_problem_count) == (2, 2)


def test_the_due_soon_period_is_the_setting(office, todo):
    add_inspection(office, 1, [(8, "pending"), (12, "pending"), (13, "pending")])
    assert todo.todo().due_soon_problems == []
    office.settings.set("inspections.due_soon_days", "12")
    result = todo.todo()
    assert [p.days for p in result.due_soon_problems] == [8, 12]
    assert result.due_soon_days == 12


def test_leads_open_or_transferred_are_followed_closed_ones_are_not(todo, leads):
    add_lead(leads, -3)
    moved = add_lead(leads, -20, received="2026-04-01", source="网络媒体")
    leads.add_transfer(moved.id, "纪检监察机关", "", "2026-04-10")
    add_lead(leads, -40, status="已办结", outcome="已答复来访人")
    add_lead(leads, 2)
    add_lead(leads, 30)
    result = todo.todo()
    assert [(x.days, x.source_label, x.status_label) for x in result.overdue_leads] == [
        (20, "网络媒体", "已移送，待反馈"),
        (3, "信访", "办理中"),
    ]
    [soon] = result.due_soon_leads
    assert soon.days == 2 and soon.received_on == date(2026, 5, 1)
    assert soon.excerpt.startswith("群众来访反映：") and soon.excerpt.endswith("…")
    assert len(soon.excerpt) == 40


def test_a_transferred_lead_leaves_the_todo_when_every_transfer_is_answered(office, todo, leads):
    moved = add_lead(leads, -20, received="2026-04-01")
    leads.add_transfer(moved.id, "纪检监察机关", "", "2026-04-10")
    first, second = leads.add_transfer(moved.id, "公安机关", "", "2026-04-12").transfers
    leads.update_transfer(first.id, "已反馈")
    assert todo.todo().overdue_lead_count == 1  # the police have not answered yet
    leads.update_transfer(second.id, "已接收")
    assert todo.todo().overdue_lead_count == 1
    assert leads.get(moved.id).overdue
    assert summary(office).lead_totals.overdue == 1
    leads.update_transfer(second.id, "已反馈")
    result = todo.todo()
    assert result.overdue_lead_count == 0 and result.overdue_leads == []
    # the lead list and the monthly summary say the same as 待办
    assert not leads.get(moved.id).overdue
    assert summary(office).lead_totals.overdue == 0
    assert leads.get(moved.id).status == "transferred"  # nothing was changed by the 待办 view


def summary(services):
    service = InspectionSummaryService(services.database, services.office, lambda: TODAY)
    return service.summary(2026, 4)


def test_a_deleted_lead_leaves_the_todo(todo, leads):
    lead = add_lead(leads, -3)
    assert todo.todo().overdue_lead_count == 1
    leads.delete(lead.id)
    assert todo.todo().overdue_lead_count == 0


def test_long_buckets_are_cut_but_counted_whole(office, todo):
    add_inspection(office, 1, [(-n, "pending") for n in range(1, 8)])
    result = todo.todo(limit=3)
    assert [p.days for p in result.overdue_problems] == [7, 6, 5]
    assert result.overdue_problem_count == 7
