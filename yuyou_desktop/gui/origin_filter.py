"""来源单位: the filter the county (or any office holding records of another office) sees in
every list — 全部, 本单位, or one township — and what the tabs ask it about a row: the name of
the office that created it, and why this office may not change it (see
``services/ownership.py``).  Hidden when every record is this office's own and this office is
not the county."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from yuyou_desktop.gui.permissions import change_refusal
from yuyou_desktop.services.ownership import OriginChoices

COMBO_MIN_WIDTH = 64
COMBO_CHARS = 6
COLUMN_TITLE = "来源单位"


class OriginFilter(QWidget):
    """A label and a combo; ``changed()`` when the choice changes.  Without a ``title`` (a bar
    of unlabelled combos: 全部种类, 全部状态…) the first item says 全部来源单位."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, title: str = "来源单位：") -> None:
        super().__init__(parent)
        self.setObjectName("originFilter")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.label = QLabel(title, self)
        self.label.setVisible(bool(title))
        self.everything = "全部" if title else "全部来源单位"
        self.combo = QComboBox(self)
        self.combo.setObjectName("filter_origin")
        self.combo.setToolTip("只列出某个单位登记的记录（其他单位的记录只能查看）")
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.combo.setMinimumContentsLength(COMBO_CHARS)
        self.combo.setMinimumWidth(COMBO_MIN_WIDTH)
        self.combo.setMaxVisibleItems(20)
        self.label.setBuddy(self.combo)
        layout.addWidget(self.label)
        layout.addWidget(self.combo, 1)
        self.combo.addItem(self.everything, None)
        self.choices: OriginChoices | None = None
        self.combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.setVisible(False)

    @property
    def shown(self) -> bool:
        return self.choices is not None and self.choices.shown

    def set_choices(self, choices: OriginChoices) -> bool:
        """List ``choices`` (keeping the choice while that office is still listed); True when
        the choice had to go back to 全部 (the caller queries again)."""
        chosen = self.value()
        self.choices = choices
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItem(self.everything, None)
        for office in choices.offices:
            self.combo.addItem(office.label, office.code)
            tip = f"{office.name}（{office.code}）"
            self.combo.setItemData(self.combo.count() - 1, tip, Qt.ItemDataRole.ToolTipRole)
        index = self.combo.findData(chosen) if chosen else 0
        self.combo.setCurrentIndex(max(index, 0))
        self.combo.blockSignals(False)
        self.setVisible(choices.shown)
        return bool(chosen) and index < 0

    def value(self) -> str | None:
        return self.combo.currentData()

    def reset(self) -> None:
        """Back to 全部 without ``changed`` (the caller queries once for all its filters)."""
        self.combo.blockSignals(True)
        self.combo.setCurrentIndex(0)
        self.combo.blockSignals(False)

    def name_of(self, code: str | None) -> str:
        return self.choices.name_of(code) if self.choices is not None else (code or "")

    def refusal(self, code: str | None) -> str | None:
        """Why a record of office ``code`` cannot be changed here, or None when it can: the
        signed-in account's role first (a 查阅 account changes nothing), then the office."""
        return change_refusal(self) or self.office_refusal(code)

    def office_refusal(self, code: str | None) -> str | None:
        """Why a record of office ``code`` is another office's to change, or None."""
        return self.choices.refusal(code) if self.choices is not None else None


def refuse(buttons: Iterable[QWidget], refusal: str | None) -> None:
    """With a ``refusal``, disable ``buttons`` and make it their tooltip; without, give them
    back their own tooltip.  Enabling them is left to the caller's own rules."""
    for button in buttons:
        own = button.property("ownToolTip")
        if own is None:
            own = button.toolTip()
            button.setProperty("ownToolTip", own)
        if refusal:
            button.setEnabled(False)
            button.setToolTip(refusal)
        else:
            button.setToolTip(own)


class OriginColumn:
    """For the list models (mixed in before ``QAbstractTableModel``): a 来源单位 column after
    the model's own ``base_columns``, showing the name of each row's ``origin_office``."""

    origin_name: Callable[[str], str] | None = None
    origin_tip = "登记这条记录的单位（不能按此列排序）"
    base_columns: int
    _rows: list[Any]
    _texts: list[tuple[str, ...]]

    def show_origin(self, name_of: Callable[[str], str] | None) -> None:
        """Show (``name_of`` gives an office's name) or hide the column."""
        if (name_of is None) == (self.origin_name is None):
            self.origin_name = name_of
            return
        self.beginResetModel()  # type: ignore[attr-defined]
        self.origin_name = name_of
        display = getattr(self, "_display", None)  # models that keep their rows' texts
        if display is not None:
            self._texts = [display(row) for row in self._rows]
        self.endResetModel()  # type: ignore[attr-defined]

    def origin_texts(self, row: Any) -> tuple[str, ...]:
        """The column's text of ``row`` (nothing while the column is hidden)."""
        return () if self.origin_name is None else (self.origin_name(row.origin_office),)

    def column_total(self) -> int:
        return self.base_columns + (0 if self.origin_name is None else 1)

    def origin_header(self, section: int, role: int) -> Any:
        """The header of the column, or None for another section or role."""
        if section != self.base_columns or self.origin_name is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMN_TITLE
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.origin_tip
        return None
