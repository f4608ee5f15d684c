"""What protects an issued letter outside the service: the database's triggers (migration 0007)
refuse raw SQL that would change or remove it or its number, and the archived PDF is read back
only when it still matches the SHA-256 recorded when the letter was issued."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest
import sqlalchemy.exc
from sqlalchemy import text

from tests.integration.letter_support import (
    DAY,
    World,
    Y,
    make_world,
    numbers_table,
    proposal,
    raw_sql,
    refused,
    whole_state,
)
from yuyou_desktop.errors import InputRejected

FROZEN = "已签发的文书不能修改或删除"
NUMBER_KEPT = "已用的文号不能修改"
NUMBER_NOT_DELETED = "已用的文号不能删除"

LETTER_CHANGES = {
    "title": ("UPDATE letters SET title = '改过的标题' WHERE id = :id", FROZEN),
    "fields": ("UPDATE letters SET fields = '{}' WHERE id = :id", FROZEN),
    "recipient": ("UPDATE letters SET recipient = '别的单位' WHERE id = :id", FROZEN),
    "deadline": ("UPDATE letters SET deadline = '2099-01-01' WHERE id = :id", FROZEN),
    "number": (f"UPDATE letters SET number = '右司监建〔{Y}〕9号' WHERE id = :id", FROZEN),
    "serial": ("UPDATE letters SET serial = 9 WHERE id = :id", FROZEN),
    "issued_on": ("UPDATE letters SET issued_on = '2020-01-01' WHERE id = :id", FROZEN),
    "pdf_sha256": (f"UPDATE letters SET pdf_sha256 = '{'0' * 64}' WHERE id = :id", FROZEN),
    "pdf_sha256 null": ("UPDATE letters SET pdf_sha256 = NULL WHERE id = :id", FROZEN),
    "fonts": ("UPDATE letters SET fonts = '[]' WHERE id = :id", FROZEN),
    "back to draft": ("UPDATE letters SET status = 'draft' WHERE id = :id", FROZEN),
    "tombstone": (
        "UPDATE letters SET deleted_at = '2026-03-16 00:00:00' WHERE id = :id",
        FROZEN,
    ),
    "number row deleted": ("DELETE FROM letter_numbers WHERE letter_id = :id", NUMBER_NOT_DELETED),
    "renumbered": ("UPDATE letter_numbers SET serial = 7 WHERE letter_id = :id", NUMBER_KEPT),
    "number text": (
        f"UPDATE letter_numbers SET number = '右司监建〔{Y}〕7号' WHERE letter_id = :id",
        NUMBER_KEPT,
    ),
    "number year": ("UPDATE letter_numbers SET year = 2020 WHERE letter_id = :id", NUMBER_KEPT),
    "number moved": (
        "UPDATE letter_numbers SET letter_id = :other WHERE letter_id = :id",
        NUMBER_KEPT,
    ),
    "number tombstone": (
        "UPDATE letter_numbers SET deleted_at = '2026-03-16 00:00:00' WHERE letter_id = :id",
        NUMBER_KEPT,
    ),
}


@pytest.fixture
def world(county) -> World:
    return make_world(county)


@pytest.fixture
def letters(world) -> tuple[str, str]:
    """An issued letter and a served one (the second so that a number can point at it)."""
    issued = world.issued(proposal(title="关于规范执法的建议"))
    other = world.issued(proposal(title="另一份建议书"))
    world.serve(other.id, DAY)
    return issued.id, other.id


@pytest.mark.parametrize("case", LETTER_CHANGES, ids=list(LETTER_CHANGES))
def test_raw_sql_through_the_session_is_refused(world, letters, case):
    statement, message = LETTER_CHANGES[case]
    letter_id, other = letters
    for target, elsewhere in ((letter_id, other), (other, letter_id)):  # issued, served
        before = whole_state(world.services)
        with (
            pytest.raises(sqlalchemy.exc.IntegrityError, match=message),
            world.services.database.writer() as session,
        ):
            session.execute(text(statement), {"id": target, "other": elsewhere})
        assert whole_state(world.services) == before


@pytest.mark.parametrize("case", LETTER_CHANGES, ids=list(LETTER_CHANGES))
def test_raw_sql_through_sqlite3_is_refused(world, letters, case):
    statement, message = LETTER_CHANGES[case]
    letter_id, other = letters
    before = whole_state(world.services)
    with pytest.raises(sqlite3.IntegrityError, match=message):
        raw_sql(world, statement, id=letter_id, other=other)
    assert whole_state(world.services) == before


def test_a_voided_letter_is_frozen_too(world, letters):
    letter_id, _ = letters
    world.void(letter_id, "写错了")
    before = whole_state(world.services)
    for statement in (
        "UPDATE letters SET title = '改过' WHERE id = :id",
        "UPDATE letters SET status = 'draft' WHERE id = :id",
    ):
        with pytest.raises(sqlite3.IntegrityError, match=FROZEN):
            raw_sql(world, statement, id=letter_id)
    assert whole_state(world.services) == before


@pytest.mark.parametrize(
    "statement",
    ["DELETE FROM letters WHERE id = :id", "UPDATE letters SET id = 'x' WHERE id = :id"],
    ids=["deleted", "id changed"],
)
def test_an_issued_letter_cannot_be_removed_with_sqlite3(world, letters, statement):
    """Migration 0007 and models_letters promise that an issued letter cannot be deleted; a tool
    opening the file with sqlite3 (foreign keys off, sqlite3's default) must be refused too,
    or the number's row is left pointing at nothing."""
    letter_id, _ = letters
    before = whole_state(world.services)
    with pytest.raises(sqlite3.IntegrityError, match=FROZEN):
        raw_sql(world, statement, id=letter_id)
    assert whole_state(world.services) == before


def test_a_number_cannot_leave_its_offices_sequence(world, letters):
    """Moving a number row to another office takes it out of the sequence max() looks at, and
    the next letter would get the same number again."""
    letter_id, _ = letters
    before = whole_state(world.services)
    with pytest.raises(sqlite3.IntegrityError, match=NUMBER_KEPT):
        raw_sql(
            world,
            "UPDATE letter_numbers SET origin_office = '999999' WHERE letter_id = :id",
            id=letter_id,
        )
    assert whole_state(world.services) == before
    assert world.issued(proposal()).number == f"右司监建〔{Y}〕3号"


def test_a_voided_numbers_reason_cannot_be_erased(world, letters):
    """A voided number keeps its reason (models_letters.LetterNumber)."""
    letter_id, _ = letters
    world.void(letter_id, "主送单位写错")
    before = whole_state(world.services)
    for statement in (
        "UPDATE letter_numbers SET voided_reason = NULL WHERE letter_id = :id",
        "UPDATE letter_numbers SET voided_reason = '别的理由' WHERE letter_id = :id",
    ):
        with pytest.raises(sqlite3.IntegrityError):
            raw_sql(world, statement, id=letter_id)
    assert whole_state(world.services) == before


def test_drafts_stay_editable_and_issued_letters_keep_following_up(world, letters):
    """The triggers are narrow: a draft may be changed, and the follow-up columns of an issued
    letter still change through the service."""
    draft_id = world.draft(proposal())
    assert raw_sql(world, "UPDATE letters SET title = '直接改的草稿' WHERE id = :id", id=draft_id)
    assert world.letters.get(draft_id).title == "直接改的草稿"
    letter_id, other = letters
    for target in (letter_id, other):
        with pytest.raises(sqlite3.IntegrityError):
            raw_sql(world, "UPDATE letters SET title = '改' WHERE id = :id", id=target)
    served = world.serve(letter_id, DAY, "留置送达", "王五")
    assert (served.status, served.served_on, served.due_on) == ("served", DAY, date(Y, 3, 31))
    replied = world.letters.reply(other, world.version(other), DAY, "已回复")
    closed = world.letters.close(other, replied.version, DAY)
    assert closed.status == "closed"
    voided = world.void(letter_id, "送错了")
    assert voided.status == "voided"
    assert [reason for *_, reason in numbers_table(world)] == ["送错了", None]


# ---------------------------------------------------------------- the archived file


def stored_file(world: World, letter_id: str):
    sha = world.letters.get(letter_id).pdf_sha256
    return world.services.paths.attachments / sha[:2] / sha


def test_a_changed_archive_file_is_refused(world, letters):
    letter_id, _ = letters
    path = stored_file(world, letter_id)
    original = path.read_bytes()
    path.write_bytes(original.replace(b"/Producer", b"/Producex", 1))
    assert path.read_bytes() != original
    error = refused(world, world.letters.pdf, letter_id)
    assert "已被改动" in error.message
    path.write_bytes(b"%PDF-1.4\n")
    assert "已被改动" in refused(world, world.letters.pdf, letter_id).message
    path.write_bytes(original)
    assert world.letters.pdf(letter_id) == original


def test_a_missing_archive_file_is_refused(world, letters):
    letter_id, _ = letters
    path = stored_file(world, letter_id)
    path.unlink()
    error = refused(world, world.letters.pdf, letter_id)
    assert isinstance(error, InputRejected)
    assert "无法读取" in error.message
    # nothing was quietly re-rendered in its place
    assert not path.exists()
