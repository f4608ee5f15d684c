"""Accounts: the first administrator, adding users, passwords, disabling, signing in.

Passwords are stored as salted scrypt hashes (``cryptography``).  Five wrong passwords in a
row lock the account for :data:`LOCK_DURATION`; the administrator can unlock it by setting a
new password.  Every sign-in, failed sign-in and account change is in the audit log.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from cryptography.exceptions import InvalidKey
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from yuyou_desktop.domain.accounts import (
    LOCK_DURATION,
    MAX_FAILED_LOGINS,
    Role,
    check_password,
    clean_user_name,
)
from yuyou_desktop.errors import FieldError, InputRejected, PermissionDenied
from yuyou_desktop.storage import audit
from yuyou_desktop.storage.access import Actor, accounts_exist
from yuyou_desktop.storage.database import Database
from yuyou_desktop.storage.models_accounts import UserAccount
from yuyou_desktop.storage.types import utcnow

SCRYPT_LOG2_N = 14
SCRYPT_R = 8
SCRYPT_P = 1


class LoginRefused(PermissionDenied):
    """Wrong name or password, a disabled or a locked account."""


def hash_password(password: str) -> str:
    salt = os.urandom(16)
    kdf = Scrypt(salt=salt, length=32, n=2**SCRYPT_LOG2_N, r=SCRYPT_R, p=SCRYPT_P)
    key = kdf.derive(password.encode("utf-8"))
    parts = ("scrypt", str(SCRYPT_LOG2_N), str(SCRYPT_R), str(SCRYPT_P))
    b64 = (base64.b64encode(salt).decode(), base64.b64encode(key).decode())
    return "$".join((*parts, *b64))


def password_matches(password: str, stored: str) -> bool:
    try:
        scheme, log2_n, r, p, salt_b64, key_b64 = stored.split("$")
        if scheme != "scrypt":
            return False
        kdf = Scrypt(
            salt=base64.b64decode(salt_b64), length=32, n=2 ** int(log2_n), r=int(r), p=int(p)
        )
        kdf.verify(password.encode("utf-8"), base64.b64decode(key_b64))
    except (InvalidKey, ValueError):
        return False
    return True


@dataclass(frozen=True)
class UserInfo:
    id: int
    name: str
    display_name: str
    role: Role
    active: bool
    locked_until: datetime | None
    must_change_password: bool
    last_login_at: datetime | None
    created_at: datetime

    @property
    def status(self) -> str:
        if not self.active:
            return "已停用"
        if self.locked_until is not None and self.locked_until > utcnow():
            return f"已锁定至 {self.locked_until.astimezone():%H:%M}"
        return "正常"


def _info(row: UserAccount) -> UserInfo:
    return UserInfo(
        row.id, row.name, row.display_name, Role(row.role), row.active, row.locked_until,
        row.must_change_password, row.last_login_at, row.created_at,
    )  # fmt: skip


def _actor(row: UserAccount) -> Actor:
    return Actor(row.id, row.name, row.display_name, Role(row.role))


class AccountService:
    def __init__(self, db: Database, clock: Callable[[], datetime] = utcnow) -> None:
        self._db = db
        self._clock = clock
        self._decoy = ""  # made on first need (hashing takes a noticeable moment)

    # ------------------------------------------------------------ reading

    @property
    def current(self) -> Actor | None:
        return self._db.access.actor

    def has_accounts(self) -> bool:
        with self._db.reader() as session:
            return accounts_exist(session)

    def list_users(self) -> list[UserInfo]:
        with self._db.reader() as session:
            rows = session.scalars(select(UserAccount).order_by(UserAccount.id)).all()
            return [_info(r) for r in rows]

    # ------------------------------------------------------------ signing in

    def login(self, name: str, password: str) -> Actor:
        """Sign in; refused with a Chinese message (and an audit entry) when anything is wrong."""
        name = (name or "").strip()
        now = self._clock()
        with self._db.writer(system=True) as session:
            session.info[audit.INFO_IDENTITY] = (name, "")
            session.info[audit.INFO_QUIET] = True  # the entries below say what happened
            row = session.scalar(select(UserAccount).where(UserAccount.name == name))
            refusal = self._refusal(session, row, password, now)
            if refusal is None:
                assert row is not None
                row.failed_logins = 0
                row.locked_until = None
                row.last_login_at = now
                session.info[audit.INFO_IDENTITY] = (row.name, row.role)
                audit.append(session, "login", f"{row.display_name}登录")
                actor = _actor(row)
        if refusal is not None:
            raise LoginRefused(refusal)
        self._db.access.sign_in(actor)
        return actor

    def _refusal(
        self, session: Session, row: UserAccount | None, password: str, now: datetime
    ) -> str | None:
        if row is None:
            # as slow as for a real account, so that the time taken does not tell
            self._decoy = self._decoy or hash_password(os.urandom(12).hex())
            password_matches(password, self._decoy)
            audit.append(session, "login_failed", "登录失败：没有这个账号")
            return "账号或密码不正确。"
        if not row.active:
            audit.append(session, "login_failed", "登录失败：账号已停用")
            return f"账号“{row.name}”已停用，请与管理员联系。"
        if row.locked_until is not None and row.locked_until > now:
            audit.append(session, "login_failed", "登录失败：账号已锁定")
            until = row.locked_until.astimezone()
            return (
                f"账号“{row.name}”因连续 {MAX_FAILED_LOGINS} 次密码错误已被锁定，"
                f"请于 {until:%H:%M} 后再试，或请管理员重设密码。"
            )
        if password_matches(password, row.password_hash):
            return None
        row.failed_logins = (row.failed_logins or 0) + 1
        if row.failed_logins >= MAX_FAILED_LOGINS:
            row.failed_logins = 0
            row.locked_until = now + LOCK_DURATION
            audit.append(session, "login_failed", "登录失败：密码不正确，账号已锁定")
            minutes = int(LOCK_DURATION.total_seconds() // 60)
            return f"密码连续 {MAX_FAILED_LOGINS} 次不正确，账号“{row.name}”已锁定 {minutes} 分钟。"
        audit.append(session, "login_failed", "登录失败：密码不正确")
        left = MAX_FAILED_LOGINS - row.failed_logins
        return f"账号或密码不正确（再错 {left} 次账号将被锁定）。"

    def logout(self) -> None:
        actor = self._db.access.actor
        if actor is None:
            return
        self._db.record_event("logout", f"{actor.display_name}退出登录")
        self._db.access.sign_out()

    # ------------------------------------------------------------ managing accounts

    def create_first_admin(self, name: str, display_name: str, password: str) -> UserInfo:
        """The first start: the administrator, signed in at once."""
        name = clean_user_name(name)
        check_password(password, name)
        with self._db.writer("account") as session:
            if accounts_exist(session):
                raise InputRejected("已经有账号了，管理员应由现有管理员添加。")
            row = self._new_row(name, display_name, Role.ADMIN, password)
            session.add(row)
            session.flush()
            info = _info(row)
            actor = _actor(row)
        self._db.access.sign_in(actor)
        return info

    def add_user(self, name: str, display_name: str, role: Role, password: str) -> UserInfo:
        name = clean_user_name(name)
        check_password(password, name)
        with self._db.writer("account") as session:
            if not accounts_exist(session):
                if role is not Role.ADMIN:
                    raise InputRejected("第一个账号必须是管理员。")
            else:
                self._db.access.check_admin(session)
            taken = session.scalar(select(UserAccount.id).where(UserAccount.name == name))
            if taken is not None:
                raise FieldError("账号名", f"“{name}”已被使用。")
            row = self._new_row(name, display_name, role, password)
            session.add(row)
            session.flush()
            return _info(row)

    def _new_row(self, name: str, display_name: str, role: Role, password: str) -> UserAccount:
        now = self._clock()
        display = (display_name or "").strip() or name
        if len(display) > 40:
            raise FieldError("姓名", "不能超过 40 个字。")
        return UserAccount(
            name=name, display_name=display, role=role.value,
            password_hash=hash_password(password), active=True, failed_logins=0,
            locked_until=None, must_change_password=False, created_at=now,
            password_changed_at=now, last_login_at=None,
        )  # fmt: skip

    def _admin_edit(self, session: Session, name: str) -> UserAccount:
        self._db.access.check_admin(session)
        row = session.scalar(select(UserAccount).where(UserAccount.name == (name or "").strip()))
        if row is None:
            raise InputRejected(f"没有账号“{name}”。")
        return row

    def set_password(self, name: str, password: str) -> UserInfo:
        """The administrator sets a new password (and so unlocks the account); the user is
        asked to change it at the next sign-in unless it is the administrator's own."""
        with self._db.writer("account") as session:
            row = self._admin_edit(session, name)
            check_password(password, row.name)
            row.password_hash = hash_password(password)
            row.password_changed_at = self._clock()
            row.failed_logins = 0
            row.locked_until = None
            actor = self._db.access.actor
            row.must_change_password = actor is None or actor.user_id != row.id
            return _info(row)

    def change_own_password(self, old_password: str, new_password: str) -> None:
        actor = self._db.access.actor
        if actor is None:
            raise InputRejected("请先登录。")
        with self._db.writer("account", system=True) as session:
            row = session.get(UserAccount, actor.user_id)
            if row is None or not password_matches(old_password, row.password_hash):
                raise FieldError("原密码", "不正确。")
            check_password(new_password, row.name)
            if new_password == old_password:
                raise FieldError("新密码", "不能与原密码相同。")
            row.password_hash = hash_password(new_password)
            row.password_changed_at = self._clock()
            row.must_change_password = False

    def set_active(self, name: str, active: bool) -> UserInfo:
        with self._db.writer("account") as session:
            row = self._admin_edit(session, name)
            actor = self._db.access.actor
            if not active and actor is not None and actor.user_id == row.id:
                raise InputRejected("不能停用自己正在使用的账号。")
            if not active and row.role == Role.ADMIN.value:
                self._keep_an_admin(session, row.id)
            row.active = active
            return _info(row)

    def set_role(self, name: str, role: Role) -> UserInfo:
        with self._db.writer("account") as session:
            row = self._admin_edit(session, name)
            if row.role == Role.ADMIN.value and role is not Role.ADMIN:
                self._keep_an_admin(session, row.id)
            row.role = role.value
            return _info(row)

    @staticmethod
    def _keep_an_admin(session: Session, leaving_id: int) -> None:
        others = session.scalar(
            select(func.count())
            .select_from(UserAccount)
            .where(
                UserAccount.role == Role.ADMIN.value,
                UserAccount.active.is_(True),
                UserAccount.id != leaving_id,
            )
        )
        if not others:
            raise InputRejected("至少要保留一个在用的管理员账号。")
