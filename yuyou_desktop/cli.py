"""``yuyou``: the command-line face of the services.

Exit codes: 0 success; 2 usage error; 3 input rejected (nothing changed); 1 unexpected failure;
4 (``sync import``, ``sync confirm-epoch``) a package waits, its data not in yet (cli_sync).
Commands that list or report take ``--json``.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import re
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from yuyou_desktop import __version__
from yuyou_desktop.cli_backups import add_commands as add_backup_commands
from yuyou_desktop.cli_inspections import add_commands as add_inspection_commands
from yuyou_desktop.cli_letters import add_commands as add_letter_commands
from yuyou_desktop.cli_plans import add_commands as add_plan_commands
from yuyou_desktop.cli_registers import add_commands as add_register_commands
from yuyou_desktop.cli_reports import add_commands as add_report_commands
from yuyou_desktop.cli_reviews import add_commands as add_review_commands
from yuyou_desktop.cli_settings import add_commands as add_settings_commands
from yuyou_desktop.cli_support import emit as _emit
from yuyou_desktop.cli_sync import add_commands as add_sync_commands
from yuyou_desktop.cli_users import add_commands as add_user_commands
from yuyou_desktop.cli_users import sign_in
from yuyou_desktop.errors import YuyouError
from yuyou_desktop.logs import where_logged
from yuyou_desktop.paths import DataPaths, resolve_data_dir

if TYPE_CHECKING:
    from yuyou_desktop.services import Services

ServicesFactory = Callable[[DataPaths], "Services"]


# argparse's own messages, in the words a Chinese user reads (the rest of its text is ours)
_USAGE_MESSAGES = (
    (re.compile(r"^argument (\S+): "), r"参数 \1："),
    (re.compile(r"invalid choice: '([^']*)' \(choose from (.*)\)"), r"无效的选择“\1”（可选：\2）"),
    (re.compile(r"^the following arguments are required: "), "缺少必需的参数："),
    (re.compile(r"^unrecognized arguments: "), "无法识别的参数："),
    (re.compile(r"expected one argument"), "需要一个值"),
    (re.compile(r"invalid (\w+) value: '([^']*)'"), r"无效的值“\2”"),
    (re.compile(r"^one of the arguments (.*) is required"), r"必须给出其中一个参数：\1"),
    (re.compile(r"not allowed with argument (\S+)"), r"不能与参数 \1 同时使用"),
)


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
        super().add_usage(usage, actions, groups, prefix="用法：" if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse with Chinese usage errors and help headings."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", help="显示帮助并退出")

    def error(self, message: str) -> None:  # usage errors: exit 2, message on stderr
        for pattern, replacement in _USAGE_MESSAGES:
            message = pattern.sub(replacement, message)
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: 用法错误：{message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="yuyou", description="行政执法协调监督工作台 命令行")
    parser.add_argument(
        "--version", action="version", version=f"yuyou {__version__}", help="显示版本号并退出"
    )
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="数据文件夹（默认：用户数据目录；也可用环境变量 YUYOU_DATA_DIR）",
    )
    parser.add_argument(
        "--user",
        metavar="NAME",
        help="以此账号登录后执行（修改数据的命令在已有账号时必须给出；密码取自环境变量 "
        "YUYOU_PASSWORD，否则在终端询问）",
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("init", help="初始化本单位（首次使用）")
    p.add_argument("--role", required=True, choices=["township", "county"])
    p.add_argument("--office-code", required=True, help="行政区划代码")
    p.add_argument("--office-name", required=True, help="单位名称")
    p.add_argument("--prefix", required=True, help="机关代字，例如 右司监")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_init)

    p = sub.add_parser("demo", help="载入演示数据（可重复执行，不会重复添加）")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_demo)

    p = sub.add_parser("check", help="检查数据库完整性和结构版本")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_check)

    add_backup_commands(sub)  # backup, restore, backups (cli_backups)
    add_register_commands(sub)
    add_settings_commands(sub)
    add_inspection_commands(sub)
    add_review_commands(sub)
    add_letter_commands(sub)
    add_sync_commands(sub)
    add_plan_commands(sub)
    add_report_commands(sub)
    add_user_commands(sub)
    return parser


def cmd_init(services: Services, args: argparse.Namespace, out: TextIO) -> int:
    info = services.office.initialize(args.role, args.office_code, args.office_name, args.prefix)
    if args.json:
        _emit(
            out,
            {
                "office_code": info.code,
                "office_name": info.name,
                "role": info.role.value,
                "prefix": info.prefix,
                "key_fingerprint": info.key_fingerprint,
                "database": str(services.database.path),
            },
        )
    else:
        out.write(f"已初始化：{info.name}（{info.role_label}，代码 {info.code}）\n")
        out.write(f"机关代字：{info.prefix}\n")
        out.write(f"数据库：{services.database.path}\n")
        out.write(f"签名密钥指纹：{info.key_fingerprint}\n")
    return 0


def cmd_demo(services: Services, args: argparse.Namespace, out: TextIO) -> int:
    services.database.open()
    result = services.demo.load()
    if args.json:
        _emit(out, {"added": result.added})
    elif result.total_added == 0:
        out.write("演示数据已存在，未添加任何记录。\n")
    else:
        parts = "，".join(f"{label} {n} 条" for label, n in result.added.items())
        out.write(f"已载入演示数据：{parts}。\n")
    return 0


def cmd_check(services: Services, args: argparse.Namespace, out: TextIO) -> int:
    report = services.maintenance.check()
    if args.json:
        _emit(
            out,
            {
                "ok": report.ok,
                "database": str(report.database),
                "integrity": report.integrity_errors or "ok",
                "schema_revision": report.schema_revision,
                "schema_head": report.schema_head,
                "office": {
                    "code": report.office.code,
                    "name": report.office.name,
                    "role": report.office.role.value,
                },
                "counts": {c.table: c.count for c in report.counts},
                "change_log_rows": report.change_log_rows,
                "audit": {
                    "ok": report.audit.ok,
                    "entries": report.audit.entries,
                    "first_broken": report.audit.first_broken,
                    "reason": report.audit.reason,
                },
            },
        )
    else:
        out.write(f"数据库：{report.database}\n")
        out.write(
            f"单位：{report.office.name}（{report.office.role_label}，{report.office.code}）\n"
        )
        integrity = "通过" if not report.integrity_errors else "；".join(report.integrity_errors)
        out.write(f"完整性检查：{integrity}\n")
        at_head = "（最新）" if report.schema_revision == report.schema_head else "（不是最新！）"
        out.write(f"结构版本：{report.schema_revision}{at_head}\n")
        for c in report.counts:
            out.write(f"{c.label}：{c.count} 条\n")
        out.write(f"变更日志：{report.change_log_rows} 条\n")
        if report.audit.ok:
            out.write(f"审计日志：{report.audit.entries} 条，哈希链校验通过\n")
        else:
            out.write(
                f"审计日志：校验未通过！第一处问题在第 {report.audit.first_broken} 条："
                f"{report.audit.reason}\n"
            )
    return 0 if report.ok else 1


def run(
    argv: list[str],
    factory: ServicesFactory,
    out: TextIO | None = None,
    err: TextIO | None = None,
    log_file: Path | None = None,
) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    services = None
    try:
        services = factory(resolve_data_dir(args.data_dir))
        args.err = err  # for warnings that do not stop a command (cli_letters: fonts)
        if args.user:
            sign_in(services, args.user)
        return args.handler(services, args, out)
    except YuyouError as exc:
        err.write(f"错误：{exc.message}\n")
        return exc.exit_code
    except KeyboardInterrupt:
        err.write("已中断。\n")
        return 1
    except BrokenPipeError:
        # The reader stopped early (``yuyou inspections list | head``): not an error of ours.
        # Point stdout at devnull so that Python's flush at exit does not complain again.
        if out is sys.stdout:
            with contextlib.suppress(OSError, ValueError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:
        return _unexpected(exc, args, err, log_file)
    finally:
        if services is not None:
            services.database.close()


def _unexpected(exc: Exception, args: argparse.Namespace, err: TextIO, log: Path | None) -> int:
    """Exit 1.  The traceback goes to the log file, which the message names (to stderr when
    there is no log file)."""
    folder = resolve_data_dir(args.data_dir).root
    logging.getLogger("yuyou_desktop.cli").error(
        "yuyou %s 意外失败（版本 %s，数据文件夹：%s）",
        args.command,
        __version__,
        folder,
        exc_info=exc,
    )
    err.write(f"意外错误：{exc}\n")
    if log is None:
        traceback.print_exception(exc, file=err)
    else:
        err.write(where_logged(log) + "\n")
    return 1
