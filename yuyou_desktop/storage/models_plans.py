"""Models of the 年度监督工作方案 (annual supervision plan): the plan of an office and year, its
items (what, when, who, how far) and the enforcement units each item covers.  All synchronised
(see ``SyncColumns``): a township's plans reach the county with its other records."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from yuyou_desktop.storage.models import Base, SyncColumns, live_unique


class SupervisionPlan(SyncColumns, Base):
    """One office's plan for a year (one live plan per office and year)."""

    __tablename__ = "supervision_plans"
    __table_args__ = (live_unique("supervision_plans", "year"),)

    year: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(120))
    drawn_up_on: Mapped[date | None]  # 制定日期
    filed_on: Mapped[date | None]  # 报送上级日期
    remark: Mapped[str] = mapped_column(String(200), default="")


class PlanItem(SyncColumns, Base):
    """A task of the plan: 工作内容, 时间安排, 责任人, and how far it has got."""

    __tablename__ = "plan_items"
    __table_args__ = (Index(None, "plan_id", "seq"),)

    plan_id: Mapped[str] = mapped_column(ForeignKey("supervision_plans.id"))
    seq: Mapped[int] = mapped_column(Integer)
    content: Mapped[str] = mapped_column(Text)
    planned_start: Mapped[date]
    planned_end: Mapped[date]
    responsible: Mapped[str] = mapped_column(String(80))
    status: Mapped[str] = mapped_column(String(16))
    completed_on: Mapped[date | None]
    progress_note: Mapped[str] = mapped_column(Text, default="")


class PlanItemUnit(SyncColumns, Base):
    """An enforcement unit an item covers; an item without any covers every unit."""

    __tablename__ = "plan_item_units"
    __table_args__ = (Index(None, "item_id"), Index(None, "unit_id"))

    item_id: Mapped[str] = mapped_column(ForeignKey("plan_items.id"))
    unit_id: Mapped[str] = mapped_column(ForeignKey("enforcement_units.id"))
