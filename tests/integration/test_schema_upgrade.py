"""An older schema is upgraded at start-up, with a backup copy taken first.

An "older" database is made by pointing the migrations at a temporary copy of the scripts
that adds one more revision after the real head, so these tests keep working as real
migrations are added.
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

revision = "{revision}"
down_revision = "{down}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("zz_upgrade_probe", sa.Column("id", sa.Integer(), primary_key=True))
    {extra}


def downgrade() -> None:
    op.drop_table("zz_upgrade_probe")
"""


REAL_HEAD = migrate.HEAD_REVISION
PROBE_REVISION = f"{int(REAL_HEAD) + 1:04d}"


def _with_second_revision(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, extra: str = "pass"
) -> None:
    scripts = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS_DIR, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    (scripts / "versions" / f"{PROBE_REVISION}_probe.py").write_text(
        NEXT_REVISION.format(extra=extra, revision=PROBE_REVISION, down=REAL_HEAD),
        encoding="utf-8",
    )
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", scripts)
    monkeypatch.setattr(migrate, "HEAD_REVISION", PROBE_REVISION)


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

    assert _revision(db.path) == PROBE_REVISION
    assert "zz_upgrade_probe" in _tables(db.path)
    assert county_demo.overview.record_counts() == counts_before
    [backup] = list(county_demo.paths.backups.iterdir())
    assert backup.name.startswith(f"before-upgrade-{REAL_HEAD}-") and backup.suffix == ".db"
    assert _revision(backup) == REAL_HEAD
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

    assert _revision(db.path) == REAL_HEAD
    assert "zz_upgrade_probe" not in _tables(db.path)
    assert list(county_demo.paths.backups.glob(f"before-upgrade-{REAL_HEAD}-*.db"))
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
    assert f"{PROBE_REVISION}（最新）" in result.out
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
    assert _revision(county_demo.database.path) == PROBE_REVISION
    assert _revision(old_backup) == REAL_HEAD  # the backup file itself is never changed
    upgrades = list(county_demo.paths.backups.glob(f"before-upgrade-{REAL_HEAD}-*.db"))
    assert len(upgrades) == 2  # the live database before the restore, and the restored one
    assert len(list(county_demo.paths.backups.glob("before-restore-*.db"))) == 1
    report = yuyou("check")
    assert report.code == 0 and "执法主体：25 条" in report.out
