"""Who may change a synchronised record (sync-protocol.md, "Roles and ownership").

Every synchronised row carries ``origin_office``, the office that created it.  A record may be
changed only at that office; the other offices see it (the county sees every township's
registers, inspections, reviews and letters; a township sees the county's reference data) but
may not edit, delete or move it on.  The exception is the county's rows of a co-edited table
(``sync.rows.CO_EDITED``: the county's unit catalogue), which every office may edit; a township's
own units stay its own (the county's edits of them would never reach it).

Every service method that changes an existing record calls :func:`ensure_owned` on the rows it
is about to change, inside its write transaction and before changing anything, so a refusal
(:class:`NotOwned`, an ``InputRejected`` naming the owner) leaves the database as it was.
New records are always created by this office (``storage.changes`` stamps them).

:func:`origin_choices` lists the offices whose records a list holds, for the 来源单位 filter.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from yuyou_desktop.domain.enums import OfficeRole
from yuyou_desktop.errors import InputRejected
from yuyou_desktop.storage.changes import INFO_OFFICE
from yuyou_desktop.storage.models import DirectoryOffice, Office
from yuyou_desktop.storage.models_sync import TrustedKey
from yuyou_desktop.sync.rows import CO_EDITED


class NotOwned(InputRejected):
    """The record belongs to another office: this office may only look at it."""


def refusal_text(code: str, name: str = "") -> str:
    """The message shown when a record of office ``code`` may not be changed here."""
    owner = f"{name}（{code}）" if name and name != code else f"代码为{code}的单位"
    return f"该记录属于{owner}，本单位只能查看，不能修改。"


def own_office(session: Session) -> str:
    """This installation's office code (a writer session carries it in ``info``)."""
    code = session.info.get(INFO_OFFICE)
    if code:
        return str(code)
    return session.execute(select(Office.code)).scalar_one()


def office_names(session: Session, codes: Iterable[str]) -> dict[str, str]:
    """Names of the offices ``codes``: this office's own, then the names given when their keys
    were enrolled (checked by phone), then the office directory.  An office found nowhere is
    left out (show its code)."""
    wanted = {c for c in codes if c}
    names: dict[str, str] = {}
    own = session.execute(select(Office.code, Office.name)).first()
    if own is not None and own.code in wanted:
        names[own.code] = own.name
    rest = wanted - set(names)
    if rest:
        found = session.execute(
            select(TrustedKey.office_code, TrustedKey.office_name)
            .where(TrustedKey.office_code.in_(sorted(rest)))
            .order_by(TrustedKey.enrolled_at.desc())
        )
        for code, name in found:
            names.setdefault(code, name)
    rest = wanted - set(names)
    if rest:
        found = session.execute(
            select(DirectoryOffice.code, DirectoryOffice.name)
            .where(DirectoryOffice.code.in_(sorted(rest)), DirectoryOffice.deleted_at.is_(None))
            .order_by(DirectoryOffice.updated_at.desc())
        )
        for code, name in found:
            names.setdefault(code, name)
    return names


def co_edited(row_or_model: Any) -> bool:
    """Whether the county's rows of this table may be edited by every office (the catalogue)."""
    return row_or_model.__table__.name in CO_EDITED


def county_code(session: Session) -> str | None:
    """The county's office code: this office's when it is the county, else the pinned key's."""
    office = session.execute(select(Office.code, Office.role)).first()
    if office is not None and office.role == OfficeRole.COUNTY.value:
        return office.code
    return session.scalars(
        select(TrustedKey.office_code).where(TrustedKey.role == OfficeRole.COUNTY.value)
    ).first()


def refusal_for(session: Session, origin: str | None) -> str | None:
    """Why a record of office ``origin`` cannot be changed here, or None when it can."""
    if not origin or origin == own_office(session):
        return None
    return refusal_text(origin, office_names(session, [origin]).get(origin, ""))


def prefer_own(session: Session, found: list[Any]) -> list[Any]:
    """Records found by name: when several offices have one of that name (the county holds every
    township's registers), this office's own is meant; otherwise all of them."""
    if len(found) < 2:
        return found
    own = own_office(session)
    mine = [r for r in found if r.origin_office == own]
    return mine or found


def ensure_deletable(session: Session, row: Any) -> None:
    """Like :func:`ensure_owned`, and the county's catalogue rows, which every office may edit,
    are deleted only by the county (a township's deletion would remove them county-wide)."""
    ensure_owned(session, row)
    if row is not None and co_edited(row) and row.origin_office != own_office(session):
        raise NotOwned("这是县司法局单位目录中的记录，本单位可以修改，但只有县司法局可以删除。")


def ensure_owned(session: Session, *rows: Any) -> None:
    """Refuse (``NotOwned``) when any of ``rows`` belongs to another office and its table is
    not co-edited.  ``None`` and rows not stamped yet (new in this session) are skipped."""
    county = None
    for row in rows:
        if row is None:
            continue
        if co_edited(row):
            county = county or county_code(session)
            if row.origin_office == county:
                continue
        refusal = refusal_for(session, row.origin_office)
        if refusal:
            raise NotOwned(refusal)


# ---------------------------------------------------------------- the 来源单位 filter


@dataclass(frozen=True)
class OriginOffice:
    code: str
    name: str
    own: bool

    @property
    def label(self) -> str:
        return "本单位" if self.own else self.name


@dataclass(frozen=True)
class OriginChoices:
    """The offices whose live records a list holds, this office first, the others by code;
    ``county``: this office is the county; ``co_edited``: every office may edit the county's
    rows (``county_code``)."""

    own_code: str
    county: bool
    offices: tuple[OriginOffice, ...]
    co_edited: bool = False
    county_code: str | None = None

    @property
    def shown(self) -> bool:
        """Whether the list needs the 来源单位 filter and column (the county, or any record
        of another office)."""
        return self.county or any(not o.own for o in self.offices)

    def name_of(self, code: str | None) -> str:
        if not code:
            return ""
        for office in self.offices:
            if office.code == code:
                return office.name
        return code

    def owns(self, code: str | None) -> bool:
        return not code or code == self.own_code

    def refusal(self, code: str | None) -> str | None:
        """Why a record of office ``code`` cannot be changed here, or None when it can."""
        if self.owns(code) or (self.co_edited and code == self.county_code):
            return None
        name = self.name_of(code)
        return refusal_text(code or "", "" if name == code else name)


def origin_choices(session: Session, *models: Any) -> OriginChoices:
    """The offices with live records in ``models``' tables (one ``DISTINCT`` per table)."""
    office = session.execute(select(Office)).scalar_one()
    codes: set[str] = set()
    for model in models:
        codes.update(
            session.scalars(
                select(model.origin_office).where(model.deleted_at.is_(None)).distinct()
            )
        )
    codes.discard(office.code)
    names = office_names(session, codes)
    others = tuple(OriginOffice(c, names.get(c, c), False) for c in sorted(codes))
    return OriginChoices(
        own_code=office.code,
        county=office.role == OfficeRole.COUNTY.value,
        offices=(OriginOffice(office.code, office.name, True), *others),
        co_edited=bool(models) and all(co_edited(m) for m in models),
        county_code=county_code(session),
    )


def filed_with(session: Session, owner: str) -> str:
    """主送 of what office ``owner`` files with the next level up (the annual plan, the annual
    report): the county bureau for a township (the pinned county, else the county of the
    code's first six digits), the county's government for the county (右玉县司法局 →
    右玉县人民政府)."""
    county = county_code(session) or (owner[:6] if len(owner) > 6 else None)
    if county is None:
        return "县司法局"
    name = office_names(session, [county]).get(county, "")
    if owner == county:
        if name.endswith("司法局") and len(name) > len("司法局"):
            return name[: -len("司法局")] + "人民政府"
        return "县人民政府"
    return name or "县司法局"
