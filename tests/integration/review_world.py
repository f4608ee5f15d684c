"""Shared set-up of the 案卷评查 service tests (test_reviews_*): a small register (four units,
one enforcement officer in each, three supervisors, an invited supervisor and a liaison) and the
review services with a fixed today, plus ``refused`` — a refusal must leave every table,
change_log included, exactly as it was.

The demonstration data is not used: a campaign only needs units and people, and loading the
demo costs about a second per test.  Setting up an office (keys, schema) and the register takes
about half a second more, so it is done once per test process and each test works on its own
copy of that data folder (``world_copy``)."""

from __future__ import annotations

import atexit
import json
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from tests.conftest import COUNTY
from yuyou_desktop.__main__ import build_services
from yuyou_desktop.domain.credit_code import check_character as credit_check
from yuyou_desktop.domain.id_number import check_character as id_check
from yuyou_desktop.domain.scoring import DEFAULT_BANDS, Category, DeductionItem, Standard, VetoItem
from yuyou_desktop.domain.scoring_file import standard_to_data
from yuyou_desktop.errors import InputRejected
from yuyou_desktop.paths import DataPaths
from yuyou_desktop.services import Services
from yuyou_desktop.services.reviews.campaigns import CampaignService
from yuyou_desktop.services.reviews.case_file_import import CaseFileImporter
from yuyou_desktop.services.reviews.records import CaseFileRow, SheetRecord
from yuyou_desktop.services.reviews.results import ResultService
from yuyou_desktop.services.reviews.reviewers import ReviewerService
from yuyou_desktop.services.reviews.scoring import ScoringService
from yuyou_desktop.services.reviews.standards import StandardService

DAY = date(2026, 6, 15)
PENALTY = "行政处罚一般程序"
SEED = "seed-2026"

# unit name → the enforcement officer registered in it
UNITS = {
    "右玉县甲局": "甲执法",
    "右玉县乙局": "乙执法",
    "右玉县丙局": "丙执法",
    "右玉县丁局": "丁执法",
}
A, B, C, D = UNITS
SUPERVISORS = ("监督甲", "监督乙", "监督丙")
INVITED = "特邀甲"
LIAISON = "联络甲"


def credit_code(n: int) -> str:
    first17 = f"11140623{n:09d}"
    return first17 + credit_check(first17)


def id_number(n: int) -> str:
    first17 = f"14062319800101{n % 1000:03d}"
    return first17 + id_check(first17)


@dataclass
class World:
    services: Services
    units: dict[str, str]  # name → id
    people: dict[str, str]  # name → id
    standards: StandardService
    campaigns: CampaignService
    importer: CaseFileImporter
    reviewers: ReviewerService
    scoring: ScoringService
    results: ResultService

    def unit_ids(self, *names: str) -> list[str]:
        return [self.units[n] for n in names]

    def person_ids(self, *names: str) -> list[str]:
        return [self.people[n] for n in names]


def review_services(
    services: Services, day: date = DAY, standards: StandardService | None = None
) -> dict[str, Any]:
    """The review services over ``services``' database, with ``day`` as today."""
    standards = standards or services.standards
    campaigns = CampaignService(services.database, services.settings, standards, today=lambda: day)
    return {
        "standards": standards,
        "campaigns": campaigns,
        "importer": CaseFileImporter(services.database, campaigns, today=lambda: day),
        "reviewers": ReviewerService(services.database),
        "scoring": ScoringService(services.database, today=lambda: day),
        "results": ResultService(services.database),
    }


def add_unit(services: Services, name: str, n: int) -> str:
    values = {
        "name": name,
        "credit_code": credit_code(n),
        "kind": "法定行政机关",
        "level": "县级",
        "status": "正常",
    }
    return services.registry.save("units", None, values).id


def add_person(services: Services, name: str, n: int, role: str, unit: str = "") -> str:
    values = {"name": name, "id_number": id_number(n), "role": role, "unit": unit}
    return services.registry.save("people", None, values).id


# ---------------------------------------------------------------- a standard with fine points

FINE_STANDARD = Standard(
    case_type=PENALTY,
    name="测试用行政处罚案卷评查标准",
    version=1,
    vetoes=(VetoItem("V1", "认定事实不清"), VetoItem("V2", "适用法律错误")),
    categories=(
        Category(
            "C1",
            "文书",
            Decimal(50),
            (
                DeductionItem("F5", "错别字", Decimal("0.05")),
                DeductionItem("F1", "要素缺失", Decimal(1)),
            ),
        ),
        Category(
            "C2",
            "程序",
            Decimal(50),
            (
                DeductionItem("G10", "未告知权利", Decimal(10), Decimal(20)),
                DeductionItem("G5", "超期送达", Decimal(5)),
            ),
        ),
    ),
    bands=DEFAULT_BANDS,
)


def entries_for(total: str) -> dict[str, int]:
    """Defects under FINE_STANDARD that give ``total`` (at least 50, in steps of 0.05)."""
    lost = Decimal(100) - Decimal(total)
    whole = int(lost)
    fives = (lost - whole) / Decimal("0.05")
    assert fives == int(fives) and lost <= 50, total
    found = {"F1": whole, "F5": int(fives)}
    return {code: n for code, n in found.items() if n}


def fine_standards(services: Services) -> StandardService:
    """A StandardService whose default 行政处罚 standard is FINE_STANDARD (the others are the
    program's own), so that version 1 has items of 0.05 and 1 point."""
    resources = services.paths.root.parent / "review-resources"
    (resources / "standards").mkdir(parents=True, exist_ok=True)
    for source in (services.resources / "standards").glob("*.json"):
        shutil.copyfile(source, resources / "standards" / source.name)
    (resources / "standards" / "penalty.json").write_text(
        json.dumps(standard_to_data(FINE_STANDARD), ensure_ascii=False), encoding="utf-8"
    )
    return StandardService(services.database, services.office, resources)


def build_world(services: Services, day: date = DAY, fine: bool = False) -> World:
    """The small register; with ``fine``, 行政处罚 files are scored by FINE_STANDARD."""
    units: dict[str, str] = {}
    people: dict[str, str] = {}
    for n, (unit, officer) in enumerate(UNITS.items(), 1):
        units[unit] = add_unit(services, unit, n)
        people[officer] = add_person(services, officer, n, "执法人员", unit)
    for n, name in enumerate(SUPERVISORS, 11):
        people[name] = add_person(services, name, n, "监督人员")
    people[INVITED] = add_person(services, INVITED, 21, "特邀行政执法监督员")
    people[LIAISON] = add_person(services, LIAISON, 31, "联络员")
    standards = fine_standards(services) if fine else None
    return World(services, units, people, **review_services(services, day, standards))


_TEMPLATE: dict[str, Any] = {}


def _template() -> tuple[Path, dict[str, str], dict[str, str]]:
    """A county office with the small register, made once per process."""
    if not _TEMPLATE:
        folder = Path(tempfile.mkdtemp(prefix="yuyou-review-world-"))
        atexit.register(shutil.rmtree, folder, True)
        services = build_services(DataPaths(folder / "data"))
        try:
            services.office.initialize(
                COUNTY["role"], COUNTY["code"], COUNTY["name"], COUNTY["prefix"]
            )
            world = build_world(services)
        finally:
            services.database.close()
        _TEMPLATE.update(folder=folder / "data", units=world.units, people=world.people)
    return _TEMPLATE["folder"], _TEMPLATE["units"], _TEMPLATE["people"]


@contextmanager
def world_copy(tmp_path: Path, day: date = DAY, fine: bool = False) -> Iterator[World]:
    """``build_world`` on a county office, from a copy of the process's template folder."""
    folder, units, people = _template()
    shutil.copytree(folder, tmp_path / "data")
    services = build_services(DataPaths(tmp_path / "data"))
    try:
        standards = fine_standards(services) if fine else None
        yield World(
            services, dict(units), dict(people), **review_services(services, day, standards)
        )
    finally:
        services.database.close()


# ---------------------------------------------------------------- the database, whole


def db_state(services: Services) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (change_log included), to prove that nothing changed."""
    with services.database.reader() as session:
        tables = session.execute(
            text("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        ).scalars()
        return {
            table: sorted(
                (tuple(row) for row in session.execute(text(f'SELECT * FROM "{table}"'))),
                key=repr,
            )
            for table in list(tables)
        }


CHINESE = re.compile(r"[\u4e00-\u9fff]")


def refused(
    services: Services, call: Callable[..., Any], *args: Any, **kwargs: Any
) -> InputRejected:
    """Run ``call`` expecting a refusal with a Chinese message; prove that nothing was
    written anywhere in the database."""
    before = db_state(services)
    with pytest.raises(InputRejected) as caught:
        call(*args, **kwargs)
    assert db_state(services) == before
    assert CHINESE.search(caught.value.message), caught.value.message
    return caught.value


# ---------------------------------------------------------------- campaigns and files


def file_values(unit: str, number: int | str, /, **changes: Any) -> dict[str, Any]:
    """A case file of ``unit``; an int ``number`` makes the case number 甲罚〔2026〕n号."""
    values: dict[str, Any] = {
        "unit": unit,
        "case_number": f"{unit[3]}罚〔2026〕{number}号" if isinstance(number, int) else number,
        "case_type": PENALTY,
        "title": f"某公司违法案（{number}）",
        "party": "某公司",
        "decided_on": date(2026, 3, 1),
        "officers": "张三、李四",
    }
    values.update(changes)
    return values


def new_campaign(
    world: World, units: Sequence[str] = (A, B), files_per_unit: int = 2, name: str = "2026年评查"
) -> str:
    return world.campaigns.create(name, 2026, world.unit_ids(*units), files_per_unit).id


def register(world: World, campaign_id: str, unit: str, numbers: Iterable[int]) -> list[str]:
    return [world.campaigns.add_file(campaign_id, file_values(unit, n)).id for n in numbers]


def drawn(world: World, campaign_id: str) -> list[CaseFileRow]:
    return world.campaigns.files(campaign_id, sampled_only=True)


def sampled_campaign(
    world: World,
    units: Sequence[str] = (A, B),
    files: int = 2,
    files_per_unit: int = 2,
    seed: str = SEED,
) -> str:
    """A campaign over ``units`` with ``files`` files each, drawn with ``seed``."""
    campaign = new_campaign(world, units, files_per_unit)
    for unit in units:
        register(world, campaign, unit, range(1, files + 1))
    world.campaigns.draw_sample(campaign, seed)
    return campaign


def assigned_campaign(world: World, units: Sequence[str] = (A, B), files: int = 2) -> str:
    """``sampled_campaign`` with 监督甲 and 监督乙 reviewing every drawn file."""
    campaign = sampled_campaign(world, units, files, files_per_unit=files)
    world.reviewers.auto_assign(campaign, world.person_ids("监督甲", "监督乙"))
    return campaign


def sheets_of(world: World, file_id: str) -> list[str]:
    return [r.sheet_id for r in world.campaigns.file(file_id).reviewers]


def score(
    world: World,
    sheet_id: str,
    entries: dict[str, int] | None = None,
    vetoes: Iterable[str] = (),
) -> SheetRecord:
    sheet = world.scoring.sheet(sheet_id)
    return world.scoring.save_sheet(
        sheet_id,
        {code: "" for code in vetoes},
        {code: (count, "") for code, count in (entries or {}).items()},
        sheet.version,
    )


def score_file(world: World, file_id: str, *sheets: dict[str, int]) -> CaseFileRow:
    """Save each reviewer's sheet of ``file_id`` with the defects given, in order."""
    for sheet_id, entries in zip(sheets_of(world, file_id), sheets, strict=True):
        score(world, sheet_id, entries)
    return world.campaigns.file(file_id)
