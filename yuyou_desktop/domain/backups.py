"""Backup archives: their kinds, their file names and which automatic ones are kept (pure).

An archive is named ``yuyou-备份-<office code>-<YYYYmmdd-HHMMSS>[-<n>]-<kind>.zip`` in local
time, so that a folder shared by several offices (one USB stick) is sorted by office and date,
and so that rotation needs no file to be opened.  ``<n>`` numbers a second archive of the
same second.

Rotation (:func:`kept`) applies to the automatic kinds only — never to a manual backup or to
the copy kept before a restore.  Going from the newest archive to the oldest:

* daily: the newest archive of each day, for the ``keep_daily`` most recent days that have one;
* weekly: then the newest archive of each ISO week, for the ``keep_weekly`` most recent weeks
  beyond those — a week whose newest archive is already kept as a daily one is passed over
  without counting (the rule of borg's ``prune``).

Everything else is deleted.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from types import MappingProxyType
from typing import TypeVar

DAILY = "daily"
BEFORE_IMPORT = "before-import"
BEFORE_UPGRADE = "before-upgrade"
BEFORE_RESTORE = "before-restore"
MANUAL = "manual"
KIND_LABELS = MappingProxyType(
    {
        DAILY: "每日自动备份",
        BEFORE_IMPORT: "导入数据包前",
        BEFORE_UPGRADE: "程序升级前",
        BEFORE_RESTORE: "恢复前的原数据",
        MANUAL: "手动备份",
    }
)
AUTOMATIC = frozenset({DAILY, BEFORE_IMPORT, BEFORE_UPGRADE})
NAME_PREFIX = "yuyou-备份-"
_NAME = re.compile(
    r"^yuyou-备份-(?P<office>\d+)-(?P<stamp>\d{8}-\d{6})(?:-(?P<n>\d+))?"
    r"-(?P<kind>" + "|".join(re.escape(k) for k in KIND_LABELS) + r")\.zip$"
)
STAMP_FORMAT = "%Y%m%d-%H%M%S"


@dataclass(frozen=True, order=True)
class ArchiveName:
    """What an archive's file name says.  ``stamp`` is local time (naive)."""

    stamp: datetime
    number: int
    office_code: str
    kind: str

    @property
    def automatic(self) -> bool:
        return self.kind in AUTOMATIC

    @property
    def day(self) -> date:
        return self.stamp.date()


def local_stamp(when: datetime) -> datetime:
    """``when`` as naive local time to the second (an aware time is converted; a naive one is
    taken as local already)."""
    if when.tzinfo is not None:
        when = when.astimezone().replace(tzinfo=None)
    return when.replace(microsecond=0)


def archive_name(office_code: str, when: datetime, kind: str, number: int = 1) -> str:
    if kind not in KIND_LABELS:
        raise ValueError(f"unknown backup kind {kind!r}")
    stamp = local_stamp(when).strftime(STAMP_FORMAT)
    suffix = f"-{number}" if number > 1 else ""
    return f"{NAME_PREFIX}{office_code}-{stamp}{suffix}-{kind}.zip"


def parse_archive_name(name: str) -> ArchiveName | None:
    """The parts of one of our archive names, or None for any other file."""
    match = _NAME.match(name)
    if match is None:
        return None
    try:
        stamp = datetime.strptime(match["stamp"], STAMP_FORMAT)
    except ValueError:
        return None
    return ArchiveName(stamp, int(match["n"] or 1), match["office"], match["kind"])


T = TypeVar("T", bound=Hashable)


def kept(
    items: Iterable[T], stamp: Callable[[T], datetime], keep_daily: int, keep_weekly: int
) -> set[T]:
    """The automatic archives to keep (see the module text); ``stamp`` gives each one's local
    time.  Ties are broken by the order of ``items`` (a later item counts as newer)."""
    ordered = [item for _, item in sorted(enumerate(items), key=lambda p: (stamp(p[1]), p[0]))]
    ordered.reverse()
    keep: set[T] = set()

    def rule(period: Callable[[datetime], object], wanted: int) -> None:
        last: object = None
        count = 0
        for item in ordered:
            if count >= wanted:
                return
            current = period(stamp(item))
            if current == last:
                continue
            last = current
            if item not in keep:
                keep.add(item)
                count += 1

    rule(lambda s: s.date(), keep_daily)
    rule(lambda s: s.isocalendar()[:2], keep_weekly)
    return keep
