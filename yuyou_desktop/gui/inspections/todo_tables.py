"""The compact tables of the 待办 view: one section per bucket (heading with the count, a note
when the list was cut, the rows), for problems and for leads.

A row is opened by a double click or Enter; the section emits ``opened(row)`` with the plain
``ProblemTodo``/``LeadTodo`` value.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from yuyou_desktop.services.inspections.todo import LeadTodo, ProblemTodo

OVERDUE_COLOUR = QColor("#b00020")
DUE_SOON_COLOUR = QColor("#b85c00")
NOTE_STYLE = "color: #6b6b6b;"
HEADING_STYLE = "font-weight: bold; font-size: 11pt;"
MAX_VISIBLE_ROWS = 8
STRETCH_MIN_CHARS = 30  # the problem or the lead's excerpt, in digits
AnyIndex = QModelIndex | QPersistentModelIndex
# (header, width in characters or 0 to stretch, text of a row)
Column = tuple[str, int, Callable[[Any], str]]


def _oneline(text: str) -> str:
    return " ".join(text.split())


def days_text(days: int, overdue: bool) -> str:
    if overdue:
        return f"{days} 天"
    return "今天到期" if days == 0 else f"{days} 天"


def problem_columns(overdue: bool) -> tuple[Column, ...]:
    return (
        ("检查编号", 17, lambda p: p.inspection_number),
        ("被监督单位", 24, lambda p: p.unit_name),
        ("问题类别", 12, lambda p: p.category_label),
        ("问题", 0, lambda p: _oneline(p.description)),
        ("整改期限", 10, lambda p: p.deadline.isoformat()),
        ("逾期天数" if overdue else "剩余天数", 8, lambda p: days_text(p.days, overdue)),
        ("状态", 7, lambda p: p.status_label),
    )


def lead_columns(overdue: bool) -> tuple[Column, ...]:
    return (
        ("收到日期", 10, lambda r: r.received_on.isoformat()),
        ("来源", 10, lambda r: r.source_label),
        ("内容摘要", 0, lambda r: r.excerpt),
        ("承办人", 7, lambda r: r.handler),
        ("涉及单位", 24, lambda r: r.unit_name),
        ("办理期限", 10, lambda r: r.deadline.isoformat()),
        ("逾期天数" if overdue else "剩余天数", 8, lambda r: days_text(r.days, overdue)),
        ("状态", 9, lambda r: r.status_label),
    )


def letter_columns() -> tuple[Column, ...]:
    return (
        ("文号", 17, lambda r: r.number),
        ("标题", 0, lambda r: r.title),
        ("主送", 24, lambda r: r.recipient),
        ("回复期限", 10, lambda r: r.due_on.isoformat()),
        ("逾期天数", 8, lambda r: days_text(r.days, True)),
        ("状态", 7, lambda r: r.status_label),
    )


class TodoModel(QAbstractTableModel):
    """Read-only rows of one bucket."""

    def __init__(self, columns: Sequence[Column], overdue: bool, parent: QObject | None = None):
        super().__init__(parent)
        self.columns = tuple(columns)
        self.overdue = overdue
        self.rows: list[Any] = []
        self._texts: list[tuple[str, ...]] = []
        headers = [header for header, _width, _text in self.columns]
        self._days_column = headers.index("逾期天数" if overdue else "剩余天数")
        self._bold = QFont()
        self._bold.setBold(True)

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self._texts = [tuple(text(row) for _h, _w, text in self.columns) for row in self.rows]
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.columns)
        ):
            return self.columns[section][0]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        text = self._texts[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return text
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(index.row(), index.column(), text)
        days = index.column() == self._days_column
        if role == Qt.ItemDataRole.ForegroundRole and days:
            return OVERDUE_COLOUR if self.overdue else DUE_SOON_COLOUR
        if role == Qt.ItemDataRole.FontRole and days:
            return self._bold
        if role == Qt.ItemDataRole.TextAlignmentRole and days:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _tooltip(self, row: int, column: int, text: str) -> str | None:
        return text if len(text) > 8 else None


class ProblemTodoModel(TodoModel):
    def __init__(self, overdue: bool, parent: QObject | None = None) -> None:
        super().__init__(problem_columns(overdue), overdue, parent)

    def _tooltip(self, row: int, column: int, text: str) -> str | None:
        problem: ProblemTodo = self.rows[row]
        if self.columns[column][0] == "问题":
            return problem.description
        return super()._tooltip(row, column, text)


class LeadTodoModel(TodoModel):
    def __init__(self, overdue: bool, parent: QObject | None = None) -> None:
        super().__init__(lead_columns(overdue), overdue, parent)

    def _tooltip(self, row: int, column: int, text: str) -> str | None:
        lead: LeadTodo = self.rows[row]
        if self.columns[column][0] == "内容摘要":
            return f"{lead.excerpt}\n（双击打开这条线索）"
        return super()._tooltip(row, column, text)


class LetterTodoModel(TodoModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(letter_columns(), True, parent)

    def _tooltip(self, row: int, column: int, text: str) -> str | None:
        if self.columns[column][0] == "标题":
            return f"{text}\n（双击在“文书打印”中打开）"
        return super()._tooltip(row, column, text)


class TodoTable(QTableView):
    """A table whose rows are opened by a double click or by Enter: ``rowOpened(row)``."""

    rowOpened = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.doubleClicked.connect(lambda index: self.rowOpened.emit(index.row()))
        self.visible_rows = 0
        self.stretch_column = -1
        self.stretch_min = 0
        self.horizontalScrollBar().rangeChanged.connect(lambda _low, _high: self.fit())
        self.verticalScrollBar().rangeChanged.connect(lambda _low, _high: self.fit())

    def fit(self) -> None:
        """The stretching column takes the room the others leave, but not less than
        ``stretch_min`` (a narrow window scrolls sideways instead); the height shows
        ``visible_rows`` rows, and the sideways scroll bar when there is one."""
        header = self.horizontalHeader()
        if 0 <= self.stretch_column < header.count():
            others = sum(
                header.sectionSize(c) for c in range(header.count()) if c != self.stretch_column
            )
            room = self.viewport().width() - others
            header.resizeSection(self.stretch_column, max(self.stretch_min, room))
        height = (
            header.sizeHint().height()
            + self.visible_rows * self.verticalHeader().defaultSectionSize()
            + 2 * self.frameWidth()
        )
        if self.horizontalScrollBar().maximum() > 0:
            height += self.horizontalScrollBar().sizeHint().height()
        if height != self.height():
            self.setFixedHeight(height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.rowOpened.emit(self.currentIndex().row())
            return
        super().keyPressEvent(event)


class TodoSection(QWidget):
    """Heading “整改逾期的问题（3）”, an optional “仅显示前 N 条” note, and the table (or “无”)."""

    opened = Signal(object)

    def __init__(self, model: TodoModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        model.setParent(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 6)
        layout.setSpacing(4)
        self.headingLabel = QLabel(self)
        self.headingLabel.setStyleSheet(HEADING_STYLE)
        layout.addWidget(self.headingLabel)
        self.noteLabel = QLabel(self)
        self.noteLabel.setStyleSheet(NOTE_STYLE)
        self.noteLabel.hide()
        layout.addWidget(self.noteLabel)
        self.emptyLabel = QLabel("无。", self)
        self.emptyLabel.setStyleSheet(NOTE_STYLE)
        layout.addWidget(self.emptyLabel)
        self.table = TodoTable(self)
        self.table.setModel(model)
        self.table.rowOpened.connect(lambda row: self.opened.emit(model.rows[row]))
        layout.addWidget(self.table)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        metrics = header.fontMetrics()
        digit = metrics.horizontalAdvance("0")
        for column, (title, width, _text) in enumerate(model.columns):
            if width:
                wanted = max(width * digit + 16, metrics.horizontalAdvance(title) + 20)
                header.resizeSection(column, wanted)
            else:
                self.table.stretch_column = column
                self.table.stretch_min = STRETCH_MIN_CHARS * digit

    def show_rows(self, title: str, rows: Sequence[Any], count: int) -> None:
        self.headingLabel.setText(f"{title}（{count}）")
        self.model.set_rows(rows)
        cut = len(rows) < count
        self.noteLabel.setText(f"仅显示前 {len(rows)} 条，共 {count} 条。" if cut else "")
        self.noteLabel.setVisible(cut)
        self.emptyLabel.setVisible(not rows)
        self.table.setVisible(bool(rows))
        self.table.visible_rows = min(len(rows), MAX_VISIBLE_ROWS)
        self.table.fit()
