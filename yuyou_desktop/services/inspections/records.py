"""What the inspection service hands out and takes in: frozen dataclasses, never ORM rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from yuyou_desktop.domain.enums import (
    FocusArea,
    InspectionKind,
    PersonRole,
    ProblemCategory,
    RectificationStatus,
)
from yuyou_desktop.domain.enums import LabelledEnum as _LabelledEnum


class ProblemFilter(_LabelledEnum):
    """The problem-status filter of the list (over each inspection's live problems)."""

    OVERDUE = ("overdue", "有逾期问题")
    OPEN = ("open", "有未整改问题")
    DONE = ("done", "问题已全部整改")
    NONE = ("none", "未发现问题")


@dataclass(frozen=True)
class SupervisorRecord:
    id: str
    person_id: str
    name: str
    id_number: str
    certificate_number: str
    invited: bool
    role: PersonRole = PersonRole.SUPERVISOR
    unit_name: str = ""


@dataclass(frozen=True)
class ProblemRecord:
    id: str
    version: int
    inspection_id: str
    category: ProblemCategory
    description: str
    deadline: date | None
    status: RectificationStatus  # derived: 逾期 when not done and past the deadline
    stored_status: RectificationStatus  # what was recorded (never 逾期)
    unit_report: str
    follow_up: str
    closed_on: date | None


@dataclass(frozen=True)
class AttachmentRecord:
    id: str
    inspection_id: str
    sha256: str
    original_name: str
    media_type: str
    size: int


@dataclass(frozen=True)
class InspectionRecord:
    id: str
    version: int
    number: str
    year: int
    serial: int
    kind: InspectionKind
    focus_area: FocusArea
    unit_id: str
    unit_name: str
    enterprise_id: str | None
    enterprise_name: str
    enterprise_credit_code: str
    on_site: bool
    quiet_exception: str
    started_at: datetime  # Beijing time
    ended_at: datetime
    place: str
    recorder: str
    basis: str
    findings: str
    conclusion: str
    rectification_required: bool
    rectification_deadline: date | None
    lead_id: str | None
    supervisors: tuple[SupervisorRecord, ...]
    problems: tuple[ProblemRecord, ...]
    attachments: tuple[AttachmentRecord, ...]
    origin_office: str = ""  # the office that recorded it (the only one that may change it)

    @property
    def day(self) -> date:
        return self.started_at.date()


@dataclass(frozen=True)
class SaveResult:
    record: InspectionRecord
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class InspectionQuery:
    date_from: date | None = None
    date_to: date | None = None  # inclusive
    kind: InspectionKind | str | None = None
    focus_area: FocusArea | str | None = None
    unit_id: str | None = None
    enterprise_id: str | None = None
    status: ProblemFilter | str | None = None
    search: str = ""
    origin_office: str | None = None  # 来源单位: only the inspections of this office
    sort: str = "started_at"  # see query.SORT_KEYS
    descending: bool = True
    offset: int = 0
    limit: int = 200


@dataclass(frozen=True)
class InspectionRow:
    """One line of the list."""

    id: str
    version: int
    number: str
    kind: InspectionKind
    focus_area: FocusArea
    started_at: datetime  # Beijing time
    ended_at: datetime
    unit_id: str
    unit_name: str
    enterprise_id: str | None
    enterprise_name: str
    place: str
    on_site: bool
    problems: int
    open_problems: int  # not yet 已整改 (overdue ones included)
    overdue_problems: int
    origin_office: str = ""


@dataclass(frozen=True)
class InspectionPage:
    total: int
    offset: int
    rows: tuple[InspectionRow, ...]


@dataclass(frozen=True)
class EnterpriseCount:
    enterprise_id: str
    name: str
    credit_code: str
    count: int
    over_cap: bool
