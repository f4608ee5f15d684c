"""Models of 案卷评查: scoring standards (one row per version, never edited), review campaigns,
the case files registered for them, each reviewer's sheet, and the finalise/reopen log.

Points are stored as decimal text ("92.5"), never as floats, so that what was scored is what
is read back.  All synchronised (see ``SyncColumns``)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from yuyou_desktop.storage.models import Base, SyncColumns, live_unique


class ScoringStandard(SyncColumns, Base):
    """One version of the standard for a case type; ``body`` is its JSON document.

    A new version is a new row: a campaign points at the row it used, so editing a standard
    never changes old results.  (``version`` is the row's sync version, as on every
    synchronised row; the standard's own version number is ``number``.)"""

    __tablename__ = "scoring_standards"
    __table_args__ = (live_unique("scoring_standards", "case_type", "number"),)

    case_type: Mapped[str] = mapped_column(String(24))
    number: Mapped[int] = mapped_column(Integer)  # the standard's version: 第N版
    name: Mapped[str] = mapped_column(String(120))
    body: Mapped[str] = mapped_column(Text)
    remark: Mapped[str] = mapped_column(String(200), default="")


class ReviewCampaign(SyncColumns, Base):
    """评查活动.  ``standards`` maps each case type to the standard row used (JSON)."""

    __tablename__ = "review_campaigns"
    __table_args__ = (Index(None, "year"),)

    name: Mapped[str] = mapped_column(String(120))
    year: Mapped[int] = mapped_column(Integer)
    files_per_unit: Mapped[int] = mapped_column(Integer)
    standards: Mapped[str] = mapped_column(Text)
    discussion_threshold: Mapped[str] = mapped_column(String(8))
    sample_seed: Mapped[str | None] = mapped_column(String(32))
    sampled_at: Mapped[datetime | None]
    remark: Mapped[str] = mapped_column(String(200), default="")


class ReviewCampaignUnit(SyncColumns, Base):
    """A unit in a campaign's scope."""

    __tablename__ = "review_campaign_units"
    __table_args__ = (live_unique("review_campaign_units", "campaign_id", "unit_id"),)

    campaign_id: Mapped[str] = mapped_column(ForeignKey("review_campaigns.id"))
    unit_id: Mapped[str] = mapped_column(ForeignKey("enforcement_units.id"))


class ReviewCaseFile(SyncColumns, Base):
    """A case file registered for a campaign; ``sampled`` once drawn for review.

    ``final_score``/``final_grade`` are written when the file is finalised (定稿) and cleared
    when it is reopened."""

    __tablename__ = "review_case_files"
    __table_args__ = (
        live_unique("review_case_files", "campaign_id", "unit_id", "case_number"),
        Index(None, "campaign_id", "unit_id"),
    )

    campaign_id: Mapped[str] = mapped_column(ForeignKey("review_campaigns.id"))
    unit_id: Mapped[str] = mapped_column(ForeignKey("enforcement_units.id"))
    case_number: Mapped[str] = mapped_column(String(60))
    case_type: Mapped[str] = mapped_column(String(24))
    title: Mapped[str] = mapped_column(String(200))
    party: Mapped[str] = mapped_column(String(120), default="")
    decided_on: Mapped[date | None]
    officers: Mapped[str] = mapped_column(String(120), default="")
    sampled: Mapped[bool] = mapped_column(Boolean, default=False)
    sample_order: Mapped[int | None] = mapped_column(Integer)
    final_score: Mapped[str | None] = mapped_column(String(8))
    final_grade: Mapped[str | None] = mapped_column(String(16))
    discussed: Mapped[bool] = mapped_column(Boolean, default=False)
    discussion_note: Mapped[str] = mapped_column(Text, default="")
    finalised_by: Mapped[str] = mapped_column(String(40), default="")
    finalised_on: Mapped[date | None]


class ReviewSheet(SyncColumns, Base):
    """One reviewer's sheet for one file (the assignment, and once scored, the findings).

    ``vetoes`` is a JSON list of veto codes with notes, ``entries`` a JSON object of item code →
    {count, note}; ``total`` is None until the sheet is saved."""

    __tablename__ = "review_sheets"
    __table_args__ = (
        live_unique("review_sheets", "case_file_id", "reviewer_id"),
        Index(None, "reviewer_id"),
    )

    case_file_id: Mapped[str] = mapped_column(ForeignKey("review_case_files.id"))
    reviewer_id: Mapped[str] = mapped_column(ForeignKey("people.id"))
    vetoes: Mapped[str] = mapped_column(Text, default="{}")
    entries: Mapped[str] = mapped_column(Text, default="{}")
    total: Mapped[str | None] = mapped_column(String(8))
    grade: Mapped[str | None] = mapped_column(String(16))
    scored_at: Mapped[datetime | None]


class ReviewEvent(SyncColumns, Base):
    """定稿 and 重新打开 of a case file: who, when, and why."""

    __tablename__ = "review_events"
    __table_args__ = (Index(None, "case_file_id"),)

    case_file_id: Mapped[str] = mapped_column(ForeignKey("review_case_files.id"))
    action: Mapped[str] = mapped_column(String(16))
    by_name: Mapped[str] = mapped_column(String(40))
    on_date: Mapped[date]
    score: Mapped[str | None] = mapped_column(String(8))
    reason: Mapped[str] = mapped_column(Text, default="")


REVIEW_MODELS: tuple[type[SyncColumns], ...] = (
    ScoringStandard,
    ReviewCampaign,
    ReviewCampaignUnit,
    ReviewCaseFile,
    ReviewSheet,
    ReviewEvent,
)
