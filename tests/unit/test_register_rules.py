"""Register rules without a database: certificate status, filing status, field parsing."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from yuyou_desktop.domain.enums import CertificateStatus, FilingStatus, UnitKind
from yuyou_desktop.domain.registers import (
    certificate_status,
    check_certificate_dates,
    filing_deadline,
    filing_status,
)
from yuyou_desktop.errors import FieldError
from yuyou_desktop.services.registry.fields import (
    BOOL,
    DATE,
    ENUM,
    FLOAT,
    INT,
    Field,
    display,
    parse,
)
from yuyou_desktop.settings import definition

TODAY = date(2026, 11, 22)


@pytest.mark.parametrize(
    ("valid_from", "valid_to", "revoked", "expected"),
    [
        (date(2024, 1, 1), date(2027, 6, 1), None, CertificateStatus.VALID),
        (date(2024, 1, 1), date(2027, 1, 21), None, CertificateStatus.EXPIRING),  # day 60
        (date(2024, 1, 1), date(2027, 1, 22), None, CertificateStatus.VALID),  # day 61
        (date(2024, 1, 1), TODAY, None, CertificateStatus.EXPIRING),  # last valid day
        (date(2024, 1, 1), date(2026, 11, 21), None, CertificateStatus.EXPIRED),
        (date(2024, 1, 1), date(2027, 6, 1), date(2026, 11, 1), CertificateStatus.REVOKED),
        (date(2024, 1, 1), date(2025, 6, 1), date(2026, 11, 1), CertificateStatus.REVOKED),
        (date(2026, 12, 1), date(2030, 1, 1), None, CertificateStatus.NOT_YET),
    ],
)
def test_certificate_status(valid_from, valid_to, revoked, expected):
    assert certificate_status(valid_from, valid_to, revoked, TODAY, 60) is expected


def test_certificate_dates_must_be_in_order():
    check_certificate_dates(date(2026, 1, 1), date(2026, 1, 1))
    with pytest.raises(FieldError) as caught:
        check_certificate_dates(date(2026, 1, 2), date(2026, 1, 1))
    assert caught.value.field == "有效期至" and "不能早于有效期起" in caught.value.message


def test_filing_status_against_the_deadline_setting():
    deadline = filing_deadline(2026, "12-31")
    assert filing_status(None, deadline) is FilingStatus.MISSING
    assert filing_status(date(2026, 12, 31), deadline) is FilingStatus.ON_TIME
    assert filing_status(date(2027, 1, 1), deadline) is FilingStatus.LATE
    assert filing_deadline(2026, "06-30") == date(2026, 6, 30)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("2026-03-01", date(2026, 3, 1)), ("2026/3/1", date(2026, 3, 1)),
     ("2026年3月1日", date(2026, 3, 1)), (datetime(2026, 3, 1, 8), date(2026, 3, 1)),
     ("", None)],
)  # fmt: skip
def test_dates_accept_what_clerks_type(raw, expected):
    assert parse(Field("d", "日期", DATE), raw) == expected


@pytest.mark.parametrize("raw", ["2026-02-30", "明天", "2026-13-01", "20260301"])
def test_bad_dates_are_refused_with_the_field(raw):
    with pytest.raises(FieldError) as caught:
        parse(Field("d", "有效期起", DATE), raw)
    assert caught.value.field == "有效期起" and "不是有效日期" in caught.value.message


def test_enums_accept_label_or_value_and_name_the_choices():
    field = Field("kind", "主体类别", ENUM, enum=UnitKind)
    assert parse(field, "受委托组织") == "entrusted"
    assert parse(field, "entrusted") == "entrusted"
    with pytest.raises(FieldError) as caught:
        parse(field, "事业单位")
    assert "法定行政机关、法律法规授权组织、受委托组织" in caught.value.message
    assert display(field, "entrusted") == "受委托组织"


def test_numbers_and_booleans():
    assert parse(Field("n", "人数", INT, low=0), "12") == 12
    assert parse(Field("n", "人数", INT, low=0), 12.0) == 12
    for bad, reason in (("12.5", "应为整数"), ("-1", "不能小于 0"), ("十二", "应为整数")):
        with pytest.raises(FieldError) as caught:
            parse(Field("n", "人数", INT, low=0), bad)
        assert reason in caught.value.message
    assert parse(Field("s", "成绩", FLOAT), "88.5") == 88.5
    assert parse(Field("b", "法律职业资格", BOOL), "是") is True
    assert parse(Field("b", "法律职业资格", BOOL), "") is False
    with pytest.raises(FieldError):
        parse(Field("b", "法律职业资格", BOOL), "也许")


def test_required_and_length():
    with pytest.raises(FieldError) as caught:
        parse(Field("name", "单位名称", required=True), "  ")
    assert caught.value.message == "单位名称：不能为空。"
    with pytest.raises(FieldError) as caught:
        parse(Field("name", "单位名称", max_len=4), "右玉县市场监督管理局")
    assert "不能超过4个字" in caught.value.message


def test_settings_validate_their_values():
    assert definition("registry.filing_deadline").parse("6-30") == "06-30"
    with pytest.raises(FieldError):
        definition("registry.filing_deadline").parse("02-30")
    with pytest.raises(FieldError):
        definition("registry.certificate_expiring_days").parse("0")
