"""Registering case files from an .xlsx list: all rows or none, and a report naming each bad
row and field."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import openpyxl
import pytest

from tests.integration.review_world import (
    DAY,
    PENALTY,
    A,
    B,
    C,
    World,
    db_state,
    file_values,
    new_campaign,
    refused,
    sampled_campaign,
    world_copy,
)

HEADER = ["执法单位", "案号", "案件类型", "案件名称", "当事人", "决定日期", "承办人员"]


@pytest.fixture
def world(tmp_path) -> Iterator[World]:
    with world_copy(tmp_path) as found:
        yield found


def row(unit: str, n: int, **changes) -> list:
    values = {
        "执法单位": unit,
        "案号": f"{unit[3]}罚〔2026〕{n}号",
        "案件类型": PENALTY,
        "案件名称": f"某公司违法案{n}",
        "当事人": "某公司",
        "决定日期": datetime(2026, 1, 1) + timedelta(days=n % 150),
        "承办人员": "张三、李四",
    }
    values.update(changes)
    return [values.get(label) for label in HEADER]


def workbook(path: Path, rows: list[list], header: list[str] = HEADER, above: int = 0) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "案卷登记"
    for _ in range(above):
        sheet.append(["2026年度案卷评查 案卷登记表"])
    sheet.append(header)
    for values in rows:
        sheet.append(values)
    book.save(path)
    return path


def problems(report) -> list[tuple[int, str]]:
    return [(p.row, p.column) for p in report.problems]


def test_a_good_list_of_300_files_is_registered_whole(world, tmp_path):
    campaign = new_campaign(world, (A, B))
    rows = [row(A if n % 2 else B, n) for n in range(1, 301)]
    rows[0][2] = "处罚"  # an alias of 行政处罚一般程序
    rows[1][5] = "2026年2月3日"  # a date typed as text
    rows[2][1] = 20260003  # a case number typed as a number
    report = world.importer.import_file(campaign, workbook(tmp_path / "案卷.xlsx", rows))
    assert report.ok and report.added == 300
    files = world.campaigns.files(campaign)
    assert len(files) == 300
    assert {f.case_type for f in files} == {PENALTY}
    by_number = {f.case_number: f for f in files}
    assert by_number["乙罚〔2026〕2号"].decided_on == date(2026, 2, 3)
    assert "20260003" in by_number
    assert by_number["甲罚〔2026〕1号"].decided_on == date(2026, 1, 2)
    # every row is logged for sync, like rows added one by one
    log = db_state(world.services)["change_log"]
    assert sum(1 for entry in log if entry[2] == "review_case_files") == 300
    (summary,) = world.campaigns.list()
    assert summary.files == 300


def test_a_list_with_bad_rows_registers_nothing_and_names_each_row_and_field(world, tmp_path):
    campaign = new_campaign(world, (A, B))
    rows = [row(A, n) for n in range(1, 60)]
    # spreadsheet rows: the header is row 1, so list index i is row i + 2
    rows[10][2] = "行政征收"  # row 12
    rows[18][3] = None  # row 20
    rows[28][0] = C  # row 30: not in the campaign
    rows[38][5] = DAY + timedelta(days=1)  # row 40
    rows[48][5] = "明天"  # row 50
    path = workbook(tmp_path / "案卷.xlsx", rows)
    before = db_state(world.services)
    report = world.importer.import_file(campaign, path)
    assert not report.ok and report.added == 0
    assert problems(report) == [
        (12, "案件类型"),
        (20, "案件名称"),
        (30, "执法单位"),
        (40, "决定日期"),
        (50, "决定日期"),
    ]
    text = [str(p) for p in report.problems]
    assert text[0].startswith("案卷登记 第12行 案件类型：“行政征收”不是可选的值")
    assert "第30行 执法单位：“右玉县丙局”不是本次评查活动范围内的单位" in text[2]
    assert db_state(world.services) == before


def test_a_header_below_a_title_row_keeps_the_spreadsheet_row_numbers(world, tmp_path):
    campaign = new_campaign(world, (A,))
    rows = [row(A, 1), row(A, 2, 案件类型="")]
    report = world.importer.import_file(campaign, workbook(tmp_path / "x.xlsx", rows, above=2))
    assert problems(report) == [(5, "案件类型")]


def test_duplicates_within_the_list_and_against_registered_files_are_refused(world, tmp_path):
    campaign = new_campaign(world, (A, B))
    world.campaigns.add_file(campaign, file_values(A, 7))
    rows = [row(A, 1), row(A, 2), row(B, 1), row(A, 1), row(A, 7)]
    before = db_state(world.services)
    report = world.importer.import_file(campaign, workbook(tmp_path / "x.xlsx", rows))
    assert problems(report) == [(5, "案号"), (6, "案号")]
    assert "与第2行是同一单位的同一案号" in report.problems[0].reason
    assert "已经登记过了" in report.problems[1].reason
    assert db_state(world.services) == before
    # without the duplicates the same list goes in, the same number in another unit included
    report = world.importer.import_file(campaign, workbook(tmp_path / "y.xlsx", rows[:3]))
    assert report.added == 3


def test_a_list_without_a_required_column_registers_nothing(world, tmp_path):
    campaign = new_campaign(world, (A,))
    header = [label for label in HEADER if label != "案件类型"]
    rows = [
        [v for label, v in zip(HEADER, row(A, n), strict=True) if label != "案件类型"]
        for n in (1, 2)
    ]
    before = db_state(world.services)
    report = world.importer.import_file(campaign, workbook(tmp_path / "x.xlsx", rows, header))
    assert (1, "案件类型") in problems(report)
    assert any(p.row == 1 and "缺少这一必填列" in p.reason for p in report.problems)
    assert report.added == 0
    assert db_state(world.services) == before


def test_an_unknown_column_is_reported(world, tmp_path):
    campaign = new_campaign(world, (A,))
    rows = [[*row(A, 1), "x"]]
    report = world.importer.import_file(
        campaign, workbook(tmp_path / "x.xlsx", rows, [*HEADER, "罚款金额"])
    )
    assert problems(report) == [(1, "罚款金额")]
    assert report.added == 0


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "是空的"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504, "旧版 .xls 格式"),
        ("执法单位,案号\n".encode(), "不是 Excel 工作簿"),
        (b"PK\x03\x04 broken", "已损坏"),
    ],
    ids=["empty", "xls", "csv", "damaged"],
)
def test_a_file_that_is_not_a_usable_workbook_is_refused(world, tmp_path, content, reason):
    campaign = new_campaign(world, (A,))
    path = tmp_path / "案卷.xlsx"
    path.write_bytes(content)
    error = refused(world.services, world.importer.import_file, campaign, path)
    assert reason in error.message


def test_a_missing_or_empty_workbook_is_refused(world, tmp_path):
    campaign = new_campaign(world, (A,))
    error = refused(world.services, world.importer.import_file, campaign, tmp_path / "无.xlsx")
    assert "找不到文件" in error.message
    empty = tmp_path / "空.xlsx"
    openpyxl.Workbook().save(empty)
    error = refused(world.services, world.importer.import_file, campaign, empty)
    assert "都是空的" in error.message
    header_only = workbook(tmp_path / "表头.xlsx", [])
    error = refused(world.services, world.importer.import_file, campaign, header_only)
    assert "没有数据行" in error.message


def test_importing_after_the_sample_is_drawn_is_refused(world, tmp_path):
    campaign = sampled_campaign(world)
    path = workbook(tmp_path / "x.xlsx", [row(A, 10)])
    error = refused(world.services, world.importer.import_file, campaign, path)
    assert "已经抽取案卷" in error.message


def test_importing_into_a_deleted_campaign_is_refused(world, tmp_path):
    campaign = new_campaign(world, (A,))
    world.campaigns.delete(campaign)
    path = workbook(tmp_path / "x.xlsx", [row(A, 1)])
    error = refused(world.services, world.importer.import_file, campaign, path)
    assert "不存在或已被删除" in error.message
