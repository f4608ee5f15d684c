"""``yuyou keys show|export|renew|trust|revoke``: this office's public key and the keys of the
offices it exchanges packages with (added by ``cli_sync``).

A county enrols (trusts) the key file of each of its townships; a township enrols its county's.
``trust`` prints the fingerprint it stored: read it out over the phone and compare it with the
one the other office sees in ``yuyou keys show``.  A key file that does not fit (another code,
this office's own key, the wrong kind of office, a revoked key, a second key of an office that
has an active one, a second county, a township of another county, not a key file) is refused
with exit 3 and nothing is stored.  After ``revoke`` every package signed with that key is
refused; ``renew`` gives this office a new key pair, whose public key file the other office
then enrols (after revoking the old one).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from yuyou_desktop.cli_support import command as _command
from yuyou_desktop.cli_support import emit as _emit
from yuyou_desktop.domain.enums import OfficeRole

if TYPE_CHECKING:
    from yuyou_desktop.services import Services
    from yuyou_desktop.services.sync.keys import TrustedOffice


def add_commands(sub: Any) -> None:
    """Add ``keys`` to the ``yuyou`` sub-parsers."""
    p = sub.add_parser("keys", help="数据同步的密钥：本单位的公钥，登记或吊销其他单位的公钥")
    actions = p.add_subparsers(
        dest="keys_action", metavar="子命令", required=True, parser_class=type(p)
    )
    s = _command(actions, "show", "显示本单位的密钥指纹和已登记的单位")
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=cmd_show)
    s = _command(actions, "export", "把本单位的公钥写入文件，交给对方单位登记")
    s.add_argument("--out", required=True, type=Path, metavar="FILE", help="公钥文件名")
    s.set_defaults(handler=cmd_export)
    s = _command(actions, "renew", "为本单位生成新的密钥；之后须把新公钥文件交给对方单位登记")
    s.set_defaults(handler=cmd_renew)
    s = _command(
        actions, "trust", "登记另一单位的公钥文件（县司法局登记乡镇司法所，乡镇司法所登记县司法局）"
    )
    s.add_argument("file", type=Path, metavar="FILE", help="对方导出的公钥文件")
    s.add_argument("--office-code", required=True, metavar="CODE", help="对方的行政区划代码")
    s.add_argument("--office-name", required=True, metavar="NAME", help="对方的单位名称")
    s.set_defaults(handler=cmd_trust)
    s = _command(
        actions,
        "revoke",
        "吊销一个单位的公钥（电脑丢失、密钥泄露或该单位更换了密钥）：此后拒绝用它签名的数据包",
    )
    s.add_argument("--office-code", required=True, metavar="CODE", help="该单位的行政区划代码")
    s.add_argument(
        "--fingerprint", metavar="FP", help="只吊销这个指纹的公钥（不给出时吊销该单位全部公钥）"
    )
    s.set_defaults(handler=cmd_revoke)


def role_label(role: str) -> str:
    return OfficeRole(role).label


def office_names(services: Services) -> dict[str, str]:
    """Office code → name for this office and every office whose key was enrolled."""
    own = services.sync_keys.own()
    names = {t.office_code: t.office_name for t in services.sync_keys.trusted()}
    return {**names, own.office_code: own.office_name}


def trusted_json(office: TrustedOffice) -> dict[str, Any]:
    return {
        "office_code": office.office_code,
        "office_name": office.office_name,
        "role": office.role,
        "fingerprint": office.fingerprint,
        "enrolled_at": office.enrolled_at.astimezone().isoformat(timespec="seconds"),
        "revoked_at": (
            None
            if office.revoked_at is None
            else office.revoked_at.astimezone().isoformat(timespec="seconds")
        ),
        "active": office.active,
    }


def cmd_show(services: Services, args: argparse.Namespace, out: TextIO) -> int:
    own = services.sync_keys.own()
    trusted = services.sync_keys.trusted()
    if args.json:
        office = {"code": own.office_code, "name": own.office_name, "role": own.role}
        _emit(
            out,
            {
                "office": {**office, "fingerprint": own.fingerprint},
                "trusted": [trusted_json(t) for t in trusted],
            },
        )
        return 0
    out.write(f"本单位：{own.office_name}（{role_label(own.role)}，代码 {own.office_code}）\n")
    out.write(f"密钥指纹：{own.fingerprint}\n")
    if not trusted:
        out.write("还没有登记其他单位的公钥。\n")
        return 0
    out.write("已登记的单位：\n代码\t名称\t类型\t指纹\t登记时间\t状态\n")
    for t in trusted:
        state = "有效" if t.active else f"已于 {t.revoked_at.astimezone():%Y-%m-%d %H:%M} 吊销"
        line = (
            t.office_code,
            t.office_name,
            role_label(t.role),
            t.fingerprint,
            f"{t.enrolled_at.astimezone():%Y-%m-%d %H:%M}",
            state,
        )
        out.write("\t".join(line) + "\n")
    return 0


def cmd_export(services: Services, args: argparse.Namespace, out: TextIO) -> int:
    own = services.sync_keys.own()
    path = services.sync_keys.export_public(args.out)
    to = "县司法局" if own.role == OfficeRole.TOWNSHIP.value else "各乡镇司法所"
    out.write(f"已将本单位的公钥写入 {path}\n")
    out.write(f"密钥指纹：{own.fingerprint}\n")
    out.write(f"请把这个文件交给{to}登记，并通过电话与对方核对指纹。\n")
    return 0


def cmd_trust(services: Services, args: argparse.Namespace, out: TextIO) -> int:
    office = services.sync_keys.trust(args.office_code, args.office_name, args.file)
    out.write(
        f"已登记{office.office_name}（{role_label(office.role)}，代码 {office.office_code}）"
        "的公钥。\n"
    )
    out.write(f"指纹：{office.fingerprint}\n")
    out.write(
        "请通过电话与对方核对这个指纹（对方可用 yuyou keys show 查看）；如果不一致，请立即用 "
        f"yuyou keys revoke --office-code {office.office_code} --fingerprint {office.fingerprint}"
        " 吊销。\n"
    )
    return 0


def cmd_revoke(services: Services, args: argparse.Namespace, out: TextIO) -> int:
    code = args.office_code.strip()
    keys = services.sync_keys
    active = {t.fingerprint for t in keys.trusted() if t.office_code == code and t.active}
    count = keys.revoke(code, args.fingerprint)
    revoked = sorted(active - {t.fingerprint for t in keys.trusted() if t.active})
    name = office_names(services).get(code, code)
    out.write(f"已吊销{name}（代码 {code}）的 {count} 个公钥，指纹：\n")
    for fingerprint in revoked:
        out.write(f"  {fingerprint}\n")
    out.write("此后用它们签名的数据包都将被拒绝。\n")
    return 0


def cmd_renew(services: Services, args: argparse.Namespace, out: TextIO) -> int:
    keys = services.sync_keys
    old = keys.own()
    new = keys.renew()
    county = new.role == OfficeRole.COUNTY.value
    to = "各乡镇司法所" if county else "县司法局"
    out.write("已为本单位生成新的密钥，原来的私钥保存在数据目录的 keys 文件夹中。\n")
    out.write(f"原密钥指纹：{old.fingerprint}\n新密钥指纹：{new.fingerprint}\n")
    out.write("接下来：\n")
    out.write(f"1. 用 yuyou keys export --out FILE 导出新的公钥文件，交给{to}。\n")
    out.write(
        f"2. {to}先导入本单位用旧密钥制作、尚未导入的数据包，再用 yuyou keys revoke --office-code "
        f"{new.office_code} --fingerprint {old.fingerprint} 吊销旧公钥，然后登记新公钥文件，"
        "并通过电话与本单位核对新指纹。\n"
    )
    if county:
        out.write(
            "3. 在各乡镇登记新公钥之前，本单位下发的参考数据包会被乡镇拒绝；乡镇用旧公钥加密的"
            "数据包本单位仍能导入。\n"
        )
    else:
        out.write("3. 在县司法局登记新公钥之前，本单位导出的数据包会被县司法局拒绝。\n")
    return 0
