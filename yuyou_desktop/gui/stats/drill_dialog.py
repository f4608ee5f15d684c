"""The records behind one number of the 统计 view: “共 N 条” (and a note when only the first
rows are listed), a table of the rows, 复制 (the rows as tab-separated text, to paste into a
spreadsheet).  A double click or Enter on a row emits ``openRecord(kind, record_id)``."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from yuyou_desktop.services.reports.figures import DrillResult, DrillRow

AnyIndex = QModelIndex | QPersistentModelIndex
NOTE_STYLE = "color: #6b6b6b;"
MAX_COLUMN_WIDTH = 320


class DrillModel(QAbstractTableModel):
    def __init__(self, result: DrillResult, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.result = result

    def row_at(self, row: int) -> DrillRow:
        return self.result.rows[row]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.result.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.result.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.result.columns[section] if section < len(self.result.columns) else None
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        cells = self.result.rows[index.row()].cells
        text = cells[index.column()] if index.column() < len(cells) else ""
        if role == Qt.ItemDataRole.DisplayRole:
            return text
        if role == Qt.ItemDataRole.ToolTipRole and len(text) > 12:
            return text
        return None

    def as_text(self) -> str:
        lines = ["\t".join(self.result.columns)]
        lines += ["\t".join(row.cells) for row in self.result.rows]
        return "\n".join(lines)


class DrillTable(QTableView):
    rowOpened = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.rowOpened.emit(self.currentIndex().row())
            return
        super().keyPressEvent(event)


class DrillDialog(QDialog):
    openRecord = Signal(str, str)

    def __init__(self, result: DrillResult, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("drillDialog")
        self.result = result
        self.setWindowTitle(result.title)
        self.resize(960, 560)
        layout = QVBoxLayout(self)
        self.titleLabel = QLabel(result.title, self)
        self.titleLabel.setStyleSheet("font-weight: bold; font-size: 11pt;")
        layout.addWidget(self.titleLabel)
        count = f"共 {result.total} 条"
        if len(result.rows) < result.total:
            count += f"，仅显示前 {len(result.rows)} 条"
        self.countLabel = QLabel(count + "。" + ("双击一行打开该记录。" if result.rows else ""))
        self.countLabel.setStyleSheet(NOTE_STYLE)
        layout.addWidget(self.countLabel)
        self.model = DrillModel(result, self)
        self.table = DrillTable(self)
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        self.table.resizeColumnsToContents()
        for column in range(self.model.columnCount()):
            header.resizeSection(column, min(header.sectionSize(column), MAX_COLUMN_WIDTH))
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.doubleClicked.connect(lambda index: self._open(index.row()))
        self.table.rowOpened.connect(self._open)
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        self.copyButton = QPushButton("复制", self)
        self.copyButton.setToolTip("把列出的记录复制为表格文本，可粘贴到 Excel 或 WPS")
        self.copyButton.setEnabled(bool(result.rows))
        buttons.addButton(self.copyButton, QDialogButtonBox.ButtonRole.ActionRole)
        self.copyButton.clicked.connect(self.copy)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _open(self, row: int) -> None:
        if 0 <= row < len(self.result.rows):
            found = self.result.rows[row]
            self.openRecord.emit(found.kind, found.record_id)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.model.as_text())
