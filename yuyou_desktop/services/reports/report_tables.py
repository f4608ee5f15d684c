"""The numbered tables of the 月报 and 年度报告, built from a :class:`Dashboard` (grouped
figures, never records): the same tables go into the workbook, the PDF and ``yuyou stats``.

Every figure is the Dashboard's own: the rows are its lines, the 合计 row its totals (which
equal the rows added up, except 超过检查上限企业 — counted once over all offices), the ratios
are computed from the row's own counts (整改率 = 已整改 / 发现问题, 办结率 = 已办结 / 收到,
平均分 = 得分合计 / 评查案卷).  What each figure counts is written in ``measures``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import fields

from yuyou_desktop.documents.stat_tables import (
    GIVEN,
    Ratio,
    StatColumn,
    StatRow,
    StatTable,
    Value,
    with_ratios,
)
from yuyou_desktop.services.reports.figures import Counts, Dashboard, Line

INSPECTION_COLUMNS = (
    StatColumn("检查次数", "inspections"),
    StatColumn("发现问题", "problems"),
    StatColumn("已整改", "rectified"),
    StatColumn("未整改", "unrectified"),
    StatColumn("其中逾期", "overdue"),
    StatColumn("整改率", "rate", ratio=Ratio(2, 1)),
)
LEAD_COLUMNS = (
    StatColumn("收到", "received"),
    StatColumn("已移送", "transferred"),
    StatColumn("已办结", "closed"),
    StatColumn("未办结", "pending"),
    StatColumn("其中逾期", "overdue"),
    StatColumn("办结率", "rate", ratio=Ratio(2, 0)),
)
GRADE_COLUMNS = (StatColumn("案卷数", "files"),)
REVIEW_COLUMNS = (
    StatColumn("评查案卷", "files"),
    StatColumn("得分合计", "score_sum", decimals=1),
    StatColumn("平均分", "mean", ratio=Ratio(1, 0, scale=1)),
)
REGISTER_COLUMNS = (
    StatColumn("证件即将到期", "expiring"),
    StatColumn("证件已过期", "expired"),
    StatColumn("未备案单位", "unfiled"),
    StatColumn("超过检查上限企业", "over_cap", total=GIVEN),
)
NO_GRADE = "（未定等次）"
OWN_LEVEL = "（本级）"


def _values(columns: tuple[StatColumn, ...], counts: Counts) -> tuple[Value, ...]:
    found = tuple(None if c.ratio else getattr(counts, c.key) for c in columns)
    return with_ratios(columns, found)


def _rows(columns: tuple[StatColumn, ...], lines: Iterable[Line], label=None) -> tuple:
    label = label or (lambda line: line.label)
    return tuple(StatRow(x.key, label(x), _values(columns, x.counts)) for x in lines)


class _Numbered:
    """Tables numbered in the order they are added."""

    def __init__(self) -> None:
        self.tables: list[StatTable] = []

    def add(
        self,
        key: str,
        title: str,
        label_header: str,
        columns: tuple[StatColumn, ...],
        lines: Iterable[Line],
        total: Counts | None,
        label: Callable[[Line], str] | None = None,
        empty_text: str = "（无）",
    ) -> None:
        self.tables.append(
            StatTable(
                number=len(self.tables) + 1,
                key=key,
                title=title,
                label_header=label_header,
                columns=columns,
                rows=_rows(columns, lines, label),
                total=None if total is None else StatRow("", "合计", _values(columns, total)),
                empty_text=empty_text,
            )
        )


def report_tables(d: Dashboard, annual: bool = False) -> tuple[StatTable, ...]:
    """The report's tables, numbered: by kind, by area, (annual: by month), (county: by
    office), by unit, leads by source, case files by grade and by unit, the registers."""
    t = _Numbered()
    cols, total = INSPECTION_COLUMNS, d.inspections
    t.add("by_kind", "检查情况（按检查类型）", "检查类型", cols, d.by_kind, total)
    t.add("by_area", "检查情况（按重点领域）", "重点领域", cols, d.by_area, total)
    if annual:
        t.add("by_month", "检查情况（按月份）", "月份", cols, d.by_month, total)
    own = d.query.origin or (d.by_office[0].key if d.by_office else "")
    if d.county and not d.query.origin:

        def office_label(line: Line) -> str:
            return line.label + (OWN_LEVEL if line.key == own else "")

        t.add("by_office", "检查情况（按乡镇）", "单位", cols, d.by_office, total, office_label)
    t.add(
        "by_unit",
        "检查及问题整改情况（按被监督单位）",
        "被监督单位",
        cols,
        d.by_unit,
        total,
        empty_text="（本期无检查记录）",
    )
    t.add(
        "leads_by_source",
        "投诉举报与问题线索（按来源）",
        "来源",
        LEAD_COLUMNS,
        d.leads_by_source,
        d.leads,
    )
    grades = [x for x in d.reviews_by_grade if x.key or x.counts.files]
    t.add(
        "reviews_by_grade",
        "案卷评查情况（按等次）",
        "等次",
        GRADE_COLUMNS,
        grades,
        d.reviews,
        lambda line: line.label or NO_GRADE,
    )
    t.add(
        "reviews_by_unit",
        "案卷评查情况（按被评查单位）",
        "被评查单位",
        REVIEW_COLUMNS,
        d.reviews_by_unit,
        d.reviews,
        empty_text="（本期无定稿的评查案卷）",
    )
    t.add(
        "registers_by_office",
        f"执法证件与监督备案情况（截至{d.today.year}年{d.today.month}月{d.today.day}日）",
        "单位",
        REGISTER_COLUMNS,
        d.registers_by_office,
        d.registers,
    )
    return tuple(t.tables)


def counts_data(counts: Counts) -> dict[str, object]:
    """The counts of a line as JSON values, with the derived rate or mean."""
    data: dict[str, object] = {f.name: _json(getattr(counts, f.name)) for f in fields(counts)}
    for derived in ("rate", "mean"):
        if hasattr(counts, derived):
            data[derived] = _json(getattr(counts, derived))
    return data


def _json(value: object) -> object:
    return value if isinstance(value, int) or value is None else str(value)


LINE_FIELDS = (
    "by_kind",
    "by_area",
    "by_office",
    "by_unit",
    "by_month",
    "leads_by_source",
    "leads_by_office",
    "reviews_by_grade",
    "reviews_by_office",
    "reviews_by_unit",
    "registers_by_office",
)
TOTAL_FIELDS = ("inspections", "leads", "reviews", "registers")


def dashboard_data(d: Dashboard) -> dict[str, object]:
    """Every figure of the Dashboard as JSON values: dates ISO, rates and scores as text
    ("61.3", None when there is nothing to divide by)."""
    q = d.query
    data: dict[str, object] = {
        "query": {
            "start": q.start.isoformat(),
            "end": q.end.isoformat(),
            "origin": q.origin,
            "unit_id": q.unit_id,
        },
        "today": d.today.isoformat(),
        "office_name": d.office_name,
        "county": d.county,
        "scope_label": d.scope_label,
    }
    for name in TOTAL_FIELDS:
        data[name] = counts_data(getattr(d, name))
    for name in LINE_FIELDS:
        data[name] = [
            {"key": x.key, "label": x.label, **counts_data(x.counts)} for x in getattr(d, name)
        ]
    for name in ("filing_year", "cap_year", "cap", "expiring_days"):
        data[name] = getattr(d, name)
    return data
