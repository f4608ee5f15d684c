"""LeadService: complaints and leads (投诉举报/线索), their transfers (移送) and the link to the
inspection a lead was turned into.

Every rejection is a ``FieldError`` naming the field (or ``StaleRecord``/``InputRejected``) and
nothing is written then.  Rows come back as frozen dataclasses; listing is done in SQL.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from yuyou_desktop.domain.enums import LeadStatus, TransferStatus
from yuyou_desktop.errors import InputRejected
from yuyou_desktop.services import ownership
from yuyou_desktop.services.inspections.lead_rules import has_transfer, parse_lead, parse_transfer
from yuyou_desktop.services.inspections.leads_query import (
    MAX_PAGE,
    REMARK,
    SORTS,
    TRANSFER_STATUS,
    LeadPage,
    LeadQuery,
    LeadRow,
    TransferRow,
    conditions,
    lead_rows,
    transfer_row,
)
from yuyou_desktop.services.ownership import OriginChoices
from yuyou_desktop.services.registry.fields import parse
from yuyou_desktop.services.registry.service import StaleRecord
from yuyou_desktop.storage.database import Database
from yuyou_desktop.storage.models_inspections import Inspection, Lead, LeadTransfer
from yuyou_desktop.storage.types import utcnow


class LeadService:
    def __init__(self, db: Database, today: Callable[[], date] = date.today) -> None:
        self._db = db
        self._today = today

    # ------------------------------------------------------------ reading

    def list(self, query: LeadQuery | None = None) -> LeadPage:
        query = query or LeadQuery()
        where = conditions(query)
        sort = SORTS.get(query.sort, Lead.received_on)
        order = sort.desc() if query.descending else sort.asc()
        limit = max(0, min(query.limit, MAX_PAGE))
        with self._db.reader() as session:
            total = session.execute(
                select(func.count()).select_from(Lead).where(*where)
            ).scalar_one()
            ids = list(
                session.scalars(
                    select(Lead.id)
                    .where(*where)
                    .order_by(order, Lead.id.desc() if query.descending else Lead.id)
                    .offset(max(0, query.offset))
                    .limit(limit)
                )
            )
            rows = lead_rows(session, ids, self._today())
        return LeadPage(total, query.offset, rows)

    def origin_offices(self) -> OriginChoices:
        """The offices whose leads are listed here (for the 来源单位 filter)."""
        with self._db.reader() as session:
            return ownership.origin_choices(session, Lead)

    def get(self, lead_id: str) -> LeadRow:
        with self._db.reader() as session:
            rows = lead_rows(session, [lead_id], self._today())
        if not rows:
            raise StaleRecord("这条线索不存在或已被删除。")
        return rows[0]

    # ------------------------------------------------------------ writing

    def save(
        self,
        lead_id: str | None,
        values: Mapping[str, Any],
        expected_version: int | None = None,
    ) -> LeadRow:
        """Create (``lead_id`` None) or update a lead.  On update, keys left out keep their
        stored value.  Raises FieldError naming the field; nothing is written then."""
        with self._db.writer() as session:
            if lead_id is None:
                lead = None
                merged = dict(values)
            else:
                lead = self._live_lead(session, lead_id, expected_version)
                merged = {**self._form_values(lead), **values}
            parsed = parse_lead(session, merged, self._today(), has_transfer(session, lead))
            if lead is None:
                lead = Lead(**parsed)
                session.add(lead)
            else:
                for attr, value in parsed.items():
                    if getattr(lead, attr) != value:
                        setattr(lead, attr, value)
            session.flush()
            new_id = lead.id
        return self.get(new_id)

    def delete(self, lead_id: str, expected_version: int | None = None) -> None:
        """Soft delete the lead and its transfers; refused while an inspection refers to it."""
        with self._db.writer() as session:
            lead = self._live_lead(session, lead_id, expected_version)
            number = session.execute(
                select(Inspection.number).where(
                    or_(Inspection.lead_id == lead.id, Inspection.id == lead.inspection_id),
                    Inspection.deleted_at.is_(None),
                )
            ).scalar()
            if number is not None:
                raise InputRejected(
                    f"这条线索已转为检查记录“{number}”，不能删除；请先删除或修改该检查记录。"
                )
            now = utcnow()
            for t in session.scalars(
                select(LeadTransfer).where(
                    LeadTransfer.lead_id == lead.id, LeadTransfer.deleted_at.is_(None)
                )
            ):
                t.deleted_at = now
            lead.deleted_at = now

    def add_transfer(
        self,
        lead_id: str,
        target: Any,
        organ_name: Any,
        transferred_on: Any,
        remark: Any = "",
    ) -> LeadRow:
        """Record a transfer (状态 已移送).  An open lead becomes 已移送; a closed one stays
        已办结 (its outcome is already recorded)."""
        today = self._today()
        with self._db.writer() as session:
            lead = self._live_lead(session, lead_id, None)
            values = parse_transfer(
                target, organ_name, transferred_on, remark, lead.received_on, today
            )
            session.add(LeadTransfer(lead_id=lead.id, status=TransferStatus.SENT.value, **values))
            if lead.status == LeadStatus.OPEN.value:
                lead.status = LeadStatus.TRANSFERRED.value
        return self.get(lead_id)

    def update_transfer(
        self,
        transfer_id: str,
        status: Any,
        remark: Any = None,
        expected_version: int | None = None,
    ) -> TransferRow:
        """Change a transfer's status (已移送/已接收/已反馈) and, if given, its remark."""
        with self._db.writer() as session:
            t = session.get(LeadTransfer, transfer_id)
            if t is None or t.deleted_at is not None:
                raise StaleRecord("这条移送记录不存在或已被删除。")
            ownership.ensure_owned(session, session.get(Lead, t.lead_id), t)
            if expected_version is not None and t.version != expected_version:
                raise StaleRecord("这条移送记录已被修改，请重新打开后再改。")
            new_status = parse(TRANSFER_STATUS, status)
            new_remark = t.remark if remark is None else (parse(REMARK, remark) or "")
            if (new_status, new_remark) != (t.status, t.remark):
                t.status, t.remark = new_status, new_remark
            session.flush()
            return transfer_row(t)

    def link_inspection(self, lead_id: str, inspection_id: str) -> LeadRow:
        """Keep the link both ways: lead.inspection_id and inspection.lead_id, in one
        transaction.  Linking the same pair again changes nothing."""
        with self._db.writer() as session:
            lead = self._live_lead(session, lead_id, None)
            inspection = session.get(Inspection, inspection_id)
            if inspection is None or inspection.deleted_at is not None:
                raise StaleRecord("要关联的检查记录不存在或已被删除。")
            if lead.inspection_id not in (None, inspection.id):
                other = session.get(Inspection, lead.inspection_id)
                if other is not None and other.deleted_at is None:
                    raise InputRejected(
                        f"这条线索已转为检查记录“{other.number}”，不能再关联“{inspection.number}”。"
                    )
            if inspection.lead_id not in (None, lead.id):
                other_lead = session.get(Lead, inspection.lead_id)
                if other_lead is not None and other_lead.deleted_at is None:
                    raise InputRejected(f"检查记录“{inspection.number}”已关联另一条线索。")
            ownership.ensure_owned(session, lead, inspection)
            if lead.inspection_id != inspection.id:
                lead.inspection_id = inspection.id
            if inspection.lead_id != lead.id:
                inspection.lead_id = lead.id
        return self.get(lead_id)

    # ------------------------------------------------------------ helpers

    @staticmethod
    def _live_lead(session: Session, lead_id: str, expected: int | None) -> Lead:
        """The lead to change: live, at ``expected`` version, and this office's own."""
        lead = session.get(Lead, lead_id)
        if lead is None or lead.deleted_at is not None:
            raise StaleRecord("这条线索不存在或已被删除。")
        if expected is not None and lead.version != expected:
            raise StaleRecord(
                f"这条线索已被修改（版本 {lead.version}，打开时为 {expected}），请重新打开后再改。"
            )
        ownership.ensure_owned(session, lead)
        return lead

    @staticmethod
    def _form_values(lead: Lead) -> dict[str, Any]:
        return {
            "source": lead.source,
            "received_on": lead.received_on,
            "content": lead.content,
            "unit": lead.unit_id or "",
            "handler": lead.handler,
            "deadline": lead.deadline,
            "outcome": lead.outcome,
            "status": lead.status,
        }
