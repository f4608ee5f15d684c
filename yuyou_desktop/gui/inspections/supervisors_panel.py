"""Who took part: at least two people with a certificate valid on the inspection day, and any
number of 特邀行政执法监督员 in addition.  The picker shows each person's certificate state on
the day; the service checks again when saving."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from yuyou_desktop.gui.inspections.pickers import Choice, PickerDialog
from yuyou_desktop.services.inspections.rules import MIN_SUPERVISORS

if TYPE_CHECKING:
    from yuyou_desktop.services.inspections.records import SupervisorRecord
    from yuyou_desktop.services.inspections.service import InspectionService

PROBLEM_COLOUR = QColor("#b00020")
HEADERS = ("姓名", "身份", "所属单位", "证件编号（检查当日有效）")


@dataclass(frozen=True)
class Member:
    person_id: str
    name: str
    role_label: str
    unit_name: str
    certificate: str
    invited: bool
    problem: str = ""  # why the certificate is not valid on the inspection day ("" when it is)


class SupervisorsPanel(QWidget):
    def __init__(
        self,
        inspections: InspectionService,
        day: Callable[[], date],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._inspections = inspections
        self._day = day
        self._checked_on: date | None = None  # the day the members' certificates were read for
        self.members: list[Member] = []
        layout = QVBoxLayout(self)
        self.hintLabel = QLabel(
            f"至少{MIN_SUPERVISORS}名持有检查当日有效的行政执法证或行政执法监督证的人员；"
            "特邀行政执法监督员可以另外参加，但不计入这两名。",
            self,
        )
        self.hintLabel.setWordWrap(True)
        layout.addWidget(self.hintLabel)
        self.table = QTableWidget(0, len(HEADERS), self)
        self.table.setObjectName("supervisorsTable")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.addButton = QPushButton("添加持证人员…", self)
        self.addInvitedButton = QPushButton("添加特邀监督员…", self)
        self.removeButton = QPushButton("移除", self)
        self.countLabel = QLabel(self)
        for button in (self.addButton, self.addInvitedButton, self.removeButton):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.countLabel)
        layout.addLayout(buttons)
        self.addButton.clicked.connect(lambda: self.pick(invited=False))
        self.addInvitedButton.clicked.connect(lambda: self.pick(invited=True))
        self.removeButton.clicked.connect(self.remove_selected)
        self.table.itemSelectionChanged.connect(self._update)
        self._update()

    # ------------------------------------------------------------ values

    def chosen(self) -> list[tuple[str, bool]]:
        return [(m.person_id, m.invited) for m in self.members]

    def load(self, supervisors: tuple[SupervisorRecord, ...]) -> None:
        self.members = [
            Member(
                s.person_id,
                s.name,
                s.role.label,
                s.unit_name,
                s.certificate_number,
                s.invited,
            )
            for s in supervisors
        ]
        self._checked_on = self._day()
        self._show()

    def recheck(self, day: date) -> None:
        """The inspection day changed: read each member's certificate for the new day, so that
        the table shows what saving will find."""
        if day == self._checked_on:
            return
        self._checked_on = day
        counted = [m.person_id for m in self.members if not m.invited]
        found = {c.person_id: c for c in self._inspections.supervisors_on(counted, day)}
        members = []
        for m in self.members:
            if not m.invited:
                c = found.get(m.person_id)
                problem = c.problem if c else "已不在人员名录中或不再是持证人员"
                m = replace(m, certificate=c.certificate_number if c else "", problem=problem)
            members.append(m)
        self.members = members
        self._show()

    # ------------------------------------------------------------ editing

    def pick(self, invited: bool) -> None:
        day, inspections = self._day(), self._inspections
        present = {m.person_id for m in self.members}

        def fetch(text: str) -> list[Choice]:
            found = []
            for c in inspections.supervisor_candidates(text, day, invited):
                problem = "已在名单中" if c.person_id in present else c.problem
                certificate = "（特邀，无需证件）" if c.invited else c.certificate_number
                member = Member(
                    c.person_id, c.name, c.role.label, c.unit_name, c.certificate_number, c.invited
                )
                cells = (c.name, c.role.label, c.unit_name, certificate)
                found.append(Choice(c.person_id, cells, problem, member))
            return found

        title = (
            "添加特邀行政执法监督员" if invited else f"添加持证人员（检查日期 {day.isoformat()}）"
        )
        picker = PickerDialog(
            title,
            ("姓名", "人员类别", "所属单位", "检查当日有效证件"),
            fetch,
            self,
            multiple=True,
            hint="输入姓名或身份证号的任意一段",
        )
        if picker.exec() != PickerDialog.DialogCode.Accepted:
            return
        self._checked_on = day
        for choice in picker.chosen:
            assert isinstance(choice.value, Member)
            self.members.append(choice.value)
        self._show()

    def remove_selected(self) -> None:
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        self.members = [m for n, m in enumerate(self.members) if n not in rows]
        self._show()

    def _show(self) -> None:
        table = self.table
        table.setRowCount(len(self.members))
        for row, m in enumerate(self.members):
            certificate = "（特邀，不计入两名）" if m.invited else m.certificate
            if m.problem:
                certificate = f"检查当日无有效证件：{m.problem}"
            for column, text in enumerate((m.name, m.role_label, m.unit_name, certificate)):
                item = QTableWidgetItem(text)
                if m.problem:
                    item.setForeground(PROBLEM_COLOUR)
                    item.setToolTip(m.problem)
                table.setItem(row, column, item)
        table.resizeColumnsToContents()
        self._update()

    def _update(self) -> None:
        counted = sum(1 for m in self.members if not m.invited and not m.problem)
        invited = sum(1 for m in self.members if m.invited)
        text = f"持证人员 {counted} 名" + (f"，特邀 {invited} 名" if invited else "")
        if counted < MIN_SUPERVISORS:
            text += f"（还差 {MIN_SUPERVISORS - counted} 名）"
            self.countLabel.setStyleSheet("color: #b00020;")
        else:
            self.countLabel.setStyleSheet("")
        self.countLabel.setText(text)
        self.removeButton.setEnabled(bool(self.table.selectionModel().selectedRows()))
