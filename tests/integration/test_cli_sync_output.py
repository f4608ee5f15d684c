"""What a clerk reads in ``yuyou sync`` output: a conflict's fields in Chinese with both values,
``export`` counting changes (not records) for a township, the ``--full`` refusal that does not
suggest ``--full``, files of the same name told apart by their paths, and the help page listing
every ``sync`` and ``keys`` command."""

from __future__ import annotations

import argparse
import json
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import COUNTY, TOWNSHIP
from tests.integration.cli_sync_support import (
    Offices,
    cli,
    edit,
    export_changes,
    lines,
    offices,
    ok,
    status,
)
from tests.integration.review_world import credit_code
from yuyou_desktop.__main__ import build_services
from yuyou_desktop.cli import build_parser
from yuyou_desktop.paths import DataPaths

ROOT = Path(__file__).resolve().parents[2]
UNIT = "右玉县市场监督管理局"
PHONE = "0349-5021111"  # the township's edit


def add_county_unit(county: Path) -> str:
    """The county registers a unit of its catalogue (法定行政机关, no phone)."""
    services = build_services(DataPaths(county))
    try:
        values = {
            "name": UNIT,
            "credit_code": credit_code(905),
            "kind": "法定行政机关",
            "level": "县级",
            "status": "正常",
        }
        return services.registry.save("units", None, values).id
    finally:
        services.database.close()


@pytest.fixture
def conflict(tmp_path: Path) -> tuple[Offices, str]:
    """The county's unit reached the township; the township set its phone, then the county
    made it a 法律法规授权组织; the township's package is imported at the county, whose later
    edit stays — the township's version is kept as a conflict."""
    o = offices(tmp_path)
    ok(cli("sync", "import", str(o.package), data_dir=o.county))
    unit = add_county_unit(o.county)
    reference = tmp_path / "参考数据.yypkg"
    ok(cli("sync", "export", "--out", str(reference), data_dir=o.county))
    ok(cli("sync", "import", str(reference), data_dir=o.town))
    edit(o.town, "units", "phone", PHONE, unit)
    edit(o.county, "units", "kind", "法律法规授权组织", unit)
    package = export_changes(o.town, tmp_path / "town-2.yypkg")
    imported = ok(cli("sync", "import", package["file"], data_dir=o.county))
    assert "1 处冲突待处理" in imported.out
    return o, unit


FIELD_LINES = [
    "  主体类别\t当前保留：法律法规授权组织\t另一版本：法定行政机关",
    f"  联系电话\t当前保留：（空）\t另一版本：{PHONE}",
]


def test_a_conflict_shows_the_fields_in_chinese_with_both_values(conflict) -> None:
    o, unit = conflict
    [listed] = json.loads(ok(cli("sync", "conflicts", "--json", data_dir=o.county)).out)
    number = listed["id"]

    text = ok(cli("sync", "conflicts", data_dir=o.county)).out
    shown = lines(text)
    assert shown[0] == f"冲突 {number}：行政执法主体“{UNIT}”，双方都修改了"
    assert (
        shown[1]
        == f"  当前保留：{COUNTY['name']}（本单位）的版本；另一版本：{TOWNSHIP['name']}的版本"
    )
    assert shown[2].startswith("  发现时间：20") and shown[2].endswith("；未处理")
    assert shown[3:5] == FIELD_LINES
    assert shown[-3:] == [
        "共 1 处冲突，未处理 1 处。",
        "处理：yuyou sync resolve 编号 --keep（保留当前版本）或 --take-other（采用另一版本）",
        "查看一处冲突的完整内容：yuyou sync conflicts --id 编号",
    ]
    for raw in ("phone", "kind", "statutory", "authorised", "None"):
        assert raw not in text

    detail = ok(cli("sync", "conflicts", "--id", str(number), data_dir=o.county)).out
    assert lines(detail)[:3] == shown[:3]
    assert f"  记录编号：{unit}" in lines(detail)
    assert all(line in lines(detail) for line in FIELD_LINES)
    assert lines(detail)[-1] == (
        f"处理：yuyou sync resolve {number} --keep（保留当前版本）或 --take-other（采用另一版本）"
    )

    one = json.loads(
        ok(cli("sync", "conflicts", "--id", str(number), "--json", data_dir=o.county)).out
    )
    assert one == listed
    assert [(f["column"], f["label"], f["kept"], f["other"]) for f in one["fields"]] == [
        ("kind", "主体类别", "authorised", "statutory"),
        ("phone", "联系电话", "", PHONE),
    ]
    assert [(f["kept_text"], f["other_text"]) for f in one["fields"]] == [
        ("法律法规授权组织", "法定行政机关"),
        ("（空）", PHONE),
    ]
    assert (one["kept_office_name"], one["other_office_name"]) == (COUNTY["name"], TOWNSHIP["name"])

    missing = cli("sync", "conflicts", "--id", str(number + 1), data_dir=o.county)
    assert missing.code == 3 and missing.err == f"错误：没有编号为 {number + 1} 的冲突。\n"

    ok(cli("sync", "resolve", str(number), "--keep", data_dir=o.county))
    assert ok(cli("sync", "conflicts", data_dir=o.county)).out == "没有待处理的冲突。\n"
    done = lines(ok(cli("sync", "conflicts", "--id", str(number), data_dir=o.county)).out)
    assert "处理：保留当前版本" in done[2] and done[2].split("；")[1].startswith("已于 ")
    assert all(line in done for line in FIELD_LINES)
    assert not any(line.startswith("处理：yuyou") for line in done)


def test_the_township_sees_the_conflict_with_its_own_version_as_the_other(tmp_path: Path) -> None:
    """The county's edit comes down before the township's went up: the township saw both."""
    o = offices(tmp_path)
    unit = add_county_unit(o.county)
    first = tmp_path / "参考数据.yypkg"
    ok(cli("sync", "export", "--out", str(first), data_dir=o.county))
    ok(cli("sync", "import", str(first), data_dir=o.town))
    edit(o.town, "units", "phone", PHONE, unit)
    edit(o.county, "units", "kind", "法律法规授权组织", unit)
    second = tmp_path / "参考数据-2.yypkg"
    ok(cli("sync", "export", "--out", str(second), data_dir=o.county))
    assert "1 处冲突待处理" in ok(cli("sync", "import", str(second), data_dir=o.town)).out
    shown = lines(ok(cli("sync", "conflicts", data_dir=o.town)).out)
    assert (
        shown[1]
        == f"  当前保留：{COUNTY['name']}的版本；另一版本：{TOWNSHIP['name']}（本单位）的版本"
    )
    assert shown[3:5] == FIELD_LINES


def test_a_township_export_counts_changes_and_the_county_export_records(tmp_path: Path) -> None:
    o = offices(tmp_path)
    exported = status(o.town)["exports"][0]
    counts = exported["counts"]
    amount = lines(o.export_out)[3]
    assert amount.startswith(f"变更：共 {exported['records']} 条（")
    assert (
        f"文书 {counts['letters']} 条变更" in amount and f"人员 {counts['people']} 条变更" in amount
    )
    assert "记录：" not in o.export_out
    assert exported["changes"] == exported["records"] == sum(counts.values())
    assert f"\t{exported['records']} 条变更\t" in ok(cli("sync", "status", data_dir=o.town)).out

    reference = ok(cli("sync", "export", "--out", str(tmp_path / "ref.yypkg"), data_dir=o.county))
    amount = lines(reference.out)[3]
    assert amount.startswith("记录：共 ") and "变更" not in amount
    assert re.search(r"文书模板 \d+ 个", amount)
    assert status(o.county)["exports"][0]["changes"] is None


def test_full_export_with_no_change_in_this_database_does_not_suggest_full(
    tmp_path: Path,
) -> None:
    o = offices(tmp_path)
    backup = tmp_path / "town.db"
    ok(cli("backup", "--out", str(backup), data_dir=o.town))
    ok(cli("restore", str(backup), data_dir=o.town))  # a new epoch: its changes start afresh
    target = tmp_path / "full.yypkg"
    full = cli("sync", "export", "--out", str(target), "--full", data_dir=o.town)
    assert full.code == 3 and full.out == "" and not target.exists()
    assert full.err.startswith("错误：当前数据库中还没有任何变更，没有可导出的内容")
    assert "--full" not in full.err

    plain = cli("sync", "export", "--out", str(target), data_dir=o.town)
    assert plain.code == 3 and "请加 --full" in plain.err


def test_files_of_the_same_name_are_shown_with_their_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    o = offices(tmp_path)
    edit(o.town, "people", "phone", "13900000009")
    second = Path(export_changes(o.town, tmp_path / "town-2.yypkg")["file"])
    for stick, package in (("usbA", o.package), ("usbB", second)):
        (tmp_path / stick).mkdir()
        shutil.copy2(package, tmp_path / stick / "新城.yypkg")
    shutil.copy2(second, tmp_path / "另一个.yypkg")
    monkeypatch.chdir(tmp_path)

    # usbB holds the later package: it waits, follows once usbA filled the gap
    result = cli(
        "sync", "import", "usbB/新城.yypkg", "usbA/新城.yypkg", "另一个.yypkg", data_dir=o.county
    )
    assert result.code == 0, result.out + result.err
    rows = [line.split("\t") for line in lines(result.out)]
    assert [row[:2] for row in rows] == [
        ["usbB/新城.yypkg", "等待缺失的数据包"],
        ["usbA/新城.yypkg", "已导入"],
        ["usbB/新城.yypkg", "已导入"],
        ["另一个.yypkg", "已导入过"],  # a name given once stays a name
    ]
    assert rows[2][2].startswith("（此前等待的数据包）")

    again = cli("sync", "import", "usbA/新城.yypkg", "usbB/新城.yypkg", "--json", data_dir=o.county)
    assert again.code == 0
    reports = json.loads(again.out)
    assert [(r["file"], r["path"]) for r in reports] == [
        ("新城.yypkg", "usbA/新城.yypkg"),
        ("新城.yypkg", "usbB/新城.yypkg"),
    ]


def subcommands(parser: argparse.ArgumentParser, *path: str) -> list[str]:
    for name in path:
        (action,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        parser = action.choices[name]
    (action,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return list(action.choices)


def help_section(title: str) -> str:
    page = (ROOT / "resources" / "help" / "index.html").read_text(encoding="utf-8")
    return page.split(f"、{title}</h3>", 1)[1].split("<h3>", 1)[0]


@pytest.mark.parametrize("group", ["sync", "keys"])
def test_the_help_page_lists_every_sync_and_keys_command(group: str) -> None:
    names = subcommands(build_parser(), group)
    assert names  # the parser has them
    commands = help_section("命令行")
    missing = [n for n in names if not re.search(rf"<code>yuyou {group} {n}\b", commands)]
    assert missing == []


def test_the_help_page_explains_the_steps_of_data_exchange() -> None:
    text = re.sub(r"<[^>]+>", "", help_section("数据同步"))
    steps = ["交换公钥并电话核对指纹", "乡镇导出", "县局导入", "县局导出参考数据", "乡镇导入"]
    places = [text.find(step) for step in steps]
    assert -1 not in places and places == sorted(places)
    for word in ("等待缺失的数据包", "等待确认新数据库", "已拒绝", "冲突", "保留当前版本"):
        assert word in text
