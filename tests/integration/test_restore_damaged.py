"""Restoring over a damaged database: the recovery path that the damage message recommends.

The message for a damaged database says “可以通过 … yuyou restore 恢复”, so ``restore`` must
work when the current file cannot be opened; the damaged file is kept, byte for byte.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from tests.conftest import CliResult
from yuyou_desktop.paths import DataPaths
from yuyou_desktop.services import Services

Cli = Callable[..., CliResult]


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _randomise(path: Path) -> None:
    path.write_bytes(os.urandom(path.stat().st_size))


def _garble_an_index_page(path: Path) -> None:
    with closing(sqlite3.connect(path)) as conn:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'ix_enforcement_units_name'"
        ).fetchone()[0]
    data = bytearray(path.read_bytes())
    start = (root - 1) * page_size
    data[start + 100 : start + page_size - 100] = b"Z" * (page_size - 200)
    path.write_bytes(bytes(data))


@pytest.fixture
def saved(county_demo: Services, yuyou: Cli, tmp_path: Path) -> Path:
    county_demo.database.close()
    out = tmp_path / "saved.db"
    assert yuyou("backup", "--out", str(out)).code == 0
    return out


@pytest.mark.parametrize("damage", [_truncate, _randomise, _garble_an_index_page])
def test_restore_replaces_a_damaged_database_and_keeps_it(
    damage: Callable[[Path], None], saved: Path, yuyou: Cli, data_paths: DataPaths
) -> None:
    damage(data_paths.database)
    damaged = data_paths.database.read_bytes()

    result = yuyou("restore", str(saved))
    assert result.code == 0, result.err
    report = yuyou("check", "--json")
    assert report.code == 0, report.err
    assert '"integrity": "ok"' in report.out
    assert '"enforcement_units": 25' in report.out

    kept = list(data_paths.backups.glob("before-restore-*"))
    assert [p.read_bytes() for p in kept] == [damaged]
    assert str(kept[0]) in result.out


def test_damaged_database_still_refuses_a_backup_that_is_not_ours(
    county_demo: Services, yuyou: Cli, data_paths: DataPaths, tmp_path: Path
) -> None:
    county_demo.database.close()
    _truncate(data_paths.database)
    before = data_paths.database.read_bytes()
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"junk" * 1000)
    result = yuyou("restore", str(junk))
    assert result.code == 3
    assert data_paths.database.read_bytes() == before
    assert not data_paths.backups.exists()


def test_database_of_a_newer_program_is_not_replaced_by_restore(
    saved: Path, yuyou: Cli, data_paths: DataPaths
) -> None:
    with closing(sqlite3.connect(data_paths.database)) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
        conn.commit()
    before = data_paths.database.read_bytes()
    result = yuyou("restore", str(saved))
    assert result.code == 3
    assert "更新版本" in result.err
    assert data_paths.database.read_bytes() == before
    assert not list(data_paths.backups.glob("before-restore-*"))
