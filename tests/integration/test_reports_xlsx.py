"""The 月报 and 年度报告 workbooks on the demo county: what a clerk sees when opening and
printing them, every figure against the Dashboard, and the refusals that write nothing."""

from __future__ import annotations

import csv
import shutil
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl.utils import get_column_letter

from tests.conftest import TOWNSHIP, file_state
from tests.integration.report_support import SUM, evaluate, open_sheet, tables_of
from yuyou_desktop.domain.figures import percent
from yuyou_desktop.errors import InputRejected
from yuyou_desktop.services.reports.figures import StatsQuery
from yuyou_desktop.services.reports.report_tables import report_tables
from yuyou_desktop.services.reports.reports import ReportService

TODAY = date(2026, 12, 2)
OCTOBER = StatsQuery(date(2026, 10, 1), date(2026, 10, 31))
YEAR = StatsQuery(date(2026, 1, 1), date(2026, 12, 31))


def reports_of(services, today: date = TODAY) -> ReportService:
    return ReportService(
        services.database, services.stats, services.office, services.letter_fonts, lambda: today
    )


@pytest.fixture
def reports(county_demo) -> ReportService:
    return reports_of(county_demo)


@pytest.fixture
def out(tmp_path) -> Path:
    """Where the reports go (the data folder is elsewhere under tmp_path)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


@pytest.fixture
def october(reports, out):
    result = reports.monthly(out / "月报.xlsx", 2026, 10)
    return result, open_sheet(result.path)


def lines_of(d, key: str):
    return {
        "by_kind": d.by_kind,
        "by_area": d.by_area,
        "by_month": d.by_month,
        "by_office": d.by_office,
        "by_unit": d.by_unit,
        "leads_by_source": d.leads_by_source,
        "reviews_by_grade": [x for x in d.reviews_by_grade if x.key or x.counts.files],
        "reviews_by_unit": d.reviews_by_unit,
        "registers_by_office": d.registers_by_office,
    }[key]


def test_title_merged_and_the_period_line(october, county_demo):
    result, ws = october
    assert ws["A1"].value == "右玉县司法局行政执法监督工作月报（2026年10月）"
    assert result.title == ws["A1"].value
    merged = {str(r) for r in ws.merged_cells.ranges}
    last = get_column_letter(ws.max_column)
    assert f"A1:{last}1" in merged and f"A2:{last}2" in merged
    line = ws["A2"].value
    assert "填报单位：右玉县司法局" in line
    assert "统计期间：2026年10月1日至2026年10月31日" in line
    assert f"填报日期：{county_demo.stats.dashboard(OCTOBER).today:%Y年%-m月%-d日}" in line
    assert "报送时限：2026年11月15日前" in line  # by the 15th of the next month


def test_numbered_captions_and_headers(october):
    result, ws = october
    found = tables_of(ws)
    assert [t.number for t in found] == list(range(1, len(found) + 1))
    assert [f"表{t.number}　{t.title}" for t in found] == [t.caption for t in result.tables]
    assert [t.header for t in found] == [t.header for t in result.tables]
    titles = [t.title for t in found]
    assert titles[:3] == ["检查情况（按检查类型）", "检查情况（按重点领域）", "检查情况（按乡镇）"]
    assert "投诉举报与问题线索（按来源）" in titles and "案卷评查情况（按等次）" in titles


def test_every_data_cell_is_the_dashboards_figure(october, county_demo):
    result, ws = october
    d = county_demo.stats.dashboard(OCTOBER)
    assert d.inspections.inspections > 0 and d.inspections.problems > 0
    for sheet_table, table in zip(tables_of(ws), result.tables, strict=True):
        lines = lines_of(d, table.key)
        assert len(sheet_table.rows) == max(len(lines), 1), table.caption
        for row, line in zip(sheet_table.rows, lines, strict=False):
            assert ws.cell(row=row, column=1).value.startswith(line.label)
            for index, column in enumerate(table.columns, 2):
                if column.ratio is None:
                    wanted = getattr(line.counts, column.key)
                    assert ws.cell(row=row, column=index).value == wanted, (table.caption, row)


def test_totals_are_sum_formulas_over_exactly_the_data_rows(october, county_demo):
    result, ws = october
    d = county_demo.stats.dashboard(OCTOBER)
    for sheet_table, table in zip(tables_of(ws), result.tables, strict=True):
        assert sheet_table.total_row is not None
        for index, column in enumerate(table.columns, 2):
            letter = get_column_letter(index)
            cell = ws.cell(row=sheet_table.total_row, column=index).value
            if column.ratio is not None:
                continue
            if column.total == "given":  # over the cap: counted once over all offices
                assert cell == d.registers.over_cap
                continue
            summed = SUM.match(cell)
            assert summed, (table.caption, cell)
            assert summed.groups() == (
                letter,
                str(sheet_table.rows[0]),
                letter,
                str(sheet_table.rows[-1]),
            )
    kinds = tables_of(ws)[0]
    i = d.inspections
    totals = [evaluate(ws, f"{c}{kinds.total_row}") for c in "BCDEF"]
    assert totals == [i.inspections, i.problems, i.rectified, i.unrectified, i.overdue]


def test_rates_are_formulas_on_their_own_row_and_the_total_from_the_totals(october, county_demo):
    _, ws = october
    d = county_demo.stats.dashboard(OCTOBER)
    kinds = tables_of(ws)[0]
    assert kinds.header[-1] == "整改率"
    for row, line in zip(kinds.rows, d.by_kind, strict=True):
        cell = ws[f"G{row}"]
        assert cell.value == f'=IF(C{row}=0,"—",ROUND(D{row}/C{row}*100,1))'
        assert cell.number_format == '0.0"%"'
        wanted = line.counts.rate
        assert evaluate(ws, f"G{row}") == ("—" if wanted is None else wanted)
    total = kinds.total_row
    assert ws[f"G{total}"].value == f'=IF(C{total}=0,"—",ROUND(D{total}/C{total}*100,1))'
    assert evaluate(ws, f"G{total}") == d.inspections.rate
    assert d.inspections.rate == percent(d.inspections.rectified, d.inspections.problems)


def test_mean_score_formula(reports, county_demo, out):
    result = reports.annual(out / "年报.xlsx", 2026)
    ws = open_sheet(result.path)
    d = county_demo.stats.dashboard(YEAR)
    units = next(t for t in tables_of(ws) if t.title == "案卷评查情况（按被评查单位）")
    assert units.header == ("被评查单位", "评查案卷", "得分合计", "平均分")
    total = units.total_row
    assert ws[f"D{total}"].value == f'=IF(B{total}=0,"—",ROUND(C{total}/B{total},1))'
    assert evaluate(ws, f"D{total}") == d.reviews.mean
    assert evaluate(ws, f"C{total}") == d.reviews.score_sum


def test_print_set_up(october):
    _, ws = october
    setup = ws.page_setup
    assert int(setup.paperSize) == 9  # A4
    assert setup.orientation == "portrait"
    assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$1:$2"  # the title and the period line on every page
    assert ws.print_options.horizontalCentered
    assert ws.oddFooter.center.text == "第 &P 页 共 &N 页"
    assert ws.print_area.endswith(f"$A$1:$G${ws.max_row}")


def test_notes_state_the_definitions(october):
    _, ws = october
    column = [str(c.value or "") for c in ws["A"]]
    start = column.index("说明：")
    notes = column[start + 1 :]
    assert notes[0].startswith("1. 统计期间为2026年10月1日至2026年10月31日")
    assert any("整改率＝已整改÷发现问题×100%" in n for n in notes)
    assert any("合计不一定等于各行之和" in n for n in notes)


def test_the_annual_workbook_has_the_twelve_months(reports, county_demo, out):
    result = reports.annual(out / "年报.xlsx", 2026)
    ws = open_sheet(result.path)
    assert ws["A1"].value == "右玉县司法局行政执法监督工作年度报告（2026年度）"
    months = next(t for t in tables_of(ws) if t.title == "检查情况（按月份）")
    assert [ws.cell(row=r, column=1).value for r in months.rows] == [
        f"2026年{m}月" for m in range(1, 13)
    ]
    d = county_demo.stats.dashboard(YEAR)
    assert evaluate(ws, f"B{months.total_row}") == d.inspections.inspections == 62


def test_a_township_reports_its_own_records_without_a_township_table(services, tmp_path):
    services.office.initialize(
        TOWNSHIP["role"], TOWNSHIP["code"], TOWNSHIP["name"], TOWNSHIP["prefix"]
    )
    services.demo.load()
    reports = reports_of(services)
    result = reports.annual(tmp_path / "所年报.xlsx", 2026)
    assert result.dashboard.query.origin == TOWNSHIP["code"]
    ws = open_sheet(result.path)
    titles = [t.title for t in tables_of(ws)]
    assert "检查情况（按乡镇）" not in titles
    assert ws["A1"].value.startswith("右卫镇司法所")
    own = services.stats.dashboard(StatsQuery(YEAR.start, YEAR.end, TOWNSHIP["code"]))
    kinds = tables_of(ws)[0]
    assert evaluate(ws, f"B{kinds.total_row}") == own.inspections.inspections


# ---------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    ("year", "month", "words"),
    [
        (2026, 13, "应为1到12之间的整数"),
        (2026, 0, "应为1到12之间的整数"),
        (2027, 1, "2027年1月尚未到来"),
        (1999, 5, "应在2000年到2100年之间"),
    ],
)
def test_a_bad_or_future_month_is_refused_and_nothing_written(reports, out, year, month, words):
    before = file_state(out)
    with pytest.raises(InputRejected) as caught:
        reports.monthly(out / "月报.xlsx", year, month)
    assert words in caught.value.message
    assert file_state(out) == before


@pytest.mark.parametrize(
    ("year", "words"), [(2027, "2027年尚未到来"), (1999, "应在2000年到2100年之间")]
)
def test_a_bad_year_is_refused_and_nothing_written(reports, out, year, words):
    for name in ("年报.xlsx", "年报.pdf"):
        with pytest.raises(InputRejected) as caught:
            reports.annual(out / name, year)
        assert words in caught.value.message
    assert file_state(out) == {}


@pytest.mark.parametrize("name", ["年报.docx", "年报.xls", "年报", "年报.csv"])
def test_an_annual_report_is_xlsx_or_pdf(reports, out, name):
    with pytest.raises(InputRejected) as caught:
        reports.annual(out / name, 2026)
    assert "不是 .xlsx 或 .pdf 文件名" in caught.value.message
    assert file_state(out) == {}


def test_a_monthly_report_is_xlsx(reports, out):
    with pytest.raises(InputRejected) as caught:
        reports.monthly(out / "月报.pdf", 2026, 10)
    assert "不是 .xlsx 文件名" in caught.value.message
    assert file_state(out) == {}


def test_a_missing_folder_is_refused(reports, out):
    with pytest.raises(InputRejected) as caught:
        reports.monthly(out / "没有" / "月报.xlsx", 2026, 10)
    assert "文件或所在文件夹不存在" in caught.value.message
    assert file_state(out) == {}


def test_a_file_that_cannot_be_written_leaves_the_old_one(reports, out, monkeypatch):
    dest = out / "月报.xlsx"
    dest.write_bytes(b"old")

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("yuyou_desktop.documents.stats_xlsx.os.replace", refuse)
    with pytest.raises(InputRejected) as caught:
        reports.monthly(dest, 2026, 10)
    assert "没有权限" in caught.value.message and "未生成报表" in caught.value.message
    assert file_state(out) == {"月报.xlsx": b"old"}


def test_the_report_tables_come_from_one_dashboard(reports, county_demo, out):
    result = reports.monthly(out / "月报.xlsx", 2026, 10)
    assert result.tables == report_tables(county_demo.stats.dashboard(OCTOBER))


# ---------------------------------------------------------------- LibreOffice


def test_libreoffice_computes_the_totals_and_rates(october, county_demo, tmp_path):
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: the formulas are checked above")
    result, ws = october
    out = tmp_path / "csv"
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",
            "--outdir",
            str(out),
            str(result.path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    rows = list(csv.reader((out / "月报.csv").open(encoding="utf-8")))
    d = county_demo.stats.dashboard(OCTOBER)
    kinds = tables_of(ws)[0]
    total = rows[kinds.total_row - 1]
    i = d.inspections
    assert total[0] == "合计"
    assert [Decimal(x) for x in total[1:6]] == [
        i.inspections,
        i.problems,
        i.rectified,
        i.unrectified,
        i.overdue,
    ]
    assert total[6] == f"{i.rate}%"
    for row, line in zip(kinds.rows, d.by_kind, strict=True):
        rate = line.counts.rate
        assert rows[row - 1][6] == ("—" if rate is None else f"{rate}%")
