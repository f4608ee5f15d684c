"""The layout of the 线索 list (buttons, filters, table), a part of :class:`LeadsView`."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
)

from yuyou_desktop.domain.enums import LeadSource, LeadStatus
from yuyou_desktop.gui.inspections.leads_model import COLUMNS, CONTENT_COLUMN
from yuyou_desktop.gui.origin_filter import OriginFilter
from yuyou_desktop.gui.permissions import CHANGE, marks
from yuyou_desktop.gui.registry.editors import OptionalDateEdit

SEARCH_MIN_WIDTH = 72
COMBO_MIN_WIDTH = 64
DATE_MIN_WIDTH = 80


class LeadsLayout:
    """Builds the widgets of the leads view (mixed into ``LeadsView``, a QWidget, whose slots
    the buttons and filters are connected to)."""

    # provided by LeadsView
    model: Any
    table: Any

    def _button(self, text: str, tip: str, slot: Any) -> QPushButton:
        button = QPushButton(text, self)
        button.setToolTip(tip)
        button.clicked.connect(slot)
        return button

    def _build_buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.addButton = self._button("新增线索(&N)…", "登记一条投诉举报或线索", self.add_lead)
        self.editButton = self._button("编辑(&E)…", "修改选中的线索", self.edit_selected)
        self.deleteButton = self._button("删除(&D)…", "删除选中的线索", self.delete_selected)
        self.transferButton = self._button(
            "移送(&T)…",
            "把选中的线索移送纪检监察、公安、检察机关或主管部门",
            self.transfer_selected,
        )
        self.inspectButton = self._button(
            "转为检查记录(&I)…", "以选中的线索为来源新建一条检查记录", self._request_inspection
        )
        self.openButton = self._button(
            "打开检查记录(&O)", "打开由这条线索转成的检查记录", self._open_inspection
        )
        for button in (
            self.addButton,
            self.editButton,
            self.deleteButton,
            self.transferButton,
            self.inspectButton,
            self.openButton,
        ):
            row.addWidget(button)
        changing = (self.editButton, self.deleteButton, self.transferButton, self.inspectButton)
        marks((self.addButton, *changing), CHANGE)
        row.addStretch(1)
        self.countLabel = QLabel("共 0 条", self)
        self.countLabel.setObjectName("leadsCount")
        row.addWidget(self.countLabel)
        return row

    def _build_filters(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.searchEdit = QLineEdit(self)
        self.searchEdit.setClearButtonEnabled(True)
        self.searchEdit.setPlaceholderText("按内容、承办人、办理结果查找")
        self.searchEdit.setMinimumWidth(SEARCH_MIN_WIDTH)
        self.sourceCombo = self._combo([(m.label, m.value) for m in LeadSource])
        self.statusCombo = self._combo([(m.label, m.value) for m in LeadStatus])
        self.fromDate = OptionalDateEdit(self)
        self.toDate = OptionalDateEdit(self)
        for edit in (self.fromDate, self.toDate):
            edit.check.setText("")
            edit.check.setToolTip("勾选后按此日期筛选")
            edit.date.setMinimumWidth(DATE_MIN_WIDTH)  # may shrink in a narrow window
            edit.check.toggled.connect(self._apply_filters)
            edit.date.dateChanged.connect(self._apply_filters)
        for text, widget in (
            ("查找(&F)：", self.searchEdit),
            ("来源：", self.sourceCombo),
            ("办理状态：", self.statusCombo),
            ("收到日期：", self.fromDate),
            ("至", self.toDate),
        ):
            label = QLabel(text, self)
            label.setBuddy(widget)
            label.setToolTip(
                "收到日期在此范围内（含两端）" if widget in (self.fromDate, self.toDate) else ""
            )
            row.addWidget(label)
            row.addWidget(widget, 2 if widget is self.searchEdit else 0)
        row.addStretch(1)
        return row

    def _build_origin(self) -> QHBoxLayout:
        """来源单位 on a row of its own (shown at the county, or when leads of another office
        are here): the rows above already fill a narrow window."""
        row = QHBoxLayout()
        self.origin = OriginFilter(self)
        self.origin.changed.connect(self._apply_filters)
        row.addWidget(self.origin)
        row.addStretch(1)
        return row

    def _combo(self, items: list[tuple[str, str]]) -> QComboBox:
        combo = QComboBox(self)
        combo.addItem("全部", None)
        for label, value in items:
            combo.addItem(label, value)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        combo.setMinimumWidth(COMBO_MIN_WIDTH)  # may shrink below its contents when narrow
        combo.currentIndexChanged.connect(self._apply_filters)
        return combo

    def _setup_table(self) -> None:
        table = self.table
        table.setModel(self.model)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        header = table.horizontalHeader()
        header.setSectionsMovable(False)
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(CONTENT_COLUMN, QHeaderView.ResizeMode.Stretch)
        metrics = header.fontMetrics()
        digit = metrics.horizontalAdvance("0")
        for column, (title, _key, width, _text) in enumerate(COLUMNS):
            header.resizeSection(
                column, max(width * digit + 16, metrics.horizontalAdvance(title) + 28)
            )
        header.setSortIndicator(self.model.sort_column(), self._order())
        header.sortIndicatorChanged.connect(self._sort_requested)
        table.setSortingEnabled(True)
        rows = table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(table.fontMetrics().height() + 10)
        rows.setVisible(False)

    def _sort_requested(self, column: int, order: Qt.SortOrder) -> None:
        if 0 <= column < len(COLUMNS) and COLUMNS[column][1] is None:
            header = self.table.horizontalHeader()
            header.blockSignals(True)  # put the arrow back on the column really sorted
            header.setSortIndicator(self.model.sort_column(), self._order())
            header.blockSignals(False)

    def _order(self) -> Qt.SortOrder:
        return (
            Qt.SortOrder.DescendingOrder if self.model.descending else Qt.SortOrder.AscendingOrder
        )
