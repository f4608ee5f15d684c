"""What ``yuyou sync import`` and ``yuyou keys`` refuse: each refused file gets its line and the
reason, exit code 3, and the receiving office's data folder stays byte for byte as it was; the
good files of the same call are still imported."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import COUNTY, TOWNSHIP, CliResult, file_state
from tests.integration.cli_sync_support import (
    COUNTY_CODE,
    TOWN_CODE,
    Offices,
    cli,
    lines,
    offices,
    peer,
    status,
    trust,
)

Cli = Callable[..., CliResult]


def truncated(o: Offices, tmp_path: Path) -> tuple[Path, Path]:
    data = o.package.read_bytes()
    path = tmp_path / "truncated.yypkg"
    path.write_bytes(data[: len(data) // 2])
    return o.county, path


def random_file(o: Offices, tmp_path: Path) -> tuple[Path, Path]:
    path = tmp_path / "random.yypkg"
    path.write_bytes(bytes((i * 7919 + 13) % 256 for i in range(50_000)))
    return o.county, path


def county_package_at_the_county(o: Offices, tmp_path: Path) -> tuple[Path, Path]:
    path = tmp_path / "reference.yypkg"
    assert cli("sync", "export", "--out", str(path), data_dir=o.county).code == 0
    return o.county, path


def township_package_at_the_township(o: Offices, tmp_path: Path) -> tuple[Path, Path]:
    return o.town, o.package


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (truncated, "文件已损坏或不完整"),
        (random_file, "这不是本程序的数据同步包"),
        (county_package_at_the_county, "这是本单位自己导出的数据包"),
        (township_package_at_the_township, "这是本单位自己导出的数据包"),
    ],
    ids=["truncated", "random", "reference-at-county", "changes-at-township"],
)
def test_a_refused_package_changes_nothing(
    make: Callable[[Offices, Path], tuple[Path, Path]], reason: str, yuyou: Cli, tmp_path: Path
) -> None:
    o = offices(tmp_path)
    folder, package = make(o, tmp_path)
    before = file_state(folder)
    result = yuyou("sync", "import", str(package), data_dir=folder)
    assert result.code == 3
    [line] = lines(result.out)
    name, label, message = line.split("\t")
    assert (name, label) == (package.name, "已拒绝")
    assert message.startswith(f"“{package.name}”不能导入：{reason}")
    assert message.endswith("没有做任何修改。")
    assert result.err == "错误：1 个数据包被拒绝（原因见上），其内容没有导入。\n"
    assert file_state(folder) == before


def test_good_and_bad_files_in_one_call(yuyou: Cli, tmp_path: Path) -> None:
    o = offices(tmp_path)
    _, bad = truncated(o, tmp_path)
    result = yuyou("sync", "import", str(bad), str(o.package), "--json", data_dir=o.county)
    assert result.code == 3
    reports = json.loads(result.out)
    assert [(r["file"], r["status"]) for r in reports] == [
        ("truncated.yypkg", "rejected"),
        ("town-1.yypkg", "applied"),
    ]
    assert reports[0]["package_id"] is None and reports[1]["office_code"] == TOWN_CODE
    assert result.err.count("\n") == 1 and result.err.startswith("错误：1 个数据包被拒绝")
    assert peer(o.county, TOWN_CODE)["max_seq"] == status(o.town)["exports"][0]["seq_to"]

    both_again = yuyou("sync", "import", str(o.package), str(bad), data_dir=o.county)
    assert both_again.code == 3
    assert [line.split("\t")[1] for line in lines(both_again.out)] == ["已导入过", "已拒绝"]


def test_a_key_file_that_does_not_fit_is_not_enrolled(yuyou: Cli, tmp_path: Path) -> None:
    o = offices(tmp_path)
    before = file_state(o.county)
    refusals = [
        (
            trust(o.county, TOWNSHIP, o.keys / "town.key", code="140623102"),
            "与输入的 140623102 不符",
        ),
        (trust(o.county, COUNTY, o.keys / "county.key"), "这是本单位自己的公钥，不需要登记。"),
        (trust(o.county, TOWNSHIP, o.package), "不是本程序导出的公钥文件"),
        (trust(o.county, TOWNSHIP, tmp_path / "none.key"), "无法读取公钥文件"),
    ]
    for result, reason in refusals:
        assert result.code == 3 and result.out == ""
        assert result.err.startswith("错误：") and reason in result.err
        assert result.err.count("\n") == 1
    assert file_state(o.county) == before
    own = trust(o.town, TOWNSHIP, o.keys / "town.key")  # the township's own key, at the township
    assert own.code == 3 and "本单位自己的公钥" in own.err


def test_after_revoking_a_township_its_packages_are_refused(yuyou: Cli, tmp_path: Path) -> None:
    o = offices(tmp_path)
    revoked = yuyou("keys", "revoke", "--office-code", TOWN_CODE, data_dir=o.county)
    assert revoked.code == 0, revoked.err
    assert revoked.out.startswith(f"已吊销{TOWNSHIP['name']}（代码 {TOWN_CODE}）的 1 个公钥")
    [enrolled] = json.loads(yuyou("keys", "show", "--json", data_dir=o.county).out)["trusted"]
    assert enrolled["active"] is False and enrolled["revoked_at"] is not None
    assert "吊销" in yuyou("keys", "show", data_dir=o.county).out
    assert peer(o.county, TOWN_CODE)["revoked"] is True

    before = file_state(o.county)
    refused = yuyou("sync", "import", str(o.package), data_dir=o.county)
    assert refused.code == 3
    [line] = lines(refused.out)
    assert (
        line.split("\t")[1] == "已拒绝" and f"签名单位（{TOWN_CODE}）的公钥未登记或已吊销" in line
    )
    assert file_state(o.county) == before

    again = trust(o.county, TOWNSHIP, o.keys / "town.key")
    assert again.code == 3 and "已被吊销，不能再次登记" in again.err
    twice = yuyou("keys", "revoke", "--office-code", TOWN_CODE, data_dir=o.county)
    assert twice.code == 3 and twice.err.count("\n") == 1
    assert file_state(o.county) == before


def test_a_township_whose_county_key_was_revoked_cannot_export(yuyou: Cli, tmp_path: Path) -> None:
    o = offices(tmp_path)
    assert yuyou("keys", "revoke", "--office-code", COUNTY_CODE, data_dir=o.town).code == 0
    target = tmp_path / "out.yypkg"
    result = yuyou("sync", "export", "--out", str(target), "--full", data_dir=o.town)
    assert result.code == 3 and result.out == ""
    assert result.err.startswith(f"错误：县司法局 {COUNTY['name']}（{COUNTY_CODE}）的公钥（指纹 ")
    assert "已被吊销" in result.err and "新的公钥文件" in result.err
    assert result.err.count("\n") == 1
    assert not target.exists()
    assert len(status(o.town)["exports"]) == 1


def test_usage_errors_exit_2(yuyou: Cli, tmp_path: Path) -> None:
    o = offices(tmp_path)
    assert yuyou("sync", "import", data_dir=o.county).code == 2
    assert yuyou("sync", "export", data_dir=o.county).code == 2
    assert yuyou("keys", "trust", str(o.keys / "town.key"), data_dir=o.county).code == 2
    assert yuyou("sync", "confirm-epoch", data_dir=o.county).code == 2


def test_export_does_not_overwrite_a_file_without_force(yuyou, tmp_path):
    o = offices(tmp_path)
    target = tmp_path / "已有.yypkg"
    target.write_bytes(b"a package not imported yet")
    refused = yuyou("sync", "export", "--out", str(target), "--full", data_dir=o.town)
    assert refused.code == 3 and "已存在" in refused.err and "--force" in refused.err
    assert target.read_bytes() == b"a package not imported yet"
    forced = yuyou("sync", "export", "--out", str(target), "--full", "--force", data_dir=o.town)
    assert forced.code == 0 and target.read_bytes().startswith(b"YUYOUPK")


def test_export_names_a_package_without_a_suffix_yypkg(yuyou, tmp_path):
    o = offices(tmp_path)
    named = str(tmp_path / "新城镇-全部")
    made = yuyou("sync", "export", "--out", named, "--full", data_dir=o.town)
    assert made.code == 0 and (tmp_path / "新城镇-全部.yypkg").read_bytes().startswith(b"YUYOUPK")
    assert not (tmp_path / "新城镇-全部").exists()
