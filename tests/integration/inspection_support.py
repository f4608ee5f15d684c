"""Shared set-up of the inspection tests: the demonstration data loaded as of a fixed day, and an
InspectionService whose today is that day, so that certificate states are known exactly."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import pytest
from sqlalchemy import func, select

from tests.conftest import file_state
from yuyou_desktop.errors import FieldError
from yuyou_desktop.services.demo import DemoService
from yuyou_desktop.services.inspections.service import InspectionService
from yuyou_desktop.services.registry.query import ListQuery
from yuyou_desktop.storage.models import ChangeLog, Person
from yuyou_desktop.storage.models_inspections import (
    Attachment,
    Inspection,
    InspectionProblem,
    InspectionSupervisor,
)

# The demo certificates are relative to the day of loading: loaded on DAY, they are
#   曾桂兰 邓红梅 李志强 刘德胜 程宏伟 (监督人员, 监督证) valid 2025-08-19 … 2030-08-03
#   林建国 (监督人员) valid until 2026-07-30; 沈子豪 吕海燕 (执法人员) valid until 2028-12-02
#   韩秀梅 expired 2026-05-26; 邓建军 revoked 2026-06-05; 傅振华 valid from 2026-06-30
DAY = date(2026, 6, 15)
UNIT = "右玉县市场监督管理局"
ENTERPRISE = "右玉某羊肉食品有限公司（演示）"
ENTERPRISE_CODE = "91140623MA0000001A"


def load_demo_on(services: Any, day: date = DAY) -> None:
    """The demonstration registers as of ``day``, without the demonstration inspections (so
    that numbers, lists and counts start from nothing)."""
    resources = services.paths.root.parent / "demo-resources"
    (resources / "demo").mkdir(parents=True, exist_ok=True)
    for source in (services.resources / "demo").glob("*.json"):
        shutil.copyfile(source, resources / "demo" / source.name)
    (resources / "demo" / "inspections.json").write_text('{"inspections": []}', encoding="utf-8")
    for folder in ("letters", "standards"):  # the demo's letters and campaigns need them
        shutil.copytree(services.resources / folder, resources / folder, dirs_exist_ok=True)
    DemoService(services.database, resources, today=lambda: day).load()


def inspection_service(services: Any, today: Callable[[], date] = lambda: DAY) -> InspectionService:
    return InspectionService(
        services.database,
        services.settings,
        services.office,
        services.paths.attachments,
        today=today,
    )


def person_id(services: Any, name: str) -> str:
    page = services.registry.list("people", ListQuery(search=name))
    found = [row.id for row in page.rows if row.values["name"] == name]
    assert len(found) == 1, name
    return found[0]


def team(services: Any, *names: str, invited: tuple[str, ...] = ()) -> list[tuple[str, bool]]:
    return [(person_id(services, n), False) for n in names] + [
        (person_id(services, n), True) for n in invited
    ]


def values(day: date = date(2026, 6, 10), hour: int = 9, **changes: Any) -> dict[str, Any]:
    found: dict[str, Any] = {
        "kind": "常态化监督",
        "focus_area": "食品药品",
        "unit": UNIT,
        "started_at": datetime(day.year, day.month, day.day, hour, 0),
        "ended_at": datetime(day.year, day.month, day.day, hour + 2, 0),
        "place": "县市场监督管理局执法大队",
        "recorder": "曾桂兰",
        "basis": "《山西省行政执法条例》",
        "findings": "抽查行政处罚案卷5卷。",
        "conclusion": "基本规范。",
    }
    found.update(changes)
    return found


def state(services: Any) -> dict[str, Any]:
    """Row counts of everything an inspection writes, and the stored files."""
    with services.database.reader() as session:
        counts = {
            model.__name__: session.execute(select(func.count()).select_from(model)).scalar_one()
            for model in (
                ChangeLog,
                Inspection,
                InspectionSupervisor,
                InspectionProblem,
                Attachment,
            )
        }
    counts["files"] = file_state(services.paths.attachments)
    return counts


def people_named(services: Any, *names: str) -> dict[str, str]:
    with services.database.reader() as session:
        rows = session.execute(select(Person.name, Person.id).where(Person.name.in_(names)))
        return {row.name: row.id for row in rows}


def refused(services: Any, call: Callable[..., Any], *args: Any, **kwargs: Any) -> FieldError:
    """Run ``call`` expecting a FieldError; prove that nothing was written."""
    before = state(services)
    with pytest.raises(FieldError) as caught:
        call(*args, **kwargs)
    assert state(services) == before
    return caught.value
