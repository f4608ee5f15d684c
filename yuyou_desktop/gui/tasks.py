"""Background work for the GUI.

One worker thread runs every job in order (SQLite has one writer); results and errors come
back to the GUI thread by queued signals.  A progress dialog appears only when a job takes
longer than ``SHOW_AFTER_MS`` and offers 取消, which asks the job to stop at its next
``check_cancelled()``; the job's transaction then rolls back.  An unexpected error (not a
``YuyouError``) is logged with its traceback, and the log file is named in a note on it, which
``messages.show_error`` shows.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from yuyou_desktop.errors import Cancelled, YuyouError
from yuyou_desktop.logs import where_logged
from yuyou_desktop.progress import CancelToken, Progress

SHOW_AFTER_MS = 500
LOG = logging.getLogger(__name__)


class _Bridge(QObject):
    """Carries a job's events from the worker thread to the GUI thread.

    The bridge lives in the GUI thread; its signals are emitted in the worker thread and
    connected, queued, to its own slots, so the callbacks always run on the GUI thread.
    """

    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(
        self,
        on_progress: Callable[[int, int, str], None],
        on_success: Callable[[object], None],
        on_failure: Callable[[object], None],
    ) -> None:
        super().__init__()
        self._on_progress = on_progress
        self._on_success = on_success
        self._on_failure = on_failure
        queued = Qt.ConnectionType.QueuedConnection
        self.progressed.connect(self._progress_slot, queued)
        self.succeeded.connect(self._success_slot, queued)
        self.failed.connect(self._failure_slot, queued)

    @Slot(int, int, str)
    def _progress_slot(self, done: int, total: int, message: str) -> None:
        self._on_progress(done, total, message)

    @Slot(object)
    def _success_slot(self, result: object) -> None:
        self._on_success(result)

    @Slot(object)
    def _failure_slot(self, exc: object) -> None:
        self._on_failure(exc)


class _SignalProgress:
    def __init__(self, bridge: _Bridge, token: CancelToken) -> None:
        self._bridge = bridge
        self._token = token

    def report(self, done: int, total: int, message: str = "") -> None:
        self._bridge.progressed.emit(done, total, message)

    def check_cancelled(self) -> None:
        self._token.check()


class Task:
    """A running job.  ``done`` is true once its result or error has been delivered."""

    def __init__(
        self,
        title: str,
        parent: QWidget | None,
        cancellable: bool,
        on_success: Callable[[object], None],
        on_failure: Callable[[object], None],
    ) -> None:
        self.title = title
        self.token = CancelToken()
        self.bridge = _Bridge(self._on_progress, on_success, on_failure)
        self.done = False
        self.dialog: QProgressDialog | None = None
        self._parent = parent
        self._cancellable = cancellable
        self._last: tuple[int, int, str] = (0, 0, "")
        self._timer = QTimer(self.bridge)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._show_dialog)

    def cancel(self) -> None:
        self.token.cancel()
        if self.dialog is not None:
            self.dialog.setLabelText("正在取消…")

    def _show_dialog(self) -> None:
        if self.done:
            return
        dialog = QProgressDialog(
            self.title, "取消" if self._cancellable else "", 0, 0, self._parent
        )
        dialog.setWindowTitle(self.title)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        if not self._cancellable:
            dialog.setCancelButton(None)
        dialog.canceled.connect(self.cancel)
        self.dialog = dialog
        self._on_progress(*self._last)
        dialog.show()

    def _on_progress(self, done: int, total: int, message: str) -> None:
        self._last = (done, total, message)
        if self.dialog is None or self.done:
            return
        self.dialog.setMaximum(max(total, 0))
        self.dialog.setValue(min(done, total) if total else 0)
        if message and not self.token.cancelled:
            self.dialog.setLabelText(message)

    def finish(self) -> None:
        self.done = True
        self._timer.stop()
        if self.dialog is not None:
            self.dialog.canceled.disconnect(self.cancel)
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None


class TaskRunner(QObject):
    """Runs jobs one at a time on a worker thread.

    ``run(title, job, on_success, on_error)``: ``job(progress)`` runs off the GUI thread;
    ``on_success(result)`` or ``on_error(exc)`` runs on the GUI thread.  A cancelled job calls
    ``on_cancel`` (default: nothing).  ``log_file`` is where unexpected errors are logged
    (named to the user).
    """

    def __init__(self, parent: QObject | None = None, *, log_file: Path | None = None) -> None:
        super().__init__(parent)
        self.log_file = log_file
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="yuyou-db")
        self._active: set[Task] = set()

    @property
    def busy(self) -> bool:
        return bool(self._active)

    def run(
        self,
        title: str,
        job: Callable[[Progress], Any],
        on_success: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
        *,
        parent: QWidget | None = None,
        cancellable: bool = True,
        on_cancel: Callable[[], None] | None = None,
    ) -> Task:
        def delivered_success(result: object) -> None:
            self._finish(task)
            on_success(result)

        def delivered_failure(exc: object) -> None:
            self._finish(task)
            if isinstance(exc, Cancelled):
                if on_cancel is not None:
                    on_cancel()
                return
            on_error(exc)  # type: ignore[arg-type]

        task = Task(title, parent, cancellable, delivered_success, delivered_failure)
        self._active.add(task)
        progress = _SignalProgress(task.bridge, task.token)

        def work() -> None:
            try:
                result = job(progress)
            except BaseException as exc:  # delivered to the GUI thread, never lost
                if not isinstance(exc, YuyouError):
                    self._log_unexpected(title, exc)
                task.bridge.failed.emit(exc)
            else:
                task.bridge.succeeded.emit(result)

        task._timer.start(SHOW_AFTER_MS)
        self._executor.submit(work)
        return task

    def _log_unexpected(self, title: str, exc: BaseException) -> None:
        LOG.error("后台任务“%s”意外失败", title, exc_info=exc)
        note = where_logged(self.log_file) if self.log_file is not None else None
        if note is not None and note not in getattr(exc, "__notes__", ()):
            exc.add_note(note)

    def _finish(self, task: Task) -> None:
        task.finish()
        self._active.discard(task)

    def shutdown(self) -> None:
        """Ask running jobs to stop and wait for the worker thread."""
        for task in list(self._active):
            task.cancel()
        self._executor.shutdown(wait=True)
