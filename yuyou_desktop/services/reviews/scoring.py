"""ScoringService: each reviewer's sheet, a file's 合议, finalising (定稿) and reopening.

A sheet is scored against the standard version the campaign recorded, never the current one.
A finalised file is locked: its sheets cannot be saved until it is reopened, and reopening is
written to the file's log with the reason.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation

from sqlalchemy import select
from sqlalchemy.orm import Session

from yuyou_desktop.domain.scoring import HUNDRED, ONE_DECIMAL, ZERO, Sheet, grade_of, score_sheet
from yuyou_desktop.errors import FieldError, InputRejected
from yuyou_desktop.services import ownership
from yuyou_desktop.services.reviews import reading
from yuyou_desktop.services.reviews.reading import decimal_or_none, live
from yuyou_desktop.services.reviews.records import (
    TO_DISCUSS,
    TO_FINALISE,
    CaseFileRow,
    ReviewEventRecord,
    SheetRecord,
    StandardInfo,
)
from yuyou_desktop.services.reviews.standards import info_of
from yuyou_desktop.storage.database import Database
from yuyou_desktop.storage.models import Person
from yuyou_desktop.storage.models_reviews import (
    ReviewCampaign,
    ReviewCaseFile,
    ReviewEvent,
    ReviewSheet,
    ScoringStandard,
)
from yuyou_desktop.storage.types import utcnow

FINALISE = "定稿"
REOPEN = "重新打开"
MAX_NOTE = 500


def standard_for(session: Session, case_file: ReviewCaseFile) -> StandardInfo:
    campaign = session.get(ReviewCampaign, case_file.campaign_id)
    standard_id = json.loads(campaign.standards)[case_file.case_type]
    return info_of(session.get(ScoringStandard, standard_id))


def parse_score(raw: object, label: str = "合议得分") -> Decimal:
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        raise FieldError(label, f"“{raw}”不是分数。") from None
    if not value.is_finite() or not ZERO <= value <= HUNDRED:
        raise FieldError(label, f"应在0到100之间，现为{raw}。")
    if value != value.quantize(ONE_DECIMAL):
        raise FieldError(label, "最多保留一位小数。")
    return value.quantize(ONE_DECIMAL)


def _name(text: str, label: str) -> str:
    name = " ".join(text.split())
    if not name:
        raise FieldError(label, "不能为空。")
    if len(name) > 40:
        raise FieldError(label, "最多40个字。")
    return name


def _sheet_record(session: Session, sheet: ReviewSheet) -> SheetRecord:
    case_file = session.get(ReviewCaseFile, sheet.case_file_id)
    reviewer = session.get(Person, sheet.reviewer_id)
    entries = {
        code: (int(v["count"]), v.get("note", "")) for code, v in json.loads(sheet.entries).items()
    }
    return SheetRecord(
        id=sheet.id,
        case_file=reading.one_file(session, case_file.id),
        reviewer_id=sheet.reviewer_id,
        reviewer_name=reviewer.name if reviewer else "",
        standard=standard_for(session, case_file),
        vetoes=dict(json.loads(sheet.vetoes)),
        entries=entries,
        total=decimal_or_none(sheet.total),
        grade=sheet.grade,
        scored_at=sheet.scored_at,
        locked=case_file.final_score is not None,
        version=sheet.version,
        not_owned=ownership.refusal_for(session, sheet.origin_office),
    )


class ScoringService:
    def __init__(self, db: Database, today: Callable[[], date] = date.today) -> None:
        self._db = db
        self._today = today

    def sheet(self, sheet_id: str) -> SheetRecord:
        with self._db.reader() as session:
            return _sheet_record(session, live(session, ReviewSheet, sheet_id, "评分表"))

    def save_sheet(
        self,
        sheet_id: str,
        vetoes: Mapping[str, str],
        entries: Mapping[str, tuple[int, str]],
        expected_version: int,
    ) -> SheetRecord:
        """Store a reviewer's findings: veto code → note, item code → (defects, note).

        Items with no defects and no note are not stored.  The total and grade are worked out
        here with the campaign's standard version."""
        with self._db.writer() as session:
            sheet = live(session, ReviewSheet, sheet_id, "评分表", expected_version)
            case_file = live(session, ReviewCaseFile, sheet.case_file_id, "案卷")
            ownership.ensure_owned(session, case_file, sheet)
            if case_file.final_score is not None:
                raise InputRejected(
                    f"案卷“{case_file.case_number}”已于{case_file.finalised_on}定稿，"
                    "评分表已锁定。如需修改，请先重新打开。"
                )
            info = standard_for(session, case_file)
            kept: dict[str, dict[str, object]] = {}
            for code, (count, note) in entries.items():
                note = note.strip()
                if len(note) > MAX_NOTE:
                    raise FieldError("扣分说明", f"最多{MAX_NOTE}个字（扣分项“{code}”）。")
                if count or note:
                    kept[code] = {"count": count, "note": note}
            veto_notes = {code: note.strip() for code, note in vetoes.items()}
            for code, note in veto_notes.items():
                if len(note) > MAX_NOTE:
                    raise FieldError("否决说明", f"最多{MAX_NOTE}个字（否决项“{code}”）。")
            counts = {code: v["count"] for code, v in kept.items()}
            scored = score_sheet(info.standard, Sheet(frozenset(veto_notes), counts))  # type: ignore[arg-type]
            sheet.vetoes = json.dumps(veto_notes, ensure_ascii=False, sort_keys=True)
            sheet.entries = json.dumps(kept, ensure_ascii=False, sort_keys=True)
            sheet.total = str(scored.total)
            sheet.grade = scored.grade
            sheet.scored_at = utcnow()
            session.flush()
            return _sheet_record(session, sheet)

    def finalise(
        self,
        file_id: str,
        by_name: str,
        on_date: date | None = None,
        final_score: object = None,
        note: str = "",
        expected_version: int | None = None,
    ) -> CaseFileRow:
        """Lock a file with its score: the reviewers' mean, or after 合议 the score agreed
        (required, with the discussion's conclusion, when the reviewers differ too much)."""
        by_name = _name(by_name, "定稿人")
        on_date = on_date or self._today()
        if on_date > self._today():
            raise FieldError("定稿日期", "不能晚于今天。")
        with self._db.writer() as session:
            row = live(session, ReviewCaseFile, file_id, "案卷", expected_version)
            ownership.ensure_owned(session, row)
            current = reading.one_file(session, row.id)
            if current.stage not in (TO_DISCUSS, TO_FINALISE):
                raise InputRejected(
                    f"案卷“{row.case_number}”现在是“{current.stage}”，"
                    "要等每名评查人员都评完分才能定稿。"
                    if current.stage != "已定稿"
                    else f"案卷“{row.case_number}”已经定稿。"
                )
            note = note.strip()
            if current.needs_discussion:
                if final_score is None or str(final_score).strip() == "":
                    raise FieldError(
                        "合议得分",
                        "评查人员得分相差超过合议分差，须填写合议后确定的得分。",
                    )
                if not note:
                    raise FieldError("合议意见", "须写明合议的结论。")
                score = parse_score(final_score)
            else:
                if final_score is not None and str(final_score).strip() != "":
                    score = parse_score(final_score, "定稿得分")
                    if score != current.mean:
                        raise FieldError(
                            "定稿得分",
                            f"没有经过合议，定稿得分应为评查人员的平均分{current.mean}。",
                        )
                score = current.mean  # type: ignore[assignment]
            if len(note) > MAX_NOTE:
                raise FieldError("合议意见", f"最多{MAX_NOTE}个字。")
            info = standard_for(session, row)
            row.final_score = str(score)
            row.final_grade = grade_of(score, info.standard.bands)  # type: ignore[arg-type]
            row.discussed = current.needs_discussion
            row.discussion_note = note if current.needs_discussion else ""
            row.finalised_by = by_name
            row.finalised_on = on_date
            session.add(
                ReviewEvent(
                    case_file_id=row.id,
                    action=FINALISE,
                    by_name=by_name,
                    on_date=on_date,
                    score=str(score),
                    reason=note,
                )
            )
            session.flush()
            return reading.one_file(session, row.id)

    def reopen(self, file_id: str, by_name: str, reason: str) -> CaseFileRow:
        """Unlock a finalised file; the score is cleared and the reopening logged."""
        by_name = _name(by_name, "经办人")
        reason = reason.strip()
        if not reason:
            raise FieldError("重新打开的原因", "不能为空。")
        if len(reason) > MAX_NOTE:
            raise FieldError("重新打开的原因", f"最多{MAX_NOTE}个字。")
        with self._db.writer() as session:
            row = live(session, ReviewCaseFile, file_id, "案卷")
            ownership.ensure_owned(session, row)
            if row.final_score is None:
                raise InputRejected(f"案卷“{row.case_number}”还没有定稿，不需要重新打开。")
            session.add(
                ReviewEvent(
                    case_file_id=row.id,
                    action=REOPEN,
                    by_name=by_name,
                    on_date=self._today(),
                    score=row.final_score,
                    reason=reason,
                )
            )
            row.final_score = row.final_grade = None
            row.finalised_by, row.finalised_on = "", None
            row.discussed, row.discussion_note = False, ""
            session.flush()
            return reading.one_file(session, row.id)

    def events(self, file_id: str) -> list[ReviewEventRecord]:
        with self._db.reader() as session:
            rows = session.execute(
                select(ReviewEvent)
                .where(ReviewEvent.case_file_id == file_id, ReviewEvent.deleted_at.is_(None))
                .order_by(ReviewEvent.created_at, ReviewEvent.id)
            ).scalars()
            return [
                ReviewEventRecord(
                    e.action, e.by_name, e.on_date, decimal_or_none(e.score), e.reason
                )
                for e in rows
            ]
