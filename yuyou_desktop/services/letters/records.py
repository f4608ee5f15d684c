"""Plain values of 文书 passed between the letter services, the CLI and the GUI."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

SERVICE_METHODS = ("直接送达", "留置送达", "邮寄送达", "委托送达", "电子送达")
SOURCE_LABELS = {
    "inspection": "检查记录",
    "lead": "问题线索",
    "campaign": "评查活动",
    "letter": "文书",
}


@dataclass(frozen=True)
class LetterDraft:
    """What a user fills in.  ``fields`` holds the template's fields by key (dates as
    ``YYYY-MM-DD``); ``layout`` None means the type's own."""

    type_code: str
    unit_id: str | None
    recipient: str
    title: str
    fields: Mapping[str, str] = field(default_factory=dict)
    attachments: tuple[str, ...] = ()
    cc: tuple[str, ...] = ()
    layout: str | None = None
    source_kind: str | None = None
    source_id: str | None = None
    corrects_id: str | None = None


@dataclass(frozen=True)
class LetterRow:
    """One line of the archive list."""

    id: str
    version: int
    type_code: str
    type_name: str
    number: str  # '' for a draft
    title: str
    recipient: str
    unit_id: str | None
    status: str
    status_label: str  # 逾期未回复 when overdue
    overdue: bool
    issued_on: date | None
    due_on: date | None
    served_on: date | None
    replied_on: date | None
    origin_office: str
    updated_at: datetime


@dataclass(frozen=True)
class LetterRecord:
    """Everything about one letter."""

    id: str
    version: int
    type_code: str
    type_name: str
    status: str
    status_label: str
    overdue: bool
    layout: str
    unit_id: str | None
    unit_name: str
    recipient: str
    title: str
    fields: Mapping[str, str]
    attachments: tuple[str, ...]
    cc: tuple[str, ...]
    deadline: date | None
    source_kind: str | None
    source_id: str | None
    corrects_id: str | None
    corrects_number: str
    corrected_by: tuple[str, ...]  # numbers (or 草稿) of letters correcting this one
    number: str
    issued_on: date | None
    issued_at: datetime | None
    pdf_sha256: str | None
    pdf_size: int | None
    fonts: tuple[str, ...]  # the font of each role, as described when issued
    due_on: date | None
    served_on: date | None
    served_method: str | None
    served_recipient: str | None
    replied_on: date | None
    reply_note: str | None
    closed_on: date | None
    close_note: str | None
    voided_on: date | None
    voided_reason: str | None
    origin_office: str

    @property
    def is_draft(self) -> bool:
        return self.status == "draft"

    def draft(self) -> LetterDraft:
        """The letter's content as a draft (to edit it, or to start a correction)."""
        return LetterDraft(
            type_code=self.type_code,
            unit_id=self.unit_id,
            recipient=self.recipient,
            title=self.title,
            fields=dict(self.fields),
            attachments=self.attachments,
            cc=self.cc,
            layout=self.layout,
            source_kind=self.source_kind,
            source_id=self.source_id,
            corrects_id=self.corrects_id,
        )


@dataclass(frozen=True)
class LetterQuery:
    type_code: str | None = None
    status: str | None = None  # a LetterStatus value, or "overdue"
    unit_id: str | None = None
    year: int | None = None
    keyword: str = ""
    origin_office: str | None = None  # 来源单位: only the letters of this office
    sort: str = "updated"  # updated, number, issued_on, due_on, type, recipient, status
    descending: bool = True
    offset: int = 0
    limit: int = 200


@dataclass(frozen=True)
class LetterPage:
    rows: list[LetterRow]
    total: int


@dataclass(frozen=True)
class NumberTaken:
    number: str
    type_code: str
    year: int
    serial: int
    letter_id: str
    voided_reason: str | None
