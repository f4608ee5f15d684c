"""The Alembic migrations produce exactly the schema the models describe."""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from yuyou_desktop.storage import migrate
from yuyou_desktop.storage.database import Database
from yuyou_desktop.storage.models import SYNCED_MODELS, Base

SYNC_COLUMNS = {"id", "origin_office", "version", "created_at", "updated_at", "deleted_at"}


@pytest.fixture
def migrated(tmp_path: Path) -> Path:
    db = Database(tmp_path / "migrated.db", tmp_path / "backups")
    db.create()
    db.close()
    return db.path


@pytest.fixture
def from_models(tmp_path: Path) -> Path:
    path = tmp_path / "models.db"
    engine = create_engine(f"sqlite:///{path}")
    Base.metadata.create_all(engine)
    engine.dispose()
    return path


def test_migrations_match_the_models(migrated: Path) -> None:
    engine = create_engine(f"sqlite:///{migrated}")
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(
                conn, opts={"compare_type": True, "compare_server_default": True}
            )
            diff = compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()
    assert diff == []


def _structure(path: Path) -> dict[str, object]:
    """Tables, columns, indexes (with partial-index conditions) as SQLite reports them."""
    result: dict[str, object] = {}
    with closing(sqlite3.connect(path)) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name != 'alembic_version'"
                " AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        for table in tables:
            # by name: a column added by a later migration lands last, which is fine
            columns = sorted(r[1:] for r in conn.execute(f"PRAGMA table_info('{table}')"))
            indexes = {}
            for _, name, unique, origin, partial in conn.execute(f"PRAGMA index_list('{table}')"):
                cols = [r[2] for r in conn.execute(f"PRAGMA index_info('{name}')")]
                sql = conn.execute(
                    "SELECT sql FROM sqlite_master WHERE name = ?", (name,)
                ).fetchone()[0]
                where = re.sub(r"\s+", " ", sql.split("WHERE", 1)[1]).strip() if partial else None
                indexes[name] = (unique, origin, cols, where)
            checks = sorted(
                re.sub(r"\s+", " ", m)
                for m in re.findall(
                    r"CHECK \((.*?)\)(?:,|\s*\n|$)",
                    conn.execute(
                        "SELECT sql FROM sqlite_master WHERE name = ?", (table,)
                    ).fetchone()[0],
                )
            )
            result[table] = (columns, indexes, checks)
    return result


def test_migrated_database_has_the_same_structure_as_create_all(
    migrated: Path, from_models: Path
) -> None:
    assert _structure(migrated) == _structure(from_models)


def test_live_unique_indexes_ignore_tombstones_and_hold_per_office(migrated: Path) -> None:
    indexes = _structure(migrated)["enforcement_units"][1]  # type: ignore[index]
    assert indexes["uq_enforcement_units_credit_code_live"] == (
        1,
        "c",
        ["credit_code", "origin_office"],
        "deleted_at IS NULL",
    )


def test_every_synchronised_table_carries_the_sync_columns() -> None:
    for model in SYNCED_MODELS:
        columns = set(model.__table__.columns.keys())  # type: ignore[attr-defined]
        assert columns >= SYNC_COLUMNS, model.__name__


def test_head_revision_constant_equals_the_scripts_head() -> None:
    scripts = migrate.script_directory()
    assert scripts.get_heads() == [migrate.HEAD_REVISION]


def test_fresh_database_is_stamped_at_head(migrated: Path) -> None:
    with closing(sqlite3.connect(migrated)) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [
            (migrate.HEAD_REVISION,)
        ]


def test_classify_recognises_current_empty_and_unknown_revisions() -> None:
    assert migrate.classify(migrate.HEAD_REVISION) is migrate.SchemaState.CURRENT
    assert migrate.classify(None) is migrate.SchemaState.EMPTY
    assert migrate.classify("9999") is migrate.SchemaState.NEWER
    assert migrate.classify("not-a-revision") is migrate.SchemaState.NEWER


def test_classify_calls_a_known_non_head_revision_older(monkeypatch: pytest.MonkeyPatch) -> None:
    class _Rev:
        def __init__(self, revision: str) -> None:
            self.revision = revision

    class _Scripts:
        def walk_revisions(self) -> list[_Rev]:
            return [_Rev("0002"), _Rev("0001")]

    monkeypatch.setattr(migrate, "HEAD_REVISION", "0002")
    monkeypatch.setattr(migrate, "script_directory", lambda: _Scripts())
    assert migrate.classify("0001") is migrate.SchemaState.OLDER
    assert migrate.classify("0002") is migrate.SchemaState.CURRENT
    assert migrate.classify("0003") is migrate.SchemaState.NEWER
