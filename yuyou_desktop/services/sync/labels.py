"""A synchronised record's fields in the words a clerk reads: a column's Chinese label (the label
of the register form, else a common one) and a stored value as text — enum codes as their
Chinese label, booleans 是/否, times in local time, nothing as （空）.

The values are rows as a package carries them (what a conflict keeps: dates as ``YYYY-MM-DD``,
booleans as 0/1, times as UTC text).  ``yuyou sync conflicts`` shows conflicts with these; the
数据同步 tab's conflict panel uses the same functions."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Boolean, DateTime

from yuyou_desktop.services.registry.fields import Field, display
from yuyou_desktop.services.registry.specs import REGISTERS, attr_of
from yuyou_desktop.sync.rows import codecs

EMPTY = "（空）"
NOT_HERE = "（本库没有这条记录）"

# columns that are not in a register form but appear in many tables
COMMON_LABELS = {
    "name": "名称",
    "title": "标题",
    "code": "代码",
    "remark": "备注",
    "deleted_at": "删除状态",
    "role": "类型",
    "parent_code": "上级单位代码",
    "unit_id": "所属单位",
    "person_id": "人员",
    "summary": "摘要",
}


@dataclass(frozen=True)
class FieldDifference:
    """One field the two versions of a record disagree on: stored values and their text."""

    column: str
    label: str
    kept: Any
    other: Any
    kept_text: str
    other_text: str


def _register_fields(table: str) -> dict[str, Field]:
    for spec in REGISTERS:
        if spec.model.__tablename__ == table:
            return {attr_of(f): f for f in spec.fields if f.editable}
    return {}


def _column_types(table: str) -> dict[str, Any]:
    codec = codecs().get(table)
    return {} if codec is None else {c.key: c.type for c in codec.table.columns}


def local_time(value: datetime | None) -> str:
    """A time (UTC when it carries no zone) in local time, to the minute."""
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return f"{value.astimezone():%Y-%m-%d %H:%M}"


def stored_time(text: str) -> str:
    """A time as stored in a row (UTC, with or without zone) in local time."""
    try:
        return local_time(datetime.fromisoformat(text))
    except ValueError:
        return text


def field_label(table: str, column: str) -> str:
    """The Chinese name of ``table``'s ``column`` (the column name itself if none is known)."""
    field = _register_fields(table).get(column)
    if field is not None:
        return field.label
    return COMMON_LABELS.get(column, column)


def field_value(table: str, column: str, value: Any, units: Mapping[str, str] | None = None) -> str:
    """The text of a stored value; ``units`` names enforcement units by id."""
    if column == "deleted_at":
        return f"已删除（{stored_time(str(value))}）" if value else "未删除"
    if value is None or value == "":
        return EMPTY
    if column == "unit_id" and units and value in units:
        return units[value]
    field = _register_fields(table).get(column)
    if field is not None:
        return display(field, value) or EMPTY
    column_type = _column_types(table).get(column)
    if isinstance(value, bool) or isinstance(column_type, Boolean):
        return "是" if value else "否"
    if isinstance(column_type, DateTime):
        return stored_time(str(value))
    return str(value)


def differences(
    table: str,
    columns: Iterable[str],
    kept: Mapping[str, Any] | None,
    other: Mapping[str, Any] | None,
    units: Mapping[str, str] | None = None,
) -> tuple[FieldDifference, ...]:
    """``columns`` of the two versions side by side (a missing version reads “not here”)."""

    def text(row: Mapping[str, Any] | None, column: str) -> str:
        return NOT_HERE if row is None else field_value(table, column, row.get(column), units)

    return tuple(
        FieldDifference(
            column,
            field_label(table, column),
            None if kept is None else kept.get(column),
            None if other is None else other.get(column),
            text(kept, column),
            text(other, column),
        )
        for column in columns
    )
