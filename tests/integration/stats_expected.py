"""The 统计 figures computed again, independently of the service: the raw rows read with the
plain ``sqlite3`` module (``SELECT *``), each definition of ``services/reports/measures.py``'s
docstring followed in plain Python.  Nothing of the service is used but its input type.

Every counted thing becomes a :class:`Fact` — the record a drill-down would list, the measure it
counts for, its group keys — so the same facts give the totals, every table's lines and the
exact records behind each figure.
"""

from __future__ import annotations

import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

UNKNOWN_UNIT = "（未知单位）"
PROBLEM_MEASURES = ("problems", "rectified", "unrectified", "overdue")
INSPECTION_MEASURES = ("inspections", *PROBLEM_MEASURES)
LEAD_MEASURES = ("received", "transferred", "closed", "pending", "overdue")
REGISTER_MEASURES = ("expiring", "expired", "unfiled", "over_cap")
DATE_COLUMNS = {"received_on", "deadline", "transferred_on", "finalised_on", "valid_to",
                "valid_from", "revoked_on"}  # fmt: skip
DATETIME_COLUMNS = {"started_at", "deleted_at", "enrolled_at", "revoked_at", "updated_at"}


def _value(name: str, value: Any) -> Any:
    if value is None:
        return None
    if name in DATE_COLUMNS:
        return date.fromisoformat(value)
    if name in DATETIME_COLUMNS:
        return datetime.fromisoformat(value)  # naive UTC, as stored
    return value


def _table(conn: sqlite3.Connection, name: str) -> list[dict[str, Any]]:
    cursor = conn.execute(f'SELECT * FROM "{name}"')
    names = [d[0] for d in cursor.description]
    return [{n: _value(n, v) for n, v in zip(names, row, strict=True)} for row in cursor]


def beijing_day(stored_utc: datetime) -> date:
    return (stored_utc + timedelta(hours=8)).date()


def half_up(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass
class Raw:
    """Every row the figures are made of, as stored."""

    office: dict[str, Any]
    settings: dict[str, str]
    tables: dict[str, list[dict[str, Any]]]

    @classmethod
    def read(cls, database: Path) -> Raw:
        conn = sqlite3.connect(database)
        try:
            office = _table(conn, "office")[0]
            settings = {r["key"]: r["value"] for r in _table(conn, "settings")}
            names = ("inspections", "inspection_problems", "leads", "lead_transfers",
                     "review_campaigns", "review_case_files", "certificates", "people",
                     "enforcement_units", "supervision_filings", "enterprises", "trusted_keys",
                     "office_directory")  # fmt: skip
            return cls(office, settings, {n: _table(conn, n) for n in names})
        finally:
            conn.close()

    def __getitem__(self, table: str) -> list[dict[str, Any]]:
        return self.tables[table]

    def by_id(self, table: str) -> dict[str, dict[str, Any]]:
        return {r["id"]: r for r in self.tables[table]}

    def office_label(self, code: str) -> str:
        """This office's name; else the name of its most recently enrolled key; else the live
        directory entry last updated; else the code."""
        if code == self.office["code"]:
            return self.office["name"]
        keys = [k for k in self["trusted_keys"] if k["office_code"] == code]
        if keys:
            return max(keys, key=lambda k: k["enrolled_at"])["office_name"]
        entries = [d for d in self["office_directory"]
                   if d["code"] == code and d["deleted_at"] is None]  # fmt: skip
        if entries:
            return max(entries, key=lambda d: d["updated_at"])["name"]
        return code

    def unit_label(self, unit_id: str | None) -> str:
        found = self.by_id("enforcement_units").get(unit_id or "")
        return found["name"] if found else UNKNOWN_UNIT

    def trusted_townships(self) -> set[str]:
        return {k["office_code"] for k in self["trusted_keys"]
                if k["role"] == "township" and k["revoked_at"] is None}  # fmt: skip


@dataclass(frozen=True)
class Fact:
    """One counted thing: ``record`` is what the drill-down lists (a problem is listed by its
    inspection), ``dims`` the keys of its groups."""

    subject: str  # inspections, leads, reviews, registers
    measure: str
    record: str
    dims: tuple[tuple[str, str], ...]
    score: Decimal = Decimal(0)

    def key(self, dimension: str) -> str:
        return dict(self.dims)[dimension]


@dataclass
class Expected:
    """The facts of one query at one office on ``today``."""

    raw: Raw
    start: date
    end: date
    origin: str | None
    unit_id: str | None
    today: date
    expiring_days: int
    cap: int
    facts: list[Fact] = field(default_factory=list)
    over_cap_total: list[Fact] = field(default_factory=list)
    _by_key: dict[tuple[str, str, str, str], list[Fact]] | None = None

    def __post_init__(self) -> None:
        self._inspections()
        self._leads()
        self._reviews()
        self._certificates()
        self._unfiled()
        self._over_cap()

    # ------------------------------------------------------------------ the definitions

    def _scoped(self, row: dict[str, Any], unit: str | None = "unit_id") -> bool:
        if row["deleted_at"] is not None:
            return False
        if self.origin and row["origin_office"] != self.origin:
            return False
        return not (self.unit_id and unit and row[unit] != self.unit_id)

    def _inspections(self) -> None:
        problems = defaultdict(list)
        for p in self.raw["inspection_problems"]:
            if p["deleted_at"] is None:
                problems[p["inspection_id"]].append(p)
        for i in self.raw["inspections"]:
            day = beijing_day(i["started_at"])
            if not (self._scoped(i) and self.start <= day <= self.end):
                continue
            dims = (("kind", i["kind"]), ("area", i["focus_area"]),
                    ("office", i["origin_office"]), ("unit", i["unit_id"]),
                    ("month", f"{day.year:04d}-{day.month:02d}"))  # fmt: skip
            self.facts.append(Fact("inspections", "inspections", i["id"], dims))
            for p in problems[i["id"]]:
                done = p["status"] == "done"
                late = not done and p["deadline"] is not None and p["deadline"] < self.today
                for measure, holds in (("problems", True), ("rectified", done),
                                       ("unrectified", not done), ("overdue", late)):  # fmt: skip
                    if holds:
                        self.facts.append(Fact("inspections", measure, i["id"], dims))

    def _leads(self) -> None:
        transfers = defaultdict(list)
        for t in self.raw["lead_transfers"]:
            if t["deleted_at"] is None:
                transfers[t["lead_id"]].append(t)
        for lead in self.raw["leads"]:
            if not (self._scoped(lead) and self.start <= lead["received_on"] <= self.end):
                continue
            moved = transfers[lead["id"]]
            status = lead["status"]
            waiting = status == "open" or (
                status == "transferred" and any(t["status"] != "fed_back" for t in moved)
            )
            late = waiting and lead["deadline"] is not None and lead["deadline"] < self.today
            day = lead["received_on"]
            dims = (("source", lead["source"]), ("office", lead["origin_office"]),
                    ("unit", lead["unit_id"] or ""),
                    ("month", f"{day.year:04d}-{day.month:02d}"))  # fmt: skip
            for measure, holds in (("received", True), ("transferred", bool(moved)),
                                   ("closed", status == "closed"),
                                   ("pending", status in ("open", "transferred")),
                                   ("overdue", late)):  # fmt: skip
                if holds:
                    self.facts.append(Fact("leads", measure, lead["id"], dims))

    def _reviews(self) -> None:
        campaigns = self.raw.by_id("review_campaigns")
        for f in self.raw["review_case_files"]:
            campaign = campaigns.get(f["campaign_id"])
            if not self._scoped(f) or campaign is None or campaign["deleted_at"] is not None:
                continue
            if f["final_score"] is None or f["finalised_on"] is None:
                continue
            if not self.start <= f["finalised_on"] <= self.end:
                continue
            dims = (("grade", f["final_grade"] or ""), ("office", f["origin_office"]),
                    ("unit", f["unit_id"]))  # fmt: skip
            self.facts.append(Fact("reviews", "files", f["id"], dims, Decimal(f["final_score"])))

    def _certificates(self) -> None:
        people = self.raw.by_id("people")
        soon = self.today + timedelta(days=self.expiring_days)
        for c in self.raw["certificates"]:
            holder = people.get(c["person_id"])
            if not self._scoped(c, unit=None) or c["revoked_on"] is not None:
                continue
            if holder is None or holder["deleted_at"] is not None:
                continue
            if self.unit_id and holder["unit_id"] != self.unit_id:
                continue
            end = c["valid_to"]
            dims = (("office", c["origin_office"]),)
            if end is not None and self.today <= end <= soon:
                self.facts.append(Fact("registers", "expiring", c["id"], dims))
            if end is not None and end < self.today:
                self.facts.append(Fact("registers", "expired", c["id"], dims))

    def _unfiled(self) -> None:
        filed = {f["unit_id"] for f in self.raw["supervision_filings"]
                 if f["deleted_at"] is None and f["year"] == self.end.year}  # fmt: skip
        for u in self.raw["enforcement_units"]:
            if not self._scoped(u, unit="id") or u["status"] != "active" or u["id"] in filed:
                continue
            self.facts.append(
                Fact("registers", "unfiled", u["id"], (("office", u["origin_office"]),))
            )

    def _over_cap(self) -> None:
        live = {e["id"] for e in self.raw["enterprises"] if e["deleted_at"] is None}
        per_office: Counter[tuple[str, str]] = Counter()
        together: Counter[str] = Counter()
        for i in self.raw["inspections"]:
            if not self._scoped(i) or i["enterprise_id"] is None or i["year"] != self.end.year:
                continue
            if i["enterprise_id"] not in live:  # a deleted enterprise never counts
                continue
            per_office[i["origin_office"], i["enterprise_id"]] += 1
            together[i["enterprise_id"]] += 1
        for (office, firm), n in per_office.items():
            if n > self.cap:
                self.facts.append(Fact("registers", "over_cap", firm, (("office", office),)))
        self.over_cap_total = [Fact("registers", "over_cap", firm, ())
                               for firm, n in together.items() if n > self.cap]  # fmt: skip

    # ------------------------------------------------------------------ questions

    def _index(self) -> dict[tuple[str, str, str, str], list[Fact]]:
        """The facts by (subject, measure, dimension, key); dimension "all" has key ""."""
        index: dict[tuple[str, str, str, str], list[Fact]] = defaultdict(list)
        for f in self.facts:
            index[f.subject, f.measure, "all", ""].append(f)
            for dimension, key in f.dims:
                index[f.subject, f.measure, dimension, key].append(f)
        index["registers", "over_cap", "all", ""] = list(self.over_cap_total)
        return index

    def _found(self, subject: str, measure: str, dimension: str, key: str) -> list[Fact]:
        if self._by_key is None:
            self._by_key = self._index()
        return self._by_key.get(
            (subject, measure, dimension, "" if dimension == "all" else key), []
        )

    def members(self, measure: str, dimension: str = "all", key: str = "") -> Counter[str]:
        """The records behind one figure (a record twice when it counts twice)."""
        subject, _, name = measure.partition(".")
        return Counter(f.record for f in self._found(subject, name, dimension, key))

    def counts(self, subject: str, dimension: str = "all", key: str = "") -> tuple:
        if subject == "reviews":
            found = self._found(subject, "files", dimension, key)
            return len(found), sum((f.score for f in found), Decimal(0))
        measures = {"inspections": INSPECTION_MEASURES, "leads": LEAD_MEASURES}
        return tuple(
            len(self._found(subject, m, dimension, key))
            for m in measures.get(subject, REGISTER_MEASURES)
        )

    def keys(self, subject: str, dimension: str) -> set[str]:
        return {f.key(dimension) for f in self.facts if f.subject == subject and f.dims
                and dimension in dict(f.dims)}  # fmt: skip

    def months(self) -> list[tuple[str, str]]:
        """Every month of the period — but months after today's with no inspection are not
        listed (a trend does not fall to zero for the months to come)."""
        found, day = [], self.start.replace(day=1)
        while day <= self.end:
            found.append((f"{day.year:04d}-{day.month:02d}", f"{day.year}年{day.month}月"))
            day = (day + timedelta(days=32)).replace(day=1)
        now = f"{self.today.year:04d}-{self.today.month:02d}"
        while (
            found
            and found[-1][0] > now
            and not any(self.counts("inspections", "month", found[-1][0]))
        ):
            found.pop()
        return found

    def rate(self, dimension: str = "all", key: str = "") -> Decimal | None:
        """整改率: rectified of the problems, per cent, half up to 0.1."""
        _, problems, rectified, _, _ = self.counts("inspections", dimension, key)
        if not problems:
            return None
        return half_up(Decimal(rectified) * 100 / Decimal(problems))

    def mean(self, dimension: str = "all", key: str = "") -> Decimal | None:
        """The mean final score, half up to 0.1."""
        files, total = self.counts("reviews", dimension, key)
        return half_up(total / files) if files else None

    def scope_label(self) -> str:
        if self.origin == self.raw.office["code"]:
            label = "本单位"
        else:
            label = self.raw.office_label(self.origin) if self.origin else "全部单位"
        return f"{label} · {self.raw.unit_label(self.unit_id)}" if self.unit_id else label
