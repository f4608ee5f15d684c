"""Typed SQLAlchemy models.

Synchronised tables mix in :class:`SyncColumns`; their rows are never deleted, only marked
with ``deleted_at`` (a tombstone that travels in sync packages).  Local tables (``office``,
``settings``, ``change_log``) never leave this installation.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, Index, Integer, MetaData, String, Text, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from yuyou_desktop.storage.types import UTCDateTime

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime(), date: Date()}  # noqa: RUF012


class SyncColumns:
    """Columns every synchronised row carries (see shared/design/sync-protocol.md)."""

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    origin_office: Mapped[str] = mapped_column(String(12))
    version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    deleted_at: Mapped[datetime | None]


def live_unique(table: str, *columns: str) -> Index:
    """A unique index over rows that are not tombstones."""
    where = text("deleted_at IS NULL")
    return Index(
        f"uq_{table}_{'_'.join(columns)}_live",
        *columns,
        unique=True,
        sqlite_where=where,
        postgresql_where=where,
    )


# ---------------------------------------------------------------- local tables


class Office(Base):
    """This installation's own office: exactly one row, written by ``init``."""

    __tablename__ = "office"
    __table_args__ = (CheckConstraint("singleton = 1", name="singleton"),)

    singleton: Mapped[int] = mapped_column(Integer, primary_key=True, default=1)
    code: Mapped[str] = mapped_column(String(12))
    name: Mapped[str] = mapped_column(String(80))
    role: Mapped[str] = mapped_column(String(16))
    prefix: Mapped[str] = mapped_column(String(16))
    db_epoch: Mapped[str] = mapped_column(String(32))
    signing_public_key: Mapped[str] = mapped_column(String(64))
    encryption_public_key: Mapped[str] = mapped_column(String(64))
    key_fingerprint: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]


class Setting(Base):
    """A user setting, stored as JSON text under a dotted key."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime]


class ChangeLog(Base):
    """One row per change to a synchronised row, written in the same transaction as the change."""

    __tablename__ = "change_log"

    epoch: Mapped[str] = mapped_column(String(32), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    table_name: Mapped[str] = mapped_column(String(64))
    record_id: Mapped[str] = mapped_column(String(36))
    op: Mapped[str] = mapped_column(String(8))
    version: Mapped[int] = mapped_column(Integer)
    base_version: Mapped[int] = mapped_column(Integer)
    changed_at: Mapped[datetime]
    payload: Mapped[str] = mapped_column(Text)

    __table_args__ = (
        CheckConstraint("op IN ('insert', 'update', 'delete')", name="op"),
        Index(None, "table_name", "record_id"),
    )


# ---------------------------------------------------------------- synchronised tables


class DirectoryOffice(SyncColumns, Base):
    """An office of the county (the county bureau and its township offices): 名录."""

    __tablename__ = "office_directory"
    __table_args__ = (live_unique("office_directory", "code"),)

    code: Mapped[str] = mapped_column(String(12))
    name: Mapped[str] = mapped_column(String(80))
    role: Mapped[str] = mapped_column(String(16))
    parent_code: Mapped[str | None] = mapped_column(String(12))
    remark: Mapped[str] = mapped_column(String(200), default="")


class EnforcementUnit(SyncColumns, Base):
    """行政执法主体."""

    __tablename__ = "enforcement_units"
    __table_args__ = (
        live_unique("enforcement_units", "credit_code"),
        Index(None, "name"),
        Index(None, "updated_at"),
    )

    name: Mapped[str] = mapped_column(String(120))
    credit_code: Mapped[str] = mapped_column(String(18))
    kind: Mapped[str] = mapped_column(String(16))
    sector: Mapped[str] = mapped_column(String(40), default="")
    level: Mapped[str] = mapped_column(String(16))
    township_code: Mapped[str | None] = mapped_column(String(12))
    address: Mapped[str] = mapped_column(String(200), default="")
    contact_person: Mapped[str] = mapped_column(String(40), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    status: Mapped[str] = mapped_column(String(16))
    remark: Mapped[str] = mapped_column(String(200), default="")


SYNCED_MODELS: tuple[type[SyncColumns], ...] = (DirectoryOffice, EnforcementUnit)
