"""``yuyou init``, usage errors, ``--version`` and how the data folder is chosen."""

from __future__ import annotations

import io
import json
import os
import re
import sqlite3
import stat
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from tests.conftest import COUNTY, TOWNSHIP, CliResult, file_state
from yuyou_desktop import __version__
from yuyou_desktop.__main__ import build_services
from yuyou_desktop.cli import run
from yuyou_desktop.paths import DataPaths
from yuyou_desktop.sync.keys import load_signing_key

Cli = Callable[..., CliResult]
FINGERPRINT = re.compile(r"^[0-9A-F]{4}(-[0-9A-F]{4}){7}$")


def init_args(office: dict[str, str], **override: str) -> list[str]:
    values = {**office, **override}
    return [
        "init",
        "--role",
        values["role"],
        "--office-code",
        values["code"],
        "--office-name",
        values["name"],
        "--prefix",
        values["prefix"],
    ]


def test_init_creates_database_and_keys(yuyou: Cli, data_paths: DataPaths) -> None:
    result = yuyou(*init_args(COUNTY))
    assert result.code == 0, result.err
    assert result.err == ""
    assert "右玉县司法局" in result.out and "县司法局" in result.out and "140623" in result.out
    assert "右司监" in result.out
    [fp_line] = [line for line in result.out.splitlines() if line.startswith("签名密钥指纹：")]
    assert FINGERPRINT.match(fp_line.split("：", 1)[1])

    assert data_paths.database.is_file()
    pems = sorted(data_paths.keys.glob("*.pem"))
    assert len(pems) == 2
    for pem in pems:
        assert pem.read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----")
        if os.name == "posix":
            assert stat.S_IMODE(pem.stat().st_mode) == 0o600
    load_signing_key(data_paths.keys)

    with closing(sqlite3.connect(data_paths.database)) as conn:
        row = conn.execute(
            "SELECT code, name, role, prefix, key_fingerprint FROM office"
        ).fetchall()
    assert row == [("140623", "右玉县司法局", "county", "右司监", fp_line.split("：", 1)[1])]


def test_init_json_for_a_township(yuyou: Cli, data_paths: DataPaths) -> None:
    result = yuyou(*init_args(TOWNSHIP), "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["office_code"] == "140623101"
    assert data["role"] == "township"
    assert data["prefix"] == "右卫司"
    assert data["office_name"] == "右卫镇司法所"
    assert FINGERPRINT.match(data["key_fingerprint"])
    assert Path(data["database"]) == data_paths.database


def test_role_may_not_be_given_as_chinese_label_on_the_cli(yuyou: Cli, data_paths) -> None:
    result = yuyou(*init_args(COUNTY, role="县司法局"))
    assert result.code == 2
    assert not data_paths.root.exists()


def test_init_twice_is_refused_and_changes_nothing(yuyou: Cli, data_paths: DataPaths) -> None:
    assert yuyou(*init_args(COUNTY)).code == 0
    before = file_state(data_paths.root)
    result = yuyou(*init_args(TOWNSHIP))
    assert result.code == 3
    assert result.err.startswith("错误：") and "右玉县司法局" in result.err
    assert "不会重复初始化" in result.err
    assert file_state(data_paths.root) == before
    again = yuyou(*init_args(COUNTY))
    assert again.code == 3
    assert file_state(data_paths.root) == before


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"code": "14062"}, "行政区划代码"),
        ({"code": "14062x"}, "行政区划代码"),
        ({"code": "990623"}, "行政区划代码"),
        ({"role": "township", "code": "140623"}, "行政区划代码"),
        ({"name": "右"}, "单位名称"),
        ({"name": "右玉县 司法局"}, "单位名称"),
        ({"prefix": "右司监1"}, "机关代字"),
        ({"prefix": "右" * 9}, "机关代字"),
        ({"prefix": ""}, "机关代字"),
    ],
)
def test_init_with_bad_values_names_the_field_and_creates_nothing(
    override: dict[str, str], field: str, yuyou: Cli, data_paths: DataPaths
) -> None:
    result = yuyou(*init_args(COUNTY, **override))
    assert result.code == 3
    assert result.err.startswith(f"错误：{field}：")
    assert result.err.count("\n") == 1
    assert result.out == ""
    assert not data_paths.root.exists()


def test_bad_values_in_an_existing_empty_folder_leave_it_empty(
    yuyou: Cli, data_paths: DataPaths
) -> None:
    data_paths.root.mkdir()
    assert yuyou(*init_args(COUNTY, code="abc")).code == 3
    assert list(data_paths.root.iterdir()) == []


def test_leftover_keys_without_database_are_moved_aside_not_deleted(
    yuyou: Cli, data_paths: DataPaths
) -> None:
    assert yuyou(*init_args(COUNTY)).code == 0
    old = {p.name: p.read_bytes() for p in data_paths.keys.glob("*.pem")}
    data_paths.database.unlink()
    assert yuyou(*init_args(COUNTY)).code == 0
    aside = {p.name: p.read_bytes() for p in data_paths.keys.glob("unused-*/*.pem")}
    assert aside == old
    fresh = {p.name: p.read_bytes() for p in data_paths.keys.glob("*.pem")}
    assert fresh.keys() == old.keys() and fresh != old


@pytest.mark.parametrize(
    "argv",
    [
        ["frobnicate"],
        [],
        ["init", "--office-code", "140623", "--office-name", "右玉县司法局", "--prefix", "右司监"],
        init_args(COUNTY, role="city"),
        ["backups"],  # (``backup`` alone is a command now: an archive into the backup folder)
        ["backup", "--bogus"],
        ["restore"],
        ["check", "--bogus"],
    ],
)
def test_usage_errors_exit_2_and_touch_nothing(
    argv: list[str], yuyou: Cli, data_paths: DataPaths
) -> None:
    result = yuyou(*argv)
    assert result.code == 2
    assert not data_paths.root.exists()


def test_usage_error_message_is_on_stderr(
    capsys: pytest.CaptureFixture[str], data_paths: DataPaths
) -> None:
    out, err = io.StringIO(), io.StringIO()
    code = run(
        ["--data-dir", str(data_paths.root), *init_args(COUNTY, role="city")],
        build_services,
        out,
        err,
    )
    assert code == 2
    captured = capsys.readouterr()
    assert "用法错误" in captured.err and "city" in captured.err
    assert captured.out == "" and out.getvalue() == ""


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code = run(["--version"], build_services, io.StringIO(), io.StringIO())
    assert code == 0
    assert capsys.readouterr().out.strip() == f"yuyou {__version__}"


def test_env_var_selects_the_data_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    folder = tmp_path / "from-env"
    monkeypatch.setenv("YUYOU_DATA_DIR", str(folder))
    out, err = io.StringIO(), io.StringIO()
    assert run(init_args(COUNTY), build_services, out, err) == 0, err.getvalue()
    assert (folder / "yuyou.db").is_file()
    assert str(folder / "yuyou.db") in out.getvalue()
    out = io.StringIO()
    assert run(["check", "--json"], build_services, out, io.StringIO()) == 0
    assert json.loads(out.getvalue())["office"]["code"] == "140623"


def test_data_dir_option_wins_over_env_var(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    env_folder, cli_folder = tmp_path / "env", tmp_path / "cli"
    monkeypatch.setenv("YUYOU_DATA_DIR", str(env_folder))
    argv = ["--data-dir", str(cli_folder), *init_args(COUNTY)]
    assert run(argv, build_services, io.StringIO(), io.StringIO()) == 0
    assert (cli_folder / "yuyou.db").is_file()
    assert not env_folder.exists()


def test_default_data_folder_is_the_platform_user_data_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from platformdirs import user_data_dir

    expected = Path(user_data_dir("yuyou-desktop", appauthor=False))
    if tmp_path not in expected.parents:  # conftest isolates it through HOME / XDG_DATA_HOME
        pytest.skip("the platform's user data folder is not redirected on this system")
    assert run(init_args(COUNTY), build_services, io.StringIO(), io.StringIO()) == 0
    assert (expected / "yuyou.db").is_file()
