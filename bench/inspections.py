"""检查记录 at scale: the inspection list (filters, search, sort, deep pages), 待办 and the
enterprise ranking on a large database.

    python bench/inspections.py [--inspections 100000] [--runs 7] [--combo-runs 3] [--data DIR]

Builds a data folder with the demonstration data, the units and enterprises of 20 more
townships, N inspections spread over ~5 years (0–3 problems each, in every rectification
status, deadlines around today) and a few thousand leads with transfers, all through
``insert_synced``; then measures medians over several runs (nothing is asserted):
  floor    the plain sqlite3 module on the same file:
           SELECT * FROM inspections ORDER BY started_at DESC LIMIT 200
  list     InspectionService.list(InspectionQuery()), the first page of 200   goal: ≤ 100 ms
  filters  every single filter, then every combination of the 7 filter dimensions (date range,
           kind, area, unit, enterprise, problem status, search; one value each, the status
           with each of its 4, the search a word and a name part found nearly everywhere):
           the worst 10 and how many pass 150 ms                             goal: ≤ 150 ms
  sort     the first page by each sort key, both ways, and with the broad search; deep pages
           (offset 50,000, last page)
  todo     TodoService.todo()                                                 goal: ≤ 100 ms
  top      InspectionService.top_enterprises(year)
  view     the 检查记录 tab's list model (gui/inspections/list_model.py), when it exists
Every figure is also given as a multiple of the floor.  The goals are issue 4's.  ``--data``
keeps the built folder (and reuses it on the next run) to compare changes on the same data.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TOWN_NAMES = "东山西河南坪北岭杨树柳林榆树桃园石门红旗前进高家李家马营牛心黄沙白石青龙长城丰收"
TOWNSHIPS = [TOWN_NAMES[i : i + 2] for i in range(0, len(TOWN_NAMES), 2)]  # 20, invented
ENTERPRISES_PER_TOWNSHIP = 50
TRADES = ("羊肉食品", "建材", "物流", "煤业", "餐饮", "农牧", "酒店", "药业", "建筑工程", "商贸")
KINDS = {"routine": 30, "special": 15, "enterprise": 20, "enforcement_check": 15, "random": 10,
         "review_follow_up": 5, "complaint": 5}  # fmt: skip
AREAS = ("food_drug", "work_safety", "environment", "health", "labour", "other")
CHECKED = ("听证告知", "送达回证", "执法公示", "全过程记录", "法制审核", "裁量基准", "证据收集",
           "文书制作", "处罚决定", "行政强制", "涉企检查计划", "执法证件")  # fmt: skip
PROBLEMS = ("未按规定履行告知程序", "文书送达不规范", "裁量理由未说明", "证据链不完整",
            "执法全过程记录缺失", "法制审核意见未附卷")  # fmt: skip
WORD = "听证告知"  # in the findings of about one inspection in six
BROAD = "右玉"  # in the name of nearly every unit and enterprise: nearly every inspection
YEARS = 5
PAGE = 200
GOAL_PAGE, GOAL_FILTER, GOAL_TODO = 100, 150, 100


# ------------------------------------------------------------------ building the data


def credit_code(prefix: str, n: int) -> str:
    from yuyou_desktop.domain.credit_code import check_character

    first17 = f"{prefix}140623{n:09d}"
    return first17 + check_character(first17)


def add_registers(services: Any) -> None:
    """20 more townships: a 综合行政执法队 and ENTERPRISES_PER_TOWNSHIP enterprises each."""
    from yuyou_desktop.domain.enums import EnterpriseCategory
    from yuyou_desktop.storage.changes import insert_synced
    from yuyou_desktop.storage.models import EnforcementUnit, Enterprise

    rnd = random.Random(7)
    units, enterprises = [], []
    for t, town in enumerate(TOWNSHIPS):
        code = f"140623{300 + t}"
        units.append({"name": f"{town}乡综合行政执法队（压测）", "kind": "authorised",
                      "credit_code": credit_code("12", 900 + t), "sector": "乡镇综合执法",
                      "level": "township", "township_code": code, "status": "active"})  # fmt: skip
        for e in range(ENTERPRISES_PER_TOWNSHIP):
            enterprises.append({
                "name": f"右玉{town}{rnd.choice(TRADES)}有限公司{e + 1}号（压测）",
                "credit_code": credit_code("91", 10_000 + t * 100 + e),
                "category": rnd.choice(list(EnterpriseCategory)).value, "township_code": code,
            })  # fmt: skip
    with services.database.writer() as session:
        insert_synced(session, EnforcementUnit, units)
        insert_synced(session, Enterprise, enterprises)


def inspection_rows(services: Any, count: int, today: date) -> list[dict[str, Any]]:
    """``count`` inspections over the past YEARS years, numbered in date order after the
    demonstration ones; each carries its planned problems under ``_problems``."""
    from sqlalchemy import func, select

    from yuyou_desktop.domain.inspections import BEIJING, format_number, number_prefix
    from yuyou_desktop.storage.models import Enterprise
    from yuyou_desktop.storage.models_inspections import Inspection

    rnd = random.Random(20260401)
    units = services.registry.unit_choices()
    weights = [1 if "乡" in name or "镇" in name else 3 for _, name in units]
    last_serial = select(Inspection.year, func.max(Inspection.serial)).group_by(Inspection.year)
    with services.database.reader() as session:
        firms = list(session.scalars(select(Enterprise.id).where(Enterprise.deleted_at.is_(None))))
        last = {year: serial for year, serial in session.execute(last_serial)}
    prefix = number_prefix(services.settings.get("inspections.number_prefix"), "右司监")
    days = sorted(today - timedelta(days=rnd.randrange(YEARS * 365)) for _ in range(count))
    rows = []
    for day in days:
        kind = rnd.choices(list(KINDS), list(KINDS.values()))[0]
        firm = rnd.choice(firms) if kind == "enterprise" or rnd.random() < 0.2 else None
        unit_id, unit_name = rnd.choices(units, weights)[0]
        hour, minute = rnd.randrange(8, 16), rnd.choice((0, 30))
        start = datetime(day.year, day.month, day.day, hour, minute, tzinfo=BEIJING)
        end = start + timedelta(minutes=rnd.choice((60, 90, 120, 180)))
        last[day.year] = serial = last.get(day.year, 0) + 1
        problems = planned_problems(rnd, day, today)
        words = rnd.sample(CHECKED, 2)
        rows.append({
            "number": format_number(prefix, day.year, serial), "year": day.year, "serial": serial,
            "kind": kind, "focus_area": rnd.choice(AREAS), "unit_id": unit_id,
            "enterprise_id": firm, "on_site": rnd.random() < 0.8,
            "started_at": start.astimezone(UTC), "ended_at": end.astimezone(UTC),
            "place": f"{unit_name}办公场所", "recorder": "曾桂兰",
            "basis": "《山西省行政执法条例》《行政执法监督条例》",
            "findings": f"抽查案卷{rnd.randrange(3, 12)}卷，重点查看{words[0]}和{words[1]}情况。",
            "conclusion": "存在问题，责令整改。" if problems else "执法行为基本规范。",
            "rectification_required": bool(problems),
            "rectification_deadline": max((p["deadline"] for p in problems), default=None),
            "_problems": problems,
        })  # fmt: skip
    return rows


def planned_problems(rnd: random.Random, day: date, today: date) -> list[dict[str, Any]]:
    """0–3 problems; past their deadline 95% are put right (the rest are overdue), before it
    a mix of 待整改, 整改中 and 已整改."""
    found = []
    for _ in range(rnd.choices((0, 1, 2, 3), (30, 30, 25, 15))[0]):
        deadline = day + timedelta(days=rnd.randrange(7, 91))
        weights = (95, 3, 2) if deadline < today else (25, 40, 35)
        status = rnd.choices(("done", "pending", "in_progress"), weights)[0]
        closed = min(today, day + timedelta(days=rnd.randrange(1, 100)))
        found.append({
            "category": rnd.choice(("procedure", "evidence", "law", "documents", "conduct")),
            "description": rnd.choice(PROBLEMS), "deadline": deadline, "status": status,
            "closed_on": closed if status == "done" else None,
        })  # fmt: skip
    return found


def add_leads(services: Any, count: int, today: date) -> None:
    """Leads over the same years; about two in five handed on (one or two transfers)."""
    from yuyou_desktop.storage.changes import insert_synced
    from yuyou_desktop.storage.models_inspections import Lead, LeadTransfer

    rnd = random.Random(11)
    units = [unit_id for unit_id, _ in services.registry.unit_choices()]
    sources = ("hotline", "petition", "letter_visit", "media", "contact_point", "invited")
    leads, moves = [], []
    for n in range(count):
        received = today - timedelta(days=rnd.randrange(YEARS * 365))
        deadline = received + timedelta(days=rnd.randrange(15, 61))
        status = rnd.choices(("closed", "open"), (96, 4) if deadline < today else (50, 50))[0]
        moved = rnd.choice((0, 0, 0, 1, 2))
        if moved and status == "open":
            status = "transferred"
        leads.append({
            "received_on": received, "source": rnd.choice(sources),
            "content": f"群众反映某执法部门检查扰企问题（压测第{n + 1}条）。",
            "unit_id": rnd.choice(units), "handler": "王某某", "deadline": deadline,
            "outcome": "已核实并答复。" if status == "closed" else "", "status": status,
        })  # fmt: skip
        moves.append(moved)
    targets = ("discipline", "police", "procuratorate")
    with services.database.writer() as session:
        ids = insert_synced(session, Lead, leads)
        transfers = [
            {
                "lead_id": lead_id,
                "target": rnd.choice(targets),
                "transferred_on": min(today, lead["received_on"] + timedelta(days=3 + m)),
                "status": rnd.choice(("sent", "received", "fed_back")),
            }
            for lead_id, lead, moved in zip(ids, leads, moves, strict=True)
            for m in range(moved)
        ]
        insert_synced(session, LeadTransfer, transfers)


def build(folder: Path, inspections: int):  # -> Services
    from yuyou_desktop.__main__ import build_services
    from yuyou_desktop.paths import DataPaths
    from yuyou_desktop.storage.changes import insert_synced
    from yuyou_desktop.storage.models_inspections import Inspection, InspectionProblem

    services = build_services(DataPaths(folder))
    services.office.initialize("county", "140623", "右玉县司法局", "右司监")
    services.demo.load()
    add_registers(services)
    today = date.today()
    rows = inspection_rows(services, inspections, today)
    batch = 10_000
    for start in range(0, len(rows), batch):
        chunk = rows[start : start + batch]
        planned = [row.pop("_problems") for row in chunk]
        with services.database.writer() as session:
            ids = insert_synced(session, Inspection, chunk)
            problems = [
                {**p, "inspection_id": i} for i, found in zip(ids, planned, strict=True)
                for p in found
            ]  # fmt: skip
            insert_synced(session, InspectionProblem, problems)
    add_leads(services, max(20, inspections // 30), today)
    return services  # no ANALYZE: the program never runs it, so plans are made without stats


def reopen(folder: Path):  # -> Services on a folder built by an earlier run (--data)
    from yuyou_desktop.__main__ import build_services
    from yuyou_desktop.paths import DataPaths

    services = build_services(DataPaths(folder))
    services.database.open()
    return services


# ------------------------------------------------------------------ measuring


def timed(fn: Callable[[], object], runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return samples


class Report:
    """Prints one line per figure: rows found, median, slowest, multiple of the floor, goal."""

    def __init__(self, runs: int, floor_ms: float) -> None:
        self.runs, self.floor_ms = runs, floor_ms

    def line(
        self, label: str, samples: list[float], goal_ms: float | None = None, found: int = -1
    ) -> float:
        median = statistics.median(samples) * 1000
        goal = f"  ≤ {goal_ms:.0f}: {'met' if median <= goal_ms else 'MISSED'}" if goal_ms else ""
        rows = f"{found:>8,}" if found >= 0 else " " * 8
        print(
            f"  {label:<50}{rows} {median:7.1f} ms (slowest {max(samples) * 1000:6.1f})"
            f" {median / self.floor_ms:5.0f}× floor{goal}"
        )
        return median

    def page(self, label: str, fetch: Callable[[], Any], goal_ms: float | None = None) -> float:
        found = fetch().total
        return self.line(label, timed(fetch, self.runs), goal_ms, found)


def combinations(values: dict[str, list[dict[str, Any]]]) -> list[tuple[str, dict[str, Any]]]:
    """Every subset of the dimensions, each dimension with every one of its values."""
    found = []
    names = list(values)
    for size in range(len(names) + 1):
        for subset in itertools.combinations(names, size):
            for choice in itertools.product(*(values[n] for n in subset)):
                merged = {k: v for part in choice for k, v in part.items()}
                label = "+".join(f"{n}:{merged['status']}" if n == "status" else n for n in subset)
                found.append((label or "(no filter)", merged))
    return found


def floor_ms(database: Path, runs: int) -> float:
    bare = sqlite3.connect(database)
    sql = "SELECT * FROM inspections ORDER BY started_at DESC LIMIT 200"
    floor = statistics.median(timed(lambda: bare.execute(sql).fetchall(), runs)) * 1000
    bare.close()
    print(f"\nfloor, the plain sqlite3 module: {sql}  {floor:.2f} ms")
    return floor


def measure_list(services: Any, report: Report, combo_runs: int) -> None:
    from yuyou_desktop.services.inspections.records import InspectionQuery as Q
    from yuyou_desktop.services.inspections.records import ProblemFilter

    svc = services.inspections
    total = svc.list(Q(limit=1)).total
    print(f"\nInspectionService.list on {total:,} inspections, pages of {PAGE}, "
          f"medians of {report.runs} runs (rows: the total found)")  # fmt: skip
    report.page("first page", lambda: svc.list(Q()), GOAL_PAGE)

    today = date.today()
    sample = svc.list(Q(offset=total // 3, limit=1)).rows[0]
    firm = svc.top_enterprises(today.year - 1, limit=1)[0]
    units = services.registry.unit_choices()
    unit_id, unit = max(units, key=lambda u: svc.list(Q(unit_id=u[0], limit=1)).total)
    year = {"date_from": date(today.year - 1, 1, 1), "date_to": date(today.year - 1, 12, 31)}
    back = (today - timedelta(days=60)).replace(day=1)
    month = {"date_from": back, "date_to": (back + timedelta(days=31)).replace(day=1)}
    singles: list[tuple[str, dict[str, Any]]] = [
        ("date: a month", month), ("date: a year", year),
        ("kind 涉企行政执法监督", {"kind": "enterprise"}),
        ("kind 案卷评查回访", {"kind": "review_follow_up"}),
        ("area 安全生产", {"focus_area": "work_safety"}),
        (f"unit {unit}", {"unit_id": unit_id}),
        (f"enterprise {firm.name}", {"enterprise_id": firm.enterprise_id}),
        *((f"status {s.label}", {"status": s.value}) for s in ProblemFilter),
        (f"search number “{sample.number[-8:]}”", {"search": sample.number[-8:]}),
        (f"search number “〔{today.year - 3}〕12”", {"search": f"〔{today.year - 3}〕12"}),
        (f"search unit “{unit[2:8]}”", {"search": unit[2:8]}),
        (f"search enterprise “{firm.name[2:8]}”", {"search": firm.name[2:8]}),
        (f"search findings “{WORD}”", {"search": WORD}),
        (f"search “{BROAD}”, in nearly every name", {"search": BROAD}),
        ("search, nothing matches", {"search": "无此记录"}),
    ]  # fmt: skip
    print("\n single filters:")
    for label, where in singles:
        report.page(label, lambda w=where: svc.list(Q(**w)), GOAL_FILTER)

    dims = {
        "date": [year], "kind": [{"kind": "enterprise"}], "area": [{"focus_area": "food_drug"}],
        "unit": [{"unit_id": unit_id}], "enterprise": [{"enterprise_id": firm.enterprise_id}],
        "status": [{"status": s.value} for s in ProblemFilter],
        "search": [{"search": WORD}, {"search": BROAD}],
    }  # fmt: skip
    combos = combinations(dims)
    print(
        f"\n {len(combos)} combinations of the 7 filter dimensions (the status with each of "
        f"its 4 values, the search with 2), medians of {combo_runs} runs; the slowest 10:"
    )
    measured = []
    for label, where in combos:
        samples = timed(lambda w=where: svc.list(Q(**w)), combo_runs)
        measured.append((statistics.median(samples), label, where, samples))
    measured.sort(key=lambda m: m[0], reverse=True)
    combo_report = Report(combo_runs, report.floor_ms)
    for _, label, where, samples in measured[:10]:
        combo_report.line(label, samples, GOAL_FILTER, svc.list(Q(**where)).total)
    over = sum(1 for m in measured if m[0] * 1000 > GOAL_FILTER)
    middle = statistics.median(m[0] for m in measured) * 1000
    print(f"  {over} of {len(measured)} over {GOAL_FILTER} ms; median of all {middle:.1f} ms")

    from yuyou_desktop.services.inspections.query import SORT_KEYS

    print("\n sort (first page) and deep pages:")
    for key in SORT_KEYS:
        for desc in (False, True):
            label = f"sort by {key}{' descending' if desc else ''}"
            report.page(label, lambda k=key, d=desc: svc.list(Q(sort=k, descending=d)))
    for key in SORT_KEYS:
        label = f"search “{BROAD}”, by {key} descending"
        report.page(label, lambda k=key: svc.list(Q(search=BROAD, sort=k)))
    last = (total - 1) // PAGE * PAGE
    for label, query in (
        ("offset 50,000", Q(offset=50_000)),
        (f"last page (offset {last:,})", Q(offset=last)),
        ("offset 50,000 by number", Q(offset=50_000, sort="number", descending=False)),
        ("offset 50,000 by unit", Q(offset=50_000, sort="unit")),
        ("offset 5,000 of kind 常态化监督", Q(offset=5_000, kind="routine")),
        (f"offset 5,000 of search “{WORD}”", Q(offset=5_000, search=WORD)),
    ):
        report.page(label, lambda q=query: svc.list(q))


def measure_todo(services: Any, report: Report) -> None:
    print("\n 待办 and the enterprise ranking:")
    todo = services.todo.todo()
    report.line(
        f"TodoService.todo() ({todo.overdue_problem_count:,} overdue problems)",
        timed(services.todo.todo, report.runs),
        GOAL_TODO,
        todo.total,
    )
    this_year = date.today().year
    top = services.inspections.top_enterprises
    for year in (this_year, this_year - 1):
        report.line(f"top_enterprises({year})", timed(lambda y=year: top(y), report.runs))


def measure_view(services: Any, report: Report) -> None:
    """The 检查记录 tab's list model, when it exists: made, first page in and the first screen
    of texts read; the next page when the view scrolls; a filter change."""
    if not (ROOT / "yuyou_desktop/gui/inspections/list_model.py").is_file():
        print("\n (no yuyou_desktop/gui/inspections/list_model.py yet: no view figure)")
        return
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from yuyou_desktop.gui.inspections.list_model import InspectionTableModel
    from yuyou_desktop.services.inspections.records import InspectionQuery

    app = QApplication.instance() or QApplication([])

    def first_screen() -> InspectionTableModel:
        model = InspectionTableModel(services.inspections.list)
        model.reload()
        for row in range(min(40, model.rowCount())):
            for column in range(model.columnCount()):
                model.data(model.index(row, column), Qt.ItemDataRole.DisplayRole)
        app.processEvents()
        return model

    print("\n InspectionTableModel (gui/inspections/list_model.py), without a widget:")
    model = first_screen()
    samples = timed(first_screen, report.runs)
    report.line("made, first page in, first screen read", samples, GOAL_PAGE, model.total)
    report.line("next page (fetchMore)", timed(model.fetchMore, report.runs))
    samples = []
    for _ in range(report.runs):
        model.set_query(InspectionQuery(status="none"))
        start = time.perf_counter()
        model.set_query(InspectionQuery(status="overdue"))
        samples.append(time.perf_counter() - start)
    report.line("filter changed to 有逾期问题", samples, GOAL_FILTER, model.total)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inspections", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--combo-runs", type=int, default=3)
    parser.add_argument("--data", type=Path, help="build here and keep it; reuse it if built")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="yuyou-bench-inspections-") as tmp:
        started = time.perf_counter()
        folder = args.data or Path(tmp) / "data"
        reused = (folder / "yuyou.db").is_file()
        services = reopen(folder) if reused else build(folder, args.inspections)
        how = "reused" if reused else f"built in {time.perf_counter() - started:.1f} s"
        print(f"data folder {how} ({services.paths.database.stat().st_size / 1e6:.0f} MB)")
        report = Report(args.runs, floor_ms(services.paths.database, args.runs * 3))
        measure_list(services, report, args.combo_runs)
        measure_todo(services, report)
        measure_view(services, report)
        services.database.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
