"""The office an installation belongs to: role, 行政区划代码, name and 机关代字."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from yuyou_desktop.domain.enums import OfficeRole
from yuyou_desktop.errors import FieldError

# Two-digit province-level codes of GB/T 2260.
PROVINCE_CODES = frozenset(
    [
        "11",
        "12",
        "13",
        "14",
        "15",
        "21",
        "22",
        "23",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "37",
        "41",
        "42",
        "43",
        "44",
        "45",
        "46",
        "50",
        "51",
        "52",
        "53",
        "54",
        "61",
        "62",
        "63",
        "64",
        "65",
        "71",
        "81",
        "82",
    ]
)
CODE_LENGTH = {OfficeRole.COUNTY: 6, OfficeRole.TOWNSHIP: 9}
_CJK = re.compile(r"^[\u4e00-\u9fff]+$")
_NAME = re.compile(r"^[\u4e00-\u9fff0-9A-Za-z（）()·]+$")


@dataclass(frozen=True)
class OfficeProfile:
    role: OfficeRole
    code: str
    name: str
    prefix: str


@dataclass(frozen=True)
class OfficeInfo:
    """The office as stored in a database (what the window title and status bar show)."""

    code: str
    name: str
    role: OfficeRole
    prefix: str
    key_fingerprint: str
    db_epoch: str
    created_at: datetime

    @property
    def role_label(self) -> str:
        return self.role.label


def validate_role(raw: str) -> OfficeRole:
    text = (raw or "").strip()
    for role in OfficeRole:
        if text in (role.value, role.label):
            return role
    raise FieldError("单位类型", "应为“乡镇司法所”(township) 或“县司法局”(county)。")


def validate_office_code(raw: str, role: OfficeRole) -> str:
    code = (raw or "").strip()
    field = "行政区划代码"
    if not code:
        raise FieldError(field, "不能为空。")
    if not code.isascii() or not code.isdigit():
        raise FieldError(field, "只能由数字组成。")
    expected = CODE_LENGTH[role]
    if len(code) != expected:
        raise FieldError(
            field, f"{role.label}的行政区划代码应为{expected}位数字，实际为{len(code)}位。"
        )
    if code[:2] not in PROVINCE_CODES:
        raise FieldError(field, f"前两位“{code[:2]}”不是有效的省级代码。")
    return code


def validate_office_name(raw: str) -> str:
    name = (raw or "").strip()
    field = "单位名称"
    if not name:
        raise FieldError(field, "不能为空。")
    if not 2 <= len(name) <= 40:
        raise FieldError(field, f"长度应在2到40个字之间，实际为{len(name)}个字。")
    if not _NAME.match(name):
        raise FieldError(field, "只能包含汉字、数字、字母和括号，不能含空格或其他符号。")
    return name


def validate_prefix(raw: str) -> str:
    prefix = (raw or "").strip()
    field = "机关代字"
    if not prefix:
        raise FieldError(field, "不能为空（例如“右司监”）。")
    if not _CJK.match(prefix):
        raise FieldError(field, "只能由汉字组成，不含数字、括号或空格（例如“右司监”）。")
    if len(prefix) > 8:
        raise FieldError(field, f"不应超过8个字，实际为{len(prefix)}个字。")
    return prefix


def validate_office_profile(role: str, code: str, name: str, prefix: str) -> OfficeProfile:
    """Check every field, in form order, and return the normalised profile."""
    valid_role = validate_role(role)
    return OfficeProfile(
        role=valid_role,
        code=validate_office_code(code, valid_role),
        name=validate_office_name(name),
        prefix=validate_prefix(prefix),
    )
