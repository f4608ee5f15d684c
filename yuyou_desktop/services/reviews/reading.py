"""Reading campaigns and case files into plain records, with each file's stage."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from yuyou_desktop.domain.scoring import mean_score, needs_discussion
from yuyou_desktop.errors import InputRejected
from yuyou_desktop.services.reviews.records import (
    FINALISED,
    NOT_SAMPLED,
    SCORING,
    TO_DISCUSS,
    TO_FINALISE,
    UNASSIGNED,
    CampaignRecord,
    CampaignSummary,
    CaseFileRow,
    ReviewerRef,
    UnitRef,
)
from yuyou_desktop.storage.models import EnforcementUnit, Person
from yuyou_desktop.storage.models_reviews import (
    ReviewCampaign,
    ReviewCampaignUnit,
    ReviewCaseFile,
    ReviewSheet,
    ScoringStandard,
)

MIN_REVIEWERS = 2


class StaleReview(InputRejected):
    """The record changed or was deleted since it was opened."""


def live(session: Session, model: type, record_id: str, what: str, expected: int | None = None):
    row = session.get(model, record_id)
    if row is None or row.deleted_at is not None:
        raise StaleReview(f"这个{what}不存在或已被删除。")
    if expected is not None and row.version != expected:
        raise StaleReview(f"这个{what}已被别处修改，请重新打开后再改。")
    return row


def decimal_or_none(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def campaign_record(session: Session, row: ReviewCampaign) -> CampaignRecord:
    units = session.execute(
        select(EnforcementUnit.id, EnforcementUnit.name)
        .join(ReviewCampaignUnit, ReviewCampaignUnit.unit_id == EnforcementUnit.id)
        .where(ReviewCampaignUnit.campaign_id == row.id, ReviewCampaignUnit.deleted_at.is_(None))
        .order_by(EnforcementUnit.name, EnforcementUnit.credit_code)
    ).all()
    standard_ids: dict[str, str] = json.loads(row.standards)
    standards = []
    for case_type, standard_id in standard_ids.items():
        std = session.get(ScoringStandard, standard_id)
        standards.append(
            (case_type, standard_id, std.number if std else 0, std.name if std else "")
        )
    return CampaignRecord(
        id=row.id,
        name=row.name,
        year=row.year,
        files_per_unit=row.files_per_unit,
        units=tuple(UnitRef(u.id, u.name) for u in units),
        standards=tuple(standards),
        discussion_threshold=Decimal(row.discussion_threshold),
        sample_seed=row.sample_seed,
        sampled_at=row.sampled_at,
        remark=row.remark,
        version=row.version,
        origin_office=row.origin_office,
    )


def sheets_by_file(session: Session, file_ids: Iterable[str]) -> dict[str, list[ReviewerRef]]:
    ids = list(file_ids)
    found: dict[str, list[ReviewerRef]] = defaultdict(list)
    for start in range(0, len(ids), 500):
        rows = session.execute(
            select(
                ReviewSheet.id, ReviewSheet.case_file_id, Person.id, Person.name, ReviewSheet.total
            )
            .join(Person, Person.id == ReviewSheet.reviewer_id)
            .where(
                ReviewSheet.case_file_id.in_(ids[start : start + 500]),
                ReviewSheet.deleted_at.is_(None),
            )
            .order_by(ReviewSheet.created_at, Person.name, ReviewSheet.id)
        ).all()
        for sheet_id, file_id, person_id, name, total in rows:
            found[file_id].append(ReviewerRef(sheet_id, person_id, name, decimal_or_none(total)))
    return found


def file_row(
    row: ReviewCaseFile, unit_name: str, reviewers: list[ReviewerRef], threshold: Decimal
) -> CaseFileRow:
    totals = [r.total for r in reviewers if r.total is not None]
    complete = len(reviewers) >= MIN_REVIEWERS and len(totals) == len(reviewers)
    mean = mean_score(totals) if complete else None
    discuss = complete and needs_discussion(totals, threshold)
    if row.final_score is not None:
        stage = FINALISED
    elif not row.sampled:
        stage = NOT_SAMPLED
    elif len(reviewers) < MIN_REVIEWERS:
        stage = UNASSIGNED
    elif not complete:
        stage = SCORING
    else:
        stage = TO_DISCUSS if discuss else TO_FINALISE
    return CaseFileRow(
        id=row.id,
        campaign_id=row.campaign_id,
        unit_id=row.unit_id,
        unit_name=unit_name,
        case_number=row.case_number,
        case_type=row.case_type,
        title=row.title,
        party=row.party,
        decided_on=row.decided_on,
        officers=row.officers,
        sampled=row.sampled,
        sample_order=row.sample_order,
        reviewers=tuple(reviewers),
        mean=mean,
        needs_discussion=discuss,
        final_score=decimal_or_none(row.final_score),
        final_grade=row.final_grade,
        finalised_by=row.finalised_by,
        finalised_on=row.finalised_on,
        discussion_note=row.discussion_note,
        stage=stage,
        version=row.version,
    )


def file_rows(
    session: Session,
    campaign: ReviewCampaign,
    unit_id: str | None = None,
    sampled_only: bool = False,
) -> list[CaseFileRow]:
    """The campaign's live case files, by unit name then case number."""
    query = (
        select(ReviewCaseFile, EnforcementUnit.name)
        .join(EnforcementUnit, EnforcementUnit.id == ReviewCaseFile.unit_id)
        .where(ReviewCaseFile.campaign_id == campaign.id, ReviewCaseFile.deleted_at.is_(None))
        .order_by(EnforcementUnit.name, EnforcementUnit.credit_code, ReviewCaseFile.case_number)
    )
    if unit_id is not None:
        query = query.where(ReviewCaseFile.unit_id == unit_id)
    if sampled_only:
        query = query.where(ReviewCaseFile.sampled.is_(True))
    rows = session.execute(query).all()
    sheets = sheets_by_file(session, (r.id for r, _ in rows))
    threshold = Decimal(campaign.discussion_threshold)
    return [file_row(r, name, sheets.get(r.id, []), threshold) for r, name in rows]


def one_file(session: Session, file_id: str, expected: int | None = None) -> CaseFileRow:
    row = live(session, ReviewCaseFile, file_id, "案卷", expected)
    campaign = session.get(ReviewCampaign, row.campaign_id)
    unit = session.get(EnforcementUnit, row.unit_id)
    reviewers = sheets_by_file(session, [row.id]).get(row.id, [])
    return file_row(
        row, unit.name if unit else "", reviewers, Decimal(campaign.discussion_threshold)
    )


def campaign_summaries(session: Session, origin_office: str | None) -> list[CampaignSummary]:
    """Every live campaign (of ``origin_office`` only, when given), newest year first."""
    files = (
        select(
            ReviewCaseFile.campaign_id.label("cid"),
            func.count().label("files"),
            func.sum(case((ReviewCaseFile.sampled.is_(True), 1), else_=0)).label("sampled"),
            func.count(ReviewCaseFile.final_score).label("finalised"),
        )
        .where(ReviewCaseFile.deleted_at.is_(None))
        .group_by(ReviewCaseFile.campaign_id)
        .subquery()
    )
    units = (
        select(ReviewCampaignUnit.campaign_id.label("cid"), func.count().label("units"))
        .where(ReviewCampaignUnit.deleted_at.is_(None))
        .group_by(ReviewCampaignUnit.campaign_id)
        .subquery()
    )
    where = [ReviewCampaign.deleted_at.is_(None)]
    if origin_office:
        where.append(ReviewCampaign.origin_office == origin_office)
    rows = session.execute(
        select(ReviewCampaign, units.c.units, files.c.files, files.c.sampled, files.c.finalised)
        .outerjoin(units, units.c.cid == ReviewCampaign.id)
        .outerjoin(files, files.c.cid == ReviewCampaign.id)
        .where(*where)
        .order_by(ReviewCampaign.year.desc(), ReviewCampaign.created_at.desc())
    ).all()
    return [
        CampaignSummary(
            c.id,
            c.name,
            c.year,
            n_units or 0,
            n_files or 0,
            int(n_sampled or 0),
            n_final or 0,
            c.sample_seed,
            c.origin_office,
        )
        for c, n_units, n_files, n_sampled, n_final in rows
    ]
