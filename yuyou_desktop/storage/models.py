"""Typed SQLAlchemy models.

Synchronised tables mix in :class:`SyncColumns`; their rows are never deleted, only marked
with ``deleted_at`` (a tombstone that travels in sync packages).  Local tables (``office``,
``settings``, ``change_log``) never leave this installation.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    text,
)
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
    """A unique index over the rows of one office that are not tombstones.

    Per office, because the county holds every township's records: two offices may each have
    registered the same unit or person (the county's catalogue and a township's own register).
    """
    where = text("deleted_at IS NULL")
    return Index(
        f"uq_{table}_{'_'.join(columns)}_live",
        *columns,
        "origin_office",  # last, so that a look-up by the key alone still uses the index
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
    # the edited row's updated_at before the edit: with base_version it names the state the
    # edit was made on (NULL for inserts and for entries written before migration 0008)
    base_updated_at: Mapped[datetime | None]
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


class SupervisionFiling(SyncColumns, Base):
    """监督机构备案: the body a unit names for its internal supervision, per year."""

    __tablename__ = "supervision_filings"
    __table_args__ = (live_unique("supervision_filings", "unit_id", "year"),)

    unit_id: Mapped[str] = mapped_column(ForeignKey("enforcement_units.id"))
    year: Mapped[int] = mapped_column(Integer)
    body_name: Mapped[str] = mapped_column(String(120))
    head: Mapped[str] = mapped_column(String(40), default="")
    staff_count: Mapped[int | None] = mapped_column(Integer)
    filed_on: Mapped[date | None]
    remark: Mapped[str] = mapped_column(String(200), default="")


class Person(SyncColumns, Base):
    """执法人员, 监督人员, 特邀行政执法监督员, 联络员."""

    __tablename__ = "people"
    __table_args__ = (
        live_unique("people", "id_number"),
        Index(None, "name"),
        Index(None, "unit_id"),
    )

    name: Mapped[str] = mapped_column(String(40))
    id_number: Mapped[str] = mapped_column(String(18))
    role: Mapped[str] = mapped_column(String(16))
    unit_id: Mapped[str | None] = mapped_column(ForeignKey("enforcement_units.id"))
    organisation: Mapped[str] = mapped_column(String(120), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    legal_qualification: Mapped[bool] = mapped_column(Boolean, default=False)
    remark: Mapped[str] = mapped_column(String(200), default="")


class Certificate(SyncColumns, Base):
    """行政执法证 / 行政执法监督证.  Status is derived from the dates and ``revoked_on``."""

    __tablename__ = "certificates"
    __table_args__ = (
        Index(
            "uq_certificates_number_active",
            "number",
            "origin_office",
            unique=True,
            sqlite_where=text("deleted_at IS NULL AND revoked_on IS NULL"),
            postgresql_where=text("deleted_at IS NULL AND revoked_on IS NULL"),
        ),
        Index(None, "person_id"),
        Index(None, "valid_to"),
    )

    person_id: Mapped[str] = mapped_column(ForeignKey("people.id"))
    kind: Mapped[str] = mapped_column(String(16))
    number: Mapped[str] = mapped_column(String(40))
    issuer: Mapped[str] = mapped_column(String(80), default="")
    valid_from: Mapped[date | None]
    valid_to: Mapped[date | None]
    revoked_on: Mapped[date | None]
    revoke_reason: Mapped[str] = mapped_column(String(200), default="")


class Training(SyncColumns, Base):
    """培训考核: a course or the annual general-law exam, with its result."""

    __tablename__ = "trainings"
    __table_args__ = (Index(None, "person_id", "year"),)

    person_id: Mapped[str] = mapped_column(ForeignKey("people.id"))
    year: Mapped[int] = mapped_column(Integer)
    course: Mapped[str] = mapped_column(String(120))
    law_exam: Mapped[bool] = mapped_column(Boolean, default=False)
    score: Mapped[float | None] = mapped_column(Float)
    result: Mapped[str] = mapped_column(String(16))


class Matter(SyncColumns, Base):
    """执法事项清单."""

    __tablename__ = "matters"
    __table_args__ = (live_unique("matters", "unit_id", "name"),)

    unit_id: Mapped[str] = mapped_column(ForeignKey("enforcement_units.id"))
    category: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(200))
    legal_basis: Mapped[str] = mapped_column(Text, default="")


class ContactPoint(SyncColumns, Base):
    """监督联系点."""

    __tablename__ = "contact_points"
    __table_args__ = (live_unique("contact_points", "name"),)

    name: Mapped[str] = mapped_column(String(120))
    host_kind: Mapped[str] = mapped_column(String(16))
    host_org: Mapped[str] = mapped_column(String(120))
    township_code: Mapped[str | None] = mapped_column(String(12))
    liaison: Mapped[str] = mapped_column(String(40), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    address: Mapped[str] = mapped_column(String(200), default="")


class Enterprise(SyncColumns, Base):
    """检查对象 (enterprises that may be inspected)."""

    __tablename__ = "enterprises"
    __table_args__ = (live_unique("enterprises", "credit_code"), Index(None, "name"))

    name: Mapped[str] = mapped_column(String(120))
    credit_code: Mapped[str] = mapped_column(String(18))
    category: Mapped[str] = mapped_column(String(16))
    township_code: Mapped[str | None] = mapped_column(String(12))
    address: Mapped[str] = mapped_column(String(200), default="")
    contact_person: Mapped[str] = mapped_column(String(40), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")


SYNCED_MODELS: tuple[type[SyncColumns], ...] = (
    DirectoryOffice,
    EnforcementUnit,
    SupervisionFiling,
    Person,
    Certificate,
    Training,
    Matter,
    ContactPoint,
    Enterprise,
)

# The inspection and review models live in their own modules; importing it here puts their tables on
# Base.metadata wherever the models are used (migrations, schema comparison).
from yuyou_desktop.storage import (  # noqa: E402, F401
    models_accounts,
    models_inspections,
    models_letters,
    models_plans,
    models_reviews,
    models_sync,
)
