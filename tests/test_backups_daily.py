"""The daily backup is taken once a day; the backup folder a user chose (a USB stick) is used
when it is there, and the data folder, said so, when it is not."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from tests.backup_support import Clock
from yuyou_desktop.domain.backups import parse_archive_name
from yuyou_desktop.services import Services
from yuyou_desktop.services.backups import BackupService


def at(text: str) -> datetime:
    return datetime.strptime(text, "%m-%d %H:%M").replace(year=2026)


@pytest.fixture
def clock() -> Clock:
    return Clock(at("12-01 08:00"))


@pytest.fixture
def backups(county: Services, clock: Clock) -> BackupService:
    s = county
    return BackupService(s.database, s.paths, s.settings, s.office, s.maintenance, clock)


def kinds(folder: Path) -> list[tuple[str, str]]:
    names = [parse_archive_name(p.name) for p in sorted(folder.iterdir())]
    return [(f"{n.stamp:%m-%d %H:%M}", n.kind) for n in names if n is not None]


def test_the_daily_backup_is_taken_once_a_day(
    county: Services, backups: BackupService, clock: Clock
) -> None:
    first = backups.automatic()
    assert first is not None and first.kind == "daily" and first.fallback == ""
    clock.set(at("12-01 17:30"))
    assert backups.automatic() is None  # started again the same day
    clock.set(at("12-02 07:45"))
    second = backups.automatic()
    assert second is not None
    clock.set(at("12-02 07:46"))
    assert backups.automatic() is None
    assert kinds(county.paths.backups) == [("12-01 08:00", "daily"), ("12-02 07:45", "daily")]


def test_a_backup_before_an_import_counts_as_the_days_backup(
    county: Services, backups: BackupService, clock: Clock
) -> None:
    finish = backups.before_import()
    finish(True)
    clock.set(at("12-01 09:00"))
    assert backups.automatic() is None
    assert kinds(county.paths.backups) == [("12-01 08:00", "before-import")]


def test_a_missing_backup_folder_falls_back_to_the_data_folder_and_says_so(
    county: Services, backups: BackupService, clock: Clock, tmp_path: Path
) -> None:
    stick = tmp_path / "usb" / "右玉备份"
    county.settings.set("backups.folder", str(stick))

    outcome = backups.automatic()

    assert outcome is not None and outcome.path.parent == county.paths.backups
    assert f"备份文件夹“{stick}”不存在（U 盘可能没有插上）" in outcome.fallback
    assert str(county.paths.backups) in outcome.fallback
    assert not stick.exists()  # never created on the local disk in the stick's place

    stick.mkdir(parents=True)  # the stick is plugged in later that day: no second daily backup
    clock.set(at("12-01 10:00"))
    assert backups.automatic() is None
    clock.set(at("12-02 08:00"))
    on_stick = backups.automatic()
    assert on_stick is not None and on_stick.path.parent == stick and on_stick.fallback == ""
    listed = [(e.path.parent, e.kind) for e in backups.list()]
    assert listed == [(stick, "daily"), (county.paths.backups, "daily")]
    manual = backups.backup()
    assert manual.path.parent == stick and manual.kind == "manual"


def test_a_file_where_the_folder_should_be_falls_back_too(
    county: Services, backups: BackupService, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    county.settings.set("backups.folder", str(blocker))
    outcome = backups.backup()
    assert outcome.path.parent == county.paths.backups
    assert f"“{blocker}”不存在" in outcome.fallback
    assert blocker.read_text() == "x"


def test_the_folder_setting_must_be_a_full_path(county: Services) -> None:
    from yuyou_desktop.errors import FieldError

    with pytest.raises(FieldError, match="应为完整的文件夹路径"):
        county.settings.set("backups.folder", "备份")
    with pytest.raises(FieldError, match="应在 1 到 366 之间"):
        county.settings.set("backups.keep_daily", "0")
    county.settings.set("backups.folder", "")
    assert county.backups.policy().folder == county.paths.backups
    assert not county.backups.policy().chosen
