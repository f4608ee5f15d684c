"""A backup that is corrupt, tampered with, truncated, another office's or from a newer program
is refused on restore with a Chinese reason — and nothing in the data folder changes: the
database and every folder are byte-identical afterwards, and no working folder is left."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from tests.backup_support import fill_folders, member_hash, rewrite
from tests.conftest import CliResult, file_state
from yuyou_desktop.__main__ import build_services
from yuyou_desktop.paths import DataPaths
from yuyou_desktop.services import Services

Cli = Callable[..., CliResult]


@pytest.fixture
def good(county_demo: Services, tmp_path: Path) -> Path:
    """A complete archive of 右玉县司法局 on the stick; the office's database closed."""
    fill_folders(county_demo.paths)
    archive = county_demo.backups.backup(tmp_path / "usb" / "good.zip").path
    county_demo.database.close()
    return archive


def _replace(archive: Path, dest: Path, name: str, data: bytes, **fields: object) -> Path:
    """``archive`` with member ``name`` replaced by ``data`` and the manifest made to agree
    (size and hash), plus ``fields`` changed in the manifest."""

    def change(member: str, old: bytes) -> bytes:
        if member == name:
            return data
        if member != "manifest.json":
            return old
        manifest = json.loads(old)
        for entry in manifest["members"]:
            if entry["name"] == name:
                entry.update(size=len(data), sha256=member_hash(data))
        manifest.update(fields)
        return json.dumps(manifest, ensure_ascii=False).encode()

    return rewrite(archive, dest, change)


def _database_of(archive: Path, tmp_path: Path, sql: str) -> bytes:
    """The archive's database with ``sql`` run on it, as bytes."""
    import zipfile

    copy = tmp_path / "member.db"
    with zipfile.ZipFile(archive) as zf:
        copy.write_bytes(zf.read("yuyou.db"))
    with closing(sqlite3.connect(copy)) as conn:
        conn.execute(sql)
        conn.commit()
    return copy.read_bytes()


def _other_office(tmp_path: Path) -> Path:
    other = build_services(DataPaths(tmp_path / "other"))
    try:
        other.office.initialize("county", "140621", "山阴县司法局", "山司监")
        return other.backups.backup(tmp_path / "usb" / "山阴.zip").path
    finally:
        other.database.close()


def _truncated(good: Path, tmp_path: Path) -> Path:
    dest = tmp_path / "truncated.zip"
    dest.write_bytes(good.read_bytes()[: good.stat().st_size * 2 // 3])
    return dest


def _flipped_attachment(good: Path, tmp_path: Path) -> Path:
    def change(name: str, data: bytes) -> bytes:
        if name.startswith("attachments/"):
            return bytes([data[0] ^ 1]) + data[1:]
        return data

    return rewrite(good, tmp_path / "flipped.zip", change)


def _other_database(good: Path, tmp_path: Path) -> Path:
    edited = _database_of(good, tmp_path, "UPDATE enforcement_units SET phone = '110'")
    return rewrite(good, tmp_path / "db.zip", lambda n, d: edited if n == "yuyou.db" else d)


def _no_manifest(good: Path, tmp_path: Path) -> Path:
    return rewrite(good, tmp_path / "nomanifest.zip", lambda n, d: None if "manifest" in n else d)


def _extra_member(good: Path, tmp_path: Path) -> Path:
    return rewrite(good, tmp_path / "extra.zip", lambda n, d: d, (("keys/extra.pem", b"x"),))


def _hostile_name(good: Path, tmp_path: Path) -> Path:
    evil = b"evil"

    def change(name: str, data: bytes) -> bytes:
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        entry = {"name": "attachments/../../evil.txt", "size": 4, "sha256": member_hash(evil)}
        manifest["members"].append(entry)
        return json.dumps(manifest).encode()

    extra = (("attachments/../../evil.txt", evil),)
    return rewrite(good, tmp_path / "hostile.zip", change, extra)


def _newer_schema(good: Path, tmp_path: Path) -> Path:
    newer = _database_of(good, tmp_path, "UPDATE alembic_version SET version_num = '9999'")
    return _replace(good, tmp_path / "newer.zip", "yuyou.db", newer, schema_revision="9999")


def _newer_format(good: Path, tmp_path: Path) -> Path:
    return _replace(good, tmp_path / "format.zip", "none", b"", format="yuyou-backup/2")


def _garbage_database(good: Path, tmp_path: Path) -> Path:
    garbage = b"SQLite format 3\x00" + os.urandom(8192)
    return _replace(good, tmp_path / "garbage-db.zip", "yuyou.db", garbage)


def _manifest_of_another_office(good: Path, tmp_path: Path) -> Path:
    return _replace(good, tmp_path / "office.zip", "none", b"", office_code="140621")


def _random_bytes(good: Path, tmp_path: Path) -> Path:
    dest = tmp_path / "random.zip"
    dest.write_bytes(os.urandom(4096))
    return dest


CASES = [
    (_truncated, "已损坏或不完整"),
    (_flipped_attachment, "已损坏"),
    (_other_database, "“yuyou.db”校验值不符"),
    (_no_manifest, "没有说明文件"),
    (_extra_member, "多出文件“keys/extra.pem”"),
    (_hostile_name, "不允许的文件名"),
    (_newer_schema, "更新版本的程序创建"),
    (_newer_format, "由更新版本的程序制作"),
    (_garbage_database, "中的数据库已损坏"),
    (_manifest_of_another_office, "说明文件与其中的数据库不符"),
    (_random_bytes, "已损坏或不完整"),
]


@pytest.mark.parametrize(("make", "reason"), CASES, ids=[c[0].__name__[1:] for c in CASES])
def test_a_bad_archive_is_refused_and_nothing_changes(
    make: Callable[[Path, Path], Path],
    reason: str,
    good: Path,
    yuyou: Cli,
    data_paths: DataPaths,
    tmp_path: Path,
) -> None:
    bad = make(good, tmp_path)
    before = file_state(data_paths.root)

    result = yuyou("restore", str(bad))

    assert result.code == 3, result.out + result.err
    assert result.err.startswith("错误：") and result.err.count("\n") == 1
    assert reason in result.err, result.err
    assert file_state(data_paths.root) == before  # the database and every folder, byte for byte
    assert not [p for p in data_paths.root.iterdir() if p.name.startswith(".")]


def test_an_archive_of_another_office_is_refused(
    good: Path, yuyou: Cli, data_paths: DataPaths, tmp_path: Path
) -> None:
    foreign = _other_office(tmp_path)
    before = file_state(data_paths.root)
    result = yuyou("restore", str(foreign))
    assert result.code == 3
    assert "备份文件属于另一单位（山阴县司法局，代码 140621）" in result.err
    assert "本机单位（代码 140623）" in result.err
    assert file_state(data_paths.root) == before


def test_the_good_archive_itself_restores(good: Path, yuyou: Cli, data_paths: DataPaths) -> None:
    """The refusals above are the archive's damage, not the set-up."""
    result = yuyou("restore", str(good))
    assert result.code == 0, result.err
    assert "备份时间：" in result.out and "恢复后的数据截至：" in result.out
