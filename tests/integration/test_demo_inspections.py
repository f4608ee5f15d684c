"""The demonstration inspections and leads: they load on any day, through the same rules as a
clerk's input, and show every state a clerk meets."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from sqlalchemy import select

from tests.conftest import DEMO_ADDED
from yuyou_desktop.domain.inspections import in_quiet_window, local_date
from yuyou_desktop.services.demo import DemoService
from yuyou_desktop.services.inspections.service import InspectionService
from yuyou_desktop.services.inspections.todo import TodoService
from yuyou_desktop.storage.models_inspections import Inspection, InspectionProblem, Lead

DAY = date(2026, 6, 15)


def load_on(services, day: date):
    return DemoService(services.database, services.resources, today=lambda: day).load()


@pytest.mark.parametrize(
    "day", [date(2026, 1, 1), date(2026, 3, 1), date(2026, 6, 15), date(2028, 2, 29)]
)
def test_the_demo_loads_on_any_day_and_only_once(county, day):
    assert load_on(county, day).added == DEMO_ADDED
    assert load_on(county, day).total_added == 0


def test_quiet_period_reasons_appear_exactly_where_the_window_needs_them(county):
    load_on(county, DAY)
    with county.database.reader() as s:
        rows = s.execute(
            select(Inspection.started_at, Inspection.quiet_exception).where(
                Inspection.enterprise_id.is_not(None)
            )
        ).all()
    inside = [reason for started, reason in rows if in_quiet_window(local_date(started), "1-20")]
    outside = [
        reason for started, reason in rows if not in_quiet_window(local_date(started), "1-20")
    ]
    assert inside and all(inside) and outside and not any(outside)


def test_problems_in_every_status_and_the_todo_has_each_bucket(county):
    load_on(county, DAY)
    with county.database.reader() as s:
        statuses = Counter(s.scalars(select(InspectionProblem.status)))
    assert set(statuses) == {"pending", "in_progress", "done"}
    todo = TodoService(county.database, county.settings, today=lambda: DAY).todo()
    assert todo.overdue_problem_count >= 3 and todo.due_soon_problem_count >= 2
    assert todo.overdue_lead_count >= 3 and todo.due_soon_lead_count >= 2


def test_some_enterprises_are_near_or_over_the_yearly_cap(county):
    load_on(county, DAY)
    service = InspectionService(
        county.database, county.settings, county.office, county.paths.attachments, lambda: DAY
    )
    top = service.top_enterprises(DAY.year)
    assert top[0].count == 6 and top[0].over_cap
    assert [e.count for e in top[1:3]] == [5, 4] and not top[1].over_cap


def test_numbers_follow_the_dates_one_sequence_per_year(county):
    load_on(county, DAY)
    with county.database.reader() as s:
        rows = s.execute(select(Inspection.year, Inspection.serial, Inspection.started_at)).all()
    assert {r.year for r in rows} == {DAY.year - 1, DAY.year}  # the past year spans two
    for year in (DAY.year - 1, DAY.year):
        serials = [r.serial for r in sorted(rows, key=lambda r: r.started_at) if r.year == year]
        assert serials == list(range(1, len(serials) + 1))


def test_one_lead_was_verified_by_an_inspection_linked_both_ways(county):
    load_on(county, DAY)
    with county.database.reader() as s:
        linked = s.execute(
            select(Lead, Inspection)
            .join(Inspection, Inspection.id == Lead.inspection_id)
            .where(Inspection.lead_id == Lead.id)
        ).all()
        assert len(linked) == 1
        [(lead, inspection)] = linked
        assert lead.unit_id == inspection.unit_id and inspection.kind == "complaint"
        assert lead.received_on < local_date(inspection.started_at)
        others = s.scalars(select(Inspection.lead_id).where(Inspection.id != inspection.id))
        assert not any(others)
    shown = county.leads.get(lead.id)
    assert shown.inspection_number == inspection.number
