"""The filters above the inspection list: date range, kind, area, unit, enterprise, problem
status, a search box and (at the county) 来源单位.  ``changed`` fires when any of them changes
(the search box after a short pause); ``values()`` gives them as :class:`InspectionQuery`
fields."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QWidget,
)

from yuyou_desktop.domain.enums import FocusArea, InspectionKind
from yuyou_desktop.gui.inspections.pickers import Choice, PickerDialog
from yuyou_desktop.gui.origin_filter import OriginFilter
from yuyou_desktop.services.inspections.records import ProblemFilter

SEARCH_DELAY_MS = 250
# Below these widths a field clips its text rather than keep the window from narrowing.
COMBO_MIN_WIDTH = 64
COMBO_CHARS = 6
DATE_MIN_WIDTH = 88
SEARCH_MIN_WIDTH = 96
CELLS_PER_ROW = 4


class DateBound(QWidget):
    """An optional date for a range: unticked means no bound."""

    changed = Signal()

    def __init__(self, title: str, initial: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.check = QCheckBox(title, self)
        self.edit = QDateEdit(QDate(initial.year, initial.month, initial.day), self)
        self.edit.setDisplayFormat("yyyy-MM-dd")
        self.edit.setCalendarPopup(True)
        self.edit.setEnabled(False)
        self.edit.setMinimumWidth(DATE_MIN_WIDTH)
        layout.addWidget(self.check)
        layout.addWidget(self.edit)
        self.check.toggled.connect(self.edit.setEnabled)
        self.check.toggled.connect(lambda _on: self.changed.emit())
        self.edit.dateChanged.connect(lambda _d: self.check.isChecked() and self.changed.emit())

    def value(self) -> date | None:
        if not self.check.isChecked():
            return None
        d = self.edit.date()
        return date(d.year(), d.month(), d.day())

    def set_value(self, value: date | None) -> None:
        self.blockSignals(True)
        if value is not None:
            self.edit.setDate(QDate(value.year, value.month, value.day))
        self.check.setChecked(value is not None)
        self.blockSignals(False)


class FilterBar(QWidget):
    changed = Signal()

    def __init__(
        self,
        units: Sequence[tuple[str, str]],
        pick_enterprise: Callable[[str], list[Choice]],
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._pick_enterprise = pick_enterprise
        self.enterprise_id: str | None = None
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(4)
        self.fromDate = DateBound("日期从", today.replace(day=1), self)
        self.fromDate.check.setToolTip("只列出检查日期在此范围内的检查记录")
        self.toDate = DateBound("至", today, self)
        self.kindCombo = self._combo("filter_kind", [(m.label, m.value) for m in InspectionKind])
        self.areaCombo = self._combo("filter_area", [(m.label, m.value) for m in FocusArea])
        self.unitCombo = self._combo("filter_unit", [(name, uid) for uid, name in units])
        self.statusCombo = self._combo("filter_status", [(m.label, m.value) for m in ProblemFilter])
        self.enterpriseButton = QPushButton("全部", self)
        self.enterpriseButton.setObjectName("filter_enterprise")
        self.enterpriseButton.setToolTip("选择一家企业，只列出对它的检查")
        self.enterpriseButton.setMinimumWidth(COMBO_MIN_WIDTH)
        self.clearEnterprise = QToolButton(self)
        self.clearEnterprise.setText("×")
        self.clearEnterprise.setToolTip("不限企业")
        self.clearEnterprise.setEnabled(False)
        self.searchEdit = QLineEdit(self)
        self.searchEdit.setObjectName("searchEdit")
        self.searchEdit.setClearButtonEnabled(True)
        self.searchEdit.setPlaceholderText("按检查编号、地点、检查情况、单位或企业查找")
        self.searchEdit.setMinimumWidth(SEARCH_MIN_WIDTH)
        self.resetButton = QPushButton("清除筛选", self)
        dates = QHBoxLayout()
        dates.addWidget(self.fromDate)
        dates.addWidget(self.toDate)
        enterprise = QHBoxLayout()
        enterprise.setSpacing(2)
        enterprise.addWidget(self.enterpriseButton, 1)
        enterprise.addWidget(self.clearEnterprise)
        cells: list[tuple[str, Any]] = [
            ("", dates),
            ("类型", self.kindCombo),
            ("领域", self.areaCombo),
            ("整改情况", self.statusCombo),
            ("查找", self.searchEdit),
            ("单位", self.unitCombo),
            ("企业", enterprise),
        ]
        for n, (title, widget) in enumerate(cells):
            row, column = divmod(n, CELLS_PER_ROW)
            if not title:  # the date range labels itself ("日期从 … 至 …")
                grid.addLayout(widget, row, column * 2, 1, 2)
                continue
            label = QLabel(title + "：", self)
            grid.addWidget(label, row, column * 2)
            if isinstance(widget, QWidget):
                label.setBuddy(widget)
                grid.addWidget(widget, row, column * 2 + 1)
            else:
                grid.addLayout(widget, row, column * 2 + 1)
        grid.addWidget(self.resetButton, 1, CELLS_PER_ROW * 2 - 1, Qt.AlignmentFlag.AlignLeft)
        # 来源单位 (the county, or records of another office here) on a row of its own, under
        # the search box: the two rows above already fill a narrow window
        self.origin = OriginFilter(self)
        grid.addWidget(self.origin, 2, 0, 1, 2)
        self.origin.changed.connect(self.changed.emit)
        grid.setColumnStretch(CELLS_PER_ROW * 2, 1)  # spare width after the last cell
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.changed.emit)
        self.searchEdit.textChanged.connect(lambda _t: self._timer.start())
        self.searchEdit.returnPressed.connect(self._search_now)
        for bound in (self.fromDate, self.toDate):
            bound.changed.connect(self.changed.emit)
        for combo in (self.kindCombo, self.areaCombo, self.unitCombo, self.statusCombo):
            combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.enterpriseButton.clicked.connect(self.choose_enterprise)
        self.clearEnterprise.clicked.connect(lambda: self.set_enterprise(None, ""))
        self.resetButton.clicked.connect(self.reset)

    def _combo(self, name: str, items: list[tuple[str, str]]) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        combo.addItem("全部", None)
        for label, value in items:
            combo.addItem(label, value)
        combo.setMaxVisibleItems(20)
        # Sized for a few characters, growing when there is room: in a narrow window the dates
        # keep their full width rather than the combos their longest item (the popup shows it).
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(COMBO_CHARS)
        combo.setMinimumWidth(COMBO_MIN_WIDTH)
        return combo

    def _search_now(self) -> None:
        self._timer.stop()
        self.changed.emit()

    # ------------------------------------------------------------ enterprise

    def choose_enterprise(self) -> None:
        picker = PickerDialog(
            "按企业筛选",
            ("企业名称", "统一社会信用代码", "地址"),
            self._pick_enterprise,
            self,
            hint="输入企业名称或统一社会信用代码的任意一段",
        )
        if picker.exec() == PickerDialog.DialogCode.Accepted and picker.chosen:
            self.set_enterprise(picker.chosen[0].id, picker.chosen[0].cells[0])

    def set_enterprise(self, enterprise_id: str | None, name: str) -> None:
        self.enterprise_id = enterprise_id or None
        self.enterpriseButton.setText(name if enterprise_id else "全部")
        self.clearEnterprise.setEnabled(bool(enterprise_id))
        self.changed.emit()

    # ------------------------------------------------------------ values

    def values(self) -> dict[str, Any]:
        return {
            "date_from": self.fromDate.value(),
            "date_to": self.toDate.value(),
            "kind": self.kindCombo.currentData(),
            "focus_area": self.areaCombo.currentData(),
            "unit_id": self.unitCombo.currentData(),
            "enterprise_id": self.enterprise_id,
            "status": self.statusCombo.currentData(),
            "search": self.searchEdit.text().strip(),
            "origin_office": self.origin.value(),
        }

    def narrowed(self) -> bool:
        return any(v for v in self.values().values())

    def set_units(self, units: Sequence[tuple[str, str]]) -> None:
        chosen = self.unitCombo.currentData()
        self.unitCombo.blockSignals(True)
        self.unitCombo.clear()
        self.unitCombo.addItem("全部", None)
        for unit_id, name in units:
            self.unitCombo.addItem(name, unit_id)
        self.unitCombo.setCurrentIndex(max(self.unitCombo.findData(chosen), 0) if chosen else 0)
        self.unitCombo.blockSignals(False)

    def reset(self) -> None:
        widgets = (
            self.fromDate,
            self.toDate,
            self.kindCombo,
            self.areaCombo,
            self.unitCombo,
            self.statusCombo,
            self.searchEdit,
        )
        for w in widgets:
            w.blockSignals(True)
        self.fromDate.set_value(None)
        self.toDate.set_value(None)
        for combo in (self.kindCombo, self.areaCombo, self.unitCombo, self.statusCombo):
            combo.setCurrentIndex(0)
        self.origin.reset()
        self.searchEdit.clear()
        for w in widgets:
            w.blockSignals(False)
        self._timer.stop()
        self.set_enterprise(None, "")  # emits changed once
