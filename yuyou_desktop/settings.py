"""The settings a user can change, with defaults and validation (no storage here).

Values are kept as JSON in the ``settings`` table by ``services.settings.SettingsService``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from yuyou_desktop.errors import FieldError


@dataclass(frozen=True)
class SettingDef:
    key: str
    label: str
    default: Any
    parse: Callable[[Any], Any]
    help: str


def _month_day(label: str) -> Callable[[Any], str]:
    def parse(raw: Any) -> str:
        text = str(raw).strip()
        try:
            month, day = (int(part) for part in text.split("-"))
        except ValueError:
            raise FieldError(label, f"应为“月-日”格式，例如 12-31，实际为“{text}”。") from None
        try:
            date(2023, month, day)  # a common year: 02-29 would not exist in most years
        except ValueError:
            raise FieldError(
                label, f"“{text}”不是每年都有的日期（月份1-12，日期要存在）。"
            ) from None
        return f"{month:02d}-{day:02d}"

    return parse


def _int_range(label: str, low: int, high: int) -> Callable[[Any], int]:
    def parse(raw: Any) -> int:
        try:
            value = int(str(raw).strip())
        except ValueError:
            raise FieldError(label, f"应为整数，实际为“{raw}”。") from None
        if not low <= value <= high:
            raise FieldError(label, f"应在 {low} 到 {high} 之间，实际为 {value}。")
        return value

    return parse


DEFINITIONS: tuple[SettingDef, ...] = (
    SettingDef(
        "registry.filing_deadline",
        "监督机构备案截止日期",
        "12-31",
        _month_day("监督机构备案截止日期"),
        "每年向县司法局备案内部监督机构的截止日期（月-日），默认12月31日。",
    ),
    SettingDef(
        "registry.certificate_expiring_days",
        "证件到期提醒天数",
        60,
        _int_range("证件到期提醒天数", 1, 365),
        "证件有效期在此天数内结束的，列为“即将到期”。",
    ),
)
BY_KEY = {definition.key: definition for definition in DEFINITIONS}


def definition(key: str) -> SettingDef:
    try:
        return BY_KEY[key]
    except KeyError:
        raise FieldError("设置项", f"没有名为“{key}”的设置。") from None
