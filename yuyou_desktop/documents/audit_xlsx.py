"""The audit log as a workbook: one row per entry, the changed fields as readable lines.

Plain rows in, a file out (written beside the destination and renamed into place)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from yuyou_desktop.documents.registers_xlsx import (
    BORDER,
    CENTER,
    HEADER_FILL,
    WRAP,
    print_setup,
    save_workbook,
)

HEADER = ("序号", "时间", "账号", "角色", "操作", "对象", "记录编号", "说明", "改动（原值 → 新值）")
WIDTHS = (8, 18, 14, 8, 10, 16, 38, 30, 70)


def write_audit(dest: Path, title: str, rows: Iterable[Sequence[object]], footer: str) -> Path:
    """``rows`` hold the nine columns of :data:`HEADER`; ``footer`` says what was exported."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("审计日志")
    for index, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A3"
    print_setup(ws, "2:2")
    title_cell = WriteOnlyCell(ws, value=title)
    title_cell.data_type = "s"
    title_cell.font = Font(bold=True, size=14)
    ws.append([title_cell])
    header = []
    for text in HEADER:
        cell = WriteOnlyCell(ws, value=text)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = CENTER
        cell.border = BORDER
        header.append(cell)
    ws.append(header)
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(ws, value=value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # text, never a formula Excel would run
            cell.alignment = WRAP
            cell.border = BORDER
            cells.append(cell)
        ws.append(cells)
    ws.append([])
    note = WriteOnlyCell(ws, value=footer)
    note.data_type = "s"
    ws.append([note])
    return save_workbook(wb, dest)
