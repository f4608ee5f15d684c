"""Reading letters: the archive list (filtered, sorted and paged in SQL) and one letter."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from yuyou_desktop.domain.letters import OVERDUE_LABEL, LetterStatus, LetterType
from yuyou_desktop.errors import FieldError
from yuyou_desktop.services.letters.records import LetterPage, LetterQuery, LetterRecord, LetterRow
from yuyou_desktop.storage.models import EnforcementUnit
from yuyou_desktop.storage.models_letters import Letter

WAITING = (LetterStatus.ISSUED.value, LetterStatus.SERVED.value)
SORTS = {
    "updated": (Letter.updated_at,),
    "number": (Letter.year, Letter.type_code, Letter.serial),
    "issued_on": (Letter.issued_on,),
    "due_on": (Letter.due_on,),
    "served_on": (Letter.served_on,),
    "type": (Letter.type_code,),
    "recipient": (Letter.recipient,),
    "status": (Letter.status,),
    "title": (Letter.title,),
    "origin": (Letter.origin_office, Letter.updated_at),  # 来源单位, then the latest first
}


def overdue_condition(today: date):
    return and_(Letter.status.in_(WAITING), Letter.due_on.is_not(None), Letter.due_on < today)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def list_letters(
    session: Session, query: LetterQuery, types: tuple[LetterType, ...], today: date
) -> LetterPage:
    conditions = [Letter.deleted_at.is_(None)]
    if query.type_code:
        conditions.append(Letter.type_code == query.type_code)
    if query.status == "overdue":
        conditions.append(overdue_condition(today))
    elif query.status:
        if query.status not in {s.value for s in LetterStatus}:
            raise FieldError("状态", f"没有“{query.status}”这种状态。")
        conditions.append(Letter.status == query.status)
    if query.unit_id:
        conditions.append(Letter.unit_id == query.unit_id)
    if query.origin_office:
        conditions.append(Letter.origin_office == query.origin_office)
    if query.year:
        conditions.append(
            or_(Letter.year == query.year, and_(Letter.year.is_(None), Letter.status == "draft"))
        )
    keyword = query.keyword.strip()
    if keyword:
        pattern = f"%{_escape(keyword)}%"
        conditions.append(
            or_(
                Letter.number.like(pattern, escape="\\"),
                Letter.title.like(pattern, escape="\\"),
                Letter.recipient.like(pattern, escape="\\"),
            )
        )
    total = session.execute(
        select(func.count()).select_from(Letter).where(*conditions)
    ).scalar_one()
    if query.sort not in SORTS:
        raise FieldError("排序", f"不能按“{query.sort}”排序。")
    order = [c.desc() if query.descending else c.asc() for c in SORTS[query.sort]]
    rows = session.scalars(
        select(Letter)
        .where(*conditions)
        .order_by(*order, Letter.id.desc() if query.descending else Letter.id)
        .offset(query.offset)
        .limit(query.limit)
    ).all()
    names = {t.code: t.name for t in types}
    return LetterPage([_row(row, names, today) for row in rows], total)


def _status(row: Letter, today: date) -> tuple[str, bool]:
    overdue = row.status in WAITING and row.due_on is not None and row.due_on < today
    return (OVERDUE_LABEL if overdue else LetterStatus(row.status).label), overdue


def _row(row: Letter, names: dict[str, str], today: date) -> LetterRow:
    label, overdue = _status(row, today)
    return LetterRow(
        id=row.id,
        version=row.version,
        type_code=row.type_code,
        type_name=names.get(row.type_code, row.type_code),
        number=row.number or "",
        title=row.title,
        recipient=row.recipient,
        unit_id=row.unit_id,
        status=row.status,
        status_label=label,
        overdue=overdue,
        issued_on=row.issued_on,
        due_on=row.due_on,
        served_on=row.served_on,
        replied_on=row.replied_on,
        origin_office=row.origin_office,
        updated_at=row.updated_at,
    )


@dataclass(frozen=True)
class LetterTodo:
    """An issued letter whose reply is overdue (for 待办)."""

    letter_id: str
    number: str
    title: str
    recipient: str
    due_on: date
    days: int  # days overdue
    status_label: str


def overdue_letters(session: Session, today: date, limit: int) -> tuple[list[LetterTodo], int]:
    """Letters waiting for a reply past their due day, most overdue first; and their count."""
    where = (Letter.deleted_at.is_(None), overdue_condition(today))
    count = session.execute(select(func.count()).select_from(Letter).where(*where)).scalar_one()
    rows = session.scalars(
        select(Letter).where(*where).order_by(Letter.due_on, Letter.number).limit(limit)
    ).all()
    found = [
        LetterTodo(
            row.id,
            row.number or "",
            row.title,
            row.recipient,
            row.due_on,
            (today - row.due_on).days,
            LetterStatus(row.status).label,
        )
        for row in rows
        if row.due_on is not None
    ]
    return found, count


def letter_record(
    session: Session, letter_id: str, types: tuple[LetterType, ...], today: date
) -> LetterRecord | None:
    row = session.get(Letter, letter_id)
    if row is None or row.deleted_at is not None:
        return None
    names = {t.code: t.name for t in types}
    label, overdue = _status(row, today)
    unit = session.get(EnforcementUnit, row.unit_id) if row.unit_id else None
    cited = session.get(Letter, row.corrects_id) if row.corrects_id else None
    correcting = session.execute(
        select(Letter.number).where(Letter.corrects_id == row.id, Letter.deleted_at.is_(None))
    ).all()
    return LetterRecord(
        id=row.id,
        version=row.version,
        type_code=row.type_code,
        type_name=names.get(row.type_code, row.type_code),
        status=row.status,
        status_label=label,
        overdue=overdue,
        layout=row.layout,
        unit_id=row.unit_id,
        unit_name=unit.name if unit is not None else "",
        recipient=row.recipient,
        title=row.title,
        fields=json.loads(row.fields),
        attachments=tuple(json.loads(row.attachments)),
        cc=tuple(json.loads(row.cc)),
        deadline=row.deadline,
        source_kind=row.source_kind,
        source_id=row.source_id,
        corrects_id=row.corrects_id,
        corrects_number=(cited.number or "") if cited is not None else "",
        corrected_by=tuple(number or "草稿" for (number,) in correcting),
        number=row.number or "",
        issued_on=row.issued_on,
        issued_at=row.issued_at,
        pdf_sha256=row.pdf_sha256,
        pdf_size=row.pdf_size,
        fonts=tuple(json.loads(row.fonts)) if row.fonts else (),
        due_on=row.due_on,
        served_on=row.served_on,
        served_method=row.served_method,
        served_recipient=row.served_recipient,
        replied_on=row.replied_on,
        reply_note=row.reply_note,
        closed_on=row.closed_on,
        close_note=row.close_note,
        voided_on=row.voided_on,
        voided_reason=row.voided_reason,
        origin_office=row.origin_office,
    )
