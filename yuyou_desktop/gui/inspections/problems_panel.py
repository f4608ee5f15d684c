"""The problems found in an inspection, each with its rectification, edited as a list that is
saved with the inspection (kept problems keep their id)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from yuyou_desktop.domain.enums import ProblemCategory, RectificationStatus
from yuyou_desktop.domain.inspections import problem_status
from yuyou_desktop.gui.inspections.problem_dialog import ProblemDialog

if TYPE_CHECKING:
    from yuyou_desktop.services.inspections.records import ProblemRecord

HEADERS = ("问题类别", "问题描述", "整改期限", "整改状态", "整改完成日期")
OVERDUE_COLOUR = QColor("#b00020")


def problem_values(p: ProblemRecord) -> dict[str, Any]:
    return {
        "id": p.id,
        "category": p.category.value,
        "description": p.description,
        "deadline": p.deadline,
        "status": p.stored_status.value,
        "unit_report": p.unit_report,
        "follow_up": p.follow_up,
        "closed_on": p.closed_on,
    }


class ProblemsPanel(QWidget):
    def __init__(
        self,
        today: date,
        parent: QWidget | None = None,
        default_deadline: Callable[[], date | None] = lambda: None,
    ) -> None:
        super().__init__(parent)
        self.today = today
        self.default_deadline = default_deadline  # the inspection's 整改期限, for a new problem
        self.problems: list[dict[str, Any]] = []
        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, len(HEADERS), self)
        self.table.setObjectName("problemsTable")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.addButton = QPushButton("添加问题…", self)
        self.editButton = QPushButton("编辑 / 整改跟踪…", self)
        self.removeButton = QPushButton("删除问题", self)
        for button in (self.addButton, self.editButton, self.removeButton):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.addButton.clicked.connect(self.add)
        self.editButton.clicked.connect(self.edit_selected)
        self.removeButton.clicked.connect(self.remove_selected)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.table.itemSelectionChanged.connect(self._update)
        self._update()

    def load(self, problems: tuple[ProblemRecord, ...]) -> None:
        self.problems = [problem_values(p) for p in problems]
        self._show()

    def values(self) -> list[dict[str, Any]]:
        return [dict(p) for p in self.problems]

    def select_problem(self, problem_id: str) -> bool:
        for row, p in enumerate(self.problems):
            if p.get("id") == problem_id:
                self.table.selectRow(row)
                return True
        return False

    # ------------------------------------------------------------ editing

    def _row(self) -> int:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def add(self) -> None:
        dialog = ProblemDialog(None, self.today, self, deadline=self.default_deadline())
        if dialog.exec() == ProblemDialog.DialogCode.Accepted:
            self.problems.append(dialog.values())
            self._show()
            self.table.selectRow(len(self.problems) - 1)

    def edit_selected(self) -> None:
        row = self._row()
        if row < 0:
            return
        dialog = ProblemDialog(self.problems[row], self.today, self)
        if dialog.exec() == ProblemDialog.DialogCode.Accepted:
            self.problems[row] = dialog.values()
            self._show()
            self.table.selectRow(row)

    def remove_selected(self) -> None:
        row = self._row()
        if row < 0:
            return
        answer = QMessageBox.question(
            self,
            "删除问题",
            f"从本次检查中删除问题“{self.problems[row]['description'][:30]}”？\n"
            "（保存检查记录后生效）",
        )
        if answer == QMessageBox.StandardButton.Yes:
            del self.problems[row]
            self._show()

    def _show(self) -> None:
        table = self.table
        table.setRowCount(len(self.problems))
        for row, p in enumerate(self.problems):
            status = problem_status(p["status"], p.get("deadline"), self.today)
            cells = (
                ProblemCategory(p["category"]).label if p.get("category") else "",
                p["description"],
                p["deadline"].isoformat() if p.get("deadline") else "",
                status.label,
                p["closed_on"].isoformat() if p.get("closed_on") else "",
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 1:
                    item.setToolTip(text)
                if column == 3 and status is RectificationStatus.OVERDUE:
                    item.setForeground(OVERDUE_COLOUR)
                table.setItem(row, column, item)
        table.resizeColumnToContents(0)
        table.resizeColumnToContents(2)
        table.resizeColumnToContents(3)
        self._update()

    def _update(self) -> None:
        selected = self._row() >= 0
        self.editButton.setEnabled(selected)
        self.removeButton.setEnabled(selected)
