"""导出Excel…, 下载导入模板…, 导入Excel… (dry run, preview, 确认导入, error report) in the GUI."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt

from tests.gui.registry_support import add_unit, column_texts, credit_code, make_window
from yuyou_desktop.gui.registry import transfer_actions as actions_module


@pytest.fixture
def dialogs(monkeypatch):
    """File dialogs answer with the path the test puts in ``files``; messages are recorded."""
    files: dict[str, Path] = {}
    shown: list[tuple[str, str]] = []
    errors: list[BaseException] = []

    def save_name(parent, caption, suggested, filters):
        files["suggested"] = Path(suggested)
        return str(files["save"]), filters

    monkeypatch.setattr(actions_module.QFileDialog, "getSaveFileName", save_name)
    monkeypatch.setattr(
        actions_module.QFileDialog,
        "getOpenFileName",
        lambda *args, **kwargs: (str(files["open"]), ""),
    )
    monkeypatch.setattr(
        actions_module.QMessageBox,
        "information",
        lambda parent, title, text, *a, **k: shown.append((title, text)),
    )
    monkeypatch.setattr(actions_module, "show_error", lambda p, title, exc: errors.append(exc))
    return files, shown, errors


@pytest.fixture
def two_units(county):
    add_unit(county, "右玉县公安局", 1)
    add_unit(county, "右玉县林业局", 2)
    return county


def units_view(qtbot, services, runner):
    window = make_window(qtbot, services, runner)
    return window.registry_tab.show_register("units")


def data_rows(path: Path, sheet: str = "行政执法主体") -> list[tuple]:
    ws = openpyxl.load_workbook(path)[sheet]
    return [row for row in ws.iter_rows(min_row=4, values_only=True) if any(row)]


def test_export_writes_what_the_view_shows(qtbot, two_units, runner, dialogs, tmp_path):
    files, shown, errors = dialogs
    view = units_view(qtbot, two_units, runner)
    view.ui.searchEdit.setText("林业")
    qtbot.waitUntil(lambda: view.model.total == 1, timeout=2000)
    files["save"] = tmp_path / "导出"  # no suffix typed: .xlsx is added
    qtbot.mouseClick(view.excel.exportButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(shown) or bool(errors), timeout=10000)
    assert errors == []
    assert files["suggested"].name.startswith("行政执法主体登记表-")
    title, text = shown[0]
    assert title == "导出完成" and "已导出 1 条" in text and "当前的查找和筛选条件" in text
    rows = data_rows(tmp_path / "导出.xlsx")
    assert [row[0] for row in rows] == ["右玉县林业局"]


def test_template_download(qtbot, two_units, runner, dialogs, tmp_path):
    files, shown, errors = dialogs
    view = units_view(qtbot, two_units, runner)
    files["save"] = tmp_path / "模板.xlsx"
    qtbot.mouseClick(view.excel.templateButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(shown) or bool(errors), timeout=10000)
    assert errors == [] and shown[0][0] == "导入模板"
    assert "填写说明" in openpyxl.load_workbook(files["save"]).sheetnames


def edited_export(services, tmp_path: Path, new_code: str) -> Path:
    """An exported workbook with one phone changed and one unit added."""
    path = tmp_path / "导出.xlsx"
    services.transfer.export("units", path)
    wb = openpyxl.load_workbook(path)
    ws = wb["行政执法主体"]
    header = [cell.value for cell in ws[3]]
    for row in ws.iter_rows(min_row=4):
        if row[0].value == "右玉县公安局":
            row[header.index("联系电话")].value = "0349-1234567"
    added = dict.fromkeys(header, "")
    added.update(
        {
            "单位名称": "右玉县水利局",
            "统一社会信用代码": new_code,
            "主体类别": "法定行政机关",
            "层级": "县级",
            "状态": "正常",
        }
    )
    ws.append([added[h] for h in header])
    edited = tmp_path / "导入.xlsx"
    wb.save(edited)
    return edited


def test_import_shows_a_dry_run_then_imports_on_confirmation(
    qtbot, two_units, runner, dialogs, tmp_path
):
    files, _shown, errors = dialogs
    view = units_view(qtbot, two_units, runner)
    files["open"] = edited_export(two_units, tmp_path, credit_code(3))
    qtbot.mouseClick(view.excel.importButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.excel.preview is not None, timeout=10000)
    preview = view.excel.preview
    assert preview.isVisible() and errors == []
    assert "将新增 1 条，更新 1 条，不变 1 条" in preview.ui.summaryLabel.text()
    actions = {
        preview.ui.previewTable.item(r, 1).text(): preview.ui.previewTable.item(r, 3).text()
        for r in range(preview.ui.previewTable.rowCount())
    }
    assert actions == {"新增": "", "更新": "联系电话"}
    assert preview.ui.errorTable.isHidden() and preview.ui.saveReportButton.isHidden()
    assert view.model.total == 2 and two_units.registry.list("units").total == 2, "dry run only"
    qtbot.mouseClick(preview.ui.importButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.model.total == 3, timeout=10000)
    qtbot.waitUntil(lambda: preview.ui.importButton.isHidden(), timeout=5000)
    assert "已导入" in preview.ui.summaryLabel.text()
    assert "右玉县水利局" in column_texts(view.ui.table, 0)
    police = two_units.registry.list("units", view.model.query()).rows
    phones = {row.values["name"]: row.values["phone"] for row in police}
    assert phones["右玉县公安局"] == "0349-1234567"


def test_a_bad_row_refuses_the_import_and_offers_the_error_report(
    qtbot, two_units, runner, dialogs, tmp_path
):
    files, shown, errors = dialogs
    view = units_view(qtbot, two_units, runner)
    bad = credit_code(3)[:-1] + ("0" if credit_code(3)[-1] != "0" else "1")
    files["open"] = edited_export(two_units, tmp_path, bad)
    view.excel.choose_import()
    qtbot.waitUntil(lambda: view.excel.preview is not None, timeout=10000)
    preview = view.excel.preview
    assert "导入被拒绝" in preview.ui.summaryLabel.text()
    assert preview.ui.importButton.isHidden(), "no 确认导入 while there are errors"
    table = preview.ui.errorTable
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert headers == ["工作表", "行号", "列", "原因"]
    sheet, row, column, reason = (table.item(0, c).text() for c in range(4))
    assert (sheet, row, column) == ("行政执法主体", "6", "统一社会信用代码")
    assert "校验" in reason
    files["save"] = tmp_path / "错误报告.xlsx"
    qtbot.mouseClick(preview.ui.saveReportButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(shown) or bool(errors), timeout=10000)
    assert errors == [] and files["save"].exists()
    assert files["suggested"].name == "导入-错误报告.xlsx"
    assert two_units.registry.list("units").total == 2
    preview.reject()
    assert view.excel.preview is None
