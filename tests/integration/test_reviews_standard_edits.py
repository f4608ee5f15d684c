"""Editing a standard never changes a finalised result: a campaign keeps the standard version it
was created with, whatever versions are saved afterwards; a campaign created after the edit uses
the new version."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tests.integration.review_world import (
    PENALTY,
    A,
    B,
    World,
    assigned_campaign,
    drawn,
    score,
    sheets_of,
    world_copy,
)
from yuyou_desktop.domain.scoring import Band, Standard


@pytest.fixture
def world(tmp_path) -> Iterator[World]:
    with world_copy(tmp_path) as found:
        yield found


def finalise_all(world: World) -> str:
    """A campaign of four 行政处罚 files under the default standard, every file finalised:
    one by the mean, two after 合议 (one of them vetoed by a reviewer), one rounded half up."""
    campaign = assigned_campaign(world, (A, B), files=2)
    plans = [
        ({"C1-1": 2, "C5-1": 3}, {"C1-1": 1}, None),  # 94.5 and 98 → 96.25 → 96.3
        ({"C4-4": 3}, {}, "90"),  # 85 and 100 → 合议
        ({"V3": 1}, {"C2-4": 2}, "55"),  # vetoed (0) and 94 → 合议
        ({"C3-3": 5}, {"C3-3": 1, "C6-2": 2}, None),  # 90 and 91 → 90.5
    ]
    for row, (first, second, agreed) in zip(drawn(world, campaign), plans, strict=True):
        one, two = sheets_of(world, row.id)
        vetoes = [code for code in first if code.startswith("V")]
        score(world, one, {k: v for k, v in first.items() if k not in vetoes}, vetoes)
        score(world, two, second)
        if agreed is None:
            world.scoring.finalise(row.id, "王科长")
        else:
            world.scoring.finalise(row.id, "王科长", final_score=agreed, note="经合议确定")
    return campaign


def snapshot(world: World, campaign: str):
    results = world.results.results(campaign)
    sheets = [
        (s.total, s.grade, s.standard.id, s.standard.version, s.standard.standard)
        for f in results.files
        for s in map(world.scoring.sheet, sheets_of(world, f.file.id))
    ]
    files = [(f.file.final_score, f.file.final_grade, f.file.mean) for f in results.files]
    return results, sheets, files


def test_the_finalised_campaign_used_here_is_what_it_should_be(world):
    campaign = finalise_all(world)
    results, sheets, files = snapshot(world, campaign)
    assert [f[0] for f in files] == [Decimal("96.3"), Decimal(90), Decimal(55), Decimal("90.5")]
    assert [f[1] for f in files] == ["优秀", "优秀", "不合格", "优秀"]
    assert [s[0] for s in sheets] == [
        Decimal("94.5"),
        Decimal(98),
        Decimal(85),
        Decimal(100),
        Decimal(0),
        Decimal(94),
        Decimal(90),
        Decimal(91),
    ]
    assert {s[3] for s in sheets} == {1}
    assert results.finalised == results.sampled == 4


# ---------------------------------------------------------------- edited standards


@st.composite
def edits(draw: st.DrawFn, base: Standard) -> Standard:
    """``base`` with points, caps, kept items and vetoes, category maxima (still adding up to
    100) and grade bands changed at random."""
    n = len(base.categories)
    cuts = sorted(draw(st.sets(st.integers(1, 99), min_size=n - 1, max_size=n - 1)))
    maxima = [b - a for a, b in zip([0, *cuts], [*cuts, 100], strict=True)]
    categories = []
    for category, most in zip(base.categories, maxima, strict=True):
        items = []
        for item in category.items:
            if draw(st.booleans()) and len(category.items) > 1 and draw(st.booleans()):
                continue  # dropped from the new version
            points = Decimal(draw(st.sampled_from(["0.5", "1", "1.5", "2", "3", "5", "8"])))
            times = draw(st.none() | st.integers(1, 4))
            items.append(
                replace(item, points=points, cap=None if times is None else points * times)
            )
        categories.append(replace(category, max_points=Decimal(most), items=tuple(items)))
    vetoes = tuple(v for v in base.vetoes if draw(st.booleans()) or v.code == "V1")
    top = draw(st.integers(61, 100))
    middle = draw(st.integers(1, top - 1))
    names = draw(st.sampled_from([("优秀", "合格", "不合格"), ("好", "中", "差")]))
    bands = (
        Band(names[0], Decimal(top)),
        Band(names[1], Decimal(middle)),
        Band(names[2], Decimal(0)),
    )
    name = draw(st.sampled_from([base.name, base.name + "（修订）"]))
    return replace(base, name=name, vetoes=vetoes, categories=tuple(categories), bands=bands)


def test_editing_a_standard_never_changes_a_finalised_result(world):
    campaign = finalise_all(world)
    before = snapshot(world, campaign)
    base = world.standards.current(PENALTY).standard
    # one edit before the random ones (an edit that cannot be saved fails here, quickly)
    bands = (Band("优秀", Decimal(95)), Band("合格", Decimal(50)), Band("不合格", Decimal(0)))
    world.standards.save_new_version(replace(base, bands=bands))
    assert snapshot(world, campaign) == before
    created: list[int] = []

    @settings(
        max_examples=15,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
        database=None,
    )
    @given(edited=edits(base))
    def check(edited: Standard) -> None:
        current = world.standards.current(PENALTY)
        assume(replace(edited, version=0) != replace(current.standard, version=0))
        saved = world.standards.save_new_version(edited, "修订")
        assert saved.version == current.version + 1
        assert snapshot(world, campaign) == before
        later = world.campaigns.create("修订后的评查", 2026, world.unit_ids(A), 1)
        assert (later.standard_id(PENALTY), saved.version) in {
            (sid, version) for _, sid, version, _ in later.standards
        }
        assert world.standards.get(later.standard_id(PENALTY)).standard == replace(
            edited, version=saved.version
        )
        created.append(saved.version)

    check()
    assert len(created) >= 5
    assert snapshot(world, campaign) == before


def test_a_campaign_keeps_scoring_with_its_own_version_after_an_edit(world):
    campaign = assigned_campaign(world, (A,), files=1)
    (row,) = drawn(world, campaign)
    one, two = sheets_of(world, row.id)
    base = world.standards.current(PENALTY).standard
    # the new version drops C5-1 and makes C1-1 worth 5 points
    first, *rest = base.categories
    item = replace(first.items[0], points=Decimal(5), cap=None)
    categories = [replace(first, items=(item, *first.items[1:])), *rest]
    categories = [
        replace(c, items=tuple(i for i in c.items if i.code != "C5-1")) for c in categories
    ]
    world.standards.save_new_version(replace(base, categories=tuple(categories)))
    assert score(world, one, {"C1-1": 1, "C5-1": 2}).total == Decimal(97)
    assert score(world, two).standard.version == 1
    assert world.campaigns.get(campaign).standards[0][2] == 1
