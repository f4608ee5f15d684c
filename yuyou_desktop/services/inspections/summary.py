"""InspectionSummaryService: the monthly summary of 检查记录 (检查记录月度汇总) and its workbook.

What each figure counts (the same sentences are written into the workbook's 说明, see
``summary_sheet.notes``):

* Deleted rows never count: an inspection, problem, lead or transfer with ``deleted_at`` set is
  left out (a transfer also when its lead is deleted).
* An inspection belongs to the month of the Beijing calendar date of its ``started_at`` (the
  same day boundaries as the list's date filter, ``day_start_utc``).
* 检查次数: the month's live inspections, by 检查类型 (every kind, zeros included, in the
  enum's order), by 重点领域 (likewise) and by 被监督单位 (only units inspected that month,
  most inspected first, then by name).
* 发现问题: the live problems recorded on those inspections.  已整改: of these, those whose
  stored status is 已整改 on the day of the summary (``today``).  未整改: the others (待整改 and
  整改中, the overdue ones included).  其中逾期: 未整改 and their deadline before ``today`` —
  the derivation of ``domain.inspections.problem_status`` and of the list's 逾期 column.
  So 已整改 + 未整改 = 发现问题, and 其中逾期 ≤ 未整改.
* Leads (投诉举报与线索) belong to the month of their ``received_on``.  收到: live leads
  received in the month, by 来源; 已办结 / 未办结 (办理中 or 已移送) / 其中已移送 (status
  已移送) / 其中逾期 (未办结 and ``deadline`` before ``today``, except 已移送 leads whose every
  transfer has had feedback — ``leads_query.still_pending``) are their status on ``today``.
  The database keeps no 办结 date, so a lead received in an earlier month and closed in this
  one is not counted as closed in this month.
* Transfers (移送) belong to the month of their ``transferred_on``, whenever the lead was
  received: the number of live transfers by target, split by their status on ``today``
  (待接收 = 已移送, 已接收, 已反馈), and the number of distinct leads with a transfer in the
  month (a lead sent to two bodies counts once there).

Computed with three grouped queries in one read transaction: inspections LEFT JOIN their
problems grouped by (kind, focus area, unit) — a few dozen groups, rolled up here into the
three tables — leads grouped by source, transfers grouped by target.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from yuyou_desktop.domain.enums import (
    FocusArea,
    InspectionKind,
    LeadSource,
    LeadStatus,
    RectificationStatus,
    TransferStatus,
    TransferTarget,
)
from yuyou_desktop.domain.inspections import day_start_utc
from yuyou_desktop.errors import InputRejected, os_reason
from yuyou_desktop.progress import NO_PROGRESS, Progress
from yuyou_desktop.services.inspections.leads_query import OPEN_STATUSES, still_pending
from yuyou_desktop.services.inspections.summary_records import (
    InspectionFigures,
    LeadFigures,
    MonthlySummary,
    TransferFigures,
    check_month,
    next_month,
    parse_month,
)
from yuyou_desktop.services.office import OfficeService
from yuyou_desktop.services.registry.transfer import xlsx_destination
from yuyou_desktop.storage.database import Database
from yuyou_desktop.storage.models import EnforcementUnit
from yuyou_desktop.storage.models_inspections import (
    Inspection,
    InspectionProblem,
    Lead,
    LeadTransfer,
)

__all__ = [
    "InspectionFigures",
    "InspectionSummaryService",
    "LeadFigures",
    "MonthlySummary",
    "TransferFigures",
    "parse_month",
]


class InspectionSummaryService:
    def __init__(
        self, db: Database, office: OfficeService, today: Callable[[], date] = date.today
    ) -> None:
        self._db = db
        self._office = office
        self._today = today

    def summary(self, year: int, month: int) -> MonthlySummary:
        check_month(year, month)
        today = self._today()
        office_name = self._office.current().name
        first, after = date(year, month, 1), next_month(year, month)
        with self._db.reader() as session:
            groups = _inspection_groups(session, first, after, today)
            names = _unit_names(session, {unit for (_, _, unit), _ in groups})
            sources = _lead_sources(session, first, after, today)
            targets, distinct = _transfers(session, first, after)

        def rolled(keys: Iterable[tuple[str, str]], pick: Callable[[tuple[str, ...]], str]):
            table = {key: InspectionFigures(key, label) for key, label in keys}
            for group, figures in groups:
                key = pick(group)
                table[key] = table[key].plus(figures)
            return table

        by_kind = rolled(((k.value, k.label) for k in InspectionKind), lambda g: g[0])
        by_area = rolled(((a.value, a.label) for a in FocusArea), lambda g: g[1])
        units = rolled(((u, names.get(u, "（未知单位）")) for u in names), lambda g: g[2])
        by_unit = sorted(units.values(), key=lambda f: (-f.inspections, f.label, f.key))
        totals = InspectionFigures("", "合计")
        for _, figures in groups:
            totals = totals.plus(figures)
        leads = tuple(sources.get(s.value, LeadFigures(s.value, s.label)) for s in LeadSource)
        transfers = tuple(
            targets.get(t.value, TransferFigures(t.value, t.label)) for t in TransferTarget
        )
        return MonthlySummary(
            year=year,
            month=month,
            office_name=office_name,
            today=today,
            by_kind=tuple(by_kind.values()),
            by_area=tuple(by_area.values()),
            by_unit=tuple(by_unit),
            totals=totals,
            leads_by_source=leads,
            lead_totals=LeadFigures(
                "", "合计", *(sum(getattr(x, f) for x in leads) for f in _LEAD_FIELDS)
            ),
            transfers_by_target=transfers,
            transfer_totals=TransferFigures(
                "", "合计", *(sum(getattr(x, f) for x in transfers) for f in _TRANSFER_FIELDS)
            ),
            leads_transferred=distinct,
        )

    def export(
        self, dest: Path, year: int, month: int, progress: Progress = NO_PROGRESS
    ) -> MonthlySummary:
        """Write the summary of ``year``-``month`` to ``dest`` (.xlsx) and return it."""
        from yuyou_desktop.documents.summary_xlsx import write_summary
        from yuyou_desktop.services.inspections import summary_sheet

        dest = xlsx_destination(dest)
        check_month(year, month)
        progress.report(0, 2, "正在统计检查记录…")
        found = self.summary(year, month)
        progress.check_cancelled()
        progress.report(1, 2, "正在写入汇总表…")
        try:
            write_summary(
                dest,
                summary_sheet.sheet_title(found),
                summary_sheet.title(found),
                summary_sheet.subtitle(found),
                summary_sheet.sections(found),
                summary_sheet.notes(found),
            )
        except OSError as exc:
            raise InputRejected(write_failure(dest, exc)) from exc
        self._db.record_event("export", f"导出{year}年{month}月检查汇总表到 {dest.name}")
        progress.report(2, 2, "已写入汇总表。")
        return found


_LEAD_FIELDS = ("received", "closed", "open", "transferred", "overdue")
_TRANSFER_FIELDS = ("transfers", "sent", "received", "fed_back")


def write_failure(dest: Path, exc: OSError) -> str:
    """Why ``dest`` could not be written, in Chinese."""
    return f"无法写入文件“{dest}”：{os_reason(exc)}，未生成汇总表。"


def _inspection_groups(
    session: Session, first: date, after: date, today: date
) -> list[tuple[tuple[str, str, str], InspectionFigures]]:
    i, p = Inspection, InspectionProblem
    done = p.status == RectificationStatus.DONE.value
    not_done = p.status != RectificationStatus.DONE.value  # NULL (no problem) counts nowhere
    rows = session.execute(
        select(
            i.kind,
            i.focus_area,
            i.unit_id,
            func.count(func.distinct(i.id)),
            func.count(p.id),
            func.sum(case((done, 1), else_=0)),
            func.sum(case((not_done, 1), else_=0)),
            func.sum(case((and_(not_done, p.deadline < today), 1), else_=0)),
        )
        .select_from(i)
        .outerjoin(p, and_(p.inspection_id == i.id, p.deleted_at.is_(None)))
        .where(
            i.deleted_at.is_(None),
            i.started_at >= day_start_utc(first),
            i.started_at < day_start_utc(after),
        )
        .group_by(i.kind, i.focus_area, i.unit_id)
    ).all()
    return [
        ((kind, area, unit), InspectionFigures("", "", n, problems, ok or 0, left or 0, late or 0))
        for kind, area, unit, n, problems, ok, left, late in rows
    ]


def _unit_names(session: Session, ids: set[str]) -> dict[str, str]:
    if not ids:
        return {}
    rows = session.execute(
        select(EnforcementUnit.id, EnforcementUnit.name).where(EnforcementUnit.id.in_(ids))
    )
    found = {unit_id: name for unit_id, name in rows}
    return {unit_id: found.get(unit_id, "（未知单位）") for unit_id in ids}


def _lead_sources(
    session: Session, first: date, after: date, today: date
) -> dict[str, LeadFigures]:
    still_open = Lead.status.in_(OPEN_STATUSES)

    def counted(condition: object) -> object:
        return func.sum(case((condition, 1), else_=0))

    rows = session.execute(
        select(
            Lead.source,
            func.count(),
            counted(Lead.status == LeadStatus.CLOSED.value),
            counted(still_open),
            counted(Lead.status == LeadStatus.TRANSFERRED.value),
            counted(and_(still_pending(), Lead.deadline < today)),
        )
        .where(Lead.deleted_at.is_(None), Lead.received_on >= first, Lead.received_on < after)
        .group_by(Lead.source)
    ).all()
    return {
        source: LeadFigures(source, LeadSource(source).label, *(int(x or 0) for x in counts))
        for source, *counts in rows
    }


def _transfers(
    session: Session, first: date, after: date
) -> tuple[dict[str, TransferFigures], int]:
    t = LeadTransfer
    live_lead = and_(Lead.id == t.lead_id, Lead.deleted_at.is_(None))
    where = (t.deleted_at.is_(None), t.transferred_on >= first, t.transferred_on < after)

    def counted(status: TransferStatus) -> object:
        return func.sum(case((t.status == status.value, 1), else_=0))

    rows = session.execute(
        select(
            t.target,
            func.count(),
            counted(TransferStatus.SENT),
            counted(TransferStatus.RECEIVED),
            counted(TransferStatus.FED_BACK),
        )
        .join(Lead, live_lead)
        .where(*where)
        .group_by(t.target)
    ).all()
    distinct = session.execute(
        select(func.count(func.distinct(t.lead_id)))
        .select_from(t)
        .join(Lead, live_lead)
        .where(*where)
    )
    figures = {
        target: TransferFigures(target, TransferTarget(target).label, *(int(x or 0) for x in n))
        for target, *n in rows
    }
    return figures, distinct.scalar_one()
