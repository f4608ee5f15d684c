"""统计 and 月报 at scale: the dashboard's figures and the monthly report on a county holding
100,000 inspections of its own and of 20 townships.

    python bench/reports.py [--scale 1.0] [--runs 7] [--data DIR] [--profile] [--explain]

Builds a county data folder: the demonstration data, then ``tests/report_data.py``'s generated
rows (``fill``: 100,000 × ``--scale`` inspections over the last two years, ~1.5 problems each,
one lead for every 8 inspections with their transfers, units, people, certificates, filings,
enterprises and 案卷评查 case files, 20 townships, rows of other offices as an import leaves
them).  Then measures medians over ``--runs`` runs after a warm-up (nothing is asserted):
  floor      the plain sqlite3 module on the same file: SELECT kind, COUNT(*) FROM inspections
             WHERE deleted_at IS NULL AND started_at in the year GROUP BY kind
  dashboard  StatsService.dashboard for last month, this year, this year for one township and
             this year for the busiest unit                                   goal: ≤ 300 ms
  drill      StatsService.records behind the year's 检查次数 and 逾期未整改 (first 1,000 rows)
  monthly    ReportService.monthly(dest, year, month) for last month, when it exists
                                                                               goal: ≤ 2 s
Every figure is also given as a multiple of the floor.  The goals are the issue's.  ``--data``
keeps the built folder (and reuses it on the next run); ``--profile`` prints cProfile of the
year's dashboard and the time of each SQL statement it runs (run again with the plain sqlite3
module); ``--explain`` prints them with their EXPLAIN QUERY PLAN.  The program never runs
ANALYZE, so neither does this.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

INSPECTIONS, TOWNSHIPS = 100_000, 20
GOAL_DASHBOARD_MS, GOAL_MONTHLY_MS = 300, 2000
SEED = 20261120


# ------------------------------------------------------------------ the data folder


def build(folder: Path, scale: float, today: date) -> Any:
    from tests.report_data import fill
    from yuyou_desktop.__main__ import build_services
    from yuyou_desktop.paths import DataPaths

    services = build_services(DataPaths(folder))
    services.office.initialize("county", "140623", "右玉县司法局", "右司监")
    services.demo.load()
    fill(services, SEED, inspections=round(INSPECTIONS * scale), townships=TOWNSHIPS, today=today)
    return services


def reopen(folder: Path) -> Any:
    from yuyou_desktop.__main__ import build_services
    from yuyou_desktop.paths import DataPaths

    services = build_services(DataPaths(folder))
    services.database.open()
    return services


def table_counts(database: Path) -> str:
    conn = sqlite3.connect(database)
    names = ("inspections", "inspection_problems", "leads", "lead_transfers", "certificates",
             "enforcement_units", "enterprises", "review_case_files")  # fmt: skip
    found = {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
    offices = conn.execute("SELECT count(DISTINCT origin_office) FROM inspections").fetchone()[0]
    conn.close()
    return ", ".join(f"{n} {c:,}" for n, c in found.items()) + f"; {offices} offices"


def busiest_unit(database: Path, year: int) -> tuple[str, str, int]:
    conn = sqlite3.connect(database)
    unit_id, n = conn.execute(
        "SELECT unit_id, count(*) FROM inspections WHERE deleted_at IS NULL AND year = ?"
        " GROUP BY unit_id ORDER BY 2 DESC LIMIT 1",
        (year,),
    ).fetchone()
    name = conn.execute("SELECT name FROM enforcement_units WHERE id = ?", (unit_id,)).fetchone()
    conn.close()
    return unit_id, name[0], n


# ------------------------------------------------------------------ measuring


def timed(fn: Callable[[], object], runs: int) -> list[float]:
    fn()  # warm-up: the first call pays for imports, statement compilation and a cold cache
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return samples


def floor_ms(database: Path, year: int, runs: int) -> float:
    from yuyou_desktop.domain.inspections import day_start_utc

    def text(day: date) -> str:
        return day_start_utc(day).replace(tzinfo=None).isoformat(" ", "microseconds")

    bare = sqlite3.connect(database)
    sql = ("SELECT kind, COUNT(*) FROM inspections WHERE deleted_at IS NULL"
           " AND started_at >= ? AND started_at < ? GROUP BY kind")  # fmt: skip
    bounds = (text(date(year, 1, 1)), text(date(year + 1, 1, 1)))
    samples = timed(lambda: bare.execute(sql, bounds).fetchall(), runs * 3)
    found = sum(n for _, n in bare.execute(sql, bounds))
    bare.close()
    floor = statistics.median(samples) * 1000
    print(f"\nfloor, the plain sqlite3 module ({found:,} inspections in {year}):\n  {sql}"
          f"\n  {floor:.2f} ms")  # fmt: skip
    return floor


class Report:
    """One line per figure: what was found, median, slowest, multiple of the floor, goal."""

    def __init__(self, runs: int, floor: float) -> None:
        self.runs, self.floor = runs, floor

    def line(self, label: str, fn: Callable[[], object], found: str = "", goal: float = 0) -> None:
        samples = timed(fn, self.runs)
        median = statistics.median(samples) * 1000
        verdict = f"  ≤ {goal:,.0f} ms: {'met' if median <= goal else 'MISSED'}" if goal else ""
        print(f"  {label:<44}{found:>22} {median:8.1f} ms (slowest {max(samples) * 1000:7.1f})"
              f" {median / self.floor:6.0f}× floor{verdict}")  # fmt: skip


def last_month(today: date) -> tuple[int, int]:
    first = today.replace(day=1) - timedelta(days=1)
    return first.year, first.month


def dashboard_queries(database: Path, today: date) -> list[tuple[str, Any]]:
    from yuyou_desktop.services.reports.figures import StatsQuery

    year, month = last_month(today)
    first = date(year, month, 1)
    end = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    this_year = (date(today.year, 1, 1), date(today.year, 12, 31))
    unit_id, unit_name, _ = busiest_unit(database, today.year)
    township = "140623101"
    return [
        (f"last month ({year}-{month:02d})", StatsQuery(first, end)),
        (f"this year ({today.year})", StatsQuery(*this_year)),
        (f"this year, township {township}", StatsQuery(*this_year, origin=township)),
        (f"this year, unit {unit_name[:12]}", StatsQuery(*this_year, unit_id=unit_id)),
    ]


def measure_dashboards(services: Any, report: Report, queries: list[tuple[str, Any]]) -> list:
    found = []
    for label, query in queries:
        d = services.stats.dashboard(query)
        counted = f"{d.inspections.inspections:,} / {d.inspections.problems:,}"
        report.line(label, lambda q=query: services.stats.dashboard(q), counted, GOAL_DASHBOARD_MS)
        found.append(d)
    return found


def measure(services: Any, report: Report, today: date, work: Path) -> list:
    from yuyou_desktop.services.reports.figures import Drill, StatsQuery

    print(f"\nStatsService.dashboard, medians of {report.runs} runs after a warm-up "
          f"(found: 检查次数 / 发现问题):")  # fmt: skip
    dashboards = measure_dashboards(
        services, report, dashboard_queries(services.paths.database, today)
    )
    print("\nStatsService.records (the first 1,000 rows and the total):")
    this_year = StatsQuery(date(today.year, 1, 1), date(today.year, 12, 31))
    stats = services.stats
    for measure in ("inspections.inspections", "inspections.overdue"):
        drill = Drill(measure)
        found = f"{stats.records(this_year, drill).total:,}"
        report.line(f"{measure}, this year", lambda d=drill: stats.records(this_year, d), found)

    print("\nReportService.monthly (月报 .xlsx):")
    reports = getattr(services, "reports", None)
    if reports is None or not hasattr(reports, "monthly"):
        print("  月报: 尚未实现")
        return dashboards
    year, month = last_month(today)
    dest = work / f"月报-{year}-{month:02d}.xlsx"
    report.line(f"monthly({year}, {month})", lambda: reports.monthly(dest, year, month),
                "", GOAL_MONTHLY_MS)  # fmt: skip
    print(f"  {dest.name}: {dest.stat().st_size / 1024:,.0f} KB")
    return dashboards


# ------------------------------------------------------------------ proposed indexes

# (what, statements): applied by hand to a copy of the data folder (no migration here)
PROPOSED = (
    (
        "ix_inspection_problems_live + deleted_at: a problem's counts from the index alone",
        "DROP INDEX ix_inspection_problems_live",
        "CREATE INDEX ix_inspection_problems_live ON inspection_problems"
        " (inspection_id, status, deadline, deleted_at) WHERE deleted_at IS NULL",
    ),
    (
        "ix_inspections_list + origin_office: the office from the index alone",
        "DROP INDEX ix_inspections_list",
        "CREATE INDEX ix_inspections_list ON inspections (started_at, id, kind, focus_area,"
        " unit_id, enterprise_id, ended_at, origin_office, deleted_at) WHERE deleted_at IS NULL",
    ),
    (
        "ix_inspections_year_enterprise: a year's inspections of enterprises (the cap)",
        "CREATE INDEX ix_inspections_year_enterprise ON inspections"
        " (year, enterprise_id, origin_office, unit_id, deleted_at)"
        " WHERE deleted_at IS NULL AND enterprise_id IS NOT NULL",
    ),
)


def try_indexes(folder: Path, work: Path, report: Report, today: date, before: list) -> None:
    """The dashboards again on VACUUMed copies of the folder: without a new index (the
    baseline), with each proposed index, then with all."""
    import shutil

    sets = [[], *([p] for p in PROPOSED), list(PROPOSED)]
    for chosen in sets:
        copy = work / "indexed"
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(folder, copy)
        conn = sqlite3.connect(copy / "yuyou.db")
        conn.execute("VACUUM")
        size = (copy / "yuyou.db").stat().st_size
        for _, *sqls in chosen:
            for sql in sqls:
                conn.execute(sql)
        conn.commit()
        conn.execute("VACUUM")
        conn.close()
        grown = ((copy / "yuyou.db").stat().st_size - size) / 1e6
        what = "no new index" if not chosen else chosen[0][0] if len(chosen) == 1 else "all three"
        print(f"\n {what} (database {size / 1e6:.0f} MB {grown:+.1f} MB):")
        for _, *sqls in chosen if len(chosen) == 1 else ():
            for sql in sqls:
                print(f"    {sql}")
        services = reopen(copy)
        after = measure_dashboards(services, report, dashboard_queries(copy / "yuyou.db", today))
        same = [a.inspections == b.inspections and a.registers == b.registers
                for a, b in zip(after, before, strict=True)]  # fmt: skip
        print(f"  same figures: {'yes' if all(same) else 'NO'}")
        services.database.close()


# ------------------------------------------------------------------ looking inside


def statements(services: Any, fn: Callable[[], object]) -> list[tuple[float, str, Any]]:
    """Each SQL statement ``fn`` runs: (seconds, SQL, parameters)."""
    from sqlalchemy import event

    found: list[tuple[float, str, Any]] = []
    started: list[float] = []

    def before(conn, cursor, sql, params, context, many) -> None:
        started.append(time.perf_counter())

    def after(conn, cursor, sql, params, context, many) -> None:
        found.append((time.perf_counter() - started.pop(), sql, params))

    engine = services.database.engine
    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    try:
        fn()
    finally:
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "after_cursor_execute", after)
    return found


def look_inside(services: Any, today: date, profile: bool, explain: bool) -> None:
    from yuyou_desktop.services.reports.figures import StatsQuery

    query = StatsQuery(date(today.year, 1, 1), date(today.year, 12, 31))
    services.stats.dashboard(query)
    if profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        services.stats.dashboard(query)
        profiler.disable()
        print("\ncProfile of dashboard(this year), by cumulative time:")
        pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(25)
    found = statements(services, lambda: services.stats.dashboard(query))
    print(f"\nthe {len(found)} statements of dashboard(this year), each run again with the plain "
          "sqlite3 module and fetched to the end, slowest first:")  # fmt: skip
    bare = sqlite3.connect(services.paths.database)
    timings = []
    for _, sql, params in found:
        if sql.lstrip().upper().startswith(("SELECT", "WITH")):
            samples = timed(lambda s=sql, p=params: bare.execute(s, p).fetchall(), 3)
            timings.append((statistics.median(samples), sql, params))
    for seconds, sql, params in sorted(timings, key=lambda s: -s[0]):
        text = " ".join(sql.split())
        print(f"\n  {seconds * 1000:8.1f} ms  {text[:300]}{' …' if len(text) > 300 else ''}")
        if explain:
            for row in bare.execute(f"EXPLAIN QUERY PLAN {sql}", params):
                print(f"             {row[-1]}")
    print(f"\n  {sum(t[0] for t in timings) * 1000:8.1f} ms  in all")
    bare.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--data", type=Path, help="build here and keep it; reuse it if built")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--try-indexes", action="store_true")
    args = parser.parse_args()

    today = date.today()
    with tempfile.TemporaryDirectory(prefix="yuyou-bench-reports-") as tmp:
        started = time.perf_counter()
        folder = args.data or Path(tmp) / "data"
        reused = (folder / "yuyou.db").is_file()
        services = reopen(folder) if reused else build(folder, args.scale, today)
        database = services.paths.database
        how = "reused" if reused else f"built in {time.perf_counter() - started:.1f} s"
        print(f"data folder {how} ({database.stat().st_size / 1e6:.0f} MB): "
              f"{table_counts(database)}")  # fmt: skip
        report = Report(args.runs, floor_ms(database, today.year, args.runs))
        dashboards = measure(services, report, today, Path(tmp))
        if args.profile or args.explain:
            look_inside(services, today, args.profile, args.explain)
        services.database.close()
        if args.try_indexes:
            print("\nproposed indexes, created by hand on a VACUUMed copy (no migration):")
            try_indexes(folder, Path(tmp), report, today, dashboards)
    return 0


if __name__ == "__main__":
    sys.exit(main())
