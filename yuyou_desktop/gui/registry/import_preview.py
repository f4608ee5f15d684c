"""What an Excel import would do (dry run) or why it was refused: counts, the first rows with
新增/更新, and the errors as (工作表, 行号, 列, 原因).  Shell from ``ui/import_preview.ui``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QDialog, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from yuyou_desktop.gui.forms.ui_import_preview import Ui_ImportPreviewDialog
from yuyou_desktop.gui.registry.presentation import GREEN, ORANGE

if TYPE_CHECKING:
    from yuyou_desktop.services.registry.transfer import ImportReport

PREVIEW_ROWS = 200
ERROR_ROWS = 1000
ACTION_COLOURS = {"新增": GREEN, "更新": ORANGE}


def _fill(
    table: QTableWidget, headers: tuple[str, ...], rows: list[tuple[str, ...]], widths: tuple
) -> None:
    table.clear()
    table.setColumnCount(len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, text in enumerate(values):
            item = QTableWidgetItem(text)
            colour = ACTION_COLOURS.get(text) if c == 1 and headers[1] == "处理" else None
            if colour:
                item.setForeground(QColor(colour))
            table.setItem(r, c, item)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
    header = table.horizontalHeader()
    header.setStretchLastSection(True)
    digit = table.fontMetrics().horizontalAdvance("0")
    for column, width in enumerate(widths):
        header.resizeSection(column, width * digit + 16)


class ImportPreviewDialog(QDialog):
    """Shows an :class:`ImportReport`.  ``confirmed`` asks for the real import (only offered
    when the dry run found no error); ``saveReportRequested`` for the error report."""

    confirmed = Signal()
    saveReportRequested = Signal()

    def __init__(self, report: ImportReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_ImportPreviewDialog()
        self.ui.setupUi(self)
        self.report = report
        self.ui.importButton.clicked.connect(self.confirmed)
        self.ui.saveReportButton.clicked.connect(self.saveReportRequested)
        self.show_report(report)

    def set_busy(self, busy: bool) -> None:
        self.ui.importButton.setEnabled(not busy and self.can_import)
        self.ui.closeButton.setEnabled(not busy)

    @property
    def can_import(self) -> bool:
        r = self.report
        return r.dry_run and r.ok and (r.added + r.updated) > 0

    def show_report(self, report: ImportReport) -> None:
        self.report = report
        self.setWindowTitle(f"导入Excel：{report.title}")
        self.ui.summaryLabel.setText(
            f"文件：{report.source.name}（工作表“{report.sheet}”）\n{report.summary()}"
        )
        errors = report.errors
        self.ui.errorsLabel.setVisible(bool(errors))
        self.ui.errorTable.setVisible(bool(errors))
        self.ui.saveReportButton.setVisible(bool(errors))
        if errors:
            more = (
                f"（只列出前 {ERROR_ROWS} 处，全部见错误报告）" if len(errors) > ERROR_ROWS else ""
            )
            self.ui.errorsLabel.setText(
                f"发现 {len(errors)} 处错误{more}。请改正 Excel 文件后重新导入；"
                "可以保存错误报告，对照修改。"
            )
            rows = [(e.sheet, str(e.row), e.column, e.reason) for e in errors[:ERROR_ROWS]]
            _fill(self.ui.errorTable, ("工作表", "行号", "列", "原因"), rows, (12, 6, 16))
        preview = [p for p in report.preview if p.action != "不变"][:PREVIEW_ROWS]
        self.ui.previewLabel.setVisible(bool(preview))
        self.ui.previewTable.setVisible(bool(preview))
        if preview:
            shown = len(preview)
            first = f"（前 {shown} 条）" if report.added + report.updated > shown else ""
            if report.errors:
                heading = f"改正错误后，其余各行将新增或更新的记录{first}："
            else:
                heading = f"{'将' if report.dry_run else '已'}新增或更新的记录{first}："
            self.ui.previewLabel.setText(heading)
            rows = [(str(p.row), p.action, p.key, "、".join(p.changes)) for p in preview]
            _fill(self.ui.previewTable, ("行号", "处理", "记录", "变更的列"), rows, (6, 6, 50))
        self.ui.importButton.setVisible(self.can_import)
        self.ui.importButton.setEnabled(self.can_import)
        self.ui.closeButton.setText("取消" if self.can_import else "关闭")
        if self.can_import:
            self.ui.importButton.setDefault(True)
