"""账号管理 (the administrator): the accounts with their role and state; 添加账号, 重设密码,
更改角色, 停用/启用.  Every change is the service's (``AccountService``), which checks that an
administrator is signed in; a refusal is shown with its message and nothing changes."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from yuyou_desktop.domain.accounts import ROLE_DESCRIPTIONS, Role
from yuyou_desktop.errors import YuyouError
from yuyou_desktop.gui.accounts.form_dialog import PASSWORD_RULES, FormDialog, check_new_password
from yuyou_desktop.gui.messages import show_error

if TYPE_CHECKING:
    from yuyou_desktop.services.accounts import AccountService, UserInfo

HEADERS = ("账号名", "姓名", "角色", "状态", "上次登录")
WIDTHS = (10, 8, 6, 11, 9)  # in characters
NAME_ROLE = Qt.ItemDataRole.UserRole + 1


def role_choice(role: Role) -> str:
    return f"{role.value}：{dict(ROLE_DESCRIPTIONS)[role]}"


def when(value: datetime | None) -> str:
    return f"{value.astimezone():%Y-%m-%d %H:%M}" if value is not None else "从未登录"


class AddUserDialog(FormDialog):
    def __init__(self, accounts: AccountService, parent: QWidget | None = None) -> None:
        super().__init__("添加账号", "<b>添加账号</b>", "添加", "取消", parent)
        self.setObjectName("addUserDialog")
        self.accounts = accounts
        self.nameEdit = self.line("账号名", "nameEdit", hint="登录时输入，2 至 32 个字符")
        self.displayEdit = self.line("姓名", "displayEdit")
        self.roleCombo = QComboBox(self)
        self.roleCombo.setObjectName("roleCombo")
        for role in (Role.CLERK, Role.VIEWER, Role.ADMIN):
            self.roleCombo.addItem(role_choice(role), role.value)
        self.add_field("角色", self.roleCombo)
        self.passwordEdit = self.line("密码", "passwordEdit", password=True)
        self.confirmEdit = self.line("确认密码", "confirmEdit", password=True)
        self.show_note(PASSWORD_RULES + "首次登录后请本人修改密码。")
        self.added: UserInfo | None = None

    def save(self) -> None:
        name, password = self.nameEdit.text().strip(), self.passwordEdit.text()
        check_new_password(password, self.confirmEdit.text(), name)
        role = Role(self.roleCombo.currentData())
        self.added = self.accounts.add_user(name, self.displayEdit.text(), role, password)


class ResetPasswordDialog(FormDialog):
    """重设密码: the account is unlocked and its user asked for a new one at the next sign-in."""

    def __init__(
        self, accounts: AccountService, user: UserInfo, parent: QWidget | None = None
    ) -> None:
        heading = f"<b>重设密码</b>　{user.display_name}（{user.name}）"
        super().__init__("重设密码", heading, "确定", "取消", parent)
        self.setObjectName("resetPasswordDialog")
        self.accounts = accounts
        self.user = user
        self.passwordEdit = self.line("新密码", "passwordEdit", password=True)
        self.confirmEdit = self.line("确认新密码", "confirmEdit", password=True)
        self.fields["密码"] = self.passwordEdit
        self.show_note(PASSWORD_RULES + "重设后账号即解除锁定；本人下次登录时须改为自己的密码。")

    def save(self) -> None:
        check_new_password(
            self.passwordEdit.text(), self.confirmEdit.text(), self.user.name, "新密码"
        )
        self.accounts.set_password(self.user.name, self.passwordEdit.text())


class AccountsDialog(QDialog):
    def __init__(self, accounts: AccountService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("accountsDialog")
        self.setWindowTitle("账号管理")
        self.accounts = accounts
        self.users: list[UserInfo] = []
        self.dialog: QDialog | None = None
        layout = QVBoxLayout(self)
        lines = [f"{role.value}：{text}" for role, text in ROLE_DESCRIPTIONS]
        lines.append("连续 5 次输错密码的账号会被锁定一段时间，重设密码即可解锁。")
        intro = QLabel("\n".join(lines), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(0, len(HEADERS), self)
        self.table.setObjectName("accountsTable")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        char = header.fontMetrics().horizontalAdvance("中")
        for column, width in enumerate(WIDTHS):
            header.resizeSection(column, width * char + 16)
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.addButton = self._button(row, "添加账号…", "addButton", self.add_user)
        self.resetButton = self._button(row, "重设密码…", "resetButton", self.reset_password)
        self.roleButton = self._button(row, "更改角色…", "roleButton", self.change_role)
        self.activeButton = self._button(row, "停用", "activeButton", self.toggle_active)
        row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        close.rejected.connect(self.reject)
        row.addWidget(close)
        layout.addLayout(row)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _index: self.change_role())
        self.resize(720, 420)
        self.refresh()

    def _button(self, row: QHBoxLayout, text: str, name: str, slot) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.clicked.connect(slot)
        row.addWidget(button)
        return button

    # ------------------------------------------------------------ the table

    def refresh(self, keep: str | None = None) -> None:
        keep = keep or self.selected_name()
        try:
            self.users = self.accounts.list_users()
        except YuyouError as exc:
            show_error(self, "无法列出账号", exc)
            self.users = []
        current = self.accounts.current
        self.table.setRowCount(len(self.users))
        for index, user in enumerate(self.users):
            me = current is not None and current.user_id == user.id
            texts = (
                user.name + ("（当前）" if me else ""),
                user.display_name,
                user.role.value,
                user.status + ("，须改密码" if user.must_change_password else ""),
                when(user.last_login_at),
            )
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setData(NAME_ROLE, user.name)
                if not user.active:
                    item.setForeground(Qt.GlobalColor.gray)
                elif column == 3 and user.status != "正常":
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.table.setItem(index, column, item)
        self.select(keep)
        self._update_buttons()

    def select(self, name: str | None) -> None:
        for index, user in enumerate(self.users):
            if user.name == name:
                self.table.selectRow(index)
                return
        self.table.clearSelection()

    def selected_name(self) -> str | None:
        items = self.table.selectedItems()
        return items[0].data(NAME_ROLE) if items else None

    def selected(self) -> UserInfo | None:
        name = self.selected_name()
        return next((u for u in self.users if u.name == name), None)

    def _update_buttons(self) -> None:
        user = self.selected()
        for button in (self.resetButton, self.roleButton, self.activeButton):
            button.setEnabled(user is not None)
        self.activeButton.setText("启用" if user is not None and not user.active else "停用")

    # ------------------------------------------------------------ changes

    def _open(self, dialog: FormDialog, keep) -> None:
        dialog.accepted.connect(lambda: self.refresh(keep()))
        self.dialog = dialog
        dialog.open()

    def add_user(self) -> AddUserDialog:
        dialog = AddUserDialog(self.accounts, self)
        self._open(dialog, lambda: dialog.added.name if dialog.added else None)
        return dialog

    def reset_password(self) -> ResetPasswordDialog | None:
        user = self.selected()
        if user is None:
            return None
        dialog = ResetPasswordDialog(self.accounts, user, self)
        self._open(dialog, lambda: user.name)
        return dialog

    def change_role(self) -> None:
        user = self.selected()
        if user is None:
            return
        roles = list(Role)
        labels = [role_choice(role) for role in roles]
        chosen, ok = QInputDialog.getItem(
            self,
            "更改角色",
            f"{user.display_name}（{user.name}）的角色：",
            labels,
            roles.index(user.role),
            False,
        )
        if not ok or roles[labels.index(chosen)] is user.role:
            return
        self._change(lambda: self.accounts.set_role(user.name, roles[labels.index(chosen)]))

    def toggle_active(self) -> None:
        user = self.selected()
        if user is None:
            return
        if user.active:
            answer = QMessageBox.question(
                self,
                "停用账号",
                f"停用账号“{user.name}”（{user.display_name}）？\n\n"
                "停用后不能再登录；以往的记录和审计日志都保留，需要时可以再启用。",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self._change(lambda: self.accounts.set_active(user.name, not user.active))

    def _change(self, call) -> None:
        name = self.selected_name()
        try:
            call()
        except YuyouError as exc:
            show_error(self, "账号管理", exc)
        self.refresh(name)
