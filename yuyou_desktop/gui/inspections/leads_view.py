"""投诉举报/线索: the list of leads with search, filters and count, and the buttons
新增/编辑/删除/移送/转为检查记录.

Listing pages, sorts and filters in SQL (:class:`LeadTableModel`); page reads are small
synchronous reads, writes run on the task runner.  The 检查记录 tab embeds this view and
connects ``inspectionRequested``/``openInspection``/``changed``.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from yuyou_desktop.errors import YuyouError
from yuyou_desktop.gui.inspections.lead_dialog import LeadDialog
from yuyou_desktop.gui.inspections.lead_transfers import TransferDialog, lead_summary
from yuyou_desktop.gui.inspections.leads_layout import LeadsLayout
from yuyou_desktop.gui.inspections.leads_model import LeadTableModel
from yuyou_desktop.gui.messages import show_error
from yuyou_desktop.gui.origin_filter import refuse

if TYPE_CHECKING:
    from yuyou_desktop.gui.tasks import TaskRunner
    from yuyou_desktop.services.inspections.leads import LeadService
    from yuyou_desktop.services.inspections.leads_query import LeadRow
    from yuyou_desktop.services.registry.service import RegistryService

SEARCH_DELAY_MS = 250


class LeadsView(LeadsLayout, QWidget):
    """The list of leads.  ``inspectionRequested(lead_id)``: 转为检查记录 was asked for;
    ``openInspection(inspection_id)``: 打开检查记录; ``changed()`` after any save, delete or
    transfer."""

    inspectionRequested = Signal(str)
    openInspection = Signal(str)
    changed = Signal()

    def __init__(
        self,
        leads: LeadService,
        registry: RegistryService,
        runner: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("leadsView")
        self.leads = leads
        self.registry = registry
        self.runner = runner
        self.dialog: LeadDialog | TransferDialog | None = None
        self.model = LeadTableModel(leads.list, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._build_buttons())
        layout.addLayout(self._build_filters())
        layout.addLayout(self._build_origin())
        self.table = QTableView(self)
        self.table.setObjectName("leadsTable")
        layout.addWidget(self.table, 1)
        self._setup_table()
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_filters)
        self.searchEdit.textChanged.connect(lambda _text: self._search_timer.start())
        self.searchEdit.returnPressed.connect(self._apply_filters)
        self.model.totalChanged.connect(self._show_total)
        self.model.modelReset.connect(self._update_buttons)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(self._double_clicked)
        self._load_origins()
        self._query(self.model.reload)
        self._update_buttons()

    # ------------------------------------------------------------ querying

    def _apply_filters(self, *args: object) -> None:
        self._search_timer.stop()
        self._query(
            lambda: self.model.set_filters(
                search=self.searchEdit.text().strip(),
                source=self.sourceCombo.currentData(),
                status=self.statusCombo.currentData(),
                date_from=self.fromDate.value(),
                date_to=self.toDate.value(),
                origin_office=self.origin.value(),
            )
        )

    def _load_origins(self) -> None:
        """The offices with leads here: the 来源单位 filter and column (shown at the county, or
        when leads of another office are here)."""
        try:
            choices = self.leads.origin_offices()
        except YuyouError:
            return
        self.origin.set_choices(choices)
        self.model.filters = replace(self.model.filters, origin_office=self.origin.value())
        self.model.show_origin(self.origin.name_of if choices.shown else None)

    def _query(self, run: Any) -> None:
        try:
            run()
        except YuyouError as exc:
            show_error(self, "无法列出线索", exc)

    def _show_total(self, total: int) -> None:
        self.countLabel.setText(f"共 {total} 条" + ("（已筛选）" if self.model.narrowed else ""))

    def refresh(self, keep: str | None = None) -> None:
        """Query again (after a change); the selected lead stays selected when still listed."""
        keep = keep or self.selected_id()
        self._load_origins()
        self._query(lambda: self.model.reload(keep_loaded=True))
        if keep:
            self._select_loaded(keep)

    def clear_filters(self) -> None:
        widgets = (self.searchEdit, self.sourceCombo, self.statusCombo, self.fromDate, self.toDate)
        for widget in widgets:
            widget.blockSignals(True)
        self.searchEdit.clear()
        self.sourceCombo.setCurrentIndex(0)
        self.statusCombo.setCurrentIndex(0)
        self.origin.reset()
        for edit in (self.fromDate, self.toDate):
            edit.check.blockSignals(True)
            edit.set_value(None)
            edit.check.blockSignals(False)
        for widget in widgets:
            widget.blockSignals(False)
        self._apply_filters()

    # ------------------------------------------------------------ selection

    def selected_row(self) -> LeadRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def selected_id(self) -> str | None:
        row = self.selected_row()
        return row.id if row else None

    def select_lead(self, lead_id: str) -> bool:
        """Select and show ``lead_id``: loads further pages, and clears the filters when they
        hide it.  False when the lead is not listed at all (deleted)."""
        if self.model.row_of(lead_id) < 0:
            self._query(lambda: self.model.reload(keep_loaded=True))
        if self._find(lead_id):
            return self._select_loaded(lead_id)
        if self.model.narrowed:
            self.clear_filters()
            if self._find(lead_id):
                return self._select_loaded(lead_id)
        return False

    def _find(self, lead_id: str) -> bool:
        while self.model.row_of(lead_id) < 0 and self.model.canFetchMore():
            self.model.fetchMore()
        return self.model.row_of(lead_id) >= 0

    def _select_loaded(self, lead_id: str) -> bool:
        row = self.model.row_of(lead_id)
        if row < 0:
            return False
        index = self.model.index(row, 0)
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.selectionModel().setCurrentIndex(index, flags)
        self.table.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        return True

    def _update_buttons(self, *args: object) -> None:
        row = self.selected_row()
        # another office's lead is only looked at here (double-click shows it)
        refusal = self.origin.refusal(row.origin_office) if row is not None else None
        changing = (self.editButton, self.deleteButton, self.transferButton, self.inspectButton)
        for button in (self.editButton, self.deleteButton, self.transferButton):
            button.setEnabled(row is not None)
        linked = row is not None and bool(row.inspection_number)
        self.inspectButton.setEnabled(row is not None and not linked)
        refuse(changing, refusal)
        self.openButton.setEnabled(linked)
        if linked:
            self.openButton.setToolTip(f"打开检查记录“{row.inspection_number}”")

    # ------------------------------------------------------------ actions

    def _request_inspection(self) -> None:
        row = self.selected_row()
        if row is not None and not row.inspection_number:
            self.inspectionRequested.emit(row.id)

    def _open_inspection(self) -> None:
        row = self.selected_row()
        if row is not None and row.inspection_number and row.inspection_id:
            self.openInspection.emit(row.inspection_id)

    def _double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.edit_lead(self.model.row_at(index.row()).id)

    def edit_selected(self) -> None:
        row = self.selected_row()
        if row is not None:
            self.edit_lead(row.id)

    def edit_lead(self, lead_id: str) -> None:
        try:
            fresh = self.leads.get(lead_id)
        except YuyouError as exc:
            show_error(self, "无法编辑线索", exc)
            self.refresh()
            return
        self._open_dialog(fresh)

    def add_lead(self) -> None:
        defaults = (
            {"source": self.sourceCombo.currentData()} if self.sourceCombo.currentData() else {}
        )
        self._open_dialog(None, defaults)

    def _open_dialog(self, row: LeadRow | None, defaults: dict[str, Any] | None = None) -> None:
        dialog = LeadDialog(self.leads, self.registry, self.runner, row, defaults, self)
        refusal = self.origin.refusal(row.origin_office) if row is not None else None
        if refusal:
            dialog.set_read_only(refusal)
        dialog.saved.connect(lambda saved: self._done(saved.id))
        dialog.transfersChanged.connect(lambda: self._done(row.id if row else None))
        self.dialog = dialog
        dialog.open()

    def transfer_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        dialog = TransferDialog(self.leads, self.runner, row, self)
        dialog.saved.connect(lambda saved: self._done(saved.id))
        self.dialog = dialog
        dialog.open()

    def _done(self, keep: str | None) -> None:
        self.refresh(keep=keep)
        self.changed.emit()

    def delete_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        answer = QMessageBox.question(
            self,
            "删除线索",
            f"确定要删除这条线索吗？\n\n{lead_summary(row)}\n\n"
            "它的移送记录一并删除；删除也会同步给其他单位。",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        leads = self.leads
        self.runner.run(
            "正在删除线索",
            lambda progress: leads.delete(row.id, row.version),
            lambda _result: self._done(None),
            self._delete_failed,
            parent=self,
            cancellable=False,
        )

    def _delete_failed(self, exc: BaseException) -> None:
        show_error(self, "不能删除线索", exc)
        self.refresh()
