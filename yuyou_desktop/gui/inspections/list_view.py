"""The list of inspections: filters, the table (paged and sorted in SQL), 新增/编辑/删除, and
export of the filtered list to .xlsx."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QStandardPaths, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from yuyou_desktop.errors import YuyouError
from yuyou_desktop.gui.inspections.filter_bar import FilterBar
from yuyou_desktop.gui.inspections.inspection_dialog import InspectionDialog
from yuyou_desktop.gui.inspections.list_model import COLUMNS, InspectionTableModel
from yuyou_desktop.gui.inspections.pickers import Choice
from yuyou_desktop.gui.messages import show_error
from yuyou_desktop.gui.origin_filter import refuse
from yuyou_desktop.gui.permissions import CHANGE, marks
from yuyou_desktop.services.inspections.list_export import export_list
from yuyou_desktop.services.inspections.records import InspectionQuery

if TYPE_CHECKING:
    from collections.abc import Callable

    from yuyou_desktop.gui.tasks import TaskRunner
    from yuyou_desktop.services import Services
    from yuyou_desktop.services.inspections.records import InspectionRecord, InspectionRow


class InspectionListView(QWidget):
    """``changed()`` after an inspection was saved or deleted."""

    changed = Signal()

    def __init__(
        self,
        services: Services,
        runner: TaskRunner,
        today: Callable[[], date] = date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("inspectionList")
        self.services = services
        self.inspections = services.inspections
        self.runner = runner
        self.today = today
        self.dialog: InspectionDialog | None = None
        layout = QVBoxLayout(self)
        self.filters = FilterBar(
            services.registry.unit_choices(), self._enterprise_choices, today(), self
        )
        layout.addWidget(self.filters)
        buttons = QHBoxLayout()
        self.addButton = QPushButton("新增检查…", self)
        self.editButton = QPushButton("打开 / 编辑…", self)
        self.deleteButton = QPushButton("删除", self)
        self.exportButton = QPushButton("导出列表…", self)
        self.exportButton.setToolTip("把当前筛选出的检查记录导出为 Excel 工作簿")
        self.countLabel = QLabel(self)
        for button in (self.addButton, self.editButton, self.deleteButton, self.exportButton):
            buttons.addWidget(button)
        self.extraButtons = buttons  # the tab adds 月度汇总 here
        buttons.addStretch(1)
        buttons.addWidget(self.countLabel)
        layout.addLayout(buttons)
        self.model = InspectionTableModel(self.inspections.list, self)
        self.table = QTableView(self)
        self.table.setObjectName("inspectionTable")
        layout.addWidget(self.table, 1)
        self._setup_table()
        self.model.totalChanged.connect(self._show_total)
        self.model.modelReset.connect(self._update_buttons)
        self.filters.changed.connect(self.apply_filters)
        self.addButton.clicked.connect(self.add_inspection)
        self.editButton.clicked.connect(self.edit_selected)
        self.deleteButton.clicked.connect(self.delete_selected)
        self.exportButton.clicked.connect(self.export)
        marks((self.addButton, self.deleteButton), CHANGE)
        self.table.doubleClicked.connect(self._double_clicked)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self._load_origins()
        self._query(self.model.reload)

    def _setup_table(self) -> None:
        table = self.table
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        width = header.fontMetrics().horizontalAdvance("中")
        for column, (_title, _key, chars, _text) in enumerate(COLUMNS):
            header.resizeSection(column, chars * width + 16)
        header.setSortIndicator(self.model.sort_column(), Qt.SortOrder.DescendingOrder)
        header.setSortIndicatorShown(True)
        header.sortIndicatorChanged.connect(self._sort_requested)
        table.setSortingEnabled(True)
        rows = table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # never measure every row
        rows.setDefaultSectionSize(table.fontMetrics().height() + 10)
        rows.setVisible(False)

    def _sort_requested(self, column: int, order: Qt.SortOrder) -> None:
        if COLUMNS[column][1] is None:  # not sortable: put the arrow back where the sort is
            header = self.table.horizontalHeader()
            header.blockSignals(True)
            wanted = self.model.filters.descending
            header.setSortIndicator(
                self.model.sort_column(),
                Qt.SortOrder.DescendingOrder if wanted else Qt.SortOrder.AscendingOrder,
            )
            header.blockSignals(False)

    def _enterprise_choices(self, text: str) -> list[Choice]:
        return [
            Choice(e.enterprise_id, (e.name, e.credit_code, e.address))
            for e in self.inspections.enterprise_candidates(text)
        ]

    # ------------------------------------------------------------ querying

    def current_query(self) -> InspectionQuery:
        return replace(self.model.filters, **self.filters.values())

    def apply_filters(self) -> None:
        self._query(lambda: self.model.set_query(self.current_query()))

    def _query(self, run: Any) -> None:
        try:
            run()
        except YuyouError as exc:
            show_error(self, "无法列出检查记录", exc)

    def _load_origins(self) -> None:
        """The offices with inspections here: the 来源单位 filter and column (shown at the
        county, or when inspections of another office are here)."""
        try:
            choices = self.inspections.origin_offices()
        except YuyouError:
            return
        origin = self.filters.origin
        origin.set_choices(choices)
        self.model.filters = replace(self.model.filters, origin_office=origin.value())
        self.model.show_origin(origin.name_of if choices.shown else None)
        header = self.table.horizontalHeader()
        if header.count() > len(COLUMNS):
            header.resizeSection(len(COLUMNS), header.fontMetrics().horizontalAdvance("中") * 8)

    def refresh(self, keep: str | None = None) -> None:
        keep = keep or self.selected_id()
        self.filters.set_units(self.services.registry.unit_choices())
        self._load_origins()
        self._query(lambda: self.model.reload(keep_loaded=True))
        if keep:
            self.select_inspection(keep)

    def _show_total(self, total: int) -> None:
        self.countLabel.setText(
            f"共 {total} 条" + ("（已筛选）" if self.filters.narrowed() else "")
        )

    # ------------------------------------------------------------ selection

    def selected_row(self) -> InspectionRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def selected_id(self) -> str | None:
        row = self.selected_row()
        return row.id if row else None

    def select_inspection(self, inspection_id: str) -> bool:
        row = self.model.row_of(inspection_id)
        if row < 0:
            return False
        index = self.model.index(row, 0)
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.selectionModel().setCurrentIndex(index, flags)
        self.table.scrollTo(index)
        return True

    def _update_buttons(self, *args: object) -> None:
        row = self.selected_row()
        refusal = self.filters.origin.refusal(row.origin_office) if row is not None else None
        self.editButton.setEnabled(row is not None)  # another office's opens read-only
        self.editButton.setText("打开…" if refusal else "打开 / 编辑…")
        self.deleteButton.setEnabled(row is not None and not refusal)
        refuse((self.deleteButton,), refusal)

    # ------------------------------------------------------------ editing

    def _double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_inspection(self.model.row_at(index.row()).id)

    def edit_selected(self) -> None:
        row = self.selected_row()
        if row is not None:
            self.open_inspection(row.id)

    def open_inspection(self, inspection_id: str, problem_id: str | None = None) -> None:
        """Open a saved inspection (from the list, the 待办 view or a lead)."""
        try:
            record = self.inspections.get(inspection_id)
        except YuyouError as exc:
            show_error(self, "无法打开检查记录", exc)
            self.refresh()
            return
        dialog = self._dialog(record)
        refusal = self.filters.origin.refusal(record.origin_office)
        if refusal:
            dialog.set_read_only(refusal)
        if problem_id:
            dialog.pages.setCurrentWidget(dialog.problems)
            dialog.problems.select_problem(problem_id)
        dialog.open()

    def add_inspection(self) -> InspectionDialog:
        dialog = self._dialog(None)
        values = self.filters.values()
        if values["unit_id"]:
            dialog.form._select(dialog.form.unitCombo, values["unit_id"], "")
        if values["kind"]:
            dialog.form._select(dialog.form.kindCombo, values["kind"], "")
        dialog.open()
        return dialog

    def _dialog(self, record: InspectionRecord | None) -> InspectionDialog:
        if self.dialog is not None and not self.dialog.isVisible():
            self.dialog.deleteLater()  # the previous one, closed: keep at most one alive
        dialog = InspectionDialog(
            self.inspections,
            self.runner,
            self.services.registry.unit_choices(),
            self.services.settings.get("inspections.quiet_exceptions"),
            self.today(),
            record,
            self,
        )
        dialog.saved.connect(self._saved)
        self.dialog = dialog
        return dialog

    def _saved(self, record: InspectionRecord) -> None:
        self.refresh(keep=record.id)
        self.changed.emit()

    def delete_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        answer = QMessageBox.question(
            self,
            "删除检查记录",
            f"确定要删除检查记录“{row.number}”（{row.unit_name}）吗？\n\n"
            "其问题和附件记录一并删除；编号不会再分配给其他检查。删除也会同步给其他单位。",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        inspections = self.inspections
        self.runner.run(
            "正在删除检查记录",
            lambda progress: inspections.delete(row.id, row.version),
            lambda _result: self._deleted(),
            self._delete_failed,
            parent=self,
            cancellable=False,
        )

    def _deleted(self) -> None:
        self.refresh()
        self.changed.emit()

    def _delete_failed(self, exc: BaseException) -> None:
        show_error(self, "不能删除检查记录", exc)
        self.refresh()

    # ------------------------------------------------------------ export

    def export(self) -> None:
        docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        suggested = Path(docs or Path.home()) / f"检查记录-{self.today():%Y%m%d}.xlsx"
        name, _ = QFileDialog.getSaveFileName(
            self, "导出检查记录", str(suggested), "Excel 工作簿 (*.xlsx)"
        )
        if name:
            self.start_export(Path(name))

    def start_export(self, dest: Path) -> None:
        services, query, today = self.services, self.current_query(), self.today
        self.runner.run(
            "正在导出检查记录",
            lambda progress: export_list(
                services.database, services.office, dest, query, today, progress
            ),
            lambda count: self._exported(dest, count),
            lambda exc: show_error(self, "导出失败", exc),
            parent=self,
        )

    def _exported(self, dest: Path, count: int) -> None:
        QMessageBox.information(self, "导出完成", f"已导出 {count} 条检查记录到：\n{dest}")
