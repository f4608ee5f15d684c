"""``yuyou demo``, ``check``, ``backup`` and ``restore``."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.conftest import DEMO_ADDED, DEMO_COUNTS, DEMO_LOG_ROWS, CliResult, file_state
from yuyou_desktop.__main__ import build_services
from yuyou_desktop.paths import DataPaths
from yuyou_desktop.services import Services
from yuyou_desktop.storage import migrate
from yuyou_desktop.storage.models import EnforcementUnit

Cli = Callable[..., CliResult]
OTHER = ["init", "--role", "county", "--office-code", "140621", "--office-name",
         "山阴县司法局", "--prefix", "山司监"]  # fmt: skip


def counts(path: Path) -> dict[str, int]:
    with closing(sqlite3.connect(path)) as conn:
        return {
            t: conn.execute(f"SELECT count(*) FROM {t} WHERE deleted_at IS NULL").fetchone()[0]
            for t in ("enforcement_units", "office_directory")
        }


def office_row(path: Path) -> tuple[str, str]:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute("SELECT code, db_epoch FROM office").fetchone()


def check_json(yuyou: Cli, data_dir: Path | None = None) -> dict:
    result = yuyou("check", "--json", data_dir=data_dir)
    assert result.code == 0, result.err
    return json.loads(result.out)


@pytest.fixture
def backup_file(county_demo: Services, yuyou: Cli, tmp_path: Path) -> Path:
    """A backup of the demo county database; the fixture's own services are closed."""
    county_demo.database.close()
    out = tmp_path / "saved" / "backup.db"
    result = yuyou("backup", "--out", str(out))
    assert result.code == 0, result.err
    assert str(out) in result.out
    return out


def test_demo_twice_adds_nothing_the_second_time(county: Services, yuyou: Cli) -> None:
    county.database.close()
    first = yuyou("demo", "--json")
    assert first.code == 0, first.err
    added = json.loads(first.out)["added"]
    assert added == DEMO_ADDED
    after_first = check_json(yuyou)["counts"]

    second = yuyou("demo")
    assert second.code == 0
    assert "未添加任何记录" in second.out
    third = yuyou("demo", "--json")
    assert json.loads(third.out)["added"] == dict.fromkeys(DEMO_ADDED, 0)
    assert check_json(yuyou)["counts"] == after_first


def test_demo_text_output_lists_what_was_added(county: Services, yuyou: Cli) -> None:
    county.database.close()
    result = yuyou("demo")
    assert result.code == 0
    parts = "，".join(f"{label} {n} 条" for label, n in DEMO_ADDED.items())
    assert result.out.strip() == f"已载入演示数据：{parts}。"


def test_check_json(county_demo: Services, yuyou: Cli, data_paths: DataPaths) -> None:
    county_demo.database.close()
    report = check_json(yuyou)
    assert report["ok"] is True
    assert report["integrity"] == "ok"
    assert report["schema_revision"] == report["schema_head"] == migrate.HEAD_REVISION
    assert report["office"] == {"code": "140623", "name": "右玉县司法局", "role": "county"}
    assert report["counts"] == DEMO_COUNTS
    assert report["change_log_rows"] == DEMO_LOG_ROWS
    assert Path(report["database"]) == data_paths.database


def test_check_text(county_demo: Services, yuyou: Cli) -> None:
    county_demo.database.close()
    result = yuyou("check")
    assert result.code == 0
    lines = result.out.splitlines()
    assert "完整性检查：通过" in lines
    assert f"结构版本：{migrate.HEAD_REVISION}（最新）" in lines
    assert "执法主体：25 条" in lines and "单位名录：9 条" in lines
    assert any(line.startswith("单位：右玉县司法局") for line in lines)


def test_check_counts_exclude_tombstones(county_demo: Services, yuyou: Cli) -> None:
    with county_demo.database.writer() as s:
        s.query(EnforcementUnit).filter_by(
            credit_code="11140623000000001F"
        ).one().deleted_at = datetime.now(UTC)
    county_demo.database.close()
    report = check_json(yuyou)
    assert report["counts"]["enforcement_units"] == DEMO_COUNTS["enforcement_units"] - 1
    assert report["change_log_rows"] == DEMO_LOG_ROWS + 1


def test_check_leaves_the_folder_as_it_was(county_demo: Services, yuyou: Cli) -> None:
    county_demo.database.close()
    before = file_state(county_demo.paths.root)
    assert yuyou("check").code == 0
    assert file_state(county_demo.paths.root) == before


def test_backup_is_a_complete_standalone_copy(backup_file: Path, data_paths: DataPaths) -> None:
    assert sorted(p.name for p in backup_file.parent.iterdir()) == ["backup.db"]
    with closing(sqlite3.connect(backup_file)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    assert counts(backup_file) == counts(data_paths.database)
    assert office_row(backup_file) == office_row(data_paths.database)


def test_backup_restore_round_trip(
    backup_file: Path, yuyou: Cli, data_paths: DataPaths, tmp_path: Path
) -> None:
    saved_counts = counts(backup_file)
    _, old_epoch = office_row(data_paths.database)
    with closing(sqlite3.connect(backup_file)) as conn:
        last_change = conn.execute("SELECT max(changed_at) FROM change_log").fetchone()[0]
    as_of = datetime.fromisoformat(last_change).replace(tzinfo=UTC).astimezone()

    services = build_services(data_paths)  # change the data after the backup
    try:
        with services.database.writer() as s:
            for unit in s.query(EnforcementUnit).limit(3):
                unit.deleted_at = datetime.now(UTC)
    finally:
        services.database.close()
    changed = counts(data_paths.database)
    assert changed["enforcement_units"] == saved_counts["enforcement_units"] - 3

    result = yuyou("restore", str(backup_file))
    assert result.code == 0, result.err
    assert f"恢复后的数据截至：{as_of:%Y-%m-%d %H:%M}" in result.out
    assert counts(data_paths.database) == saved_counts
    code, new_epoch = office_row(data_paths.database)
    assert code == "140623" and new_epoch != old_epoch

    [previous] = list(data_paths.backups.glob("before-restore-*.db"))
    assert str(previous) in result.out
    assert counts(previous) == changed
    assert office_row(previous)[1] == old_epoch
    report = check_json(yuyou)
    assert report["ok"] is True and report["counts"]["enforcement_units"] == 25

    services = build_services(data_paths)  # the next edit is logged in the new epoch
    try:
        with services.database.writer() as s:
            s.query(EnforcementUnit).first().phone = "0349-0000000"
        with services.database.reader() as s:
            rows = s.execute(
                text("SELECT seq FROM change_log WHERE epoch = :e"), {"e": new_epoch}
            ).all()
    finally:
        services.database.close()
    assert [r[0] for r in rows] == [1]


def _restore_refused(yuyou: Cli, data_paths: DataPaths, source: Path, *fragments: str) -> None:
    before_db = data_paths.database.read_bytes()
    before_counts = counts(data_paths.database)
    before = file_state(data_paths.root)
    result = yuyou("restore", str(source))
    assert result.code == 3, result.err
    assert result.err.startswith("错误：") and result.err.count("\n") == 1
    for fragment in fragments:
        assert fragment in result.err
    assert data_paths.database.read_bytes() == before_db
    assert counts(data_paths.database) == before_counts
    assert file_state(data_paths.root) == before


def test_restore_of_garbage_is_refused(
    county_demo: Services, yuyou: Cli, data_paths: DataPaths, tmp_path: Path
) -> None:
    county_demo.database.close()
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"not a database at all" * 500)
    _restore_refused(yuyou, data_paths, garbage, "不是")


def test_restore_of_a_missing_file_is_refused(
    county_demo: Services, yuyou: Cli, data_paths: DataPaths, tmp_path: Path
) -> None:
    county_demo.database.close()
    _restore_refused(yuyou, data_paths, tmp_path / "nope.db", "找不到备份文件")


def test_restore_of_another_offices_backup_is_refused(
    county_demo: Services, yuyou: Cli, data_paths: DataPaths, tmp_path: Path
) -> None:
    county_demo.database.close()
    other = tmp_path / "other-office"
    assert yuyou(*OTHER, data_dir=other).code == 0
    assert yuyou("demo", data_dir=other).code == 0
    foreign = tmp_path / "foreign.db"
    assert yuyou("backup", "--out", str(foreign), data_dir=other).code == 0
    _restore_refused(yuyou, data_paths, foreign, "另一单位", "140621", "140623")


def test_restore_of_a_newer_programs_backup_is_refused(
    backup_file: Path, yuyou: Cli, data_paths: DataPaths
) -> None:
    with closing(sqlite3.connect(backup_file)) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
        conn.commit()
    _restore_refused(yuyou, data_paths, backup_file, "更新版本")


def test_restore_of_the_live_database_itself_is_refused(
    county_demo: Services, yuyou: Cli, data_paths: DataPaths
) -> None:
    county_demo.database.close()
    _restore_refused(yuyou, data_paths, data_paths.database)


def test_backup_to_an_unwritable_place_is_refused(
    county_demo: Services, yuyou: Cli, data_paths: DataPaths, tmp_path: Path
) -> None:
    county_demo.database.close()
    blocker = tmp_path / "a-file"
    blocker.write_bytes(b"x")
    before = file_state(tmp_path)
    result = yuyou("backup", "--out", str(blocker / "sub" / "backup.db"))
    assert result.code == 3
    assert result.err.startswith("错误：") and "备份" in result.err
    assert file_state(tmp_path) == before


def test_backup_onto_the_live_database_is_refused(
    county_demo: Services, yuyou: Cli, data_paths: DataPaths
) -> None:
    county_demo.database.close()
    before = file_state(data_paths.root)
    result = yuyou("backup", "--out", str(data_paths.database))
    assert result.code == 3
    assert "同一个文件" in result.err
    assert file_state(data_paths.root) == before
