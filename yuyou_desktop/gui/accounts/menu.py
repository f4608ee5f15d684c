"""The 账号 menu of the main window — 修改密码, 切换用户, 账号管理…, 审计日志… — and the signed-in
user in the status bar.  Which menu items an account sees is decided by ``permissions``:
settings, restoring a backup, 账号管理 and 审计日志 are the administrator's."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog, QLabel

from yuyou_desktop.gui.permissions import ADMINISTER, apply_role, mark

if TYPE_CHECKING:
    from yuyou_desktop.gui.main_window import MainWindow
    from yuyou_desktop.storage.access import Actor


def user_text(actor: Actor) -> str:
    return f"当前用户：{actor.display_name}（{actor.role.value}）"


class AccountMenu(QObject):
    """Wires the 账号 menu of ``window`` (built from ``ui/main_window.ui``)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.dialog: QDialog | None = None  # the last dialog opened from the menu
        ui = window.ui
        ui.actionChangePassword.triggered.connect(self.change_password)
        ui.actionSwitchUser.triggered.connect(self.switch_user)
        ui.actionAccounts.triggered.connect(self.open_accounts)
        ui.actionAuditLog.triggered.connect(self.open_audit)
        for action in (ui.actionSettings, ui.actionRestore, ui.actionAccounts, ui.actionAuditLog):
            mark(action, ADMINISTER)
        self.userLabel = QLabel(window)
        self.userLabel.setObjectName("userLabel")
        self.userLabel.hide()
        window.ui.statusBar.insertWidget(2, self.userLabel)
        self.show_actor(None)

    @property
    def actions(self) -> tuple:
        ui = self.window.ui
        return (ui.actionChangePassword, ui.actionSwitchUser, ui.actionAccounts, ui.actionAuditLog)

    def show_actor(self, actor: Actor | None) -> None:
        """The role for the whole window, the menu and the status bar."""
        apply_role(self.window, actor)
        signed_in = actor is not None
        self.window.ui.actionChangePassword.setVisible(signed_in)
        self.window.ui.actionSwitchUser.setVisible(signed_in)
        self.userLabel.setText(user_text(actor) if actor is not None else "")
        self.userLabel.setToolTip(f"账号：{actor.name}" if actor is not None else "")
        self.userLabel.setVisible(signed_in)

    def _open(self, dialog: QDialog) -> QDialog:
        self.dialog = dialog
        dialog.open()
        return dialog

    def change_password(self) -> QDialog:
        from yuyou_desktop.gui.accounts.login import ChangePasswordDialog

        dialog = ChangePasswordDialog(self.window._services().accounts, self.window)
        dialog.accepted.connect(
            lambda: self.window.statusBar().showMessage("密码已修改，下次登录请用新密码。", 10000)
        )
        return self._open(dialog)

    def switch_user(self) -> bool:
        """Sign out, then in again (the role follows); quitting the sign-in ends the program."""
        self.window._services().accounts.logout()
        return self.sign_in_again()

    def sign_in_again(self) -> bool:
        """When nobody is signed in any more (switching users; after a restore, whose database
        has its own accounts): the sign-in, then the role for the window.  Quitting closes the
        window (the program ends) and returns False."""
        from yuyou_desktop.gui.accounts.login import sign_in_gate

        services = self.window._services()
        accounts = services.accounts
        # without accounts before and after (an older database) the window goes on as 系统
        wanted = self.window.actor is not None or accounts.has_accounts()
        if accounts.current is None and wanted and not sign_in_gate(self.window, services):
            self.window.close()
            return False
        self.window.set_actor(services.accounts.current)
        return True

    def open_accounts(self) -> QDialog:
        from yuyou_desktop.gui.accounts.accounts_dialog import AccountsDialog

        return self._open(AccountsDialog(self.window._services().accounts, self.window))

    def open_audit(self) -> QDialog:
        from yuyou_desktop.gui.accounts.audit_dialog import AuditDialog

        services = self.window._services()
        return self._open(AuditDialog(services.audit, self.window.runner, self.window))
