"""Importing packages: one report per file — applied, already imported, waiting for a missing
range, or rejected with the reason (and nothing changed).

Each file is first copied to ``<data>/sync/tmp`` (never worked on from the stick), its envelope
checked (signer enrolled and not revoked, signature, hashes, decryption), then its payload
(names, manifest, sizes) — all before the database is touched.  A package after a gap is kept in
``<data>/sync/pending`` and applied as soon as the missing range has been imported.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import select

from yuyou_desktop.domain.enums import OfficeRole
from yuyou_desktop.errors import InputRejected
from yuyou_desktop.progress import NO_PROGRESS, Progress
from yuyou_desktop.services.sync.applying import (
    AlreadyHave,
    PackageInfo,
    Pending,
    apply_township_changes,
    package_info,
)
from yuyou_desktop.services.sync.exporting import COUNTY_REFERENCE, TOWNSHIP_CHANGES
from yuyou_desktop.services.sync.files import SyncFolders, copy_in, fsync_dir
from yuyou_desktop.services.sync.import_backup import BackupOnce, BeforeImport
from yuyou_desktop.services.sync.keys import KeyService
from yuyou_desktop.services.sync.reference import ReferenceImporter
from yuyou_desktop.storage.database import Database
from yuyou_desktop.storage.migrate import HEAD_REVISION
from yuyou_desktop.storage.models_sync import ImportedPackage, PendingPackage
from yuyou_desktop.storage.types import utcnow
from yuyou_desktop.sync.envelope import PackageRejected, open_package
from yuyou_desktop.sync.envelope import TrustedKey as KeyLookup
from yuyou_desktop.sync.payload import PayloadReader

APPLIED, ALREADY, PENDING, REJECTED = "applied", "already", "pending", "rejected"
STATUS_LABELS = {
    APPLIED: "已导入",
    ALREADY: "已导入过",
    PENDING: "等待缺失的数据包",
    REJECTED: "已拒绝",
}


@dataclass(frozen=True)
class ImportReport:
    file: str
    status: str  # applied / already / pending / rejected
    message: str
    package_id: str = ""
    office_code: str = ""
    seq_from: int = 0
    seq_to: int = 0
    stats: dict[str, Any] = field(default_factory=dict)
    waiting_for: str = ""  # a pending package: "gap" (an earlier package) or "epoch"

    @property
    def ok(self) -> bool:
        return self.status in (APPLIED, ALREADY, PENDING)

    @property
    def label(self) -> str:
        if self.status == PENDING and self.waiting_for == "epoch":
            return "等待确认"
        return STATUS_LABELS[self.status]


class ImportService:
    def __init__(
        self,
        db: Database,
        keys: KeyService,
        folders: SyncFolders,
        store_file: Callable[[str, Any], Path | None],  # (sha256, chunks) → new file or None
        reference: ReferenceImporter,
        before_import: BeforeImport | None = None,
    ) -> None:
        self._db = db
        self._keys = keys
        self._folders = folders
        self._store_file = store_file
        self._reference = reference
        self._before_import = before_import

    def import_files(
        self,
        paths: Sequence[Path],
        progress: Progress = NO_PROGRESS,
        accept_new_epoch: bool = False,
    ) -> list[ImportReport]:
        self._db.require_write()  # raised, not reported per file; before stale files go
        reports: list[ImportReport] = []
        self._folders.clear_stale()
        backup = BackupOnce(self._before_import)
        try:
            for number, path in enumerate(paths, 1):
                progress.report(number - 1, len(paths), f"正在导入 {path.name}")
                progress.check_cancelled()
                reports.append(self.import_file(path, accept_new_epoch, backup))
                if reports[-1].status == APPLIED and reports[-1].office_code:
                    reports.extend(self._drain_pending(reports[-1].office_code, backup))
        finally:
            backup.done(r.status for r in reports)
        progress.report(len(paths), len(paths), "导入完成")
        return reports

    def import_file(
        self, path: Path, accept_new_epoch: bool = False, backup: BackupOnce | None = None
    ) -> ImportReport:
        self._db.require_write()  # raised (not a "rejected" report) before any file is kept
        own = backup is None
        backup = backup or BackupOnce(self._before_import)
        work = self._folders.temp_file()
        payload = self._folders.temp_file(".zip")
        report = None
        try:
            sha = copy_in(path, work)
            report = self._import_copy(work, payload, sha, path.name, accept_new_epoch, backup)
        except InputRejected as exc:
            report = ImportReport(path.name, REJECTED, exc.message)
        finally:
            for leftover in (work, payload):
                with contextlib.suppress(OSError):
                    leftover.unlink(missing_ok=True)
            if own:
                backup.done([report.status] if report is not None else [])
        return report

    def _seen(self, sha: str, package_id: str | None = None) -> ImportedPackage | None:
        with self._db.reader() as session:
            found = session.scalars(select(ImportedPackage).where(ImportedPackage.sha256 == sha))
            row = found.first()
            if row is None and package_id is not None:
                row = session.get(ImportedPackage, package_id)
            if row is not None:
                session.expunge(row)
            return row

    def _import_copy(
        self,
        work: Path,
        payload: Path,
        sha: str,
        name: str,
        accept_new_epoch: bool,
        backup: BackupOnce,
    ) -> ImportReport:
        seen = self._seen(sha)
        if seen is not None:
            return self._already(name, seen)
        own = self._keys.own()
        at_county = own.role == OfficeRole.COUNTY.value
        expected = TOWNSHIP_CHANGES if at_county else COUNTY_REFERENCE
        verify = self._keys.verifier(OfficeRole.TOWNSHIP.value if at_county else "county")

        def trusted(office: str, key_id: str) -> Any:
            if office == own.office_code:
                raise PackageRejected(
                    f"“{name}”不能导入：这是本单位自己导出的数据包。没有做任何修改。"
                )
            key = verify(office, key_id)
            if key is None and not at_county and len(office) > 6:  # a township's 9-digit code
                raise PackageRejected(
                    f"“{name}”不能导入：这是乡镇司法所（{office}）的数据包，应在县司法局导入。"
                    "没有做任何修改。"
                )
            return key

        keys = self._keys.decryption_keys() if at_county else [None]
        with work.open("rb") as src, payload.open("w+b") as out:
            header = _open_with_any(src, trusted, out, keys, name)
        info = package_info(header, sha, name)
        if info.kind != expected:
            raise PackageRejected(
                f"“{name}”不能导入："
                + (
                    "这是县司法局下发的参考数据包，应在乡镇司法所导入。"
                    if at_county
                    else "这是乡镇司法所的变更数据包，应在县司法局导入。"
                )
                + "没有做任何修改。"
            )
        if int(info.schema_version) > int(HEAD_REVISION):
            raise PackageRejected(
                f"“{name}”不能导入：它由更新版本的程序制作，请先升级本程序。没有做任何修改。"
            )
        seen = self._seen(sha, info.package_id)
        if seen is not None:
            return self._already(name, seen)
        reader = PayloadReader(payload, name)
        try:
            backup.before_change()  # every check before the database is done
            if not at_county:
                return self._reference.apply(reader, info, own.office_code)
            return self._apply_changes(reader, info, own.office_code, accept_new_epoch, work)
        finally:
            reader.close()

    def _keep_files(self, reader: PayloadReader) -> list[Path]:
        created = (self._store_file(sha, reader.attachment(sha)) for sha in reader.attachments)
        return [path for path in created if path is not None]

    def _apply_changes(
        self,
        reader: PayloadReader,
        info: PackageInfo,
        own_office: str,
        accept_new_epoch: bool,
        work: Path,
    ) -> ImportReport:
        county = self._keys.county_code()
        try:
            stats = apply_township_changes(
                self._db, reader, info, own_office, county, accept_new_epoch,
                lambda: self._keep_files(reader),
            )  # fmt: skip
        except AlreadyHave:
            return ImportReport(
                info.file_name, ALREADY, "其中的变更都已导入过，没有做任何修改。",
                info.package_id, info.origin_office, info.seq_from, info.seq_to,
            )  # fmt: skip
        except Pending as wait:
            self._keep_pending(info, wait.reason, work)
            if wait.reason == "epoch":
                message = (
                    "该单位的数据库已更换（可能从备份恢复过），已保存本包；请与该单位核实后"
                    "确认导入其新数据库的数据。"
                )
            else:
                missing = (
                    f"第 {wait.missing_from} 号"
                    if wait.missing_from == wait.missing_to
                    else f"第 {wait.missing_from}–{wait.missing_to} 号"
                )
                message = (
                    f"缺少该单位{missing}变更的数据包，已保存本包，补齐缺失的数据包后自动导入。"
                    "请该单位重新发送那个数据包（或全部重新导出一次）。"
                )
            return ImportReport(
                info.file_name, PENDING, message, info.package_id, info.origin_office,
                info.seq_from, info.seq_to, waiting_for=wait.reason,
            )  # fmt: skip
        return _applied(info, stats.as_dict())

    def _keep_pending(self, info: PackageInfo, reason: str, work: Path) -> None:
        target = self._folders.pending_file(info.sha256)
        if not target.exists():
            with work.open("rb") as src, target.open("wb") as out:
                while chunk := src.read(1024 * 1024):
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            fsync_dir(target.parent)
        with self._db.writer() as session:
            kept = session.get(PendingPackage, info.package_id)
            if kept is not None:
                kept.reason = reason  # held for its epoch, now confirmed: waiting for a gap
            else:
                session.execute(
                    PendingPackage.__table__.insert().values(
                        package_id=info.package_id, sha256=info.sha256,
                        origin_office=info.origin_office, epoch=info.epoch,
                        seq_from=info.seq_from, seq_to=info.seq_to, reason=reason,
                        received_at=utcnow(), file_name=info.file_name[:260],
                    )
                )  # fmt: skip

    def _drain_pending(self, office: str, backup: BackupOnce) -> list[ImportReport]:
        """Apply kept packages of ``office`` that can now follow on."""
        reports: list[ImportReport] = []
        tried: set[str] = set()
        while True:
            with self._db.reader() as session:
                rows = session.scalars(
                    select(PendingPackage)
                    .where(PendingPackage.origin_office == office, PendingPackage.reason == "gap")
                    .order_by(PendingPackage.seq_from)
                ).all()
                waiting = [(r.package_id, r.sha256, r.file_name) for r in rows]
            candidates = [w for w in waiting if w[0] not in tried]
            if not candidates:
                return reports
            package_id, sha, file_name = candidates[0]
            tried.add(package_id)
            report = self.import_file(self._folders.pending_file(sha), backup=backup)
            report = ImportReport(
                file_name, report.status, f"（此前等待的数据包）{report.message}",
                report.package_id, report.office_code, report.seq_from, report.seq_to,
                report.stats,
            )  # fmt: skip
            if report.status in (APPLIED, ALREADY, REJECTED):
                self._forget_pending(package_id, sha)
            if report.status != PENDING:
                reports.append(report)

    def _forget_pending(self, package_id: str, sha: str) -> None:
        with self._db.writer() as session:
            row = session.get(PendingPackage, package_id)
            if row is not None:
                session.delete(row)
        with contextlib.suppress(OSError):
            self._folders.pending_file(sha).unlink(missing_ok=True)

    def confirm_epoch(self, office: str) -> list[ImportReport]:
        """Apply the packages of ``office`` held because its database epoch changed."""
        with self._db.reader() as session:
            rows = session.scalars(
                select(PendingPackage)
                .where(PendingPackage.origin_office == office, PendingPackage.reason == "epoch")
                .order_by(PendingPackage.seq_from)
            ).all()
            waiting = [(r.package_id, r.sha256, r.file_name) for r in rows]
        if not waiting:
            raise InputRejected(f"没有单位 {office} 等待确认的数据包。")
        reports: list[ImportReport] = []
        backup = BackupOnce(self._before_import)
        try:
            for package_id, sha, file_name in waiting:
                pending = self._folders.pending_file(sha)
                report = self.import_file(pending, accept_new_epoch=True, backup=backup)
                report = replace(report, file=file_name)
                reports.append(report)
                if report.status != PENDING:
                    self._forget_pending(package_id, sha)
                if report.status == APPLIED:
                    reports.extend(self._drain_pending(office, backup))
        finally:
            backup.done(r.status for r in reports)
        return reports

    @staticmethod
    def _already(name: str, seen: ImportedPackage) -> ImportReport:
        return ImportReport(
            name, ALREADY, f"此数据包已于 {seen.imported_at.astimezone():%Y-%m-%d %H:%M} 导入过，"
            "没有做任何修改。", seen.package_id, seen.origin_office, seen.seq_from, seen.seq_to,
        )  # fmt: skip


def _open_with_any(
    src: BinaryIO, trusted: KeyLookup, out: BinaryIO, keys: Sequence[Any], name: str
) -> Mapping[str, Any]:
    """``open_package`` with this office's current decryption key, then with each retired one
    (a package sealed for the key this office had before it renewed its keys)."""
    for key in keys[:-1]:
        out.seek(0)
        out.truncate()
        try:
            return open_package(src, trusted, out, key, name)
        except PackageRejected as exc:
            if "无法解密" not in exc.message:
                raise
    out.seek(0)
    out.truncate()
    return open_package(src, trusted, out, keys[-1], name)


def _applied(info: PackageInfo, stats: dict[str, Any]) -> ImportReport:
    parts = [f"写入 {stats['applied']} 条"]
    if stats["unchanged"]:
        parts.append(f"{stats['unchanged']} 条已是最新")
    if stats["conflicts"]:
        parts.append(f"{stats['conflicts']} 处冲突待处理")
    if stats["refused"]:
        parts.append(f"{stats['refused']} 条越权修改被拒绝（已记录）")
    return ImportReport(
        info.file_name, APPLIED, "，".join(parts) + "。", info.package_id, info.origin_office,
        info.seq_from, info.seq_to, stats,
    )  # fmt: skip
