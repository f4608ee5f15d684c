"""Reading plans for PlanService: the list (item counts grouped in SQL), a plan with its
items and their units, and a year's progress (counted per status in SQL)."""

from __future__ import annotations

from datetime import date
from types import MappingProxyType

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from yuyou_desktop.domain.enums import PlanItemStatus
from yuyou_desktop.domain.plans import CLOSED_STATUSES, completion_rate, is_overdue
from yuyou_desktop.services import ownership
from yuyou_desktop.services.plans.records import (
    PlanItemRow,
    PlanRecord,
    PlanSummary,
    YearProgress,
)
from yuyou_desktop.storage.models import EnforcementUnit
from yuyou_desktop.storage.models_plans import PlanItem, PlanItemUnit, SupervisionPlan


def live_items(plan_id: str):  # -> Select
    return select(PlanItem).where(PlanItem.plan_id == plan_id, PlanItem.deleted_at.is_(None))


def plan_summaries(session: Session, origin_office: str | None) -> tuple[PlanSummary, ...]:
    """Live plans, newest year first, this office's first within a year, then by office code."""
    own = ownership.own_office(session)
    counts = (
        select(
            PlanItem.plan_id,
            func.count().label("n_items"),
            func.sum(case((PlanItem.status == PlanItemStatus.DONE.value, 1), else_=0)).label(
                "n_done"
            ),
            func.sum(case((PlanItem.status == PlanItemStatus.CANCELLED.value, 1), else_=0)).label(
                "n_cancelled"
            ),
        )
        .where(PlanItem.deleted_at.is_(None))
        .group_by(PlanItem.plan_id)
        .subquery()
    )
    query = (
        select(SupervisionPlan, counts.c.n_items, counts.c.n_done, counts.c.n_cancelled)
        .outerjoin(counts, counts.c.plan_id == SupervisionPlan.id)
        .where(SupervisionPlan.deleted_at.is_(None))
        .order_by(
            SupervisionPlan.year.desc(),
            (SupervisionPlan.origin_office != own),
            SupervisionPlan.origin_office,
        )
    )
    if origin_office:
        query = query.where(SupervisionPlan.origin_office == origin_office)
    rows = session.execute(query).all()
    names = ownership.office_names(session, {r[0].origin_office for r in rows})
    return tuple(
        PlanSummary(
            id=plan.id,
            version=plan.version,
            year=plan.year,
            title=plan.title,
            origin_office=plan.origin_office,
            office_name=names.get(plan.origin_office, plan.origin_office),
            own=plan.origin_office == own,
            drawn_up_on=plan.drawn_up_on,
            filed_on=plan.filed_on,
            item_count=items or 0,
            done_count=done or 0,
            cancelled_count=cancelled or 0,
        )
        for plan, items, done, cancelled in rows
    )


def item_rows(session: Session, plan_id: str, today: date) -> tuple[PlanItemRow, ...]:
    items = list(session.scalars(live_items(plan_id).order_by(PlanItem.seq, PlanItem.id)))
    units: dict[str, list[tuple[str, str]]] = {}
    if items:
        found = session.execute(
            select(PlanItemUnit.item_id, EnforcementUnit.id, EnforcementUnit.name)
            .join(EnforcementUnit, EnforcementUnit.id == PlanItemUnit.unit_id)
            .where(
                PlanItemUnit.item_id.in_([i.id for i in items]),
                PlanItemUnit.deleted_at.is_(None),
            )
            .order_by(EnforcementUnit.name, EnforcementUnit.id)
        )
        for item_id, unit_id, name in found:
            units.setdefault(item_id, []).append((unit_id, name))
    return tuple(
        PlanItemRow(
            id=item.id,
            version=item.version,
            seq=item.seq,
            content=item.content,
            planned_start=item.planned_start,
            planned_end=item.planned_end,
            responsible=item.responsible,
            status=item.status,
            completed_on=item.completed_on,
            progress_note=item.progress_note,
            unit_ids=tuple(u for u, _ in units.get(item.id, ())),
            unit_names=tuple(n for _, n in units.get(item.id, ())),
            overdue=is_overdue(item.status, item.planned_end, today),
        )
        for item in items
    )


def progress_of(session: Session, plan: SupervisionPlan | None, year: int, today: date):
    """A year's progress from the plan's items, counted in SQL."""
    if plan is None:
        return YearProgress(year=year, has_plan=False)
    live = (PlanItem.plan_id == plan.id, PlanItem.deleted_at.is_(None))
    counts = dict(
        session.execute(
            select(PlanItem.status, func.count()).where(*live).group_by(PlanItem.status)
        ).all()
    )
    overdue = session.execute(
        select(func.count()).where(
            *live, PlanItem.status.not_in(sorted(CLOSED_STATUSES)), PlanItem.planned_end < today
        )
    ).scalar_one()
    return YearProgress(
        year=year,
        has_plan=True,
        total=sum(counts.values()),
        counts=MappingProxyType(counts),
        overdue=overdue,
        rate=completion_rate(
            counts.get(PlanItemStatus.DONE.value, 0),
            sum(counts.values()),
            counts.get(PlanItemStatus.CANCELLED.value, 0),
        ),
    )


def plan_record(session: Session, plan: SupervisionPlan, today: date) -> PlanRecord:
    name = ownership.office_names(session, [plan.origin_office]).get(
        plan.origin_office, plan.origin_office
    )
    return PlanRecord(
        id=plan.id,
        version=plan.version,
        year=plan.year,
        title=plan.title,
        drawn_up_on=plan.drawn_up_on,
        filed_on=plan.filed_on,
        remark=plan.remark,
        origin_office=plan.origin_office,
        office_name=name,
        refusal=ownership.refusal_for(session, plan.origin_office),
        items=item_rows(session, plan.id, today),
        progress=progress_of(session, plan, plan.year, today),
    )


def own_plan(session: Session, year: int) -> SupervisionPlan | None:
    """This office's live plan of ``year``."""
    return session.scalars(
        select(SupervisionPlan).where(
            SupervisionPlan.year == year,
            SupervisionPlan.origin_office == ownership.own_office(session),
            SupervisionPlan.deleted_at.is_(None),
        )
    ).first()
