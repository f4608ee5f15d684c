"""The program's log file: what went wrong, for whoever helps the user afterwards.

One rotating file, ``yuyou.log`` (UTF-8, 1 MB, five files with the rotated ones), in the
platformdirs user log folder unless ``YUYOU_LOG_DIR`` (or the caller) names another.  When that
folder cannot be used the log goes to a new folder in the temporary folder; logging never stops
the program from starting.  :func:`configure_logging` returns the file's path, which the
composition root (``__main__``) hands to the CLI and the GUI (error messages name it).

The log is quiet: INFO for start, stop and important operations, WARNING and ERROR (with the
traceback) for problems.  No Qt here.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from yuyou_desktop import APP_NAME, __version__

ENV_LOG_DIR = "YUYOU_LOG_DIR"
LOG_FILENAME = "yuyou.log"
MAX_BYTES = 1024 * 1024
FILE_COUNT = 5  # yuyou.log and yuyou.log.1 … yuyou.log.4
HANDLER_NAME = "yuyou-log-file"
FORMAT = "%(asctime)s %(levelname)s [%(process)d %(threadName)s] %(name)s: %(message)s"


def default_log_dir(environ: Mapping[str, str] | None = None) -> Path:
    """``YUYOU_LOG_DIR`` when set, else the platform's user log folder."""
    env = os.environ if environ is None else environ
    if env.get(ENV_LOG_DIR):
        return Path(env[ENV_LOG_DIR]).expanduser()
    from platformdirs import user_log_dir

    return Path(user_log_dir(APP_NAME, appauthor=False))


def configure_logging(
    log_dir: Path | None = None,
    *,
    max_bytes: int = MAX_BYTES,
    file_count: int = FILE_COUNT,
    environ: Mapping[str, str] | None = None,
) -> Path:
    """Send the program's log (root logger, INFO and up) to a rotating file; return its path.

    Called again, it replaces the handler it installed before.  A folder that cannot be
    created or written is replaced by a new temporary folder (and the reason logged there);
    if even that fails, nothing is logged to a file and the intended path is returned.
    """
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == HANDLER_NAME]:
        root.removeHandler(old)
        old.close()
    wanted = Path(log_dir) if log_dir is not None else default_log_dir(environ)
    try:
        handler = _file_handler(wanted, max_bytes, file_count)
        problem = None
    except (OSError, ValueError) as exc:
        problem = exc
        try:
            fallback = Path(tempfile.mkdtemp(prefix=f"{APP_NAME}-log-"))
            handler = _file_handler(fallback, max_bytes, file_count)
        except (OSError, ValueError):
            return wanted / LOG_FILENAME
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > logging.INFO:
        root.setLevel(logging.INFO)
    log_file = Path(handler.baseFilename)
    if problem is not None:
        logging.getLogger(__name__).warning(
            "日志文件夹“%s”无法使用（%s），日志改写到“%s”。", wanted, problem, log_file.parent
        )
    return log_file


class _RotatingFile(logging.handlers.RotatingFileHandler):
    """Rotates when the file would pass ``maxBytes`` bytes (the standard handler counts
    characters, and a character of Chinese takes three bytes in UTF-8)."""

    def shouldRollover(self, record: logging.LogRecord) -> bool:
        if super().shouldRollover(record):
            return True
        if self.maxBytes <= 0 or self.stream is None or not os.path.isfile(self.baseFilename):
            return False
        line = f"{self.format(record)}{self.terminator}".encode(self.encoding or "utf-8", "replace")
        self.stream.seek(0, 2)
        return self.stream.tell() + len(line) >= self.maxBytes


def _file_handler(folder: Path, max_bytes: int, file_count: int) -> logging.Handler:
    folder.mkdir(parents=True, exist_ok=True)
    handler = _RotatingFile(
        folder / LOG_FILENAME,
        maxBytes=max_bytes,
        backupCount=max(file_count - 1, 0),
        encoding="utf-8",
    )  # opens the file now: an unwritable folder fails here, not at the first message
    handler.set_name(HANDLER_NAME)
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.setLevel(logging.INFO)
    return handler


def where_logged(log_file: Path) -> str:
    """The sentence that sends the user (or the helpdesk) to the log."""
    return f"详细信息已记录在日志文件：{log_file}"


def log_start(program: str, data_dir: Path) -> None:
    logging.getLogger(APP_NAME).info("%s %s 启动，数据文件夹：%s", program, __version__, data_dir)
