"""Writing a backup archive (format: :mod:`storage.backup_format`).

The database is first copied with the SQLite backup API into a temporary folder inside the
data folder (a consistent snapshot, integrity-checked); the zip is then written next to its
destination as ``<name>.partial``, fsynced and renamed, so a power cut never leaves a truncated
file under the final name.  Files already compressed or encrypted (attachments, packages) are
stored; the database, keys and templates are deflated.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import sqlite3
import tempfile
import time
import zipfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.exc import DBAPIError

from yuyou_desktop import __version__
from yuyou_desktop.domain.backups import archive_name, local_stamp, parse_archive_name
from yuyou_desktop.errors import DatabaseTooNew, DatabaseUnusable, InputRejected, os_reason
from yuyou_desktop.progress import NO_PROGRESS, Progress
from yuyou_desktop.storage import sqlite_file
from yuyou_desktop.storage.backup_format import (
    CHUNK,
    DB_MEMBER,
    FOLDERS,
    MANIFEST,
    Manifest,
    Member,
    valid_member_name,
)

if TYPE_CHECKING:
    from yuyou_desktop.storage.database import Database

STORED_FOLDERS = ("attachments", "sync/pending")  # JPEG, PDF, encrypted packages
PARTIAL_SUFFIX = ".partial"
WORK_PREFIX = ".backup-work-"
STALE_SECONDS = 3600.0


@dataclass(frozen=True)
class Written:
    path: Path
    size: int
    manifest: Manifest


def latest_change(conn: sqlite3.Connection) -> datetime | None:
    """The last change recorded in the database (else when the office was set up)."""
    try:
        row = conn.execute("SELECT max(changed_at) FROM change_log").fetchone()
        if not row or row[0] is None:
            row = conn.execute("SELECT created_at FROM office").fetchone()
    except sqlite3.DatabaseError:
        return None
    if not row or row[0] is None:
        return None
    return datetime.fromisoformat(row[0]).replace(tzinfo=UTC)


def data_files(root: Path) -> list[tuple[str, Path]]:
    """(member name, file) for every regular file of :data:`FOLDERS`, sorted; symbolic links
    and anything that is not a plain file are left out."""
    found: list[tuple[str, Path]] = []
    for folder in FOLDERS:
        base = root.joinpath(*folder.split("/"))
        if not base.is_dir() or base.is_symlink():
            continue
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames[:] = sorted(d for d in dirnames if not (Path(dirpath) / d).is_symlink())
            for name in sorted(filenames):
                path = Path(dirpath) / name
                if path.is_symlink() or not path.is_file():
                    continue
                member = path.relative_to(root).as_posix()
                if valid_member_name(member):
                    found.append((member, path))
    return found


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    with contextlib.suppress(OSError):
        os.fsync(fd)
    os.close(fd)


def _add(zf: zipfile.ZipFile, name: str, path: Path, stamp: tuple, progress: Progress, done: list):
    """Stream one file into the zip; its Member (None if it vanished meanwhile)."""
    folder_stored = any(name.startswith(f + "/") for f in STORED_FOLDERS)
    info = zipfile.ZipInfo(name, date_time=stamp)
    info.compress_type = zipfile.ZIP_STORED if folder_stored else zipfile.ZIP_DEFLATED
    digest = hashlib.sha256()
    size = 0
    try:
        src = path.open("rb")
    except FileNotFoundError:
        return None  # removed since the folder was listed (a package applied meanwhile)
    with src, zf.open(info, "w", force_zip64=path.stat().st_size > 1 << 30) as out:
        while chunk := src.read(CHUNK):
            digest.update(chunk)
            out.write(chunk)
            size += len(chunk)
            done[0] += len(chunk)
            progress.report(done[0] // 1024, done[1], "正在写入备份文件…")
            progress.check_cancelled()
    return Member(name, size, digest.hexdigest())


def write_archive(
    dest: Path,
    db_file: Path | None,
    root: Path,
    header: Manifest,
    progress: Progress = NO_PROGRESS,
    extra: tuple[tuple[str, Path], ...] = (),
) -> Written:
    """Write ``db_file`` (as ``yuyou.db``), ``extra`` members and the data folders of ``root``
    into ``dest`` atomically.  ``header`` gives the manifest's fields; its members are filled
    in here."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    partial = dest.with_name(dest.name + PARTIAL_SUFFIX)
    files = ([(DB_MEMBER, db_file)] if db_file is not None else []) + list(extra)
    files += data_files(root)
    total = sum(p.stat().st_size for _, p in files if p.exists())
    done = [0, max(total // 1024, 1)]
    local = header.created_at.astimezone()
    stamp = (max(local.year, 1980), local.month, local.day, local.hour, local.minute, local.second)
    try:
        partial.touch()
        if os.name == "posix":
            partial.chmod(0o600)  # it holds the private keys
        members = []
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as zf:
            for name, path in files:
                member = _add(zf, name, path, stamp, progress, done)
                if member is not None:
                    members.append(member)
            manifest = replace(header, members=tuple(members))
            info = zipfile.ZipInfo(MANIFEST, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, manifest.to_json())
        fsync_file(partial)
        os.replace(partial, dest)
        fsync_dir(dest.parent)
    except BaseException:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        raise
    return Written(dest, dest.stat().st_size, manifest)


def unused_archive_path(folder: Path, office_code: str, when: datetime, kind: str) -> Path:
    """``folder/<archive name>``, numbered after every archive (or half-written one) of this
    office with the same second: never overwritten, and a later archive always has the higher
    number, which is how rotation tells the newer of two archives of one second."""
    stamp = local_stamp(when)
    taken = 0
    if folder.is_dir():
        for path in folder.iterdir():
            name = path.name.removesuffix(PARTIAL_SUFFIX)
            parsed = parse_archive_name(name)
            if parsed is not None and parsed.office_code == office_code and parsed.stamp == stamp:
                taken = max(taken, parsed.number)
    return folder / archive_name(office_code, when, kind, taken + 1)


@contextmanager
def work_folder(root: Path) -> Iterator[Path]:
    """A temporary folder inside the data folder (same disk as the database), removed after;
    leftovers of a killed process older than an hour are removed first."""
    limit = time.time() - STALE_SECONDS
    with contextlib.suppress(OSError):
        for old in root.glob(WORK_PREFIX + "*"):
            if old.stat().st_mtime < limit:
                shutil.rmtree(old, ignore_errors=True)
    folder = Path(tempfile.mkdtemp(prefix=WORK_PREFIX, dir=root))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def archive_database(
    db: Database,
    dest: Path,
    kind: str,
    created_at: datetime,
    progress: Progress = NO_PROGRESS,
    allow_damaged: bool = False,
) -> Written:
    """Snapshot ``db`` and the data folders beside it into the archive ``dest``.

    ``allow_damaged`` (before a restore): a database the backup API cannot read is kept byte
    for byte instead (with its -wal file), and the manifest says so.
    """
    root = db.path.parent
    with work_folder(root) as work:
        snapshot: Path | None = work / DB_MEMBER
        damaged = False
        extra: tuple[tuple[str, Path], ...] = ()
        try:
            if not db.path.exists() and allow_damaged:
                snapshot = None  # nothing to keep but the folders
            else:
                db.open()
                db.backup_to(work / DB_MEMBER, progress)
        except DatabaseTooNew:
            raise
        except (DatabaseUnusable, sqlite3.DatabaseError, DBAPIError):
            if not allow_damaged:
                raise
            db.close()
            damaged = True
            shutil.copyfile(db.path, work / DB_MEMBER)
            wal = Path(f"{db.path}-wal")
            if wal.exists():
                shutil.copyfile(wal, work / "yuyou.db-wal")
                extra = (("yuyou.db-wal", work / "yuyou.db-wal"),)
        office = revision = None
        as_of = None
        if snapshot is not None and not damaged:
            found = sqlite_file.probe(snapshot)
            office, revision = found.office, found.revision
            with closing(sqlite_file.open_read_only(snapshot)) as conn:
                as_of = latest_change(conn)
        header = Manifest(
            program_version=__version__,
            schema_revision=revision or "",
            office_code=office.code if office else "",
            office_name=office.name if office else "",
            created_at=created_at.astimezone(UTC),
            data_as_of=as_of,
            kind=kind,
            folders=FOLDERS,
            members=(),
            database_damaged=damaged,
        )
        try:
            return write_archive(dest, snapshot, root, header, progress, extra)
        except OSError as exc:
            raise InputRejected(f"无法写入备份文件“{dest}”：{os_reason(exc)}。") from exc
