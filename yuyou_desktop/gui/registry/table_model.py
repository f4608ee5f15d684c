"""A table model over one register that pages, sorts, searches and filters in SQL.

The model holds only the rows loaded so far (plain :class:`RecordRow` values, never ORM rows).
``canFetchMore``/``fetchMore`` load the next page of ``PAGE_SIZE`` rows when the view scrolls
to the end; a new search, filter or sort starts again from the first page.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont

from yuyou_desktop.gui.origin_filter import OriginColumn
from yuyou_desktop.gui.registry.presentation import (
    is_alert,
    is_numeric,
    sortable,
    status_colour,
)
from yuyou_desktop.services.registry.fields import display
from yuyou_desktop.services.registry.query import MAX_PAGE, ListQuery

if TYPE_CHECKING:
    from yuyou_desktop.services.registry.query import Page, RecordRow
    from yuyou_desktop.services.registry.specs import RegisterSpec

PAGE_SIZE = 200
ID_ROLE = Qt.ItemDataRole.UserRole + 1

AnyIndex = QModelIndex | QPersistentModelIndex


class RegisterTableModel(OriginColumn, QAbstractTableModel):
    """Rows of one register; ``fetch(query) -> Page`` is the service call (a small read)."""

    totalChanged = Signal(int)

    def __init__(
        self,
        spec: RegisterSpec,
        fetch: Callable[[ListQuery], Page],
        parent: QObject | None = None,
        page_size: int = PAGE_SIZE,
    ) -> None:
        super().__init__(parent)
        self.spec = spec
        self.fields = spec.fields
        self._fetch = fetch
        self.page_size = page_size
        self.search = ""
        self.filters: dict[str, Any] = {}
        self.origin_office: str | None = None  # 来源单位
        self.base_columns = len(self.fields)  # then 来源单位, when shown (OriginColumn)
        self.sort_key = spec.default_sort
        self.descending = spec.default_sort == "year"  # the latest year first
        self.total = 0
        self._rows: list[RecordRow] = []
        self._texts: list[tuple[str, ...]] = []
        self._bold = QFont()
        self._bold.setBold(True)

    # ------------------------------------------------------------ querying

    def query(self, offset: int = 0, limit: int | None = None) -> ListQuery:
        return ListQuery(
            search=self.search,
            filters=dict(self.filters),
            sort=self.sort_key,
            descending=self.descending,
            offset=offset,
            limit=limit or self.page_size,
            origin_office=self.origin_office,
        )

    def reload(self, keep_loaded: bool = False) -> None:
        """Run the query again from the first page (after a search, filter or sort).

        ``keep_loaded`` (after an edit): load as many rows as were loaded before, up to
        ``MAX_PAGE``, so that the record just edited is still in view.
        """
        limit = min(max(self.page_size, len(self._rows)), MAX_PAGE) if keep_loaded else None
        page = self._fetch(self.query(limit=limit))
        self.beginResetModel()
        self._rows = list(page.rows)
        self._texts = [self._display(row) for row in self._rows]
        self.total = page.total
        self.endResetModel()
        self.totalChanged.emit(self.total)

    def set_search(self, text: str) -> None:
        text = text.strip()
        if text != self.search:
            self.search = text
            self.reload()

    def set_filters(self, filters: Mapping[str, Any]) -> None:
        cleaned = {k: v for k, v in filters.items() if v is not None}
        if cleaned != self.filters:
            self.filters = cleaned
            self.reload()

    def set_origin(self, code: str | None) -> None:
        if code != self.origin_office:
            self.origin_office = code
            self.reload()

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self._rows) < self.total

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or len(self._rows) >= self.total:
            return
        page = self._fetch(self.query(offset=len(self._rows)))
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
        if not 0 <= column < len(self.fields) or not sortable(self.fields[column]):
            return
        key = self.fields[column].key
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) != (self.sort_key, self.descending):
            self.sort_key, self.descending = key, descending
            self.reload()

    def sort_column(self) -> int:
        for column, field in enumerate(self.fields):
            if field.key == self.sort_key:
                return column
        return -1

    # ------------------------------------------------------------ rows

    def row_at(self, row: int) -> RecordRow:
        return self._rows[row]

    def row_of(self, record_id: str) -> int:
        """The row of a loaded record, or -1."""
        for number, row in enumerate(self._rows):
            if row.id == record_id:
                return number
        return -1

    def _display(self, row: RecordRow) -> tuple[str, ...]:
        texts = tuple(display(field, row.values.get(field.key)) for field in self.fields)
        return texts + self.origin_texts(row)

    # ------------------------------------------------------------ Qt model

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.column_total()

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.fields):
            field = self.fields[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return field.label
            if role == Qt.ItemDataRole.ToolTipRole:
                return field.label if sortable(field) else f"{field.label}（不能按此列排序）"
        elif orientation == Qt.Orientation.Horizontal:
            return self.origin_header(section, role)
        elif orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return section + 1
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._texts[row][column]
        if role == ID_ROLE:
            return self._rows[row].id
        if column >= len(self.fields):
            return None
        field = self.fields[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            text = self._texts[row][column]
            return text if len(text) > 12 else None
        if role == Qt.ItemDataRole.ForegroundRole:
            return status_colour(field, self._rows[row].values.get(field.key))
        if role == Qt.ItemDataRole.FontRole:
            return self._bold if is_alert(field, self._rows[row].values.get(field.key)) else None
        if role == Qt.ItemDataRole.TextAlignmentRole and is_numeric(field):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
