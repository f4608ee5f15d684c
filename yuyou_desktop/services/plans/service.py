"""PlanService: the 年度监督工作方案 — one plan per office and year, its items (what, which
units, when, who), their progress through the year, the first-quarter reminder and the
printed plan.

Every write runs in one write transaction and checks, before changing anything, that the
plan is this office's own (``ownership.ensure_owned``: at the county the townships' plans
arrive by sync and are only read) and that it is at the version the caller read
(``StaleRecord``).  Every refusal is an ``InputRejected``/``FieldError`` in Chinese and
changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from yuyou_desktop.domain.enums import PlanItemStatus
from yuyou_desktop.domain.plans import needs_plan_reminder, plan_title
from yuyou_desktop.errors import InputRejected
from yuyou_desktop.services import ownership
from yuyou_desktop.services.ownership import OriginChoices
from yuyou_desktop.services.plans import reading, values
from yuyou_desktop.services.plans.printing import plan_report, recipient_for
from yuyou_desktop.services.plans.records import (
    PlanItemRow,
    PlanRecord,
    PlanSummary,
    UnitChoice,
    YearProgress,
)
from yuyou_desktop.services.registry.service import StaleRecord
from yuyou_desktop.storage.models import EnforcementUnit
from yuyou_desktop.storage.models_plans import PlanItem, PlanItemUnit, SupervisionPlan
from yuyou_desktop.storage.types import utcnow

if TYPE_CHECKING:
    from yuyou_desktop.documents.letter_fonts import FontSet
    from yuyou_desktop.documents.report_blocks import ReportContent
    from yuyou_desktop.services.office import OfficeService
    from yuyou_desktop.storage.database import Database

GONE = "这份年度监督工作方案不存在或已被删除。"
ITEM_GONE = "这项工作事项不存在或已被删除。"


class PlanService:
    def __init__(
        self, db: Database, office: OfficeService, today: Callable[[], date] = date.today
    ) -> None:
        self._db = db
        self._office = office
        self._today = today

    # ------------------------------------------------------------ reading

    def list(self, origin_office: str | None = None) -> tuple[PlanSummary, ...]:
        """Live plans (this office's and, at the county, the townships'), newest year first."""
        with self._db.reader() as session:
            return reading.plan_summaries(session, origin_office)

    def origin_offices(self) -> OriginChoices:
        with self._db.reader() as session:
            return ownership.origin_choices(session, SupervisionPlan)

    def get(self, plan_id: str) -> PlanRecord:
        with self._db.reader() as session:
            plan = session.get(SupervisionPlan, plan_id)
            if plan is None or plan.deleted_at is not None:
                raise StaleRecord(GONE)
            return reading.plan_record(session, plan, self._today())

    def find(self, year: int) -> PlanRecord | None:
        """This office's plan of ``year``, or None."""
        with self._db.reader() as session:
            plan = reading.own_plan(session, year)
            return None if plan is None else reading.plan_record(session, plan, self._today())

    def unit_choices(self) -> tuple[UnitChoice, ...]:
        """Live enforcement units an item may cover, by name."""
        with self._db.reader() as session:
            rows = session.execute(
                select(EnforcementUnit.id, EnforcementUnit.name, EnforcementUnit.origin_office)
                .where(EnforcementUnit.deleted_at.is_(None))
                .order_by(EnforcementUnit.name, EnforcementUnit.id)
            )
            return tuple(UnitChoice(*row) for row in rows)

    def resolve_units(self, names: Iterable[str]) -> tuple[str, ...]:
        """Unit ids from unit names (the CLI's ``--unit``)."""
        with self._db.reader() as session:
            return values.resolve_unit_names(session, names)

    def reminder(self, today: date | None = None) -> bool:
        """Whether to remind this office that this year's plan is missing (first quarter)."""
        day = today or self._today()
        with self._db.reader() as session:
            has_plan = reading.own_plan(session, day.year) is not None
        return needs_plan_reminder(day, has_plan)

    def year_progress(self, year: int) -> YearProgress:
        """Items of this office's plan of ``year`` per status, overdue, completion rate."""
        with self._db.reader() as session:
            plan = reading.own_plan(session, year)
            return reading.progress_of(session, plan, year, self._today())

    # ------------------------------------------------------------ the plan

    def create(self, year: Any, header: Mapping[str, Any] | None = None) -> PlanRecord:
        """A new plan of this office for ``year`` (last year to next year); the title defaults
        to 本单位+年度+行政执法监督工作方案.  A second live plan of the year is refused."""
        today = self._today()
        year_value = values.parse_year(year, today)
        raw = dict(header or {})
        office = self._office.current()
        if not str(raw.get("title") or "").strip():
            raw["title"] = plan_title(office.name, year_value)
        parsed = values.parse_header(raw, year_value, today)
        with self._db.writer() as session:
            if reading.own_plan(session, year_value) is not None:
                raise InputRejected(
                    f"本单位已有{year_value}年度的监督工作方案，每个年度只能有一份；"
                    "请打开它修改，或先删除它。"
                )
            plan = SupervisionPlan(year=year_value, **parsed)
            session.add(plan)
            session.flush()
            plan_id = plan.id
        return self.get(plan_id)

    def update(
        self, plan_id: str, header: Mapping[str, Any], expected_version: int | None = None
    ) -> PlanRecord:
        """Change the title, dates or remark; keys left out keep their stored value."""
        with self._db.writer() as session:
            plan = self._live_plan(session, plan_id, expected_version)
            current = {
                "title": plan.title,
                "drawn_up_on": plan.drawn_up_on,
                "filed_on": plan.filed_on,
                "remark": plan.remark,
            }
            parsed = values.parse_header({**current, **header}, plan.year, self._today())
            for attr, value in parsed.items():
                if getattr(plan, attr) != value:
                    setattr(plan, attr, value)
        return self.get(plan_id)

    def delete(
        self, plan_id: str, expected_version: int | None = None, item_count: int | None = None
    ) -> None:
        """Tombstone the plan with its items and their unit links.  ``item_count``: the number
        of items the user was shown — refused when items were added or deleted since."""
        with self._db.writer() as session:
            plan = self._live_plan(session, plan_id, expected_version)
            now = utcnow()
            items = list(session.scalars(reading.live_items(plan.id)))
            if item_count is not None and len(items) != item_count:
                raise StaleRecord(
                    f"方案现有{len(items)}项工作，与删除时显示的{item_count}项不同"
                    "（可能已在别处修改）。请刷新后再确认是否删除。"
                )
            for item in items:
                self._tombstone_item(session, item, now)
            plan.deleted_at = now

    # ------------------------------------------------------------ items

    def add_item(self, plan_id: str, item: Mapping[str, Any]) -> PlanItemRow:
        """Add an item at the end of the plan.  ``item``: content, planned_start, planned_end,
        responsible, unit_ids (none: every unit), and optionally status, completed_on,
        progress_note."""
        with self._db.writer() as session:
            plan = self._live_plan(session, plan_id, None)
            parsed = values.parse_item(item, plan.year, self._today())
            unit_ids = values.check_units(session, item.get("unit_ids") or ())
            last = session.execute(
                select(func.max(PlanItem.seq)).where(
                    PlanItem.plan_id == plan.id, PlanItem.deleted_at.is_(None)
                )
            ).scalar_one()
            row = PlanItem(plan_id=plan.id, seq=(last or 0) + 1, **parsed)
            session.add(row)
            session.flush()
            session.add_all(PlanItemUnit(item_id=row.id, unit_id=u) for u in unit_ids)
            item_id = row.id
        return self._item(plan_id, item_id)

    def update_item(
        self, item_id: str, item: Mapping[str, Any], expected_version: int | None = None
    ) -> PlanItemRow:
        """Change an item; keys left out keep their stored value (``unit_ids`` too)."""
        with self._db.writer() as session:
            row, plan = self._live_item(session, item_id, expected_version)
            merged = {**self._form_values(row), **item}
            parsed = values.parse_item(merged, plan.year, self._today())
            if "unit_ids" in item:
                unit_ids = values.check_units(session, item.get("unit_ids") or ())
                self._set_units(session, row, unit_ids)
            for attr, value in parsed.items():
                if getattr(row, attr) != value:
                    setattr(row, attr, value)
            plan_id = plan.id
        return self._item(plan_id, item_id)

    def set_status(
        self,
        item_id: str,
        status: Any,
        completed_on: Any = None,
        progress_note: Any = None,
        expected_version: int | None = None,
    ) -> PlanItemRow:
        """Record progress: 未开始/进行中/已完成 (with its date)/已取消, and a note (None: keep)."""
        changes: dict[str, Any] = {"status": status, "completed_on": completed_on}
        if progress_note is not None:
            changes["progress_note"] = progress_note
        return self.update_item(item_id, changes, expected_version)

    def complete(self, item_id: str, on: Any, expected_version: int | None = None):
        return self.set_status(item_id, PlanItemStatus.DONE.value, on, None, expected_version)

    def delete_item(self, item_id: str, expected_version: int | None = None) -> None:
        """Tombstone the item and its unit links; the items after it move up one place."""
        with self._db.writer() as session:
            row, plan = self._live_item(session, item_id, expected_version)
            self._tombstone_item(session, row, utcnow())
            session.flush()
            for n, other in enumerate(
                session.scalars(reading.live_items(plan.id).order_by(PlanItem.seq, PlanItem.id)),
                start=1,
            ):
                if other.seq != n:
                    other.seq = n

    def move_item(self, item_id: str, step: int, expected_version: int | None = None) -> int:
        """Move an item up (``step`` -1) or down (+1) one place; returns its new 序号."""
        if step not in (-1, 1):
            raise InputRejected("只能上移或下移一位。")
        with self._db.writer() as session:
            row, plan = self._live_item(session, item_id, expected_version)
            ordered = list(
                session.scalars(reading.live_items(plan.id).order_by(PlanItem.seq, PlanItem.id))
            )
            index = next(n for n, other in enumerate(ordered) if other.id == row.id)
            target = index + step
            if not 0 <= target < len(ordered):
                raise InputRejected(
                    "这已是第一项，不能再上移。" if step < 0 else "这已是最后一项，不能再下移。"
                )
            ordered[index], ordered[target] = ordered[target], ordered[index]
            for n, other in enumerate(ordered, start=1):
                if other.seq != n:
                    other.seq = n
            return target + 1

    # ------------------------------------------------------------ printing

    def report(self, plan_id: str) -> ReportContent:
        """The plan as a document (``documents.report_pdf.render_report`` prints it)."""
        record = self.get(plan_id)
        with self._db.reader() as session:
            recipient = recipient_for(session, record.origin_office)
        return plan_report(record, recipient, self._today())

    def pdf(self, plan_id: str, fonts: FontSet) -> bytes:
        from yuyou_desktop.documents.report_pdf import render_report

        return render_report(self.report(plan_id), fonts)

    # ------------------------------------------------------------ helpers

    def _item(self, plan_id: str, item_id: str) -> PlanItemRow:
        found = self.get(plan_id).item(item_id)
        if found is None:
            raise StaleRecord(ITEM_GONE)
        return found

    @staticmethod
    def _live_plan(session: Session, plan_id: str, expected: int | None) -> SupervisionPlan:
        plan = session.get(SupervisionPlan, plan_id)
        if plan is None or plan.deleted_at is not None:
            raise StaleRecord(GONE)
        if expected is not None and plan.version != expected:
            raise StaleRecord(
                "这份年度监督工作方案已被修改（可能在另一个窗口），请重新打开后再改。"
            )
        ownership.ensure_owned(session, plan)
        return plan

    @staticmethod
    def _live_item(
        session: Session, item_id: str, expected: int | None
    ) -> tuple[PlanItem, SupervisionPlan]:
        row = session.get(PlanItem, item_id)
        if row is None or row.deleted_at is not None:
            raise StaleRecord(ITEM_GONE)
        if expected is not None and row.version != expected:
            raise StaleRecord("这项工作事项已被修改（可能在另一个窗口），请重新打开后再改。")
        plan = session.get(SupervisionPlan, row.plan_id)
        if plan is None or plan.deleted_at is not None:
            raise StaleRecord(GONE)
        ownership.ensure_owned(session, plan, row)
        return row, plan

    @staticmethod
    def _links(session: Session, item_id: str) -> list[PlanItemUnit]:
        return list(
            session.scalars(
                select(PlanItemUnit).where(
                    PlanItemUnit.item_id == item_id, PlanItemUnit.deleted_at.is_(None)
                )
            )
        )

    def _set_units(self, session: Session, row: PlanItem, unit_ids: tuple[str, ...]) -> None:
        links = self._links(session, row.id)
        now = utcnow()
        kept = set()
        changed = False
        for link in links:
            if link.unit_id in unit_ids and link.unit_id not in kept:
                kept.add(link.unit_id)
            else:
                link.deleted_at = now
                changed = True
        added = [PlanItemUnit(item_id=row.id, unit_id=u) for u in unit_ids if u not in kept]
        session.add_all(added)
        if changed or added:
            # the units are part of the item: a new version, so an edit made on the old one
            # is refused as stale instead of putting the old units back
            flag_modified(row, "content")

    def _tombstone_item(self, session: Session, row: PlanItem, now) -> None:
        for link in self._links(session, row.id):
            link.deleted_at = now
        row.deleted_at = now

    @staticmethod
    def _form_values(row: PlanItem) -> dict[str, Any]:
        return {
            "content": row.content,
            "planned_start": row.planned_start,
            "planned_end": row.planned_end,
            "responsible": row.responsible,
            "status": row.status,
            "completed_on": row.completed_on,
            "progress_note": row.progress_note,
        }
