"""What PlanService hands out: plain frozen values, never ORM rows."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from types import MappingProxyType

from yuyou_desktop.domain.enums import PlanItemStatus
from yuyou_desktop.domain.plans import ALL_UNITS_LABEL, OVERDUE_LABEL, period_text, rate_text


@dataclass(frozen=True)
class UnitChoice:
    """An enforcement unit an item may cover (the picker's rows)."""

    id: str
    name: str
    origin_office: str


@dataclass(frozen=True)
class PlanItemRow:
    id: str
    version: int
    seq: int
    content: str
    planned_start: date
    planned_end: date
    responsible: str
    status: str
    completed_on: date | None
    progress_note: str
    unit_ids: tuple[str, ...]
    unit_names: tuple[str, ...]
    overdue: bool

    @property
    def status_label(self) -> str:
        return PlanItemStatus(self.status).label

    @property
    def state_label(self) -> str:
        """The status as a list shows it: 逾期 when an open item's end has passed."""
        return OVERDUE_LABEL if self.overdue else self.status_label

    @property
    def units_text(self) -> str:
        """The units covered, or 全部执法单位 when the item names none."""
        return "、".join(self.unit_names) if self.unit_names else ALL_UNITS_LABEL

    @property
    def period(self) -> str:
        return period_text(self.planned_start, self.planned_end)

    @property
    def completion_text(self) -> str:
        """完成情况 as printed: 已完成（6月3日）, 逾期, 已取消, 进行中…"""
        if self.status == PlanItemStatus.DONE.value and self.completed_on is not None:
            day = self.completed_on
            return f"{self.status_label}（{day.month}月{day.day}日）"
        return self.state_label


@dataclass(frozen=True)
class YearProgress:
    """How far a year's plan of this office has got."""

    year: int
    has_plan: bool
    total: int = 0
    counts: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    overdue: int = 0
    rate: Decimal | None = None

    def count(self, status: PlanItemStatus) -> int:
        return self.counts.get(status.value, 0)

    @property
    def text(self) -> str:
        """共6项，已完成2项，完成率40%，逾期1项 (cancelled items are not in the rate)."""
        if not self.has_plan:
            return f"{self.year}年尚未制定年度监督工作方案。"
        done = self.count(PlanItemStatus.DONE)
        rate = rate_text(self.rate)
        text = f"共{self.total}项，已完成{done}项，完成率{rate}，逾期{self.overdue}项"
        cancelled = self.count(PlanItemStatus.CANCELLED)
        return f"{text}（已取消{cancelled}项不计入）" if cancelled else text


@dataclass(frozen=True)
class PlanSummary:
    """A plan as the list shows it."""

    id: str
    version: int
    year: int
    title: str
    origin_office: str
    office_name: str
    own: bool
    drawn_up_on: date | None
    filed_on: date | None
    item_count: int
    done_count: int
    cancelled_count: int = 0


@dataclass(frozen=True)
class PlanRecord:
    """A plan with its items in order.  ``refusal``: why this office may not change it (another
    office's plan at the county), else None."""

    id: str
    version: int
    year: int
    title: str
    drawn_up_on: date | None
    filed_on: date | None
    remark: str
    origin_office: str
    office_name: str
    refusal: str | None
    items: tuple[PlanItemRow, ...]
    progress: YearProgress

    @property
    def own(self) -> bool:
        return self.refusal is None

    def item(self, item_id: str) -> PlanItemRow | None:
        return next((i for i in self.items if i.id == item_id), None)
