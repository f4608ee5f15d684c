"""Problems found in an inspection and their rectification: validating and replacing them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from yuyou_desktop.domain.enums import ProblemCategory, RectificationStatus
from yuyou_desktop.domain.inspections import problem_status
from yuyou_desktop.errors import FieldError
from yuyou_desktop.services.inspections.records import ProblemRecord
from yuyou_desktop.services.inspections.rules import date_value, enum_value
from yuyou_desktop.storage.models_inspections import InspectionProblem
from yuyou_desktop.storage.types import utcnow

STORED_STATUSES = (
    RectificationStatus.PENDING,
    RectificationStatus.IN_PROGRESS,
    RectificationStatus.DONE,
)


@dataclass(frozen=True)
class ProblemValues:
    id: str | None
    category: str
    description: str
    deadline: date | None
    status: str
    unit_report: str
    follow_up: str
    closed_on: date | None


def stored_status(label: str, value: Any) -> RectificationStatus:
    status = enum_value(RectificationStatus, label, value or RectificationStatus.PENDING.value)
    if status not in STORED_STATUSES:
        raise FieldError(label, "“逾期”由整改期限自动判断，请选择待整改、整改中或已整改。")
    return status


def check_closed_on(
    label: str, status: RectificationStatus, closed_on: date | None, day: date, today: date
) -> date | None:
    """已整改 needs the date it was put right (not in the future, not before the inspection);
    any other status has none."""
    if status is not RectificationStatus.DONE:
        return None
    if closed_on is None:
        raise FieldError(label, "状态为“已整改”时必须填写整改完成日期。")
    if closed_on > today:
        raise FieldError(
            label, f"不能晚于今天（{today.isoformat()}），实际为 {closed_on.isoformat()}。"
        )
    if closed_on < day:
        raise FieldError(
            label, f"不能早于检查日期（{day.isoformat()}），实际为 {closed_on.isoformat()}。"
        )
    return closed_on


def parse_problems(raw: Sequence[Mapping[str, Any]], day: date, today: date) -> list[ProblemValues]:
    found = []
    for n, item in enumerate(raw, start=1):
        prefix = f"第{n}个问题的"
        category = enum_value(ProblemCategory, prefix + "类别", item.get("category"))
        description = str(item.get("description") or "").strip()
        if not description:
            raise FieldError(prefix + "描述", "必须填写。")
        deadline = date_value(prefix + "整改期限", item.get("deadline"))
        if deadline is not None and deadline < day:
            raise FieldError(
                prefix + "整改期限",
                f"不能早于检查日期（{day.isoformat()}），实际为 {deadline.isoformat()}。",
            )
        status = stored_status(prefix + "整改状态", item.get("status"))
        closed_on = date_value(prefix + "整改完成日期", item.get("closed_on"))
        closed_on = check_closed_on(prefix + "整改完成日期", status, closed_on, day, today)
        found.append(
            ProblemValues(
                id=str(item["id"]) if item.get("id") else None,
                category=category.value,
                description=description,
                deadline=deadline,
                status=status.value,
                unit_report=str(item.get("unit_report") or "").strip(),
                follow_up=str(item.get("follow_up") or "").strip(),
                closed_on=closed_on,
            )
        )
    return found


def replace_problems(session: Session, inspection_id: str, wanted: Sequence[ProblemValues]) -> None:
    """Make the inspection's live problems exactly ``wanted``: kept ones (by id) are updated,
    new ones added, the rest soft-deleted."""
    existing = {
        p.id: p
        for p in session.scalars(
            select(InspectionProblem).where(
                InspectionProblem.inspection_id == inspection_id,
                InspectionProblem.deleted_at.is_(None),
            )
        )
    }
    for n, values in enumerate(wanted, start=1):
        fields = {k: v for k, v in values.__dict__.items() if k != "id"}
        if values.id is None:
            session.add(InspectionProblem(inspection_id=inspection_id, **fields))
            continue
        row = existing.pop(values.id, None)
        if row is None:
            raise FieldError(f"第{n}个问题", "这个问题不属于本次检查或已被删除，请重新打开记录。")
        for key, value in fields.items():
            if getattr(row, key) != value:
                setattr(row, key, value)
    now = utcnow()
    for row in existing.values():
        row.deleted_at = now


def to_record(row: InspectionProblem, today: date) -> ProblemRecord:
    return ProblemRecord(
        id=row.id,
        version=row.version,
        inspection_id=row.inspection_id,
        category=ProblemCategory(row.category),
        description=row.description,
        deadline=row.deadline,
        status=problem_status(row.status, row.deadline, today),
        stored_status=RectificationStatus(row.status),
        unit_report=row.unit_report,
        follow_up=row.follow_up,
        closed_on=row.closed_on,
    )
