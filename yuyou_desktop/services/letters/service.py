"""文书: drafts, issuing (number, PDF, hash), service, reply, closing, voiding, corrections.

An issued letter never changes: its PDF is kept in the attachment store under its SHA-256 and
read back verified; the database's triggers refuse any change to its content (migration 0007).
Numbers are taken inside the issuing transaction (``BEGIN IMMEDIATE``), one sequence per office,
type and year, and are never reused — a voided letter keeps its number with the reason.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from yuyou_desktop.documents.letter_fonts import ROLE_LABELS
from yuyou_desktop.documents.letter_pdf import render_letter
from yuyou_desktop.domain.letters import (
    LetterStatus,
    LetterType,
    format_letter_number,
    load_letter_types,
    reply_deadline,
    written_date,
)
from yuyou_desktop.errors import FieldError, InputRejected
from yuyou_desktop.services import ownership
from yuyou_desktop.services.inspections.attachments import AttachmentStore
from yuyou_desktop.services.letters.content import clean_draft, letter_content, missing_for_issue
from yuyou_desktop.services.letters.fonts import LetterFontService
from yuyou_desktop.services.letters.reading import letter_record, list_letters
from yuyou_desktop.services.letters.records import (
    SERVICE_METHODS,
    LetterDraft,
    LetterPage,
    LetterQuery,
    LetterRecord,
)
from yuyou_desktop.services.letters.rows import (
    apply_draft,
    check_links,
    draft_of,
    locked,
    not_before,
    not_future,
    require,
)
from yuyou_desktop.services.office import OfficeService
from yuyou_desktop.services.ownership import OriginChoices
from yuyou_desktop.services.registry.service import StaleRecord
from yuyou_desktop.storage.database import Database
from yuyou_desktop.storage.models_letters import Letter, LetterNumber
from yuyou_desktop.storage.types import utcnow

FOLLOWED = (LetterStatus.ISSUED, LetterStatus.SERVED, LetterStatus.REPLIED)


class LetterService:
    def __init__(
        self,
        db: Database,
        office: OfficeService,
        fonts: LetterFontService,
        templates: Path,
        attachments: Path,
        today: Callable[[], date] = date.today,
        county_templates: Path | None = None,
    ) -> None:
        self._db = db
        self._office = office
        self._fonts = fonts
        self._templates = templates
        self._county_templates = county_templates  # received from the county, when any
        self._store = AttachmentStore(attachments)
        self._today = today
        self._types: tuple[LetterType, ...] | None = None

    # ------------------------------------------------------------ types

    def templates_folder(self) -> Path:
        """The county's templates when a reference package brought them, else the program's."""
        county = self._county_templates
        if county is not None and county.is_dir() and any(county.glob("*.json")):
            return county
        return self._templates

    def template_texts(self) -> dict[str, str]:
        """The template files in use (file name → text), for the county's reference package."""
        return {
            p.name: p.read_text(encoding="utf-8")
            for p in sorted(self.templates_folder().glob("*.json"))
        }

    def reload_types(self) -> None:
        self._types = None

    def types(self) -> tuple[LetterType, ...]:
        if self._types is None:
            self._types = load_letter_types(self.templates_folder())
        return self._types

    def letter_type(self, code: str) -> LetterType:
        for letter_type in self.types():
            if letter_type.code == code:
                return letter_type
        raise FieldError("文书种类", f"没有“{code}”这种文书。")

    # ------------------------------------------------------------ reading

    def list(self, query: LetterQuery | None = None) -> LetterPage:
        with self._db.reader() as session:
            return list_letters(session, query or LetterQuery(), self.types(), self._today())

    def origin_offices(self) -> OriginChoices:
        """The offices whose letters are listed here (for the 来源单位 filter)."""
        with self._db.reader() as session:
            return ownership.origin_choices(session, Letter)

    def get(self, letter_id: str) -> LetterRecord:
        with self._db.reader() as session:
            record = letter_record(session, letter_id, self.types(), self._today())
        if record is None:
            raise StaleRecord("这份文书不存在或已被删除。")
        return record

    def pdf(self, letter_id: str) -> bytes:
        """The archived bytes of an issued letter (verified against the stored hash), or a
        fresh rendering of a draft."""
        record = self.get(letter_id)
        if record.pdf_sha256:
            return self._store.read_verified(record.pdf_sha256)
        return self.preview(record.draft())

    def preview(self, draft: LetterDraft, on: date | None = None) -> bytes:
        """An unsaved or saved draft as PDF, marked 草稿 and without a number."""
        return self.render(draft, number="", on=on or self._today(), draft_mark=True)

    def render(
        self, draft: LetterDraft, number: str, on: date, draft_mark: bool, mark: str = ""
    ) -> bytes:
        """``draft`` printed with ``number`` and date ``on`` (specimens, previews); nothing
        is stored."""
        letter_type = self.letter_type(draft.type_code)
        cleaned, _ = clean_draft(letter_type, draft)
        corrects = self._corrects_text(cleaned.corrects_id)
        office = self._office.current()
        content = letter_content(
            letter_type, cleaned, office.name, number, on, draft_mark, corrects, mark
        )
        return render_letter(content, self._fonts.current(), author=office.name)

    def missing_for_issue(self, letter_id: str) -> list[str]:
        """The labels of what must still be filled in before the letter can be issued."""
        record = self.get(letter_id)
        return missing_for_issue(self.letter_type(record.type_code), record.draft())

    def font_warnings(self) -> tuple[str, ...]:
        """What the user should know about the fonts letters will be printed with."""
        return self._fonts.current().warnings

    # ------------------------------------------------------------ drafts

    def create(self, draft: LetterDraft) -> str:
        letter_type = self.letter_type(draft.type_code)
        cleaned, deadline = clean_draft(letter_type, draft)
        with self._db.writer() as session:
            check_links(session, cleaned)
            row = Letter(status=LetterStatus.DRAFT.value, deadline=deadline)
            apply_draft(row, cleaned)
            session.add(row)
            session.flush()
            return row.id

    def update(self, letter_id: str, version: int, draft: LetterDraft) -> None:
        with self._db.writer() as session:
            row = locked(session, letter_id, version)
            require(row, (LetterStatus.DRAFT,), "修改")
            if draft.type_code != row.type_code:
                raise FieldError("文书种类", "草稿的文书种类不能更改，请新建。")
            cleaned, deadline = clean_draft(self.letter_type(row.type_code), draft)
            same_source = (cleaned.source_kind, cleaned.source_id) == (
                row.source_kind,
                row.source_id,
            )
            check_links(session, cleaned, check_source=not same_source)
            apply_draft(row, cleaned)
            row.deadline = deadline

    def delete_draft(self, letter_id: str, version: int) -> None:
        with self._db.writer() as session:
            row = locked(session, letter_id, version)
            require(row, (LetterStatus.DRAFT,), "删除")
            row.deleted_at = utcnow()

    def correction_draft(self, letter_id: str) -> LetterDraft:
        """The issued letter's content as a new, unsaved draft that cites it (a draft is simply
        edited instead)."""
        record = self.get(letter_id)
        with self._db.reader() as session:
            refusal = ownership.refusal_for(session, record.origin_office)
        if refusal:  # a letter is corrected by the office that issued it
            raise ownership.NotOwned(refusal)
        if record.is_draft:
            raise InputRejected("草稿可以直接修改，不需要更正。")
        return replace(record.draft(), corrects_id=record.id)

    def start_correction(self, letter_id: str) -> str:
        """The correction draft, stored."""
        return self.create(self.correction_draft(letter_id))

    # ------------------------------------------------------------ issuing

    def issue(self, letter_id: str, version: int, on: date | None = None) -> LetterRecord:
        """Take the next number, render the PDF, keep it and freeze the letter."""
        day = on or self._today()
        fonts = self._fonts.current()
        office = self._office.current()
        with self._db.writer("issue") as session:
            row = locked(session, letter_id, version)
            require(row, (LetterStatus.DRAFT,), "签发")
            today = self._today()
            if day > today:
                raise FieldError("签发日期", "不能晚于今天。")
            if day.year < today.year - 1:
                raise FieldError(
                    "签发日期",
                    f"{day.year}年早于上一年度：文号按年度编排，只能补签本年度或上一年度的文书。",
                )
            letter_type = self.letter_type(row.type_code)
            draft = draft_of(row)
            # the unit may have been deleted since; a source record deleted since does not
            # stop the letter (it was checked when the draft was started)
            check_links(session, draft, check_source=False)
            missing = missing_for_issue(letter_type, draft)
            if missing:
                raise InputRejected(f"签发前还需填写：{'、'.join(missing)}。")
            if letter_type.needs_deadline and row.deadline and row.deadline < day:
                spec = letter_type.field("deadline")
                label = spec.label if spec is not None else "期限"
                raise FieldError(label, f"{row.deadline}早于签发日期{day}。")
            last = session.execute(
                select(Letter.number, Letter.issued_on)
                .join(LetterNumber, LetterNumber.letter_id == Letter.id)
                .where(
                    LetterNumber.origin_office == office.code,
                    LetterNumber.type_code == row.type_code,
                    LetterNumber.year == day.year,
                )
                .order_by(LetterNumber.serial.desc())
                .limit(1)
            ).first()
            if last is not None and last.issued_on and day < last.issued_on:
                raise FieldError(
                    "签发日期",
                    f"早于上一号文书{last.number}的签发日期{last.issued_on}，"
                    "文号的先后须与签发日期一致。",
                )
            serial = (
                session.execute(
                    select(func.max(LetterNumber.serial)).where(
                        LetterNumber.origin_office == office.code,
                        LetterNumber.type_code == row.type_code,
                        LetterNumber.year == day.year,
                    )
                ).scalar_one()
                or 0
            ) + 1
            number = format_letter_number(office.prefix + letter_type.suffix, day.year, serial)
            corrects = self._corrects_text(row.corrects_id, session)
            content = letter_content(letter_type, draft, office.name, number, day, False, corrects)
            pdf = render_letter(content, fonts, author=office.name)
            sha = self._store.store_bytes(pdf)  # the file exists before the row points at it
            session.add(
                LetterNumber(
                    type_code=row.type_code,
                    year=day.year,
                    serial=serial,
                    number=number,
                    letter_id=row.id,
                )
            )
            row.status = LetterStatus.ISSUED.value
            row.year, row.serial, row.number = day.year, serial, number
            row.issued_on, row.issued_at = day, utcnow()
            row.pdf_sha256, row.pdf_size = sha, len(pdf)
            row.fonts = json.dumps(
                [f"{ROLE_LABELS[role]}：{c.description}" for role, c in fonts.choices.items()],
                ensure_ascii=False,
            )
            row.due_on = reply_deadline(letter_type, row.deadline, None)
        return self.get(letter_id)

    # ------------------------------------------------------------ follow-up

    def serve(
        self, letter_id: str, version: int, on: date, method: str, recipient: str
    ) -> LetterRecord:
        """Record service (送达回证): the day, how, and who received it."""
        method, recipient = method.strip(), recipient.strip()
        if method not in SERVICE_METHODS:
            raise FieldError("送达方式", f"应为 {'、'.join(SERVICE_METHODS)} 之一。")
        if not recipient or len(recipient) > 80:
            raise FieldError("受送达人", "应填写签收人姓名，不超过80个字。")
        with self._db.writer() as session:
            row = locked(session, letter_id, version)
            require(row, (LetterStatus.ISSUED,), "登记送达")
            not_before(on, row.issued_on, "送达日期", "签发日期")
            not_future(on, self._today(), "送达日期")
            letter_type = self.letter_type(row.type_code)
            row.status = LetterStatus.SERVED.value
            row.served_on, row.served_method, row.served_recipient = on, method, recipient
            row.due_on = reply_deadline(letter_type, row.deadline, on)
        return self.get(letter_id)

    def reply(self, letter_id: str, version: int, on: date, note: str) -> LetterRecord:
        note = note.strip()
        if not note:
            raise FieldError("回复情况", "请简要写明回复或报告的内容。")
        with self._db.writer() as session:
            row = locked(session, letter_id, version)
            letter_type = self.letter_type(row.type_code)
            if not letter_type.expects_reply:
                raise InputRejected(f"{letter_type.name}不需要回复，可直接办结。")
            require(row, (LetterStatus.ISSUED, LetterStatus.SERVED), "登记回复")
            not_before(on, row.served_on or row.issued_on, "回复日期", "送达或签发日期")
            not_future(on, self._today(), "回复日期")
            row.status = LetterStatus.REPLIED.value
            row.replied_on, row.reply_note = on, note
        return self.get(letter_id)

    def close(self, letter_id: str, version: int, on: date, note: str = "") -> LetterRecord:
        """办结.  A letter still waiting for its reply needs a note saying why it is closed."""
        note = note.strip()
        with self._db.writer() as session:
            row = locked(session, letter_id, version)
            require(row, FOLLOWED, "办结")
            letter_type = self.letter_type(row.type_code)
            waiting = letter_type.expects_reply and row.status != LetterStatus.REPLIED.value
            if waiting and not note:
                raise FieldError("办结说明", f"尚未收到{letter_type.reply_label}，请写明办结理由。")
            not_before(on, row.replied_on or row.served_on or row.issued_on, "办结日期", "此前")
            not_future(on, self._today(), "办结日期")
            row.status = LetterStatus.CLOSED.value
            row.closed_on, row.close_note = on, note or None
        return self.get(letter_id)

    def void(
        self, letter_id: str, version: int, reason: str, on: date | None = None
    ) -> LetterRecord:
        """作废 (on ``on``, default today): the letter and its number stay on record with the
        reason."""
        reason = reason.strip()
        day = on or self._today()
        if not reason or len(reason) > 200:
            raise FieldError("作废理由", "请写明作废理由，不超过200个字。")
        with self._db.writer() as session:
            row = locked(session, letter_id, version)
            require(row, (*FOLLOWED, LetterStatus.CLOSED), "作废")
            not_before(day, row.issued_on, "作废日期", "签发日期")
            not_future(day, self._today(), "作废日期")
            number = session.scalars(
                select(LetterNumber).where(LetterNumber.letter_id == row.id)
            ).one()
            ownership.ensure_owned(session, number)
            number.voided_reason = reason
            row.status = LetterStatus.VOIDED.value
            row.voided_on, row.voided_reason = day, reason
        return self.get(letter_id)

    # ------------------------------------------------------------ helpers

    def _corrects_text(self, corrects_id: str | None, session: Session | None = None) -> str:
        if not corrects_id:
            return ""
        if session is None:
            with self._db.reader() as reader:
                return self._corrects_text(corrects_id, reader)
        row = session.get(Letter, corrects_id)
        if row is None or not row.number:
            return ""
        return f"{written_date(row.issued_on)}印发的《{row.title}》（{row.number}）"
