"""Packages of one township imported twice, out of order, overlapping or with a gap: the county
ends in the same state whatever the order, applies nothing twice and keeps a package after a
gap until the missing range arrives (sync-protocol.md, import rules 3–4)."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.integration.sync_support import (
    TOWN,
    Offices,
    add_person,
    add_unit,
    count_rows,
    dump,
    edit_unit,
    export,
    last_export,
    offices,
    other_files,
    pending_files,
    statuses,
    sync_tmp,
    synced_state,
)
from yuyou_desktop.services.sync.files import file_sha256
from yuyou_desktop.sync.rows import codecs

TOWN_CODE = TOWN[1]


def three_packages(w: Offices, stick: Path) -> tuple[Path, Path, Path, dict[str, str]]:
    """A, B, C: three successive exports of 新城镇 with inserts, edits and a deletion between."""
    town = w.town
    ids = {"unit": add_unit(town, "新城镇综合行政执法队", 1)}
    ids["zhang"] = add_person(town, "张新城", 1, ids["unit"])
    a = export(town, stick, "新城镇-A.yypkg")
    edit_unit(town, ids["unit"], phone="0349-8021234")
    ids["li"] = add_person(town, "李新城", 2, ids["unit"])
    ids["market"] = add_unit(town, "新城镇市场监管所", 2)
    b = export(town, stick, "新城镇-B.yypkg")
    edit_unit(town, ids["unit"], address="新城镇政府院内")
    town.registry.delete("people", ids["zhang"])
    edit_unit(town, ids["market"], name="新城镇市场监督管理所")
    c = export(town, stick, "新城镇-C.yypkg")
    return a, b, c, ids


def seqs(w: Offices) -> list[tuple[int, int]]:
    return [(e.seq_from, e.seq_to) for e in reversed(w.town.sync_export.history())]


def test_the_same_package_twice_is_already_imported_and_changes_nothing(tmp_path):
    with offices(tmp_path) as w:
        unit = add_unit(w.town, "新城镇综合行政执法队", 1)
        add_person(w.town, "张新城", 1, unit)
        package = export(w.town, tmp_path / "stick", "新城镇-1.yypkg")
        first = w.county.sync_import.import_files([package])
        assert statuses(first) == [("新城镇-1.yypkg", "applied")]
        assert first[0].stats["applied"] == 2 and first[0].message == "写入 2 条。"
        before, files = dump(w.county.paths.database), other_files(w.county)
        renamed = tmp_path / "stick" / "新城镇-1 (副本).yypkg"
        shutil.copyfile(package, renamed)
        again = w.county.sync_import.import_files([package, renamed])
        assert statuses(again) == [
            ("新城镇-1.yypkg", "already"),
            ("新城镇-1 (副本).yypkg", "already"),
        ]
        assert all("导入过" in r.message and "没有做任何修改" in r.message for r in again)
        assert dump(w.county.paths.database) == before
        assert other_files(w.county) == files and sync_tmp(w.county) == []
        county_db = w.county.paths.database
        w.close("county")
        closed_bytes = county_db.read_bytes()
        assert w.county.sync_import.import_file(package).status == "already"
        w.close("county")
        assert county_db.read_bytes() == closed_bytes


def test_orders_c_a_b_and_b_c_a_end_in_the_same_state(tmp_path):
    with offices(tmp_path) as w:
        a, b, c, ids = three_packages(w, tmp_path / "stick")
        (a_from, a_to), (b_from, b_to), (c_from, c_to) = seqs(w)
        assert (a_from, b_from, c_from) == (1, a_to + 1, b_to + 1)
        town_rows = dump(w.town.paths.database, ["enforcement_units", "people"])
        w.copy("county", "county2")

        first = w.county.sync_import.import_files([c, a, b])
        assert statuses(first) == [
            (c.name, "pending"), (a.name, "applied"), (b.name, "applied"), (c.name, "applied"),
        ]  # fmt: skip
        assert f"缺少该单位第 {a_from}–{b_to} 号变更的数据包" in first[0].message
        assert first[3].message.startswith("（此前等待的数据包）")

        second = w["county2"].sync_import.import_files([b, c, a])
        assert statuses(second) == [
            (b.name, "pending"), (c.name, "pending"), (a.name, "applied"),
            (b.name, "applied"), (c.name, "applied"),
        ]  # fmt: skip
        assert f"缺少该单位第 {a_from}–{a_to} 号变更的数据包" in second[0].message
        assert f"缺少该单位第 {a_from}–{b_to} 号变更的数据包" in second[1].message

        one, two = synced_state(w.county), synced_state(w["county2"])
        assert one == two
        assert one["peer_state"] == [(TOWN_CODE, last_export(w.town).epoch, c_to)]
        # and the state is the township's own: its rows came across unchanged
        assert dump(w.county.paths.database, ["enforcement_units", "people"]) == town_rows
        unit = w.county.registry.get("units", ids["unit"]).values
        assert (unit["phone"], unit["address"]) == ("0349-8021234", "新城镇政府院内")
        assert count_rows(w.county, "people", "deleted_at IS NOT NULL") == 1
        for county in (w.county, w["county2"]):
            assert pending_files(county) == [] and sync_tmp(county) == []
            assert count_rows(county, "pending_packages") == 0
            assert count_rows(county, "imported_packages") == 3


def test_a_full_export_after_incremental_ones_applies_only_the_unseen_part(tmp_path):
    with offices(tmp_path) as w:
        stick = tmp_path / "stick"
        a, b, _c, ids = three_packages(w, stick)
        w.town.registry.delete("people", ids["li"])
        add_person(w.town, "王新城", 3, ids["market"])
        full = export(w.town, stick, "新城镇-全部.yypkg", full=True)
        assert last_export(w.town).full and last_export(w.town).seq_from == 1
        top, b_to = last_export(w.town).seq_to, seqs(w)[1][1]
        w.copy("county", "county2")

        reports = w.county.sync_import.import_files([a, b, full])
        assert statuses(reports) == [
            (a.name, "applied"),
            (b.name, "applied"),
            (full.name, "applied"),
        ]
        assert reports[2].stats["applied"] == top - b_to  # the overlap 1..b_to is skipped
        assert sum(reports[2].stats["tables"].values()) == top - b_to
        assert reports[2].stats["conflicts"] == reports[2].stats["refused"] == 0

        # the other way round: the full package first, then the incremental ones are already in
        later = w["county2"].sync_import.import_files([full, a, b])
        assert statuses(later) == [(full.name, "applied"), (a.name, "already"), (b.name, "already")]
        assert later[1].message == "其中的变更都已导入过，没有做任何修改。"

        synced = sorted(codecs())
        town_rows = dump(w.town.paths.database, synced)
        assert dump(w.county.paths.database, synced) == town_rows
        assert dump(w["county2"].paths.database, synced) == town_rows
        assert synced_state(w.county)["peer_state"][0][2] == top
        assert synced_state(w["county2"])["peer_state"][0][2] == top


def test_a_gap_is_reported_with_the_missing_numbers_and_filled_later(tmp_path):
    with offices(tmp_path) as w:
        a, b, c, _ids = three_packages(w, tmp_path / "stick")
        _, (b_from, b_to), (c_from, c_to) = seqs(w)
        county = w.county
        assert statuses(county.sync_import.import_files([a])) == [(a.name, "applied")]

        waiting = county.sync_import.import_files([c])
        assert statuses(waiting) == [(c.name, "pending")]
        assert waiting[0].message == (
            f"缺少该单位第 {b_from}–{b_to} 号变更的数据包，已保存本包，补齐缺失的数据包后自动导入。"
            "请该单位重新发送那个数据包（或全部重新导出一次）。"
        )
        assert (waiting[0].seq_from, waiting[0].seq_to) == (c_from, c_to)
        assert pending_files(county) == [f"{file_sha256(c)}.yypkg"]
        kept = county.paths.sync / "pending" / pending_files(county)[0]
        assert kept.read_bytes() == c.read_bytes()
        peer = county.sync_status.peers()[0]
        assert (peer.office_code, peer.max_seq, peer.gap) == (TOWN_CODE, b_from - 1, (b_from, b_to))
        assert peer.waiting == ((c_from, c_to, "gap"),)
        assert count_rows(county, "enforcement_units", "name = ?", "新城镇市场监管所") == 0

        # the same waiting package again is still waiting, and kept once
        assert statuses(county.sync_import.import_files([c])) == [(c.name, "pending")]
        assert len(pending_files(county)) == 1 and count_rows(county, "pending_packages") == 1

        filled = county.sync_import.import_files([b])
        assert statuses(filled) == [(b.name, "applied"), (c.name, "applied")]
        assert pending_files(county) == [] and sync_tmp(county) == []
        assert count_rows(county, "pending_packages") == 0
        peer = county.sync_status.peers()[0]
        assert (peer.max_seq, peer.gap, peer.waiting, peer.packages) == (c_to, None, (), 3)
        assert count_rows(county, "enforcement_units", "name = ?", "新城镇市场监督管理所") == 1
        assert statuses(county.sync_import.import_files([c])) == [(c.name, "already")]
