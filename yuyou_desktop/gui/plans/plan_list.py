"""The plans on the left of the page: 年度, 来源单位 (本单位 or the township's name), 完成
(done of the items not cancelled, as the completion rate counts); the title and office as
tooltip."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QTableWidget, QTableWidgetItem, QWidget

from yuyou_desktop.services.plans.records import PlanSummary

ID_ROLE = Qt.ItemDataRole.UserRole


class PlanList(QTableWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 3, parent)
        self.setObjectName("planList")
        self.setHorizontalHeaderLabels(("年度", "来源单位", "完成"))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((64, 120, 50)):
            self.horizontalHeader().resizeSection(column, width)

    def fill(self, summaries: tuple[PlanSummary, ...], selected: str | None) -> None:
        """Show ``summaries`` with ``selected`` chosen, without selection signals."""
        self.blockSignals(True)
        self.clearSelection()
        self.setRowCount(len(summaries))
        for row, plan in enumerate(summaries):
            texts = (
                f"{plan.year}年",
                "本单位" if plan.own else plan.office_name,
                f"{plan.done_count}/{plan.item_count - plan.cancelled_count}",
            )
            for column, text in enumerate(texts):
                cell = QTableWidgetItem(text)
                cell.setData(ID_ROLE, plan.id)
                cell.setToolTip(f"{plan.title}（{plan.office_name}）")
                self.setItem(row, column, cell)
            if plan.id == selected:
                self.selectRow(row)
        self.blockSignals(False)

    def selected_id(self) -> str | None:
        rows = self.selectionModel().selectedRows()
        return self.item(rows[0].row(), 0).data(ID_ROLE) if rows else None
