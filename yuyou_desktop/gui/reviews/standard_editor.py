"""评查标准 editor: the veto items, the categories with their points and deduction items, and
the grade bands of one case type, as tables.

Any version can be looked at; editing and 另存为新版本 store the next version (the county
only — for a township the tables are read-only).  The sum of the categories is shown under
them and turns red when it is not 100; saving an invalid standard is refused with the reason.
A standard can be exported to a file and a file imported as the next version.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from yuyou_desktop.domain.scoring import (
    HUNDRED,
    ZERO,
    Band,
    Category,
    DeductionItem,
    Standard,
    VetoItem,
    check_standard,
)
from yuyou_desktop.domain.scoring_file import CASE_TYPES
from yuyou_desktop.errors import InputRejected, YuyouError
from yuyou_desktop.gui.messages import show_error
from yuyou_desktop.gui.reviews.case_file_actions import FOLDER_KEY
from yuyou_desktop.gui.reviews.scoring_dialog import points_text

if TYPE_CHECKING:
    from yuyou_desktop.services.reviews.records import StandardInfo
    from yuyou_desktop.services.reviews.standards import StandardService

OK_STYLE = "color: #1b5e20;"
BAD_STYLE = "color: #b00020; font-weight: bold;"


def _table(headers: tuple[str, ...], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
    return table


def _cells(table: QTableWidget, row: int) -> list[str]:
    return [
        (table.item(row, c).text().strip() if table.item(row, c) else "")
        for c in range(table.columnCount())
    ]


def _set_rows(table: QTableWidget, rows: list[list[str]]) -> None:
    table.blockSignals(True)
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.setItem(r, c, QTableWidgetItem(value))
    table.blockSignals(False)


def _number(text: str, where: str, optional: bool = False) -> Decimal | None:
    if optional and not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise InputRejected(f"{where}应为数字，现为“{text}”。") from None
    if not value.is_finite():
        raise InputRejected(f"{where}应为数字，现为“{text}”。")
    return value


class StandardEditor(QDialog):
    def __init__(
        self,
        standards: StandardService,
        editable: bool,
        settings: QSettings,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("standardEditor")
        self.setWindowTitle("评查标准")
        self._standards = standards
        self._settings = settings
        self.editable = editable
        self._items: list[list[list[str]]] = []  # per category row: its item rows
        self._shown_category = -1
        self.versions: list[StandardInfo] = []
        layout = QVBoxLayout(self)
        top = QFormLayout()
        self.typeCombo = QComboBox()
        self.typeCombo.addItems(CASE_TYPES)
        self.versionCombo = QComboBox()
        self.nameEdit = QLineEdit()
        top.addRow("案件类型", self.typeCombo)
        top.addRow("版本", self.versionCombo)
        top.addRow("标准名称", self.nameEdit)
        layout.addLayout(top)
        if not editable:
            note = QLabel("评查标准由县司法局统一制定和下发，本机只能查看。")
            note.setStyleSheet(BAD_STYLE)
            layout.addWidget(note)
        self.vetoTable = _table(("编号", "否决项"), "vetoEditTable")
        self.categoryTable = _table(("编号", "类别", "分值"), "categoryTable")
        self.itemTable = _table(("编号", "扣分项", "每处扣分", "扣分上限（可空）"), "itemTable")
        self.bandTable = _table(("等次", "最低分"), "bandTable")
        grid = QGridLayout()
        grid.addWidget(self._box("否决项", self.vetoTable), 0, 0)
        grid.addWidget(self._box("等次", self.bandTable), 0, 1)
        grid.addWidget(self._box("评分类别（合计应为100分）", self.categoryTable), 1, 0)
        grid.addWidget(self._box("所选类别的扣分项", self.itemTable), 1, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid, 1)
        self.sumLabel = QLabel()
        self.sumLabel.setObjectName("sumLabel")
        self.checkLabel = QLabel()
        self.checkLabel.setObjectName("checkLabel")
        self.checkLabel.setWordWrap(True)
        layout.addWidget(self.sumLabel)
        layout.addWidget(self.checkLabel)
        bottom = QHBoxLayout()
        self.remarkEdit = QLineEdit()
        self.remarkEdit.setPlaceholderText("修订说明（可空）")
        self.saveButton = QPushButton("另存为新版本")
        self.exportButton = QPushButton("导出文件…")
        self.importButton = QPushButton("导入文件…")
        close = QPushButton("关闭")
        bottom.addWidget(self.remarkEdit, 1)
        for button in (self.saveButton, self.exportButton, self.importButton, close):
            bottom.addWidget(button)
        layout.addLayout(bottom)
        self.saveButton.setEnabled(editable)
        self.importButton.setEnabled(editable)
        self.saveButton.clicked.connect(self.save)
        self.exportButton.clicked.connect(self.export)
        self.importButton.clicked.connect(self.import_file)
        close.clicked.connect(self.reject)
        for table in (self.vetoTable, self.categoryTable, self.itemTable, self.bandTable):
            table.itemChanged.connect(self._edited)
            if not editable:
                table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.nameEdit.setReadOnly(not editable)
        self.categoryTable.itemSelectionChanged.connect(self._category_chosen)
        self.typeCombo.currentIndexChanged.connect(self._load_versions)
        self.versionCombo.currentIndexChanged.connect(self._show_version)
        self._load_versions()
        self.resize(1100, 760)

    def _box(self, title: str, table: QTableWidget) -> QGroupBox:
        box = QGroupBox(title)
        box_layout = QVBoxLayout(box)
        box_layout.addWidget(table)
        if self.editable:
            row = QHBoxLayout()
            add, remove = QPushButton("添加一行"), QPushButton("删除所选行")
            add.clicked.connect(lambda: self._add_row(table))
            remove.clicked.connect(lambda: self._remove_row(table))
            row.addWidget(add)
            row.addWidget(remove)
            row.addStretch(1)
            box_layout.addLayout(row)
        return box

    # ------------------------------------------------------------ showing a version

    def _load_versions(self) -> None:
        try:
            self.versions = self._standards.versions(self.typeCombo.currentText())
        except YuyouError as exc:
            show_error(self, "无法读取评查标准", exc)
            self.versions = []
        self.versionCombo.blockSignals(True)
        self.versionCombo.clear()
        for index, info in enumerate(self.versions):
            current = "（当前）" if index == 0 else ""
            remark = f" {info.remark}" if info.remark else ""
            when = info.created_at.astimezone().date().isoformat()
            self.versionCombo.addItem(f"第{info.version}版{current} {when}{remark}")
        self.versionCombo.blockSignals(False)
        self._show_version()

    def _show_version(self) -> None:
        index = self.versionCombo.currentIndex()
        if index < 0 or index >= len(self.versions):
            return
        self.show_standard(self.versions[index].standard)

    def show_standard(self, standard: Standard) -> None:
        self.nameEdit.setText(standard.name)
        _set_rows(self.vetoTable, [[v.code, v.text] for v in standard.vetoes])
        _set_rows(
            self.categoryTable,
            [[c.code, c.name, points_text(c.max_points)] for c in standard.categories],
        )
        self._items = [
            [
                [i.code, i.text, points_text(i.points), points_text(i.cap) if i.cap else ""]
                for i in c.items
            ]
            for c in standard.categories
        ]
        _set_rows(self.bandTable, [[b.name, points_text(b.min_score)] for b in standard.bands])
        self._shown_category = -1
        self.categoryTable.selectRow(0)
        self._category_chosen()
        self._check()

    def _category_chosen(self) -> None:
        self._keep_items()
        rows = self.categoryTable.selectionModel().selectedRows()
        self._shown_category = rows[0].row() if rows else -1
        items = (
            self._items[self._shown_category]
            if 0 <= self._shown_category < len(self._items)
            else []
        )
        _set_rows(self.itemTable, items)

    def _keep_items(self) -> None:
        if 0 <= self._shown_category < len(self._items):
            self._items[self._shown_category] = [
                _cells(self.itemTable, r) for r in range(self.itemTable.rowCount())
            ]

    # ------------------------------------------------------------ editing

    def _add_row(self, table: QTableWidget) -> None:
        if table is self.itemTable and self._shown_category < 0:
            return
        table.insertRow(table.rowCount())
        if table is self.categoryTable:
            self._items.append([])
        self._edited()

    def _remove_row(self, table: QTableWidget) -> None:
        rows = sorted({i.row() for i in table.selectedIndexes()}, reverse=True)
        for row in rows:
            table.removeRow(row)
            if table is self.categoryTable:
                del self._items[row]
                self._shown_category = -1
        if table is self.categoryTable:
            self._category_chosen()
        self._edited()

    def _edited(self, *_args: object) -> None:
        self._check()

    def _check(self) -> None:
        total = ZERO
        try:
            for r in range(self.categoryTable.rowCount()):
                total += _number(_cells(self.categoryTable, r)[2] or "0", "分值") or ZERO
            sum_text = f"各类别分值合计 {points_text(total)} 分"
            if total == HUNDRED:
                self.sumLabel.setStyleSheet(OK_STYLE)
            else:
                self.sumLabel.setStyleSheet(BAD_STYLE)
                off = "多" if total > HUNDRED else "少"
                sum_text += f"，应为100分（{off}{points_text(abs(total - HUNDRED))}分）"
        except InputRejected as exc:
            sum_text = exc.message
            self.sumLabel.setStyleSheet(BAD_STYLE)
        self.sumLabel.setText(sum_text)
        try:
            check_standard(self.standard())
        except InputRejected as exc:
            self.checkLabel.setText(exc.message)
            self.checkLabel.setStyleSheet(BAD_STYLE)
        else:
            self.checkLabel.setText("标准完整，可以保存。" if self.editable else "")
            self.checkLabel.setStyleSheet(OK_STYLE)

    def standard(self) -> Standard:
        """The standard in the tables (refused with the place when a number is not one)."""
        self._keep_items()
        vetoes = tuple(
            VetoItem(*_cells(self.vetoTable, r)) for r in range(self.vetoTable.rowCount())
        )
        categories = []
        for r in range(self.categoryTable.rowCount()):
            code, name, points = _cells(self.categoryTable, r)
            items = []
            for item in self._items[r]:
                where = f"类别“{name}”的扣分项“{item[1]}”"
                items.append(
                    DeductionItem(
                        item[0],
                        item[1],
                        _number(item[2], f"{where}的每处扣分"),  # type: ignore[arg-type]
                        _number(item[3], f"{where}的扣分上限", optional=True),
                    )
                )
            max_points = _number(points, f"类别“{name}”的分值")
            categories.append(Category(code, name, max_points, tuple(items)))  # type: ignore[arg-type]
        bands = tuple(
            Band(name, _number(low, f"等次“{name}”的最低分"))  # type: ignore[arg-type]
            for name, low in (_cells(self.bandTable, r) for r in range(self.bandTable.rowCount()))
        )
        return Standard(
            self.typeCombo.currentText(),
            self.nameEdit.text().strip(),
            0,
            vetoes,
            tuple(categories),
            bands,
        )

    # ------------------------------------------------------------ saving, files

    def save(self) -> None:
        try:
            info = self._standards.save_new_version(self.standard(), self.remarkEdit.text())
        except YuyouError as exc:
            show_error(self, "无法保存评查标准", exc)
            return
        self.remarkEdit.clear()
        self._load_versions()
        self.last_message = (
            f"已保存为“{info.case_type}”第{info.version}版。以后新建的评查活动使用此版本。"
        )
        QMessageBox.information(self, "评查标准", self.last_message)

    def _folder(self) -> str:
        return str(self._settings.value(FOLDER_KEY, str(Path.home())))

    def export(self) -> None:
        index = self.versionCombo.currentIndex()
        if index < 0:
            return
        info = self.versions[index]
        path, _ = QFileDialog.getSaveFileName(
            self,
            "导出评查标准",
            str(Path(self._folder()) / f"{info.case_type}评查标准第{info.version}版.json"),
            "评查标准文件 (*.json)",
        )
        if not path:
            return
        try:
            self._standards.export(info.case_type, Path(path), info.version)
        except YuyouError as exc:
            show_error(self, "无法导出评查标准", exc)
            return
        self._settings.setValue(FOLDER_KEY, str(Path(path).parent))

    def import_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "导入评查标准", self._folder(), "评查标准文件 (*.json)"
        )
        if not path:
            return
        try:
            info = self._standards.import_file(Path(path))
        except YuyouError as exc:
            show_error(self, "无法导入评查标准", exc)
            return
        self.typeCombo.setCurrentText(info.case_type)
        self._load_versions()
        self.last_message = f"已导入为“{info.case_type}”第{info.version}版。"
        QMessageBox.information(self, "评查标准", self.last_message)
