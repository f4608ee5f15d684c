"""``yuyou inspections list|export|summary``, ``yuyou leads list`` and ``yuyou todo``: 检查记录,
the monthly summary, complaints and leads, and the 待办 list, on the command line.

A bad date, source or status is refused like any other input (exit 3, one line on stderr);
an unknown option is a usage error (exit 2).
"""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from yuyou_desktop.cli_support import positive as _positive
from yuyou_desktop.domain.enums import FocusArea, InspectionKind, LeadSource, LeadStatus
from yuyou_desktop.errors import FieldError
from yuyou_desktop.services.inspections.records import ProblemFilter
from yuyou_desktop.services.registry.fields import DATE, Field, parse

if TYPE_CHECKING:
    from yuyou_desktop.services import Services
    from yuyou_desktop.services.inspections.leads_query import LeadRow
    from yuyou_desktop.services.inspections.records import InspectionQuery, InspectionRow
    from yuyou_desktop.services.inspections.summary import MonthlySummary
    from yuyou_desktop.services.inspections.todo import LeadTodo, ProblemTodo
    from yuyou_desktop.services.letters.reading import LetterTodo

PAGE = 1000
DATE_FROM = Field("from", "起始日期（--from）", DATE)
DATE_TO = Field("to", "截止日期（--to）", DATE)


def add_commands(sub: Any) -> None:
    """Add ``inspections``, ``leads`` and ``todo`` to the ``yuyou`` sub-parsers."""
    p = sub.add_parser("inspections", help="检查记录")
    actions = p.add_subparsers(dest="inspections_action", required=True, parser_class=type(p))
    s = actions.add_parser("list", help="列出检查记录（按开始时间从新到旧）")
    _inspection_filters(s)
    s.add_argument("--limit", type=_positive, default=1000, metavar="N", help="最多列出N条")
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=cmd_inspections_list)
    s = actions.add_parser("export", help="把筛选出的检查记录导出为 Excel 工作簿（.xlsx）")
    _inspection_filters(s)
    s.add_argument("--out", required=True, type=Path, metavar="FILE.xlsx")
    s.set_defaults(handler=cmd_inspections_export)
    s = actions.add_parser(
        "summary", help="月度汇总：按类型、领域、单位统计检查和问题，以及线索收到和移送情况"
    )
    s.add_argument("--month", required=True, metavar="YYYY-MM", help="统计月份，例如 2026-05")
    s.add_argument("--out", type=Path, metavar="FILE.xlsx", help="写入 Excel 汇总表")
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=cmd_inspections_summary)

    p = sub.add_parser("leads", help="投诉举报和问题线索")
    actions = p.add_subparsers(dest="leads_action", required=True, parser_class=type(p))
    s = actions.add_parser("list", help="列出线索（按收到日期从新到旧）")
    s.add_argument("--from", dest="date_from", metavar="DATE", help="收到日期不早于")
    s.add_argument("--to", dest="date_to", metavar="DATE", help="收到日期不晚于")
    s.add_argument("--status", metavar="S", help="、".join(LeadStatus.labels()))
    s.add_argument("--source", metavar="S", help="、".join(LeadSource.labels()))
    s.add_argument("--search", default="", metavar="TEXT", help="在内容、承办人、办理结果中查找")
    s.add_argument("--limit", type=_positive, default=1000, metavar="N", help="最多列出N条")
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=cmd_leads_list)

    p = sub.add_parser("todo", help="待办：逾期和即将到期的整改问题与线索")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_todo)


def _inspection_filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("--from", dest="date_from", metavar="DATE", help="检查日期不早于")
    p.add_argument("--to", dest="date_to", metavar="DATE", help="检查日期不晚于")
    p.add_argument(
        "--status",
        metavar="S",
        help="整改情况：" + "、".join(ProblemFilter.labels()),
    )
    p.add_argument("--kind", metavar="K", help="检查类型：" + "、".join(InspectionKind.labels()))
    p.add_argument("--area", metavar="A", help="重点领域：" + "、".join(FocusArea.labels()))
    p.add_argument(
        "--search", default="", metavar="TEXT", help="在编号、地点、发现的问题、单位和企业中查找"
    )


def _inspection_query(args: argparse.Namespace, **paging: int) -> InspectionQuery:
    from yuyou_desktop.services.inspections.records import InspectionQuery

    start, end = date_range(args)
    return InspectionQuery(
        date_from=start,
        date_to=end,
        status=args.status,
        kind=args.kind,
        focus_area=args.area,
        search=args.search,
        **paging,
    )


def cmd_inspections_list(services: Services, args: argparse.Namespace, out: TextIO) -> int:
    rows: list[InspectionRow] = []
    total = 0
    while len(rows) < args.limit:
        query = _inspection_query(args, offset=len(rows), limit=min(PAGE, args.limit - len(rows)))
        page = services.inspections.list(query)
        total = page.total
        rows.extend(page.rows)
        if not page.rows:
            break
    if args.json:
        _emit(out, {"total": total, "rows": [_inspection_json(row) for row in rows]})
        return 0
    for row in rows:
        problems = f"问题 {row.problems}（未整改 {row.open_problems}，逾期 {row.overdue_problems}）"
        line = [
            row.number,
            f"{row.started_at:%Y-%m-%d %H:%M}",
            row.kind.label,
            row.focus_area.label,
            row.unit_name,
            row.enterprise_name or "—",
            problems if row.problems else "未发现问题",
        ]
        out.write("\t".join(line) + "\n")
    shown = f"，列出前 {len(rows)} 条" if total > len(rows) else ""
    out.write(f"共 {total} 条{shown}。\n")
    return 0


def _inspection_json(row: InspectionRow) -> dict[str, Any]:
    data = asdict(row)
    data["kind_label"] = row.kind.label
    data["focus_area_label"] = row.focus_area.label
    return data


def cmd_inspections_export(services: Services, args: argparse.Namespace, out: TextIO) -> int:
    from yuyou_desktop.services.inspections.list_export import export_list

    query = _inspection_query(args)
    count = export_list(services.database, services.office, args.out, query)
    out.write(f"已导出检查记录 {count} 条到 {args.out}\n")
    return 0


def cmd_inspections_summary(services: Services, args: argparse.Namespace, out: TextIO) -> int:
    from yuyou_desktop.services.inspections.summary import parse_month

    year, month = parse_month(args.month, "月份（--month）")
    if args.out is not None:
        found = services.inspection_summary.export(args.out, year, month)
        if not args.json:
            out.write(f"已将{found.month_label}检查记录汇总写入 {args.out}\n")
            return 0
    else:
        found = services.inspection_summary.summary(year, month)
    if args.json:
        _emit(out, {**asdict(found), "first_day": found.first_day, "last_day": found.last_day})
        return 0
    _summary_text(found, out)
    return 0


def _summary_text(found: MonthlySummary, out: TextIO) -> None:
    """The workbook's sections as tab-separated lines; 合计 rows add up the lines above."""
    from yuyou_desktop.services.inspections import summary_sheet

    out.write(summary_sheet.title(found) + "\n")
    out.write(summary_sheet.subtitle(found) + "\n")
    for section in summary_sheet.sections(found):
        out.write(f"\n{section.title}\n")
        for table in section.tables:
            if table.caption:
                out.write(table.caption + "\n")
            out.write("\t".join(table.header) + "\n")
            if not table.rows:
                out.write(table.empty_text + "\n")
            for row in table.rows:
                out.write("\t".join(str(x) for x in row) + "\n")
            if table.total:
                sums = [sum(row[i] for row in table.rows) for i in range(1, len(table.header))]
                out.write("\t".join(["合计", *(str(n) for n in sums)]) + "\n")
            if table.footnote:
                out.write(table.footnote + "\n")


def _emit(out: TextIO, data: Any) -> None:
    out.write(json.dumps(data, ensure_ascii=False, indent=2, default=_json_default) + "\n")


def _json_default(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else str(value)


def date_range(args: argparse.Namespace) -> tuple[date | None, date | None]:
    """``--from``/``--to`` as dates; a bad or reversed range is refused (exit 3)."""
    start = parse(DATE_FROM, args.date_from)
    end = parse(DATE_TO, args.date_to)
    if start is not None and end is not None and start > end:
        raise FieldError(DATE_TO.label, f"不能早于起始日期（{start.isoformat()}）。")
    return start, end


def cmd_leads_list(services: Services, args: argparse.Namespace, out: TextIO) -> int:
    from yuyou_desktop.services.inspections.leads_query import LeadQuery

    start, end = date_range(args)
    rows: list[LeadRow] = []
    total = 0
    while len(rows) < args.limit:
        query = LeadQuery(
            date_from=start,
            date_to=end,
            status=args.status,
            source=args.source,
            search=args.search,
            offset=len(rows),
            limit=min(PAGE, args.limit - len(rows)),
        )
        page = services.leads.list(query)
        total = page.total
        rows.extend(page.rows)
        if not page.rows:
            break
    if args.json:
        _emit(out, {"total": total, "rows": [asdict(row) for row in rows]})
        return 0
    for row in rows:
        out.write(_lead_line(row) + "\n")
    shown = f"，列出前 {len(rows)} 条" if total > len(rows) else ""
    out.write(f"共 {total} 条{shown}。\n")
    return 0


def _lead_line(row: LeadRow) -> str:
    deadline = f"期限 {row.deadline.isoformat()}" if row.deadline else "无期限"
    flag = "（逾期）" if row.overdue else ""
    moved = "、".join(f"{t.target_label}{t.status_label}" for t in row.transfers)
    parts = [
        row.received_on.isoformat(),
        row.source_label,
        row.status_label + flag,
        deadline,
        row.unit_name or "—",
        " ".join(row.content.split()),
    ]
    if moved:
        parts.append(f"移送：{moved}")
    return "\t".join(parts)


def cmd_todo(services: Services, args: argparse.Namespace, out: TextIO) -> int:
    todo = services.todo.todo()
    if args.json:
        _emit(
            out,
            {
                "today": todo.today,
                "due_soon_days": todo.due_soon_days,
                "counts": {
                    "overdue_problems": todo.overdue_problem_count,
                    "due_soon_problems": todo.due_soon_problem_count,
                    "overdue_leads": todo.overdue_lead_count,
                    "due_soon_leads": todo.due_soon_lead_count,
                    "overdue_letters": todo.overdue_letter_count,
                },
                "overdue_problems": [asdict(p) for p in todo.overdue_problems],
                "due_soon_problems": [asdict(p) for p in todo.due_soon_problems],
                "overdue_leads": [asdict(x) for x in todo.overdue_leads],
                "due_soon_leads": [asdict(x) for x in todo.due_soon_leads],
                "overdue_letters": [asdict(x) for x in todo.overdue_letters],
            },
        )
        return 0
    if todo.total == 0:
        out.write(
            f"没有逾期或{todo.due_soon_days}天内到期的整改问题和线索，也没有逾期未回复的文书。\n"
        )
        return 0
    soon = f"{todo.due_soon_days}天内到期"
    sections = (
        ("逾期未整改的问题", todo.overdue_problems, todo.overdue_problem_count, True),
        (f"{soon}的整改问题", todo.due_soon_problems, todo.due_soon_problem_count, False),
        ("逾期未办结的线索", todo.overdue_leads, todo.overdue_lead_count, True),
        (f"{soon}的线索", todo.due_soon_leads, todo.due_soon_lead_count, False),
        ("逾期未回复的文书", todo.overdue_letters, todo.overdue_letter_count, True),
    )
    for title, items, count, overdue in sections:
        if not count:
            continue
        out.write(f"【{title}】{count} 条\n")
        for item in items:
            out.write(_todo_line(item, overdue) + "\n")
        if count > len(items):
            out.write(f"……另有 {count - len(items)} 条未列出\n")
    return 0


def _todo_line(item: ProblemTodo | LeadTodo | LetterTodo, overdue: bool) -> str:
    from yuyou_desktop.services.inspections.todo import ProblemTodo
    from yuyou_desktop.services.letters.reading import LetterTodo

    if isinstance(item, LetterTodo):
        due = f"{item.due_on.isoformat()}（逾期 {item.days} 天）"
        return "\t".join([due, item.number, item.recipient, item.title, item.status_label])

    if overdue:
        when = f"逾期 {item.days} 天"
    else:
        when = "今天到期" if item.days == 0 else f"还有 {item.days} 天"
    head = f"{item.deadline.isoformat()}（{when}）"
    if isinstance(item, ProblemTodo):
        return "\t".join(
            [head, item.inspection_number, item.unit_name, item.category_label, item.description]
        )
    return "\t".join([head, f"{item.received_on.isoformat()}收到", item.source_label, item.excerpt])
