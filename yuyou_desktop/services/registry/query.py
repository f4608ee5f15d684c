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
JOINED_KEYS = frozenset({"unit", "person_id_number", "person_name"})


@dataclass(frozen=True)
class RecordRow:
    """One record as plain values, keyed by field key (references by their display key)."""

    id: str
    version: int
    values: dict[str, Any]
    ref_ids: dict[str, str | None] = field(default_factory=dict)
    origin_office: str = ""  # the office that created it (the only one that may change it)


@dataclass(frozen=True)
class ListQuery:
    search: str = ""
    filters: Mapping[str, Any] = field(default_factory=dict)  # value, or tuple for IN
    sort: str | None = None
    descending: bool = False
    offset: int = 0
    limit: int = 200
    origin_office: str | None = None  # 来源单位: only the records of this office


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
        (c.revoked_on.is_not(None), CertificateStatus.REVOKED.value),  # also a future date
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
    stmt = select(
        model.id,
        model.version,
        model.origin_office.label("_origin"),
        *(e.label(k) for k, e in exprs.items()),
    )
    for target, on in joins:
        stmt = stmt.outerjoin(target, on)
    return stmt, exprs


def _search_condition(spec: RegisterSpec, text: str) -> ColumnElement[bool]:
    """Keyword search over the searchable fields.

    Names of referenced units and people are matched through ``IN (SELECT id …)`` on the
    small or indexed side rather than through the join, so the count needs no join at all.
    """
    model = spec.model
    terms: list[ColumnElement[bool]] = []
    person_searched = False
    for f in spec.fields:
        if not f.searchable:
            continue
        if f.kind == UNIT:
            units = select(EnforcementUnit.id).where(
                EnforcementUnit.name.contains(text, autoescape=True)
            )
            terms.append(model.unit_id.in_(units))  # type: ignore[attr-defined]
        elif f.kind == PERSON or f.key == "person_name":
            if person_searched:
                continue
            person_searched = True
            people = select(Person.id).where(
                or_(
                    Person.name.contains(text, autoescape=True),
                    Person.id_number.contains(text, autoescape=True),
                )
            )
            terms.append(model.person_id.in_(people))  # type: ignore[attr-defined]
        else:
            terms.append(getattr(model, f.key).contains(text, autoescape=True))
    return or_(*terms)


def conditions(
    spec: RegisterSpec, query: ListQuery, ctx: Context, exprs: Mapping[str, Any]
) -> list[ColumnElement[bool]]:
    """WHERE conditions on the register's own table only (no joined columns)."""
    found: list[ColumnElement[bool]] = [spec.model.deleted_at.is_(None)]
    text = query.search.strip()
    if text:
        found.append(_search_condition(spec, text))
    if query.origin_office:
        found.append(spec.model.origin_office == query.origin_office)
    for key, value in query.filters.items():
        # references filter by the stored id; joined display columns cannot be filtered
        expr = exprs.get(f"@{key}") if key in JOINED_KEYS else exprs.get(key)
        if expr is None:
            raise KeyError(f"cannot filter {spec.name} by {key}")
        if isinstance(value, tuple | list | set | frozenset):
            found.append(expr.in_(list(value)))
        elif value is None:
            found.append(expr.is_(None))
        else:
            found.append(expr == value)
    return found


def count(session: Session, spec: RegisterSpec, query: ListQuery, ctx: Context) -> int:
    _, exprs = columns(spec, ctx)
    where = conditions(spec, query, ctx, exprs)
    return session.execute(select(func.count()).select_from(spec.model).where(*where)).scalar_one()


def ordered(spec: RegisterSpec, query: ListQuery, ctx: Context) -> Select[Any]:
    """Every matching record in the query's order (no paging): rows for :func:`to_row`."""
    stmt, exprs = columns(spec, ctx)
    where = conditions(spec, query, ctx, exprs)
    sort_key = query.sort if query.sort in exprs else spec.default_sort
    sort_expr = exprs[sort_key]
    if query.search.strip():
        # With a keyword the matches are few: sort them, instead of walking the sort
        # column's index through every row and testing each (3x slower on 100k people).
        sort_expr = func.coalesce(sort_expr, sort_expr)
    order = sort_expr.desc() if query.descending else sort_expr.asc()
    return stmt.where(*where).order_by(order, spec.model.id)


def list_page(session: Session, spec: RegisterSpec, query: ListQuery, ctx: Context) -> Page:
    limit = max(0, min(query.limit, MAX_PAGE))
    stmt = ordered(spec, query, ctx)
    if query.search.strip() and limit:
        # The matches are sorted anyway: count them in the same pass (one scan, not two).
        stmt = stmt.add_columns(func.count().over().label("_total"))
    found = session.execute(stmt.offset(max(0, query.offset)).limit(limit)).all()
    if found and "_total" in found[0]._fields:
        total = found[0]._total
    elif not found and query.offset <= 0 and query.search.strip() and limit:
        total = 0  # the counting pass above found nothing at all
    else:
        total = count(session, spec, query, ctx)
    rows = [to_row(spec, r._mapping, ctx) for r in found]
    return Page(total, query.offset, rows)


def to_row(spec: RegisterSpec, mapping: Mapping[str, Any], ctx: Context) -> RecordRow:
    values = {f.key: mapping.get(f.key) for f in spec.fields}
    if spec.model is SupervisionFiling:
        deadline = filing_deadline(values["year"], ctx.filing_deadline)
        values["filing_status"] = filing_status(values["filed_on"], deadline).value
    refs = {k[1:]: v for k, v in mapping.items() if k.startswith("@")}
    return RecordRow(mapping["id"], mapping["version"], values, refs, mapping["_origin"])


def get_row(session: Session, spec: RegisterSpec, record_id: str, ctx: Context) -> RecordRow | None:
    stmt, _ = columns(spec, ctx)
    live = spec.model.deleted_at.is_(None)
    found = session.execute(stmt.where(spec.model.id == record_id, live)).first()
    return to_row(spec, found._mapping, ctx) if found else None
