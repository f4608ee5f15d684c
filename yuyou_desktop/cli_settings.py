"""``yuyou settings``: show and change the user settings (deadlines, reminder periods)."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any, TextIO

from yuyou_desktop.settings import BY_KEY, shown

if TYPE_CHECKING:
    from yuyou_desktop.services import Services


def add_commands(sub: Any) -> None:
    p = sub.add_parser("settings", help="查看或修改设置（如备案截止日期、证件到期提醒天数）")
    p.add_argument("--json", action="store_true")
    actions = p.add_subparsers(dest="settings_action")
    s = actions.add_parser("set", help="修改一项设置")
    s.add_argument("key", choices=sorted(BY_KEY), metavar="KEY", help="、".join(sorted(BY_KEY)))
    s.add_argument("value", metavar="VALUE")
    p.set_defaults(handler=cmd_settings)


def cmd_settings(services: Services, args: argparse.Namespace, out: TextIO) -> int:
    services.database.open()
    if args.settings_action == "set":
        value = services.settings.set(args.key, args.value)
        out.write(f"已修改：{BY_KEY[args.key].label} = {shown(value)}\n")
        return 0
    values = services.settings.all()
    if args.json:
        out.write(
            json.dumps(
                [
                    {"key": v.key, "label": v.label, "value": v.value, "default": v.is_default}
                    for v in values
                ],
                ensure_ascii=False,
                indent=2,
            )
            + "\n"
        )
        return 0
    for v in values:
        mark = "（默认）" if v.is_default else ""
        out.write(f"{v.key}\t{v.label}：{shown(v.value)}{mark}\n")
    return 0
