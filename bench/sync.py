"""数据同步 at scale: a township exports 100,000 changes; the county, already holding 1,000,000
rows, imports them.

    python bench/sync.py [--scale 1.0] [--runs 3] [--data DIR] [--profile]

Builds two data folders (``--scale`` multiplies every count; 0.05 for a quick run):
  township  140623101 with 100,000 changes: its own units, 检查对象, 人员, 检查记录 with their
            检查人员 and 发现问题, all through ``insert_synced``, then 5% of them edited through the
            ORM (人员 phones, problems put right: logged updates)
  county    140623 whose database already holds 1,000,000 rows of 20 other townships in the
            same tables — inserted with SQLAlchemy Core executemany, as an import leaves them
            (no change_log at the county) — with the township's key enrolled, and the county's
            key pinned at the township
Then measures (medians of ``--runs``; the export and each import in a subprocess of its own, on a
fresh copy of the county folder; nothing is asserted):
  export  ExportService.export(full=True) of all the changes, against the floor: the plain
          sqlite3 module reading the same change_log rows (SELECT … ORDER BY seq, every row
          fetched)                                                          goal: ≤ 2× floor
  import  ImportService.import_files([package]) at the county, against the floor: the plain
          sqlite3 module inserting the township's rows as stored (one executemany per table,
          one BEGIN IMMEDIATE … COMMIT, the program's PRAGMAs) into a copy of the county
          database — same tables, same indexes                             goal: ≤ 4× floor
  memory  the peak RSS of each subprocess (VmHWM), and what it held before the export or
          import began                                                      goal: < 300 MB
``--data`` keeps the built folders (and reuses them); ``--profile`` prints the export's and the
import's cProfile (top functions by own time) from their first run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

TOWNSHIP = ("township", "140623101", "右卫镇司法所", "右卫司")
COUNTY = ("county", "140623", "右玉县司法局", "右司监")
OTHERS = [f"140623{200 + n}" for n in range(20)]  # the townships already at the county
CHANGES, COUNTY_ROWS = 100_000, 1_000_000
# share of the rows per table (of the changes at the township, of the rows at the county)
MIX = {"enforcement_units": 0.001, "enterprises": 0.15, "people": 0.2, "inspections": 0.3,
       "inspection_supervisors": 0.224, "inspection_problems": 0.075}  # fmt: skip
EDITED = 0.05  # share of the township's changes that are edits
GOAL_EXPORT, GOAL_IMPORT, GOAL_MB = 2.0, 4.0, 300
TRADES = ("羊肉食品", "建材", "物流", "煤业", "餐饮", "农牧", "酒店", "药业", "建筑工程", "商贸")
SURNAMES, GIVEN = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗",
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞",
)
NAMES = "右卫东山西河南坪北岭杨树柳林榆树桃园石门红旗前进高家李家马营牛心黄沙白石青龙长城丰收"
TOWNS = [NAMES[i : i + 2] for i in range(0, len(NAMES), 2)]  # 右卫, then 20 invented
PROBLEMS = ("未按规定履行告知程序", "文书送达不规范", "裁量理由未说明", "证据链不完整",
            "执法全过程记录缺失", "法制审核意见未附卷")  # fmt: skip


# ------------------------------------------------------------------ rows


def credit_code(prefix: str, n: int) -> str:
    from yuyou_desktop.domain.credit_code import check_character

    first17 = f"{prefix}140623{n:09d}"
    return first17 + check_character(first17)


def id_number(n: int) -> str:
    from yuyou_desktop.domain.id_number import check_character

    first17 = f"14{n:07d}{1960 + n % 40}{1 + n % 12:02d}{1 + n % 28:02d}"
    return first17 + check_character(first17)


def office_rows(code: str, index: int, total: int, seed: int) -> dict[str, list[dict[str, Any]]]:
    """``total`` rows of one township (``index`` keeps its codes and numbers apart), as model
    attributes, per table in the order they reference each other.  Ids are set here."""
    import random
    from datetime import UTC, date, datetime, timedelta

    from yuyou_desktop.domain.ids import uuid7

    rnd, base = random.Random(seed), index * 400_000
    count = {table: max(1, int(total * share / sum(MIX.values()))) for table, share in MIX.items()}
    count["inspections"] += total - sum(count.values())  # exactly ``total``
    town = TOWNS[index]
    stamp = datetime(2026, 3, 1, tzinfo=UTC)

    def row(**values: Any) -> dict[str, Any]:
        return {"id": uuid7(), "origin_office": code, "version": 1, "created_at": stamp,
                "updated_at": stamp, "deleted_at": None, **values}  # fmt: skip

    units = [row(name=f"{town}镇综合行政执法队第{i + 1}中队",
                 credit_code=credit_code("12", base + i), kind="authorised",
                 sector="乡镇综合执法", level="township", township_code=code,
                 address=f"右玉县{town}镇政府院内", contact_person="王建国",
                 phone=f"0349-80{i % 100:02d}{index:03d}", status="active", remark="")
             for i in range(count["enforcement_units"])]  # fmt: skip
    firms = [row(name=f"右玉县{town}{rnd.choice(TRADES)}有限公司{i + 1}号",
                 credit_code=credit_code("91", base + i), category="industry",
                 township_code=code, address=f"右玉县{town}镇{rnd.randrange(1, 99)}号",
                 contact_person=rnd.choice(SURNAMES) + rnd.choice(GIVEN),
                 phone=f"139{base + i:08d}")
             for i in range(count["enterprises"])]  # fmt: skip
    people = [row(name=rnd.choice(SURNAMES) + "".join(rnd.choices(GIVEN, k=2)),
                  id_number=id_number(base + i), role="enforcement",
                  unit_id=rnd.choice(units)["id"], organisation=f"{town}镇人民政府",
                  phone=f"138{base + i:08d}", legal_qualification=rnd.random() < 0.2, remark="")
              for i in range(count["people"])]  # fmt: skip
    visits = []
    for i in range(count["inspections"]):
        day = stamp + timedelta(days=-rnd.randrange(5 * 365), hours=rnd.randrange(0, 8))
        firm = rnd.choice(firms)["id"] if rnd.random() < 0.3 else None
        visits.append(row(
            number=f"右卫司监〔{day.year}〕{i + 1}号", year=day.year, serial=i + 1,
            kind=rnd.choice(("routine", "special", "enterprise", "random")),
            focus_area=rnd.choice(("food_drug", "work_safety", "environment", "other")),
            unit_id=rnd.choice(units)["id"], enterprise_id=firm, on_site=True, quiet_exception="",
            started_at=day, ended_at=day + timedelta(hours=2), place=f"{town}镇政府会议室",
            recorder="曾桂兰", basis="《山西省行政执法条例》《行政执法监督条例》",
            findings=f"抽查案卷{rnd.randrange(3, 12)}卷，重点查看听证告知和送达回证情况，"
            "现场询问执法人员两名，调阅执法全过程记录。",
            conclusion="执法行为基本规范。", rectification_required=False,
            rectification_deadline=None, lead_id=None,
        ))  # fmt: skip
    companions = [row(inspection_id=rnd.choice(visits)["id"], person_id=rnd.choice(people)["id"],
                      certificate_number=f"14062300{i:06d}", invited=False)
                  for i in range(count["inspection_supervisors"])]  # fmt: skip
    problems = [row(inspection_id=rnd.choice(visits)["id"], category="procedure",
                    description=rnd.choice(PROBLEMS), deadline=date(2026, 4, 30), status="pending",
                    unit_report="", follow_up="", closed_on=None)
                for _ in range(count["inspection_problems"])]  # fmt: skip
    return {"enforcement_units": units, "enterprises": firms, "people": people,
            "inspections": visits, "inspection_supervisors": companions,
            "inspection_problems": problems}  # fmt: skip


def models() -> dict[str, Any]:
    from yuyou_desktop.storage.models import Base

    return {m.local_table.name: m.class_ for m in Base.registry.mappers}


# ------------------------------------------------------------------ building the folders


def services_on(folder: Path, profile: tuple[str, ...] = ()) -> Any:
    """Services on ``folder``: an office set up from ``profile`` (role, code, name, prefix), or
    the one already there."""
    from yuyou_desktop.__main__ import build_services
    from yuyou_desktop.paths import DataPaths

    services = build_services(DataPaths(folder))
    if profile:
        services.office.initialize(*profile)
    else:
        services.database.open()
    return services


def build(root: Path, scale: float) -> None:
    from datetime import UTC, datetime

    from sqlalchemy import insert, select

    from yuyou_desktop.storage.changes import insert_synced

    town, county = services_on(root / "township", TOWNSHIP), services_on(root / "county", COUNTY)
    county.sync_keys.trust(TOWNSHIP[1], TOWNSHIP[2], town.sync_keys.export_public(root / "t.key"))
    town.sync_keys.trust(COUNTY[1], COUNTY[2], county.sync_keys.export_public(root / "c.key"))

    edits = round(CHANGES * scale * EDITED)
    rows = office_rows(TOWNSHIP[1], 0, round(CHANGES * scale) - edits, 1)
    with town.database.writer() as session:
        for table, found in rows.items():
            for row in found:
                del row["origin_office"], row["version"], row["created_at"], row["updated_at"]
            insert_synced(session, models()[table], found)
    people, problems = models()["people"], models()["inspection_problems"]
    with town.database.writer() as session:  # logged edits, as the program makes them
        for n, person in enumerate(session.scalars(select(people).limit(edits // 2))):
            person.phone = f"137{n:08d}"
        for problem in session.scalars(select(problems).limit(edits - edits // 2)):
            problem.status, problem.closed_on = "done", datetime(2026, 4, 1, tzinfo=UTC).date()
    town.database.close()

    rows_there = round(COUNTY_ROWS * scale)
    for index, code in enumerate(OTHERS, 1):
        share = rows_there // len(OTHERS) + (index <= rows_there % len(OTHERS))
        found = office_rows(code, index, share, index)
        with county.database.writer() as session:  # as an import leaves them: no change_log
            for table, table_rows in found.items():
                session.execute(insert(models()[table]), table_rows)
    county.database.close()


def counts(database: Path) -> tuple[int, int]:
    """(change_log rows, rows of the synchronised tables) in a database."""
    conn = sqlite3.connect(database)
    logged = conn.execute("SELECT count(*) FROM change_log").fetchone()[0]
    rows = sum(conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in MIX)
    conn.close()
    return logged, rows


# ------------------------------------------------------------------ the subprocesses


def peak_kb() -> int:
    """This process's peak resident set, KB: Linux's VmHWM (``ru_maxrss`` would start at the
    parent's peak, carried over the fork and exec), else ``ru_maxrss``."""
    status = Path("/proc/self/status")
    for line in status.read_text().splitlines() if status.exists() else ():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    import resource  # not on Windows

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KB (bytes on macOS)


def child(mode: str, folder: Path, package: Path, profile: bool) -> None:
    """Run one export or import and print its time and memory as JSON (the last line)."""
    services = services_on(folder)
    before = peak_kb()
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    start = time.perf_counter()
    if mode == "export":
        result = services.sync_export.export(package, full=True)
        outcome: dict[str, Any] = {"records": result.records, "size": result.size}
    else:
        [report] = services.sync_import.import_files([package])
        assert report.status == "applied", report.message
        outcome = {"message": report.message, **report.stats}
    seconds = time.perf_counter() - start
    if profiler is not None:
        import pstats

        profiler.disable()
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("tottime").print_stats(22)
    services.database.close()
    peak = peak_kb()
    print(json.dumps({"seconds": seconds, "before_kb": before, "peak_kb": peak, **outcome}))


def run_child(mode: str, folder: Path, package: Path, profile: bool) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", mode, str(folder), str(package)]
    done = subprocess.run(
        command + (["--profile"] if profile else []), check=True, capture_output=True, text=True
    )
    if profile:
        print(done.stderr)
    return json.loads(done.stdout.strip().splitlines()[-1])


# ------------------------------------------------------------------ the floors


def read_floor(database: Path) -> float:
    conn = sqlite3.connect(database)
    start = time.perf_counter()
    cursor = conn.execute(
        "SELECT seq, table_name, op, base_version, base_updated_at, payload FROM change_log"
        " WHERE epoch = (SELECT db_epoch FROM office) ORDER BY seq"
    )
    while cursor.fetchmany(2000):
        pass
    seconds = time.perf_counter() - start
    conn.close()
    return seconds


def township_rows(database: Path) -> list[tuple[str, list[str], list[tuple]]]:
    """The township's own rows as stored, per table (referenced tables first)."""
    conn = sqlite3.connect(database)
    found = []
    for table in MIX:
        cursor = conn.execute(f'SELECT * FROM "{table}" WHERE origin_office = ?', (TOWNSHIP[1],))
        found.append((table, [d[0] for d in cursor.description], cursor.fetchall()))
    conn.close()
    return found


def insert_floor(database: Path, rows: list[tuple[str, list[str], list[tuple]]]) -> float:
    conn = sqlite3.connect(database, isolation_level=None)
    for pragma in ("foreign_keys=ON", "journal_mode=WAL", "synchronous=FULL"):
        conn.execute(f"PRAGMA {pragma}")
    start = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    for table, names, values in rows:
        columns = ", ".join(f'"{n}"' for n in names)
        marks = ", ".join("?" * len(names))
        conn.executemany(f'INSERT INTO "{table}" ({columns}) VALUES ({marks})', values)
    conn.execute("COMMIT")
    seconds = time.perf_counter() - start
    conn.close()
    return seconds


def fresh_county(data: Path, work: Path) -> Path:
    """A copy of the county folder, written out to disk before anything is timed on it."""
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(data / "county", work)
    if hasattr(os, "sync"):
        os.sync()
    return work


# ------------------------------------------------------------------ report


def figure(label: str, samples: list[float], floor: float | None = None, goal: float = 0) -> str:
    median = statistics.median(samples)
    text = f"  {label:<46} {median:8.2f} s (slowest {max(samples):6.2f})"
    if floor:
        ratio = median / floor
        text += f"  {ratio:5.2f}× floor  goal ≤ {goal:g}×: {'met' if ratio <= goal else 'MISSED'}"
    return text


def memory(label: str, runs: list[dict[str, Any]]) -> str:
    peak = max(r["peak_kb"] for r in runs) / 1024
    before = max(r["before_kb"] for r in runs) / 1024
    verdict = "met" if peak < GOAL_MB else "MISSED"
    return (f"  {label:<46} {peak:8.0f} MB peak RSS ({before:.0f} MB before it began)"
            f"  goal < {GOAL_MB} MB: {verdict}")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--data", type=Path, help="build here and keep it; reuse it if built")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]), Path(args.child[2]), args.profile)
        return 0

    with tempfile.TemporaryDirectory(prefix="yuyou-bench-sync-") as tmp:
        work = Path(tmp)
        data = args.data or work / "data"
        if (data / "county" / "yuyou.db").is_file():
            print(f"data folders reused from {data}")
        else:
            started = time.perf_counter()
            build(data, args.scale)
            print(f"data folders built in {time.perf_counter() - started:.1f} s")
        town_db, county_db = data / "township" / "yuyou.db", data / "county" / "yuyou.db"
        logged, town_rows = counts(town_db)
        _, county_rows = counts(county_db)
        print(f"  township: {logged:,} changes in change_log ({town_rows:,} rows), "
              f"database {town_db.stat().st_size / 1e6:.0f} MB")  # fmt: skip
        print(f"  county:   {county_rows:,} rows of {len(OTHERS)} other townships, "
              f"database {county_db.stat().st_size / 1e6:.0f} MB")  # fmt: skip

        package = work / "township.yypkg"
        print(f"\nexport of {logged:,} changes (medians of {args.runs} runs):")
        floor = statistics.median(read_floor(town_db) for _ in range(args.runs))
        print(figure("floor: sqlite3 reads the change_log rows", [floor]))
        exports = [run_child("export", data / "township", package, args.profile and not n)
                   for n in range(args.runs)]  # fmt: skip
        print(figure("ExportService.export", [e["seconds"] for e in exports], floor, GOAL_EXPORT))
        size = package.stat().st_size
        print(f"  package: {size / 1e6:.1f} MB, {size / max(logged, 1):.0f} bytes a change")

        print(f"\nimport of those changes into the county's {county_rows:,} rows:")
        rows = township_rows(town_db)
        floors = [insert_floor(fresh_county(data, work / "floor") / "yuyou.db", rows)
                  for _ in range(args.runs)]  # fmt: skip
        floor = statistics.median(floors)
        print(figure(f"floor: sqlite3 executemany of {sum(len(r[2]) for r in rows):,} rows",
                     floors))  # fmt: skip
        imports = [run_child("import", fresh_county(data, work / "import"), package,
                             args.profile and not n) for n in range(args.runs)]  # fmt: skip
        print(figure("ImportService.import_files", [i["seconds"] for i in imports], floor,
                     GOAL_IMPORT))  # fmt: skip
        print(f"  {imports[0]['message']}")
        print("\nmemory (each in a subprocess of its own):")
        print(memory("export", exports))
        print(memory("import", imports))
    return 0


if __name__ == "__main__":
    sys.exit(main())
