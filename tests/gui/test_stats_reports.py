"""导出月报… and 年度报告… on the 统计 tab: the workbook written where the clerk chose, the annual
report previewed as the document with the office's own paragraphs, those paragraphs kept per
year, and a refused destination reported with nothing written."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from tests.unit.letter_pdf_support import read_pdf
from yuyou_desktop.gui.letters.preview import PreviewDialog
from yuyou_desktop.gui.stats import report_actions
from yuyou_desktop.gui.stats.stats_tab import StatsTab

YEAR = 2026


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "gui.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def tab(qtbot, county_demo, runner, settings) -> StatsTab:
    tab = StatsTab(county_demo, runner, settings)
    qtbot.addWidget(tab)
    with qtbot.waitSignal(tab.refreshed, timeout=5000):
        tab.show()
    return tab


@pytest.fixture
def shown(monkeypatch):
    """Messages and errors, recorded instead of shown."""
    seen: dict[str, list] = {"info": [], "errors": []}

    def information(parent, title, text, *args, **kwargs):
        seen["info"].append((title, text))
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(report_actions.QMessageBox, "information", information)
    monkeypatch.setattr(
        report_actions, "show_error", lambda parent, title, exc: seen["errors"].append(exc)
    )
    return seen


def test_the_monthly_report_is_written_where_chosen(qtbot, tab, shown, tmp_path):
    assert tab.reports.monthlyButton.isVisible() and tab.reports.annualButton.isVisible()
    dest = tmp_path / "月报.xlsx"
    tab.reports.export_monthly(dest, YEAR, 6)
    qtbot.waitUntil(lambda: bool(shown["info"] or shown["errors"]), timeout=10000)
    assert shown["errors"] == []
    title, text = shown["info"][0]
    assert title == "导出完成" and str(dest) in text
    sheet = load_workbook(dest).worksheets[0]
    assert sheet["A1"].value == "右玉县司法局行政执法监督工作月报（2026年6月）"


def test_a_monthly_report_into_a_missing_folder_is_refused(qtbot, tab, shown, tmp_path):
    dest = tmp_path / "没有这个文件夹" / "月报.xlsx"
    tab.reports.export_monthly(dest, YEAR, 6)
    qtbot.waitUntil(lambda: bool(shown["info"] or shown["errors"]), timeout=10000)
    assert shown["info"] == []
    assert "不存在" in str(shown["errors"][0])
    assert not dest.parent.exists()


def test_the_annual_report_preview_holds_the_figures_and_the_offices_paragraphs(
    qtbot, tab, county_demo, shown
):
    dialog = tab.reports.open_annual()
    dialog.yearSpin.setValue(YEAR)
    dialog.edits["experience"].setPlainText("坚持每月开展一次专项监督。")
    dialog.edits["suggestions"].setPlainText("加强执法人员培训。")
    dialog.preview_pdf()
    qtbot.waitUntil(lambda: dialog.preview is not None or bool(shown["errors"]), timeout=20000)
    assert shown["errors"] == []
    preview = dialog.preview
    assert isinstance(preview, PreviewDialog) and preview.isVisible()
    text = "".join(page.text for page in read_pdf(preview.data))
    year = county_demo.stats.dashboard(county_demo.reports.year_query(YEAR))
    assert "右玉县司法局2026年度行政执法监督工作报告" in text
    assert f"{year.inspections.inspections}次" in text
    assert "坚持每月开展一次专项监督。" in text and "加强执法人员培训。" in text
    assert "存在的问题" not in text, "a section left empty is left out"


def test_the_offices_paragraphs_are_kept_per_year(qtbot, tab, settings):
    dialog = tab.reports.open_annual()
    dialog.yearSpin.setValue(YEAR)
    dialog.edits["problems"].setPlainText("部分单位整改不及时。")
    dialog.accept()
    again = tab.reports.open_annual()
    again.yearSpin.setValue(YEAR)
    assert again.edits["problems"].toPlainText() == "部分单位整改不及时。"
    again.yearSpin.setValue(YEAR - 1)
    assert again.edits["problems"].toPlainText() == ""
    again.yearSpin.setValue(YEAR)
    assert again.edits["problems"].toPlainText() == "部分单位整改不及时。"


def test_the_annual_workbook_is_written(qtbot, tab, shown, tmp_path):
    dialog = tab.reports.open_annual()
    dialog.yearSpin.setValue(YEAR)
    dest = tmp_path / "年度报告.xlsx"
    dialog.export_excel(dest)
    qtbot.waitUntil(lambda: bool(shown["info"] or shown["errors"]), timeout=10000)
    assert shown["errors"] == []
    assert load_workbook(dest).worksheets[0]["A1"].value.endswith("（2026年度）")
    assert dialog.excelButton.isEnabled()
