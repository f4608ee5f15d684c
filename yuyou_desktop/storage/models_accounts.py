"""Local tables for accounts and the audit log.  They never leave this installation (sync
packages carry only the synchronised tables)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from yuyou_desktop.storage.models import Base


class UserAccount(Base):
    """A person who signs in.  Accounts are disabled, never deleted (the audit log names them)."""

    __tablename__ = "user_accounts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(32), unique=True)
    display_name: Mapped[str] = mapped_column(String(40))
    role: Mapped[str] = mapped_column(String(8))
    # "scrypt$<log2 n>$<r>$<p>$<salt b64>$<hash b64>"; never shown, never in the audit log
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None]
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime]
    password_changed_at: Mapped[datetime]
    last_login_at: Mapped[datetime | None]

    __table_args__ = (CheckConstraint("role IN ('管理员', '经办人', '查阅')", name="role"),)


class AuditEntry(Base):
    """One thing a user did.  ``entry_hash`` covers the entry and the previous entry's hash,
    so editing or deleting any entry breaks the chain from there on."""

    __tablename__ = "audit_log"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String(32))  # ISO 8601 UTC, hashed exactly as stored
    user_name: Mapped[str] = mapped_column(String(40))
    user_role: Mapped[str] = mapped_column(String(8))
    action: Mapped[str] = mapped_column(String(16))
    table_name: Mapped[str] = mapped_column(String(64))
    record_id: Mapped[str] = mapped_column(String(64))
    summary: Mapped[str] = mapped_column(Text)
    changes: Mapped[str] = mapped_column(Text)  # JSON {field: [before, after]}
    prev_hash: Mapped[str] = mapped_column(String(64))
    entry_hash: Mapped[str] = mapped_column(String(64))

    __table_args__ = (
        Index(None, "at"),
        Index(None, "user_name"),
        Index(None, "table_name", "record_id"),
    )


class AuditHead(Base):
    """The last entry of the chain (one row): deleting entries from the end is detected too."""

    __tablename__ = "audit_head"
    __table_args__ = (CheckConstraint("singleton = 1", name="singleton"),)

    singleton: Mapped[int] = mapped_column(Integer, primary_key=True, default=1)
    seq: Mapped[int] = mapped_column(Integer)
    entry_hash: Mapped[str] = mapped_column(String(64))
