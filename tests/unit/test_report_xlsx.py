"""Report workbooks within Excel's limits: tab names too long, holding ``\\ / ? * [ ] :`` or
repeated (ignoring case) are made usable, and a cell or row too big for Excel is cut to fit."""

from __future__ import annotations

from openpyxl import Workbook, load_workbook

from yuyou_desktop.documents.report_xlsx import (
    CENTERED,
    Column,
    Sheet,
    lines_in,
    sheet_names,
    write_report,
)

LONG = "右玉县卫生健康和体育局综合行政执法队第一执法中队驻右卫镇执法小组"  # 32 characters


def test_ordinary_names_are_kept():
    assert sheet_names(["汇总", "常见问题", "右玉县交通运输局"]) == [
        "汇总",
        "常见问题",
        "右玉县交通运输局",
    ]


def test_forbidden_characters_are_replaced_and_blank_names_get_one():
    assert sheet_names(["交通/运输:局", "[执法]队?*", "'引号'", "  ", "a\\b"]) == [
        "交通_运输_局",
        "_执法_队__",
        "引号",
        "Sheet",
        "a_b",
    ]


def test_long_names_are_cut_to_31_and_repeats_are_numbered_within_the_limit():
    names = sheet_names([LONG, LONG, LONG + "乙", "汇总", "汇总", "History"])
    assert names[0] == LONG[:31]
    assert names[1] == LONG[:28] + "(2)" and names[2] == LONG[:28] + "(3)"
    assert names[3:] == ["汇总", "汇总(2)", "History_"]
    assert all(len(n) <= 31 for n in names)
    assert len({n.casefold() for n in names}) == len(names)


def test_names_differing_only_in_case_are_repeats():
    assert sheet_names(["Team", "TEAM"]) == ["Team", "TEAM(2)"]


def test_every_name_made_is_accepted_by_openpyxl():
    wb = Workbook()
    for name in sheet_names([LONG, LONG, "交通/运输:局", "", "'x'", "Sheet"]):
        wb.create_sheet(name)  # raises ValueError on a name Excel would refuse


def test_lines_count_wide_characters_twice_and_each_line_break():
    assert lines_in("短", 10) == 1
    assert lines_in("一二三四五六七八九十" * 2, 10) > 2
    assert lines_in("甲\n乙\n丙", 50) == 3


def test_a_cell_too_long_for_excel_is_cut_with_a_note_and_its_row_kept_printable(tmp_path):
    columns = (Column("序号", 5, CENTERED), Column("发现的问题", 50))
    sheet = Sheet("问题", "标题", "副标题", columns, ((1, "问题说明。\n" * 8000),))
    dest = tmp_path / "报告.xlsx"
    assert write_report(dest, [sheet]) == ["问题"]
    ws = load_workbook(dest)["问题"]
    text = ws["B4"].value
    assert len(text) <= 32767 and text.endswith("（以下超出单元格长度，从略）")
    assert ws.row_dimensions[4].height <= 409
