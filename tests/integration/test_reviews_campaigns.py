"""评查活动 set-up, changes and deletion, and the case files registered by hand."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import text

from tests.integration.review_world import (
    DAY,
    PENALTY,
    A,
    B,
    C,
    D,
    World,
    add_unit,
    assigned_campaign,
    db_state,
    drawn,
    file_values,
    new_campaign,
    refused,
    register,
    sampled_campaign,
    score,
    score_file,
    sheets_of,
    world_copy,
)
from yuyou_desktop.domain.scoring_file import CASE_TYPES


@pytest.fixture
def world(tmp_path) -> Iterator[World]:
    with world_copy(tmp_path) as found:
        yield found


# ---------------------------------------------------------------- creating


def test_a_new_campaign_records_its_units_the_current_standards_and_the_threshold(world):
    world.services.settings.set("reviews.discussion_threshold", 8)
    record = world.campaigns.create("  2026年度  案卷评查 ", 2026, world.unit_ids(B, A, B), 3)
    assert record.name == "2026年度 案卷评查"
    assert [u.name for u in record.units] == sorted([A, B])
    assert [(ct, version) for ct, _, version, _ in record.standards] == [
        (ct, 1) for ct in CASE_TYPES
    ]
    assert record.discussion_threshold == Decimal(8)
    assert record.sample_seed is None
    # a later change of the setting does not touch the campaign
    world.services.settings.set("reviews.discussion_threshold", 20)
    assert world.campaigns.get(record.id).discussion_threshold == Decimal(8)
    (summary,) = world.campaigns.list()
    assert (summary.units, summary.files, summary.stage) == (2, 0, "登记案卷")


BAD_CAMPAIGNS = [
    ("", 2026, 2, "活动名称"),
    ("   ", 2026, 2, "活动名称"),
    ("评" * 121, 2026, 2, "活动名称"),
    ("评查", 1999, 2, "评查年度"),
    ("评查", DAY.year + 2, 2, "评查年度"),
    ("评查", 2026, 0, "每单位抽取案卷数"),
    ("评查", 2026, 101, "每单位抽取案卷数"),
]


def test_a_campaign_with_a_bad_field_is_refused_and_the_limits_are_accepted(world):
    for name, year, per_unit, field in BAD_CAMPAIGNS:
        error = refused(
            world.services, world.campaigns.create, name, year, world.unit_ids(A), per_unit
        )
        assert error.field == field, (name, year, per_unit)
    for name, year, per_unit in (("评" * 120, 2026, 1), ("评查", 2000, 100), ("评查", 2027, 5)):
        assert world.campaigns.create(name, year, world.unit_ids(A), per_unit).year == year


def test_a_campaign_without_units_or_with_an_unknown_or_deleted_unit_is_refused(world):
    services = world.services
    assert refused(services, world.campaigns.create, "评查", 2026, [], 2).field == "评查单位"
    error = refused(
        services, world.campaigns.create, "评查", 2026, [world.units[A], "no-such-unit"], 2
    )
    assert "不存在或已被删除" in error.message
    services.registry.delete("people", world.people["丙执法"])
    services.registry.delete("units", world.units[C])
    error = refused(services, world.campaigns.create, "评查", 2026, world.unit_ids(A, C), 2)
    assert "不存在或已被删除" in error.message


# ---------------------------------------------------------------- changing


def test_a_campaign_is_renamed_and_its_scope_and_number_changed(world):
    campaign = new_campaign(world, (A, B))
    record = world.campaigns.get(campaign)
    changed = world.campaigns.update(
        campaign, "新名称", world.unit_ids(A, C), 4, "备注", record.version
    )
    assert (changed.name, changed.files_per_unit, changed.remark) == ("新名称", 4, "备注")
    assert {u.name for u in changed.units} == {A, C}
    assert changed.version == record.version + 1


def test_a_stale_change_is_refused(world):
    campaign = new_campaign(world)
    old = world.campaigns.get(campaign).version
    world.campaigns.update(campaign, "第一次", world.unit_ids(A, B), 2, "", old)
    error = refused(
        world.services,
        world.campaigns.update,
        campaign,
        "第二次",
        world.unit_ids(A, B),
        2,
        "",
        old,
    )
    assert "已被别处修改" in error.message


def test_a_unit_with_registered_files_stays_in_scope(world):
    campaign = new_campaign(world, (A, B))
    register(world, campaign, B, [1, 2])
    version = world.campaigns.get(campaign).version
    error = refused(
        world.services, world.campaigns.update, campaign, "评查", world.unit_ids(A), 2, "", version
    )
    assert f"“{B}”已登记2份案卷" in error.message
    # once its files are deleted it can go
    for row in world.campaigns.files(campaign):
        world.campaigns.delete_file(row.id)
    assert [
        u.name
        for u in world.campaigns.update(campaign, "评查", world.unit_ids(A), 2, "", version).units
    ] == [A]


def test_the_number_per_unit_is_fixed_once_drawn_but_the_name_is_not(world):
    campaign = sampled_campaign(world)
    version = world.campaigns.get(campaign).version
    error = refused(
        world.services,
        world.campaigns.update,
        campaign,
        "评查",
        world.unit_ids(A, B),
        3,
        "",
        version,
    )
    assert error.field == "每单位抽取案卷数"
    renamed = world.campaigns.update(campaign, "改名", world.unit_ids(A, B), 2, "", version)
    assert renamed.name == "改名"


def test_a_change_with_a_bad_field_is_refused(world):
    campaign = new_campaign(world)
    version = world.campaigns.get(campaign).version
    for name, units, per_unit in (("", [A], 2), ("评查", [], 2), ("评查", [A], 0)):
        refused(
            world.services,
            world.campaigns.update,
            campaign,
            name,
            world.unit_ids(*units),
            per_unit,
            "",
            version,
        )


# ---------------------------------------------------------------- deleting


def test_a_campaign_with_assigned_but_unscored_files_is_deleted_with_them(world):
    campaign = assigned_campaign(world)
    world.campaigns.delete(campaign)
    assert world.campaigns.list() == []
    refused(world.services, world.campaigns.get, campaign)
    state = db_state(world.services)
    assert len(state["review_sheets"]) == 8
    assert len(state["review_case_files"]) == 4
    # everything is a tombstone (deleted_at set), so that the deletion syncs
    with world.services.database.reader() as session:
        for table in (
            "review_campaigns",
            "review_campaign_units",
            "review_case_files",
            "review_sheets",
        ):
            live = session.execute(
                text(f"SELECT count(*) FROM {table} WHERE deleted_at IS NULL")
            ).scalar_one()
            assert live == 0, table


def test_a_campaign_with_a_scored_sheet_cannot_be_deleted(world):
    campaign = assigned_campaign(world)
    score(world, sheets_of(world, drawn(world, campaign)[0].id)[0], {"C1-1": 1})
    error = refused(world.services, world.campaigns.delete, campaign)
    assert "已有1份评分表，不能删除" in error.message


# ---------------------------------------------------------------- case files by hand


def test_a_case_file_is_registered_with_its_fields(world):
    campaign = new_campaign(world)
    row = world.campaigns.add_file(
        campaign, file_values(A, 1, case_type="处罚", decided_on="2026年3月1日", party=" 某  公司 ")
    )
    assert (row.unit_name, row.case_type, row.decided_on, row.party) == (
        A,
        PENALTY,
        date(2026, 3, 1),
        "某 公司",
    )
    assert (row.sampled, row.stage) == (False, "未抽中")
    by_id = world.campaigns.add_file(campaign, file_values(world.units[B], 1))
    assert by_id.unit_name == B


BAD_FILES = [
    ({"unit": ""}, "执法单位", "不能为空"),
    ({"case_number": " "}, "案号", "不能为空"),
    ({"case_type": None}, "案件类型", "不能为空"),
    ({"title": ""}, "案件名称", "不能为空"),
    ({"unit": C}, "执法单位", "不是本次评查活动范围内的单位"),
    ({"case_type": "行政征收"}, "案件类型", "不是可选的值"),
    ({"decided_on": DAY + timedelta(days=1)}, "决定日期", "晚于今天"),
    ({"decided_on": "2026-02-30"}, "决定日期", "不是日期"),
    ({"decided_on": "1989-12-31"}, "决定日期", "太早"),
    ({"case_number": "号" * 61}, "案号", "最多60个字"),
    ({"title": "案" * 201}, "案件名称", "最多200个字"),
]


def test_a_case_file_with_a_bad_field_is_refused(world):
    campaign = new_campaign(world)
    for changes, field, reason in BAD_FILES:
        values = file_values(A, 1, **changes)
        error = refused(world.services, world.campaigns.add_file, campaign, values)
        assert (error.field, reason in error.reason) == (field, True), changes


def test_a_decision_dated_today_is_accepted(world):
    campaign = new_campaign(world)
    assert world.campaigns.add_file(campaign, file_values(A, 1, decided_on=DAY)).decided_on == DAY


def test_a_case_number_is_unique_within_a_unit_but_not_across_units(world):
    campaign = new_campaign(world)
    world.campaigns.add_file(campaign, file_values(A, "右罚〔2026〕1号"))
    error = refused(
        world.services, world.campaigns.add_file, campaign, file_values(A, "右罚〔2026〕1号")
    )
    assert error.field == "案号" and "已经登记过了" in error.reason
    other = world.campaigns.add_file(campaign, file_values(B, "右罚〔2026〕1号"))
    assert other.unit_name == B
    # and in another campaign the same file may be registered again
    again = new_campaign(world, name="另一次评查")
    assert world.campaigns.add_file(again, file_values(A, "右罚〔2026〕1号")).unit_name == A


def test_a_deleted_file_frees_its_case_number(world):
    campaign = new_campaign(world)
    (first,) = register(world, campaign, A, [1])
    world.campaigns.delete_file(first)
    assert world.campaigns.add_file(campaign, file_values(A, 1)).id != first


def test_a_file_is_corrected_but_not_into_a_duplicate(world):
    campaign = new_campaign(world)
    first, second = register(world, campaign, A, [1, 2])
    row = world.campaigns.file(first)
    fixed = world.campaigns.update_file(first, file_values(A, 1, title="更正后的案名"), row.version)
    assert fixed.title == "更正后的案名"
    error = refused(
        world.services,
        world.campaigns.update_file,
        second,
        file_values(A, 1),
        world.campaigns.file(second).version,
    )
    assert error.field == "案号"
    error = refused(
        world.services, world.campaigns.update_file, first, file_values(A, 1), row.version
    )
    assert "已被别处修改" in error.message


def test_no_file_is_added_or_deleted_after_the_sample_is_drawn(world):
    campaign = sampled_campaign(world, files=3)
    error = refused(world.services, world.campaigns.add_file, campaign, file_values(A, 9))
    assert "已经抽取案卷" in error.message
    for row in world.campaigns.files(campaign):  # drawn or not
        error = refused(world.services, world.campaigns.delete_file, row.id)
        assert "不能再删除" in error.message


def test_a_drawn_file_keeps_its_unit_and_case_type_but_other_fields_can_be_corrected(world):
    campaign = sampled_campaign(world)
    row = drawn(world, campaign)[0]
    unit = A if row.unit_name == A else B
    other = B if unit == A else A
    number = row.case_number
    for changes in ({"unit": other}, {"case_type": "行政许可"}):
        error = refused(
            world.services,
            world.campaigns.update_file,
            row.id,
            file_values(unit, number, **changes),
            row.version,
        )
        assert "不能再改" in error.message
    fixed = world.campaigns.update_file(
        row.id, file_values(unit, number, party="王某"), row.version
    )
    assert (fixed.party, fixed.sampled, fixed.sample_order) == ("王某", True, row.sample_order)


def test_a_finalised_file_cannot_be_edited(world):
    campaign = assigned_campaign(world, (A,), files=1)
    (row,) = drawn(world, campaign)
    score_file(world, row.id, {}, {})
    row = world.scoring.finalise(row.id, "王科长")
    error = refused(
        world.services,
        world.campaigns.update_file,
        row.id,
        file_values(A, row.case_number, party="改"),
        row.version,
    )
    assert "已定稿" in error.message


def test_after_drawing_no_correction_changes_what_the_stored_seed_draws(world):
    campaign = sampled_campaign(world, files=3)
    record = world.campaigns.get(campaign)
    left_out = [r for r in world.campaigns.files(campaign) if not r.sampled]
    assert left_out
    row = left_out[0]
    other = B if row.unit_name == A else A
    refused(
        world.services,
        world.campaigns.update_file,
        row.id,
        file_values(other, "新案号"),
        row.version,
    )
    assert world.campaigns.get(campaign).sample_seed == record.sample_seed


def test_a_unit_name_shared_by_two_units_in_scope_is_refused_as_ambiguous(world):
    twin = add_unit(world.services, A, 9)  # same name, another credit code
    campaign = world.campaigns.create("评查", 2026, [world.units[A], twin], 2).id
    error = refused(world.services, world.campaigns.add_file, campaign, file_values(A, 1))
    assert error.field == "执法单位" and "2个" in error.reason
    # by id it is clear which one is meant
    assert world.campaigns.add_file(campaign, file_values(twin, 1)).unit_id == twin


def test_a_unit_with_files_in_a_campaign_cannot_be_deleted_from_the_register(world):
    campaign = new_campaign(world, (A, D))
    register(world, campaign, D, [1])
    world.services.registry.delete("people", world.people["丁执法"])
    refused(world.services, world.services.registry.delete, "units", world.units[D])
    version = world.campaigns.get(campaign).version
    world.campaigns.update(campaign, "改名", world.unit_ids(A, D), 2, "", version)
