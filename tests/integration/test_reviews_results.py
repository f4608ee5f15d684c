"""A campaign's results: per file, per unit (mean over finalised files only, shared ranks) and
the most frequent defects (finalised files only, by files then defects).

Scored with FINE_STANDARD (review_world): F5 0.05 and F1 1 point a defect in 文书 (50), G10 10
(up to 20) and G5 5 a defect in 程序 (50)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest

from tests.integration.review_world import (
    INVITED,
    SUPERVISORS,
    A,
    B,
    C,
    D,
    World,
    drawn,
    sampled_campaign,
    score,
    score_file,
    sheets_of,
    world_copy,
)


@pytest.fixture
def world(tmp_path) -> Iterator[World]:
    with world_copy(tmp_path, fine=True) as found:
        yield found


def by_unit(world: World, campaign: str) -> dict[str, list]:
    found: dict[str, list] = {}
    for row in drawn(world, campaign):
        found.setdefault(row.unit_name, []).append(row)
    return found


@pytest.fixture
def campaign(world) -> str:
    """Four units, two files drawn from each:

    甲局: 90 and 80, both finalised → 85;  乙局: 85 finalised, and a file scored 50 by both
    but not finalised → 85;  丙局: one file finalised at 65 after 合议 (a reviewer found a
    veto), the other not scored → 65;  丁局: one sheet scored, nothing finalised."""
    campaign = sampled_campaign(world, (A, B, C, D), files=2)
    world.reviewers.auto_assign(campaign, world.person_ids(*SUPERVISORS, INVITED))
    files = by_unit(world, campaign)
    a1, a2 = files[A]
    score_file(world, a1.id, {"F1": 5, "G5": 1}, {"F1": 5, "G5": 1})
    score_file(world, a2.id, {"G10": 2}, {"G10": 2})
    b1, b2 = files[B]
    score_file(world, b1.id, {"F1": 10, "F5": 100}, {"G5": 3})
    score_file(world, b2.id, {"F5": 1000}, {"F5": 1000})
    c1, _ = files[C]
    first, second = sheets_of(world, c1.id)
    score(world, first, {"F1": 30})
    score(world, second, vetoes=["V1"])
    score(world, sheets_of(world, files[D][0].id)[0], {"F1": 1})
    for row in (a1, a2, b1):
        world.scoring.finalise(row.id, "王科长")
    world.scoring.finalise(c1.id, "王科长", final_score="65", note="经合议，否决项不成立")
    return campaign


def test_unit_means_count_finalised_files_only_and_equal_means_share_a_rank(world, campaign):
    results = world.results.results(campaign)
    assert (results.finalised, results.sampled) == (4, 8)
    assert results.campaign == world.campaigns.get(campaign)
    units = [(u.unit_name, u.files, u.finalised, u.mean, u.grade, u.rank) for u in results.units]
    assert units == [
        (B, 2, 1, Decimal(85), "合格", 1),
        (A, 2, 2, Decimal(85), "合格", 1),
        (C, 2, 1, Decimal(65), "合格", 3),
        (D, 2, 0, None, None, None),
    ]
    grades = {u.unit_name: dict(u.grades) for u in results.units}
    assert grades[A] == {"优秀": 1, "合格": 1, "不合格": 0}
    assert grades[D] == {"优秀": 0, "合格": 0, "不合格": 0}


def test_defects_are_counted_over_finalised_files_by_files_then_defects(world, campaign):
    defects = world.results.results(campaign).defects
    assert [(d.code, d.category, d.text, d.files, d.defects) for d in defects] == [
        ("F1", "文书", "要素缺失", 3, 50),
        ("G5", "程序", "超期送达", 2, 5),
        ("F5", "文书", "错别字", 1, 100),  # 乙局's unfinalised file found 2000 more
        ("G10", "程序", "未告知权利", 1, 4),
        ("V1", "否决项", "认定事实不清", 1, 1),
    ]
    top = world.results.results(campaign, top_defects=2).defects
    assert [d.code for d in top] == ["F1", "G5"]


def test_each_file_lists_every_reviewers_findings(world, campaign):
    results = world.results.results(campaign)
    files = {f.file.id: f for f in results.files}
    assert len(files) == 8
    rows = by_unit(world, campaign)
    a1 = files[rows[A][0].id]
    assert a1.file.final_score == Decimal(90)
    lines = sorted((f.category, f.text, f.count, f.points) for f in a1.findings)
    assert lines == sorted(
        [("文书", "要素缺失", 5, Decimal(5)), ("程序", "超期送达", 1, Decimal(5))] * 2
    )
    c1 = files[rows[C][0].id]
    assert ("否决项", "认定事实不清", 1, 0) in [
        (f.category, f.text, f.count, f.points) for f in c1.findings
    ]
    a2 = files[rows[A][1].id]
    assert {f.points for f in a2.findings} == {Decimal(20)}  # 2 × 10, within the cap


def test_a_reopened_file_stops_counting(world, campaign):
    c1 = by_unit(world, campaign)[C][0]
    world.scoring.reopen(c1.id, "王科长", "复查否决项")
    results = world.results.results(campaign)
    ranks = {u.unit_name: (u.mean, u.rank) for u in results.units}
    assert ranks[C] == (None, None)
    assert ranks[A] == ranks[B] == (Decimal(85), 1)
    assert "V1" not in {d.code for d in results.defects}
    assert results.finalised == 3


def test_a_campaign_with_nothing_finalised_ranks_no_unit(world):
    campaign = sampled_campaign(world, (A, B), files=1, files_per_unit=1)
    world.reviewers.auto_assign(campaign, world.person_ids(*SUPERVISORS))
    results = world.results.results(campaign)
    assert [(u.rank, u.mean) for u in results.units] == [(None, None), (None, None)]
    assert (results.defects, results.finalised, results.sampled) == ((), 0, 2)


def test_three_way_and_lower_ties(world):
    campaign = sampled_campaign(world, (A, B, C, D), files=1, files_per_unit=1)
    world.reviewers.auto_assign(campaign, world.person_ids(*SUPERVISORS))
    totals = {A: {"F1": 10}, B: {"F1": 20}, C: {"F1": 20}, D: {"F1": 10}}
    for unit, rows in by_unit(world, campaign).items():
        score_file(world, rows[0].id, totals[unit], totals[unit])
        world.scoring.finalise(rows[0].id, "王科长")
    results = world.results.results(campaign)
    assert [(u.unit_name, u.rank) for u in results.units] == [(D, 1), (A, 1), (C, 3), (B, 3)]
