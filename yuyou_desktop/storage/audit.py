"""The audit log: who created, edited, deleted, issued, imported or exported what, and when.

Every write session records its row changes itself: an ``after_flush`` listener on the writer
session factory turns the flushed objects into entries (the fields changed, before → after),
and bulk inserts (:func:`record_inserts`) do the same.  Sign-ins, imports and exports are
written with :func:`append`.  Entries are written in the same transaction as the change, so a
change and its entry are kept or lost together.

Each entry's hash covers its content and the previous entry's hash; ``audit_head`` holds the
last one.  :func:`verify_chain` recomputes the chain and names the first entry that no longer
matches (an edited entry, a deleted one, or entries missing from the end).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import event, inspect, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, sessionmaker

from yuyou_desktop.storage.models_accounts import AuditEntry, AuditHead
from yuyou_desktop.storage.types import utcnow

INFO_IDENTITY = "audit_identity"  # (user name, role) of the session
INFO_ACTION = "audit_action"  # a name for every entry of the session, e.g. "issue"
INFO_QUIET = "audit_quiet"  # row changes of this session are bookkeeping (sign-in counters)
GENESIS = "0" * 64
MAX_VALUE_CHARS = 2000

# bookkeeping tables: their rows record sync and audit themselves
SKIPPED_TABLES = frozenset(
    {
        "change_log",
        "audit_log",
        "audit_head",
        "peer_state",
        "imported_packages",
        "pending_packages",
        "sync_exports",
        "alembic_version",
    }
)
# columns that change with every edit and say nothing a reader needs
SKIPPED_COLUMNS = frozenset({"version", "updated_at", "created_at"})
MASKED_COLUMNS = frozenset({("user_accounts", "password_hash")})
MASK = "（已更改，不显示）"

ACTIONS = (
    ("create", "新增"),
    ("edit", "修改"),
    ("delete", "删除"),
    ("issue", "签发"),
    ("import", "导入"),
    ("export", "导出"),
    ("login", "登录"),
    ("login_failed", "登录失败"),
    ("logout", "退出登录"),
    ("account", "账号管理"),
    ("restore", "恢复备份"),
)


def _plain(value: Any) -> Any:
    kind = type(value)
    if kind is str:
        if len(value) > MAX_VALUE_CHARS:
            return value[:MAX_VALUE_CHARS] + f"…（共 {len(value)} 字，已截断）"
        return value
    if value is None or kind is int or kind is float or kind is bool:
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return f"（{len(value)} 字节）"
    if hasattr(value, "value"):
        return _plain(value.value)  # enums
    return value


def _shown(table: str, column: str, value: Any) -> Any:
    if value is not None and (table, column) in MASKED_COLUMNS:
        return MASK
    return _plain(value)


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def entry_hash(prev_hash: str, row: Mapping[str, Any]) -> str:
    fields = [
        prev_hash,
        row["seq"],
        row["at"],
        row["user_name"],
        row["user_role"],
        row["action"],
        row["table_name"],
        row["record_id"],
        row["summary"],
        row["changes"],
    ]
    return hashlib.sha256(_dumps(fields).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class _Pending:
    action: str
    table_name: str
    record_id: str
    summary: str
    changes: Mapping[str, Any]


def _write(conn: Connection, identity: tuple[str, str], entries: Iterable[_Pending]) -> None:
    entries = list(entries)
    if not entries:
        return
    head = conn.execute(select(AuditHead.seq, AuditHead.entry_hash)).first()
    seq, prev = (head[0], head[1]) if head else (0, GENESIS)
    at = utcnow().isoformat(timespec="seconds")
    rows = []
    for pending in entries:
        seq += 1
        row = {
            "seq": seq,
            "at": at,
            "user_name": identity[0],
            "user_role": identity[1],
            "action": pending.action,
            "table_name": pending.table_name,
            "record_id": pending.record_id,
            "summary": pending.summary,
            "changes": _dumps(dict(pending.changes)),
        }
        row["prev_hash"] = prev
        row["entry_hash"] = prev = entry_hash(row["prev_hash"], row)
        rows.append(row)
    conn.execute(AuditEntry.__table__.insert(), rows)
    if head:
        conn.execute(update(AuditHead).values(seq=seq, entry_hash=prev))
    else:
        conn.execute(AuditHead.__table__.insert().values(singleton=1, seq=seq, entry_hash=prev))


def _identity(session: Session) -> tuple[str, str]:
    return session.info.get(INFO_IDENTITY, ("系统", ""))


def append(
    session: Session,
    action: str,
    summary: str,
    *,
    table_name: str = "",
    record_id: str = "",
    changes: Mapping[str, Any] | None = None,
) -> None:
    """Record something that is not a row change (a sign-in, an import, an export)."""
    pending = _Pending(action, table_name, record_id, summary, changes or {})
    _write(session.connection(), _identity(session), [pending])


def record_inserts(session: Session, table_name: str, rows: Iterable[Mapping[str, Any]]) -> None:
    """Entries for rows inserted in bulk (not through the ORM unit of work)."""
    action = session.info.get(INFO_ACTION) or "create"
    entries = [
        _Pending(
            action,
            table_name,
            str(row.get("id", "")),
            "",
            {
                key: [None, _shown(table_name, key, value)]
                for key, value in row.items()
                if value is not None and key not in SKIPPED_COLUMNS
            },
        )
        for row in rows
    ]
    _write(session.connection(), _identity(session), entries)


def _record_id(obj: Any) -> str:
    key = inspect(obj).mapper.primary_key_from_instance(obj)
    return "/".join("" if part is None else str(part) for part in key)


def _created(table: str, obj: Any) -> dict[str, Any]:
    values = {}
    for attr in inspect(obj).mapper.column_attrs:
        value = getattr(obj, attr.key)
        if value is not None and attr.key not in SKIPPED_COLUMNS:
            values[attr.key] = [None, _shown(table, attr.key, value)]
    return values


def _edited(table: str, obj: Any) -> dict[str, Any]:
    state = inspect(obj)
    values = {}
    for attr in state.mapper.column_attrs:
        if attr.key in SKIPPED_COLUMNS:
            continue
        history = state.attrs[attr.key].history
        if not history.has_changes():
            continue
        before = history.deleted[0] if history.deleted else None
        after = history.added[0] if history.added else None
        if before == after:
            continue
        values[attr.key] = [_shown(table, attr.key, before), _shown(table, attr.key, after)]
    return values


def _removed(table: str, obj: Any) -> dict[str, Any]:
    values = {}
    for attr in inspect(obj).mapper.column_attrs:
        value = getattr(obj, attr.key)
        if value is not None and attr.key not in SKIPPED_COLUMNS:
            values[attr.key] = [_shown(table, attr.key, value), None]
    return values


def _after_flush(session: Session, flush_context: object) -> None:
    if session.info.get(INFO_QUIET):
        return
    override = session.info.get(INFO_ACTION)
    entries: list[_Pending] = []

    def add(obj: Any, action: str, changes: dict[str, Any]) -> None:
        table = getattr(obj, "__tablename__", "")
        if table in SKIPPED_TABLES or not changes:
            return
        entries.append(_Pending(override or action, table, _record_id(obj), "", changes))

    for obj in session.new:
        add(obj, "create", _created(getattr(obj, "__tablename__", ""), obj))
    for obj in session.dirty:
        if not session.is_modified(obj, include_collections=False):
            continue
        table = getattr(obj, "__tablename__", "")
        changes = _edited(table, obj)
        action = "edit"
        if "deleted_at" in changes:
            action = "delete" if changes["deleted_at"][1] is not None else "edit"
        add(obj, action, changes)
    for obj in session.deleted:
        add(obj, "delete", _removed(getattr(obj, "__tablename__", ""), obj))
    _write(session.connection(), _identity(session), entries)


def install_audit(factory: sessionmaker[Session]) -> None:
    event.listen(factory, "after_flush", _after_flush)


@dataclass(frozen=True)
class ChainCheck:
    entries: int
    first_broken: int | None  # seq of the first entry that does not match, or None
    reason: str

    @property
    def ok(self) -> bool:
        return self.first_broken is None


def verify_chain(conn: Connection) -> ChainCheck:
    """Recompute the hash chain from the first entry; name the first one that is wrong."""
    columns = [c.name for c in AuditEntry.__table__.columns]
    result = conn.execute(select(AuditEntry.__table__).order_by(AuditEntry.seq))
    prev, expected_seq, count = GENESIS, 1, 0
    for raw in result:
        row = dict(zip(columns, raw, strict=True))
        count += 1
        seq = row["seq"]
        if seq != expected_seq:
            return ChainCheck(
                count, expected_seq, f"第 {expected_seq} 条审计记录缺失（已被删除）。"
            )
        if row["prev_hash"] != prev:
            return ChainCheck(
                count, seq, f"第 {seq} 条审计记录与前一条接不上（前面的记录被改动或删除）。"
            )
        if entry_hash(prev, row) != row["entry_hash"]:
            return ChainCheck(count, seq, f"第 {seq} 条审计记录的内容被改动过。")
        prev, expected_seq = row["entry_hash"], seq + 1
    head = conn.execute(select(AuditHead.seq, AuditHead.entry_hash)).first()
    last = expected_seq - 1
    if head is None:
        if count:
            return ChainCheck(count, last, "审计记录的链尾信息缺失（已被删除）。")
        return ChainCheck(0, None, "")
    if head[0] != last or head[1] != prev:
        if head[0] > last:
            return ChainCheck(
                count, last + 1, f"第 {last + 1} 至 {head[0]} 条审计记录缺失（已被删除）。"
            )
        return ChainCheck(count, head[0], "审计记录的链尾信息与记录不符（被改动过）。")
    return ChainCheck(count, None, "")
