"""``yuyou backup``, ``yuyou restore`` and ``yuyou backups list``.

``backup`` without ``--out`` writes an archive (database + attachments, keys, waiting packages,
letter templates) into the backup folder (setting ``backups.folder``); ``--out FILE.zip`` writes
the archive there, ``--out FILE.db`` the database alone as earlier versions did.  ``--daily``
takes today's automatic backup unless one exists (for a scheduled task: the CLI takes no
automatic daily backup by itself).  ``restore`` accepts both kinds, verifies first and says
what date the restored data is from.
"""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from yuyou_desktop.cli_support import command as _command
from yuyou_desktop.cli_support import emit as _emit
from yuyou_desktop.errors import InputRejected

if TYPE_CHECKING:
    from yuyou_desktop.services import Services
    from yuyou_desktop.services.backups import BackupEntry, BackupOutcome


def add_commands(sub: Any) -> None:
    """Add ``backup``, ``restore`` and ``backups`` to the ``yuyou`` sub-parsers."""
    p = sub.add_parser("backup", help="备份（数据库和附件、密钥等文件夹）到备份文件夹或指定文件")
    p.add_argument(
        "--out",
        type=Path,
        metavar="FILE",
        help="备份文件（.zip：完整备份；.db：仅数据库）；不写则存入备份文件夹",
    )
    p.add_argument("--force", action="store_true", help="FILE 已存在时覆盖它")
    p.add_argument(
        "--daily",
        action="store_true",
        help="每日自动备份：今天已有自动备份时不再备份（供计划任务）",
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_backup)

    p = sub.add_parser("restore", help="从备份文件恢复（先校验，当前数据另存一份）")
    p.add_argument("file", type=Path, metavar="FILE", help="备份文件（.zip 或旧版本的 .db）")
    p.set_defaults(handler=cmd_restore)

    p = sub.add_parser("backups", help="查看备份：备份文件夹中的备份和自动备份")
    actions = p.add_subparsers(
        dest="backups_action", metavar="子命令", required=True, parser_class=type(p)
    )
    s = _command(actions, "list", "列出本单位的备份（新的在前）：时间、类型、大小、位置")
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=cmd_list)


def _when(value: datetime | None) -> str:
    return f"{value.astimezone():%Y-%m-%d %H:%M}" if value else "未知"


def _size(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 10 * 1024 * 1024 else f"{size / 1024:.0f} KB"


def cmd_backup(services: Services, args: argparse.Namespace, out: TextIO) -> int:
    if args.daily and args.out is not None:
        raise InputRejected("--daily 与 --out 不能同时使用：每日自动备份总是存入备份文件夹。")
    services.database.open()
    if args.daily:
        outcome = services.backups.automatic()
        if outcome is None:
            if args.json:
                _emit(out, {"taken": False})
            else:
                out.write("今天已有自动备份，没有再备份。\n")
            return 0
    else:
        outcome = services.backups.backup(args.out, overwrite=args.force)
    if args.json:
        _emit(out, _outcome_json(outcome))
        return 0
    out.write(f"已备份到 {outcome.path}（{_size(outcome.size_bytes)}）\n")
    if outcome.is_archive:
        out.write(
            f"包含数据库和数据文件夹中的 {outcome.files} 个文件"
            "（附件、密钥、待导入的数据包、文书模板）。\n"
        )
    else:
        out.write("仅包含数据库（附件、密钥等文件夹不在其中；完整备份请用 .zip 文件名）。\n")
    if outcome.fallback:
        out.write(f"注意：{outcome.fallback}\n")
    if outcome.removed:
        out.write(f"已按保留设置删除较早的自动备份 {len(outcome.removed)} 个。\n")
    return 0


def _outcome_json(outcome: BackupOutcome) -> dict[str, Any]:
    return {
        "taken": True,
        "path": str(outcome.path),
        "size_bytes": outcome.size_bytes,
        "kind": outcome.kind,
        "archive": outcome.is_archive,
        "files": outcome.files,
        "created_at": outcome.created_at.isoformat(),
        "fallback": outcome.fallback or None,
        "removed": [str(p) for p in outcome.removed],
    }


def cmd_restore(services: Services, args: argparse.Namespace, out: TextIO) -> int:
    result = services.maintenance.restore(args.file)
    out.write(f"已从 {result.restored_from} 恢复。\n")
    made = getattr(result, "backup_made_at", None)
    if made is not None:
        out.write(f"备份时间：{_when(made)}（恢复后的数据即此时的状态）\n")
    if result.data_as_of:
        out.write(f"恢复后的数据截至：{_when(result.data_as_of)}\n")
    files = getattr(result, "files_restored", None)
    if files is not None:
        out.write(f"同时恢复了附件、密钥、待导入的数据包和文书模板（{files} 个文件）。\n")
    for kept in getattr(result, "keys_kept", ()):
        out.write(f"备份之后更换过的密钥仍保留在：keys/{kept}\n")
    if result.previous_copy:
        out.write(f"原数据库已另存为：{result.previous_copy}\n")
    out.write("本机的数据同步已开始新的周期（对方导入本机的下一个数据包时会要求确认）。\n")
    return 0


def cmd_list(services: Services, args: argparse.Namespace, out: TextIO) -> int:
    services.database.open()
    policy = services.backups.policy()
    entries = services.backups.list()
    if args.json:
        _emit(
            out,
            {
                "folder": str(policy.folder),
                "folder_available": policy.folder.is_dir(),
                "keep_daily": policy.keep_daily,
                "keep_weekly": policy.keep_weekly,
                "backups": [_entry_json(e) for e in entries],
            },
        )
        return 0
    where = "" if policy.folder.is_dir() else "（现在无法访问，备份会改存到数据文件夹）"
    out.write(f"备份文件夹：{policy.folder}{where}\n")
    out.write(
        f"自动备份保留：最近 {policy.keep_daily} 天每天一份，"
        f"更早的 {policy.keep_weekly} 周每周一份。\n"
    )
    if not entries:
        out.write("还没有备份。\n")
    for e in entries:
        problem = f"\t无法读取：{e.problem}" if e.problem else ""
        out.write(
            f"{_when(e.created_at)}\t{e.kind_label}\t{_size(e.size_bytes)}\t{e.path}{problem}\n"
        )
    return 0


def _entry_json(e: BackupEntry) -> dict[str, Any]:
    return {
        "path": str(e.path),
        "folder": str(e.folder),
        "kind": e.kind,
        "kind_label": e.kind_label,
        "created_at": e.created_at.isoformat() if e.created_at else None,
        "data_as_of": e.data_as_of.isoformat() if e.data_as_of else None,
        "size_bytes": e.size_bytes,
        "archive": e.is_archive,
        "automatic": e.automatic,
        "problem": e.problem or None,
    }
