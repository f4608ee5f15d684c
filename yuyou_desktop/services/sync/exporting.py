"""Exporting packages: a township's changes since its last export (or all of them), encrypted to
the county; the county's reference data, signed.  Read in one transaction, written to a local
temporary file, sealed, copied to the destination, read back — and only then recorded as exported.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from yuyou_desktop.domain.enums import OfficeRole
from yuyou_desktop.domain.ids import uuid7
from yuyou_desktop.errors import InputRejected
from yuyou_desktop.progress import NO_PROGRESS, Progress
from yuyou_desktop.services.sync.files import SyncFolders, copy_out, file_sha256
from yuyou_desktop.services.sync.keys import KeyService
from yuyou_desktop.settings import definition
from yuyou_desktop.storage import audit
from yuyou_desktop.storage.database import Database
from yuyou_desktop.storage.migrate import HEAD_REVISION
from yuyou_desktop.storage.models import ChangeLog, Office, Setting
from yuyou_desktop.storage.models_sync import SyncExport
from yuyou_desktop.storage.types import utcnow
from yuyou_desktop.sync import export
from yuyou_desktop.sync.envelope import seal_stream
from yuyou_desktop.sync.payload import PayloadWriter

TOWNSHIP_CHANGES = "township_changes"
COUNTY_REFERENCE = "county_reference"


class NothingToExport(InputRejected):
    """No change since the last export."""


@dataclass(frozen=True)
class ExportResult:
    package_id: str
    kind: str
    epoch: str
    seq_from: int
    seq_to: int
    full: bool
    counts: dict[str, int]
    attachments: int
    missing_files: tuple[str, ...]
    size: int
    sha256: str
    destination: str
    created_at: datetime

    @property
    def records(self) -> int:
        """Records carried (a reference package's settings and templates not counted)."""
        return sum(n for t, n in self.counts.items() if t not in export.NOT_RECORDS)


def _result(row: SyncExport) -> ExportResult:
    counts = json.loads(row.counts)
    return ExportResult(
        row.package_id, row.kind, row.epoch, row.seq_from, row.seq_to, row.full,
        counts.get("tables", {}), row.attachments, tuple(counts.get("missing", ())),
        row.size, row.sha256, row.destination, row.created_at,
    )  # fmt: skip


class ExportService:
    def __init__(
        self,
        db: Database,
        keys: KeyService,
        folders: SyncFolders,
        attachments: Path,
        templates: Any,  # () -> dict of letter template file name -> text
    ) -> None:
        self._db = db
        self._keys = keys
        self._folders = folders
        self._attachments = attachments
        self._templates = templates

    def _file_path(self, sha256: str) -> Path:
        return self._attachments / sha256[:2] / sha256

    def history(self, limit: int = 200) -> list[ExportResult]:
        with self._db.reader() as session:
            rows = session.scalars(
                select(SyncExport).order_by(SyncExport.created_at.desc()).limit(limit)
            )
            return [_result(r) for r in rows]

    def pending_changes(self) -> int:
        """Changes of the current epoch not yet in an exported package."""
        with self._db.reader() as session:
            epoch = session.execute(select(Office.db_epoch)).scalar_one()
            last = self._last_exported(session, epoch)
            return session.execute(
                select(func.count())
                .select_from(ChangeLog)
                .where(ChangeLog.epoch == epoch, ChangeLog.seq > last)
            ).scalar_one()

    @staticmethod
    def _last_exported(session: Any, epoch: str) -> int:
        return (
            session.execute(
                select(func.max(SyncExport.seq_to)).where(
                    SyncExport.epoch == epoch, SyncExport.kind == TOWNSHIP_CHANGES
                )
            ).scalar_one()
            or 0
        )

    def suggested_name(self) -> str:
        own = self._keys.own()
        kind = "参考数据" if own.role == OfficeRole.COUNTY.value else "变更"
        return f"{own.office_code}-{kind}-{utcnow().astimezone():%Y%m%d-%H%M}.yypkg"

    def export(
        self, dest: Path, full: bool = False, progress: Progress = NO_PROGRESS
    ) -> ExportResult:
        own = self._keys.own()
        signer = self._keys.signing_key()
        self._db.require_write()
        if dest.is_dir():
            raise InputRejected(f"“{dest}”是一个文件夹，请给出数据包的文件名。")
        if not dest.parent.is_dir():
            raise InputRejected(f"文件夹“{dest.parent}”不存在。")
        county = own.role == OfficeRole.COUNTY.value
        recipient = None if county else self._keys.county_recipient()[1]
        payload_path = self._folders.temp_file(".zip")
        package_path = self._folders.temp_file(".yypkg")
        package_id = uuid7()
        created = utcnow()
        try:
            with self._db.reader() as session:
                conn = session.connection().connection.driver_connection
                epoch = session.execute(select(Office.db_epoch)).scalar_one()
                top = session.execute(
                    select(func.max(ChangeLog.seq)).where(ChangeLog.epoch == epoch)
                ).scalar_one()
                top = top or 0
                if county:
                    seq_from, seq_to = 1, top
                    with PayloadWriter(payload_path) as writer:
                        written = export.write_reference(
                            conn, writer, own.office_code, self._reference_settings(session),
                            self._templates(), self._file_path,
                        )  # fmt: skip
                else:
                    seq_from = 1 if full else self._last_exported(session, epoch) + 1
                    seq_to = top
                    if seq_from > seq_to:
                        raise NothingToExport(
                            "自上次导出以来没有新的变更。如需把全部变更重新导出一次，"
                            "请选择全部重新导出。"
                        )
                    with PayloadWriter(payload_path, compresslevel=1) as writer:
                        written = export.write_changes(
                            conn, writer, epoch, seq_from, seq_to, self._file_path,
                            self._folders.tmp, progress,
                        )  # fmt: skip
            header = {
                "package_id": package_id,
                "kind": COUNTY_REFERENCE if county else TOWNSHIP_CHANGES,
                "origin_office": own.office_code,
                "key_id": own.fingerprint,
                "db_epoch": epoch,
                "seq_from": seq_from,
                "seq_to": seq_to,
                "schema_version": HEAD_REVISION,
                "created_at": created.isoformat(),
            }
            progress.report(0, 0, "签名并加密")
            with payload_path.open("rb") as src, package_path.open("wb") as out:
                seal_stream(header, src, out, signer, recipient, self._folders.tmp)
            payload_path.unlink()
            sha = file_sha256(package_path)
            size = package_path.stat().st_size
            progress.check_cancelled()
            progress.report(0, 0, "写入目标文件并核对")
            copy_out(package_path, dest, sha)
        finally:
            for leftover in (payload_path, package_path):
                with contextlib.suppress(OSError):
                    leftover.unlink(missing_ok=True)
        record = SyncExport(
            package_id=package_id,
            kind=header["kind"],
            epoch=epoch,
            seq_from=seq_from,
            seq_to=seq_to,
            full=full,
            counts=json.dumps(
                {"tables": dict(written.counts), "missing": list(written.missing_files)}
            ),
            attachments=written.attachments,
            size=size,
            sha256=sha,
            destination=str(dest),
            created_at=created,
        )
        with self._db.writer("export") as session:
            session.add(record)
            session.flush()
            audit.append(
                session,
                "export",
                f"导出数据包 {dest.name}（第 {seq_from}–{seq_to} 号变更）",
                table_name="sync_exports",
                record_id=record.package_id,
            )
            return _result(record)

    @staticmethod
    def _reference_settings(session: Any) -> dict[str, str]:
        rows = session.scalars(select(Setting).where(Setting.key.in_(export.REFERENCE_SETTINGS)))
        stored = {row.key: row.value for row in rows}
        return {
            key: stored.get(key, json.dumps(definition(key).default, ensure_ascii=False))
            for key in export.REFERENCE_SETTINGS
        }
