"""审计日志: filters and pages (in SQL), an entry's changes, the chain check finding a tampered
entry, and the export to .xlsx."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt

from tests.gui.accounts_support import USERS, add_accounts, sign_in
from tests.gui.registry_support import add_unit
from yuyou_desktop.domain.accounts import Role
from yuyou_desktop.gui.accounts import audit_dialog
from yuyou_desktop.gui.accounts.audit_dialog import PAGE_SIZE, AuditDialog
from yuyou_desktop.gui.accounts.audit_model import BROKEN_BACKGROUND
from yuyou_desktop.storage import audit

UNIT = "右玉县市场监督管理局"
RENAMED = "右玉县市场监管局"


@pytest.fixture
def logged(county):
    """Sign-ins of two accounts, a unit added and renamed by the administrator."""
    add_accounts(county)
    sign_in(county, Role.CLERK)
    county.accounts.logout()
    sign_in(county, Role.ADMIN)
    unit = add_unit(county, UNIT, 1)
    values = dict(unit.values, name=RENAMED)
    county.registry.save("units", unit.id, values, unit.version)
    return county


@pytest.fixture
def viewer(qtbot, logged, runner, monkeypatch):
    told: list[tuple[str, str]] = []
    monkeypatch.setattr(
        audit_dialog.QMessageBox, "information", lambda p, title, text: told.append((title, text))
    )
    errors: list[str] = []
    monkeypatch.setattr(audit_dialog, "show_error", lambda p, t, exc: errors.append(str(exc)))
    dialog = AuditDialog(logged.audit, runner)
    qtbot.addWidget(dialog)
    dialog.open()
    dialog.told, dialog.errors = told, errors
    return dialog


def shown_column(dialog: AuditDialog, column: int) -> list[str]:
    model = dialog.model
    return [model.index(r, column).data() for r in range(model.rowCount())]


def choose(combo, data) -> None:
    combo.setCurrentIndex(combo.findData(data))


def test_newest_first_and_filtered_by_account_operation_and_words(viewer, logged):
    total = logged.audit.page(audit_dialog.AuditFilter(), 0, 1).total
    assert viewer.countLabel.text() == f"共 {total} 条，显示第 1–{total} 条"
    seqs = [int(s) for s in shown_column(viewer, 0)]
    assert seqs == sorted(seqs, reverse=True) and seqs[0] == total
    users = [viewer.userCombo.itemText(i) for i in range(viewer.userCombo.count())]
    assert users[0] == "全部账号" and {"admin1", "clerk1"} <= set(users)
    choose(viewer.userCombo, USERS[Role.CLERK][0])
    assert set(shown_column(viewer, 2)) == {"clerk1"}
    assert shown_column(viewer, 4) == ["退出登录", "登录"]
    viewer.clear_filters()
    choose(viewer.actionCombo, "login")
    assert set(shown_column(viewer, 4)) == {"登录"} and len(shown_column(viewer, 4)) == 3
    viewer.clear_filters()
    viewer.searchEdit.setText(RENAMED)
    viewer.apply_filters()
    assert shown_column(viewer, 4) == ["修改"]
    assert shown_column(viewer, 5) == ["行政执法主体"]


def test_dates_narrow_the_list_and_a_wrong_range_is_told(viewer):
    yesterday = date.today() - timedelta(days=1)
    viewer.toEdit.set_value(yesterday)
    viewer.apply_filters()
    assert viewer.countLabel.text() == "共 0 条" and viewer.model.rowCount() == 0
    assert not viewer.exportButton.isEnabled()
    viewer.fromEdit.set_value(date.today())
    viewer.apply_filters()
    assert viewer.errorLabel.isVisible()
    assert viewer.errorLabel.text() == "起始日期不能晚于截止日期。"
    viewer.toEdit.set_value(date.today())
    viewer.apply_filters()
    assert not viewer.errorLabel.isVisible() and viewer.model.rowCount() > 0


def test_pages_of_two_hundred(qtbot, logged, runner):
    with logged.database.writer(system=True) as session:
        for n in range(450):
            audit.append(session, "export", f"导出测试文件 {n}")
    total = logged.audit.page(audit_dialog.AuditFilter(), 0, 1).total
    dialog = AuditDialog(logged.audit, runner)
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == PAGE_SIZE
    assert dialog.countLabel.text() == f"共 {total} 条，显示第 1–200 条"
    assert not dialog.prevButton.isEnabled() and dialog.nextButton.isEnabled()
    dialog.nextButton.click()
    assert dialog.countLabel.text() == f"共 {total} 条，显示第 201–400 条"
    assert int(shown_column(dialog, 0)[0]) == total - 200
    dialog.nextButton.click()
    assert dialog.model.rowCount() == total - 400
    assert not dialog.nextButton.isEnabled()
    assert shown_column(dialog, 0)[-1] == "1"
    dialog.prevButton.click()
    assert dialog.countLabel.text() == f"共 {total} 条，显示第 201–400 条"
    choose(dialog.actionCombo, "export")  # filtering starts at the first page again
    assert dialog.countLabel.text() == "共 450 条，显示第 1–200 条"


def test_the_chosen_entry_shows_its_changes(viewer):
    choose(viewer.actionCombo, "edit")
    viewer.searchEdit.setText(RENAMED)
    viewer.apply_filters()
    assert viewer.model.rowCount() == 1
    viewer.select_row(0)
    text = viewer.details.toPlainText()
    assert "admin1（管理员）" in text and "修改" in text
    assert "对象：行政执法主体" in text
    assert UNIT in text and RENAMED in text and "→" in text
    assert text.index(UNIT) < text.index(RENAMED)  # 原值 before 新值


def test_the_chain_check_finds_a_tampered_entry(qtbot, viewer, logged):
    viewer.verifyButton.click()
    qtbot.waitUntil(lambda: viewer.check is not None, timeout=10000)
    entries = viewer.check.entries
    assert viewer.checkLabel.text() == f"审计链完整：共 {entries} 条记录，逐条核对无误。"
    assert not viewer.goButton.isVisible()
    tampered = 3
    with sqlite3.connect(logged.paths.database) as conn:
        conn.execute("UPDATE audit_log SET summary = '无事发生' WHERE seq = ?", (tampered,))
    conn.close()
    viewer.check = None
    viewer.verifyButton.click()
    qtbot.waitUntil(lambda: viewer.check is not None, timeout=10000)
    assert f"第 {tampered} 条审计记录的内容被改动过" in viewer.checkLabel.text()
    assert "color: #b00020" in viewer.checkLabel.styleSheet()
    assert viewer.goButton.isVisible() and viewer.goButton.text() == f"转到第 {tampered} 条"
    viewer.searchEdit.setText("不会找到的文字")
    viewer.apply_filters()
    assert viewer.go_to_broken()  # the filters are cleared to show it
    index = viewer.table.selectionModel().currentIndex()
    assert viewer.model.rows[index.row()].seq == tampered
    assert index.data(Qt.ItemDataRole.BackgroundRole) == BROKEN_BACKGROUND
    assert "审计链校验未通过" in viewer.details.toPlainText()
    assert viewer.errors == []


def test_export_writes_the_filtered_entries_to_a_workbook(qtbot, viewer, logged, tmp_path):
    choose(viewer.actionCombo, "login")
    dest = tmp_path / "审计日志.xlsx"
    viewer.export_to(dest)
    qtbot.waitUntil(lambda: bool(viewer.told) or bool(viewer.errors), timeout=10000)
    assert viewer.errors == []
    title, text = viewer.told[0]
    assert title == "导出完成" and "已导出 3 条审计记录" in text and str(dest) in text
    sheet = load_workbook(dest).active
    rows = [r for r in sheet.iter_rows(values_only=True) if isinstance(r[0], int)]
    assert [(r[2], r[4]) for r in rows] == [
        ("admin1", "登录"),
        ("clerk1", "登录"),
        ("admin1", "登录"),
    ]
    viewer.clear_filters()  # the export is itself in the log
    assert shown_column(viewer, 4)[0] == "导出"


def test_only_an_administrator_reads_the_log(qtbot, logged, runner):
    logged.accounts.logout()
    sign_in(logged, Role.CLERK)
    dialog = AuditDialog(logged.audit, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.model.rowCount() == 0
    assert dialog.errorLabel.text() == "这项操作只有管理员可以进行；当前账号“clerk1”是经办人。"
