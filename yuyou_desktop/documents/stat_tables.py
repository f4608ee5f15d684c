"""The numbered tables of the 月报 and 年度报告 as plain values: what the workbook
(``stats_xlsx``), the PDF (through :func:`table_block`) and the CLI print.

A table has a label column and value columns.  A value column is a count (or a sum of scores),
or a ratio of two other columns of the same row (整改率 = 已整改 / 发现问题 × 100, 平均分 =
得分合计 / 评查案卷).  The 合计 row adds the rows up (``SUM``), or holds a figure counted once
over all rows (``GIVEN``: an enterprise inspected by two offices is over the yearly cap once),
and its ratios are taken from its own cells — never an average of the rows' ratios.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from yuyou_desktop.documents.report_blocks import TableBlock
from yuyou_desktop.domain.figures import percent

SUM = "sum"
GIVEN = "given"
TOTAL_LABEL = "合计"
DASH = "—"

Value = int | Decimal | None


@dataclass(frozen=True)
class Ratio:
    """``part`` ÷ ``whole`` (indexes of two value columns of the row), × ``scale``, half up to
    0.1; none (shown "—") when the whole is 0.  ``scale`` 100 is a percentage, shown with %."""

    part: int
    whole: int
    scale: int = 100

    @property
    def percent(self) -> bool:
        return self.scale == 100

    def of(self, values: tuple[Value, ...]) -> Decimal | None:
        return ratio(values[self.part], values[self.whole], self.scale)


@dataclass(frozen=True)
class StatColumn:
    label: str
    key: str  # the figure: inspections, problems, rate …
    ratio: Ratio | None = None
    decimals: int = 0  # 1 for sums of scores
    total: str = SUM  # SUM or GIVEN (ratio columns: from the 合计 row's own cells)


@dataclass(frozen=True)
class StatRow:
    """``key`` what the row is grouped by (an enum value, an office code, a unit id, YYYY-MM, a
    grade); ``values`` one per column, a ratio column's value computed from the others."""

    key: str
    label: str
    values: tuple[Value, ...]


@dataclass(frozen=True)
class StatTable:
    number: int
    key: str  # by_kind, by_area … (the Dashboard's field the rows come from)
    title: str  # 检查情况（按检查类型）
    label_header: str  # 检查类型
    columns: tuple[StatColumn, ...]
    rows: tuple[StatRow, ...]
    total: StatRow | None  # the 合计 row as counted; None: the table has none
    empty_text: str = "（无）"

    @property
    def caption(self) -> str:
        return f"表{self.number}　{self.title}"

    @property
    def header(self) -> tuple[str, ...]:
        return (self.label_header, *(c.label for c in self.columns))


def ratio(part: Value, whole: Value, scale: int = 100) -> Decimal | None:
    if part is None or whole is None:
        return None
    return percent(part, whole, scale)


def with_ratios(columns: tuple[StatColumn, ...], counts: tuple[Value, ...]) -> tuple[Value, ...]:
    """``counts`` (None in the ratio columns' places) with the ratios filled in."""
    return tuple(c.ratio.of(counts) if c.ratio else v for c, v in zip(columns, counts, strict=True))


def value_text(column: StatColumn, value: Value) -> str:
    """A value as printed: "—" for none, 61.3% for a percentage, 84.1 for a mean."""
    if value is None:
        return DASH
    if column.ratio is not None and column.ratio.percent:
        return f"{value}%"
    if isinstance(value, Decimal) and column.decimals:
        return str(value.quantize(Decimal(1).scaleb(-column.decimals), ROUND_HALF_UP))
    return str(value)


def row_texts(table: StatTable, row: StatRow) -> tuple[str, ...]:
    return (row.label, *(value_text(c, v) for c, v in zip(table.columns, row.values, strict=True)))


def table_block(table: StatTable) -> TableBlock:
    """The table as the PDF prints it: the 合计 row last, in 黑体."""
    rows = [row_texts(table, row) for row in table.rows]
    if not rows:
        rows = [(table.empty_text, *("" for _ in table.columns))]
    if table.total is not None:
        rows.append(row_texts(table, table.total))
    longest = max(len(r[0]) for r in (table.header, *rows))
    label = min(max(longest * 0.55, 2.6), 4.2)
    return TableBlock(
        caption=table.caption,
        columns=table.header,
        rows=tuple(rows),
        widths=(label, *(1.0 for _ in table.columns)),
        total_last=table.total is not None,
    )
