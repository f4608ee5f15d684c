"""The letter archive as a Qt table model: filtered, sorted and paged in SQL by
``LetterService.list``; only the rows loaded so far are kept (plain ``LetterRow`` values)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor

from yuyou_desktop.gui.origin_filter import OriginColumn
from yuyou_desktop.services.letters.records import LetterPage, LetterQuery, LetterRow

PAGE_SIZE = 200
ID_ROLE = Qt.ItemDataRole.UserRole + 1
OVERDUE_COLOUR = QColor("#b00020")
MUTED_COLOUR = QColor("#777777")
AnyIndex = QModelIndex | QPersistentModelIndex


def _day(value) -> str:
    return value.isoformat() if value else ""


# (header, sort key or None, text of a row)
COLUMNS: tuple[tuple[str, str | None, Callable[[LetterRow], str]], ...] = (
    ("文号", "number", lambda r: r.number or "（草稿）"),
    ("状态", "status", lambda r: r.status_label),
    ("主送", "recipient", lambda r: r.recipient),
    ("文书种类", "type", lambda r: r.type_name),
    ("标题", "title", lambda r: r.title),
    ("签发日期", "issued_on", lambda r: _day(r.issued_on)),
    ("送达日期", "served_on", lambda r: _day(r.served_on)),
    ("回复期限", "due_on", lambda r: _day(r.due_on)),
)
STATUS_COLUMN, DUE_COLUMN = 1, 7


class LettersModel(OriginColumn, QAbstractTableModel):
    totalChanged = Signal(int)

    def __init__(
        self, fetch: Callable[[LetterQuery], LetterPage], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._fetch = fetch
        self.filters = LetterQuery(limit=PAGE_SIZE)
        self.total = 0
        self._rows: list[LetterRow] = []
        self.base_columns = len(COLUMNS)  # then 来源单位, when shown (OriginColumn)
        self.origin_tip = "制发这份文书的单位"

    def set_query(self, query: LetterQuery) -> None:
        wanted = replace(query, offset=0, limit=PAGE_SIZE)
        if wanted != self.filters:
            self.filters = wanted
            self.reload()

    def reload(self) -> None:
        limit = max(PAGE_SIZE, len(self._rows))
        page = self._fetch(replace(self.filters, offset=0, limit=limit))
        self.beginResetModel()
        self._rows = list(page.rows)
        self.total = page.total
        self.endResetModel()
        self.totalChanged.emit(self.total)

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self._rows) < self.total

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or len(self._rows) >= self.total:
            return
        page = self._fetch(replace(self.filters, offset=len(self._rows), limit=PAGE_SIZE))
        known = {row.id for row in self._rows}
        new = [row for row in page.rows if row.id not in known]
        if not new:
            self.total = len(self._rows)
            return
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(new) - 1)
        self._rows.extend(new)
        self.endInsertRows()

    def row_at(self, row: int) -> LetterRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, letter_id: str) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == letter_id), -1)

    # ------------------------------------------------------------ Qt model

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.column_total()

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and section >= len(COLUMNS):
            return self.origin_header(section, role)
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][0]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index.row())
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() >= len(COLUMNS):
                return "".join(self.origin_texts(row))
            return COLUMNS[index.column()][2](row)
        if role == ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.overdue and index.column() in (STATUS_COLUMN, DUE_COLUMN):
                return OVERDUE_COLOUR
            if row.status in ("voided", "draft"):
                return MUTED_COLOUR
        if role == Qt.ItemDataRole.ToolTipRole and row.status == "voided":
            return "已作废：文号保留，不再使用"
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """By the column's key; column -1 (no header chosen) is the default: the letters
        changed last first."""
        key = COLUMNS[column][1] if 0 <= column < len(COLUMNS) else "updated"
        if column == len(COLUMNS) and self.origin_name is not None:
            key = "origin"
        descending = order == Qt.SortOrder.DescendingOrder or key == "updated"
        self.set_query(replace(self.filters, sort=key, descending=descending))
