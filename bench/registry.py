"""Registers at scale: listing, searching and sorting people in SQL, and importing a workbook.

    python bench/registry.py [--people 100000] [--import-rows 10000] [--runs 7]

Builds a database with the demonstration units plus N people (``insert_synced``), then measures
with medians over several runs (nothing is asserted):
  list      RegistryService.list("people") first page of 100           goal (issue 3): ≤ 100 ms
  search    keyword search (a name, an ID-number fragment, a unit)     goal: ≤ 150 ms
  sort      first page sorted by another column
  import    TransferService.import_file of an M-row people workbook (new people), against
            openpyxl alone reading the same file read-only              goal: ≤ 3× openpyxl
  export    TransferService.export of all N people (one run)
The GUI widget is measured separately (bench/registry_view.py).
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红梅建国志文斌鹏飞宇"
ROLES = ("enforcement", "enforcement", "enforcement", "supervisor", "invited", "liaison")
ROLE_LABELS = {"enforcement": "执法人员", "supervisor": "监督人员", "invited": "特邀行政执法监督员"}
ROLE_LABELS["liaison"] = "联络员"


def id_number(n: int) -> str:
    """A valid, unique 身份证号 for every n (its region code is not 右玉's, so no demo clash)."""
    from yuyou_desktop.domain.id_number import check_character

    born = f"{1960 + n % 40}{1 + n % 12:02d}{1 + n % 28:02d}"
    first17 = f"11{n // 1000 % 10000:04d}{born}{n % 1000:03d}"
    return first17 + check_character(first17)


def person(rnd: random.Random, n: int) -> dict[str, str]:
    return {
        "name": rnd.choice(SURNAMES) + "".join(rnd.choices(GIVEN, k=rnd.choice((1, 2)))),
        "id_number": id_number(n),
        "role": rnd.choice(ROLES),
        "phone": f"139{n:08d}",
    }


def build(folder: Path, people: int):  # -> Services
    from yuyou_desktop.__main__ import build_services
    from yuyou_desktop.paths import DataPaths
    from yuyou_desktop.storage.changes import insert_synced
    from yuyou_desktop.storage.models import Person

    services = build_services(DataPaths(folder))
    services.office.initialize("county", "140623", "右玉县司法局", "右司监")
    services.demo.load()
    units = [unit_id for unit_id, _ in services.registry.unit_choices()]
    rnd = random.Random(20260301)
    batch = 10_000
    for start in range(0, people, batch):
        rows = [
            {**person(rnd, n), "unit_id": rnd.choice(units)}
            for n in range(start, min(start + batch, people))
        ]
        with services.database.writer() as session:
            insert_synced(session, Person, rows)
    return services


def write_people_book(path: Path, services, first: int, count: int) -> Path:
    from openpyxl import Workbook

    units = [name for _, name in services.registry.unit_choices()]
    rnd = random.Random(first)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("人员")
    ws.append(
        [
            "姓名",
            "身份证号",
            "人员类别",
            "所属单位",
            "工作单位或身份",
            "联系电话",
            "法律职业资格",
            "备注",
        ]
    )
    for n in range(first, first + count):
        p = person(rnd, n)
        ws.append(
            [p["name"], p["id_number"], ROLE_LABELS[p["role"]], rnd.choice(units), "", p["phone"],
             rnd.choice(("是", "否")), ""]
        )  # fmt: skip
    wb.save(path)
    return path


def timed(fn: Callable[[], object], runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return samples


def line(label: str, samples: list[float], goal_ms: float | None = None) -> float:
    median = statistics.median(samples) * 1000
    goal = (
        f"  goal ≤ {goal_ms:.0f} ms: {'met' if median <= goal_ms else 'MISSED'}" if goal_ms else ""
    )
    print(f"  {label:<44} {median:8.1f} ms  (slowest {max(samples) * 1000:7.1f}){goal}")
    return median


def read_only(path: Path) -> int:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    rows = sum(1 for _ in wb["人员"].iter_rows(values_only=True))
    wb.close()
    return rows


def bench_import(base: Path, book: Path, runs: int, label: str) -> tuple[float, float]:
    from yuyou_desktop.__main__ import build_services
    from yuyou_desktop.paths import DataPaths

    samples = []
    for run in range(runs):
        folder = base.parent / f"{base.name}-import-{run}"
        shutil.copytree(base, folder)
        services = build_services(DataPaths(folder))
        services.database.open()
        start = time.perf_counter()
        report = services.transfer.import_file("people", book)
        samples.append(time.perf_counter() - start)
        assert report.ok and report.added > 0, report.errors[:3]
        services.database.close()
        shutil.rmtree(folder)
    return line(label, samples), statistics.median(samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--import-rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    from yuyou_desktop.services.registry.query import ListQuery

    with tempfile.TemporaryDirectory(prefix="yuyou-bench-") as tmp:
        tmp_path = Path(tmp)
        started = time.perf_counter()
        big = build(tmp_path / "big", args.people)
        print(
            f"database with {args.people:,} people built in {time.perf_counter() - started:.1f} s"
        )
        reg = big.registry
        sample = reg.list("people", ListQuery(offset=args.people // 2, limit=1)).rows[0].values
        print(f"\nRegistryService.list on {args.people:,} people (medians of {args.runs} runs):")
        line(
            "first page (100 rows)",
            timed(lambda: reg.list("people", ListQuery(limit=100)), args.runs),
            100,
        )
        for what, text in (
            ("search a full name", sample["name"]),
            ("search one surname (many rows)", "王"),
            ("search an ID-number fragment", sample["id_number"][6:14]),
            ("search the last 6 of an ID number", sample["id_number"][-6:]),
            ("search a unit's name", "公安"),
            ("search, nothing matches", "无此人"),
        ):
            query = ListQuery(search=text, limit=100)
            line(f"{what} “{text}”", timed(lambda q=query: reg.list("people", q), args.runs), 150)
        for what, query in (
            ("sort by 身份证号", ListQuery(sort="id_number", limit=100)),
            ("sort by 所属单位, descending", ListQuery(sort="unit", descending=True, limit=100)),
            ("sort by 联系电话", ListQuery(sort="phone", limit=100)),
            ("filter 人员类别 = 联络员", ListQuery(filters={"role": "liaison"}, limit=100)),
            ("page 500 (offset 50,000)", ListQuery(offset=50_000, limit=100)),
        ):
            line(what, timed(lambda q=query: reg.list("people", q), args.runs), 100)

        print(f"\nImporting a {args.import_rows:,}-row people workbook (new people):")
        book = write_people_book(tmp_path / "people.xlsx", big, 5_000_000, args.import_rows)
        read = line("openpyxl alone, read-only read", timed(lambda: read_only(book), args.runs))
        empty = build(tmp_path / "empty", 0)
        empty.database.close()
        big.database.close()
        into_empty, _ = bench_import(
            tmp_path / "empty", book, args.runs, "import_file into units only"
        )
        into_big, _ = bench_import(
            tmp_path / "big",
            book,
            max(3, args.runs // 2),
            f"import_file into {args.people:,} people",
        )
        print(f"  ratio to openpyxl alone: {into_empty / read:.2f}× (units only), "
              f"{into_big / read:.2f}× ({args.people:,} people); goal ≤ 3×")  # fmt: skip

        big = build_on(tmp_path / "big")
        start = time.perf_counter()
        count = big.transfer.export("people", tmp_path / "export.xlsx")
        print(f"\nexport of {count:,} people: {time.perf_counter() - start:.1f} s "
              f"({(tmp_path / 'export.xlsx').stat().st_size / 1e6:.1f} MB)")  # fmt: skip
        start = time.perf_counter()
        report = big.transfer.import_file("people", tmp_path / "export.xlsx", dry_run=True)
        print(f"dry run of that export ({report.unchanged:,} unchanged): "
              f"{time.perf_counter() - start:.1f} s")  # fmt: skip
        big.database.close()
    return 0


def build_on(folder: Path):  # -> Services on an existing data folder
    from yuyou_desktop.__main__ import build_services
    from yuyou_desktop.paths import DataPaths

    services = build_services(DataPaths(folder))
    services.database.open()
    return services


if __name__ == "__main__":
    sys.exit(main())
