"""Unexpected errors in the desktop program: logged with their traceback, told in a short
dialog that names the log file, and the program goes on.

PySide6 hands an exception raised in a slot or an event handler to ``sys.excepthook`` and
carries on; :class:`ErrorHook` takes that hook (and ``threading.excepthook`` for plain threads),
writes the error to the log, asks the GUI thread — by a queued signal, so a worker thread never
touches a widget — to show one dialog, and then calls the hook it replaced (which prints the
traceback on a console).  While that dialog is open, further errors are only logged.  Qt's own
warnings go to the log as well (``qInstallMessageHandler``).
"""

from __future__ import annotations

import contextlib
import logging
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6.QtCore import QMessageLogContext, QObject, Qt, QtMsgType, Signal, Slot
from PySide6.QtCore import qInstallMessageHandler as install_qt_handler
from PySide6.QtWidgets import QApplication, QMessageBox

from yuyou_desktop.logs import where_logged

LOG = logging.getLogger("yuyou_desktop.gui")
QT_LOG = logging.getLogger("qt")
QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}
TITLE = "意外错误"
MAX_LINE = 200


def unexpected_message(exc: BaseException, log_file: Path | None) -> str:
    """“程序遇到意外错误：<one line>。详细信息已记录在日志文件：<path>”."""
    lines = str(exc).strip().splitlines()
    line = lines[0] if lines else type(exc).__name__
    if len(line) > MAX_LINE:
        line = line[: MAX_LINE - 1] + "…"
    text = f"程序遇到意外错误：{line.rstrip('。.')}。"
    if log_file is not None:
        text += where_logged(log_file)
    return text


class ErrorHook(QObject):
    """Install with :meth:`install` (or :func:`installed`); :meth:`uninstall` puts back what
    was there.  ``box`` is the dialog on screen, if any."""

    reported = Signal(str)

    def __init__(self, log_file: Path | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.log_file = log_file
        self.box: QMessageBox | None = None
        self._previous: tuple[Any, Any, Any] | None = None
        self.reported.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def install(self) -> None:
        previous_qt = install_qt_handler(self._qt_message)
        self._previous = (sys.excepthook, threading.excepthook, previous_qt)
        sys.excepthook = self.excepthook
        threading.excepthook = self.thread_excepthook

    def uninstall(self) -> None:
        if self._previous is None:
            return
        sys.excepthook, threading.excepthook, previous_qt = self._previous
        install_qt_handler(previous_qt)
        self._previous = None

    # ------------------------------------------------------------ hooks (any thread)

    def excepthook(
        self, kind: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        previous = self._previous[0] if self._previous else sys.__excepthook__
        if not issubclass(kind, KeyboardInterrupt):
            self._report((kind, exc, tb), "意外错误")
        with contextlib.suppress(Exception):
            previous(kind, exc, tb)

    def thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        previous = self._previous[1] if self._previous else threading.__excepthook__
        if args.exc_value is not None and not issubclass(args.exc_type, SystemExit):
            name = args.thread.name if args.thread is not None else "?"
            info = (args.exc_type, args.exc_value, args.exc_traceback)
            self._report(info, f"线程 {name} 中的意外错误")
        with contextlib.suppress(Exception):
            previous(args)

    def _report(self, info: tuple[Any, BaseException, TracebackType | None], what: str) -> None:
        with contextlib.suppress(Exception):  # a hook that fails would hide the error itself
            LOG.error("%s", what, exc_info=info)
        with contextlib.suppress(Exception):  # RuntimeError once Qt has deleted this object
            self.reported.emit(unexpected_message(info[1], self.log_file))

    def _qt_message(self, mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
        with contextlib.suppress(Exception):
            category = context.category if context is not None else None
            where = f"[{category}] " if category and category != "default" else ""
            QT_LOG.log(QT_LEVELS.get(mode, logging.WARNING), "%s%s", where, message)

    # ------------------------------------------------------------ the dialog (GUI thread)

    @Slot(str)
    def _show(self, text: str) -> None:
        if self.box is not None:
            return  # one dialog at a time; this error is in the log
        box = QMessageBox(QApplication.activeWindow())
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle(TITLE)
        box.setText(text)
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(self._closed)
        self.box = box
        box.open()

    @Slot()
    def _closed(self) -> None:
        self.box = None


@contextlib.contextmanager
def installed(log_file: Path | None) -> Iterator[ErrorHook]:
    """The hook for the lifetime of the program; an error that escapes start-up is logged
    before it propagates."""
    hook = ErrorHook(log_file)
    hook.install()
    try:
        yield hook
    except BaseException as exc:
        if not isinstance(exc, SystemExit | KeyboardInterrupt):
            LOG.critical("程序意外终止", exc_info=exc)
        raise
    finally:
        hook.uninstall()
