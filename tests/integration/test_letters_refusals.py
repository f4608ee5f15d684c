"""Every refusal of the letter service: a Chinese message, and nothing changed — neither a row
of any table nor a file of the attachment store."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from tests.integration.letter_support import (
    DAY,
    MARKET,
    World,
    Y,
    make_world,
    proposal,
    receipt,
    rectification,
    refused,
)
from yuyou_desktop.errors import FieldError, InputRejected
from yuyou_desktop.services.letters.records import LetterDraft, LetterQuery
from yuyou_desktop.services.registry.service import StaleRecord


@pytest.fixture
def world(county) -> World:
    return make_world(county)


# ---------------------------------------------------------------- drafts


BAD_DRAFTS = {
    "unknown field": (proposal(opinions="多余的内容项"), "opinions"),
    "date text": (rectification(deadline="明年四月底"), "整改期限"),
    "no such date": (rectification(deadline="2026-02-30"), "不是存在的日期"),
    "long title": (proposal(title="标" * 201), "标题"),
    "long line field": (receipt(place="地" * 201), "送达地点"),
    "two-line line field": (receipt(server="李四\n王五"), "送达人"),
    "long text field": (proposal(findings="问" * 5001), "发现的问题"),
    "two-line recipient": (proposal(recipient="甲局\n乙局"), "主送机关"),
    "form layout for a letter": (replace(proposal(), layout="form"), "版式"),
    "letter layout for a form": (replace(receipt(), layout="letter"), "版式"),
    "unknown type": (LetterDraft("memo", None, MARKET, "", {}), "memo"),
    "unknown unit": (proposal(unit_id="00000000-0000-0000-0000-000000000000"), "受文单位"),
    "too many cc": (replace(proposal(), cc=tuple(f"机关{n}" for n in range(21))), "抄送机关"),
}


@pytest.mark.parametrize("case", BAD_DRAFTS, ids=list(BAD_DRAFTS))
def test_a_bad_draft_is_refused_on_create_and_on_update(world, case):
    draft, named = BAD_DRAFTS[case]
    error = refused(world, world.letters.create, draft)
    assert named in error.message
    if draft.type_code == "memo":
        return
    good = replace(draft, fields={}, title="", recipient=MARKET, unit_id=None, layout=None, cc=())
    letter_id = world.draft(good)
    error = refused(world, world.letters.update, letter_id, world.version(letter_id), draft)
    assert named in error.message


def test_a_deleted_unit_is_refused(world):
    unit = world.units[MARKET]
    letter_id = world.draft(proposal())
    world.services.registry.delete("units", unit)
    error = refused(world, world.letters.create, proposal(unit_id=unit))
    assert "受文单位" in error.message
    error = refused(
        world, world.letters.update, letter_id, world.version(letter_id), proposal(unit_id=unit)
    )
    assert "受文单位" in error.message


def test_a_draft_whose_unit_was_deleted_since_cannot_be_issued(world):
    """The same rule as create and update: a letter is not issued to a deleted unit."""
    unit = world.units[MARKET]
    letter_id = world.draft(proposal(unit_id=unit))
    try:
        world.services.registry.delete("units", unit)
    except InputRejected:
        return  # the registry keeping a unit that a letter refers to is fine too
    error = refused(world, world.issue, letter_id)
    assert "受文单位" in error.message


def test_the_type_of_a_draft_cannot_change(world):
    letter_id = world.draft(proposal())
    error = refused(world, world.letters.update, letter_id, world.version(letter_id), receipt())
    assert "文书种类" in error.message


def test_a_correction_must_cite_an_issued_letter(world):
    draft_id = world.draft(proposal())
    for cited in (draft_id, "00000000-0000-0000-0000-000000000000"):
        error = refused(world, world.letters.create, replace(proposal(), corrects_id=cited))
        assert "更正" in error.message
    error = refused(world, world.letters.start_correction, draft_id)
    assert "草稿" in error.message


def test_stale_versions_are_refused(world):
    letter_id = world.draft(proposal())
    old = world.version(letter_id)
    world.letters.update(letter_id, old, proposal(title="改过"))
    for call, args in (
        (world.letters.update, (letter_id, old, proposal(title="再改"))),
        (world.letters.delete_draft, (letter_id, old)),
        (world.letters.issue, (letter_id, old)),
    ):
        error = refused(world, call, *args)
        assert isinstance(error, StaleRecord)
        assert "已被修改" in error.message
    issued = world.issue(letter_id)
    error = refused(world, world.letters.serve, letter_id, old + 1, DAY, "直接送达", "张三")
    assert isinstance(error, StaleRecord)
    assert world.letters.get(letter_id).version == issued.version


# ---------------------------------------------------------------- issuing


def test_issue_names_every_missing_item(world):
    letter_id = world.draft(proposal(recipient="", recommendations=""))
    error = refused(world, world.issue, letter_id)
    assert "受文单位" in error.message
    assert "监督建议" in error.message
    assert "发现的问题" not in error.message
    referral = world.draft(LetterDraft("referral", None, "", "", {"lead": "某线索"}))
    error = refused(world, world.issue, referral)
    assert "主送机关" in error.message and "移送理由和依据" in error.message


def test_issue_refuses_a_deadline_before_the_issue_date(world):
    letter_id = world.draft(rectification(deadline=f"{Y}-03-15"))
    error = refused(world, world.issue, letter_id, DAY)
    assert "期限" in error.message
    assert world.issue(letter_id, date(Y, 3, 15)).number == f"右司监改〔{Y}〕1号"


def test_issue_refuses_a_future_date(world):
    letter_id = world.draft(proposal())
    error = refused(world, world.issue, letter_id, DAY + timedelta(days=1))
    assert "签发日期" in error.message


def test_an_issued_letter_cannot_be_issued_edited_or_deleted(world):
    issued = world.issued(proposal())
    error = refused(world, world.letters.issue, issued.id, issued.version)
    assert "已签发" in error.message
    error = refused(world, world.letters.update, issued.id, issued.version, proposal(title="改"))
    assert "更正" in error.message
    error = refused(world, world.letters.delete_draft, issued.id, issued.version)
    assert "更正" in error.message
    world.void(issued.id)
    voided = world.letters.get(issued.id)
    for call, args in (
        (world.letters.update, (issued.id, voided.version, proposal(title="改"))),
        (world.letters.delete_draft, (issued.id, voided.version)),
        (world.letters.issue, (issued.id, voided.version)),
    ):
        assert "已作废" in refused(world, call, *args).message


# ---------------------------------------------------------------- service


@pytest.mark.parametrize(
    ("on", "method", "recipient", "named"),
    [
        (date(Y, 3, 9), "直接送达", "张三", "送达日期"),  # before the issue date
        (DAY + timedelta(days=1), "直接送达", "张三", "送达日期"),  # in the future
        (DAY, "飞鸽传书", "张三", "送达方式"),
        (DAY, "", "张三", "送达方式"),
        (DAY, "直接送达", "   ", "受送达人"),
        (DAY, "直接送达", "张" * 81, "受送达人"),
    ],
)
def test_bad_service_is_refused(world, on, method, recipient, named):
    issued = world.issued(proposal(), on=date(Y, 3, 10))
    error = refused(world, world.letters.serve, issued.id, issued.version, on, method, recipient)
    assert named in error.message


def test_a_letter_is_served_once_and_a_draft_never(world):
    issued = world.issued(proposal())
    served = world.serve(issued.id, DAY)
    error = refused(world, world.letters.serve, issued.id, served.version, DAY, "直接送达", "李四")
    assert "已送达" in error.message
    draft_id = world.draft(proposal())
    error = refused(world, world.serve, draft_id, DAY)
    assert "草稿" in error.message


# ---------------------------------------------------------------- reply, close, void


def test_a_service_receipt_takes_no_reply(world):
    issued = world.issued(receipt())
    served = world.serve(issued.id, DAY)
    error = refused(world, world.letters.reply, issued.id, served.version, DAY, "已签收")
    assert "不需要回复" in error.message


def test_bad_replies_are_refused(world):
    issued = world.issued(proposal(), on=date(Y, 3, 2))
    served = world.serve(issued.id, date(Y, 3, 10))
    reply = world.letters.reply
    error = refused(world, reply, issued.id, served.version, date(Y, 3, 9), "早于送达")
    assert "回复日期" in error.message
    error = refused(world, reply, issued.id, served.version, DAY + timedelta(days=1), "明天")
    assert "回复日期" in error.message
    error = refused(world, reply, issued.id, served.version, DAY, "   ")
    assert "回复情况" in error.message
    replied = reply(issued.id, served.version, DAY, "已回复")
    error = refused(world, reply, issued.id, replied.version, DAY, "又回复")
    assert "已回复" in error.message
    draft_id = world.draft(proposal())
    error = refused(world, reply, draft_id, world.version(draft_id), DAY, "回复")
    assert "草稿" in error.message


def test_closing_while_a_reply_is_awaited_needs_a_note(world):
    issued = world.issued(proposal(), on=date(Y, 3, 2))
    served = world.serve(issued.id, date(Y, 3, 10))
    error = refused(world, world.letters.close, issued.id, served.version, DAY)
    assert "办结说明" in error.message and "书面回复" in error.message
    error = refused(world, world.letters.close, issued.id, served.version, DAY, "   ")
    assert "办结说明" in error.message
    error = refused(world, world.letters.close, issued.id, served.version, date(Y, 3, 9), "理由")
    assert "办结日期" in error.message
    closed = world.letters.close(issued.id, served.version, DAY, "理由")
    error = refused(world, world.letters.close, issued.id, closed.version, DAY, "再办结")
    assert "已办结" in error.message
    draft_id = world.draft(proposal())
    error = refused(world, world.letters.close, draft_id, world.version(draft_id), DAY, "理由")
    assert "草稿" in error.message


def test_bad_voids_are_refused(world):
    issued = world.issued(proposal())
    for reason in ("", "   ", "理" * 201):
        error = refused(world, world.letters.void, issued.id, issued.version, reason)
        assert "作废理由" in error.message
    draft_id = world.draft(proposal())
    error = refused(world, world.letters.void, draft_id, world.version(draft_id), "作废草稿")
    assert "草稿" in error.message
    voided = world.void(issued.id, "写错了")
    error = refused(world, world.letters.void, issued.id, voided.version, "再作废")
    assert "已作废" in error.message
    for call, args in (
        (world.letters.serve, (issued.id, voided.version, DAY, "直接送达", "张三")),
        (world.letters.reply, (issued.id, voided.version, DAY, "回复")),
        (world.letters.close, (issued.id, voided.version, DAY, "办结")),
    ):
        assert "已作废" in refused(world, call, *args).message
    assert world.letters.get(issued.id).voided_reason == "写错了"


# ---------------------------------------------------------------- listing


@pytest.mark.parametrize(
    ("query", "named"),
    [
        (LetterQuery(sort="password"), "排序"),
        (LetterQuery(sort="id; DROP TABLE letters"), "排序"),
        (LetterQuery(status="lost"), "状态"),
        (LetterQuery(status="逾期未回复"), "状态"),
    ],
)
def test_list_refuses_an_unknown_sort_or_status(world, query, named):
    world.issued(proposal())
    error = refused(world, world.letters.list, query)
    assert isinstance(error, FieldError)
    assert error.field == named


def test_unknown_letters_are_stale(world):
    missing = "00000000-0000-0000-0000-000000000000"
    for call, args in (
        (world.letters.get, (missing,)),
        (world.letters.pdf, (missing,)),
        (world.letters.issue, (missing, 1)),
        (world.letters.start_correction, (missing,)),
        (world.letters.void, (missing, 1, "理由")),
    ):
        assert isinstance(refused(world, call, *args), StaleRecord)


def test_a_void_is_dated_and_the_date_is_checked(world):
    issued = world.issued(proposal(), on=DAY - timedelta(days=5))
    for day, words in (
        (DAY - timedelta(days=6), "早于签发日期"),
        (DAY + timedelta(days=1), "晚于今天"),
    ):
        error = refused(world, world.letters.void, issued.id, issued.version, "写错了", day)
        assert "作废日期" in error.message and words in error.message
    voided = world.letters.void(issued.id, issued.version, "写错了", DAY - timedelta(days=2))
    assert voided.voided_on == DAY - timedelta(days=2) and voided.status == "voided"


@pytest.mark.parametrize(
    ("kind", "source"), [("inspection", "no-such-id"), ("letterhead", None), (None, "x")]
)
def test_a_draft_must_cite_a_real_source(world, kind, source):
    draft = replace(proposal(), source_kind=kind, source_id=source)
    error = refused(world, world.letters.create, draft)
    assert "来源" in error.message


@pytest.mark.parametrize("title", ["第一行\n第二行", "制表\t符", "回\r车"])
def test_a_title_is_one_line_without_control_characters(world, title):
    error = refused(world, world.letters.create, proposal(title=title))
    assert "标题" in error.message


def test_a_draft_whose_source_was_deleted_can_still_be_saved_and_issued(world):
    source = world.draft(proposal(title="作为来源的草稿"))
    draft = replace(proposal(title="依据草稿起草"), source_kind="letter", source_id=source)
    letter_id = world.draft(draft)
    world.letters.delete_draft(source, world.version(source))
    world.letters.update(letter_id, world.version(letter_id), replace(draft, title="改过的标题"))
    issued = world.issue(letter_id)
    assert issued.title == "改过的标题" and issued.number and issued.source_id == source
    changed = replace(draft, source_kind="lead", source_id="no-such-lead")
    second = world.draft(proposal(title="另一份"))
    error = refused(world, world.letters.update, second, world.version(second), changed)
    assert "来源" in error.message
