"""Validating and writing register records: parsing every field, resolving references,
checking natural-key uniqueness and cross-field rules.  Shared by forms and Excel import."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from yuyou_desktop.domain.id_number import validate_id_number
from yuyou_desktop.domain.registers import check_certificate_dates
from yuyou_desktop.errors import FieldError, InputRejected
from yuyou_desktop.services.registry.fields import PERSON, UNIT, Field, parse
from yuyou_desktop.services.registry.specs import RegisterSpec, attr_of
from yuyou_desktop.storage import models, models_letters, models_plans, models_reviews
from yuyou_desktop.storage.changes import INFO_OFFICE
from yuyou_desktop.storage.models import Certificate, EnforcementUnit, Person, SyncColumns

_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")

# rows that refer to a record: a live dependant blocks deleting it
DEPENDANTS: dict[type[SyncColumns], tuple[tuple[type[SyncColumns], str, str], ...]] = {
    models.EnforcementUnit: (
        (models.Person, "unit_id", "人员"),
        (models.SupervisionFiling, "unit_id", "监督机构备案"),
        (models.Matter, "unit_id", "执法事项"),
        (models_reviews.ReviewCampaignUnit, "unit_id", "评查活动"),
        (models_reviews.ReviewCaseFile, "unit_id", "评查案卷"),
        (models_letters.Letter, "unit_id", "文书"),
        (models_plans.PlanItemUnit, "unit_id", "年度监督工作方案事项"),
    ),
    models.Person: (
        (models.Certificate, "person_id", "证件"),
        (models.Training, "person_id", "培训考核记录"),
        (models_reviews.ReviewSheet, "reviewer_id", "评分表"),
    ),
}


class UnitIndex:
    """Live units by id and by name, for resolving "所属单位" (loaded once per import)."""

    def __init__(self, session: Session) -> None:
        rows = session.execute(
            select(EnforcementUnit.id, EnforcementUnit.name, EnforcementUnit.origin_office).where(
                EnforcementUnit.deleted_at.is_(None)
            )
        ).all()
        self.ids = {row.id for row in rows}
        self.by_name: dict[str, list[str]] = {}
        own = session.info.get(INFO_OFFICE)
        # this office's own unit first: a name the county's catalogue shares with a township's
        # register resolves to the unit this office registered
        for row in sorted(rows, key=lambda r: r.origin_office != own):
            self.by_name.setdefault(row.name, []).append(row.id)
        self.own = {row.id for row in rows if row.origin_office == own}

    def resolve(self, field: Field, text: str) -> str:
        if _UUID.match(text) and text in self.ids:
            return text
        found = self.by_name.get(text, [])
        if not found:
            raise FieldError(
                field.label, f"找不到名为“{text}”的执法主体，请先在“行政执法主体”中登记。"
            )
        if len(found) > 1 and sum(1 for i in found if i in self.own) == 1:
            return next(i for i in found if i in self.own)
        if len(found) > 1:
            raise FieldError(
                field.label, f"有{len(found)}个执法主体都叫“{text}”，无法确定是哪一个。"
            )
        return found[0]


def resolve_person(session: Session, field: Field, text: str) -> str:
    if _UUID.match(text):
        found = session.execute(
            select(Person.id).where(Person.id == text, Person.deleted_at.is_(None))
        ).scalar()
        if found:
            return found
    number = validate_id_number(text, field=field.label)
    found = session.execute(
        select(Person.id).where(Person.id_number == number, Person.deleted_at.is_(None))
    ).scalar()
    if found is None:
        raise FieldError(field.label, f"找不到身份证号为“{number}”的人员，请先在“人员”中登记。")
    return found


def parse_record(
    session: Session,
    spec: RegisterSpec,
    raw: Mapping[str, Any],
    units: UnitIndex | None = None,
) -> dict[str, Any]:
    """Every editable field of ``raw`` → {model attribute: stored value}.  Raises FieldError."""
    units = units or UnitIndex(session)
    values = dict(
        _parse_field(session, spec, f, raw.get(f.key), units) for f in spec.editable_fields
    )
    check_rules(spec, values)
    return values


def field_errors(
    session: Session, spec: RegisterSpec, raw: Mapping[str, Any], units: UnitIndex
) -> list[FieldError]:
    """Every field of ``raw`` that cannot be stored (so an import can list them all)."""
    errors = []
    for f in spec.editable_fields:
        try:
            _parse_field(session, spec, f, raw.get(f.key), units)
        except FieldError as exc:
            errors.append(exc)
    return errors


def _parse_field(
    session: Session, spec: RegisterSpec, f: Field, value: Any, units: UnitIndex
) -> tuple[str, Any]:
    if f.kind in (UNIT, PERSON):
        text = "" if value is None else str(value).strip()
        if not text:
            if f.required:
                raise FieldError(f.label, "不能为空。")
            return attr_of(f), None
        if f.kind == UNIT:
            return attr_of(f), units.resolve(f, text)
        return attr_of(f), resolve_person(session, f, text)
    parsed = parse(f, value)
    if parsed is None:
        column = spec.model.__table__.c[f.key]  # type: ignore[attr-defined]
        default = column.default.arg if column.default is not None else None
        parsed = default if not column.nullable else None
    return f.key, parsed


def check_rules(spec: RegisterSpec, values: Mapping[str, Any]) -> None:
    if spec.model is Certificate:
        check_certificate_dates(values.get("valid_from"), values.get("valid_to"))
        if values.get("revoked_on") and not values.get("revoke_reason"):
            raise FieldError("注销原因", "填写了注销日期时必须写明注销原因。")
        if values.get("revoke_reason") and not values.get("revoked_on"):
            raise FieldError("注销日期", "写了注销原因时必须填写注销日期。")


def find_same(
    session: Session,
    spec: RegisterSpec,
    values: Mapping[str, Any],
    exclude_id: str | None,
    *,
    active_only: bool = False,
) -> SyncColumns | None:
    """The live record with the same natural key — the record an imported row updates.

    Certificates may share a number with revoked ones: the active certificate is preferred,
    and ``active_only`` (the uniqueness rule) ignores revoked ones altogether.
    """
    model = spec.model
    stmt = select(model).where(model.deleted_at.is_(None))
    office = session.info.get(INFO_OFFICE)
    edited = session.get(model, exclude_id) if exclude_id is not None else None
    if edited is not None:  # an edited record stays its office's (a co-edited unit of another)
        office = edited.origin_office
    if office is not None:  # natural keys are unique per office (other offices' rows are theirs)
        stmt = stmt.where(model.origin_office == office)
    for key in spec.natural_key:
        attr = attr_of(spec.field(key))
        stmt = stmt.where(getattr(model, attr) == values.get(attr))
    if model is Certificate:
        if active_only:
            stmt = stmt.where(Certificate.revoked_on.is_(None))
        stmt = stmt.order_by(Certificate.revoked_on.is_not(None), Certificate.updated_at.desc())
    if exclude_id is not None:
        stmt = stmt.where(model.id != exclude_id)
    return session.execute(stmt.limit(1)).scalar()


def duplicate_error(spec: RegisterSpec, values: Mapping[str, Any]) -> FieldError:
    labels = "＋".join(spec.field(key).label for key in spec.natural_key)
    shown = "、".join(
        str(values.get(attr_of(spec.field(k))))
        for k in spec.natural_key
        if spec.field(k).kind not in (UNIT, PERSON)
    )
    extra = "（未注销的证件编号不能重复）" if spec.model is Certificate else ""
    what = f"“{shown}”" if shown else ""
    return FieldError(labels, f"{what}已有相同的记录{extra}。")


def check_unique(
    session: Session, spec: RegisterSpec, values: Mapping[str, Any], exclude_id: str | None
) -> None:
    if spec.model is Certificate and values.get("revoked_on") is not None:
        return  # revoked certificates may share a number with the active one
    if find_same(session, spec, values, exclude_id, active_only=True) is not None:
        raise duplicate_error(spec, values)


def live_dependants(session: Session, spec: RegisterSpec, record_id: str) -> list[str]:
    found = []
    for model, attr, label in DEPENDANTS.get(spec.model, ()):
        count = session.execute(
            select(func.count())
            .select_from(model)
            .where(getattr(model, attr) == record_id, model.deleted_at.is_(None))
        ).scalar_one()
        if count:
            found.append(f"{label}{count}条")
    return found


def refuse_if_referenced(session: Session, spec: RegisterSpec, record_id: str) -> None:
    found = live_dependants(session, spec, record_id)
    if found:
        raise InputRejected(
            f"不能删除：还有{'、'.join(found)}引用这条{spec.title}记录，请先删除或改到其他记录下。"
        )
