"""Restoring from a backup archive: the database and the data folders together.

1. The archive is extracted into ``<data>/.restore-<random>/`` while every member is hashed
   against the manifest; the database in it must pass the same checks as a plain backup
   (integrity, schema not newer, this office).  Any refusal removes that folder: nothing in the
   data folder has changed.
2. The current state — database and folders — is kept as a ``before-restore`` archive in
   ``<data>/backups`` (never deleted automatically).
3. ``keys/`` is merged rather than replaced: the backup's key files are put in place, and any
   current key file the backup does not hold (a pair made by a renewal after the backup) is
   kept, in a ``retired-<time>`` folder when its name is taken, where the key store still finds
   it (packages sealed for it can still be opened).  A private key is never lost by a restore.
4. The restored database gets a new sync epoch, then each folder is swapped in by renaming
   (the current one moved aside first), the database last; a failure puts back what was moved.
"""

from __future__ import annotations

import contextlib
import filecmp
import os
import shutil
import sqlite3
import tempfile
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from yuyou_desktop.domain.backups import BEFORE_RESTORE
from yuyou_desktop.errors import DatabaseUnusable, InputRejected, os_reason
from yuyou_desktop.progress import Progress
from yuyou_desktop.storage import migrate, sqlite_file
from yuyou_desktop.storage.backup_format import DB_MEMBER, FOLDERS, extract_verified, refusal
from yuyou_desktop.storage.backup_write import (
    archive_database,
    data_files,
    fsync_dir,
    unused_archive_path,
)
from yuyou_desktop.storage.database import Database, RestoreResult, new_epoch
from yuyou_desktop.storage.restore import verify_backup
from yuyou_desktop.storage.types import utcnow

STAGING_PREFIX = ".restore-"


class SwapIncomplete(InputRejected):
    """The swap failed half-way and could not be undone: the staging folder must stay."""


@dataclass(frozen=True)
class ArchiveRestoreResult(RestoreResult):
    """A restore from an archive: also when the backup was made and what came with it."""

    backup_made_at: datetime | None = None
    folders: tuple[str, ...] = ()
    files_restored: int = 0
    keys_kept: tuple[str, ...] = ()  # current key files kept beside the backup's


def _private(path: Path) -> None:
    """Private keys readable by this user only (where the system has such permissions)."""
    if os.name != "posix" or not path.exists():
        return
    path.chmod(0o700)
    for item in path.rglob("*"):
        item.chmod(0o700 if item.is_dir() else 0o600)


def _unique(path: Path, *other_folders: Path) -> Path:
    """``path``, or ``path-2``… — a name free in its folder and in ``other_folders``."""
    candidate, number = path, 1
    while candidate.exists() or any((o / candidate.name).exists() for o in other_folders):
        number += 1
        candidate = path.with_name(f"{path.name}-{number}")
    return candidate


def merge_keys(current: Path, incoming: Path, now: datetime) -> tuple[str, ...]:
    """Add to the backup's ``incoming`` keys every current key file it lacks (see the module
    text); returns the relative names of files kept under another folder."""
    incoming.mkdir(parents=True, exist_ok=True)
    moved: list[str] = []
    if current.is_dir():
        aside: dict[Path, Path] = {}
        for path in sorted(current.rglob("*")):
            if path.is_symlink() or not path.is_file():
                continue
            rel = path.relative_to(current)
            target = incoming / rel
            if target.exists():
                if filecmp.cmp(path, target, shallow=False):
                    continue
                if rel.parent not in aside:
                    stem = rel.parts[0] if len(rel.parts) > 1 else "retired"
                    wanted = incoming / f"{stem}-{now:%Y%m%d-%H%M%S}"
                    aside[rel.parent] = _unique(wanted, current)
                target = aside[rel.parent] / rel.name
                moved.append(target.relative_to(incoming).as_posix())
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
    _private(incoming)
    return tuple(moved)


def _current_office(db: Database) -> str | None:
    if not db.path.exists():
        return None
    try:
        return sqlite_file.probe(db.path).office_code
    except DatabaseUnusable:
        return None  # damaged: restoring is how the user repairs it


def _keep_current(db: Database, office_code: str, progress: Progress) -> Path | None:
    """The current database and folders as a before-restore archive (None: nothing there)."""
    root = db.path.parent
    if not db.path.exists() and not data_files(root):
        return None
    now = utcnow()
    dest = unused_archive_path(db.backups_dir, office_code, now, BEFORE_RESTORE)
    return archive_database(db, dest, BEFORE_RESTORE, now, progress, allow_damaged=True).path


def _swap(db: Database, incoming: Path, aside: Path) -> None:
    """Move the current folders (and database files) to ``aside`` and the restored ones into
    place, the database last; on any failure move everything back."""
    root = db.path.parent
    moves: list[tuple[Path, Path]] = []

    def move(src: Path, dst: Path) -> None:
        dst.parent.mkdir(parents=True, exist_ok=True)
        os.rename(src, dst)
        moves.append((src, dst))

    try:
        for folder in FOLDERS:
            current, restored = root / folder, incoming / folder
            if current.exists():
                move(current, aside / folder)
            if restored.exists():
                move(restored, current)
        for suffix in ("-wal", "-shm"):
            extra = Path(f"{db.path}{suffix}")
            if extra.exists():
                move(extra, aside / extra.name)
        if db.path.exists():
            move(db.path, aside / db.path.name)
        move(incoming / DB_MEMBER, db.path)
        fsync_dir(root)
    except OSError as exc:
        failed = exc
        try:
            for src, dst in reversed(moves):
                os.rename(dst, src)
        except OSError as undo:
            raise SwapIncomplete(
                f"恢复时无法替换数据文件夹中的文件（{os_reason(failed)}），也无法把原来的文件放回"
                f"原处（{os_reason(undo)}）。原来的文件在“{aside}”中，另有完整副本在 backups 中。"
            ) from undo
        raise InputRejected(
            f"恢复时无法替换数据文件夹中的文件（{os_reason(exc)}；文件可能正被其他程序打开）。"
            "没有做任何修改。"
        ) from exc


def restore_archive(db: Database, source: Path, progress: Progress) -> ArchiveRestoreResult:
    source = source.resolve()
    root = db.path.parent
    current_office = _current_office(db)
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=root))
    remove_staging = True
    try:
        incoming = staging / "data"
        incoming.mkdir()
        try:
            manifest = extract_verified(source, incoming, progress)
        except OSError as exc:
            raise InputRejected(
                f"无法解压备份文件“{source.name}”：{os_reason(exc)}。没有做任何修改。"
            ) from exc
        _private(incoming / "keys")
        staged_db = incoming / DB_MEMBER
        revision, as_of = verify_backup(staged_db, current_office, label=source.name)
        found = sqlite_file.probe(staged_db)
        if found.office_code != manifest.office_code or revision != manifest.schema_revision:
            raise refusal(source, "的说明文件与其中的数据库不符，")
        progress.check_cancelled()
        previous = _keep_current(db, current_office or manifest.office_code, progress)
        # From here on the restore is not cancelled: the current state is kept.
        kept = merge_keys(root / "keys", incoming / "keys", utcnow().astimezone())
        with closing(sqlite3.connect(staged_db)) as conn:
            conn.execute("UPDATE office SET db_epoch = ?", (new_epoch(),))
            conn.commit()
        db.close()
        _swap(db, incoming, staging / "previous")
    except SwapIncomplete:
        remove_staging = False  # it holds the only other copy of what was moved: leave it
        raise
    finally:
        if remove_staging:
            with contextlib.suppress(OSError):
                shutil.rmtree(staging)
    db.open()
    return ArchiveRestoreResult(
        restored_from=source,
        previous_copy=previous,
        data_as_of=as_of,
        migrated=revision != migrate.HEAD_REVISION,
        backup_made_at=manifest.created_at,
        folders=manifest.folders,
        files_restored=len(manifest.members) - 1,
        keys_kept=kept,
    )
