"""Checking what a user typed into a letter, and turning a letter into the plain
:class:`LetterContent` the PDF is made from."""

from __future__ import annotations

import re
from datetime import date

from yuyou_desktop.documents.letter_pdf import LetterContent
from yuyou_desktop.domain.letters import (
    LAYOUTS,
    LetterType,
    body_paragraphs,
    fill,
    written_date,
)
from yuyou_desktop.errors import FieldError, InputRejected
from yuyou_desktop.services.letters.records import LetterDraft

MAX_TEXT = 5000
MAX_LINE = 200
MAX_LIST = 20
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")  # line breaks, tabs and other control characters
_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


def parse_date(label: str, text: str) -> date:
    match = _DATE.match(text or "")
    if not match:
        raise FieldError(label, f"应为日期，例如 2026-12-31，实际为“{text}”。")
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        raise FieldError(label, f"“{text}”不是存在的日期。") from None


def clean_draft(letter_type: LetterType, draft: LetterDraft) -> tuple[LetterDraft, date | None]:
    """The draft with whitespace trimmed and dates normalised, and its deadline; refuses
    anything that could not be printed (required fields are checked when issuing)."""
    title = draft.title.strip() or letter_type.name
    if len(title) > MAX_LINE or _CONTROL.search(title):
        raise FieldError("标题", f"应为一行，不超过{MAX_LINE}个字。")
    recipient = draft.recipient.strip()
    if len(recipient) > MAX_LINE or _CONTROL.search(recipient):
        raise FieldError("主送机关", f"应为一行，不超过{MAX_LINE}个字。")
    layout = draft.layout or letter_type.layout
    if layout not in LAYOUTS:
        raise FieldError("版式", f"“{layout}”不是可用的版式。")
    if (layout == "form") != (letter_type.layout == "form"):
        raise FieldError("版式", f"{letter_type.name}只能使用它自己的版式。")
    fields: dict[str, str] = {}
    deadline = None
    for key, raw in draft.fields.items():
        spec = letter_type.field(key)
        if spec is None:
            raise InputRejected(f"{letter_type.name}没有名为“{key}”的内容项。")
        value = str(raw or "").strip()
        if not value:
            continue
        if spec.kind == "date":
            day = parse_date(spec.label, value)
            value = day.isoformat()
            if key == "deadline":
                deadline = day
        elif spec.kind == "line" and (_CONTROL.search(value) or len(value) > MAX_LINE):
            raise FieldError(spec.label, f"应为一行，不超过{MAX_LINE}个字。")
        elif len(value) > MAX_TEXT:
            raise FieldError(spec.label, f"不应超过{MAX_TEXT}个字，实际为{len(value)}个字。")
        fields[key] = value.replace("\r\n", "\n")
    attachments = _items("附件", draft.attachments, 100)
    cc = _items("抄送机关", draft.cc, 60)
    cleaned = LetterDraft(
        type_code=letter_type.code,
        unit_id=draft.unit_id or None,
        recipient=recipient,
        title=title,
        fields=fields,
        attachments=attachments,
        cc=cc,
        layout=layout,
        source_kind=draft.source_kind,
        source_id=draft.source_id,
        corrects_id=draft.corrects_id,
    )
    return cleaned, deadline


def _items(label: str, items: tuple[str, ...], longest: int) -> tuple[str, ...]:
    out = tuple(item.strip() for item in items if item and item.strip())
    if len(out) > MAX_LIST:
        raise FieldError(label, f"最多{MAX_LIST}项。")
    for item in out:
        if len(item) > longest or _CONTROL.search(item):
            raise FieldError(label, f"“{item[:20]}…”应为一行，不超过{longest}个字。")
    return out


def missing_for_issue(letter_type: LetterType, draft: LetterDraft) -> list[str]:
    """What must still be filled in before the letter can be issued (labels)."""
    missing = []
    if letter_type.recipient != "none" and not draft.recipient:
        missing.append("主送机关" if letter_type.recipient == "organ" else "受文单位")
    for spec in letter_type.fields:
        if spec.required and not draft.fields.get(spec.key):
            missing.append(spec.label)
    return missing


def letter_content(
    letter_type: LetterType,
    draft: LetterDraft,
    office_name: str,
    number: str,
    on: date,
    draft_mark: bool,
    corrects: str = "",
    mark: str = "",
) -> LetterContent:
    """What is printed.  ``corrects`` is the number and title of the letter this one corrects;
    it opens the body so that the recipient knows which letter is replaced."""
    values = dict(draft.fields)
    deadline = values.get("deadline")
    values.update(
        unit=draft.recipient,
        recipient=draft.recipient,
        office=office_name,
        number=number,
        date=written_date(on),
        deadline_text=written_date(date.fromisoformat(deadline)) if deadline else "＿＿年＿月＿日",
    )
    layout = draft.layout or letter_type.layout
    if layout == "form":
        paragraphs = tuple(fill(line, values) for line in letter_type.body)
    else:
        paragraphs = body_paragraphs(letter_type, values)
    if corrects:
        paragraphs = (f"本文书是对本机关{corrects}的更正。", *paragraphs)
    return LetterContent(
        layout=layout,
        organ=office_name,
        number=number,
        title=draft.title or letter_type.name,
        recipient=draft.recipient if layout != "form" else "",
        paragraphs=paragraphs,
        attachments=draft.attachments,
        signature=office_name if layout != "form" else "",
        date_text=written_date(on),
        sealed=letter_type.sealed,
        cc=draft.cc,
        draft=draft_mark,
        footer_pages=layout == "form",
        mark=mark,
    )
