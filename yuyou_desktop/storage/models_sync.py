"""Local bookkeeping of 数据同步 (sync-protocol.md): trusted keys, what has been received from
each office, packages waiting for a missing range, conflicts, and this office's exports.

None of these tables is synchronised; each installation keeps its own.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from yuyou_desktop.storage.models import Base


class TrustedKey(Base):
    """Another office's public keys, enrolled from its key file (fingerprint read by phone)."""

    __tablename__ = "trusted_keys"

    office_code: Mapped[str] = mapped_column(String(12), primary_key=True)
    key_id: Mapped[str] = mapped_column(String(64), primary_key=True)  # the fingerprint
    office_name: Mapped[str] = mapped_column(String(80))
    role: Mapped[str] = mapped_column(String(16))
    signing_public_key: Mapped[str] = mapped_column(String(64))
    encryption_public_key: Mapped[str] = mapped_column(String(64))
    enrolled_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


class PeerState(Base):
    """How far this office has applied another office's change log, per database epoch."""

    __tablename__ = "peer_state"

    origin_office: Mapped[str] = mapped_column(String(12), primary_key=True)
    epoch: Mapped[str] = mapped_column(String(32), primary_key=True)
    max_seq: Mapped[int] = mapped_column(Integer)
    last_package_id: Mapped[str | None] = mapped_column(String(36))
    updated_at: Mapped[datetime]


class ImportedPackage(Base):
    """A package applied here (its id and hash: the same file twice is "already imported")."""

    __tablename__ = "imported_packages"
    __table_args__ = (Index(None, "sha256", unique=True), Index(None, "origin_office"))

    package_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(24))
    origin_office: Mapped[str] = mapped_column(String(12))
    epoch: Mapped[str] = mapped_column(String(32))
    seq_from: Mapped[int] = mapped_column(Integer)
    seq_to: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime]  # when the sender made it
    imported_at: Mapped[datetime]
    file_name: Mapped[str] = mapped_column(String(260))
    counts: Mapped[str] = mapped_column(Text)  # JSON {"applied": n, "skipped": n, ...}


class PendingPackage(Base):
    """A verified package kept until the range before it arrives (or its new epoch is
    confirmed); the file is kept in ``<data>/sync/pending/<sha256>.yypkg``."""

    __tablename__ = "pending_packages"
    __table_args__ = (
        CheckConstraint("reason IN ('gap', 'epoch')", name="reason"),
        Index(None, "sha256", unique=True),
        Index(None, "origin_office", "epoch", "seq_from"),
    )

    package_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64))
    origin_office: Mapped[str] = mapped_column(String(12))
    epoch: Mapped[str] = mapped_column(String(32))
    seq_from: Mapped[int] = mapped_column(Integer)
    seq_to: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(8))
    received_at: Mapped[datetime]
    file_name: Mapped[str] = mapped_column(String(260))


class SyncConflict(Base):
    """A change that lost (or was refused) on import, kept with the version that stayed until
    a person resolves it.  ``kind``: ``edit`` (two offices edited one record), ``delete`` (an
    edit met a deletion), ``ownership`` (an office changed a record it does not own)."""

    __tablename__ = "sync_conflicts"
    __table_args__ = (
        CheckConstraint("kind IN ('edit', 'delete', 'ownership')", name="kind"),
        CheckConstraint("resolution IS NULL OR resolution IN ('kept', 'other')", name="resolution"),
        Index(None, "table_name", "record_id"),
        Index(None, "resolved_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    table_name: Mapped[str] = mapped_column(String(64))
    record_id: Mapped[str] = mapped_column(String(36))
    kind: Mapped[str] = mapped_column(String(12))
    package_id: Mapped[str] = mapped_column(String(36))
    kept_office: Mapped[str] = mapped_column(String(12))  # who made the version that stayed
    other_office: Mapped[str] = mapped_column(String(12))  # who made the one that lost
    kept_row: Mapped[str] = mapped_column(Text)  # JSON, the row as it stayed
    other_row: Mapped[str] = mapped_column(Text)  # JSON, the row that lost
    fields: Mapped[str] = mapped_column(Text)  # JSON list of differing columns
    detected_at: Mapped[datetime]
    resolved_at: Mapped[datetime | None]
    resolution: Mapped[str | None] = mapped_column(String(8))


class SyncExport(Base):
    """A package this office wrote (its range is "exported" once the copy was re-read)."""

    __tablename__ = "sync_exports"
    __table_args__ = (Index(None, "epoch", "seq_to"),)

    package_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(24))
    epoch: Mapped[str] = mapped_column(String(32))
    seq_from: Mapped[int] = mapped_column(Integer)
    seq_to: Mapped[int] = mapped_column(Integer)
    full: Mapped[bool]
    counts: Mapped[str] = mapped_column(Text)  # JSON {table: rows}
    attachments: Mapped[int] = mapped_column(Integer)
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    destination: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]
