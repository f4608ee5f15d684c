"""The window follows the signed-in account's role: a 查阅 account changes nothing anywhere, a
经办人 does the office's work but not the administrator's."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QAbstractButton, QTableView, QTableWidget

from tests.gui.accounts_support import add_accounts, sign_in, window_as
from yuyou_desktop.domain.accounts import Role
from yuyou_desktop.gui import backup_actions
from yuyou_desktop.gui.permissions import NEEDS

VIEWER_TIP = "只能查看和打印"
ADMIN_TIP = "只有管理员可以"


@pytest.fixture
def demo(county_demo):
    add_accounts(county_demo)
    return county_demo


def visit_every_page(window) -> None:
    """Show every tab and every page inside (views are built and shown on first use)."""
    tabs = window.ui.tabs
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
    for name in window.registry_tab.names:
        window.registry_tab.show_register(name)
    for page in range(window.inspections_tab.pages.count()):
        window.inspections_tab.pages.setCurrentIndex(page)
    for page in range(window.reviews_tab.pages.count()):
        window.reviews_tab.pages.setCurrentIndex(page)
    window.ui.tabs.setCurrentWidget(window.reports_tab)
    window.reports_tab.pages.setCurrentWidget(window.reports_tab.plans)


def important_controls(window) -> dict[str, QAbstractButton]:
    registry = window.registry_tab
    units, people = registry.view("units"), registry.view("people")
    inspections, leads = window.inspections_tab.list, window.inspections_tab.leads
    letters, reviews = window.letters_tab, window.reviews_tab
    files, plans, sync = reviews.files.buttons, window.reports_tab.plans, window.sync_tab
    controls = {
        "单位登记 新增": units.ui.addButton,
        "单位登记 编辑": units.ui.editButton,
        "单位登记 删除": units.ui.deleteButton,
        "单位登记 导入Excel": units.excel.importButton,
        "人员 新增": people.ui.addButton,
        "人员 导入Excel": people.excel.importButton,
        "检查记录 新增": inspections.addButton,
        "检查记录 删除": inspections.deleteButton,
        "线索 新增": leads.addButton,
        "线索 编辑": leads.editButton,
        "线索 删除": leads.deleteButton,
        "线索 移送": leads.transferButton,
        "线索 转为检查记录": leads.inspectButton,
        "评查活动 新建": reviews.newButton,
        "评查活动 设置": reviews.editButton,
        "评查活动 删除": reviews.deleteButton,
        "方案 新建": plans.newButton,
        "方案 添加事项": plans.addItemButton,
        "方案 标记完成": plans.doneButton,
        "文书 新建": letters.newButton,
        "数据同步 导出": sync.exports.exportButton,
        "数据同步 导入": sync.imports.importButton,
        "冲突 保留": sync.conflicts.keepButton,
        "冲突 采用另一版本": sync.conflicts.otherButton,
    }
    for key in ("edit", "issue", "delete", "serve", "reply", "close", "void", "correct"):
        controls[f"文书 {key}"] = letters.buttons[key]
    for key in ("add", "import", "edit", "delete", "sample", "assign", "finalise", "reopen"):
        controls[f"案卷 {key}"] = files[key]
    return controls


def marked_buttons(window) -> list[QAbstractButton]:
    return [b for b in window.findChildren(QAbstractButton) if b.property(NEEDS)]


def select_each_row(table, check) -> int:
    """Select the rows one after another (the tab's own logic runs), checking each time."""
    rows = table.model().rowCount() if isinstance(table, QTableView) else table.rowCount()
    for row in range(min(rows, 8)):
        table.selectRow(row)
        check()
    return rows


def assert_viewer_cannot(controls: dict[str, QAbstractButton]) -> None:
    enabled = [name for name, button in controls.items() if button.isEnabled()]
    assert enabled == []


def test_a_viewer_has_no_enabled_edit_control_in_any_tab(qtbot, demo, runner):
    window = window_as(qtbot, demo, runner, Role.VIEWER)
    assert window.account_menu.userLabel.text() == "当前用户：查阅丙（查阅）"
    visit_every_page(window)
    controls = important_controls(window)
    assert_viewer_cannot(controls)
    assert VIEWER_TIP in controls["单位登记 新增"].toolTip()
    marked = marked_buttons(window)
    assert len(marked) >= 50
    assert [b.text() for b in marked if b.isEnabled()] == []
    # the administrator's menu items are not there; backing up and printing are
    ui = window.ui
    for action in (ui.actionSettings, ui.actionRestore, ui.actionAccounts, ui.actionAuditLog):
        assert not action.isVisible()
    assert ui.actionBackup.isVisible() and ui.actionChangePassword.isVisible()


def test_selecting_rows_does_not_give_a_viewer_the_edit_buttons_back(qtbot, demo, runner):
    window = window_as(qtbot, demo, runner, Role.VIEWER)
    visit_every_page(window)
    controls = important_controls(window)
    check = lambda: assert_viewer_cannot(controls)  # noqa: E731
    units = window.registry_tab.show_register("units")
    assert select_each_row(units.ui.table, check) > 0
    inspections = window.inspections_tab.list
    window.inspections_tab.show_page("list")
    assert select_each_row(inspections.table, check) > 0
    assert inspections.editButton.isEnabled() and inspections.editButton.text() == "打开…"
    window.inspections_tab.show_page("leads")
    assert select_each_row(window.inspections_tab.leads.table, check) > 0
    letters = window.letters_tab
    window.ui.tabs.setCurrentWidget(letters)
    assert select_each_row(letters.table, check) > 0
    assert letters.buttons["preview"].isEnabled()  # reading and printing stay
    window.ui.tabs.setCurrentWidget(window.reviews_tab)
    combo = window.reviews_tab.campaignCombo
    for index in range(combo.count()):
        combo.setCurrentIndex(index)
        files: QTableWidget = window.reviews_tab.files.table
        select_each_row(files, check)
    # the tab's own logic enabling a button (as on a selection change) is overruled
    units.ui.deleteButton.setEnabled(True)
    letters.buttons["issue"].setEnabled(True)
    assert not units.ui.deleteButton.isEnabled() and not letters.buttons["issue"].isEnabled()


def test_a_viewer_opens_records_read_only(qtbot, demo, runner):
    window = window_as(qtbot, demo, runner, Role.VIEWER)
    units = window.registry_tab.show_register("units")
    units.ui.table.selectRow(0)
    units.open_record(units.selected_id())
    assert units.dialog.read_only and VIEWER_TIP in units.dialog.read_only
    assert not units.dialog.ok_button.isVisible()
    inspections = window.inspections_tab.list
    inspections.table.selectRow(0)
    inspections.editButton.click()
    assert inspections.dialog.read_only and not inspections.dialog.ok_button.isVisible()
    leads = window.inspections_tab.leads
    leads.table.selectRow(0)
    leads.edit_selected()
    assert leads.dialog.read_only


def test_a_viewer_sees_no_revoke_links_in_attention(qtbot, demo, runner):
    window = window_as(qtbot, demo, runner, Role.VIEWER)
    panel = window.registry_tab.show_register("attention")
    qtbot.waitUntil(lambda: panel.findings is not None, timeout=10000)
    table = panel.ui.examTable
    texts = [table.item(r, table.columnCount() - 1).text() for r in range(table.rowCount())]
    assert all(text == "" for text in texts)


def test_a_clerk_edits_records_but_not_settings_keys_accounts_or_the_log(qtbot, demo, runner):
    window = window_as(qtbot, demo, runner, Role.CLERK)
    visit_every_page(window)
    controls = important_controls(window)
    for name in ("单位登记 新增", "检查记录 新增", "线索 新增", "评查活动 新建", "文书 新建"):
        assert controls[name].isEnabled(), name
    units = window.registry_tab.show_register("units")
    units.ui.table.selectRow(0)
    assert units.ui.editButton.isEnabled() and units.ui.deleteButton.isEnabled()
    assert VIEWER_TIP not in window.sync_tab.exports.exportButton.toolTip()  # may export
    keys = window.sync_tab.keys
    for button in (keys.renewButton, keys.enrolButton, keys.revokeButton):
        assert not button.isEnabled() and ADMIN_TIP in button.toolTip()
    ui = window.ui
    for action in (ui.actionSettings, ui.actionRestore, ui.actionAccounts, ui.actionAuditLog):
        assert not action.isVisible()
    assert ui.actionBackup.isVisible() and ui.actionSwitchUser.isVisible()
    backups = backup_actions.ask_backup(window)  # 文件 → 备份数据库…: backing up, not restoring
    qtbot.addWidget(backups)
    assert backups.backupButton.isEnabled()
    for button in (backups.restoreButton, backups.restoreFileButton, backups.chooseFolderButton):
        assert not button.isEnabled() and ADMIN_TIP in button.toolTip()


def test_an_administrator_sees_everything(qtbot, demo, runner):
    window = window_as(qtbot, demo, runner, Role.ADMIN)
    ui = window.ui
    for action in (ui.actionSettings, ui.actionRestore, ui.actionAccounts, ui.actionAuditLog):
        assert action.isVisible() and action.isEnabled()
    assert window.sync_tab.keys.renewButton.isEnabled()
    assert window.account_menu.userLabel.text() == "当前用户：管理员甲（管理员）"


def test_a_database_without_accounts_restricts_nothing(qtbot, county_demo, runner):
    from tests.gui.accounts_support import open_window

    window = open_window(qtbot, county_demo, runner)
    assert window.actor is None and not window.account_menu.userLabel.isVisible()
    assert window.ui.actionSettings.isVisible() and window.ui.actionAccounts.isVisible()
    assert not window.ui.actionSwitchUser.isVisible()  # nobody to switch from
    assert window.registry_tab.view("units").ui.addButton.isEnabled()


def test_buttons_come_back_as_the_tab_wants_when_a_viewer_hands_over(qtbot, demo, runner):
    window = window_as(qtbot, demo, runner, Role.VIEWER)
    units = window.registry_tab.show_register("units")
    tip = "按当前的查找、筛选和排序导出全部符合条件的记录"
    assert units.excel.exportButton.toolTip() == tip  # exporting is reading
    units.ui.table.selectRow(0)
    assert not units.ui.editButton.isEnabled()
    demo.accounts.logout()
    sign_in(demo, Role.CLERK)
    window.set_actor(demo.accounts.current)
    assert units.ui.addButton.isEnabled()
    assert VIEWER_TIP not in units.ui.addButton.toolTip()
    units.ui.table.selectRow(1)
    assert units.ui.editButton.isEnabled() and units.ui.deleteButton.isEnabled()
    assert not window.sync_tab.keys.renewButton.isEnabled()
