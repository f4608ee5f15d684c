"""审计日志 (the administrator): who did what and when, newest first.

Filters (dates, account, operation, words) and pages of :data:`PAGE_SIZE` are the service's SQL
(``AuditService.page``); the chosen entry's changes are shown below the table.  校验审计链
recomputes the hash chain on the task runner and names the first entry that no longer matches
(highlighted in the table, with a button to go to it); 导出 Excel… writes the filtered entries on
the task runner with progress.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from yuyou_desktop.errors import YuyouError
from yuyou_desktop.gui.accounts.audit_model import WIDTHS, AuditTableModel, describe
from yuyou_desktop.gui.messages import show_error
from yuyou_desktop.gui.registry.editors import OptionalDateEdit
from yuyou_desktop.gui.registry.transfer_actions import XLSX_FILTER, documents_dir, with_xlsx
from yuyou_desktop.services.audit import ACTION_LABELS, AuditFilter, AuditPage

if TYPE_CHECKING:
    from yuyou_desktop.gui.tasks import TaskRunner
    from yuyou_desktop.services.audit import AuditService
    from yuyou_desktop.storage.audit import ChainCheck

PAGE_SIZE = 200
SEARCH_DELAY_MS = 300
OK_STYLE = "color: #1b6e20; font-weight: bold;"
BROKEN_STYLE = "color: #b00020; font-weight: bold;"


class AuditDialog(QDialog):
    def __init__(
        self, audit: AuditService, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("auditDialog")
        self.setWindowTitle("审计日志")
        self.audit = audit
        self.runner = runner
        self.offset = 0
        self.total = 0
        self.check: ChainCheck | None = None
        self.folder = documents_dir()
        layout = QVBoxLayout(self)
        layout.addLayout(self._filter_bar())
        self.errorLabel = QLabel(self)
        self.errorLabel.setObjectName("errorLabel")
        self.errorLabel.setStyleSheet(BROKEN_STYLE)
        self.errorLabel.hide()
        layout.addWidget(self.errorLabel)
        self.model = AuditTableModel(self)
        self.table = self._table()
        self.details = QTextBrowser(self)
        self.details.setObjectName("auditDetails")
        self.details.setOpenLinks(False)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([400, 260])
        layout.addWidget(splitter, 1)
        layout.addLayout(self._page_bar())
        layout.addLayout(self._check_bar())
        self.resize(1000, 720)
        self._fill_users()
        self.load()

    # ------------------------------------------------------------ layout

    def _filter_bar(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.fromEdit = OptionalDateEdit(self)
        self.toEdit = OptionalDateEdit(self)
        for edit, tip in ((self.fromEdit, "起始日期（含）"), (self.toEdit, "截止日期（含）")):
            edit.check.setText("")
            edit.check.setToolTip(tip + "：勾选后按日期筛选，不勾选表示不限")
            edit.date.setToolTip(tip)
            edit.check.toggled.connect(self.apply_filters)
            edit.date.dateChanged.connect(self.apply_filters)
        self.userCombo = QComboBox(self)
        self.userCombo.setObjectName("userCombo")
        self.userCombo.setMinimumContentsLength(8)
        self.actionCombo = QComboBox(self)
        self.actionCombo.setObjectName("actionCombo")
        self.actionCombo.addItem("全部操作", "")
        for action, label in ACTION_LABELS.items():
            self.actionCombo.addItem(label, action)
        self.searchEdit = QLineEdit(self)
        self.searchEdit.setObjectName("searchEdit")
        self.searchEdit.setClearButtonEnabled(True)
        self.searchEdit.setPlaceholderText("查找说明、记录编号或改动的内容")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.apply_filters)
        self.searchEdit.textChanged.connect(lambda _t: self._timer.start())
        self.searchEdit.returnPressed.connect(self.apply_filters)
        self.userCombo.currentIndexChanged.connect(self.apply_filters)
        self.actionCombo.currentIndexChanged.connect(self.apply_filters)
        self.clearButton = QPushButton("清除筛选", self)
        self.clearButton.clicked.connect(self.clear_filters)
        for widget in (
            QLabel("日期从", self),
            self.fromEdit,
            QLabel("至", self),
            self.toEdit,
            QLabel("账号", self),
            self.userCombo,
            QLabel("操作", self),
            self.actionCombo,
        ):
            row.addWidget(widget)
        row.addWidget(self.searchEdit, 1)
        row.addWidget(self.clearButton)
        return row

    def _table(self) -> QTableView:
        table = QTableView(self)
        table.setObjectName("auditTable")
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.verticalHeader().setVisible(False)
        rows = table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(table.fontMetrics().height() + 8)
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        char = header.fontMetrics().horizontalAdvance("中")
        for column, width in enumerate(WIDTHS):
            header.resizeSection(column, width * char + 12)
        table.selectionModel().currentRowChanged.connect(lambda *_a: self._show_details())
        return table

    def _page_bar(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.prevButton = QPushButton("上一页", self)
        self.nextButton = QPushButton("下一页", self)
        self.prevButton.clicked.connect(lambda: self.load(max(0, self.offset - PAGE_SIZE)))
        self.nextButton.clicked.connect(lambda: self.load(self.offset + PAGE_SIZE))
        self.countLabel = QLabel(self)
        self.countLabel.setObjectName("countLabel")
        self.exportButton = QPushButton("导出 Excel…", self)
        self.exportButton.setToolTip("把符合当前筛选条件的全部记录导出为 Excel 工作簿")
        self.exportButton.clicked.connect(self.choose_export)
        for widget in (self.prevButton, self.nextButton, self.countLabel):
            row.addWidget(widget)
        row.addStretch(1)
        row.addWidget(self.exportButton)
        return row

    def _check_bar(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.verifyButton = QPushButton("校验审计链", self)
        self.verifyButton.setToolTip("逐条核对审计记录的校验值，检查是否有记录被改动或删除")
        self.verifyButton.clicked.connect(self.verify)
        self.checkLabel = QLabel(self)
        self.checkLabel.setObjectName("checkLabel")
        self.checkLabel.setWordWrap(True)
        self.goButton = QPushButton(self)
        self.goButton.setObjectName("goButton")
        self.goButton.clicked.connect(self.go_to_broken)
        self.goButton.hide()
        row.addWidget(self.verifyButton)
        row.addWidget(self.checkLabel, 1)
        row.addWidget(self.goButton)
        return row

    def _fill_users(self) -> None:
        chosen = self.userCombo.currentData()
        self.userCombo.blockSignals(True)
        self.userCombo.clear()
        self.userCombo.addItem("全部账号", "")
        try:
            names = self.audit.user_names()
        except YuyouError:
            names = []
        for name in names:
            self.userCombo.addItem(name, name)
        self.userCombo.setCurrentIndex(max(self.userCombo.findData(chosen), 0) if chosen else 0)
        self.userCombo.blockSignals(False)

    # ------------------------------------------------------------ listing

    def filters(self) -> AuditFilter:
        return AuditFilter(
            date_from=self.fromEdit.value(),
            date_to=self.toEdit.value(),
            user=self.userCombo.currentData() or "",
            action=self.actionCombo.currentData() or "",
            text=self.searchEdit.text().strip(),
        )

    def apply_filters(self, *_args: object) -> None:
        self._timer.stop()
        self.load(0)

    def clear_filters(self) -> None:
        widgets = (self.fromEdit.check, self.userCombo, self.actionCombo, self.searchEdit)
        for widget in (*widgets, self.toEdit.check):
            widget.blockSignals(True)
        self.fromEdit.set_value(None)
        self.toEdit.set_value(None)
        self.userCombo.setCurrentIndex(0)
        self.actionCombo.setCurrentIndex(0)
        self.searchEdit.clear()
        for widget in (*widgets, self.toEdit.check):
            widget.blockSignals(False)
        self.load(0)

    def load(self, offset: int = 0) -> bool:
        """Show the page at ``offset`` of what the filters find; False when refused."""
        try:
            page: AuditPage = self.audit.page(self.filters(), offset, PAGE_SIZE)
        except YuyouError as exc:
            self.errorLabel.setText(exc.message)
            self.errorLabel.show()
            self.model.set_rows(())
            self.total, self.offset = 0, 0
            self._show_page()
            return False
        self.errorLabel.hide()
        self.offset, self.total = offset, page.total
        self.model.set_rows(page.rows)
        self._show_page()
        if page.rows:
            self.select_row(0)
        return True

    def _show_page(self) -> None:
        shown = len(self.model.rows)
        if self.total == 0:
            self.countLabel.setText("共 0 条")
        else:
            first, last = self.offset + 1, self.offset + shown
            self.countLabel.setText(f"共 {self.total} 条，显示第 {first}–{last} 条")
        self.prevButton.setEnabled(self.offset > 0)
        self.nextButton.setEnabled(self.offset + shown < self.total)
        self.exportButton.setEnabled(self.total > 0)
        self._show_details()

    def select_row(self, row: int) -> None:
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(index, flags)
        self.table.scrollTo(index)

    def _show_details(self) -> None:
        index = self.table.selectionModel().currentIndex()
        if not index.isValid() or index.row() >= len(self.model.rows):
            self.details.setHtml("<p style='color:#666'>选择一条记录查看改动的内容。</p>")
            return
        broken = self.check.first_broken if self.check is not None else None
        self.details.setHtml(describe(self.model.rows[index.row()], broken))

    # ------------------------------------------------------------ chain check

    def verify(self) -> None:
        audit = self.audit
        self.verifyButton.setEnabled(False)
        self.checkLabel.setStyleSheet("")
        self.checkLabel.setText("正在校验…")
        self.runner.run(
            "正在校验审计链",
            lambda progress: audit.verify(),
            self._verified,
            self._verify_failed,
            parent=self,
            cancellable=False,
        )

    def _verify_failed(self, exc: BaseException) -> None:
        self.verifyButton.setEnabled(True)
        self.checkLabel.setText("")
        show_error(self, "无法校验审计链", exc)

    def _verified(self, check: ChainCheck) -> None:
        self.verifyButton.setEnabled(True)
        self.check = check
        self.model.set_broken(check.first_broken)
        if check.ok:
            self.checkLabel.setStyleSheet(OK_STYLE)
            self.checkLabel.setText(f"审计链完整：共 {check.entries} 条记录，逐条核对无误。")
            self.goButton.hide()
        else:
            self.checkLabel.setStyleSheet(BROKEN_STYLE)
            self.checkLabel.setText(
                f"审计链校验未通过：{check.reason}第 {check.first_broken} 条及以后的记录不可信。"
            )
            self.goButton.setText(f"转到第 {check.first_broken} 条")
            self.goButton.show()
        self._show_details()

    def go_to_broken(self) -> bool:
        """Show the entry the chain check named (filters cleared), selected."""
        seq = self.check.first_broken if self.check is not None else None
        if seq is None:
            return False
        self.clear_filters()
        newest = self.model.rows[0].seq if self.model.rows else 0
        offset = max(0, newest - seq) // PAGE_SIZE * PAGE_SIZE
        for _tries in range(3):  # entries deleted from the log put it a page further on
            if offset >= self.total or not self.load(offset):
                break
            row = self.model.row_of(seq)
            if row >= 0:
                self.select_row(row)
                return True
            offset += PAGE_SIZE
        return False

    # ------------------------------------------------------------ export

    def choose_export(self) -> None:
        suggested = self.folder / f"审计日志-{date.today():%Y%m%d}.xlsx"
        chosen, _ = QFileDialog.getSaveFileName(self, "导出审计日志", str(suggested), XLSX_FILTER)
        if chosen:
            dest = with_xlsx(chosen)
            self.folder = dest.parent
            self.export_to(dest)

    def export_to(self, dest: Path) -> None:
        audit, flt = self.audit, self.filters()
        self.exportButton.setEnabled(False)
        self.runner.run(
            "正在导出审计日志",
            lambda progress: audit.export(flt, dest, progress),
            lambda count: self._exported(dest, count, flt),
            self._export_failed,
            parent=self,
        )

    def _exported(self, dest: Path, count: int, flt: AuditFilter) -> None:
        self._after_export()
        QMessageBox.information(
            self, "导出完成", f"已导出 {count} 条审计记录（{flt.describe()}）到：\n{dest}"
        )

    def _export_failed(self, exc: BaseException) -> None:
        self._after_export()
        show_error(self, "导出失败", exc)

    def _after_export(self) -> None:
        """The export is itself an entry of the log: list it."""
        self._fill_users()
        self.load(self.offset)
