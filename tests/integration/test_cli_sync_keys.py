"""``yuyou keys renew`` and ``yuyou keys revoke --fingerprint`` as the clerks would use them: a
township renews its key and follows the printed steps (the county imports what was made before,
revokes the old key by its fingerprint, enrols the new one), and what ``trust`` and ``revoke``
print.  The county (140623) and township (140623101) of cli_sync_support."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

from tests.conftest import TOWNSHIP, CliResult, file_state
from tests.integration.cli_sync_support import (
    TOWN_CODE,
    edit,
    export_changes,
    lines,
    offices,
    trust,
)
from yuyou_desktop.__main__ import build_services
from yuyou_desktop.paths import DataPaths
from yuyou_desktop.services.sync.keys import read_key_file
from yuyou_desktop.storage.models_sync import TrustedKey
from yuyou_desktop.storage.types import utcnow

Cli = Callable[..., CliResult]
FINGERPRINT = r"(?:[0-9A-F]{4}-){7}[0-9A-F]{4}"


def own_fingerprint(yuyou: Cli, folder: Path) -> str:
    return json.loads(yuyou("keys", "show", "--json", data_dir=folder).out)["office"]["fingerprint"]


def enrolled(yuyou: Cli, folder: Path) -> list[tuple[str, bool]]:
    shown = json.loads(yuyou("keys", "show", "--json", data_dir=folder).out)["trusted"]
    return [(t["fingerprint"], t["active"]) for t in shown if t["office_code"] == TOWN_CODE]


def test_a_township_renews_its_key_and_the_county_follows_the_printed_steps(
    yuyou: Cli, tmp_path: Path
) -> None:
    o = offices(tmp_path)  # town-1.yypkg, made with the old key, is not imported yet
    old = own_fingerprint(yuyou, o.town)
    renewed = yuyou("keys", "renew", data_dir=o.town)
    assert renewed.code == 0 and renewed.err == ""
    new = own_fingerprint(yuyou, o.town)
    assert new != old and re.fullmatch(FINGERPRINT, new)
    out = lines(renewed.out)
    assert f"原密钥指纹：{old}" in out and f"新密钥指纹：{new}" in out
    assert any("yuyou keys export --out FILE" in line and "县司法局" in line for line in out)
    revoke_old = f"yuyou keys revoke --office-code {TOWN_CODE} --fingerprint {old}"
    assert any(revoke_old in line and "先导入" in line for line in out)

    key = tmp_path / "town-new.key"
    assert yuyou("keys", "export", "--out", str(key), data_dir=o.town).code == 0
    assert read_key_file(key).fingerprint == new
    before = file_state(o.county)
    second = trust(o.county, TOWNSHIP, key)
    assert second.code == 3 and second.out == ""
    assert second.err == (
        f"错误：单位 {TOWNSHIP['name']}（{TOWN_CODE}）已登记有效的公钥（指纹 {old}）。"
        "如该单位更换了密钥，请先吊销旧公钥再登记新公钥。\n"
    )
    assert file_state(o.county) == before

    # Step by step as printed: first what was made with the old key …
    first = yuyou("sync", "import", str(o.package), data_dir=o.county)
    assert first.code == 0 and "\t已导入\t" in first.out
    # … then the old key revoked by its fingerprint, the new one enrolled.
    revoked = yuyou("keys", "revoke", *revoke_old.split()[3:], data_dir=o.county)
    assert revoked.code == 0, revoked.err
    assert lines(revoked.out) == [
        f"已吊销{TOWNSHIP['name']}（代码 {TOWN_CODE}）的 1 个公钥，指纹：",
        f"  {old}",
        "此后用它们签名的数据包都将被拒绝。",
    ]
    enrolled_new = trust(o.county, TOWNSHIP, key)
    assert enrolled_new.code == 0 and f"指纹：{new}" in lines(enrolled_new.out)
    assert f"--fingerprint {new} 吊销" in enrolled_new.out
    assert enrolled(yuyou, o.county) == [(old, False), (new, True)]

    edit(o.town, "people", "phone", "13900000009")
    after = export_changes(o.town, tmp_path / "town-2.yypkg")
    imported = yuyou("sync", "import", after["file"], data_dir=o.county)
    assert imported.code == 0 and "\t已导入\t写入 1 条。" in imported.out


def test_the_county_renews_and_still_imports_what_was_sealed_for_its_old_key(
    yuyou: Cli, tmp_path: Path
) -> None:
    o = offices(tmp_path)
    renewed = yuyou("keys", "renew", data_dir=o.county)
    assert renewed.code == 0
    assert "乡镇用旧公钥加密的数据包本单位仍能导入" in renewed.out
    assert "交给各乡镇司法所" in renewed.out
    imported = yuyou("sync", "import", str(o.package), data_dir=o.county)
    assert imported.code == 0, imported.out + imported.err
    assert "\t已导入\t" in imported.out
    assert not any((o.county / "sync" / "tmp").iterdir())


def test_revoke_without_a_fingerprint_names_every_key_it_revoked(yuyou: Cli, tmp_path: Path):
    o = offices(tmp_path)
    old = own_fingerprint(yuyou, o.town)
    assert yuyou("keys", "renew", data_dir=o.town).code == 0
    key = tmp_path / "town-new.key"
    assert yuyou("keys", "export", "--out", str(key), data_dir=o.town).code == 0
    found = read_key_file(key)
    services = build_services(DataPaths(o.county))  # a second key, as older versions allowed
    try:
        with services.database.writer() as session:
            session.add(
                TrustedKey(
                    office_code=TOWN_CODE, key_id=found.fingerprint, office_name=found.office_name,
                    role=found.role, signing_public_key=found.signing_public_key,
                    encryption_public_key=found.encryption_public_key, enrolled_at=utcnow(),
                    revoked_at=None,
                )
            )  # fmt: skip
    finally:
        services.database.close()

    before = file_state(o.county)
    typo = ["--office-code", TOWN_CODE, "--fingerprint", "12AB"]
    wrong = yuyou("keys", "revoke", *typo, data_dir=o.county)
    assert wrong.code == 3 and wrong.out == ""
    assert wrong.err == (
        f"错误：单位 {TOWN_CODE} 没有指纹为 12AB 的有效公钥（可能已经吊销，或指纹有误）。\n"
    )
    assert file_state(o.county) == before

    every = yuyou("keys", "revoke", "--office-code", TOWN_CODE, data_dir=o.county)
    assert every.code == 0, every.err
    out = lines(every.out)
    assert out[0] == f"已吊销{TOWNSHIP['name']}（代码 {TOWN_CODE}）的 2 个公钥，指纹："
    assert sorted(out[1:3]) == sorted([f"  {old}", f"  {found.fingerprint}"])
    assert sorted(enrolled(yuyou, o.county)) == sorted([(old, False), (found.fingerprint, False)])
