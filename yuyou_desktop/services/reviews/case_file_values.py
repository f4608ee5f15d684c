"""Checking the fields of a case file (案卷), typed in a form or read from a spreadsheet row.

Every refusal is a :class:`FieldError` naming the field in Chinese."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from yuyou_desktop.domain.scoring_file import CASE_TYPES
from yuyou_desktop.errors import FieldError

LABELS = {
    "unit": "执法单位",
    "case_number": "案号",
    "case_type": "案件类型",
    "title": "案件名称",
    "party": "当事人",
    "decided_on": "决定日期",
    "officers": "承办人员",
}
LIMITS = {"case_number": 60, "title": 200, "party": 120, "officers": 120}
CASE_TYPE_ALIASES = {"行政处罚": "行政处罚一般程序", "处罚": "行政处罚一般程序"}


@dataclass(frozen=True)
class CaseFileValues:
    unit_id: str
    case_number: str
    case_type: str
    title: str
    party: str
    decided_on: date | None
    officers: str


def _text(values: Mapping[str, Any], key: str, required: bool) -> str:
    raw = values.get(key)
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = "" if raw is None else " ".join(str(raw).split())
    if required and not text:
        raise FieldError(LABELS[key], "不能为空。")
    if len(text) > LIMITS.get(key, 200):
        raise FieldError(LABELS[key], f"最多{LIMITS.get(key, 200)}个字，现为{len(text)}个字。")
    return text


def parse_date(raw: Any, label: str, today: date) -> date | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, datetime):
        value = raw.date()
    elif isinstance(raw, date):
        value = raw
    else:
        text = str(raw).strip().replace("/", "-").replace(".", "-")
        for sep in ("年", "月"):
            text = text.replace(sep, "-")
        text = text.removesuffix("日")
        try:
            year, month, day = (int(part) for part in text.split("-"))
            value = date(year, month, day)
        except ValueError:
            raise FieldError(label, f"“{raw}”不是日期，应写成 2026-05-31 这样。") from None
    if value.year < 1990:
        raise FieldError(label, f"{value.isoformat()}太早了，请检查。")
    if value > today:
        raise FieldError(label, f"{value.isoformat()}晚于今天，请检查。")
    return value


def parse_case_file(
    values: Mapping[str, Any], units: Mapping[str, str], today: date
) -> CaseFileValues:
    """``units`` maps the ids of the campaign's units to their names; ``values["unit"]`` is a
    unit id or a unit name (as in a spreadsheet)."""
    unit = _text(values, "unit", required=True)
    if unit not in units:
        by_name = [uid for uid, name in units.items() if name == unit]
        if not by_name:
            raise FieldError(LABELS["unit"], f"“{unit}”不是本次评查活动范围内的单位。")
        if len(by_name) > 1:
            raise FieldError(
                LABELS["unit"], f"评查范围内有{len(by_name)}个单位都叫“{unit}”，无法确定是哪一个。"
            )
        unit = by_name[0]
    case_type = _text(values, "case_type", required=True)
    case_type = CASE_TYPE_ALIASES.get(case_type, case_type)
    if case_type not in CASE_TYPES:
        raise FieldError(
            LABELS["case_type"], f"“{case_type}”不是可选的值（{'、'.join(CASE_TYPES)}）。"
        )
    return CaseFileValues(
        unit_id=unit,
        case_number=_text(values, "case_number", required=True),
        case_type=case_type,
        title=_text(values, "title", required=True),
        party=_text(values, "party", required=False),
        decided_on=parse_date(values.get("decided_on"), LABELS["decided_on"], today),
        officers=_text(values, "officers", required=False),
    )
