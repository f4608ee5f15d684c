"""The letter templates in resources/letters: the defaults load, and a broken file is refused
naming the file and what is wrong, so the county can fix its own wording."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from yuyou_desktop.domain.letters import (
    LetterStatus,
    body_paragraphs,
    format_letter_number,
    is_overdue,
    load_letter_types,
    reply_deadline,
    written_date,
)
from yuyou_desktop.errors import InputRejected
from yuyou_desktop.paths import resources_dir

DEFAULTS = resources_dir() / "letters"


def test_the_defaults_are_nine_types_with_distinct_codes_and_suffixes():
    types = load_letter_types(DEFAULTS)
    assert len(types) == 9
    assert len({t.code for t in types}) == len({t.suffix for t in types}) == 9
    by_code = {t.code: t for t in types}
    assert by_code["proposal"].follow_up == "days" and by_code["proposal"].follow_up_days == 15
    assert by_code["rectification"].needs_deadline
    assert not by_code["service_receipt"].expects_reply


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "letters"
    shutil.copytree(DEFAULTS, target)
    return target


def _edit(folder: Path, name: str, change) -> None:
    path = folder / name
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


BROKEN = [
    ("code", lambda d: d.update(code="Proposal!"), "code"),
    ("suffix", lambda d: d.update(suffix="jian"), "suffix"),
    ("layout", lambda d: d.update(layout="poster"), "layout"),
    ("follow-up", lambda d: d.update(follow_up={"kind": "days", "days": 0}), "follow_up.days"),
    ("placeholder", lambda d: d["body"].append("见{nothing}"), "{nothing}"),
    ("field kind", lambda d: d["fields"][0].update(kind="colour"), "kind"),
    ("field key", lambda d: d["fields"][0].update(key="unit"), "字段名"),
    ("duplicate code", lambda d: d.update(code="notice"), "重复"),
    ("duplicate suffix", lambda d: d.update(suffix="通"), "重复"),
    ("empty body", lambda d: d.update(body=[]), "body"),
]


@pytest.mark.parametrize(("what", "change", "reason"), BROKEN, ids=[b[0] for b in BROKEN])
def test_a_broken_template_is_refused_naming_the_file(folder, what, change, reason):
    _edit(folder, "03_proposal.json", change)
    with pytest.raises(InputRejected) as caught:
        load_letter_types(folder)
    assert "03_proposal.json" in caught.value.message and reason in caught.value.message


def test_a_deadline_type_must_have_a_deadline_field(folder):
    _edit(
        folder,
        "05_rectification.json",
        lambda d: d.update(
            fields=[f for f in d["fields"] if f["key"] != "deadline"],
            body=[p for p in d["body"] if "deadline" not in p],
        ),
    )
    with pytest.raises(InputRejected, match="deadline"):
        load_letter_types(folder)


def test_a_file_that_is_not_json_or_an_empty_folder_is_refused(folder, tmp_path):
    (folder / "10_extra.json").write_text("{不是JSON", encoding="utf-8")
    with pytest.raises(InputRejected, match=r"10_extra\.json.*不是有效的 UTF-8 JSON"):
        load_letter_types(folder)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InputRejected, match="没有文书模板"):
        load_letter_types(empty)


def test_numbers_and_dates_are_written_the_gbt_9704_way():
    assert format_letter_number("右司监通", 2026, 3) == "右司监通〔2026〕3号"
    assert format_letter_number("右司监通", 2026, 12) == "右司监通〔2026〕12号"
    assert written_date(date(2026, 11, 2)) == "2026年11月2日"
    assert written_date(date(2026, 1, 9)) == "2026年1月9日"


def test_reply_deadlines_and_overdue():
    types = {t.code: t for t in load_letter_types(DEFAULTS)}
    served = date(2026, 3, 1)
    assert reply_deadline(types["proposal"], None, None) is None  # not served yet
    assert reply_deadline(types["proposal"], None, served) == date(2026, 3, 16)
    written = date(2026, 4, 30)
    assert reply_deadline(types["rectification"], written, served) == written
    assert reply_deadline(types["service_receipt"], None, served) is None
    due = date(2026, 3, 16)
    assert not is_overdue(LetterStatus.SERVED, due, due)
    assert is_overdue(LetterStatus.SERVED, due, date(2026, 3, 17))
    assert not is_overdue(LetterStatus.REPLIED, due, date(2026, 3, 17))


def test_the_body_splits_lines_into_paragraphs_and_drops_empty_ones():
    proposal = {t.code: t for t in load_letter_types(DEFAULTS)}["proposal"]
    body = body_paragraphs(proposal, {"findings": "甲\n\n乙", "recommendations": ""})
    assert "甲" in body and "乙" in body and "" not in body
    assert body.index("甲") + 1 == body.index("乙")
