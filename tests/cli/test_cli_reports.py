"""``yuyou report monthly|annual`` and ``yuyou stats`` as a clerk or a script uses them: the
files written agree with the figures, the JSON holds every figure of the Dashboard, and a bad
month, year, file name or period exits with 3, a Chinese reason on stderr and no file."""

from __future__ import annotations

import json
from dataclasses import fields
from datetime import date
from decimal import Decimal

import pytest

from tests.conftest import file_state
from tests.integration.report_support import evaluate, open_sheet, tables_of
from tests.unit.letter_pdf_support import read_pdf
from yuyou_desktop.documents.letter_fonts import ROLES
from yuyou_desktop.services.reports.figures import Counts, Line, StatsQuery

YEAR = StatsQuery(date(2026, 1, 1), date(2026, 12, 31))
NEXT_YEAR = str(date.today().year + 1)


def ok(result) -> str:
    assert (result.code, result.err) == (0, ""), result.err
    return result.out


def refused(result, reason: str) -> None:
    """Exit 3, nothing on stdout, one ``错误：`` line on stderr naming ``reason``."""
    assert result.code == 3, (result.out, result.err)
    assert result.out == ""
    assert result.err.startswith("错误：") and reason in result.err, result.err
    assert result.err.count("\n") == 1


@pytest.fixture
def out(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


@pytest.fixture
def fonts(county_demo, letter_test_font):
    for role in ROLES:
        county_demo.letter_fonts.choose(role, letter_test_font)
    return county_demo


def test_monthly_writes_the_workbook(yuyou, county_demo, out):
    dest = out / "2026年10月月报.xlsx"
    said = ok(yuyou("report", "monthly", "--month", "2026-10", "--out", str(dest)))
    assert said == f"已将右玉县司法局行政执法监督工作月报（2026年10月）写入 {dest}\n"
    ws = open_sheet(dest)
    assert ws["A1"].value == "右玉县司法局行政执法监督工作月报（2026年10月）"
    d = county_demo.stats.dashboard(StatsQuery(date(2026, 10, 1), date(2026, 10, 31)))
    kinds = tables_of(ws)[0]
    assert evaluate(ws, f"B{kinds.total_row}") == d.inspections.inspections
    assert evaluate(ws, f"G{kinds.total_row}") == (d.inspections.rate or "—")


def test_annual_workbook_and_pdf(yuyou, fonts, out):
    ok(yuyou("report", "annual", "--year", "2026", "--out", str(out / "年报.xlsx")))
    ws = open_sheet(out / "年报.xlsx")
    assert ws["A1"].value == "右玉县司法局行政执法监督工作年度报告（2026年度）"
    said = ok(yuyou("report", "annual", "--year", "2026", "--out", str(out / "年报.pdf")))
    assert "右玉县司法局2026年度行政执法监督工作报告" in said
    pages = read_pdf((out / "年报.pdf").read_bytes())
    text = "".join(p.text for p in pages)
    d = fonts.stats.dashboard(YEAR)
    assert f"全年共开展行政执法监督检查{d.inspections.inspections}次" in text
    assert "主要做法和成效" not in text  # nothing written, nothing invented


def test_annual_pdf_with_the_offices_own_text(yuyou, fonts, out):
    text_file = out / "报告文字.txt"
    text_file.write_text(
        "【主要做法和成效】\n全年开展涉企执法监督。\n【存在的问题】\n整改不及时。\n",
        encoding="utf-8",
    )
    dest = out / "年报.pdf"
    ok(yuyou("report", "annual", "--year", "2026", "--out", str(dest), "--text", str(text_file)))
    text = "".join(p.text for p in read_pdf(dest.read_bytes()))
    assert "二、主要做法和成效" in text and "全年开展涉企执法监督。" in text
    assert "三、存在的问题" in text and "整改不及时。" in text
    assert "下一步工作建议" not in text


def test_without_embeddable_fonts_the_pdf_is_written_with_a_warning(yuyou, county_demo, out):
    county_demo.settings.set("letters.font.fangsong", str(out / "没有这个字体.ttf"))
    result = yuyou("report", "annual", "--year", "2026", "--out", str(out / "年报.pdf"))
    assert result.code == 0
    assert (out / "年报.pdf").read_bytes().startswith(b"%PDF")
    assert "提示：" in result.err


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (("monthly", "--month", "2026-13"), "月份应在1到12之间"),
        (("monthly", "--month", "2026-1-5"), "不是有效的月份"),
        (("monthly", "--month", f"{NEXT_YEAR}-01"), "尚未到来"),
        (("annual", "--year", NEXT_YEAR), "尚未到来"),
        (("annual", "--year", "1999"), "应在2000年到2100年之间"),
        (("annual", "--year", "二〇二六"), "不是有效的年度"),
        (("annual", "--year", "¹²³⁴"), "不是有效的年度"),
    ],
)
def test_a_bad_month_or_year_is_refused_and_no_file_written(yuyou, county_demo, out, args, reason):
    name = "报告.xlsx"
    refused(yuyou("report", *args, "--out", str(out / name)), reason)
    assert file_state(out) == {}


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (("monthly", "--month", "2026-10", "--out", "月报.pdf"), "不是 .xlsx 文件名"),
        (("annual", "--year", "2026", "--out", "年报.docx"), "不是 .xlsx 或 .pdf 文件名"),
        (("annual", "--year", "2026", "--out", "年报.xlsx", "--text", "x.txt"), "只用于 PDF"),
    ],
)
def test_a_wrong_file_name_is_refused(yuyou, county_demo, out, args, reason):
    args = tuple(
        str(out / a) if a.endswith((".pdf", ".docx", ".xlsx", ".txt")) else a for a in args
    )
    refused(yuyou("report", *args), reason)
    assert file_state(out) == {}


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("【工作亮点】\n很好。".encode(), "没有“【工作亮点】”这一部分"),
        ("前言。\n【存在的问题】\n不足。".encode(), "第1行"),
        ("【存在的问题】\n整改不及时。".encode("gb18030"), "不是 UTF-8 编码"),
    ],
)
def test_a_bad_text_file_is_refused(yuyou, county_demo, out, content, reason):
    text_file = out / "文字.txt"
    text_file.write_bytes(content)
    dest = out / "年报.pdf"
    refused(
        yuyou("report", "annual", "--year", "2026", "--out", str(dest), "--text", str(text_file)),
        reason,
    )
    assert not dest.exists()


def test_a_missing_text_file_is_refused(yuyou, county_demo, out):
    result = yuyou(
        "report", "annual", "--year", "2026", "--out", str(out / "年报.pdf"), "--text", "无.txt"
    )
    refused(result, "无法读取文件")
    assert file_state(out) == {}


# ---------------------------------------------------------------- yuyou stats


def counts_json(counts: Counts) -> dict[str, object]:
    found: dict[str, object] = {}
    for f in fields(counts):
        value = getattr(counts, f.name)
        found[f.name] = str(value) if isinstance(value, Decimal) else value
    for derived in ("rate", "mean"):
        if hasattr(counts, derived):
            value = getattr(counts, derived)
            found[derived] = None if value is None else str(value)
    return found


def test_stats_json_holds_every_figure_of_the_dashboard(yuyou, county_demo):
    data = json.loads(ok(yuyou("stats", "--from", "2026-01-01", "--to", "2026-12-31", "--json")))
    d = county_demo.stats.dashboard(YEAR)
    for f in fields(d):
        value = getattr(d, f.name)
        got = data[f.name]
        if f.name == "query":
            assert got == {
                "start": "2026-01-01",
                "end": "2026-12-31",
                "origin": None,
                "unit_id": None,
            }
        elif isinstance(value, date):
            assert got == value.isoformat()
        elif isinstance(value, Counts):
            assert got == counts_json(value), f.name
        elif isinstance(value, tuple):
            assert all(isinstance(x, Line) for x in value)
            assert got == [
                {"key": x.key, "label": x.label, **counts_json(x.counts)} for x in value
            ], f.name
        else:
            assert got == value, f.name
    assert data["inspections"]["inspections"] == 62
    assert data["by_month"][0]["key"] == "2026-01"


def test_stats_for_one_office_and_unit(yuyou, county_demo):
    data = json.loads(
        ok(
            yuyou(
                "stats",
                "--from",
                "2026年1月1日",
                "--to",
                "2026-12-31",
                "--office",
                "140623",
                "--unit",
                "右玉县市场监督管理局",
                "--json",
            )
        )
    )
    assert data["query"]["origin"] == "140623"
    assert data["scope_label"] == "本单位 · 右玉县市场监督管理局"
    unit_id = data["query"]["unit_id"]
    d = county_demo.stats.dashboard(StatsQuery(YEAR.start, YEAR.end, "140623", unit_id))
    assert data["inspections"] == counts_json(d.inspections)
    assert [x["key"] for x in data["by_unit"]] == [unit_id]


def test_stats_text_prints_the_tables(yuyou, county_demo):
    said = ok(yuyou("stats", "--from", "2026-10-01", "--to", "2026-10-31"))
    lines = said.splitlines()
    assert lines[0] == "右玉县司法局 统计（2026年10月1日至2026年10月31日；全部单位）"
    assert "表1　检查情况（按检查类型）" in lines
    assert "检查类型\t检查次数\t发现问题\t已整改\t未整改\t其中逾期\t整改率" in lines
    d = county_demo.stats.dashboard(StatsQuery(date(2026, 10, 1), date(2026, 10, 31)))
    i = d.inspections
    total = f"合计\t{i.inspections}\t{i.problems}\t{i.rectified}\t{i.unrectified}\t{i.overdue}"
    assert any(line.startswith(total) for line in lines)


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (("--from", "2026-02-30", "--to", "2026-03-01"), "不是有效日期"),
        (("--from", "2026-03-01", "--to", "2026-02-01"), "早于开始日期"),
        (("--from", "2000-01-01", "--to", "2026-01-01"), "不能超过十年"),
        (("--from", "2026-01-01", "--to", "2026-02-01", "--unit", "没有的局"), "找不到名为"),
        (("--from", "2026-01-01", "--to", "2026-02-01", "--office", "999999"), "没有代码为"),
        (("--from", "2026-01-01", "--to", "2026-02-01", "--unit", " "), "不能为空"),
        (("--from", "2026-01-01", "--to", "2026-02-01", "--office", ""), "不能为空"),
    ],
)
def test_stats_refuses_a_bad_period_or_scope(yuyou, county_demo, args, reason):
    refused(yuyou("stats", *args, "--json"), reason)
