"""Signing in at start, creating the administrator, the 账号 menu and 账号管理."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog, QInputDialog, QMessageBox

from tests.conftest import COUNTY
from tests.gui.accounts_support import PASSWORD, USERS, add_accounts, sign_in, window_as
from yuyou_desktop.__main__ import build_services
from yuyou_desktop.domain.accounts import Role
from yuyou_desktop.gui import app as app_module
from yuyou_desktop.gui.accounts import accounts_dialog
from yuyou_desktop.gui.accounts.accounts_dialog import AccountsDialog
from yuyou_desktop.gui.accounts.login import (
    ChangePasswordDialog,
    CreateAdminDialog,
    LoginDialog,
    sign_in_gate,
)
from yuyou_desktop.gui.main_window import MainWindow
from yuyou_desktop.gui.setup_dialog import SetupDialog

CLERK, VIEWER = USERS[Role.CLERK][0], USERS[Role.VIEWER][0]


@pytest.fixture
def accounts(county):
    add_accounts(county)
    return county


def try_login(dialog: LoginDialog, name: str, password: str) -> None:
    dialog.nameEdit.setText(name)
    dialog.passwordEdit.setText(password)
    dialog.okButton.click()


def login_dialog(qtbot, services) -> LoginDialog:
    dialog = LoginDialog(services.accounts, "右玉县司法局")
    qtbot.addWidget(dialog)
    dialog.open()
    return dialog


# ------------------------------------------------------------ the login dialog


def test_login_signs_in_and_closes(qtbot, accounts):
    dialog = login_dialog(qtbot, accounts)
    assert "右玉县司法局" in dialog.headingLabel.text()
    try_login(dialog, CLERK, PASSWORD)
    assert dialog.result() == QDialog.DialogCode.Accepted and not dialog.isVisible()
    assert accounts.accounts.current.name == CLERK
    assert accounts.accounts.current.role is Role.CLERK


def test_wrong_password_is_told_in_the_dialog_which_stays_open(qtbot, accounts):
    dialog = login_dialog(qtbot, accounts)
    try_login(dialog, CLERK, "not-the-password")
    assert dialog.isVisible()
    assert dialog.errorLabel.text() == "账号或密码不正确（再错 4 次账号将被锁定）。"
    assert dialog.passwordEdit.text() == "" and dialog.nameEdit.text() == CLERK
    assert accounts.accounts.current is None
    try_login(dialog, CLERK, PASSWORD)  # another try
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert accounts.accounts.current.name == CLERK


def test_the_fifth_wrong_password_locks_the_account(qtbot, accounts):
    dialog = login_dialog(qtbot, accounts)
    for left in (4, 3, 2, 1):
        try_login(dialog, VIEWER, "wrong-password")
        assert f"再错 {left} 次" in dialog.errorLabel.text()
    try_login(dialog, VIEWER, "wrong-password")
    assert dialog.errorLabel.text() == f"密码连续 5 次不正确，账号“{VIEWER}”已锁定 15 分钟。"
    try_login(dialog, VIEWER, PASSWORD)  # the right password does not open a locked account
    assert "已被锁定" in dialog.errorLabel.text() and "请管理员重设密码" in dialog.errorLabel.text()
    assert dialog.isVisible() and accounts.accounts.current is None


def test_cancelling_the_login_at_start_exits_without_opening_the_database(
    qapp, accounts, monkeypatch
):
    accounts.database.close()
    asked: list[str] = []

    def cancel(dialog: LoginDialog) -> int:
        asked.append(dialog.windowTitle())
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(LoginDialog, "exec", cancel)
    watchdog = QTimer()
    watchdog.setSingleShot(True)
    watchdog.timeout.connect(lambda: [w.close() for w in qapp.topLevelWidgets()])
    watchdog.start(20000)  # never hang the suite
    code = app_module.run(["yuyou-desktop", "--data-dir", str(accounts.paths.root)], build_services)
    watchdog.stop()
    assert code == 0
    assert asked == ["登录"]
    windows = [w for w in qapp.topLevelWidgets() if isinstance(w, MainWindow)]
    assert all(w.services is None and not w.isVisible() for w in windows)


def test_signing_in_at_start_opens_the_window_with_the_user_in_the_status_bar(
    qapp, accounts, monkeypatch
):
    accounts.database.close()

    def sign_in_as_clerk(dialog: LoginDialog) -> int:
        try_login(dialog, CLERK, PASSWORD)
        return dialog.result()

    monkeypatch.setattr(LoginDialog, "exec", sign_in_as_clerk)
    seen: list[tuple[str, bool]] = []

    def poll() -> None:
        windows = [w for w in qapp.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        if windows and windows[0].services is not None:
            ui = windows[0].ui
            seen.append((windows[0].account_menu.userLabel.text(), ui.actionSettings.isVisible()))
            windows[0].close()
        else:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)
    code = app_module.run(["yuyou-desktop", "--data-dir", str(accounts.paths.root)], build_services)
    assert code == 0
    assert seen == [("当前用户：经办人乙（经办人）", False)]


# ------------------------------------------------------------ the first administrator


def create_admin_dialog(qtbot, services) -> CreateAdminDialog:
    dialog = CreateAdminDialog(services.accounts)
    qtbot.addWidget(dialog)
    dialog.open()
    return dialog


def fill_admin(dialog: CreateAdminDialog, password: str, again: str, name: str = "admin") -> None:
    dialog.nameEdit.setText(name)
    dialog.displayEdit.setText("王主任")
    dialog.passwordEdit.setText(password)
    dialog.confirmEdit.setText(again)
    dialog.okButton.click()


@pytest.mark.parametrize(
    ("password", "again", "message"),
    [
        ("good-password-1", "good-password-2", "确认密码：两次输入的密码不一致。"),
        ("short1", "short1", "密码：至少需要 8 个字符。"),
        ("aaaaaaaaaa", "aaaaaaaaaa", "密码：过于简单（至少要有 3 个不同的字符）。"),
    ],
)
def test_create_admin_refuses_bad_passwords_and_creates_nothing(
    qtbot, county, password, again, message
):
    dialog = create_admin_dialog(qtbot, county)
    assert "至少 8 个字符" in dialog.noteLabel.text()  # the rules are shown
    fill_admin(dialog, password, again)
    assert dialog.isVisible()
    assert dialog.errorLabel.text() == message
    assert not county.accounts.has_accounts()
    assert county.accounts.current is None


def test_create_admin_refuses_a_bad_account_name(qtbot, county):
    dialog = create_admin_dialog(qtbot, county)
    fill_admin(dialog, "good-password-1", "good-password-1", name="a b")
    assert dialog.errorLabel.text().startswith("账号名：")
    assert dialog.nameEdit.hasFocus() or dialog.focusWidget() is dialog.nameEdit
    assert not county.accounts.has_accounts()


def test_create_admin_creates_the_administrator_and_signs_in(qtbot, county):
    dialog = create_admin_dialog(qtbot, county)
    fill_admin(dialog, "good-password-1", "good-password-1")
    assert dialog.result() == QDialog.DialogCode.Accepted
    actor = county.accounts.current
    assert (actor.name, actor.display_name, actor.role) == ("admin", "王主任", Role.ADMIN)


def test_first_start_asks_for_the_administrator_and_cancelling_it_exits(
    qapp, data_paths, monkeypatch
):
    def set_up(dialog: SetupDialog) -> int:
        dialog.ui.roleCombo.setCurrentIndex(dialog.ui.roleCombo.findData(COUNTY["role"]))
        dialog.ui.codeEdit.setText(COUNTY["code"])
        dialog.ui.nameEdit.setText(COUNTY["name"])
        dialog.ui.prefixEdit.setText(COUNTY["prefix"])
        dialog._submit()
        return dialog.result()

    asked: list[str] = []
    monkeypatch.setattr(SetupDialog, "exec", set_up)
    monkeypatch.setattr(
        CreateAdminDialog,
        "exec",
        lambda dialog: asked.append(dialog.windowTitle()) or QDialog.DialogCode.Rejected,
    )
    code = app_module.run(["yuyou-desktop", "--data-dir", str(data_paths.root)], build_services)
    assert code == 0
    assert asked == ["创建管理员账号"]
    services = build_services(data_paths)
    try:
        assert services.office.is_initialised()
        assert not services.accounts.has_accounts()  # asked again at the next start
    finally:
        services.database.close()


# ------------------------------------------------------------ a password set by the administrator


def test_a_password_reset_by_the_administrator_must_be_changed_at_sign_in(
    qtbot, accounts, monkeypatch
):
    sign_in(accounts, Role.ADMIN)
    accounts.accounts.set_password(CLERK, "temporary-pw-9")
    accounts.accounts.logout()
    shown: list[str] = []

    def login(dialog: LoginDialog) -> int:
        try_login(dialog, CLERK, "temporary-pw-9")
        return dialog.result()

    def change(dialog: ChangePasswordDialog) -> int:
        shown.append(dialog.headingLabel.text())
        dialog.oldEdit.setText("temporary-pw-9")
        dialog.newEdit.setText("my-own-secret-1")
        dialog.confirmEdit.setText("my-own-secret-2")
        dialog.okButton.click()
        shown.append(dialog.errorLabel.text())
        dialog.confirmEdit.setText("my-own-secret-1")
        dialog.okButton.click()
        return dialog.result()

    monkeypatch.setattr(LoginDialog, "exec", login)
    monkeypatch.setattr(ChangePasswordDialog, "exec", change)
    assert sign_in_gate(None, accounts)
    assert "管理员为您设置了新密码" in shown[0]
    assert shown[1] == "确认新密码：两次输入的密码不一致。"
    accounts.accounts.logout()
    assert accounts.accounts.login(CLERK, "my-own-secret-1").name == CLERK


def test_refusing_to_change_a_reset_password_signs_out_and_ends(qtbot, accounts, monkeypatch):
    sign_in(accounts, Role.ADMIN)
    accounts.accounts.set_password(VIEWER, "temporary-pw-9")
    accounts.accounts.logout()

    def login(dialog: LoginDialog) -> int:
        try_login(dialog, VIEWER, "temporary-pw-9")
        return dialog.result()

    monkeypatch.setattr(LoginDialog, "exec", login)
    monkeypatch.setattr(ChangePasswordDialog, "exec", lambda d: QDialog.DialogCode.Rejected)
    assert not sign_in_gate(None, accounts)
    assert accounts.accounts.current is None


# ------------------------------------------------------------ the 账号 menu


def test_switching_user_reapplies_the_role(qtbot, accounts, runner, monkeypatch):
    window = window_as(qtbot, accounts, runner, Role.ADMIN)
    view = window.registry_tab.view("units")
    assert view.ui.addButton.isEnabled()
    assert window.ui.actionAccounts.isVisible()

    def login_viewer(dialog: LoginDialog) -> int:
        try_login(dialog, VIEWER, PASSWORD)
        return dialog.result()

    monkeypatch.setattr(LoginDialog, "exec", login_viewer)
    window.ui.actionSwitchUser.trigger()
    assert accounts.accounts.current.name == VIEWER
    assert window.account_menu.userLabel.text() == "当前用户：查阅丙（查阅）"
    assert not view.ui.addButton.isEnabled()
    assert "只能查看和打印" in view.ui.addButton.toolTip()
    assert not window.ui.actionAccounts.isVisible()
    assert not window.ui.actionSettings.isVisible()


def test_quitting_the_login_when_switching_user_closes_the_window(
    qtbot, accounts, runner, monkeypatch
):
    window = window_as(qtbot, accounts, runner, Role.CLERK)
    monkeypatch.setattr(LoginDialog, "exec", lambda d: QDialog.DialogCode.Rejected)
    assert not window.account_menu.switch_user()
    assert not window.isVisible()
    assert accounts.accounts.current is None


def test_change_own_password_from_the_menu(qtbot, accounts, runner):
    window = window_as(qtbot, accounts, runner, Role.VIEWER)
    assert window.ui.actionChangePassword.isVisible()  # every account may change its own
    dialog = window.account_menu.change_password()
    dialog.oldEdit.setText("wrong-old-one")
    dialog.newEdit.setText("new-secret-77")
    dialog.confirmEdit.setText("new-secret-77")
    dialog.okButton.click()
    assert dialog.errorLabel.text() == "原密码：不正确。" and dialog.isVisible()
    dialog.oldEdit.setText(PASSWORD)
    dialog.okButton.click()
    assert not dialog.isVisible()
    assert "密码已修改" in window.statusBar().currentMessage()
    accounts.accounts.logout()
    assert accounts.accounts.login(VIEWER, "new-secret-77").name == VIEWER


# ------------------------------------------------------------ 账号管理


@pytest.fixture
def admin_dialog(qtbot, accounts, monkeypatch):
    sign_in(accounts, Role.ADMIN)
    errors: list[str] = []
    monkeypatch.setattr(
        accounts_dialog, "show_error", lambda parent, title, exc: errors.append(exc.message)
    )
    dialog = AccountsDialog(accounts.accounts)
    qtbot.addWidget(dialog)
    dialog.open()
    return dialog, errors


def table_rows(dialog: AccountsDialog) -> list[list[str]]:
    table = dialog.table
    return [
        [table.item(r, c).text() for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]


def test_accounts_table_lists_every_account(admin_dialog):
    dialog, _errors = admin_dialog
    rows = table_rows(dialog)
    assert [r[:4] for r in rows] == [
        ["admin1（当前）", "管理员甲", "管理员", "正常"],
        ["clerk1", "经办人乙", "经办人", "正常"],
        ["viewer1", "查阅丙", "查阅", "正常"],
    ]
    assert rows[1][4] == "从未登录"
    assert not dialog.resetButton.isEnabled()  # nothing chosen yet


def test_add_account_flow(admin_dialog, accounts):
    dialog, _errors = admin_dialog
    add = dialog.add_user()
    add.nameEdit.setText("clerk1")
    add.displayEdit.setText("重名的人")
    add.roleCombo.setCurrentIndex(add.roleCombo.findData(Role.VIEWER.value))
    add.passwordEdit.setText("another-pw-1")
    add.confirmEdit.setText("another-pw-1")
    add.okButton.click()
    assert add.isVisible() and add.errorLabel.text() == "账号名：“clerk1”已被使用。"
    assert len(accounts.accounts.list_users()) == 3
    add.nameEdit.setText("zhangsan")
    add.displayEdit.setText("张三")
    add.okButton.click()
    assert not add.isVisible()
    assert ["zhangsan", "张三", "查阅", "正常", "从未登录"] in table_rows(dialog)
    assert dialog.selected_name() == "zhangsan"


def test_reset_password_unlocks_a_locked_account(admin_dialog, accounts):
    dialog, _errors = admin_dialog
    for _ in range(5):
        with pytest.raises(Exception):  # noqa: B017 - LoginRefused
            accounts.accounts.login(VIEWER, "wrong-password")
    sign_in(accounts, Role.ADMIN)
    dialog.refresh()
    dialog.select(VIEWER)
    assert table_rows(dialog)[2][3].startswith("已锁定至")
    reset = dialog.reset_password()
    reset.passwordEdit.setText("short")
    reset.confirmEdit.setText("short")
    reset.okButton.click()
    assert reset.errorLabel.text() == "新密码：至少需要 8 个字符。"
    reset.passwordEdit.setText("fresh-start-1")
    reset.confirmEdit.setText("fresh-start-1")
    reset.okButton.click()
    assert not reset.isVisible()
    assert table_rows(dialog)[2][3] == "正常，须改密码"
    accounts.accounts.logout()
    assert accounts.accounts.login(VIEWER, "fresh-start-1").name == VIEWER


def test_disable_and_enable_an_account(admin_dialog, accounts, monkeypatch):
    dialog, errors = admin_dialog
    monkeypatch.setattr(
        accounts_dialog.QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes
    )
    dialog.select(CLERK)
    assert dialog.activeButton.text() == "停用"
    dialog.activeButton.click()
    assert errors == []
    assert table_rows(dialog)[1][3] == "已停用"
    assert dialog.activeButton.text() == "启用"
    with pytest.raises(Exception, match="已停用"):
        accounts.accounts.login(CLERK, PASSWORD)
    sign_in(accounts, Role.ADMIN)
    dialog.activeButton.click()
    assert table_rows(dialog)[1][3] == "正常"


def test_refusals_are_shown_and_change_nothing(admin_dialog, accounts, monkeypatch):
    dialog, errors = admin_dialog
    monkeypatch.setattr(
        accounts_dialog.QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes
    )
    dialog.select("admin1")
    dialog.activeButton.click()  # one's own account
    assert errors == ["不能停用自己正在使用的账号。"]
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("查阅：只能查看和打印", True))
    dialog.change_role()  # the only administrator
    assert errors[1] == "至少要保留一个在用的管理员账号。"
    assert table_rows(dialog)[0][2:4] == ["管理员", "正常"]


def test_change_role(admin_dialog, accounts, monkeypatch):
    dialog, errors = admin_dialog
    dialog.select(VIEWER)
    offered: list[list[str]] = []

    def choose(parent, title, label, items, current, editable):
        offered.append(items)
        return items[1], True  # 经办人

    monkeypatch.setattr(QInputDialog, "getItem", choose)
    dialog.roleButton.click()
    assert errors == []
    assert offered[0][0].startswith("管理员：")
    assert table_rows(dialog)[2][2] == "经办人"
    assert {u.name: u.role for u in accounts.accounts.list_users()}[VIEWER] is Role.CLERK
