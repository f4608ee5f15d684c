"""Loading the demonstration leads (``resources/demo/leads.json``) inside DemoService's write
transaction.  Each lead and its transfers pass the same rules as a clerk's input; a lead is
matched by (收到日期, 内容) among live leads and never added twice."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from yuyou_desktop.domain.enums import TransferStatus
from yuyou_desktop.errors import FieldError, InputRejected
from yuyou_desktop.services.inspections.lead_rules import parse_lead, parse_transfer
from yuyou_desktop.services.registry.fields import ENUM, Field, parse
from yuyou_desktop.storage.changes import INFO_OFFICE
from yuyou_desktop.storage.models_inspections import Lead, LeadTransfer

LEADS_TITLE = "线索"
TRANSFERS_TITLE = "线索移送"
_TRANSFER_STATUS = Field("status", "移送状态", ENUM, required=True, enum=TransferStatus)


def load_leads(
    session: Session, rows: list[dict[str, Any]], today: date, resolve: Callable[[Any], Any]
) -> tuple[int, int]:
    """Add the leads of ``rows`` that are not there yet; returns (leads, transfers) added.

    ``resolve`` turns a relative value (``@today-30``) into a date.
    """
    have = set(
        session.execute(
            select(Lead.received_on, Lead.content).where(
                Lead.deleted_at.is_(None), Lead.origin_office == session.info[INFO_OFFICE]
            )
        ).tuples()
    )
    leads = transfers = 0
    for number, raw in enumerate(rows, start=1):
        try:
            row = {k: resolve(v) for k, v in raw.items() if k != "transfers"}
            moves = [{k: resolve(v) for k, v in t.items()} for t in raw.get("transfers", [])]
            values = parse_lead(session, row, today, transferred=bool(moves))
            found = [
                {
                    **parse_transfer(
                        t["target"],
                        t.get("organ_name", ""),
                        t["transferred_on"],
                        t.get("remark", ""),
                        values["received_on"],
                        today,
                    ),
                    "status": parse(_TRANSFER_STATUS, t["status"]),
                }
                for t in moves
            ]
        except FieldError as exc:
            raise InputRejected(f"演示数据“{LEADS_TITLE}”第{number}条有误：{exc.message}") from exc
        if (values["received_on"], values["content"]) in have:
            continue
        lead = Lead(**values)
        session.add(lead)
        session.flush()  # the lead's id, for its transfers
        session.add_all(LeadTransfer(lead_id=lead.id, **t) for t in found)
        session.flush()
        leads += 1
        transfers += len(found)
    return leads, transfers
