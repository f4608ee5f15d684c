"""统一社会信用代码 (GB 32100-2015): 18 characters, the last a check character."""

from __future__ import annotations

from yuyou_desktop.errors import FieldError

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
FIELD = "统一社会信用代码"


def check_character(first17: str) -> str:
    """The check character for the first 17 characters (which must use the GB 32100 alphabet)."""
    total = sum(ALPHABET.index(ch) * w for ch, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def validate_credit_code(raw: str, field: str = FIELD) -> str:
    """Return the normalised (upper-case, trimmed) code or raise :class:`FieldError`."""
    code = (raw or "").strip().upper()
    if not code:
        raise FieldError(field, "不能为空。")
    if len(code) != 18:
        raise FieldError(field, f"应为18位，实际为{len(code)}位。")
    bad = sorted({ch for ch in code if ch not in ALPHABET})
    if bad:
        shown = "、".join(bad)
        raise FieldError(field, f"含有不允许的字符“{shown}”（不使用 I、O、Z、S、V）。")
    expected = check_character(code[:17])
    if code[17] != expected:
        raise FieldError(field, f"校验位错误：第18位应为“{expected}”，实际为“{code[17]}”。")
    return code
