"""发文字号: 机关代字 + type suffix + 〔year〕 + serial + 号, one sequence per office, type and
year, taken when a letter is issued and never reused (a voided number stays with its reason)."""

from __future__ import annotations

import hashlib
import itertools
import re
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.integration.letter_support import (
    DAY,
    World,
    Y,
    make_world,
    numbers_table,
    proposal,
    receipt,
    rectification,
)
from yuyou_desktop.domain.letters import LetterStatus


@pytest.fixture
def world(county) -> World:
    return make_world(county)


def test_numbers_follow_one_sequence_per_type_and_year(world):
    first = world.issued(proposal(title="第一份建议书"))
    assert first.number == f"右司监建〔{Y}〕1号"
    assert (first.status, first.status_label, first.issued_on) == ("issued", "已签发", DAY)
    second = world.issued(proposal(title="第二份建议书"))
    assert second.number == f"右司监建〔{Y}〕2号"
    other = world.issued(rectification())
    assert other.number == f"右司监改〔{Y}〕1号"
    receipt_letter = world.issued(receipt())
    assert receipt_letter.number == f"右司监送〔{Y}〕1号"
    world.clock.day = date(Y + 1, 1, 5)
    next_year = world.issued(proposal(), on=date(Y + 1, 1, 5))
    assert next_year.number == f"右司监建〔{Y + 1}〕1号"
    # a letter dated last year, issued after new year, continues last year's sequence
    late = world.issued(proposal(), on=date(Y, 12, 31))
    assert late.number == f"右司监建〔{Y}〕3号"
    assert [
        (t, year, serial, number) for t, year, serial, number, _, _ in numbers_table(world)
    ] == [
        ("proposal", Y, 1, f"右司监建〔{Y}〕1号"),
        ("proposal", Y, 2, f"右司监建〔{Y}〕2号"),
        ("proposal", Y, 3, f"右司监建〔{Y}〕3号"),
        ("proposal", Y + 1, 1, f"右司监建〔{Y + 1}〕1号"),
        ("rectification", Y, 1, f"右司监改〔{Y}〕1号"),
        ("service_receipt", Y, 1, f"右司监送〔{Y}〕1号"),
    ]
    letters = {letter_id: number for _, _, _, number, letter_id, _ in numbers_table(world)}
    for letter_id, number in letters.items():
        assert world.letters.get(letter_id).number == number


def test_numbers_have_no_di_and_no_leading_zeros(world):
    numbers = [world.issued(proposal(title=f"建议书{n}")).number for n in range(1, 11)]
    assert numbers == [f"右司监建〔{Y}〕{n}号" for n in range(1, 11)]
    assert all(re.fullmatch(rf"右司监建〔{Y}〕[1-9][0-9]*号", number) for number in numbers)
    assert not any("第" in number for number in numbers)


def test_drafts_never_take_a_number(world):
    kept = world.draft(proposal(title="留下的草稿"))
    edited = world.draft(proposal(title="改过的草稿"))
    dropped = world.draft(proposal(title="删掉的草稿"))
    world.letters.update(edited, world.version(edited), proposal(title="改过两次的草稿"))
    world.letters.delete_draft(dropped, world.version(dropped))
    assert numbers_table(world) == []
    for letter_id in (kept, edited):
        record = world.letters.get(letter_id)
        assert (record.number, record.status, record.pdf_sha256) == ("", "draft", None)
        assert (record.issued_on, record.due_on) == (None, None)
    # the third draft created (after two others and a deleted one) takes 1号
    issued = world.issue(edited)
    assert issued.number == f"右司监建〔{Y}〕1号"
    assert world.letters.get(kept).number == ""


def test_a_voided_number_keeps_its_reason_and_is_never_reused(world):
    one = world.issued(proposal(title="甲"))
    two = world.issued(proposal(title="乙"))
    voided = world.void(two.id, "  主送单位写错  ")
    assert (voided.status, voided.status_label) == ("voided", "已作废")
    assert (voided.number, voided.voided_reason, voided.voided_on) == (
        f"右司监建〔{Y}〕2号",
        "主送单位写错",
        DAY,
    )
    assert voided.pdf_sha256 == two.pdf_sha256
    assert hashlib.sha256(world.letters.pdf(two.id)).hexdigest() == two.pdf_sha256
    three = world.issued(proposal(title="丙"))
    assert three.number == f"右司监建〔{Y}〕3号"
    assert [
        (serial, letter_id, reason) for _, _, serial, _, letter_id, reason in numbers_table(world)
    ] == [(1, one.id, None), (2, two.id, "主送单位写错"), (3, three.id, None)]
    # voiding the newest number does not free it either
    world.void(three.id, "重复发文")
    assert world.issued(proposal(title="丁")).number == f"右司监建〔{Y}〕4号"


def test_issuing_freezes_the_letter_and_records_its_pdf(world):
    issued = world.issued(rectification(title="关于限期整改的通知"))
    assert issued.version == 2
    assert re.fullmatch(r"[0-9a-f]{64}", issued.pdf_sha256 or "")
    stored = world.services.paths.attachments / issued.pdf_sha256[:2] / issued.pdf_sha256
    assert stored.read_bytes()[:5] == b"%PDF-"
    assert issued.pdf_size == stored.stat().st_size
    assert len(issued.fonts) == 5 and all(issued.fonts)
    assert issued.due_on == date(Y, 4, 30)  # the deadline written in the letter
    assert issued.issued_at is not None


# ---------------------------------------------------------------- property

ACTIONS = st.lists(
    st.tuples(
        st.sampled_from(("issue", "void")),
        st.sampled_from(("proposal", "rectification")),
        st.integers(min_value=0, max_value=20),
    ),
    max_size=8,
)


def test_serials_per_type_are_gapless_and_voids_keep_their_reasons(world):
    """Each example works in a year of its own, so that its sequences start at 1."""
    years = itertools.count(2001)

    @settings(
        max_examples=25,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
        database=None,
    )
    @given(actions=ACTIONS)
    def check(actions: list[tuple[str, str, int]]) -> None:
        year = next(years)
        world.clock.day = date(year, 12, 31)  # letters are issued in this year or the last
        issued: dict[str, list[str]] = {"proposal": [], "rectification": []}
        reasons: dict[str, str] = {}
        for step, (action, code, pick) in enumerate(actions):
            if action == "issue":
                draft = (
                    proposal(title=f"建议{step}")
                    if code == "proposal"
                    else rectification(deadline=f"{year}-12-31", title=f"整改{step}")
                )
                issued[code].append(world.issued(draft, on=date(year, 6, 1)).id)
                continue
            live = [i for i in issued[code] if i not in reasons]
            if live:
                target = live[pick % len(live)]
                reasons[target] = f"作废理由{step}"
                world.void(target, reasons[target])
        taken = [row for row in numbers_table(world) if row[1] == year]
        for code, suffix in (("proposal", "建"), ("rectification", "改")):
            mine = [row for row in taken if row[0] == code]
            assert [serial for _, _, serial, _, _, _ in mine] == list(
                range(1, len(issued[code]) + 1)
            )
            assert [letter_id for _, _, _, _, letter_id, _ in mine] == issued[code]
            for _, _, serial, number, letter_id, reason in mine:
                assert number == f"右司监{suffix}〔{year}〕{serial}号"
                assert reason == reasons.get(letter_id)
                record = world.letters.get(letter_id)
                assert record.number == number
                assert record.voided_reason == reasons.get(letter_id)
                expected = LetterStatus.VOIDED if letter_id in reasons else LetterStatus.ISSUED
                assert record.status == expected

    check()
