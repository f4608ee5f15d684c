"""Importing register rows: validate every row, match it to an existing record by its natural
key, and — only when no row is wrong — apply all of them in one transaction.

Validation is the same as in the edit forms (:func:`edit.parse_record`).  Rows whose natural
key matches a live record of this office update it (only the columns present in the file; a
record of another office is never changed here — see ``services/ownership.py``); the others are
added with :func:`storage.changes.insert_synced`, so every change is in the change log.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from yuyou_desktop.errors import FieldError
from yuyou_desktop.progress import Progress
from yuyou_desktop.services import ownership
from yuyou_desktop.services.registry import edit
from yuyou_desktop.services.registry.fields import (
    CREDIT_CODE,
    ID_NUMBER,
    PERSON,
    UNIT,
    Field,
    display,
)
from yuyou_desktop.services.registry.specs import RegisterSpec, attr_of
from yuyou_desktop.services.registry.xlsx_read import PROGRESS_EVERY, ImportProblem, SheetData
from yuyou_desktop.storage.changes import insert_synced
from yuyou_desktop.storage.models import Certificate, Person

ADD = "新增"
UPDATE = "更新"
SAME = "不变"
CHUNK = 500  # values per IN (...) query
INSERT_BATCH = 2000
_LONG_CODES = (CREDIT_CODE, ID_NUMBER, PERSON)


@dataclass(frozen=True)
class PreviewRow:
    """What import does with one row: 新增, 更新 (with the changed columns) or 不变."""

    row: int
    action: str
    key: str
    changes: tuple[str, ...] = ()


@dataclass
class Plan:
    adds: list[dict[str, Any]] = field(default_factory=list)
    updates: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # id, changes
    preview: list[PreviewRow] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)


@dataclass
class _Row:
    number: int
    values: dict[str, Any]
    raw: dict[str, Any]


def _key_label(spec: RegisterSpec) -> str:
    return "＋".join(spec.field(key).label for key in spec.natural_key)


def _file_key(spec: RegisterSpec, values: dict[str, Any]) -> tuple[Any, ...]:
    """Two rows of one file with the same key would be the same record."""
    key = tuple(values.get(attr_of(spec.field(k))) for k in spec.natural_key)
    if spec.model is Certificate and values.get("revoked_on") is not None:
        return (*key, values["revoked_on"], values.get("person_id"))
    return key


def _key_text(spec: RegisterSpec, row: _Row) -> str:
    parts = []
    for key in spec.natural_key:
        f = spec.field(key)
        if f.kind in (UNIT, PERSON):
            parts.append(str(row.raw.get(key) or "").strip())
        else:
            parts.append(display(f, row.values.get(key)))
    text = " / ".join(parts)
    if "name" not in spec.natural_key and any(f.key == "name" for f in spec.editable_fields):
        return f"{row.values.get('name') or ''}（{text}）"
    return text


def _refuse_mangled_number(codes: list[Field], raw: dict[str, Any]) -> None:
    """An 18-digit number typed into a general cell reaches us as a float with lost digits."""
    for f in codes:
        value = raw.get(f.key)
        if isinstance(value, float) and abs(value) >= 1e15:
            raise FieldError(
                f.label,
                "单元格是数字格式，Excel 已改动了末几位数字。请把该列设为“文本”格式后重新填写。",
            )


def _parse_rows(
    session: Session, spec: RegisterSpec, data: SheetData, plan: Plan, progress: Progress
) -> list[_Row]:
    units = edit.UnitIndex(session)
    columns = list(data.columns.items())
    codes = [f for _, f in columns if f.kind in _LONG_CODES]
    first_seen: dict[tuple[Any, ...], int] = {}
    parsed: list[_Row] = []
    total = len(data.rows)
    for done, (number, cells) in enumerate(data.rows, 1):
        raw = {f.key: (cells[i] if i < len(cells) else None) for i, f in columns}
        try:
            _refuse_mangled_number(codes, raw)
            values = edit.parse_record(session, spec, raw, units)
        except FieldError as exc:
            # the first problem, then every other bad cell of the row (one per column)
            others = edit.field_errors(session, spec, raw, units)
            for error in [exc, *(e for e in others if e.field != exc.field)]:
                plan.problems.append(ImportProblem(data.sheet, number, error.field, error.reason))
            continue
        key = _file_key(spec, values)
        if key in first_seen:
            plan.problems.append(
                ImportProblem(
                    data.sheet,
                    number,
                    _key_label(spec),
                    f"与第{first_seen[key]}行重复：同一文件中{_key_label(spec)}不能相同。",
                )
            )
            continue
        first_seen[key] = number
        parsed.append(_Row(number, values, raw))
        if done % PROGRESS_EVERY == 0:
            progress.report(done, total, "正在检查数据…")
            progress.check_cancelled()
    return parsed


def _existing(session: Session, spec: RegisterSpec, rows: list[_Row]) -> dict[Any, list[Any]]:
    """Live records whose first natural-key value occurs in the file, by that value.

    Plain rows (not ORM objects): a re-import of 100,000 unchanged records loads no objects.
    """
    model = spec.model
    attr = attr_of(spec.field(spec.natural_key[0]))
    wanted = sorted({row.values.get(attr) for row in rows} - {None}, key=str)
    found: dict[Any, list[Any]] = {}
    table = model.__table__  # type: ignore[attr-defined]
    own = ownership.own_office(session)
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        stmt = select(*table.columns).where(table.c.deleted_at.is_(None), table.c[attr].in_(chunk))
        # only this office's records are matched (in a dry run's reader session too, so that
        # the preview says what the import will do)
        stmt = stmt.where(table.c.origin_office == own)
        for record in session.execute(stmt):
            found.setdefault(getattr(record, attr), []).append(record)
    return found


def _match(spec: RegisterSpec, values: dict[str, Any], candidates: Iterable[Any]) -> Any:
    if spec.model is Certificate:
        return _match_certificate(values, candidates)
    attrs = [attr_of(spec.field(k)) for k in spec.natural_key]
    for obj in candidates:
        if all(getattr(obj, a) == values.get(a) for a in attrs):
            return obj
    return None


def _match_certificate(values: dict[str, Any], candidates: Iterable[Any]) -> Any:
    """An unrevoked row is the active certificate with that number; a revoked row is the one
    revoked on that day, or else the person's active certificate (the row revokes it)."""
    candidates = list(candidates)
    revoked_on = values.get("revoked_on")
    person = values.get("person_id")
    if revoked_on is None:
        active = next((c for c in candidates if c.revoked_on is None), None)
        if active is not None and active.person_id != person:
            raise _NumberTaken(active.person_id)
        return active
    same = [c for c in candidates if c.person_id == person]
    exact = next((c for c in same if c.revoked_on == revoked_on), None)
    active = next((c for c in same if c.revoked_on is None), None)
    revoked = [c for c in same if c.revoked_on is not None]
    # a corrected 注销日期 updates the person's one revoked certificate with this number
    return exact or active or (revoked[0] if len(revoked) == 1 else None)


class _NumberTaken(Exception):
    """An unrevoked certificate with this number belongs to someone else."""

    def __init__(self, person_id: str) -> None:
        super().__init__(person_id)
        self.person_id = person_id


def _number_taken(session: Session, values: dict[str, Any], person_id: str) -> FieldError:
    holder = session.get(Person, person_id)
    who = f"{holder.name}（{holder.id_number}）" if holder is not None else "另一人员"
    return FieldError(
        "证件编号",
        f"“{values.get('number')}”已是{who}未注销的证件，未注销的证件编号不能重复。",
    )


def _same(old: Any, new: Any) -> bool:
    if old in (None, "") and new in (None, ""):
        return True
    return old == new


def plan_import(session: Session, spec: RegisterSpec, data: SheetData, progress: Progress) -> Plan:
    """Validate and match every row; nothing is changed in the session."""
    plan = Plan(problems=list(data.problems))
    if any(p.row == data.header_row for p in plan.problems):
        return plan  # with a wrong header every row would be wrong: fix the header first
    rows = _parse_rows(session, spec, data, plan, progress)
    progress.check_cancelled()
    existing = _existing(session, spec, rows)
    first_attr = attr_of(spec.field(spec.natural_key[0]))
    present = [
        (f, attr_of(f)) for f in spec.editable_fields if f.key in data.present
    ]  # columns of the file: the only ones an update touches
    claimed: dict[str, int] = {}
    for row in rows:
        candidates = existing.get(row.values.get(first_attr), ())
        try:
            obj = _match(spec, row.values, candidates)
        except _NumberTaken as taken:
            problem = _number_taken(session, row.values, taken.person_id)
            plan.problems.append(
                ImportProblem(data.sheet, row.number, problem.field, problem.reason)
            )
            continue
        key = _key_text(spec, row)
        if obj is None:
            plan.adds.append(row.values)
            plan.preview.append(PreviewRow(row.number, ADD, key))
            continue
        if obj.id in claimed:
            plan.problems.append(
                ImportProblem(
                    data.sheet,
                    row.number,
                    _key_label(spec),
                    f"与第{claimed[obj.id]}行对应同一条已登记的记录。",
                )
            )
            continue
        claimed[obj.id] = row.number
        changed = {
            attr: row.values[attr]
            for f, attr in present
            if not _same(getattr(obj, attr), row.values[attr])
        }
        labels = tuple(f.label for f, attr in present if attr in changed)
        if changed:
            plan.updates.append((obj.id, changed))
            plan.preview.append(PreviewRow(row.number, UPDATE, key, labels))
        else:
            plan.preview.append(PreviewRow(row.number, SAME, key))
    plan.problems.sort(key=lambda p: p.row)
    return plan


def apply_plan(session: Session, spec: RegisterSpec, plan: Plan, progress: Progress) -> None:
    """Write the plan in the caller's (writer) transaction; Cancelled rolls it all back."""
    total = len(plan.updates) + len(plan.adds)
    done = 0
    model = spec.model
    for start in range(0, len(plan.updates), CHUNK):
        chunk = dict(plan.updates[start : start + CHUNK])
        for obj in session.scalars(select(model).where(model.id.in_(list(chunk)))):
            for attr, value in chunk[obj.id].items():
                setattr(obj, attr, value)  # through the ORM: versioned and logged for sync
        done += len(chunk)
        progress.report(done, total, "正在写入…")
        progress.check_cancelled()
    session.flush()  # updates first: a revoked certificate frees its number for a new one
    for start in range(0, len(plan.adds), INSERT_BATCH):
        progress.check_cancelled()
        insert_synced(session, spec.model, plan.adds[start : start + INSERT_BATCH])
        done += len(plan.adds[start : start + INSERT_BATCH])
        progress.report(done, total, "正在写入…")
    progress.check_cancelled()
