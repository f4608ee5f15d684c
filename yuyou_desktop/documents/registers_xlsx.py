"""Register workbooks: the export a county office files, the import template, the error report.

Plain values in, a file out.  Callers describe the columns with :class:`Column` and hand over
rows of cell values (``str``, ``int``, ``float``, ``date`` or ``None``); nothing here knows
about the database.  Every workbook is written beside its destination and renamed into place,
so a failed or cancelled write never leaves half a file under the chosen name.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties

TEXT = "text"
NUMBER = "number"
DATE = "date"
CHOICE = "choice"
BOOL = "bool"

DATE_FORMAT = "yyyy-mm-dd"
TEXT_FORMAT = "@"
INSTRUCTIONS_SHEET = "填写说明"
CHOICES_SHEET = "可选值"
ERROR_SHEET = "错误报告"
TEMPLATE_FILENAME = "导入模板.xlsx"
BOOL_CHOICES = ("是", "否")
PAPER_A4 = "9"  # the paperSize code of A4 in SpreadsheetML
LAST_ROW = 1048576  # Excel's last row: drop-downs cover every row a clerk may fill

HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
_REQUIRED_FILL = PatternFill("solid", fgColor="F8D7C8")
_THIN = Side(style="thin", color="999999")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
CENTER = Alignment(horizontal="center", vertical="center")
WRAP = Alignment(vertical="top", wrap_text=True)


@dataclass(frozen=True)
class Column:
    """One column of a register workbook, described in plain values."""

    label: str
    kind: str = TEXT  # TEXT, NUMBER, DATE, CHOICE or BOOL
    width: int = 14
    required: bool = False
    choices: tuple[str, ...] = ()  # CHOICE: the allowed labels (BOOL: 是/否 implied)
    strict: bool = True  # the drop-down refuses values outside ``choices``
    note: str = ""  # format and meaning, for the instructions sheet


def save_workbook(wb: Workbook, dest: Path) -> Path:
    """Write ``wb`` next to ``dest`` and rename it into place (raises OSError)."""
    dest = Path(dest)
    partial = dest.with_name(dest.name + ".partial")
    try:
        wb.save(partial)
        os.replace(partial, dest)
    except BaseException:
        partial.unlink(missing_ok=True)
        _close_streams(wb)
        raise
    return dest


def _close_streams(wb: Workbook) -> None:
    """Finish the streamed sheets of a write-only workbook that could not be saved."""
    if not wb.write_only:
        return
    for ws in wb.worksheets:
        if not ws.closed:
            ws.close()


def print_setup(ws: Any, title_rows: str) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = PAPER_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    if title_rows:
        ws.print_title_rows = title_rows
    ws.print_options.horizontalCentered = True


def as_text(ws: Any, values: Sequence[Any]) -> list[Any]:
    """``values`` for ``ws.append``, with any text that starts with "=" kept as text: openpyxl
    would store it as a formula (a unit named ``=HYPERLINK(…)`` must stay a name)."""
    return [_text_cell(ws, v) if isinstance(v, str) and v.startswith("=") else v for v in values]


def _text_cell(ws: Any, value: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=value)
    cell.data_type = "s"
    return cell


def _styled(ws: Any, value: Any, font: Font, alignment: Alignment | None = None) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=value)
    cell.font = font
    if alignment is not None:
        cell.alignment = alignment
    return cell


def write_register(
    dest: Path,
    title: str,
    subtitle: str,
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    row_count: int | None = None,
) -> int:
    """A register export: the sheet is named ``title``; row 1 is the merged title
    (``title`` + 登记表), row 2 ``subtitle`` (office, date, count), row 3 the bold, frozen
    header; data from row 4.  Streams ``rows`` (write-only), so 100,000 rows are fine.
    Returns how many data rows were written.

    ``row_count``, when the caller knows it, is written as the sheet's size up front: readers
    (openpyxl's read-only mode among them) then need not scan the whole sheet to learn it.
    Fewer or more rows than announced is an error and nothing is saved.
    """
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title)
    last = get_column_letter(len(columns))
    if row_count is not None:
        size = f"A1:{last}{row_count + 3}"
        ws.calculate_dimension = lambda: size  # what openpyxl writes as <dimension>
    for index, column in enumerate(columns, 1):
        ws.column_dimensions[get_column_letter(index)].width = column.width + 2
    ws.merged_cells.add(f"A1:{last}1")
    ws.merged_cells.add(f"A2:{last}2")
    ws.freeze_panes = "A4"
    print_setup(ws, "3:3")
    ws.append([_styled(ws, f"{title}登记表", Font(bold=True, size=16), CENTER)])
    ws.append([_styled(ws, subtitle, Font(size=10), Alignment(horizontal="right"))])
    header = []
    for column in columns:
        cell = _styled(ws, column.label, Font(bold=True), CENTER)
        cell.fill = HEADER_FILL
        cell.border = BORDER
        header.append(cell)
    ws.append(header)
    count = 0
    try:
        for row in rows:
            ws.append(as_text(ws, row))
            count += 1
        if row_count is not None and count != row_count:
            raise RuntimeError(f"{count} rows written, {row_count} announced")
    except BaseException:
        _close_streams(wb)  # nothing is saved; the streamed sheet is finished and dropped
        raise
    save_workbook(wb, dest)
    return count


def write_template(
    dest: Path, title: str, columns: Sequence[Column], matching: str, notes: Sequence[str] = ()
) -> Path:
    """The import template: a sheet named ``title`` whose row 1 is exactly the header the
    importer reads (required columns shaded), drop-downs on choice and yes/no columns, and a
    填写说明 sheet listing every column.  ``matching`` says how rows meet existing records."""
    wb = Workbook()
    ws = wb.active
    ws.title = title
    lists = wb.create_sheet(CHOICES_SHEET)
    lists.sheet_state = "hidden"
    list_column = 0
    for index, column in enumerate(columns, 1):
        letter = get_column_letter(index)
        cell = ws.cell(row=1, column=index, value=column.label)
        cell.font = Font(bold=True)
        cell.fill = _REQUIRED_FILL if column.required else HEADER_FILL
        cell.border = BORDER
        cell.alignment = CENTER
        ws.column_dimensions[letter].width = column.width + 2
        if column.kind == TEXT:
            # long codes typed into a general cell would become numbers and lose digits
            ws.column_dimensions[letter].number_format = TEXT_FORMAT
        elif column.kind == DATE:
            ws.column_dimensions[letter].number_format = DATE_FORMAT
        choices = BOOL_CHOICES if column.kind == BOOL else column.choices
        if column.kind in (CHOICE, BOOL) and choices:
            list_column += 1
            list_letter = get_column_letter(list_column)
            lists.cell(row=1, column=list_column, value=column.label)
            for offset, choice in enumerate(choices, 2):
                lists.cell(row=offset, column=list_column, value=choice)
            source = (
                f"{quote_sheetname(CHOICES_SHEET)}!"
                f"${list_letter}$2:${list_letter}${len(choices) + 1}"
            )
            strict = column.strict or column.kind == BOOL
            validation = DataValidation(
                type="list",
                formula1=source,
                allow_blank=not column.required,
                showErrorMessage=True,
                errorStyle="stop" if strict else "warning",
                errorTitle=column.label,
                error=f"请从下拉列表中选择{column.label}。",
                promptTitle=column.label,
                prompt="从下拉列表中选择",
                showInputMessage=True,
            )
            validation.add(f"{letter}2:{letter}{LAST_ROW}")
            ws.add_data_validation(validation)
    ws.freeze_panes = "A2"
    print_setup(ws, "1:1")
    _instructions(wb.create_sheet(INSTRUCTIONS_SHEET), title, columns, matching, notes)
    wb.active = 0
    return save_workbook(wb, dest)


def _instructions(
    ws: Any, title: str, columns: Sequence[Column], matching: str, notes: Sequence[str]
) -> None:
    ws.append([f"“{title}”导入模板填写说明"])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([])
    general = [
        f"1. 在“{title}”工作表第1行表头下方逐行填写，每行一条记录；不要修改表头文字。",
        "2. 日期写成 2026-03-01（也可写 2026/3/1、2026年3月1日，或使用 Excel 日期格式）。",
        "3. 身份证号、统一社会信用代码等长数字请按文字填写，以免 Excel 改动末几位。",
        f"4. 匹配规则：{matching}",
        "5. 导入要么全部成功，要么一条也不写入：只要有一行出错，程序会列出"
        "（工作表，行号，列，原因），改正后重新导入即可。可先“试导入”查看将新增和更新的记录。",
        "6. 导出的登记表也可以直接导入：标题行会被跳过，“状态”等由程序计算的列会被忽略。",
        *notes,
    ]
    for line in general:
        ws.append([line])
        row = ws.max_row  # a sentence spans the four columns and wraps within them
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
        ws.cell(row=row, column=1).alignment = WRAP
        ws.row_dimensions[row].height = 16 * (1 + len(line) // 60)
    ws.append(["列名", "是否必填", "填写格式", "可选值"])
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.border = BORDER
    for column in columns:
        choices = BOOL_CHOICES if column.kind == BOOL else column.choices
        listed = column.kind == BOOL or (column.kind == CHOICE and column.strict)
        allowed = "、".join(choices) if listed else ""
        ws.append([column.label, "必填" if column.required else "选填", column.note, allowed])
        longest = max(len(column.note or ""), len(allowed))
        ws.row_dimensions[ws.max_row].height = 16 * (1 + longest // 22)  # ~22 汉字 per line
        for cell in ws[ws.max_row]:
            cell.alignment = WRAP
            cell.border = BORDER
    for letter, width in zip("ABCD", (22, 10, 48, 48), strict=True):
        ws.column_dimensions[letter].width = width
    print_setup(ws, "")
    ws.page_setup.orientation = "portrait"


def write_error_report(
    dest: Path, source_name: str, problems: Iterable[tuple[str, int, str, str]]
) -> Path:
    """The problems found in an import: one row per (工作表, 行号, 列, 原因)."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(ERROR_SHEET)
    for letter, width in zip("ABCD", (16, 8, 20, 70), strict=True):
        ws.column_dimensions[letter].width = width
    ws.merged_cells.add("A1:D1")
    ws.freeze_panes = "A3"
    print_setup(ws, "2:2")
    ws.append([_styled(ws, f"导入错误报告：{source_name}", Font(bold=True, size=14), CENTER)])
    header = []
    for label in ("工作表", "行号", "列", "原因"):
        cell = _styled(ws, label, Font(bold=True), CENTER)
        cell.fill = HEADER_FILL
        cell.border = BORDER
        header.append(cell)
    ws.append(header)
    for sheet, row, column, reason in problems:
        ws.append([sheet, row, column, reason])
    return save_workbook(wb, dest)
