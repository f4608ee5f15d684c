"""居民身份证号码 (GB 11643-1999): 17 digits and a check character (0-9 or X)."""

from __future__ import annotations

from datetime import date

from yuyou_desktop.errors import FieldError

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK = "10X98765432"
FIELD = "身份证号"
OLDEST_BIRTH_YEAR = 1900


def check_character(first17: str) -> str:
    return CHECK[sum(int(ch) * w for ch, w in zip(first17, WEIGHTS, strict=True)) % 11]


def birth_date(number: str) -> date:
    return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def validate_id_number(raw: str, today: date | None = None, field: str = FIELD) -> str:
    """Return the normalised number (upper-case X) or raise :class:`FieldError`."""
    number = (raw or "").strip().upper()
    if not number:
        raise FieldError(field, "不能为空。")
    if len(number) != 18:
        raise FieldError(field, f"应为18位，实际为{len(number)}位。")
    if not number[:17].isascii() or not number[:17].isdigit():
        raise FieldError(field, "前17位只能是数字。")
    if not (number[17].isdigit() or number[17] == "X"):
        raise FieldError(field, "第18位只能是数字或X。")
    try:
        born = birth_date(number)
    except ValueError:
        raise FieldError(field, f"出生日期“{number[6:14]}”不是有效日期。") from None
    today = today or date.today()
    if born.year < OLDEST_BIRTH_YEAR or born > today:
        raise FieldError(field, f"出生日期“{born.isoformat()}”不合理。")
    expected = check_character(number[:17])
    if number[17] != expected:
        raise FieldError(field, f"校验位错误：第18位应为“{expected}”，实际为“{number[17]}”。")
    return number
