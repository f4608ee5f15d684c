"""``yuyou letters list|render|issue|types|specimen|fonts``: 文书 on the command line.

ID is the 编号 that ``yuyou letters list`` shows; TYPE is a type's code (notice, proposal …)
or its Chinese name.  ``render`` writes a draft freshly printed (marked 草稿, without a number)
and an issued letter exactly as archived when it was issued; ``specimen`` prints an example of
a type with an example number and stores nothing.  PDF files are written beside their final
name and renamed into place, so an interrupted write never leaves half a file.  An unknown
letter or type, an unwritable file and a refused issue exit with 3 (the reason on stderr) and
change nothing.  Font warnings (a font that cannot be embedded, a chosen font not usable) are
printed to stderr whenever a PDF is freshly made; they do not stop the command.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from yuyou_desktop.cli_support import command as _command
from yuyou_desktop.cli_support import emit as _emit
from yuyou_desktop.cli_support import positive as _positive
from yuyou_desktop.documents.letter_fonts import ROLE_LABELS, ROLES
from yuyou_desktop.domain.letters import LAYOUT_LABELS, OVERDUE_LABEL, STATUS_LABELS
from yuyou_desktop.errors import InputRejected
from yuyou_desktop.services.letters.content import parse_date
from yuyou_desktop.services.letters.pdf_file import pdf_target, save_pdf
from yuyou_desktop.services.letters.records import LetterQuery
from yuyou_desktop.services.registry.service import StaleRecord

if TYPE_CHECKING:
    from yuyou_desktop.domain.letters import LetterType
    from yuyou_desktop.services import Services
    from yuyou_desktop.services.letters.records import LetterRecord, LetterRow

PAGE = 500
STATUSES = {status.value: status.value for status in STATUS_LABELS}
STATUSES |= {label: status.value for status, label in STATUS_LABELS.items()}
STATUSES |= {"overdue": "overdue", OVERDUE_LABEL: "overdue", "逾期": "overdue"}
STATUS_HELP = "、".join(
    [
        *(f"{s.value}（{label}）" for s, label in STATUS_LABELS.items()),
        f"overdue（{OVERDUE_LABEL}）",
    ]
)


def add_commands(sub: Any) -> None:
    """Add ``letters`` to the ``yuyou`` sub-parsers."""
    p = sub.add_parser("letters", help="文书：列表、打印（PDF）、签发、种类、样张和字体")
    actions = p.add_subparsers(
        dest="letters_action", metavar="子命令", required=True, parser_class=type(p)
    )
    s = _command(actions, "list", "列出文书（最近修改的在前）")
    s.add_argument("--type", metavar="CODE", help="文书种类：代码或名称（见 letters types）")
    s.add_argument("--status", metavar="S", help=f"状态：{STATUS_HELP}")
    s.add_argument("--year", type=_positive, metavar="N", help="签发年度（草稿总是列出）")
    s.add_argument("--keyword", default="", metavar="K", help="在文号、标题、主送单位中查找")
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=cmd_list)
    s = _command(actions, "render", "把一份文书写成 PDF：草稿重新排版，已签发的文书输出存档原件")
    s.add_argument("letter", metavar="ID", help="文书编号（见 letters list）")
    s.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")
    s.set_defaults(handler=cmd_render)
    s = _command(actions, "issue", "签发一份草稿：编发文字号、生成并存档 PDF")
    s.add_argument("letter", metavar="ID", help="文书编号（见 letters list）")
    s.add_argument("--date", metavar="YYYY-MM-DD", help="签发日期（默认：今天；不能晚于今天）")
    s.set_defaults(handler=cmd_issue)
    s = _command(actions, "types", "列出文书种类：代字、版式、回复要求和内容项")
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=cmd_types)
    s = _command(actions, "specimen", "打印一种文书的样张（示例内容和示例文号，不保存）")
    s.add_argument("type_code", metavar="TYPE", help="文书种类：代码或名称（见 letters types）")
    s.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")
    s.add_argument("--date", metavar="YYYY-MM-DD", help="样张的成文日期（默认：今天）")
    s.set_defaults(handler=cmd_specimen)
    s = _command(actions, "fonts", "打印文书所用的字体（各用途的字体、来源、是否嵌入）")
    s.add_argument("--json", action="store_true")
    s.set_defaults(handler=cmd_fonts)


def _warn(args: argparse.Namespace, warnings: tuple[str, ...]) -> None:
    err = getattr(args, "err", None) or sys.stderr
    for warning in warnings:
        err.write(f"警告：{warning}\n")


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def letter_of(services: Services, letter_id: str) -> LetterRecord:
    """By its 编号 (the id ``letters list`` shows) or, for an issued letter, its 文号."""
    text = letter_id.strip()
    if "〔" in text or "[" in text:
        number = text.replace("[", "〔").replace("]", "〕")
        page = services.letters.list(LetterQuery(keyword=number, limit=50))
        found = [row for row in page.rows if row.number == number]
        if len(found) == 1:
            return services.letters.get(found[0].id)
        raise InputRejected(
            f"找不到文号为“{number}”的文书。文书的编号和文号可用 yuyou letters list 查看。"
        )
    try:
        return services.letters.get(text)
    except StaleRecord:
        raise InputRejected(
            f"找不到编号为“{letter_id}”的文书（可能已被删除）。"
            "文书的编号可用 yuyou letters list 查看；已签发的文书也可以用文号。"
        ) from None


def type_of(services: Services, text: str) -> LetterType:
    """A letter type from its code or Chinese name; anything else is refused (exit 3)."""
    wanted = text.strip()
    types = services.letters.types()
    for letter_type in types:
        if wanted.lower() == letter_type.code or wanted == letter_type.name:
            return letter_type
    named = [t for t in types if wanted and wanted in t.name]
    if len(named) == 1:  # a short name such as 整改通知书 or 移送函
        return named[0]
    choices = "、".join(f"{t.code}（{t.name}）" for t in services.letters.types())
    raise InputRejected(f"没有“{text}”这种文书。可选的文书种类：{choices}。")


def status_of(text: str) -> str:
    found = STATUSES.get(text.strip().lower(), STATUSES.get(text.strip()))
    if found is None:
        raise InputRejected(f"状态“{text}”不是可选的值（{STATUS_HELP}）。")
    return found


def _size(data: bytes) -> str:
    return f"{max(1, round(len(data) / 1024))} KB"


# ------------------------------------------------------------------ list


def _query(services: Services, args: argparse.Namespace, offset: int) -> LetterQuery:
    return LetterQuery(
        type_code=type_of(services, args.type).code if args.type else None,
        status=status_of(args.status) if args.status else None,
        year=args.year,
        keyword=args.keyword,
        offset=offset,
        limit=PAGE,
    )


def list_rows(services: Services, args: argparse.Namespace) -> list[LetterRow]:
    rows: list[LetterRow] = []
    while True:
        page = services.letters.list(_query(services, args, len(rows)))
        rows.extend(page.rows)
        if not page.rows or len(rows) >= page.total:
            return rows


def row_json(row: LetterRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "number": row.number,
        "type": row.type_code,
        "type_name": row.type_name,
        "title": row.title,
        "recipient": row.recipient,
        "status": row.status,
        "status_label": row.status_label,
        "issued_on": _iso(row.issued_on),
        "due_on": _iso(row.due_on),
        "overdue": row.overdue,
    }


def cmd_list(services: Services, args: argparse.Namespace, out: TextIO) -> int:
    rows = list_rows(services, args)
    if args.json:
        _emit(out, {"total": len(rows), "rows": [row_json(row) for row in rows]})
        return 0
    if not rows:
        out.write("没有符合条件的文书。\n")
        return 0
    out.write("编号\t文号\t种类\t标题\t主送\t状态\t签发日期\t回复期限\n")
    for row in rows:
        line = (
            row.id,
            row.number or "—",
            row.type_name,
            row.title,
            row.recipient or "—",
            row.status_label,
            _iso(row.issued_on) or "—",
            _iso(row.due_on) or "—",
        )
        out.write("\t".join(line) + "\n")
    overdue = sum(1 for row in rows if row.overdue)
    tail = f"，其中{OVERDUE_LABEL} {overdue} 份" if overdue else ""
    out.write(f"共 {len(rows)} 份文书{tail}。\n")
    return 0


# ------------------------------------------------------------------ render, issue


def cmd_render(services: Services, args: argparse.Namespace, out: TextIO) -> int:
    record = letter_of(services, args.letter)
    path = pdf_target(args.out)
    data = services.letters.pdf(record.id)
    save_pdf(path, data)
    if record.pdf_sha256:
        out.write(
            f"已将{record.number}“{record.title}”的签发原件写入 {path}（{_size(data)}）\n"
            f"SHA-256：{hashlib.sha256(data).hexdigest()}\n"
        )
        if record.voided_on:
            _warn(
                args,
                (f"这份文书已于{record.voided_on}作废（{record.voided_reason}），文号不再有效。",),
            )
        return 0
    out.write(f"已将草稿“{record.title}”写入 {path}（{_size(data)}，标有“草稿”，未编号）\n")
    _warn(args, services.letters.font_warnings())
    return 0


def cmd_issue(services: Services, args: argparse.Namespace, out: TextIO) -> int:
    on = parse_date("签发日期（--date）", args.date) if args.date else None
    record = letter_of(services, args.letter)
    issued = services.letters.issue(record.id, record.version, on)
    kind = "" if issued.title == issued.type_name else issued.type_name
    out.write(f"已签发：{issued.number}　{kind}“{issued.title}”\n")
    out.write(f"签发日期：{_iso(issued.issued_on)}\n")
    if issued.due_on:
        letter_type = services.letters.letter_type(issued.type_code)
        out.write(f"{letter_type.reply_label}期限：{_iso(issued.due_on)}\n")
    out.write(f"PDF：{issued.pdf_size} 字节，SHA-256：{issued.pdf_sha256}\n")
    _warn(args, services.letters.font_warnings())
    return 0


# ------------------------------------------------------------------ types, specimen, fonts


def follow_up_text(letter_type: LetterType) -> str:
    kind, reply = letter_type.follow_up, letter_type.reply_label
    if kind == "days":
        return f"送达之日起{letter_type.follow_up_days}日内{reply}"
    if kind == "date":
        return f"文书写明的期限前报送{reply}"
    if kind == "reply":
        return f"需{reply}，无期限"
    return "无需回复"


def type_json(letter_type: LetterType) -> dict[str, Any]:
    return {
        "code": letter_type.code,
        "name": letter_type.name,
        "suffix": letter_type.suffix,
        "layout": letter_type.layout,
        "layout_label": LAYOUT_LABELS[letter_type.layout],
        "recipient": letter_type.recipient,
        "sealed": letter_type.sealed,
        "follow_up": {
            "kind": letter_type.follow_up,
            "days": letter_type.follow_up_days or None,
            "reply": letter_type.reply_label if letter_type.expects_reply else None,
        },
        "fields": [
            {"key": f.key, "label": f.label, "kind": f.kind, "required": f.required}
            for f in letter_type.fields
        ],
    }


def cmd_types(services: Services, args: argparse.Namespace, out: TextIO) -> int:
    types = services.letters.types()
    if args.json:
        _emit(out, {"types": [type_json(t) for t in types]})
        return 0
    out.write("代码\t名称\t代字\t版式\t回复要求\t内容项（*为签发前必填）\n")
    for t in types:
        fields = "、".join(f.label + ("*" if f.required else "") for f in t.fields)
        line = (t.code, t.name, t.suffix, LAYOUT_LABELS[t.layout], follow_up_text(t), fields)
        out.write("\t".join(line) + "\n")
    out.write(f"共 {len(types)} 种文书。发文字号由机关代字、代字、〔年份〕和序号组成。\n")
    return 0


def cmd_specimen(services: Services, args: argparse.Namespace, out: TextIO) -> int:
    from yuyou_desktop.services.letters.specimen import render_specimen, specimen_number

    letter_type = type_of(services, args.type_code)
    path = pdf_target(args.out)
    on = parse_date("成文日期（--date）", args.date) if args.date else date.today()
    office = services.office.current()
    data = render_specimen(services.letters, office, letter_type.code, on)
    save_pdf(path, data)
    number = specimen_number(office, letter_type, on)
    out.write(
        f"已将{letter_type.name}样张写入 {path}（{_size(data)}，示例文号 {number}；"
        "样张不保存，不占用文号）\n"
    )
    _warn(args, services.letters.font_warnings())
    return 0


def cmd_fonts(services: Services, args: argparse.Namespace, out: TextIO) -> int:
    fonts = services.letter_fonts.current()
    choices = [fonts.choices[role] for role in ROLES]
    if args.json:
        rows = [
            {
                "role": c.role,
                "label": ROLE_LABELS[c.role],
                "family": c.family,
                "file": c.path,
                "subfont": c.subfont,
                "source": c.source,
                "embedded": c.embedded,
                "substitute": c.substitute,
                "problem": c.problem or None,
            }
            for c in choices
        ]
        _emit(out, {"fonts": rows, "warnings": list(fonts.warnings)})
        return 0
    out.write("用途\t字体\t来源\t文件\t嵌入PDF\n")
    for c in choices:
        line = (
            ROLE_LABELS[c.role],
            c.family,
            f"{c.source}（代用）" if c.substitute else c.source,
            c.path or "—",
            "是" if c.embedded else "否",
        )
        out.write("\t".join(line) + "\n")
    for warning in fonts.warnings:
        out.write(f"注意：{warning}\n")
    if not fonts.warnings:
        out.write("各用途的字体都可以嵌入 PDF。\n")
    if any(c.substitute for c in choices):
        out.write(
            "标“代用”的用途没有找到它自己的字体（如仿宋、方正小标宋），以相近的字体代替；可用“字体”另选。\n"
        )
    return 0
