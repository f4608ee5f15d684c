"""The inspection list shows exactly the rows a clerk asked for, in the order asked for,
whichever way SQLite is made to find them: every filter, combinations of them, every sort
both ways with ties (broken by the record's id, ascending, whatever the direction), pages
deep into the list and past its end — checked against the same list worked out in Python
over a few hundred inspections with deleted ones and deleted problems among them."""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import select

from tests.integration.inspection_support import inspection_service, load_demo_on
from yuyou_desktop.domain.enums import FocusArea, InspectionKind
from yuyou_desktop.domain.inspections import BEIJING, local_date
from yuyou_desktop.services.inspections import query as listing
from yuyou_desktop.services.inspections.records import InspectionQuery, ProblemFilter
from yuyou_desktop.storage.changes import insert_synced
from yuyou_desktop.storage.models import EnforcementUnit, Enterprise
from yuyou_desktop.storage.models_inspections import Inspection, InspectionProblem
from yuyou_desktop.storage.types import utcnow

TODAY = date(2026, 6, 15)
WORDS = ("听证告知", "送达回证", "执法公示", "法制审核")
KINDS = ("routine", "special", "enterprise", "random")
AREAS = ("food_drug", "work_safety", "other")
PLACES = ("", "县政府二楼", "执法大队", "企业生产车间")


@dataclass(frozen=True)
class Expected:
    """One live inspection as the list should see it."""

    id: str
    row: dict
    unit_name: str
    enterprise_name: str | None
    enterprise_code: str | None
    problems: tuple[tuple[str, date | None], ...]  # (stored status, deadline) of live ones


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """~300 inspections (many sharing a start or end time, a place, a kind) of several units
    and enterprises; 0–3 problems each in every status; some inspections and some problems
    deleted."""
    from yuyou_desktop.__main__ import build_services
    from yuyou_desktop.paths import DataPaths

    services = build_services(DataPaths(tmp_path_factory.mktemp("list-order") / "data"))
    services.office.initialize("county", "140623", "右玉县司法局", "右司监")
    load_demo_on(services)
    rnd = random.Random(4)
    with services.database.reader() as session:
        units = list(session.execute(select(EnforcementUnit.id, EnforcementUnit.name)))[:6]
        firms = list(session.execute(select(Enterprise.id, Enterprise.name)))[:5]
    rows, planned, serials = [], [], {}
    for _ in range(300):
        day = TODAY - timedelta(days=3 * rnd.randrange(0, 130))  # 2 start times a day: ties
        start = datetime.combine(day, time(rnd.choice((9, 14)), 0), BEIJING)
        serials[day.year] = serial = serials.get(day.year, 0) + 1
        kind = rnd.choice(KINDS)
        firm = rnd.choice(firms)[0] if kind == "enterprise" or rnd.random() < 0.3 else None
        rows.append(
            {
                "number": f"右司监检〔{day.year}〕{serial}号",
                "year": day.year,
                "serial": serial,
                "kind": kind,
                "focus_area": rnd.choice(AREAS),
                "unit_id": rnd.choice(units)[0],
                "enterprise_id": firm,
                "started_at": start.astimezone(UTC),
                "ended_at": (start + timedelta(hours=rnd.choice((1, 2)))).astimezone(UTC),
                "place": rnd.choice(PLACES),
                "findings": f"重点查看{rnd.choice(WORDS)}情况。",
            }
        )
        planned.append(
            [
                {
                    "category": "procedure",
                    "description": "问题",
                    "deadline": rnd.choice((None, TODAY + timedelta(days=rnd.randrange(-60, 60)))),
                    "status": rnd.choice(("pending", "in_progress", "done")),
                    "closed_on": None,
                }
                for _ in range(rnd.choice((0, 0, 1, 2, 3)))
            ]
        )
    with services.database.writer() as session:
        ids = insert_synced(session, Inspection, rows)
        problems = [
            {**p, "inspection_id": i} for i, ps in zip(ids, planned, strict=True) for p in ps
        ]
        problem_ids = insert_synced(session, InspectionProblem, problems)
        for problem_id in problem_ids[::9]:  # a problem taken off an inspection
            session.get(InspectionProblem, problem_id).deleted_at = utcnow()
    svc = inspection_service(services, today=lambda: TODAY)
    for inspection_id in ids[::25]:
        svc.delete(inspection_id)
    with services.database.writer() as session:  # deleted elsewhere, its problems still live
        for inspection_id in ids[3::40]:  # (as a sync arriving out of order could leave it)
            session.get(Inspection, inspection_id).deleted_at = utcnow()
    yield services, svc, units, firms
    services.database.close()


def expected_rows(services) -> list[Expected]:
    with services.database.reader() as session:
        units = dict(session.execute(select(EnforcementUnit.id, EnforcementUnit.name)).all())
        firms = {
            r.id: (r.name, r.credit_code)
            for r in session.execute(select(Enterprise.id, Enterprise.name, Enterprise.credit_code))
        }
        problems: dict[str, list] = {}
        for p in session.scalars(
            select(InspectionProblem).where(InspectionProblem.deleted_at.is_(None))
        ):
            problems.setdefault(p.inspection_id, []).append((p.status, p.deadline))
        found = []
        for row in session.scalars(select(Inspection).where(Inspection.deleted_at.is_(None))):
            name, code = firms.get(row.enterprise_id, (None, None))
            values = {c.key: getattr(row, c.key) for c in Inspection.__table__.columns}
            live = tuple(problems.get(row.id, ()))
            found.append(Expected(row.id, values, units[row.unit_id], name, code, live))
    return found


def matches(e: Expected, q: InspectionQuery) -> bool:
    day = local_date(e.row["started_at"])
    if (q.date_from and day < q.date_from) or (q.date_to and day > q.date_to):
        return False
    if (q.kind and e.row["kind"] != q.kind) or (
        q.focus_area and e.row["focus_area"] != q.focus_area
    ):
        return False
    if (q.unit_id and e.row["unit_id"] != q.unit_id) or (
        q.enterprise_id and e.row["enterprise_id"] != q.enterprise_id
    ):
        return False
    open_ = [deadline for status, deadline in e.problems if status != "done"]
    wanted = {
        None: True,
        "overdue": any(d is not None and d < TODAY for d in open_),
        "open": bool(open_),
        "done": bool(e.problems) and not open_,
        "none": not e.problems,
    }[q.status]
    text = q.search.strip()
    haystack = (e.row["number"], e.row["place"], e.row["findings"], e.unit_name,
                e.enterprise_name or "", e.enterprise_code or "")  # fmt: skip
    return wanted and (not text or any(text in h for h in haystack))


def sort_key(e: Expected, sort: str) -> tuple:
    if sort == "number":
        return (e.row["origin_office"], e.row["year"], e.row["serial"])
    if sort in ("kind", "focus_area"):  # the order the user sees them listed in, not the codes
        members = list(InspectionKind if sort == "kind" else FocusArea)
        return (1, [m.value for m in members].index(e.row[sort]))
    value = {"unit": e.unit_name, "enterprise": e.enterprise_name}.get(sort, e.row.get(sort))
    return (0, "") if value is None else (1, value)  # SQLite: NULL first when ascending


def expected_page(rows: list[Expected], q: InspectionQuery) -> tuple[int, list[str]]:
    found = sorted((e for e in rows if matches(e, q)), key=lambda e: e.id)
    found.sort(key=lambda e: sort_key(e, q.sort), reverse=q.descending)  # stable: ids ascend
    return len(found), [e.id for e in found[q.offset : q.offset + q.limit]]


def check(svc, rows: list[Expected], q: InspectionQuery) -> None:
    page = svc.list(q)
    total, ids = expected_page(rows, q)
    assert (page.total, [r.id for r in page.rows]) == (total, ids), q
    by_id = {e.id: e for e in rows}
    for r in page.rows:
        open_ = [d for s, d in by_id[r.id].problems if s != "done"]
        overdue = sum(1 for d in open_ if d is not None and d < TODAY)
        assert (r.problems, r.open_problems, r.overdue_problems) == (
            len(by_id[r.id].problems), len(open_), overdue,
        )  # fmt: skip


def filters(units, firms) -> dict[str, list[dict]]:
    a, b, c, d = (TODAY - timedelta(days=n) for n in (120, 300, 200, 100))
    return {
        "date": [{"date_from": a}, {"date_to": b}, {"date_from": c, "date_to": d}],
        "kind": [{"kind": k} for k in KINDS],
        "area": [{"focus_area": "work_safety"}],
        "unit": [{"unit_id": units[0][0]}, {"unit_id": units[1][0]}],
        "enterprise": [{"enterprise_id": firms[0][0]}],
        "status": [{"status": s.value} for s in ProblemFilter],
        "search": [{"search": w} for w in (*WORDS, "〔2026〕1", "执法大队", units[2][1][3:7],
                                           firms[1][1][2:6], "无此记录")],
    }  # fmt: skip


def test_every_single_filter(world):
    services, svc, units, firms = world
    rows = expected_rows(services)
    for values in itertools.chain.from_iterable(filters(units, firms).values()):
        check(svc, rows, InspectionQuery(**values))


def test_every_combination_of_filter_dimensions(world):
    services, svc, units, firms = world
    rows = expected_rows(services)
    dims = {name: values[-1:] for name, values in filters(units, firms).items()}
    dims["search"] = [{"search": WORDS[0]}]
    dims["status"] = [{"status": s.value} for s in ProblemFilter]
    for size in range(len(dims) + 1):
        for subset in itertools.combinations(dims, size):
            for choice in itertools.product(*(dims[n] for n in subset)):
                check(svc, rows, InspectionQuery(**{k: v for p in choice for k, v in p.items()}))


@pytest.mark.parametrize("sort", list(listing.SORT_KEYS))
@pytest.mark.parametrize("descending", [False, True])
def test_every_sort_both_ways_with_ties_and_pages(world, sort, descending):
    services, svc, _, _ = world
    rows = expected_rows(services)
    for where in ({}, {"kind": "routine"}, {"status": "open"}, {"search": WORDS[1]},
                  {"search": "右玉"}, {"search": "无此记录"}):  # fmt: skip
        for offset, limit in ((0, 200), (0, 7), (7, 7), (120, 50), (280, 50), (400, 10)):
            q = InspectionQuery(sort=sort, descending=descending, offset=offset, limit=limit)
            check(svc, rows, replace(q, **where))


@pytest.mark.parametrize("probe", [1, 5, 40, 10_000])
def test_a_keyword_search_finds_the_same_page_however_far_it_looks_first(world, probe):
    """A search sorted by date or number first looks through the ``probe`` rows that come
    first; the page must not depend on how many that is."""
    services = world[0]
    rows = expected_rows(services)
    for sort, descending, search, offset, limit in itertools.product(
        ("started_at", "number"), (True, False), (WORDS[2], "右玉", "〔2025〕", "无此记录"),
        (0, 3, 60), (5, 200),
    ):  # fmt: skip
        q = InspectionQuery(
            search=search, sort=sort, descending=descending, offset=offset, limit=limit
        )
        with services.database.reader() as session:
            page = listing.list_page(session, q, TODAY, probe=probe)
        assert (page.total, [r.id for r in page.rows]) == expected_page(rows, q), q
