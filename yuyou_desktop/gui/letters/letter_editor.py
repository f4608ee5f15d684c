"""Drafting a letter: the form is generated from the type's template (its fields, in order,
with their hints), plus 受文单位/主送机关, 标题, 版式, 附件 and 抄送.  预览 shows the draft as it
would print (marked 草稿); 保存 stores the draft.  Closing with unsaved changes asks first."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, QSettings
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from yuyou_desktop.domain.letters import LAYOUT_LABELS, LetterType
from yuyou_desktop.errors import YuyouError
from yuyou_desktop.gui.letters.screen import fit_to_screen
from yuyou_desktop.gui.messages import show_error
from yuyou_desktop.services.letters.records import LetterDraft

GEOMETRY_KEY = "letters/editorGeometry"


class DateField(QWidget):
    """A date that may be left unset: unticked, the box reads 未填写 (not a greyed-out date
    that looks filled in)."""

    UNSET = QDate(2000, 1, 1)

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.today = QDate(today.year, today.month, today.day)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.check = QCheckBox("填写日期")
        self.edit = QDateEdit()
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("yyyy年M月d日")
        self.edit.setMinimumDate(self.UNSET)
        self.edit.setSpecialValueText("未填写")
        self.edit.setDate(self.UNSET)
        self.edit.setEnabled(False)
        self.check.toggled.connect(self._toggled)
        row.addWidget(self.check)
        row.addWidget(self.edit)
        row.addStretch(1)

    def _toggled(self, on: bool) -> None:
        self.edit.setEnabled(on)
        if on and self.edit.date() == self.UNSET:
            self.edit.setDate(self.today)
        elif not on:
            self.edit.setDate(self.UNSET)

    def value(self) -> str:
        if not self.check.isChecked() or self.edit.date() == self.UNSET:
            return ""
        return self.edit.date().toPython().isoformat()

    def set_value(self, text: str) -> None:
        if not text:
            self.check.setChecked(False)
            return
        day = date.fromisoformat(text)
        self.check.setChecked(True)
        self.edit.setDate(QDate(day.year, day.month, day.day))


class LetterEditor(QDialog):
    """``save(draft)`` stores the draft (create or update) and may raise; ``preview(draft)``
    shows it."""

    def __init__(
        self,
        letter_type: LetterType,
        draft: LetterDraft,
        units: list[tuple[str, str]],
        save: Callable[[LetterDraft], None],
        preview: Callable[[LetterDraft], None],
        settings: QSettings,
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("letterEditor")
        self.letter_type = letter_type
        self._save, self._preview = save, preview
        self.settings = settings
        self.base = draft
        self.setWindowTitle(f"{letter_type.name} — 起草")
        outer = QVBoxLayout(self)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        body = QWidget()
        form = QFormLayout(body)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        if draft.corrects_id:
            note = QLabel("这是一份更正文书：正文开头将写明所更正的原文书。")
            note.setWordWrap(True)
            form.addRow(note)
        self.unitCombo = QComboBox()
        self.unitCombo.setObjectName("unitCombo")
        self.unitCombo.addItem("（不选单位）", None)
        for unit_id, name in units:
            self.unitCombo.addItem(name, unit_id)
        self.recipientEdit = QLineEdit()
        self.recipientEdit.setObjectName("recipientEdit")
        self.unitCombo.activated.connect(self._unit_chosen)
        if letter_type.recipient != "organ":
            form.addRow("受文单位", self.unitCombo)
        label = "主送机关" if letter_type.recipient == "organ" else "主送（打印名称）"
        form.addRow(label, self.recipientEdit)
        self.titleEdit = QLineEdit()
        self.titleEdit.setObjectName("titleEdit")
        self.titleEdit.setPlaceholderText(letter_type.name)
        form.addRow("标题", self.titleEdit)
        self.layoutCombo = QComboBox()
        if letter_type.layout != "form":
            for code in ("letter", "official"):
                self.layoutCombo.addItem(LAYOUT_LABELS[code], code)
            form.addRow("版式", self.layoutCombo)
        self.inputs: dict[str, QWidget] = {}
        for spec in letter_type.fields:
            if spec.kind == "date":
                widget: QWidget = DateField(today)
            elif spec.kind == "line":
                widget = QLineEdit()
            else:
                widget = QPlainTextEdit()
                widget.setMinimumHeight(90)
                widget.setTabChangesFocus(True)
            widget.setObjectName(f"field_{spec.key}")
            if spec.hint:
                widget.setToolTip(spec.hint)
                if isinstance(widget, QLineEdit | QPlainTextEdit):
                    widget.setPlaceholderText(spec.hint)
            self.inputs[spec.key] = widget
            form.addRow(spec.label + ("（必填）" if spec.required else ""), widget)
        self.attachmentsEdit = QPlainTextEdit()
        self.attachmentsEdit.setObjectName("attachmentsEdit")
        self.attachmentsEdit.setPlaceholderText("每个附件名称一行")
        self.attachmentsEdit.setMaximumHeight(70)
        self.ccEdit = QLineEdit()
        self.ccEdit.setObjectName("ccEdit")
        self.ccEdit.setPlaceholderText("多个机关用“，”分隔")
        if letter_type.layout != "form":
            form.addRow("附件", self.attachmentsEdit)
            form.addRow("抄送", self.ccEdit)
        buttons = QDialogButtonBox()
        self.previewButton = buttons.addButton("预览…", QDialogButtonBox.ButtonRole.ActionRole)
        self.saveButton = buttons.addButton("保存草稿", QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.previewButton.clicked.connect(lambda: self._preview(self.draft()))
        self.saveButton.clicked.connect(self.submit)
        cancel.clicked.connect(self.reject)
        outer.addWidget(buttons)
        self._fill(draft)
        self._initial = self.draft()
        fit_to_screen(self, 640, 720)
        geometry = settings.value(GEOMETRY_KEY)
        if geometry is not None:
            self.restoreGeometry(geometry)

    def _fill(self, draft: LetterDraft) -> None:
        index = self.unitCombo.findData(draft.unit_id) if draft.unit_id else 0
        self.unitCombo.setCurrentIndex(max(index, 0))
        self.recipientEdit.setText(draft.recipient)
        if draft.title and draft.title != self.letter_type.name:
            self.titleEdit.setText(draft.title)
        layout_index = self.layoutCombo.findData(draft.layout or self.letter_type.layout)
        if layout_index >= 0:
            self.layoutCombo.setCurrentIndex(layout_index)
        for key, widget in self.inputs.items():
            value = draft.fields.get(key, "")
            if isinstance(widget, DateField):
                widget.set_value(value)
            elif isinstance(widget, QLineEdit):
                widget.setText(value)
            elif isinstance(widget, QPlainTextEdit):
                widget.setPlainText(value)
        self.attachmentsEdit.setPlainText("\n".join(draft.attachments))
        self.ccEdit.setText("，".join(draft.cc))

    def _unit_chosen(self, index: int) -> None:
        if self.unitCombo.itemData(index):
            self.recipientEdit.setText(self.unitCombo.itemText(index))

    def draft(self) -> LetterDraft:
        fields: dict[str, str] = {}
        for key, widget in self.inputs.items():
            if isinstance(widget, DateField):
                fields[key] = widget.value()
            elif isinstance(widget, QLineEdit):
                fields[key] = widget.text()
            elif isinstance(widget, QPlainTextEdit):
                fields[key] = widget.toPlainText()
        cc = self.ccEdit.text().replace(",", "，").replace("、", "，").split("，")
        return LetterDraft(
            type_code=self.letter_type.code,
            unit_id=self.unitCombo.currentData(),
            recipient=self.recipientEdit.text(),
            title=self.titleEdit.text() or self.letter_type.name,
            fields=fields,
            attachments=tuple(self.attachmentsEdit.toPlainText().splitlines()),
            cc=tuple(cc),
            layout=self.layoutCombo.currentData() or self.letter_type.layout,
            source_kind=self.base.source_kind,
            source_id=self.base.source_id,
            corrects_id=self.base.corrects_id,
        )

    def submit(self) -> None:
        try:
            self._save(self.draft())
        except YuyouError as exc:
            show_error(self, "无法保存", exc)
            return
        self._initial = self.draft()
        self.accept()

    def reject(self) -> None:
        if self.draft() != self._initial:
            answer = QMessageBox.question(
                self,
                "放弃修改",
                "草稿有未保存的修改，确定放弃吗？",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        super().reject()

    def done(self, result: int) -> None:
        self.settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        super().done(result)
