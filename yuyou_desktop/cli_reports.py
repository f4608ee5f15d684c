"""``yuyou report monthly|annual`` and ``yuyou stats``: the 月报 and 年度报告 files, and the
figures of any period, on the command line.

A bad month or year, a file name that is neither .xlsx nor .pdf, an unreadable ``--text`` file
or a bad period is refused (exit 3, one Chinese line on stderr) and nothing is written.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from yuyou_desktop.cli_support import command as _command
from yuyou_desktop.cli_support import emit as _emit
from yuyou_desktop.errors import FieldError, InputRejected

if TYPE_CHECKING:
    from yuyou_desktop.services import Services
    from yuyou_desktop.services.reports.annual import AnnualText

YEAR_LABEL = "年度（--year）"


def add_commands(sub: Any) -> None:
    """Add ``report`` and ``stats`` to the ``yuyou`` sub-parsers."""
    p = sub.add_parser("report", help="月报和年度报告（Excel 工作簿或 PDF）")
    actions = p.add_subparsers(
        dest="report_action", metavar="子命令", required=True, parser_class=type(p)
    )
    s = _command(actions, "monthly", "把一个月的行政执法监督工作月报写入 Excel 工作簿")
    s.add_argument("--month", required=True, metavar="YYYY-MM", help="月份，例如 2026-11")
    s.add_argument("--out", required=True, type=Path, metavar="FILE.xlsx")
    s.set_defaults(handler=cmd_monthly)
    s = _command(
        actions, "annual", "把一年的行政执法监督工作报告写入 Excel 工作簿或 PDF（公文格式）"
    )
    s.add_argument("--year", required=True, metavar="YYYY", help="年度，例如 2026")
    s.add_argument("--out", required=True, type=Path, metavar="FILE.xlsx|FILE.pdf")
    s.add_argument(
        "--text",
        type=Path,
        metavar="FILE",
        help="PDF 报告的文字部分：UTF-8 文本文件，分【主要做法和成效】【存在的问题】"
        "【下一步工作建议】三部分，没写的部分不出现在报告中",
    )
    s.set_defaults(handler=cmd_annual)

    p = _command(sub, "stats", "统计一段期间的检查、问题整改、线索、案卷评查和证件备案情况")
    p.add_argument("--from", dest="date_from", required=True, metavar="DATE", help="开始日期")
    p.add_argument("--to", dest="date_to", required=True, metavar="DATE", help="结束日期（含）")
    p.add_argument("--office", metavar="CODE", help="只统计这个单位（代码）登记的记录")
    p.add_argument("--unit", metavar="NAME", help="只统计这个执法单位")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_stats)


def parse_year(text: str) -> int:
    value = (text or "").strip().removesuffix("年")
    if not value.isdecimal() or len(value) != 4:  # isdigit() lets ¹²³⁴ through to int()
        raise FieldError(YEAR_LABEL, f"“{text}”不是有效的年度，应写成四位数字，例如 2026。")
    return int(value)


def read_text(path: Path) -> AnnualText:
    """The ``--text`` file: UTF-8, sections headed 【…】."""
    from yuyou_desktop.errors import os_reason
    from yuyou_desktop.services.reports.annual import parse_annual_text

    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputRejected(f"无法读取文件“{path}”：{os_reason(exc)}。") from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InputRejected(
            f"“{path.name}”不是 UTF-8 编码的文本文件，请用记事本“另存为”UTF-8 编码后再试。"
        ) from None
    try:
        return parse_annual_text(text)
    except InputRejected as exc:
        raise InputRejected(f"“{path.name}”{exc.message}") from exc


def cmd_monthly(services: Services, args: argparse.Namespace, out: TextIO) -> int:
    from yuyou_desktop.services.inspections.summary_records import parse_month

    year, month = parse_month(args.month, "月份（--month）")
    result = services.reports.monthly(args.out, year, month)
    out.write(f"已将{result.title}写入 {result.path}\n")
    return 0


def cmd_annual(services: Services, args: argparse.Namespace, out: TextIO) -> int:
    year = parse_year(args.year)
    sections = None
    if args.text is not None:
        if args.out.suffix.lower() != ".pdf":
            raise InputRejected(
                "--text 只用于 PDF 年度报告（--out 以 .pdf 结尾）；工作簿只有统计表。"
            )
        sections = read_text(args.text)
    result = services.reports.annual(args.out, year, sections=sections)
    for warning in result.warnings:
        args.err.write(f"提示：{warning}\n")
    out.write(f"已将{result.title}写入 {result.path}\n")
    return 0


def cmd_stats(services: Services, args: argparse.Namespace, out: TextIO) -> int:
    from yuyou_desktop.services.registry.fields import DATE, Field, parse
    from yuyou_desktop.services.reports.report_tables import dashboard_data, report_tables

    start = parse(Field("from", "开始日期（--from）", DATE, required=True), args.date_from)
    end = parse(Field("to", "结束日期（--to）", DATE, required=True), args.date_to)
    query = services.reports.stats_query(start, end, args.office, args.unit)
    d = services.stats.dashboard(query)
    if args.json:
        _emit(out, dashboard_data(d))
        return 0
    from yuyou_desktop.documents.stat_tables import row_texts
    from yuyou_desktop.services.reports.report_notes import period_text

    out.write(f"{d.office_name} 统计（{period_text(d)}；{d.scope_label}）\n")
    for table in report_tables(d, annual=len(d.by_month) > 1):
        out.write(f"\n{table.caption}\n")
        out.write("\t".join(table.header) + "\n")
        if not table.rows:
            out.write(table.empty_text + "\n")
        for row in (*table.rows, *((table.total,) if table.total else ())):
            out.write("\t".join(row_texts(table, row)) + "\n")
    return 0
