"""The real main window on a real database (offscreen)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSize
from PySide6.QtWidgets import QMessageBox

from tests.conftest import file_state
from yuyou_desktop.gui import backup_actions
from yuyou_desktop.gui.app import window_settings
from yuyou_desktop.gui.info_dialogs import AboutDialog, HelpDialog
from yuyou_desktop.gui.inspections.inspections_tab import InspectionsTab
from yuyou_desktop.gui.letters.letters_tab import LettersTab
from yuyou_desktop.gui.main_window import TAB_TITLES, MainWindow
from yuyou_desktop.gui.registry.registry_tab import RegistryTab
from yuyou_desktop.gui.reports_tab import ReportsTab
from yuyou_desktop.gui.reviews.reviews_tab import ReviewsTab
from yuyou_desktop.gui.sync.sync_tab import SyncTab
from yuyou_desktop.gui.unavailable_page import UnavailablePage


def make_window(qtbot, services, runner) -> MainWindow:
    window = MainWindow(
        services.paths,
        services.resources,
        services.office.current(),
        runner,
        window_settings(services.paths),
    )
    qtbot.addWidget(window)
    window.show()
    assert not window.ui.actionBackup.isEnabled(), "no backup before the database is open"
    assert "正在打开数据库" in window.countsLabel.text()
    assert not isinstance(window.ui.tabs.widget(0), UnavailablePage), (
        "单位登记 is coming, not absent"
    )
    window.attach(services)
    assert window.ui.actionBackup.isEnabled() and window.ui.actionRestore.isEnabled()
    qtbot.waitUntil(lambda: "统计中" not in window.countsLabel.text(), timeout=5000)
    return window


@pytest.fixture
def messages(monkeypatch):
    """Record message boxes instead of blocking on them."""
    shown: list[tuple[str, str]] = []

    def info(parent, title, text, *args, **kwargs):
        shown.append((title, text))
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(backup_actions.QMessageBox, "information", info)
    errors: list[tuple[str, BaseException]] = []
    monkeypatch.setattr(
        backup_actions, "show_error", lambda parent, title, exc: errors.append((title, exc))
    )
    return shown, errors


def test_tabs_are_the_six_areas_all_available(qtbot, county, runner):
    window = make_window(qtbot, county, runner)
    titles = [window.ui.tabs.tabText(i) for i in range(window.ui.tabs.count())]
    expected = ["单位登记", "检查记录", "案卷评查", "文书打印", "统计报表", "数据同步"]
    assert titles == list(TAB_TITLES) == expected
    assert isinstance(window.ui.tabs.widget(0), RegistryTab)
    assert isinstance(window.ui.tabs.widget(1), InspectionsTab)
    assert isinstance(window.ui.tabs.widget(2), ReviewsTab)
    assert isinstance(window.ui.tabs.widget(3), LettersTab)
    assert isinstance(window.ui.tabs.widget(4), ReportsTab)
    assert isinstance(window.ui.tabs.widget(5), SyncTab)
    for i in range(window.ui.tabs.count()):
        assert not isinstance(window.ui.tabs.widget(i), UnavailablePage)
    assert window.windowTitle().endswith("右玉县司法局")


def test_status_bar_shows_office_role_database_and_counts(qtbot, county_demo, runner):
    window = make_window(qtbot, county_demo, runner)
    assert "右玉县司法局" in window.officeLabel.text()
    assert "140623" in window.officeLabel.text()
    assert window.roleLabel.text() == "角色：县司法局"
    assert str(county_demo.database.path) in window.dbLabel.text()
    assert "执法主体 25" in window.countsLabel.text()
    assert "单位名录 9" in window.countsLabel.text()


def test_window_remembers_size_position_and_tab(qtbot, county, runner):
    first = make_window(qtbot, county, runner)
    first.resize(QSize(720, 520))
    first.move(QPoint(20, 10))
    first.ui.tabs.setCurrentIndex(3)
    first.close()
    assert county.paths.gui_settings.exists()

    second = make_window(qtbot, county, runner)
    assert second.size() == QSize(720, 520)
    assert second.ui.tabs.currentIndex() == 3
    assert second.ui.tabs.tabText(second.ui.tabs.currentIndex()) == "文书打印"


def test_backup_from_the_menu_writes_a_verified_copy(
    qtbot, county_demo, runner, messages, tmp_path
):
    shown, errors = messages
    window = make_window(qtbot, county_demo, runner)
    dest = tmp_path / "usb" / "备份.db"
    window.start_backup(dest)
    qtbot.waitUntil(lambda: bool(shown) or bool(errors), timeout=5000)
    assert errors == []
    assert shown[0][0] == "备份完成"
    assert str(dest) in shown[0][1]
    assert dest.read_bytes().startswith(b"SQLite format 3\x00")


def test_restore_of_a_bad_file_is_refused_and_changes_nothing(
    qtbot, county_demo, runner, messages, tmp_path
):
    shown, errors = messages
    window = make_window(qtbot, county_demo, runner)
    bogus = tmp_path / "not-a-backup.db"
    bogus.write_bytes(b"this is not a database" * 100)
    county_demo.database.close()
    before = file_state(county_demo.paths.root)
    window.start_restore(bogus)
    qtbot.waitUntil(lambda: bool(errors) or bool(shown), timeout=5000)
    assert shown == []
    title, exc = errors[0]
    assert title == "恢复失败"
    assert "不是本程序的数据库" in exc.message
    county_demo.database.close()
    after = file_state(county_demo.paths.root)
    assert after.keys() == before.keys()
    assert after["yuyou.db"] == before["yuyou.db"]


def test_restore_from_the_menu_brings_back_the_old_data(qtbot, county, runner, messages, tmp_path):
    shown, errors = messages
    backup = tmp_path / "empty-office.db"
    county.maintenance.backup(backup)
    county.demo.load()  # data added after the backup
    window = make_window(qtbot, county, runner)
    assert "执法主体 25" in window.countsLabel.text()
    window.start_restore(backup)
    qtbot.waitUntil(lambda: bool(shown) or bool(errors), timeout=5000)
    assert errors == []
    assert shown[0][0] == "恢复完成"
    assert "恢复后的数据截至" in shown[0][1]
    qtbot.waitUntil(lambda: "执法主体 0" in window.countsLabel.text(), timeout=5000)
    assert list((county.paths.backups).glob("before-restore-*.db"))


def test_help_and_about(qtbot, county, runner):
    window = make_window(qtbot, county, runner)
    help_dialog = HelpDialog(county.resources, window)
    qtbot.addWidget(help_dialog)
    text = help_dialog.ui.browser.toPlainText()
    assert "使用说明" in text and "从备份恢复" in text
    about = AboutDialog(county.paths, county.resources, county.office.current(), window)
    qtbot.addWidget(about)
    details = about.ui.detailsLabel.text()
    assert county.office.current().key_fingerprint in details
    assert str(county.database.path) in details


def test_menus_hold_the_promised_actions(qtbot, county, runner):
    window = make_window(qtbot, county, runner)
    menus = {
        action.text(): [a.text() for a in action.menu().actions() if not a.isSeparator()]
        for action in window.menuBar().actions()
    }
    assert menus == {
        "文件(&F)": ["备份数据库(&B)…", "从备份恢复(&R)…", "设置(&S)…", "退出(&X)"],
        "账号(&A)": ["修改密码(&P)…", "切换用户(&U)…", "账号管理(&M)…", "审计日志(&L)…"],
        "帮助(&H)": ["使用说明(&U)", "打开日志文件夹(&L)", "关于(&A)"],
    }


def test_screenshot_renders(qtbot, county_demo, runner, tmp_path: Path):
    window = make_window(qtbot, county_demo, runner)
    window.resize(1000, 600)
    image = window.grab().toImage()
    assert image.width() == 1000 and image.height() == 600
    assert not image.isNull()
