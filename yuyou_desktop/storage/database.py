"""The local database: opening it safely, sessions for reading and writing, backup, restore.

Opening never changes a file it cannot use: the header and schema revision are read through a
read-only connection first; a file from a newer program, a damaged file or a foreign SQLite
file is refused with a Chinese message.  An older schema is copied to ``backups/`` with the
SQLite backup API and then upgraded.
"""

from __future__ import annotations

import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, select
from sqlalchemy.orm import Session, sessionmaker

from yuyou_desktop.errors import (
    DatabaseDamaged,
    DatabaseTooNew,
    InputRejected,
    NotInitialised,
    os_reason,
)
from yuyou_desktop.progress import NO_PROGRESS, Progress
from yuyou_desktop.storage import audit, migrate, sqlite_file
from yuyou_desktop.storage.access import Access
from yuyou_desktop.storage.audit import install_audit
from yuyou_desktop.storage.changes import INFO_EPOCH, INFO_OFFICE, install_change_tracking
from yuyou_desktop.storage.models import Office
from yuyou_desktop.storage.types import utcnow

WRITE_OPTION = "yuyou_write"


def new_epoch() -> str:
    return secrets.token_hex(16)


def _timestamp() -> str:
    return utcnow().astimezone().strftime("%Y%m%d-%H%M%S")


def unused_backup_path(folder: Path, stem: str) -> Path:
    """``folder/<stem>-<time>.db``, numbered so that an earlier copy is never overwritten."""
    base = f"{stem}-{_timestamp()}"
    candidate = folder / f"{base}.db"
    number = 2
    while candidate.exists():
        candidate = folder / f"{base}-{number}.db"
        number += 1
    return candidate


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    previous_copy: Path | None
    data_as_of: datetime | None
    migrated: bool


def make_engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}")

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, record: object) -> None:
        dbapi_conn.isolation_level = None  # SQLAlchemy's "begin" event issues BEGIN itself
        for pragma in (
            "foreign_keys=ON",
            "journal_mode=WAL",
            "synchronous=FULL",
            "busy_timeout=10000",
        ):
            dbapi_conn.execute(f"PRAGMA {pragma}")

    @event.listens_for(engine, "begin")
    def _on_begin(conn: object) -> None:
        immediate = conn.get_execution_options().get(WRITE_OPTION)  # type: ignore[attr-defined]
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")  # type: ignore[attr-defined]

    return engine


class Database:
    """One SQLite database file.  Not thread-bound: sessions are cheap and short-lived."""

    def __init__(self, path: Path, backups_dir: Path) -> None:
        self.path = path
        self.backups_dir = backups_dir
        self._engine: Engine | None = None
        self._reader: sessionmaker[Session] | None = None
        self._writer: sessionmaker[Session] | None = None
        self.access = Access()

    # ------------------------------------------------------------ lifecycle

    def exists(self) -> bool:
        return self.path.exists()

    @property
    def is_open(self) -> bool:
        return self._engine is not None

    def open(self) -> None:
        """Open an existing database, upgrading its schema if it is older than the program."""
        if self.is_open:
            return
        if not self.path.exists():
            raise NotInitialised(
                f"数据目录“{self.path.parent}”中还没有数据库。请先完成初始设置（yuyou init）。"
            )
        found = sqlite_file.probe(self.path)
        if found.office_code is None and found.revision == migrate.HEAD_REVISION:
            raise NotInitialised(f"数据库“{self.path}”中没有本单位信息，请先完成初始设置。")
        state = migrate.classify(found.revision)
        if state is migrate.SchemaState.NEWER:
            raise DatabaseTooNew(
                f"数据库“{self.path}”由更新版本的程序创建（结构版本 {found.revision}），"
                "本程序无法打开。请安装最新版本的程序。文件未作任何改动。"
            )
        if state is migrate.SchemaState.EMPTY:
            raise DatabaseDamaged(f"数据库“{self.path}”没有结构版本信息，无法使用。")
        if state is migrate.SchemaState.OLDER:
            self._backup_before_migration(found.revision or "none")
        self._start_engine()
        if state is migrate.SchemaState.OLDER:
            try:
                with self.engine.connect() as conn:
                    migrate.upgrade_to_head(conn)
                    conn.commit()
            except BaseException:
                self.close()  # never leave an engine open on a schema that was not upgraded
                raise

    def create(self) -> None:
        """Create a new database at head.  The file must not exist yet."""
        if self.path.exists():
            raise InputRejected(f"数据库文件“{self.path}”已存在，不会覆盖。")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._start_engine()
        with self.engine.connect() as conn:
            migrate.upgrade_to_head(conn)
            conn.commit()

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
        self._engine = self._reader = self._writer = None

    def _start_engine(self) -> None:
        engine = make_engine(self.path)
        self._engine = engine
        self._reader = sessionmaker(engine, expire_on_commit=False)
        self._writer = sessionmaker(
            engine.execution_options(**{WRITE_OPTION: True}), expire_on_commit=False
        )
        install_change_tracking(self._writer)
        install_audit(self._writer)

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            raise RuntimeError("database is not open")
        return self._engine

    # ------------------------------------------------------------ sessions

    @contextmanager
    def reader(self) -> Iterator[Session]:
        """A read-only unit of work (deferred transaction, rolled back at the end)."""
        if self._reader is None:
            self.open()
        assert self._reader is not None
        with self._reader() as session:
            yield session

    @contextmanager
    def writer(self, action: str | None = None, *, system: bool = False) -> Iterator[Session]:
        """A write transaction (``BEGIN IMMEDIATE``); commits on success, rolls back on error.

        Refused unless the signed-in account may change data (see :mod:`storage.access`);
        ``system`` is for the program's own bookkeeping (sign-in attempts, audit events of
        read-only work).  Carries the office code and sync epoch so that edits are logged for
        sync, and the account and ``action`` (e.g. "issue") for the audit log.
        """
        if self._writer is None:
            self.open()
        assert self._writer is not None
        with self._writer() as session:
            if not system:
                self.access.check_write(session)
            office = session.execute(select(Office)).scalar_one_or_none()
            if office is not None:
                session.info[INFO_OFFICE] = office.code
                session.info[INFO_EPOCH] = office.db_epoch
            session.info[audit.INFO_IDENTITY] = self.access.audit_identity()
            if action:
                session.info[audit.INFO_ACTION] = action
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def require_admin(self) -> None:
        """Refuse unless an administrator is signed in (or no account exists yet)."""
        with self.reader() as session:
            self.access.check_admin(session)

    def require_write(self) -> None:
        """Refuse early (before files are touched) unless the account may change data."""
        with self.reader() as session:
            self.access.check_write(session)

    def record_event(
        self, action: str, summary: str, *, table_name: str = "", record_id: str = ""
    ) -> None:
        """An audit entry for something that changed no row (an export, a sign-in)."""
        with self.writer(system=True) as session:
            audit.append(session, action, summary, table_name=table_name, record_id=record_id)

    # ------------------------------------------------------------ maintenance

    def integrity_errors(self) -> list[str]:
        raw = self.engine.raw_connection()
        try:
            return sqlite_file.integrity_errors(raw.driver_connection)  # type: ignore[arg-type]
        finally:
            raw.close()

    def schema_revision(self) -> str | None:
        with self.reader() as session:
            return (
                session.connection()
                .exec_driver_sql("SELECT version_num FROM alembic_version")
                .scalar()
            )

    def backup_to(self, dest: Path, progress: Progress = NO_PROGRESS) -> Path:
        """Copy the live database to ``dest`` (consistent snapshot, verified)."""
        dest = dest.resolve()
        if dest == self.path.resolve():
            raise InputRejected("备份文件不能与当前数据库是同一个文件。")
        raw = self.engine.raw_connection()
        try:
            sqlite_file.copy_database(raw.driver_connection, dest, progress)  # type: ignore[arg-type]
        except OSError as exc:
            raise InputRejected(f"无法写入备份文件“{dest}”：{os_reason(exc)}。") from exc
        finally:
            raw.close()
        return dest

    def _backup_before_migration(self, revision: str) -> Path:
        dest = unused_backup_path(self.backups_dir, f"before-upgrade-{revision}")
        with closing(sqlite_file.open_read_only(self.path)) as conn:
            sqlite_file.copy_database(conn, dest)
        return dest

    def restore_from(self, source: Path, progress: Progress = NO_PROGRESS) -> RestoreResult:
        """Replace the database with a verified backup, keeping the current one aside.

        The restored database gets a new sync epoch (its change history forks here).
        """
        from yuyou_desktop.storage.restore import restore_database

        return restore_database(self, source, progress)
