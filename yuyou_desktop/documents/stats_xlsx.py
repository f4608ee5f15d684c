"""The 月报 and 年度报告 workbook: one printable sheet in the shape a county office files.

Row 1 the merged title, row 2 填报单位 / 统计期间 / 填报日期, then each numbered table
(:class:`~yuyou_desktop.documents.stat_tables.StatTable`): its caption, a header row, the data
rows, a 合计 row of ``=SUM(...)`` formulas, and each ratio (整改率, 平均分) a formula on its
own row — so the 合计's ratio comes from the 合计 cells.  Then 说明 with the definitions.

A4 (portrait, landscape when wider), one page wide, rows 1–2 repeated on every page, centred,
"第 N 页 共 M 页" in the footer.  Plain values in, a file out; written to ``FILE.partial``,
flushed to disk and renamed into place, so a failed write leaves nothing under the name.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.pagebreak import Break

from yuyou_desktop.documents.registers_xlsx import (
    BORDER,
    CENTER,
    HEADER_FILL,
    as_text,
    print_setup,
)
from yuyou_desktop.documents.report_xlsx import FOOTER, lines_in
from yuyou_desktop.documents.stat_tables import (
    DASH,
    GIVEN,
    TOTAL_LABEL,
    StatColumn,
    StatTable,
)
from yuyou_desktop.documents.summary_xlsx import text_width

TITLE_ROWS = "1:2"
LABEL_WIDTH = (18, 34)  # the label column grows with its longest label within these bounds
NUMBER_WIDTH = (10, 12)
PORTRAIT_WIDTH = 100  # wider sheets are printed landscape
_LINE = 13.5  # points per line of 10-point text
SPACER = 10.0  # the empty row between tables
DEFAULT_HEIGHT = 15.0
PAGE = (595.3, 841.9)  # A4 in points
MARGINS = (72.0, 93.6)  # left + right, top + bottom (below)
_TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
_RIGHT = Alignment(horizontal="right", vertical="center", indent=1)
_HEAD = Alignment(horizontal="center", vertical="center", wrap_text=True)


def write_stats(
    dest: Path,
    sheet_title: str,
    title: str,
    subtitle: str,
    tables: Sequence[StatTable],
    notes: Sequence[str] = (),
) -> Path:
    """Write the workbook; raises OSError when the file cannot be written (nothing is left
    behind then)."""
    ncols = 1 + max((len(t.columns) for t in tables), default=1)
    last = get_column_letter(ncols)
    widths = _widths(tables, ncols)
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_title[:31]
    for index, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(index)].width = width
    line_width = sum(widths)

    def banner(text: str, font: Font, alignment: Alignment, height: float) -> int:
        ws.append(as_text(ws, [text]))
        row = ws.max_row
        ws.merge_cells(f"A{row}:{last}{row}")
        cell = ws.cell(row=row, column=1)
        cell.font, cell.alignment = font, alignment
        ws.row_dimensions[row].height = height
        return row

    banner(title, Font(bold=True, size=16), CENTER, 32)
    banner(subtitle, Font(size=10), _HEAD, _LINE * lines_in(subtitle, line_width) + 8)
    blocks: list[tuple[int, int]] = []  # (first row, last row) kept on one printed page
    for table in tables:
        _spacer(ws)
        first = banner(table.caption, Font(bold=True, size=11), _LEFT, 22)
        _table(ws, table, widths)
        blocks.append((first, ws.max_row))
    if notes:
        _spacer(ws)
        blocks.append((banner("说明：", Font(bold=True, size=10), _LEFT, 18), 0))
        for n, note in enumerate(notes, 1):
            text = f"{n}. {note}"
            wrap = Alignment(vertical="top", wrap_text=True)
            banner(text, Font(size=10), wrap, _LINE * lines_in(text, line_width) + 4)

    if notes:
        blocks[-1] = (blocks[-1][0], ws.max_row)
    print_setup(ws, TITLE_ROWS)
    landscape = line_width > PORTRAIT_WIDTH
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    for row in page_breaks(ws, blocks, widths, landscape):
        ws.row_breaks.append(Break(id=row))
    ws.page_margins = PageMargins(left=0.5, right=0.5, top=0.6, bottom=0.7, header=0.3, footer=0.3)
    ws.oddFooter.center.text = FOOTER
    ws.oddFooter.center.size = 9
    ws.print_area = f"A1:{last}{ws.max_row}"
    ws.sheet_view.showGridLines = False
    wb.calculation.fullCalcOnLoad = True  # formulas are written without stored values
    return _save(wb, Path(dest))


def _spacer(ws: Any) -> None:
    row = ws.max_row + 1
    ws.cell(row=row, column=1)  # the next append goes below it
    ws.row_dimensions[row].height = SPACER


def _height(ws: Any, row: int) -> float:
    return ws.row_dimensions[row].height or DEFAULT_HEIGHT


def page_breaks(
    ws: Any, blocks: Sequence[tuple[int, int]], widths: Sequence[float], landscape: bool
) -> list[int]:
    """Rows after which a page should end so that no table is split when it fits on a page:
    the printed page holds ``PAGE`` less the margins, scaled by the fit to the page's width,
    less the title rows repeated on it (a rough estimate, kept on the safe side)."""
    page_w, page_h = (PAGE[1], PAGE[0]) if landscape else PAGE
    sheet_w = sum(w * 7 + 5 for w in widths) * 0.75  # Excel's character units → points
    scale = min(1.0, (page_w - MARGINS[0]) / sheet_w)
    titles = _height(ws, 1) + _height(ws, 2)
    capacity = ((page_h - MARGINS[1]) / scale - titles) * 0.93
    found: list[int] = []
    used = sum(_height(ws, r) for r in range(3, blocks[0][0])) if blocks else 0.0
    for first, last in blocks:
        height = sum(_height(ws, r) for r in range(first, last + 1))
        if used + height > capacity and used > 0 and height <= capacity:
            found.append(first - 1)
            used = 0.0
        used = (used + height) % capacity
        used += _height(ws, last + 1) if ws.max_row > last else 0.0
    return found


def _widths(tables: Sequence[StatTable], ncols: int) -> list[float]:
    labels = [t.label_header for t in tables]
    labels += [r.label for t in tables for r in t.rows]
    labels += [t.empty_text for t in tables]
    label = min(max(LABEL_WIDTH[0], *(text_width(x) + 3 for x in labels)), LABEL_WIDTH[1])
    widths = [float(label)]
    for index in range(ncols - 1):
        heads = [t.columns[index].label for t in tables if index < len(t.columns)]
        wanted = max((text_width(h) + 2 for h in heads), default=NUMBER_WIDTH[0])
        widths.append(float(min(max(NUMBER_WIDTH[0], wanted), NUMBER_WIDTH[1])))
    return widths


def _table(ws: Any, table: StatTable, widths: list[float]) -> None:
    width = 1 + len(table.columns)
    ws.append(list(table.header))
    header_row = ws.max_row
    for cell in _row_cells(ws, header_row, width):
        cell.font, cell.fill, cell.border = Font(bold=True, size=10), HEADER_FILL, BORDER
        cell.alignment = _HEAD
    lines = max(lines_in(label, widths[i]) for i, label in enumerate(table.header))
    ws.row_dimensions[header_row].height = _LINE * lines + 8
    first = header_row + 1
    if not table.rows:
        ws.append([table.empty_text])
        _style(ws, ws.max_row, table, widths, bold=False)
    for row in table.rows:
        counts = (None if c.ratio else v for c, v in zip(table.columns, row.values, strict=True))
        ws.append(as_text(ws, [row.label, *counts]))
        _ratios(ws, ws.max_row, table.columns)
        _style(ws, ws.max_row, table, widths, bold=False)
    end = ws.max_row
    if table.total is None:
        return
    values: list[Any] = [TOTAL_LABEL]
    for index, (column, value) in enumerate(zip(table.columns, table.total.values, strict=True), 2):
        letter = get_column_letter(index)
        if column.ratio:
            values.append(None)
        elif column.total == GIVEN:
            values.append(value)
        else:
            values.append(f"=SUM({letter}{first}:{letter}{end})")
    ws.append(values)
    _ratios(ws, ws.max_row, table.columns)
    _style(ws, ws.max_row, table, widths, bold=True)
    for cell in _row_cells(ws, ws.max_row, width):
        cell.fill = _TOTAL_FILL


def ratio_formula(column: StatColumn, row: int) -> str:
    """``=IF(C5=0,"—",ROUND(D5/C5*100,1))``: the ratio from two cells of the same row."""
    assert column.ratio is not None
    part = f"{get_column_letter(2 + column.ratio.part)}{row}"
    whole = f"{get_column_letter(2 + column.ratio.whole)}{row}"
    scaled = (
        f"{part}/{whole}*{column.ratio.scale}" if column.ratio.scale != 1 else f"{part}/{whole}"
    )
    return f'=IF({whole}=0,"{DASH}",ROUND({scaled},1))'


def _ratios(ws: Any, row: int, columns: Sequence[StatColumn]) -> None:
    for index, column in enumerate(columns, 2):
        if column.ratio:
            ws.cell(row=row, column=index, value=ratio_formula(column, row))


def _style(ws: Any, row: int, table: StatTable, widths: list[float], bold: bool) -> None:
    font = Font(size=10, bold=bold)
    cells = _row_cells(ws, row, 1 + len(table.columns))
    for index, cell in enumerate(cells):
        cell.font, cell.border = font, BORDER
        if index == 0:
            cell.alignment, cell.number_format = _LEFT, "@"
            continue
        column = table.columns[index - 1]
        cell.alignment = _RIGHT
        if column.ratio is not None:
            cell.number_format = '0.0"%"' if column.ratio.percent else "0.0"
        else:
            cell.number_format = "0.0" if column.decimals else "0"
    label = str(cells[0].value or "")
    ws.row_dimensions[row].height = max(20, _LINE * lines_in(label, widths[0]) + 6)


def _row_cells(ws: Any, row: int, width: int) -> tuple[Any, ...]:
    return next(ws.iter_rows(min_row=row, max_row=row, max_col=width))


def _save(wb: Workbook, dest: Path) -> Path:
    """``wb`` into ``FILE.partial`` beside ``dest``, flushed to disk, renamed over ``dest``."""
    partial = dest.with_name(dest.name + ".partial")
    try:
        wb.save(partial)
        with partial.open("rb+") as stream:
            os.fsync(stream.fileno())
        os.replace(partial, dest)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return dest
