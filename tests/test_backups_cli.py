"""``yuyou backup``, ``yuyou backups list`` and ``yuyou restore`` with archives, and the
backup settings through ``yuyou settings set``."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.backup_support import fill_folders
from tests.conftest import CliResult
from yuyou_desktop.domain.backups import parse_archive_name
from yuyou_desktop.paths import DataPaths
from yuyou_desktop.services import Services

Cli = Callable[..., CliResult]


@pytest.fixture
def office(county_demo: Services) -> Services:
    fill_folders(county_demo.paths)
    county_demo.database.close()
    return county_demo


def ok(result: CliResult) -> CliResult:
    assert result.code == 0, result.out + result.err
    return result


def test_backup_without_out_writes_an_archive_into_the_backup_folder(
    office: Services, yuyou: Cli, data_paths: DataPaths
) -> None:
    result = ok(yuyou("backup"))
    [archive] = list(data_paths.backups.iterdir())
    assert parse_archive_name(archive.name).kind == "manual"
    lines = result.out.splitlines()
    assert lines[0].startswith(f"已备份到 {archive}（") and lines[0].endswith(" KB）")
    assert lines[1].startswith("包含数据库和数据文件夹中的 ")
    assert "附件、密钥、待导入的数据包、文书模板" in lines[1]


def test_backup_to_a_zip_refuses_to_overwrite_without_force(
    office: Services, yuyou: Cli, tmp_path: Path
) -> None:
    dest = tmp_path / "usb" / "右玉.zip"
    ok(yuyou("backup", "--out", str(dest)))
    first = dest.read_bytes()
    refused = yuyou("backup", "--out", str(dest))
    assert refused.code == 3 and "已存在，不会覆盖" in refused.err
    assert dest.read_bytes() == first
    ok(yuyou("backup", "--out", str(dest), "--force"))
    assert dest.read_bytes()[:4] == b"PK\x03\x04"


def test_daily_backup_from_a_scheduled_task_once_a_day(
    office: Services, yuyou: Cli, data_paths: DataPaths
) -> None:
    first = json.loads(ok(yuyou("backup", "--daily", "--json")).out)
    assert first["taken"] is True and first["kind"] == "daily" and first["archive"] is True
    again = ok(yuyou("backup", "--daily"))
    assert again.out == "今天已有自动备份，没有再备份。\n"
    assert len(list(data_paths.backups.iterdir())) == 1
    both = yuyou("backup", "--daily", "--out", "x.zip")
    assert both.code == 3 and "--daily 与 --out 不能同时使用" in both.err


def test_backups_list_and_the_folder_setting(
    office: Services, yuyou: Cli, data_paths: DataPaths, tmp_path: Path
) -> None:
    assert "还没有备份。" in ok(yuyou("backups", "list")).out
    ok(yuyou("backup"))
    stick = tmp_path / "usb"
    stick.mkdir()
    assert ok(yuyou("settings", "set", "backups.folder", str(stick))).out.startswith(
        "已修改：备份文件夹 = "
    )
    ok(yuyou("settings", "set", "backups.keep_daily", "10"))
    ok(yuyou("backup"))
    text = ok(yuyou("backups", "list")).out.splitlines()
    assert text[0] == f"备份文件夹：{stick}"
    assert text[1] == "自动备份保留：最近 10 天每天一份，更早的 4 周每周一份。"
    assert len(text) == 4 and all("\t手动备份\t" in line for line in text[2:])
    listed = json.loads(ok(yuyou("backups", "list", "--json")).out)
    assert listed["folder"] == str(stick) and listed["keep_daily"] == 10
    folders = [Path(b["folder"]) for b in listed["backups"]]
    assert folders == [stick, data_paths.backups]  # newest first
    assert all(
        b["archive"] and not b["automatic"] and b["problem"] is None for b in listed["backups"]
    )


def test_restore_of_an_archive_says_when_the_data_is_from(
    office: Services, yuyou: Cli, data_paths: DataPaths
) -> None:
    made = json.loads(ok(yuyou("backup", "--json")).out)
    result = ok(yuyou("restore", made["path"]))
    lines = result.out.splitlines()
    assert lines[0] == f"已从 {made['path']} 恢复。"
    assert lines[1].startswith("备份时间：") and "恢复后的数据即此时的状态" in lines[1]
    assert lines[2].startswith("恢复后的数据截至：")
    assert lines[3].startswith("同时恢复了附件、密钥、待导入的数据包和文书模板（")
    [kept] = [p for p in data_paths.backups.iterdir() if "before-restore" in p.name]
    assert f"原数据库已另存为：{kept}" in lines
    assert lines[-1].startswith("本机的数据同步已开始新的周期")
    report = json.loads(ok(yuyou("check", "--json")).out)
    assert report["ok"] is True and report["counts"]["enforcement_units"] == 25


def test_help_lists_the_commands(yuyou: Cli) -> None:
    from yuyou_desktop.cli import build_parser

    text = build_parser().format_help()
    for command in ("backup", "restore", "backups"):
        assert f"    {command} " in text or f"    {command}\n" in text
