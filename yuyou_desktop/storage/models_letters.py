"""Models of 文书: letters (draft → issued → served → replied → closed, or voided) and the
register of 发文字号 taken.

The PDF of an issued letter is kept in the attachment store (``<data>/attachments``, named by
its SHA-256, as the sync design carries files); the letter row holds its hash and size.  An
issued letter is frozen.  The service refuses to change it, and the database refuses too:
triggers created by migration 0007 abort any change of an issued letter's content, number,
hash or fonts, turning it back into a draft, or deleting it; a number taken is never changed
or removed.  A correction is a new letter whose
``corrects_id`` cites the one it corrects.  All tables are synchronised (``SyncColumns``)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from yuyou_desktop.storage.models import Base, SyncColumns


class Letter(SyncColumns, Base):
    __tablename__ = "letters"
    __table_args__ = (
        Index(None, "status", "due_on"),
        Index(None, "unit_id"),
        Index(None, "type_code", "year"),
    )

    type_code: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(12))
    layout: Mapped[str] = mapped_column(String(12))
    unit_id: Mapped[str | None] = mapped_column(ForeignKey("enforcement_units.id"))
    recipient: Mapped[str] = mapped_column(String(200))  # 主送机关 as printed
    title: Mapped[str] = mapped_column(String(200))
    fields: Mapped[str] = mapped_column(Text)  # JSON {template field key: text}
    attachments: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of names
    cc: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of 抄送机关
    deadline: Mapped[date | None]  # a date written in the letter (整改期限 …)
    source_kind: Mapped[str | None] = mapped_column(String(16))  # inspection, lead, campaign
    source_id: Mapped[str | None] = mapped_column(String(36))
    corrects_id: Mapped[str | None] = mapped_column(ForeignKey("letters.id"))
    # set when issued
    year: Mapped[int | None] = mapped_column(Integer)
    serial: Mapped[int | None] = mapped_column(Integer)
    number: Mapped[str | None] = mapped_column(String(60))
    issued_on: Mapped[date | None]
    issued_at: Mapped[datetime | None]
    pdf_sha256: Mapped[str | None] = mapped_column(String(64))  # the file in the store
    pdf_size: Mapped[int | None] = mapped_column(Integer)
    fonts: Mapped[str | None] = mapped_column(Text)  # JSON: the font of each role when issued
    # follow-up
    due_on: Mapped[date | None]
    served_on: Mapped[date | None]
    served_method: Mapped[str | None] = mapped_column(String(40))
    served_recipient: Mapped[str | None] = mapped_column(String(80))
    replied_on: Mapped[date | None]
    reply_note: Mapped[str | None] = mapped_column(Text)
    closed_on: Mapped[date | None]
    close_note: Mapped[str | None] = mapped_column(Text)
    voided_on: Mapped[date | None]
    voided_reason: Mapped[str | None] = mapped_column(String(200))


class LetterNumber(SyncColumns, Base):
    """A 发文字号 taken: never reused, tombstones included; a voided one keeps its reason."""

    __tablename__ = "letter_numbers"
    __table_args__ = (Index(None, "origin_office", "type_code", "year", "serial", unique=True),)

    type_code: Mapped[str] = mapped_column(String(32))
    year: Mapped[int] = mapped_column(Integer)
    serial: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(60))
    letter_id: Mapped[str] = mapped_column(ForeignKey("letters.id"))
    voided_reason: Mapped[str | None] = mapped_column(String(200))
