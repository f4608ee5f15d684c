"""Report workbooks (结果汇总表 and the like): several printable sheets, each a merged title, a
subtitle, one bordered table whose header row repeats on every printed page, an optional bold
合计 row and numbered notes under the table.

Plain values in, a file out: the caller describes each sheet with :class:`Sheet` and
:class:`Column`; nothing here knows about the database.  Printed on A4 landscape, one page
wide, with "第 N 页 共 M 页" in the footer.  Written beside the destination and renamed into
place (``registers_xlsx.save_workbook``), so a failed write leaves nothing under the name.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins

from yuyou_desktop.documents.registers_xlsx import (
    BORDER,
    CENTER,
    HEADER_FILL,
    print_setup,
    save_workbook,
)
from yuyou_desktop.documents.summary_xlsx import text_width

TEXT = "text"  # left, wrapped
CENTERED = "centered"  # short words and ranks: 等次, 是/否
NUMBER = "number"  # whole numbers, right
SCORE = "score"  # points with one decimal, right (a word in its place is centred)

FOOTER = "第 &P 页 共 &N 页"
SHEET_NAME_LIMIT = 31  # Excel's limit, in UTF-16 code units
HEADER_ROW = 3
_INVALID_IN_SHEET_NAME = re.compile(r"[\\/?*\[\]:\x00-\x1f]")
_RESERVED_SHEET_NAMES = {"history"}  # Excel keeps this one for itself
_TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
_BODY_FONT = Font(size=10)
_LINE_HEIGHT = 13.5  # points per line of 10-point text
_FORMATS = {TEXT: "@", CENTERED: "@", NUMBER: "0", SCORE: "0.0"}
MAX_ROW_HEIGHT = 409  # points: Excel refuses a taller row
MAX_CELL_TEXT = 32767  # characters Excel keeps in a cell
_CUT = "……（以下超出单元格长度，从略）"


@dataclass(frozen=True)
class Column:
    label: str
    width: int  # in Excel's character units (a Chinese character takes two)
    kind: str = TEXT


@dataclass(frozen=True)
class Sheet:
    """One printed table.  ``name`` is the sheet tab wanted; :func:`sheet_names` makes it
    valid and unique.  ``rows`` hold one value per column (``str``, ``int``, ``Decimal`` or
    ``None``); a value may hold line breaks.  ``total`` is a bold last row (合计)."""

    name: str
    title: str
    subtitle: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]
    empty_text: str = "（无）"  # the one row shown when ``rows`` is empty
    total: tuple[Any, ...] | None = None
    notes: tuple[str, ...] = ()


def _utf16_cut(text: str, limit: int) -> str:
    while len(text.encode("utf-16-le")) // 2 > limit:
        text = text[:-1]
    return text


def sheet_names(wanted: Iterable[str]) -> list[str]:
    """Each wanted tab name made valid for Excel (no ``\\ / ? * [ ] :``, not blank, no
    leading or trailing apostrophe, at most 31 characters) and unique, ignoring case: a
    repeated name gets "(2)", "(3)" … within the limit."""
    names: list[str] = []
    taken: set[str] = set()
    for name in wanted:
        base = _INVALID_IN_SHEET_NAME.sub("_", name)
        base = " ".join(base.split()).strip("'").strip()
        base = _utf16_cut(base, SHEET_NAME_LIMIT).rstrip("'").strip() or "Sheet"
        if base.casefold() in _RESERVED_SHEET_NAMES:
            base += "_"
        candidate, n = base, 2
        while candidate.casefold() in taken:
            suffix = f"({n})"
            candidate = _utf16_cut(base, SHEET_NAME_LIMIT - len(suffix)) + suffix
            n += 1
        taken.add(candidate.casefold())
        names.append(candidate)
    return names


def lines_in(text: str, width: float) -> int:
    """Printed lines ``text`` takes in a wrapped cell ``width`` units wide (10-point text)."""
    usable = max(width - 1.5, 1)
    return sum(max(1, math.ceil(text_width(part) * 0.9 / usable)) for part in str(text).split("\n"))


def write_report(dest: Path, sheets: Sequence[Sheet]) -> list[str]:
    """Write ``sheets`` in order; returns the tab names used.  Raises OSError when the file
    cannot be written (nothing is left behind then)."""
    wb = Workbook()
    wb.remove(wb.active)
    names = sheet_names(s.name for s in sheets)
    for name, sheet in zip(names, sheets, strict=True):
        _sheet(wb.create_sheet(name), sheet)
    save_workbook(wb, dest)
    return names


def _sheet(ws: Any, sheet: Sheet) -> None:
    columns = sheet.columns
    last = get_column_letter(len(columns))
    widths = [c.width for c in columns]
    line_width = sum(widths)
    for index, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(index)].width = width

    def banner(row: int, text: str, font: Font, alignment: Alignment, height: float) -> None:
        ws.cell(row=row, column=1, value=text)
        ws.merge_cells(f"A{row}:{last}{row}")
        cell = ws.cell(row=row, column=1)
        cell.font, cell.alignment = font, alignment
        ws.row_dimensions[row].height = height

    banner(1, sheet.title, Font(bold=True, size=16), CENTER, 30)
    subtitle_lines = lines_in(sheet.subtitle, line_width * 10 / 11)
    banner(
        2,
        sheet.subtitle,
        Font(size=10),
        Alignment(horizontal="center", vertical="center", wrap_text=True),
        _LINE_HEIGHT * subtitle_lines + 6,
    )
    for index, column in enumerate(columns, 1):
        cell = ws.cell(row=HEADER_ROW, column=index, value=column.label)
        cell.font, cell.fill, cell.border = Font(bold=True, size=10), HEADER_FILL, BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    header_lines = max(lines_in(c.label, c.width) for c in columns)
    ws.row_dimensions[HEADER_ROW].height = _LINE_HEIGHT * header_lines + 8

    row = HEADER_ROW
    if sheet.rows:
        for values in sheet.rows:
            row += 1
            _body_row(ws, row, columns, values, bold=False)
    else:
        row += 1
        ws.cell(row=row, column=1, value=sheet.empty_text)
        ws.merge_cells(f"A{row}:{last}{row}")
        for index in range(1, len(columns) + 1):
            ws.cell(row=row, column=index).border = BORDER
        ws.cell(row=row, column=1).font = _BODY_FONT
        ws.cell(row=row, column=1).alignment = CENTER
        ws.row_dimensions[row].height = 22
    if sheet.total is not None:
        row += 1
        _body_row(ws, row, columns, sheet.total, bold=True)
        for index in range(1, len(columns) + 1):
            ws.cell(row=row, column=index).fill = _TOTAL_FILL
    if sheet.notes:
        row += 2
        banner(row, "说明：", Font(bold=True, size=10), Alignment(vertical="center"), 18)
        for n, note in enumerate(sheet.notes, 1):
            row += 1
            text = f"{n}. {note}"
            wrap = Alignment(vertical="top", wrap_text=True)
            height = min(_LINE_HEIGHT * lines_in(text, line_width) + 4, MAX_ROW_HEIGHT)
            banner(row, text, _BODY_FONT, wrap, height)

    print_setup(ws, f"{HEADER_ROW}:{HEADER_ROW}")
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.7, header=0.3, footer=0.3)
    ws.oddFooter.center.text = FOOTER
    ws.oddFooter.center.size = 9
    ws.print_area = f"A1:{last}{row}"
    ws.freeze_panes = f"A{HEADER_ROW + 1}"


def _body_row(ws: Any, row: int, columns: Sequence[Column], values: Sequence[Any], bold: bool):
    font = Font(size=10, bold=bold)
    lines = 1
    for index, (column, value) in enumerate(zip(columns, values, strict=True), 1):
        if isinstance(value, str) and len(value) > MAX_CELL_TEXT:
            value = value[: MAX_CELL_TEXT - len(_CUT)] + _CUT
        cell = ws.cell(row=row, column=index, value=value)
        cell.font, cell.border = font, BORDER
        numeric = isinstance(value, int | Decimal) and not isinstance(value, bool)
        if column.kind in (NUMBER, SCORE) and numeric:
            cell.number_format = _FORMATS[column.kind]
            cell.alignment = Alignment(horizontal="right", vertical="center", indent=1)
        elif column.kind == TEXT:
            cell.alignment = Alignment(horizontal="left", vertical="center", wrap_text=True)
        else:
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        if value is not None and not numeric:
            lines = max(lines, lines_in(str(value), column.width))
    ws.row_dimensions[row].height = min(max(20, _LINE_HEIGHT * lines + 6), MAX_ROW_HEIGHT)
