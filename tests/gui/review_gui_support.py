"""A small campaign built through the services, for the 案卷评查 GUI tests."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from yuyou_desktop.domain.enums import PersonRole
from yuyou_desktop.services import Services
from yuyou_desktop.storage.models import EnforcementUnit, Person

SEED = "gui-seed-1"


@dataclass
class Campaign:
    id: str
    units: list[tuple[str, str]]  # id, name


def units_with_people(services: Services, count: int) -> list[tuple[str, str]]:
    """``count`` demo units that have enforcement officers (so that cross review matters)."""
    with services.database.reader() as session:
        rows = session.execute(
            select(EnforcementUnit.id, EnforcementUnit.name)
            .join(Person, Person.unit_id == EnforcementUnit.id)
            .where(
                Person.role == PersonRole.ENFORCEMENT.value,
                Person.deleted_at.is_(None),
                EnforcementUnit.deleted_at.is_(None),
            )
            .group_by(EnforcementUnit.id)
            .order_by(EnforcementUnit.name)
            .limit(count)
        ).all()
    return [(r.id, r.name) for r in rows]


def campaign_with_files(services: Services, units: int = 2, files: int = 3) -> Campaign:
    chosen = units_with_people(services, units)
    record = services.campaigns.create("测试评查", 2026, [u for u, _ in chosen], 2)
    for unit_id, _ in chosen:
        for n in range(1, files + 1):
            services.campaigns.add_file(
                record.id,
                {
                    "unit": unit_id,
                    "case_number": f"罚〔2026〕{n}号",
                    "case_type": "行政处罚一般程序",
                    "title": f"第{n}号案",
                    "decided_on": "2026-03-01",
                },
            )
    return Campaign(record.id, chosen)


def supervisors(services: Services, campaign_id: str, count: int = 3) -> list[str]:
    return [c.id for c in services.reviewers.candidates(campaign_id) if c.role == "监督人员"][
        :count
    ]


def assigned_campaign(services: Services) -> Campaign:
    campaign = campaign_with_files(services)
    services.campaigns.draw_sample(campaign.id, SEED)
    services.reviewers.auto_assign(campaign.id, supervisors(services, campaign.id))
    return campaign


def no_message_boxes(monkeypatch, *modules) -> list[str]:
    """Record what would have been shown in message boxes instead of blocking."""
    shown: list[str] = []
    for module in modules:
        if hasattr(module, "show_error"):
            monkeypatch.setattr(
                module, "show_error", lambda parent, title, exc: shown.append(exc.message)
            )
        if hasattr(module, "QMessageBox"):
            monkeypatch.setattr(
                module.QMessageBox,
                "information",
                lambda parent, title, text, *a: shown.append(text) or QMessageBox.StandardButton.Ok,
            )
    return shown
