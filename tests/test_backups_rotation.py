"""Rotation keeps exactly the configured set of automatic backups (the newest of each of the
last ``keep_daily`` days with a backup, then the newest of each of ``keep_weekly`` ISO weeks
beyond those) and never touches anything else; the daily backup is taken once a day."""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.backup_support import Clock
from yuyou_desktop.domain.backups import archive_name, kept, parse_archive_name
from yuyou_desktop.services import Services
from yuyou_desktop.services.backups import BackupService


def at(text: str) -> datetime:
    return datetime.strptime(text, "%m-%d %H:%M").replace(year=2026)


def survivors(stamps: list[str], keep_daily: int, keep_weekly: int) -> list[str]:
    times = {at(s): s for s in stamps}
    return sorted(times[t] for t in kept(times, lambda t: t, keep_daily, keep_weekly))


def test_every_day_for_two_months_keeps_seven_days_and_four_weeks() -> None:
    stamps = [f"{d:%m-%d} 09:00" for d in _days("10-01", "11-30")]
    stamps += ["11-30 17:00", "11-27 17:00", "11-20 17:00", "11-08 17:00"]
    assert survivors(stamps, 7, 4) == [
        "11-01 09:00",  # ISO week 44
        "11-08 17:00",  # week 45: the later of the day
        "11-15 09:00",  # week 46
        "11-22 09:00",  # week 47 (Sunday, not Friday's 17:00)
        # week 48 and week 49 hold the daily ones and count no further
        "11-24 09:00",
        "11-25 09:00",
        "11-26 09:00",
        "11-27 17:00",
        "11-28 09:00",
        "11-29 09:00",
        "11-30 17:00",
    ]


def test_days_without_backups_do_not_count_and_weeks_start_beyond_the_daily_ones() -> None:
    stamps = ["11-30 10:00", "11-20 10:00", "11-19 10:00", "11-18 10:00", "11-10 10:00"]
    stamps += ["11-09 10:00", "11-03 10:00", "10-20 10:00"]
    assert survivors(stamps, 3, 2) == [
        "11-03 10:00",
        "11-10 10:00",
        "11-19 10:00",
        "11-20 10:00",
        "11-30 10:00",
    ]
    assert survivors(stamps, 3, 0) == ["11-19 10:00", "11-20 10:00", "11-30 10:00"]
    assert survivors(stamps, 1, 0) == ["11-30 10:00"]
    assert survivors(stamps, 10, 4) == sorted(stamps)


def test_archive_names_round_trip() -> None:
    name = archive_name("140623101", at("12-02 09:30"), "before-import", 2)
    assert name == "yuyou-备份-140623101-20261202-093000-2-before-import.zip"
    parsed = parse_archive_name(name)
    assert parsed is not None
    assert (parsed.office_code, parsed.stamp, parsed.number, parsed.kind) == (
        "140623101",
        at("12-02 09:30"),
        2,
        "before-import",
    )
    assert parse_archive_name("yuyou-备份-140623-20261202-093000-weekly.zip") is None
    assert parse_archive_name("备份.zip") is None


def _days(first: str, last: str):
    day = at(f"{first} 00:00")
    end = at(f"{last} 00:00")
    while day <= end:
        yield day
        day = day.fromordinal(day.toordinal() + 1)


@pytest.fixture
def clock() -> Clock:
    return Clock(at("12-01 09:00"))


@pytest.fixture
def backups(county: Services, clock: Clock) -> BackupService:
    """The county's backup service on a clock the test sets."""
    s = county
    return BackupService(s.database, s.paths, s.settings, s.office, s.maintenance, clock)


def _name(stamp: str, kind: str = "daily", office: str = "140623") -> str:
    return archive_name(office, at(stamp), kind)


def test_rotation_deletes_exactly_the_automatic_backups_not_kept(
    county: Services, backups: BackupService
) -> None:
    folder = county.paths.backups
    folder.mkdir()
    automatic = ["11-30 10:00", "11-20 10:00", "11-19 10:00", "11-18 10:00", "11-10 10:00"]
    automatic += ["11-09 10:00", "11-03 10:00", "10-20 10:00"]
    names = {stamp: _name(stamp, "before-import" if stamp == "11-19 10:00" else "daily")
             for stamp in automatic}  # fmt: skip
    never_deleted = [
        _name("01-01 09:00", "manual"),
        _name("01-02 09:00", "before-restore"),
        _name("01-03 09:00", "daily", office="140621"),  # another office's, same stick
        "before-upgrade-0011-20260101-090000.db",
        "notes.txt",
    ]
    for name in [*names.values(), *never_deleted]:
        (folder / name).write_bytes(b"placeholder")
    county.settings.set("backups.keep_daily", "3")
    county.settings.set("backups.keep_weekly", "2")

    outcome = backups.automatic()

    assert outcome is not None and outcome.path.name == _name("12-01 09:00")
    # daily (3 days): 12-01 (new), 11-30, 11-20; weekly (2 weeks beyond those): weeks 49 and
    # 47 hold daily ones, then 11-10 (week 46) and 11-03 (week 45)
    expected_gone = {names[s] for s in ("11-19 10:00", "11-18 10:00", "11-09 10:00", "10-20 10:00")}
    assert {p.name for p in outcome.removed} == expected_gone
    kept_automatic = [
        names[s] for s in ("11-30 10:00", "11-20 10:00", "11-10 10:00", "11-03 10:00")
    ]
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [outcome.path.name, *kept_automatic, *never_deleted]
    )


def test_an_archive_taken_in_the_same_second_as_a_numbered_one_is_numbered_after_it(tmp_path):
    """A killed process can leave ``…-2-…`` with ``…-1`` already rotated away: the next archive
    of that second must not take the free first number, or rotation would think it older
    and delete the archive just taken."""
    from datetime import datetime

    from yuyou_desktop.domain.backups import BEFORE_IMPORT, archive_name, parse_archive_name
    from yuyou_desktop.storage.backup_write import unused_archive_path

    when = datetime(2026, 12, 2, 23, 53, 28)
    (tmp_path / archive_name("140623", when, BEFORE_IMPORT, 2)).write_bytes(b"x")
    (tmp_path / (archive_name("140623", when, BEFORE_IMPORT, 3) + ".partial")).write_bytes(b"")
    (tmp_path / archive_name("140624", when, BEFORE_IMPORT, 7)).write_bytes(b"x")  # not ours
    chosen = unused_archive_path(tmp_path, "140623", when, BEFORE_IMPORT)
    assert parse_archive_name(chosen.name).number == 4
    assert unused_archive_path(tmp_path / "empty", "140623", when, BEFORE_IMPORT).name == (
        archive_name("140623", when, BEFORE_IMPORT, 1)
    )
