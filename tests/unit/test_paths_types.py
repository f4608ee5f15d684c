"""Where files live (data folder, resources) and how times are stored."""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from yuyou_desktop import paths
from yuyou_desktop.errors import DatabaseUnusable
from yuyou_desktop.paths import DataPaths, resolve_data_dir, resources_dir
from yuyou_desktop.services import Services
from yuyou_desktop.storage.models import EnforcementUnit


def test_data_dir_option_then_env_then_platform_default(tmp_path: Path) -> None:
    env = {"YUYOU_DATA_DIR": str(tmp_path / "env")}
    assert resolve_data_dir(str(tmp_path / "cli"), env).root == tmp_path / "cli"
    assert resolve_data_dir(None, env).root == tmp_path / "env"
    assert resolve_data_dir(None, {"YUYOU_DATA_DIR": ""}).root.name == "yuyou-desktop"
    assert resolve_data_dir(None, {}).root.name == "yuyou-desktop"


def test_data_dir_expands_home_and_is_absolute(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)
    assert resolve_data_dir("~/yy", {}).root == (tmp_path / "home" / "yy").resolve()
    assert resolve_data_dir("rel", {}).root == (tmp_path / "rel").resolve()


def test_ensure_writable_creates_the_folder_and_leaves_nothing_behind(tmp_path: Path) -> None:
    folder = DataPaths(tmp_path / "a" / "b")
    folder.ensure_writable()
    assert folder.root.is_dir()
    assert list(folder.root.iterdir()) == []


def test_ensure_writable_refuses_a_path_under_a_file(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(DatabaseUnusable) as info:
        DataPaths(tmp_path / "file" / "data").ensure_writable()
    assert "是一个文件，不是文件夹" in info.value.message and "--data-dir" in info.value.message


def test_resources_from_a_pyinstaller_bundle_come_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundled = tmp_path / "resources"
    bundled.mkdir()
    (bundled / "MANIFEST.txt").write_text("bundle", encoding="utf-8")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources_dir() == bundled


def test_missing_resources_give_a_chinese_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(paths, "__file__", str(tmp_path / "pkg" / "paths.py"))
    with pytest.raises(FileNotFoundError, match="找不到程序资源文件夹"):
        resources_dir()


def _unit() -> EnforcementUnit:
    return EnforcementUnit(
        name="时区测试单位", credit_code="11140623000000001F", kind="statutory",
        level="county", status="active",
    )  # fmt: skip


def test_times_are_stored_as_utc_and_read_back_aware(county: Services) -> None:
    beijing = timezone(timedelta(hours=8))
    moment = datetime(2026, 3, 1, 9, 30, tzinfo=beijing)
    with county.database.writer() as s:
        unit = _unit()
        s.add(unit)
    with county.database.writer() as s:
        s.get(EnforcementUnit, unit.id).deleted_at = moment
    with county.database.reader() as s:
        stored = s.get(EnforcementUnit, unit.id).deleted_at
        raw = s.connection().exec_driver_sql("SELECT deleted_at FROM enforcement_units").scalar()
    assert stored == moment and stored.tzinfo == UTC
    assert raw.startswith("2026-03-01 01:30:00")


def test_naive_times_are_refused(county: Services) -> None:
    with pytest.raises(Exception, match="timezone-aware"), county.database.writer() as s:
        unit = _unit()
        unit.deleted_at = datetime(2026, 3, 1, 9, 30)
        s.add(unit)
    with county.database.reader() as s:
        assert s.query(EnforcementUnit).count() == 0
