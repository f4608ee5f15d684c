"""Validating an inspection as a clerk entered it.  Every rejection is a FieldError naming the
field (and the person, for supervisors); nothing is written here."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from yuyou_desktop.domain.enums import (
    CertificateKind,
    LabelledEnum,
    PersonRole,
)
from yuyou_desktop.domain.inspections import (
    certificate_problem,
    in_quiet_window,
    local_date,
    local_datetime,
    quiet_window,
)
from yuyou_desktop.errors import FieldError
from yuyou_desktop.services import ownership
from yuyou_desktop.storage.models import Certificate, EnforcementUnit, Enterprise, Person
from yuyou_desktop.storage.models_inspections import Lead

_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
# Who may be one of the two supervisors: 监督人员 (行政执法监督证) and 执法人员 (行政执法证, e.g.
# in a 行政执法检查 the unit's own officers take part).  特邀行政执法监督员 only join in addition.
COUNTED_ROLES = (PersonRole.SUPERVISOR, PersonRole.ENFORCEMENT)
CERTIFICATE_KINDS = (CertificateKind.SUPERVISION, CertificateKind.ENFORCEMENT)
MIN_SUPERVISORS = 2

TEXT_FIELDS = {  # key: (label, max length or 0)
    "place": ("检查地点", 200),
    "recorder": ("记录人", 40),
    "basis": ("检查依据", 0),
    "findings": ("检查情况", 0),
    "conclusion": ("检查结论", 0),
}
TRUE_WORDS = {"是", "有", "true", "yes", "1", "√"}


@dataclass(frozen=True)
class QuietRules:
    window: str
    exceptions: tuple[str, ...]


@dataclass(frozen=True)
class Supervisor:
    person_id: str
    certificate_number: str
    invited: bool


def text(raw: Mapping[str, Any], key: str, label: str, max_len: int = 0) -> str:
    value = raw.get(key)
    value = "" if value is None else str(value).strip()
    if max_len and len(value) > max_len:
        raise FieldError(label, f"不应超过{max_len}个字，实际为{len(value)}个字。")
    return value


def flag(value: Any, default: bool) -> bool:
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in TRUE_WORDS


def enum_value(enum: type[LabelledEnum], label: str, value: Any, required: bool = True) -> Any:
    text_value = "" if value is None else str(value).strip()
    if not text_value:
        if required:
            raise FieldError(label, "必须填写。")
        return None
    try:
        return enum(text_value)
    except ValueError:
        pass
    try:
        return enum.from_label(text_value)
    except ValueError:
        raise FieldError(
            label, f"“{text_value}”不是可选的值（{'、'.join(enum.labels())}）。"
        ) from None


def date_value(label: str, value: Any, required: bool = False) -> date | None:
    if value is None or value == "":
        if required:
            raise FieldError(label, "必须填写。")
        return None
    if isinstance(value, datetime):
        return local_date(value)
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise FieldError(label, f"应为日期，例如 2026-03-15，实际为“{value}”。") from None


def datetime_value(label: str, value: Any) -> datetime:
    if value is None or value == "":
        raise FieldError(label, "必须填写。")
    if isinstance(value, datetime):
        return local_datetime(value)
    try:
        return local_datetime(datetime.fromisoformat(str(value).strip()))
    except ValueError:
        raise FieldError(
            label, f"应为日期和时间，例如 2026-03-15 09:30，实际为“{value}”。"
        ) from None


def resolve_unit(session: Session, value: Any) -> EnforcementUnit:
    key = "" if value is None else str(value).strip()
    if not key:
        raise FieldError("被监督单位", "必须填写。")
    live = EnforcementUnit.deleted_at.is_(None)
    found = session.scalars(
        select(EnforcementUnit).where(
            live, or_(EnforcementUnit.id == key, EnforcementUnit.name == key)
        )
    ).all()
    if not found:
        raise FieldError("被监督单位", f"找不到“{key}”，请先在“行政执法主体”中登记。")
    found = ownership.prefer_own(session, list(found))
    if len(found) > 1:
        raise FieldError("被监督单位", f"有{len(found)}个执法主体都叫“{key}”，无法确定是哪一个。")
    return found[0]


def resolve_enterprise(session: Session, value: Any) -> Enterprise | None:
    key = "" if value is None else str(value).strip()
    if not key:
        return None
    live = Enterprise.deleted_at.is_(None)
    found = session.scalars(
        select(Enterprise).where(
            live,
            or_(
                Enterprise.id == key, Enterprise.name == key, Enterprise.credit_code == key.upper()
            ),
        )
    ).all()
    if not found:
        raise FieldError("检查企业", f"找不到“{key}”，请先在“检查对象”中登记。")
    found = ownership.prefer_own(session, list(found))
    if len(found) > 1:
        raise FieldError("检查企业", f"有{len(found)}家企业都叫“{key}”，请改用统一社会信用代码。")
    return found[0]


def resolve_lead(session: Session, value: Any, inspection_id: str | None) -> str | None:
    key = "" if value is None else str(value).strip()
    if not key:
        return None
    lead = session.get(Lead, key)
    if lead is None or lead.deleted_at is not None:
        raise FieldError("来源线索", "这条线索不存在或已被删除。")
    if lead.inspection_id and lead.inspection_id != inspection_id:
        raise FieldError("来源线索", "这条线索已转为另一次检查。")
    return lead.id


def check_quiet_period(
    on_site: bool,
    enterprise: Enterprise | None,
    started: datetime,
    exception: str,
    rules: QuietRules,
) -> None:
    label = "安静期例外事由"
    if exception and exception not in rules.exceptions:
        raise FieldError(label, f"“{exception}”不是可选的事由（{'、'.join(rules.exceptions)}）。")
    if not on_site or enterprise is None or exception:
        return
    day = local_date(started)
    if in_quiet_window(day, rules.window):
        first, last = quiet_window(rules.window)
        raise FieldError(
            label,
            f"{day.isoformat()} 在企业安静期（每月{first}日至{last}日）内，"
            f"到“{enterprise.name}”现场检查须选择例外事由（{'、'.join(rules.exceptions)}）。",
        )


def supervisors(
    session: Session, chosen: Sequence[tuple[str, bool]], day: date
) -> list[Supervisor]:
    """Check who takes part on ``day``; return them with the certificate number valid then."""
    label = "监督人员"
    result: list[Supervisor] = []
    seen: set[str] = set()
    for person_id, invited in chosen:
        person = session.get(Person, person_id) if person_id else None
        if person is None or person.deleted_at is not None:
            raise FieldError(label, f"找不到人员“{person_id}”（不存在或已被删除）。")
        if person.id in seen:
            raise FieldError(label, f"{person.name}被重复列入。")
        seen.add(person.id)
        role = PersonRole(person.role)
        if invited:
            if role is not PersonRole.INVITED:
                raise FieldError(
                    label,
                    f"{person.name}是{role.label}，不是特邀行政执法监督员，不能以特邀身份参加。",
                )
            result.append(Supervisor(person.id, "", True))
            continue
        if role not in COUNTED_ROLES:
            raise FieldError(
                label,
                f"{person.name}是{role.label}，不能作为持证监督人员"
                "（特邀行政执法监督员只能在两名持证人员之外参加）。",
            )
        result.append(Supervisor(person.id, valid_certificate(session, person, day), False))
    counted = sum(1 for s in result if not s.invited)
    if counted < MIN_SUPERVISORS:
        raise FieldError(
            label,
            f"至少需要{MIN_SUPERVISORS}名持有效证件的监督人员（特邀监督员不计入），"
            f"现在只有{counted}名。",
        )
    return result


def valid_certificate(session: Session, person: Person, day: date) -> str:
    """The number of a certificate ``person`` held valid on ``day`` (监督证 preferred)."""
    certificates = session.scalars(
        select(Certificate)
        .where(
            Certificate.person_id == person.id,
            Certificate.deleted_at.is_(None),
            Certificate.kind.in_([k.value for k in CERTIFICATE_KINDS]),
        )
        .order_by(Certificate.valid_to.desc())
    ).all()
    problems = []
    for kind in CERTIFICATE_KINDS:
        for cert in certificates:
            if cert.kind != kind.value:
                continue
            why = certificate_problem(
                cert.number, cert.valid_from, cert.valid_to, cert.revoked_on, day
            )
            if why is None:
                return cert.number
            problems.append(why)
    if not problems:
        raise FieldError(
            "监督人员", f"{person.name}没有登记行政执法证或行政执法监督证，不能参加检查。"
        )
    raise FieldError(
        "监督人员",
        f"{person.name}在检查当天（{day.isoformat()}）没有有效证件：{'；'.join(problems)}。",
    )
