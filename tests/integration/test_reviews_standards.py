"""评查标准: the defaults stored as version 1, edits saved as new versions (older ones unchanged),
refusals with the reason, county only, and importing a standard file."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from tests.conftest import TOWNSHIP
from tests.integration.review_world import (
    FINE_STANDARD,
    PENALTY,
    db_state,
    refused,
    world_copy,
)
from yuyou_desktop.domain.scoring_file import CASE_TYPES, standard_to_data
from yuyou_desktop.services import Services
from yuyou_desktop.services.reviews.standards import MAX_FILE_BYTES


@pytest.fixture
def county(tmp_path) -> Iterator[Services]:
    """A county office (a copy of the shared template, faster than setting one up)."""
    with world_copy(tmp_path) as world:
        yield world.services


def edited(standard, points: str = "3"):
    """``standard`` with the first item's points changed (the sum of categories kept)."""
    first = standard.categories[0]
    item = replace(first.items[0], points=Decimal(points), cap=None)
    category = replace(first, items=(item, *first.items[1:]))
    return replace(standard, categories=(category, *standard.categories[1:]))


def test_the_defaults_are_stored_as_version_1_of_each_case_type_on_first_use(county):
    assert db_state(county)["scoring_standards"] == []
    current = county.standards.current_all()
    assert [(s.case_type, s.version) for s in current] == [(t, 1) for t in CASE_TYPES]
    for info in current:
        default = county.standards.default(info.case_type)
        assert info.standard == replace(default, version=1)
        assert info.remark == "程序自带的默认标准"
    # asking again stores nothing more
    before = db_state(county)
    assert county.standards.current_all() == current
    assert county.standards.versions(PENALTY) == [current[0]]
    assert db_state(county) == before


def test_an_edit_is_stored_as_the_next_version_and_older_versions_stay_as_they_were(county):
    first = county.standards.current(PENALTY)
    second = county.standards.save_new_version(edited(first.standard), "第一次修订")
    third = county.standards.save_new_version(edited(first.standard, "4"), "  第二次修订 ")
    assert (second.version, third.version) == (2, 3)
    assert third.remark == "第二次修订"
    assert county.standards.current(PENALTY) == third
    assert [v.version for v in county.standards.versions(PENALTY)] == [3, 2, 1]
    assert county.standards.get(first.id) == first
    assert county.standards.get(second.id) == second
    assert county.standards.get(second.id).standard.categories[0].items[0].points == 3
    # the other case types are untouched
    assert [s.version for s in county.standards.current_all()[1:]] == [1, 1, 1]


def test_an_identical_standard_is_refused(county):
    current = county.standards.current(PENALTY)
    error = refused(county, county.standards.save_new_version, current.standard)
    assert "与当前第1版完全相同" in error.message
    # the version number given does not make it different
    refused(county, county.standards.save_new_version, replace(current.standard, version=7))


def test_a_standard_whose_categories_do_not_add_up_to_100_is_refused_with_the_sum(county):
    current = county.standards.current(PENALTY)
    first = current.standard.categories[0]
    wrong = replace(
        current.standard,
        categories=(
            replace(first, max_points=first.max_points + 5),
            *current.standard.categories[1:],
        ),
    )
    error = refused(county, county.standards.save_new_version, wrong)
    assert "合计为105分，应为100分" in error.message


def test_a_remark_over_200_characters_is_refused(county):
    current = county.standards.current(PENALTY)
    error = refused(county, county.standards.save_new_version, edited(current.standard), "改" * 201)
    assert "200" in error.message


def test_a_standard_for_an_unknown_case_type_is_refused(county):
    standard = replace(FINE_STANDARD, case_type="行政征收")
    error = refused(county, county.standards.save_new_version, standard)
    assert "行政征收" in error.message
    error = refused(county, county.standards.current, "行政征收")
    assert "不是可选的值" in error.message


def test_an_unknown_version_or_an_unwritable_export_is_refused(county, tmp_path):
    error = refused(county, county.standards.get, "no-such-id")
    assert "找不到这个评查标准版本" in error.message
    county.standards.current_all()
    error = refused(county, county.standards.export, PENALTY, tmp_path)  # a folder
    assert "无法写入文件" in error.message


@pytest.fixture
def township(services):
    services.office.initialize(
        TOWNSHIP["role"], TOWNSHIP["code"], TOWNSHIP["name"], TOWNSHIP["prefix"]
    )
    return services


def test_a_township_office_cannot_edit_or_import_a_standard(township, tmp_path):
    current = township.standards.current(PENALTY)  # the defaults are readable there
    error = refused(township, township.standards.save_new_version, edited(current.standard))
    assert "乡镇司法所不能修改评查标准" in error.message
    path = tmp_path / "标准.json"
    path.write_text(json.dumps(standard_to_data(FINE_STANDARD)), encoding="utf-8")
    error = refused(township, township.standards.import_file, path)
    assert "乡镇司法所不能导入评查标准" in error.message
    assert [v.version for v in township.standards.versions(PENALTY)] == [1]


# ---------------------------------------------------------------- export and import


def test_an_exported_standard_imported_back_after_an_edit_is_the_next_version(county, tmp_path):
    path = tmp_path / "处罚.json"
    exported = county.standards.export(PENALTY, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["categories"][0]["items"][0]["points"] = "1.5"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    imported = county.standards.import_file(path)
    assert imported.version == 2
    assert imported.remark == "从文件“处罚.json”导入"
    assert imported.standard.categories[0].items[0].points == Decimal("1.5")
    assert county.standards.get(exported.id).standard == exported.standard


def test_an_older_version_can_be_exported(county, tmp_path):
    first = county.standards.current(PENALTY)
    county.standards.save_new_version(edited(first.standard))
    county.standards.export(PENALTY, tmp_path / "v1.json", version=1)
    data = json.loads((tmp_path / "v1.json").read_text(encoding="utf-8"))
    assert data["version"] == 1
    assert data == standard_to_data(first.standard)
    error = refused(county, county.standards.export, PENALTY, tmp_path / "v9.json", version=9)
    assert "没有第9版" in error.message
    assert not (tmp_path / "v9.json").exists()


def _write(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _sum_105() -> dict:
    data = standard_to_data(FINE_STANDARD)
    data["categories"][0]["max_points"] = 55
    return data


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        pytest.param(b'{"case_type": "', "第1行第", id="malformed-json"),
        pytest.param(b"\xff\xfe\x00x", "不是UTF-8编码", id="not-utf8"),
        pytest.param(
            json.dumps(_sum_105(), ensure_ascii=False).encode(),
            "合计为105分，应为100分",
            id="wrong-sum",
        ),
        pytest.param(
            json.dumps(standard_to_data(FINE_STANDARD) | {"case_type": "行政征收"}).encode(),
            "案件类型“行政征收”不是可选的值",
            id="unknown-case-type",
        ),
        pytest.param(b"[1, 2]", "应为一个对象", id="not-an-object"),
    ],
)
def test_an_unusable_standard_file_is_refused_and_nothing_is_stored(
    county, tmp_path, content, reason
):
    county.standards.current_all()
    path = tmp_path / "标准.json"
    path.write_bytes(content)
    error = refused(county, county.standards.import_file, path)
    assert reason in error.message


def test_a_missing_standard_file_is_refused(county, tmp_path):
    error = refused(county, county.standards.import_file, tmp_path / "没有这个文件.json")
    assert "找不到文件" in error.message


def test_an_oversize_standard_file_is_refused_without_reading_it(county, tmp_path):
    path = tmp_path / "大.json"
    data = standard_to_data(FINE_STANDARD)
    data["note"] = "x" * MAX_FILE_BYTES
    _write(path, data)
    error = refused(county, county.standards.import_file, path)
    assert "太大" in error.message


def test_a_good_standard_file_is_stored_even_before_the_defaults_were_asked_for(county, tmp_path):
    info = county.standards.import_file(
        _write(tmp_path / "fine.json", standard_to_data(FINE_STANDARD))
    )
    assert info.version == 2  # version 1 is the default, stored first
    assert replace(info.standard, version=1) == FINE_STANDARD
    assert county.standards.versions(PENALTY)[-1].remark == "程序自带的默认标准"


def test_a_good_standard_file_with_a_long_name_is_imported(county, tmp_path):
    path = _write(tmp_path / ("standard-" * 22 + ".json"), standard_to_data(FINE_STANDARD))
    assert county.standards.import_file(path).version == 2
