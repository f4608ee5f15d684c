"""How the 数据同步 tab shows things: read-only tables filled row by row, local times, sizes,
ranges of change numbers, office names, and the fields of a conflicting record in Chinese."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtGui import QBrush, QColor, QFont, QFontDatabase
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from yuyou_desktop.domain.enums import OfficeRole

# the words of a conflicting record's fields, shared with the command line
from yuyou_desktop.services.sync.labels import (  # noqa: F401 - used by the panels
    field_label,
    field_value,
    local_time,
    stored_time,
)

RED = "#b00020"
AMBER = "#a85d00"
GREY = "#6b6b6b"
RED_BACKGROUND = "#fde8eb"
AMBER_BACKGROUND = "#fff3d9"
WARN_STYLE = f"color: {RED};"
WIDEST = 26  # characters: a wider cell is cut, its tooltip has it all
NARROWEST = 4


@dataclass(frozen=True)
class Cell:
    """A table cell with an optional text colour, background and tooltip."""

    text: str
    colour: str | None = None
    background: str | None = None
    tip: str = ""


def make_table(headers: Sequence[str], name: str, stretch: int = -1) -> QTableWidget:
    """A read-only table whose ``stretch`` column (the last by default) takes the room left."""
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
    table.setWordWrap(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    stretch = stretch % len(headers)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    table.setProperty("stretchColumn", stretch)
    table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    return table


def fill(table: QTableWidget, rows: Sequence[Sequence[str | Cell]]) -> None:
    """Replace the table's rows; a plain string cell gets its own text as tooltip."""
    table.clearSelection()
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            cell = value if isinstance(value, Cell) else Cell(value)
            item = QTableWidgetItem(cell.text)
            item.setToolTip(cell.tip or cell.text)
            if cell.colour:
                item.setForeground(QBrush(QColor(cell.colour)))
            if cell.background:
                item.setBackground(QBrush(QColor(cell.background)))
            table.setItem(r, c, item)
    char = table.fontMetrics().horizontalAdvance("中")
    stretch = table.property("stretchColumn")
    for column in range(table.columnCount()):
        if column == stretch:  # takes the room left
            continue
        table.resizeColumnToContents(column)
        width = min(table.columnWidth(column), WIDEST * char)
        table.setColumnWidth(column, max(width, NARROWEST * char))


def texts(table: QTableWidget, column: int) -> list[str]:
    return [table.item(row, column).text() for row in range(table.rowCount())]


def big_font(base: QFont, monospace: bool = True) -> QFont:
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont) if monospace else base
    font.setPointSizeF(max(base.pointSizeF(), 9.0) * 1.5)
    font.setBold(True)
    return font


# ---------------------------------------------------------------- values


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} 字节"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def seq_range(first: int, last: int) -> str:
    return f"第{first}号" if first == last else f"第{first}–{last}号"


def short_id(package_id: str | None) -> str:
    """The random end of a package id (the start of a UUIDv7 is the time, alike for all)."""
    return package_id[-8:] if package_id else ""


def role_label(role: str) -> str:
    try:
        return OfficeRole(role).label
    except ValueError:
        return role


def office_label(code: str, names: dict[str, str], own_code: str) -> str:
    if not code:
        return ""
    name = names.get(code)
    if code == own_code:
        return f"{name}（本单位）" if name else "本单位"
    return f"{name}（{code}）" if name else code
