"""The first page of the inspection dialog: what, where, when and whom (基本情况), and the
record itself (依据, 检查情况, 结论, 整改要求)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, QDateTime, QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from yuyou_desktop.domain.enums import FocusArea, InspectionKind
from yuyou_desktop.gui.inspections.pickers import Choice, PickerDialog

if TYPE_CHECKING:
    from yuyou_desktop.services.inspections.records import InspectionRecord
    from yuyou_desktop.services.inspections.service import InspectionService

DATETIME_FORMAT = "yyyy-MM-dd HH:mm"
RECTIFY_DAYS = 30  # a new inspection's 整改期限 starts this many days after it


def to_qdatetime(value: datetime) -> QDateTime:
    return QDateTime(QDate(value.year, value.month, value.day), QTime(value.hour, value.minute))


def from_qdatetime(value: QDateTime) -> datetime:
    d, t = value.date(), value.time()
    return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute())  # Beijing time


def _text_box(lines: int, parent: QWidget) -> QPlainTextEdit:
    box = QPlainTextEdit(parent)
    box.setTabChangesFocus(True)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 14)
    return box


class InspectionForm(QWidget):
    """``dayChanged(date)`` when the inspection date changes (certificates depend on it)."""

    dayChanged = Signal(object)

    def __init__(
        self,
        inspections: InspectionService,
        units: Sequence[tuple[str, str]],
        quiet_exceptions: Sequence[str],
        now: Callable[[], datetime] = datetime.now,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._inspections = inspections
        self.enterprise_id = ""
        self.lead_id = ""
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.numberLabel = QLabel(self)
        self.kindCombo = self._enum_combo(InspectionKind)
        self.areaCombo = self._enum_combo(FocusArea)
        self.unitCombo = QComboBox(self)
        self.unitCombo.addItem("", "")
        for unit_id, name in units:
            self.unitCombo.addItem(name, unit_id)
        self.unitCombo.setMaxVisibleItems(20)
        self.enterpriseEdit = QLineEdit(self)
        self.enterpriseEdit.setReadOnly(True)
        self.enterpriseEdit.setPlaceholderText("（不涉及企业）")
        self.chooseEnterpriseButton = QPushButton("选择…", self)
        self.clearEnterpriseButton = QPushButton("清除", self)
        enterprise_row = QHBoxLayout()
        enterprise_row.addWidget(self.enterpriseEdit, 1)
        enterprise_row.addWidget(self.chooseEnterpriseButton)
        enterprise_row.addWidget(self.clearEnterpriseButton)
        self.onSiteCheck = QCheckBox("是（到现场检查）", self)
        self.onSiteCheck.setChecked(True)
        self.exceptionCombo = QComboBox(self)
        self.exceptionCombo.addItem("（无）", "")
        for reason in quiet_exceptions:
            self.exceptionCombo.addItem(reason, reason)
        start = now().replace(second=0, microsecond=0)
        self.startEdit = QDateTimeEdit(to_qdatetime(start), self)
        self.endEdit = QDateTimeEdit(to_qdatetime(start + timedelta(hours=2)), self)
        for edit in (self.startEdit, self.endEdit):
            edit.setDisplayFormat(DATETIME_FORMAT)
            edit.setCalendarPopup(True)
        self._start = self.startEdit.dateTime()
        self._end_follows = True  # a new inspection's end keeps its duration after the start
        self.placeEdit = QLineEdit(self)
        self.placeEdit.setMaxLength(200)
        self.recorderEdit = QLineEdit(self)
        self.recorderEdit.setMaxLength(40)
        self.leadLabel = QLabel("（无）", self)
        self.basisEdit = _text_box(2, self)
        self.findingsEdit = _text_box(5, self)
        self.conclusionEdit = _text_box(2, self)
        self.rectifyCheck = QCheckBox("需要整改，整改期限：", self)
        self.deadlineEdit = QDateEdit(self)
        self.deadlineEdit.setDisplayFormat("yyyy-MM-dd")
        self.deadlineEdit.setCalendarPopup(True)
        self.deadlineEdit.setDate(QDate(start.year, start.month, start.day).addDays(RECTIFY_DAYS))
        self.deadlineEdit.setEnabled(False)
        rectify_row = QHBoxLayout()
        rectify_row.addWidget(self.rectifyCheck)
        rectify_row.addWidget(self.deadlineEdit)
        rectify_row.addStretch(1)
        self.rows: dict[str, QWidget] = {
            "检查编号": self.numberLabel,
            "检查类型": self.kindCombo,
            "重点领域": self.areaCombo,
            "被监督单位": self.unitCombo,
            "检查企业": self.enterpriseEdit,
            "现场检查": self.onSiteCheck,
            "安静期例外事由": self.exceptionCombo,
            "开始时间": self.startEdit,
            "结束时间": self.endEdit,
            "检查地点": self.placeEdit,
            "记录人": self.recorderEdit,
            "来源线索": self.leadLabel,
            "检查依据": self.basisEdit,
            "检查情况": self.findingsEdit,
            "检查结论": self.conclusionEdit,
            "整改期限": self.deadlineEdit,
        }
        required = {"检查类型", "重点领域", "被监督单位", "开始时间", "结束时间"}
        self.labels: dict[str, QLabel] = {}
        for title, widget in self.rows.items():
            label = QLabel(("＊" if title in required else "") + title + "：", self)
            label.setBuddy(widget)
            self.labels[title] = label
            if title == "检查企业":
                form.addRow(label, enterprise_row)
            elif title == "整改期限":
                label.setText("整改要求：")
                form.addRow(label, rectify_row)
            else:
                form.addRow(label, widget)
        self.exceptionCombo.setToolTip("安静期内到企业现场检查时必须选择")
        self.chooseEnterpriseButton.clicked.connect(self.choose_enterprise)
        self.clearEnterpriseButton.clicked.connect(lambda: self.set_enterprise("", ""))
        self.rectifyCheck.toggled.connect(self.deadlineEdit.setEnabled)
        self.startEdit.dateTimeChanged.connect(self._start_changed)

    def _enum_combo(self, enum: Any) -> QComboBox:
        combo = QComboBox(self)
        combo.addItem("", "")
        for member in enum:
            combo.addItem(member.label, member.value)
        return combo

    # ------------------------------------------------------------ behaviour

    def day(self) -> date:
        return from_qdatetime(self.startEdit.dateTime()).date()

    def _start_changed(self, value: QDateTime) -> None:
        # The end moves with the start (the duration is kept): the form opens at now, and a
        # clerk backdating the start would otherwise record an inspection lasting until today.
        # A saved inspection's end is never moved for the clerk: correcting its start time must
        # not silently change a correct end (an end before the start is refused on saving).
        moved, self._start = self._start.secsTo(value), value
        if self._end_follows:
            if moved:
                self.endEdit.setDateTime(self.endEdit.dateTime().addSecs(moved))
            if self.endEdit.dateTime() < value:  # keep the end after the start while typing
                self.endEdit.setDateTime(value.addSecs(2 * 3600))
        if not self.rectifyCheck.isChecked():  # not chosen yet: 30 days from the inspection
            self.deadlineEdit.setDate(value.date().addDays(RECTIFY_DAYS))
        self.dayChanged.emit(self.day())

    def set_enterprise(self, enterprise_id: str, shown: str) -> None:
        self.enterprise_id = enterprise_id
        self.enterpriseEdit.setText(shown)

    def choose_enterprise(self) -> None:
        inspections = self._inspections

        def fetch(text: str) -> list[Choice]:
            return [
                Choice(e.enterprise_id, (e.name, e.credit_code, e.address))
                for e in inspections.enterprise_candidates(text)
            ]

        picker = PickerDialog(
            "选择检查企业",
            ("企业名称", "统一社会信用代码", "地址"),
            fetch,
            self,
            hint="输入企业名称或统一社会信用代码的任意一段",
        )
        if picker.exec() == PickerDialog.DialogCode.Accepted and picker.chosen:
            choice = picker.chosen[0]
            self.set_enterprise(choice.id, f"{choice.cells[0]}（{choice.cells[1]}）")

    # ------------------------------------------------------------ values

    def rectification_deadline(self) -> date | None:
        """The 整改期限 when 需要整改 is ticked."""
        if not self.rectifyCheck.isChecked():
            return None
        qd = self.deadlineEdit.date()
        return date(qd.year(), qd.month(), qd.day())

    def values(self) -> dict[str, Any]:
        required = self.rectifyCheck.isChecked()
        qd = self.deadlineEdit.date()
        return {
            "kind": self.kindCombo.currentData() or "",
            "focus_area": self.areaCombo.currentData() or "",
            "unit": self.unitCombo.currentData() or "",
            "enterprise": self.enterprise_id,
            "on_site": self.onSiteCheck.isChecked(),
            "quiet_exception": self.exceptionCombo.currentData() or "",
            "started_at": from_qdatetime(self.startEdit.dateTime()),
            "ended_at": from_qdatetime(self.endEdit.dateTime()),
            "place": self.placeEdit.text(),
            "recorder": self.recorderEdit.text(),
            "basis": self.basisEdit.toPlainText(),
            "findings": self.findingsEdit.toPlainText(),
            "conclusion": self.conclusionEdit.toPlainText(),
            "rectification_required": required,
            "rectification_deadline": date(qd.year(), qd.month(), qd.day()) if required else None,
            "lead_id": self.lead_id,
        }

    def set_lead(self, lead_id: str, shown: str) -> None:
        self.lead_id = lead_id
        self.leadLabel.setText(shown or "（无）")

    def load(self, record: InspectionRecord) -> None:
        self.numberLabel.setText(record.number)
        self._select(self.kindCombo, record.kind.value, record.kind.label)
        self._select(self.areaCombo, record.focus_area.value, record.focus_area.label)
        self._select(self.unitCombo, record.unit_id, f"{record.unit_name}（已删除）")
        if record.enterprise_id:
            shown = f"{record.enterprise_name}（{record.enterprise_credit_code}）"
            self.set_enterprise(record.enterprise_id, shown)
        self.onSiteCheck.setChecked(record.on_site)
        self._select(self.exceptionCombo, record.quiet_exception, record.quiet_exception)
        self._end_follows = False
        self.startEdit.setDateTime(to_qdatetime(record.started_at))
        self.endEdit.setDateTime(to_qdatetime(record.ended_at))
        self.placeEdit.setText(record.place)
        self.recorderEdit.setText(record.recorder)
        self.basisEdit.setPlainText(record.basis)
        self.findingsEdit.setPlainText(record.findings)
        self.conclusionEdit.setPlainText(record.conclusion)
        self.rectifyCheck.setChecked(record.rectification_required)
        if record.rectification_deadline is not None:
            d = record.rectification_deadline
            self.deadlineEdit.setDate(QDate(d.year, d.month, d.day))
        if record.lead_id:
            self.set_lead(record.lead_id, "已关联（见“投诉举报/线索”）")

    @staticmethod
    def _select(combo: QComboBox, value: str, shown: str) -> None:
        index = combo.findData(value or "")
        if index < 0 and value:  # a value no longer offered (a deleted unit, a removed reason)
            combo.addItem(shown, value)
            index = combo.count() - 1
        combo.setCurrentIndex(max(index, 0))
