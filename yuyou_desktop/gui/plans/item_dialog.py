"""An item of the plan: 工作内容, 监督对象 (ticked units; none = 全部执法单位), 时间安排,
责任人, 完成状态 with its date, 进展情况.  保存 adds or changes the item through PlanService on
the task runner; a refusal is shown on the dialog, which stays open."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from yuyou_desktop.domain.enums import PlanItemStatus
from yuyou_desktop.gui.plans.dialog_base import (
    SavingDialog,
    date_edit,
    pydate,
    qdate,
    text_box,
)
from yuyou_desktop.gui.plans.unit_picker import UnitPicker

if TYPE_CHECKING:
    from yuyou_desktop.gui.tasks import TaskRunner
    from yuyou_desktop.services.plans.records import PlanItemRow, PlanRecord, UnitChoice
    from yuyou_desktop.services.plans.service import PlanService


def status_combo(parent: QWidget, current: str) -> QComboBox:
    combo = QComboBox(parent)
    combo.setObjectName("statusCombo")
    for member in PlanItemStatus:
        combo.addItem(member.label, member.value)
    combo.setCurrentIndex(max(combo.findData(current), 0))
    combo.setToolTip("“逾期”不用选择：过了计划结束日期仍未完成（也未取消）时自动显示为逾期")
    return combo


class ItemDialog(SavingDialog):
    """Add an item to ``plan`` (``item`` None) or change ``item``."""

    def __init__(
        self,
        plans: PlanService,
        runner: TaskRunner,
        plan: PlanRecord,
        units: tuple[UnitChoice, ...],
        today: date,
        item: PlanItemRow | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(runner, "编辑事项" if item else "添加事项", parent)
        self.setObjectName("planItemDialog")
        self._plans, self._plan, self._item, self._today = plans, plan, item, today
        self.contentEdit = text_box(4, self)
        self.contentEdit.setObjectName("contentEdit")
        self.unitPicker = UnitPicker(units, self)
        start = min(max(today, date(plan.year, 1, 1)), date(plan.year, 12, 31))
        self.startEdit = date_edit(self, start)
        self.startEdit.setObjectName("startEdit")
        self.endEdit = date_edit(self, date(plan.year, 12, 31))
        self.endEdit.setObjectName("endEdit")
        period = QWidget(self)
        row = QHBoxLayout(period)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.startEdit, 1)
        row.addWidget(QLabel("至", period))
        row.addWidget(self.endEdit, 1)
        self.responsibleEdit = QLineEdit(self)
        self.responsibleEdit.setObjectName("responsibleEdit")
        self.responsibleEdit.setPlaceholderText("责任人或责任股室，例如 执法监督股")
        self.statusCombo = status_combo(self, PlanItemStatus.NOT_STARTED.value)
        self.completedEdit = date_edit(self, today)
        self.completedEdit.setObjectName("completedEdit")
        self.completedEdit.setMaximumDate(qdate(today))
        self.noteEdit = text_box(3, self)
        self.noteEdit.setObjectName("noteEdit")
        self.add_row("＊工作内容", self.contentEdit)
        self.add_row("监督对象", self.unitPicker)
        self.add_row("＊时间安排", period)
        self.labels["计划开始日期"] = self.labels["计划结束日期"] = self.labels["时间安排"]
        self.add_row("＊责任人", self.responsibleEdit)
        self.add_row("完成状态", self.statusCombo)
        self.add_row("完成日期", self.completedEdit)
        self.add_row("进展情况", self.noteEdit)
        self.statusCombo.currentIndexChanged.connect(self._status_changed)
        if item is not None:
            self._fill(item)
        self._status_changed()
        self.resize(620, 620)

    def _fill(self, item: PlanItemRow) -> None:
        self.contentEdit.setPlainText(item.content)
        self.unitPicker.set_ids(item.unit_ids)
        self.startEdit.setDate(qdate(item.planned_start))
        self.endEdit.setDate(qdate(item.planned_end))
        self.responsibleEdit.setText(item.responsible)
        self.statusCombo.setCurrentIndex(max(self.statusCombo.findData(item.status), 0))
        if item.completed_on is not None:
            self.completedEdit.setDate(qdate(item.completed_on))
        self.noteEdit.setPlainText(item.progress_note)

    def _status_changed(self) -> None:
        done = self.statusCombo.currentData() == PlanItemStatus.DONE.value
        self.completedEdit.setEnabled(done and not self.read_only)

    def values(self) -> dict[str, Any]:
        done = self.statusCombo.currentData() == PlanItemStatus.DONE.value
        return {
            "content": self.contentEdit.toPlainText().strip(),
            "unit_ids": self.unitPicker.ids(),
            "planned_start": pydate(self.startEdit.date()),
            "planned_end": pydate(self.endEdit.date()),
            "responsible": self.responsibleEdit.text().strip(),
            "status": self.statusCombo.currentData(),
            "completed_on": pydate(self.completedEdit.date()) if done else None,
            "progress_note": self.noteEdit.toPlainText().strip(),
        }

    def job(self) -> Callable[[], PlanItemRow]:
        values, plans, plan, item = self.values(), self._plans, self._plan, self._item
        if item is None:
            return lambda: plans.add_item(plan.id, values)
        return lambda: plans.update_item(item.id, values, item.version)
