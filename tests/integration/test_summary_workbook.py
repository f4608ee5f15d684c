"""The monthly summary workbook as a county office files it: title, sections, the figures, 合计
rows that are SUM formulas over exactly the rows above, the 说明 block and the print set-up."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from openpyxl import load_workbook

from yuyou_desktop.services.demo import DemoService
from yuyou_desktop.services.inspections.summary import InspectionSummaryService

DAY = date(2026, 6, 15)
SECTIONS = ["一、按检查类型", "二、按重点领域", "三、按被监督单位", "四、投诉举报与线索"]
INSPECTION_HEADER = ["检查次数", "发现问题", "已整改", "未整改", "其中逾期"]


@pytest.fixture
def demo(county):
    DemoService(county.database, county.resources, today=lambda: DAY).load()
    return county


def service(services: Any) -> InspectionSummaryService:
    return InspectionSummaryService(services.database, services.office, today=lambda: DAY)


def column_a(ws: Any) -> list[Any]:
    return [ws.cell(row=r, column=1).value for r in range(1, ws.max_row + 1)]


def table_at(ws: Any, header_row: int) -> tuple[list[str], list[list[Any]], list[Any], int]:
    """(header, data rows, 合计 row, first data row) of the table whose header is at
    ``header_row``."""
    header = [c.value for c in ws[header_row] if c.value is not None]
    rows, r = [], header_row + 1
    while ws.cell(row=r, column=1).value != "合计":
        rows.append([ws.cell(row=r, column=c).value for c in range(1, len(header) + 1)])
        r += 1
    total = [ws.cell(row=r, column=c).value for c in range(1, len(header) + 1)]
    return header, rows, total, header_row + 1


def evaluated(ws: Any, formula: str) -> int:
    """=SUM(B5:B11) → the sum of those cells, as Excel computes it."""
    found = re.fullmatch(r"=SUM\(([A-Z])(\d+):([A-Z])(\d+)\)", formula)
    assert found and found[1] == found[3], formula
    cells = (ws[f"{found[1]}{r}"].value for r in range(int(found[2]), int(found[4]) + 1))
    return sum(v for v in cells if isinstance(v, int))


def check_totals(ws: Any, header: list[str], rows: list[list[Any]], total: list[Any], first: int):
    last = first + len(rows) - 1
    for index in range(1, len(header)):
        letter = "ABCDEF"[index]
        assert total[index] == f"=SUM({letter}{first}:{letter}{last})"
        assert evaluated(ws, total[index]) == sum(r[index] or 0 for r in rows)
    assert all(ws.cell(row=first + len(rows), column=c).font.bold for c in (1, 2))


def test_the_workbook_holds_every_figure_under_its_section_with_sum_totals(demo, tmp_path):
    dest = tmp_path / "2026年5月汇总.xlsx"
    summary = service(demo).export(dest, 2026, 5)
    assert summary == service(demo).summary(2026, 5)
    assert summary.totals.inspections > 0 and len(summary.by_unit) > 1
    wb = load_workbook(dest)
    assert wb.sheetnames == ["2026年5月汇总"]
    ws = wb["2026年5月汇总"]
    assert ws["A1"].value == "右玉县司法局2026年5月检查记录汇总"
    assert ws["A1"].font.bold and ws["A1"].font.size >= 14
    assert "A1:F1" in {str(r) for r in ws.merged_cells.ranges}
    assert ws["A2"].value == (
        "制表单位：右玉县司法局　统计期间：2026-05-01 至 2026-05-31　统计截至：2026-06-15"
    )
    labels = column_a(ws)
    rows_of = [labels.index(title) + 1 for title in SECTIONS]
    assert rows_of == sorted(rows_of)
    assert all(ws.cell(row=r, column=1).font.bold for r in rows_of)

    expected = {
        "检查类型": summary.by_kind,
        "重点领域": summary.by_area,
        "被监督单位": summary.by_unit,
    }
    for row in rows_of[:3]:
        header, rows, total, first = table_at(ws, row + 1)
        assert header[1:] == INSPECTION_HEADER and all(c.font.bold for c in ws[row + 1])
        figures = expected[header[0]]
        assert rows == [
            [f.label, f.inspections, f.problems, f.rectified, f.open, f.overdue] for f in figures
        ]
        check_totals(ws, header, rows, total, first)
        t = summary.totals
        assert [evaluated(ws, x) for x in total[1:]] == [
            t.inspections, t.problems, t.rectified, t.open, t.overdue
        ]  # fmt: skip

    caption = labels.index("（一）本月收到的线索（按来源）") + 1
    header, rows, total, first = table_at(ws, caption + 1)
    assert header == ["来源", "收到", "已办结", "未办结", "其中已移送", "其中逾期"]
    assert rows == [
        [f.label, f.received, f.closed, f.open, f.transferred, f.overdue]
        for f in summary.leads_by_source
    ]
    check_totals(ws, header, rows, total, first)
    caption = labels.index("（二）本月移送（按移送对象）") + 1
    header, rows, total, first = table_at(ws, caption + 1)
    assert header == ["移送对象", "移送次数", "待接收", "已接收", "已反馈"]
    assert rows == [
        [f.label, f.transfers, f.sent, f.received, f.fed_back] for f in summary.transfers_by_target
    ]
    check_totals(ws, header, rows, total, first)
    after = ws.cell(row=first + len(rows) + 1, column=1).value
    moved = summary.leads_transferred
    assert after == f"本月有移送记录的线索共 {moved} 条（同一线索移送多个机关只计一次）。"


def test_the_notes_state_the_definitions_and_the_sheet_prints_on_a4_portrait(demo, tmp_path):
    dest = tmp_path / "汇总.xlsx"
    service(demo).export(dest, 2026, 5)
    ws = load_workbook(dest).active
    labels = column_a(ws)
    notes = [x for x in labels[labels.index("说明：") + 1 :] if x]
    assert [n.split(".")[0] for n in notes] == [str(i) for i in range(1, len(notes) + 1)]
    text = "".join(notes)
    for phrase in ("北京时间日期", "已删除", "截至统计日（2026-06-15）", "整改期限早于2026-06-15",
                   "按移送日期", "求和公式", "不记录办结日期"):  # fmt: skip
        assert phrase in text, phrase
    assert all(
        ws.cell(row=r, column=1).alignment.wrap_text
        for r in range(len(labels) - 2, len(labels) + 1)
    )

    setup = ws.page_setup
    assert setup.orientation == "portrait" and str(setup.paperSize) == "9"
    assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_area == f"'{ws.title}'!$A$1:$F${ws.max_row}"
    widths = {c: ws.column_dimensions[c].width for c in "ABCDEF"}
    assert widths["A"] >= 2 * len("右玉县卫生健康综合行政执法队")  # the longest unit name fits
    assert all(10 <= widths[c] <= 14 for c in "BCDEF")


def test_a_month_without_inspections_still_has_its_tables_and_zero_totals(county, tmp_path):
    dest = tmp_path / "汇总.xlsx"
    service(county).export(dest, 2020, 2)
    ws = load_workbook(dest)["2020年2月汇总"]
    labels = column_a(ws)
    units = labels.index("三、按被监督单位") + 1
    header, rows, total, first = table_at(ws, units + 1)
    assert rows == [["本月无检查记录", None, None, None, None, None]]
    check_totals(ws, header, rows, total, first)
    assert "统计期间：2020-02-01 至 2020-02-29" in ws["A2"].value
