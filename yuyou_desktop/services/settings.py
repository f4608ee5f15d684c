"""Reading and changing user settings (``yuyou_desktop.settings`` defines them)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from yuyou_desktop.settings import DEFINITIONS, definition
from yuyou_desktop.storage.database import Database
from yuyou_desktop.storage.models import Setting
from yuyou_desktop.storage.types import utcnow


@dataclass(frozen=True)
class SettingValue:
    key: str
    label: str
    value: Any
    is_default: bool
    help: str


class SettingsService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, key: str) -> Any:
        spec = definition(key)
        with self._db.reader() as session:
            row = session.get(Setting, key)
            return spec.default if row is None else json.loads(row.value)

    def all(self) -> list[SettingValue]:
        with self._db.reader() as session:
            stored = {row.key: json.loads(row.value) for row in session.scalars(select(Setting))}
        return [
            SettingValue(d.key, d.label, stored.get(d.key, d.default), d.key not in stored, d.help)
            for d in DEFINITIONS
        ]

    def set(self, key: str, raw: Any) -> Any:
        """Validate and store; raises FieldError naming the setting, changing nothing."""
        value = definition(key).parse(raw)
        with self._db.writer() as session:
            self._db.access.check_admin(session)
            row = session.get(Setting, key)
            text = json.dumps(value, ensure_ascii=False)
            if row is None:
                session.add(Setting(key=key, value=text, updated_at=utcnow()))
            else:
                row.value, row.updated_at = text, utcnow()
        return value
