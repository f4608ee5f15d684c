"""Each reviewer's sheet, a file's stage, 合议, finalising (定稿) and reopening.

The 行政处罚 standard here is FINE_STANDARD (review_world): 文书 (50 points: F5 0.05 a defect,
F1 1 a defect) and 程序 (50 points: G10 10 a defect up to 20, G5 5 a defect); vetoes V1, V2."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal

import pytest

from tests.integration.review_world import (
    DAY,
    A,
    World,
    drawn,
    entries_for,
    refused,
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


@pytest.fixture
def file_id(world) -> str:
    """A drawn 行政处罚 file of 甲局 with 监督甲 and 监督乙 as reviewers (not yet scored)."""
    campaign = sampled_campaign(world, (A,), files=1, files_per_unit=1)
    (row,) = drawn(world, campaign)
    world.reviewers.assign(row.id, world.person_ids("监督甲", "监督乙"))
    return row.id


def scored(world: World, file_id: str, *totals: str):
    """Score the file's sheets to ``totals`` (in the order of its reviewers)."""
    return score_file(world, file_id, *(entries_for(t) for t in totals))


# ---------------------------------------------------------------- sheets


def test_a_sheet_is_scored_against_the_campaigns_standard(world, file_id):
    sheet_id = sheets_of(world, file_id)[0]
    sheet = world.scoring.sheet(sheet_id)
    assert (sheet.total, sheet.grade, sheet.scored_at, sheet.locked) == (None, None, None, False)
    assert (sheet.standard.version, sheet.standard.name) == (1, "测试用行政处罚案卷评查标准")
    saved = world.scoring.save_sheet(
        sheet_id,
        {},
        {"F1": (3, " 缺少送达回证 "), "F5": (0, ""), "G10": (0, "注意告知书格式")},
        sheet.version,
    )
    assert (saved.total, saved.grade) == (Decimal(97), "优秀")
    # items with no defect and no note are not kept
    assert saved.entries == {"F1": (3, "缺少送达回证"), "G10": (0, "注意告知书格式")}
    assert saved.scored_at is not None
    assert saved.version == sheet.version + 1
    assert world.scoring.sheet(sheet_id) == saved


def test_a_veto_gives_0_and_the_lowest_grade(world, file_id):
    sheet_id = sheets_of(world, file_id)[0]
    sheet = world.scoring.sheet(sheet_id)
    saved = world.scoring.save_sheet(sheet_id, {"V2": " 适用条款错误 "}, {}, sheet.version)
    assert (saved.total, saved.grade, saved.vetoes) == (
        Decimal(0),
        "不合格",
        {"V2": "适用条款错误"},
    )


@pytest.mark.parametrize(
    ("entries", "total"),
    [
        ({"G10": 1}, "90"),
        ({"G10": 5}, "80"),  # the item loses at most 20
        ({"G10": 5, "G5": 10}, "50"),  # 20 + 50, but the category loses at most 50
        ({"F1": 60}, "50"),
        ({"F1": 60, "G5": 11, "F5": 3}, "0"),  # no category below zero
        ({"F5": 3, "F1": 1}, "98.85"),
    ],
)
def test_deductions_are_capped_per_item_and_per_category(world, file_id, entries, total):
    assert score(world, sheets_of(world, file_id)[0], entries).total == Decimal(total)


def test_a_bad_sheet_is_refused(world, file_id):
    sheet_id = sheets_of(world, file_id)[0]
    version = world.scoring.sheet(sheet_id).version
    cases = [
        ({}, {"X9": (1, "")}, "没有扣分项“X9”"),
        ({"V9": ""}, {}, "没有否决项“V9”"),
        ({}, {"F1": (-1, "")}, "应为0或正整数"),
        ({}, {"F1": (1.5, "")}, "应为0或正整数"),
        ({}, {"F1": (1, "字" * 501)}, "最多500个字"),
        ({"V1": "字" * 501}, {}, "最多500个字"),
    ]
    for vetoes, entries, reason in cases:
        error = refused(
            world.services, world.scoring.save_sheet, sheet_id, vetoes, entries, version
        )
        assert reason in error.message, (vetoes, entries)
    saved = world.scoring.save_sheet(sheet_id, {}, {"F1": (1, "字" * 500)}, version)
    assert saved.total == Decimal(99)


def test_a_stale_sheet_is_refused(world, file_id):
    sheet_id = sheets_of(world, file_id)[0]
    old = world.scoring.sheet(sheet_id).version
    world.scoring.save_sheet(sheet_id, {}, {"F1": (1, "")}, old)
    error = refused(world.services, world.scoring.save_sheet, sheet_id, {}, {"F1": (2, "")}, old)
    assert "已被别处修改" in error.message


def test_a_file_goes_through_its_stages(world):
    campaign = sampled_campaign(world, (A,), files=1, files_per_unit=1)
    (row,) = drawn(world, campaign)
    assert row.stage == "待分配"
    row = world.reviewers.assign(row.id, world.person_ids("监督甲", "监督乙"))
    assert (row.stage, row.mean) == ("评查中", None)
    first, second = sheets_of(world, row.id)
    score(world, first, entries_for("95"))
    assert (world.campaigns.file(row.id).stage, world.campaigns.file(row.id).mean) == (
        "评查中",
        None,
    )
    score(world, second, entries_for("91"))
    row = world.campaigns.file(row.id)
    assert (row.stage, row.mean, row.needs_discussion) == ("待定稿", Decimal(93), False)
    row = world.scoring.finalise(row.id, "王科长")
    assert (row.stage, row.final_score, row.final_grade) == ("已定稿", Decimal(93), "优秀")
    assert (row.finalised_by, row.finalised_on) == ("王科长", DAY)
    (summary,) = world.campaigns.list()
    assert (summary.finalised, summary.stage) == (1, "已完成")


def test_a_finalised_files_sheets_are_locked(world, file_id):
    scored(world, file_id, "95", "95")
    world.scoring.finalise(file_id, "王科长")
    sheet_id = sheets_of(world, file_id)[0]
    sheet = world.scoring.sheet(sheet_id)
    assert sheet.locked
    error = refused(
        world.services, world.scoring.save_sheet, sheet_id, {}, {"F1": (1, "")}, sheet.version
    )
    assert "评分表已锁定" in error.message


# ---------------------------------------------------------------- 合议


@pytest.mark.parametrize(
    ("totals", "discuss", "stage"),
    [
        (("90", "79.9"), True, "待合议"),  # 10.1 apart
        (("90", "80"), False, "待定稿"),  # exactly the threshold
        (("79.9", "90"), True, "待合议"),
    ],
)
def test_discussion_is_needed_when_reviewers_differ_by_more_than_the_threshold(
    world, file_id, totals, discuss, stage
):
    assert world.campaigns.get(world.campaigns.file(file_id).campaign_id).discussion_threshold == 10
    row = scored(world, file_id, *totals)
    assert (row.needs_discussion, row.stage) == (discuss, stage)


def test_a_file_needing_discussion_is_finalised_with_the_agreed_score_and_conclusion(
    world, file_id
):
    row = scored(world, file_id, "90", "79.9")
    assert row.mean == Decimal("85.0")
    error = refused(world.services, world.scoring.finalise, file_id, "王科长", note="经合议")
    assert error.field == "合议得分"
    error = refused(
        world.services, world.scoring.finalise, file_id, "王科长", final_score=" ", note="经合议"
    )
    assert error.field == "合议得分"
    error = refused(world.services, world.scoring.finalise, file_id, "王科长", final_score="85")
    assert error.field == "合议意见"
    for bad in ("很好", "100.5", "-1", "85.55", "NaN"):
        error = refused(
            world.services,
            world.scoring.finalise,
            file_id,
            "王科长",
            final_score=bad,
            note="经合议",
        )
        assert error.field == "合议得分", bad
    # the grade at the band boundaries
    for agreed, grade in (("59.9", "不合格"), ("60", "合格"), ("89.9", "合格"), ("90", "优秀")):
        row = world.scoring.finalise(
            file_id, "王科长", final_score=agreed, note=f"经合议定为{agreed}分"
        )
        assert (row.final_score, row.final_grade) == (Decimal(agreed), grade)
        assert row.discussion_note == f"经合议定为{agreed}分"
        world.scoring.reopen(file_id, "王科长", "复核等次")
    assert [(e.action, e.score) for e in world.scoring.events(file_id)] == [
        ("定稿", Decimal("59.9")),
        ("重新打开", Decimal("59.9")),
        ("定稿", Decimal(60)),
        ("重新打开", Decimal(60)),
        ("定稿", Decimal("89.9")),
        ("重新打开", Decimal("89.9")),
        ("定稿", Decimal(90)),
        ("重新打开", Decimal(90)),
    ]


def test_without_discussion_the_final_score_is_the_mean_rounded_half_up(world, file_id):
    row = scored(world, file_id, "85.25", "85.30")
    assert (row.mean, row.needs_discussion) == (Decimal("85.3"), False)  # 85.275 → 85.3
    error = refused(world.services, world.scoring.finalise, file_id, "王科长", final_score="85.2")
    assert "平均分85.3" in error.message
    row = world.scoring.finalise(file_id, "王科长", final_score="85.30")
    assert (row.final_score, row.final_grade) == (Decimal("85.3"), "合格")


# ---------------------------------------------------------------- finalising and reopening


def test_an_incomplete_file_cannot_be_finalised(world, file_id):
    error = refused(world.services, world.scoring.finalise, file_id, "王科长")
    assert "评查中" in error.message
    score(world, sheets_of(world, file_id)[0], entries_for("95"))
    error = refused(world.services, world.scoring.finalise, file_id, "王科长")
    assert "要等每名评查人员都评完分才能定稿" in error.message


def test_finalising_is_refused_for_bad_names_dates_notes_and_stale_versions(world, file_id):
    row = scored(world, file_id, "95", "95")
    cases = [
        ({"by_name": " "}, "定稿人"),
        ({"by_name": "王" * 41}, "定稿人"),
        ({"on_date": DAY + timedelta(days=1)}, "定稿日期"),
        ({"note": "字" * 501}, "合议意见"),
        ({"expected_version": row.version - 1}, None),
    ]
    for changes, field in cases:
        kwargs = {"by_name": "王科长", **changes}
        error = refused(world.services, world.scoring.finalise, file_id, **kwargs)
        assert getattr(error, "field", None) == field, changes
    row = world.scoring.finalise(
        file_id, "王科长", DAY - timedelta(days=3), expected_version=row.version
    )
    assert row.finalised_on == DAY - timedelta(days=3)
    error = refused(world.services, world.scoring.finalise, file_id, "王科长")
    assert "已经定稿" in error.message


def test_finalising_is_logged(world, file_id):
    scored(world, file_id, "95", "96")
    world.scoring.finalise(file_id, "王科长", note="无异议")
    (event,) = world.scoring.events(file_id)
    assert (event.action, event.by_name, event.on_date, event.score, event.reason) == (
        "定稿",
        "王科长",
        DAY,
        Decimal("95.5"),
        "无异议",
    )


def test_reopening_needs_a_reason_and_a_name_and_clears_the_score(world, file_id):
    row = scored(world, file_id, "90", "79.9")
    error = refused(world.services, world.scoring.reopen, file_id, "王科长", "没有定稿")
    assert "还没有定稿" in error.message
    world.scoring.finalise(file_id, "王科长", final_score="82", note="经合议")
    for by_name, reason, field in (
        ("王科长", "  ", "重新打开的原因"),
        ("", "发现漏评", "经办人"),
        ("王科长", "字" * 501, "重新打开的原因"),
    ):
        error = refused(world.services, world.scoring.reopen, file_id, by_name, reason)
        assert error.field == field
    row = world.scoring.reopen(file_id, " 李 处长 ", " 发现漏评一处 ")
    assert (row.final_score, row.final_grade, row.finalised_by, row.finalised_on) == (
        None,
        None,
        "",
        None,
    )
    assert (row.discussion_note, row.stage) == ("", "待合议")
    last = world.scoring.events(file_id)[-1]
    assert (last.action, last.by_name, last.on_date, last.score, last.reason) == (
        "重新打开",
        "李 处长",
        DAY,
        Decimal(82),
        "发现漏评一处",
    )
    # the sheets are open again
    (low,) = [s for s in sheets_of(world, file_id) if world.scoring.sheet(s).total < 80]
    score(world, low, entries_for("88"))
    row = world.campaigns.file(file_id)
    assert (row.stage, row.mean) == ("待定稿", Decimal(89))
