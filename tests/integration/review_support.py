"""A small 案卷评查 campaign made through the services the way the county's staff make one:
three units of the demonstration registry, files registered by hand, a sample drawn with a
fixed seed, reviewers assigned automatically, sheets scored, some files finalised.  The files
are last year's; the campaign is named after that year.

What it leaves (2 files drawn per unit, the threshold for 合议 is 10 points):

* 右玉县市场监督管理局: both drawn files finalised without 合议;
* 右玉县交通运输局: one file finalised after 合议 (a reviewer found a veto), one still being
  scored (one of its two reviewers has scored);
* 右玉县自然资源局: its only registered file (fewer than asked), finalised.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from yuyou_desktop.__main__ import build_services
from yuyou_desktop.paths import DataPaths
from yuyou_desktop.services import Services
from yuyou_desktop.services.registry.query import ListQuery
from yuyou_desktop.services.reviews.records import CaseFileRow

MARKET = "右玉县市场监督管理局"
TRANSPORT = "右玉县交通运输局"
LAND = "右玉县自然资源局"
PENALTY = "行政处罚一般程序"
LICENCE = "行政许可"
SEED = "test-2025"
REVIEWERS = ("刘德胜", "曾桂兰", "李志强")
YEAR = date.today().year - 1  # last year's files, reviewed and finalised this year
DECIDED = date(YEAR, 3, 1)
CAMPAIGN = f"{YEAR}年度三单位案卷评查"  # not a name the demonstration data uses

FILES = {
    MARKET: [
        ("右市监罚〔{Y}〕1号", PENALTY, "某超市销售过期食品案", "右玉县某超市"),
        ("右市监罚〔{Y}〕2号", PENALTY, "某药店未凭处方销售处方药案", "右玉县某药店"),
        ("右市监罚〔{Y}〕3号", PENALTY, "某餐馆未公示许可证案", "张某"),
        ("右市监许〔{Y}〕4号", LICENCE, "某公司食品经营许可", "右玉县某公司"),
    ],
    TRANSPORT: [
        ("右交罚〔{Y}〕1号", PENALTY, "某货车超限运输案", "李某"),
        ("右交罚〔{Y}〕2号", PENALTY, "某客运站未按规定检查案", "右玉县客运站"),
        ("右交罚〔{Y}〕3号", PENALTY, "某驾校违规培训案", "右玉县某驾校"),
    ],
    LAND: [("右自然资罚〔{Y}〕1号", PENALTY, "某村民非法占地建房案", "王某")],
}


@dataclass(frozen=True)
class Built:
    campaign_id: str
    unit_ids: dict[str, str]  # name → id
    drawn: dict[str, list[CaseFileRow]]  # unit name → its drawn files, by case number


def unit_ids(services: Services, names: tuple[str, ...]) -> dict[str, str]:
    rows = services.registry.list("units", ListQuery(limit=100)).rows
    found = {r.values["name"]: r.id for r in rows}
    return {name: found[name] for name in names}


def reviewer_ids(services: Services, campaign_id: str) -> list[str]:
    by_name = {c.name: c.id for c in services.reviewers.candidates(campaign_id)}
    return [by_name[name] for name in REVIEWERS]


def score(services: Services, sheet_id: str, vetoes=None, entries=None) -> None:
    version = services.scoring.sheet(sheet_id).version
    services.scoring.save_sheet(sheet_id, vetoes or {}, entries or {}, version)


def first_item(services: Services, case_type: str, category: int = 0) -> str:
    return services.standards.current(case_type).standard.categories[category].items[0].code


def build(services: Services, name: str = CAMPAIGN) -> Built:
    """The campaign above, on an office with the demonstration data loaded."""
    ids = unit_ids(services, (MARKET, TRANSPORT, LAND))
    campaign = services.campaigns.create(name, YEAR, list(ids.values()), 2)
    for unit, files in FILES.items():
        for case_number, case_type, title, party in files:
            services.campaigns.add_file(
                campaign.id,
                {
                    "unit": unit,
                    "case_number": case_number.format(Y=YEAR),
                    "case_type": case_type,
                    "title": title,
                    "party": party,
                    "decided_on": DECIDED,
                    "officers": "执法人员甲、执法人员乙",
                },
            )
    services.campaigns.draw_sample(campaign.id, SEED)
    services.reviewers.auto_assign(campaign.id, reviewer_ids(services, campaign.id))
    drawn = {
        unit: services.campaigns.files(campaign.id, unit_id, sampled_only=True)
        for unit, unit_id in ids.items()
    }

    # 市场监管: two files, both reviewers close, finalised without 合议
    for n, row in enumerate(drawn[MARKET]):
        first, second = row.reviewers
        item = first_item(services, row.case_type, category=n)
        score(services, first.sheet_id, entries={item: (2, "文书未载明")})
        score(services, second.sheet_id, entries={item: (1, "")})
        services.scoring.finalise(row.id, "王科长")

    # 交通运输: the first file vetoed by one reviewer → 合议; the second half scored
    vetoed, pending = drawn[TRANSPORT]
    first, second = vetoed.reviewers
    score(services, first.sheet_id, vetoes={"V3": "主要证据只有一份询问笔录"})
    score(services, second.sheet_id, entries={first_item(services, PENALTY, 3): (1, "")})
    services.scoring.finalise(vetoed.id, "王科长", final_score="55", note="经合议，认定证据不足")
    score(services, pending.reviewers[0].sheet_id)

    # 自然资源: its only file, scored clean by both
    (only,) = drawn[LAND]
    for ref in only.reviewers:
        score(services, ref.sheet_id)
    services.scoring.finalise(only.id, "王科长")

    drawn = {
        unit: services.campaigns.files(campaign.id, unit_id, sampled_only=True)
        for unit, unit_id in ids.items()
    }
    return Built(campaign.id, ids, drawn)


def make_template(folder: Path) -> tuple[Path, Built]:
    """A county office with the demonstration data and the campaign above, in ``folder``
    (built once per test module; each test works on a copy, see :func:`copy_template`)."""
    with pytest.MonkeyPatch.context() as env:
        env.delenv("YUYOU_DATA_DIR", raising=False)
        env.setenv("HOME", str(folder / "home"))
        services = build_services(DataPaths(folder / "data"))
        try:
            services.office.initialize("county", "140623", "右玉县司法局", "右司监")
            services.demo.load()
            built = build(services)
        finally:
            services.database.close()
    return folder / "data", built


def copy_template(template: tuple[Path, Built], data: DataPaths) -> Built:
    folder, built = template
    shutil.copytree(folder, data.root)
    return built
