"""CampaignService: 评查活动 — set-up, the case files registered for it, and the random sample.

Each operation is one writer transaction; a refusal changes nothing.  The sample is drawn with
``random.Random(seed)`` over the units sorted by name and credit code and each unit's files
sorted by case number, so the same seed over the same register draws the same files anywhere;
the seed is stored and shown.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from yuyou_desktop.domain.scoring_file import CASE_TYPES
from yuyou_desktop.errors import FieldError, InputRejected
from yuyou_desktop.services import ownership
from yuyou_desktop.services.ownership import OriginChoices
from yuyou_desktop.services.reviews import reading, sampling
from yuyou_desktop.services.reviews.case_file_values import CaseFileValues, parse_case_file
from yuyou_desktop.services.reviews.reading import live
from yuyou_desktop.services.reviews.records import (
    CampaignRecord,
    CampaignSummary,
    CaseFileRow,
    SampleResult,
)
from yuyou_desktop.services.reviews.standards import StandardService
from yuyou_desktop.services.settings import SettingsService
from yuyou_desktop.storage.database import Database
from yuyou_desktop.storage.models import EnforcementUnit
from yuyou_desktop.storage.models_reviews import (
    ReviewCampaign,
    ReviewCampaignUnit,
    ReviewCaseFile,
    ReviewSheet,
)
from yuyou_desktop.storage.types import utcnow

MAX_FILES_PER_UNIT = 100


def _campaign_fields(name: str, year: int, files_per_unit: int, remark: str, today: date):
    name = " ".join(name.split())
    if not name:
        raise FieldError("活动名称", "不能为空。")
    if len(name) > 120:
        raise FieldError("活动名称", "最多120个字。")
    if not isinstance(year, int) or not 2000 <= year <= today.year + 1:
        raise FieldError("评查年度", f"应在2000到{today.year + 1}之间，现为{year}。")
    if not isinstance(files_per_unit, int) or not 1 <= files_per_unit <= MAX_FILES_PER_UNIT:
        raise FieldError(
            "每单位抽取案卷数", f"应在1到{MAX_FILES_PER_UNIT}之间，现为{files_per_unit}。"
        )
    if len(remark) > 200:
        raise FieldError("备注", "最多200个字。")
    return name, remark.strip()


def _scored_sheets(session: Session, campaign_id: str) -> int:
    return session.execute(
        select(func.count())
        .select_from(ReviewSheet)
        .join(ReviewCaseFile, ReviewCaseFile.id == ReviewSheet.case_file_id)
        .where(
            ReviewCaseFile.campaign_id == campaign_id,
            ReviewSheet.deleted_at.is_(None),
            ReviewSheet.total.is_not(None),
        )
    ).scalar_one()


class CampaignService:
    def __init__(
        self,
        db: Database,
        settings: SettingsService,
        standards: StandardService,
        today: Callable[[], date] = date.today,
    ) -> None:
        self._db = db
        self._settings = settings
        self._standards = standards
        self._today = today

    def today(self) -> date:
        return self._today()

    # ------------------------------------------------------------ campaigns

    def list(self, origin_office: str | None = None) -> list[CampaignSummary]:
        """Every live campaign (of ``origin_office`` only, when given), newest year first."""
        with self._db.reader() as session:
            return reading.campaign_summaries(session, origin_office)

    def origin_offices(self) -> OriginChoices:
        """The offices whose campaigns are listed here (for the 来源单位 filter)."""
        with self._db.reader() as session:
            return ownership.origin_choices(session, ReviewCampaign)

    def get(self, campaign_id: str) -> CampaignRecord:
        with self._db.reader() as session:
            return reading.campaign_record(
                session, live(session, ReviewCampaign, campaign_id, "评查活动")
            )

    def create(
        self,
        name: str,
        year: int,
        unit_ids: Sequence[str],
        files_per_unit: int,
        remark: str = "",
    ) -> CampaignRecord:
        """A new campaign using the current version of every standard."""
        name, remark = _campaign_fields(name, year, files_per_unit, remark, self._today())
        threshold = self._settings.get("reviews.discussion_threshold")
        with self._db.writer() as session:
            units = self._check_units(session, unit_ids)
            self._standards.ensure_defaults(session)
            standards = {ct: self._standards_id(session, ct) for ct in CASE_TYPES}
            row = ReviewCampaign(
                name=name,
                year=year,
                files_per_unit=files_per_unit,
                standards=json.dumps(standards, ensure_ascii=False),
                discussion_threshold=str(threshold),
                remark=remark,
            )
            session.add(row)
            session.flush()
            for unit_id in units:
                session.add(ReviewCampaignUnit(campaign_id=row.id, unit_id=unit_id))
            session.flush()
            return reading.campaign_record(session, row)

    def _standards_id(self, session: Session, case_type: str) -> str:
        return StandardService.latest(session, case_type).id  # type: ignore[union-attr]

    @staticmethod
    def _check_units(session: Session, unit_ids: Sequence[str]) -> list[str]:
        wanted = list(dict.fromkeys(unit_ids))
        if not wanted:
            raise FieldError("评查单位", "至少选择一个单位。")
        found = set(
            session.execute(
                select(EnforcementUnit.id).where(
                    EnforcementUnit.id.in_(wanted), EnforcementUnit.deleted_at.is_(None)
                )
            ).scalars()
        )
        missing = [u for u in wanted if u not in found]
        if missing:
            raise FieldError("评查单位", "有单位不存在或已被删除，请重新选择。")
        return wanted

    def update(
        self,
        campaign_id: str,
        name: str,
        unit_ids: Sequence[str],
        files_per_unit: int,
        remark: str,
        expected_version: int,
    ) -> CampaignRecord:
        """Rename, change scope or files per unit.  A unit with registered files stays in
        scope; the number per unit is fixed once the sample is drawn."""
        with self._db.writer() as session:
            row = live(session, ReviewCampaign, campaign_id, "评查活动", expected_version)
            ownership.ensure_owned(session, row)
            name, remark = _campaign_fields(name, row.year, files_per_unit, remark, self._today())
            units = self._check_units(session, unit_ids)
            if row.sample_seed is not None and files_per_unit != row.files_per_unit:
                raise FieldError("每单位抽取案卷数", "已经抽取案卷，不能再改。")
            scope = {
                link.unit_id: link
                for link in session.execute(
                    select(ReviewCampaignUnit).where(
                        ReviewCampaignUnit.campaign_id == row.id,
                        ReviewCampaignUnit.deleted_at.is_(None),
                    )
                ).scalars()
            }
            for unit_id, link in scope.items():
                if unit_id in units:
                    continue
                registered = session.execute(
                    select(func.count()).where(
                        ReviewCaseFile.campaign_id == row.id,
                        ReviewCaseFile.unit_id == unit_id,
                        ReviewCaseFile.deleted_at.is_(None),
                    )
                ).scalar_one()
                if registered:
                    unit = session.get(EnforcementUnit, unit_id)
                    raise FieldError(
                        "评查单位", f"“{unit.name}”已登记{registered}份案卷，不能移出评查范围。"
                    )
                link.deleted_at = utcnow()
            for unit_id in units:
                if unit_id not in scope:
                    session.add(ReviewCampaignUnit(campaign_id=row.id, unit_id=unit_id))
            row.name, row.files_per_unit, row.remark = name, files_per_unit, remark
            session.flush()
            return reading.campaign_record(session, row)

    def delete(self, campaign_id: str) -> None:
        """Delete a campaign that has no scored sheet yet (with its files and assignments)."""
        with self._db.writer() as session:
            row = live(session, ReviewCampaign, campaign_id, "评查活动")
            ownership.ensure_owned(session, row)
            scored = _scored_sheets(session, row.id)
            if scored:
                raise InputRejected(f"“{row.name}”已有{scored}份评分表，不能删除。")
            now = utcnow()
            files = (
                session.execute(
                    select(ReviewCaseFile).where(
                        ReviewCaseFile.campaign_id == row.id, ReviewCaseFile.deleted_at.is_(None)
                    )
                )
                .scalars()
                .all()
            )
            for case_file in files:
                for sheet in self._sheets(session, case_file.id):
                    sheet.deleted_at = now
                case_file.deleted_at = now
            for link in session.execute(
                select(ReviewCampaignUnit).where(
                    ReviewCampaignUnit.campaign_id == row.id,
                    ReviewCampaignUnit.deleted_at.is_(None),
                )
            ).scalars():
                link.deleted_at = now
            row.deleted_at = now

    @staticmethod
    def _sheets(session: Session, file_id: str) -> list[ReviewSheet]:
        return list(
            session.execute(
                select(ReviewSheet).where(
                    ReviewSheet.case_file_id == file_id, ReviewSheet.deleted_at.is_(None)
                )
            ).scalars()
        )

    # ------------------------------------------------------------ case files

    def files(
        self, campaign_id: str, unit_id: str | None = None, sampled_only: bool = False
    ) -> list[CaseFileRow]:
        with self._db.reader() as session:
            campaign = live(session, ReviewCampaign, campaign_id, "评查活动")
            return reading.file_rows(session, campaign, unit_id, sampled_only)

    def file(self, file_id: str) -> CaseFileRow:
        with self._db.reader() as session:
            return reading.one_file(session, file_id)

    def scope(self, session: Session, campaign_id: str) -> dict[str, str]:
        return dict(
            session.execute(
                select(EnforcementUnit.id, EnforcementUnit.name)
                .join(ReviewCampaignUnit, ReviewCampaignUnit.unit_id == EnforcementUnit.id)
                .where(
                    ReviewCampaignUnit.campaign_id == campaign_id,
                    ReviewCampaignUnit.deleted_at.is_(None),
                )
            ).all()
        )

    @staticmethod
    def refuse_duplicate(
        session: Session,
        campaign_id: str,
        values: CaseFileValues,
        unit_name: str,
        own_id: str | None,
    ) -> None:
        clash = session.execute(
            select(ReviewCaseFile.id).where(
                ReviewCaseFile.campaign_id == campaign_id,
                ReviewCaseFile.unit_id == values.unit_id,
                ReviewCaseFile.case_number == values.case_number,
                ReviewCaseFile.deleted_at.is_(None),
            )
        ).scalar_one_or_none()
        if clash is not None and clash != own_id:
            raise FieldError("案号", f"{unit_name}的案卷“{values.case_number}”已经登记过了。")

    def add_file(self, campaign_id: str, values: Mapping[str, Any]) -> CaseFileRow:
        with self._db.writer() as session:
            campaign = live(session, ReviewCampaign, campaign_id, "评查活动")
            ownership.ensure_owned(session, campaign)
            if campaign.sample_seed is not None:
                raise InputRejected("已经抽取案卷，不能再登记新的案卷（否则抽样无法复现）。")
            units = self.scope(session, campaign.id)
            parsed = parse_case_file(values, units, self._today())
            self.refuse_duplicate(session, campaign.id, parsed, units[parsed.unit_id], None)
            row = ReviewCaseFile(campaign_id=campaign.id, **asdict(parsed))
            session.add(row)
            session.flush()
            return reading.one_file(session, row.id)

    def update_file(
        self, file_id: str, values: Mapping[str, Any], expected_version: int
    ) -> CaseFileRow:
        """Correct a registered file.  Its unit and case type are fixed once it is drawn
        (reviewers were chosen for the unit, sheets follow the type's standard)."""
        with self._db.writer() as session:
            row = live(session, ReviewCaseFile, file_id, "案卷", expected_version)
            ownership.ensure_owned(session, session.get(ReviewCampaign, row.campaign_id), row)
            if row.final_score is not None:
                raise InputRejected("这份案卷已定稿，不能修改。请先重新打开。")
            units = self.scope(session, row.campaign_id)
            parsed = parse_case_file(values, units, self._today())
            if row.sampled and parsed.case_type != row.case_type:
                raise InputRejected("这份案卷已被抽中，案件类型不能再改。")
            campaign = session.get(ReviewCampaign, row.campaign_id)
            drawn_key = (parsed.unit_id, parsed.case_number) != (row.unit_id, row.case_number)
            if campaign.sample_seed is not None and drawn_key:
                raise InputRejected(
                    "已经抽取案卷，执法单位和案号不能再改（否则同一随机种子抽不出同样的案卷）。"
                )
            self.refuse_duplicate(session, row.campaign_id, parsed, units[parsed.unit_id], row.id)
            for key, value in asdict(parsed).items():
                setattr(row, key, value)
            session.flush()
            return reading.one_file(session, row.id)

    def delete_file(self, file_id: str) -> None:
        with self._db.writer() as session:
            row = live(session, ReviewCaseFile, file_id, "案卷")
            campaign = session.get(ReviewCampaign, row.campaign_id)
            ownership.ensure_owned(session, campaign, row)
            if campaign.sample_seed is not None:
                raise InputRejected("已经抽取案卷，登记的案卷不能再删除（否则抽样无法复现）。")
            row.deleted_at = utcnow()

    # ------------------------------------------------------------ sampling

    def draw_sample(self, campaign_id: str, seed: str | None = None) -> SampleResult:
        """Draw ``files_per_unit`` files of each unit at random (all of them when a unit has
        fewer); drawing again is allowed until reviewers are assigned."""
        seed = sampling.check_seed(seed)
        with self._db.writer() as session:
            campaign = live(session, ReviewCampaign, campaign_id, "评查活动")
            ownership.ensure_owned(session, campaign)
            return sampling.draw(session, campaign, seed)
