"""Shared set-up of the ``yuyou sync`` / ``yuyou keys`` tests: a county (140623 右玉县司法局)
and a township (140623101 右卫镇司法所), both made with ``yuyou init``, their public keys
exchanged with ``yuyou keys export`` / ``yuyou keys trust``, the township's demo data loaded
and exported once (``town-1.yypkg``, not yet imported at the county).

Building that takes a few seconds, so it is done once per test process (in a temporary folder
removed at exit); each test gets its own copy of both data folders and of the package."""

from __future__ import annotations

import atexit
import io
import json
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.conftest import COUNTY, TOWNSHIP, CliResult
from yuyou_desktop.__main__ import build_services
from yuyou_desktop.cli import run
from yuyou_desktop.paths import DataPaths
from yuyou_desktop.services.registry.query import ListQuery

TOWN_CODE, COUNTY_CODE = TOWNSHIP["code"], COUNTY["code"]


def cli(*args: str, data_dir: Path) -> CliResult:
    out, err = io.StringIO(), io.StringIO()
    code = run(["--data-dir", str(data_dir), *args], build_services, out, err)
    return CliResult(code, out.getvalue(), err.getvalue())


def ok(result: CliResult) -> CliResult:
    assert result.code == 0, result.out + result.err
    return result


def init(office: dict[str, str], folder: Path) -> None:
    args = ["--role", office["role"], "--office-code", office["code"]]
    args += ["--office-name", office["name"], "--prefix", office["prefix"]]
    ok(cli("init", *args, data_dir=folder))


def trust(folder: Path, office: dict[str, str], key_file: Path, code: str = "") -> CliResult:
    """``yuyou keys trust`` at ``folder`` for ``office`` (``code``: another code typed)."""
    args = ["--office-code", code or office["code"], "--office-name", office["name"]]
    return cli("keys", "trust", *args, str(key_file), data_dir=folder)


def exchange_keys(county: Path, town: Path, keys: Path) -> None:
    ok(cli("keys", "export", "--out", str(keys / "county.key"), data_dir=county))
    ok(cli("keys", "export", "--out", str(keys / "town.key"), data_dir=town))
    ok(trust(county, TOWNSHIP, keys / "town.key"))
    ok(trust(town, COUNTY, keys / "county.key"))


@dataclass(frozen=True)
class Template:
    root: Path
    export_out: str  # what ``yuyou sync export`` printed for town-1.yypkg


_TEMPLATE: list[Template] = []


def template() -> Template:
    if not _TEMPLATE:
        root = Path(tempfile.mkdtemp(prefix="yuyou-cli-sync-"))
        atexit.register(shutil.rmtree, root, True)
        county, town, keys = root / "county", root / "town", root / "keys"
        keys.mkdir()
        init(COUNTY, county)
        init(TOWNSHIP, town)
        exchange_keys(county, town, keys)
        ok(cli("demo", data_dir=town))
        result = ok(cli("sync", "export", "--out", str(root / "town-1.yypkg"), data_dir=town))
        _TEMPLATE.append(Template(root, result.out))
    return _TEMPLATE[0]


@dataclass(frozen=True)
class Offices:
    county: Path
    town: Path
    keys: Path
    package: Path  # town-1.yypkg: the township's demo data, seq 1–N
    export_out: str


def offices(tmp_path: Path) -> Offices:
    """This test's own copy of the county, the township, their key files and town-1.yypkg."""
    source = template()
    for name in ("county", "town", "keys"):
        shutil.copytree(source.root / name, tmp_path / name)
    shutil.copy2(source.root / "town-1.yypkg", tmp_path / "town-1.yypkg")
    return Offices(
        tmp_path / "county", tmp_path / "town", tmp_path / "keys", tmp_path / "town-1.yypkg",
        source.export_out,
    )  # fmt: skip


def status(folder: Path) -> dict[str, Any]:
    return json.loads(ok(cli("sync", "status", "--json", data_dir=folder)).out)


def peer(folder: Path, code: str) -> dict[str, Any]:
    (found,) = [p for p in status(folder)["peers"] if p["office_code"] == code]
    return found


def edit(folder: Path, register: str, field: str, value: str, record_id: str = "") -> str:
    """A clerk changes one field of a record (``record_id``, or the register's first); its id."""
    services = build_services(DataPaths(folder))
    try:
        if record_id:
            row = services.registry.get(register, record_id)
        else:
            row = services.registry.list(register, ListQuery(limit=1)).rows[0]
        services.registry.save(register, row.id, {**row.values, field: value}, row.version)
        return row.id
    finally:
        services.database.close()


def value_of(folder: Path, register: str, record_id: str, field: str) -> Any:
    services = build_services(DataPaths(folder))
    try:
        return services.registry.get(register, record_id).values[field]
    finally:
        services.database.close()


def export_changes(town: Path, path: Path) -> dict[str, Any]:
    """``yuyou sync export`` at the township; the export as ``sync status --json`` lists it."""
    ok(cli("sync", "export", "--out", str(path), data_dir=town))
    latest = status(town)["exports"][0]
    assert latest["file"] == str(path)
    return latest


def lines(text: str) -> list[str]:
    return text.splitlines()
