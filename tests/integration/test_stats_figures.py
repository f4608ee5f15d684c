"""Every figure of the 统计 view equals a count taken directly from the records.

The figures are computed again from the raw rows (``stats_expected``: plain ``sqlite3`` and
Python, following the definitions in ``services/reports/measures.py``) and compared with
``StatsService.dashboard`` field by field, line by line — on the demonstration data and on
generated data (``tests/report_data.py``) for several seeds — for a year, a month, periods that
begin or end on the days where a Beijing midnight falls in the afternoon of the UTC day before,
one office, one unit and a period with nothing in it.  The records behind a figure
(``StatsService.records``) are exactly those counted.  Today is fixed, so nothing depends on
the real date.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from dataclasses import astuple
from datetime import date

import pytest

from tests.integration.stats_expected import (
    INSPECTION_MEASURES,
    LEAD_MEASURES,
    REGISTER_MEASURES,
    Expected,
    Raw,
)
from tests.report_data import COUNTY, fill
from yuyou_desktop.domain.enums import FocusArea, InspectionKind, LeadSource
from yuyou_desktop.services.reports.figures import Drill, StatsQuery
from yuyou_desktop.services.reports.stats import StatsService

TODAY = date(2026, 11, 20)
Q = StatsQuery
YEAR = (date(2026, 1, 1), date(2026, 12, 31))
GRADES = ("优秀", "合格", "不合格")
DIMENSIONS = {
    "inspections": ("kind", "area", "office", "unit", "month"),
    "leads": ("source", "office", "unit", "month"),
    "reviews": ("grade", "office", "unit"),
    "registers": ("office",),
}
MEASURES = {"inspections": INSPECTION_MEASURES, "leads": LEAD_MEASURES, "reviews": ("files",),
            "registers": REGISTER_MEASURES}  # fmt: skip
ROW_KINDS = {"inspections": "inspection", "leads": "lead", "reviews": "case_file",
             "registers.expiring": "certificate", "registers.expired": "certificate",
             "registers.unfiled": "unit", "registers.over_cap": "enterprise"}  # fmt: skip


def stats_on(services) -> StatsService:
    return StatsService(services.database, services.settings, today=lambda: TODAY)


def expected(raw: Raw, query: StatsQuery) -> Expected:
    days = int(json.loads(raw.settings.get("registry.certificate_expiring_days", "60")))
    cap = int(json.loads(raw.settings.get("inspections.yearly_cap", "5")))
    return Expected(raw, query.start, query.end, query.origin, query.unit_id, TODAY, days, cap)


def queries(raw: Raw, township: str, quiet_office: str) -> list[tuple[StatsQuery, bool]]:
    """The periods and scopes compared, and whether their records are listed too: the
    busiest unit of the year, alone and with its office; a township; an office without
    records; a unit that does not exist; a period with nothing."""
    busiest = Counter(
        (i["unit_id"], i["origin_office"]) for i in raw["inspections"]
        if i["deleted_at"] is None and i["year"] == 2026
    ).most_common(1)[0][0]  # fmt: skip
    return [
        (Q(*YEAR), True),
        (Q(date(2026, 3, 1), date(2026, 3, 31)), True),
        (Q(date(2026, 4, 1), date(2026, 4, 30)), False),
        (Q(date(2026, 1, 1), date(2026, 3, 31)), False),
        (Q(date(2026, 3, 31), date(2026, 4, 1)), True),
        (Q(date(2025, 12, 31), date(2026, 1, 1)), True),
        (Q(date(2025, 1, 1), date(2025, 12, 31)), False),
        (Q(date(2025, 1, 1), date(2026, 12, 31)), False),
        (Q(TODAY, TODAY), False),
        (Q(*YEAR, origin=township), True),
        (Q(*YEAR, origin=COUNTY), False),
        (Q(date(2026, 2, 1), date(2026, 6, 30), origin=township), False),
        (Q(*YEAR, unit_id=busiest[0]), True),
        (Q(*YEAR, origin=busiest[1], unit_id=busiest[0]), True),
        (Q(*YEAR, origin=quiet_office), False),
        (Q(*YEAR, unit_id="00000000-0000-4000-8000-000000000000"), False),
        (Q(date(2030, 1, 1), date(2030, 1, 31)), True),
    ]


# ------------------------------------------------------------------ comparing


class Mismatches(list):
    def check(self, where: str, got: object, want: object) -> None:
        if got != want:
            self.append(f"{where}: service {got!r} ≠ records {want!r}")


def lines(found) -> list[tuple]:
    return [(x.key, x.label, astuple(x.counts)) for x in found]


def compare_dashboard(dash, raw: Raw, exp: Expected, query: StatsQuery) -> list:
    bad, at = Mismatches(), f"{query}"
    bad.check(f"{at} today/office", (dash.today, dash.office_name, dash.county),
              (TODAY, raw.office["name"], raw.office["role"] == "county"))  # fmt: skip
    bad.check(f"{at} scope_label", dash.scope_label, exp.scope_label())
    bad.check(f"{at} years", (dash.filing_year, dash.cap_year), (query.end.year,) * 2)
    bad.check(f"{at} settings", (dash.cap, dash.expiring_days), (exp.cap, exp.expiring_days))
    bad.check(f"{at} inspections", astuple(dash.inspections), exp.counts("inspections"))
    bad.check(f"{at} 整改率", dash.inspections.rate, exp.rate())
    bad.check(f"{at} leads", astuple(dash.leads), exp.counts("leads"))
    bad.check(f"{at} reviews", astuple(dash.reviews), exp.counts("reviews"))
    bad.check(f"{at} reviews mean", dash.reviews.mean, exp.mean())
    bad.check(f"{at} registers", astuple(dash.registers), exp.counts("registers"))

    def enum_lines(enum, subject: str, dimension: str) -> list[tuple]:
        extra = sorted(exp.keys(subject, dimension) - {m.value for m in enum})
        return [(m.value, m.label, exp.counts(subject, dimension, m.value)) for m in enum] + [
            (k, k, exp.counts(subject, dimension, k)) for k in extra
        ]

    bad.check(
        f"{at} by_kind", lines(dash.by_kind), enum_lines(InspectionKind, "inspections", "kind")
    )
    bad.check(f"{at} by_area", lines(dash.by_area), enum_lines(FocusArea, "inspections", "area"))
    bad.check(f"{at} leads_by_source", lines(dash.leads_by_source),
              enum_lines(LeadSource, "leads", "source"))  # fmt: skip
    months = [(k, label, exp.counts("inspections", "month", k)) for k, label in exp.months()]
    bad.check(f"{at} by_month", lines(dash.by_month), months)

    def unit_lines(subject: str) -> list[tuple]:
        found = [(k, raw.unit_label(k), exp.counts(subject, "unit", k))
                 for k in exp.keys(subject, "unit")]  # fmt: skip
        return sorted(found, key=lambda x: (-x[2][0], x[1], x[0]))

    bad.check(f"{at} by_unit", lines(dash.by_unit), unit_lines("inspections"))
    bad.check(f"{at} reviews_by_unit", lines(dash.reviews_by_unit), unit_lines("reviews"))

    grades = [(x.key, x.label, x.counts.files) for x in dash.reviews_by_grade]
    others = exp.keys("reviews", "grade") - set(GRADES)
    want = [(g, g, exp.counts("reviews", "grade", g)[0]) for g in GRADES]
    bad.check(f"{at} reviews_by_grade", grades[:3], want)
    bad.check(f"{at} reviews_by_grade (others)", sorted(grades[3:]),
              sorted((g, g, exp.counts("reviews", "grade", g)[0]) for g in others))  # fmt: skip
    for dimension, found in (("kind", dash.by_kind), ("area", dash.by_area),
                             ("office", dash.by_office), ("unit", dash.by_unit),
                             ("month", dash.by_month)):  # fmt: skip
        for x in found:
            bad.check(f"{at} 整改率 {dimension} {x.key}", x.counts.rate, exp.rate(dimension, x.key))
    for dimension, found in (("office", dash.reviews_by_office), ("unit", dash.reviews_by_unit)):
        for x in found:
            bad.check(f"{at} mean {dimension} {x.key}", x.counts.mean, exp.mean(dimension, x.key))
    compare_offices(bad, at, dash, raw, exp, query)
    return bad


def compare_offices(bad: Mismatches, at: str, dash, raw: Raw, exp: Expected, query) -> None:
    """The four tables by office: one list of offices — this office first, then by code — with
    every office that has a figure (and at the county every trusted township); every line's
    figures; an office without figures shows zeros."""
    tables = {"inspections": dash.by_office, "leads": dash.leads_by_office,
              "reviews": dash.reviews_by_office, "registers": dash.registers_by_office}  # fmt: skip
    codes = [x.key for x in dash.by_office]
    for subject, found in tables.items():
        bad.check(f"{at} {subject} by office: offices", [x.key for x in found], codes)
        for line in found:
            want = (raw.office_label(line.key), exp.counts(subject, "office", line.key))
            bad.check(f"{at} {subject} office {line.key}", (line.label, astuple(line.counts)), want)
    own = raw.office["code"]
    bad.check(f"{at} offices order", codes, sorted(codes, key=lambda c: (c != own, c)))
    needed = set().union(*(exp.keys(s, "office") for s in tables))
    if query.origin:
        bad.check(f"{at} offices", codes, [query.origin])
        return
    if raw.office["role"] == "county":
        needed |= raw.trusted_townships()
    bad.check(f"{at} offices missing", sorted(needed - set(codes)), [])


def figure(dash, measure: str, dimension: str, key: str) -> int | None:
    """The dashboard's figure for a drill, where the dashboard shows one."""
    subject, _, name = measure.partition(".")
    if dimension == "all":
        return getattr(getattr(dash, subject), name)
    tables = {
        ("inspections", "kind"): dash.by_kind,
        ("inspections", "area"): dash.by_area,
        ("inspections", "office"): dash.by_office,
        ("inspections", "unit"): dash.by_unit,
        ("inspections", "month"): dash.by_month,
        ("leads", "source"): dash.leads_by_source,
        ("leads", "office"): dash.leads_by_office,
        ("reviews", "grade"): dash.reviews_by_grade,
        ("reviews", "office"): dash.reviews_by_office,
        ("reviews", "unit"): dash.reviews_by_unit,
        ("registers", "office"): dash.registers_by_office,
    }
    table = tables.get((subject, dimension))
    if table is None:
        return None
    return next((getattr(x.counts, name) for x in table if x.key == key), 0)


def drills(exp: Expected) -> list[Drill]:
    """Every measure for all; per dimension its first and last key with records and a key
    with none, the measures taking turns (the registers by office: every measure)."""
    found = []
    for subject, names in MEASURES.items():
        found += [Drill(f"{subject}.{name}") for name in names]
        for n, dimension in enumerate(DIMENSIONS[subject]):
            keys = sorted(exp.keys(subject, dimension))
            for k, key in enumerate(dict.fromkeys([*keys[:1], *keys[-1:], "（无此项）"])):
                turn = names if subject == "registers" else [names[(n + k) % len(names)]]
                found += [Drill(f"{subject}.{name}", dimension, key) for name in turn]
    return found


def compare_drills(stats: StatsService, dash, exp: Expected, query: StatsQuery) -> list:
    """The records listed behind a figure are exactly those counted, as many as the figure."""
    bad = Mismatches()
    for drill in drills(exp):
        at = f"{query} {drill}"
        want = exp.members(drill.measure, drill.dimension, drill.key)
        result = stats.records(query, drill, limit=1_000_000)
        bad.check(f"{at} total", result.total, sum(want.values()))
        bad.check(f"{at} records", Counter(r.record_id for r in result.rows), want)
        kind = ROW_KINDS.get(drill.measure, ROW_KINDS.get(drill.measure.partition(".")[0]))
        bad.check(f"{at} kinds", {r.kind for r in result.rows}, {kind} if want else set())
        shown = figure(dash, drill.measure, drill.dimension, drill.key)
        if shown is not None:
            bad.check(f"{at} = dashboard figure", result.total, shown)
    return bad


def compare_all(services, township: str, quiet_office: str, drilled: bool = True) -> None:
    raw = Raw.read(services.paths.database)
    stats = stats_on(services)
    bad = []
    for query, drill in queries(raw, township, quiet_office):
        exp = expected(raw, query)
        dash = stats.dashboard(query)
        bad += compare_dashboard(dash, raw, exp, query)
        if drill and drilled:
            bad += compare_drills(stats, dash, exp, query)
    assert bad == [], "\n".join(bad[:40]) + f"\n({len(bad)} differences)"


# ------------------------------------------------------------------ the tests


def test_figures_of_the_demonstration_data_equal_the_records(county_demo):
    compare_all(county_demo, township="140623100", quiet_office="140623101")


@pytest.mark.parametrize(
    ("seed", "townships", "settings"),
    [
        (1, 5, {}),
        (2, 3, {"inspections.yearly_cap": 3, "registry.certificate_expiring_days": 30}),
        (3, 8, {}),
    ],
)
def test_figures_of_generated_data_equal_the_records(county, seed, townships, settings):
    for key, value in settings.items():
        county.settings.set(key, value)
    fill(county, seed, inspections=1500, townships=townships, today=TODAY)
    compare_all(county, township="140623102", quiet_office=f"1406231{townships + 1:02d}")


def test_generated_data_on_top_of_the_demonstration_data(county_demo):
    fill(county_demo, 4, inspections=600, townships=2, today=TODAY)
    compare_all(county_demo, township="140623101", quiet_office="140623103", drilled=False)


def test_a_beijing_midnight_decides_the_month(county):
    """2026-03-31 23:30 Beijing (15:30 UTC) is March; 2026-04-01 00:00 and 00:10 Beijing (16:00
    and 16:10 UTC on 31 March) are April — in the months, the periods and the lists."""
    fill(county, 5, inspections=200, townships=1, today=TODAY)
    conn = sqlite3.connect(county.paths.database)
    at = dict(conn.execute("SELECT started_at, id FROM inspections WHERE deleted_at IS NULL"))
    conn.close()
    march = {at[t] for t in ("2026-03-31 15:30:00.000000", "2026-03-31 15:59:59.999999")}
    april = {at[t] for t in ("2026-03-31 16:00:00.000000", "2026-03-31 16:10:00.000000")}
    stats = stats_on(county)

    def listed(query: StatsQuery, drill: Drill | None = None) -> set[str]:
        drill = drill or Drill("inspections.inspections")
        return {r.record_id for r in stats.records(query, drill, limit=10_000).rows}

    last_of_march = listed(Q(date(2026, 3, 31), date(2026, 3, 31)))
    first_of_april = listed(Q(date(2026, 4, 1), date(2026, 4, 1)))
    assert march <= last_of_march and not april & last_of_march
    assert april <= first_of_april and not march & first_of_april
    spring = Q(date(2026, 3, 1), date(2026, 4, 30))
    assert march <= listed(spring, Drill("inspections.inspections", "month", "2026-03"))
    assert april <= listed(spring, Drill("inspections.inspections", "month", "2026-04"))
    months = {x.key: x.counts.inspections for x in stats.dashboard(spring).by_month}
    assert months == {
        "2026-03": len(listed(Q(date(2026, 3, 1), date(2026, 3, 31)))),
        "2026-04": len(listed(Q(date(2026, 4, 1), date(2026, 4, 30)))),
    }


def test_a_deleted_enterprise_is_never_over_the_cap(county):
    """Its inspections still count as inspections, but the enterprise itself is gone: it is
    neither counted nor listed among those over the yearly cap (at its office or in all)."""
    fill(county, 7, inspections=300, townships=2, today=TODAY)
    conn = sqlite3.connect(county.paths.database)
    [(gone, office, n)] = conn.execute(
        "SELECT e.id, i.origin_office, count(*) FROM enterprises e JOIN inspections i"
        " ON i.enterprise_id = e.id AND i.deleted_at IS NULL AND i.year = 2026"
        " WHERE e.deleted_at IS NOT NULL GROUP BY e.id, i.origin_office HAVING count(*) > 5"
    ).fetchall()
    visits = {i for (i,) in conn.execute(
        "SELECT id FROM inspections WHERE enterprise_id = ? AND origin_office = ?"
        " AND year = 2026 AND deleted_at IS NULL", (gone, office)
    )}  # fmt: skip
    conn.close()
    stats = stats_on(county)
    for drill in (Drill("registers.over_cap"), Drill("registers.over_cap", "office", office)):
        result = stats.records(Q(*YEAR), drill, limit=10_000)
        assert gone not in {r.record_id for r in result.rows}
        assert result.total == len(result.rows)
    listed = stats.records(Q(*YEAR), Drill("inspections.inspections"), limit=10_000).rows
    assert len(visits) == n and visits <= {r.record_id for r in listed}


def test_a_drill_stops_at_its_limit_but_counts_everything(county):
    fill(county, 6, inspections=300, townships=2, today=TODAY)
    result = stats_on(county).records(Q(*YEAR), Drill("inspections.problems"), limit=7)
    assert len(result.rows) == 7
    assert result.total == stats_on(county).dashboard(Q(*YEAR)).inspections.problems > 7


def test_the_generator_gives_the_same_rows_for_the_same_seed(tmp_path):
    from yuyou_desktop.__main__ import build_services
    from yuyou_desktop.paths import DataPaths

    def rows(folder) -> list[tuple]:
        built = build_services(DataPaths(folder))
        built.office.initialize("county", COUNTY, "右玉县司法局", "右司监")
        fill(built, 9, inspections=150, townships=2, today=TODAY)
        conn = sqlite3.connect(built.paths.database)
        found = conn.execute("SELECT * FROM inspections ORDER BY id").fetchall()
        found += conn.execute("SELECT * FROM review_case_files ORDER BY id").fetchall()
        conn.close()
        built.database.close()
        return found

    assert rows(tmp_path / "a") == rows(tmp_path / "b")


def test_the_enterprise_counts_view_agrees_with_the_over_cap_figure(county):
    """检查记录's 企业检查次数 and 统计's 超过检查上限企业 name the same enterprises (a deleted
    one in neither)."""
    fill(county, 7, inspections=300, townships=2, today=TODAY)
    stats = stats_on(county)
    over = stats.records(Q(*YEAR), Drill("registers.over_cap"), limit=10_000)
    counted = county.inspections.top_enterprises(2026, limit=10_000)
    assert over.total > 0
    assert {r.record_id for r in over.rows} == {e.enterprise_id for e in counted if e.over_cap}
