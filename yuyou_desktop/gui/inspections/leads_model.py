"""The list of leads (投诉举报/线索) as a Qt table model that filters, sorts and pages in SQL.

Like the register model (``gui/registry/table_model.py``) it keeps only the rows loaded so far
(plain :class:`LeadRow` values); ``fetchMore`` asks ``LeadService.list`` for the next page when
the view scrolls to the end, and any change of filter, search or sort starts again from the
first page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont

from yuyou_desktop.domain.enums import LeadStatus
from yuyou_desktop.gui.origin_filter import OriginColumn
from yuyou_desktop.services.inspections.leads_query import MAX_PAGE, LeadQuery

if TYPE_CHECKING:
    from yuyou_desktop.services.inspections.leads_query import LeadPage, LeadRow

PAGE_SIZE = 200
ID_ROLE = Qt.ItemDataRole.UserRole + 1
OVERDUE_COLOUR = QColor("#b00020")
CLOSED_COLOUR = QColor("#2e7d32")
AnyIndex = QModelIndex | QPersistentModelIndex


def first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return ""


def transfers_text(row: LeadRow) -> str:
    """Short: “纪检监察机关·已反馈”, several joined by “；”."""
    return "；".join(f"{t.target_label}·{t.status_label}" for t in row.transfers)


def transfers_tip(row: LeadRow) -> str:
    lines = []
    for t in row.transfers:
        organ = f"（{t.organ_name}）" if t.organ_name else ""
        remark = f"：{t.remark}" if t.remark else ""
        lines.append(
            f"{t.transferred_on.isoformat()} 移送{t.target_label}{organ}，{t.status_label}{remark}"
        )
    return "\n".join(lines)


def _date(value: Any) -> str:
    return value.isoformat() if value is not None else ""


# (header, sort key of LeadService or None, width in characters, text of a row)
COLUMNS: tuple[tuple[str, str | None, int, Callable[[LeadRow], str]], ...] = (
    ("收到日期", "received_on", 10, lambda r: r.received_on.isoformat()),
    ("来源", "source", 10, lambda r: r.source_label),
    ("内容", None, 30, lambda r: first_line(r.content)),
    ("涉及单位", None, 26, lambda r: r.unit_name),
    ("承办人", "handler", 7, lambda r: r.handler),
    ("办理期限", "deadline", 10, lambda r: _date(r.deadline)),
    ("办理状态", "status", 8, lambda r: r.status_label),
    ("移送", None, 16, transfers_text),
    ("关联检查", None, 16, lambda r: r.inspection_number),
)
CONTENT_COLUMN = 2
DEADLINE_COLUMN = 5
STATUS_COLUMN = 6
TRANSFER_COLUMN = 7


class LeadTableModel(OriginColumn, QAbstractTableModel):
    """Rows of ``LeadService.list``; ``fetch(query) -> LeadPage`` is that (small) read."""

    totalChanged = Signal(int)

    def __init__(
        self,
        fetch: Callable[[LeadQuery], LeadPage],
        parent: QObject | None = None,
        page_size: int = PAGE_SIZE,
    ) -> None:
        super().__init__(parent)
        self._fetch = fetch
        self.page_size = page_size
        self.filters = LeadQuery(limit=page_size)  # filters, search and sort; no paging
        self.total = 0
        self._rows: list[LeadRow] = []
        self._texts: list[tuple[str, ...]] = []
        self._bold = QFont()
        self._bold.setBold(True)
        self.base_columns = len(COLUMNS)  # then 来源单位, when shown (OriginColumn)
        self.origin_tip = "登记这条线索的单位（不能按此列排序）"

    # ------------------------------------------------------------ querying

    @property
    def narrowed(self) -> bool:
        f = self.filters
        return bool(f.search or f.source or f.status or f.date_from or f.date_to or f.origin_office)

    @property
    def descending(self) -> bool:
        return self.filters.descending

    def reload(self, keep_loaded: bool = False) -> None:
        """Query again from the first page; ``keep_loaded`` (after an edit) loads as many rows
        as were loaded before, up to ``MAX_PAGE``, so that the lead just edited stays in view."""
        limit = min(max(self.page_size, len(self._rows)), MAX_PAGE) if keep_loaded else None
        page = self._fetch(replace(self.filters, offset=0, limit=limit or self.page_size))
        self.beginResetModel()
        self._rows = list(page.rows)
        self._texts = [self._display(row) for row in self._rows]
        self.total = page.total
        self.endResetModel()
        self.totalChanged.emit(self.total)

    def set_filters(self, **changes: Any) -> None:
        """Change filters or search (``LeadQuery`` fields) and query again if they differ."""
        wanted = replace(self.filters, **changes)
        if wanted != self.filters:
            self.filters = wanted
            self.reload()

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self._rows) < self.total

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or len(self._rows) >= self.total:
            return
        page = self._fetch(replace(self.filters, offset=len(self._rows), limit=self.page_size))
        known = {row.id for row in self._rows}
        new = [row for row in page.rows if row.id not in known]  # rows moved by a change
        if page.total != self.total:
            self.total = page.total
            self.totalChanged.emit(self.total)
        if not new:
            self.total = len(self._rows)  # nothing more to show: stop asking
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
        self._rows.extend(new)
        self._texts.extend(self._display(row) for row in new)
        self.endInsertRows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS) or COLUMNS[column][1] is None:
            return
        self.set_filters(sort=COLUMNS[column][1], descending=order == Qt.SortOrder.DescendingOrder)

    def sort_column(self) -> int:
        for column, (_header, key, _width, _text) in enumerate(COLUMNS):
            if key == self.filters.sort:
                return column
        return -1

    # ------------------------------------------------------------ rows

    def row_at(self, row: int) -> LeadRow:
        return self._rows[row]

    def row_of(self, lead_id: str) -> int:
        """The row of a loaded lead, or -1."""
        for number, row in enumerate(self._rows):
            if row.id == lead_id:
                return number
        return -1

    def _display(self, row: LeadRow) -> tuple[str, ...]:
        return tuple(text(row) for _header, _key, _width, text in COLUMNS) + self.origin_texts(row)

    # ------------------------------------------------------------ Qt model

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.column_total()

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and section == len(COLUMNS):
            return self.origin_header(section, role)
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        header, key = COLUMNS[section][0], COLUMNS[section][1]
        if role == Qt.ItemDataRole.DisplayRole:
            return header
        if role == Qt.ItemDataRole.ToolTipRole:
            return header if key else f"{header}（不能按此列排序）"
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._texts[index.row()][column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(index.row(), column)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == DEADLINE_COLUMN and row.overdue:
                return OVERDUE_COLOUR
            if column == STATUS_COLUMN and row.status == LeadStatus.CLOSED.value:
                return CLOSED_COLOUR
            return None
        if role == Qt.ItemDataRole.FontRole:
            return self._bold if column == DEADLINE_COLUMN and row.overdue else None
        if role == ID_ROLE:
            return row.id
        return None

    def _tooltip(self, number: int, column: int) -> str | None:
        row = self._rows[number]
        if column == CONTENT_COLUMN:
            return row.content
        if column == DEADLINE_COLUMN and row.overdue:
            return "已超过办理期限，尚未办结"
        if column == TRANSFER_COLUMN:
            return transfers_tip(row) or None
        text = self._texts[number][column]
        return text if len(text) > 10 else None
