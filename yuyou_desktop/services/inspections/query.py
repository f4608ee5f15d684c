"""Listing inspections: filter, search, sort and page in SQL.

As in the registers (``services/registry/query.py``) conditions touch the inspections table
only — names of units and enterprises are matched through ``IN (SELECT id …)`` — so the count
needs no join.  A page is found in two steps: the ids of the page, in order, from the
inspections alone (through ``ix_inspections_list``, which holds every column a filter or most
sorts need, so neither the filters nor an offset of 50,000 read the wide rows), then those
rows with their unit and enterprise names.  A keyword search reads the rows (see
``_search_ids``).  Problem-status filters look up each inspection's live problems in
``ix_inspection_problems_live``; problem counts are fetched for the page only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    case,
    exists,
    func,
    literal_column,
    or_,
    select,
    tuple_,
)
from sqlalchemy.orm import Session

from yuyou_desktop.domain.enums import FocusArea, InspectionKind, RectificationStatus
from yuyou_desktop.domain.inspections import BEIJING, day_start_utc
from yuyou_desktop.errors import FieldError
from yuyou_desktop.services.inspections.records import (
    InspectionPage,
    InspectionQuery,
    InspectionRow,
    ProblemFilter,
)
from yuyou_desktop.services.inspections.rules import enum_value
from yuyou_desktop.storage.models import EnforcementUnit, Enterprise
from yuyou_desktop.storage.models_inspections import Inspection, InspectionProblem

MAX_PAGE = 1000
SEARCH_PROBE = 10_000  # rows a keyword search sorted by date or number looks through first
Insp, P = Inspection, InspectionProblem
SORT_KEYS: dict[str, tuple[Any, ...]] = {
    "started_at": (Insp.started_at,),
    "ended_at": (Insp.ended_at,),
    # the order of the numbers themselves: office (its prefix), year, serial — and the
    # order of the unique index on them
    "number": (Insp.origin_office, Insp.year, Insp.serial),
    # kinds and areas in the order the user sees them listed (the policy's order), not by
    # their stored codes
    "kind": (case({m.value: n for n, m in enumerate(InspectionKind)}, value=Insp.kind),),
    "focus_area": (case({m.value: n for n, m in enumerate(FocusArea)}, value=Insp.focus_area),),
    "unit": (EnforcementUnit.name,),
    "enterprise": (Enterprise.name,),
    "place": (Insp.place,),
}
DONE = RectificationStatus.DONE.value


def _status_condition(
    status: ProblemFilter, today: date, from_problems: bool
) -> ColumnElement[bool]:
    """A look-up of the inspection's live problems (correlated: SQLite tests it after every
    other condition, so only on rows that pass them) — fastest when the inspections are walked
    in the order of the page, which then fills early.

    ``from_problems``: the inspections with problems not yet put right are few (a few thousand
    of 100,000), so when every match must be read anyway (a keyword, a sort without an index)
    SQLite had better start from their list."""
    live = P.deleted_at.is_(None)
    mine = (P.inspection_id == Insp.id, live)
    if status in (ProblemFilter.OVERDUE, ProblemFilter.OPEN):
        not_done = [live, P.status != DONE]
        if status is ProblemFilter.OVERDUE:
            not_done.append(P.deadline < today)
        if from_problems:
            return Insp.id.in_(select(P.inspection_id).where(*not_done))
        return exists().where(P.inspection_id == Insp.id, *not_done)
    if status is ProblemFilter.DONE:  # 1 when every live problem is done, NULL when none
        return select(func.min(P.status == DONE)).where(*mine).scalar_subquery() == 1
    return ~exists().where(*mine)


def _search_condition(text: str) -> ColumnElement[bool]:
    units = select(EnforcementUnit.id).where(EnforcementUnit.name.contains(text, autoescape=True))
    enterprises = select(Enterprise.id).where(
        or_(
            Enterprise.name.contains(text, autoescape=True),
            Enterprise.credit_code.contains(text, autoescape=True),
        )
    )
    return or_(  # the look-ups in the lists of ids first: cheaper than a LIKE on the text
        Insp.unit_id.in_(units),
        Insp.enterprise_id.in_(enterprises),
        Insp.number.contains(text, autoescape=True),
        Insp.place.contains(text, autoescape=True),
        Insp.findings.contains(text, autoescape=True),
    )


# ``+inspections.deleted_at``: a keyword search reads every row anyway, so SQLite should scan
# the table (or a date, unit or enterprise index) rather than walk a partial index of live rows
# and look each row up (a third slower); the unary plus hides those partial indexes.
_LIVE_ROW = literal_column("+inspections.deleted_at").is_(None)


def conditions(query: InspectionQuery, today: date) -> list[ColumnElement[bool]]:
    """WHERE conditions on the inspections table alone."""
    text = query.search.strip()
    found: list[ColumnElement[bool]] = [_LIVE_ROW if text else Insp.deleted_at.is_(None)]
    if query.date_from is not None:
        found.append(Insp.started_at >= day_start_utc(query.date_from))
    if query.date_to is not None:
        found.append(Insp.started_at < day_start_utc(query.date_to + timedelta(days=1)))
    if query.kind:
        found.append(Insp.kind == enum_value(InspectionKind, "检查类型", query.kind).value)
    if query.focus_area:
        found.append(Insp.focus_area == enum_value(FocusArea, "重点领域", query.focus_area).value)
    if query.unit_id:
        found.append(Insp.unit_id == query.unit_id)
    if query.enterprise_id:
        found.append(Insp.enterprise_id == query.enterprise_id)
    if query.origin_office:  # the leading column of uq_inspections_office_year_serial
        found.append(Insp.origin_office == query.origin_office)
    if text:
        found.append(_search_condition(text))
    if query.status:
        status = enum_value(ProblemFilter, "整改情况", query.status)
        walked = query.sort in ("started_at", "number")  # an index gives these orders
        narrowed = query.date_from or query.date_to or query.unit_id or query.enterprise_id
        from_problems = (bool(text) or not walked) and not narrowed  # else start from those
        found.append(_status_condition(status, today, from_problems))
    return found


def _columns() -> Select[Any]:
    # LEFT joins (unit_id is never null): the inspections stay the outer loop
    return (
        select(
            Insp.id,
            Insp.version,
            Insp.number,
            Insp.kind,
            Insp.focus_area,
            Insp.started_at,
            Insp.ended_at,
            Insp.unit_id,
            EnforcementUnit.name.label("unit_name"),
            Insp.enterprise_id,
            Enterprise.name.label("enterprise_name"),
            Insp.place,
            Insp.on_site,
            Insp.origin_office,
        )
        .select_from(Insp)
        .outerjoin(Enterprise, Enterprise.id == Insp.enterprise_id)
        .outerjoin(EnforcementUnit, EnforcementUnit.id == Insp.unit_id)
    )


def _order(query: InspectionQuery) -> list[Any]:
    """The sort key, then the id (ascending whatever the direction) to break ties."""
    if query.sort not in SORT_KEYS:
        raise FieldError("排序", f"不能按“{query.sort}”排序。")
    keys = SORT_KEYS[query.sort]
    return [k.desc() if query.descending else k.asc() for k in keys] + [Insp.id]


def ordered(query: InspectionQuery, today: date) -> Select[Any]:
    """Every match in the query's order with its names, unpaged (for exports)."""
    order = _order(query)
    return _columns().where(*conditions(query, today)).order_by(*order)


def _ids(query: InspectionQuery, today: date) -> Select[Any]:
    """The ids of the matches in the query's order: the inspections alone, joined to the
    units or enterprises only to sort by their names."""
    order = _order(query)
    stmt = select(Insp.id).select_from(Insp)
    if query.sort == "unit":
        stmt = stmt.outerjoin(EnforcementUnit, EnforcementUnit.id == Insp.unit_id)
    elif query.sort == "enterprise":
        stmt = stmt.outerjoin(Enterprise, Enterprise.id == Insp.enterprise_id)
    return stmt.where(*conditions(query, today)).order_by(*order)


def _rows(session: Session, ids: Sequence[str]) -> list[Any]:
    """The list columns of ``ids``, in that order."""
    if not ids:
        return []
    found = {r.id: r for r in session.execute(_columns().where(Insp.id.in_(ids)))}
    return [found[i] for i in ids]


def count(session: Session, query: InspectionQuery, today: date) -> int:
    others = (query.date_from, query.date_to, query.kind, query.focus_area, query.unit_id,
              query.enterprise_id, query.origin_office, query.search.strip())  # fmt: skip
    if query.status and not any(others):
        return _status_count(session, enum_value(ProblemFilter, "整改情况", query.status), today)
    where = conditions(query, today)
    return session.execute(select(func.count()).select_from(Insp).where(*where)).scalar_one()


def _status_count(session: Session, status: ProblemFilter, today: date) -> int:
    """The number of live inspections in a problem-status filter with no other filter, counted
    from the problems' own index (a look-up per inspection costs ~100 ms on 100,000).  Problems
    of a deleted inspection are left out even if, out of order, they are still live."""
    gone = select(Insp.id).where(Insp.deleted_at.is_not(None))
    live = (P.deleted_at.is_(None), P.inspection_id.not_in(gone))

    def inspections_with(*where: ColumnElement[bool]) -> int:
        found = select(func.count(func.distinct(P.inspection_id))).where(*live, *where)
        return int(session.execute(found).scalar_one())

    if status is ProblemFilter.OPEN:
        return inspections_with(P.status != DONE)
    if status is ProblemFilter.OVERDUE:
        return inspections_with(P.status != DONE, P.deadline < today)
    with_problems = inspections_with()
    if status is ProblemFilter.DONE:
        return with_problems - inspections_with(P.status != DONE)
    every = select(func.count()).select_from(Insp).where(Insp.deleted_at.is_(None))
    return int(session.execute(every).scalar_one()) - with_problems


def problem_counts(
    session: Session, ids: Iterable[str], today: date
) -> dict[str, tuple[int, int, int]]:
    """(all, open, overdue) live problems per inspection id."""
    id_list = list(ids)
    if not id_list:
        return {}
    not_done = P.status != RectificationStatus.DONE.value
    rows = session.execute(
        select(
            P.inspection_id,
            func.count(),
            func.sum(case((not_done, 1), else_=0)),
            func.sum(case((and_(not_done, P.deadline < today), 1), else_=0)),
        )
        .where(P.inspection_id.in_(id_list), P.deleted_at.is_(None))
        .group_by(P.inspection_id)
    ).all()
    return {r[0]: (r[1], r[2] or 0, r[3] or 0) for r in rows}


def _search_ids(
    session: Session, query: InspectionQuery, today: date, offset: int, limit: int, probe: int
) -> tuple[list[str], int]:
    """The page's ids and the total for a keyword search.

    Sorted by date or number (each has an index in that order), first the ``probe`` rows that
    come first: when they hold the page the keyword is common — keep that page and count in a
    second pass (sorting 100,000 matches to count them and pick 200 costs more than both).
    Otherwise, and for other sorts, the matches are found, counted (``count(*) OVER ()``) and
    sorted in one pass."""
    if query.sort in ("started_at", "number"):
        keys = SORT_KEYS[query.sort]
        own = replace(query, search="", status=None)
        edge = session.execute(
            select(*keys)
            .where(*conditions(own, today))
            .order_by(*(k.desc() if query.descending else k.asc() for k in keys))
            .offset(probe - 1)
            .limit(1)
        ).first()
        stmt = _ids(query, today)
        if edge is not None:  # the probe rows: up to that one
            key, cutoff = tuple_(*keys), tuple_(*edge)
            stmt = stmt.where(key >= cutoff if query.descending else key <= cutoff)
        ids = list(session.scalars(stmt.offset(offset).limit(limit)))
        if len(ids) == limit:
            return ids, count(session, query, today)
        if edge is None:  # that was every row
            return ids, (offset + len(ids) if ids or not offset else count(session, query, today))
    stmt = _ids(query, today).add_columns(func.count().over().label("_total"))
    found = session.execute(stmt.offset(offset).limit(limit)).all()
    if found:
        return [r.id for r in found], found[0]._total
    return [], (count(session, query, today) if offset else 0)


def list_page(
    session: Session, query: InspectionQuery, today: date, probe: int = SEARCH_PROBE
) -> InspectionPage:
    limit = max(0, min(query.limit, MAX_PAGE))
    offset = max(0, query.offset)
    if query.search.strip() and limit:
        ids, total = _search_ids(session, query, today, offset, limit, probe)
    else:
        ids = list(session.scalars(_ids(query, today).offset(offset).limit(limit))) if limit else []
        if 0 < len(ids) < limit or (not ids and not offset and limit):
            total = offset + len(ids)  # the page ends before the limit: it is the last one
        else:
            total = count(session, query, today)
    rows = _rows(session, ids)
    counts = problem_counts(session, ids, today)
    return InspectionPage(
        total, offset, tuple(to_row(r, counts.get(r.id, (0, 0, 0))) for r in rows)
    )


def to_row(r: Any, counts: tuple[int, int, int]) -> InspectionRow:
    return InspectionRow(
        id=r.id,
        version=r.version,
        number=r.number,
        kind=InspectionKind(r.kind),
        focus_area=FocusArea(r.focus_area),
        started_at=r.started_at.astimezone(BEIJING),
        ended_at=r.ended_at.astimezone(BEIJING),
        unit_id=r.unit_id,
        unit_name=r.unit_name,
        enterprise_id=r.enterprise_id,
        enterprise_name=r.enterprise_name or "",
        place=r.place,
        on_site=r.on_site,
        problems=counts[0],
        open_problems=counts[1],
        overdue_problems=counts[2],
        origin_office=r.origin_office,
    )
