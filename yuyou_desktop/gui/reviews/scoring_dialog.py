"""The scoring screen (评分表): one reviewer's sheet for one case file.

Every veto item with a tick and a note; every deduction item with the number of defects and a
note, grouped under its category with the category's subtotal; the total and the grade below.
The arithmetic is the domain's (``score_sheet``) and runs on every change, so what is shown is
what will be stored.  Keyboard: the defects column takes digits directly (type a number, Enter,
↓ to the next item; category rows are skipped), Ctrl+S saves.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QSpinBox,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from yuyou_desktop.domain.scoring import Sheet, SheetScore, item_deduction, score_sheet
from yuyou_desktop.errors import YuyouError
from yuyou_desktop.gui.messages import show_error

if TYPE_CHECKING:
    from yuyou_desktop.services.reviews.records import ReviewerRef, SheetRecord
    from yuyou_desktop.services.reviews.scoring import ScoringService

MAX_DEFECTS = 99
CODE, TEXT, POINTS, CAP, COUNT, DEDUCTED, NOTE = range(7)
ITEM_HEADERS = ("编号", "扣分项", "每处扣分", "上限", "处数", "扣分", "说明")
VETO_ON, VETO_TEXT, VETO_NOTE = range(3)
CODE_ROLE = Qt.ItemDataRole.UserRole + 1
READ_ONLY = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
LOCKED_STYLE = "background: #fdecea; color: #8a1c1c; padding: 6px;"


def points_text(value: Decimal | None) -> str:
    if value is None:
        return ""
    return f"{value.normalize():f}" if value == value.to_integral_value() else f"{value:f}"


def score_text(value: Decimal | None) -> str:
    """A file's or a unit's score, always with one decimal (“98.0”), as printed."""
    return "" if value is None else f"{value:.1f}"


def reviewer_label(reviewer: ReviewerRef) -> str:
    """“张三（92.5分）”, or “张三（未评）” before the sheet is saved."""
    if reviewer.total is None:
        return f"{reviewer.name}（未评）"
    return f"{reviewer.name}（{points_text(reviewer.total)}分）"


class CountDelegate(QStyledItemDelegate):
    """Edits the number of defects with a spin box (0 to 99)."""

    def createEditor(self, parent: QWidget, option, index) -> QWidget:
        editor = QSpinBox(parent)
        editor.setRange(0, MAX_DEFECTS)
        editor.setFrame(False)
        return editor

    def setEditorData(self, editor: QWidget, index) -> None:
        text = str(index.data() or "0")
        editor.setValue(int(text) if text.isdigit() else 0)  # type: ignore[attr-defined]
        editor.selectAll()  # type: ignore[attr-defined]

    def setModelData(self, editor: QWidget, model, index) -> None:
        editor.interpretText()  # type: ignore[attr-defined]
        model.setData(index, str(editor.value()))  # type: ignore[attr-defined]


class ScoringDialog(QDialog):
    """``saved(SheetRecord)`` after the sheet was stored."""

    saved = Signal(object)

    def __init__(self, scoring: ScoringService, sheet: SheetRecord, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("scoringDialog")
        self._scoring = scoring
        self.sheet = sheet
        self._standard = sheet.standard.standard
        self._dirty = False
        self._filling = True
        case_file = sheet.case_file
        who = f"（评查人员：{sheet.reviewer_name}）"
        self.setWindowTitle(f"评分 — {case_file.case_number} {case_file.unit_name}{who}")
        layout = QVBoxLayout(self)
        heading = QLabel(
            f"<b>{case_file.title}</b>　{case_file.case_type}　当事人：{case_file.party or '—'}"
            f"<br>评查标准：{sheet.standard.name}（第{sheet.standard.version}版）"
        )
        layout.addWidget(heading)
        self.lockedLabel = QLabel(
            sheet.not_owned  # another office's campaign
            or f"这份案卷已于{case_file.finalised_on}由{case_file.finalised_by}定稿，评分表已锁定，"
            "只能查看。如需修改，请先在案卷列表中“重新打开”。"
        )
        self.lockedLabel.setStyleSheet(LOCKED_STYLE)
        self.lockedLabel.setWordWrap(True)
        self.lockedLabel.setVisible(sheet.read_only)
        layout.addWidget(self.lockedLabel)
        layout.addWidget(self._veto_box())
        self.itemsTable = self._items_table()
        layout.addWidget(self.itemsTable, 1)
        self.totalLabel = QLabel()
        self.totalLabel.setObjectName("totalLabel")
        font = QFont(self.totalLabel.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.totalLabel.setFont(font)
        layout.addWidget(self.totalLabel)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存 (Ctrl+S)")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(
            "关闭" if sheet.read_only else "取消"
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not sheet.read_only)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.submit)
        self._filling = False
        self.vetoTable.itemChanged.connect(self._changed)
        self.itemsTable.itemChanged.connect(self._changed)
        self.update_scores()
        self.resize(980, 720)
        first = self._first_count_row()
        if first is not None:
            self.itemsTable.setCurrentCell(first, COUNT)
        self.itemsTable.setFocus()

    # ------------------------------------------------------------ building

    def _veto_box(self) -> QGroupBox:
        box = QGroupBox("否决项（任何一项成立，案卷为不合格、得0分）", self)
        box_layout = QVBoxLayout(box)
        table = QTableWidget(len(self._standard.vetoes), 3, box)
        table.setObjectName("vetoTable")
        table.setHorizontalHeaderLabels(("成立", "否决项", "说明"))
        table.verticalHeader().hide()
        editable = not self.sheet.read_only
        for row, veto in enumerate(self._standard.vetoes):
            tick = QTableWidgetItem()
            tick.setData(CODE_ROLE, veto.code)
            tick.setFlags((READ_ONLY | Qt.ItemFlag.ItemIsUserCheckable) if editable else READ_ONLY)
            found = veto.code in self.sheet.vetoes
            tick.setCheckState(Qt.CheckState.Checked if found else Qt.CheckState.Unchecked)
            table.setItem(row, VETO_ON, tick)
            text = QTableWidgetItem(f"{veto.code} {veto.text}")
            text.setFlags(READ_ONLY)
            table.setItem(row, VETO_TEXT, text)
            note = QTableWidgetItem(self.sheet.vetoes.get(veto.code, ""))
            note.setFlags(READ_ONLY | Qt.ItemFlag.ItemIsEditable if editable else READ_ONLY)
            table.setItem(row, VETO_NOTE, note)
        header = table.horizontalHeader()
        header.setSectionResizeMode(VETO_ON, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(VETO_TEXT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(VETO_NOTE, QHeaderView.ResizeMode.Stretch)
        table.setMaximumHeight(min(220, 28 + 26 * max(1, len(self._standard.vetoes))))
        box_layout.addWidget(table)
        self.vetoTable = table
        return box

    def _items_table(self) -> QTableWidget:
        rows = sum(1 + len(c.items) for c in self._standard.categories)
        table = QTableWidget(rows, len(ITEM_HEADERS), self)
        table.setObjectName("itemsTable")
        table.setHorizontalHeaderLabels(ITEM_HEADERS)
        table.verticalHeader().hide()
        table.setItemDelegateForColumn(COUNT, CountDelegate(table))
        table.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        editable = not self.sheet.read_only
        self._category_rows: dict[str, int] = {}
        bold = QFont(table.font())
        bold.setBold(True)
        row = 0
        for category in self._standard.categories:
            self._category_rows[category.code] = row
            for column in range(len(ITEM_HEADERS)):
                cell = QTableWidgetItem("")
                cell.setFlags(Qt.ItemFlag.NoItemFlags)  # skipped by the arrow keys
                cell.setFont(bold)
                cell.setBackground(Qt.GlobalColor.lightGray)
                cell.setForeground(Qt.GlobalColor.black)
                table.setItem(row, column, cell)
            table.item(row, CODE).setText(category.code)
            table.item(row, TEXT).setText(
                f"{category.name}（{points_text(category.max_points)}分）"
            )
            row += 1
            for item in category.items:
                count, note = self.sheet.entries.get(item.code, (0, ""))
                values = (
                    item.code,
                    item.text,
                    points_text(item.points),
                    points_text(item.cap) if item.cap is not None else "—",
                    str(count),
                    "",
                    note,
                )
                for column, value in enumerate(values):
                    cell = QTableWidgetItem(value)
                    cell.setFlags(READ_ONLY)
                    if column in (COUNT, NOTE) and editable:
                        cell.setFlags(READ_ONLY | Qt.ItemFlag.ItemIsEditable)
                    if column in (POINTS, CAP, COUNT, DEDUCTED):
                        cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                    cell.setData(CODE_ROLE, item.code)
                    table.setItem(row, column, cell)
                row += 1
        header = table.horizontalHeader()
        for column in (CODE, POINTS, CAP, COUNT, DEDUCTED):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(TEXT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(NOTE, QHeaderView.ResizeMode.Interactive)
        table.setColumnWidth(NOTE, 220)
        table.setWordWrap(True)
        return table

    def _first_count_row(self) -> int | None:
        for row in range(self.itemsTable.rowCount()):
            if self.itemsTable.item(row, COUNT).flags() & Qt.ItemFlag.ItemIsEnabled:
                return row
        return None

    # ------------------------------------------------------------ reading the form

    def vetoes(self) -> dict[str, str]:
        found = {}
        for row in range(self.vetoTable.rowCount()):
            tick = self.vetoTable.item(row, VETO_ON)
            if tick.checkState() == Qt.CheckState.Checked:
                found[tick.data(CODE_ROLE)] = self.vetoTable.item(row, VETO_NOTE).text()
        return found

    def entries(self) -> dict[str, tuple[int, str]]:
        found = {}
        for row in range(self.itemsTable.rowCount()):
            code = self.itemsTable.item(row, COUNT).data(CODE_ROLE)
            if code is None:
                continue
            text = self.itemsTable.item(row, COUNT).text().strip()
            count = int(text) if text.isdigit() else 0
            note = self.itemsTable.item(row, NOTE).text()
            if count or note.strip():
                found[code] = (count, note)
        return found

    def current_score(self) -> SheetScore:
        counts = {code: count for code, (count, _) in self.entries().items()}
        return score_sheet(self._standard, Sheet(frozenset(self.vetoes()), counts))

    # ------------------------------------------------------------ live arithmetic

    def _changed(self, _item: QTableWidgetItem) -> None:
        if self._filling:
            return
        self._dirty = True
        self.update_scores()

    def update_scores(self) -> None:
        self._filling = True
        try:
            score = self.current_score()
            counts = self.entries()
            for category, subtotal in zip(self._standard.categories, score.categories, strict=True):
                row = self._category_rows[category.code]
                self.itemsTable.item(row, DEDUCTED).setText(
                    f"扣{points_text(subtotal.deducted)} 得{points_text(subtotal.score)}"
                )
                for offset, item in enumerate(category.items, 1):
                    count = counts.get(item.code, (0, ""))[0]
                    shown = item_deduction(item, count) if count else None
                    self.itemsTable.item(row + offset, DEDUCTED).setText(points_text(shown))
            if score.vetoed:
                text = f"否决项成立：0 分 · {score.grade}"
            else:
                text = f"总分 {points_text(score.total)} 分 · {score.grade}"
            self.totalLabel.setText(text)
        finally:
            self._filling = False

    # ------------------------------------------------------------ saving

    def submit(self) -> None:
        if self.sheet.read_only:
            return
        try:
            record = self._scoring.save_sheet(
                self.sheet.id, self.vetoes(), self.entries(), self.sheet.version
            )
        except YuyouError as exc:
            show_error(self, "无法保存评分表", exc)
            return
        self.sheet = record
        self._dirty = False
        self.saved.emit(record)
        self.accept()

    def reject(self) -> None:
        if self._dirty and not self.sheet.read_only:
            answer = QMessageBox.question(
                self,
                "放弃修改",
                "评分表有未保存的修改，确定不保存就关闭吗？",
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
                return
        super().reject()
