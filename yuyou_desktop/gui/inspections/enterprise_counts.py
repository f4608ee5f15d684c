"""企业检查次数: the enterprises inspected most often in a year, against the yearly cap
(企业安静期 protects them from being inspected too often)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from yuyou_desktop.errors import YuyouError
from yuyou_desktop.gui.messages import show_error

if TYPE_CHECKING:
    from yuyou_desktop.services.inspections.records import EnterpriseCount
    from yuyou_desktop.services.inspections.service import InspectionService
    from yuyou_desktop.services.settings import SettingsService

OVER_COLOUR = QColor("#b00020")
LIMIT = 50


class EnterpriseCountsView(QWidget):
    """``enterpriseChosen(enterprise_id, name, year)`` on double-click: list its inspections."""

    enterpriseChosen = Signal(str, str, int)

    def __init__(
        self,
        inspections: InspectionService,
        settings: SettingsService,
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._inspections = inspections
        self._settings = settings
        self.rows: list[EnterpriseCount] = []
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel("年度：", self))
        self.yearSpin = QSpinBox(self)
        self.yearSpin.setRange(2000, 2100)
        self.yearSpin.setValue(today.year)
        self.yearSpin.setSuffix(" 年")
        top.addWidget(self.yearSpin)
        self.capLabel = QLabel(self)
        self.capLabel.setWordWrap(True)
        top.addWidget(self.capLabel, 1)
        layout.addLayout(top)
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("enterpriseCounts")
        self.table.setHorizontalHeaderLabels(("企业名称", "统一社会信用代码", "检查次数", "提示"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table, 1)
        self.yearSpin.valueChanged.connect(lambda _y: self.refresh())
        self.table.doubleClicked.connect(self._chosen)

    def refresh(self) -> None:
        year = self.yearSpin.value()
        try:
            cap = self._settings.get("inspections.yearly_cap")
            self.rows = self._inspections.top_enterprises(year, LIMIT)
        except YuyouError as exc:
            show_error(self, "无法统计企业检查次数", exc)
            return
        over = sum(1 for r in self.rows if r.over_cap)
        self.capLabel.setText(
            f"每家企业年度检查上限 {cap} 次（可在“设置”中修改）；"
            + (f"{year}年有 {over} 家企业超过上限。" if over else f"{year}年没有企业超过上限。")
            + "双击一家企业可列出对它的检查。"
        )
        bold = QFont()
        bold.setBold(True)
        table = self.table
        table.setRowCount(len(self.rows))
        for row, r in enumerate(self.rows):
            note = (
                f"超过上限 {r.count - cap} 次"
                if r.over_cap
                else ("已达上限" if r.count == cap else "")
            )
            for column, text in enumerate((r.name, r.credit_code, str(r.count), note)):
                item = QTableWidgetItem(text)
                if column == 2:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if r.over_cap:
                    item.setForeground(OVER_COLOUR)
                    item.setFont(bold)
                table.setItem(row, column, item)

    def _chosen(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            r = self.rows[rows[0].row()]
            self.enterpriseChosen.emit(r.enterprise_id, r.name, self.yearSpin.value())
