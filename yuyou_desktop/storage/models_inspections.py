"""Models of 检查记录: inspections, their supervisors, problems and attachments; leads
(投诉举报/线索) and their transfers.  All synchronised (see ``SyncColumns``)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from yuyou_desktop.storage.models import Base, SyncColumns, live_unique


class Lead(SyncColumns, Base):
    """投诉举报 / 线索."""

    __tablename__ = "leads"
    __table_args__ = (Index(None, "received_on"), Index(None, "status"))

    received_on: Mapped[date]
    source: Mapped[str] = mapped_column(String(16))
    content: Mapped[str] = mapped_column(Text)
    unit_id: Mapped[str | None] = mapped_column(ForeignKey("enforcement_units.id"))
    handler: Mapped[str] = mapped_column(String(40), default="")
    deadline: Mapped[date | None]
    outcome: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16))
    inspection_id: Mapped[str | None] = mapped_column(String(36))  # set when turned into one


class LeadTransfer(SyncColumns, Base):
    """A lead handed to 纪检监察机关, 公安机关, 检察机关 or the competent department."""

    __tablename__ = "lead_transfers"
    __table_args__ = (Index(None, "lead_id"),)

    lead_id: Mapped[str] = mapped_column(ForeignKey("leads.id"))
    target: Mapped[str] = mapped_column(String(16))
    organ_name: Mapped[str] = mapped_column(String(120), default="")
    transferred_on: Mapped[date]
    status: Mapped[str] = mapped_column(String(16))
    remark: Mapped[str] = mapped_column(String(200), default="")


class Inspection(SyncColumns, Base):
    """A supervision inspection.  ``number`` is assigned once and never reused."""

    __tablename__ = "inspections"
    __table_args__ = (
        Index("uq_inspections_office_year_serial", "origin_office", "year", "serial", unique=True),
        live_unique("inspections", "number"),
        Index(None, "started_at"),
        Index(None, "unit_id"),
        Index(None, "enterprise_id"),
        # every column the list filters on or sorts by (but the names and the place), for
        # live rows: the list finds, counts and skips its matches without the wide rows
        # (deleted_at, always NULL here, lets SQLite see that the index covers the query)
        Index(
            "ix_inspections_list",
            "started_at",
            "id",
            "kind",
            "focus_area",
            "unit_id",
            "enterprise_id",
            "ended_at",
            "deleted_at",
            sqlite_where=text("deleted_at IS NULL"),
            postgresql_where=text("deleted_at IS NULL"),
        ),
        # inspections per enterprise in a year (the yearly cap: 统计's 超过检查上限企业), per
        # office and unit, without the rows
        Index(
            "ix_inspections_year_enterprise",
            "year",
            "enterprise_id",
            "origin_office",
            "unit_id",
            "deleted_at",
            sqlite_where=text("deleted_at IS NULL AND enterprise_id IS NOT NULL"),
            postgresql_where=text("deleted_at IS NULL AND enterprise_id IS NOT NULL"),
        ),
        # the few deleted inspections, so that counting from the problems can leave theirs out
        # without reading the table
        Index(
            "ix_inspections_deleted",
            "id",
            sqlite_where=text("deleted_at IS NOT NULL"),
            postgresql_where=text("deleted_at IS NOT NULL"),
        ),
    )

    number: Mapped[str] = mapped_column(String(40))
    year: Mapped[int] = mapped_column(Integer)
    serial: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(24))
    focus_area: Mapped[str] = mapped_column(String(16))
    unit_id: Mapped[str] = mapped_column(ForeignKey("enforcement_units.id"))
    enterprise_id: Mapped[str | None] = mapped_column(ForeignKey("enterprises.id"))
    on_site: Mapped[bool] = mapped_column(Boolean, default=True)
    quiet_exception: Mapped[str] = mapped_column(String(40), default="")
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime]
    place: Mapped[str] = mapped_column(String(200), default="")
    recorder: Mapped[str] = mapped_column(String(40), default="")
    basis: Mapped[str] = mapped_column(Text, default="")
    findings: Mapped[str] = mapped_column(Text, default="")
    conclusion: Mapped[str] = mapped_column(Text, default="")
    rectification_required: Mapped[bool] = mapped_column(Boolean, default=False)
    rectification_deadline: Mapped[date | None]
    lead_id: Mapped[str | None] = mapped_column(ForeignKey("leads.id"))


class InspectionSupervisor(SyncColumns, Base):
    """A supervisor taking part, with the certificate number valid on the day (a snapshot)."""

    __tablename__ = "inspection_supervisors"
    __table_args__ = (Index(None, "inspection_id"), Index(None, "person_id"))

    inspection_id: Mapped[str] = mapped_column(ForeignKey("inspections.id"))
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id"))
    certificate_number: Mapped[str] = mapped_column(String(40), default="")
    invited: Mapped[bool] = mapped_column(Boolean, default=False)


class InspectionProblem(SyncColumns, Base):
    """A problem found, followed until it is put right."""

    __tablename__ = "inspection_problems"
    __table_args__ = (
        Index(None, "inspection_id"),
        Index(None, "status", "deadline"),
        # an inspection's live problems with their status and deadline, without the rows:
        # the list's problem-status filters and counts
        Index(
            "ix_inspection_problems_live",
            "inspection_id",
            "status",
            "deadline",
            sqlite_where=text("deleted_at IS NULL"),
            postgresql_where=text("deleted_at IS NULL"),
        ),
    )

    inspection_id: Mapped[str] = mapped_column(ForeignKey("inspections.id"))
    category: Mapped[str] = mapped_column(String(16))
    description: Mapped[str] = mapped_column(Text)
    deadline: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(16))
    unit_report: Mapped[str] = mapped_column(Text, default="")
    follow_up: Mapped[str] = mapped_column(Text, default="")
    closed_on: Mapped[date | None]


class Attachment(SyncColumns, Base):
    """A photo or scan, stored once by content hash under ``<data>/attachments``."""

    __tablename__ = "attachments"
    __table_args__ = (Index(None, "inspection_id"), Index(None, "sha256"))

    inspection_id: Mapped[str] = mapped_column(ForeignKey("inspections.id"))
    sha256: Mapped[str] = mapped_column(String(64))
    original_name: Mapped[str] = mapped_column(String(200))
    media_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column(Integer)


INSPECTION_MODELS: tuple[type[SyncColumns], ...] = (
    Lead,
    LeadTransfer,
    Inspection,
    InspectionSupervisor,
    InspectionProblem,
    Attachment,
)
