"""Regressions found in review: each of these once lost, duplicated or altered a record, or
crashed with an English message."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta

import openpyxl
import pytest

from yuyou_desktop.errors import FieldError
from yuyou_desktop.services.registry.fields import DATE, FLOAT, INT, Field, display, parse
from yuyou_desktop.services.registry.query import ListQuery
from yuyou_desktop.settings import definition

ZHANG = "11010519491231002X"


def test_february_29th_is_refused_as_a_yearly_deadline():
    with pytest.raises(FieldError) as caught:
        definition("registry.filing_deadline").parse("02-29")
    assert "不是每年都有的日期" in caught.value.message


@pytest.mark.parametrize("raw", ["26.3.1", "0026-03-01", "3026-03-01", datetime(26, 3, 1)])
def test_implausible_years_are_refused(raw):
    with pytest.raises(FieldError) as caught:
        parse(Field("d", "有效期起", DATE), raw)
    assert "年份" in caught.value.message and "不合理" in caught.value.message


@pytest.mark.parametrize("raw", ["nan", "inf", "-inf", "1e400"])
@pytest.mark.parametrize("kind", [INT, FLOAT])
def test_non_finite_numbers_are_refused_in_chinese(raw, kind):
    with pytest.raises(FieldError) as caught:
        parse(Field("n", "成绩", kind), raw)
    assert caught.value.message.startswith("成绩：应为")


def test_a_score_shown_in_a_form_reads_back_unchanged():
    field = Field("score", "成绩", FLOAT)
    for value in (99.12345678, 0.1 + 0.2, 88.0, 1e-7):
        assert parse(field, display(field, value)) == value
    assert display(field, 88.0) == "88"
    assert not math.isnan(parse(field, display(field, 59.95)))


@pytest.fixture
def zhang(county_demo):
    reg = county_demo.registry
    reg.save("people", None, {"name": "张测试", "id_number": ZHANG, "role": "执法人员"})
    return reg


def test_a_future_revocation_frees_the_number_and_shows_revoked(zhang):
    future = date.today() + timedelta(days=30)
    first = zhang.save("certificates", None, {
        "person_id_number": ZHANG, "kind": "行政执法证", "number": "DUP-1",
        "valid_from": "2024-01-01", "valid_to": "2030-01-01",
        "revoked_on": future, "revoke_reason": "调离（下月生效）"})  # fmt: skip
    assert first.values["status"] == "revoked"
    second = zhang.save("certificates", None, {
        "person_id_number": ZHANG, "kind": "行政执法证", "number": "DUP-1",
        "valid_from": "2024-01-01", "valid_to": "2030-01-01"})  # fmt: skip
    statuses = sorted(
        r.values["status"] for r in zhang.list("certificates", ListQuery(search="DUP-1")).rows
    )
    assert second.values["status"] == "valid" and statuses == ["revoked", "valid"]


def test_expiring_certificates_come_first_in_attention(county_demo):
    alerts = county_demo.attention.certificate_alerts(limit=6)
    statuses = [r.values["status"] for r in alerts.rows]
    expiring = statuses.count("expiring")
    assert expiring > 0 and statuses[:expiring] == ["expiring"] * expiring
    assert alerts.total > len(alerts.rows)  # the cap cut lapsed ones, not expiring ones


def test_correcting_a_revocation_date_by_import_updates_it(zhang, county_demo, tmp_path):
    zhang.save("certificates", None, {
        "person_id_number": ZHANG, "kind": "行政执法证", "number": "REV-9",
        "valid_from": "2024-01-01", "valid_to": "2030-01-01",
        "revoked_on": "2026-01-05", "revoke_reason": "调离"})  # fmt: skip
    book = tmp_path / "certs.xlsx"
    county_demo.transfer.export("certificates", book, ListQuery(search="REV-9"))
    wb = openpyxl.load_workbook(book)
    ws = wb.active
    header = next(r for r in ws.iter_rows(min_row=1, max_row=5) if r[0].value == "姓名")
    column = [c.value for c in header].index("注销日期")
    ws.cell(row=header[0].row + 1, column=column + 1, value=datetime(2026, 1, 6))
    wb.save(book)
    report = county_demo.transfer.import_file("certificates", book)
    assert not report.errors
    assert (report.added, report.updated) == (0, 1)
    rows = zhang.list("certificates", ListQuery(search="REV-9")).rows
    assert [r.values["revoked_on"] for r in rows] == [date(2026, 1, 6)]


def test_workbooks_must_be_named_xlsx_and_nothing_else_is_written(county_demo, yuyou, tmp_path):
    county_demo.database.close()
    out = tmp_path / "out"
    out.mkdir()
    for command in (["export", "people"], ["template", "people"]):
        result = yuyou(*command, "--out", str(out / "people.csv"))
        assert result.code == 3 and ".xlsx" in result.err
    assert list(out.iterdir()) == []


def test_a_data_dir_that_is_a_file_is_named_as_such(yuyou, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    result = yuyou("init", "--role", "county", "--office-code", "140623", "--office-name",
                   "右玉县司法局", "--prefix", "右司监", data_dir=blocker)  # fmt: skip
    assert result.code == 3 and "是一个文件，不是文件夹" in result.err
    assert blocker.read_text() == "x"


def test_template_instructions_header_is_styled_and_printable(county, tmp_path):
    book = county.transfer.template("people", tmp_path / "t.xlsx")
    ws = openpyxl.load_workbook(book)["填写说明"]
    header = next(row for row in ws.iter_rows() if row[0].value == "列名")
    assert all(cell.font.bold for cell in header[:4])
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage


def test_backup_never_silently_replaces_an_existing_file(county_demo, yuyou, tmp_path):
    county_demo.database.close()
    keep = tmp_path / "keep.db"
    keep.write_bytes(b"an older backup")
    refused = yuyou("backup", "--out", str(keep))
    assert refused.code == 3 and "已存在" in refused.err and "--force" in refused.err
    assert keep.read_bytes() == b"an older backup"
    forced = yuyou("backup", "--out", str(keep), "--force")
    assert forced.code == 0 and keep.read_bytes().startswith(b"SQLite format 3\x00")


def test_an_import_row_with_two_bad_cells_reports_both(county, tmp_path):
    book = county.transfer.template("people", tmp_path / "people.xlsx")
    wb = openpyxl.load_workbook(book)
    ws = wb["人员"]
    ws.append(["王五", "110105194912310021", "局长"])  # bad check digit and unknown role
    wb.save(book)
    report = county.transfer.import_file("people", book)
    assert [(p.row, p.column) for p in report.errors] == [(2, "身份证号"), (2, "人员类别")]
    assert county.registry.list("people").total == 0


def test_usage_errors_and_help_are_in_chinese(yuyou, capsys):
    assert yuyou("list", "person").code == 2
    wrong = capsys.readouterr().err
    assert "无效的选择“person”" in wrong and "invalid" not in wrong
    assert yuyou("export", "people").code == 2
    assert "缺少必需的参数：--out" in capsys.readouterr().err
    assert yuyou("check", "--bogus").code == 2
    assert "无法识别的参数：--bogus" in capsys.readouterr().err
