"""One problem found in an inspection and its rectification.

Two uses: inside the inspection dialog (``ProblemDialog.edit_values``: returns the values, the
inspection's save checks them) and on its own for the follow-up from the list or the 待办
view (``FollowUpDialog``: saves at once through ``InspectionService.update_problem``).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from yuyou_desktop.domain.enums import ProblemCategory, RectificationStatus
from yuyou_desktop.errors import YuyouError
from yuyou_desktop.gui.registry.editors import OptionalDateEdit

if TYPE_CHECKING:
    from yuyou_desktop.gui.tasks import TaskRunner
    from yuyou_desktop.services.inspections.records import ProblemRecord
    from yuyou_desktop.services.inspections.service import InspectionService

STORED = (RectificationStatus.PENDING, RectificationStatus.IN_PROGRESS, RectificationStatus.DONE)
ERROR_STYLE = "color: #b00020; font-weight: bold;"


def _qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def _box(lines: int, parent: QWidget) -> QPlainTextEdit:
    box = QPlainTextEdit(parent)
    box.setTabChangesFocus(True)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 14)
    return box


class ProblemDialog(QDialog):
    """Edit a problem's values (a dict as ``InspectionService.save`` takes them)."""

    def __init__(
        self,
        values: dict[str, Any] | None,
        today: date,
        parent: QWidget | None = None,
        follow_up_only: bool = False,
        deadline: date | None = None,
    ) -> None:
        """``deadline``: a new problem's 整改期限 to start from (the inspection's)."""
        super().__init__(parent)
        new = not values
        values = values or {}
        self.problem_id = values.get("id")
        self.setWindowTitle(
            "整改跟踪" if follow_up_only else ("编辑问题" if values else "添加问题")
        )
        self.resize(560, 480)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)
        self.categoryCombo = QComboBox(self)
        self.categoryCombo.addItem("", "")
        for member in ProblemCategory:
            self.categoryCombo.addItem(member.label, member.value)
        self.descriptionEdit = _box(4, self)
        self.deadlineEdit = OptionalDateEdit(self)
        self.statusCombo = QComboBox(self)
        for member in STORED:
            self.statusCombo.addItem(member.label, member.value)
        self.statusCombo.setToolTip("“逾期”不用选择：超过整改期限仍未整改时自动显示为逾期")
        self.reportEdit = _box(3, self)
        self.followUpEdit = _box(3, self)
        self.closedEdit = QDateEdit(self)
        self.closedEdit.setDisplayFormat("yyyy-MM-dd")
        self.closedEdit.setCalendarPopup(True)
        self.closedEdit.setDate(_qdate(today))
        self.closedEdit.setMaximumDate(_qdate(today))
        self.labels: dict[str, QLabel] = {}
        for title, widget in (
            ("＊问题类别", self.categoryCombo),
            ("＊问题描述", self.descriptionEdit),
            ("整改期限", self.deadlineEdit),
            ("＊整改状态", self.statusCombo),
            ("单位整改报告", self.reportEdit),
            ("跟踪复查情况", self.followUpEdit),
            ("整改完成日期", self.closedEdit),
        ):
            label = QLabel(title + "：", self)
            label.setBuddy(widget)
            self.labels[title.lstrip("＊")] = label
            form.addRow(label, widget)
        self.errorLabel = QLabel(self)
        self.errorLabel.setWordWrap(True)
        self.errorLabel.setStyleSheet(ERROR_STYLE)
        self.errorLabel.hide()
        layout.addWidget(self.errorLabel)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            "保存" if follow_up_only else "确定"
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.statusCombo.currentIndexChanged.connect(self._status_changed)
        self._fill(values)
        if new and deadline is not None:
            self.deadlineEdit.set_value(deadline)
        self.deadlineEdit.setToolTip("不填整改期限的问题不会列入待办，也不会显示为逾期")
        if follow_up_only:  # what was found is part of the inspection record
            self.categoryCombo.setEnabled(False)
            self.descriptionEdit.setReadOnly(True)
            self.deadlineEdit.setEnabled(False)
        self._status_changed()

    def _fill(self, values: dict[str, Any]) -> None:
        index = self.categoryCombo.findData(values.get("category") or "")
        self.categoryCombo.setCurrentIndex(max(index, 0))
        self.descriptionEdit.setPlainText(values.get("description") or "")
        self.deadlineEdit.set_value(values.get("deadline"))
        index = self.statusCombo.findData(values.get("status") or RectificationStatus.PENDING.value)
        self.statusCombo.setCurrentIndex(max(index, 0))
        self.reportEdit.setPlainText(values.get("unit_report") or "")
        self.followUpEdit.setPlainText(values.get("follow_up") or "")
        if values.get("closed_on"):
            self.closedEdit.setDate(_qdate(values["closed_on"]))

    def _status_changed(self) -> None:
        done = self.statusCombo.currentData() == RectificationStatus.DONE.value
        self.closedEdit.setEnabled(done)

    def values(self) -> dict[str, Any]:
        qd = self.closedEdit.date()
        done = self.statusCombo.currentData() == RectificationStatus.DONE.value
        found: dict[str, Any] = {
            "category": self.categoryCombo.currentData() or "",
            "description": self.descriptionEdit.toPlainText().strip(),
            "deadline": self.deadlineEdit.value(),
            "status": self.statusCombo.currentData(),
            "unit_report": self.reportEdit.toPlainText().strip(),
            "follow_up": self.followUpEdit.toPlainText().strip(),
            "closed_on": date(qd.year(), qd.month(), qd.day()) if done else None,
        }
        if self.problem_id:
            found["id"] = self.problem_id
        return found

    def show_error(self, message: str, field: str = "") -> None:
        self.errorLabel.setText(message)
        self.errorLabel.show()
        for title, label in self.labels.items():
            label.setStyleSheet(ERROR_STYLE if field and field.endswith(title) else "")

    def submit(self) -> None:
        values = self.values()
        if not values["category"]:
            self.show_error("问题类别：必须选择。", "问题类别")
            return
        if not values["description"]:
            self.show_error("问题描述：必须填写。", "问题描述")
            return
        self.accept()


class FollowUpDialog(ProblemDialog):
    """The follow-up of a saved problem: status, reports, date closed — saved at once."""

    def __init__(
        self,
        problem: ProblemRecord,
        inspections: InspectionService,
        runner: TaskRunner,
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        values = {
            "id": problem.id,
            "category": problem.category.value,
            "description": problem.description,
            "deadline": problem.deadline,
            "status": problem.stored_status.value,
            "unit_report": problem.unit_report,
            "follow_up": problem.follow_up,
            "closed_on": problem.closed_on,
        }
        super().__init__(values, today, parent, follow_up_only=True)
        self.problem = problem
        self.result_record: ProblemRecord | None = None
        self._inspections = inspections
        self._runner = runner
        self.saving = False
        if problem.status is RectificationStatus.OVERDUE:
            self.errorLabel.setText(f"已逾期：整改期限为 {problem.deadline}。")
            self.errorLabel.show()

    def submit(self) -> None:
        if self.saving:
            return
        self.saving = True
        values = self.values()
        problem, inspections = self.problem, self._inspections
        self._runner.run(
            "正在保存整改情况",
            lambda progress: inspections.update_problem(
                problem.id,
                values["status"],
                values["unit_report"],
                values["follow_up"],
                values["closed_on"],
                expected_version=problem.version,
            ),
            self._saved,
            self._failed,
            parent=self,
            cancellable=False,
        )

    def _saved(self, record: ProblemRecord) -> None:
        self.saving = False
        self.result_record = record
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.saving = False
        if isinstance(exc, YuyouError):
            self.show_error(exc.message, getattr(exc, "field", ""))
        else:
            self.show_error(f"保存失败：{exc}（未做任何修改）")

    def reject(self) -> None:
        if not self.saving:
            super().reject()
