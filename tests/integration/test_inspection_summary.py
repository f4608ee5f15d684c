"""The monthly summary (检查记录月度汇总) on the demonstration data: every figure recomputed
independently from what the list and the records show a clerk, deleted records leaving the
count, the Beijing-day month boundary, and refusals that leave nothing behind."""

from __future__ import annotations

import errno
from collections import Counter, defaultdict
from datetime import date, datetime
from typing import Any

import openpyxl
import pytest

from tests.conftest import DEMO_ADDED
from tests.integration.inspection_support import inspection_service, load_demo_on, team, values
from yuyou_desktop.domain.enums import (
    FocusArea,
    InspectionKind,
    LeadSource,
    RectificationStatus,
    TransferTarget,
)
from yuyou_desktop.errors import FieldError, InputRejected
from yuyou_desktop.services.demo import DemoService
from yuyou_desktop.services.inspections.leads import LeadService
from yuyou_desktop.services.inspections.leads_query import LeadQuery
from yuyou_desktop.services.inspections.records import InspectionQuery
from yuyou_desktop.services.inspections.summary import (
    InspectionSummaryService,
    MonthlySummary,
    parse_month,
)
from yuyou_desktop.storage.models_inspections import InspectionProblem
from yuyou_desktop.storage.types import utcnow

DAY = date(2026, 6, 15)
# the demonstration inspections and leads span the year before DAY
MONTHS = [(2025, m) for m in range(6, 13)] + [(2026, m) for m in range(1, 7)]


@pytest.fixture
def demo(county):
    DemoService(county.database, county.resources, today=lambda: DAY).load()
    return county


def summaries(services: Any) -> InspectionSummaryService:
    return InspectionSummaryService(services.database, services.office, today=lambda: DAY)


# ------------------------------------------------------------ the figures, recomputed


def _figures(summary: MonthlySummary) -> dict[str, Any]:
    def insp(rows):
        return [(r.label, r.inspections, r.problems, r.rectified, r.open, r.overdue) for r in rows]

    return {
        "kind": insp(summary.by_kind),
        "area": insp(summary.by_area),
        "unit": insp(summary.by_unit),
        "totals": insp([summary.totals])[0][1:],
        "leads": [
            (r.label, r.received, r.closed, r.open, r.transferred, r.overdue)
            for r in summary.leads_by_source
        ],
        "lead_totals": (
            summary.lead_totals.received,
            summary.lead_totals.closed,
            summary.lead_totals.open,
            summary.lead_totals.transferred,
            summary.lead_totals.overdue,
        ),
        "transfers": [
            (r.label, r.transfers, r.sent, r.received, r.fed_back)
            for r in summary.transfers_by_target
        ],
        "transfer_totals": (
            summary.transfer_totals.transfers,
            summary.transfer_totals.sent,
            summary.transfer_totals.received,
            summary.transfer_totals.fed_back,
        ),
        "leads_transferred": summary.leads_transferred,
    }


def _recomputed(services: Any, year: int, month: int) -> dict[str, Any]:
    """The same figures from what a clerk sees: the list, each record's problems with their
    shown status, and the lead list with its transfers — plain Python, no SQL."""
    inspections = inspection_service(services)
    rows, offset = [], 0
    while True:
        page = inspections.list(InspectionQuery(offset=offset, limit=1000))
        rows += page.rows
        offset += len(page.rows)
        if not page.rows:
            break
    kind: dict[str, list[int]] = defaultdict(lambda: [0] * 5)
    area: dict[str, list[int]] = defaultdict(lambda: [0] * 5)
    unit: dict[str, list[int]] = defaultdict(lambda: [0] * 5)
    for row in rows:
        if (row.started_at.year, row.started_at.month) != (year, month):  # Beijing time
            continue
        shown = Counter(p.status for p in inspections.get(row.id).problems)
        done = shown[RectificationStatus.DONE]
        total = sum(shown.values())
        figures = (1, total, done, total - done, shown[RectificationStatus.OVERDUE])
        for table, key in ((kind, row.kind.label), (area, row.focus_area.label)):
            table[key] = [a + b for a, b in zip(table[key], figures, strict=True)]
        unit[row.unit_name] = [a + b for a, b in zip(unit[row.unit_name], figures, strict=True)]
    by_unit = sorted(((name, *f) for name, f in unit.items()), key=lambda r: (-r[1], r[0]))

    leads = LeadService(services.database, today=lambda: DAY).list(LeadQuery(limit=1000)).rows
    source: dict[str, list[int]] = defaultdict(lambda: [0] * 5)
    target: dict[str, list[int]] = defaultdict(lambda: [0] * 4)
    moved_leads = set()
    for lead in leads:
        if (lead.received_on.year, lead.received_on.month) == (year, month):
            f = source[lead.source_label]
            f[0] += 1
            f[1] += lead.status_label == "已办结"
            f[2] += lead.status_label != "已办结"
            f[3] += lead.status_label == "已移送"
            f[4] += lead.overdue
        for t in lead.transfers:
            if (t.transferred_on.year, t.transferred_on.month) == (year, month):
                f = target[t.target_label]
                f[0] += 1
                f[1 + ("已移送", "已接收", "已反馈").index(t.status_label)] += 1
                moved_leads.add(lead.id)
    kinds = [(k.label, *kind[k.label]) for k in InspectionKind]
    leads_rows = [(s.label, *source[s.label]) for s in LeadSource]
    transfer_rows = [(t.label, *target[t.label]) for t in TransferTarget]
    return {
        "kind": kinds,
        "area": [(a.label, *area[a.label]) for a in FocusArea],
        "unit": by_unit,
        "totals": tuple(sum(r[i] for r in kinds) for i in range(1, 6)),
        "leads": leads_rows,
        "lead_totals": tuple(sum(r[i] for r in leads_rows) for i in range(1, 6)),
        "transfers": transfer_rows,
        "transfer_totals": tuple(sum(r[i] for r in transfer_rows) for i in range(1, 5)),
        "leads_transferred": len(moved_leads),
    }


def test_every_figure_of_every_month_matches_what_the_records_show(demo):
    service = summaries(demo)
    seen: Counter[str] = Counter()
    for year, month in MONTHS:
        found = service.summary(year, month)
        assert (found.year, found.month, found.today) == (year, month, DAY)
        assert found.office_name == "右玉县司法局"
        figures = _figures(found)
        assert figures == _recomputed(demo, year, month), f"{year}-{month:02d}"
        t = found.totals
        assert t.rectified + t.open == t.problems and t.overdue <= t.open
        seen.update(
            inspections=t.inspections,
            rectified=t.rectified,
            overdue=t.overdue,
            open_not_overdue=t.open - t.overdue,
            units_in_a_month=len(found.by_unit) > 1,
            leads=found.lead_totals.received,
            closed=found.lead_totals.closed,
            lead_overdue=found.lead_totals.overdue,
            transfers=found.transfer_totals.transfers,
        )
    # the comparison above met every case, not just zeros
    assert set(seen) == {k for k, n in seen.items() if n > 0}
    assert seen["inspections"] == DEMO_ADDED["检查记录"] and seen["leads"] == DEMO_ADDED["线索"]
    assert seen["transfers"] == DEMO_ADDED["线索移送"]


def test_a_transfer_counts_in_the_month_it_was_made_not_when_the_lead_came_in(demo):
    service = summaries(demo)
    leads = LeadService(demo.database, today=lambda: DAY)
    lead = next(
        r
        for r in leads.list(LeadQuery(status="办理中", limit=1000)).rows
        if r.received_on < date(2026, 5, 1) and not r.transfers
    )
    came_in = (lead.received_on.year, lead.received_on.month)
    before_in, before_june = service.summary(*came_in), service.summary(2026, 6)
    leads.add_transfer(lead.id, "公安机关", "", date(2026, 6, 3))
    after_in, after_june = service.summary(*came_in), service.summary(2026, 6)
    police = {r.key: r for r in after_june.transfers_by_target}["police"]
    was = {r.key: r for r in before_june.transfers_by_target}["police"]
    assert (police.transfers, police.sent) == (was.transfers + 1, was.sent + 1)
    assert after_june.leads_transferred == before_june.leads_transferred + 1
    assert after_in.transfer_totals == before_in.transfer_totals
    # the lead itself still belongs to the month it came in, now 已移送 (still open)
    assert after_in.lead_totals.transferred == before_in.lead_totals.transferred + 1
    assert after_in.lead_totals.open == before_in.lead_totals.open


def test_a_month_without_records_lists_every_kind_and_area_at_zero(demo):
    found = summaries(demo).summary(2020, 1)
    assert [r.label for r in found.by_kind] == InspectionKind.labels()
    assert [r.label for r in found.by_area] == FocusArea.labels()
    assert all(r.inspections == r.problems == 0 for r in found.by_kind + found.by_area)
    assert found.by_unit == () and found.totals.inspections == 0
    assert found.lead_totals.received == found.transfer_totals.transfers == 0
    assert (found.first_day, found.last_day) == (date(2020, 1, 1), date(2020, 1, 31))


def test_the_month_is_the_beijing_date_and_overdue_means_before_today(county):
    load_demo_on(county, DAY)
    svc = inspection_service(county)
    people = team(county, "曾桂兰", "邓红梅")
    late_may = values(
        started_at=datetime(2026, 5, 31, 23, 30), ended_at=datetime(2026, 5, 31, 23, 55)
    )
    problems = [
        {"category": "程序", "description": "期限已过", "deadline": date(2026, 6, 14)},
        {"category": "文书", "description": "今天到期", "deadline": date(2026, 6, 15)},
        {"category": "证据", "description": "已改正", "deadline": date(2026, 6, 1),
         "status": "已整改", "closed_on": date(2026, 6, 2)},
    ]  # fmt: skip
    svc.save(None, late_may, people, problems)
    early_june = values(started_at=datetime(2026, 6, 1, 0, 30), ended_at=datetime(2026, 6, 1, 1))
    svc.save(None, early_june, people)
    may, june = summaries(county).summary(2026, 5), summaries(county).summary(2026, 6)
    # 2026-05-31 23:30 Beijing is 15:30 UTC; 2026-06-01 00:30 Beijing is still May 31 in UTC
    assert (may.totals.inspections, june.totals.inspections) == (1, 1)
    t = may.totals
    assert (t.problems, t.rectified, t.open, t.overdue) == (3, 1, 2, 1)
    [unit] = may.by_unit
    assert (unit.label, unit.inspections, unit.overdue) == ("右玉县市场监督管理局", 1, 1)


def test_a_deleted_inspection_problem_or_lead_stops_counting(demo):
    service, inspections = summaries(demo), inspection_service(demo)
    year, month = 2026, 5
    before = service.summary(year, month)
    rows = inspections.list(
        InspectionQuery(date_from=date(year, month, 1), date_to=date(year, month, 31))
    ).rows
    victim = max(rows, key=lambda r: r.problems)
    assert victim.problems >= 2
    inspections.delete(victim.id)
    after = service.summary(year, month)
    assert after.totals.inspections == before.totals.inspections - 1
    assert after.totals.problems == before.totals.problems - victim.problems
    kind = {r.key: r for r in after.by_kind}[victim.kind.value]
    assert kind.inspections == {r.key: r for r in before.by_kind}[victim.kind.value].inspections - 1

    other = next(r for r in rows if r.id != victim.id and r.problems)
    problem = inspections.get(other.id).problems[0]
    with demo.database.writer() as session:
        session.get(InspectionProblem, problem.id).deleted_at = utcnow()
    assert service.summary(year, month).totals.problems == after.totals.problems - 1

    leads = LeadService(demo.database, today=lambda: DAY)
    lead = next(r for r in leads.list(LeadQuery(limit=1000)).rows if r.transfers)
    assert lead.inspection_id is None
    moved = lead.transfers[0].transferred_on
    received_before = service.summary(lead.received_on.year, lead.received_on.month)
    moved_before = service.summary(moved.year, moved.month)
    leads.delete(lead.id)
    received_after = service.summary(lead.received_on.year, lead.received_on.month)
    moved_after = service.summary(moved.year, moved.month)
    assert received_after.lead_totals.received == received_before.lead_totals.received - 1
    gone = sum((t.transferred_on.year, t.transferred_on.month) == (moved.year, moved.month)
               for t in lead.transfers)  # fmt: skip
    assert moved_after.transfer_totals.transfers == moved_before.transfer_totals.transfers - gone
    assert moved_after.leads_transferred == moved_before.leads_transferred - 1


# ------------------------------------------------------------ input


@pytest.mark.parametrize(
    ("year", "month", "field"), [(2026, 13, "月份"), (2026, 0, "月份"), (1999, 5, "年份")]
)
def test_a_month_outside_the_calendar_is_refused(county, year, month, field):
    with pytest.raises(FieldError) as caught:
        summaries(county).summary(year, month)
    assert caught.value.field == field and "实际为" in caught.value.message


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2026-05", (2026, 5)), ("2026-5", (2026, 5)), ("2026/05", (2026, 5)),
     ("2026年5月", (2026, 5)), (" 2025-12 ", (2025, 12))],
)  # fmt: skip
def test_a_month_is_read_in_the_usual_spellings(text, expected):
    assert parse_month(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [("2026-13", "月份应在1到12之间"), ("五月", "应写成 YYYY-MM"), ("2026-05-01", "应写成"),
     ("", "应写成"), ("1999-12", "年份应在2000年到2100年之间")],
)  # fmt: skip
def test_a_bad_month_is_refused_in_chinese(text, reason):
    with pytest.raises(FieldError) as caught:
        parse_month(text)
    assert caught.value.field == "月份" and reason in caught.value.message


def test_a_failed_write_leaves_the_old_file_and_no_partial_file(county, tmp_path, monkeypatch):
    folder = tmp_path / "out"
    folder.mkdir()
    dest = folder / "汇总.xlsx"
    dest.write_bytes(b"old")

    def disk_full(self, filename):
        with open(filename, "wb") as f:
            f.write(b"half a workbook")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(openpyxl.Workbook, "save", disk_full)
    with pytest.raises(InputRejected) as caught:
        summaries(county).export(dest, 2026, 5)
    assert "无法写入文件" in caught.value.message and "磁盘空间不足" in caught.value.message
    assert [p.name for p in folder.iterdir()] == ["汇总.xlsx"]
    assert dest.read_bytes() == b"old"


@pytest.mark.parametrize(
    ("name", "message"),
    [("汇总.xls", "不是 .xlsx 文件名"), ("无此文件夹/汇总.xlsx", "所在文件夹不存在")],
)
def test_a_bad_destination_is_refused_and_nothing_written(county, tmp_path, name, message):
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(InputRejected) as caught:
        summaries(county).export(folder / name, 2026, 5)
    assert message in caught.value.message
    assert list(folder.iterdir()) == []
