"""The plan's header (新建方案 / 编辑: 年度, 方案名称, 制定日期, 报送上级日期, 备注) and 标记完成…
(an item's status, completion date and progress note), both saved on the task runner."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QLabel, QLineEdit, QSpinBox, QWidget

from yuyou_desktop.domain.enums import PlanItemStatus
from yuyou_desktop.domain.plans import plan_title
from yuyou_desktop.gui.plans.dialog_base import SavingDialog, date_edit, pydate, qdate, text_box
from yuyou_desktop.gui.plans.item_dialog import status_combo
from yuyou_desktop.gui.registry.editors import OptionalDateEdit

if TYPE_CHECKING:
    from yuyou_desktop.gui.tasks import TaskRunner
    from yuyou_desktop.services.plans.records import PlanItemRow, PlanRecord
    from yuyou_desktop.services.plans.service import PlanService


class PlanDialog(SavingDialog):
    """A new plan (``plan`` None: the year is chosen, last year to next year) or its header."""

    def __init__(
        self,
        plans: PlanService,
        runner: TaskRunner,
        office_name: str,
        today: date,
        plan: PlanRecord | None = None,
        year: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(runner, "编辑方案" if plan else "新建方案", parent)
        self.setObjectName("planDialog")
        self._plans, self._plan, self._office_name = plans, plan, office_name
        self.yearSpin = QSpinBox(self)
        self.yearSpin.setObjectName("yearSpin")
        self.yearSpin.setRange(today.year - 1, today.year + 1)
        self.yearSpin.setSuffix(" 年")
        self.yearSpin.setValue(plan.year if plan else (year or today.year))
        self.yearSpin.setEnabled(plan is None)
        self.titleEdit = QLineEdit(self)
        self.titleEdit.setObjectName("titleEdit")
        self.titleEdit.setMaxLength(120)
        self.drawnEdit = OptionalDateEdit(self)
        self.drawnEdit.setObjectName("drawnEdit")
        self.filedEdit = OptionalDateEdit(self)
        self.filedEdit.setObjectName("filedEdit")
        self.filedEdit.setToolTip("年度监督工作方案应在第一季度制定并报上一级备案")
        self.remarkEdit = QLineEdit(self)
        self.remarkEdit.setObjectName("remarkEdit")
        self.remarkEdit.setMaxLength(200)
        self.add_row("＊年度", self.yearSpin)
        self.add_row("方案名称", self.titleEdit)
        self.add_row("制定日期", self.drawnEdit)
        self.add_row("报送上级日期", self.filedEdit)
        self.add_row("备注", self.remarkEdit)
        self.yearSpin.valueChanged.connect(self._year_changed)
        if plan is not None:
            self.titleEdit.setText(plan.title)
            self.drawnEdit.set_value(plan.drawn_up_on)
            self.filedEdit.set_value(plan.filed_on)
            self.remarkEdit.setText(plan.remark)
        else:
            self.drawnEdit.set_value(today)
        self._year_changed()
        self.resize(520, 260)

    def _year_changed(self) -> None:
        self.titleEdit.setPlaceholderText(plan_title(self._office_name, self.yearSpin.value()))

    def values(self) -> dict[str, Any]:
        return {
            "title": self.titleEdit.text().strip(),
            "drawn_up_on": self.drawnEdit.value(),
            "filed_on": self.filedEdit.value(),
            "remark": self.remarkEdit.text().strip(),
        }

    def job(self) -> Callable[[], PlanRecord]:
        values, plans, plan = self.values(), self._plans, self._plan
        if plan is None:
            year = self.yearSpin.value()
            return lambda: plans.create(year, values)
        return lambda: plans.update(plan.id, values, plan.version)


class ProgressDialog(SavingDialog):
    """标记完成…: the item's status (已完成 by default), the date and a progress note."""

    def __init__(
        self,
        plans: PlanService,
        runner: TaskRunner,
        item: PlanItemRow,
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(runner, "标记完成", parent)
        self.setObjectName("progressDialog")
        self._plans, self._item = plans, item
        self.statusCombo = status_combo(self, PlanItemStatus.DONE.value)
        self.completedEdit = date_edit(self, item.completed_on or today)
        self.completedEdit.setObjectName("completedEdit")
        self.completedEdit.setMaximumDate(qdate(today))
        self.noteEdit = text_box(3, self)
        self.noteEdit.setObjectName("noteEdit")
        self.noteEdit.setPlainText(item.progress_note)
        content = QLabel(item.content, self)
        content.setWordWrap(True)
        self.add_row("工作内容", content)
        self.add_row("完成状态", self.statusCombo)
        self.add_row("完成日期", self.completedEdit)
        self.add_row("进展情况", self.noteEdit)
        self.statusCombo.currentIndexChanged.connect(self._status_changed)
        self._status_changed()
        self.resize(520, 280)

    def _status_changed(self) -> None:
        done = self.statusCombo.currentData() == PlanItemStatus.DONE.value
        self.completedEdit.setEnabled(done)

    def job(self) -> Callable[[], PlanItemRow]:
        status = self.statusCombo.currentData()
        done = status == PlanItemStatus.DONE.value
        on = pydate(self.completedEdit.date()) if done else None
        note = self.noteEdit.toPlainText().strip()
        plans, item = self._plans, self._item
        return lambda: plans.set_status(item.id, status, on, note, item.version)
