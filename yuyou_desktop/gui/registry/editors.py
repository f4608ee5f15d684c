"""One input widget per register field, generated from the field's kind.

Each editor is a :class:`FieldEditor`: ``widget`` goes into the form, ``value()`` is what is
handed to ``RegistryService.save`` (a str, date, bool or None; a unit by its id), ``set_value``
fills it from a listed record.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from yuyou_desktop.gui.registry.presentation import status_colour
from yuyou_desktop.services.registry.fields import (
    BOOL,
    CREDIT_CODE,
    DATE,
    DERIVED,
    ENUM,
    ID_NUMBER,
    INT,
    PERSON,
    UNIT,
    display,
)

if TYPE_CHECKING:
    from yuyou_desktop.services.registry.fields import Field

DATE_FORMAT = "yyyy-MM-dd"
LONG_TEXT = 400  # fields allowing more characters than this get a multi-line box


def _qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def _date_edit(parent: QWidget | None) -> QDateEdit:
    edit = QDateEdit(parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(DATE_FORMAT)
    edit.setDate(_qdate(date.today()))
    return edit


class OptionalDateEdit(QWidget):
    """A date that may be left empty: a check box (填写) enables the date."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.check = QCheckBox("填写", self)
        self.check.setToolTip("不勾选表示不填写此日期")
        self.date = _date_edit(self)
        layout.addWidget(self.check)
        layout.addWidget(self.date, 1)
        self.check.toggled.connect(self.date.setEnabled)
        self.set_value(None)
        self.setFocusProxy(self.check)

    def value(self) -> date | None:
        return _pydate(self.date.date()) if self.check.isChecked() else None

    def set_value(self, value: date | None) -> None:
        self.check.setChecked(value is not None)
        self.date.setEnabled(value is not None)
        if value is not None:
            self.date.setDate(_qdate(value))


class FieldEditor:
    """The input of one field."""

    def __init__(
        self, field: Field, units: list[tuple[str, str]], parent: QWidget | None = None
    ) -> None:
        self.field = field
        self.widget = self._make(field, units, parent)
        self.widget.setObjectName(f"field_{field.key.replace('-', '_')}")

    @property
    def read_only(self) -> bool:
        return self.field.kind == DERIVED

    def _make(self, field: Field, units: list[tuple[str, str]], parent: QWidget | None) -> QWidget:
        kind = field.kind
        if kind == DERIVED:
            label = QLabel(parent)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setToolTip("由程序计算，不能填写")
            return label
        if kind in (ENUM, UNIT):
            combo = QComboBox(parent)
            combo.setEditable(False)
            combo.addItem("" if field.required else "（无）", "")
            if kind == ENUM and field.enum is not None:
                for member in field.enum:
                    combo.addItem(member.label, member.value)
            else:
                for unit_id, name in units:
                    combo.addItem(name, unit_id)
            combo.setMaxVisibleItems(20)
            return combo
        if kind == DATE:
            return _date_edit(parent) if field.required else OptionalDateEdit(parent)
        if kind == BOOL:
            return QCheckBox("是", parent)
        if kind == INT and field.required:
            spin = QSpinBox(parent)
            spin.setRange(int(field.low or 0), int(field.high or 999_999_999))
            spin.setValue(max(spin.minimum(), min(date.today().year, spin.maximum())))
            return spin
        if field.max_len > LONG_TEXT:
            box = QPlainTextEdit(parent)
            box.setTabChangesFocus(True)
            box.setFixedHeight(box.fontMetrics().lineSpacing() * 5 + 12)
            return box
        edit = QLineEdit(parent)
        if kind in (CREDIT_CODE, ID_NUMBER, PERSON):
            edit.setMaxLength(18)
            edit.setPlaceholderText("18位")
        elif field.max_len:
            edit.setMaxLength(field.max_len)
        if kind == PERSON:
            edit.setPlaceholderText("已登记人员的18位身份证号")
        return edit

    # ------------------------------------------------------------ values

    def value(self) -> Any:
        w = self.widget
        if isinstance(w, QComboBox):
            return w.currentData() or ""
        if isinstance(w, OptionalDateEdit):
            return w.value()
        if isinstance(w, QDateEdit):
            return _pydate(w.date())
        if isinstance(w, QCheckBox):
            return w.isChecked()
        if isinstance(w, QSpinBox):
            return str(w.value())
        if isinstance(w, QPlainTextEdit):
            return w.toPlainText()
        assert isinstance(w, QLineEdit)
        return w.text()

    def set_value(self, value: Any, ref_id: str | None = None, shown: str = "") -> None:
        """Fill from a record; ``ref_id`` is the unit's id for a unit field."""
        w = self.widget
        if isinstance(w, QLabel):
            w.setText(display(self.field, value))
            colour = status_colour(self.field, value)
            w.setStyleSheet(f"color: {colour.name()}; font-weight: bold;" if colour else "")
        elif isinstance(w, QComboBox):
            wanted = ref_id if self.field.kind == UNIT else value
            index = w.findData(wanted or "")
            if index < 0 and wanted:  # a unit deleted since: keep it, say so
                w.addItem(f"{shown or wanted}（已删除）", wanted)
                index = w.count() - 1
            w.setCurrentIndex(max(index, 0))
        elif isinstance(w, OptionalDateEdit):
            w.set_value(value)
        elif isinstance(w, QDateEdit):
            if value is not None:
                w.setDate(_qdate(value))
        elif isinstance(w, QCheckBox):
            w.setChecked(bool(value))
        elif isinstance(w, QSpinBox):
            if value is not None:
                w.setValue(int(value))
        elif isinstance(w, QPlainTextEdit):
            w.setPlainText(display(self.field, value))
        else:
            assert isinstance(w, QLineEdit)
            w.setText(display(self.field, value))

    def focus(self) -> None:
        w = self.widget
        w.setFocus(Qt.FocusReason.OtherFocusReason)
        if isinstance(w, QLineEdit):
            w.selectAll()
