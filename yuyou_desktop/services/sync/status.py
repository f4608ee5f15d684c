"""What the 数据同步 page shows: per office the packages received, the sequence reached and any
gap; the conflicts kept on import and their resolution by a person."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from yuyou_desktop.errors import InputRejected
from yuyou_desktop.services.sync.keys import KeyService
from yuyou_desktop.storage.database import Database
from yuyou_desktop.storage.models import Base
from yuyou_desktop.storage.models_sync import (
    ImportedPackage,
    PeerState,
    PendingPackage,
    SyncConflict,
)
from yuyou_desktop.storage.types import utcnow
from yuyou_desktop.sync.rows import SYNC_COLUMNS, codecs, python_value

TABLE_LABELS = {
    "office_directory": "单位名录",
    "enforcement_units": "行政执法主体",
    "supervision_filings": "监督机构备案",
    "people": "人员",
    "certificates": "证件",
    "trainings": "培训考核",
    "matters": "执法事项",
    "contact_points": "监督联系点",
    "enterprises": "检查对象",
    "leads": "问题线索",
    "lead_transfers": "线索移送",
    "inspections": "检查记录",
    "inspection_supervisors": "检查人员",
    "inspection_problems": "发现问题",
    "attachments": "附件",
    "letters": "文书",
    "letter_numbers": "文号",
    "scoring_standards": "评查标准",
    "review_campaigns": "评查活动",
    "review_campaign_units": "评查单位",
    "review_case_files": "案卷",
    "review_sheets": "评查表",
    "review_events": "评查记录",
    "supervision_plans": "年度监督工作方案",
    "plan_items": "方案事项",
    "plan_item_units": "事项监督对象",
}
KIND_LABELS = {"edit": "双方都修改了", "delete": "修改与删除冲突", "ownership": "越权修改"}
_TITLE_COLUMNS = ("name", "title", "case_number", "number_text", "code", "summary", "body_name")


@dataclass(frozen=True)
class PeerStatus:
    office_code: str
    office_name: str
    fingerprint: str
    revoked: bool
    epoch: str | None
    max_seq: int
    last_package_id: str | None
    last_imported_at: datetime | None
    packages: int
    waiting: tuple[tuple[int, int, str], ...]  # (seq_from, seq_to, reason) of kept packages
    gap: tuple[int, int] | None  # the missing range before the first kept package


@dataclass(frozen=True)
class ConflictView:
    id: int
    table: str
    table_label: str
    record_id: str
    title: str
    kind: str
    kind_label: str
    kept_office: str
    other_office: str
    kept: dict[str, Any]
    other: dict[str, Any]
    fields: tuple[str, ...]
    detected_at: datetime
    resolved_at: datetime | None
    resolution: str | None


def _title(row: dict[str, Any]) -> str:
    for column in _TITLE_COLUMNS:
        if row.get(column):
            return str(row[column])
    return str(row.get("id", ""))[:13]


def _view(row: SyncConflict) -> ConflictView:
    kept, other = json.loads(row.kept_row), json.loads(row.other_row)
    return ConflictView(
        row.id, row.table_name, TABLE_LABELS.get(row.table_name, row.table_name),
        row.record_id, _title(kept or other), row.kind, KIND_LABELS[row.kind], row.kept_office,
        row.other_office, kept, other, tuple(json.loads(row.fields)), row.detected_at,
        row.resolved_at, row.resolution,
    )  # fmt: skip


class SyncStatusService:
    def __init__(self, db: Database, keys: KeyService) -> None:
        self._db = db
        self._keys = keys

    def peers(self) -> list[PeerStatus]:
        trusted = self._keys.trusted()
        with self._db.reader() as session:
            states = session.scalars(select(PeerState).order_by(PeerState.updated_at)).all()
            pending = session.scalars(
                select(PendingPackage).order_by(PendingPackage.seq_from)
            ).all()
            counts = dict(
                session.execute(
                    select(ImportedPackage.origin_office, func.count()).group_by(
                        ImportedPackage.origin_office
                    )
                ).all()
            )
            last_import = dict(
                session.execute(
                    select(
                        ImportedPackage.origin_office, func.max(ImportedPackage.imported_at)
                    ).group_by(ImportedPackage.origin_office)
                ).all()
            )
        latest: dict[str, PeerState] = {s.origin_office: s for s in states}
        result: list[PeerStatus] = []
        offices = {t.office_code: t for t in trusted if t.active}
        offices.update({t.office_code: t for t in trusted if t.office_code not in offices})
        for code, key in sorted(offices.items()):
            state = latest.get(code)
            epoch = state.epoch if state else None
            kept = [p for p in pending if p.origin_office == code]
            waiting = tuple((p.seq_from, p.seq_to, p.reason) for p in kept)
            gap = None
            gaps = [p for p in kept if p.reason == "gap" and (epoch is None or p.epoch == epoch)]
            if gaps:
                gap = ((state.max_seq if state else 0) + 1, gaps[0].seq_from - 1)
            result.append(
                PeerStatus(
                    code, key.office_name, key.fingerprint, not key.active, epoch,
                    state.max_seq if state else 0, state.last_package_id if state else None,
                    last_import.get(code), counts.get(code, 0), waiting, gap,
                )
            )  # fmt: skip
        return result

    def conflicts(self, include_resolved: bool = False) -> list[ConflictView]:
        with self._db.reader() as session:
            query = select(SyncConflict).order_by(SyncConflict.id)
            if not include_resolved:
                query = query.where(SyncConflict.resolved_at.is_(None))
            return [_view(r) for r in session.scalars(query)]

    def unresolved(self) -> int:
        with self._db.reader() as session:
            return session.execute(
                select(func.count())
                .select_from(SyncConflict)
                .where(SyncConflict.resolved_at.is_(None))
            ).scalar_one()

    def resolve(self, conflict_id: int, choice: str) -> ConflictView:
        """``kept``: the version that stayed is right; ``other``: put the losing version's
        content back as a new edit here (it travels on like any edit)."""
        if choice not in ("kept", "other"):
            raise InputRejected("请选择保留当前版本或采用另一版本。")
        with self._db.writer() as session:
            row = session.get(SyncConflict, conflict_id)
            if row is None:
                raise InputRejected(f"没有编号为 {conflict_id} 的冲突。")
            if row.resolved_at is not None:
                raise InputRejected("这个冲突已经处理过了。")
            if choice == "other":
                if row.kind == "ownership":
                    raise InputRejected("越权修改不能采用：该记录只能由其所属单位修改。")
                self._restore(session, row.table_name, row.record_id, json.loads(row.other_row))
            row.resolved_at = utcnow()
            row.resolution = choice
            session.flush()
            return _view(row)

    @staticmethod
    def _restore(session: Any, table: str, record_id: str, values: dict[str, Any]) -> None:
        model = next((m.class_ for m in Base.registry.mappers if m.local_table.name == table), None)
        if model is None:
            raise InputRejected(f"不认识的数据表“{table}”。")
        record = session.get(model, record_id)
        if record is None:
            raise InputRejected("该记录已不在本库中，无法采用另一版本。")
        codec = codecs()[table]
        for column in codec.table.columns:
            if column.key in SYNC_COLUMNS and column.key != "deleted_at":
                continue
            setattr(record, column.key, python_value(column.type, values.get(column.key)))
        session.flush()
