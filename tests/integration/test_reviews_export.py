"""The 评查结果汇总表 as the county files and prints it: the 汇总 sheet (units by rank), the
常见问题 sheet, one sheet per unit with every drawn file, the figures equal to the results the
services give, and the print set-up (A4 landscape, one page wide, header row on every page)."""

from __future__ import annotations

import errno
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from tests.conftest import file_state
from tests.integration import review_support as rs
from yuyou_desktop.errors import InputRejected
from yuyou_desktop.services.reviews.records import CampaignResults
from yuyou_desktop.services.reviews.results_xlsx import ResultWorkbook


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return rs.make_template(tmp_path_factory.mktemp("reviews"))


@pytest.fixture
def world(template, data_paths, services):
    built = rs.copy_template(template, data_paths)
    return services, built


def writer(services: Any) -> ResultWorkbook:
    return ResultWorkbook(services.review_results, services.standards, services.office)


def rows_of(ws: Any, first: int = 4) -> list[tuple[Any, ...]]:
    """The table's rows from ``first`` down to the first blank row."""
    rows = []
    for values in ws.iter_rows(min_row=first, values_only=True):
        if all(v is None for v in values):
            break
        rows.append(values)
    return rows


def number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


@pytest.fixture
def exported(world, tmp_path) -> tuple[CampaignResults, Any]:
    services, built = world
    dest = tmp_path / "评查结果.xlsx"
    found = writer(services).export(built.campaign_id, dest)
    assert found == services.review_results.results(built.campaign_id)
    return found, load_workbook(dest)


def test_the_summary_comes_first_then_the_defects_then_one_sheet_per_unit_by_rank(exported):
    found, wb = exported
    assert found.units[0].unit_name == rs.LAND  # its one file scored 100
    assert wb.sheetnames == ["汇总", "常见问题", *(u.unit_name for u in found.units)]
    assert set(wb.sheetnames[2:]) == {rs.MARKET, rs.TRANSPORT, rs.LAND}


def test_the_summary_sheet_shows_each_units_rank_mean_grade_and_grade_counts(exported):
    found, wb = exported
    ws = wb["汇总"]
    assert ws["A1"].value == f"{rs.CAMPAIGN}结果汇总表"
    assert ws["A1"].font.bold and "A1:I1" in {str(r) for r in ws.merged_cells.ranges}
    assert f"评查年度：{rs.YEAR}" in ws["A2"].value
    assert "抽查案卷 5 份，已定稿 4 份" in ws["A2"].value
    assert f"随机种子：{rs.SEED}" in ws["A2"].value
    header = [c.value for c in ws[3]]
    bands = ["优秀（份）", "合格（份）", "不合格（份）"]
    assert header == ["排名", "单位", "抽查案卷数", "已定稿", "平均分", "等次", *bands]
    *units, total = rows_of(ws)
    assert [(*row[:6], list(row[6:])) for row in units] == [
        (
            u.rank,
            u.unit_name,
            u.files,
            u.finalised,
            number(u.mean),
            u.grade,
            [n for _, n in u.grades],
        )
        for u in found.units
    ]
    assert [r[0] for r in units] == [1, 2, 3]
    assert units[-1][1:6] == (rs.TRANSPORT, 2, 1, 55, "不合格")
    assert total[1:4] == ("合计", 5, 4) and total[6:] == (3, 0, 1)
    assert all(c.font.bold for c in ws[4 + len(units)])
    notes = [ws.cell(row=r, column=1).value for r in range(4 + len(units) + 2, ws.max_row + 1)]
    assert notes[0] == "说明："
    assert "评查尚未全部完成：抽查的 5 份案卷中已定稿 4 份" in notes[1]
    assert any("优秀（90分及以上）、合格（60分至90分以下）、不合格（60分以下）" in n for n in notes)


def test_each_unit_sheet_lists_its_drawn_files_with_scores_stage_and_problems(exported):
    found, wb = exported
    for unit in found.units:
        ws = wb[unit.unit_name]
        assert ws["A1"].value == f"{unit.unit_name}案卷评查结果"
        assert f"抽查案卷 {unit.files} 份，已定稿 {unit.finalised} 份" in ws["A2"].value
        assert [c.value for c in ws[3]] == [
            "序号", "案号", "案件名称", "案件类型", "当事人", "评查人员及得分",
            "定稿得分", "等次", "合议", "发现的问题",
        ]  # fmt: skip
        files = [f.file for f in found.files if f.file.unit_id == unit.unit_id]
        rows = rows_of(ws)
        assert len(rows) == unit.files == len(files)
        for n, (row, f) in enumerate(zip(rows, files, strict=True), 1):
            assert row[:5] == (n, f.case_number, f.title, f.case_type, f.party)
            assert row[5].split("\n") == [
                f"{r.name} {r.total:.1f}" if r.total is not None else f"{r.name} 未评分"
                for r in f.reviewers
            ]
            if f.final_score is not None:
                assert (row[6], row[7]) == (float(f.final_score), f.final_grade)
            else:
                assert (row[6], row[7]) == (f.stage, None)

    vetoed, pending = rows_of(wb[rs.TRANSPORT])
    assert (vetoed[6], vetoed[7], vetoed[8]) == (55, "不合格", "是")
    problems = vetoed[9].split("\n")
    assert "【否决项】认定事实不清、主要证据不足（主要证据只有一份询问笔录）" in problems[0]
    assert problems[1].endswith("【程序】未告知陈述、申辩或听证权利，1处，扣5分")
    assert problems[2] == "合议意见：经合议，认定证据不足"
    assert (pending[6], pending[7], pending[8], pending[9]) == ("评查中", None, None, None)
    assert pending[5].endswith("未评分")
    (clean,) = rows_of(wb[rs.LAND])
    assert (clean[6], clean[8], clean[9]) == (100, "否", "未发现问题")
    for row in rows_of(wb[rs.MARKET]):
        assert row[8] == "否" and "2处，扣" in row[9] and "（文书未载明）" in row[9]


def test_the_defects_sheet_lists_the_most_frequent_defects_of_finalised_files(exported):
    found, wb = exported
    ws = wb["常见问题"]
    assert [c.value for c in ws[3]] == [
        "序号",
        "案件类型",
        "类别",
        "问题",
        "涉及案卷数",
        "问题处数",
    ]
    assert rows_of(ws) == [
        (n, d.case_type, d.category, d.text, d.files, d.defects)
        for n, d in enumerate(found.defects, 1)
    ]
    assert ("否决项", "认定事实不清、主要证据不足") in {(r[2], r[3]) for r in rows_of(ws)}
    # the half-scored file of 交通运输局 counts nowhere
    assert sum(r[4] for r in rows_of(ws)) == sum(d.files for d in found.defects)


def test_every_sheet_prints_on_a4_landscape_one_page_wide_with_the_header_on_each_page(exported):
    _, wb = exported
    for ws in wb.worksheets:
        setup = ws.page_setup
        assert setup.orientation == "landscape" and str(setup.paperSize) == "9", ws.title
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows == "$3:$3"
        assert ws.oddFooter.center.text == "第 &P 页 共 &N 页"
        assert ws.print_area.endswith(f"${ws.max_row}")
        assert ws.freeze_panes == "A4"
        header = ws[3]
        assert all(c.font.bold and c.border.bottom.style == "thin" for c in header)
        for row in ws.iter_rows(min_row=4, max_row=3 + len(rows_of(ws))):
            assert all(c.border.left.style == "thin" for c in row)
    ws = wb[rs.TRANSPORT]
    problems = ws["J4"]
    assert problems.alignment.wrap_text
    assert ws.column_dimensions["J"].width >= 40  # the problems are readable, not squeezed
    assert ws.row_dimensions[4].height >= 3 * 13  # three lines of problems fit the row


def test_a_campaign_not_drawn_yet_exports_its_units_with_nothing_drawn(world, tmp_path):
    services, built = world
    campaign = services.campaigns.create("新的评查", rs.YEAR, list(built.unit_ids.values()), 2)
    dest = tmp_path / "新的评查.xlsx"
    found = writer(services).export(campaign.id, dest)
    assert (found.sampled, found.finalised) == (0, 0)
    wb = load_workbook(dest)
    assert wb["汇总"]["A1"].value == f"{rs.YEAR}年度新的评查结果汇总表"
    assert sorted(wb.sheetnames[2:]) == sorted(built.unit_ids)
    assert [r[:2] for r in rows_of(wb["汇总"])] == [("—", n) for n in sorted(built.unit_ids)] + [
        (None, "合计")
    ]
    assert wb["常见问题"]["A4"].value == "还没有定稿的案卷"
    assert wb[rs.LAND]["A4"].value == "该单位没有抽中的案卷"


def test_an_unknown_campaign_is_refused(world, tmp_path):
    services, _ = world
    with pytest.raises(InputRejected, match="评查活动不存在或已被删除"):
        writer(services).export("no-such-campaign", tmp_path / "x.xlsx")
    assert list(tmp_path.glob("*.xlsx")) == []


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("没有的文件夹/结果.xlsx", "文件或所在文件夹不存在"),
        ("一个文件.txt/结果.xlsx", "文件或所在文件夹不存在"),
    ],
)
def test_an_unwritable_destination_is_refused_and_nothing_is_left(world, tmp_path, name, reason):
    services, built = world
    folder = tmp_path / "导出"
    folder.mkdir()
    (folder / "一个文件.txt").write_text("不是文件夹", encoding="utf-8")
    before = file_state(folder)
    with pytest.raises(InputRejected) as refused:
        writer(services).export(built.campaign_id, folder / name)
    assert refused.value.message == (
        f"无法写入文件“{folder / name}”：{reason}，未生成评查结果汇总表。"
    )
    assert file_state(folder) == before


def test_a_failed_write_keeps_the_previous_file_and_leaves_no_partial_file(
    world, tmp_path, monkeypatch
):
    services, built = world
    folder = tmp_path / "导出"
    folder.mkdir()
    dest = folder / "评查结果.xlsx"
    dest.write_bytes(b"last month's workbook")
    real_save = Workbook.save

    def disk_full(self, filename):
        real_save(self, filename)  # the bytes reach the disk, then the disk fills up
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Workbook, "save", disk_full)
    with pytest.raises(InputRejected, match="磁盘空间不足"):
        writer(services).export(built.campaign_id, dest)
    assert dest.read_bytes() == b"last month's workbook"
    assert sorted(p.name for p in folder.iterdir()) == ["评查结果.xlsx"]


def test_a_name_not_ending_in_xlsx_and_a_folder_are_refused(world, tmp_path):
    services, built = world
    with pytest.raises(InputRejected, match=r"不是 \.xlsx 文件名"):
        writer(services).export(built.campaign_id, tmp_path / "结果.xls")
    (tmp_path / "文件夹.xlsx").mkdir()
    with pytest.raises(InputRejected, match="是一个文件夹"):
        writer(services).export(built.campaign_id, tmp_path / "文件夹.xlsx")
