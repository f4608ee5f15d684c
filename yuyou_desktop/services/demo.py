"""Demonstration data (右玉县), loaded from ``resources/demo``.  Idempotent: records are matched
by their natural keys (office code, credit code) and never added twice."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from yuyou_desktop.domain.credit_code import validate_credit_code
from yuyou_desktop.domain.enums import OfficeRole, UnitKind, UnitLevel, UnitStatus
from yuyou_desktop.errors import InputRejected
from yuyou_desktop.progress import NO_PROGRESS, Progress
from yuyou_desktop.storage.database import Database
from yuyou_desktop.storage.models import DirectoryOffice, EnforcementUnit

DEMO_REMARK = "演示数据"


@dataclass(frozen=True)
class DemoResult:
    added: dict[str, int]

    @property
    def total_added(self) -> int:
        return sum(self.added.values())


def _read(folder: Path, name: str, key: str) -> list[dict[str, Any]]:
    path = folder / name
    try:
        return json.loads(path.read_text(encoding="utf-8"))[key]
    except (OSError, ValueError, KeyError) as exc:
        raise InputRejected(f"演示数据文件“{path}”无法读取：{exc}") from exc


def _check_unit(row: dict[str, Any]) -> dict[str, Any]:
    UnitKind(row["kind"])
    UnitLevel(row["level"])
    UnitStatus(row["status"])
    return {**row, "credit_code": validate_credit_code(row["credit_code"]), "remark": DEMO_REMARK}


class DemoService:
    def __init__(self, db: Database, resources: Path) -> None:
        self._db = db
        self._folder = resources / "demo"

    def load(self, progress: Progress = NO_PROGRESS) -> DemoResult:
        offices = _read(self._folder, "offices.json", "offices")
        units = [_check_unit(row) for row in _read(self._folder, "units.json", "units")]
        for row in offices:
            OfficeRole(row["role"])
        total = len(offices) + len(units)
        progress.report(0, total, "正在载入演示数据…")
        with self._db.writer() as session:
            have_codes = set(
                session.scalars(
                    select(DirectoryOffice.code).where(DirectoryOffice.deleted_at.is_(None))
                )
            )
            new_offices = [
                DirectoryOffice(**row, remark=DEMO_REMARK)
                for row in offices
                if row["code"] not in have_codes
            ]
            session.add_all(new_offices)
            progress.report(len(offices), total)
            progress.check_cancelled()
            have_credit = set(
                session.scalars(
                    select(EnforcementUnit.credit_code).where(EnforcementUnit.deleted_at.is_(None))
                )
            )
            new_units = [
                EnforcementUnit(**row) for row in units if row["credit_code"] not in have_credit
            ]
            session.add_all(new_units)
            progress.check_cancelled()
        progress.report(total, total)
        return DemoResult({"单位名录": len(new_offices), "执法主体": len(new_units)})
