"""Change tracking: every insert, edit and tombstone of a synchronised row writes a
``change_log`` row in the same transaction.

The ORM path is a ``before_flush`` listener installed on the session factory; bulk inserts go
through :func:`insert_synced`, which writes the rows and their log entries in two
``executemany`` calls.  A session whose ``info["apply_sync"]`` is true (the sync importer)
writes rows verbatim and logs nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import event, func, insert, inspect, select
from sqlalchemy.orm import Session, sessionmaker

from yuyou_desktop.domain.ids import uuid7
from yuyou_desktop.storage import audit
from yuyou_desktop.storage.models import ChangeLog, SyncColumns
from yuyou_desktop.storage.types import utcnow

INFO_OFFICE = "office_code"
INFO_EPOCH = "db_epoch"
INFO_APPLY_SYNC = "apply_sync"


class HardDeleteForbidden(RuntimeError):
    """Synchronised rows are soft-deleted (``deleted_at``), never removed."""


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _scalar_default(attr: Any) -> Any:
    default = attr.columns[0].default
    return default.arg if default is not None and default.is_scalar else None


def row_payload(obj: SyncColumns) -> str:
    """The row as JSON, as it will be stored (scalar column defaults filled in, since the
    listener runs before the INSERT applies them)."""
    mapper = inspect(obj).mapper
    data = {}
    for attr in mapper.column_attrs:
        value = getattr(obj, attr.key)
        data[attr.key] = _json_value(_scalar_default(attr) if value is None else value)
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def next_seq(session: Session, epoch: str) -> int:
    with session.no_autoflush:
        last = session.execute(
            select(func.max(ChangeLog.seq)).where(ChangeLog.epoch == epoch)
        ).scalar_one()
    return (last or 0) + 1


def _tracking_context(session: Session) -> tuple[str, str]:
    try:
        return session.info[INFO_OFFICE], session.info[INFO_EPOCH]
    except KeyError:
        raise RuntimeError(
            "a session that changes synchronised rows needs office_code and db_epoch in info"
        ) from None


def _before_flush(session: Session, flush_context: object, instances: object) -> None:
    if session.info.get(INFO_APPLY_SYNC):
        return
    for obj in session.deleted:
        if isinstance(obj, SyncColumns):
            raise HardDeleteForbidden(f"{type(obj).__name__} rows are soft-deleted only")
    changes: list[tuple[SyncColumns, str, int, datetime | None]] = []
    now = utcnow()
    for obj in list(session.new):
        if not isinstance(obj, SyncColumns):
            continue
        office, _ = _tracking_context(session)
        obj.id = obj.id or uuid7()
        obj.origin_office = obj.origin_office or office
        obj.version = 1
        obj.created_at = obj.updated_at = now
        changes.append((obj, "delete" if obj.deleted_at else "insert", 0, None))
    for obj in list(session.dirty):
        if not isinstance(obj, SyncColumns) or not session.is_modified(obj):
            continue
        state = inspect(obj)
        base = state.committed_state.get("version", obj.version)
        base_stamp = state.committed_state.get("updated_at", obj.updated_at)
        deleted_hist = state.attrs.deleted_at.history
        became_deleted = bool(deleted_hist.added) and deleted_hist.added[0] is not None
        obj.version = base + 1
        obj.updated_at = now
        changes.append((obj, "delete" if became_deleted else "update", base, base_stamp))
    if not changes:
        return
    _, epoch = _tracking_context(session)
    seq = next_seq(session, epoch)
    for offset, (obj, op, base, base_stamp) in enumerate(changes):
        session.add(
            ChangeLog(
                epoch=epoch,
                seq=seq + offset,
                table_name=type(obj).__tablename__,  # type: ignore[attr-defined]
                record_id=obj.id,
                op=op,
                version=obj.version,
                base_version=base,
                base_updated_at=base_stamp,
                changed_at=now,
                payload=row_payload(obj),
            )
        )


def install_change_tracking(factory: sessionmaker[Session]) -> None:
    event.listen(factory, "before_flush", _before_flush)


def insert_synced(
    session: Session, model: type[SyncColumns], rows: Iterable[dict[str, Any]]
) -> list[str]:
    """Insert many new rows of ``model`` with their change-log entries; return their ids.

    Much faster than ``session.add_all`` for thousands of rows; same result.
    """
    office, epoch = _tracking_context(session)
    now = utcnow()
    table_name = model.__tablename__  # type: ignore[attr-defined]
    column_keys = [attr.key for attr in inspect(model).column_attrs]
    prepared: list[dict[str, Any]] = []
    for row in rows:
        full = {key: row.get(key) for key in column_keys}
        for attr in inspect(model).column_attrs:
            col = attr.columns[0]
            if full[attr.key] is None and col.default is not None and col.default.is_scalar:
                full[attr.key] = col.default.arg
        full.update(
            id=row.get("id") or uuid7(),
            origin_office=row.get("origin_office") or office,
            version=1,
            created_at=now,
            updated_at=now,
            deleted_at=None,
        )
        prepared.append(full)
    if not prepared:
        return []
    seq = next_seq(session, epoch)
    log_rows: Sequence[dict[str, Any]] = [
        {
            "epoch": epoch,
            "seq": seq + i,
            "table_name": table_name,
            "record_id": full["id"],
            "op": "insert",
            "version": 1,
            "base_version": 0,
            "base_updated_at": None,
            "changed_at": now,
            "payload": json.dumps(
                {k: _json_value(v) for k, v in full.items()},
                ensure_ascii=False,
                sort_keys=True,
                separators=(",", ":"),
            ),
        }
        for i, full in enumerate(prepared)
    ]
    session.execute(insert(model), prepared)  # type: ignore[arg-type]
    session.execute(insert(ChangeLog), list(log_rows))
    audit.record_inserts(session, table_name, prepared)
    return [full["id"] for full in prepared]
