"""Demonstration 文书, loaded in DemoService's one write transaction after the inspections,
leads and 案卷评查 they are started from.

Through the real services, as the demo's reviews are: LetterPrefill starts each letter from its
source, LetterService saves, issues (a number and an archived PDF), serves, records replies,
closes and voids it, over the demo's own session.  The letters cover every type and every
status: drafts, issued, served (one overdue), replied, closed and voided letters, and a
correction citing the letter it corrects.  The PDFs are written into the attachment store
before the transaction commits; were it rolled back, they would stay there unreferenced, as
after any refused issue.

Inspections (of live units) are chosen by their days counted back from the newest one, so that
loading again later picks the same ones while no newer inspection has been recorded; a letter is
matched by (type, source, unit, corrected letter) and never added twice.  Every date follows
the source's own dates and is never after the day of loading.  A township has no 案卷评查, so
no 评查结果通知书.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from contextlib import nullcontext
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from yuyou_desktop.domain.enums import RectificationStatus, TransferStatus, TransferTarget
from yuyou_desktop.domain.inspections import local_date
from yuyou_desktop.errors import FieldError, InputRejected
from yuyou_desktop.paths import DataPaths
from yuyou_desktop.services.inspections.leads import LeadService
from yuyou_desktop.services.inspections.service import InspectionService
from yuyou_desktop.services.letters.fonts import LetterFontService
from yuyou_desktop.services.letters.prefill import LetterPrefill
from yuyou_desktop.services.letters.records import LetterDraft
from yuyou_desktop.services.letters.service import LetterService
from yuyou_desktop.services.office import OfficeService
from yuyou_desktop.services.reviews.results import ResultService
from yuyou_desktop.services.settings import SettingsService
from yuyou_desktop.storage.changes import INFO_OFFICE
from yuyou_desktop.storage.database import Database
from yuyou_desktop.storage.models import EnforcementUnit
from yuyou_desktop.storage.models_inspections import (
    Inspection,
    InspectionProblem,
    Lead,
    LeadTransfer,
)
from yuyou_desktop.storage.models_letters import Letter
from yuyou_desktop.storage.models_reviews import ReviewCampaign

TITLE = "文书"
ROW_COUNT = 18  # letters added to an empty county office (for progress)
DECISION = (
    "1. 责令你单位对上述问题依法予以纠正。\n"
    "2. 对相关执法人员进行批评教育，并将处理情况书面报告本机关。"
)
VOID_REASON = "误将已整改完毕的问题列入建议书，予以作废。"
CORRECTED_CLOSE = "原决定书履行期限有误，已制发更正文书，本文书不再跟踪。"
REPLIES = {
    "notice": "单位书面报告：已对通知书指出的问题逐项纠正，完善了执法程序。",
    "opinion": "单位书面报告：已研究办理监督意见，制定整改措施并落实到人。",
    "referral": "右玉县公安局回执：已接收移送材料，依法审查。",
    "review_result": "单位报送整改报告：已对评查发现的问题逐卷整改，建立了案卷自评制度。",
}
FOLLOWED_UP = "经跟踪检查，整改到位。"
ORGAN_SIGNER = "刘某某"


@dataclass(frozen=True)
class Steps:
    """What happens to a letter after it is saved: each a date, and what is recorded."""

    issue: date | None = None
    serve: tuple[date, str] | None = None  # day, method (the signer is the unit's contact)
    reply: tuple[date, str] | None = None
    close: tuple[date, str] | None = None
    void: tuple[date, str] | None = None


@dataclass(frozen=True)
class _Seen:
    """An inspection as the choice of sources sees it."""

    id: str
    day: date
    problems: int
    open: int
    open_deadline: date | None  # the latest deadline of its problems not yet put right


class _Loader:
    def __init__(self, session: Session, today: date, resources: Path, attachments: Path):
        self.session, self.today, self.day = session, today, today

        def within(*_args: object, **_kwargs: object) -> nullcontext[Session]:
            return nullcontext(session)  # never committed here: DemoService commits

        db = cast(Database, SimpleNamespace(writer=within, reader=within))
        settings = SettingsService(db)
        office = OfficeService(db, DataPaths(attachments.parent))
        fonts = LetterFontService(settings)
        self.letters = LetterService(
            db, office, fonts, resources / "letters", attachments, lambda: self.day
        )
        self.inspections = InspectionService(db, settings, office, attachments, lambda: today)
        self.prefill = LetterPrefill(
            db, self.inspections, LeadService(db, lambda: today), ResultService(db), self.letters
        )
        self.added = 0
        self.have: dict[tuple, str] = {
            (r.type_code, r.source_kind, r.source_id, r.unit_id, r.corrects_id): r.id
            for r in session.execute(
                select(Letter).where(
                    Letter.deleted_at.is_(None), Letter.origin_office == session.info[INFO_OFFICE]
                )
            ).scalars()
        }

    def on(self, day: date) -> date:
        """``day``, or the day of loading if it is later."""
        return min(day, self.today)

    def add(self, draft: LetterDraft, steps: Steps, fields: Mapping[str, str] | None = None) -> str:
        """Save ``draft`` with ``fields`` changed, then take ``steps``; an existing letter of
        the same key is returned untouched."""
        draft = replace(draft, fields={**draft.fields, **(fields or {})})
        key = (draft.type_code, draft.source_kind, draft.source_id, draft.unit_id)
        key += (draft.corrects_id,)
        if key in self.have:
            return self.have[key]
        if draft.corrects_id:
            letter_id = self.letters.start_correction(draft.corrects_id)
            self.letters.update(letter_id, self.letters.get(letter_id).version, draft)
        else:
            letter_id = self.letters.create(draft)
        self.have[key], self.added = letter_id, self.added + 1
        if steps.issue is None:
            return letter_id
        record = self.letters.issue(letter_id, self.letters.get(letter_id).version, steps.issue)
        if steps.serve:
            day, method = steps.serve
            who = self.signer(record.unit_id)
            record = self.letters.serve(letter_id, record.version, day, method, who)
        if steps.reply:
            record = self.letters.reply(letter_id, record.version, *steps.reply)
        if steps.close:
            record = self.letters.close(letter_id, record.version, *steps.close)
        if steps.void:
            self.day = steps.void[0]  # 作废 is recorded on the service's today
            self.letters.void(letter_id, record.version, steps.void[1])
            self.day = self.today
        return letter_id

    def live_unit(self, unit_id: str | None) -> bool:
        unit = self.session.get(EnforcementUnit, unit_id) if unit_id else None
        return unit is not None and unit.deleted_at is None

    def signer(self, unit_id: str | None) -> str:
        unit = self.session.get(EnforcementUnit, unit_id) if unit_id else None
        return (unit.contact_person if unit is not None else "") or ORGAN_SIGNER

    def seen(self) -> list[_Seen]:
        """Live inspections of live units, oldest first, with their problems counted."""
        P = InspectionProblem
        rows = self.session.execute(
            select(Inspection.id, Inspection.started_at)
            .join(EnforcementUnit, EnforcementUnit.id == Inspection.unit_id)
            .where(Inspection.deleted_at.is_(None), EnforcementUnit.deleted_at.is_(None))
            .where(Inspection.origin_office == self.session.info[INFO_OFFICE])
            .order_by(Inspection.started_at, Inspection.id)
        ).all()
        problems: dict[str, list] = defaultdict(list)
        for problem in self.session.execute(
            select(P.inspection_id, P.status, P.deadline).where(P.deleted_at.is_(None))
        ):
            problems[problem.inspection_id].append(problem)
        out = []
        for inspection_id, started in rows:
            mine = problems.get(inspection_id, [])
            still = [p for p in mine if p.status != RectificationStatus.DONE.value]
            deadlines = [p.deadline for p in still if p.deadline is not None]
            out.append(
                _Seen(
                    inspection_id,
                    local_date(started),
                    len(mine),
                    len(still),
                    max(deadlines) if deadlines else None,
                )
            )
        return out


def _pick(seen: list[_Seen], used: set[str], test) -> _Seen | None:
    """The newest inspection passing ``test`` that no letter of the demo uses yet."""
    found = next((s for s in reversed(seen) if s.id not in used and test(s)), None)
    if found is not None:
        used.add(found.id)
    return found


def _from_inspections(loader: _Loader) -> None:
    seen = loader.seen()
    if not seen:
        return
    newest = seen[-1].day  # the demo's days are counted back from it
    used: set[str] = set()
    on, pf = loader.on, loader.prefill

    def ago(s: _Seen, low: int, high: int = 10_000) -> bool:
        return s.problems > 0 and newest - timedelta(high) <= s.day <= newest - timedelta(low)

    overdue = _pick(
        seen,
        used,
        lambda s: s.open_deadline is not None and s.open_deadline <= newest - timedelta(15),
    )
    waiting = _pick(seen, used, lambda s: s.open_deadline is not None and s.open_deadline >= newest)
    recent = _pick(seen, used, lambda s: ago(s, 0, 40))
    decided = _pick(seen, used, lambda s: ago(s, 20, 75))
    noticed = _pick(seen, used, lambda s: ago(s, 90))
    opined = _pick(seen, used, lambda s: ago(s, 75))
    voided = _pick(seen, used, lambda s: ago(s, 120))
    if overdue is not None:  # the record of the inspection, then its overdue 整改通知书
        day = overdue.day
        loader.add(pf.from_inspection(overdue.id, "inspection_record"), Steps(issue=on(day)))
        letter = pf.from_inspection(overdue.id, "rectification")
        issued = on(min(day + timedelta(2), overdue.open_deadline))
        served = on(max(issued, min(day + timedelta(4), overdue.open_deadline)))
        rectification = loader.add(letter, Steps(issued, (served, "直接送达")))
        record = loader.inspections.get(overdue.id)
        server = "、".join(s.name for s in record.supervisors if not s.invited)
        receipt = pf.service_receipt_for(rectification)
        fields = {"method": "直接送达", "server": server, "note": "演示数据"}
        loader.add(receipt, Steps(issue=served), fields)
    if voided is not None:
        day = voided.day + timedelta(3)
        letter = pf.from_inspection(voided.id, "proposal")
        loader.add(letter, Steps(issue=on(day), void=(on(day + timedelta(2)), VOID_REASON)))
    if noticed is not None:
        day = on(noticed.day + timedelta(3))
        letter = pf.from_inspection(noticed.id, "notice")
        reply = on(day + timedelta(20))
        steps = Steps(day, (on(day + timedelta(2)), "直接送达"), (reply, REPLIES["notice"]))
        steps = replace(steps, close=(on(reply + timedelta(7)), FOLLOWED_UP))
        loader.add(letter, steps, _deadline(letter.fields, day, 30))
    if opined is not None:
        day = on(opined.day + timedelta(3))
        letter = pf.from_inspection(opined.id, "opinion")
        steps = Steps(day, (on(day + timedelta(3)), "邮寄送达"))
        steps = replace(steps, reply=(on(day + timedelta(25)), REPLIES["opinion"]))
        loader.add(letter, steps, _deadline(letter.fields, day, 30))
    if decided is not None:  # a 决定书 with a wrong deadline, and its correction
        day = on(decided.day + timedelta(5))
        letter = pf.from_inspection(decided.id, "decision")
        fields = {"decision": DECISION, "deadline": (day + timedelta(15)).isoformat()}
        fixed = on(day + timedelta(5))
        steps = Steps(day, (on(day + timedelta(2)), "直接送达"), close=(fixed, CORRECTED_CLOSE))
        first = loader.add(letter, steps, fields)
        fields = {**fields, "deadline": (fixed + timedelta(45)).isoformat()}
        correction = replace(letter, corrects_id=first)
        loader.add(correction, Steps(fixed, (on(fixed + timedelta(2)), "直接送达")), fields)
    if recent is not None:
        letter = pf.from_inspection(recent.id, "proposal")
        loader.add(letter, Steps(issue=on(recent.day + timedelta(2))))
    if waiting is not None:  # prepared, not yet issued
        loader.add(pf.from_inspection(waiting.id, "rectification"), Steps())


def _deadline(fields: Mapping[str, str], issued: date, days: int) -> dict[str, str]:
    """The prefilled deadline, or ``days`` after issuing when there is none (or it passed)."""
    written = fields.get("deadline", "")
    if written and date.fromisoformat(written) >= issued:
        return {}
    return {"deadline": (issued + timedelta(days)).isoformat()}


def _latest_lead(session: Session, target: TransferTarget, status: TransferStatus | None):
    """The newest lead whose last transfer went to ``target`` (and has ``status``)."""
    T = LeadTransfer
    rows = session.execute(
        select(T.lead_id, T.target, T.status, T.transferred_on)
        .join(Lead, Lead.id == T.lead_id)
        .where(T.deleted_at.is_(None), Lead.deleted_at.is_(None))
        .where(Lead.origin_office == session.info[INFO_OFFICE])
        .order_by(T.transferred_on, T.id)
    ).all()
    last = {row.lead_id: row for row in rows}
    found = [
        r
        for r in last.values()
        if r.target == target.value and (status is None or r.status == status.value)
    ]
    return max(found, key=lambda r: (r.transferred_on, r.lead_id), default=None)


def _from_leads(loader: _Loader) -> None:
    police = _latest_lead(loader.session, TransferTarget.POLICE, None)
    if police is not None:
        day = loader.on(police.transferred_on)
        reply = (loader.on(day + timedelta(10)), REPLIES["referral"])
        steps = Steps(day, (loader.on(day + timedelta(1)), "直接送达"), reply)
        loader.add(loader.prefill.from_lead(police.lead_id), steps)
    waiting = _latest_lead(loader.session, TransferTarget.DISCIPLINE, TransferStatus.SENT)
    if waiting is not None:
        day = loader.on(waiting.transferred_on)
        steps = Steps(day, (loader.on(day + timedelta(1)), "直接送达"))
        loader.add(loader.prefill.from_lead(waiting.lead_id), steps)


def _from_campaign(loader: _Loader) -> None:
    """Last year's finished campaign: a 评查结果通知书 to every unit, issued after the last
    定稿; the better-ranked units have reported and the letters closed, two have not."""
    year = loader.today.year - 1
    campaign = loader.session.execute(
        select(ReviewCampaign.id).where(
            ReviewCampaign.year == year,
            ReviewCampaign.name == f"{year}年度行政执法案卷评查",
            ReviewCampaign.deleted_at.is_(None),
            ReviewCampaign.origin_office == loader.session.info[INFO_OFFICE],
        )
    ).scalar()
    if campaign is None:
        return
    try:
        drafts = loader.prefill.from_campaign(campaign)
    except InputRejected:
        return  # nothing finalised: no results to notify
    issued, served = date(year, 12, 22), date(year, 12, 24)
    deadline = {"deadline": date(year + 1, 1, 31).isoformat()}
    drafts = [d for d in drafts if loader.live_unit(d.unit_id)]
    for n, draft in enumerate(drafts):
        steps = Steps(issued, (served, "直接送达"))
        if n < len(drafts) - 2:
            reply = loader.on(date(year + 1, 1, 10 + 3 * n))
            steps = replace(steps, reply=(reply, REPLIES["review_result"]))
        if n < 2 and steps.reply is not None:
            steps = replace(steps, close=(loader.on(steps.reply[0] + timedelta(5)), FOLLOWED_UP))
        loader.add(draft, steps, deadline)


def load_letters(session: Session, today: date, resources: Path, attachments: Path) -> int:
    """Add the demonstration letters not there yet; returns how many were added."""
    loader = _Loader(session, today, resources, attachments)
    try:
        _from_inspections(loader)
        _from_leads(loader)
        _from_campaign(loader)
    except FieldError as exc:
        raise InputRejected(f"演示数据“{TITLE}”有误：{exc.message}") from exc
    return loader.added
