"""The demonstration data set (右玉县) in resources/demo and loading it."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from tests.conftest import DEMO_ADDED, DEMO_COUNTS, DEMO_LOG_ROWS
from yuyou_desktop.domain.credit_code import validate_credit_code
from yuyou_desktop.domain.enums import OfficeRole, UnitKind, UnitLevel, UnitStatus
from yuyou_desktop.domain.office import validate_office_code, validate_office_name
from yuyou_desktop.errors import Cancelled
from yuyou_desktop.paths import resources_dir
from yuyou_desktop.services import Services
from yuyou_desktop.storage.models import ChangeLog, DirectoryOffice, EnforcementUnit

DEMO = resources_dir() / "demo"


def _load(name: str, key: str) -> list[dict[str, Any]]:
    return json.loads((DEMO / name).read_text(encoding="utf-8"))[key]


UNITS = _load("units.json", "units")
OFFICES = _load("offices.json", "offices")


def test_units_have_valid_credit_codes_and_unique_names_and_codes() -> None:
    assert len(UNITS) >= 10
    for unit in UNITS:
        assert validate_credit_code(unit["credit_code"]) == unit["credit_code"], unit["name"]
    assert len({u["name"] for u in UNITS}) == len(UNITS)
    assert len({u["credit_code"] for u in UNITS}) == len(UNITS)


def test_units_use_known_enum_values_and_real_townships() -> None:
    township_codes = {o["code"] for o in OFFICES if o["role"] == "township"}
    for unit in UNITS:
        UnitKind(unit["kind"])
        UnitStatus(unit["status"])
        level = UnitLevel(unit["level"])
        if level is UnitLevel.TOWNSHIP:
            assert unit["township_code"] in township_codes, unit["name"]
        else:
            assert unit["township_code"] is None, unit["name"]


def test_units_cover_the_county_enforcement_departments() -> None:
    sectors = {u["sector"] for u in UNITS}
    for sector in (
        "市场监管",
        "应急管理",
        "生态环境",
        "卫生健康",
        "交通运输",
        "自然资源",
        "农业农村",
    ):
        assert sector in sectors
    assert any("人" in s and "社" in s for s in sectors)  # 人社
    assert all("右玉" in u["name"] or "镇" in u["name"] or "乡" in u["name"] for u in UNITS)


def test_offices_are_youyu_county_and_its_townships() -> None:
    [county] = [o for o in OFFICES if o["role"] == "county"]
    assert county["code"] == "140623" and county["parent_code"] is None
    townships = [o for o in OFFICES if o["role"] == "township"]
    assert len(townships) >= 5
    for office in OFFICES:
        role = OfficeRole(office["role"])
        assert validate_office_code(office["code"], role) == office["code"]
        validate_office_name(office["name"])
    for office in townships:
        assert office["parent_code"] == "140623"
        assert office["code"].startswith("140623")
    assert len({o["code"] for o in OFFICES}) == len(OFFICES)


def _count(services: Services, model: type) -> int:
    with services.database.reader() as s:
        return s.execute(select(func.count()).select_from(model)).scalar_one()


def test_loading_adds_every_record_marked_as_demo(county: Services) -> None:
    result = county.demo.load()
    assert result.added == DEMO_ADDED
    assert result.total_added == sum(DEMO_ADDED.values())
    with county.database.reader() as s:
        units = list(s.scalars(select(EnforcementUnit)))
        offices = list(s.scalars(select(DirectoryOffice)))
    assert {u.remark for u in units} == {"演示数据"}
    assert {o.remark for o in offices} == {"演示数据"}
    assert {u.credit_code for u in units} == {u["credit_code"] for u in UNITS}
    assert {o.code for o in offices} == {o["code"] for o in OFFICES}
    assert _count(county, ChangeLog) == DEMO_LOG_ROWS
    counts = {c.table: c.count for c in county.overview.record_counts()}
    assert counts == DEMO_COUNTS


def test_loading_again_adds_nothing(county_demo: Services) -> None:
    log_rows = _count(county_demo, ChangeLog)
    assert county_demo.demo.load().total_added == 0
    assert _count(county_demo, ChangeLog) == log_rows


def test_loading_restores_only_what_is_missing(county_demo: Services) -> None:
    with county_demo.database.writer() as s:
        unit = s.scalars(select(EnforcementUnit).limit(1)).one()
        unit.deleted_at = datetime.now(UTC)
    result = county_demo.demo.load()
    assert result.added["执法主体"] == 1 and result.added["单位名录"] == 0
    assert result.added["人员"] == result.added["证件"] == 0
    counts = {c.table: c.count for c in county_demo.overview.record_counts()}
    assert counts["enforcement_units"] == len(UNITS)


class _Recorder:
    def __init__(self, cancel: bool = False) -> None:
        self.reports: list[tuple[int, int]] = []
        self.cancel = cancel

    def report(self, done: int, total: int, message: str = "") -> None:
        self.reports.append((done, total))

    def check_cancelled(self) -> None:
        if self.cancel:
            raise Cancelled()


def test_progress_reaches_the_total(county: Services) -> None:
    progress = _Recorder()
    county.demo.load(progress)
    total = sum(DEMO_ADDED.values())
    assert progress.reports[0] == (0, total)
    assert progress.reports[-1] == (total, total)


def test_cancelling_adds_nothing(county: Services) -> None:
    with pytest.raises(Cancelled) as info:
        county.demo.load(_Recorder(cancel=True))
    assert "未做任何修改" in info.value.message
    assert _count(county, EnforcementUnit) == 0
    assert _count(county, DirectoryOffice) == 0
    assert _count(county, ChangeLog) == 0


def test_resources_are_found_in_the_source_checkout() -> None:
    checkout = Path(__file__).resolve().parents[2] / "resources"
    assert resources_dir() == checkout
    assert (resources_dir() / "MANIFEST.txt").is_file()
    for name in ("demo/units.json", "demo/offices.json", "help/index.html", "style.qss"):
        assert (resources_dir() / name).is_file(), name
