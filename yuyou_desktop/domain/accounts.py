"""Accounts and roles: who may do what, and the rules for names, passwords and lock-outs.

Three roles (see the issue on safe daily operation):

- 管理员 — everything, including accounts, settings, keys and restoring backups;
- 经办人 — enters and edits records, drafts and issues letters, exports packages;
- 查阅 — reads and prints only.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from datetime import timedelta

from yuyou_desktop.errors import FieldError


class Role(enum.StrEnum):
    ADMIN = "管理员"
    CLERK = "经办人"
    VIEWER = "查阅"

    @property
    def may_change_data(self) -> bool:
        return self is not Role.VIEWER

    @property
    def may_administer(self) -> bool:
        return self is Role.ADMIN


ROLE_DESCRIPTIONS = (
    (Role.ADMIN, "全部功能，包括账号、设置、密钥和恢复备份"),
    (Role.CLERK, "录入和修改记录、起草和签发文书、导出数据包"),
    (Role.VIEWER, "只能查看和打印"),
)

MAX_FAILED_LOGINS = 5
LOCK_DURATION = timedelta(minutes=15)
MIN_PASSWORD_LENGTH = 8
USER_NAME_PATTERN = re.compile(r"^[A-Za-z0-9_.\-\u4e00-\u9fff]{2,32}$")


def parse_role(text: str) -> Role:
    """A role from its Chinese name (or the English value used in scripts)."""
    aliases = {"admin": Role.ADMIN, "clerk": Role.CLERK, "viewer": Role.VIEWER}
    cleaned = (text or "").strip()
    for role in Role:
        if cleaned == role.value:
            return role
    if cleaned.lower() in aliases:
        return aliases[cleaned.lower()]
    choices = "、".join(r.value for r in Role)
    raise FieldError("角色", f"“{cleaned}”不是可用的角色（可选：{choices}）。")


def clean_user_name(text: str) -> str:
    """The account name as stored: trimmed, NFKC-normalised (full-width letters folded)."""
    name = unicodedata.normalize("NFKC", text or "").strip()
    if not name:
        raise FieldError("账号名", "不能为空。")
    if not USER_NAME_PATTERN.match(name):
        raise FieldError(
            "账号名",
            f"“{name}”不可用：请用 2 至 32 个汉字、字母、数字或 _ . -，不要有空格。",
        )
    return name


def check_password(password: str, user_name: str = "") -> None:
    """Refuse a password that is too weak to protect a shared office laptop."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise FieldError("密码", f"至少需要 {MIN_PASSWORD_LENGTH} 个字符。")
    if password != password.strip():
        raise FieldError("密码", "开头和结尾不能是空格。")
    if user_name and password.lower() == user_name.lower():
        raise FieldError("密码", "不能与账号名相同。")
    if len(set(password)) < 3:
        raise FieldError("密码", "过于简单（至少要有 3 个不同的字符）。")
