"""Backups: archives of the database and the data folders, taken by hand or automatically,
kept in the backup folder (a setting: ``<data>/backups`` or a folder the user chose, such as
one on a USB stick) and rotated.

* ``backup()``: a manual archive into the backup folder, or to a file the user names (a
  ``.db`` name writes the database alone, as earlier versions did).
* ``automatic(DAILY)``: at the first start of a day (the GUI calls it once the database is
  open; the CLI only with ``yuyou backup --daily``, for a scheduled task).  Skipped when the
  backup folder or the data folder already holds an automatic archive of today.
* ``before_import()``: the hook :class:`ImportService` calls before a package changes the
  database; the archive is deleted again when the import changed nothing.
* Before a schema upgrade ``Database.open`` copies the database alone into ``<data>/backups``
  (the upgrade changes nothing else); those copies are listed here and never rotated.

When the chosen folder is missing or cannot be written, the archive goes to ``<data>/backups``
and the outcome says so.  Rotation (``domain.backups.kept``) deletes only automatic archives of
this office in the folder just written to.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from yuyou_desktop.domain.backups import (
    AUTOMATIC,
    BEFORE_IMPORT,
    BEFORE_RESTORE,
    BEFORE_UPGRADE,
    DAILY,
    KIND_LABELS,
    MANUAL,
    kept,
    local_stamp,
    parse_archive_name,
)
from yuyou_desktop.errors import InputRejected, YuyouError, os_reason
from yuyou_desktop.paths import DataPaths
from yuyou_desktop.progress import NO_PROGRESS, Progress
from yuyou_desktop.services.maintenance import MaintenanceService
from yuyou_desktop.services.office import OfficeService
from yuyou_desktop.services.settings import SettingsService
from yuyou_desktop.settings import BACKUP_FOLDER, KEEP_DAILY, KEEP_WEEKLY
from yuyou_desktop.storage.backup_format import read_manifest
from yuyou_desktop.storage.backup_write import (
    PARTIAL_SUFFIX,
    STALE_SECONDS,
    archive_database,
    unused_archive_path,
)
from yuyou_desktop.storage.database import Database

Clock = Callable[[], datetime]


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class BackupOutcome:
    path: Path
    size_bytes: int
    kind: str
    created_at: datetime
    is_archive: bool = True
    files: int = 0  # files of the data folders in the archive
    fallback: str = ""  # why the archive is in the data folder and not the chosen one
    removed: tuple[Path, ...] = ()  # older automatic archives deleted by rotation

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]


@dataclass(frozen=True)
class BackupEntry:
    """One backup found in the backup folder or in ``<data>/backups``."""

    path: Path
    kind: str
    created_at: datetime | None
    data_as_of: datetime | None
    size_bytes: int
    is_archive: bool
    office_name: str = ""
    problem: str = ""  # why it cannot be read, when it cannot

    @property
    def folder(self) -> Path:
        return self.path.parent

    @property
    def kind_label(self) -> str:
        label = KIND_LABELS[self.kind]
        return label if self.is_archive else f"{label}（仅数据库）"

    @property
    def automatic(self) -> bool:
        return self.is_archive and self.kind in AUTOMATIC


@dataclass(frozen=True)
class BackupPolicy:
    folder: Path  # where backups go (when it can be written)
    chosen: bool  # a folder the user chose, not the data folder's
    keep_daily: int
    keep_weekly: int
    default_folder: Path


class BackupService:
    def __init__(
        self,
        db: Database,
        paths: DataPaths,
        settings: SettingsService,
        office: OfficeService,
        maintenance: MaintenanceService,
        clock: Clock = _now,
    ) -> None:
        self._db = db
        self._paths = paths
        self._settings = settings
        self._office = office
        self._maintenance = maintenance
        self._clock = clock

    # ------------------------------------------------------------ settings

    def policy(self) -> BackupPolicy:
        chosen = str(self._settings.get(BACKUP_FOLDER) or "").strip()
        default = self._paths.backups
        folder = Path(chosen) if chosen else default
        return BackupPolicy(
            folder=folder,
            chosen=bool(chosen) and folder != default,
            keep_daily=int(self._settings.get(KEEP_DAILY)),
            keep_weekly=int(self._settings.get(KEEP_WEEKLY)),
            default_folder=default,
        )

    def _target(self, policy: BackupPolicy) -> tuple[Path, str]:
        """The folder to write to, and why it is not the chosen one (empty when it is)."""
        if not policy.chosen:
            return policy.default_folder, ""
        folder = policy.folder
        if not folder.is_dir():
            reason = "不存在（U 盘可能没有插上）"
        else:
            probe = folder / f".yuyou-write-test-{os.getpid()}"
            try:
                probe.write_bytes(b"")
                probe.unlink()
                return folder, ""
            except OSError as exc:
                reason = f"无法写入（{os_reason(exc)}）"
        return policy.default_folder, self._fallback_note(folder, reason)

    def _fallback_note(self, folder: Path, reason: str) -> str:
        return (
            f"备份文件夹“{folder}”{reason}，本次备份已改存到数据文件夹中的“{self._paths.backups}”。"
        )

    # ------------------------------------------------------------ taking backups

    def backup(
        self, dest: Path | None = None, progress: Progress = NO_PROGRESS, overwrite: bool = False
    ) -> BackupOutcome:
        """A manual backup: an archive in the backup folder (``dest`` None), the database alone
        (``dest`` ending in .db, as before), or an archive at ``dest``."""
        if dest is None:
            self._db.require_write()
            return self._take(MANUAL, progress)
        # a copy outside the backup folder carries the whole database (and an archive the
        # office's private keys): administrators only, and recorded
        self._db.require_admin()
        outcome = self._elsewhere(Path(dest), progress, overwrite)
        self._db.record_event("export", f"备份到 {outcome.path}")
        return outcome

    def _elsewhere(self, dest: Path, progress: Progress, overwrite: bool) -> BackupOutcome:
        if dest.suffix.lower() == ".db":
            result = self._maintenance.backup(dest, progress, overwrite)
            return BackupOutcome(result.path, result.size_bytes, MANUAL, self._clock(), False)
        if dest.is_dir():
            raise InputRejected(f"“{dest}”是一个文件夹，请给出备份文件的文件名。")
        if dest.exists() and not overwrite:
            raise InputRejected(
                f"文件“{dest}”已存在，不会覆盖（以免丢失以前的备份）。"
                "请换一个文件名，或加 --force。"
            )
        self._db.open()
        now = self._clock()
        written = archive_database(self._db, dest.resolve(), MANUAL, now, progress)
        return BackupOutcome(
            written.path, written.size, MANUAL, now, files=len(written.manifest.members) - 1
        )

    def automatic(
        self, kind: str = DAILY, progress: Progress = NO_PROGRESS
    ) -> BackupOutcome | None:
        """An automatic archive, then rotation; None when today's daily backup exists."""
        if kind not in (DAILY, BEFORE_IMPORT):
            raise ValueError(f"not an automatic kind taken by the service: {kind!r}")
        self._db.open()
        if kind == DAILY and self._has_today(self._office.current().code):
            return None
        outcome = self._take(kind, progress)
        return self._rotated(outcome)

    def before_import(self) -> Callable[[bool], None]:
        """Take the before-import archive; the callable returned is told whether the import
        changed anything (kept and rotated) or not (deleted again)."""
        try:
            outcome = self._take(BEFORE_IMPORT, NO_PROGRESS)
        except YuyouError as exc:
            raise InputRejected(
                f"导入前的自动备份没有完成（{exc.message.rstrip('。')}），为安全起见没有导入。"
                "没有做任何修改。"
            ) from exc
        except OSError as exc:
            raise InputRejected(
                f"导入前的自动备份没有完成（{os_reason(exc)}），为安全起见没有导入。"
                "没有做任何修改。"
            ) from exc

        def finish(changed: bool) -> None:
            if changed:
                self._rotated(outcome)
            else:
                with contextlib.suppress(OSError):
                    outcome.path.unlink(missing_ok=True)

        return finish

    def _take(self, kind: str, progress: Progress) -> BackupOutcome:
        self._db.open()
        code = self._office.current().code
        now = self._clock()
        folder, fallback = self._target(self.policy())
        try:
            dest = unused_archive_path(folder, code, now, kind)
            written = archive_database(self._db, dest, kind, now, progress)
        except (InputRejected, OSError) as exc:
            default = self._paths.backups
            if folder == default:
                raise
            reason = exc.message if isinstance(exc, InputRejected) else os_reason(exc)
            fallback = self._fallback_note(folder, f"写入失败（{reason.rstrip('。')}）")
            dest = unused_archive_path(default, code, now, kind)
            written = archive_database(self._db, dest, kind, now, progress)
        return BackupOutcome(
            written.path,
            written.size,
            kind,
            now,
            files=len(written.manifest.members) - 1,
            fallback=fallback,
        )

    def _rotated(self, outcome: BackupOutcome) -> BackupOutcome:
        removed = self.rotate(outcome.path.parent, keep_also=outcome.path)
        return replace(outcome, removed=removed)

    # ------------------------------------------------------------ rotation

    def _automatic_archives(self, folder: Path, code: str) -> dict[Path, datetime]:
        found: dict[Path, datetime] = {}
        if not folder.is_dir():
            return found
        for path in folder.iterdir():
            name = parse_archive_name(path.name)
            if name is not None and name.office_code == code and name.automatic:
                # a second archive of the same second (numbered) counts as the newer one
                found[path] = name.stamp.replace(microsecond=name.number)
        return found

    def _has_today(self, code: str) -> bool:
        today = local_stamp(self._clock()).date()
        folders = {self.policy().folder, self._paths.backups}
        return any(
            stamp.date() == today
            for folder in folders
            for stamp in self._automatic_archives(folder, code).values()
        )

    def rotate(self, folder: Path, keep_also: Path | None = None) -> tuple[Path, ...]:
        """Delete the automatic archives of this office in ``folder`` that the policy does not
        keep (and half-written ones of a killed process); the deleted files."""
        policy = self.policy()
        code = self._office.current().code
        found = self._automatic_archives(folder, code)
        keep = kept(found, found.__getitem__, policy.keep_daily, policy.keep_weekly)
        if keep_also is not None:  # the archive just taken, whatever the clock says
            keep.add(keep_also)
        removed = []
        for path in sorted(set(found) - keep):
            with contextlib.suppress(OSError):
                path.unlink()
                removed.append(path)
        limit = time.time() - STALE_SECONDS
        for partial in folder.glob(f"*{PARTIAL_SUFFIX}"):
            name = parse_archive_name(partial.name[: -len(PARTIAL_SUFFIX)])
            ours = name is not None and name.office_code == code
            with contextlib.suppress(OSError):
                if ours and partial.stat().st_mtime < limit:
                    partial.unlink()
        return tuple(removed)

    # ------------------------------------------------------------ listing

    def list(self) -> list[BackupEntry]:
        """This office's archives in the backup folder and ``<data>/backups``, and the plain
        database copies kept there before upgrades and restores; newest first."""
        code = self._office.current().code
        policy = self.policy()
        entries: list[BackupEntry] = []
        seen: set[Path] = set()
        for folder in (policy.folder, policy.default_folder):
            if not folder.is_dir() or folder.resolve() in seen:
                continue
            seen.add(folder.resolve())
            for path in sorted(folder.iterdir()):
                entry = self._entry(path, code)
                if entry is not None:
                    entries.append(entry)
        oldest = datetime.min.replace(tzinfo=UTC)
        return sorted(entries, key=lambda e: e.created_at or oldest, reverse=True)

    def _entry(self, path: Path, code: str) -> BackupEntry | None:
        name = parse_archive_name(path.name)
        try:
            size = path.stat().st_size
        except OSError:
            return None
        if name is not None and name.office_code == code:
            stamp = name.stamp.astimezone(UTC)
            try:
                manifest = read_manifest(path)
            except YuyouError as exc:
                return BackupEntry(path, name.kind, stamp, None, size, True, problem=exc.message)
            return BackupEntry(
                path,
                name.kind,
                manifest.created_at,
                manifest.data_as_of,
                size,
                True,
                manifest.office_name,
            )
        legacy = {"before-upgrade-": BEFORE_UPGRADE, "before-restore-": BEFORE_RESTORE}
        for prefix, kind in legacy.items():
            if path.name.startswith(prefix) and path.suffix == ".db" and path.is_file():
                made = datetime.fromtimestamp(path.stat().st_mtime, UTC)
                return BackupEntry(path, kind, made, None, size, False)
        return None
