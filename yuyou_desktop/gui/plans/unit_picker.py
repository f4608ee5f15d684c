"""监督对象: the enforcement units an item covers, ticked in a list that a search box narrows.
None ticked means the item covers every unit (全部执法单位)."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from yuyou_desktop.domain.plans import ALL_UNITS_LABEL
from yuyou_desktop.services.plans.records import UnitChoice

ID_ROLE = Qt.ItemDataRole.UserRole


class UnitPicker(QWidget):
    def __init__(self, units: Iterable[UnitChoice], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unitPicker")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.searchEdit = QLineEdit(self)
        self.searchEdit.setObjectName("unitSearch")
        self.searchEdit.setPlaceholderText("输入单位名称查找")
        self.searchEdit.setClearButtonEnabled(True)
        self.clearButton = QPushButton("全部不选", self)
        bar.addWidget(self.searchEdit, 1)
        bar.addWidget(self.clearButton)
        layout.addLayout(bar)
        self.list = QListWidget(self)
        self.list.setObjectName("unitList")
        self.list.setMinimumHeight(150)
        for unit in units:
            item = QListWidgetItem(unit.name, self.list)
            item.setData(ID_ROLE, unit.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        layout.addWidget(self.list)
        self.summaryLabel = QLabel(self)
        self.summaryLabel.setObjectName("unitSummary")
        self.summaryLabel.setWordWrap(True)
        layout.addWidget(self.summaryLabel)
        self.searchEdit.textChanged.connect(self._filter)
        self.clearButton.clicked.connect(lambda: self.set_ids(()))
        self.list.itemChanged.connect(lambda _item: self._summarise())
        self._summarise()

    def _items(self) -> list[QListWidgetItem]:
        return [self.list.item(n) for n in range(self.list.count())]

    def _filter(self, text: str) -> None:
        words = text.split()
        for item in self._items():
            item.setHidden(not all(w in item.text() for w in words))

    def _summarise(self) -> None:
        names = self.names()
        if not names:
            self.summaryLabel.setText(f"未选择：{ALL_UNITS_LABEL}")
        else:
            self.summaryLabel.setText(f"已选{len(names)}个：{'、'.join(names)}")

    def ids(self) -> tuple[str, ...]:
        return tuple(
            i.data(ID_ROLE) for i in self._items() if i.checkState() == Qt.CheckState.Checked
        )

    def names(self) -> tuple[str, ...]:
        return tuple(i.text() for i in self._items() if i.checkState() == Qt.CheckState.Checked)

    def set_ids(self, ids: Iterable[str]) -> None:
        wanted = set(ids)
        self.list.blockSignals(True)
        for item in self._items():
            checked = item.data(ID_ROLE) in wanted
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.list.blockSignals(False)
        self._summarise()
