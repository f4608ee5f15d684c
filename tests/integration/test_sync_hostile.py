"""Hostile payloads inside correctly signed and encrypted packages — made by hand and sealed with
新城镇's real signing key for the county's real key, as a township's laptop in the wrong hands
could: bad entry names, a zip bomb, rows the program does not know, rows of the wrong type.
Each is refused naming the problem, and nothing is applied — not even the tables before the bad
row (sync-protocol.md, "Payload" and import rule 7)."""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.integration.sync_support import (
    Offices,
    add_person,
    add_unit,
    count_rows,
    dump,
    export,
    hand_package,
    jsonl,
    offices,
    opened_rows,
    refused,
    sync_tmp,
)

Rows = dict[str, list[dict[str, Any]]]


@pytest.fixture
def world(tmp_path: Path) -> Iterator[tuple[Offices, Rows]]:
    """新城镇's real changes (a unit, then an officer of it), taken out of a real package; the
    package itself never reaches the county."""
    with offices(tmp_path) as w:
        unit = add_unit(w.town, "新城镇综合行政执法队", 1)
        add_person(w.town, "张新城", 1, unit)
        real = export(w.town, tmp_path / "made", "新城镇.yypkg")
        rows = opened_rows(w.county, real)
        assert [(t, len(r)) for t, r in rows.items()] == [("enforcement_units", 1), ("people", 1)]
        yield w, rows


def package(
    w: Offices, tmp_path: Path, rows: Rows, *extra: tuple[str, bytes], **header: Any
) -> Path:
    return hand_package(
        w.town, w.county, tmp_path / "stick" / "新城镇.yypkg", rows, extra, **header
    )


def test_the_hand_made_package_itself_is_accepted(world, tmp_path):
    """The control: sealed the same way without anything hostile, it goes in."""
    w, rows = world
    report = w.county.sync_import.import_file(package(w, tmp_path, rows))
    assert (report.status, report.stats["applied"]) == ("applied", 2)
    assert count_rows(w.county, "people", "name = ?", "张新城") == 1


HOSTILE = [
    ("../x", "不允许的条目名“../x”"),
    ("C:\\x", "不允许的条目名“C:\\x”"),
    ("\\\\server\\x", "不允许的条目名“\\\\server\\x”"),
    ("changes/../../x.jsonl", "不允许的条目名“changes/../../x.jsonl”"),
    ("/etc/passwd", "不认识的条目“/etc/passwd”"),
    ("con", "不认识的条目“con”"),
    ("attachments/x", "不认识的条目“attachments/x”"),
]


@pytest.mark.parametrize(("name", "reason"), HOSTILE)
def test_hostile_entry_names_are_refused_by_name(world, tmp_path, name, reason):
    w, rows = world
    refused(w.county, package(w, tmp_path, rows, (name, b"x")), "同步包的内容已损坏", reason)


def test_a_duplicate_entry_is_refused(world, tmp_path):
    w, rows = world
    people = ("changes/people.jsonl", jsonl(rows["people"]))
    units = {"enforcement_units": rows["enforcement_units"]}
    refused(w.county, package(w, tmp_path, units, people, people), "有重复的条目")


@pytest.mark.parametrize("where", ["changes", "attachment"])
def test_a_zip_bomb_is_refused_before_it_is_unpacked(world, tmp_path, where):
    w, rows = world
    zeros = b"\0" * (50 * 1024 * 1024)  # deflates to about 50 KB
    sha = hashlib.sha256(zeros).hexdigest()
    name = "changes/people.jsonl" if where == "changes" else f"attachments/{sha}"
    units = {"enforcement_units": rows["enforcement_units"]}
    bomb = package(w, tmp_path, units, (name, zeros))
    assert bomb.stat().st_size < 1024 * 1024
    refused(w.county, bomb, f"条目“{name}”的压缩比异常")
    assert not (w.county.paths.attachments / sha[:2] / sha).exists()


def test_a_row_of_an_unknown_table_is_refused_as_from_a_newer_version(world, tmp_path):
    w, rows = world
    future = copy.deepcopy(rows["people"])
    future[0]["seq"] = 3
    bad = package(w, tmp_path, {**rows, "drones": future})
    refused(w.county, bad, "不认识的数据“drones”", "更新版本")


def test_a_row_with_an_unknown_column_is_refused_as_from_a_newer_version(world, tmp_path):
    w, rows = world
    rows["people"][0]["row"]["wechat_id"] = "zhangxc"
    refused(w.county, package(w, tmp_path, rows), "不认识的字段“wechat_id”", "更新版本")


WRONG = [
    ("row", "version", "2", "“version”的值不对"),
    ("row", "name", 12345, "“name”的值不对"),
    ("row", "created_at", "上周三", "“created_at”的值不对"),
    ("row", "deleted_at", 7, "“deleted_at”的值不对"),
    ("row", "id", None, "缺少“id”"),
    ("change", "base_version", "0", "格式不对的变更"),
    ("change", "op", "merge", "格式不对的变更"),
    ("change", "seq", 99, "编号超出范围的变更"),
    ("change", "base_updated_at", "上周三", "格式不对"),
]


@pytest.mark.parametrize(("level", "column", "value", "reason"), WRONG)
def test_a_wrong_type_in_a_later_table_applies_nothing_at_all(
    world, tmp_path, level, column, value, reason
):
    """The unit (applied first) was fine; the officer's bad value undoes it too.  The package
    also carries a file, which must not stay behind in the county's store either."""
    w, rows = world
    target = rows["people"][0] if level == "change" else rows["people"][0]["row"]
    target[column] = value
    scan = b"%PDF-1.4 scan of the appointment letter"
    sha = hashlib.sha256(scan).hexdigest()
    bad = package(w, tmp_path, rows, (f"attachments/{sha}", scan), seq_from=1, seq_to=2)
    report = refused(w.county, bad, reason)
    assert "people" in report.message
    assert count_rows(w.county, "enforcement_units") == 0
    assert count_rows(w.county, "imported_packages") == 0
    assert sync_tmp(w.county) == []


def test_a_rejected_package_does_not_block_the_good_one_after_it(world, tmp_path):
    w, rows = world
    good = package(w, tmp_path, copy.deepcopy(rows))
    rows["people"][0]["row"]["version"] = "2"
    bad = hand_package(w.town, w.county, tmp_path / "stick" / "坏.yypkg", rows)
    before = dump(w.county.paths.database)
    reports = w.county.sync_import.import_files([bad, good])
    assert [r.status for r in reports] == ["rejected", "applied"]
    assert dump(w.county.paths.database) != before
    assert count_rows(w.county, "people", "name = ? AND version = 1", "张新城") == 1
