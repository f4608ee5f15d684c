"""Reading a report workbook back as its numbered tables, and a tiny evaluator for the two
kinds of formula it holds (``=SUM(B5:B11)`` and the ratio ``=IF(C5=0,"—",ROUND(D5/C5*100,1))``),
since openpyxl writes formulas without their values."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

CAPTION = re.compile(r"^表(\d+)　(.+)$")
SUM = re.compile(r"^=SUM\(([A-Z]+)(\d+):([A-Z]+)(\d+)\)$")
RATIO = re.compile(r'^=IF\(([A-Z]+\d+)=0,"—",ROUND\(([A-Z]+\d+)/([A-Z]+\d+)(\*100)?,1\)\)$')


@dataclass
class SheetTable:
    number: int
    title: str
    caption_row: int
    header: tuple[str, ...]
    rows: list[int] = field(default_factory=list)  # sheet row numbers of the data rows
    total_row: int | None = None


def open_sheet(path: Path) -> Any:
    return load_workbook(path).active


def tables_of(ws: Any) -> list[SheetTable]:
    found: list[SheetTable] = []
    current: SheetTable | None = None
    row = 1
    while row <= ws.max_row:
        value = ws.cell(row=row, column=1).value
        caption = CAPTION.match(str(value or ""))
        if caption:
            header = tuple(
                c.value for c in ws[row + 1] if c.value is not None and c.column <= ws.max_column
            )
            current = SheetTable(int(caption[1]), caption[2], row, header)
            found.append(current)
            row += 2
            continue
        if current is not None and current.total_row is None:
            if value == "合计":
                current.total_row = row
            elif value not in (None, "说明："):
                current.rows.append(row)
        row += 1
    return found


def evaluate(ws: Any, ref: str) -> Any:
    """The value Excel would show in ``ref`` (a Decimal for numbers, "—", text or None)."""
    value = ws[ref].value
    if not isinstance(value, str) or not value.startswith("="):
        return Decimal(str(value)) if isinstance(value, int | float | Decimal) else value
    summed = SUM.match(value)
    if summed:
        col, first, col2, last = summed.groups()
        assert col == col2
        total = Decimal(0)
        for row in range(int(first), int(last) + 1):
            cell = evaluate(ws, f"{col}{row}")
            total += cell if isinstance(cell, Decimal) else 0
        return total
    ratio = RATIO.match(value)
    if ratio:
        whole, part, whole2, hundred = ratio.groups()
        assert whole == whole2
        w, p = evaluate(ws, whole), evaluate(ws, part)
        if not w:
            return "—"
        scaled = p / w * (100 if hundred else 1)
        return scaled.quantize(Decimal("0.1"), ROUND_HALF_UP)
    raise AssertionError(f"unexpected formula in {ref}: {value}")
