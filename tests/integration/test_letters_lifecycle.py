"""The life of a letter: draft (editable) → issued (frozen, PDF kept by SHA-256) → served →
replied or overdue → closed; corrections cite the letter they correct."""

from __future__ import annotations

import hashlib
import io
from datetime import date

import pdfplumber
import pytest

from tests.integration.letter_support import (
    DAY,
    MARKET,
    TRANSPORT,
    World,
    Y,
    make_world,
    proposal,
    receipt,
    rectification,
    whole_state,
)
from yuyou_desktop.__main__ import build_services
from yuyou_desktop.services.letters.records import LetterDraft, LetterQuery
from yuyou_desktop.services.letters.service import LetterService
from yuyou_desktop.services.registry.service import StaleRecord


@pytest.fixture
def world(county) -> World:
    return make_world(county)


def pdf_text(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def overdue_ids(world: World) -> set[str]:
    return {row.id for row in world.letters.list(LetterQuery(status="overdue")).rows}


# ---------------------------------------------------------------- drafts


def test_a_draft_is_created_updated_and_deleted(world):
    unit = world.units[MARKET]
    draft = LetterDraft(
        "rectification",
        unit,
        f"  {MARKET}  ",
        "",
        {
            "problems": " 1. 未公示\r\n2. 未亮证 ",
            "requirements": "限期整改",
            "deadline": "2026年4月30日",
        },
        attachments=("  问题清单  ", ""),
        cc=("右玉县人民政府",),
    )
    letter_id = world.draft(draft)
    record = world.letters.get(letter_id)
    assert (record.status, record.status_label, record.version) == ("draft", "草稿", 1)
    assert (record.type_name, record.title) == ("行政执法监督整改通知书", "行政执法监督整改通知书")
    assert (record.unit_id, record.unit_name, record.recipient) == (unit, MARKET, MARKET)
    assert dict(record.fields) == {
        "problems": "1. 未公示\n2. 未亮证",
        "requirements": "限期整改",
        "deadline": "2026-04-30",
    }
    assert (record.deadline, record.attachments, record.cc) == (
        date(2026, 4, 30),
        ("问题清单",),
        ("右玉县人民政府",),
    )
    assert record.layout == "letter"

    other = world.units[TRANSPORT]
    changed = LetterDraft(
        "rectification",
        other,
        TRANSPORT,
        "关于限期整改的通知",
        {"problems": "未公示", "deadline": "2026-05-31"},
    )
    world.letters.update(letter_id, record.version, changed)
    record = world.letters.get(letter_id)
    assert record.version == 2
    assert (record.unit_id, record.recipient, record.title) == (
        other,
        TRANSPORT,
        "关于限期整改的通知",
    )
    assert dict(record.fields) == {"problems": "未公示", "deadline": "2026-05-31"}
    assert (record.deadline, record.attachments, record.cc) == (date(2026, 5, 31), (), ())

    world.letters.delete_draft(letter_id, record.version)
    with pytest.raises(StaleRecord):
        world.letters.get(letter_id)
    assert world.letters.list().total == 0


def test_a_draft_preview_is_a_pdf_and_stores_nothing(world):
    letter_id = world.draft(proposal())
    before = whole_state(world.services)
    data = world.letters.pdf(letter_id)
    assert data[:5] == b"%PDF-"
    assert "草稿" in pdf_text(data)
    assert whole_state(world.services) == before


# ---------------------------------------------------------------- follow-up


def test_a_proposal_is_due_fifteen_days_after_service(world):
    issued = world.issued(proposal(), on=date(Y, 3, 2))
    assert issued.due_on is None  # not served yet: no reply can be due
    served = world.serve(issued.id, date(Y, 3, 5), "邮寄送达", " 赵收发 ")
    assert (served.status, served.status_label) == ("served", "已送达")
    assert (served.served_on, served.served_method, served.served_recipient) == (
        date(Y, 3, 5),
        "邮寄送达",
        "赵收发",
    )
    assert served.due_on == date(Y, 3, 20)
    # content untouched by service
    assert (served.number, served.pdf_sha256, served.issued_on) == (
        issued.number,
        issued.pdf_sha256,
        issued.issued_on,
    )


def test_a_rectification_keeps_the_deadline_written_in_it(world):
    issued = world.issued(rectification(deadline=f"{Y}-04-30"))
    assert issued.due_on == date(Y, 4, 30)
    served = world.serve(issued.id, DAY)
    assert served.due_on == date(Y, 4, 30)


def test_reply_then_close(world):
    issued = world.issued(proposal(), on=date(Y, 3, 2))
    world.serve(issued.id, date(Y, 3, 5))
    replied = world.letters.reply(
        issued.id, world.version(issued.id), date(Y, 3, 12), "  已整改并书面回复  "
    )
    assert (replied.status, replied.status_label) == ("replied", "已回复")
    assert (replied.replied_on, replied.reply_note) == (date(Y, 3, 12), "已整改并书面回复")
    world.clock.day = date(Y, 6, 1)  # long after the due day: a replied letter is not overdue
    assert not world.letters.get(issued.id).overdue
    closed = world.letters.close(issued.id, world.version(issued.id), date(Y, 3, 13))
    assert (closed.status, closed.status_label) == ("closed", "已办结")
    assert (closed.closed_on, closed.close_note) == (date(Y, 3, 13), None)
    assert closed.pdf_sha256 == issued.pdf_sha256


def test_a_letter_still_awaiting_its_reply_closes_with_a_note(world):
    issued = world.issued(rectification())
    closed = world.letters.close(issued.id, issued.version, DAY, "  单位已撤销  ")
    assert (closed.status, closed.close_note) == ("closed", "单位已撤销")


def test_a_service_receipt_expects_nothing_and_closes_without_a_note(world):
    issued = world.issued(receipt())
    assert issued.due_on is None
    served = world.serve(issued.id, DAY)
    assert served.due_on is None
    world.clock.day = date(Y + 1, 1, 1)
    assert not world.letters.get(issued.id).overdue
    closed = world.letters.close(issued.id, served.version, DAY)
    assert (closed.status, closed.close_note) == ("closed", None)


def test_overdue_only_after_the_due_day(world):
    issued = world.issued(proposal(), on=date(Y, 3, 2))
    world.serve(issued.id, date(Y, 3, 5))  # due on 3-20
    quiet = world.issued(proposal(title="已回复的建议书"), on=date(Y, 3, 2))
    world.serve(quiet.id, date(Y, 3, 5))
    world.letters.reply(quiet.id, world.version(quiet.id), date(Y, 3, 6), "已回复")
    world.clock.day = date(Y, 3, 20)
    record = world.letters.get(issued.id)
    assert (record.overdue, record.status_label) == (False, "已送达")
    assert overdue_ids(world) == set()
    world.clock.day = date(Y, 3, 21)
    record = world.letters.get(issued.id)
    assert (record.status, record.overdue, record.status_label) == ("served", True, "逾期未回复")
    assert overdue_ids(world) == {issued.id}
    (row,) = world.letters.list(LetterQuery(status="overdue")).rows
    assert (row.status_label, row.overdue, row.due_on) == ("逾期未回复", True, date(Y, 3, 20))
    assert world.letters.list(LetterQuery(status="served")).rows[0].status_label == "逾期未回复"
    world.letters.reply(issued.id, world.version(issued.id), date(Y, 3, 21), "迟交的回复")
    assert overdue_ids(world) == set()
    assert world.letters.get(issued.id).status_label == "已回复"


def test_an_unserved_rectification_is_overdue_after_its_deadline_unless_voided(world):
    first = world.issued(rectification(deadline=f"{Y}-03-31"))
    second = world.issued(rectification(deadline=f"{Y}-03-31"))
    world.clock.day = date(Y, 4, 1)
    assert overdue_ids(world) == {first.id, second.id}
    assert world.letters.get(first.id).status_label == "逾期未回复"
    world.void(second.id, "重复发文")
    assert overdue_ids(world) == {first.id}
    assert world.letters.get(second.id).status_label == "已作废"


# ---------------------------------------------------------------- corrections


def test_a_correction_is_a_new_letter_citing_the_original(world):
    original = world.issued(proposal(title="关于规范执法的建议"), on=date(Y, 3, 2))
    world.serve(original.id, date(Y, 3, 3))
    before = world.letters.get(original.id)
    correction_id = world.letters.start_correction(original.id)
    assert correction_id != original.id
    draft = world.letters.get(correction_id)
    assert (draft.status, draft.number, draft.corrects_id) == ("draft", "", original.id)
    assert draft.corrects_number == original.number
    assert (draft.title, dict(draft.fields)) == (original.title, dict(original.fields))
    assert world.letters.get(original.id).corrected_by == ("草稿",)

    fixed = proposal(title="关于规范执法的建议", recommendations="规范送达程序，完善送达回证")
    fixed = LetterDraft(**{**fixed.__dict__, "corrects_id": original.id})
    world.letters.update(correction_id, draft.version, fixed)
    issued = world.issue(correction_id)
    assert issued.number == f"右司监建〔{Y}〕2号"
    text = "".join(pdf_text(world.letters.pdf(correction_id)).split())
    assert original.number in text
    assert "更正" in text
    after = world.letters.get(original.id)
    assert after.corrected_by == (issued.number,)
    # the original itself did not change
    assert (after.status, after.number, after.pdf_sha256, after.fields) == (
        before.status,
        before.number,
        before.pdf_sha256,
        before.fields,
    )
    assert hashlib.sha256(world.letters.pdf(original.id)).hexdigest() == original.pdf_sha256


# ---------------------------------------------------------------- the archived PDF


def test_the_issued_pdf_is_the_archived_one_even_after_reopening(world, data_paths):
    issued = world.issued(proposal(title="关于规范执法的建议"))
    data = world.letters.pdf(issued.id)
    assert hashlib.sha256(data).hexdigest() == issued.pdf_sha256
    assert len(data) == issued.pdf_size
    text = "".join(pdf_text(data).split())
    assert issued.number in text and "草稿" not in text
    world.serve(issued.id, DAY)
    world.letters.close(issued.id, world.version(issued.id), DAY, "已口头答复")
    assert world.letters.pdf(issued.id) == data

    world.services.database.close()
    again = build_services(data_paths)
    try:
        letters = LetterService(
            again.database,
            again.office,
            again.letter_fonts,
            again.resources / "letters",
            again.paths.attachments,
            today=lambda: DAY,
        )
        record = letters.get(issued.id)
        assert (record.number, record.pdf_sha256, record.status) == (
            issued.number,
            issued.pdf_sha256,
            "closed",
        )
        assert letters.pdf(issued.id) == data
        assert again.letters.pdf(issued.id) == data
    finally:
        again.database.close()


def test_later_font_settings_do_not_change_an_issued_pdf(world):
    issued = world.issued(proposal())
    data = world.letters.pdf(issued.id)
    world.services.settings.set("letters.font.fangsong", "/nowhere/none.ttf")
    world.services.settings.set("letters.font.heiti", "")
    assert world.letters.pdf(issued.id) == data
    assert world.letters.get(issued.id).fonts == issued.fonts
