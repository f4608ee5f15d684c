"""An older schema is upgraded at start-up, with a backup copy taken first.

The program ships one migration, so an "older" database is simulated by pointing the
migrations at a temporary copy of the scripts that adds a second revision.
"""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from tests.conftest import file_state
from yuyou_desktop.services import Services
from yuyou_desktop.storage import migrate

NEXT_REVISION = """
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("zz_upgrade_probe", sa.Column("id", sa.Integer(), primary_key=True))
    {extra}


def downgrade() -> None:
    op.drop_table("zz_upgrade_probe")
"""


def _with_second_revision(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, extra: str = "pass"
) -> None:
    scripts = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS_DIR, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    (scripts / "versions" / "0002_probe.py").write_text(
        NEXT_REVISION.format(extra=extra), encoding="utf-8"
    )
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", scripts)
    monkeypatch.setattr(migrate, "HEAD_REVISION", "0002")


def _revision(path: Path) -> str:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]


def _tables(path: Path) -> set[str]:
    with closing(sqlite3.connect(path)) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def test_opening_a_current_database_takes_no_backup(county_demo: Services) -> None:
    county_demo.database.close()
    county_demo.database.open()
    county_demo.maintenance.check()
    assert not county_demo.paths.backups.exists()


def test_older_schema_is_backed_up_then_upgraded(
    county_demo: Services, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    db = county_demo.database
    counts_before = county_demo.overview.record_counts()
    db.close()
    _with_second_revision(monkeypatch, tmp_path)

    db.open()

    assert _revision(db.path) == "0002"
    assert "zz_upgrade_probe" in _tables(db.path)
    assert county_demo.overview.record_counts() == counts_before
    [backup] = list(county_demo.paths.backups.iterdir())
    assert backup.name.startswith("before-upgrade-0001-") and backup.suffix == ".db"
    assert _revision(backup) == "0001"
    assert "zz_upgrade_probe" not in _tables(backup)
    with closing(sqlite3.connect(backup)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT code FROM office").fetchone() == ("140623",)
        units = conn.execute("SELECT count(*) FROM enforcement_units").fetchone()[0]
    assert units == counts_before[0].count > 0


def test_failed_upgrade_leaves_the_database_at_its_old_revision(
    county_demo: Services, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, yuyou
) -> None:
    db = county_demo.database
    db.close()
    _with_second_revision(monkeypatch, tmp_path, extra='raise RuntimeError("迁移失败")')

    with pytest.raises(RuntimeError, match="迁移失败"):
        db.open()
    assert not db.is_open  # a second attempt must not silently use the old schema
    with pytest.raises(RuntimeError, match="迁移失败"):
        db.open()

    assert _revision(db.path) == "0001"
    assert "zz_upgrade_probe" not in _tables(db.path)
    assert list(county_demo.paths.backups.glob("before-upgrade-0001-*.db"))
    monkeypatch.undo()
    result = yuyou("check", "--json")
    assert result.code == 0, result.err


def test_cli_upgrades_an_older_database_and_reports_head(
    county: Services, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, yuyou
) -> None:
    county.database.close()
    _with_second_revision(monkeypatch, tmp_path)
    result = yuyou("check")
    assert result.code == 0, result.err
    assert "0002（最新）" in result.out
    backups = file_state(county.paths.backups)
    assert len(backups) == 1


def test_restoring_an_older_backup_upgrades_it(
    county_demo: Services, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, yuyou
) -> None:
    county_demo.database.close()
    old_backup = tmp_path / "old.db"
    assert yuyou("backup", "--out", str(old_backup)).code == 0
    _with_second_revision(monkeypatch, tmp_path)

    result = yuyou("restore", str(old_backup))
    assert result.code == 0, result.err
    assert _revision(county_demo.database.path) == "0002"
    assert _revision(old_backup) == "0001"  # the backup file itself is never changed
    upgrades = list(county_demo.paths.backups.glob("before-upgrade-0001-*.db"))
    assert len(upgrades) == 2  # the live database before the restore, and the restored one
    assert len(list(county_demo.paths.backups.glob("before-restore-*.db"))) == 1
    report = yuyou("check")
    assert report.code == 0 and "执法主体：25 条" in report.out
