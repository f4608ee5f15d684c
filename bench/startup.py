"""Start-up time: process start → main window shown, against a bare PySide6 window.

    python bench/startup.py [--runs 7] [--records 100000]

Three programs are started as fresh processes, each several times, in the same run:
  bare      a QApplication with an empty QMainWindow (the floor)
  demo      yuyou-desktop on a database with the demonstration data
  large     yuyou-desktop on a database holding N synchronised records (default 100,000)
Each child reports the wall-clock moment its main window received its first Show event (and,
for yuyou-desktop, the moment the status-bar record counts were filled in).  Medians are
printed with the ratio to the bare window.  Goal (issue 2): window shown within 2x the bare one.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CHILD_BARE = r"""
import sys, time, os
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
class Watch(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Show and isinstance(obj, QMainWindow):
            print(f"shown {time.time_ns()}", flush=True)
            os._exit(0)
        return False
watch = Watch(); app.installEventFilter(watch)
w = QMainWindow(); w.setWindowTitle("bare"); w.resize(1200, 760); w.show()
app.exec()
"""

CHILD_APP = r"""
import sys, time, os
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv)
class Watch(QObject):
    window = None
    def eventFilter(self, obj, event):
        if self.window is None and event.type() == QEvent.Type.Show \
                and type(obj).__name__ == "MainWindow":
            print(f"shown {time.time_ns()}", flush=True)
            self.window = obj
            QTimer.singleShot(0, self.poll)
        return False
    def poll(self):
        if "执法主体" not in self.window.countsLabel.text():
            QTimer.singleShot(1, self.poll)
            return
        print(f"counts {time.time_ns()}", flush=True)
        os._exit(0)
watch = Watch(); app.installEventFilter(watch)
from yuyou_desktop.__main__ import main_gui
main_gui(["yuyou-desktop", "--data-dir", sys.argv[1]])
"""


def start_once(code: str, *args: str) -> dict[str, float]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    begin = time.time_ns()
    proc = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    marks = {}
    for line in proc.stdout.splitlines():
        name, _, value = line.partition(" ")
        marks[name] = (int(value) - begin) / 1e9
    if "shown" not in marks:
        raise RuntimeError(f"child did not show a window:\n{proc.stdout}\n{proc.stderr}")
    return marks


def prepare(folder: Path, records: int) -> None:
    from yuyou_desktop.__main__ import build_services
    from yuyou_desktop.domain.credit_code import check_character
    from yuyou_desktop.paths import DataPaths
    from yuyou_desktop.storage.changes import insert_synced
    from yuyou_desktop.storage.models import EnforcementUnit

    services = build_services(DataPaths(folder))
    services.office.initialize("county", "140623", "右玉县司法局", "右司监")
    services.demo.load()
    batch = 10_000
    for start in range(0, records - 25, batch):
        rows = []
        for n in range(start, min(start + batch, records - 25)):
            first17 = f"12140623{n + 100000:09d}"
            rows.append(
                {
                    "name": f"测试执法单位{n:06d}",
                    "credit_code": first17 + check_character(first17),
                    "kind": "authorised",
                    "sector": "测试",
                    "level": "township",
                    "status": "active",
                }
            )
        with services.database.writer() as session:
            insert_synced(session, EnforcementUnit, rows)
    services.database.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--records", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="yuyou-bench-") as tmp:
        demo_dir, large_dir = Path(tmp) / "demo", Path(tmp) / "large"
        t = time.perf_counter()
        prepare(demo_dir, 25)
        prepare(large_dir, args.records)
        size_mb = (large_dir / "yuyou.db").stat().st_size / 1e6
        print(
            f"prepared databases in {time.perf_counter() - t:.1f} s "
            f"(large: {args.records} synchronised records, {size_mb:.1f} MB)"
        )
        start_once(CHILD_BARE)  # warm the file cache and .pyc files
        start_once(CHILD_APP, str(demo_dir))
        results: dict[str, list[dict[str, float]]] = {"bare": [], "demo": [], "large": []}
        for _ in range(args.runs):  # interleaved so that machine noise hits all three
            results["bare"].append(start_once(CHILD_BARE))
            results["demo"].append(start_once(CHILD_APP, str(demo_dir)))
            results["large"].append(start_once(CHILD_APP, str(large_dir)))
    bare = statistics.median(r["shown"] for r in results["bare"])
    print(f"\n{'program':<34}{'shown (median)':>16}{'ratio':>8}{'counts filled':>16}")
    print(f"{'bare PySide6 QMainWindow':<34}{bare * 1000:>13.0f} ms{1:>8.2f}")
    for key, label in (
        ("demo", "yuyou-desktop, demo data"),
        ("large", f"yuyou-desktop, {args.records:,} records"),
    ):
        shown = statistics.median(r["shown"] for r in results[key])
        counts = statistics.median(r["counts"] for r in results[key])
        print(f"{label:<34}{shown * 1000:>13.0f} ms{shown / bare:>8.2f}{counts * 1000:>13.0f} ms")
    print(f"\nruns per program: {args.runs}; goal: window shown within 2.00x the bare window")
    return 0


if __name__ == "__main__":
    sys.exit(main())
