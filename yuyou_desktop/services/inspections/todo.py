"""TodoService: the 待办 view — problems whose rectification and leads whose handling are overdue
or fall due within ``inspections.due_soon_days`` days, and letters whose reply is overdue.

Selected in SQL: problems by the ``(status, deadline)`` index (status among the not-done values,
deadline in a range) without a join — deleting an inspection tombstones its problems — and
leads 办理中, or 已移送 with a transfer still waiting for feedback.  Each bucket is
ordered by deadline (most overdue first) and cut at ``limit`` rows; the counts are whole.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from yuyou_desktop.domain.enums import (
    LeadSource,
    LeadStatus,
    ProblemCategory,
    RectificationStatus,
)
from yuyou_desktop.services.inspections.leads_query import still_pending
from yuyou_desktop.services.letters.reading import LetterTodo, overdue_letters
from yuyou_desktop.services.settings import SettingsService
from yuyou_desktop.storage.database import Database
from yuyou_desktop.storage.models import EnforcementUnit
from yuyou_desktop.storage.models_inspections import (
    Inspection,
    InspectionProblem,
    Lead,
)

EXCERPT_CHARS = 40
NOT_DONE = tuple(s.value for s in RectificationStatus if s is not RectificationStatus.DONE)


@dataclass(frozen=True)
class ProblemTodo:
    problem_id: str
    inspection_id: str
    inspection_number: str
    unit_name: str
    category: str
    category_label: str
    description: str
    deadline: date
    status: str  # the stored status (待整改 / 整改中)
    status_label: str
    days: int  # days overdue (overdue bucket) or days left (due-soon bucket; 0 = today)


@dataclass(frozen=True)
class LeadTodo:
    lead_id: str
    received_on: date
    source: str
    source_label: str
    excerpt: str  # the content's first characters
    handler: str
    unit_name: str
    deadline: date
    days: int  # days overdue or days left, as for problems
    status_label: str  # 办理中, or 已移送 while a transfer still waits for its feedback


@dataclass(frozen=True)
class Todo:
    today: date
    due_soon_days: int
    overdue_problems: list[ProblemTodo]
    due_soon_problems: list[ProblemTodo]
    overdue_leads: list[LeadTodo]
    due_soon_leads: list[LeadTodo]
    overdue_problem_count: int
    due_soon_problem_count: int
    overdue_lead_count: int
    due_soon_lead_count: int
    overdue_letters: list[LetterTodo]
    overdue_letter_count: int

    @property
    def total(self) -> int:
        return (
            self.overdue_problem_count
            + self.due_soon_problem_count
            + self.overdue_lead_count
            + self.due_soon_lead_count
            + self.overdue_letter_count
        )


def _excerpt(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= EXCERPT_CHARS else flat[: EXCERPT_CHARS - 1] + "…"


class TodoService:
    def __init__(
        self,
        db: Database,
        settings: SettingsService,
        today: Callable[[], date] = date.today,
    ) -> None:
        self._db = db
        self._settings = settings
        self._today = today

    def todo(self, limit: int = 500) -> Todo:
        today = self._today()
        days = int(self._settings.get("inspections.due_soon_days"))
        soon = today + timedelta(days=days)
        p_deadline, l_deadline = InspectionProblem.deadline, Lead.deadline
        with self._db.reader() as session:
            p_over = self._problems(session, p_deadline < today, today, limit, overdue=True)
            p_soon = self._problems(
                session, p_deadline.between(today, soon), today, limit, overdue=False
            )
            l_over = self._leads(session, l_deadline < today, today, limit, overdue=True)
            l_soon = self._leads(session, l_deadline.between(today, soon), today, limit, False)
            letters = overdue_letters(session, today, limit)
        return Todo(today, days, p_over[0], p_soon[0], l_over[0], l_soon[0],
                    p_over[1], p_soon[1], l_over[1], l_soon[1], letters[0], letters[1])  # fmt: skip

    @staticmethod
    def _problems(
        session: Session, when: ColumnElement[bool], today: date, limit: int, overdue: bool
    ) -> tuple[list[ProblemTodo], int]:
        """Count and pick the first ``limit`` on the problems table alone (the index on
        status and deadline; an inspection's deletion tombstones its problems too), then
        fetch the picked few with their inspection and unit."""
        p, i = InspectionProblem, Inspection
        where = (p.status.in_(NOT_DONE), when, p.deleted_at.is_(None))
        count = session.execute(select(func.count()).select_from(p).where(*where)).scalar_one()
        if not count:
            return [], 0
        ids = list(
            session.scalars(select(p.id).where(*where).order_by(p.deadline, p.id).limit(limit))
        )
        found = session.execute(
            select(
                p.id,
                p.inspection_id,
                p.category,
                p.description,
                p.deadline,
                p.status,
                i.number,
                EnforcementUnit.name.label("unit_name"),
            )
            .join(i, i.id == p.inspection_id)
            .outerjoin(EnforcementUnit, EnforcementUnit.id == i.unit_id)
            .where(p.id.in_(ids), i.deleted_at.is_(None))
            .order_by(p.deadline, i.number, p.id)
        ).all()
        rows = []
        for r in found:
            gap = (r.deadline - today).days
            rows.append(
                ProblemTodo(
                    problem_id=r.id,
                    inspection_id=r.inspection_id,
                    inspection_number=r.number,
                    unit_name=r.unit_name or "",
                    category=r.category,
                    category_label=ProblemCategory(r.category).label,
                    description=r.description,
                    deadline=r.deadline,
                    status=r.status,
                    status_label=RectificationStatus(r.status).label,
                    days=-gap if overdue else gap,
                )
            )
        return rows, count

    @staticmethod
    def _leads(
        session: Session, when: ColumnElement[bool], today: date, limit: int, overdue: bool
    ) -> tuple[list[LeadTodo], int]:
        where = (still_pending(), when, Lead.deleted_at.is_(None))
        count = session.execute(select(func.count()).select_from(Lead).where(*where)).scalar_one()
        if not count:
            return [], 0
        found = session.execute(
            select(Lead, EnforcementUnit.name)
            .outerjoin(EnforcementUnit, EnforcementUnit.id == Lead.unit_id)
            .where(*where)
            .order_by(Lead.deadline, Lead.received_on, Lead.id)
            .limit(limit)
        ).all()
        rows = []
        for lead, unit_name in found:
            gap = (lead.deadline - today).days
            rows.append(
                LeadTodo(
                    lead_id=lead.id,
                    received_on=lead.received_on,
                    source=lead.source,
                    source_label=LeadSource(lead.source).label,
                    excerpt=_excerpt(lead.content),
                    handler=lead.handler,
                    unit_name=unit_name or "",
                    deadline=lead.deadline,
                    days=-gap if overdue else gap,
                    status_label=(
                        "已移送，待反馈"
                        if lead.status == LeadStatus.TRANSFERRED.value
                        else LeadStatus(lead.status).label
                    ),
                )
            )
        return rows, count
