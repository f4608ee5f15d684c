"""The random sample of a campaign's case files (随机抽取), reproducible from its seed.

``random.Random(seed)`` draws over the units sorted by name and credit code and each unit's
files sorted by case number, so the same seed over the same register draws the same files on
any machine; the seed is stored with the campaign and shown.
"""

from __future__ import annotations

import random
import re
import secrets

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from yuyou_desktop.errors import FieldError, InputRejected
from yuyou_desktop.services.reviews.records import SampleResult
from yuyou_desktop.storage.models import EnforcementUnit
from yuyou_desktop.storage.models_reviews import (
    ReviewCampaign,
    ReviewCampaignUnit,
    ReviewCaseFile,
    ReviewSheet,
)
from yuyou_desktop.storage.types import utcnow

SEED_PATTERN = re.compile(r"^[0-9A-Za-z-]{1,32}$")


def check_seed(seed: str | None) -> str:
    """The seed typed (checked), or a new random one."""
    if seed is not None and seed.strip():
        seed = seed.strip()
        if not SEED_PATTERN.match(seed):
            raise FieldError("随机种子", "应为1到32位字母、数字或“-”。")
        return seed
    return secrets.token_hex(4)


def draw(session: Session, campaign: ReviewCampaign, seed: str) -> SampleResult:
    assigned = session.execute(
        select(func.count())
        .select_from(ReviewSheet)
        .join(ReviewCaseFile, ReviewCaseFile.id == ReviewSheet.case_file_id)
        .where(ReviewCaseFile.campaign_id == campaign.id, ReviewSheet.deleted_at.is_(None))
    ).scalar_one()
    if assigned:
        raise InputRejected("已经为抽中的案卷分配了评查人员，不能重新抽取。")
    units = session.execute(
        select(EnforcementUnit.id, EnforcementUnit.name)
        .join(ReviewCampaignUnit, ReviewCampaignUnit.unit_id == EnforcementUnit.id)
        .where(
            ReviewCampaignUnit.campaign_id == campaign.id,
            ReviewCampaignUnit.deleted_at.is_(None),
        )
        .order_by(EnforcementUnit.name, EnforcementUnit.credit_code)
    ).all()
    files = (
        session.execute(
            select(ReviewCaseFile)
            .where(
                ReviewCaseFile.campaign_id == campaign.id,
                ReviewCaseFile.deleted_at.is_(None),
            )
            .order_by(ReviewCaseFile.case_number, ReviewCaseFile.id)
        )
        .scalars()
        .all()
    )
    if not files:
        raise InputRejected("还没有登记案卷，无法抽取。")
    rng = random.Random(seed)
    short: list[tuple[str, int]] = []
    drawn = 0
    for unit_id, unit_name in units:
        own = [f for f in files if f.unit_id == unit_id]
        chosen = rng.sample(own, min(campaign.files_per_unit, len(own)))
        if len(own) < campaign.files_per_unit:
            short.append((unit_name, len(own)))
        order = {f.id: i for i, f in enumerate(chosen, 1)}
        for f in own:
            picked = f.id in order
            if f.sampled != picked or f.sample_order != order.get(f.id):
                f.sampled, f.sample_order = picked, order.get(f.id)
        drawn += len(chosen)
    campaign.sample_seed = seed
    campaign.sampled_at = utcnow()
    return SampleResult(seed, drawn, tuple(short))
