"""Reading one inspection with its supervisors, problems and attachments as plain records."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, literal_column, select
from sqlalchemy.orm import Session

from yuyou_desktop.domain.enums import FocusArea, InspectionKind, PersonRole
from yuyou_desktop.domain.inspections import BEIJING
from yuyou_desktop.services.inspections.problems import to_record as problem_record
from yuyou_desktop.services.inspections.records import (
    AttachmentRecord,
    InspectionRecord,
    SupervisorRecord,
)
from yuyou_desktop.storage.models import EnforcementUnit, Enterprise, Person
from yuyou_desktop.storage.models_inspections import (
    Attachment,
    Inspection,
    InspectionProblem,
    InspectionSupervisor,
)


def _entry_order(table: str) -> object:
    """Rows added in one save share created_at; SQLite's rowid keeps the order they were
    entered in (UUIDv7s of one millisecond are not ordered)."""
    return literal_column(f"{table}.rowid")


def attachment_record(row: Attachment) -> AttachmentRecord:
    return AttachmentRecord(
        id=row.id,
        inspection_id=row.inspection_id,
        sha256=row.sha256,
        original_name=row.original_name,
        media_type=row.media_type,
        size=row.size,
    )


def load_record(session: Session, row: Inspection, today: date) -> InspectionRecord:
    unit = session.get(EnforcementUnit, row.unit_id)
    enterprise = session.get(Enterprise, row.enterprise_id) if row.enterprise_id else None
    S = InspectionSupervisor
    supervisors = session.execute(
        select(
            S.id,
            S.person_id,
            S.certificate_number,
            S.invited,
            Person.name,
            Person.id_number,
            Person.role,
            # county or township staff have no enforcement unit: their 工作单位或身份 instead
            func.coalesce(EnforcementUnit.name, Person.organisation).label("unit_name"),
        )
        .join(Person, Person.id == S.person_id)
        .outerjoin(EnforcementUnit, EnforcementUnit.id == Person.unit_id)
        .where(S.inspection_id == row.id, S.deleted_at.is_(None))
        .order_by(S.invited, S.created_at, _entry_order("inspection_supervisors"))
    ).all()
    problems = session.scalars(
        select(InspectionProblem)
        .where(InspectionProblem.inspection_id == row.id, InspectionProblem.deleted_at.is_(None))
        .order_by(InspectionProblem.created_at, _entry_order("inspection_problems"))
    ).all()
    attachments = session.scalars(
        select(Attachment)
        .where(Attachment.inspection_id == row.id, Attachment.deleted_at.is_(None))
        .order_by(Attachment.created_at, _entry_order("attachments"))
    ).all()
    return InspectionRecord(
        id=row.id,
        version=row.version,
        number=row.number,
        year=row.year,
        serial=row.serial,
        kind=InspectionKind(row.kind),
        focus_area=FocusArea(row.focus_area),
        unit_id=row.unit_id,
        unit_name=unit.name if unit else "",
        enterprise_id=row.enterprise_id,
        enterprise_name=enterprise.name if enterprise else "",
        enterprise_credit_code=enterprise.credit_code if enterprise else "",
        on_site=row.on_site,
        quiet_exception=row.quiet_exception,
        started_at=row.started_at.astimezone(BEIJING),
        ended_at=row.ended_at.astimezone(BEIJING),
        place=row.place,
        recorder=row.recorder,
        basis=row.basis,
        findings=row.findings,
        conclusion=row.conclusion,
        rectification_required=row.rectification_required,
        rectification_deadline=row.rectification_deadline,
        lead_id=row.lead_id,
        supervisors=tuple(
            SupervisorRecord(
                id=s.id,
                person_id=s.person_id,
                name=s.name,
                id_number=s.id_number,
                certificate_number=s.certificate_number,
                invited=s.invited,
                role=PersonRole(s.role),
                unit_name=s.unit_name or "",
            )
            for s in supervisors
        ),
        problems=tuple(problem_record(p, today) for p in problems),
        attachments=tuple(attachment_record(a) for a in attachments),
        origin_office=row.origin_office,
    )
