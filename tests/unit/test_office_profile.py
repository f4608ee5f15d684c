"""The office profile entered at first start: role, 行政区划代码, name, 机关代字."""

from __future__ import annotations

import pytest

from yuyou_desktop.domain.enums import OfficeRole
from yuyou_desktop.domain.office import (
    OfficeProfile,
    validate_office_code,
    validate_office_name,
    validate_office_profile,
    validate_prefix,
    validate_role,
)
from yuyou_desktop.errors import FieldError


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _rejected(call, *args) -> FieldError:  # type: ignore[no-untyped-def]
    with pytest.raises(FieldError) as info:
        call(*args)
    assert _has_cjk(info.value.reason)
    assert info.value.message.startswith(f"{info.value.field}：")
    return info.value


@pytest.mark.parametrize(
    ("raw", "role"),
    [
        ("township", OfficeRole.TOWNSHIP),
        ("county", OfficeRole.COUNTY),
        ("乡镇司法所", OfficeRole.TOWNSHIP),
        ("县司法局", OfficeRole.COUNTY),
        ("  county ", OfficeRole.COUNTY),
    ],
)
def test_role_by_value_or_chinese_label(raw: str, role: OfficeRole) -> None:
    assert validate_role(raw) is role


@pytest.mark.parametrize("raw", ["", "city", "County", "司法局", None])
def test_unknown_role_is_rejected(raw: str | None) -> None:
    err = _rejected(validate_role, raw)
    assert err.field == "单位类型"
    assert "乡镇司法所" in err.reason and "县司法局" in err.reason


def test_county_code_has_six_digits_and_township_code_nine() -> None:
    assert validate_office_code("140623", OfficeRole.COUNTY) == "140623"
    assert validate_office_code(" 140623101 ", OfficeRole.TOWNSHIP) == "140623101"
    err = _rejected(validate_office_code, "140623101", OfficeRole.COUNTY)
    assert err.field == "行政区划代码"
    assert "6" in err.reason and "9" in err.reason
    err = _rejected(validate_office_code, "140623", OfficeRole.TOWNSHIP)
    assert "9" in err.reason and "6" in err.reason


@pytest.mark.parametrize("raw", ["14062A", "14 623", "1406-3", "１４０６２３", "١٤٠٦٢٣"])
def test_code_must_be_ascii_digits(raw: str) -> None:
    err = _rejected(validate_office_code, raw, OfficeRole.COUNTY)
    assert err.field == "行政区划代码"
    assert "数字" in err.reason


def test_empty_code_is_rejected() -> None:
    err = _rejected(validate_office_code, "  ", OfficeRole.COUNTY)
    assert "不能为空" in err.reason


@pytest.mark.parametrize("raw", ["000000", "990623", "100623", "720623"])
def test_bad_province_prefix_is_rejected(raw: str) -> None:
    err = _rejected(validate_office_code, raw, OfficeRole.COUNTY)
    assert err.field == "行政区划代码"
    assert raw[:2] in err.reason
    assert "省" in err.reason


@pytest.mark.parametrize("raw", ["110101", "650102", "820001"])
def test_valid_province_prefixes_pass(raw: str) -> None:
    assert validate_office_code(raw, OfficeRole.COUNTY) == raw


@pytest.mark.parametrize(
    "name", ["右玉县司法局", "右卫镇司法所", "XX县司法局（试点）", "No2司法所", "司法"]
)
def test_good_names(name: str) -> None:
    assert validate_office_name(f" {name} ") == name


@pytest.mark.parametrize(
    ("name", "fragment"),
    [
        ("", "不能为空"),
        ("局", "2到40"),
        ("司" * 41, "41"),
        ("右玉县 司法局", "空格"),
        ("右玉县司法局!", "符号"),
        ("右玉县/司法局", "符号"),
    ],
)
def test_bad_names(name: str, fragment: str) -> None:
    err = _rejected(validate_office_name, name)
    assert err.field == "单位名称"
    assert fragment in err.reason


def test_name_of_exactly_40_characters_is_accepted() -> None:
    assert validate_office_name("司" * 40) == "司" * 40


@pytest.mark.parametrize("prefix", ["右司监", "司", "右" * 8])
def test_good_prefixes(prefix: str) -> None:
    assert validate_prefix(prefix) == prefix


@pytest.mark.parametrize(
    ("prefix", "fragment"),
    [
        ("", "不能为空"),
        ("右" * 9, "8"),
        ("右司监1", "汉字"),
        ("右司 监", "汉字"),
        ("YSJ", "汉字"),
        ("（右）", "汉字"),
    ],
)
def test_bad_prefixes(prefix: str, fragment: str) -> None:
    err = _rejected(validate_prefix, prefix)
    assert err.field == "机关代字"
    assert fragment in err.reason


def test_whole_profile_is_normalised() -> None:
    profile = validate_office_profile("县司法局", " 140623 ", " 右玉县司法局", "右司监 ")
    assert profile == OfficeProfile(OfficeRole.COUNTY, "140623", "右玉县司法局", "右司监")


def test_profile_reports_the_first_bad_field_in_form_order() -> None:
    with pytest.raises(FieldError) as info:
        validate_office_profile("county", "12345", "", "")
    assert info.value.field == "行政区划代码"
    with pytest.raises(FieldError) as info:
        validate_office_profile("county", "140623", "右玉县司法局", "R")
    assert info.value.field == "机关代字"
