"""Packages from the wrong hands or the wrong program: a signer the county never enrolled, a
revoked one, a key of one office used under another office's name, a newer format, capability or
schema, a package encrypted for another county, an office's own package, a township's package
at another township.  Each is refused with its reason and changes nothing (sync-protocol.md,
import rule 2)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import x25519

from tests.integration.sync_support import (
    STRANGER,
    TOWN,
    Offices,
    add_unit,
    count_rows,
    export,
    hand_package,
    offices,
    opened_rows,
    refused,
    seal_package,
    zip_payload,
)
from yuyou_desktop.storage.migrate import HEAD_REVISION

NEWER = "它由更新版本的程序制作，请先升级本程序。"


@pytest.fixture
def world(tmp_path: Path) -> Iterator[tuple[Offices, Path, dict[str, Any]]]:
    """新城镇's real package of one unit (not imported) and its changes."""
    with offices(tmp_path) as w:
        add_unit(w.town, "新城镇综合行政执法队", 1)
        real = export(w.town, tmp_path / "stick", "新城镇.yypkg")
        yield w, real, opened_rows(w.county, real)


def unknown_signer(office: str) -> str:
    return f"签名单位（{office}）的公钥未登记或已吊销。"


def test_the_real_package_is_accepted(world):
    """The control for every refusal below."""
    w, real, _rows = world
    assert w.county.sync_import.import_file(real).status == "applied"


def test_a_township_the_county_never_enrolled_is_refused(world, tmp_path):
    w, _real, _rows = world
    add_unit(w.stranger, "元堡子镇综合行政执法队", 3)
    package = export(w.stranger, tmp_path / "stick", "元堡子镇.yypkg")
    refused(w.county, package, unknown_signer(STRANGER[1]))


def test_a_revoked_township_is_refused_and_shown_as_revoked(world):
    w, real, _rows = world
    assert w.county.sync_keys.revoke(TOWN[1]) == 1
    refused(w.county, real, unknown_signer(TOWN[1]))
    peer = next(p for p in w.county.sync_status.peers() if p.office_code == TOWN[1])
    assert (peer.revoked, peer.packages) == (True, 0)


def test_another_townships_key_under_this_townships_name_is_refused(world, tmp_path):
    """威远镇's enrolled key signing as 新城镇: as 威远镇's key id it is not 新城镇's key; with
    新城镇's key id the signature does not match."""
    w, _real, rows = world
    other = w.town2.sync_keys.own().fingerprint
    as_town = {"origin_office": TOWN[1], "db_epoch": "ab" * 16}
    borrowed = hand_package(w.town2, w.county, tmp_path / "a.yypkg", rows, key_id=other, **as_town)
    refused(w.county, borrowed, unknown_signer(TOWN[1]))
    mine = w.town.sync_keys.own().fingerprint
    forged = hand_package(w.town2, w.county, tmp_path / "b.yypkg", rows, key_id=mine, **as_town)
    refused(w.county, forged, "签名不符")


@pytest.mark.parametrize(
    "header",
    [
        {"format_version": 2},
        {"required_capabilities": ["changes-v1", "photos-v2"]},
        {"schema_version": "9999"},
        {"schema_version": f"{int(HEAD_REVISION) + 1:04d}"},
    ],
    ids=["format", "capability", "schema", "next-schema"],
)
def test_a_package_from_a_newer_program_is_refused(world, tmp_path, header):
    w, _real, rows = world
    newer = hand_package(w.town, w.county, tmp_path / "新版.yypkg", rows, **header)
    refused(w.county, newer, NEWER)
    control = hand_package(w.town, w.county, tmp_path / "同版.yypkg", rows)
    assert w.county.sync_import.import_file(control).status == "applied"


def test_a_package_encrypted_for_another_county_key_is_refused(world, tmp_path):
    w, _real, rows = world
    elsewhere = x25519.X25519PrivateKey.generate().public_key()
    package = hand_package(w.town, w.county, tmp_path / "外县.yypkg", rows, recipient=elsewhere)
    refused(w.county, package, "无法解密：它不是加密给本单位的，或密钥不对。")


def test_a_package_of_the_wrong_kind_is_refused(world, tmp_path):
    w, _real, rows = world
    package = hand_package(w.town, w.county, tmp_path / "错类.yypkg", rows, kind="county_reference")
    refused(w.county, package, "参考数据包，应在乡镇司法所导入")


def test_the_county_cannot_import_its_own_reference_package(world, tmp_path):
    w, _real, _rows = world
    add_unit(w.county, "右玉县市场监督管理局", 5)
    own = export(w.county, tmp_path / "stick", "右玉县-参考数据.yypkg")
    refused(w.county, own, "这是本单位自己导出的数据包")
    assert count_rows(w.county, "imported_packages") == 0


def test_a_township_cannot_import_its_own_or_another_townships_package(world):
    w, real, _rows = world
    refused(w.town, real, "这是本单位自己导出的数据包")
    report = refused(w.town2, real, TOWN[1])
    assert report.message == (
        f"“{real.name}”不能导入：这是乡镇司法所（{TOWN[1]}）的数据包，应在县司法局导入。"
        "没有做任何修改。"
    )


def test_a_reference_package_signed_by_a_township_is_refused_at_a_township(world, tmp_path):
    w, _real, _rows = world
    made = seal_package(
        w.town, w.county, zip_payload([]), tmp_path / "假参考.yypkg", encrypted=False,
        kind="county_reference", seq_from=1, seq_to=0,
    )  # fmt: skip
    refused(w.town2, made, "应在县司法局导入")


def test_a_reference_package_with_a_broken_time_is_refused_not_raised(world, tmp_path):
    """Signed by the county itself, but its creation time is not a time: refused with the
    reason like any bad header, never an exception out of the import."""
    w, _real, _rows = world
    made = seal_package(
        w.county, w.county, zip_payload([]), tmp_path / "参考.yypkg", encrypted=False,
        kind="county_reference", seq_from=1, seq_to=0, created_at="上周三",
    )  # fmt: skip
    refused(w.town, made, "头部信息不完整或有误")
    good = seal_package(
        w.county, w.county, zip_payload([]), tmp_path / "参考2.yypkg", encrypted=False,
        kind="county_reference", seq_from=1, seq_to=0,
    )  # fmt: skip
    assert w.town.sync_import.import_file(good).status == "applied"
