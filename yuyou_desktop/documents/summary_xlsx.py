"""Summary workbooks (汇总表): one printable sheet of numbered sections of small count tables,
each closed by a 合计 row of Excel ``SUM`` formulas, and a 说明 block of definitions at the end.

Plain values in, a file out: the caller describes the sections with :class:`Section` and
:class:`Table`; nothing here knows about the database.  Written beside the destination and
renamed into place (``registers_xlsx.save_workbook``), so a failed write leaves nothing.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from yuyou_desktop.documents.registers_xlsx import (
    BORDER,
    CENTER,
    HEADER_FILL,
    WRAP,
    print_setup,
    save_workbook,
)

NUMBER_WIDTH = 11
LABEL_WIDTH = (24, 44)  # the label column grows with its longest label within these bounds
TOTAL_LABEL = "合计"
_TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
_LEFT = Alignment(horizontal="left", vertical="center")
_NUMBER = Alignment(horizontal="right", vertical="center", indent=1)


@dataclass(frozen=True)
class Table:
    """A label column and count columns.  ``rows`` hold the label then one int per count
    column.  With ``total`` the table ends in a 合计 row of ``=SUM(...)`` over the rows."""

    header: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    caption: str = ""  # a line above the table, e.g. （一）收到线索
    total: bool = True
    empty_text: str = "（无）"  # the one row shown when ``rows`` is empty
    footnote: str = ""  # a line under the table


@dataclass(frozen=True)
class Section:
    title: str  # 一、按检查类型
    tables: tuple[Table, ...]


def text_width(text: str) -> int:
    """Columns ``text`` takes in a spreadsheet: CJK and full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def write_summary(
    dest: Path,
    sheet_title: str,
    title: str,
    subtitle: str,
    sections: Sequence[Section],
    notes: Sequence[str] = (),
) -> Path:
    """Row 1 the merged title, row 2 the subtitle, then each section (bold heading, bold
    header row, counts, 合计), then 说明 with ``notes`` numbered.  A4 portrait, one page wide.
    Raises OSError when the file cannot be written (nothing is left behind then)."""
    tables = [t for s in sections for t in s.tables]
    ncols = max((len(t.header) for t in tables), default=2)
    last = get_column_letter(ncols)
    labels = [str(r[0]) for t in tables for r in t.rows] + [t.header[0] for t in tables]
    label_width = min(max(LABEL_WIDTH[0], *(text_width(x) + 3 for x in labels)), LABEL_WIDTH[1])
    line_width = label_width + NUMBER_WIDTH * (ncols - 1)

    wb = Workbook()
    ws = wb.active
    ws.title = sheet_title
    ws.column_dimensions["A"].width = label_width
    for index in range(2, ncols + 1):
        ws.column_dimensions[get_column_letter(index)].width = NUMBER_WIDTH

    def line(text: str, font: Font, alignment: Alignment, height: float | None = None) -> int:
        ws.append([text])
        row = ws.max_row
        ws.merge_cells(f"A{row}:{last}{row}")
        cell = ws.cell(row=row, column=1)
        cell.font, cell.alignment = font, alignment
        if height is not None:
            ws.row_dimensions[row].height = height
        return row

    def wrapped(text: str, font: Font) -> None:
        # a 10-point character takes ~0.9 of the width units counted for the 11-point default
        lines = max(1, math.ceil(text_width(text) * 0.9 / (line_width - 2)))
        line(text, font, WRAP, 14 * lines + 4)

    line(title, Font(bold=True, size=16), CENTER, 30)
    line(subtitle, Font(size=10), Alignment(horizontal="center", vertical="center"), 18)
    for section in sections:
        ws.append([])
        line(section.title, Font(bold=True, size=12), _LEFT, 20)
        for n, table in enumerate(section.tables):
            if n:
                ws.append([])
            if table.caption:
                line(table.caption, Font(bold=True), _LEFT)
            _table(ws, table)
            if table.footnote:
                wrapped(table.footnote, Font(size=10))
    if notes:
        ws.append([])
        line("说明：", Font(bold=True), _LEFT)
        for n, note in enumerate(notes, 1):
            wrapped(f"{n}. {note}", Font(size=10))

    print_setup(ws, "")
    ws.page_setup.orientation = "portrait"
    ws.print_area = f"A1:{last}{ws.max_row}"
    ws.sheet_view.showGridLines = False
    wb.calculation.fullCalcOnLoad = True  # the 合计 formulas have no stored values
    return save_workbook(wb, dest)


def _table(ws: Any, table: Table) -> None:
    width = len(table.header)
    ws.append(list(table.header))
    for cell in _last_row(ws, width):
        cell.font, cell.fill, cell.border = Font(bold=True), HEADER_FILL, BORDER
        cell.alignment = CENTER
    first = ws.max_row + 1
    rows = table.rows or ((table.empty_text,),)
    for values in rows:
        ws.append(list(values) + [None] * (width - len(values)))
        _body(_last_row(ws, width), bold=False)
    if not table.total:
        return
    end = ws.max_row
    total: list[Any] = [TOTAL_LABEL]
    for index in range(2, width + 1):
        letter = get_column_letter(index)
        total.append(f"=SUM({letter}{first}:{letter}{end})")
    ws.append(total)
    _body(_last_row(ws, width), bold=True)
    for cell in _last_row(ws, width):
        cell.fill = _TOTAL_FILL


def _last_row(ws: Any, width: int) -> tuple[Any, ...]:
    row = ws.max_row
    return next(ws.iter_rows(min_row=row, max_row=row, max_col=width))


def _body(cells: Sequence[Any], bold: bool) -> None:
    for index, cell in enumerate(cells):
        cell.border = BORDER
        cell.alignment = _LEFT if index == 0 else _NUMBER
        cell.number_format = "0" if index else "@"
        if bold:
            cell.font = Font(bold=True)
