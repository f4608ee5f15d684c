"""RegistryService: browse, search, edit and soft-delete the records of 单位登记."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from sqlalchemy import select

from yuyou_desktop.errors import InputRejected
from yuyou_desktop.services import ownership
from yuyou_desktop.services.ownership import OriginChoices
from yuyou_desktop.services.registry import edit
from yuyou_desktop.services.registry.query import (
    Context,
    ListQuery,
    Page,
    RecordRow,
    get_row,
    list_page,
)
from yuyou_desktop.services.registry.specs import RegisterSpec, register
from yuyou_desktop.services.settings import SettingsService
from yuyou_desktop.storage.database import Database
from yuyou_desktop.storage.models import EnforcementUnit
from yuyou_desktop.storage.types import utcnow


class StaleRecord(InputRejected):
    """Someone changed or deleted the record since it was opened."""


class RegistryService:
    def __init__(
        self,
        db: Database,
        settings: SettingsService,
        today: Callable[[], date] = date.today,
    ) -> None:
        self._db = db
        self._settings = settings
        self._today = today

    def context(self) -> Context:
        return Context(
            today=self._today(),
            expiring_days=self._settings.get("registry.certificate_expiring_days"),
            filing_deadline=self._settings.get("registry.filing_deadline"),
        )

    # ------------------------------------------------------------ reading

    def list(self, name: str, query: ListQuery | None = None) -> Page:
        spec = register(name)
        with self._db.reader() as session:
            return list_page(session, spec, query or ListQuery(), self.context())

    def get(self, name: str, record_id: str) -> RecordRow:
        spec = register(name)
        with self._db.reader() as session:
            row = get_row(session, spec, record_id, self.context())
        if row is None:
            raise StaleRecord(f"这条{spec.title}记录不存在或已被删除。")
        return row

    def origin_offices(self, name: str) -> OriginChoices:
        """The offices whose records the register holds (for the 来源单位 filter)."""
        spec = register(name)
        with self._db.reader() as session:
            return ownership.origin_choices(session, spec.model)

    def unit_choices(self) -> list[tuple[str, str]]:
        """(id, name) of live units, by name — for forms and filters."""
        with self._db.reader() as session:
            rows = session.execute(
                select(EnforcementUnit.id, EnforcementUnit.name)
                .where(EnforcementUnit.deleted_at.is_(None))
                .order_by(EnforcementUnit.name)
            ).all()
        return [(row.id, row.name) for row in rows]

    # ------------------------------------------------------------ writing

    def save(
        self,
        name: str,
        record_id: str | None,
        raw: Mapping[str, Any],
        expected_version: int | None = None,
    ) -> RecordRow:
        """Create (``record_id`` None) or update a record from form values.

        Raises FieldError naming the field, or StaleRecord when the record changed since
        ``expected_version``; nothing is written then.
        """
        spec = register(name)
        with self._db.writer() as session:
            obj = None
            if record_id is not None:
                obj = self._live(session, spec, record_id, expected_version)
                ownership.ensure_owned(session, obj)
            values = edit.parse_record(session, spec, raw)
            edit.check_unique(session, spec, values, record_id)
            if obj is None:
                obj = spec.model(**values)
                session.add(obj)
            else:
                for attr, value in values.items():
                    setattr(obj, attr, value)
            session.flush()
            new_id = obj.id
        return self.get(name, new_id)

    def delete(self, name: str, record_id: str, expected_version: int | None = None) -> None:
        """Soft delete (a tombstone that syncs); refused while live records refer to it."""
        spec = register(name)
        with self._db.writer() as session:
            obj = self._live(session, spec, record_id, expected_version)
            ownership.ensure_deletable(session, obj)
            edit.refuse_if_referenced(session, spec, record_id)
            obj.deleted_at = utcnow()

    @staticmethod
    def _live(session: Any, spec: RegisterSpec, record_id: str, expected: int | None) -> Any:
        obj = session.get(spec.model, record_id)
        if obj is None or obj.deleted_at is not None:
            raise StaleRecord(f"这条{spec.title}记录不存在或已被删除。")
        if expected is not None and obj.version != expected:
            raise StaleRecord(
                f"这条{spec.title}记录已被修改（版本 {obj.version}，打开时为 {expected}），"
                "请重新打开后再改。"
            )
        return obj
