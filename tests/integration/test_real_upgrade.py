"""A database made by the first release (schema 0001) opens in this one, upgraded, data kept."""

from __future__ import annotations

import sqlite3
from contextlib import closing

from alembic import command

from yuyou_desktop.storage import migrate
from yuyou_desktop.storage.database import make_engine


def test_a_0001_database_is_backed_up_and_upgraded_with_its_data(county_demo):
    db = county_demo.database
    db.close()
    # take the demo database back to the first release's schema
    engine = make_engine(db.path)
    with engine.connect() as conn:
        command.downgrade(migrate._config(conn), "0001")
        conn.commit()
    engine.dispose()
    with closing(sqlite3.connect(db.path)) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert "people" not in tables

    db.open()
    report = county_demo.maintenance.check()
    assert report.ok and report.schema_revision == migrate.HEAD_REVISION
    assert {c.table: c.count for c in report.counts}["enforcement_units"] == 25
    [backup] = county_demo.paths.backups.glob("before-upgrade-0001-*.db")
    with closing(sqlite3.connect(backup)) as conn:
        assert conn.execute("SELECT count(*) FROM enforcement_units").fetchone()[0] == 25
