"""The people view of 单位登记 on a large database: first screen, keyword search, scrolling.

    python bench/registry_view.py [--people 100000] [--runs 7]

Builds a database with the demonstration data plus N people (``insert_synced``), then, in
this process with Qt offscreen, measures:
  open      creating and showing the people view (RegisterView) until the first screen of
            rows is in its model                                       goal (issue 3): ≤ 100 ms
  search    from the search firing (Enter, or the 250 ms pause after typing) until the
            filtered rows are in the model, for several kinds of keyword  goal: ≤ 150 ms
  scroll    one fetchMore (the next page of 200 rows) when the view reaches the end
Medians (and the slowest run) are printed, with the same query made directly on
RegistryService.list (no Qt) to show where the time goes; nothing is asserted.  The pause
after the last key stroke (SEARCH_DELAY_MS) comes on top of the search figure.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红梅建国志文斌鹏飞宇"
KEYWORDS = (
    ("a full name", "张伟"),
    ("one surname (many rows)", "王"),
    ("part of an ID number", "19851026"),
    ("a unit's name", "公安"),
    ("nothing matches", "无此人"),
)


def prepare(folder: Path, people: int):  # -> Services
    from yuyou_desktop.__main__ import build_services
    from yuyou_desktop.domain.id_number import check_character
    from yuyou_desktop.paths import DataPaths
    from yuyou_desktop.storage.changes import insert_synced
    from yuyou_desktop.storage.models import Person

    services = build_services(DataPaths(folder))
    services.office.initialize("county", "140623", "右玉县司法局", "右司监")
    services.demo.load()
    units = [unit_id for unit_id, _ in services.registry.unit_choices()]
    rnd = random.Random(20260301)
    roles = ("enforcement", "enforcement", "enforcement", "supervisor", "invited", "liaison")
    batch = 10_000
    for start in range(0, people, batch):
        rows = []
        for n in range(start, min(start + batch, people)):
            born = f"{1960 + n % 40}{1 + n % 12:02d}{1 + n % 28:02d}"
            first17 = f"1406{n // 1000 % 100:02d}{born}{n % 1000:03d}"
            rows.append(
                {
                    "name": rnd.choice(SURNAMES)
                    + "".join(rnd.choices(GIVEN, k=rnd.choice((1, 2)))),
                    "id_number": first17 + check_character(first17),
                    "role": rnd.choice(roles),
                    "unit_id": rnd.choice(units),
                    "phone": f"139{n:08d}",
                }
            )
        with services.database.writer() as session:
            insert_synced(session, Person, rows)
    return services


def median_ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:7.1f} ms (slowest {max(samples) * 1000:6.1f})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication

    from yuyou_desktop.gui.registry.register_view import SEARCH_DELAY_MS, RegisterView
    from yuyou_desktop.gui.registry.table_model import PAGE_SIZE
    from yuyou_desktop.gui.tasks import TaskRunner
    from yuyou_desktop.services.registry.query import ListQuery
    from yuyou_desktop.services.registry.specs import register

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory(prefix="yuyou-bench-view-") as tmp:
        t = time.perf_counter()
        services = prepare(Path(tmp) / "data", args.people)
        total = services.registry.list("people").total
        print(f"prepared {total:,} people in {time.perf_counter() - t:.1f} s")
        runner = TaskRunner()
        spec = register("people")

        def open_view() -> tuple[float, RegisterView]:
            begin = time.perf_counter()
            view = RegisterView(spec, services.registry, runner, transfer=services.transfer)
            view.resize(1100, 700)
            view.show()
            app.processEvents()
            elapsed = time.perf_counter() - begin
            assert view.model.rowCount() > 0
            return elapsed, view

        open_view()[1].close()  # warm-up: imports, first query plans, file cache
        opens = []
        for _ in range(args.runs):
            elapsed, view = open_view()
            opens.append(elapsed)
            view.close()
            view.deleteLater()
            app.processEvents()

        _, view = open_view()
        searches: dict[str, list[float]] = {}
        found: dict[str, int] = {}
        for label, word in KEYWORDS:
            searches[label] = []
            for _ in range(args.runs):
                view.ui.searchEdit.setText("")
                view.ui.searchEdit.returnPressed.emit()
                view.ui.searchEdit.setText(word)
                begin = time.perf_counter()
                view.ui.searchEdit.returnPressed.emit()  # what the pause after typing fires
                app.processEvents()
                searches[label].append(time.perf_counter() - begin)
                found[label] = view.model.total
        view.ui.searchEdit.setText("")
        view.ui.searchEdit.returnPressed.emit()
        service: dict[str, list[float]] = {}  # the same queries without any Qt
        for label, word in (("open", ""), *KEYWORDS):
            query = ListQuery(search=word, sort=spec.default_sort, limit=PAGE_SIZE)
            service[label] = []
            for _ in range(args.runs):
                begin = time.perf_counter()
                services.registry.list("people", query)
                service[label].append(time.perf_counter() - begin)
        scrolls = []
        for _ in range(args.runs):
            begin = time.perf_counter()
            view.model.fetchMore()
            app.processEvents()
            scrolls.append(time.perf_counter() - begin)
        runner.shutdown()
        services.database.close()

    print(f"\npeople view, {total:,} people, {args.runs} runs each (median)")
    print(f"  open: first screen of rows        {median_ms(opens)}   goal ≤ 100 ms")
    print(f"    of which RegistryService.list   {median_ms(service['open'])}")
    for label, word in KEYWORDS:
        print(f"  search {word!r}: {label}, {found[label]:,} found")
        print(f"                                    {median_ms(searches[label])}   goal ≤ 150 ms")
        print(f"    of which RegistryService.list   {median_ms(service[label])}")
    print(f"  scroll: next page of 200 rows     {median_ms(scrolls)}")
    print(f"\n(the search starts {SEARCH_DELAY_MS} ms after the last key stroke, or on Enter)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
