"""Choosing a person or an enterprise from a register that may hold many thousands: a search
box over a short list (the first matches, searched in SQL as the user types)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import cast

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

SEARCH_DELAY_MS = 200
DISABLED_COLOUR = QColor("#8a8a8a")


@dataclass(frozen=True)
class Choice:
    """One line of the picker: ``cells`` under the headers; ``problem`` (shown, and the line
    cannot be chosen) says why it is not available."""

    id: str
    cells: tuple[str, ...]
    problem: str = ""
    value: object = None


class PickerDialog(QDialog):
    """``fetch(text) -> [Choice]``; after OK, ``chosen`` holds the picked choices."""

    def __init__(
        self,
        title: str,
        headers: Sequence[str],
        fetch: Callable[[str], list[Choice]],
        parent: QWidget | None = None,
        multiple: bool = False,
        hint: str = "",
        limit: int = 100,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(760, 460)
        self._fetch = fetch
        self._limit = limit
        self._choices: list[Choice] = []
        self.chosen: list[Choice] = []
        layout = QVBoxLayout(self)
        self.searchEdit = QLineEdit(self)
        self.searchEdit.setObjectName("pickerSearch")
        self.searchEdit.setPlaceholderText(hint or "输入名称或编号的任意一段查找")
        self.searchEdit.setClearButtonEnabled(True)
        layout.addWidget(self.searchEdit)
        self.table = QTableWidget(0, len(headers) + 1, self)
        self.table.setObjectName("pickerTable")
        self.table.setHorizontalHeaderLabels([*headers, "说明"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        mode = QAbstractItemView.SelectionMode
        self.table.setSelectionMode(mode.ExtendedSelection if multiple else mode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        layout.addWidget(self.table, 1)
        self.noteLabel = QLabel(self)
        self.noteLabel.setWordWrap(True)
        layout.addWidget(self.noteLabel)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("选择")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.search)
        self.searchEdit.textChanged.connect(lambda _t: self._timer.start())
        self.searchEdit.installEventFilter(self)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _i: self.accept())
        self.search()

    def search(self) -> None:
        self._timer.stop()
        self._choices = self._fetch(self.searchEdit.text().strip())
        table = self.table
        table.setRowCount(len(self._choices))
        for row, choice in enumerate(self._choices):
            for column, text in enumerate((*choice.cells, choice.problem)):
                item = QTableWidgetItem(text)
                item.setToolTip(text if len(text) > 12 else "")
                if choice.problem:
                    item.setFlags(Qt.ItemFlag.ItemIsEnabled)  # shown, not selectable
                    item.setForeground(DISABLED_COLOUR)
                table.setItem(row, column, item)
        table.resizeColumnsToContents()
        for column in range(table.columnCount() - 1):
            table.setColumnWidth(column, min(table.columnWidth(column) + 12, 260))
        if not self._choices:
            self.noteLabel.setText("没有找到。请换个关键词，或先在“单位登记”中登记。")
        elif len(self._choices) >= self._limit:
            self.noteLabel.setText(f"只列出前 {self._limit} 个，请输入更多字缩小范围。")
        else:
            self.noteLabel.setText(f"找到 {len(self._choices)} 个。")
        first = next((n for n, c in enumerate(self._choices) if not c.problem), -1)
        if first >= 0:
            table.selectRow(first)
        self._selection_changed()

    def _selected(self) -> list[Choice]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self._choices[r] for r in rows if not self._choices[r].problem]

    def _selection_changed(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self._selected()))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Enter in the search box searches and no more: passed on, it would press 选择 and
        # pick the first of several matches, a person the clerk never looked at.
        if watched is self.searchEdit and event.type() == QEvent.Type.KeyPress:
            key = cast(QKeyEvent, event).key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.search()
                return True
        return super().eventFilter(watched, event)

    def accept(self) -> None:
        chosen = self._selected()
        if not chosen:
            return
        self.chosen = chosen
        super().accept()
