"""Shared fixtures.  Every test gets its own data folder; Qt runs offscreen."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import io
from collections.abc import Callable
from pathlib import Path

import pytest

from yuyou_desktop.__main__ import build_services
from yuyou_desktop.cli import run as cli_run
from yuyou_desktop.paths import DataPaths
from yuyou_desktop.services import Services

COUNTY = {"role": "county", "code": "140623", "name": "右玉县司法局", "prefix": "右司监"}
TOWNSHIP = {"role": "township", "code": "140623101", "name": "右卫镇司法所", "prefix": "右卫司"}


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Never touch the real user data folder or settings."""
    monkeypatch.delenv("YUYOU_DATA_DIR", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))


@pytest.fixture
def data_paths(tmp_path: Path) -> DataPaths:
    return DataPaths(tmp_path / "data")


@pytest.fixture
def services(data_paths: DataPaths) -> Services:
    """Services over an empty (not yet initialised) data folder."""
    built = build_services(data_paths)
    yield built
    built.database.close()


@pytest.fixture
def county(services: Services) -> Services:
    """Services over an initialised county office without demo data."""
    services.office.initialize(COUNTY["role"], COUNTY["code"], COUNTY["name"], COUNTY["prefix"])
    return services


@pytest.fixture
def county_demo(county: Services) -> Services:
    county.demo.load()
    return county


class CliResult:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err


@pytest.fixture
def yuyou(data_paths: DataPaths) -> Callable[..., CliResult]:
    """Run the ``yuyou`` CLI in-process on this test's data folder."""

    def invoke(*args: str, data_dir: Path | None = None) -> CliResult:
        out, err = io.StringIO(), io.StringIO()
        folder = data_dir or data_paths.root
        code = cli_run(["--data-dir", str(folder), *args], build_services, out, err)
        return CliResult(code, out.getvalue(), err.getvalue())

    return invoke


def file_state(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes, to prove that nothing changed."""
    if not folder.exists():
        return {}
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }
