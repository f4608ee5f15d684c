"""Transfers (移送) of a lead: the small table in the lead dialog, where each transfer's status
is changed (已移送/已接收/已反馈), and the dialog that records a new transfer.

Both write through ``LeadService`` on the task runner; a refused value keeps the dialog open
with what was typed.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from yuyou_desktop.domain.enums import TransferStatus, TransferTarget
from yuyou_desktop.errors import FieldError, YuyouError
from yuyou_desktop.gui.messages import show_error
from yuyou_desktop.gui.registry.editors import DATE_FORMAT
from yuyou_desktop.services.inspections.leads_query import ORGAN, REMARK

if TYPE_CHECKING:
    from yuyou_desktop.gui.tasks import TaskRunner
    from yuyou_desktop.services.inspections.leads import LeadService
    from yuyou_desktop.services.inspections.leads_query import LeadRow, TransferRow

ERROR_STYLE = "color: #b00020; font-weight: bold;"
HEADERS = ("移送日期", "移送对象", "接收机关", "状态", "备注")
STATUS_COLUMN = 3


def lead_summary(row: LeadRow) -> str:
    """“2026-06-01 12345热线：市民来电反映……” for headings and questions."""
    text = " ".join(row.content.split())
    text = text if len(text) <= 30 else text[:29] + "…"
    return f"{row.received_on.isoformat()} {row.source_label}：{text}"


class TransferTable(QTableWidget):
    """The transfers of one lead; the 状态 column is a drop-down that saves at once.
    ``changed()`` after a status was saved."""

    changed = Signal()

    def __init__(self, leads: LeadService, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(0, len(HEADERS), parent)
        self._leads = leads
        self._runner = runner
        self.transfers: list[TransferRow] = []
        self.combos: list[QComboBox] = []
        self.setHorizontalHeaderLabels(HEADERS)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        header.setStretchLastSection(True)
        digit = header.fontMetrics().horizontalAdvance("中")
        for column, chars in enumerate((6, 7, 12, 5)):
            header.resizeSection(column, chars * digit + 24)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)

    def set_transfers(self, transfers: tuple[TransferRow, ...]) -> None:
        self.transfers = list(transfers)
        self.combos = []
        self.setRowCount(len(self.transfers))
        for number, t in enumerate(self.transfers):
            cells = (t.transferred_on.isoformat(), t.target_label, t.organ_name, "", t.remark)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text if len(text) > 8 else "")
                self.setItem(number, column, item)
            combo = QComboBox(self)
            for member in TransferStatus:
                combo.addItem(member.label, member.value)
            combo.setCurrentIndex(combo.findData(t.status))
            combo.setToolTip("改变后立即保存")
            combo.currentIndexChanged.connect(lambda _i, n=number: self._status_chosen(n))
            self.setCellWidget(number, STATUS_COLUMN, combo)
            self.combos.append(combo)
        rows = max(len(self.transfers), 1)
        height = (
            self.horizontalHeader().height() + rows * self.verticalHeader().defaultSectionSize()
        )
        self.setFixedHeight(min(height, 6 * self.verticalHeader().defaultSectionSize()) + 4)

    def _status_chosen(self, number: int) -> None:
        t = self.transfers[number]
        combo = self.combos[number]
        status = combo.currentData()
        if status == t.status:
            return
        combo.setEnabled(False)
        leads = self._leads
        self._runner.run(
            "正在保存移送状态",
            lambda progress: leads.update_transfer(t.id, status, expected_version=t.version),
            lambda saved: self._saved(number, saved),
            lambda exc: self._failed(number, exc),
            parent=self,
            cancellable=False,
        )

    def _saved(self, number: int, saved: TransferRow) -> None:
        self.transfers[number] = saved
        self.combos[number].setEnabled(True)
        self.changed.emit()

    def _failed(self, number: int, exc: BaseException) -> None:
        combo = self.combos[number]
        combo.blockSignals(True)  # back to what is stored
        combo.setCurrentIndex(combo.findData(self.transfers[number].status))
        combo.blockSignals(False)
        combo.setEnabled(True)
        show_error(self, "无法保存移送状态", exc)


class TransferDialog(QDialog):
    """Record a transfer of ``row``; emits ``saved(LeadRow)`` (the lead, now 已移送)."""

    saved = Signal(object)

    def __init__(
        self,
        leads: LeadService,
        runner: TaskRunner,
        row: LeadRow,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("移送线索")
        self.row = row
        self._leads = leads
        self._runner = runner
        self.saving = False
        layout = QVBoxLayout(self)
        heading = QLabel(f"线索：{lead_summary(row)}\n带＊的项目必须填写。", self)
        heading.setWordWrap(True)
        layout.addWidget(heading)
        form = QFormLayout()
        self.targetCombo = QComboBox(self)
        self.targetCombo.addItem("", "")
        for member in TransferTarget:
            self.targetCombo.addItem(member.label, member.value)
        self.organEdit = QLineEdit(self)
        self.organEdit.setMaxLength(ORGAN.max_len)
        self.organEdit.setPlaceholderText("如：右玉县纪委监委（移送主管部门时必填）")
        self.dateEdit = QDateEdit(self)
        self.dateEdit.setCalendarPopup(True)
        self.dateEdit.setDisplayFormat(DATE_FORMAT)
        today = date.today()
        self.dateEdit.setDate(QDate(today.year, today.month, today.day))
        self.remarkEdit = QLineEdit(self)
        self.remarkEdit.setMaxLength(REMARK.max_len)
        self.labels: dict[str, QLabel] = {}
        for key, text, widget in (
            ("移送对象", "＊移送对象：", self.targetCombo),
            ("接收机关", "接收机关：", self.organEdit),
            ("移送日期", "＊移送日期：", self.dateEdit),
            ("备注", "备注：", self.remarkEdit),
        ):
            label = QLabel(text, self)
            label.setBuddy(widget)
            form.addRow(label, widget)
            self.labels[key] = label
        layout.addLayout(form)
        self.errorLabel = QLabel(self)
        self.errorLabel.setWordWrap(True)
        self.errorLabel.setStyleSheet(ERROR_STYLE)
        self.errorLabel.hide()
        layout.addWidget(self.errorLabel)
        self.buttonBox = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button.setText("移送")
        self.buttonBox.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttonBox.accepted.connect(self.submit)
        self.buttonBox.rejected.connect(self.reject)
        layout.addWidget(self.buttonBox)
        self.resize(520, self.sizeHint().height())
        self.targetCombo.setFocus()

    @property
    def ok_button(self):
        return self.buttonBox.button(QDialogButtonBox.StandardButton.Ok)

    def submit(self) -> None:
        if self.saving:
            return
        self.errorLabel.hide()
        for label in self.labels.values():
            label.setStyleSheet("")
        self.saving = True
        self.ok_button.setEnabled(False)
        qdate = self.dateEdit.date()
        args = (
            self.row.id,
            self.targetCombo.currentData() or "",
            self.organEdit.text(),
            date(qdate.year(), qdate.month(), qdate.day()),
            self.remarkEdit.text(),
        )
        leads = self._leads
        self._runner.run(
            "正在保存移送记录",
            lambda progress: leads.add_transfer(*args),
            self._saved,
            self._failed,
            parent=self,
            cancellable=False,
        )

    def reject(self) -> None:
        if not self.saving:
            super().reject()

    def _saved(self, row: LeadRow) -> None:
        self.saving = False
        self.ok_button.setEnabled(True)
        self.saved.emit(row)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.saving = False
        self.ok_button.setEnabled(True)
        self.errorLabel.setText(exc.message if isinstance(exc, YuyouError) else str(exc))
        self.errorLabel.show()
        if isinstance(exc, FieldError) and exc.field in self.labels:
            self.labels[exc.field].setStyleSheet(ERROR_STYLE)
            self.labels[exc.field].buddy().setFocus()
        show_error(self, "无法移送线索", exc)
