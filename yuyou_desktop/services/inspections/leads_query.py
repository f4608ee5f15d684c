"""Leads as plain rows: the fields of a lead form, the frozen rows handed out, and listing in
SQL (filters, search, sort, paging; the count never joins)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session

from yuyou_desktop.domain.enums import LeadSource, LeadStatus, TransferStatus, TransferTarget
from yuyou_desktop.services.registry.fields import DATE, ENUM, Field, parse
from yuyou_desktop.storage.models import EnforcementUnit
from yuyou_desktop.storage.models_inspections import Inspection, Lead, LeadTransfer

MAX_PAGE = 1000
SOURCE = Field("source", "来源", ENUM, required=True, enum=LeadSource)
RECEIVED_ON = Field("received_on", "收到日期", DATE, required=True)
CONTENT = Field("content", "内容", required=True, max_len=2000)
UNIT = Field("unit", "涉及单位")
HANDLER = Field("handler", "承办人", max_len=40)
DEADLINE = Field("deadline", "办理期限", DATE)
OUTCOME = Field("outcome", "办理结果", max_len=2000)
STATUS = Field("status", "办理状态", ENUM, enum=LeadStatus)
TARGET = Field("target", "移送对象", ENUM, required=True, enum=TransferTarget)
ORGAN = Field("organ_name", "接收机关", max_len=120)
TRANSFERRED_ON = Field("transferred_on", "移送日期", DATE, required=True)
TRANSFER_STATUS = Field("status", "移送状态", ENUM, required=True, enum=TransferStatus)
REMARK = Field("remark", "备注", max_len=200)
LEAD_FIELDS = (SOURCE, RECEIVED_ON, CONTENT, UNIT, HANDLER, DEADLINE, OUTCOME, STATUS)
OPEN_STATUSES = (LeadStatus.OPEN.value, LeadStatus.TRANSFERRED.value)


def still_pending() -> ColumnElement[bool]:
    """A lead whose handling is still awaited: 办理中, or 已移送 while one of its transfers has
    had no feedback.  Once every receiving organ has answered, what is left (closing it) is
    the clerk's decision, not overdue work: such a lead is never 逾期, in 待办, the lead list
    or the monthly summary alike."""
    waiting = (
        select(LeadTransfer.id)
        .where(
            LeadTransfer.lead_id == Lead.id,
            LeadTransfer.status != TransferStatus.FED_BACK.value,
            LeadTransfer.deleted_at.is_(None),
        )
        .exists()
    )
    return or_(
        Lead.status == LeadStatus.OPEN.value,
        and_(Lead.status == LeadStatus.TRANSFERRED.value, waiting),
    )


def is_pending(status: str, transfers: Sequence[TransferRow]) -> bool:
    """``still_pending`` for one lead already read."""
    if status == LeadStatus.OPEN.value:
        return True
    fed_back = TransferStatus.FED_BACK.value
    return status == LeadStatus.TRANSFERRED.value and any(t.status != fed_back for t in transfers)


@dataclass(frozen=True)
class TransferRow:
    id: str
    version: int
    lead_id: str
    target: str
    target_label: str
    organ_name: str
    transferred_on: date
    status: str
    status_label: str
    remark: str
    origin_office: str = ""


@dataclass(frozen=True)
class LeadRow:
    id: str
    version: int
    received_on: date
    source: str
    source_label: str
    content: str
    unit_id: str | None
    unit_name: str
    handler: str
    deadline: date | None
    outcome: str
    status: str
    status_label: str
    inspection_id: str | None
    inspection_number: str
    overdue: bool  # still pending (see still_pending) and past its deadline
    transfers: tuple[TransferRow, ...] = ()
    origin_office: str = ""  # the office that recorded it (the only one that may change it)


@dataclass(frozen=True)
class LeadQuery:
    date_from: date | None = None  # received on or after
    date_to: date | None = None  # received on or before
    source: str | None = None  # LeadSource value or label
    status: str | None = None  # LeadStatus value or label
    unit_id: str | None = None
    search: str = ""  # in content, handler, outcome
    origin_office: str | None = None  # 来源单位: only the leads of this office
    sort: str = "received_on"  # received_on, deadline, source, status, handler
    descending: bool = True
    offset: int = 0
    limit: int = 200


@dataclass(frozen=True)
class LeadPage:
    total: int
    offset: int
    rows: list[LeadRow]


SORTS: dict[str, Any] = {
    "received_on": Lead.received_on,
    "deadline": Lead.deadline,
    "source": Lead.source,
    "status": Lead.status,
    "handler": Lead.handler,
}


def enum_value(field: Field, raw: Any) -> str | None:
    """A filter or form value given by label or value → the stored value (None if empty)."""
    return parse(field, raw)


def transfer_row(t: LeadTransfer) -> TransferRow:
    return TransferRow(
        t.id,
        t.version,
        t.lead_id,
        t.target,
        TransferTarget(t.target).label,
        t.organ_name,
        t.transferred_on,
        t.status,
        TransferStatus(t.status).label,
        t.remark,
        t.origin_office,
    )


def conditions(query: LeadQuery) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = [Lead.deleted_at.is_(None)]
    if query.date_from is not None:
        where.append(Lead.received_on >= query.date_from)
    if query.date_to is not None:
        where.append(Lead.received_on <= query.date_to)
    if query.source:
        where.append(Lead.source == enum_value(SOURCE, query.source))
    if query.status:
        where.append(Lead.status == enum_value(STATUS, query.status))
    if query.unit_id:
        where.append(Lead.unit_id == query.unit_id)
    if query.origin_office:
        where.append(Lead.origin_office == query.origin_office)
    text = query.search.strip()
    if text:
        where.append(
            or_(
                Lead.content.contains(text, autoescape=True),
                Lead.handler.contains(text, autoescape=True),
                Lead.outcome.contains(text, autoescape=True),
            )
        )
    return where


def lead_rows(session: Session, ids: Sequence[str], today: date) -> list[LeadRow]:
    """Live leads ``ids`` in that order, with unit name, inspection number, transfers."""
    if not ids:
        return []
    found = session.execute(
        select(Lead, EnforcementUnit.name, Inspection.number)
        .outerjoin(EnforcementUnit, EnforcementUnit.id == Lead.unit_id)
        .outerjoin(
            Inspection,
            (Inspection.id == Lead.inspection_id) & Inspection.deleted_at.is_(None),
        )
        .where(Lead.id.in_(ids), Lead.deleted_at.is_(None))
    ).all()
    transfers: dict[str, list[TransferRow]] = {}
    for t in session.scalars(
        select(LeadTransfer)
        .where(LeadTransfer.lead_id.in_(ids), LeadTransfer.deleted_at.is_(None))
        .order_by(LeadTransfer.transferred_on, LeadTransfer.id)
    ):
        transfers.setdefault(t.lead_id, []).append(transfer_row(t))
    by_id = {}
    for lead, unit_name, number in found:
        by_id[lead.id] = LeadRow(
            id=lead.id,
            version=lead.version,
            received_on=lead.received_on,
            source=lead.source,
            source_label=LeadSource(lead.source).label,
            content=lead.content,
            unit_id=lead.unit_id,
            unit_name=unit_name or "",
            handler=lead.handler,
            deadline=lead.deadline,
            outcome=lead.outcome,
            status=lead.status,
            status_label=LeadStatus(lead.status).label,
            inspection_id=lead.inspection_id,
            inspection_number=number or "",
            overdue=is_pending(lead.status, transfers.get(lead.id, ()))
            and lead.deadline is not None
            and lead.deadline < today,
            transfers=tuple(transfers.get(lead.id, ())),
            origin_office=lead.origin_office,
        )
    return [by_id[i] for i in ids if i in by_id]
