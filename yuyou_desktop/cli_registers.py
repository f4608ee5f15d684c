"""``yuyou export | import | template | list``: the registers of 单位登记 on the command line.

REGISTER is the register's short name (``units``, ``people``, ``contact-points`` …).  A refused
import exits with 3 and lists every problem on stderr, one line each:
``工作表 第N行 列名：原因``.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from yuyou_desktop.cli_support import emit as _emit
from yuyou_desktop.cli_support import positive as _positive
from yuyou_desktop.errors import InputRejected
from yuyou_desktop.services.registry.fields import display
from yuyou_desktop.services.registry.query import MAX_PAGE, ListQuery
from yuyou_desktop.services.registry.specs import NAMES, REGISTERS, register

if TYPE_CHECKING:
    from yuyou_desktop.services import Services
    from yuyou_desktop.services.registry.transfer import ImportReport

REGISTER_HELP = "登记簿：" + "，".join(f"{spec.name}={spec.title}" for spec in REGISTERS)


def add_commands(sub: Any) -> None:
    """Add the register commands to the ``yuyou`` sub-parsers."""
    p = sub.add_parser("export", help="把一个登记簿导出为 Excel 工作簿（.xlsx）")
    p.add_argument("register", choices=NAMES, metavar="REGISTER", help=REGISTER_HELP)
    p.add_argument("--out", required=True, type=Path, metavar="FILE.xlsx")
    p.add_argument("--search", default="", metavar="TEXT", help="只导出含有该关键字的记录")
    p.set_defaults(handler=cmd_export)

    p = sub.add_parser("import", help="从 Excel 工作簿导入（全部成功或一条不写）")
    p.add_argument("register", choices=NAMES, metavar="REGISTER", help=REGISTER_HELP)
    p.add_argument("file", type=Path, metavar="FILE.xlsx")
    p.add_argument("--dry-run", action="store_true", help="试导入：只显示将新增和更新的记录")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_import)

    p = sub.add_parser("template", help="生成一个登记簿的导入模板（含下拉选项和填写说明）")
    p.add_argument("register", choices=NAMES, metavar="REGISTER", help=REGISTER_HELP)
    p.add_argument("--out", required=True, type=Path, metavar="FILE.xlsx")
    p.set_defaults(handler=cmd_template)

    p = sub.add_parser("list", help="列出一个登记簿的记录")
    p.add_argument("register", choices=NAMES, metavar="REGISTER", help=REGISTER_HELP)
    p.add_argument("--search", default="", metavar="TEXT", help="关键字（名称、代码、号码）")
    p.add_argument("--limit", type=_positive, default=100, metavar="N", help="最多列出N条")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_list)


def cmd_export(services: Services, args: argparse.Namespace, out: TextIO) -> int:
    count = services.transfer.export(args.register, args.out, ListQuery(search=args.search))
    out.write(f"已导出“{register(args.register).title}”{count} 条到 {args.out}\n")
    return 0


def cmd_template(services: Services, args: argparse.Namespace, out: TextIO) -> int:
    path = services.transfer.template(args.register, args.out)
    out.write(f"已生成“{register(args.register).title}”导入模板：{path}\n")
    return 0


def _report_json(report: ImportReport) -> dict[str, Any]:
    return {
        "register": report.register,
        "file": str(report.source),
        "sheet": report.sheet,
        "dry_run": report.dry_run,
        "ok": report.ok,
        "written": report.written,
        "added": report.added,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "rows": [
            {"row": p.row, "action": p.action, "key": p.key, "changes": list(p.changes)}
            for p in report.preview
        ],
        "errors": [
            {"sheet": e.sheet, "row": e.row, "column": e.column, "reason": e.reason}
            for e in report.errors
        ],
    }


def cmd_import(services: Services, args: argparse.Namespace, out: TextIO) -> int:
    report = services.transfer.import_file(args.register, args.file, dry_run=args.dry_run)
    if args.json:
        _emit(out, _report_json(report))
    if not report.ok:  # exit 3: the summary, then one line per problem, on stderr
        lines = [report.summary(), *(str(problem) for problem in report.errors)]
        raise InputRejected("\n".join(lines))
    if not args.json:
        if report.dry_run:
            for row in report.preview:
                if row.action == "不变":
                    continue
                changes = f"（改动：{'、'.join(row.changes)}）" if row.changes else ""
                out.write(f"第{row.row}行 {row.action} {row.key}{changes}\n")
        out.write(report.summary() + "\n")
    return 0


def _json_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def cmd_list(services: Services, args: argparse.Namespace, out: TextIO) -> int:
    spec = register(args.register)
    rows = []
    total = 0
    while len(rows) < args.limit:
        query = ListQuery(
            search=args.search, offset=len(rows), limit=min(MAX_PAGE, args.limit - len(rows))
        )
        page = services.registry.list(spec.name, query)
        total = page.total
        rows.extend(page.rows)
        if not page.rows:
            break
    if args.json:
        _emit(
            out,
            {
                "register": spec.name,
                "title": spec.title,
                "total": total,
                "columns": [{"key": f.key, "label": f.label} for f in spec.fields],
                "rows": [
                    {
                        "id": row.id,
                        "version": row.version,
                        "values": {k: _json_value(v) for k, v in row.values.items()},
                        "display": {f.key: display(f, row.values.get(f.key)) for f in spec.fields},
                    }
                    for row in rows
                ],
            },
        )
        return 0
    out.write("\t".join(f.label for f in spec.fields) + "\n")
    for row in rows:
        out.write("\t".join(display(f, row.values.get(f.key)) for f in spec.fields) + "\n")
    shown = f"，列出前 {len(rows)} 条" if total > len(rows) else ""
    out.write(f"共 {total} 条{shown}。\n")
    return 0
