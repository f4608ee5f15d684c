"""Who is acting on the database, and the rule that only some roles may change it.

The rule lives here, under every service: :meth:`Database.writer` asks :class:`Access` before
it opens a write transaction, so no service can change data for a 查阅 account however it is
called (GUI, CLI or a script).  Administrator-only work asks :meth:`Access.check_admin`.

A database with no accounts yet (a first start before the administrator is created, or a
database from before accounts existed) is worked on as 系统; once an account exists, nothing
changes data until someone signs in.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from yuyou_desktop.domain.accounts import Role
from yuyou_desktop.errors import NotSignedIn, PermissionDenied
from yuyou_desktop.storage.models_accounts import UserAccount

SYSTEM_NAME = "系统"


@dataclass(frozen=True)
class Actor:
    """The signed-in account."""

    user_id: int
    name: str
    display_name: str
    role: Role

    @property
    def label(self) -> str:
        return (
            f"{self.display_name}（{self.name}）" if self.display_name != self.name else self.name
        )


def accounts_exist(session: Session) -> bool:
    return bool(session.execute(select(exists().where(UserAccount.id.is_not(None)))).scalar())


class Access:
    """The account signed in to this program instance (one per window or CLI run)."""

    def __init__(self) -> None:
        self._actor: Actor | None = None

    @property
    def actor(self) -> Actor | None:
        return self._actor

    def sign_in(self, actor: Actor) -> None:
        self._actor = actor

    def sign_out(self) -> None:
        self._actor = None

    def audit_identity(self) -> tuple[str, str]:
        """(name, role) written into audit entries."""
        if self._actor is None:
            return SYSTEM_NAME, ""
        return self._actor.name, self._actor.role.value

    def check_write(self, session: Session) -> None:
        actor = self._actor
        if actor is None:
            if accounts_exist(session):
                raise NotSignedIn(
                    "需要先登录才能修改数据：请在程序中登录，命令行请加 --user 账号名。"
                )
            return
        if not actor.role.may_change_data:
            raise PermissionDenied(
                f"当前账号“{actor.name}”是{actor.role.value}账号，只能查看和打印，不能修改数据。"
            )

    def check_admin(self, session: Session) -> None:
        actor = self._actor
        if actor is None:
            if accounts_exist(session):
                raise NotSignedIn(
                    "这项操作需要管理员登录：请在程序中登录，命令行请加 --user 管理员账号名。"
                )
            return
        if not actor.role.may_administer:
            raise PermissionDenied(
                f"这项操作只有管理员可以进行；当前账号“{actor.name}”是{actor.role.value}。"
            )
