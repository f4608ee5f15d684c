"""The rules of a lead and of a transfer, shared by LeadService and the demonstration data:
raw values (labels or stored values, text or dates) in, column values out, or a FieldError
naming the field."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from yuyou_desktop.domain.enums import LeadStatus, TransferTarget
from yuyou_desktop.errors import FieldError
from yuyou_desktop.services import ownership
from yuyou_desktop.services.inspections.leads_query import (
    DEADLINE,
    LEAD_FIELDS,
    ORGAN,
    OUTCOME,
    RECEIVED_ON,
    REMARK,
    STATUS,
    TARGET,
    TRANSFERRED_ON,
    UNIT,
)
from yuyou_desktop.services.registry.fields import parse
from yuyou_desktop.storage.models import EnforcementUnit
from yuyou_desktop.storage.models_inspections import Lead, LeadTransfer


def parse_lead(
    session: Session, raw: Mapping[str, Any], today: date, transferred: bool
) -> dict[str, Any]:
    """Column values of a lead.  ``transferred``: the lead has a transfer on record."""
    parsed = {f.key: parse(f, raw.get(f.key)) for f in LEAD_FIELDS if f.key != UNIT.key}
    received = parsed["received_on"]
    if received > today:
        raise FieldError(RECEIVED_ON.label, f"不能晚于今天（{today.isoformat()}）。")
    deadline = parsed["deadline"]
    if deadline is not None and deadline < received:
        raise FieldError(
            DEADLINE.label, f"不能早于收到日期（{received.isoformat()}），实际为 {deadline}。"
        )
    status = parsed["status"] or LeadStatus.OPEN.value
    outcome = parsed["outcome"] or ""
    if status == LeadStatus.CLOSED.value and not outcome:
        raise FieldError(OUTCOME.label, "办理状态为“已办结”时必须填写办理结果。")
    if status == LeadStatus.TRANSFERRED.value and not transferred:
        raise FieldError(STATUS.label, "还没有移送记录，不能设为“已移送”；请用“移送”添加移送记录。")
    return {
        **parsed,
        "unit_id": resolve_unit(session, raw.get(UNIT.key)),
        "handler": parsed["handler"] or "",
        "outcome": outcome,
        "status": status,
    }


def parse_transfer(
    target: Any, organ_name: Any, transferred_on: Any, remark: Any, received_on: date, today: date
) -> dict[str, Any]:
    """Column values of a transfer (without its status)."""
    target_value = parse(TARGET, target)
    organ = parse(ORGAN, organ_name) or ""
    if target_value == TransferTarget.DEPARTMENT.value and not organ:
        raise FieldError(ORGAN.label, "移送主管部门时须写明部门名称。")
    on = parse(TRANSFERRED_ON, transferred_on)
    if on > today:
        raise FieldError(TRANSFERRED_ON.label, f"不能晚于今天（{today.isoformat()}）。")
    if on < received_on:
        raise FieldError(
            TRANSFERRED_ON.label, f"不能早于线索的收到日期（{received_on.isoformat()}）。"
        )
    return {
        "target": target_value,
        "organ_name": organ,
        "transferred_on": on,
        "remark": parse(REMARK, remark) or "",
    }


def has_transfer(session: Session, lead: Lead | None) -> bool:
    if lead is None:
        return False
    found = session.execute(
        select(LeadTransfer.id).where(
            LeadTransfer.lead_id == lead.id, LeadTransfer.deleted_at.is_(None)
        )
    ).first()
    return found is not None


def resolve_unit(session: Session, raw: Any) -> str | None:
    """A live enforcement unit by id or by its exact name; empty → None."""
    text = "" if raw is None else str(raw).strip()
    if not text:
        return None
    live = EnforcementUnit.deleted_at.is_(None)
    by_id = session.execute(
        select(EnforcementUnit.id).where(EnforcementUnit.id == text, live)
    ).scalar()
    if by_id is not None:
        return by_id
    found = [
        row.id
        for row in ownership.prefer_own(
            session,
            list(
                session.execute(
                    select(EnforcementUnit.id, EnforcementUnit.origin_office).where(
                        EnforcementUnit.name == text, live
                    )
                )
            ),
        )
    ]
    if not found:
        raise FieldError(UNIT.label, f"找不到名为“{text}”的执法主体，请先在“行政执法主体”中登记。")
    if len(found) > 1:
        raise FieldError(UNIT.label, f"有{len(found)}个执法主体都叫“{text}”，无法确定是哪一个。")
    return found[0]
