"""Renewing an office's keys, and the rules of enrolling: one active key per office, one county
per township, only the county's own townships; revoking one key by its fingerprint; a township
told that its county's key was revoked (not that it was never enrolled).

The offices of sync_support: the county 140623 has enrolled 新城镇 (140623101) and 威远镇, each
township has pinned the county."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.integration.sync_support import (
    COUNTY,
    TOWN,
    Offices,
    add_unit,
    count_rows,
    dump,
    export,
    offices,
    refused,
    statuses,
    sync_tmp,
)
from yuyou_desktop.__main__ import build_services
from yuyou_desktop.errors import InputRejected
from yuyou_desktop.paths import DataPaths
from yuyou_desktop.services import Services
from yuyou_desktop.services.sync.keys import read_key_file
from yuyou_desktop.storage.models_sync import TrustedKey
from yuyou_desktop.storage.types import utcnow
from yuyou_desktop.sync.envelope import PackageRejected, open_package
from yuyou_desktop.sync.keys import load_encryption_key

OTHER_COUNTY = ("county", "140624", "山阴县司法局", "山司监")
OUTSIDE_TOWN = ("township", "140624101", "岱岳镇司法所", "岱司")


@pytest.fixture
def w(tmp_path: Path) -> Iterator[Offices]:
    with offices(tmp_path) as world:
        yield world


@contextmanager
def new_office(folder: Path, office: tuple[str, str, str, str]) -> Iterator[Services]:
    services = build_services(DataPaths(folder))
    services.office.initialize(*office)
    try:
        yield services
    finally:
        services.database.close()


def key_file(services: Services, folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return services.sync_keys.export_public(folder / name)


def active(services: Services, code: str) -> list[str]:
    return [
        t.fingerprint for t in services.sync_keys.trusted() if t.office_code == code and t.active
    ]


def unit_count(services: Services, name: str) -> int:
    return count_rows(services, "enforcement_units", "name = ?", name)


def refusal(call, *args) -> str:
    with pytest.raises(InputRejected) as caught:
        call(*args)
    return caught.value.message


def test_a_renewed_township_is_enrolled_again_and_its_packages_from_before_and_after_import(
    w, tmp_path
):
    stick = tmp_path / "stick"
    add_unit(w.town, "新城镇综合行政执法队", 1)
    before = export(w.town, stick, "旧密钥.yypkg")
    keys = w.town.paths.keys
    old = w.town.sync_keys.own()
    old_files = {p.name: p.read_bytes() for p in keys.glob("*.pem")}

    new = w.town.sync_keys.renew()
    assert (new.office_code, new.office_name, new.role) == (
        old.office_code,
        old.office_name,
        "township",
    )
    assert new.fingerprint != old.fingerprint
    assert new.encryption_public_key != old.encryption_public_key
    assert w.town.sync_keys.own() == new
    [retired] = keys.glob("retired-*")
    assert re.fullmatch(r"retired-\d{8}-\d{6}", retired.name)
    assert {p.name: p.read_bytes() for p in retired.iterdir()} == old_files
    assert sorted(p.name for p in keys.iterdir()) == sorted([*old_files, retired.name])
    assert all(p.read_bytes() != old_files[p.name] for p in keys.glob("*.pem"))

    add_unit(w.town, "新城镇人民政府", 2)
    after = export(w.town, stick, "新密钥.yypkg")
    # The county still trusts the old key: what was made before the renewal imports …
    assert w.county.sync_import.import_file(before).status == "applied"
    # … what was made after it waits for the new key to be enrolled.
    refused(w.county, after, f"签名单位（{TOWN[1]}）的公钥未登记或已吊销")

    renewed = key_file(w.town, tmp_path / "keys", "新城镇-新.key")
    assert read_key_file(renewed).fingerprint == new.fingerprint
    assert "请先吊销旧公钥" in refusal(w.county.sync_keys.trust, TOWN[1], TOWN[2], renewed)
    assert w.county.sync_keys.revoke(TOWN[1], old.fingerprint) == 1
    assert w.county.sync_keys.trust(TOWN[1], TOWN[2], renewed).fingerprint == new.fingerprint
    assert active(w.county, TOWN[1]) == [new.fingerprint]

    report = w.county.sync_import.import_file(after)
    assert report.status == "applied", report.message
    assert (
        unit_count(w.county, "新城镇综合行政执法队") == unit_count(w.county, "新城镇人民政府") == 1
    )
    assert sync_tmp(w.county) == []


def test_a_renewal_that_cannot_be_stored_puts_the_old_keys_back(w, tmp_path, monkeypatch):
    keys = w.town.paths.keys
    files = {p.name: p.read_bytes() for p in keys.iterdir()}
    old = w.town.sync_keys.own()

    def busy():
        raise InputRejected("数据库正忙。")

    monkeypatch.setattr(w.town.database, "writer", busy)
    assert refusal(w.town.sync_keys.renew) == "数据库正忙。"
    monkeypatch.undo()
    assert {p.name: p.read_bytes() for p in keys.iterdir()} == files  # no retired-, no temporary
    assert w.town.sync_keys.own() == old
    add_unit(w.town, "新城镇综合行政执法队", 1)
    package = export(w.town, tmp_path / "stick", "照常.yypkg")
    assert w.county.sync_import.import_file(package).status == "applied"


def test_after_the_county_renews_it_still_opens_packages_sealed_for_its_old_key(w, tmp_path):
    stick = tmp_path / "stick"
    add_unit(w.town, "新城镇综合行政执法队", 1)
    first = export(w.town, stick, "1.yypkg")
    old = w.county.sync_keys.own()
    new = w.county.sync_keys.renew()
    [retired] = w.county.paths.keys.glob("retired-*")
    add_unit(w.town, "新城镇人民政府", 2)
    second = export(w.town, stick, "2.yypkg")  # the township still has the county's old key

    verify = w.county.sync_keys.verifier("township")
    with first.open("rb") as src, pytest.raises(PackageRejected, match="无法解密"):
        open_package(src, verify, io.BytesIO(), w.county.sync_keys.decryption_key())
    reports = w.county.sync_import.import_files([first, second])
    assert statuses(reports) == [("1.yypkg", "applied"), ("2.yypkg", "applied")]
    assert unit_count(w.county, "新城镇人民政府") == 1
    assert sync_tmp(w.county) == []

    # The county's reference package, signed with its new key, is refused until the township
    # has enrolled that key; from then on the township's packages are sealed for the new key.
    reference = export(w.county, stick, "参考.yypkg")
    refused(w.town, reference, f"签名单位（{COUNTY[1]}）的公钥未登记或已吊销")
    county_key = key_file(w.county, tmp_path / "keys", "县-新.key")
    assert "已登记有效的公钥" in refusal(w.town.sync_keys.trust, COUNTY[1], COUNTY[2], county_key)
    assert w.town.sync_keys.revoke(COUNTY[1], old.fingerprint) == 1
    assert w.town.sync_keys.trust(COUNTY[1], COUNTY[2], county_key).fingerprint == new.fingerprint
    assert w.town.sync_import.import_file(reference).status == "applied"

    add_unit(w.town, "新城镇农业综合服务中心", 3)
    third = export(w.town, stick, "3.yypkg")
    with third.open("rb") as src, pytest.raises(PackageRejected, match="无法解密"):
        open_package(src, verify, io.BytesIO(), load_encryption_key(retired))
    assert w.county.sync_import.import_file(third).status == "applied"
    assert unit_count(w.county, "新城镇农业综合服务中心") == 1


def test_a_database_restored_from_before_a_renewal_still_signs_with_the_key_it_names(w, tmp_path):
    """A backup from before the renewal names the old key: the township's packages are signed
    with the retired key, which the county still trusts."""
    old = w.town.sync_keys.own()
    w.town.maintenance.backup(tmp_path / "备份.db")
    w.town.sync_keys.renew()
    w.town.maintenance.restore(tmp_path / "备份.db")
    assert w.town.sync_keys.own() == old
    add_unit(w.town, "新城镇综合行政执法队", 1)
    package = export(w.town, tmp_path / "stick", "恢复后.yypkg")
    assert w.county.sync_import.import_file(package).status == "applied"
    assert unit_count(w.county, "新城镇综合行政执法队") == 1


def enrol_as_before(county: Services, key: Path) -> None:
    """A second active key of one township, as versions before this rule accepted silently."""
    found = read_key_file(key)
    with county.database.writer() as session:
        session.add(
            TrustedKey(
                office_code=found.office_code, key_id=found.fingerprint,
                office_name=found.office_name, role=found.role,
                signing_public_key=found.signing_public_key,
                encryption_public_key=found.encryption_public_key,
                enrolled_at=utcnow(), revoked_at=None,
            )
        )  # fmt: skip


def test_revoking_one_key_by_its_fingerprint_leaves_the_other_active(w, tmp_path):
    stick = tmp_path / "stick"
    add_unit(w.town, "新城镇综合行政执法队", 1)
    before = export(w.town, stick, "旧密钥.yypkg")
    old = w.town.sync_keys.own().fingerprint
    new = w.town.sync_keys.renew().fingerprint
    enrol_as_before(w.county, key_file(w.town, tmp_path / "keys", "新城镇-新.key"))
    assert sorted(active(w.county, TOWN[1])) == sorted([old, new])

    unchanged = dump(w.county.paths.database)
    wrong = "0000-1111-2222-3333-4444-5555-6666-7777"
    message = refusal(w.county.sync_keys.revoke, TOWN[1], wrong)
    assert message == f"单位 {TOWN[1]} 没有指纹为 {wrong} 的有效公钥（可能已经吊销，或指纹有误）。"
    assert dump(w.county.paths.database) == unchanged

    typed = old.lower().replace("-", "")  # as read out over the phone
    assert w.county.sync_keys.revoke(TOWN[1], typed) == 1
    assert active(w.county, TOWN[1]) == [new]
    assert "可能已经吊销" in refusal(w.county.sync_keys.revoke, TOWN[1], old)
    refused(w.county, before, f"签名单位（{TOWN[1]}）的公钥未登记或已吊销")
    add_unit(w.town, "新城镇人民政府", 2)
    after = export(w.town, stick, "新密钥.yypkg", full=True)
    assert w.county.sync_import.import_file(after).status == "applied"
    assert unit_count(w.county, "新城镇人民政府") == 1
    assert active(w.county, "140623102") != []  # 威远镇 untouched


def test_a_second_active_key_of_an_office_is_refused_and_nothing_changes(w, tmp_path):
    first = key_file(w.town, tmp_path / "keys", "新城镇.key")
    old = w.town.sync_keys.own().fingerprint
    w.town.sync_keys.renew()
    second = key_file(w.town, tmp_path / "keys", "新城镇-新.key")
    unchanged = dump(w.county.paths.database)
    assert refusal(w.county.sync_keys.trust, TOWN[1], TOWN[2], second) == (
        f"单位 {TOWN[2]}（{TOWN[1]}）已登记有效的公钥（指纹 {old}）。"
        "如该单位更换了密钥，请先吊销旧公钥再登记新公钥。"
    )
    assert dump(w.county.paths.database) == unchanged
    again = w.county.sync_keys.trust(TOWN[1], TOWN[2], first)  # the same key: still fine
    assert again.fingerprint == old and again.active
    assert active(w.county, TOWN[1]) == [old]


def test_a_township_pins_one_county(w, tmp_path):
    with new_office(tmp_path / "山阴县", OTHER_COUNTY) as other:
        other_key = key_file(other, tmp_path / "keys", "山阴县.key")
    unchanged = dump(w.town.paths.database)
    message = refusal(w.town.sync_keys.trust, OTHER_COUNTY[1], OTHER_COUNTY[2], other_key)
    assert message.startswith(f"已登记县司法局 {COUNTY[2]}（{COUNTY[1]}）的公钥")
    assert dump(w.town.paths.database) == unchanged
    w.town.sync_keys.revoke(COUNTY[1])  # once the first county's key is revoked: allowed
    enrolled = w.town.sync_keys.trust(OTHER_COUNTY[1], OTHER_COUNTY[2], other_key)
    assert enrolled.office_code == OTHER_COUNTY[1] and enrolled.active


def test_a_county_enrols_only_its_own_townships(w, tmp_path):
    with new_office(tmp_path / "岱岳镇", OUTSIDE_TOWN) as outsider:
        outside_key = key_file(outsider, tmp_path / "keys", "岱岳镇.key")
    unchanged = dump(w.county.paths.database)
    message = refusal(w.county.sync_keys.trust, OUTSIDE_TOWN[1], OUTSIDE_TOWN[2], outside_key)
    assert message.startswith(f"单位代码 {OUTSIDE_TOWN[1]} 不属于本县（{COUNTY[1]}）")
    assert dump(w.county.paths.database) == unchanged


def test_a_township_whose_county_key_was_revoked_is_told_so(w, tmp_path):
    stick = tmp_path / "stick"
    stick.mkdir()
    add_unit(w.town, "新城镇综合行政执法队", 1)
    old = w.town.sync_keys.own()
    w.town.sync_keys.revoke(COUNTY[1])
    message = refusal(w.town.sync_export.export, stick / "报送.yypkg")
    county_fp = w.county.sync_keys.own().fingerprint
    assert message == (
        f"县司法局 {COUNTY[2]}（{COUNTY[1]}）的公钥（指纹 {county_fp}）已被吊销，无法导出数据包。"
        "请向县司法局索取其新的公钥文件，登记后再导出。"
    )
    assert not (stick / "报送.yypkg").exists() and w.town.sync_export.history() == []

    w.county.sync_keys.renew()
    renewed = key_file(w.county, tmp_path / "keys", "县-新.key")
    w.town.sync_keys.trust(COUNTY[1], COUNTY[2], renewed)
    package = export(w.town, stick, "报送.yypkg")
    assert w.county.sync_import.import_file(package).status == "applied"
    assert w.town.sync_keys.own() == old  # the township's own key never changed
