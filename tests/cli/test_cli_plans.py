"""``yuyou plan list|show|create|add-item|done|print`` as a clerk or a script uses them: a
year's plan is drawn up, items are added with the units they cover, one is marked done and
the progress line follows; every refusal exits with 3, one Chinese line on stderr and nothing
changed.  The commands run on today's date, so the tests use this year."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.integration.plan_support import UNITS, add_units, snapshot
from yuyou_desktop.documents.letter_fonts import ROLES
from yuyou_desktop.services import Services

YEAR = date.today().year
TODAY = date.today().isoformat()
MARKET, SAFETY = UNITS[0], UNITS[1]


@pytest.fixture
def office(county: Services) -> Services:
    add_units(county)
    return county


def ok(result) -> str:
    assert (result.code, result.err) == (0, ""), result.err
    return result.out


def refused(result, reason: str) -> None:
    """Exit 3, nothing on stdout, one ``错误：`` line on stderr naming ``reason``."""
    assert result.code == 3, (result.out, result.err)
    assert result.out == ""
    assert result.err.startswith("错误：") and reason in result.err, result.err
    assert result.err.count("\n") == 1, result.err


def add_item(yuyou, *extra: str, content: str = "开展涉企行政执法专项监督检查"):
    return yuyou(
        "plan",
        "add-item",
        "--year",
        str(YEAR),
        "--content",
        content,
        "--start",
        f"{YEAR}-01-02",
        "--end",
        f"{YEAR}-12-30",
        "--responsible",
        "执法监督股",
        *extra,
    )


def test_a_plan_drawn_up_filled_in_and_followed_on_the_command_line(office, yuyou):
    assert ok(yuyou("plan", "list")) == "还没有年度监督工作方案。\n"
    out = ok(yuyou("plan", "create", "--year", str(YEAR), "--drawn-up", TODAY))
    assert out == f"已制定：右玉县司法局{YEAR}年度行政执法监督工作方案\n"
    out = ok(add_item(yuyou, "--unit", MARKET, "--unit", SAFETY))
    assert out.startswith("已添加第1项：开展涉企行政执法专项监督检查")
    assert f"{MARKET}、{SAFETY}" in out
    out = ok(add_item(yuyou, content="组织行政执法案卷评查"))
    assert out.startswith("已添加第2项：组织行政执法案卷评查") and "全部执法单位" in out

    out = ok(yuyou("plan", "done", "--year", str(YEAR), "--item", "2", "--on", TODAY))
    assert out.splitlines() == [
        f"第2项已完成（{TODAY}）：组织行政执法案卷评查",
        "共2项，已完成1项，完成率50%，逾期0项",
    ]
    shown = ok(yuyou("plan", "show", "--year", str(YEAR))).splitlines()
    assert shown[0] == f"右玉县司法局{YEAR}年度行政执法监督工作方案（右玉县司法局）"
    assert shown[1] == f"制定日期：{TODAY}　报送上级：未报送"
    assert shown[2] == "1. 开展涉企行政执法专项监督检查"
    assert f"监督对象：{MARKET}、{SAFETY}" in shown[3] and "责任人：执法监督股" in shown[3]
    assert shown[4] == "2. 组织行政执法案卷评查"
    assert "全部执法单位" in shown[5] and f"已完成（{date.today().month}月" in shown[5]
    assert shown[-1] == "共2项，已完成1项，完成率50%，逾期0项"

    data = json.loads(ok(yuyou("plan", "show", "--year", str(YEAR), "--json")))
    assert [i["units"] for i in data["items"]] == [[MARKET, SAFETY], []]
    assert [i["status_label"] for i in data["items"]] == ["未开始", "已完成"]
    assert data["progress"]["completion_rate"] == "50.0"
    listed = json.loads(ok(yuyou("plan", "list", "--json")))
    assert [(p["year"], p["items"], p["done"], p["own"]) for p in listed] == [(YEAR, 2, 1, True)]
    assert ok(yuyou("plan", "list")).startswith(f"{YEAR}年　右玉县司法局{YEAR}年度")


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (("create", "--year", str(YEAR)), f"已有{YEAR}年度的监督工作方案"),
        (("create", "--year", str(YEAR + 2)), "年度：只能为"),
        (("create", "--year", str(YEAR + 1), "--drawn-up", "明天"), "制定日期："),
        (("show", "--year", str(YEAR + 1)), f"本单位还没有{YEAR + 1}年度的监督工作方案"),
        (("show", "--year", str(YEAR), "--office", "140623999"), "没有代码为“140623999”"),
        (("done", "--year", str(YEAR), "--item", "3", "--on", TODAY), "没有第3项（共1项）"),
        (("done", "--year", str(YEAR), "--item", "1", "--on", "2999-01-01"), "完成日期："),
        (("done", "--year", str(YEAR), "--item", "1", "--on", "昨天"), "不是有效日期"),
        (("print", "--year", str(YEAR), "--out", "方案.docx"), "不是 .pdf 文件名"),
    ],
)
def test_refusals_exit_3_and_change_nothing(office, yuyou, args, reason):
    ok(yuyou("plan", "create", "--year", str(YEAR)))
    ok(add_item(yuyou))
    before = snapshot(office)
    refused(yuyou("plan", *args), reason)
    assert snapshot(office) == before


@pytest.mark.parametrize(
    ("extra", "reason"),
    [
        (("--unit", "右玉县不存在局"), "找不到名为“右玉县不存在局”的执法单位"),
        (("--start", f"{YEAR - 1}-12-01"), "计划开始日期：应在方案年度"),
        (("--end", f"{YEAR}-01-01"), "计划结束日期：不能早于开始日期"),
    ],
)
def test_a_bad_item_is_refused(office, yuyou, extra, reason):
    ok(yuyou("plan", "create", "--year", str(YEAR)))
    before = snapshot(office)
    refused(add_item(yuyou, *extra), reason)
    assert snapshot(office) == before


def test_adding_to_a_year_without_a_plan_is_refused(office, yuyou):
    refused(add_item(yuyou), f"可用 yuyou plan create --year {YEAR} 制定")


def test_print_writes_the_plan_as_a_pdf(office, yuyou, letter_test_font, tmp_path: Path):
    for role in ROLES:
        office.letter_fonts.choose(role, letter_test_font)
    ok(yuyou("plan", "create", "--year", str(YEAR)))
    ok(add_item(yuyou, "--unit", MARKET))
    out_file = tmp_path / "年度方案.pdf"
    out = ok(yuyou("plan", "print", "--year", str(YEAR), "--out", str(out_file)))
    assert out.startswith(f"已将“右玉县司法局{YEAR}年度行政执法监督工作方案”写入 {out_file}")
    reader = PdfReader(io.BytesIO(out_file.read_bytes()))
    text = "".join("".join((p.extract_text() or "").split()) for p in reader.pages)
    assert f"{YEAR}年度行政执法监督工作方案" in text and MARKET in text
