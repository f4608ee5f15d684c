"""Text that starts with "=" (a unit named like a formula) is written as text, never as a formula
that Excel would run: in a register export and in the 月报/年度报告 workbook."""

from __future__ import annotations

from openpyxl import load_workbook

from tests.integration.sync_support import add_unit
from yuyou_desktop.documents.stat_tables import StatColumn, StatRow, StatTable
from yuyou_desktop.documents.stats_xlsx import write_stats

NAME = '=HYPERLINK("http://example.com","右玉县市场监督管理局")'


def cells_of(path) -> dict[str, str]:
    """Every string-valued cell's text → its stored type."""
    sheet = load_workbook(path).worksheets[0]
    return {c.value: c.data_type for row in sheet.iter_rows() for c in row if c.value}


def test_a_register_export_keeps_a_formula_like_name_as_text(county, tmp_path):
    add_unit(county, NAME, 1, level="县级")
    dest = tmp_path / "units.xlsx"
    assert county.transfer.export("units", dest) == 1
    assert cells_of(dest)[NAME] == "s"


def test_a_report_keeps_formula_like_labels_as_text_and_its_totals_as_formulas(tmp_path):
    table = StatTable(
        number=1,
        key="by_unit",
        title="检查情况（按被监督单位）",
        label_header="被监督单位",
        columns=(StatColumn("检查次数", "inspections"),),
        rows=(StatRow(NAME, NAME, (2,)), StatRow("b", "右玉县应急管理局", (3,))),
        total=StatRow("", "合计", (5,)),
    )
    dest = write_stats(tmp_path / "r.xlsx", "表", "=标题", "=副标题", [table])
    stored = cells_of(dest)
    assert stored[NAME] == stored["=标题"] == stored["=副标题"] == "s"
    formulas = [text for text, kind in stored.items() if kind == "f"]
    assert len(formulas) == 1 and formulas[0].startswith("=SUM(")
