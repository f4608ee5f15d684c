"""Who can be picked for an inspection: people who may supervise (with whether they hold a
certificate valid on the inspection day) and enterprises, searched in SQL a page at a time.

The form shows the certificate state next to each name so that the clerk sees a lapsed
certificate before saving; the save itself still checks (``rules.supervisors``).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from yuyou_desktop.domain.enums import PersonRole
from yuyou_desktop.errors import FieldError
from yuyou_desktop.services.inspections.rules import COUNTED_ROLES, valid_certificate
from yuyou_desktop.storage.models import EnforcementUnit, Enterprise, Person

PICK_LIMIT = 100


@dataclass(frozen=True)
class SupervisorCandidate:
    person_id: str
    name: str
    id_number: str
    role: PersonRole
    unit_name: str
    certificate_number: str  # valid on the day ("" for invited supervisors or when none)
    problem: str  # why they cannot be one of the two on that day ("" when they can)

    @property
    def invited(self) -> bool:
        return self.role is PersonRole.INVITED


@dataclass(frozen=True)
class EnterpriseCandidate:
    enterprise_id: str
    name: str
    credit_code: str
    address: str


def _like(column: object, text: str) -> object:
    return column.contains(text, autoescape=True)  # type: ignore[attr-defined]


def supervisor_candidates(
    session: Session,
    search: str,
    day: date,
    invited: bool,
    limit: int = PICK_LIMIT,
    person_ids: Collection[str] | None = None,
) -> list[SupervisorCandidate]:
    """People who may take part as certified supervisors (监督人员, 执法人员) or, with
    ``invited``, as 特邀行政执法监督员 — by name or 身份证号 fragment, or among ``person_ids``."""
    roles = [PersonRole.INVITED] if invited else list(COUNTED_ROLES)
    stmt = (
        select(Person, func.coalesce(EnforcementUnit.name, Person.organisation))
        .outerjoin(EnforcementUnit, EnforcementUnit.id == Person.unit_id)
        .where(Person.deleted_at.is_(None), Person.role.in_([r.value for r in roles]))
        .order_by(Person.name, Person.id_number)
        .limit(max(1, min(limit, 500)))
    )
    text = search.strip()
    if text:
        stmt = stmt.where(or_(_like(Person.name, text), _like(Person.id_number, text.upper())))
    if person_ids is not None:
        stmt = stmt.where(Person.id.in_(list(person_ids)))
    found = []
    for person, unit_name in session.execute(stmt):
        role = PersonRole(person.role)
        number, problem = "", ""
        if role is not PersonRole.INVITED:
            try:
                number = valid_certificate(session, person, day)
            except FieldError as exc:
                problem = exc.reason
        found.append(
            SupervisorCandidate(
                person.id, person.name, person.id_number, role, unit_name or "", number, problem
            )
        )
    return found


def enterprise_candidates(
    session: Session, search: str, limit: int = PICK_LIMIT
) -> list[EnterpriseCandidate]:
    """Enterprises (检查对象) by name or 统一社会信用代码 fragment."""
    stmt = (
        select(Enterprise)
        .where(Enterprise.deleted_at.is_(None))
        .order_by(Enterprise.name, Enterprise.credit_code)
        .limit(max(1, min(limit, 500)))
    )
    text = search.strip()
    if text:
        stmt = stmt.where(
            or_(_like(Enterprise.name, text), _like(Enterprise.credit_code, text.upper()))
        )
    return [
        EnterpriseCandidate(e.id, e.name, e.credit_code, e.address or "")
        for e in session.scalars(stmt)
    ]
