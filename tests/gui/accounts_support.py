"""Accounts for the GUI tests: an administrator, a 经办人 and a 查阅 account, and a main window
signed in as one of them."""

from __future__ import annotations

from yuyou_desktop.domain.accounts import Role
from yuyou_desktop.gui.app import window_settings
from yuyou_desktop.gui.main_window import MainWindow

PASSWORD = "pass-word-1"
USERS = {
    Role.ADMIN: ("admin1", "管理员甲"),
    Role.CLERK: ("clerk1", "经办人乙"),
    Role.VIEWER: ("viewer1", "查阅丙"),
}


def add_accounts(services) -> None:
    """The three accounts (the first must be an administrator); nobody signed in after."""
    name, display = USERS[Role.ADMIN]
    services.accounts.add_user(name, display, Role.ADMIN, PASSWORD)
    services.accounts.login(name, PASSWORD)
    for role in (Role.CLERK, Role.VIEWER):
        services.accounts.add_user(*USERS[role], role, PASSWORD)
    services.accounts.logout()


def sign_in(services, role: Role) -> None:
    services.accounts.login(USERS[role][0], PASSWORD)


def open_window(qtbot, services, runner) -> MainWindow:
    """The main window on ``services`` (signed in or not), attached and shown."""
    window = MainWindow(
        services.paths,
        services.resources,
        services.office.current(),
        runner,
        window_settings(services.paths),
    )
    qtbot.addWidget(window)
    window.show()
    window.attach(services)
    qtbot.waitUntil(lambda: "统计中" not in window.countsLabel.text(), timeout=10000)
    return window


def window_as(qtbot, services, runner, role: Role) -> MainWindow:
    if not services.accounts.has_accounts():
        add_accounts(services)
    sign_in(services, role)
    return open_window(qtbot, services, runner)
