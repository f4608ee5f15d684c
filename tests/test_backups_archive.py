"""The backup archive: what it holds, and a restore that brings back the database and every
folder as they were when it was taken (a new sync epoch; the current state kept aside)."""

from __future__ import annotations

import os
import sqlite3
import zipfile
from contextlib import closing
from datetime import UTC, datetime

import pytest

from tests.backup_support import (
    FOLDERS,
    db_content,
    epoch,
    fill_folders,
    folders_state,
    manifest_of,
    member_hash,
)
from tests.conftest import file_state
from yuyou_desktop import __version__
from yuyou_desktop.domain.backups import parse_archive_name
from yuyou_desktop.errors import Cancelled
from yuyou_desktop.services import Services
from yuyou_desktop.storage import migrate
from yuyou_desktop.storage.backup_format import read_manifest
from yuyou_desktop.storage.models import EnforcementUnit


@pytest.fixture
def office(county_demo: Services) -> Services:
    fill_folders(county_demo.paths)
    return county_demo


def test_archive_holds_a_snapshot_of_the_database_and_every_folder(office: Services) -> None:
    root = office.paths.root
    outcome = office.backups.backup()

    name = parse_archive_name(outcome.path.name)
    assert outcome.path.parent == office.paths.backups
    assert name is not None and name.office_code == "140623" and name.kind == "manual"
    assert not list(outcome.path.parent.glob("*.partial"))
    manifest = manifest_of(outcome.path)
    assert manifest["format"] == "yuyou-backup/1"
    assert manifest["program_version"] == __version__
    assert manifest["schema_revision"] == migrate.HEAD_REVISION
    assert (manifest["office_code"], manifest["office_name"]) == ("140623", "右玉县司法局")
    assert manifest["kind"] == "manual" and manifest["folders"] == list(FOLDERS)
    assert datetime.fromisoformat(manifest["created_at"]) == outcome.created_at
    assert datetime.fromisoformat(manifest["data_as_of"]) <= outcome.created_at

    with zipfile.ZipFile(outcome.path) as zf:
        members = {m["name"]: m for m in manifest["members"]}
        assert set(zf.namelist()) == set(members) | {"manifest.json"}
        for name, member in members.items():
            data = zf.read(name)
            assert (len(data), member_hash(data)) == (member["size"], member["sha256"])
        files = {n: zf.read(n) for n in members if n != "yuyou.db"}
        snapshot = office.paths.root / "snapshot.db"
        snapshot.write_bytes(zf.read("yuyou.db"))
    assert files == folders_state(root)  # attachments (letters' PDFs), keys, packages, templates
    assert sum(1 for n in files if n.startswith("attachments/")) > 10
    assert not any(n.startswith("sync/tmp") for n in files)
    with closing(sqlite3.connect(snapshot)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert db_content(snapshot) == db_content(office.paths.database)
    assert outcome.files == len(files)
    assert outcome.size_bytes == outcome.path.stat().st_size


def test_restore_brings_back_the_database_and_every_folder(office: Services) -> None:
    paths = office.paths
    saved_db, saved_files = db_content(paths.database), folders_state(paths.root)
    old_epoch = epoch(paths.database)
    outcome = office.backups.backup()

    with office.database.writer() as session:  # changes after the backup
        for unit in session.query(EnforcementUnit).limit(3):
            unit.deleted_at = datetime.now(UTC)
    fill_folders(paths, tag="二", keys=False)  # a new attachment and package, another template
    for leftover in (paths.sync / "pending").iterdir():
        if leftover.read_bytes().startswith("等待的数据包一".encode()):
            leftover.unlink()
    changed_db, changed_files = db_content(paths.database), folders_state(paths.root)
    assert changed_db != saved_db and changed_files != saved_files

    result = office.maintenance.restore(outcome.path)

    assert db_content(paths.database) == saved_db
    restored = folders_state(paths.root)
    assert restored == saved_files  # byte for byte, nothing more and nothing less
    assert epoch(paths.database) != old_epoch  # a new sync epoch
    assert result.backup_made_at == outcome.created_at
    assert result.files_restored == len(saved_files)
    counts = {c.table: c.count for c in office.overview.record_counts()}
    assert counts["enforcement_units"] == 25  # the database is open again, on the restored data

    kept = read_manifest(result.previous_copy)
    assert parse_archive_name(result.previous_copy.name).kind == "before-restore"
    assert kept.kind == "before-restore"
    assert {m.name for m in kept.members} == {"yuyou.db", *changed_files}
    assert not [p for p in paths.root.iterdir() if p.name.startswith((".restore-", ".backup-"))]


def test_a_key_renewed_after_the_backup_is_kept_by_the_restore(office: Services) -> None:
    keys = office.paths.keys
    saved = file_state(keys)
    outcome = office.backups.backup()
    office.sync_keys.renew()
    renewed = file_state(keys)
    new_pair = {k: v for k, v in renewed.items() if "/" not in k}
    assert new_pair != {k: v for k, v in saved.items() if "/" not in k}

    result = office.maintenance.restore(outcome.path)

    after = file_state(keys)
    assert {k: after[k] for k in saved} == saved  # the backup's keys, where they were
    assert set(renewed.values()) <= set(after.values())  # no private key lost
    assert all(k.startswith("retired-") for k in set(after) - set(saved))
    assert result.keys_kept and all(k.startswith("retired-") for k in result.keys_kept)
    assert office.sync_keys.own().fingerprint == office.office.current().key_fingerprint
    if os.name == "posix":
        assert all((keys / k).stat().st_mode & 0o077 == 0 for k in after)


def test_a_database_only_backup_still_restores(office: Services, tmp_path) -> None:
    dest = tmp_path / "usb" / "旧版备份.db"
    outcome = office.backups.backup(dest)
    assert not outcome.is_archive and dest.read_bytes().startswith(b"SQLite format 3\x00")
    saved_files = folders_state(office.paths.root)
    saved_db = db_content(office.paths.database)
    fill_folders(office.paths, tag="二")

    result = office.maintenance.restore(dest)

    assert db_content(office.paths.database) == saved_db
    assert getattr(result, "backup_made_at", None) is None
    assert result.previous_copy.name.startswith("before-restore-")
    assert folders_state(office.paths.root) != saved_files  # the folders are not in a .db


class StopAfter:
    """A progress that cancels the job at its ``n``-th check (a job stopped half-way)."""

    def __init__(self, n: int) -> None:
        self.n = n

    def report(self, done: int, total: int, message: str = "") -> None:
        return None

    def check_cancelled(self) -> None:
        self.n -= 1
        if self.n <= 0:
            raise Cancelled()


@pytest.mark.parametrize("checks", [1, 3, 12])
def test_a_backup_stopped_half_way_leaves_no_file_under_a_final_name(
    office: Services, checks: int
) -> None:
    with pytest.raises(Cancelled):
        office.backups.backup(None, StopAfter(checks))
    folder = office.paths.backups
    assert not folder.exists() or list(folder.iterdir()) == []
    assert not [p for p in office.paths.root.iterdir() if p.name.startswith(".backup-")]
    complete = office.backups.backup()  # and the next one is whole
    assert read_manifest(complete.path).members
    if os.name == "posix":
        assert complete.path.stat().st_mode & 0o077 == 0  # it holds the private keys


def test_an_archive_replaces_a_damaged_database_which_is_kept_byte_for_byte(
    office: Services, yuyou
) -> None:
    paths = office.paths
    saved_db, saved_files = db_content(paths.database), folders_state(paths.root)
    outcome = office.backups.backup()
    office.database.close()
    paths.database.write_bytes(paths.database.read_bytes()[:4096])  # half a page table: damaged
    damaged = paths.database.read_bytes()

    result = yuyou("restore", str(outcome.path))

    assert result.code == 0, result.err
    assert db_content(paths.database) == saved_db
    assert folders_state(paths.root) == saved_files
    [kept] = [p for p in paths.backups.iterdir() if "before-restore" in p.name]
    assert f"原数据库已另存为：{kept}" in result.out
    manifest = manifest_of(kept)
    assert manifest["database_damaged"] is True
    with zipfile.ZipFile(kept) as zf:
        assert zf.read("yuyou.db") == damaged
