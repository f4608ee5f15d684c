"""Turning the values of an inspection form into the columns of an ``inspections`` row."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from yuyou_desktop.domain.enums import FocusArea, InspectionKind
from yuyou_desktop.domain.inspections import local_date
from yuyou_desktop.errors import FieldError
from yuyou_desktop.services.inspections import rules
from yuyou_desktop.storage.models import Enterprise


@dataclass(frozen=True)
class InspectionValues:
    columns: dict[str, Any]
    enterprise: Enterprise | None
    started_at: datetime

    @property
    def day(self) -> date:
        return local_date(self.started_at)


def parse_values(
    session: Session,
    raw: Mapping[str, Any],
    quiet: rules.QuietRules,
    inspection_id: str | None,
) -> InspectionValues:
    kind = rules.enum_value(InspectionKind, "检查类型", raw.get("kind"))
    focus = rules.enum_value(FocusArea, "重点领域", raw.get("focus_area"))
    unit = rules.resolve_unit(session, raw.get("unit"))
    enterprise = rules.resolve_enterprise(session, raw.get("enterprise"))
    if kind is InspectionKind.ENTERPRISE and enterprise is None:
        raise FieldError("检查企业", "涉企行政执法监督必须选择被检查的企业。")
    started = rules.datetime_value("开始时间", raw.get("started_at"))
    ended = rules.datetime_value("结束时间", raw.get("ended_at"))
    if ended < started:
        raise FieldError(
            "结束时间",
            f"不能早于开始时间（{started:%Y-%m-%d %H:%M}），实际为 {ended:%Y-%m-%d %H:%M}。",
        )
    day = local_date(started)
    on_site = rules.flag(raw.get("on_site"), default=True)
    exception = rules.text(raw, "quiet_exception", "安静期例外事由", 40)
    rules.check_quiet_period(on_site, enterprise, started, exception, quiet)
    required = rules.flag(raw.get("rectification_required"), default=False)
    deadline = rules.date_value("整改期限", raw.get("rectification_deadline"), required=required)
    if not required:
        deadline = None
    elif deadline is not None and deadline < day:
        raise FieldError(
            "整改期限", f"不能早于检查日期（{day.isoformat()}），实际为 {deadline.isoformat()}。"
        )
    columns: dict[str, Any] = {
        "kind": kind.value,
        "focus_area": focus.value,
        "unit_id": unit.id,
        "enterprise_id": enterprise.id if enterprise else None,
        "on_site": on_site,
        "quiet_exception": exception,
        "started_at": started,
        "ended_at": ended,
        "rectification_required": required,
        "rectification_deadline": deadline,
        "lead_id": rules.resolve_lead(session, raw.get("lead_id"), inspection_id),
    }
    for key, (label, max_len) in rules.TEXT_FIELDS.items():
        columns[key] = rules.text(raw, key, label, max_len)
    return InspectionValues(columns, enterprise, started)
