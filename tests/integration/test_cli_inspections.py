"""``yuyou inspections list|export``, ``yuyou leads list`` and ``yuyou todo`` as a clerk or a
script uses them, on the demonstration data."""

from __future__ import annotations

import io
import json
from datetime import date, datetime, timedelta

import pytest
from openpyxl import load_workbook

from tests.conftest import DEMO_ADDED
from yuyou_desktop import cli
from yuyou_desktop.__main__ import build_services
from yuyou_desktop.domain.enums import LeadSource
from yuyou_desktop.services.letters.records import LetterQuery


@pytest.fixture
def demo(county_demo):
    county_demo.database.close()
    return county_demo


def test_leads_list_json_lists_every_demo_lead_newest_first(yuyou, demo):
    result = yuyou("leads", "list", "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["total"] == DEMO_ADDED["线索"] == len(data["rows"])
    received = [row["received_on"] for row in data["rows"]]
    assert received == sorted(received, reverse=True)
    assert {row["source_label"] for row in data["rows"]} == set(LeadSource.labels())
    transfers = [t for row in data["rows"] for t in row["transfers"]]
    assert len(transfers) == DEMO_ADDED["线索移送"]
    assert {t["target_label"] for t in transfers} == {
        "纪检监察机关",
        "公安机关",
        "检察机关",
        "主管部门",
    }
    assert {t["status_label"] for t in transfers} == {"已移送", "已接收", "已反馈"}


def test_leads_list_filters_by_status_source_and_dates(yuyou, demo):
    closed = json.loads(yuyou("leads", "list", "--status", "已办结", "--json").out)
    assert closed["total"] >= 3
    assert all(row["status_label"] == "已办结" and row["outcome"] for row in closed["rows"])
    petitions = json.loads(yuyou("leads", "list", "--source", "信访", "--json").out)
    assert petitions["total"] == 2 and {r["source"] for r in petitions["rows"]} == {"petition"}
    start = (date.today() - timedelta(days=30)).isoformat()
    recent = json.loads(yuyou("leads", "list", "--from", start, "--json").out)
    assert recent["total"] == 3
    assert all(row["received_on"] >= start for row in recent["rows"])
    window = yuyou("leads", "list", "--from", "2020-01-01", "--to", "2020-12-31", "--json")
    assert json.loads(window.out) == {"total": 0, "rows": []}


def test_leads_list_text_shows_one_line_per_lead_and_the_total(yuyou, demo):
    result = yuyou("leads", "list", "--source", "法院/检察院")
    assert result.code == 0
    [line, summary] = result.out.splitlines()
    assert "法院/检察院\t已移送（逾期）" in line and "移送：公安机关已接收" in line
    assert summary == "共 1 条。"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--status", "已结"), "办理状态：“已结”不是可选值"),
        (("--source", "微博"), "来源：“微博”不是可选值"),
        (("--from", "2026-13-01"), "起始日期（--from）：“2026-13-01”不是有效日期"),
        (("--from", "2026-06-01", "--to", "2026-05-01"), "截止日期（--to）：不能早于起始日期"),
    ],
)
def test_a_bad_filter_value_is_refused_with_exit_3(yuyou, demo, args, message):
    result = yuyou("leads", "list", *args)
    assert result.code == 3 and result.out == ""
    assert message in result.err


def test_usage_errors_exit_2(yuyou, demo):
    assert yuyou("leads", "list", "--bogus").code == 2
    assert yuyou("leads").code == 2
    assert yuyou("leads", "list", "--limit", "0").code == 2


def test_todo_json_lists_the_overdue_and_due_soon_leads(yuyou, demo):
    result = yuyou("todo", "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["today"] == date.today().isoformat() and data["due_soon_days"] == 7
    assert data["counts"]["overdue_leads"] == len(data["overdue_leads"]) >= 3
    assert data["counts"]["due_soon_leads"] == len(data["due_soon_leads"]) >= 2
    days_over = [x["days"] for x in data["overdue_leads"]]
    assert days_over == sorted(days_over, reverse=True) and min(days_over) > 0
    assert all(0 <= x["days"] <= 7 for x in data["due_soon_leads"])
    first = data["overdue_leads"][0]
    assert {"received_on", "source_label", "excerpt", "deadline", "handler"} <= first.keys()


def test_todo_text_has_a_section_per_bucket(yuyou, demo):
    result = yuyou("todo")
    assert result.code == 0
    assert "【逾期未办结的线索】" in result.out and "【7天内到期的线索】" in result.out
    assert "逾期 " in result.out and "还有 " in result.out
    overdue = demo.letters.list(LetterQuery(status="overdue")).rows
    assert f"【逾期未回复的文书】{len(overdue)} 条" in result.out
    assert all(row.number in result.out for row in overdue)


def test_todo_json_counts_the_overdue_letters(yuyou, demo):
    data = json.loads(yuyou("todo", "--json").out)
    overdue = demo.letters.list(LetterQuery(status="overdue")).rows
    assert data["counts"]["overdue_letters"] == len(overdue) >= 1
    assert {x["number"] for x in data["overdue_letters"]} == {row.number for row in overdue}
    assert all(x["days"] > 0 for x in data["overdue_letters"])


def test_todo_on_an_empty_office_says_there_is_nothing(yuyou, county):
    county.database.close()
    result = yuyou("todo")
    assert result.code == 0
    assert result.out == "没有逾期或7天内到期的整改问题和线索，也没有逾期未回复的文书。\n"


def test_before_init_the_commands_are_refused(yuyou):
    for args in (("todo",), ("leads", "list")):
        result = yuyou(*args)
        assert result.code == 3 and "初始设置" in result.err


def test_inspections_list_json_filters_by_date_and_status(yuyou, demo):
    result = yuyou("inspections", "list", "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["total"] == DEMO_ADDED["检查记录"] == len(data["rows"])
    started = [row["started_at"] for row in data["rows"]]
    assert started == sorted(started, reverse=True)
    first = data["rows"][0]
    assert first["number"].startswith("右司监检〔") and first["kind_label"]
    overdue = json.loads(yuyou("inspections", "list", "--status", "有逾期问题", "--json").out)
    assert 0 < overdue["total"] < data["total"]
    assert all(row["overdue_problems"] > 0 for row in overdue["rows"])
    start = (date.today() - timedelta(days=30)).isoformat()
    recent = json.loads(yuyou("inspections", "list", "--from", start, "--json").out)
    assert 0 < recent["total"] < data["total"]
    assert all(row["started_at"][:10] >= start for row in recent["rows"])


def test_inspections_list_refuses_a_bad_status_with_exit_3(yuyou, demo):
    result = yuyou("inspections", "list", "--status", "逾期", "--json")
    assert result.code == 3 and result.out == ""
    assert "整改情况：“逾期”不是可选的值" in result.err


def test_inspections_export_writes_the_filtered_list(yuyou, demo, tmp_path):
    dest = tmp_path / "检查记录.xlsx"
    result = yuyou("inspections", "export", "--status", "有逾期问题", "--out", str(dest))
    assert result.code == 0, result.err
    listed = json.loads(yuyou("inspections", "list", "--status", "有逾期问题", "--json").out)
    assert result.out == f"已导出检查记录 {listed['total']} 条到 {dest}\n"
    ws = load_workbook(dest)["检查记录"]
    assert ws["A1"].value == "检查记录登记表" and ws["A1"].font.bold
    assert f"共 {listed['total']} 条" in ws["A2"].value
    assert ws["A2"].value.endswith("筛选条件：有逾期问题")  # the printed list says what it omits
    header = [c.value for c in ws[3]]
    assert header[:4] == ["检查编号", "检查日期", "起止时间", "检查类型"]
    assert all(c.font.bold for c in ws[3]) and ws.freeze_panes == "A4"
    numbers = [ws.cell(row=r, column=1).value for r in range(4, ws.max_row + 1)]
    assert numbers == [row["number"] for row in listed["rows"]]
    assert isinstance(ws["B4"].value, datetime)  # a real date, not text
    assert ws["B4"].value.date().isoformat() == listed["rows"][0]["started_at"][:10]


def test_the_exported_list_names_every_filter_it_was_made_with(yuyou, demo, tmp_path):
    dest = tmp_path / "检查记录.xlsx"
    args = ("--from", "2026-01-01", "--kind", "投诉举报核查", "--area", "其他", "--search", "核查")
    result = yuyou("inspections", "export", *args, "--out", str(dest))
    assert result.code == 0, result.err
    subtitle = load_workbook(dest)["检查记录"]["A2"].value
    assert subtitle.endswith(
        "筛选条件：检查日期自 2026-01-01 起；类型 投诉举报核查；领域 其他；含“核查”"
    )
    everything = tmp_path / "全部.xlsx"
    assert yuyou("inspections", "export", "--out", str(everything)).code == 0
    assert "筛选条件" not in load_workbook(everything)["检查记录"]["A2"].value


def test_inspections_export_into_a_missing_folder_says_why_in_chinese(yuyou, demo, tmp_path):
    dest = tmp_path / "无此文件夹" / "检查记录.xlsx"
    result = yuyou("inspections", "export", "--out", str(dest))
    assert result.code == 3
    assert "无法写入文件" in result.err and "所在文件夹不存在" in result.err
    assert "No such file" not in result.err and "Traceback" not in result.err
    assert not dest.parent.exists()


def test_inspections_export_refuses_a_name_that_is_not_xlsx(yuyou, demo, tmp_path):
    dest = tmp_path / "检查记录.xls"
    result = yuyou("inspections", "export", "--out", str(dest))
    assert result.code == 3 and "不是 .xlsx 文件名" in result.err
    assert not dest.exists()


class ClosedAfter(io.StringIO):
    """A pipe whose reader goes away after the first line (``yuyou inspections list | head -1``)."""

    def write(self, text: str) -> int:
        if self.getvalue():
            raise BrokenPipeError(32, "Broken pipe")
        return super().write(text)


def test_a_reader_that_stops_early_is_not_an_error(demo, data_paths):
    out, err = ClosedAfter(), io.StringIO()
    code = cli.run(
        ["--data-dir", str(data_paths.root), "inspections", "list"], build_services, out, err
    )
    assert code == 0
    assert err.getvalue() == ""  # no 意外错误, no traceback
    assert out.getvalue().startswith("右司监检〔2026〕")
