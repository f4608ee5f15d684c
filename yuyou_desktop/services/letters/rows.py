"""Reading and checking letter rows inside a service transaction (helpers of
``LetterService``)."""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy.orm import Session

from yuyou_desktop.domain.letters import LetterStatus
from yuyou_desktop.errors import FieldError, InputRejected
from yuyou_desktop.services import ownership
from yuyou_desktop.services.letters.records import LetterDraft
from yuyou_desktop.services.registry.service import StaleRecord
from yuyou_desktop.storage.models import EnforcementUnit
from yuyou_desktop.storage.models_inspections import Inspection, Lead
from yuyou_desktop.storage.models_letters import Letter
from yuyou_desktop.storage.models_reviews import ReviewCampaign

SOURCE_MODELS = {
    "inspection": Inspection,
    "lead": Lead,
    "campaign": ReviewCampaign,
    "letter": Letter,
}


def apply_draft(row: Letter, draft: LetterDraft) -> None:
    row.type_code, row.layout = draft.type_code, draft.layout or ""
    row.unit_id, row.recipient, row.title = draft.unit_id, draft.recipient, draft.title
    row.fields = json.dumps(dict(draft.fields), ensure_ascii=False, sort_keys=True)
    row.attachments = json.dumps(list(draft.attachments), ensure_ascii=False)
    row.cc = json.dumps(list(draft.cc), ensure_ascii=False)
    row.source_kind, row.source_id = draft.source_kind, draft.source_id
    row.corrects_id = draft.corrects_id


def draft_of(row: Letter) -> LetterDraft:
    return LetterDraft(
        type_code=row.type_code,
        unit_id=row.unit_id,
        recipient=row.recipient,
        title=row.title,
        fields=json.loads(row.fields),
        attachments=tuple(json.loads(row.attachments)),
        cc=tuple(json.loads(row.cc)),
        layout=row.layout,
        source_kind=row.source_kind,
        source_id=row.source_id,
        corrects_id=row.corrects_id,
    )


def locked(session: Session, letter_id: str, version: int) -> Letter:
    """The letter a write is about to change: live, at ``version``, and this office's own
    (a letter of another office is only looked at here)."""
    row = session.get(Letter, letter_id)
    if row is None or row.deleted_at is not None:
        raise StaleRecord("这份文书不存在或已被删除。")
    if row.version != version:
        raise StaleRecord("这份文书已被修改（可能在另一个窗口），请重新打开后再操作。")
    ownership.ensure_owned(session, row)
    return row


def require(row: Letter, allowed: tuple[LetterStatus, ...], action: str) -> None:
    if row.status not in {s.value for s in allowed}:
        label = LetterStatus(row.status).label
        if row.status != LetterStatus.DRAFT.value and action in ("修改", "删除"):
            raise InputRejected(
                f"这份文书{label}，不能{action}。如需更正，请用“更正”新建一份引用它的文书。"
            )
        raise InputRejected(f"这份文书{label}，不能{action}。")


def not_before(day: date, earliest: date | None, label: str, other: str) -> None:
    if earliest is not None and day < earliest:
        raise FieldError(label, f"{day}早于{other}{earliest}。")


def not_future(day: date, today: date, label: str) -> None:
    if day > today:
        raise FieldError(label, "不能晚于今天。")


def check_links(session: Session, draft: LetterDraft, check_source: bool = True) -> None:
    if check_source and (draft.source_kind is not None or draft.source_id is not None):
        model = SOURCE_MODELS.get(draft.source_kind or "")
        source = session.get(model, draft.source_id) if model and draft.source_id else None
        if source is None or source.deleted_at is not None:
            raise FieldError("来源", "文书所依据的记录不存在或已被删除。")
    if draft.unit_id:
        unit = session.get(EnforcementUnit, draft.unit_id)
        if unit is None or unit.deleted_at is not None:
            raise FieldError("受文单位", "所选单位不存在或已被删除。")
    if draft.corrects_id:
        cited = session.get(Letter, draft.corrects_id)
        if cited is None or cited.deleted_at is not None or not cited.number:
            raise FieldError("更正", "被更正的文书不存在或尚未签发。")
        ownership.ensure_owned(session, cited)  # only the issuing office corrects a letter
