"""ReviewerService: who reviews which drawn file (交叉阅卷).

Every drawn file gets at least two reviewers, none of them from the file's own unit; a
reviewer who has already scored a file cannot be taken off it.  ``auto_assign`` gives each file
the eligible reviewers with the fewest files so far; ``balance`` warns when one reviewer has
more than one file more than another.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from yuyou_desktop.domain.enums import PersonRole
from yuyou_desktop.errors import FieldError, InputRejected
from yuyou_desktop.services import ownership
from yuyou_desktop.services.reviews import reading
from yuyou_desktop.services.reviews.reading import MIN_REVIEWERS, live
from yuyou_desktop.services.reviews.records import Balance, CaseFileRow, ReviewerCandidate
from yuyou_desktop.storage.database import Database
from yuyou_desktop.storage.models import EnforcementUnit, Person
from yuyou_desktop.storage.models_reviews import ReviewCampaign, ReviewCaseFile, ReviewSheet
from yuyou_desktop.storage.types import utcnow

REVIEWER_ROLES = (PersonRole.SUPERVISOR, PersonRole.INVITED, PersonRole.ENFORCEMENT)
MAX_REVIEWERS = 5


def _loads(session: Session, campaign_id: str) -> Counter[str]:
    rows = session.execute(
        select(ReviewSheet.reviewer_id, func.count())
        .join(ReviewCaseFile, ReviewCaseFile.id == ReviewSheet.case_file_id)
        .where(
            ReviewCaseFile.campaign_id == campaign_id,
            ReviewCaseFile.deleted_at.is_(None),
            ReviewSheet.deleted_at.is_(None),
        )
        .group_by(ReviewSheet.reviewer_id)
    ).all()
    return Counter(dict(rows))


def _people(session: Session, ids: Sequence[str]) -> dict[str, Person]:
    rows = session.execute(
        select(Person).where(Person.id.in_(list(ids)), Person.deleted_at.is_(None))
    ).scalars()
    return {p.id: p for p in rows}


def _plan(
    files: list[ReviewCaseFile],
    have: dict[str, list[str]],
    people: dict[str, Person],
    loads: Counter[str],
    pool: list[str],
    per_file: int,
) -> dict[str, list[str] | None]:
    """New reviewers per file (None: not enough eligible people).

    Greedy, least loaded first; on equal load the reviewer who can take fewer of the files
    left goes first (a unit's own officers can only take other units' files), then a repair
    pass moves files from the most to the least loaded reviewer while that narrows the gap."""
    order = {pid: i for i, pid in enumerate(pool) if pid in people}
    eligible = {
        row.id: [p for p in order if people[p].unit_id != row.unit_id and p not in have[row.id]]
        for row in files
    }
    left = Counter(p for row in files for p in eligible[row.id])
    plan: dict[str, list[str] | None] = {}
    for row in files:
        need = per_file - len(have[row.id])
        ranked = sorted(eligible[row.id], key=lambda p: (loads[p], left[p], order[p]))
        for p in eligible[row.id]:
            left[p] -= 1
        if len(ranked) < need:
            plan[row.id] = None
            continue
        plan[row.id] = ranked[:need]
        for p in ranked[:need]:
            loads[p] += 1
    for _ in range(len(files) * per_file):
        heavy = max(order, key=lambda p: (loads[p], -order[p]))
        light = min(order, key=lambda p: (loads[p], order[p]))
        if loads[heavy] - loads[light] <= 1:
            break
        movable = next(
            (
                row.id
                for row in files
                if plan[row.id] is not None
                and heavy in plan[row.id]  # type: ignore[operator]
                and light in eligible[row.id]
                and light not in plan[row.id]  # type: ignore[operator]
            ),
            None,
        )
        if movable is None:
            break
        chosen = plan[movable]
        chosen[chosen.index(heavy)] = light  # type: ignore[union-attr]
        loads[heavy] -= 1
        loads[light] += 1
    return plan


class ReviewerService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def candidates(self, campaign_id: str, search: str = "") -> list[ReviewerCandidate]:
        """People who may review (监督人员, 特邀监督员, 执法人员), with their load so far."""
        roles = [r.value for r in REVIEWER_ROLES]
        with self._db.reader() as session:
            live(session, ReviewCampaign, campaign_id, "评查活动")
            loads = _loads(session, campaign_id)
            query = (
                select(Person, EnforcementUnit.name)
                .outerjoin(EnforcementUnit, EnforcementUnit.id == Person.unit_id)
                .where(Person.deleted_at.is_(None), Person.role.in_(roles))
                .order_by(
                    case({r.value: i for i, r in enumerate(REVIEWER_ROLES)}, value=Person.role),
                    Person.name,
                    Person.id,
                )
            )
            if search.strip():
                pattern = f"%{search.strip()}%"
                query = query.where(
                    Person.name.like(pattern)
                    | EnforcementUnit.name.like(pattern)
                    | Person.organisation.like(pattern)
                )
            return [
                ReviewerCandidate(
                    p.id,
                    p.name,
                    PersonRole(p.role).label,
                    p.unit_id,
                    unit_name or p.organisation,
                    loads.get(p.id, 0),
                )
                for p, unit_name in session.execute(query).all()
            ]

    def assign(self, file_id: str, reviewer_ids: Sequence[str]) -> CaseFileRow:
        """Set the reviewers of a drawn file (replacing those not yet scored)."""
        wanted = list(dict.fromkeys(reviewer_ids))
        with self._db.writer() as session:
            row = live(session, ReviewCaseFile, file_id, "案卷")
            ownership.ensure_owned(session, session.get(ReviewCampaign, row.campaign_id), row)
            self._set(session, row, wanted)
            session.flush()
            return reading.one_file(session, row.id)

    @staticmethod
    def _set(session: Session, row: ReviewCaseFile, wanted: list[str]) -> None:
        if not row.sampled:
            raise InputRejected(f"案卷“{row.case_number}”没有被抽中，不需要分配评查人员。")
        if row.final_score is not None:
            raise InputRejected(f"案卷“{row.case_number}”已定稿，不能再改评查人员。")
        if len(wanted) < MIN_REVIEWERS:
            raise FieldError("评查人员", f"每份案卷至少{MIN_REVIEWERS}名评查人员（交叉阅卷）。")
        if len(wanted) > MAX_REVIEWERS:
            raise FieldError("评查人员", f"每份案卷最多{MAX_REVIEWERS}名评查人员。")
        people = _people(session, wanted)
        roles = {r.value for r in REVIEWER_ROLES}
        for person_id in wanted:
            person = people.get(person_id)
            if person is None:
                raise FieldError("评查人员", "有人员不存在或已被删除，请重新选择。")
            if person.role not in roles:
                raise FieldError("评查人员", f"{person.name}是联络员，不能评查案卷。")
            if person.unit_id == row.unit_id:
                unit = session.get(EnforcementUnit, row.unit_id)
                raise FieldError(
                    "评查人员",
                    f"{person.name}是{unit.name}的人员，不能评查本单位的案卷（交叉阅卷）。",
                )
        current = {
            s.reviewer_id: s
            for s in session.execute(
                select(ReviewSheet).where(
                    ReviewSheet.case_file_id == row.id, ReviewSheet.deleted_at.is_(None)
                )
            ).scalars()
        }
        now = utcnow()
        for person_id, sheet in current.items():
            if person_id in wanted:
                continue
            if sheet.total is not None:
                name = session.get(Person, person_id).name
                raise FieldError("评查人员", f"{name}已经评分，不能取消。")
            sheet.deleted_at = now
        for person_id in wanted:
            if person_id not in current:
                session.add(ReviewSheet(case_file_id=row.id, reviewer_id=person_id))

    def auto_assign(
        self, campaign_id: str, reviewer_ids: Sequence[str], per_file: int = MIN_REVIEWERS
    ) -> int:
        """Give every drawn file without enough reviewers ``per_file`` of ``reviewer_ids``,
        the least loaded eligible ones first.  Returns the number of files assigned; refuses
        (assigning nothing) when some file cannot get enough reviewers from outside its unit."""
        pool = list(dict.fromkeys(reviewer_ids))
        if not MIN_REVIEWERS <= per_file <= MAX_REVIEWERS:
            raise FieldError("每份案卷评查人数", f"应在{MIN_REVIEWERS}到{MAX_REVIEWERS}之间。")
        with self._db.writer() as session:
            campaign = live(session, ReviewCampaign, campaign_id, "评查活动")
            ownership.ensure_owned(session, campaign)
            if campaign.sample_seed is None:
                raise InputRejected("还没有抽取案卷，请先抽取。")
            people = _people(session, pool)
            if len(people) < per_file:
                raise FieldError("评查人员", f"至少选择{per_file}名评查人员。")
            loads = _loads(session, campaign.id)
            files = (
                session.execute(
                    select(ReviewCaseFile)
                    .where(
                        ReviewCaseFile.campaign_id == campaign.id,
                        ReviewCaseFile.sampled.is_(True),
                        ReviewCaseFile.deleted_at.is_(None),
                        ReviewCaseFile.final_score.is_(None),
                    )
                    .order_by(ReviewCaseFile.unit_id, ReviewCaseFile.sample_order)
                )
                .scalars()
                .all()
            )
            for person in people.values():
                if person.role not in {r.value for r in REVIEWER_ROLES}:
                    raise FieldError("评查人员", f"{person.name}是联络员，不能评查案卷。")
            have: dict[str, list[str]] = {}
            for row in files:
                have[row.id] = [
                    s.reviewer_id
                    for s in session.execute(
                        select(ReviewSheet).where(
                            ReviewSheet.case_file_id == row.id, ReviewSheet.deleted_at.is_(None)
                        )
                    ).scalars()
                ]
            todo = [row for row in files if len(have[row.id]) < per_file]
            plan = _plan(todo, have, people, loads, pool, per_file)
            for row in todo:
                if plan[row.id] is None:
                    unit = session.get(EnforcementUnit, row.unit_id)
                    raise FieldError(
                        "评查人员",
                        f"案卷“{row.case_number}”（{unit.name}）找不到{per_file}名本单位以外的"
                        "评查人员，请多选几人。",
                    )
                self._set(session, row, have[row.id] + plan[row.id])  # type: ignore[operator]
            session.flush()
            return len(todo)

    def balance(self, campaign_id: str) -> Balance:
        with self._db.reader() as session:
            live(session, ReviewCampaign, campaign_id, "评查活动")
            loads = _loads(session, campaign_id)
            names = {p.id: p.name for p in _people(session, list(loads)).values()}
        ordered = sorted(
            ((names.get(pid, "?"), n) for pid, n in loads.items()), key=lambda x: (-x[1], x[0])
        )
        unbalanced = len(ordered) > 1 and ordered[0][1] - ordered[-1][1] > 1
        return Balance(tuple(ordered), unbalanced)
