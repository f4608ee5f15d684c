"""Registers to and from Excel through TransferService, on real databases and real workbooks."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from tests.conftest import TOWNSHIP
from tests.integration.excel_support import (
    IMPORT_ORDER,
    LI,
    MARKET,
    WANG,
    ZHANG,
    all_rows,
    bad_check,
    counts,
    enterprise_code,
    labels,
    person_number,
    populate,
    unit_code,
    write_book,
)
from yuyou_desktop.__main__ import build_services
from yuyou_desktop.errors import Cancelled, InputRejected
from yuyou_desktop.paths import DataPaths
from yuyou_desktop.services.registry import xlsx_read
from yuyou_desktop.services.registry.query import ListQuery

PEOPLE = ["姓名", "身份证号", "人员类别", "所属单位"]


@pytest.fixture
def filled(county):
    populate(county)
    return county


@pytest.fixture
def fresh(tmp_path):
    """A second office with an empty database."""
    other = build_services(DataPaths(tmp_path / "other"))
    other.office.initialize(
        TOWNSHIP["role"], TOWNSHIP["code"], TOWNSHIP["name"], TOWNSHIP["prefix"]
    )
    yield other
    other.database.close()


def db_bytes(services) -> bytes:
    services.database.close()
    return services.database.path.read_bytes()


def export_all(services, folder: Path) -> dict[str, Path]:
    files = {}
    for name in IMPORT_ORDER:
        files[name] = folder / f"{name}.xlsx"
        services.transfer.export(name, files[name])
    return files


# ---------------------------------------------------------------- round trip


def test_every_register_exported_reimports_into_a_new_office_with_identical_values(
    filled, fresh, tmp_path
):
    files = export_all(filled, tmp_path)
    for name in IMPORT_ORDER:
        report = fresh.transfer.import_file(name, files[name])
        assert report.errors == ()
        assert report.added == len(all_rows(filled, name)) > 0
        assert (report.updated, report.unchanged) == (0, 0)
    for name in IMPORT_ORDER:
        assert all_rows(fresh, name) == all_rows(filled, name), name


def test_reimporting_an_export_into_the_same_database_changes_nothing(filled, tmp_path):
    files = export_all(filled, tmp_path)
    before = {name: all_rows(filled, name) for name in IMPORT_ORDER}
    versions = {
        name: sorted(r.version for r in filled.registry.list(name, ListQuery(limit=1000)).rows)
        for name in IMPORT_ORDER
    }
    for name in IMPORT_ORDER:
        report = filled.transfer.import_file(name, files[name])
        assert report.errors == ()
        assert (report.added, report.updated) == (0, 0), name
        assert report.unchanged == len(before[name])
        assert {p.action for p in report.preview} == {"不变"}
    for name in IMPORT_ORDER:
        assert all_rows(filled, name) == before[name]
        assert (
            sorted(r.version for r in filled.registry.list(name, ListQuery(limit=1000)).rows)
            == versions[name]
        )


def test_export_is_a_workbook_an_office_would_file(filled, tmp_path):
    dest = tmp_path / "证件.xlsx"
    count = filled.transfer.export("certificates", dest)
    assert count == 4
    wb = load_workbook(dest)
    assert wb.sheetnames == ["证件"]
    ws = wb["证件"]
    assert ws["A1"].value == "证件登记表"
    assert "A1:J1" in {str(r) for r in ws.merged_cells.ranges}
    assert "右玉县司法局" in ws["A2"].value and "共 4 条" in ws["A2"].value
    assert [c.value for c in ws[3]] == labels("certificates", editable_only=False)
    assert all(c.font.b for c in ws[3])
    assert ws.freeze_panes == "A4"
    assert ws.print_title_rows == "$3:$3"
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.column_dimensions["A"].width > 8
    rows = list(ws.iter_rows(min_row=4))
    valid_to = next(r for r in rows if r[3].value == "晋0001")[6]
    assert isinstance(valid_to.value, datetime) and valid_to.number_format == "yyyy-mm-dd"
    statuses = {r[7].value for r in rows}
    assert statuses == {"有效", "即将到期", "已注销"}
    assert {r[2].value for r in rows} == {"行政执法证"}


def test_export_follows_the_search_and_refuses_an_unwritable_destination(filled, tmp_path):
    dest = tmp_path / "张.xlsx"
    assert filled.transfer.export("people", dest, ListQuery(search="张三")) == 1
    rows = list(load_workbook(dest).active.iter_rows(min_row=4, values_only=True))
    assert rows == [("张三", ZHANG, "执法人员", MARKET, None, "13900000000", "是", None)]
    with pytest.raises(InputRejected, match="无法写入文件"):
        filled.transfer.export("people", tmp_path / "没有这个文件夹" / "x.xlsx")
    assert not (tmp_path / "没有这个文件夹").exists()


def test_cancelled_export_leaves_no_file(filled, tmp_path):
    class StopAtOnce:
        def report(self, done, total, message=""):
            pass

        def check_cancelled(self):
            raise Cancelled()

    dest = tmp_path / "人员.xlsx"
    with pytest.raises(Cancelled):
        filled.transfer.export("people", dest, progress=StopAtOnce())
    assert list(tmp_path.glob("人员.xlsx*")) == []


# ---------------------------------------------------------------- template


def test_template_has_the_importers_header_drop_downs_and_instructions(filled, tmp_path):
    dest = filled.transfer.template(
        "people", tmp_path / filled.transfer.template_filename("people")
    )
    assert dest.name == "人员导入模板.xlsx"
    wb = load_workbook(dest)
    assert wb.sheetnames[0] == "人员" and "填写说明" in wb.sheetnames
    ws = wb["人员"]
    assert [c.value for c in ws[1]] == labels("people")
    by_column = {str(dv.sqref).split(":")[0]: dv for dv in ws.data_validations.dataValidation}
    assert set(by_column) == {"C2", "D2", "G2"}  # 人员类别, 所属单位, 法律职业资格
    choices = wb["可选值"]

    def listed(dv):
        ref = dv.formula1.split("!")[1].replace("$", "")
        return [c.value for row in choices[ref] for c in row]

    assert listed(by_column["C2"]) == ["执法人员", "监督人员", "特邀行政执法监督员", "联络员"]
    assert listed(by_column["G2"]) == ["是", "否"]
    assert MARKET in listed(by_column["D2"])
    assert by_column["C2"].errorStyle == "stop" and by_column["D2"].errorStyle == "warning"
    text = [r for r in wb["填写说明"].iter_rows(values_only=True) if r[0]]
    described = {r[0]: r for r in text if r[1] in ("必填", "选填")}
    assert list(described) == labels("people")
    assert described["身份证号"][1] == "必填" and described["联系电话"][1] == "选填"
    assert "执法人员、监督人员" in described["人员类别"][3]
    assert any("2026-03-01" in r[0] for r in text)
    assert any("匹配" in r[0] and "身份证号" in r[0] and "更新" in r[0] for r in text)


def test_a_filled_in_template_imports(filled, tmp_path):
    dest = filled.transfer.template("enterprises", tmp_path / "t.xlsx")
    wb = load_workbook(dest)
    wb["检查对象"].append(["右玉县新企业有限公司", enterprise_code(9), "规上服务业"])
    wb.save(dest)
    report = filled.transfer.import_file("enterprises", dest)
    assert (report.added, report.errors) == (1, ())
    found = filled.registry.list("enterprises", ListQuery(search="新企业")).rows
    assert [r.values["category"] for r in found] == ["services"]


# ---------------------------------------------------------------- matching, dry run


def test_a_row_with_a_known_credit_code_updates_that_unit(filled, tmp_path):
    before = filled.registry.list("units", ListQuery(search=unit_code(1))).rows[0]
    path = write_book(
        tmp_path / "u.xlsx",
        ["单位名称", "统一社会信用代码", "主体类别", "层级", "状态", "联系电话"],
        [[MARKET, unit_code(1).lower(), "法定行政机关", "县级", "正常", "0349-9999999"]],
    )
    report = filled.transfer.import_file("units", path)
    assert (report.added, report.updated, report.unchanged) == (0, 1, 0)
    assert report.preview[0].changes == ("联系电话",)
    assert counts(filled)["units"] == 2
    after = filled.registry.get("units", before.id)
    assert after.values["phone"] == "0349-9999999"
    assert after.version == before.version + 1
    assert after.values["address"] == before.values["address"]  # not in the file: kept


def test_dry_run_reports_adds_and_updates_and_writes_nothing(filled, tmp_path):
    path = write_book(
        tmp_path / "p.xlsx",
        [*PEOPLE, "联系电话"],
        [
            ["张三", ZHANG, "执法人员", MARKET, "13512345678"],
            ["新人", person_number(7), "联络员", "", ""],
            ["王五", WANG, "特邀行政执法监督员", "", "13900000000"],
        ],
    )
    before = db_bytes(filled)
    report = filled.transfer.import_file("people", path, dry_run=True)
    assert report.ok and not report.written
    assert (report.added, report.updated, report.unchanged) == (1, 1, 1)
    assert [(p.row, p.action, p.changes) for p in report.preview] == [
        (2, "更新", ("联系电话",)),
        (3, "新增", ()),
        (4, "不变", ()),
    ]
    assert report.preview[1].key == f"新人（{person_number(7)}）"
    assert "将新增 1 条，更新 1 条" in report.summary()
    assert db_bytes(filled) == before


def test_a_revoking_row_updates_the_active_certificate(filled, tmp_path):
    path = write_book(
        tmp_path / "c.xlsx",
        ["身份证号", "证件类别", "证件编号", "有效期起", "有效期至", "注销日期", "注销原因"],
        [[ZHANG, "行政执法证", "晋0001", "2022-01-01", "2030-01-01", "2026-01-05", "调离"]],
    )
    report = filled.transfer.import_file("certificates", path)
    assert (report.added, report.updated) == (0, 1)
    rows = filled.registry.list("certificates", ListQuery(search="晋0001")).rows
    assert [(r.values["status"], r.values["revoke_reason"]) for r in rows] == [("revoked", "调离")]


# ---------------------------------------------------------------- refused rows


def _cert_row(number="晋0100", person=ZHANG, start="2024-01-01", end="2029-12-31"):
    return [person, "行政执法证", number, start, end]


CERT = ["身份证号", "证件类别", "证件编号", "有效期起", "有效期至"]
UNIT_HEADER = ["单位名称", "统一社会信用代码", "主体类别", "层级", "状态"]

BAD_ROWS = [
    pytest.param(
        "units",
        UNIT_HEADER,
        [
            ["新局", unit_code(5), "法定行政机关", "县级", "正常"],
            ["坏局", bad_check(unit_code(6)), "法定行政机关", "县级", "正常"],
        ],
        ("Sheet", 3, "统一社会信用代码", "校验位错误"),
        id="credit-code-check-character",
    ),
    pytest.param(
        "people",
        PEOPLE,
        [["甲", ZHANG, "执法人员", MARKET], ["乙", bad_check(LI), "执法人员", ""]],
        ("Sheet", 3, "身份证号", "校验位错误"),
        id="id-number-check-digit",
    ),
    pytest.param(
        "people",
        PEOPLE,
        [["甲", "140623198002300011", "执法人员", ""]],
        ("Sheet", 2, "身份证号", "不是有效日期"),
        id="id-number-birth-date",
    ),
    pytest.param(
        "certificates",
        CERT,
        [_cert_row(start="2026-03-01", end="2025-03-01")],
        ("Sheet", 2, "有效期至", "不能早于有效期起"),
        id="end-before-start",
    ),
    pytest.param(
        "people",
        PEOPLE,
        [["甲", person_number(8), "局长", MARKET]],
        ("Sheet", 2, "人员类别", "“局长”不是可选值"),
        id="unknown-enum",
    ),
    pytest.param(
        "people",
        PEOPLE,
        [["甲", person_number(8), "执法人员", "不存在的局"]],
        ("Sheet", 2, "所属单位", "找不到名为“不存在的局”的执法主体"),
        id="unknown-unit",
    ),
    pytest.param(
        "certificates",
        CERT,
        [_cert_row(person=person_number(9))],
        ("Sheet", 2, "身份证号", "找不到身份证号为"),
        id="unknown-person",
    ),
    pytest.param(
        "people",
        ["姓名", "人员类别"],
        [["甲", "执法人员"]],
        ("Sheet", 1, "身份证号", "缺少这一必填列"),
        id="missing-required-column",
    ),
    pytest.param(
        "people",
        [*PEOPLE, "籍贯"],
        [["甲", person_number(8), "执法人员", "", "山西"]],
        ("Sheet", 1, "籍贯", "不是“人员”的列"),
        id="unknown-column",
    ),
    pytest.param(
        "people",
        PEOPLE,
        [
            ["甲", person_number(8), "执法人员", ""],
            ["乙", person_number(9), "联络员", ""],
            ["丙", person_number(8), "联络员", ""],
        ],
        ("Sheet", 4, "身份证号", "与第2行重复"),
        id="duplicate-key-in-file",
    ),
    pytest.param(
        "certificates",
        CERT,
        [_cert_row(number="晋0001", person=LI)],
        ("Sheet", 2, "证件编号", "已是张三（" + ZHANG + "）未注销的证件"),
        id="active-certificate-number-taken",
    ),
    pytest.param(
        "certificates",
        CERT,
        [_cert_row(number="晋0200"), _cert_row(number="晋0200", person=LI)],
        ("Sheet", 3, "证件编号", "与第2行重复"),
        id="certificate-number-twice-in-file",
    ),
    pytest.param(
        "people",
        PEOPLE,
        [["甲", float(person_number(8)[:17] + "0"), "执法人员", ""]],
        ("Sheet", 2, "身份证号", "设为“文本”格式"),
        id="id-number-typed-as-a-number",
    ),
    pytest.param(
        "filings",
        ["所属单位", "年度", "监督机构名称", "备案日期"],
        [[MARKET, "二〇二五", "法制股", "2025-01-01"]],
        ("Sheet", 2, "年度", "应为整数"),
        id="year-not-a-number",
    ),
    pytest.param(
        "filings",
        ["所属单位", "年度", "监督机构名称", "备案日期"],
        [[MARKET, 2024, "法制股", "2025-02-30"]],
        ("Sheet", 2, "备案日期", "不是有效日期"),
        id="impossible-date",
    ),
]


@pytest.mark.parametrize(("name", "header", "rows", "problem"), BAD_ROWS)
def test_a_wrong_row_is_reported_where_it_is_and_nothing_is_written(
    filled, tmp_path, name, header, rows, problem
):
    path = write_book(tmp_path / "bad.xlsx", header, rows)
    before = db_bytes(filled)
    report = filled.transfer.import_file(name, path)
    assert not report.ok and not report.written
    assert len(report.errors) == 1, report.errors
    error = report.errors[0]
    sheet, row, column, reason = problem
    assert (error.sheet, error.row, error.column) == (sheet, row, column)
    assert reason in error.reason
    assert str(error).startswith(f"{sheet} 第{row}行 {column}：")
    assert "未写入任何数据" in report.summary()
    assert db_bytes(filled) == before


def test_one_bad_row_among_300_is_reported_alone_and_nothing_is_written(filled, tmp_path):
    rows = [[f"人员{n}", person_number(100 + n), "执法人员", MARKET] for n in range(300)]
    rows[215][1] = bad_check(rows[215][1])  # sheet row 217: header is row 1
    path = write_book(tmp_path / "300.xlsx", PEOPLE, rows)
    before = counts(filled)
    report = filled.transfer.import_file("people", path)
    assert [(e.row, e.column) for e in report.errors] == [(217, "身份证号")]
    assert report.added == 299
    assert counts(filled) == before


def test_title_rows_above_the_header_are_skipped_and_errors_name_the_sheet(filled, tmp_path):
    path = write_book(
        tmp_path / "p.xlsx",
        PEOPLE,
        [["甲", person_number(8), "执法人员", ""], ["乙", "123", "执法人员", ""]],
        sheet="人员",
        above=[["人员登记表"], ["某某乡司法所"]],
    )
    report = filled.transfer.import_file("people", path)
    assert [str(e) for e in report.errors] == ["人员 第5行 身份证号：应为18位，实际为3位。"]


def test_rows_past_a_wrong_size_recorded_in_the_file_are_still_imported(filled, tmp_path):
    wb = Workbook(write_only=True)  # some programs record a sheet size smaller than the data
    ws = wb.create_sheet("人员")
    ws.calculate_dimension = lambda: "A1:D2"
    ws.append(PEOPLE)
    for n in range(5):
        ws.append([f"人员{n}", person_number(400 + n), "联络员", ""])
    wb.save(tmp_path / "p.xlsx")
    report = filled.transfer.import_file("people", tmp_path / "p.xlsx")
    assert (report.added, report.errors) == (5, ())


def test_error_report_is_saved_as_a_workbook(filled, tmp_path):
    path = write_book(tmp_path / "bad.xlsx", PEOPLE, [["甲", "1", "局长", ""]] * 2)
    report = filled.transfer.import_file("people", path)
    dest = filled.transfer.save_error_report(report, tmp_path / "错误报告.xlsx")
    ws = load_workbook(dest)["错误报告"]
    assert "bad.xlsx" in ws["A1"].value
    assert [c.value for c in ws[2]] == ["工作表", "行号", "列", "原因"]
    role = "“局长”不是可选值（可选：执法人员、监督人员、特邀行政执法监督员、联络员）。"
    assert list(ws.iter_rows(min_row=3, values_only=True)) == [
        ("Sheet", 2, "身份证号", "应为18位，实际为1位。"),
        ("Sheet", 2, "人员类别", role),  # every bad cell of a row is listed
        ("Sheet", 3, "身份证号", "应为18位，实际为1位。"),
        ("Sheet", 3, "人员类别", role),
    ]


# ---------------------------------------------------------------- refused files


def _not_xlsx(tmp_path):
    path = tmp_path / "名单.xlsx"
    path.write_text("姓名,身份证号\n张三,1\n", encoding="utf-8")
    return path


def _truncated(tmp_path):
    good = write_book(tmp_path / "good.xlsx", PEOPLE, [["甲", ZHANG, "执法人员", ""]])
    path = tmp_path / "截断.xlsx"
    path.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    return path


def _empty_workbook(tmp_path):
    path = tmp_path / "空.xlsx"
    Workbook().save(path)
    return path


def _header_only(tmp_path):
    return write_book(tmp_path / "表头.xlsx", PEOPLE, [])


def _wrong_register(tmp_path):
    return write_book(tmp_path / "企业.xlsx", ["企业名称", "企业类别"], [["某公司", "其他"]])


def _old_xls(tmp_path):
    path = tmp_path / "旧.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500))
    return path


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda tmp: tmp / "没有.xlsx", "找不到文件"),
        (_not_xlsx, "不是 Excel 工作簿"),
        (_truncated, "已损坏或不是有效的 Excel 工作簿"),
        (_empty_workbook, "是空的"),
        (_header_only, "下没有数据行"),
        (_wrong_register, "找不到“人员”的表头行"),
        (_old_xls, "另存为”.xlsx"),
    ],
    ids=["missing", "not-xlsx", "truncated", "empty", "header-only", "other-register", "xls"],
)
def test_an_unusable_file_is_refused_with_its_name(filled, tmp_path, make, message):
    path = make(tmp_path)
    before = db_bytes(filled)
    with pytest.raises(InputRejected) as caught:
        filled.transfer.import_file("people", path)
    assert message in caught.value.message
    assert path.name in caught.value.message
    assert db_bytes(filled) == before


def test_too_many_rows_are_refused(filled, tmp_path, monkeypatch):
    monkeypatch.setattr(xlsx_read, "MAX_ROWS", 5)
    rows = [[f"人员{n}", person_number(200 + n), "执法人员", ""] for n in range(6)]
    path = write_book(tmp_path / "多.xlsx", PEOPLE, rows)
    with pytest.raises(InputRejected, match="一次最多导入5行"):
        filled.transfer.import_file("people", path)
    assert counts(filled)["people"] == 3


# ---------------------------------------------------------------- cancel


class CancelWhileWriting:
    """Lets validation finish, then cancels as soon as rows are being written."""

    def __init__(self):
        self.writing = False

    def report(self, done, total, message=""):
        self.writing = self.writing or message.startswith("正在写入")

    def check_cancelled(self):
        if self.writing:
            raise Cancelled()


def test_cancelling_an_import_while_it_writes_leaves_the_database_as_it_was(filled, tmp_path):
    rows = [[f"人员{n}", person_number(300 + n), "执法人员", MARKET] for n in range(600)]
    rows[0] = ["张三", ZHANG, "执法人员", MARKET]
    path = write_book(tmp_path / "600.xlsx", PEOPLE, rows)
    progress = CancelWhileWriting()
    before = db_bytes(filled)
    with pytest.raises(Cancelled):
        filled.transfer.import_file("people", path, progress=progress)
    assert progress.writing
    assert db_bytes(filled) == before
    report = filled.transfer.import_file("people", path)  # and it still works afterwards
    assert (report.added, report.unchanged) == (599, 1)


def test_imported_rows_are_in_the_change_log_for_sync(filled, tmp_path):
    from sqlalchemy import func, select

    from yuyou_desktop.storage.models import ChangeLog

    def log_ops():
        with filled.database.reader() as s:
            return dict(
                s.execute(
                    select(ChangeLog.op, func.count())
                    .where(ChangeLog.table_name == "people")
                    .group_by(ChangeLog.op)
                ).all()
            )

    before = log_ops()
    path = write_book(
        tmp_path / "p.xlsx",
        [*PEOPLE, "联系电话"],
        [["张三", ZHANG, "执法人员", MARKET, "1"], ["新人", person_number(7), "联络员", "", ""]],
    )
    filled.transfer.import_file("people", path)
    after = log_ops()
    assert after["insert"] == before["insert"] + 1
    assert after.get("update", 0) == before.get("update", 0) + 1


def test_dates_typed_as_excel_dates_or_text_both_import(filled, tmp_path):
    path = write_book(
        tmp_path / "c.xlsx",
        CERT,
        [
            [WANG, "行政执法监督证", "监0001", datetime(2024, 3, 1), date(2029, 2, 28)],
            [LI, "行政执法监督证", "监0002", "2024年3月1日", "2029/2/28"],
        ],
    )
    report = filled.transfer.import_file("certificates", path)
    assert report.ok, report.errors
    rows = filled.registry.list("certificates", ListQuery(search="监000")).rows
    assert {(r.values["valid_from"], r.values["valid_to"]) for r in rows} == {
        (date(2024, 3, 1), date(2029, 2, 28))
    }
