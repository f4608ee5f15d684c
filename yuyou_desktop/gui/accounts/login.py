"""Signing in at start (the gate ``app.run`` passes before the window gets the services).

- accounts exist: :class:`LoginDialog` (a refusal — wrong password with the attempts left, a
  locked or disabled account — is shown in the dialog, which stays open for another try);
- none yet (the first start after the set-up, or a database from before accounts existed):
  :class:`CreateAdminDialog`, which must be completed;
- then, when the administrator has reset the password: :class:`ChangePasswordDialog`.

Cancelling any of them ends the program (``sign_in_gate`` returns False).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QDialog, QWidget

from yuyou_desktop import APP_TITLE
from yuyou_desktop.domain.accounts import ROLE_DESCRIPTIONS, Role
from yuyou_desktop.errors import FieldError, YuyouError
from yuyou_desktop.gui.accounts.form_dialog import PASSWORD_RULES, FormDialog, check_new_password

if TYPE_CHECKING:
    from yuyou_desktop.services import Services
    from yuyou_desktop.services.accounts import AccountService


class LoginDialog(FormDialog):
    def __init__(
        self, accounts: AccountService, office_name: str = "", parent: QWidget | None = None
    ) -> None:
        where = f"{office_name}　" if office_name else ""
        heading = f"<b>{APP_TITLE}</b><br>{where}请登录"
        super().__init__("登录", heading, "登录", "退出", parent)
        self.setObjectName("loginDialog")
        self.accounts = accounts
        self.nameEdit = self.line("账号名", "nameEdit")
        self.passwordEdit = self.line("密码", "passwordEdit", password=True)
        self.show_note("忘记密码或账号被锁定时，请管理员重设密码。")

    def save(self) -> None:
        try:
            self.accounts.login(self.nameEdit.text(), self.passwordEdit.text())
        finally:
            self.passwordEdit.clear()

    def refused(self, exc) -> None:
        super().refused(exc)
        (self.passwordEdit if self.nameEdit.text().strip() else self.nameEdit).setFocus()


class CreateAdminDialog(FormDialog):
    """The first account: an administrator, signed in when created."""

    def __init__(self, accounts: AccountService, parent: QWidget | None = None) -> None:
        admin = dict(ROLE_DESCRIPTIONS)[Role.ADMIN]
        heading = (
            "<b>创建管理员账号</b><br>本机的数据要凭账号使用。先创建管理员账号（"
            f"{admin}），登录后可在“账号 → 账号管理”中为其他人添加经办人或查阅账号。"
        )
        super().__init__("创建管理员账号", heading, "创建并登录", "退出", parent)
        self.setObjectName("createAdminDialog")
        self.accounts = accounts
        self.nameEdit = self.line("账号名", "nameEdit", hint="登录时输入，例如 admin 或 zhangsan")
        self.displayEdit = self.line("姓名", "displayEdit", hint="显示在状态栏和审计日志中")
        self.passwordEdit = self.line("密码", "passwordEdit", password=True)
        self.confirmEdit = self.line("确认密码", "confirmEdit", password=True)
        self.show_note(PASSWORD_RULES)

    def save(self) -> None:
        name, password = self.nameEdit.text().strip(), self.passwordEdit.text()
        if not name:
            raise FieldError("账号名", "不能为空。")
        check_new_password(password, self.confirmEdit.text(), name)
        self.accounts.create_first_admin(name, self.displayEdit.text(), password)


class ChangePasswordDialog(FormDialog):
    """修改密码 (the 账号 menu), or required after the administrator set the password."""

    def __init__(
        self, accounts: AccountService, parent: QWidget | None = None, *, required: bool = False
    ) -> None:
        actor = accounts.current
        who = actor.label if actor is not None else ""
        heading = f"<b>修改密码</b>　{who}"
        if required:
            heading += "<br>管理员为您设置了新密码。请设置只有您自己知道的密码后继续。"
        super().__init__("修改密码", heading, "确定", "退出" if required else "取消", parent)
        self.setObjectName("changePasswordDialog")
        self.accounts = accounts
        hint = "管理员为您设置的密码" if required else ""
        self.oldEdit = self.line("原密码", "oldEdit", password=True, hint=hint)
        self.newEdit = self.line("新密码", "newEdit", password=True)
        self.confirmEdit = self.line("确认新密码", "confirmEdit", password=True)
        self.fields["密码"] = self.newEdit  # the rules' refusals name 密码
        self.show_note(PASSWORD_RULES)

    def save(self) -> None:
        actor = self.accounts.current
        check_new_password(
            self.newEdit.text(), self.confirmEdit.text(), actor.name if actor else "", "新密码"
        )
        self.accounts.change_own_password(self.oldEdit.text(), self.newEdit.text())


def must_change_password(accounts: AccountService) -> bool:
    actor = accounts.current
    if actor is None:
        return False
    return any(u.id == actor.user_id and u.must_change_password for u in accounts.list_users())


class _CloseWatch(QObject):
    """Rejects the open sign-in dialog when the window behind it is closed."""

    def __init__(self, window: QWidget, dialog: QDialog) -> None:
        super().__init__(dialog)
        self._dialog = dialog
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Close and self._dialog.isVisible():
            self._dialog.reject()
        return False


def _ask(dialog: QDialog, parent: QWidget | None) -> bool:
    watch = _CloseWatch(parent, dialog) if parent is not None else None
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    if parent is not None and watch is not None:
        parent.removeEventFilter(watch)
    dialog.deleteLater()
    return accepted


def sign_in_gate(parent: QWidget | None, services: Services) -> bool:
    """Sign in (or create the administrator); False when the user chose to quit instead."""
    accounts = services.accounts
    if accounts.has_accounts():
        try:
            office_name = services.office.current().name
        except YuyouError:
            office_name = ""
        if not _ask(LoginDialog(accounts, office_name, parent), parent):
            return False
    elif not _ask(CreateAdminDialog(accounts, parent), parent):
        return False
    if must_change_password(accounts) and not _ask(
        ChangePasswordDialog(accounts, parent, required=True), parent
    ):
        accounts.logout()
        return False
    return accounts.current is not None  # the dialogs accept only once signed in


def signed_in(window: QWidget, services: Services) -> bool:
    """Before the window gets the services: True when someone is signed in (already, on the
    careful start, or now).  When the user quits instead, the database and the window are
    closed (the program ends) and False is returned."""
    if services.accounts.current is not None:
        return True
    if window.isVisible() and sign_in_gate(window, services):
        return True
    services.database.close()
    window.close()
    return False
