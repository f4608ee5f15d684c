"""Dialogs of a campaign's set-up: the campaign itself (name, year, units in scope, files per
unit) and one case file.  A refused value is shown and the dialog stays open with what was
typed; nothing is saved then."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from yuyou_desktop.domain.scoring_file import CASE_TYPES
from yuyou_desktop.errors import YuyouError
from yuyou_desktop.gui.messages import show_error
from yuyou_desktop.gui.registry.editors import OptionalDateEdit

if TYPE_CHECKING:
    from yuyou_desktop.services.reviews.records import CampaignRecord, CaseFileRow

ID_ROLE = Qt.ItemDataRole.UserRole + 1


class CampaignDialog(QDialog):
    """New or edit.  ``save`` is called with the form's values and returns the record;
    ``saved(CampaignRecord)`` follows."""

    saved = Signal(object)

    def __init__(
        self,
        units: list[tuple[str, str]],
        save: Callable[[dict[str, Any]], CampaignRecord],
        today: date,
        record: CampaignRecord | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("campaignDialog")
        self.setWindowTitle("评查活动设置" if record else "新建评查活动")
        self._save = save
        form = QFormLayout()
        self.nameEdit = QLineEdit(record.name if record else f"{today.year}年度行政执法案卷评查")
        self.yearSpin = QSpinBox()
        self.yearSpin.setRange(2000, today.year + 1)
        self.yearSpin.setValue(record.year if record else today.year)
        self.yearSpin.setEnabled(record is None)
        self.perUnitSpin = QSpinBox()
        self.perUnitSpin.setRange(1, 100)
        self.perUnitSpin.setValue(record.files_per_unit if record else 3)
        self.perUnitSpin.setEnabled(record is None or record.sample_seed is None)
        self.remarkEdit = QLineEdit(record.remark if record else "")
        self.searchEdit = QLineEdit()
        self.searchEdit.setPlaceholderText("输入单位名称筛选")
        self.searchEdit.textChanged.connect(self._filter)
        self.unitList = QListWidget()
        self.unitList.setObjectName("unitList")
        chosen = {u.id for u in record.units} if record else set()
        for unit_id, name in units:
            item = QListWidgetItem(name)
            item.setData(ID_ROLE, unit_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = unit_id in chosen
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.unitList.addItem(item)
        self.unitList.itemChanged.connect(self._count)
        self.countLabel = QLabel()
        form.addRow("活动名称", self.nameEdit)
        form.addRow("评查年度", self.yearSpin)
        form.addRow("每单位抽取案卷数", self.perUnitSpin)
        form.addRow("备注", self.remarkEdit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("评查单位（勾选）："))
        layout.addWidget(self.searchEdit)
        layout.addWidget(self.unitList, 1)
        layout.addWidget(self.countLabel)
        if record is None:
            note = QLabel("新建的活动使用各类案件当前版本的评查标准；以后修改标准不影响本活动。")
            note.setWordWrap(True)
            layout.addWidget(note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("保存")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._count()
        self.resize(520, 600)

    def _filter(self, text: str) -> None:
        for row in range(self.unitList.count()):
            item = self.unitList.item(row)
            item.setHidden(bool(text.strip()) and text.strip() not in item.text())

    def _count(self, *_args: object) -> None:
        self.countLabel.setText(f"已选 {len(self.unit_ids())} 个单位")

    def unit_ids(self) -> list[str]:
        return [
            self.unitList.item(row).data(ID_ROLE)
            for row in range(self.unitList.count())
            if self.unitList.item(row).checkState() == Qt.CheckState.Checked
        ]

    def set_units(self, names: list[str]) -> None:
        for row in range(self.unitList.count()):
            item = self.unitList.item(row)
            state = Qt.CheckState.Checked if item.text() in names else Qt.CheckState.Unchecked
            item.setCheckState(state)

    def values(self) -> dict[str, Any]:
        return {
            "name": self.nameEdit.text(),
            "year": self.yearSpin.value(),
            "unit_ids": self.unit_ids(),
            "files_per_unit": self.perUnitSpin.value(),
            "remark": self.remarkEdit.text(),
        }

    def submit(self) -> None:
        try:
            record = self._save(self.values())
        except YuyouError as exc:
            show_error(self, "无法保存评查活动", exc)
            return
        self.saved.emit(record)
        self.accept()


class CaseFileDialog(QDialog):
    """登记 or 修改 one case file of a campaign."""

    saved = Signal(object)

    def __init__(
        self,
        units: list[tuple[str, str]],
        save: Callable[[dict[str, Any]], CaseFileRow],
        row: CaseFileRow | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("caseFileDialog")
        self.setWindowTitle("修改案卷" if row else "登记案卷")
        self._save = save
        self.unitCombo = QComboBox()
        for unit_id, name in units:
            self.unitCombo.addItem(name, unit_id)
        self.caseNumberEdit = QLineEdit()
        self.caseTypeCombo = QComboBox()
        self.caseTypeCombo.addItems(CASE_TYPES)
        self.titleEdit = QLineEdit()
        self.partyEdit = QLineEdit()
        self.decidedEdit = OptionalDateEdit()
        self.officersEdit = QLineEdit()
        self.officersEdit.setPlaceholderText("如：张三、李四")
        if row is not None:
            self.unitCombo.setCurrentIndex(max(0, self.unitCombo.findData(row.unit_id)))
            self.caseNumberEdit.setText(row.case_number)
            self.caseTypeCombo.setCurrentText(row.case_type)
            self.titleEdit.setText(row.title)
            self.partyEdit.setText(row.party)
            self.decidedEdit.set_value(row.decided_on)
            self.officersEdit.setText(row.officers)
            self.unitCombo.setEnabled(not row.sampled)
            self.caseTypeCombo.setEnabled(not row.sampled)
        form = QFormLayout(self)
        form.addRow("执法单位", self.unitCombo)
        form.addRow("案号", self.caseNumberEdit)
        form.addRow("案件类型", self.caseTypeCombo)
        form.addRow("案件名称", self.titleEdit)
        form.addRow("当事人", self.partyEdit)
        form.addRow("决定日期", self.decidedEdit)
        form.addRow("承办人员", self.officersEdit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("保存")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(520, 320)

    def values(self) -> dict[str, Any]:
        return {
            "unit": self.unitCombo.currentData() or "",
            "case_number": self.caseNumberEdit.text(),
            "case_type": self.caseTypeCombo.currentText(),
            "title": self.titleEdit.text(),
            "party": self.partyEdit.text(),
            "decided_on": self.decidedEdit.value(),
            "officers": self.officersEdit.text(),
        }

    def submit(self) -> None:
        try:
            row = self._save(self.values())
        except YuyouError as exc:
            show_error(self, "无法保存案卷", exc)
            return
        self.saved.emit(row)
        self.accept()
