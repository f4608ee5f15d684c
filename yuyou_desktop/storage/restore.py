"""Restoring the database from a backup file: verify first, keep the current file aside,
swap atomically, start a new sync epoch."""

from __future__ import annotations

import os
import shutil
import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.exc import DBAPIError

from yuyou_desktop.errors import DatabaseTooNew, DatabaseUnusable, InputRejected
from yuyou_desktop.progress import Progress
from yuyou_desktop.storage import migrate, sqlite_file
from yuyou_desktop.storage.backup_format import looks_like_archive

if TYPE_CHECKING:
    from yuyou_desktop.storage.database import Database, RestoreResult


def _latest_change(conn: sqlite3.Connection) -> datetime | None:
    row = conn.execute("SELECT max(changed_at) FROM change_log").fetchone()
    if not row or row[0] is None:
        row = conn.execute("SELECT created_at FROM office").fetchone()
    if not row or row[0] is None:
        return None
    return datetime.fromisoformat(row[0]).replace(tzinfo=UTC)


def verify_backup(
    source: Path, expected_office: str | None, label: str | None = None
) -> tuple[str, datetime | None]:
    """Check a backup file thoroughly; return its schema revision and the date of its data.

    ``label``: the name to show (an archive's, when ``source`` was extracted from it).
    """
    if not source.is_file():
        raise InputRejected(f"找不到备份文件“{source}”。")
    name = label or source.name
    try:
        found = sqlite_file.probe(source)
    except DatabaseUnusable as exc:
        if label is None:
            raise
        raise InputRejected(
            f"备份文件“{name}”中的数据库已损坏，不能恢复。没有做任何修改。"
        ) from exc
    state = migrate.classify(found.revision)
    if state is migrate.SchemaState.NEWER:
        raise InputRejected(
            f"备份文件“{name}”由更新版本的程序创建（结构版本 {found.revision}），无法恢复。"
        )
    if state is migrate.SchemaState.EMPTY or found.office_code is None:
        raise InputRejected(f"文件“{name}”不是本程序的完整备份（缺少单位信息）。")
    if expected_office is not None and found.office_code != expected_office:
        raise InputRejected(
            f"备份文件属于另一单位（{found.office_name}，代码 {found.office_code}），"
            f"与本机单位（代码 {expected_office}）不符，不能恢复。"
        )
    with closing(sqlite_file.open_read_only(source)) as conn:
        try:
            errors = sqlite_file.integrity_errors(conn)
            as_of = _latest_change(conn)
        except sqlite3.DatabaseError as exc:
            raise InputRejected(f"备份文件“{name}”已损坏：{exc}。") from exc
    if errors:
        raise InputRejected(f"备份文件“{name}”完整性检查未通过：{'；'.join(errors[:3])}。")
    assert found.revision is not None
    return found.revision, as_of


def _copy_damaged(path: Path, dest: Path) -> None:
    """Keep a damaged database (and its -wal file, if any) byte for byte."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal"):
        src = Path(f"{path}{suffix}")
        if src.exists():
            partial = Path(f"{dest}{suffix}.partial")
            shutil.copyfile(src, partial)
            os.replace(partial, Path(f"{dest}{suffix}"))


def restore_database(db: Database, source: Path, progress: Progress) -> RestoreResult:
    """Restore from ``source``: a backup archive (database and data folders, see
    :mod:`storage.restore_archive`) or a plain database copy of earlier versions."""
    from yuyou_desktop.storage.database import RestoreResult, new_epoch, unused_backup_path

    if looks_like_archive(source):
        from yuyou_desktop.storage.restore_archive import restore_archive

        return restore_archive(db, source, progress)
    source = source.resolve()
    if source == db.path.resolve():
        raise InputRejected("不能用当前正在使用的数据库文件恢复自身。")
    current_office = None
    if db.path.exists():
        try:
            current_office = sqlite_file.probe(db.path).office_code
        except DatabaseUnusable:
            current_office = None  # damaged: restoring is how the user repairs it
    revision, as_of = verify_backup(source, current_office)

    previous_copy = None
    if db.path.exists():
        previous_copy = unused_backup_path(db.backups_dir, "before-restore")
        try:
            if not db.is_open:
                db.open()
            db.backup_to(previous_copy, progress)
        except DatabaseTooNew:
            raise
        except (DatabaseUnusable, sqlite3.DatabaseError, DBAPIError):
            db.close()  # the backup API cannot read a damaged file: keep its bytes instead
            _copy_damaged(db.path, previous_copy)

    staging = db.path.with_name(db.path.name + ".restoring")
    with closing(sqlite_file.open_read_only(source)) as src:
        sqlite_file.copy_database(src, staging, progress)
    progress.check_cancelled()
    try:
        with closing(sqlite3.connect(staging)) as conn:
            conn.execute("UPDATE office SET db_epoch = ?", (new_epoch(),))
            conn.commit()
        db.close()
        for suffix in ("-wal", "-shm"):
            Path(str(db.path) + suffix).unlink(missing_ok=True)
        os.replace(staging, db.path)
    except BaseException:
        staging.unlink(missing_ok=True)
        raise
    db.open()
    return RestoreResult(
        restored_from=source,
        previous_copy=previous_copy,
        data_as_of=as_of,
        migrated=revision != migrate.HEAD_REVISION,
    )
