"""Demonstration data (右玉县), loaded from ``resources/demo``.

Idempotent: every record is matched by its natural key (office code, credit code, ID number,
certificate number, …) and never added twice.  Dates in the register files are written
relative to the day of loading (``@today-20``, ``@year-1``, ``@year-1-12-10``) so that the
demonstration always shows certificates in every state and this year's filings and exams.
Register rows go through the same validation as a clerk's input.  The 案卷评查 campaigns are
made in code, through the review services (``services/reviews/demo_reviews.py``), and so are
the 文书 started from them (``services/letters/demo_letters.py``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from yuyou_desktop.domain.credit_code import validate_credit_code
from yuyou_desktop.domain.enums import OfficeRole, UnitKind, UnitLevel, UnitStatus
from yuyou_desktop.errors import FieldError, InputRejected, os_reason
from yuyou_desktop.paths import DataPaths
from yuyou_desktop.progress import NO_PROGRESS, Progress
from yuyou_desktop.services.inspections import demo_inspections
from yuyou_desktop.services.inspections.demo_leads import LEADS_TITLE, TRANSFERS_TITLE, load_leads
from yuyou_desktop.services.letters import demo_letters
from yuyou_desktop.services.registry import edit
from yuyou_desktop.services.registry.specs import register
from yuyou_desktop.services.reviews import demo_reviews
from yuyou_desktop.storage.changes import INFO_OFFICE
from yuyou_desktop.storage.database import Database
from yuyou_desktop.storage.models import DirectoryOffice, EnforcementUnit

DEMO_REMARK = "演示数据"
# register name, file, list key — in dependency order (people before certificates …)
REGISTER_FILES = (
    ("people", "people.json", "people"),
    ("certificates", "certificates.json", "certificates"),
    ("trainings", "trainings.json", "trainings"),
    ("filings", "filings.json", "filings"),
    ("matters", "matters.json", "matters"),
    ("contact-points", "contact_points.json", "contact_points"),
    ("enterprises", "enterprises.json", "enterprises"),
)
_TODAY = re.compile(r"^@today([+-]\d+)?$")
_YEAR = re.compile(r"^@year([+-]\d+)?(?:-(\d{2})-(\d{2}))?$")


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
    except OSError as exc:
        raise InputRejected(f"演示数据文件“{path}”无法读取：{os_reason(exc)}。") from exc
    except (ValueError, KeyError) as exc:
        raise InputRejected(f"演示数据文件“{path}”格式有误：{exc}") from exc


def resolve_relative(value: Any, today: date) -> Any:
    """``@today±N`` → a date; ``@year±N`` → a year; ``@year±N-MM-DD`` → a date."""
    if not isinstance(value, str) or not value.startswith("@"):
        return value
    if match := _TODAY.match(value):
        return today + timedelta(days=int(match.group(1) or 0))
    if match := _YEAR.match(value):
        year = today.year + int(match.group(1) or 0)
        if match.group(2):
            return date(year, int(match.group(2)), int(match.group(3)))
        return year
    raise ValueError(f"unknown relative value {value!r}")


def _check_unit(row: dict[str, Any]) -> dict[str, Any]:
    UnitKind(row["kind"])
    UnitLevel(row["level"])
    UnitStatus(row["status"])
    return {**row, "credit_code": validate_credit_code(row["credit_code"]), "remark": DEMO_REMARK}


class DemoService:
    def __init__(
        self,
        db: Database,
        resources: Path,
        today: Callable[[], date] = date.today,
        attachments: Path | None = None,
    ) -> None:
        self._db = db
        self._folder = resources / "demo"
        self._today = today
        self._resources = resources
        # where letters' PDFs are kept: the data folder's attachment store by default
        self._attachments = attachments or DataPaths(db.path.parent).attachments

    def load(self, progress: Progress = NO_PROGRESS) -> DemoResult:
        offices = _read(self._folder, "offices.json", "offices")
        units = [_check_unit(row) for row in _read(self._folder, "units.json", "units")]
        for row in offices:
            OfficeRole(row["role"])
        today = self._today()
        registers = [
            (name, [{k: resolve_relative(v, today) for k, v in r.items()} for r in rows])
            for name, file, key in REGISTER_FILES
            for rows in [_read(self._folder, file, key)]
        ]
        leads = _read(self._folder, "leads.json", "leads")
        lead_rows = len(leads) + sum(len(row.get("transfers", [])) for row in leads)
        inspections = _read(self._folder, "inspections.json", "inspections")
        inspection_rows = demo_inspections.row_count(inspections)
        total = len(offices) + len(units) + sum(len(rows) for _, rows in registers)
        total += lead_rows + inspection_rows + demo_reviews.ROW_COUNT + demo_letters.ROW_COUNT
        done = 0
        added: dict[str, int] = {}
        progress.report(0, total, "正在载入演示数据…")
        with self._db.writer() as session:
            have_codes = set(
                session.scalars(
                    select(DirectoryOffice.code).where(
                        DirectoryOffice.deleted_at.is_(None),
                        DirectoryOffice.origin_office == session.info[INFO_OFFICE],
                    )
                )
            )
            new_offices = [
                DirectoryOffice(**row, remark=DEMO_REMARK)
                for row in offices
                if row["code"] not in have_codes
            ]
            session.add_all(new_offices)
            added["单位名录"] = len(new_offices)
            have_credit = set(
                session.scalars(
                    select(EnforcementUnit.credit_code).where(
                        EnforcementUnit.deleted_at.is_(None),
                        EnforcementUnit.origin_office == session.info[INFO_OFFICE],
                    )
                )
            )
            new_units = [
                EnforcementUnit(**row) for row in units if row["credit_code"] not in have_credit
            ]
            session.add_all(new_units)
            session.flush()
            added["执法主体"] = len(new_units)
            done += len(offices) + len(units)
            progress.report(done, total)
            for name, rows in registers:
                progress.check_cancelled()
                spec = register(name)
                index = edit.UnitIndex(session)
                count = 0
                for number, row in enumerate(rows, start=1):
                    try:
                        values = edit.parse_record(session, spec, row, index)
                    except FieldError as exc:
                        raise InputRejected(
                            f"演示数据“{spec.title}”第{number}条有误：{exc.message}"
                        ) from exc
                    if edit.find_same(session, spec, values, None) is None:
                        session.add(spec.model(**values))
                        session.flush()
                        count += 1
                added[spec.title] = count
                done += len(rows)
                progress.report(done, total)
            progress.check_cancelled()
            added[LEADS_TITLE], added[TRANSFERS_TITLE] = load_leads(
                session, leads, today, lambda value: resolve_relative(value, today)
            )
            done += lead_rows
            progress.report(done, total)
            progress.check_cancelled()
            loaded = demo_inspections.load_inspections(
                session, inspections, today, lambda value: resolve_relative(value, today)
            )
            added[demo_inspections.INSPECTIONS_TITLE] = loaded.inspections
            added[demo_inspections.SUPERVISORS_TITLE] = loaded.supervisors
            added[demo_inspections.PROBLEMS_TITLE] = loaded.problems
            done += inspection_rows
            progress.report(done, total)
            progress.check_cancelled()
            added |= demo_reviews.load_reviews(session, today, DEMO_REMARK)
            progress.report(total - demo_letters.ROW_COUNT, total)
            progress.check_cancelled()
            added[demo_letters.TITLE] = demo_letters.load_letters(
                session, today, self._resources, self._attachments
            )
        progress.report(total, total)
        return DemoResult(added)
