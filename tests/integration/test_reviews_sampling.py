"""随机抽取: reproducible from the seed over the same register (in any database, whatever the
order the files were typed in), short units reported, bad seeds refused, drawing again only
until reviewers are assigned."""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest

from tests.conftest import COUNTY
from tests.integration.review_world import (
    UNITS,
    A,
    B,
    C,
    D,
    World,
    add_unit,
    file_values,
    new_campaign,
    refused,
    register,
    review_services,
    sampled_campaign,
    world_copy,
)
from yuyou_desktop.__main__ import build_services
from yuyou_desktop.paths import DataPaths


@pytest.fixture
def world(tmp_path) -> Iterator[World]:
    with world_copy(tmp_path) as found:
        yield found


def drawn_files(campaigns, campaign: str) -> set[tuple[str, str, int]]:
    return {
        (f.unit_name, f.case_number, f.sample_order)
        for f in campaigns.files(campaign, sampled_only=True)
    }


REGISTER = {A: range(1, 8), B: range(1, 10), C: range(1, 6)}


def test_the_same_seed_draws_the_same_files_in_another_database(world, tmp_path):
    campaign = new_campaign(world, (A, B, C), files_per_unit=3)
    for unit, numbers in REGISTER.items():
        register(world, campaign, unit, numbers)
    result = world.campaigns.draw_sample(campaign, "county-2026")
    assert (result.seed, result.drawn, result.short_units) == ("county-2026", 9, ())
    here = drawn_files(world.campaigns, campaign)
    assert len(here) == 9
    assert {order for _, _, order in here} == {1, 2, 3}

    # another office's database: units and files entered in a different order
    other = build_services(DataPaths(tmp_path / "other"))
    try:
        other.office.initialize(COUNTY["role"], "140623", COUNTY["name"], COUNTY["prefix"])
        ids = {}
        for n, unit in reversed(list(enumerate(UNITS, 1))):
            ids[unit] = add_unit(other, unit, n)
        campaigns = review_services(other)["campaigns"]
        there = campaigns.create("评查", 2026, [ids[C], ids[A], ids[B]], 3).id
        typed = [(unit, n) for unit, numbers in REGISTER.items() for n in numbers]
        random.Random(7).shuffle(typed)
        for unit, n in typed:
            campaigns.add_file(there, file_values(unit, n))
        assert campaigns.draw_sample(there, "county-2026").drawn == 9
        assert drawn_files(campaigns, there) == here
    finally:
        other.database.close()


def test_another_seed_draws_other_files(world):
    campaign = new_campaign(world, (A, B, C), files_per_unit=3)
    for unit, numbers in REGISTER.items():
        register(world, campaign, unit, numbers)
    world.campaigns.draw_sample(campaign, "seed-a")
    first = drawn_files(world.campaigns, campaign)
    world.campaigns.draw_sample(campaign, "seed-b")
    assert drawn_files(world.campaigns, campaign) != first
    # and back: the first seed draws its files again
    world.campaigns.draw_sample(campaign, "seed-a")
    assert drawn_files(world.campaigns, campaign) == first
    assert world.campaigns.get(campaign).sample_seed == "seed-a"


def test_units_with_fewer_files_than_asked_give_all_they_have_and_are_reported(world):
    campaign = new_campaign(world, (A, B, C, D), files_per_unit=3)
    register(world, campaign, A, range(1, 6))
    register(world, campaign, B, range(1, 4))
    register(world, campaign, C, [1])
    result = world.campaigns.draw_sample(campaign, "short")
    assert result.drawn == 3 + 3 + 1
    assert sorted(result.short_units) == sorted([(C, 1), (D, 0)])
    by_unit = {}
    for f in world.campaigns.files(campaign):
        by_unit.setdefault(f.unit_name, []).append(f)
    assert all(f.sampled for f in by_unit[B] + by_unit[C])
    assert sum(f.sampled for f in by_unit[A]) == 3
    assert all(f.sample_order is None for f in by_unit[A] if not f.sampled)
    assert {f.stage for f in by_unit[A] if not f.sampled} == {"未抽中"}
    assert {f.stage for f in by_unit[A] if f.sampled} == {"待分配"}
    (summary,) = world.campaigns.list()
    assert (summary.files, summary.sampled, summary.stage) == (9, 7, "评查中")


def test_a_bad_seed_is_refused_and_an_empty_one_is_made_up(world):
    campaign = new_campaign(world, (A,))
    register(world, campaign, A, [1, 2, 3])
    for seed in ("有空格 的", "a" * 33, "a b", "seed_1", "种子"):
        error = refused(world.services, world.campaigns.draw_sample, campaign, seed)
        assert error.field == "随机种子", seed
    assert world.campaigns.draw_sample(campaign, "  " + "a" * 32 + " ").seed == "a" * 32
    for empty in ("", "  ", None):
        made_up = world.campaigns.draw_sample(campaign, empty).seed
        assert len(made_up) == 8 and set(made_up) <= set("0123456789abcdef")
        assert world.campaigns.get(campaign).sample_seed == made_up


def test_a_campaign_without_files_cannot_be_drawn(world):
    campaign = new_campaign(world, (A,))
    error = refused(world.services, world.campaigns.draw_sample, campaign, "x")
    assert "还没有登记案卷" in error.message


def test_drawing_again_is_allowed_until_reviewers_are_assigned(world):
    campaign = sampled_campaign(world, files=4, seed="first")
    world.campaigns.draw_sample(campaign, "second")
    assert world.campaigns.get(campaign).sample_seed == "second"
    row = world.campaigns.files(campaign, sampled_only=True)[0]
    world.reviewers.assign(row.id, world.person_ids("监督甲", "监督乙"))
    error = refused(world.services, world.campaigns.draw_sample, campaign, "third")
    assert "已经为抽中的案卷分配了评查人员" in error.message
