"""月度汇总 from the 检查记录 tab: the month chosen, the workbook written on the task runner, its
figures those of InspectionSummaryService for that month; cancelled or unwritable, nothing."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from tests.gui.inspections_tab_support import make_tab, on_day, tab_settings
from yuyou_desktop.gui.inspections import summary_dialog as summary_dialog_module
from yuyou_desktop.gui.inspections.summary_dialog import MonthDialog
from yuyou_desktop.services.inspections.records import InspectionQuery


@pytest.fixture
def tab(qtbot, county, runner, tmp_path):
    return make_tab(qtbot, on_day(county), runner, tab_settings(tmp_path))


@pytest.fixture
def errors(monkeypatch):
    shown: list[tuple[str, BaseException]] = []
    monkeypatch.setattr(
        summary_dialog_module, "show_error", lambda parent, title, exc: shown.append((title, exc))
    )
    return shown


@pytest.fixture
def informed(monkeypatch):
    shown: list[tuple[str, str]] = []

    def information(parent, title, text, *args, **kwargs):
        shown.append((title, text))
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(summary_dialog_module.QMessageBox, "information", information)
    return shown


HEADS = {"检查类型": 6, "重点领域": 6, "被监督单位": 6, "来源": 6, "移送对象": 5}


def summary_tables(path) -> dict[str, dict[str, tuple]]:
    """Each table of the summary sheet by the first cell of its header: label → numbers."""
    workbook = load_workbook(path)
    tables: dict[str, dict[str, tuple]] = {}
    current: dict[str, tuple] | None = None
    width = 0
    for row in workbook.worksheets[0].iter_rows(values_only=True):
        first = row[0]
        if first in HEADS:
            current, width = tables.setdefault(first, {}), HEADS[first]
        elif current is not None and first not in (None, "合计"):
            current[first] = tuple(row[1:width])
        else:
            current = None
    workbook.close()
    return tables


def test_monthly_summary_exports_the_figures_of_the_chosen_month(
    qtbot, tab, monkeypatch, informed, errors, tmp_path
):
    dest = tmp_path / "五月汇总.xlsx"
    asked: list[str] = []

    def month_exec(dialog):
        # On 2026-06-15 the May report is still due (by the 15th): May is offered first.
        assert dialog.month() == (2026, 5), "the month whose report is due is offered first"
        dialog.monthEdit.setDate(QDate(2026, 5, 1))
        return QDialog.DialogCode.Accepted

    def save_name(parent, title, name, *args, **kwargs):
        asked.append(name)
        return str(dest), ""

    monkeypatch.setattr(summary_dialog_module.MonthDialog, "exec", month_exec)
    monkeypatch.setattr(summary_dialog_module.QFileDialog, "getSaveFileName", save_name)
    assert tab.summaryButton.text() == "月度汇总…" and tab.summaryButton.isVisible()
    qtbot.mouseClick(tab.summaryButton, Qt.MouseButton.LeftButton)
    assert asked[0].endswith("右玉县司法局-2026年5月检查汇总.xlsx")
    qtbot.waitUntil(lambda: bool(informed) or bool(errors), timeout=10000)
    assert errors == []
    assert informed == [("导出完成", f"2026年5月的检查汇总已导出到：\n{dest}")]

    services = tab.services
    expected = services.inspection_summary.summary(2026, 5)
    tables = summary_tables(dest)
    figures = ("inspections", "problems", "rectified", "open", "overdue")
    for head, rows in (
        ("检查类型", expected.by_kind),
        ("重点领域", expected.by_area),
        ("被监督单位", expected.by_unit),
    ):
        assert tables[head] == {r.label: tuple(getattr(r, f) for f in figures) for r in rows}
    lead_figures = ("received", "closed", "open", "transferred", "overdue")
    assert tables["来源"] == {
        r.label: tuple(getattr(r, f) for f in lead_figures) for r in expected.leads_by_source
    }
    transfer_figures = ("transfers", "sent", "received", "fed_back")
    assert tables["移送对象"] == {
        r.label: tuple(getattr(r, f) for f in transfer_figures)
        for r in expected.transfers_by_target
    }
    # and the month's inspections are those the list shows for May
    may = services.inspections.list(
        InspectionQuery(date_from=date(2026, 5, 1), date_to=date(2026, 5, 31))
    )
    assert sum(n[0] for n in tables["检查类型"].values()) == may.total > 0
    assert sum(n[0] for n in tables["被监督单位"].values()) == may.total
    assert sum(n[1] for n in tables["检查类型"].values()) == expected.totals.problems > 0
    assert sum(n[0] for n in tables["来源"].values()) == 2, "two leads received in May"


def test_monthly_summary_cancelled_or_unwritable_writes_nothing(
    qtbot, tab, monkeypatch, informed, errors, tmp_path
):
    asked: list[str] = []
    monkeypatch.setattr(
        summary_dialog_module.MonthDialog, "exec", lambda dialog: QDialog.DialogCode.Rejected
    )
    monkeypatch.setattr(
        summary_dialog_module.QFileDialog,
        "getSaveFileName",
        lambda *a, **k: asked.append("asked") or ("", ""),
    )
    qtbot.mouseClick(tab.summaryButton, Qt.MouseButton.LeftButton)
    assert asked == [], "cancelled: no file is asked for"

    dest = tmp_path / "没有这个文件夹" / "汇总.xlsx"
    tab.summary.export(dest, 2026, 5)
    qtbot.waitUntil(lambda: bool(errors), timeout=10000)
    title, exc = errors[0]
    assert title == "导出失败"
    assert exc.message.startswith(f"无法写入文件“{dest}”：")
    assert "文件夹不存在" in exc.message and exc.message.endswith("，未生成汇总表。")
    assert informed == []
    assert not dest.parent.exists()


@pytest.mark.parametrize(
    ("today", "offered"),
    [
        (date(2026, 6, 15), (2026, 5)),
        (date(2026, 6, 16), (2026, 6)),
        (date(2026, 1, 3), (2025, 12)),
        (date(2026, 12, 31), (2026, 12)),
    ],
)
def test_the_month_offered_is_the_one_whose_report_is_due(qtbot, today, offered):
    dialog = MonthDialog(today)
    qtbot.addWidget(dialog)
    assert dialog.month() == offered
