"""The report's numbered tables built from a Dashboard, the annual text sections and the
annual document's body — pure functions on hand-made figures."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from yuyou_desktop.documents.report_blocks import ChartBlock, TableBlock
from yuyou_desktop.documents.stat_tables import ratio, table_block, value_text
from yuyou_desktop.errors import InputRejected
from yuyou_desktop.services.reports.annual import AnnualText, body, facts, parse_annual_text
from yuyou_desktop.services.reports.figures import (
    Dashboard,
    InspectionCounts,
    LeadCounts,
    Line,
    RegisterCounts,
    ReviewCounts,
    StatsQuery,
)
from yuyou_desktop.services.reports.report_tables import dashboard_data, report_tables

I = InspectionCounts  # noqa: E741


def dashboard(county: bool = True, **changes) -> Dashboard:
    """Two kinds, two areas, the county and one township, two units, three months."""
    a, b = I(3, 1, 1, 0, 0), I(1, 3, 0, 3, 2)  # 100% and 0%: their mean is not the total's
    total = I(4, 4, 1, 3, 2)
    values = dict(
        query=StatsQuery(date(2026, 1, 1), date(2026, 3, 31)),
        today=date(2026, 4, 2),
        office_name="右玉县司法局" if county else "右卫镇司法所",
        county=county,
        scope_label="全部单位",
        inspections=total,
        by_kind=(Line("routine", "常态化监督", a), Line("special", "专项监督", b)),
        by_area=(Line("food_drug", "食品药品", b), Line("other", "其他", a)),
        by_office=(Line("140623", "右玉县司法局", a), Line("140623101", "右卫镇司法所", b))
        if county
        else (Line("140623101", "右卫镇司法所", total),),
        by_unit=(Line("u1", "右玉县市场监督管理局", a), Line("u2", "右玉县水利局", b)),
        by_month=(
            Line("2026-01", "2026年1月", a),
            Line("2026-02", "2026年2月", I()),
            Line("2026-03", "2026年3月", b),
        ),
        leads=LeadCounts(3, 1, 1, 2, 1),
        leads_by_source=(
            Line("hotline", "12345热线", LeadCounts(2, 1, 1, 1, 0)),
            Line("petition", "信访", LeadCounts(1, 0, 0, 1, 1)),
        ),
        leads_by_office=(),
        reviews=ReviewCounts(3, Decimal("250.5")),
        reviews_by_grade=(
            Line("优秀", "优秀", ReviewCounts(1, Decimal("92"))),
            Line("合格", "合格", ReviewCounts(1, Decimal("80"))),
            Line("不合格", "不合格", ReviewCounts(0, Decimal(0))),
            Line("", "", ReviewCounts(1, Decimal("78.5"))),
        ),
        reviews_by_office=(),
        reviews_by_unit=(
            Line("u1", "右玉县市场监督管理局", ReviewCounts(2, Decimal("172"))),
            Line("u2", "右玉县水利局", ReviewCounts(1, Decimal("78.5"))),
        ),
        # one enterprise is over the cap through both offices' inspections: counted once
        registers=RegisterCounts(2, 1, 5, 1),
        registers_by_office=(
            Line("140623", "右玉县司法局", RegisterCounts(2, 1, 3, 1)),
            Line("140623101", "右卫镇司法所", RegisterCounts(0, 0, 2, 1)),
        )
        if county
        else (Line("140623101", "右卫镇司法所", RegisterCounts(2, 1, 5, 1)),),
        filing_year=2026,
        cap_year=2026,
        cap=5,
        expiring_days=60,
    )
    values.update(changes)
    return Dashboard(**values)


def by_key(tables):
    return {t.key: t for t in tables}


def test_tables_are_numbered_in_order_with_captions():
    tables = report_tables(dashboard())
    assert [t.number for t in tables] == list(range(1, len(tables) + 1))
    assert tables[0].caption == "表1　检查情况（按检查类型）"
    assert [t.key for t in tables] == [
        "by_kind",
        "by_area",
        "by_office",
        "by_unit",
        "leads_by_source",
        "reviews_by_grade",
        "reviews_by_unit",
        "registers_by_office",
    ]


def test_the_annual_report_adds_the_months_after_the_areas():
    tables = report_tables(dashboard(), annual=True)
    assert [t.key for t in tables][:4] == ["by_kind", "by_area", "by_month", "by_office"]
    months = by_key(tables)["by_month"]
    assert [r.label for r in months.rows] == ["2026年1月", "2026年2月", "2026年3月"]
    assert months.caption.startswith("表3")


def test_a_township_has_no_table_per_township():
    tables = report_tables(dashboard(county=False))
    assert "by_office" not in by_key(tables)
    assert by_key(tables)["by_unit"].number == 3


def test_rows_and_totals_are_the_dashboards_figures():
    d = dashboard()
    table = by_key(report_tables(d))["by_kind"]
    assert table.header == (
        "检查类型",
        "检查次数",
        "发现问题",
        "已整改",
        "未整改",
        "其中逾期",
        "整改率",
    )
    for row, line in zip(table.rows, d.by_kind, strict=True):
        assert (row.key, row.label) == (line.key, line.label)
        c = line.counts
        assert row.values[:5] == (c.inspections, c.problems, c.rectified, c.unrectified, c.overdue)
    assert table.total.label == "合计"
    assert table.total.values[:5] == (4, 4, 1, 3, 2)


def test_a_rate_comes_from_its_own_row_and_the_total_rate_from_the_totals():
    table = by_key(report_tables(dashboard()))["by_kind"]
    assert [r.values[5] for r in table.rows] == [Decimal("100.0"), Decimal("0.0")]
    # 1 of 4 problems rectified: 25%, not the mean of 100% and 0%
    assert table.total.values[5] == Decimal("25.0")
    assert value_text(table.columns[5], table.total.values[5]) == "25.0%"


def test_a_rate_without_problems_is_a_dash():
    table = by_key(report_tables(dashboard(), annual=True))["by_month"]
    february = table.rows[1]
    assert february.values[5] is None
    assert value_text(table.columns[5], None) == "—"


def test_ratios_round_half_up_to_one_decimal():
    assert ratio(1, 8) == Decimal("12.5")
    assert ratio(1, 3) == Decimal("33.3")
    assert ratio(2, 3) == Decimal("66.7")
    assert ratio(1, 16) == Decimal("6.3")  # 6.25 → 6.3
    assert ratio(5, 0) is None
    assert ratio(Decimal("250.5"), 3, scale=1) == Decimal("83.5")


def test_the_township_line_is_labelled_and_the_county_marked_as_its_own_level():
    table = by_key(report_tables(dashboard()))["by_office"]
    assert [r.label for r in table.rows] == ["右玉县司法局（本级）", "右卫镇司法所"]


def test_lead_table_has_the_closing_rate_from_received():
    table = by_key(report_tables(dashboard()))["leads_by_source"]
    assert table.header[1:] == ("收到", "已移送", "已办结", "未办结", "其中逾期", "办结率")
    assert table.rows[0].values == (2, 1, 1, 1, 0, Decimal("50.0"))
    assert table.total.values == (3, 1, 1, 2, 1, Decimal("33.3"))


def test_case_files_by_grade_name_a_file_without_grade_and_the_mean_is_the_total_over_files():
    tables = by_key(report_tables(dashboard()))
    grades = tables["reviews_by_grade"]
    assert [r.label for r in grades.rows] == ["优秀", "合格", "不合格", "（未定等次）"]
    assert grades.total.values == (3,)
    units = tables["reviews_by_unit"]
    assert units.rows[0].values == (2, Decimal("172"), Decimal("86.0"))
    assert units.total.values == (3, Decimal("250.5"), Decimal("83.5"))


def test_over_cap_total_is_counted_once_not_added_up():
    table = by_key(report_tables(dashboard()))["registers_by_office"]
    over_cap = table.columns[3]
    assert over_cap.total == "given"
    assert sum(r.values[3] for r in table.rows) == 2
    assert table.total.values[3] == 1
    assert table.caption.endswith("执法证件与监督备案情况（截至2026年4月2日）")


def test_table_block_prints_the_rows_and_the_total_last():
    table = by_key(report_tables(dashboard()))["by_kind"]
    block = table_block(table)
    assert isinstance(block, TableBlock)
    assert block.caption == table.caption and block.columns == table.header
    assert block.rows[0] == ("常态化监督", "3", "1", "1", "0", "0", "100.0%")
    assert block.rows[-1] == ("合计", "4", "4", "1", "3", "2", "25.0%")
    assert block.total_last
    assert len(block.widths) == len(block.columns) and block.widths[0] > block.widths[1]


def test_an_empty_table_prints_its_empty_text():
    d = dashboard(by_unit=())
    block = table_block(by_key(report_tables(d))["by_unit"])
    assert block.rows[0][0] == "（本期无检查记录）"


def test_dashboard_data_is_json_with_every_figure():
    d = dashboard()
    data = json.loads(json.dumps(dashboard_data(d), ensure_ascii=False))
    assert data["query"] == {
        "start": "2026-01-01",
        "end": "2026-03-31",
        "origin": None,
        "unit_id": None,
    }
    assert data["inspections"] == {
        "inspections": 4,
        "problems": 4,
        "rectified": 1,
        "unrectified": 3,
        "overdue": 2,
        "rate": "25.0",
    }
    assert data["reviews"] == {"files": 3, "score_sum": "250.5", "mean": "83.5"}
    assert data["by_month"][1] == {
        "key": "2026-02",
        "label": "2026年2月",
        "inspections": 0,
        "problems": 0,
        "rectified": 0,
        "unrectified": 0,
        "overdue": 0,
        "rate": None,
    }
    assert data["registers"]["over_cap"] == 1
    assert (data["cap"], data["expiring_days"], data["filing_year"]) == (5, 60, 2026)


# ---------------------------------------------------------------- the annual text


def test_annual_text_sections_by_their_headings():
    text = parse_annual_text(
        "\ufeff【主要做法和成效】\n（一）制度先行。\n\n（二）涉企监督。\n"
        "【下一步工作建议】加强培训。\n"
    )
    assert text.experience == "（一）制度先行。\n\n（二）涉企监督。"
    assert text.problems == ""
    assert text.suggestions == "加强培训。"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("【工作亮点】很好。", "没有“【工作亮点】”这一部分"),
        ("开头的话。\n【存在的问题】不足。", "第1行"),
        ("【存在的问题】一。\n【存在的问题】二。", "出现了两次"),
    ],
)
def test_annual_text_refuses_what_has_no_place(text, words):
    with pytest.raises(InputRejected) as caught:
        parse_annual_text(text)
    assert words in caught.value.message


def test_the_body_leaves_out_an_empty_section_and_numbers_on():
    d = dashboard()
    tables = report_tables(d, annual=True)
    blocks = body(d, 2026, tables, AnnualText(experience="做法一。", suggestions="建议一。"))
    texts = [b for b in blocks if isinstance(b, str)]
    assert texts[0] == "一、基本情况"
    assert "二、主要做法和成效" in texts and "三、下一步工作建议" in texts
    assert not any("存在的问题" in t for t in texts)
    assert texts[-1] == "特此报告。"
    assert [b.caption for b in blocks if isinstance(b, TableBlock)] == [t.caption for t in tables]


def test_without_text_only_the_figures_are_written():
    d = dashboard()
    blocks = body(d, 2026, report_tables(d, annual=True), AnnualText())
    headings = [b for b in blocks if isinstance(b, str) and b.endswith(("成效", "问题", "建议"))]
    assert headings == []


def test_charts_follow_their_tables_numbered_in_order():
    d = dashboard()
    blocks = body(d, 2026, report_tables(d, annual=True), AnnualText())
    charts = [b for b in blocks if isinstance(b, ChartBlock)]
    assert [c.caption for c in charts] == [
        "图1　各重点领域检查情况",
        "图2　各月检查情况",
        "图3　各单位检查情况",
    ]
    months = charts[1]
    assert months.kind == "line" and months.categories == ("1月", "2月", "3月")
    assert months.series[0].values == (3.0, 0.0, 1.0)
    area = charts[0]
    assert area.categories == ("食品药品", "其他") and area.series[0].name == "检查次数"


def test_the_facts_state_the_figures():
    sentences = facts(dashboard(), 2026)
    assert sentences[0] == (
        "2026年，全年共开展行政执法监督检查4次，发现问题4个，已整改1个，整改率25.0%；"
        "尚未整改3个，其中逾期未整改2个。"
    )
    assert "常态化监督3次、专项监督1次" in sentences[1]
    assert "收到投诉举报和问题线索3条" in sentences[2]
    assert "完成案卷评查3卷，平均得分83.5分" in sentences[3]
    assert "超过5次的企业1家" in sentences[4]


def test_facts_of_a_year_without_problems_or_leads():
    d = dashboard(
        inspections=I(2, 0, 0, 0, 0),
        leads=LeadCounts(),
        reviews=ReviewCounts(),
    )
    sentences = facts(d, 2026)
    assert sentences[0] == "2026年，全年共开展行政执法监督检查2次，未发现问题。"
    assert "全年未收到投诉举报和问题线索。" in sentences
    assert "全年没有定稿的评查案卷。" in sentences
