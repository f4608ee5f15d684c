"""备份管理 (文件 → 备份数据库…): the backups listed with date, kind, size and folder; 立即备份;
恢复所选备份 brings the data back and the window shows it; a damaged backup is refused and
nothing changes.  And the automatic backup once the database is open."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtWidgets import QMessageBox

from tests.backup_support import fill_folders, rewrite
from tests.conftest import file_state
from yuyou_desktop.domain.backups import parse_archive_name
from yuyou_desktop.gui import backup_actions, backups_dialog
from yuyou_desktop.gui.app import window_settings
from yuyou_desktop.gui.backups_dialog import COLUMNS, BackupsDialog
from yuyou_desktop.gui.main_window import MainWindow
from yuyou_desktop.storage.models import EnforcementUnit


@pytest.fixture
def told(monkeypatch):
    """Message boxes recorded instead of shown; every question answered 是."""
    shown: list[tuple[str, str]] = []
    errors: list[tuple[str, str]] = []

    def info(parent, title, text, *args, **kwargs):
        shown.append((title, text))
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "information", info)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    for module in (backup_actions, backups_dialog):
        monkeypatch.setattr(
            module, "show_error", lambda parent, title, exc: errors.append((title, exc.message))
        )
    return shown, errors


def open_dialog(qtbot, services, runner) -> tuple[MainWindow, BackupsDialog]:
    window = MainWindow(
        services.paths, services.resources, services.office.current(), runner,
        window_settings(services.paths),
    )  # fmt: skip
    qtbot.addWidget(window)
    window.show()
    window.attach(services)
    dialog = backup_actions.ask_backup(window)  # what 文件 → 备份数据库… opens
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.policy is not None, timeout=5000)
    return window, dialog


def lasting_files(root) -> dict[str, bytes]:
    """The data folder's files but SQLite's -wal/-shm, which reading the database (the window's
    views) makes and removes."""
    return {k: v for k, v in file_state(root).items() if not k.startswith("yuyou.db-")}


def rows(dialog: BackupsDialog) -> list[dict[str, str]]:
    table = dialog.table
    return [
        {COLUMNS[c]: table.item(r, c).text() for c in range(table.columnCount())}
        for r in range(table.rowCount())
    ]


def test_backup_now_lists_the_new_backup(qtbot, county_demo, runner, told):
    shown, errors = told
    _window, dialog = open_dialog(qtbot, county_demo, runner)
    assert dialog.isVisible() and dialog.windowTitle() == "备份管理"
    assert dialog.table.rowCount() == 0 and not dialog.emptyLabel.isHidden()
    assert str(county_demo.paths.backups) in dialog.folderLabel.text()
    assert "最近 7 天每天一份" in dialog.policyLabel.text()
    assert not dialog.restoreButton.isEnabled()

    dialog.backupButton.click()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=10000)

    assert errors == []
    assert shown[0][0] == "备份完成" and "附件、密钥" in shown[0][1]
    [row] = rows(dialog)
    [archive] = list(county_demo.paths.backups.iterdir())
    assert row["类型"] == "手动备份" and row["文件名"] == archive.name
    assert row["位置"] == str(county_demo.paths.backups) and row["大小"].endswith("KB")
    assert row["备份时间"] == f"{datetime.now():%Y-%m-%d}" + row["备份时间"][10:]


def test_restore_of_the_selected_backup_brings_the_data_back(qtbot, county_demo, runner, told):
    shown, errors = told
    archive = county_demo.backups.backup().path
    with county_demo.database.writer() as session:
        for unit in session.query(EnforcementUnit).limit(5):
            unit.deleted_at = datetime.now(UTC)
    window, dialog = open_dialog(qtbot, county_demo, runner)
    qtbot.waitUntil(lambda: "执法主体 20" in window.countsLabel.text(), timeout=5000)
    assert [r["文件名"] for r in rows(dialog)] == [archive.name]

    dialog.table.selectRow(0)
    assert dialog.restoreButton.isEnabled()
    dialog.restoreButton.click()

    qtbot.waitUntil(lambda: any(t == "恢复完成" for t, _ in shown), timeout=10000)
    assert errors == []
    text = dict(shown)["恢复完成"]
    assert "备份时间：" in text and "恢复后的数据截至：" in text
    qtbot.waitUntil(lambda: "执法主体 25" in window.countsLabel.text(), timeout=5000)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=5000)
    assert {r["类型"] for r in rows(dialog)} == {"手动备份", "恢复前的原数据"}


def test_a_damaged_backup_is_refused_and_nothing_changes(
    qtbot, county_demo, runner, told, tmp_path
):
    shown, errors = told
    fill_folders(county_demo.paths)
    archive = county_demo.backups.backup().path
    damaged = rewrite(
        archive, tmp_path / "damaged.zip",
        lambda name, data: data[:-1] + b"!" if name.startswith("keys/") else data,
    )  # fmt: skip
    damaged.replace(archive)
    _window, dialog = open_dialog(qtbot, county_demo, runner)
    county_demo.database.close()
    before = lasting_files(county_demo.paths.root)

    dialog.table.selectRow(0)
    dialog.restoreButton.click()
    qtbot.waitUntil(lambda: bool(errors), timeout=10000)

    title, message = errors[0]
    assert title == "恢复失败" and "校验值不符" in message and "没有做任何修改" in message
    assert not any(t == "恢复完成" for t, _ in shown)
    county_demo.database.close()
    assert lasting_files(county_demo.paths.root) == before


def test_the_days_backup_after_the_database_is_opened(qtbot, county_demo, runner, tmp_path):
    """What gui.app does once the window has the services (the first start of a day)."""
    window = MainWindow(
        county_demo.paths, county_demo.resources, county_demo.office.current(), runner,
        window_settings(county_demo.paths),
    )  # fmt: skip
    qtbot.addWidget(window)
    window.show()
    window.attach(county_demo)
    stick = tmp_path / "usb" / "备份"
    county_demo.settings.set("backups.folder", str(stick))  # the stick is not plugged in

    backup_actions.start_daily_backup(window, runner, county_demo)
    qtbot.waitUntil(lambda: bool(window.findChildren(QMessageBox)), timeout=10000)

    [archive] = list(county_demo.paths.backups.iterdir())
    assert parse_archive_name(archive.name).kind == "daily"
    assert window.statusBar().currentMessage() == f"已自动备份到 {archive}"
    [box] = window.findChildren(QMessageBox)
    assert box.isVisible() and "不存在（U 盘可能没有插上）" in box.text()
    box.close()

    backup_actions.start_daily_backup(window, runner, county_demo)  # started again: not twice
    qtbot.waitUntil(lambda: not runner.busy, timeout=10000)
    assert list(county_demo.paths.backups.iterdir()) == [archive]
