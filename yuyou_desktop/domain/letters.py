"""Rules of 文书 that do not depend on storage: the document types (read from the template
files in ``resources/letters``), 发文字号, dates written the GB/T 9704 way, the lifecycle and the
reply deadline.

A template file is JSON::

    {"code": "proposal", "name": "行政执法监督建议书", "suffix": "建", "layout": "letter",
     "recipient": "unit", "follow_up": {"kind": "days", "days": 15, "reply": "书面回复"},
     "fields": [{"key": "facts", "label": "发现的问题", "kind": "text", "required": true}, …],
     "body": ["经查，{facts}", "一、监督建议", "{recommendations}", …]}

``layout`` is ``letter`` (信函格式), ``official`` (文件格式) or ``form`` (a table: 送达回证,
监督检查记录).  ``follow_up.kind``: ``none`` (nothing expected), ``reply`` (a reply or receipt
is expected, no deadline), ``days`` (a reply within N days of service), ``date`` (by the date
written in the letter's ``deadline`` field).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from pathlib import Path

from yuyou_desktop.errors import InputRejected

LAYOUTS = ("letter", "official", "form")
LAYOUT_LABELS = {"letter": "信函格式", "official": "文件格式", "form": "表格"}
FOLLOW_UP_KINDS = ("none", "reply", "days", "date")
FIELD_KINDS = ("text", "line", "date")
RECIPIENT_KINDS = ("unit", "organ", "none")
_KEY = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
_PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")
# Values every letter has besides its template's fields.
COMMON_KEYS = frozenset({"unit", "recipient", "office", "deadline_text", "number", "date"})


class LetterStatus(StrEnum):
    DRAFT = "draft"
    ISSUED = "issued"
    SERVED = "served"
    REPLIED = "replied"
    CLOSED = "closed"
    VOIDED = "voided"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS = {
    LetterStatus.DRAFT: "草稿",
    LetterStatus.ISSUED: "已签发",
    LetterStatus.SERVED: "已送达",
    LetterStatus.REPLIED: "已回复",
    LetterStatus.CLOSED: "已办结",
    LetterStatus.VOIDED: "已作废",
}
OVERDUE_LABEL = "逾期未回复"


@dataclass(frozen=True)
class TemplateField:
    key: str
    label: str
    kind: str  # text (paragraphs), line (one line), date
    required: bool
    hint: str


@dataclass(frozen=True)
class LetterType:
    code: str
    name: str
    suffix: str  # added to the office's 机关代字: 右司监 + 通
    layout: str
    recipient: str  # unit, organ (free text such as 县纪委监委), none
    follow_up: str
    follow_up_days: int
    reply_label: str
    fields: tuple[TemplateField, ...]
    body: tuple[str, ...]
    sealed: bool

    @property
    def needs_deadline(self) -> bool:
        return self.follow_up == "date"

    @property
    def expects_reply(self) -> bool:
        return self.follow_up in ("reply", "days", "date")

    def field(self, key: str) -> TemplateField | None:
        return next((f for f in self.fields if f.key == key), None)


def _refuse(path: Path, reason: str) -> InputRejected:
    return InputRejected(f"文书模板“{path.name}”有误：{reason}")


def parse_letter_type(raw: object, path: Path) -> LetterType:
    """One template file's content, checked; any mistake names the file and the reason."""
    if not isinstance(raw, dict):
        raise _refuse(path, "内容应为 JSON 对象。")

    def text(key: str, default: str | None = None) -> str:
        value = raw.get(key, default)
        if not isinstance(value, str) or not value.strip():
            raise _refuse(path, f"缺少“{key}”或它不是文字。")
        return value.strip()

    code, name, suffix = text("code"), text("name"), text("suffix")
    if not _KEY.match(code):
        raise _refuse(path, f"code“{code}”只能用小写字母、数字和下划线。")
    if not all("\u4e00" <= ch <= "\u9fff" for ch in suffix) or len(suffix) > 4:
        raise _refuse(path, f"suffix“{suffix}”应为 1 至 4 个汉字。")
    layout = text("layout")
    if layout not in LAYOUTS:
        raise _refuse(path, f"layout 应为 {'、'.join(LAYOUTS)} 之一。")
    recipient = text("recipient", "unit")
    if recipient not in RECIPIENT_KINDS:
        raise _refuse(path, f"recipient 应为 {'、'.join(RECIPIENT_KINDS)} 之一。")
    follow = raw.get("follow_up") or {"kind": "none"}
    kind = follow.get("kind") if isinstance(follow, dict) else None
    if kind not in FOLLOW_UP_KINDS:
        raise _refuse(path, f"follow_up.kind 应为 {'、'.join(FOLLOW_UP_KINDS)} 之一。")
    days = follow.get("days", 0)
    if kind == "days" and (not isinstance(days, int) or not 1 <= days <= 365):
        raise _refuse(path, "follow_up.days 应为 1 至 365 的整数。")
    fields = _parse_fields(raw.get("fields"), path)
    keys = {f.key for f in fields}
    if kind == "date" and "deadline" not in keys:
        raise _refuse(path, "期限由文书写明（kind 为 date）时，fields 中要有 deadline。")
    body = raw.get("body")
    if not isinstance(body, list) or not all(isinstance(p, str) for p in body) or not body:
        raise _refuse(path, "body 应为非空的段落列表。")
    for paragraph in body:
        for key in _PLACEHOLDER.findall(paragraph):
            if key not in keys and key not in COMMON_KEYS:
                raise _refuse(path, f"正文中的“{{{key}}}”既不是字段也不是通用项。")
    return LetterType(
        code=code,
        name=name,
        suffix=suffix,
        layout=layout,
        recipient=recipient,
        follow_up=kind,
        follow_up_days=days if kind == "days" else 0,
        reply_label=str(follow.get("reply", "回复")),
        fields=fields,
        body=tuple(body),
        sealed=bool(raw.get("sealed", True)),
    )


def _parse_fields(raw: object, path: Path) -> tuple[TemplateField, ...]:
    if not isinstance(raw, list):
        raise _refuse(path, "fields 应为列表。")
    fields: list[TemplateField] = []
    for item in raw:
        if not isinstance(item, dict):
            raise _refuse(path, "fields 的每一项应为对象。")
        key, label = item.get("key"), item.get("label")
        if not isinstance(key, str) or not _KEY.match(key) or key in COMMON_KEYS:
            raise _refuse(path, f"字段名“{key}”不可用。")
        if not isinstance(label, str) or not label.strip():
            raise _refuse(path, f"字段“{key}”缺少 label。")
        kind = item.get("kind", "text")
        if kind not in FIELD_KINDS:
            raise _refuse(path, f"字段“{key}”的 kind 应为 {'、'.join(FIELD_KINDS)} 之一。")
        if any(f.key == key for f in fields):
            raise _refuse(path, f"字段“{key}”重复。")
        fields.append(
            TemplateField(
                key, label.strip(), kind, bool(item.get("required")), item.get("hint", "")
            )
        )
    return tuple(fields)


def load_letter_types(folder: Path) -> tuple[LetterType, ...]:
    """Every ``*.json`` template in ``folder``, in file-name order (the files are numbered)."""
    types: list[LetterType] = []
    for path in sorted(folder.glob("*.json")):
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            where = f"第{exc.lineno}行" if isinstance(exc, json.JSONDecodeError) else ""
            raise _refuse(path, f"无法读取，不是有效的 UTF-8 JSON 文件{where}。") from exc
        letter_type = parse_letter_type(raw, path)
        if any(t.code == letter_type.code for t in types):
            raise _refuse(path, f"code“{letter_type.code}”与另一个模板重复。")
        if any(t.suffix == letter_type.suffix for t in types):
            raise _refuse(path, f"代字 suffix“{letter_type.suffix}”与另一个模板重复，文号会相同。")
        types.append(letter_type)
    if not types:
        raise InputRejected(f"文件夹“{folder}”中没有文书模板。")
    return tuple(types)


def format_letter_number(prefix: str, year: int, serial: int) -> str:
    """发文字号: 机关代字 + 〔year〕 + serial + 号 — no 第, no leading zeros."""
    return f"{prefix}〔{year}〕{serial}号"


def written_date(day: date) -> str:
    """成文日期 in Arabic numerals without leading zeros: 2026年11月2日."""
    return f"{day.year}年{day.month}月{day.day}日"


def reply_deadline(letter_type: LetterType, deadline: date | None, served_on: date | None):
    """When a reply is due: the date written in the letter, N days after service, or None
    (nothing due, or the letter is not served yet for a days-after-service type)."""
    if letter_type.follow_up == "date":
        return deadline
    if letter_type.follow_up == "days" and served_on is not None:
        return served_on + timedelta(days=letter_type.follow_up_days)
    return None


def is_overdue(status: LetterStatus, due: date | None, today: date) -> bool:
    """Issued or served, a reply expected, and the due day has passed."""
    return status in (LetterStatus.ISSUED, LetterStatus.SERVED) and due is not None and today > due


def fill(template: str, values: dict[str, str]) -> str:
    """``{key}`` replaced by its value ('' when missing); other braces are left alone."""
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), ""), template)


def body_paragraphs(letter_type: LetterType, values: dict[str, str]) -> tuple[str, ...]:
    """The body: each template paragraph filled in; a multi-line value becomes several
    paragraphs; paragraphs left empty (an optional field not filled) are dropped."""
    out: list[str] = []
    for template in letter_type.body:
        for line in fill(template, values).split("\n"):
            if line.strip():
                out.append(line.strip())
    return tuple(out)
