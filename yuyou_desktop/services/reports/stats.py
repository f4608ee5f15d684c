"""StatsService: the figures of the 统计 view and the reports for a period (see ``measures`` for
what each one counts).  A handful of grouped queries in one read transaction; the small grouped
results are rolled up here into the tables the view, the workbooks and ``yuyou stats`` show."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from yuyou_desktop.domain.enums import FocusArea, InspectionKind, LeadSource, OfficeRole
from yuyou_desktop.domain.scoring import DEFAULT_BANDS
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
        return m.Context(
            query.checked(),
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
            registers = _register_groups(session, ctx)
            registers_total = _registers_total(session, ctx, registers.values())
            codes = {g[2] for g, _ in groups} | {g[1] for g, _ in leads}
            codes |= {r[0] for r in files} | set(registers)
            if county:
                codes |= set(_townships(session))
            if ctx.query.origin:
                codes = {ctx.query.origin}
            offices = _office_lines_order(office.code, codes, session)
            unit_ids = {g[3] for g, _ in groups} | {r[1] for r in files}
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

        zero_i, zero_l, zero_r = InspectionCounts(), LeadCounts(), ReviewCounts()
        months = _months(ctx.query.start, ctx.query.end)
        by_unit = [
            Line(k, units.get(k, UNKNOWN_UNIT), v.counts)
            for k, v in rolled(groups, 3, (), zero_i).items()
        ]
        review_groups = [((r[0], r[1], r[2]), ReviewCounts(1, r[3])) for r in files]
        grades = [(b.name, b.name) for b in DEFAULT_BANDS]
        review_units = rolled(review_groups, 1, (), zero_r)
        return Dashboard(
            query=ctx.query,
            today=ctx.today,
            office_name=office.name,
            county=county,
            scope_label=_scope_label(ctx.query, dict(offices), units),
            inspections=_total(groups, zero_i),
            by_kind=tuple(rolled(groups, 0, _enum(InspectionKind), zero_i).values()),
            by_area=tuple(rolled(groups, 1, _enum(FocusArea), zero_i).values()),
            by_office=tuple(rolled(groups, 2, offices, zero_i).values()),
            by_unit=_most_first(by_unit, "inspections"),
            by_month=tuple(rolled(groups, 4, months, zero_i).values()),
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


def _scope_label(query: StatsQuery, offices: dict[str, str], units: dict[str, str]) -> str:
    parts = [offices.get(query.origin, query.origin) if query.origin else "全部单位"]
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


def _inspection_groups(
    session: Session, ctx: m.Context
) -> list[tuple[tuple[str, ...], InspectionCounts]]:
    ins, prob = m.Inspection, m.InspectionProblem
    dims = list(m.INSPECTION_DIMENSIONS.values())
    rows = session.execute(
        select(
            *dims,
            func.count(func.distinct(ins.id)),
            *(_summed(m.problem_condition(x, ctx.today)) for x in m.PROBLEM_MEASURES),
        )
        .select_from(ins)
        .outerjoin(prob, (prob.inspection_id == ins.id) & prob.deleted_at.is_(None))
        .where(*m.inspection_scope(ctx))
        .group_by(*dims)
    ).all()
    return [(tuple(row[:5]), InspectionCounts(*(int(x or 0) for x in row[5:]))) for row in rows]


def _lead_groups(session: Session, ctx: m.Context) -> list[tuple[tuple[str, ...], LeadCounts]]:
    dims = [m.LEAD_DIMENSIONS[d] for d in ("source", "office")]
    rows = session.execute(
        select(*dims, *(_summed(m.lead_condition(x, ctx.today)) for x in m.LEAD_MEASURES))
        .where(*m.lead_scope(ctx))
        .group_by(*dims)
    ).all()
    return [(tuple(row[:2]), LeadCounts(*(int(x or 0) for x in row[2:]))) for row in rows]


def _review_rows(session: Session, ctx: m.Context) -> list[tuple[str, str, str, Decimal]]:
    """(office, unit, grade, score) per finalised file — tens or hundreds a year."""
    f = m.F
    rows = session.execute(
        select(f.origin_office, f.unit_id, f.final_grade, f.final_score).where(*m.review_scope(ctx))
    ).all()
    return [(o, u, g or "", Decimal(s)) for o, u, g, s in rows]


def _register_groups(session: Session, ctx: m.Context) -> dict[str, RegisterCounts]:
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
    over = m.enterprise_counts(ctx, by_office=True)
    for code, n in session.execute(
        select(over.c.origin_office, func.count()).group_by(over.c.origin_office)
    ):
        add(code, RegisterCounts(over_cap=n))
    return found


def _registers_total(
    session: Session, ctx: m.Context, lines: Iterable[RegisterCounts]
) -> RegisterCounts:
    """The offices' lines added up — but an enterprise is over the cap by the inspections of
    every office together, so that figure is counted once more without the offices."""
    total = _total(((None, x) for x in lines), RegisterCounts())
    over = m.enterprise_counts(ctx, by_office=False)
    n = session.execute(select(func.count()).select_from(over)).scalar_one()
    return RegisterCounts(total.expiring, total.expired, total.unfiled, n)
