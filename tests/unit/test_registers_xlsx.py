"""documents.registers_xlsx on its own: plain column descriptions and values in, workbooks out."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import load_workbook

from yuyou_desktop.documents import registers_xlsx as xl

COLUMNS = [
    xl.Column("名称", width=20, required=True),
    xl.Column("日期", xl.DATE, width=12),
    xl.Column("类别", xl.CHOICE, choices=("甲类", "乙类")),
    xl.Column("是否", xl.BOOL, width=6),
    xl.Column("人数", xl.NUMBER, width=6),
]


def test_register_export_streams_rows_with_real_dates_and_numbers(tmp_path):
    rows = ([f"第{n}项", date(2026, 3, n % 28 + 1), "甲类", "是", n] for n in range(1, 2001))
    dest = tmp_path / "out.xlsx"
    subtitle = "某司法所　导出日期：2026-03-01"
    assert xl.write_register(dest, "测试", subtitle, COLUMNS, rows, row_count=2000) == 2000
    quick = load_workbook(dest, read_only=True)  # the size is announced, not found by scanning
    assert quick["测试"].max_row == 2003 and quick["测试"].max_column == 5
    quick.close()
    ws = load_workbook(dest)["测试"]
    assert ws.max_row == 2003
    assert ws["A1"].value == "测试登记表" and ws["A1"].font.b and ws["A1"].font.sz == 16
    assert {str(r) for r in ws.merged_cells.ranges} == {"A1:E1", "A2:E2"}
    assert ws["B4"].value.date() == date(2026, 3, 2) and ws["B4"].number_format == "yyyy-mm-dd"
    assert ws["E2003"].value == 2000
    assert ws.column_dimensions["A"].width == 22 and ws.column_dimensions["E"].width == 8


def test_a_failed_export_keeps_the_earlier_file_and_leaves_no_partial(tmp_path):
    dest = tmp_path / "out.xlsx"
    xl.write_register(dest, "测试", "", COLUMNS, [["旧", None, None, None, 1]])
    earlier = dest.read_bytes()

    def broken():
        yield ["新", None, None, None, 2]
        raise RuntimeError("disk gone")

    with pytest.raises(RuntimeError):
        xl.write_register(dest, "测试", "", COLUMNS, broken())
    with pytest.raises(RuntimeError, match="announced"):  # fewer rows than announced
        xl.write_register(dest, "测试", "", COLUMNS, [["新", None, None, None, 2]], row_count=2)
    assert dest.read_bytes() == earlier
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.xlsx"]


def test_template_marks_required_columns_and_lists_choices(tmp_path):
    dest = xl.write_template(tmp_path / "t.xlsx", "测试", COLUMNS, "按名称匹配。", ["7. 另注"])
    wb = load_workbook(dest)
    ws = wb["测试"]
    assert [c.value for c in ws[1]] == ["名称", "日期", "类别", "是否", "人数"]
    assert ws["A1"].fill.fgColor.rgb != ws["B1"].fill.fgColor.rgb  # required is shaded apart
    assert ws.column_dimensions["A"].number_format == "@"
    assert sorted(str(dv.sqref) for dv in ws.data_validations.dataValidation) == [
        "C2:C1048576",
        "D2:D1048576",
    ]
    assert wb["可选值"].sheet_state == "hidden"
    lines = [r for r in wb["填写说明"].iter_rows(values_only=True) if r[0]]
    assert ("类别", "选填", None, "甲类、乙类") in lines
    assert ("是否", "选填", None, "是、否") in lines
    assert any("按名称匹配。" in r[0] for r in lines) and ("7. 另注", None, None, None) in lines


def test_error_report_lists_each_problem(tmp_path):
    dest = xl.write_error_report(
        tmp_path / "e.xlsx", "名单.xlsx", [("人员", 5, "身份证号", "校验位错误。")]
    )
    ws = load_workbook(dest)[xl.ERROR_SHEET]
    assert ws["A1"].value == "导入错误报告：名单.xlsx"
    assert list(ws.iter_rows(min_row=2, values_only=True)) == [
        ("工作表", "行号", "列", "原因"),
        ("人员", 5, "身份证号", "校验位错误。"),
    ]
