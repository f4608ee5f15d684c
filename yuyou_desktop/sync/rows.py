"""Rows as they travel: the JSON of a change's row ↔ the values stored in SQLite.

Every synchronised table (a model with ``SyncColumns``) is described from the SQLAlchemy metadata,
so a new column travels without code here.  ``TableCodec.decode`` checks a row from a package
against the table — every column present with a value of the right type, nothing unknown — and
returns the values as SQLite stores them (datetimes as naive UTC text the way SQLAlchemy writes
them, dates as ``YYYY-MM-DD``, booleans as 0/1); anything else is a ``RowRejected`` naming the
column.  ``encode`` is the reverse, used for reference packages and conflict records.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cached_property
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, Float, Integer, String, Table, Text

from yuyou_desktop.storage.models import Base, SyncColumns
from yuyou_desktop.storage.types import UTCDateTime

SYNC_COLUMNS = ("id", "origin_office", "version", "created_at", "updated_at", "deleted_at")
# tables whose county-owned rows (the county's unit catalogue) every office may edit — conflicts
# are then resolved by the rule; all other rows change only at the office that created them
CO_EDITED = frozenset({"enforcement_units"})
# what the county sends down in a reference package (its own rows only)
REFERENCE_TABLES = ("office_directory", "enforcement_units", "scoring_standards")


class RowRejected(ValueError):
    """A row from a package that does not fit the table (message in Chinese)."""


def stored_datetime(value: Any) -> str:
    """An ISO datetime (any offset) as SQLite stores it: naive UTC with microseconds."""
    if not isinstance(value, str):
        raise TypeError
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.isoformat(" ", "microseconds")  # as SQLAlchemy stores it


def _date(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError
    return date.fromisoformat(value).isoformat()


def _integer(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError
    return value


def _boolean(value: Any) -> int:
    if isinstance(value, bool):
        return int(value)
    if value in (0, 1) and not isinstance(value, float):
        return int(value)
    raise TypeError


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError
    return value


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError
    return float(value)


def _converter(column_type: Any) -> Any:
    if isinstance(column_type, UTCDateTime | DateTime):
        return stored_datetime
    if isinstance(column_type, Date):
        return _date
    if isinstance(column_type, Boolean):
        return _boolean
    if isinstance(column_type, Integer):
        return _integer
    if isinstance(column_type, Float):
        return _number
    if isinstance(column_type, String | Text):
        return _text
    raise TypeError(f"no sync converter for {column_type!r}")


def _to_json(column_type: Any, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(column_type, UTCDateTime | DateTime):
        return datetime.fromisoformat(str(value)).replace(tzinfo=UTC).isoformat()
    if isinstance(column_type, Boolean):
        return bool(value)
    return value


_NO_DEFAULT = object()


def _unconvertible(value: Any) -> Any:
    raise TypeError


@dataclass(frozen=True)
class TableCodec:
    table: Table
    columns: tuple[str, ...]

    @property
    def name(self) -> str:
        return self.table.name

    @cached_property
    def _known(self) -> frozenset[str]:
        return frozenset(self.columns)

    @cached_property
    def _plan(self) -> tuple[tuple[str, Any, bool, Any], ...]:
        """Per column, worked out once: key, converter, nullable, the default a missing value
        of a NOT NULL column takes (``_NO_DEFAULT`` if none)."""
        plan = []
        for column in self.table.columns:
            default = column.default
            fill = _NO_DEFAULT
            if not column.nullable and default is not None and default.is_scalar:
                fill = default.arg
            try:
                convert = _converter(column.type)
            except TypeError:
                convert = _unconvertible
            plan.append((column.key, convert, bool(column.nullable), fill))
        return tuple(plan)

    def decode(self, raw: Any) -> dict[str, Any]:
        if not isinstance(raw, dict):
            raise RowRejected(f"“{self.name}”中有一行不是记录。")
        unknown = raw.keys() - self._known
        if unknown:
            raise RowRejected(
                f"“{self.name}”的记录含有本程序不认识的字段“{sorted(unknown)[0]}”"
                "（可能由更新版本的程序制作）。"
            )
        values: dict[str, Any] = {}
        for key, convert, nullable, default in self._plan:
            value = raw.get(key)
            if value is None:
                if default is not _NO_DEFAULT:
                    value = default
                elif not nullable:
                    raise RowRejected(f"“{self.name}”的记录缺少“{key}”。")
                values[key] = value
                continue
            try:
                values[key] = convert(value)
            except (TypeError, ValueError):
                raise RowRejected(
                    f"“{self.name}”的记录中“{key}”的值不对：{str(value)[:40]}"
                ) from None
        if len(values["id"]) > 36 or not values["id"]:
            raise RowRejected(f"“{self.name}”的记录编号不对。")
        return values

    def encode(self, values: Mapping[str, Any]) -> dict[str, Any]:
        return {c.key: _to_json(c.type, values[c.key]) for c in self.table.columns}

    def content(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """The columns a person edits (everything but the sync bookkeeping)."""
        return {k: values[k] for k in self.columns if k not in SYNC_COLUMNS or k == "deleted_at"}


def digest(values: Mapping[str, Any]) -> str:
    """A hash of stored values, the same on every machine (the last tie-breaker)."""
    text = json.dumps(values, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def codecs() -> dict[str, TableCodec]:
    """A codec per synchronised table, keyed by table name."""
    found: dict[str, TableCodec] = {}
    for mapper in Base.registry.mappers:
        model = mapper.class_
        if issubclass(model, SyncColumns):
            table = mapper.local_table
            assert isinstance(table, Table)
            found[table.name] = TableCodec(table, tuple(c.key for c in table.columns))
    return found


def apply_order() -> list[str]:
    """Synchronised tables with referenced tables first."""
    synced = codecs()
    return [t.name for t in Base.metadata.sorted_tables if t.name in synced]


def python_value(column_type: Any, stored: Any) -> Any:
    """A stored value (as kept in a conflict record) as the model attribute takes it."""
    if stored is None:
        return None
    if isinstance(column_type, UTCDateTime):
        return datetime.fromisoformat(str(stored)).replace(tzinfo=UTC)
    if isinstance(column_type, DateTime):
        return datetime.fromisoformat(str(stored))
    if isinstance(column_type, Date):
        return date.fromisoformat(str(stored))
    if isinstance(column_type, Boolean):
        return bool(stored)
    return stored
