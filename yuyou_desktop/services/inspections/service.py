"""InspectionService: record, list, follow up and delete supervision inspections (检查记录).

Every operation is one writer transaction: a refusal (FieldError / InputRejected naming the
field or person) changes nothing.  See ``rules`` for who may supervise and the quiet period.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from yuyou_desktop.domain.enums import RectificationStatus
from yuyou_desktop.domain.inspections import format_number, local_date, number_prefix
from yuyou_desktop.errors import FieldError, InputRejected
from yuyou_desktop.services import ownership
from yuyou_desktop.services.inspections import problems as problem_rules
from yuyou_desktop.services.inspections import query as listing
from yuyou_desktop.services.inspections import rules
from yuyou_desktop.services.inspections.attachments import AttachmentStore
from yuyou_desktop.services.inspections.candidates import (
    PICK_LIMIT,
    EnterpriseCandidate,
    SupervisorCandidate,
    enterprise_candidates,
    supervisor_candidates,
)
from yuyou_desktop.services.inspections.reading import attachment_record, load_record
from yuyou_desktop.services.inspections.records import (
    AttachmentRecord,
    EnterpriseCount,
    InspectionPage,
    InspectionQuery,
    InspectionRecord,
    ProblemRecord,
    SaveResult,
)
from yuyou_desktop.services.inspections.values import parse_values
from yuyou_desktop.services.office import OfficeService
from yuyou_desktop.services.ownership import OriginChoices
from yuyou_desktop.services.settings import SettingsService
from yuyou_desktop.storage.database import Database
from yuyou_desktop.storage.models import Enterprise, Office
from yuyou_desktop.storage.models_inspections import (
    Attachment,
    Inspection,
    InspectionProblem,
    InspectionSupervisor,
    Lead,
)
from yuyou_desktop.storage.types import utcnow


class StaleInspection(InputRejected):
    """The record changed or was deleted since it was opened."""


def _live(session: Session, model: Any, record_id: str, what: str, expected: int | None) -> Any:
    row = session.get(model, record_id)
    if row is None or row.deleted_at is not None:
        raise StaleInspection(f"这条{what}不存在或已被删除。")
    if expected is not None and row.version != expected:
        raise StaleInspection(
            f"这条{what}已被修改（版本 {row.version}，打开时为 {expected}），请重新打开后再改。"
        )
    return row


class InspectionService:
    def __init__(
        self,
        db: Database,
        settings: SettingsService,
        office_service: OfficeService,
        attachments_dir: Path,
        today: Callable[[], date] = date.today,
    ) -> None:
        self._db = db
        self._settings = settings
        self._office = office_service
        self._store = AttachmentStore(attachments_dir)
        self._today = today

    # ------------------------------------------------------------ numbers

    def next_number(self, year: int) -> str:
        """The number the next inspection of ``year`` will get (a preview; not reserved)."""
        office = self._office.current()
        prefix = number_prefix(self._settings.get("inspections.number_prefix"), office.prefix)
        with self._db.reader() as session:
            serial = self._next_serial(session, office.code, year)
        return format_number(prefix, year, serial)

    @staticmethod
    def _next_serial(session: Session, office_code: str, year: int) -> int:
        """max + 1 over every row of the office and year, tombstones included: never reused."""
        last = session.execute(
            select(func.max(Inspection.serial)).where(
                Inspection.origin_office == office_code, Inspection.year == year
            )
        ).scalar_one()
        return (last or 0) + 1

    # ------------------------------------------------------------ reading

    def get(self, inspection_id: str) -> InspectionRecord:
        with self._db.reader() as session:
            row = _live(session, Inspection, inspection_id, "检查记录", None)
            return load_record(session, row, self._today())

    def list(self, query: InspectionQuery | None = None) -> InspectionPage:
        with self._db.reader() as session:
            return listing.list_page(session, query or InspectionQuery(), self._today())

    def origin_offices(self) -> OriginChoices:
        """The offices whose inspections are listed here (for the 来源单位 filter)."""
        with self._db.reader() as session:
            return ownership.origin_choices(session, Inspection)

    def top_enterprises(self, year: int, limit: int = 20) -> list[EnterpriseCount]:
        """Enterprises by number of live inspections in ``year``, most inspected first."""
        cap = self._settings.get("inspections.yearly_cap")
        counted = func.count().label("n")
        with self._db.reader() as session:
            rows = session.execute(
                select(Enterprise.id, Enterprise.name, Enterprise.credit_code, counted)
                .join(Inspection, Inspection.enterprise_id == Enterprise.id)
                .where(
                    Inspection.year == year,
                    Inspection.deleted_at.is_(None),
                    Enterprise.deleted_at.is_(None),  # as 统计's 超过检查上限企业
                )
                .group_by(Enterprise.id)
                .order_by(counted.desc(), Enterprise.name)
                .limit(max(0, limit))
            ).all()
        return [EnterpriseCount(r.id, r.name, r.credit_code, r.n, r.n > cap) for r in rows]

    def supervisor_candidates(
        self, search: str, day: date, invited: bool = False, limit: int = PICK_LIMIT
    ) -> list[SupervisorCandidate]:
        """People who may be picked (certified, or with ``invited`` 特邀), with whether their
        certificate is valid on ``day``."""
        with self._db.reader() as session:
            return supervisor_candidates(session, search, day, invited, limit)

    def supervisors_on(self, person_ids: Sequence[str], day: date) -> list[SupervisorCandidate]:
        """The certified people ``person_ids`` with their certificate state on ``day`` (those
        no longer in the register, or no longer certified roles, are missing)."""
        with self._db.reader() as session:
            return supervisor_candidates(
                session, "", day, False, limit=len(person_ids) or 1, person_ids=person_ids
            )

    def enterprise_candidates(
        self, search: str, limit: int = PICK_LIMIT
    ) -> list[EnterpriseCandidate]:
        with self._db.reader() as session:
            return enterprise_candidates(session, search, limit)

    # ------------------------------------------------------------ writing

    def save(
        self,
        inspection_id: str | None,
        values: Mapping[str, Any],
        supervisors: Sequence[tuple[str, bool]],
        problems: Sequence[Mapping[str, Any]] = (),
        expected_version: int | None = None,
    ) -> SaveResult:
        """Create (``inspection_id`` None; the number is assigned here) or update an
        inspection with its supervisors and problems (each set replaced as given)."""
        quiet = rules.QuietRules(
            self._settings.get("inspections.quiet_window"),
            tuple(self._settings.get("inspections.quiet_exceptions")),
        )
        cap = self._settings.get("inspections.yearly_cap")
        prefix_setting = self._settings.get("inspections.number_prefix")
        today = self._today()
        with self._db.writer() as session:
            if inspection_id is not None:
                ownership.ensure_owned(
                    session, _live(session, Inspection, inspection_id, "检查记录", None)
                )
            parsed = parse_values(session, values, quiet, inspection_id)
            day = parsed.day
            if day.year > today.year:
                # The number's year comes from this date and is never given back: a slip of
                # the year would use up a number of a year that has not begun.
                raise FieldError(
                    "开始时间",
                    f"检查日期 {day.isoformat()} 在{day.year}年，晚于今年（{today.year}年）。"
                    "检查编号按年度编排，请核对日期。",
                )
            chosen = rules.supervisors(session, supervisors, day)
            wanted_problems = problem_rules.parse_problems(problems, day, today)
            if inspection_id is None:
                office = session.execute(select(Office)).scalar_one()
                serial = self._next_serial(session, office.code, day.year)
                prefix = number_prefix(prefix_setting, office.prefix)
                row = Inspection(
                    number=format_number(prefix, day.year, serial),
                    year=day.year,
                    serial=serial,
                    **parsed.columns,
                )
                session.add(row)
                session.flush()
            else:
                row = _live(session, Inspection, inspection_id, "检查记录", expected_version)
                if day.year != row.year:
                    raise FieldError(
                        "开始时间",
                        f"编号 {row.number} 属于{row.year}年，检查日期不能改到{day.year}年；"
                        "如确需更改，请删除本记录后重新登记。",
                    )
                for key, value in parsed.columns.items():
                    if getattr(row, key) != value:
                        setattr(row, key, value)
            self._replace_supervisors(session, row.id, chosen)
            problem_rules.replace_problems(session, row.id, wanted_problems)
            if row.lead_id:
                lead = session.get(Lead, row.lead_id)
                if lead is not None and lead.inspection_id is None:
                    ownership.ensure_owned(session, lead)  # the link is written on the lead too
                    lead.inspection_id = row.id
            session.flush()
            warnings = self._cap_warnings(session, parsed.enterprise, row.year, cap)
            record = load_record(session, row, today)
        return SaveResult(record, warnings)

    @staticmethod
    def _replace_supervisors(
        session: Session, inspection_id: str, chosen: Sequence[rules.Supervisor]
    ) -> None:
        S = InspectionSupervisor
        existing = {
            s.person_id: s
            for s in session.scalars(
                select(S).where(S.inspection_id == inspection_id, S.deleted_at.is_(None))
            )
        }
        for wanted in chosen:
            row = existing.pop(wanted.person_id, None)
            if row is None:
                session.add(
                    S(
                        inspection_id=inspection_id,
                        person_id=wanted.person_id,
                        certificate_number=wanted.certificate_number,
                        invited=wanted.invited,
                    )
                )
                continue
            if row.certificate_number != wanted.certificate_number:
                row.certificate_number = wanted.certificate_number
            if row.invited != wanted.invited:
                row.invited = wanted.invited
        now = utcnow()
        for row in existing.values():
            row.deleted_at = now

    @staticmethod
    def _cap_warnings(
        session: Session, enterprise: Enterprise | None, year: int, cap: int
    ) -> tuple[str, ...]:
        if enterprise is None:
            return ()
        count = session.execute(
            select(func.count()).where(
                Inspection.enterprise_id == enterprise.id,
                Inspection.year == year,
                Inspection.deleted_at.is_(None),
            )
        ).scalar_one()
        if count <= cap:
            return ()
        return (
            f"“{enterprise.name}”{year}年已被检查{count}次，超过每家企业年度检查上限（{cap}次）。",
        )

    def delete(self, inspection_id: str, expected_version: int | None = None) -> None:
        """Soft-delete the inspection with its supervisors, problems and attachment rows.
        Its number is not given out again; stored files stay (they may be shared)."""
        with self._db.writer() as session:
            row = _live(session, Inspection, inspection_id, "检查记录", expected_version)
            ownership.ensure_owned(session, row)
            now = utcnow()
            row.deleted_at = now
            for model in (InspectionSupervisor, InspectionProblem, Attachment):
                for child in session.scalars(
                    select(model).where(
                        model.inspection_id == inspection_id, model.deleted_at.is_(None)
                    )
                ):
                    child.deleted_at = now
            for lead in session.scalars(select(Lead).where(Lead.inspection_id == inspection_id)):
                ownership.ensure_owned(session, lead)
                lead.inspection_id = None  # the lead can be turned into an inspection again

    def update_problem(
        self,
        problem_id: str,
        status: RectificationStatus | str,
        unit_report: str = "",
        follow_up: str = "",
        closed_on: date | None = None,
        expected_version: int | None = None,
    ) -> ProblemRecord:
        """Record the follow-up of one problem.  已整改 needs ``closed_on`` (not in the future,
        not before the inspection); any other status clears it."""
        today = self._today()
        with self._db.writer() as session:
            row = _live(session, InspectionProblem, problem_id, "问题", expected_version)
            inspection = _live(session, Inspection, row.inspection_id, "检查记录", None)
            ownership.ensure_owned(session, inspection, row)
            stored = problem_rules.stored_status("整改状态", status)
            closed = problem_rules.check_closed_on(
                "整改完成日期", stored, closed_on, local_date(inspection.started_at), today
            )
            new = {
                "status": stored.value,
                "unit_report": (unit_report or "").strip(),
                "follow_up": (follow_up or "").strip(),
                "closed_on": closed,
            }
            for key, value in new.items():
                if getattr(row, key) != value:
                    setattr(row, key, value)
            session.flush()
            return problem_rules.to_record(row, today)

    # ------------------------------------------------------------ attachments

    def add_attachment(self, inspection_id: str, path: Path) -> AttachmentRecord:
        """Store a photo or scan (once per content) and attach it to the inspection."""
        self._db.require_write()  # a role that may not change data leaves no file behind
        with self._db.reader() as session:  # refused before the file is copied in
            inspection = _live(session, Inspection, inspection_id, "检查记录", None)
            ownership.ensure_owned(session, inspection)
        stored = self._store.store(Path(path))
        with self._db.writer() as session:
            inspection = _live(session, Inspection, inspection_id, "检查记录", None)
            ownership.ensure_owned(session, inspection)
            row = Attachment(
                inspection_id=inspection_id,
                sha256=stored.sha256,
                original_name=stored.original_name,
                media_type=stored.media_type,
                size=stored.size,
            )
            session.add(row)
            session.flush()
            return attachment_record(row)

    def remove_attachment(self, attachment_id: str) -> None:
        """Detach (soft-delete the row); the stored file stays, it may be shared."""
        with self._db.writer() as session:
            row = _live(session, Attachment, attachment_id, "附件", None)
            ownership.ensure_owned(session, session.get(Inspection, row.inspection_id), row)
            row.deleted_at = utcnow()

    def attachment_file(self, attachment_id: str) -> Path:
        """Where the attachment's content is stored (name it by ``original_name`` to open)."""
        with self._db.reader() as session:
            row = _live(session, Attachment, attachment_id, "附件", None)
            sha, name = row.sha256, row.original_name
        path = self._store.path_of(sha)
        if not path.is_file():
            raise InputRejected(f"附件“{name}”的文件不在数据目录中（可能尚未同步过来）。")
        return path
