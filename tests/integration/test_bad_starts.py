"""Bad starts: each gives a clear Chinese message, exit code 3, and leaves every file as it was."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from tests.conftest import COUNTY, CliResult, file_state
from yuyou_desktop.paths import DataPaths
from yuyou_desktop.services import Services

Cli = Callable[..., CliResult]
COMMANDS = [("check",), ("check", "--json"), ("demo",), ("backup", "--out", "{tmp}/b.db")]
INIT = (
    "init",
    "--role",
    COUNTY["role"],
    "--office-code",
    COUNTY["code"],
    "--office-name",
    COUNTY["name"],
    "--prefix",
    COUNTY["prefix"],
)


def _chinese_one_liner(err: str) -> str:
    line = err.strip()
    assert "\n" not in line, err  # one line, no traceback
    assert line.startswith("错误：")
    assert "Traceback" not in err
    return line


def _refused_by_every_command(yuyou: Cli, folder: Path, tmp_path: Path, *fragments: str) -> None:
    before = file_state(folder)
    assert before
    for command in [*COMMANDS, INIT]:
        args = [a.format(tmp=tmp_path) for a in command]
        result = yuyou(*args)
        assert result.code == 3, (command, result.err)
        line = _chinese_one_liner(result.err)
        if command is not INIT:  # init may just say that the folder is taken
            for fragment in fragments:
                assert fragment in line, (command, line)
        assert result.out == ""
        assert file_state(folder) == before, command
    assert not (tmp_path / "b.db").exists()


@pytest.fixture
def demo_db(county_demo: Services) -> Path:
    """A real database with demonstration data, closed (so the file holds everything)."""
    county_demo.database.close()
    assert not Path(f"{county_demo.database.path}-wal").exists()
    return county_demo.database.path


def test_random_bytes(data_paths: DataPaths, yuyou: Cli, tmp_path: Path) -> None:
    data_paths.root.mkdir()
    data_paths.database.write_bytes(os.urandom(50_000))
    _refused_by_every_command(yuyou, data_paths.root, tmp_path, "不是", "未作任何改动")


def test_text_file_posing_as_the_database(
    data_paths: DataPaths, yuyou: Cli, tmp_path: Path
) -> None:
    data_paths.root.mkdir()
    data_paths.database.write_text("这不是数据库\n" * 100, encoding="utf-8")
    _refused_by_every_command(yuyou, data_paths.root, tmp_path, "不是 SQLite")


def test_empty_file(data_paths: DataPaths, yuyou: Cli, tmp_path: Path) -> None:
    data_paths.root.mkdir()
    data_paths.database.write_bytes(b"")
    _refused_by_every_command(yuyou, data_paths.root, tmp_path, "空文件")


def test_truncated_database(demo_db: Path, yuyou: Cli, tmp_path: Path) -> None:
    data = demo_db.read_bytes()
    demo_db.write_bytes(data[: len(data) // 2])
    _refused_by_every_command(yuyou, demo_db.parent, tmp_path, "已损坏", "未作任何改动")


def test_sqlite_file_of_another_program(data_paths: DataPaths, yuyou: Cli, tmp_path: Path) -> None:
    data_paths.root.mkdir()
    with closing(sqlite3.connect(data_paths.database)) as conn:
        conn.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
        conn.execute("INSERT INTO contacts VALUES ('张三', '123')")
        conn.commit()
    _refused_by_every_command(yuyou, data_paths.root, tmp_path, "不是本程序的数据库")


def test_database_from_a_newer_program(demo_db: Path, yuyou: Cli, tmp_path: Path) -> None:
    with closing(sqlite3.connect(demo_db)) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
        conn.commit()
    _refused_by_every_command(yuyou, demo_db.parent, tmp_path, "更新版本", "9999")


def test_database_with_empty_alembic_version(demo_db: Path, yuyou: Cli, tmp_path: Path) -> None:
    with closing(sqlite3.connect(demo_db)) as conn:
        conn.execute("DELETE FROM alembic_version")
        conn.commit()
    before = file_state(demo_db.parent)
    for command in COMMANDS:
        result = yuyou(*[a.format(tmp=tmp_path) for a in command])
        assert result.code == 3, (command, result.err)
        assert "结构版本" in _chinese_one_liner(result.err)
    assert file_state(demo_db.parent) == before


def test_corrupt_page_is_reported_by_check_without_changing_the_file(
    demo_db: Path, yuyou: Cli
) -> None:
    with closing(sqlite3.connect(demo_db)) as conn:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'ix_enforcement_units_name'"
        ).fetchone()[0]
    data = bytearray(demo_db.read_bytes())
    start = (root - 1) * page_size
    data[start + 100 : start + page_size - 100] = b"Z" * (page_size - 200)
    demo_db.write_bytes(bytes(data))
    before = file_state(demo_db.parent)

    result = yuyou("check")
    assert result.code == 1
    assert "完整性检查：通过" not in result.out
    assert "ix_enforcement_units_name" in result.out
    assert file_state(demo_db.parent) == before


def test_data_folder_that_is_a_file(tmp_path: Path, yuyou: Cli) -> None:
    blocker = tmp_path / "data-is-a-file"
    blocker.write_bytes(b"keep me")
    result = yuyou(*INIT, data_dir=blocker)
    assert result.code == 3
    line = _chinese_one_liner(result.err)
    assert "是一个文件，不是文件夹" in line and str(blocker) in line
    assert blocker.read_bytes() == b"keep me"


def test_data_folder_below_a_file(tmp_path: Path, yuyou: Cli) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_bytes(b"keep me")
    result = yuyou(*INIT, data_dir=blocker / "data")
    assert result.code == 3
    assert "是一个文件，不是文件夹" in _chinese_one_liner(result.err)
    assert blocker.read_bytes() == b"keep me"
    assert file_state(tmp_path) == {"a-file": b"keep me"}


@pytest.mark.parametrize("command", COMMANDS)
def test_not_initialised(
    command: tuple[str, ...], data_paths: DataPaths, yuyou: Cli, tmp_path: Path
) -> None:
    result = yuyou(*[a.format(tmp=tmp_path) for a in command])
    assert result.code == 3
    line = _chinese_one_liner(result.err)
    assert "yuyou init" in line or "初始设置" in line
    assert not data_paths.root.exists()
    assert not (tmp_path / "b.db").exists()


def test_not_initialised_empty_folder_stays_empty(data_paths: DataPaths, yuyou: Cli) -> None:
    data_paths.root.mkdir()
    for command in (("check",), ("demo", "--json")):
        assert yuyou(*command).code == 3
    assert list(data_paths.root.iterdir()) == []
