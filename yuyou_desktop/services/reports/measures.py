"""What each figure counts — one SQL condition per figure, used both to count (grouped, in
``stats``) and to list the records behind a number (``drill``), so the two always agree.

* Deleted rows never count (``deleted_at`` set), nor rows hanging from a deleted parent.
* Scope: ``origin`` keeps the rows recorded by that office (``origin_office``); ``unit_id`` the
  rows of that enforcement unit (a certificate through its holder's unit).
* 检查 (inspections): those whose ``started_at`` falls on a Beijing calendar day of the period.
  发现问题: the live problems recorded on them.  已整改: of these, status 已整改 today;
  未整改: the others; 逾期: 未整改 with a deadline before today.  整改率 = 已整改 / 发现问题.
  By month: the Beijing month of ``started_at``.
* 线索 (leads): those received (``received_on``) in the period.  已移送: with at least one live
  transfer; 已办结: status 已办结; 未办结: 办理中 or 已移送; 逾期: still awaited
  (``leads_query.still_pending``) with a deadline before today.
* 案卷评查: live case files of live campaigns finalised (``finalised_on``) in the period, with their
  final score and grade; the mean is taken over those files.
* Registers, as they stand today (not bound to the period): 证件即将到期 — live, unrevoked
  certificates whose ``valid_to`` is today or within the warning days; 证件已过期 — before today;
  未备案单位 — active live units with no live supervision-body filing for the year of the
  period's last day; 超过检查上限企业 — live enterprises with more live inspections (within the
  scope) in that year (the inspection number's year) than the yearly cap.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from types import MappingProxyType
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, func, select, true
from sqlalchemy.orm import aliased

from yuyou_desktop.domain.enums import LeadStatus, RectificationStatus, UnitStatus
from yuyou_desktop.domain.inspections import day_start_utc
from yuyou_desktop.services.inspections.leads_query import OPEN_STATUSES, still_pending
from yuyou_desktop.services.reports.figures import StatsQuery
from yuyou_desktop.storage.models import (
    Certificate,
    EnforcementUnit,
    Enterprise,
    Person,
    SupervisionFiling,
)
from yuyou_desktop.storage.models_inspections import (
    Inspection,
    InspectionProblem,
    Lead,
    LeadTransfer,
)
from yuyou_desktop.storage.models_reviews import ReviewCampaign, ReviewCaseFile


@dataclass(frozen=True)
class Context:
    query: StatsQuery
    today: date
    expiring_days: int
    cap: int

    @property
    def year(self) -> int:
        """The year of the filing and the inspection cap: that of the period's last day."""
        return self.query.end.year


def beijing_month(column: Any) -> ColumnElement[str]:
    """``YYYY-MM`` of a stored UTC time, in Beijing time (UTC+8, no daylight saving).

    Before 16:00 UTC the Beijing day is the stored day, so its month is the text's first seven
    characters; only the few times from 16:00 on go through SQLite's date arithmetic (several
    times dearer, over a year's inspections).  Whole seconds only: SQLite's date functions round
    the stored microseconds to milliseconds, which would put 23:59:59.9995 on the last day of a
    month into the next month, while the period's own condition (a text comparison) keeps it in
    this one."""
    return case(
        (func.substr(column, 12) < "16", func.substr(column, 1, 7)),
        else_=func.strftime("%Y-%m", func.substr(column, 1, 19), "+8 hours"),
    )


# ---------------------------------------------------------------- inspections and problems

DONE = RectificationStatus.DONE.value


def inspection_scope(ctx: Context, started: bool = True) -> list[ColumnElement[bool]]:
    q = ctx.query
    where = [Inspection.deleted_at.is_(None)]
    if started:
        started_at = Inspection.started_at
        where += [started_at >= day_start_utc(q.start), started_at < day_start_utc(q.after)]
    if q.origin:
        where.append(Inspection.origin_office == q.origin)
    if q.unit_id:
        where.append(Inspection.unit_id == q.unit_id)
    return where


INSPECTION_DIMENSIONS = MappingProxyType(
    {
        "kind": Inspection.kind,
        "area": Inspection.focus_area,
        "office": Inspection.origin_office,
        "unit": Inspection.unit_id,
        "month": beijing_month(Inspection.started_at),
    }
)


def problem_condition(measure: str, today: date) -> ColumnElement[bool]:
    """The condition on a (LEFT JOINed) problem row for the problem measures."""
    if measure == "problems":
        return InspectionProblem.id.is_not(None)
    if measure == "rectified":
        return InspectionProblem.status == DONE
    if measure == "unrectified":
        return InspectionProblem.status != DONE
    if measure == "overdue":
        return and_(InspectionProblem.status != DONE, InspectionProblem.deadline < today)
    raise KeyError(measure)


PROBLEM_MEASURES = ("problems", "rectified", "unrectified", "overdue")


# ---------------------------------------------------------------- leads

LEAD_DIMENSIONS = MappingProxyType(
    {
        "source": Lead.source,
        "office": Lead.origin_office,
        "unit": Lead.unit_id,
        "month": func.strftime("%Y-%m", Lead.received_on),
    }
)
LEAD_MEASURES = ("received", "transferred", "closed", "pending", "overdue")


def lead_scope(ctx: Context) -> list[ColumnElement[bool]]:
    q = ctx.query
    where = [Lead.deleted_at.is_(None), Lead.received_on >= q.start, Lead.received_on <= q.end]
    if q.origin:
        where.append(Lead.origin_office == q.origin)
    if q.unit_id:
        where.append(Lead.unit_id == q.unit_id)
    return where


def lead_condition(measure: str, today: date) -> ColumnElement[bool]:
    if measure == "received":
        return true()
    if measure == "transferred":
        return (
            select(LeadTransfer.id)
            .where(LeadTransfer.lead_id == Lead.id, LeadTransfer.deleted_at.is_(None))
            .exists()
        )
    if measure == "closed":
        return Lead.status == LeadStatus.CLOSED.value
    if measure == "pending":
        return Lead.status.in_(OPEN_STATUSES)
    if measure == "overdue":
        return and_(still_pending(), Lead.deadline < today)
    raise KeyError(measure)


# ---------------------------------------------------------------- case files

F = ReviewCaseFile
REVIEW_DIMENSIONS = MappingProxyType(
    {
        "grade": F.final_grade,
        "office": F.origin_office,
        "unit": F.unit_id,
    }
)


def review_scope(ctx: Context) -> list[ColumnElement[bool]]:
    q = ctx.query
    live_campaign = (
        select(ReviewCampaign.id)
        .where(ReviewCampaign.id == F.campaign_id, ReviewCampaign.deleted_at.is_(None))
        .exists()
    )
    where = [
        F.deleted_at.is_(None),
        F.final_score.is_not(None),
        F.finalised_on >= q.start,
        F.finalised_on <= q.end,
        live_campaign,
    ]
    if q.origin:
        where.append(F.origin_office == q.origin)
    if q.unit_id:
        where.append(F.unit_id == q.unit_id)
    return where


# ---------------------------------------------------------------- registers (as of today)

C = Certificate
REGISTER_MEASURES = ("expiring", "expired", "unfiled", "over_cap")


def certificate_scope(ctx: Context) -> list[ColumnElement[bool]]:
    q = ctx.query
    holder = aliased(Person)  # the listing joins Person itself
    live_holder = select(holder.id).where(holder.id == C.person_id, holder.deleted_at.is_(None))
    if q.unit_id:
        live_holder = live_holder.where(holder.unit_id == q.unit_id)
    where = [C.deleted_at.is_(None), C.revoked_on.is_(None), live_holder.exists()]
    if q.origin:
        where.append(C.origin_office == q.origin)
    return where


def certificate_condition(measure: str, ctx: Context) -> ColumnElement[bool]:
    soon = ctx.today + timedelta(days=ctx.expiring_days)
    if measure == "expiring":
        return and_(C.valid_to >= ctx.today, C.valid_to <= soon)
    if measure == "expired":
        return C.valid_to < ctx.today
    raise KeyError(measure)


U = EnforcementUnit


def unfiled_scope(ctx: Context) -> list[ColumnElement[bool]]:
    q = ctx.query
    filed = (
        select(SupervisionFiling.id)
        .where(
            SupervisionFiling.unit_id == U.id,
            SupervisionFiling.year == ctx.year,
            SupervisionFiling.deleted_at.is_(None),
        )
        .exists()
    )
    where = [U.deleted_at.is_(None), U.status == UnitStatus.ACTIVE.value, ~filed]
    if q.origin:
        where.append(U.origin_office == q.origin)
    if q.unit_id:
        where.append(U.id == q.unit_id)
    return where


def enterprise_inspections(ctx: Context) -> Select[Any]:
    """(origin_office, enterprise_id, n): the live inspections of the cap year within the scope
    per office and live enterprise."""
    live_enterprise = (
        select(Enterprise.id)
        .where(Enterprise.id == Inspection.enterprise_id, Enterprise.deleted_at.is_(None))
        .exists()
    )
    keys = (Inspection.origin_office, Inspection.enterprise_id)
    return (
        select(*keys, func.count().label("n"))
        .where(
            *inspection_scope(ctx, started=False),
            Inspection.enterprise_id.is_not(None),
            Inspection.year == ctx.year,
            live_enterprise,
        )
        .group_by(*keys)
    )


def enterprise_counts(ctx: Context, by_office: bool = False) -> Any:
    """A subquery: (enterprise_id, n) — or (origin_office, enterprise_id, n) — the live
    inspections of the cap year within the scope per live enterprise, for those over the cap:
    an enterprise is over the cap by the inspections of every office together, and at an
    office by those of that office."""
    pairs = enterprise_inspections(ctx).subquery()
    keys = [pairs.c.enterprise_id]
    if by_office:
        keys.insert(0, pairs.c.origin_office)
    n = func.sum(pairs.c.n)
    return select(*keys, n.label("n")).group_by(*keys).having(n > ctx.cap).subquery()
