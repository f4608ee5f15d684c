"""Fields of the registers: how a value typed in a form or a spreadsheet cell becomes a stored
value, and how a stored value is shown.  Every rejection names the field (its Chinese label)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from yuyou_desktop.domain.credit_code import validate_credit_code
from yuyou_desktop.domain.enums import LabelledEnum
from yuyou_desktop.domain.id_number import validate_id_number
from yuyou_desktop.errors import FieldError

TEXT = "text"
INT = "int"
FLOAT = "float"
DATE = "date"
BOOL = "bool"
ENUM = "enum"
CREDIT_CODE = "credit_code"
ID_NUMBER = "id_number"
UNIT = "unit"  # a reference to an enforcement unit, shown and imported by its name
PERSON = "person"  # a reference to a person, shown and imported by 身份证号
DERIVED = "derived"  # computed for display (status, a referenced person's name); never typed

MIN_YEAR, MAX_YEAR = 1900, 2100
TRUE_WORDS = {"是", "有", "true", "yes", "y", "1", "√"}
FALSE_WORDS = {"否", "无", "false", "no", "n", "0", ""}


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    kind: str = TEXT
    required: bool = False
    max_len: int = 0
    enum: type[LabelledEnum] | None = None
    width: int = 14
    searchable: bool = False
    filterable: bool = False
    low: float | None = None
    high: float | None = None
    help: str = ""
    default: Any = None  # what a new record starts with in the form

    @property
    def editable(self) -> bool:
        return self.kind != DERIVED


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # spreadsheets hand over 12345.0 for a number typed as 12345
    return str(value).strip()


def parse(field: Field, value: Any) -> Any:
    """Turn user input (a str from a form, or a cell value) into the stored value.

    Returns None for an empty optional value.  Raises :class:`FieldError`.
    """
    if field.kind == DERIVED:
        raise FieldError(field.label, "由程序计算，不能填写。")
    if field.kind == DATE:
        return _parse_date(field, value)
    if field.kind == BOOL:
        return _parse_bool(field, value)
    text = _text(value)
    if not text:
        if field.required:
            raise FieldError(field.label, "不能为空。")
        return None
    if field.kind == CREDIT_CODE:
        return validate_credit_code(text, field.label)
    if field.kind == ID_NUMBER:
        return validate_id_number(text, field=field.label)
    if field.kind == ENUM:
        assert field.enum is not None
        for member in field.enum:
            if text in (member.label, member.value):
                return member.value
        choices = "、".join(field.enum.labels())
        raise FieldError(field.label, f"“{text}”不是可选值（可选：{choices}）。")
    if field.kind in (INT, FLOAT):
        return _parse_number(field, text)
    if field.max_len and len(text) > field.max_len:
        raise FieldError(field.label, f"不能超过{field.max_len}个字，实际为{len(text)}个字。")
    return text


def _parse_number(field: Field, text: str) -> int | float:
    try:
        value = float(text)
        if not math.isfinite(value) or (field.kind == INT and not value.is_integer()):
            raise ValueError(text)
        number: int | float = value if field.kind == FLOAT else int(value)
    except ValueError:
        kind = "整数" if field.kind == INT else "数字"
        raise FieldError(field.label, f"应为{kind}，实际为“{text}”。") from None
    if field.low is not None and number < field.low:
        raise FieldError(field.label, f"不能小于 {field.low:g}，实际为 {number:g}。")
    if field.high is not None and number > field.high:
        raise FieldError(field.label, f"不能大于 {field.high:g}，实际为 {number:g}。")
    return number


def _parse_date(field: Field, value: Any) -> date | None:
    if isinstance(value, datetime):
        return _plausible_year(field, value.date())
    if isinstance(value, date):
        return _plausible_year(field, value)
    text = _text(value)
    if not text:
        if field.required:
            raise FieldError(field.label, "不能为空。")
        return None
    normalised = text.replace("年", "-").replace("月", "-").replace("日", "")
    normalised = normalised.replace("/", "-").replace(".", "-")
    try:
        year, month, day = (int(part) for part in normalised.split("-"))
        parsed = date(year, month, day)
    except ValueError:
        raise FieldError(
            field.label, f"“{text}”不是有效日期（应为 2026-03-01 或 2026年3月1日）。"
        ) from None
    return _plausible_year(field, parsed)


def _plausible_year(field: Field, value: date) -> date:
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise FieldError(
            field.label,
            f"年份{value.year}不合理（应在{MIN_YEAR}到{MAX_YEAR}之间，年份请写全四位）。",
        )
    return value


def _parse_bool(field: Field, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = _text(value).lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise FieldError(field.label, f"应为“是”或“否”，实际为“{text}”。")


def display(field: Field, value: Any) -> str:
    """The text a person sees for a stored value."""
    if value is None:
        return ""
    if field.enum is not None:  # an ENUM, or a DERIVED status (certificate, filing)
        try:
            return field.enum(value).label
        except ValueError:
            return str(value)
    if field.kind == BOOL:
        return "是" if value else "否"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)  # never rounded
    return str(value)
