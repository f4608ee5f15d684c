"""Errors a user can be shown.

Every error raised on purpose by the program is a :class:`YuyouError` whose ``message`` is a
complete sentence in Simplified Chinese.  The CLI maps them to exit codes, the GUI to dialogs.
"""

from __future__ import annotations

import errno


class YuyouError(Exception):
    """An expected failure with a message for the user (Chinese)."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InputRejected(YuyouError):
    """A value, file or request was refused; nothing was changed (CLI exit code 3)."""

    exit_code = 3


class FieldError(InputRejected):
    """A single field failed validation.  ``field`` is the Chinese field label."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}：{reason}")
        self.field = field
        self.reason = reason


class NotInitialised(InputRejected):
    """The data folder holds no office yet."""


class AlreadyInitialised(InputRejected):
    """``init`` was asked for a data folder that already holds an office."""


class DatabaseUnusable(InputRejected):
    """The database file cannot be used (corrupt, not SQLite, too new, folder unwritable).

    The file is always left exactly as it was.
    """


class DatabaseDamaged(DatabaseUnusable):
    """The database file is empty, damaged, or not this program's; a backup can replace it."""


class DatabaseTooNew(DatabaseUnusable):
    """The database was written by a newer version of the program."""


class PermissionDenied(InputRejected):
    """The signed-in account's role does not allow this; nothing was changed."""


class NotSignedIn(PermissionDenied):
    """Accounts exist but nobody has signed in (the CLI needs ``--user``)."""


class Cancelled(YuyouError):
    """The user cancelled a long-running job; its transaction was rolled back."""

    def __init__(self, message: str = "操作已取消，未做任何修改。") -> None:
        super().__init__(message)


def os_reason(exc: OSError) -> str:
    """Why a file operation failed, in Chinese (the system's own text is English on many
    machines); falls back to that text for the uncommon cases."""
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return "文件或所在文件夹不存在"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "没有权限（文件可能正被 Excel 或 WPS 打开，或文件夹、U 盘为只读）"
    if exc.errno == errno.ENOSPC:
        return "磁盘空间不足"
    if exc.errno == errno.EISDIR:
        return "这是一个文件夹，不是文件"
    if exc.errno == errno.ENAMETOOLONG:
        return "文件名或路径太长"
    return exc.strerror or str(exc)
