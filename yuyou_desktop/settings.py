"""The settings a user can change, with defaults and validation (no storage here).

Values are kept as JSON in the ``settings`` table by ``services.settings.SettingsService``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
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


def _day_range(label: str) -> Callable[[Any], str]:
    def parse(raw: Any) -> str:
        text = str(raw).strip().replace("—", "-").replace("～", "-").replace("~", "-")
        try:
            first, last = (int(part) for part in text.split("-"))
        except ValueError:
            raise FieldError(label, f"应为“起日-止日”，例如 1-20，实际为“{text}”。") from None
        if not 1 <= first <= last <= 31:
            raise FieldError(label, f"应满足 1 ≤ 起日 ≤ 止日 ≤ 31，实际为 {first}-{last}。")
        return f"{first}-{last}"

    return parse


def _reasons(label: str) -> Callable[[Any], list[str]]:
    def parse(raw: Any) -> list[str]:
        items = raw if isinstance(raw, list) else str(raw).replace("，", "、").split("、")
        reasons = [str(item).strip() for item in items if str(item).strip()]
        if not reasons:
            raise FieldError(label, "至少要有一项，多项之间用“、”分隔。")
        if len(set(reasons)) != len(reasons):
            raise FieldError(label, "有重复的项。")
        return reasons

    return parse


def _prefix(label: str) -> Callable[[Any], str]:
    def parse(raw: Any) -> str:
        text = str(raw or "").strip()
        if text and not all("\u4e00" <= ch <= "\u9fff" for ch in text):
            raise FieldError(label, "只能由汉字组成（留空则用本单位机关代字加“检”）。")
        if len(text) > 10:
            raise FieldError(label, f"不应超过10个字，实际为{len(text)}个字。")
        return text

    return parse


def _font_file(label: str) -> Callable[[Any], str]:
    def parse(raw: Any) -> str:
        text = str(raw or "").strip()
        path = text.partition("#")[0]
        if text and not path.lower().endswith((".ttf", ".ttc")):
            raise FieldError(
                label, "应为 TrueType 字体文件（.ttf 或 .ttc）的路径；留空则自动选择。"
            )
        return text

    return parse


FONT_ROLES = {
    "fangsong": "仿宋",
    "xiaobiaosong": "小标宋",
    "heiti": "黑体",
    "kaiti": "楷体",
    "songti": "宋体",
}

QUIET_EXCEPTIONS = [
    "上级部署",
    "安全/环境/食品药品隐患",
    "投诉举报及案件查办",
    "法定期限检查",
    "税务风险",
    "其他",
]

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
    SettingDef(
        "inspections.number_prefix",
        "检查编号代字",
        "",
        _prefix("检查编号代字"),
        "检查编号的代字，如“右卫司检”；留空则用本单位机关代字加“检”。"
        "编号形如 右卫司检〔2026〕12号。",
    ),
    SettingDef(
        "inspections.quiet_window",
        "企业安静期（每月日期）",
        "1-20",
        _day_range("企业安静期（每月日期）"),
        "每月这些日子内对企业的现场检查须写明例外事由，默认每月1日至20日。",
    ),
    SettingDef(
        "inspections.quiet_exceptions",
        "安静期例外事由",
        QUIET_EXCEPTIONS,
        _reasons("安静期例外事由"),
        "安静期内入企检查可选的事由，多项用“、”分隔。",
    ),
    SettingDef(
        "inspections.yearly_cap",
        "每家企业年度检查上限",
        5,
        _int_range("每家企业年度检查上限", 1, 100),
        "同一企业一年内被检查超过此次数时提醒。",
    ),
    SettingDef(
        "inspections.due_soon_days",
        "整改到期提醒天数",
        7,
        _int_range("整改到期提醒天数", 1, 60),
        "待办中列出此天数内到期的整改和线索。",
    ),
    SettingDef(
        "reviews.discussion_threshold",
        "合议分差（分）",
        10,
        _int_range("合议分差（分）", 1, 100),
        "同一案卷两名评查人员的得分相差超过此分数时，须经合议后定稿。新建评查活动时记入活动。",
    ),
)
BACKUP_FOLDER = "backups.folder"
KEEP_DAILY = "backups.keep_daily"
KEEP_WEEKLY = "backups.keep_weekly"


def _folder(label: str) -> Callable[[Any], str]:
    def parse(raw: Any) -> str:
        text = str(raw or "").strip()
        if text and not Path(text).expanduser().is_absolute():
            raise FieldError(label, f"应为完整的文件夹路径（例如 E:\\备份），实际为“{text}”。")
        return str(Path(text).expanduser()) if text else ""

    return parse


DEFINITIONS += (
    SettingDef(
        BACKUP_FOLDER,
        "备份文件夹",
        "",
        _folder("备份文件夹"),
        "自动备份和“立即备份”存放的文件夹，例如 U 盘上的文件夹；留空则为数据文件夹中的 backups。"
        "该文件夹不存在或无法写入时，备份改存到数据文件夹中。",
    ),
    SettingDef(
        KEEP_DAILY,
        "保留每日备份（天）",
        7,
        _int_range("保留每日备份（天）", 1, 366),
        "自动备份保留最近这么多天（有备份的日子）中每天最新的一份。",
    ),
    SettingDef(
        KEEP_WEEKLY,
        "保留每周备份（周）",
        4,
        _int_range("保留每周备份（周）", 0, 520),
        "此外再保留更早的这么多周中每周最新的一份；手动备份和恢复前的备份不会自动删除。",
    ),
)
DEFINITIONS += tuple(
    SettingDef(
        f"letters.font.{role}",
        f"文书字体：{name}",
        "",
        _font_file(f"文书字体：{name}"),
        f"打印文书时“{name}”所用的字体文件；留空则依次在 Windows 和 Linux 系统字体中查找。",
    )
    for role, name in FONT_ROLES.items()
)
BY_KEY = {definition.key: definition for definition in DEFINITIONS}


def shown(value: Any) -> str:
    """A setting's value as a person types it (lists joined with “、”)."""
    return "、".join(str(v) for v in value) if isinstance(value, list) else str(value)


def definition(key: str) -> SettingDef:
    try:
        return BY_KEY[key]
    except KeyError:
        raise FieldError("设置项", f"没有名为“{key}”的设置。") from None
