"""One register as a table: search box, filters, count, 新增/编辑/删除, sortable headers.

Paging, sorting, searching and filtering happen in SQL (:class:`RegisterTableModel`);
writes run on the task runner.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QHeaderView, QLabel, QMessageBox, QWidget

from yuyou_desktop.errors import YuyouError
from yuyou_desktop.gui.forms.ui_register_view import Ui_RegisterView
from yuyou_desktop.gui.messages import show_error
from yuyou_desktop.gui.origin_filter import OriginFilter, refuse
from yuyou_desktop.gui.permissions import CHANGE, marks
from yuyou_desktop.gui.registry.presentation import (
    column_width,
    describe,
    filter_label,
    sortable,
)
from yuyou_desktop.gui.registry.record_dialog import RecordDialog
from yuyou_desktop.gui.registry.table_model import RegisterTableModel
from yuyou_desktop.gui.registry.transfer_actions import TransferActions
from yuyou_desktop.services.registry.fields import BOOL, INT, UNIT

if TYPE_CHECKING:
    from yuyou_desktop.gui.tasks import TaskRunner
    from yuyou_desktop.services.registry.query import RecordRow
    from yuyou_desktop.services.registry.service import RegistryService
    from yuyou_desktop.services.registry.specs import RegisterSpec
    from yuyou_desktop.services.registry.transfer import TransferService

SEARCH_DELAY_MS = 250
YEARS_BACK = 10
FILTER_MIN_WIDTH = 72


class RegisterView(QWidget):
    """The table of one register.  ``changed(name)`` after a record was saved or deleted."""

    changed = Signal(str)

    def __init__(
        self,
        spec: RegisterSpec,
        registry: RegistryService,
        runner: TaskRunner,
        parent: QWidget | None = None,
        transfer: TransferService | None = None,
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_RegisterView()
        self.ui.setupUi(self)
        self.setObjectName(f"register_{spec.name.replace('-', '_')}")
        self.spec = spec
        self.registry = registry
        self.runner = runner
        self.dialog: RecordDialog | None = None
        self.model = RegisterTableModel(spec, lambda q: registry.list(spec.name, q), self)
        self.filter_combos: dict[str, QComboBox] = {}
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_search)
        searched = [f.label for f in spec.fields if f.searchable]
        self.ui.searchEdit.setPlaceholderText("按" + "、".join(searched) + "查找")
        self.ui.searchEdit.setToolTip("输入后稍停即查找；可输入名称、代码、编号的任意一段")
        self.ui.searchEdit.textChanged.connect(lambda _text: self._search_timer.start())
        self.ui.searchEdit.returnPressed.connect(self._apply_search)
        self._build_filters()
        # 来源单位 on a row of its own under the filters, which already fill a narrow window
        self.origin = OriginFilter(self)
        origin_row = QHBoxLayout()
        origin_row.addWidget(self.origin)
        origin_row.addStretch(1)
        self.ui.mainLayout.insertLayout(self.ui.mainLayout.indexOf(self.ui.table), origin_row)
        self.origin.changed.connect(self._apply_origin)
        self._load_origins()
        self._setup_table()
        self.model.totalChanged.connect(self._show_total)
        self.ui.addButton.clicked.connect(self.add_record)
        self.ui.editButton.clicked.connect(self.edit_selected)
        self.ui.deleteButton.clicked.connect(self.delete_selected)
        marks((self.ui.addButton, self.ui.editButton, self.ui.deleteButton), CHANGE)
        self.ui.table.doubleClicked.connect(self._double_clicked)
        self.ui.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        self.excel = TransferActions(self, transfer) if transfer is not None else None
        self.model.reload()

    # ------------------------------------------------------------ layout

    def _setup_table(self) -> None:
        table = self.ui.table
        table.setModel(self.model)
        header = table.horizontalHeader()
        header.setSectionsMovable(False)
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        metrics = header.fontMetrics()
        for column, field in enumerate(self.spec.fields):
            header.resizeSection(column, column_width(field, metrics))
        self._size_origin_column()
        header.setSortIndicator(self.model.sort_column(), self._order())
        header.sortIndicatorChanged.connect(self._sort_requested)
        table.setSortingEnabled(True)
        rows = table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # never measure every row
        rows.setDefaultSectionSize(table.fontMetrics().height() + 10)
        rows.setVisible(False)

    def _sort_requested(self, column: int, order: Qt.SortOrder) -> None:
        fields = self.spec.fields
        if column >= len(fields) or (column >= 0 and not sortable(fields[column])):
            header = self.ui.table.horizontalHeader()
            header.blockSignals(True)  # put the arrow back on the column really sorted
            header.setSortIndicator(self.model.sort_column(), self._order())
            header.blockSignals(False)

    def _order(self) -> Qt.SortOrder:
        return (
            Qt.SortOrder.DescendingOrder if self.model.descending else Qt.SortOrder.AscendingOrder
        )

    def _build_filters(self) -> None:
        for field in self.spec.fields:
            if not field.filterable:
                continue
            combo = QComboBox(self)
            combo.setObjectName(f"filter_{field.key}")
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.setMinimumWidth(
                FILTER_MIN_WIDTH
            )  # may shrink below its contents in a narrow window
            combo.setMaxVisibleItems(20)
            self._fill_filter(field.key, combo)
            label = QLabel(f"{filter_label(field)}：", self)
            label.setToolTip(field.label)
            label.setBuddy(combo)
            self.ui.filterLayout.addWidget(label)
            self.ui.filterLayout.addWidget(combo)
            combo.currentIndexChanged.connect(self._apply_filters)
            self.filter_combos[field.key] = combo

    def _fill_filter(self, key: str, combo: QComboBox) -> None:
        field = self.spec.field(key)
        combo.addItem("全部", None)
        if field.kind == UNIT:
            for unit_id, name in self.registry.unit_choices():
                combo.addItem(name, unit_id)
        elif field.kind == BOOL:
            combo.addItem("是", True)
            combo.addItem("否", False)
        elif field.kind == INT:  # 年度
            this_year = date.today().year
            for year in range(this_year + 1, this_year - YEARS_BACK, -1):
                combo.addItem(f"{year}年", year)
        elif field.enum is not None:
            for member in field.enum:
                combo.addItem(member.label, member.value)

    def _refill_unit_filters(self) -> None:
        """Units may have been added or renamed: list them again, keeping the choice."""
        for key, combo in self.filter_combos.items():
            if self.spec.field(key).kind != UNIT:
                continue
            chosen = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            self._fill_filter(key, combo)
            combo.setCurrentIndex(max(combo.findData(chosen), 0) if chosen else 0)
            combo.blockSignals(False)

    def filters(self) -> dict[str, Any]:
        return {key: combo.currentData() for key, combo in self.filter_combos.items()}

    # ------------------------------------------------------------ querying

    def _apply_search(self) -> None:
        self._search_timer.stop()
        self._query(lambda: self.model.set_search(self.ui.searchEdit.text()))

    def _apply_filters(self) -> None:
        self._query(lambda: self.model.set_filters(self.filters()))

    def _apply_origin(self) -> None:
        self._query(lambda: self.model.set_origin(self.origin.value()))

    def _load_origins(self) -> None:
        """The offices with records in this register: the 来源单位 filter and column (shown at
        the county, or when records of another office are here)."""
        try:
            choices = self.registry.origin_offices(self.spec.name)
        except YuyouError:
            return
        self.origin.set_choices(choices)
        self.model.origin_office = self.origin.value()
        shown = self.model.origin_name is not None
        self.model.show_origin(self.origin.name_of if choices.shown else None)
        if choices.shown and not shown:
            self._size_origin_column()

    def _size_origin_column(self) -> None:
        header = self.ui.table.horizontalHeader()
        if header.count() > len(self.spec.fields):
            header.resizeSection(len(self.spec.fields), header.fontMetrics().height() * 8)

    def _query(self, run: Any) -> None:
        try:
            run()
        except YuyouError as exc:
            show_error(self, f"无法列出{self.spec.title}", exc)

    def refresh(self, keep: str | None = None) -> None:
        """Query again (after a change); keep the selected record selected when still listed."""
        keep = keep or self.selected_id()
        self._refill_unit_filters()
        self._load_origins()
        self._query(lambda: self.model.reload(keep_loaded=True))
        if keep:
            self.select_record(keep)

    def _show_total(self, total: int) -> None:
        narrowed = bool(self.model.search or self.model.filters or self.model.origin_office)
        self.ui.countLabel.setText(f"共 {total} 条" + ("（已筛选）" if narrowed else ""))

    # ------------------------------------------------------------ selection

    def selected_row(self) -> RecordRow | None:
        rows = self.ui.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def selected_id(self) -> str | None:
        row = self.selected_row()
        return row.id if row else None

    def select_record(self, record_id: str) -> bool:
        row = self.model.row_of(record_id)
        if row < 0:
            return False
        index = self.model.index(row, 0)
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        self.ui.table.selectionModel().setCurrentIndex(index, flags)
        self.ui.table.scrollTo(index)
        return True

    def _update_buttons(self, *args: object) -> None:
        row = self.selected_row()
        # another office's record (but a co-edited unit) is only looked at here
        refusal = self.origin.refusal(row.origin_office) if row is not None else None
        self.ui.editButton.setEnabled(row is not None and not refusal)
        self.ui.deleteButton.setEnabled(row is not None and not refusal)
        refuse((self.ui.editButton, self.ui.deleteButton), refusal)

    # ------------------------------------------------------------ editing

    def _double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.edit_row(self.model.row_at(index.row()))

    def edit_selected(self) -> None:
        row = self.selected_row()
        if row is not None:
            self.edit_row(row)

    def edit_row(self, row: RecordRow) -> None:
        self.edit_id(row.id)

    def open_record(self, record_id: str) -> None:
        """Open the form of a record named elsewhere (the records behind a 统计 figure),
        selecting it too when it is among the rows listed."""
        self.select_record(record_id)
        self.edit_id(record_id)

    def edit_id(self, record_id: str) -> None:
        try:
            fresh = self.registry.get(self.spec.name, record_id)
        except YuyouError as exc:
            show_error(self, f"无法编辑{self.spec.title}", exc)
            self.refresh()
            return
        self._open_dialog(fresh, None, self.origin.refusal(fresh.origin_office))

    def add_record(self) -> None:
        defaults = {f.key: f.default for f in self.spec.fields if f.default is not None}
        defaults.update({k: v for k, v in self.filters().items() if v is not None})
        self._open_dialog(None, defaults)

    def _open_dialog(
        self, row: RecordRow | None, defaults: dict[str, Any] | None, read_only: str | None = None
    ) -> None:
        """The form; ``read_only`` (why) for a record this office may only look at."""
        dialog = RecordDialog(
            self.spec, self.registry, self.runner, row, defaults, self, read_only=read_only
        )
        dialog.saved.connect(self._saved)
        self.dialog = dialog
        dialog.open()

    def _saved(self, row: RecordRow) -> None:
        self.refresh(keep=row.id)
        self.changed.emit(self.spec.name)

    def delete_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        name = describe(self.spec, row)
        answer = QMessageBox.question(
            self,
            f"删除{self.spec.title}",
            f"确定要删除{self.spec.title}“{name}”吗？\n\n删除后不再列出；删除也会同步给其他单位。",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        spec, registry = self.spec, self.registry
        self.runner.run(
            f"正在删除{spec.title}",
            lambda progress: registry.delete(spec.name, row.id, row.version),
            lambda _result: self._deleted(),
            lambda exc: self._delete_failed(exc),
            parent=self,
            cancellable=False,
        )

    def _deleted(self) -> None:
        self.refresh()
        self.changed.emit(self.spec.name)

    def _delete_failed(self, exc: BaseException) -> None:
        show_error(self, f"不能删除{self.spec.title}", exc)
        self.refresh()

    # ------------------------------------------------------------ settings

    def column_widths(self) -> list[int]:
        header = self.ui.table.horizontalHeader()
        return [header.sectionSize(i) for i in range(header.count())]

    def set_column_widths(self, widths: list[int]) -> None:
        header = self.ui.table.horizontalHeader()
        if len(widths) != header.count():
            return  # the register gained or lost a column: keep the defaults
        for column, width in enumerate(widths):
            if width > 10:
                header.resizeSection(column, width)
