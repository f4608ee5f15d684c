"""待处理: what needs action in the registers — missing or late filings, certificates that
lapse, people who failed or missed the annual law exam — and revoking certificates."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, func, select

from yuyou_desktop.domain.enums import (
    CertificateStatus,
    ExamResult,
    FilingStatus,
    PersonRole,
    UnitStatus,
)
from yuyou_desktop.domain.registers import filing_deadline, filing_status
from yuyou_desktop.errors import FieldError, InputRejected
from yuyou_desktop.services import ownership
from yuyou_desktop.services.registry.query import ListQuery, Page
from yuyou_desktop.services.registry.service import RegistryService
from yuyou_desktop.storage.database import Database
from yuyou_desktop.storage.models import (
    Certificate,
    EnforcementUnit,
    Person,
    SupervisionFiling,
    Training,
)

EXPIRING = CertificateStatus.EXPIRING.value
LAPSED = (CertificateStatus.EXPIRED.value, CertificateStatus.REVOKED.value)


@dataclass(frozen=True)
class FilingGap:
    unit_id: str
    unit_name: str
    status: FilingStatus
    filed_on: date | None
    deadline: date


@dataclass(frozen=True)
class ExamProblem:
    person_id: str
    name: str
    id_number: str
    unit_name: str
    result: ExamResult | None  # None: no exam record for the year
    active_certificates: int

    @property
    def result_label(self) -> str:
        return self.result.label if self.result else "无考试记录"


class AttentionService:
    def __init__(
        self, db: Database, registry: RegistryService, today: Callable[[], date] = date.today
    ) -> None:
        self._db = db
        self._registry = registry
        self._today = today

    def filing_gaps(self, year: int) -> list[FilingGap]:
        """Active units with no filing for ``year``, or whose filing came after the deadline."""
        deadline = filing_deadline(year, self._registry.context().filing_deadline)
        f = SupervisionFiling
        with self._db.reader() as session:
            rows = session.execute(
                select(EnforcementUnit.id, EnforcementUnit.name, f.filed_on)
                .outerjoin(
                    f,
                    and_(f.unit_id == EnforcementUnit.id, f.year == year, f.deleted_at.is_(None)),
                )
                .where(
                    EnforcementUnit.deleted_at.is_(None),
                    EnforcementUnit.status == UnitStatus.ACTIVE.value,
                )
                .order_by(EnforcementUnit.name)
            ).all()
        gaps = []
        for unit_id, name, filed_on in rows:
            status = filing_status(filed_on, deadline)
            if status is not FilingStatus.ON_TIME:
                gaps.append(FilingGap(unit_id, name, status, filed_on, deadline))
        return gaps

    def certificate_alerts(self, limit: int = 500) -> Page:
        """Certificates about to expire first (soonest first), then expired or revoked ones
        (most recent first) — so the ones that still need action are never crowded out."""
        expiring = self._registry.list(
            "certificates",
            ListQuery(filters={"status": EXPIRING}, sort="valid_to", limit=limit),
        )
        lapsed = self._registry.list(
            "certificates",
            ListQuery(
                filters={"status": LAPSED},
                sort="valid_to",
                descending=True,
                limit=max(0, limit - len(expiring.rows)),
            ),
        )
        return Page(expiring.total + lapsed.total, 0, expiring.rows + lapsed.rows)

    def exam_problems(self, year: int) -> list[ExamProblem]:
        """People holding an active certificate whose law exam of ``year`` failed or is missing."""
        today = self._today()
        active = (
            select(Certificate.person_id, func.count().label("n"))
            .where(
                Certificate.deleted_at.is_(None),
                Certificate.revoked_on.is_(None),
                Certificate.valid_to >= today,
            )
            .group_by(Certificate.person_id)
            .subquery()
        )
        passed = (
            select(Training.person_id)
            .where(
                Training.deleted_at.is_(None),
                Training.law_exam.is_(True),
                Training.year == year,
                Training.result == ExamResult.PASSED.value,
            )
            .subquery()
        )
        with self._db.reader() as session:
            rows = session.execute(
                select(Person.id, Person.name, Person.id_number, EnforcementUnit.name, active.c.n)
                .join(active, active.c.person_id == Person.id)
                .outerjoin(EnforcementUnit, EnforcementUnit.id == Person.unit_id)
                .where(
                    Person.deleted_at.is_(None),
                    Person.role.in_([PersonRole.ENFORCEMENT.value, PersonRole.SUPERVISOR.value]),
                    Person.id.not_in(select(passed.c.person_id)),
                )
                .order_by(Person.name)
            ).all()
            results = dict(
                session.execute(
                    select(Training.person_id, Training.result).where(
                        Training.deleted_at.is_(None),
                        Training.law_exam.is_(True),
                        Training.year == year,
                    )
                ).all()
            )
        return [
            ExamProblem(
                pid,
                name,
                number,
                unit or "",
                ExamResult(results[pid]) if pid in results else None,
                n,
            )
            for pid, name, number, unit, n in rows
        ]

    def revoke_certificates(self, person_id: str, reason: str, on: date | None = None) -> int:
        """Mark every active certificate of a person 已注销 with the reason; returns how many."""
        reason = (reason or "").strip()
        if not reason:
            raise FieldError("注销原因", "必须写明注销原因。")
        when = on or self._today()
        with self._db.writer() as session:
            person = session.get(Person, person_id)
            if person is None or person.deleted_at is not None:
                raise InputRejected("该人员不存在或已被删除。")
            certificates = session.scalars(
                select(Certificate).where(
                    Certificate.person_id == person_id,
                    Certificate.deleted_at.is_(None),
                    Certificate.revoked_on.is_(None),
                )
            ).all()
            if not certificates:
                raise InputRejected(f"{person.name}没有未注销的证件。")
            ownership.ensure_owned(session, *certificates)
            for certificate in certificates:
                certificate.revoked_on = when
                certificate.revoke_reason = reason
            return len(certificates)
