"""Progress reporting and cancellation for long jobs, without any Qt dependency.

Services accept a :class:`Progress`; the GUI task runner passes one that forwards to a
progress dialog, the CLI and tests pass :data:`NO_PROGRESS` or their own.
"""

from __future__ import annotations

import threading
from typing import Protocol

from yuyou_desktop.errors import Cancelled


class Progress(Protocol):
    def report(self, done: int, total: int, message: str = "") -> None:
        """Tell the user how far the job is; ``total`` 0 means unknown."""

    def check_cancelled(self) -> None:
        """Raise :class:`Cancelled` if the user asked to stop."""


class _NoProgress:
    def report(self, done: int, total: int, message: str = "") -> None:
        return None

    def check_cancelled(self) -> None:
        return None


NO_PROGRESS: Progress = _NoProgress()


class CancelToken:
    """A thread-safe flag the GUI sets and the worker checks."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        if self._event.is_set():
            raise Cancelled()
