"""Shared set-up of the 年度监督工作方案 tests: services whose today is a fixed day, a few
enforcement units registered through the register service, a township's plan placed in the
county's database the way the sync importer writes it, and a snapshot of the plan tables to
prove that a refusal changed nothing."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy import func, select

from yuyou_desktop.domain.credit_code import check_character
from yuyou_desktop.services import Services
from yuyou_desktop.services.plans.service import PlanService
from yuyou_desktop.storage.changes import INFO_APPLY_SYNC
from yuyou_desktop.storage.models import ChangeLog, DirectoryOffice
from yuyou_desktop.storage.models_plans import PlanItem, PlanItemUnit, SupervisionPlan
from yuyou_desktop.storage.types import utcnow

DAY = date(2026, 2, 10)  # in the first quarter
TOWN, TOWN_NAME = "140623101", "右卫镇司法所"
REFUSAL = f"该记录属于{TOWN_NAME}（{TOWN}），本单位只能查看，不能修改。"
UNITS = (
    "右玉县市场监督管理局",
    "右玉县应急管理局",
    "右玉县交通运输局",
    "右玉县自然资源局",
    "右卫镇综合行政执法队",
)


def on_day(services: Services, day: date = DAY) -> Services:
    """``services`` with the plan service's today ``day``."""
    return replace(services, plans=PlanService(services.database, services.office, lambda: day))


def credit_code(n: int) -> str:
    first17 = f"11140623{n:09d}"
    return first17 + check_character(first17)


def add_units(services: Services, names: tuple[str, ...] = UNITS) -> dict[str, str]:
    """The units registered through the register service; name → id."""
    ids = {}
    for n, name in enumerate(names, start=1):
        values = {
            "name": name,
            "credit_code": credit_code(n),
            "kind": "法定行政机关",
            "level": "县级",
            "status": "正常",
        }
        ids[name] = services.registry.save("units", None, values).id
    return ids


def item(**changes: Any) -> dict[str, Any]:
    """An item as a clerk fills it in (text as typed), with ``changes``."""
    values: dict[str, Any] = {
        "content": "开展涉企行政执法专项监督检查",
        "planned_start": "2026-03-01",
        "planned_end": "2026-06-30",
        "responsible": "执法监督股",
        "unit_ids": (),
    }
    return values | changes


def township_plan(services: Services, year: int = DAY.year) -> str:
    """A township's plan of ``year`` with one item, written verbatim as the sync importer
    writes received rows (stamped with the township's office code); its id."""
    now = utcnow()
    stamp = {"origin_office": TOWN, "version": 1, "created_at": now, "updated_at": now}
    with services.database.writer() as session:
        session.info[INFO_APPLY_SYNC] = True
        session.add(
            DirectoryOffice(
                id="01900000-0000-7000-8000-000000000001",
                code=TOWN,
                name=TOWN_NAME,
                role="township",
                parent_code="140623",
                **stamp,
            )
        )
        plan = SupervisionPlan(
            id="01900000-0000-7000-8000-000000000002",
            year=year,
            title=f"{TOWN_NAME}{year}年度行政执法监督工作方案",
            remark="",
            **stamp,
        )
        session.add(plan)
        session.flush()  # no relationship orders the inserts: the plan first
        session.add(
            PlanItem(
                id="01900000-0000-7000-8000-000000000003",
                plan_id=plan.id,
                seq=1,
                content="督促镇综合行政执法队规范执法程序",
                planned_start=date(year, 4, 1),
                planned_end=date(year, 5, 31),
                responsible="司法所所长",
                status="not_started",
                progress_note="",
                **stamp,
            )
        )
    return "01900000-0000-7000-8000-000000000002"


def snapshot(services: Services) -> dict[str, Any]:
    """Every row of the plan tables and the size of the change log."""
    with services.database.reader() as session:
        state: dict[str, Any] = {
            "log": session.execute(select(func.count()).select_from(ChangeLog)).scalar_one()
        }
        for model in (SupervisionPlan, PlanItem, PlanItemUnit):
            table = model.__table__
            rows = session.execute(select(table)).all()
            state[table.name] = sorted((tuple(row) for row in rows), key=repr)
    return state
