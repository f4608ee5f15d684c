"""Looking at a SQLite file without changing it, and copying one with the backup API."""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from yuyou_desktop.domain.enums import OfficeRole
from yuyou_desktop.domain.office import OfficeInfo
from yuyou_desktop.errors import DatabaseDamaged, DatabaseUnusable, os_reason
from yuyou_desktop.progress import NO_PROGRESS, Progress

SQLITE_HEADER = b"SQLite format 3\x00"
BACKUP_PAGES_PER_STEP = 256


@dataclass(frozen=True)
class FileProbe:
    """What a read-only look at a database file found."""

    revision: str | None
    office: OfficeInfo | None
    has_tables: bool

    @property
    def office_code(self) -> str | None:
        return self.office.code if self.office else None

    @property
    def office_name(self) -> str | None:
        return self.office.name if self.office else None


_OFFICE_COLUMNS = "code, name, role, prefix, key_fingerprint, db_epoch, created_at"


def _office(row: tuple | None) -> OfficeInfo | None:
    if row is None:
        return None
    code, name, role, prefix, fingerprint, epoch, created = row
    return OfficeInfo(
        code=code,
        name=name,
        role=OfficeRole(role),
        prefix=prefix,
        key_fingerprint=fingerprint,
        db_epoch=epoch,
        created_at=datetime.fromisoformat(created).replace(tzinfo=UTC),
    )


def check_header(path: Path) -> None:
    try:
        with path.open("rb") as fh:
            head = fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise DatabaseUnusable(f"无法读取数据库文件“{path}”：{os_reason(exc)}。") from exc
    if not head:
        raise DatabaseDamaged(f"数据库文件“{path}”是空文件，无法使用。文件未作任何改动。")
    if head != SQLITE_HEADER:
        raise DatabaseDamaged(
            f"文件“{path}”不是本程序的数据库（不是 SQLite 数据库文件）。文件未作任何改动。"
        )


def open_read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot change ``path`` and leaves no -wal/-shm files behind.

    With no -wal file beside the database, all its content is in the main file and it is
    opened ``immutable`` (no locking, no shared-memory file).  With a -wal file (the program
    is running or stopped abruptly) a plain read-only connection is needed to see that content.
    """
    uri = path.resolve().as_uri() + "?mode=ro"
    if not Path(f"{path}-wal").exists():
        uri += "&immutable=1"
    return sqlite3.connect(uri, uri=True)


def probe(path: Path) -> FileProbe:
    """Read the schema revision and office of ``path`` read-only; refuse damaged files."""
    check_header(path)
    try:
        with closing(open_read_only(path)) as conn:
            tables = {
                row[0]
                for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            }
            revision = None
            if "alembic_version" in tables:
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
            office = None
            if "office" in tables:
                office = _office(conn.execute(f"SELECT {_OFFICE_COLUMNS} FROM office").fetchone())
    except (sqlite3.DatabaseError, ValueError) as exc:
        raise DatabaseDamaged(
            f"数据库文件“{path}”已损坏，无法打开（{exc}）。文件未作任何改动；"
            "可以通过“文件 → 从备份恢复…”或 yuyou restore 恢复。"
        ) from exc
    if tables and "alembic_version" not in tables:
        raise DatabaseDamaged(
            f"文件“{path}”是 SQLite 数据库，但不是本程序的数据库。文件未作任何改动。"
        )
    return FileProbe(revision, office, bool(tables))


def integrity_errors(conn: sqlite3.Connection, limit: int = 20) -> list[str]:
    rows = [row[0] for row in conn.execute(f"PRAGMA integrity_check({int(limit)})")]
    return [] if rows == ["ok"] else rows


def copy_database(
    source: sqlite3.Connection, dest_path: Path, progress: Progress = NO_PROGRESS
) -> None:
    """Copy ``source`` into a new file at ``dest_path`` atomically (temp file, fsync, rename,
    fsync of the folder).

    The copy is checked with ``PRAGMA integrity_check`` before it takes the final name.
    """
    dest_path.parent.mkdir(parents=True, exist_ok=True)
    partial = dest_path.with_name(dest_path.name + ".partial")
    partial.unlink(missing_ok=True)

    def step(status: int, remaining: int, total: int) -> None:
        progress.report(total - remaining, total, "正在复制数据库…")
        progress.check_cancelled()

    try:
        with closing(sqlite3.connect(partial)) as dest:
            source.backup(dest, pages=BACKUP_PAGES_PER_STEP, progress=step)
            dest.execute("PRAGMA journal_mode=DELETE")
            errors = integrity_errors(dest)
            if errors:
                raise DatabaseUnusable("备份副本校验失败：" + "；".join(errors))
        _fsync(partial)
        os.replace(partial, dest_path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    _fsync_dir(dest_path.parent)  # the new name itself survives a power cut


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return  # a folder cannot be opened for fsync on Windows (NTFS journals the rename)
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems refuse fsync on a folder; the copy itself is on disk
    finally:
        os.close(fd)
