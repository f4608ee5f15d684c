"""交叉阅卷: who reviews which drawn file — at least two, at most five, never from the file's own
unit, never a liaison; automatic assignment and the balance warning."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest

from tests.integration.review_world import (
    INVITED,
    LIAISON,
    SUPERVISORS,
    UNITS,
    A,
    B,
    C,
    D,
    World,
    drawn,
    refused,
    sampled_campaign,
    score,
    score_file,
    world_copy,
)


@pytest.fixture
def world(tmp_path) -> Iterator[World]:
    with world_copy(tmp_path) as found:
        yield found


def one_file_of(world: World, campaign: str, unit: str):
    return next(f for f in drawn(world, campaign) if f.unit_name == unit)


def sheet_of(world: World, file_id: str, name: str) -> str:
    (found,) = [r.sheet_id for r in world.campaigns.file(file_id).reviewers if r.name == name]
    return found


def reviewer_names(world: World, file_id: str) -> list[str]:
    return [r.name for r in world.campaigns.file(file_id).reviewers]


def test_a_drawn_file_gets_its_reviewers_and_moves_to_scoring(world):
    campaign = sampled_campaign(world)
    row = one_file_of(world, campaign, A)
    assert row.stage == "待分配"
    ids = world.person_ids("监督甲", "乙执法", INVITED)
    assigned = world.reviewers.assign(row.id, [*ids, ids[0]])  # a repeat counts once
    assert sorted(r.name for r in assigned.reviewers) == sorted(["监督甲", "乙执法", INVITED])
    assert assigned.stage == "评查中"
    # changed again: those not scored are replaced
    again = world.reviewers.assign(row.id, world.person_ids("监督乙", "监督丙"))
    assert sorted(r.name for r in again.reviewers) == ["监督丙", "监督乙"]


def test_fewer_than_two_or_more_than_five_reviewers_are_refused(world):
    campaign = sampled_campaign(world)
    row = one_file_of(world, campaign, A)
    for names in ((), ("监督甲",), ("监督甲", "监督甲")):
        error = refused(world.services, world.reviewers.assign, row.id, world.person_ids(*names))
        assert "至少2名" in error.message, names
    six = world.person_ids(*SUPERVISORS, INVITED, "乙执法", "丙执法")
    error = refused(world.services, world.reviewers.assign, row.id, six)
    assert "最多5名" in error.message
    assert len(world.reviewers.assign(row.id, six[:5]).reviewers) == 5


def test_a_reviewer_from_the_files_own_unit_is_refused_by_name(world):
    campaign = sampled_campaign(world)
    row = one_file_of(world, campaign, A)
    error = refused(
        world.services, world.reviewers.assign, row.id, world.person_ids("监督甲", "甲执法")
    )
    assert "甲执法是右玉县甲局的人员，不能评查本单位的案卷" in error.message


def test_a_liaison_or_an_unknown_or_deleted_person_is_refused(world):
    campaign = sampled_campaign(world)
    row = one_file_of(world, campaign, A)
    error = refused(
        world.services, world.reviewers.assign, row.id, world.person_ids("监督甲", LIAISON)
    )
    assert "联络甲是联络员，不能评查案卷" in error.message
    error = refused(
        world.services, world.reviewers.assign, row.id, [world.people["监督甲"], "nobody"]
    )
    assert "不存在或已被删除" in error.message
    world.services.registry.delete("people", world.people["监督丙"])
    refused(world.services, world.reviewers.assign, row.id, world.person_ids("监督甲", "监督丙"))


def test_an_undrawn_or_finalised_file_cannot_be_assigned(world):
    campaign = sampled_campaign(world, files=3)
    left_out = next(f for f in world.campaigns.files(campaign) if not f.sampled)
    pair = world.person_ids("监督甲", "监督乙")
    error = refused(world.services, world.reviewers.assign, left_out.id, pair)
    assert "没有被抽中" in error.message
    row = one_file_of(world, campaign, A)
    world.reviewers.assign(row.id, pair)
    score_file(world, row.id, {}, {})
    world.scoring.finalise(row.id, "王科长")
    error = refused(
        world.services, world.reviewers.assign, row.id, world.person_ids("监督丙", INVITED)
    )
    assert "已定稿" in error.message


def test_a_reviewer_who_has_scored_cannot_be_taken_off(world):
    campaign = sampled_campaign(world)
    row = one_file_of(world, campaign, A)
    world.reviewers.assign(row.id, world.person_ids("监督甲", "监督乙"))
    first = sheet_of(world, row.id, "监督甲")
    score(world, first, {"C1-1": 1})
    error = refused(
        world.services, world.reviewers.assign, row.id, world.person_ids("监督乙", "监督丙")
    )
    assert "监督甲已经评分，不能取消" in error.message
    # the one who has not scored can be replaced
    kept = world.reviewers.assign(row.id, world.person_ids("监督甲", "监督丙"))
    assert sorted(r.name for r in kept.reviewers) == ["监督丙", "监督甲"]
    assert world.scoring.sheet(first).total is not None


def test_candidates_are_the_people_who_may_review_with_their_load(world):
    campaign = sampled_campaign(world)
    row = one_file_of(world, campaign, A)
    world.reviewers.assign(row.id, world.person_ids("监督甲", "乙执法"))
    found = {c.name: c for c in world.reviewers.candidates(campaign)}
    assert LIAISON not in found
    assert set(found) == {*SUPERVISORS, INVITED, *UNITS.values()}
    assert (found["监督甲"].load, found["乙执法"].load, found["监督乙"].load) == (1, 1, 0)
    assert (found["乙执法"].role, found["乙执法"].where) == ("执法人员", B)
    assert [c.name for c in world.reviewers.candidates(campaign, "乙局")] == ["乙执法"]


# ---------------------------------------------------------------- automatic assignment


def loads(world: World, campaign: str) -> Counter[str]:
    return Counter(r.name for f in drawn(world, campaign) for r in f.reviewers)


def test_auto_assign_gives_every_drawn_file_two_reviewers_from_other_units(world):
    campaign = sampled_campaign(world, (A, B, C, D), files=4, files_per_unit=3)
    pool = world.person_ids(*SUPERVISORS, INVITED, *UNITS.values())
    assert world.reviewers.auto_assign(campaign, pool) == 12
    officer_unit = {officer: unit for unit, officer in UNITS.items()}
    for row in drawn(world, campaign):
        names = reviewer_names(world, row.id)
        assert len(names) == len(set(names)) == 2
        assert all(officer_unit.get(n) != row.unit_name for n in names), (row.unit_name, names)
        assert row.stage == "评查中"
    found = loads(world, campaign)
    assert sum(found.values()) == 24
    assert set(found) == {*SUPERVISORS, INVITED, *UNITS.values()}
    # files that already have enough reviewers are left alone
    before = [(f.id, f.reviewers) for f in drawn(world, campaign)]
    assert world.reviewers.auto_assign(campaign, pool) == 0
    assert [(f.id, f.reviewers) for f in drawn(world, campaign)] == before


def test_auto_assign_is_even_when_every_reviewer_may_review_every_file(world):
    campaign = sampled_campaign(world, (A, B, C, D), files=4, files_per_unit=3)
    world.reviewers.auto_assign(campaign, world.person_ids(*SUPERVISORS, INVITED))
    assert sorted(loads(world, campaign).values()) == [6, 6, 6, 6]
    balance = world.reviewers.balance(campaign)
    assert (balance.unbalanced, balance.message) == (False, "")


def test_auto_assign_tops_up_and_counts_existing_loads(world):
    campaign = sampled_campaign(world, (A, B), files=2)
    first = one_file_of(world, campaign, A)
    world.reviewers.assign(first.id, world.person_ids("监督甲", "监督乙"))
    assert world.reviewers.auto_assign(campaign, world.person_ids(*SUPERVISORS, INVITED)) == 3
    found = loads(world, campaign)
    assert max(found.values()) - min(found.values()) <= 1
    assert sorted(reviewer_names(world, first.id)) == ["监督乙", "监督甲"]


def test_auto_assign_with_three_per_file(world):
    campaign = sampled_campaign(world, (A, B), files=2)
    world.reviewers.auto_assign(campaign, world.person_ids(*SUPERVISORS, INVITED), per_file=3)
    assert {len(f.reviewers) for f in drawn(world, campaign)} == {3}


def test_auto_assign_is_refused_whole_when_a_file_cannot_get_enough_reviewers(world):
    campaign = sampled_campaign(world, (A, B), files=2)
    # 甲执法 cannot review 甲局's files, so they can only get 监督甲: nothing is assigned at all
    error = refused(
        world.services, world.reviewers.auto_assign, campaign, world.person_ids("甲执法", "监督甲")
    )
    assert "找不到2名本单位以外的评查人员" in error.message
    assert "右玉县甲局" in error.message
    assert all(f.reviewers == () for f in drawn(world, campaign))


def test_auto_assign_refusals(world):
    campaign = sampled_campaign(world, (A, B), files=2)
    pool = world.person_ids(*SUPERVISORS)
    for per_file in (1, 6):
        error = refused(world.services, world.reviewers.auto_assign, campaign, pool, per_file)
        assert error.field == "每份案卷评查人数"
    error = refused(world.services, world.reviewers.auto_assign, campaign, pool[:1])
    assert "至少选择2名" in error.message
    error = refused(
        world.services,
        world.reviewers.auto_assign,
        campaign,
        [*world.person_ids("监督甲"), "nobody", "nobody-else"],
    )
    assert "至少选择2名" in error.message
    # a liaison in the pool is refused by name rather than assigned
    error = refused(
        world.services, world.reviewers.auto_assign, campaign, world.person_ids(LIAISON, "监督甲")
    )
    assert "联络甲是联络员" in error.message
    fresh = world.campaigns.create("未抽取", 2026, world.unit_ids(A), 1).id
    error = refused(world.services, world.reviewers.auto_assign, fresh, pool)
    assert "还没有抽取案卷" in error.message


@pytest.mark.parametrize(
    ("units", "reviewers"),
    [
        # 3/2/2/1 where 2/2/2/2 is possible: 甲局's files to 乙执法 and a supervisor each,
        # 乙局's to 甲执法 and the other supervisor
        ((A, B), ("监督甲", "监督乙", "甲执法", "乙执法")),
        # 24 places for 8 reviewers: 4/3/…/2 where 3 each is possible
        ((A, B, C, D), (*SUPERVISORS, INVITED, *UNITS.values())),
    ],
    ids=["two-units", "four-units"],
)
def test_auto_assign_balances_when_the_pool_allows(world, units, reviewers):
    campaign = sampled_campaign(world, units, files=4, files_per_unit=2 if len(units) == 2 else 3)
    world.reviewers.auto_assign(campaign, world.person_ids(*reviewers))
    found = loads(world, campaign)
    assert max(found.values()) - min(found.values()) <= 1, found


def test_balance_warns_after_a_lopsided_manual_assignment_and_names_the_reviewers(world):
    campaign = sampled_campaign(world, (A, B), files=2)
    rows = drawn(world, campaign)
    for row in rows[:3]:
        world.reviewers.assign(row.id, world.person_ids("监督甲", "监督乙"))
    world.reviewers.assign(rows[3].id, world.person_ids("监督丙", INVITED))
    balance = world.reviewers.balance(campaign)
    assert balance.unbalanced
    assert dict(balance.loads) == {"监督甲": 3, "监督乙": 3, "监督丙": 1, INVITED: 1}
    most, least = balance.loads[0], balance.loads[-1]
    assert most[0] in {"监督甲", "监督乙"} and least[0] in {"监督丙", INVITED}
    assert balance.message == (
        f"分配不均衡：{most[0]}分到3份案卷，{least[0]}只有1份（相差超过1份）。"
    )
    # a difference of one is not a warning
    world.reviewers.assign(rows[2].id, world.person_ids("监督丙", INVITED))
    assert not world.reviewers.balance(campaign).unbalanced


def test_a_reviewer_with_a_scored_sheet_cannot_be_deleted_from_the_register(world):
    campaign = sampled_campaign(world)
    row = one_file_of(world, campaign, A)
    world.reviewers.assign(row.id, world.person_ids("监督甲", "监督乙"))
    score(world, sheet_of(world, row.id, "监督甲"), {"C1-1": 1})
    refused(world.services, world.services.registry.delete, "people", world.people["监督甲"])
