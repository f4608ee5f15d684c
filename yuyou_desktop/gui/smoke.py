"""``yuyou-desktop --smoke-test [PNG]``: prove that an installed (or frozen) program starts.

A demonstration township office is set up in a fresh temporary data folder (the user's data
folder and ``YUYOU_DATA_DIR`` are never touched), then the main window is opened on it the way
an ordinary start does (the database looked at read-only, the window shown, the services built
on the worker thread and attached; no sign-in: the demonstration office has no accounts).  When
every tab is built and the worker is idle, each tab is shown in turn until the worker is idle
again, then the first tab is grabbed to PNG (if asked), one line ``smoke ok: <title>, tabs: …``
(with the record counts, Qt's own button text and the Qt modules the tabs loaded) is printed
and the program exits 0.  Any error — a message box, an exception in a slot, a failed start,
more than :data:`TIMEOUT_S` seconds — prints ``smoke failed: …`` to stderr and exits 1.

Run it headless with ``QT_QPA_PLATFORM=offscreen``.
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from yuyou_desktop.gui.unavailable_page import UnavailablePage

if TYPE_CHECKING:
    from yuyou_desktop.gui.gc_guard import MainThreadCollector
    from yuyou_desktop.gui.main_window import MainWindow
    from yuyou_desktop.paths import DataPaths
    from yuyou_desktop.progress import Progress
    from yuyou_desktop.services import Services

TIMEOUT_S = 60
POLL_MS = 100
# the worker idle and every tab built for this many polls in a row: the start has settled
SETTLED_POLLS = 5
# demonstration township of 右玉县 (the demo data's own office directory lists it)
OFFICE = ("township", "140623101", "右卫镇司法所", "右卫司")


def say(line: str, *, error: bool = False) -> None:
    """Print one line; a windowed program on Windows may have no console at all."""
    stream = sys.stderr if error else sys.stdout
    if stream is not None:
        print(line, file=stream, flush=True)


class SmokeFailed(Exception):
    """What went wrong, in one line."""


def prepare_office(paths: DataPaths, factory: Callable[[DataPaths], Services]) -> None:
    """A new township office with the demonstration data, through the services."""
    services = factory(paths)
    try:
        services.office.initialize(*OFFICE)
        services.demo.load()
    finally:
        services.database.close()


class SmokeWatch(QObject):
    """Polls the window until the start has settled, shows every tab in turn (each settling
    too), comes back to the first, grabs the window and ends the event loop."""

    def __init__(self, app: QApplication, window: MainWindow, png: Path | None) -> None:
        super().__init__(app)
        self.app = app
        self.window = window
        self.png = png
        self.failures: list[str] = []
        self.report = ""
        self.settled = 0
        self.tour = [*range(1, window.ui.tabs.count()), 0]  # tabs still to show
        self.started = time.monotonic()
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.poll)

    def fail(self, reason: str) -> None:
        if not self.failures:
            self.failures.append(reason)
        self.finish(1)

    def finish(self, code: int) -> None:
        self.timer.stop()
        for box in self.message_boxes():
            box.done(0)
        self.app.exit(code)

    def message_boxes(self) -> list[QMessageBox]:
        return [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]

    def tabs(self) -> list[tuple[str, bool]]:
        """Each tab's title and whether its real page is in place."""
        widgets = self.window.ui.tabs
        return [
            (
                widgets.tabText(i),
                not isinstance(widgets.widget(i), QLabel | UnavailablePage),
            )
            for i in range(widgets.count())
        ]

    def poll(self) -> None:
        boxes = [box for box in self.message_boxes() if box.isVisible()]
        if boxes:
            self.fail(f"a message box appeared: {boxes[0].windowTitle()}: {boxes[0].text()}")
            return
        if time.monotonic() - self.started > TIMEOUT_S:
            missing = [title for title, built in self.tabs() if not built]
            self.fail(f"not ready after {TIMEOUT_S} s (tabs not built: {missing or 'none'})")
            return
        ready = (
            self.window.services is not None
            and not self.window.runner.busy
            and all(built for _, built in self.tabs())
            and "记录：" in self.window.countsLabel.text()
            and "统计中" not in self.window.countsLabel.text()
        )
        self.settled = self.settled + 1 if ready else 0
        if self.settled >= SETTLED_POLLS and self.tour:
            self.window.ui.tabs.setCurrentIndex(self.tour.pop(0))
            self.settled = 0
        elif self.settled >= SETTLED_POLLS:
            try:
                self.report = self.describe()
            except SmokeFailed as exc:
                self.fail(str(exc))
                return
            self.finish(0)

    def describe(self) -> str:
        window = self.window
        # Qt's own button texts: 取消 when the zh_CN catalogue shipped with Qt was found
        cancel = QCoreApplication.translate("QPlatformTheme", "Cancel")
        # beyond QtCore/QtGui/QtWidgets: what the tabs loaded (QtCharts, QtPdf …)
        extra = sorted(
            name.split(".")[1]
            for name in sys.modules
            if name.startswith("PySide6.Qt")
            and name.count(".") == 1
            and name not in ("PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets")
        )
        line = (
            f"{window.windowTitle()}, tabs: {', '.join(title for title, _ in self.tabs())}; "
            f"{window.countsLabel.text()}; Qt buttons: {cancel}; Qt modules: {', '.join(extra)}"
        )
        if self.png is not None:
            image = window.grab().toImage()
            if image.isNull() or not image.save(str(self.png), "PNG"):
                raise SmokeFailed(f"could not save the window picture to {self.png}")
            line += f"; picture {self.png} ({image.width()}x{image.height()})"
        return line


def start_window(
    app: QApplication, paths: DataPaths, factory: Callable[[DataPaths], Services], png: Path | None
) -> tuple[MainWindow, SmokeWatch]:
    """The ordinary fast start of :func:`yuyou_desktop.gui.app.run` on ``paths``."""
    from yuyou_desktop.gui.app import ready_office, window_settings
    from yuyou_desktop.gui.main_window import MainWindow
    from yuyou_desktop.gui.resources import app_icon, stylesheet
    from yuyou_desktop.gui.tasks import TaskRunner
    from yuyou_desktop.paths import resources_dir

    resources = resources_dir()
    app.setWindowIcon(app_icon(resources))
    app.setStyleSheet(stylesheet(resources))
    office = ready_office(paths)
    if office is None:
        raise SmokeFailed("the new demonstration database does not open on the fast path")
    window = MainWindow(paths, resources, office, TaskRunner(), window_settings(paths))
    watch = SmokeWatch(app, window, png)
    window.show()

    def build(progress: Progress) -> Services:
        built = factory(paths)
        built.database.open()
        return built

    def failed(exc: BaseException) -> None:
        watch.fail(f"the database did not open: {exc}")

    window.runner.run("正在打开数据库", build, window.attach, failed, parent=window)
    return window, watch


def close_window(window: MainWindow) -> None:
    for reminder in (window.todo_reminder, window.plan_reminder):
        if reminder is not None:
            reminder.close()
    window.close()
    window.runner.shutdown()
    if window.services is not None:
        window.services.database.close()


def watchdog(seconds: float) -> threading.Timer:
    """Ends the process if even the event loop is stuck (the poll timer cannot fire)."""

    def kill() -> None:
        say(f"smoke failed: the program hung for {seconds:.0f} s", error=True)
        os._exit(2)

    timer = threading.Timer(seconds, kill)
    timer.daemon = True
    timer.start()
    return timer


def run_smoke(
    app: QApplication,
    factory: Callable[[DataPaths], Services],
    png: str,
    collector: MainThreadCollector | None = None,
) -> int:
    """The ``--smoke-test`` start; ``png`` is "" for no picture.  Returns the exit code."""
    from yuyou_desktop.paths import DataPaths

    dog = watchdog(TIMEOUT_S + 15)
    failures: list[str] = []
    previous_hook = sys.excepthook

    def hook(kind, exc, tb) -> None:  # an exception escaping a Qt slot
        failures.append("".join(traceback.format_exception(kind, exc, tb)).strip())
        QTimer.singleShot(0, lambda: app.exit(1))

    sys.excepthook = hook
    picture = Path(png).expanduser().resolve() if png else None
    watch: SmokeWatch | None = None
    try:
        with tempfile.TemporaryDirectory(
            prefix="yuyou-smoke-", ignore_cleanup_errors=True
        ) as folder:
            paths = DataPaths(Path(folder) / "data")
            window: MainWindow | None = None
            try:
                prepare_office(paths, factory)
                window, watch = start_window(app, paths, factory, picture)
                watch.timer.start()
                code = app.exec()
            except SmokeFailed as exc:
                failures.append(str(exc))
                code = 1
            except Exception:
                failures.append(traceback.format_exc().strip())
                code = 1
            finally:
                if window is not None:
                    close_window(window)
    finally:
        sys.excepthook = previous_hook
        if collector is not None:
            collector.stop()
        dog.cancel()
    failures += watch.failures if watch is not None else []
    if not failures and (watch is None or not watch.report):
        failures.append("the program ended before the window was ready")
    if failures or code != 0:
        say(f"smoke failed: {' | '.join(failures) or f'exit code {code}'}", error=True)
        return 1
    say(f"smoke ok: {watch.report}")
    return 0
