"""Rules of 检查记录 that do not depend on storage: numbers, local time, the enterprise quiet
window, whether a certificate was valid on a day, and the derived rectification status."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

from yuyou_desktop.domain.enums import RectificationStatus

# Inspection times are Beijing time whatever the computer's clock zone says (China has no
# daylight saving time, so a fixed offset needs no time-zone database).  A naive datetime
# typed by a clerk is read as Beijing time; stored times are UTC.
BEIJING = timezone(timedelta(hours=8), "北京时间")


def local_datetime(value: datetime) -> datetime:
    """``value`` in Beijing time (a naive value is taken to be Beijing time already)."""
    if value.tzinfo is None:
        return value.replace(tzinfo=BEIJING)
    return value.astimezone(BEIJING)


def local_date(value: datetime) -> date:
    return local_datetime(value).date()


def day_start_utc(day: date) -> datetime:
    """The first moment of a Beijing calendar day, in UTC (for range conditions in SQL)."""
    return datetime.combine(day, time(), BEIJING).astimezone(UTC)


def format_number(prefix: str, year: int, serial: int) -> str:
    """GB/T 9704 style: 代字 + year in 六角括号 + serial without leading zeros + 号."""
    return f"{prefix}〔{year}〕{serial}号"


def number_prefix(setting: str, office_prefix: str) -> str:
    """The setting when set, else the office's 机关代字 followed by 检."""
    return setting.strip() or f"{office_prefix}检"


def quiet_window(setting: str) -> tuple[int, int]:
    first, last = (int(part) for part in setting.split("-"))
    return first, last


def in_quiet_window(day: date, setting: str) -> bool:
    first, last = quiet_window(setting)
    return first <= day.day <= last


def certificate_problem(
    number: str,
    valid_from: date | None,
    valid_to: date | None,
    revoked_on: date | None,
    day: date,
) -> str | None:
    """Why a certificate was not valid on ``day``, or None when it was.

    A certificate revoked after ``day`` was still valid that day.
    """
    if revoked_on is not None and revoked_on <= day:
        return f"证件 {number} 已于 {revoked_on.isoformat()} 注销"
    if valid_from is not None and valid_from > day:
        return f"证件 {number} 自 {valid_from.isoformat()} 起才生效"
    if valid_to is not None and valid_to < day:
        return f"证件 {number} 已于 {valid_to.isoformat()} 到期"
    return None


def problem_status(stored: str, deadline: date | None, today: date) -> RectificationStatus:
    """逾期 is never stored: a problem not put right whose deadline has passed."""
    status = RectificationStatus(stored)
    if status is not RectificationStatus.DONE and deadline is not None and deadline < today:
        return RectificationStatus.OVERDUE
    return status
