"""``yuyou users …`` and ``yuyou audit …``, and signing in for ``--user``.

Passwords never appear on the command line (they would stay in the shell history): the
password of ``--user`` comes from the environment variable ``YUYOU_PASSWORD`` or is asked for
on the terminal; a new password from ``YUYOU_NEW_PASSWORD`` or is asked for twice.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from yuyou_desktop.cli_support import emit
from yuyou_desktop.domain.accounts import Role, parse_role
from yuyou_desktop.errors import InputRejected
from yuyou_desktop.storage.audit import ACTIONS

if TYPE_CHECKING:
    from yuyou_desktop.services import Services
    from yuyou_desktop.services.accounts import UserInfo
    from yuyou_desktop.services.audit import AuditFilter

ENV_PASSWORD = "YUYOU_PASSWORD"
ENV_NEW_PASSWORD = "YUYOU_NEW_PASSWORD"


def _ask(prompt: str) -> str:
    if not sys.stdin or not sys.stdin.isatty():
        raise InputRejected(
            f"需要输入密码，但当前不是交互终端：请设置环境变量 {ENV_PASSWORD}（或 "
            f"{ENV_NEW_PASSWORD}）。"
        )
    return getpass.getpass(prompt)


def sign_in(services: Services, user: str) -> None:
    """``--user NAME``: sign in before the command runs."""
    password = os.environ.get(ENV_PASSWORD)
    if password is None:
        password = _ask(f"账号 {user} 的密码：")
    actor = services.accounts.login(user, password)
    mine = next(u for u in services.accounts.list_users() if u.id == actor.user_id)
    if mine.must_change_password:
        new = os.environ.get(ENV_NEW_PASSWORD)
        if new is None:
            services.accounts.logout()
            raise InputRejected(
                f"管理员重设了账号“{actor.name}”的密码，须先修改密码：请在程序中登录修改，"
                f"或设置环境变量 {ENV_NEW_PASSWORD} 为新密码后再执行。"
            )
        services.accounts.change_own_password(password, new)


def _new_password() -> str:
    password = os.environ.get(ENV_NEW_PASSWORD)
    if password is not None:
        return password
    first = _ask("新密码：")
    if _ask("再输入一次新密码：") != first:
        raise InputRejected("两次输入的密码不一致，没有做任何修改。")
    return first


def _role(text: str) -> Role:
    return parse_role(text)


def add_commands(sub: Any) -> None:
    users = sub.add_parser("users", help="账号：添加、列出、重设密码、停用")
    commands = users.add_subparsers(dest="users_command", required=True)

    p = commands.add_parser("add", help="添加账号（第一个账号必须是管理员；之后需管理员 --user）")
    p.add_argument("name", metavar="NAME", help="账号名")
    p.add_argument("--role", required=True, help="管理员、经办人 或 查阅")
    p.add_argument("--display-name", default="", help="姓名（默认与账号名相同）")
    p.set_defaults(handler=cmd_users_add)

    p = commands.add_parser("list", help="列出账号")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_users_list)

    p = commands.add_parser("set-password", help="管理员为账号设置新密码（同时解除锁定）")
    p.add_argument("name", metavar="NAME")
    p.set_defaults(handler=cmd_users_set_password)

    p = commands.add_parser("disable", help="停用账号（记录保留，不能再登录）")
    p.add_argument("name", metavar="NAME")
    p.set_defaults(handler=cmd_users_active, active=False)

    p = commands.add_parser("enable", help="重新启用账号")
    p.add_argument("name", metavar="NAME")
    p.set_defaults(handler=cmd_users_active, active=True)

    p = commands.add_parser("set-role", help="更改账号的角色")
    p.add_argument("name", metavar="NAME")
    p.add_argument("--role", required=True, help="管理员、经办人 或 查阅")
    p.set_defaults(handler=cmd_users_set_role)

    audit = sub.add_parser("audit", help="审计日志：查看、导出（需管理员 --user）")
    commands = audit.add_subparsers(dest="audit_command", required=True)
    for name, handler, help_text in (
        ("list", cmd_audit_list, "列出审计记录（新的在前）"),
        ("export", cmd_audit_export, "导出审计记录到 .xlsx"),
    ):
        p = commands.add_parser(name, help=help_text)
        p.add_argument("--from", dest="date_from", type=date.fromisoformat, metavar="DATE")
        p.add_argument("--to", dest="date_to", type=date.fromisoformat, metavar="DATE")
        p.add_argument("--account", default="", metavar="NAME", help="只看这个账号")
        p.add_argument("--action", default="", choices=[a for a, _ in ACTIONS])
        p.add_argument("--search", default="", metavar="TEXT")
        if name == "list":
            p.add_argument("--limit", type=int, default=50, metavar="N")
            p.add_argument("--json", action="store_true")
        else:
            p.add_argument("--out", required=True, type=Path, metavar="FILE.xlsx")
        p.set_defaults(handler=handler)


def _user_json(u: UserInfo) -> dict[str, Any]:
    return {
        "name": u.name,
        "display_name": u.display_name,
        "role": u.role.value,
        "status": u.status,
        "active": u.active,
        "last_login_at": u.last_login_at.isoformat() if u.last_login_at else None,
    }


def cmd_users_add(services: Services, args: argparse.Namespace, out: TextIO) -> int:
    role = _role(args.role)
    info = services.accounts.add_user(args.name, args.display_name, role, _new_password())
    out.write(f"已添加账号 {info.name}（{info.display_name}，{info.role.value}）。\n")
    return 0


def cmd_users_list(services: Services, args: argparse.Namespace, out: TextIO) -> int:
    users = services.accounts.list_users()
    if args.json:
        emit(out, [_user_json(u) for u in users])
        return 0
    if not users:
        out.write("还没有账号。用 yuyou users add NAME --role 管理员 创建第一个管理员。\n")
    for u in users:
        last = f"{u.last_login_at.astimezone():%Y-%m-%d %H:%M}" if u.last_login_at else "从未登录"
        out.write(f"{u.name}\t{u.display_name}\t{u.role.value}\t{u.status}\t上次登录：{last}\n")
    return 0


def cmd_users_set_password(services: Services, args: argparse.Namespace, out: TextIO) -> int:
    info = services.accounts.set_password(args.name, _new_password())
    tail = "；该账号下次登录时须修改密码" if info.must_change_password else ""
    out.write(f"已为账号 {info.name} 设置新密码{tail}。\n")
    return 0


def cmd_users_active(services: Services, args: argparse.Namespace, out: TextIO) -> int:
    info = services.accounts.set_active(args.name, args.active)
    out.write(f"账号 {info.name} 已{'启用' if info.active else '停用'}。\n")
    return 0


def cmd_users_set_role(services: Services, args: argparse.Namespace, out: TextIO) -> int:
    info = services.accounts.set_role(args.name, _role(args.role))
    out.write(f"账号 {info.name} 的角色已改为{info.role.value}。\n")
    return 0


def _filter(args: argparse.Namespace) -> AuditFilter:
    from yuyou_desktop.services.audit import AuditFilter

    return AuditFilter(args.date_from, args.date_to, args.account, args.action, args.search)


def cmd_audit_list(services: Services, args: argparse.Namespace, out: TextIO) -> int:
    if args.limit < 1:
        raise InputRejected("--limit 必须是正整数。")
    page = services.audit.page(_filter(args), limit=args.limit)
    if args.json:
        emit(out, {
            "total": page.total,
            "entries": [
                {
                    "seq": r.seq, "at": r.at.isoformat(), "user": r.user_name,
                    "role": r.user_role, "action": r.action, "object": r.table_label,
                    "record_id": r.record_id, "summary": r.summary,
                    "changes": [[c.label, c.before, c.after] for c in r.changes],
                }
                for r in page.rows
            ],
        })  # fmt: skip
        return 0
    for r in page.rows:
        what = "，".join(x for x in (r.table_label, r.record_id, r.summary) if x)
        out.write(f"#{r.seq}\t{r.at:%Y-%m-%d %H:%M:%S}\t{r.user_name}\t{r.action_label}\t{what}\n")
        for c in r.changes:
            out.write(f"\t\t{c.label}：{c.before} → {c.after}\n")
    out.write(f"共 {page.total} 条，显示 {len(page.rows)} 条。\n")
    return 0


def cmd_audit_export(services: Services, args: argparse.Namespace, out: TextIO) -> int:
    count = services.audit.export(_filter(args), args.out)
    out.write(f"已导出 {count} 条审计记录到 {args.out}\n")
    return 0
