"""``yuyou inspections summary --month YYYY-MM [--out FILE.xlsx] [--json]`` on the demonstration
data, as a county administrator or a script uses it."""

from __future__ import annotations

import json
from calendar import monthrange

import pytest
from openpyxl import load_workbook

from tests.conftest import file_state
from yuyou_desktop.domain.enums import FocusArea, InspectionKind

SECTIONS = ("一、按检查类型", "二、按重点领域", "三、按被监督单位", "四、投诉举报与线索")


@pytest.fixture
def demo(county_demo):
    county_demo.database.close()
    return county_demo


@pytest.fixture
def month(yuyou, demo) -> str:
    """The month of the newest demonstration inspection (the demo is relative to today)."""
    newest = json.loads(yuyou("inspections", "list", "--limit", "1", "--json").out)
    return newest["rows"][0]["started_at"][:7]


def listed_in(yuyou, month: str) -> dict:
    year, m = (int(x) for x in month.split("-"))
    last = f"{month}-{monthrange(year, m)[1]:02d}"
    result = yuyou("inspections", "list", "--from", f"{month}-01", "--to", last, "--json")
    return json.loads(result.out)


def test_json_gives_every_table_and_agrees_with_the_list(yuyou, demo, month):
    result = yuyou("inspections", "summary", "--month", month, "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    year, m = (int(x) for x in month.split("-"))
    assert (data["year"], data["month"], data["first_day"]) == (year, m, f"{month}-01")
    assert data["office_name"] == "右玉县司法局"
    assert [r["label"] for r in data["by_kind"]] == InspectionKind.labels()
    assert [r["label"] for r in data["by_area"]] == FocusArea.labels()
    listed = listed_in(yuyou, month)
    totals = data["totals"]
    assert totals["inspections"] == listed["total"] > 0
    assert totals["problems"] == sum(r["problems"] for r in listed["rows"])
    assert totals["open"] == sum(r["open_problems"] for r in listed["rows"])
    assert totals["overdue"] == sum(r["overdue_problems"] for r in listed["rows"])
    by_unit = {r["label"]: r["inspections"] for r in data["by_unit"]}
    units = {r["unit_name"] for r in listed["rows"]}
    assert set(by_unit) == units
    assert by_unit == {u: sum(r["unit_name"] == u for r in listed["rows"]) for u in units}
    for table in ("by_kind", "by_area", "by_unit"):
        assert sum(r["inspections"] for r in data[table]) == totals["inspections"]
    lead_totals = data["lead_totals"]
    assert lead_totals["received"] == sum(r["received"] for r in data["leads_by_source"])
    assert {r["label"] for r in data["transfers_by_target"]} == {
        "纪检监察机关",
        "公安机关",
        "检察机关",
        "主管部门",
    }


def test_without_out_it_prints_a_readable_summary(yuyou, demo, month):
    result = yuyou("inspections", "summary", "--month", month)
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    year, m = (int(x) for x in month.split("-"))
    assert lines[0] == f"右玉县司法局{year}年{m}月检查记录汇总"
    assert f"统计期间：{month}-01 至 " in lines[1]
    assert [x for x in lines if x in SECTIONS] == list(SECTIONS)
    data = json.loads(yuyou("inspections", "summary", "--month", month, "--json").out)
    t = data["totals"]
    total_line = "\t".join(
        str(x) for x in ("合计", t["inspections"], t["problems"], t["rectified"], t["open"],
                         t["overdue"])
    )  # fmt: skip
    assert lines.count(total_line) == 3  # by kind, by area, by unit
    assert "检查类型\t检查次数\t发现问题\t已整改\t未整改\t其中逾期" in lines


def test_out_writes_the_workbook_and_says_where(yuyou, demo, month, tmp_path):
    dest = tmp_path / "月度汇总.xlsx"
    result = yuyou("inspections", "summary", "--month", month, "--out", str(dest))
    assert result.code == 0, result.err
    year, m = (int(x) for x in month.split("-"))
    assert result.out == f"已将{year}年{m}月检查记录汇总写入 {dest}\n"
    ws = load_workbook(dest)[f"{year}年{m}月汇总"]
    assert ws["A1"].value == f"右玉县司法局{year}年{m}月检查记录汇总"


def test_out_with_json_writes_the_workbook_and_prints_the_figures(yuyou, demo, month, tmp_path):
    dest = tmp_path / "月度汇总.xlsx"
    result = yuyou("inspections", "summary", "--month", month, "--out", str(dest), "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    alone = json.loads(yuyou("inspections", "summary", "--month", month, "--json").out)
    assert data == alone and data["totals"]["inspections"] > 0
    assert load_workbook(dest).sheetnames[0] == f"{data['year']}年{data['month']}月汇总"


def test_an_office_without_inspections_gets_zeros(yuyou, county):
    county.database.close()
    result = yuyou("inspections", "summary", "--month", "2026-05")
    assert result.code == 0, result.err
    assert "本月无检查记录" in result.out
    assert result.out.count("合计\t0\t0\t0\t0\t0") == 4  # kind, area, unit, leads


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--month", "2026-13"), "月份（--month）：“2026-13”不是有效的月份：月份应在1到12之间"),
        (("--month", "五月"), "月份（--month）：“五月”不是有效的月份，应写成 YYYY-MM"),
        (("--month", "2026-05", "--out", "{tmp}/汇总.xls"), "“汇总.xls”不是 .xlsx 文件名"),
        (("--month", "2026-13", "--out", "{tmp}/汇总.xlsx"), "不是有效的月份"),
        (("--month", "2026-05", "--out", "{tmp}/无此文件夹/汇总.xlsx"), "所在文件夹不存在"),
        (("--month", "2026-05", "--out", "{tmp}/备注.txt/汇总.xlsx"), "所在文件夹不存在"),
        (("--month", "2026-05", "--out", "{tmp}/文件夹.xlsx"), "是一个文件夹"),
    ],
)
def test_bad_input_exits_3_in_chinese_and_writes_nothing(yuyou, demo, tmp_path, args, message):
    out = tmp_path / "out"
    out.mkdir()
    (out / "备注.txt").write_text("一个普通文件", encoding="utf-8")
    (out / "文件夹.xlsx").mkdir()
    before, database = file_state(out), file_state(demo.paths.root)
    result = yuyou("inspections", "summary", *(a.replace("{tmp}", str(out)) for a in args))
    assert result.code == 3 and result.out == ""
    assert result.err.startswith("错误：") and message in result.err, result.err
    assert result.err.count("\n") == 1
    assert file_state(out) == before
    assert file_state(demo.paths.root) == database


@pytest.mark.parametrize(
    "args", [(), ("--month",), ("--month", "2026-05", "--out"), ("--month", "2026-05", "--x")]
)
def test_usage_errors_exit_2(yuyou, demo, args, capsys):
    result = yuyou("inspections", "summary", *args)
    assert result.code == 2 and "用法错误" in capsys.readouterr().err
