"""The items of a plan as a table: 序号, 工作内容, 监督对象, 时间安排, 责任人, 完成情况 (逾期 in
red), 进展情况.  Long texts wrap; the whole text is also the cell's tooltip."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from yuyou_desktop.domain.enums import PlanItemStatus
from yuyou_desktop.services.plans.records import PlanItemRow

COLUMNS = ("序号", "工作内容", "监督对象", "时间安排", "责任人", "完成情况", "进展情况")
WIDTHS = (44, 0, 210, 130, 100, 120, 170)  # 0: takes the rest
STATE = COLUMNS.index("完成情况")
OVERDUE_COLOUR = QColor("#b00020")
OVERDUE_STYLE = "color: #b00020; font-weight: bold;"
DONE_COLOUR = QColor("#1b5e20")
MUTED_COLOUR = QColor("#777777")


class ItemsTable(QTableWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(0, len(COLUMNS), parent)
        self.setObjectName("itemsTable")
        self.setHorizontalHeaderLabels(COLUMNS)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(True)
        self.setAlternatingRowColors(True)
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        for column, width in enumerate(WIDTHS):
            if width:
                header.resizeSection(column, width)
            else:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.rows: tuple[PlanItemRow, ...] = ()

    def show_items(self, items: tuple[PlanItemRow, ...], keep: str | None = None) -> None:
        """Fill the table; select the item ``keep`` when it is still there."""
        self.rows = items
        self.setRowCount(len(items))
        for row, item in enumerate(items):
            texts = (
                str(row + 1),
                item.content,
                item.units_text,
                item.period,
                item.responsible,
                item.completion_text,
                item.progress_note,
            )
            for column, text in enumerate(texts):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                if column in (0, STATE):
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.setItem(row, column, cell)
            self._colour(row, item)
        self.resizeRowsToContents()
        # the selection is kept by row number: never leave another item chosen in its place
        self.clearSelection()
        if keep is not None:
            for row, item in enumerate(items):
                if item.id == keep:
                    self.selectRow(row)
                    break

    def _colour(self, row: int, item: PlanItemRow) -> None:
        cell = self.item(row, STATE)
        if item.overdue:
            cell.setForeground(QBrush(OVERDUE_COLOUR))
            font = QFont(cell.font())
            font.setBold(True)
            cell.setFont(font)
            cell.setToolTip(f"计划{item.planned_end.isoformat()}完成，已逾期")
        elif item.status == PlanItemStatus.DONE.value:
            cell.setForeground(QBrush(DONE_COLOUR))
        elif item.status == PlanItemStatus.CANCELLED.value:
            for column in range(self.columnCount()):
                self.item(row, column).setForeground(QBrush(MUTED_COLOUR))

    def selected(self) -> PlanItemRow | None:
        rows = self.selectionModel().selectedRows()
        if not rows:
            return None
        index = rows[0].row()
        return self.rows[index] if 0 <= index < len(self.rows) else None

    def row_texts(self, row: int) -> tuple[str, ...]:
        return tuple(self.item(row, c).text() for c in range(self.columnCount()))
