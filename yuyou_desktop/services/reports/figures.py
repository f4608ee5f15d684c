"""The plain values of the 统计 view and the reports: what was asked (:class:`StatsQuery`) and
what was counted (:class:`Dashboard`).  What each figure counts is written in
``services/reports/measures.py``."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date, timedelta
from decimal import Decimal

from yuyou_desktop.domain.figures import percent
from yuyou_desktop.errors import InputRejected

MAX_DAYS = 366 * 10 + 3


@dataclass(frozen=True)
class StatsQuery:
    """A period (both days included, Beijing calendar days) and, optionally, one office
    (``origin``: the office code that recorded the rows) and one enforcement unit."""

    start: date
    end: date
    origin: str | None = None
    unit_id: str | None = None

    def checked(self) -> StatsQuery:
        if self.end < self.start:
            raise InputRejected(
                f"统计期间有误：结束日期 {self.end.isoformat()} 早于开始日期 "
                f"{self.start.isoformat()}。"
            )
        if (self.end - self.start).days > MAX_DAYS:
            raise InputRejected("统计期间不能超过十年，请缩短期间。")
        return self

    @property
    def after(self) -> date:
        """The first day after the period."""
        return self.end + timedelta(days=1)


def percent_text(value: Decimal | None) -> str:
    return "—" if value is None else f"{value}%"


@dataclass(frozen=True)
class Counts:
    """Integer measures that add up; subclasses name them."""

    def plus(self, other: Counts) -> Counts:
        return replace(
            self, **{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)}
        )


@dataclass(frozen=True)
class InspectionCounts(Counts):
    inspections: int = 0
    problems: int = 0
    rectified: int = 0
    unrectified: int = 0
    overdue: int = 0

    @property
    def rate(self) -> Decimal | None:
        """整改率: rectified problems of the problems found."""
        return percent(self.rectified, self.problems)


@dataclass(frozen=True)
class LeadCounts(Counts):
    received: int = 0
    transferred: int = 0
    closed: int = 0
    pending: int = 0
    overdue: int = 0


@dataclass(frozen=True)
class ReviewCounts(Counts):
    files: int = 0
    score_sum: Decimal = Decimal(0)

    @property
    def mean(self) -> Decimal | None:
        """Mean final score, half up to 0.1; None without files."""
        if not self.files:
            return None
        return percent(self.score_sum, self.files, scale=1)


@dataclass(frozen=True)
class RegisterCounts(Counts):
    expiring: int = 0  # live, unrevoked certificates reaching valid_to within the warning days
    expired: int = 0  # live, unrevoked certificates past valid_to
    unfiled: int = 0  # active units with no supervision-body filing for the year
    over_cap: int = 0  # enterprises inspected more often than the yearly cap


@dataclass(frozen=True)
class Line:
    """One row of a table: ``key`` what it is grouped by (enum value, office code, unit id,
    ``YYYY-MM``, grade), ``label`` as shown, ``counts`` its measures."""

    key: str
    label: str
    counts: Counts


@dataclass(frozen=True)
class Dashboard:
    query: StatsQuery
    today: date
    office_name: str
    county: bool
    scope_label: str  # 全部单位 / the chosen office's name, plus the unit's
    inspections: InspectionCounts
    by_kind: tuple[Line, ...]
    by_area: tuple[Line, ...]
    by_office: tuple[Line, ...]
    by_unit: tuple[Line, ...]
    by_month: tuple[Line, ...]
    leads: LeadCounts
    leads_by_source: tuple[Line, ...]
    leads_by_office: tuple[Line, ...]
    reviews: ReviewCounts
    reviews_by_grade: tuple[Line, ...]  # counts: ReviewCounts with only ``files`` set
    reviews_by_office: tuple[Line, ...]
    reviews_by_unit: tuple[Line, ...]
    registers: RegisterCounts
    registers_by_office: tuple[Line, ...]
    filing_year: int
    cap_year: int
    cap: int
    expiring_days: int


@dataclass(frozen=True)
class Drill:
    """The records behind one figure: ``measure`` (a field of the counts, e.g.
    ``inspections.overdue``), ``dimension`` (``all``, ``kind``, ``area``, ``office``, ``unit``,
    ``month``, ``source``, ``grade``) and the row's ``key``."""

    measure: str
    dimension: str = "all"
    key: str = ""


@dataclass(frozen=True)
class DrillRow:
    """``kind`` says what ``record_id`` opens: inspection, lead, case_file, certificate, unit,
    enterprise (a problem row opens its inspection)."""

    kind: str
    record_id: str
    cells: tuple[str, ...]


@dataclass(frozen=True)
class DrillResult:
    title: str
    columns: tuple[str, ...]
    rows: tuple[DrillRow, ...]
    total: int  # all matching records; ``rows`` may stop at the limit
