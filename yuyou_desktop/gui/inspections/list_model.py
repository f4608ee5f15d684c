"""The inspection list as a Qt table model that filters, sorts and pages in SQL.

Like the register model (``gui/registry/table_model.py``) it keeps only the rows loaded so far
(plain :class:`InspectionRow` values); ``fetchMore`` asks the service for the next page when the
view scrolls to the end, and any change of filter or sort starts again from the first page.
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

from yuyou_desktop.gui.origin_filter import OriginColumn
from yuyou_desktop.services.inspections.query import MAX_PAGE
from yuyou_desktop.services.inspections.records import InspectionQuery, InspectionRow

if TYPE_CHECKING:
    from yuyou_desktop.services.inspections.records import InspectionPage

PAGE_SIZE = 200
ID_ROLE = Qt.ItemDataRole.UserRole + 1
OVERDUE_COLOUR = QColor("#b00020")
OPEN_COLOUR = QColor("#b26a00")
AnyIndex = QModelIndex | QPersistentModelIndex


def _time_span(row: InspectionRow) -> str:
    if row.ended_at.date() == row.started_at.date():
        return f"{row.started_at:%H:%M}–{row.ended_at:%H:%M}"
    return f"{row.started_at:%H:%M}–{row.ended_at:%m-%d %H:%M}"


# (header, sort key of the service or None, width in characters, text of a row)
COLUMNS: tuple[tuple[str, str | None, int, Callable[[InspectionRow], str]], ...] = (
    ("检查编号", "number", 12, lambda r: r.number),
    ("检查日期", "started_at", 6, lambda r: r.started_at.date().isoformat()),
    ("时间", None, 7, _time_span),
    ("检查类型", "kind", 9, lambda r: r.kind.label),
    ("重点领域", "focus_area", 5, lambda r: r.focus_area.label),
    ("被监督单位", "unit", 13, lambda r: r.unit_name),
    ("检查企业", "enterprise", 13, lambda r: r.enterprise_name),
    ("地点", "place", 10, lambda r: r.place),
    ("问题", None, 2, lambda r: str(r.problems) if r.problems else ""),
    ("未整改", None, 3, lambda r: str(r.open_problems) if r.open_problems else ""),
    ("逾期", None, 2, lambda r: str(r.overdue_problems) if r.overdue_problems else ""),
)
NUMERIC = frozenset({8, 9, 10})
OPEN_COLUMN, OVERDUE_COLUMN = 9, 10


class InspectionTableModel(OriginColumn, QAbstractTableModel):
    """``fetch(query) -> InspectionPage`` is the service call (a small read)."""

    totalChanged = Signal(int)

    def __init__(
        self,
        fetch: Callable[[InspectionQuery], InspectionPage],
        parent: QObject | None = None,
        page_size: int = PAGE_SIZE,
    ) -> None:
        super().__init__(parent)
        self._fetch = fetch
        self.page_size = page_size
        self.filters = InspectionQuery(limit=page_size)  # filters and sort; paging set per call
        self.total = 0
        self._rows: list[InspectionRow] = []
        self._texts: list[tuple[str, ...]] = []
        self._bold = QFont()
        self._bold.setBold(True)
        self.base_columns = len(COLUMNS)  # then 来源单位, when shown (OriginColumn)
        self.origin_tip = "登记这条检查记录的单位（不能按此列排序）"

    # ------------------------------------------------------------ querying

    def query(self, offset: int = 0, limit: int | None = None) -> InspectionQuery:
        return replace(self.filters, offset=offset, limit=limit or self.page_size)

    def set_query(self, query: InspectionQuery) -> None:
        """New filters (and sort): reload from the first page when anything changed."""
        wanted = replace(query, offset=0, limit=self.page_size)
        if wanted != self.filters:
            self.filters = wanted
            self.reload()

    def reload(self, keep_loaded: bool = False) -> None:
        """Query again from the first page; ``keep_loaded`` (after an edit) loads as many rows
        as were shown, so that the record just edited stays in view."""
        limit = min(max(self.page_size, len(self._rows)), MAX_PAGE) if keep_loaded else None
        page = self._fetch(self.query(limit=limit))
        self.beginResetModel()
        self._rows = list(page.rows)
        self._texts = [self._display(row) for row in self._rows]
        self.total = page.total
        self.endResetModel()
        self.totalChanged.emit(self.total)

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self._rows) < self.total

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or len(self._rows) >= self.total:
            return
        page = self._fetch(self.query(offset=len(self._rows)))
        known = {row.id for row in self._rows}
        new = [row for row in page.rows if row.id not in known]
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
        key = COLUMNS[column][1]
        assert key is not None
        descending = order == Qt.SortOrder.DescendingOrder
        self.set_query(replace(self.filters, sort=key, descending=descending))

    def sort_column(self) -> int:
        for column, (_header, key, _width, _text) in enumerate(COLUMNS):
            if key == self.filters.sort:
                return column
        return -1

    # ------------------------------------------------------------ rows

    def row_at(self, row: int) -> InspectionRow:
        return self._rows[row]

    def row_of(self, inspection_id: str) -> int:
        for number, row in enumerate(self._rows):
            if row.id == inspection_id:
                return number
        return -1

    def _display(self, row: InspectionRow) -> tuple[str, ...]:
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
        header, key, _width, _text = COLUMNS[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return header
        if role == Qt.ItemDataRole.ToolTipRole:
            tips = {
                "问题": "发现的问题数",
                "未整改": "尚未整改完成的问题数（含逾期）",
                "逾期": "超过整改期限仍未整改的问题数",
            }
            tip = tips.get(header, header)
            return tip if key else f"{tip}（不能按此列排序）"
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._texts[row][column]
        record = self._rows[row]
        if role == Qt.ItemDataRole.ToolTipRole:
            text = self._texts[row][column]
            return text if len(text) > 10 else None
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == OVERDUE_COLUMN and record.overdue_problems:
                return OVERDUE_COLOUR
            if column == OPEN_COLUMN and record.open_problems:
                return OPEN_COLOUR
            return None
        if role == Qt.ItemDataRole.FontRole:
            return self._bold if column == OVERDUE_COLUMN and record.overdue_problems else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ID_ROLE:
            return record.id
        return None
