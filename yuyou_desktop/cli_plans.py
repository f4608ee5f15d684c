"""``yuyou plan list|show|create|add-item|done|print``: the 年度监督工作方案 on the command line.

A plan is named by its year (this office's plan of that year; ``show --office CODE`` reads
another office's plan at the county) and an item by its 序号 in the plan.  Dates are written
2026-03-01 or 2026年3月1日.  A refused input exits with 3, one Chinese line on stderr, and
changes nothing; the PDF is written beside its final name and renamed into place.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from yuyou_desktop.cli_support import command as _command
from yuyou_desktop.cli_support import emit as _emit
from yuyou_desktop.cli_support import positive as _positive
from yuyou_desktop.domain.enums import PlanItemStatus
from yuyou_desktop.errors import InputRejected
from yuyou_desktop.services.letters.pdf_file import pdf_target, save_pdf

if TYPE_CHECKING:
    from yuyou_desktop.services import Services
    from yuyou_desktop.services.plans.records import PlanItemRow, PlanRecord


def add_commands(sub: Any) -> None:
    """Add ``plan`` to the ``yuyou`` sub-parsers."""
    p = sub.add_parser("plan", help="年度监督工作方案：列表、查看、制定、添加事项、完成、打印")
    actions = p.add_subparsers(
        dest="plan_action", metavar="子命令", required=True, parser_class=type(p)
    )
    s = _command(actions, "list", "列出年度监督工作方案（新的年度在前；县司法局也列出各司法所的）")
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=cmd_list)
    s = _command(actions, "show", "查看一个年度的方案：各项工作、完成情况和完成率")
    _year(s)
    s.add_argument("--office", metavar="CODE", help="另一单位的代码（县司法局查看司法所的方案）")
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=cmd_show)
    s = _command(actions, "create", "制定一个年度的方案（每个年度一份）")
    _year(s)
    s.add_argument("--title", default="", help="方案名称（默认：本单位+年度+行政执法监督工作方案）")
    s.add_argument("--drawn-up", metavar="DATE", help="制定日期")
    s.add_argument("--filed", metavar="DATE", help="报送上级日期")
    s.add_argument("--remark", default="", help="备注")
    s.set_defaults(handler=cmd_create)
    s = _command(actions, "add-item", "在方案末尾添加一项工作")
    _year(s)
    s.add_argument("--content", required=True, help="工作内容")
    s.add_argument("--start", required=True, metavar="DATE", help="计划开始日期")
    s.add_argument("--end", required=True, metavar="DATE", help="计划结束日期")
    s.add_argument("--responsible", required=True, help="责任人或责任股室")
    s.add_argument(
        "--unit",
        action="append",
        default=[],
        metavar="NAME",
        help="监督对象（执法单位名称，可重复；不写即全部执法单位）",
    )
    s.set_defaults(handler=cmd_add_item)
    s = _command(actions, "done", "把一项工作标记为已完成")
    _year(s)
    s.add_argument("--item", required=True, type=_positive, metavar="N", help="序号")
    s.add_argument("--on", required=True, metavar="DATE", help="完成日期")
    s.add_argument("--note", help="进展情况")
    s.set_defaults(handler=cmd_done)
    s = _command(actions, "print", "把方案打印为 PDF（公文格式）")
    _year(s)
    s.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")
    s.set_defaults(handler=cmd_print)


def _year(p: argparse.ArgumentParser) -> None:
    p.add_argument("--year", required=True, type=_positive, metavar="YYYY", help="方案年度")


def plan_of(services: Services, year: int, office: str | None = None) -> PlanRecord:
    if office:
        found = [p for p in services.plans.list(office.strip()) if p.year == year]
        if not found:
            raise InputRejected(f"没有代码为“{office}”的单位的{year}年度监督工作方案。")
        return services.plans.get(found[0].id)
    record = services.plans.find(year)
    if record is None:
        raise InputRejected(
            f"本单位还没有{year}年度的监督工作方案，可用 yuyou plan create --year {year} 制定。"
        )
    return record


def item_of(record: PlanRecord, number: int) -> PlanItemRow:
    if not 1 <= number <= len(record.items):
        raise InputRejected(
            f"{record.year}年度的方案中没有第{number}项（共{len(record.items)}项）。"
        )
    return record.items[number - 1]


def _iso(day: Any) -> str | None:
    return day.isoformat() if day else None


# ------------------------------------------------------------------ commands


def cmd_list(services: Services, args: argparse.Namespace, out: TextIO) -> int:
    plans = services.plans.list()
    if args.json:
        _emit(
            out,
            [
                {
                    "year": p.year,
                    "title": p.title,
                    "office_code": p.origin_office,
                    "office_name": p.office_name,
                    "own": p.own,
                    "drawn_up_on": _iso(p.drawn_up_on),
                    "filed_on": _iso(p.filed_on),
                    "items": p.item_count,
                    "done": p.done_count,
                }
                for p in plans
            ],
        )
        return 0
    if not plans:
        out.write("还没有年度监督工作方案。\n")
        return 0
    for p in plans:
        source = "" if p.own else f"　来源：{p.office_name}"
        filed = f"，{p.filed_on.isoformat()}报送上级" if p.filed_on else "，未报送上级"
        out.write(
            f"{p.year}年　{p.title}　共{p.item_count}项，已完成{p.done_count}项{filed}{source}\n"
        )
    return 0


def _item_json(number: int, item: PlanItemRow) -> dict[str, Any]:
    return {
        "seq": number,
        "content": item.content,
        "units": list(item.unit_names),
        "planned_start": _iso(item.planned_start),
        "planned_end": _iso(item.planned_end),
        "responsible": item.responsible,
        "status": item.status,
        "status_label": item.status_label,
        "overdue": item.overdue,
        "completed_on": _iso(item.completed_on),
        "progress_note": item.progress_note,
    }


def cmd_show(services: Services, args: argparse.Namespace, out: TextIO) -> int:
    record = plan_of(services, args.year, args.office)
    progress = record.progress
    if args.json:
        _emit(
            out,
            {
                "year": record.year,
                "title": record.title,
                "office_code": record.origin_office,
                "office_name": record.office_name,
                "drawn_up_on": _iso(record.drawn_up_on),
                "filed_on": _iso(record.filed_on),
                "remark": record.remark,
                "items": [_item_json(n, i) for n, i in enumerate(record.items, start=1)],
                "progress": {
                    "total": progress.total,
                    "counts": {s.label: progress.count(s) for s in PlanItemStatus},
                    "overdue": progress.overdue,
                    "completion_rate": None if progress.rate is None else str(progress.rate),
                },
            },
        )
        return 0
    out.write(f"{record.title}（{record.office_name}）\n")
    drawn = _iso(record.drawn_up_on) or "未填写"
    filed = _iso(record.filed_on) or "未报送"
    out.write(f"制定日期：{drawn}　报送上级：{filed}\n")
    if record.remark:
        out.write(f"备注：{record.remark}\n")
    for n, item in enumerate(record.items, start=1):
        out.write(
            f"{n}. {item.content}\n"
            f"   监督对象：{item.units_text}　时间：{item.period}　责任人：{item.responsible}"
            f"　{item.completion_text}\n"
        )
        if item.progress_note:
            out.write(f"   进展：{item.progress_note}\n")
    out.write(progress.text + "\n")
    return 0


def cmd_create(services: Services, args: argparse.Namespace, out: TextIO) -> int:
    record = services.plans.create(
        args.year,
        {
            "title": args.title,
            "drawn_up_on": args.drawn_up,
            "filed_on": args.filed,
            "remark": args.remark,
        },
    )
    out.write(f"已制定：{record.title}\n")
    return 0


def cmd_add_item(services: Services, args: argparse.Namespace, out: TextIO) -> int:
    record = plan_of(services, args.year)
    unit_ids = services.plans.resolve_units(args.unit)
    item = services.plans.add_item(
        record.id,
        {
            "content": args.content,
            "planned_start": args.start,
            "planned_end": args.end,
            "responsible": args.responsible,
            "unit_ids": unit_ids,
        },
    )
    out.write(f"已添加第{item.seq}项：{item.content}（{item.period}，{item.units_text}）\n")
    return 0


def cmd_done(services: Services, args: argparse.Namespace, out: TextIO) -> int:
    record = plan_of(services, args.year)
    item = item_of(record, args.item)
    done = services.plans.set_status(
        item.id, PlanItemStatus.DONE.value, args.on, args.note, item.version
    )
    out.write(f"第{args.item}项已完成（{_iso(done.completed_on)}）：{done.content}\n")
    out.write(services.plans.year_progress(args.year).text + "\n")
    return 0


def cmd_print(services: Services, args: argparse.Namespace, out: TextIO) -> int:
    record = plan_of(services, args.year)
    path = pdf_target(args.out)
    fonts = services.letter_fonts.current()
    data = services.plans.pdf(record.id, fonts)
    save_pdf(path, data)
    out.write(f"已将“{record.title}”写入 {path}（{max(1, round(len(data) / 1024))} KB）\n")
    err = getattr(args, "err", None) or sys.stderr
    for warning in fonts.warnings:
        err.write(f"警告：{warning}\n")
    return 0
