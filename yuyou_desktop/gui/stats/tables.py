"""The tables of the 统计 view: a label column, the measure columns of one kind of figure
(inspections, leads, case files, registers) and a 合计 row at the bottom.  A number cell is
opened (double click or Enter) as the :class:`Drill` of its measure, the table's dimension and
the row's key; the 合计 row as dimension ``all``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from yuyou_desktop.services.reports.figures import Counts, Drill, Line, percent_text

ALERT_COLOUR = QColor("#b00020")
TOTAL_BACKGROUND = QColor("#eef2f7")
TOTAL_LABEL = "合计"
RESIZE_PRECISION = 50  # rows measured to fit the columns (the table by unit may be long)
AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    """A measure column: ``value(counts)`` an int (a count, opened as ``measure``) or a
    Decimal/None shown as per cent (``percent``) or as a score."""

    title: str
    value: Callable[[Any], Any]
    measure: str | None = None  # the Drill measure; None: not a count, nothing to open
    percent: bool = False
    alert: bool = False  # a non-zero count is shown in red
    tip: str = ""


def _mean_text(value: Decimal | None) -> str:
    return "—" if value is None else str(value)


INSPECTION_COLUMNS = (
    Column("检查次数", lambda c: c.inspections, "inspections.inspections"),
    Column("发现问题", lambda c: c.problems, "inspections.problems"),
    Column("已整改", lambda c: c.rectified, "inspections.rectified"),
    Column("未整改", lambda c: c.unrectified, "inspections.unrectified"),
    Column("逾期未整改", lambda c: c.overdue, "inspections.overdue", alert=True),
    Column("整改率", lambda c: c.rate, percent=True, tip="已整改问题 ÷ 发现问题"),
)
LEAD_COLUMNS = (
    Column("收到线索", lambda c: c.received, "leads.received"),
    Column("已移送", lambda c: c.transferred, "leads.transferred"),
    Column("已办结", lambda c: c.closed, "leads.closed"),
    Column("未办结", lambda c: c.pending, "leads.pending"),
    Column("逾期", lambda c: c.overdue, "leads.overdue", alert=True),
)
GRADE_COLUMNS = (Column("案卷数", lambda c: c.files, "reviews.files"),)
REVIEW_COLUMNS = (
    Column("案卷数", lambda c: c.files, "reviews.files"),
    Column("平均分", lambda c: c.mean, tip="定稿案卷最终得分的平均"),
)
REGISTER_COLUMNS = (
    Column("证件即将到期", lambda c: c.expiring, "registers.expiring", alert=True),
    Column("证件已过期", lambda c: c.expired, "registers.expired", alert=True),
    Column("未备案单位", lambda c: c.unfiled, "registers.unfiled", alert=True),
    Column(
        "超上限企业",
        lambda c: c.over_cap,
        "registers.over_cap",
        alert=True,
        tip="合计按全部单位的检查次数计算，一家企业只计一次",
    ),
)


class FigureModel(QAbstractTableModel):
    """``lines`` then the 合计 row (``total``: the Dashboard's own total, since some figures —
    超上限企业 — do not add up across offices)."""

    def __init__(
        self,
        label_title: str,
        columns: Sequence[Column],
        dimension: str,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.label_title = label_title
        self.columns = tuple(columns)
        self.dimension = dimension
        self.lines: tuple[Line, ...] = ()
        self.total: Counts | None = None
        self._texts: list[tuple[str, ...]] = []
        self._values: list[tuple[Any, ...]] = []
        self._bold = QFont()
        self._bold.setBold(True)

    def set_lines(self, lines: Sequence[Line], total: Counts) -> None:
        self.beginResetModel()
        self.lines = tuple(lines)
        self.total = total
        rows = [(line.label or "", line.counts) for line in self.lines]
        rows.append((TOTAL_LABEL, total))
        self._values = [tuple(c.value(counts) for c in self.columns) for _l, counts in rows]
        self._texts = [
            (label, *(self._text(c, v) for c, v in zip(self.columns, values, strict=True)))
            for (label, _c), values in zip(rows, self._values, strict=True)
        ]
        self.endResetModel()

    @staticmethod
    def _text(column: Column, value: Any) -> str:
        if column.percent:
            return percent_text(value)
        if column.measure is None:
            return _mean_text(value)
        return str(value)

    def is_total(self, row: int) -> bool:
        return row == len(self.lines)

    def value_at(self, row: int, column: int) -> Any:
        """The figure of a measure cell (column 0 is the label)."""
        return self._values[row][column - 1]

    def drill_at(self, row: int, column: int) -> Drill | None:
        if not 0 <= row < len(self._values) or not 1 <= column <= len(self.columns):
            return None
        measure = self.columns[column - 1].measure
        if measure is None:
            return None
        if self.is_total(row):
            return Drill(measure)
        return Drill(measure, self.dimension, self.lines[row].key or "")

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._texts)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns) + 1

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section <= len(self.columns):
            return None
        column = self.columns[section - 1] if section else None
        if role == Qt.ItemDataRole.DisplayRole:
            return column.title if column else self.label_title
        if role == Qt.ItemDataRole.ToolTipRole and column is not None:
            return column.tip or None
        if role == Qt.ItemDataRole.TextAlignmentRole and column is not None:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._texts[row][column]
        total = self.is_total(row)
        if role == Qt.ItemDataRole.FontRole and total:
            return self._bold
        if role == Qt.ItemDataRole.BackgroundRole and total:
            return TOTAL_BACKGROUND
        if column == 0:
            if role == Qt.ItemDataRole.ToolTipRole:
                return self._texts[row][0] if len(self._texts[row][0]) > 8 else None
            return None
        spec = self.columns[column - 1]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and spec.alert and self.value_at(row, column):
            return ALERT_COLOUR
        if role == Qt.ItemDataRole.ToolTipRole:
            if spec.measure is not None:
                return "双击列出这些记录"
            return spec.tip or None
        return None


class FigureTable(QTableView):
    """A figure table; ``opened(Drill)`` on a double click or Enter on a number."""

    opened = Signal(object)

    def __init__(self, model: FigureModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.figures = model
        model.setParent(self)
        self.setModel(model)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTabKeyNavigation(False)
        vertical = self.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(48)
        header.setResizeContentsPrecision(RESIZE_PRECISION)
        self.doubleClicked.connect(self._open)

    def _open(self, index: QModelIndex) -> None:
        drill = self.figures.drill_at(index.row(), index.column())
        if drill is not None:
            self.opened.emit(drill)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self._open(self.currentIndex())
            return
        super().keyPressEvent(event)

    def cell_text(self, row: int, column: int) -> str:
        return str(self.figures.index(row, column).data())

    def row_of(self, label: str) -> int:
        """The row whose label is ``label`` (-1 when none)."""
        for row in range(self.figures.rowCount()):
            if self.cell_text(row, 0) == label:
                return row
        return -1
