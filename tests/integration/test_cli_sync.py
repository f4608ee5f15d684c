"""``yuyou sync`` and ``yuyou keys`` between a county and a township: packages exported,
imported once, the gaps and replaced databases that hold a package back, and what ``status``,
``conflicts`` and ``keys show`` report.  (Refused files and keys: test_cli_sync_refusals.py.)"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import TOWNSHIP, CliResult, file_state
from tests.integration.cli_sync_support import (
    COUNTY_CODE,
    TOWN_CODE,
    edit,
    export_changes,
    lines,
    offices,
    peer,
    status,
    trust,
    value_of,
)
from yuyou_desktop.__main__ import build_services
from yuyou_desktop.paths import DataPaths
from yuyou_desktop.services.registry.query import ListQuery

Cli = Callable[..., CliResult]


def columns(result: CliResult) -> list[tuple[str, str, str]]:
    """``sync import``'s lines: (file, result, explanation)."""
    return [tuple(line.split("\t")) for line in lines(result.out)]  # type: ignore[misc]


def counts(yuyou: Cli, folder: Path) -> dict[str, int]:
    return json.loads(yuyou("check", "--json", data_dir=folder).out)["counts"]


def test_township_changes_reach_the_county_once(yuyou: Cli, tmp_path: Path) -> None:
    o = offices(tmp_path)
    assert counts(yuyou, o.county)["people"] == 0
    first = yuyou("sync", "import", str(o.package), data_dir=o.county)
    assert first.code == 0, first.out + first.err
    assert first.err == ""
    [(name, label, message)] = columns(first)
    assert (name, label) == ("town-1.yypkg", "已导入")
    exported = status(o.town)["exports"][0]
    assert message == f"写入 {exported['records']} 条。"
    township = peer(o.county, TOWN_CODE)
    assert township["max_seq"] == exported["seq_to"] and township["gap"] is None
    assert township["packages"] == 1 and township["last_package_id"] == exported["package_id"]
    for table in ("people", "enterprises", "inspections", "leads"):
        assert counts(yuyou, o.county)[table] == counts(yuyou, o.town)[table] > 0

    before = file_state(o.county)
    again = yuyou("sync", "import", str(o.package), data_dir=o.county)
    assert again.code == 0 and again.err == ""
    [(name, label, message)] = columns(again)
    assert (name, label) == ("town-1.yypkg", "已导入过") and "没有做任何修改" in message
    assert file_state(o.county) == before

    text = yuyou("sync", "status", data_dir=o.county)
    assert text.code == 0
    assert f"{TOWN_CODE}\t{TOWNSHIP['name']}" in text.out
    assert f"已收到第 1–{exported['seq_to']} 号变更" in text.out
    assert "待处理的冲突：0 处" in text.out


def test_export_reports_what_the_package_holds(tmp_path: Path) -> None:
    o = offices(tmp_path)
    exported = status(o.town)["exports"][0]
    assert exported["file"].endswith("town-1.yypkg") and exported["seq_from"] == 1
    out = lines(o.export_out)
    assert out[0] == f"已导出数据包：{exported['file']}"
    assert out[1] == f"数据包编号：{exported['package_id']}"
    assert out[2] == f"内容：第 1–{exported['seq_to']} 号变更"
    assert out[3].startswith(f"变更：共 {exported['records']} 条（") and "人员 " in out[3]
    assert out[4] == f"附件：{exported['attachments']} 个"
    assert out[5].startswith("大小：") and out[5].endswith(f"SHA-256：{exported['sha256']}")
    assert exported["attachments"] > 0 and exported["missing_files"] == []

    town = status(o.town)
    assert town["office"]["code"] == TOWN_CODE and town["office"]["role"] == "township"
    assert town["unexported_changes"] == 0 and town["unresolved_conflicts"] == 0
    assert [p["office_code"] for p in town["peers"]] == [COUNTY_CODE]


def test_nothing_new_to_export_is_refused_and_full_exports_everything_again(
    yuyou: Cli, tmp_path: Path
) -> None:
    o = offices(tmp_path)
    target = tmp_path / "again.yypkg"
    nothing = yuyou("sync", "export", "--out", str(target), data_dir=o.town)
    assert nothing.code == 3 and nothing.out == ""
    assert nothing.err.startswith("错误：自上次导出以来没有新的变更") and "--full" in nothing.err
    assert nothing.err.count("\n") == 1
    assert not target.exists()

    full = yuyou("sync", "export", "--out", str(target), "--full", data_dir=o.town)
    assert full.code == 0, full.err
    seq_to = status(o.town)["exports"][1]["seq_to"]
    assert f"内容：第 1–{seq_to} 号变更（全部重新导出）" in full.out

    assert yuyou("sync", "import", str(o.package), data_dir=o.county).code == 0
    repeat = yuyou("sync", "import", str(target), data_dir=o.county)
    assert repeat.code == 0
    assert columns(repeat) == [
        ("again.yypkg", "已导入过", "其中的变更都已导入过，没有做任何修改。")
    ]


def test_an_attachment_missing_from_the_store_is_warned_about(yuyou: Cli, tmp_path: Path) -> None:
    o = offices(tmp_path)
    stored = sorted(p for p in (o.town / "attachments").rglob("*") if p.is_file())
    stored[0].unlink()
    result = yuyou("sync", "export", "--out", str(tmp_path / "p.yypkg"), "--full", data_dir=o.town)
    assert result.code == 0
    assert (
        result.err
        == f"警告：附件库中找不到文件 {stored[0].name}，数据包中没有它（对方将看不到这个附件）。\n"
    )
    exported = status(o.town)["exports"][0]
    assert exported["missing_files"] == [stored[0].name]
    assert f"附件：{exported['attachments']} 个" in result.out


def customise_templates(county: Path) -> None:
    """The county edits the wording of one letter (its own templates in the data folder)."""
    folder = county / "templates" / "letters"
    folder.mkdir(parents=True)
    for source in sorted((Path(__file__).parents[2] / "resources" / "letters").glob("*.json")):
        data = json.loads(source.read_text(encoding="utf-8"))
        if data["code"] == "notice":
            data["fields"][0]["hint"] = "县司法局修订：写明查明的事实、证据和认定理由。"
        (folder / source.name).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_the_county_reference_package_reaches_the_township_once(yuyou: Cli, tmp_path: Path) -> None:
    o = offices(tmp_path)
    customise_templates(o.county)
    ref = tmp_path / "参考数据.yypkg"
    made = yuyou("sync", "export", "--out", str(ref), data_dir=o.county)
    assert made.code == 0, made.err
    assert "内容：县司法局参考数据" in made.out and "文书模板 " in made.out
    county = status(o.county)
    assert county["exports"][0]["kind"] == "county_reference"
    assert county["unexported_changes"] is None
    assert not (o.town / "templates" / "letters").exists()

    first = yuyou("sync", "import", str(ref), "--json", data_dir=o.town)
    assert first.code == 0 and first.err == ""
    [report] = json.loads(first.out)
    assert report["status"] == "applied" and report["label"] == "已导入"
    assert report["office_code"] == COUNTY_CODE and "文书模板已更新" in report["message"]
    assert sorted((o.town / "templates" / "letters").glob("*.json"))
    again = yuyou("sync", "import", str(ref), data_dir=o.town)
    assert again.code == 0 and columns(again)[0][:2] == ("参考数据.yypkg", "已导入过")
    ref2 = tmp_path / "参考数据-2.yypkg"
    assert yuyou("sync", "export", "--out", str(ref2), data_dir=o.county).code == 0
    second = yuyou("sync", "import", str(ref2), data_dir=o.town)
    assert second.code == 0 and "文书模板已更新" not in second.out  # the same templates
    county_peer = peer(o.town, COUNTY_CODE)
    assert county_peer["packages"] == 2 and county_peer["last_imported_at"] is not None


@pytest.mark.parametrize("together", [False, True], ids=["one-by-one", "in-one-call"])
def test_a_package_after_a_gap_waits_and_follows_when_the_gap_is_filled(
    together: bool, yuyou: Cli, tmp_path: Path
) -> None:
    o = offices(tmp_path)
    assert yuyou("sync", "import", str(o.package), data_dir=o.county).code == 0
    edit(o.town, "people", "phone", "13900000001")
    second = export_changes(o.town, tmp_path / "town-2.yypkg")
    edit(o.town, "people", "phone", "13900000002")
    third = export_changes(o.town, tmp_path / "town-3.yypkg")
    gap = (second["seq_from"], second["seq_to"])
    numbers = f"{gap[0]}" if gap[0] == gap[1] else f"{gap[0]}–{gap[1]}"
    missing = f"缺少该单位第 {numbers} 号变更的数据包"

    if together:
        both = yuyou("sync", "import", third["file"], second["file"], data_dir=o.county)
        assert both.code == 0, both.out + both.err
        assert [c[:2] for c in columns(both)] == [
            ("town-3.yypkg", "等待缺失的数据包"),
            ("town-2.yypkg", "已导入"),
            ("town-3.yypkg", "已导入"),
        ]
    else:
        waiting = yuyou("sync", "import", third["file"], data_dir=o.county)
        assert waiting.code == 4
        [(name, label, message)] = columns(waiting)
        assert (name, label) == ("town-3.yypkg", "等待缺失的数据包") and message.startswith(missing)
        assert waiting.err == "警告：1 个数据包在等待（原因见上），其数据尚未导入。\n"
        township = peer(o.county, TOWN_CODE)
        assert township["gap"] == {"from": second["seq_from"], "to": second["seq_to"]}
        assert township["waiting"] == [
            {"seq_from": third["seq_from"], "seq_to": third["seq_to"], "reason": "gap"}
        ]
        assert "等待中：" in yuyou("sync", "status", data_dir=o.county).out
        filled = yuyou("sync", "import", second["file"], data_dir=o.county)
        assert filled.code == 0 and filled.err == ""
        assert [c[:2] for c in columns(filled)] == [
            ("town-2.yypkg", "已导入"),
            ("town-3.yypkg", "已导入"),
        ]
        assert columns(filled)[1][2].startswith("（此前等待的数据包）")
    township = peer(o.county, TOWN_CODE)
    assert township["max_seq"] == third["seq_to"]
    assert township["gap"] is None and township["waiting"] == []
    assert not any((o.county / "sync" / "pending").iterdir())
    assert not any((o.county / "sync" / "tmp").iterdir())


@pytest.mark.parametrize("how", ["confirm-epoch", "--accept-new-epoch"])
def test_a_restored_township_database_is_imported_only_once_confirmed(
    how: str, yuyou: Cli, tmp_path: Path
) -> None:
    o = offices(tmp_path)
    assert yuyou("sync", "import", str(o.package), data_dir=o.county).code == 0
    backup = tmp_path / "town-backup.db"
    assert yuyou("backup", "--out", str(backup), data_dir=o.town).code == 0
    assert yuyou("restore", str(backup), data_dir=o.town).code == 0
    edit(o.town, "people", "phone", "13900000003")
    after = export_changes(o.town, tmp_path / "restored.yypkg")
    assert after["seq_from"] == 1  # a new database epoch numbers its changes afresh

    held = yuyou("sync", "import", after["file"], data_dir=o.county)
    assert held.code == 4
    [(name, _label, message)] = columns(held)
    assert name == "restored.yypkg" and "数据库已更换" in message
    waiting = peer(o.county, TOWN_CODE)["waiting"]
    assert waiting == [{"seq_from": 1, "seq_to": 1, "reason": "epoch"}]

    if how == "confirm-epoch":
        done = yuyou("sync", "confirm-epoch", "--office-code", TOWN_CODE, data_dir=o.county)
    else:
        done = yuyou("sync", "import", after["file"], how, data_dir=o.county)
    assert done.code == 0, done.out + done.err
    assert columns(done) == [("restored.yypkg", "已导入", "写入 1 条。")]
    township = peer(o.county, TOWN_CODE)
    assert township["waiting"] == [] and township["max_seq"] == 1
    if how == "confirm-epoch":
        none_left = yuyou("sync", "confirm-epoch", "--office-code", TOWN_CODE, data_dir=o.county)
        assert none_left.code == 3
        assert none_left.err == f"错误：没有单位 {TOWN_CODE} 等待确认的数据包。\n"


def test_conflicts_on_a_database_without_any(yuyou: Cli, tmp_path: Path) -> None:
    o = offices(tmp_path)
    for folder in (o.county, o.town):
        for extra in ([], ["--all"]):
            listed = yuyou("sync", "conflicts", "--json", *extra, data_dir=folder)
            assert listed.code == 0 and json.loads(listed.out) == []
        assert yuyou("sync", "conflicts", data_dir=folder).out == "没有待处理的冲突。\n"
    unknown = yuyou("sync", "resolve", "7", "--keep", data_dir=o.county)
    assert unknown.code == 3 and unknown.err == "错误：没有编号为 7 的冲突。\n"
    assert yuyou("sync", "resolve", "7", data_dir=o.county).code == 2
    assert yuyou("sync", "resolve", "7", "--keep", "--take-other", data_dir=o.county).code == 2


def county_unit(county: Path) -> str:
    services = build_services(DataPaths(county))
    try:
        query = ListQuery(origin_office=COUNTY_CODE, limit=1)
        return services.registry.list("units", query).rows[0].id
    finally:
        services.database.close()


def test_a_conflict_is_listed_and_resolved(yuyou: Cli, tmp_path: Path) -> None:
    o = offices(tmp_path)
    assert yuyou("sync", "import", str(o.package), data_dir=o.county).code == 0
    assert yuyou("demo", data_dir=o.county).code == 0  # the county's catalogue of units
    ref = tmp_path / "参考数据.yypkg"
    assert yuyou("sync", "export", "--out", str(ref), data_dir=o.county).code == 0
    assert yuyou("sync", "import", str(ref), data_dir=o.town).code == 0
    unit = county_unit(o.county)
    edit(o.county, "units", "remark", "县司法局核实的备注", unit)  # the catalogue is co-edited
    edit(o.town, "units", "remark", "司法所的备注", unit)  # later: this version stays
    package = export_changes(o.town, tmp_path / "town-2.yypkg")
    imported = yuyou("sync", "import", package["file"], data_dir=o.county)
    assert imported.code == 0 and "1 处冲突待处理" in imported.out
    assert status(o.county)["unresolved_conflicts"] == 1
    [conflict] = json.loads(yuyou("sync", "conflicts", "--json", data_dir=o.county).out)
    assert (conflict["table"], conflict["table_label"]) == ("enforcement_units", "行政执法主体")
    assert conflict["record_id"] == unit
    assert [(f["column"], f["label"]) for f in conflict["fields"]] == [("remark", "备注")]
    assert (conflict["kept_office"], conflict["other_office"]) == (TOWN_CODE, COUNTY_CODE)
    assert conflict["other"]["remark"] == "县司法局核实的备注" and conflict["resolution"] is None
    listed = lines(yuyou("sync", "conflicts", data_dir=o.county).out)
    assert listed[0].startswith(f"冲突 {conflict['id']}：行政执法主体“")
    assert (
        listed[1] == f"  当前保留：{TOWNSHIP['name']}的版本；另一版本：右玉县司法局（本单位）的版本"
    )
    assert "  备注\t当前保留：司法所的备注\t另一版本：县司法局核实的备注" in listed
    assert value_of(o.county, "units", unit, "remark") == "司法所的备注"

    ident = str(conflict["id"])
    taken = yuyou("sync", "resolve", ident, "--take-other", data_dir=o.county)
    assert taken.code == 0 and taken.out.startswith(f"已处理冲突 {ident}（行政执法主体“")
    assert value_of(o.county, "units", unit, "remark") == "县司法局核实的备注"
    assert json.loads(yuyou("sync", "conflicts", "--json", data_dir=o.county).out) == []
    [done] = json.loads(yuyou("sync", "conflicts", "--json", "--all", data_dir=o.county).out)
    assert done["resolution"] == "other" and done["resolved_at"] is not None
    assert "采用另一版本" in yuyou("sync", "conflicts", "--all", data_dir=o.county).out
    twice = yuyou("sync", "resolve", ident, "--keep", data_dir=o.county)
    assert twice.code == 3 and twice.err == "错误：这个冲突已经处理过了。\n"


def test_keys_show_the_fingerprints_to_compare_by_phone(yuyou: Cli, tmp_path: Path) -> None:
    o = offices(tmp_path)
    county = json.loads(yuyou("keys", "show", "--json", data_dir=o.county).out)
    town = json.loads(yuyou("keys", "show", "--json", data_dir=o.town).out)
    assert county["office"]["code"] == COUNTY_CODE and county["office"]["role"] == "county"
    [enrolled] = county["trusted"]
    assert enrolled["office_code"] == TOWN_CODE and enrolled["active"] is True
    assert enrolled["fingerprint"] == town["office"]["fingerprint"]
    assert town["trusted"][0]["fingerprint"] == county["office"]["fingerprint"]

    again = trust(o.county, TOWNSHIP, o.keys / "town.key")  # the same key once more: no change
    assert again.code == 0
    assert f"指纹：{town['office']['fingerprint']}" in lines(again.out)
    assert json.loads(yuyou("keys", "show", "--json", data_dir=o.county).out) == county
    shown = yuyou("keys", "show", data_dir=o.county).out
    assert f"密钥指纹：{county['office']['fingerprint']}" in shown
    assert f"{TOWN_CODE}\t{TOWNSHIP['name']}\t乡镇司法所\t{town['office']['fingerprint']}" in shown

    written = yuyou("keys", "export", "--out", str(tmp_path / "mine.key"), data_dir=o.town)
    assert written.code == 0 and f"密钥指纹：{town['office']['fingerprint']}" in written.out
    key = json.loads((tmp_path / "mine.key").read_text(encoding="utf-8"))
    assert key["office_code"] == TOWN_CODE and key["fingerprint"] == town["office"]["fingerprint"]


def test_sync_needs_an_initialised_office(yuyou: Cli, tmp_path: Path) -> None:
    result = yuyou("sync", "status", data_dir=tmp_path / "empty")
    assert result.code == 3 and "yuyou init" in result.err
