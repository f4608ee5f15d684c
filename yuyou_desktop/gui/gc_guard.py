"""Garbage is collected on the GUI thread only.

Python's cyclic collector runs on whichever thread happens to allocate past the threshold — often
a worker of the task runner.  Collecting a Qt wrapper there makes Qt disconnect its signals from
that thread: it takes Qt's connection lock and then waits for the interpreter lock, while the GUI
thread, holding the interpreter lock, waits for the same Qt lock to connect a signal — the window
freezes for good.  So the automatic collector is switched off and a timer on the GUI thread runs
the same generational collections (by the same thresholds) a few times a second."""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500


class MainThreadCollector(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        gc.disable()
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def check(self) -> None:
        """Collect the generations whose counts passed their thresholds (as gc would)."""
        first, second, third = gc.get_count()
        limits = gc.get_threshold()
        if third > limits[2]:
            gc.collect(2)
        elif second > limits[1]:
            gc.collect(1)
        elif first > limits[0]:
            gc.collect(0)

    def stop(self) -> None:
        self.timer.stop()
        gc.enable()
