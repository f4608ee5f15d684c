"""StatsService: the figures of the 统计 view and the reports for a period (see ``measures`` for
what each one counts).  A handful of grouped queries in one read transaction; the small grouped
results are rolled up here into the tables the view, the workbooks and ``yuyou stats`` show."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import fields, replace
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import case, func, literal, select, union_all
from sqlalchemy.orm import Session

from yuyou_desktop.domain.enums import FocusArea, InspectionKind, LeadSource, OfficeRole
from yuyou_desktop.domain.scoring import DEFAULT_BANDS
from yuyou_desktop.errors import InputRejected
from yuyou_desktop.services import ownership
from yuyou_desktop.services.reports import measures as m
from yuyou_desktop.services.reports.drill import records
from yuyou_desktop.services.reports.figures import (
    Counts,
    Dashboard,
    Drill,
    DrillResult,
    InspectionCounts,
    LeadCounts,
    Line,
    RegisterCounts,
    ReviewCounts,
    StatsQuery,
)
from yuyou_desktop.services.settings import SettingsService
from yuyou_desktop.storage.database import Database
from yuyou_desktop.storage.models import Certificate, EnforcementUnit, Office
from yuyou_desktop.storage.models_inspections import Inspection, Lead
from yuyou_desktop.storage.models_reviews import ReviewCaseFile
from yuyou_desktop.storage.models_sync import TrustedKey

UNKNOWN_UNIT = "（未知单位）"


class StatsService:
    def __init__(
        self, db: Database, settings: SettingsService, today: Callable[[], date] = date.today
    ) -> None:
        self._db = db
        self._settings = settings
        self._today = today

    def context(self, query: StatsQuery) -> m.Context:
        """The figures' context.  A township counts only what it recorded itself: the county's
        units and other rows it receives as reference data are not its own work (nor are their
        filings sent down), so its scope is always its own office."""
        query = query.checked()
        with self._db.reader() as session:
            role, code = session.execute(select(Office.role, Office.code)).one()
        if role != OfficeRole.COUNTY.value:
            if query.origin not in (None, code):
                raise InputRejected("司法所只统计本单位登记的记录，不能统计其他单位的。")
            query = replace(query, origin=code)
        return m.Context(
            query,
            self._today(),
            self._settings.get("registry.certificate_expiring_days"),
            self._settings.get("inspections.yearly_cap"),
        )

    def dashboard(self, query: StatsQuery) -> Dashboard:
        ctx = self.context(query)
        with self._db.reader() as session:
            office = session.execute(select(Office)).scalar_one()
            county = office.role == OfficeRole.COUNTY.value
            groups = _inspection_groups(session, ctx)
            leads = _lead_groups(session, ctx)
            files = _review_rows(session, ctx)
            registers, registers_total = _register_groups(session, ctx)
            codes = {key for key, _ in groups["office"]} | {g[1] for g, _ in leads}
            codes |= {r[0] for r in files} | set(registers)
            if county:
                codes |= set(_townships(session))
            if ctx.query.origin:
                codes = {ctx.query.origin}
            offices = _office_lines_order(office.code, codes, session)
            unit_ids = {key for key, _ in groups["unit"]} | {r[1] for r in files}
            if ctx.query.unit_id:
                unit_ids.add(ctx.query.unit_id)
            units = _unit_names(session, unit_ids)

        def rolled(
            found: Iterable[tuple[tuple[str, ...], Counts]],
            index: int,
            keys: Iterable[tuple[str, str]],
            empty: Counts,
        ) -> dict[str, Line]:
            table = {key: Line(key, label, empty) for key, label in keys}
            for group, counts in found:
                line = table.get(group[index]) or Line(group[index], group[index], empty)
                table[group[index]] = Line(line.key, line.label, line.counts.plus(counts))
            return table

        def by(dimension: str) -> list[tuple[tuple[str, ...], Counts]]:
            return [((key,), counts) for key, counts in groups[dimension]]

        zero_i, zero_l, zero_r = InspectionCounts(), LeadCounts(), ReviewCounts()
        months = _months(ctx.query.start, ctx.query.end)
        by_unit = [
            Line(k, units.get(k, UNKNOWN_UNIT), v.counts)
            for k, v in rolled(by("unit"), 0, (), zero_i).items()
        ]
        review_groups = _review_groups(files)
        grades = [(b.name, b.name) for b in DEFAULT_BANDS]
        review_units = rolled(review_groups, 1, (), zero_r)
        return Dashboard(
            query=ctx.query,
            today=ctx.today,
            office_name=office.name,
            county=county,
            scope_label=_scope_label(ctx.query, dict(offices), units, office.code),
            inspections=_total(by("kind"), zero_i),  # each inspection has one kind
            by_kind=tuple(rolled(by("kind"), 0, _enum(InspectionKind), zero_i).values()),
            by_area=tuple(rolled(by("area"), 0, _enum(FocusArea), zero_i).values()),
            by_office=tuple(rolled(by("office"), 0, offices, zero_i).values()),
            by_unit=_most_first(by_unit, "inspections"),
            by_month=_until_now(rolled(by("month"), 0, months, zero_i).values(), ctx.today),
            leads=_total(leads, zero_l),
            leads_by_source=tuple(rolled(leads, 0, _enum(LeadSource), zero_l).values()),
            leads_by_office=tuple(rolled(leads, 1, offices, zero_l).values()),
            reviews=_total(review_groups, zero_r),
            reviews_by_grade=tuple(rolled(review_groups, 2, grades, zero_r).values()),
            reviews_by_office=tuple(rolled(review_groups, 0, offices, zero_r).values()),
            reviews_by_unit=_most_first(
                (Line(k, units.get(k, UNKNOWN_UNIT), v.counts) for k, v in review_units.items()),
                "files",
            ),
            registers=registers_total,
            registers_by_office=tuple(
                Line(code, label, registers.get(code, RegisterCounts())) for code, label in offices
            ),
            filing_year=ctx.year,
            cap_year=ctx.year,
            cap=ctx.cap,
            expiring_days=ctx.expiring_days,
        )

    def origin_offices(self) -> ownership.OriginChoices:
        """The offices whose inspections, leads, case files or registers are counted here (for
        the 来源单位 filter)."""
        with self._db.reader() as session:
            if session.scalar(select(Office.role)) != OfficeRole.COUNTY.value:
                return ownership.origin_choices(session)  # a township: its own records only
            return ownership.origin_choices(
                session, Inspection, Lead, ReviewCaseFile, EnforcementUnit, Certificate
            )

    def records(self, query: StatsQuery, drill: Drill, limit: int = 1000) -> DrillResult:
        """The records behind one figure of ``dashboard(query)`` (at most ``limit`` rows)."""
        ctx = self.context(query)
        with self._db.reader() as session:
            return records(session, ctx, drill, limit)


def _enum(enum: Any) -> list[tuple[str, str]]:
    return [(member.value, member.label) for member in enum]


def _until_now(lines: Iterable[Line], today: date) -> tuple[Line, ...]:
    """The months of the period, without the months after this one that have nothing yet (a
    trend of 本年 in June does not fall to zero for July to December)."""
    found = list(lines)
    now = f"{today.year:04d}-{today.month:02d}"
    while found and found[-1].key > now and not any(_values(found[-1].counts)):
        found.pop()
    return tuple(found)


def _values(counts: Counts) -> list[Any]:
    return [getattr(counts, f.name) for f in fields(counts)]


def _months(start: date, end: date) -> list[tuple[str, str]]:
    found = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        found.append((f"{year:04d}-{month:02d}", f"{year}年{month}月"))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def _total(found: Iterable[tuple[Any, Counts]], empty: Any = None) -> Any:
    total = empty
    for _, counts in found:
        total = counts if total is None else total.plus(counts)
    return total


def _most_first(lines: Iterable[Line], measure: str) -> tuple[Line, ...]:
    return tuple(sorted(lines, key=lambda x: (-getattr(x.counts, measure), x.label, x.key)))


def _scope_label(
    query: StatsQuery, offices: dict[str, str], units: dict[str, str], own: str
) -> str:
    if query.origin == own:
        first = "本单位"  # not the office's name a second time
    else:
        first = offices.get(query.origin, query.origin) if query.origin else "全部单位"
    parts = [first]
    if query.unit_id:
        parts.append(units.get(query.unit_id, UNKNOWN_UNIT))
    return " · ".join(parts)


def _townships(session: Session) -> list[str]:
    return list(
        session.scalars(
            select(TrustedKey.office_code)
            .where(TrustedKey.role == OfficeRole.TOWNSHIP.value, TrustedKey.revoked_at.is_(None))
            .distinct()
        )
    )


def _office_lines_order(own: str, codes: set[str], session: Session) -> list[tuple[str, str]]:
    names = ownership.office_names(session, codes)
    ordered = sorted(codes, key=lambda code: (code != own, code))
    return [(code, names.get(code, code)) for code in ordered]


def _unit_names(session: Session, ids: set[str]) -> dict[str, str]:
    ids.discard(None)  # type: ignore[arg-type]
    if not ids:
        return {}
    rows = session.execute(
        select(EnforcementUnit.id, EnforcementUnit.name).where(EnforcementUnit.id.in_(ids))
    )
    return dict(rows.tuples().all())


def _summed(condition: Any) -> Any:
    return func.sum(case((condition, 1), else_=0))


PACK = 1 << 20  # an inspection's problem counts, three in one integer (each below 2**20)


def _inspection_groups(session: Session, ctx: m.Context) -> dict[str, list[tuple[str, Any]]]:
    """The inspection measures per value of each dimension (``INSPECTION_DIMENSIONS``).

    One statement: each inspection of the scope once, with its dimensions and its problems
    counted in a single index look-up (packed into one integer), materialised; then grouped by
    each dimension in turn — a few hundred rows however many inspections (grouping by the five
    at once gives about one group per inspection; SQLite sorts one column several times faster
    than several)."""
    ins, prob = m.Inspection, m.InspectionProblem

    def counted(measure: str) -> Any:
        return func.count(case((m.problem_condition(measure, ctx.today), 1)))

    packed = (  # problems, rectified, overdue; 未整改 = problems − rectified (status NOT NULL)
        select(func.count() * PACK * PACK + counted("rectified") * PACK + counted("overdue"))
        .where(prob.inspection_id == ins.id, prob.deleted_at.is_(None))
        .scalar_subquery()
    )
    dims = m.INSPECTION_DIMENSIONS
    per = (
        select(*(column.label(name) for name, column in dims.items()), packed.label("x"))
        .where(*m.inspection_scope(ctx))
        .cte("per")
        .prefix_with("MATERIALIZED")
    )
    x = per.c.x
    measures = (func.count(), func.sum(x // (PACK * PACK)), func.sum(x // PACK % PACK))
    statement = union_all(
        *(
            select(literal(name), per.c[name], *measures, func.sum(x % PACK)).group_by(per.c[name])
            for name in dims
        )
    )
    found: dict[str, list[tuple[str, Any]]] = {name: [] for name in dims}
    for name, key, inspections, problems, rectified, overdue in session.execute(statement):
        counts = (inspections, problems, rectified, problems - rectified, overdue)
        found[name].append((key, InspectionCounts(*(int(n) for n in counts))))
    return found


def _lead_groups(session: Session, ctx: m.Context) -> list[tuple[tuple[str, ...], LeadCounts]]:
    dims = [m.LEAD_DIMENSIONS[d] for d in ("source", "office")]
    rows = session.execute(
        select(*dims, *(_summed(m.lead_condition(x, ctx.today)) for x in m.LEAD_MEASURES))
        .where(*m.lead_scope(ctx))
        .group_by(*dims)
    ).all()
    return [(tuple(row[:2]), LeadCounts(*(int(x or 0) for x in row[2:]))) for row in rows]


def _review_groups(
    files: Iterable[tuple[str, str, str, Decimal]],
) -> list[tuple[tuple[str, ...], ReviewCounts]]:
    """The files added up per (office, unit, grade), the scores as exact decimals."""
    found: dict[tuple[str, ...], tuple[int, Decimal]] = {}
    for office, unit, grade, score in files:
        n, total = found.get((office, unit, grade), (0, Decimal(0)))
        found[office, unit, grade] = (n + 1, total + score)
    return [(key, ReviewCounts(n, total)) for key, (n, total) in found.items()]


def _review_rows(session: Session, ctx: m.Context) -> list[tuple[str, str, str, Decimal]]:
    """(office, unit, grade, score) per finalised file — tens or hundreds a year."""
    f = m.F
    rows = session.execute(
        select(f.origin_office, f.unit_id, f.final_grade, f.final_score).where(*m.review_scope(ctx))
    ).all()
    return [(o, u, g or "", Decimal(s)) for o, u, g, s in rows]


def _register_groups(
    session: Session, ctx: m.Context
) -> tuple[dict[str, RegisterCounts], RegisterCounts]:
    """The register figures per office, and all offices together (an enterprise is over the
    cap by the inspections of every office together: that figure is not the offices' sum)."""
    found: dict[str, RegisterCounts] = {}

    def add(code: str, counts: RegisterCounts) -> None:
        found[code] = found.get(code, RegisterCounts()).plus(counts)  # type: ignore[assignment]

    c = m.C
    for code, expiring, expired in session.execute(
        select(
            c.origin_office,
            _summed(m.certificate_condition("expiring", ctx)),
            _summed(m.certificate_condition("expired", ctx)),
        )
        .where(*m.certificate_scope(ctx))
        .group_by(c.origin_office)
    ):
        add(code, RegisterCounts(expiring=int(expiring or 0), expired=int(expired or 0)))
    for code, n in session.execute(
        select(m.U.origin_office, func.count())
        .where(*m.unfiled_scope(ctx))
        .group_by(m.U.origin_office)
    ):
        add(code, RegisterCounts(unfiled=n))
    # both over-cap figures from one pass over the year's inspections (see enterprise_counts)
    pairs = m.enterprise_inspections(ctx).cte("pairs").prefix_with("MATERIALIZED")
    together = (
        select(pairs.c.enterprise_id)
        .group_by(pairs.c.enterprise_id)
        .having(func.sum(pairs.c.n) > ctx.cap)
        .subquery()
    )
    over_cap = 0
    for code, n in session.execute(
        union_all(
            select(pairs.c.origin_office, func.count())
            .where(pairs.c.n > ctx.cap)
            .group_by(pairs.c.origin_office),
            select(literal(None), func.count()).select_from(together),
        )
    ):
        if code is None:
            over_cap = n
        else:
            add(code, RegisterCounts(over_cap=n))
    total = _total(((None, x) for x in found.values()), RegisterCounts())
    return found, RegisterCounts(total.expiring, total.expired, total.unfiled, over_cap)
