"""The particulars of one letter as HTML for the side panel: number, status, dates of issue,
service, reply and closing, the reply deadline, the stored hash, the fonts used, corrections."""

from __future__ import annotations

from html import escape

from yuyou_desktop.services.letters.records import SOURCE_LABELS, LetterRecord


def _line(label: str, value: object) -> str:
    if value in (None, "", ()):
        return ""
    cell = "<td style='color:#555;padding-right:8px'>"
    return f"<tr>{cell}{label}</td><td>{escape(str(value))}</td></tr>"


def describe(record: LetterRecord) -> str:
    colour = "#b00020" if record.overdue else "#000"
    rows = [
        _line("文书种类", record.type_name),
        _line("文号", record.number or "（草稿，签发时编号）"),
        _line("主送", record.recipient),
        _line("受文单位", record.unit_name),
        _line("来源", SOURCE_LABELS.get(record.source_kind or "", "")),
        _line("更正", f"更正 {record.corrects_number}" if record.corrects_number else ""),
        _line("已被更正", "、".join(record.corrected_by)),
        _line("签发日期", record.issued_on),
        _line("书面期限", record.deadline),
        _line("回复期限", record.due_on if record.due_on != record.deadline else None),
        _line("送达", _served(record)),
        _line("回复", f"{record.replied_on} {record.reply_note}" if record.replied_on else ""),
        _line("办结", f"{record.closed_on} {record.close_note or ''}" if record.closed_on else ""),
        _line("作废", f"{record.voided_on} {record.voided_reason}" if record.voided_on else ""),
        _line("存档PDF", f"{record.pdf_size // 1024} KB" if record.pdf_size else ""),
    ]
    small = "<p style='color:#666;font-size:small'>"
    extra = f"{small}编号（命令行用）：<code>{record.id}</code></p>"
    if record.pdf_sha256:
        extra += f"{small}存档PDF的SHA-256：<br><code>{record.pdf_sha256}</code></p>"
    if record.fonts:
        extra += f"{small}签发时所用字体：<br>{'<br>'.join(escape(t) for t in record.fonts)}</p>"
    return (
        f"<h3>{escape(record.title)}</h3>"
        f"<p style='color:{colour};font-weight:bold'>{escape(record.status_label)}</p>"
        f"<table>{''.join(rows)}</table>{extra}"
    )


def _served(record: LetterRecord) -> str:
    if not record.served_on:
        return ""
    return f"{record.served_on} {record.served_method or ''} 签收人 {record.served_recipient or ''}"
