"""Listing a register: search, filter, sort and page in SQL, returning plain rows."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, func, or_, select
from sqlalchemy.orm import Session, aliased

from yuyou_desktop.domain.enums import CertificateStatus
from yuyou_desktop.domain.registers import filing_deadline, filing_status
from yuyou_desktop.services.registry.fields import DERIVED, PERSON, UNIT
from yuyou_desktop.services.registry.specs import RegisterSpec
from yuyou_desktop.storage.models import Certificate, EnforcementUnit, Person, SupervisionFiling

MAX_PAGE = 1000


@dataclass(frozen=True)
class RecordRow:
    """One record as plain values, keyed by field key (references by their display key)."""

    id: str
    version: int
    values: dict[str, Any]
    ref_ids: dict[str, str | None] = field(default_factory=dict)


@dataclass(frozen=True)
class ListQuery:
    search: str = ""
    filters: Mapping[str, Any] = field(default_factory=dict)  # value, or tuple for IN
    sort: str | None = None
    descending: bool = False
    offset: int = 0
    limit: int = 200


@dataclass(frozen=True)
class Page:
    total: int
    offset: int
    rows: list[RecordRow]


@dataclass(frozen=True)
class Context:
    """What derived values depend on: today and the settings."""

    today: date
    expiring_days: int
    filing_deadline: str


def certificate_status_expr(ctx: Context) -> ColumnElement[str]:
    c = Certificate
    soon = ctx.today + timedelta(days=ctx.expiring_days)
    return case(
        (
            and_(c.revoked_on.is_not(None), c.revoked_on <= ctx.today),
            CertificateStatus.REVOKED.value,
        ),
        (
            and_(c.valid_from.is_not(None), c.valid_from > ctx.today),
            CertificateStatus.NOT_YET.value,
        ),
        (c.valid_to < ctx.today, CertificateStatus.EXPIRED.value),
        (c.valid_to <= soon, CertificateStatus.EXPIRING.value),
        else_=CertificateStatus.VALID.value,
    )


def columns(spec: RegisterSpec, ctx: Context) -> tuple[Select[Any], dict[str, Any]]:
    """The base statement (joins included) and the SQL expression of every field."""
    model = spec.model
    exprs: dict[str, Any] = {}
    joins = []
    kinds = {f.kind for f in spec.fields}
    if UNIT in kinds:
        unit = aliased(EnforcementUnit)
        joins.append((unit, model.unit_id == unit.id))  # type: ignore[attr-defined]
        exprs["unit"] = unit.name
        exprs["@unit"] = model.unit_id  # type: ignore[attr-defined]
    if PERSON in kinds:
        person = aliased(Person)
        joins.append((person, model.person_id == person.id))  # type: ignore[attr-defined]
        exprs["person_id_number"] = person.id_number
        exprs["person_name"] = person.name
        exprs["@person_id_number"] = model.person_id  # type: ignore[attr-defined]
    for f in spec.fields:
        if f.key in exprs:
            continue
        if f.kind == DERIVED:
            if f.key == "status" and model is Certificate:
                exprs["status"] = certificate_status_expr(ctx)
            continue  # computed in Python (filing status)
        exprs[f.key] = getattr(model, f.key)
    stmt = select(model.id, model.version, *(e.label(k) for k, e in exprs.items()))
    for target, on in joins:
        stmt = stmt.outerjoin(target, on)
    return stmt.where(model.deleted_at.is_(None)), exprs


def _filtered(spec: RegisterSpec, query: ListQuery, ctx: Context) -> tuple[Select[Any], dict]:
    stmt, exprs = columns(spec, ctx)
    text = query.search.strip()
    if text:
        searchable = [exprs[f.key] for f in spec.fields if f.searchable and f.key in exprs]
        stmt = stmt.where(or_(*(col.contains(text, autoescape=True) for col in searchable)))
    for key, value in query.filters.items():
        expr = exprs.get(f"@{key}", exprs.get(key))
        if expr is None:
            raise KeyError(f"cannot filter {spec.name} by {key}")
        if isinstance(value, tuple | list | set | frozenset):
            stmt = stmt.where(expr.in_(list(value)))
        elif value is None:
            stmt = stmt.where(expr.is_(None))
        else:
            stmt = stmt.where(expr == value)
    return stmt, exprs


def list_page(session: Session, spec: RegisterSpec, query: ListQuery, ctx: Context) -> Page:
    stmt, exprs = _filtered(spec, query, ctx)
    total = session.execute(select(func.count()).select_from(stmt.subquery())).scalar_one()
    sort_key = query.sort if query.sort in exprs else spec.default_sort
    order = exprs[sort_key].desc() if query.descending else exprs[sort_key].asc()
    stmt = stmt.order_by(order, spec.model.id)
    limit = max(0, min(query.limit, MAX_PAGE))
    stmt = stmt.offset(max(0, query.offset)).limit(limit)
    rows = [to_row(spec, r._mapping, ctx) for r in session.execute(stmt)]
    return Page(total, query.offset, rows)


def to_row(spec: RegisterSpec, mapping: Mapping[str, Any], ctx: Context) -> RecordRow:
    values = {f.key: mapping.get(f.key) for f in spec.fields}
    if spec.model is SupervisionFiling:
        deadline = filing_deadline(values["year"], ctx.filing_deadline)
        values["filing_status"] = filing_status(values["filed_on"], deadline).value
    refs = {k[1:]: v for k, v in mapping.items() if k.startswith("@")}
    return RecordRow(mapping["id"], mapping["version"], values, refs)


def get_row(session: Session, spec: RegisterSpec, record_id: str, ctx: Context) -> RecordRow | None:
    stmt, _ = columns(spec, ctx)
    found = session.execute(stmt.where(spec.model.id == record_id)).first()
    return to_row(spec, found._mapping, ctx) if found else None
