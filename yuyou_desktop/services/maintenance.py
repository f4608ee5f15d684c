"""Database check, backup and restore."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from yuyou_desktop.errors import DatabaseUnusable, InputRejected, NotInitialised
from yuyou_desktop.progress import NO_PROGRESS, Progress
from yuyou_desktop.services.office import OfficeInfo, OfficeService
from yuyou_desktop.services.overview import OverviewService, RecordCount
from yuyou_desktop.storage import audit, migrate
from yuyou_desktop.storage.audit import ChainCheck
from yuyou_desktop.storage.database import Database, RestoreResult
from yuyou_desktop.storage.models import ChangeLog


@dataclass(frozen=True)
class CheckReport:
    database: Path
    integrity_errors: list[str]
    schema_revision: str | None
    schema_head: str
    office: OfficeInfo
    counts: list[RecordCount]
    change_log_rows: int
    audit: ChainCheck

    @property
    def ok(self) -> bool:
        return (
            not self.integrity_errors and self.schema_revision == self.schema_head and self.audit.ok
        )


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size_bytes: int


class MaintenanceService:
    def __init__(self, db: Database, office: OfficeService, overview: OverviewService) -> None:
        self._db = db
        self._office = office
        self._overview = overview

    def check(self) -> CheckReport:
        self._db.open()
        with self._db.reader() as session:
            log_rows = session.execute(select(func.count()).select_from(ChangeLog)).scalar_one()
            chain = audit.verify_chain(session.connection())
        return CheckReport(
            database=self._db.path,
            integrity_errors=self._db.integrity_errors(),
            schema_revision=self._db.schema_revision(),
            schema_head=migrate.HEAD_REVISION,
            office=self._office.current(),
            counts=self._overview.record_counts(),
            change_log_rows=log_rows,
            audit=chain,
        )

    def backup(
        self, dest: Path, progress: Progress = NO_PROGRESS, overwrite: bool = False
    ) -> BackupResult:
        """Copy the database to ``dest``; an existing file is replaced only with ``overwrite``
        (the GUI's save dialog has asked; the CLI needs --force)."""
        live = Path(dest).resolve() == self._db.path.resolve()  # refused below, more precisely
        if Path(dest).exists() and not overwrite and not live:
            raise InputRejected(
                f"文件“{dest}”已存在，不会覆盖（以免丢失以前的备份）。"
                "请换一个文件名，或加 --force。"
            )
        self._db.open()
        path = self._db.backup_to(dest, progress)
        return BackupResult(path, path.stat().st_size)

    def restore(self, source: Path, progress: Progress = NO_PROGRESS) -> RestoreResult:
        """Administrators only; a database that cannot be opened any more cannot say who may
        restore it, and restoring is how it is repaired."""
        with contextlib.suppress(DatabaseUnusable, NotInitialised):
            self._db.require_admin()
        result = self._db.restore_from(source, progress)
        self._after_restore(result)
        return result

    def _after_restore(self, result: RestoreResult) -> None:
        """Note the restore in the restored database's audit log and sign out: the restored
        database has its own accounts, so whoever works on next signs in to it."""
        as_of = f"{result.data_as_of.astimezone():%Y-%m-%d %H:%M}" if result.data_as_of else "未知"
        self._db.record_event(
            "restore", f"从备份 {result.restored_from.name} 恢复数据库（数据截至 {as_of}）"
        )
        self._db.access.sign_out()
