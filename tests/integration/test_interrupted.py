"""Interrupted work: a program stopped abruptly, a set-up that fails half-way, odd leftovers."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from tests.conftest import COUNTY, DEMO_COUNTS, CliResult, file_state
from yuyou_desktop.paths import DataPaths
from yuyou_desktop.services import Services
from yuyou_desktop.storage import migrate
from yuyou_desktop.storage.database import Database

Cli = Callable[..., CliResult]
INIT = ["init", "--role", "county", "--office-code", COUNTY["code"],
        "--office-name", COUNTY["name"], "--prefix", COUNTY["prefix"]]  # fmt: skip


def test_data_committed_before_an_abrupt_stop_is_seen_on_the_next_start(
    county: Services, yuyou: Cli, tmp_path: Path
) -> None:
    county.demo.load()  # committed, but still in the -wal file while the program runs
    live = county.database.path
    assert Path(f"{live}-wal").stat().st_size > 0
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    for suffix in ("", "-wal"):  # what the disk holds if the process is killed now
        shutil.copyfile(f"{live}{suffix}", crashed / f"yuyou.db{suffix}")
    shutil.copytree(county.paths.keys, crashed / "keys")

    result = yuyou("check", "--json", data_dir=crashed)
    assert result.code == 0, result.err
    report = json.loads(result.out)
    assert report["integrity"] == "ok"
    assert report["counts"] == DEMO_COUNTS


def test_backup_of_a_running_database_includes_data_still_in_the_wal(
    county: Services, tmp_path: Path
) -> None:
    county.demo.load()
    out = county.maintenance.backup(tmp_path / "hot.db").path
    with closing(sqlite3.connect(out)) as conn:
        assert conn.execute("SELECT count(*) FROM enforcement_units").fetchone() == (25,)
    assert not Path(f"{out}-wal").exists()


def test_failed_set_up_leaves_no_database_and_no_keys(
    yuyou: Cli, data_paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(connection: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(migrate, "upgrade_to_head", broken)
    result = yuyou(*INIT)
    assert result.code == 1
    assert result.err.startswith("意外错误：")
    assert file_state(data_paths.root) == {}

    monkeypatch.undo()
    again = yuyou(*INIT)
    assert again.code == 0, again.err
    assert not list(data_paths.keys.glob("unused-*"))


def test_database_without_an_office_is_not_initialised_and_is_kept(
    data_paths: DataPaths, yuyou: Cli, tmp_path: Path
) -> None:
    db = Database(data_paths.database, data_paths.backups)
    db.create()
    db.close()
    before = file_state(data_paths.root)
    for command in (["check"], ["demo"], ["backup", "--out", str(tmp_path / "b.db")]):
        result = yuyou(*command)
        assert result.code == 3, command
        assert "初始设置" in result.err
    result = yuyou(*INIT)
    assert result.code == 3
    assert "没有单位信息" in result.err
    assert file_state(data_paths.root) == before
    assert not (tmp_path / "b.db").exists()


def test_restore_of_a_fresh_backup_reports_the_set_up_date(
    county: Services, yuyou: Cli, data_paths: DataPaths, tmp_path: Path
) -> None:
    created = county.office.current().created_at
    county.database.close()
    out = tmp_path / "fresh.db"
    assert yuyou("backup", "--out", str(out)).code == 0
    result = yuyou("restore", str(out))
    assert result.code == 0, result.err
    assert f"恢复后的数据截至：{created.astimezone():%Y-%m-%d %H:%M}" in result.out


def test_restore_with_the_live_file_missing_needs_no_previous_copy(
    county_demo: Services, yuyou: Cli, data_paths: DataPaths, tmp_path: Path
) -> None:
    county_demo.database.close()
    out = tmp_path / "b.db"
    assert yuyou("backup", "--out", str(out)).code == 0
    data_paths.database.unlink()
    result = yuyou("restore", str(out))
    assert result.code == 0, result.err
    assert "原数据库已另存为" not in result.out
    assert json.loads(yuyou("check", "--json").out)["counts"]["enforcement_units"] == 25


def test_two_restores_in_the_same_second_keep_both_previous_copies(
    county_demo: Services,
    yuyou: Cli,
    data_paths: DataPaths,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from yuyou_desktop.storage import database

    county_demo.database.close()
    epochs = [_epoch(data_paths.database)]
    first, second = tmp_path / "first.db", tmp_path / "second.db"
    assert yuyou("backup", "--out", str(first)).code == 0
    assert yuyou("backup", "--out", str(second)).code == 0
    monkeypatch.setattr(database, "_timestamp", lambda: "20260101-120000")

    assert yuyou("restore", str(first)).code == 0
    epochs.append(_epoch(data_paths.database))
    assert yuyou("restore", str(second)).code == 0
    kept = sorted(data_paths.backups.glob("before-restore-*"))
    assert sorted(_epoch(p) for p in kept) == sorted(epochs)


def _epoch(path: Path) -> str:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute("SELECT db_epoch FROM office").fetchone()[0]
