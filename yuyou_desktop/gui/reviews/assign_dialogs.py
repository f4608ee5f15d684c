"""Choosing reviewers (交叉阅卷): for one file, or a pool to share out over every drawn file.

People of the file's own unit are shown greyed with the reason; each person's load in the
campaign is shown so that the work can be shared evenly."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
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

from yuyou_desktop.errors import YuyouError
from yuyou_desktop.gui.messages import show_error

if TYPE_CHECKING:
    from yuyou_desktop.services.reviews.records import CaseFileRow, ReviewerCandidate

ID_ROLE = Qt.ItemDataRole.UserRole + 1


def _candidate_list(
    candidates: list[ReviewerCandidate], chosen: set[str], own_unit: str | None
) -> QListWidget:
    widget = QListWidget()
    widget.setObjectName("reviewerList")
    for person in candidates:
        load = f"（已分{person.load}份）"
        item = QListWidgetItem(f"{person.name}　{person.role}　{person.where}　{load}")
        item.setData(ID_ROLE, person.id)
        if own_unit is not None and person.unit_id == own_unit:
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            item.setToolTip("本单位人员，不能评查本单位的案卷（交叉阅卷）")
            item.setText(item.text() + "　本单位")
        else:
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            state = Qt.CheckState.Checked if person.id in chosen else Qt.CheckState.Unchecked
            item.setCheckState(state)
        widget.addItem(item)
    return widget


def _checked(widget: QListWidget) -> list[str]:
    return [
        widget.item(row).data(ID_ROLE)
        for row in range(widget.count())
        if widget.item(row).flags() & Qt.ItemFlag.ItemIsUserCheckable
        and widget.item(row).checkState() == Qt.CheckState.Checked
    ]


def check_names(widget: QListWidget, names: list[str]) -> None:
    """Tick the people whose item starts with one of ``names`` (for tests and shortcuts)."""
    for row in range(widget.count()):
        item = widget.item(row)
        if item.flags() & Qt.ItemFlag.ItemIsUserCheckable:
            hit = item.text().split("　")[0] in names
            item.setCheckState(Qt.CheckState.Checked if hit else Qt.CheckState.Unchecked)


class _PeopleDialog(QDialog):
    def _finish_layout(self, layout: QVBoxLayout) -> None:
        self.searchEdit = QLineEdit()
        self.searchEdit.setPlaceholderText("输入姓名或单位筛选")
        self.searchEdit.textChanged.connect(self._filter)
        layout.insertWidget(1, self.searchEdit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(560, 560)

    def _filter(self, text: str) -> None:
        for row in range(self.people.count()):
            item = self.people.item(row)
            item.setHidden(bool(text.strip()) and text.strip() not in item.text())

    def submit(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError


class ReviewerDialog(_PeopleDialog):
    """The reviewers of one drawn file (at least two, none from its unit)."""

    def __init__(
        self,
        case_file: CaseFileRow,
        candidates: list[ReviewerCandidate],
        assign: Callable[[list[str]], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reviewerDialog")
        self.setWindowTitle(f"评查人员 — {case_file.case_number} {case_file.unit_name}")
        self._assign = assign
        chosen = {r.person_id for r in case_file.reviewers}
        self.people = _candidate_list(candidates, chosen, case_file.unit_id)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("勾选至少两名评查人员（本单位人员不能评查本单位案卷）："))
        layout.addWidget(self.people, 1)
        self._finish_layout(layout)

    def submit(self) -> None:
        try:
            self._assign(_checked(self.people))
        except YuyouError as exc:
            show_error(self, "无法分配评查人员", exc)
            return
        self.accept()


class AutoAssignDialog(_PeopleDialog):
    """A pool of reviewers shared out over every drawn file that still needs reviewers."""

    def __init__(
        self,
        candidates: list[ReviewerCandidate],
        assign: Callable[[list[str], int], int],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("autoAssignDialog")
        self.setWindowTitle("自动分配评查人员")
        self._assign = assign
        self.assigned = 0
        self.people = _candidate_list(candidates, set(), None)
        self.perFileSpin = QSpinBox()
        self.perFileSpin.setRange(2, 5)
        self.perFileSpin.setValue(2)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel("勾选参加评查的人员。每份抽中的案卷分给本单位以外、已分案卷最少的人员。")
        )
        layout.addWidget(self.people, 1)
        form = QFormLayout()
        form.addRow("每份案卷评查人数", self.perFileSpin)
        layout.addLayout(form)
        self._finish_layout(layout)

    def submit(self) -> None:
        try:
            self.assigned = self._assign(_checked(self.people), self.perFileSpin.value())
        except YuyouError as exc:
            show_error(self, "无法自动分配", exc)
            return
        self.accept()
