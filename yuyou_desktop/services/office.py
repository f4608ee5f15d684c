"""This installation's office: first-time set-up and what the status bar shows."""

from __future__ import annotations

import shutil

from sqlalchemy import select

from yuyou_desktop.domain.enums import OfficeRole
from yuyou_desktop.domain.office import OfficeInfo, validate_office_profile
from yuyou_desktop.errors import AlreadyInitialised, InputRejected
from yuyou_desktop.paths import DataPaths
from yuyou_desktop.storage import sqlite_file
from yuyou_desktop.storage.database import Database, new_epoch
from yuyou_desktop.storage.models import Office
from yuyou_desktop.storage.types import utcnow
from yuyou_desktop.sync import keys

__all__ = ["OfficeInfo", "OfficeService"]


def _info(row: Office) -> OfficeInfo:
    return OfficeInfo(
        code=row.code,
        name=row.name,
        role=OfficeRole(row.role),
        prefix=row.prefix,
        key_fingerprint=row.key_fingerprint,
        db_epoch=row.db_epoch,
        created_at=row.created_at,
    )


class OfficeService:
    def __init__(self, db: Database, paths: DataPaths) -> None:
        self._db = db
        self._paths = paths

    def is_initialised(self) -> bool:
        """True when the data folder holds a database with an office (read-only look)."""
        if not self._db.exists():
            return False
        return sqlite_file.probe(self._db.path).office_code is not None

    def current(self) -> OfficeInfo:
        with self._db.reader() as session:
            row = session.execute(select(Office)).scalar_one()
            return _info(row)

    def initialize(self, role: str, code: str, name: str, prefix: str) -> OfficeInfo:
        """Create the database, the office's key pairs and its office row.

        Refuses (and changes nothing) when the folder already holds an office.
        """
        profile = validate_office_profile(role, code, name, prefix)
        self._paths.ensure_writable()
        if self._db.exists():
            found = sqlite_file.probe(self._db.path)
            if found.office_code is not None:
                raise AlreadyInitialised(
                    f"数据目录“{self._paths.root}”已属于“{found.office_name}”"
                    f"（代码 {found.office_code}），不会重复初始化，未做任何修改。"
                )
            raise InputRejected(
                f"数据目录中已有数据库文件“{self._db.path.name}”但没有单位信息；"
                "为避免覆盖数据，请换一个空的数据目录。"
            )
        self._set_aside_stale_keys()
        created_keys = False
        try:
            public = keys.generate_office_keys(self._paths.keys)
            created_keys = True
            self._db.create()
            with self._db.writer() as session:
                session.add(
                    Office(
                        code=profile.code,
                        name=profile.name,
                        role=profile.role.value,
                        prefix=profile.prefix,
                        db_epoch=new_epoch(),
                        signing_public_key=public.signing,
                        encryption_public_key=public.encryption,
                        key_fingerprint=public.fingerprint,
                        created_at=utcnow(),
                    )
                )
        except BaseException:
            self._db.close()
            for suffix in ("", "-wal", "-shm"):
                (self._db.path.parent / (self._db.path.name + suffix)).unlink(missing_ok=True)
            if created_keys:
                for path in keys.key_files(self._paths.keys):
                    path.unlink(missing_ok=True)
            raise
        return self.current()

    def _set_aside_stale_keys(self) -> None:
        """Key files left without a database (an interrupted set-up) are moved, never deleted."""
        stale = [p for p in keys.key_files(self._paths.keys) if p.exists()]
        if not stale:
            return
        aside = self._paths.keys / f"unused-{utcnow().strftime('%Y%m%d%H%M%S')}"
        aside.mkdir(parents=True)
        for path in stale:
            shutil.move(str(path), aside / path.name)
