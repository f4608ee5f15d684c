"""Record counts for the status bar and ``yuyou check``."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from yuyou_desktop.storage import models
from yuyou_desktop.storage.database import Database
from yuyou_desktop.storage.models import SyncColumns
from yuyou_desktop.storage.models_inspections import Inspection, Lead

COUNTED: tuple[tuple[str, str, type[SyncColumns]], ...] = (
    ("enforcement_units", "执法主体", models.EnforcementUnit),
    ("people", "人员", models.Person),
    ("certificates", "证件", models.Certificate),
    ("enterprises", "检查对象", models.Enterprise),
    ("office_directory", "单位名录", models.DirectoryOffice),
    ("inspections", "检查记录", Inspection),
    ("leads", "线索", Lead),
)


@dataclass(frozen=True)
class RecordCount:
    table: str
    label: str
    count: int


class OverviewService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def record_counts(self) -> list[RecordCount]:
        """Live (not deleted) rows per synchronised table."""
        with self._db.reader() as session:
            return [
                RecordCount(
                    table,
                    label,
                    session.execute(
                        select(func.count()).select_from(model).where(model.deleted_at.is_(None))
                    ).scalar_one(),
                )
                for table, label, model in COUNTED
            ]
