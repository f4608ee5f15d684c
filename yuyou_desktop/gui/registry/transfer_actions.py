"""导出Excel…, 下载导入模板…, 导入Excel… for one register view.

Files are chosen on the GUI thread; reading and writing workbooks runs on the task runner with
a progress dialog.  An import is always tried first (dry run); only a clean dry run offers
确认导入, which imports for real, all or nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton

from yuyou_desktop.gui.messages import show_error
from yuyou_desktop.gui.permissions import CHANGE, mark
from yuyou_desktop.gui.registry.import_preview import ImportPreviewDialog

if TYPE_CHECKING:
    from yuyou_desktop.gui.registry.register_view import RegisterView
    from yuyou_desktop.services.registry.transfer import ImportReport, TransferService

XLSX_FILTER = "Excel 工作簿 (*.xlsx)"


def documents_dir() -> Path:
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(docs) if docs else Path.home()


def with_xlsx(name: str) -> Path:
    path = Path(name)
    return path if path.suffix.lower() == ".xlsx" else path.with_name(path.name + ".xlsx")


class TransferActions(QObject):
    """Adds the Excel buttons to a :class:`RegisterView` and runs what they ask for."""

    def __init__(self, view: RegisterView, transfer: TransferService) -> None:
        super().__init__(view)
        self.view = view
        self.transfer = transfer
        self.folder = documents_dir()  # the last folder used, for the next file dialog
        self.preview: ImportPreviewDialog | None = None
        self.importButton = self._button("导入Excel…", self.choose_import)
        self.exportButton = self._button("导出Excel…", self.choose_export)
        self.templateButton = self._button("下载导入模板…", self.choose_template)
        self.exportButton.setToolTip("按当前的查找、筛选和排序导出全部符合条件的记录")
        self.templateButton.setToolTip("下载带下拉选项和填写说明的导入模板")
        mark(self.importButton, CHANGE)

    def _button(self, text: str, slot: object) -> QPushButton:
        button = QPushButton(text, self.view)
        button.clicked.connect(slot)
        self.view.ui.extraButtonLayout.addWidget(button)
        return button

    @property
    def name(self) -> str:
        return self.view.spec.name

    def _save_name(self, caption: str, suggested: str) -> Path | None:
        chosen, _ = QFileDialog.getSaveFileName(
            self.view, caption, str(self.folder / suggested), XLSX_FILTER
        )
        if not chosen:
            return None
        path = with_xlsx(chosen)
        self.folder = path.parent
        return path

    # ------------------------------------------------------------ export

    def choose_export(self) -> None:
        dest = self._save_name("导出Excel", self.transfer.export_filename(self.name))
        if dest is not None:
            self.export_to(dest)

    def export_to(self, dest: Path) -> None:
        transfer, name, query = self.transfer, self.name, self.view.model.query()
        self.view.runner.run(
            f"正在导出“{self.view.spec.title}”",
            lambda progress: transfer.export(name, dest, query, progress),
            lambda count: self._exported(dest, count),
            lambda exc: show_error(self.view, "导出失败", exc),
            parent=self.view,
        )

    def _exported(self, dest: Path, count: int) -> None:
        narrowed = (
            "（按当前的查找和筛选条件）"
            if self.view.model.search or self.view.model.filters
            else ""
        )
        QMessageBox.information(
            self.view,
            "导出完成",
            f"已导出 {count} 条{self.view.spec.title}记录{narrowed}到：\n{dest}",
        )

    # ------------------------------------------------------------ template

    def choose_template(self) -> None:
        dest = self._save_name("下载导入模板", self.transfer.template_filename(self.name))
        if dest is not None:
            self.template_to(dest)

    def template_to(self, dest: Path) -> None:
        transfer, name = self.transfer, self.name
        self.view.runner.run(
            "正在生成导入模板",
            lambda progress: transfer.template(name, dest),
            lambda path: QMessageBox.information(
                self.view, "导入模板", f"导入模板已保存到：\n{path}\n填好后用“导入Excel…”导入。"
            ),
            lambda exc: show_error(self.view, "无法保存导入模板", exc),
            parent=self.view,
            cancellable=False,
        )

    # ------------------------------------------------------------ import

    def choose_import(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self.view, "选择要导入的Excel文件", str(self.folder), XLSX_FILTER
        )
        if chosen:
            self.folder = Path(chosen).parent
            self.try_import(Path(chosen))

    def try_import(self, source: Path) -> None:
        """The dry run: read and check every row, write nothing, show what would happen."""
        self._run_import(source, dry_run=True)

    def _run_import(self, source: Path, dry_run: bool) -> None:
        transfer, name = self.transfer, self.name
        if self.preview is not None:
            self.preview.set_busy(True)
        self.view.runner.run(
            f"正在{'检查' if dry_run else '导入'}“{source.name}”",
            lambda progress: transfer.import_file(name, source, dry_run=dry_run, progress=progress),
            self._show_report,
            self._import_failed,
            parent=self.preview or self.view,
            on_cancel=self._import_cancelled,
        )

    def _import_failed(self, exc: BaseException) -> None:
        if self.preview is not None:
            self.preview.set_busy(False)
        show_error(self.preview or self.view, "无法导入", exc)

    def _import_cancelled(self) -> None:
        if self.preview is not None:
            self.preview.set_busy(False)

    def _show_report(self, report: ImportReport) -> None:
        if not report.dry_run and report.written:
            self.view.refresh()
            self.view.changed.emit(self.name)
        if self.preview is None:
            self.preview = ImportPreviewDialog(report, self.view)
            self.preview.confirmed.connect(self.confirm_import)
            self.preview.saveReportRequested.connect(self.choose_error_report)
            self.preview.finished.connect(self._preview_closed)
            self.preview.open()
        else:
            self.preview.show_report(report)
            self.preview.set_busy(False)

    def _preview_closed(self) -> None:
        if self.preview is not None:
            self.preview.deleteLater()
        self.preview = None

    def confirm_import(self) -> None:
        if self.preview is not None and self.preview.can_import:
            self._run_import(self.preview.report.source, dry_run=False)

    def choose_error_report(self) -> None:
        if self.preview is None:
            return
        report = self.preview.report
        dest = self._save_name("保存错误报告", f"{report.source.stem}-错误报告.xlsx")
        if dest is None:
            return
        transfer = self.transfer
        self.view.runner.run(
            "正在保存错误报告",
            lambda progress: transfer.save_error_report(report, dest),
            lambda path: QMessageBox.information(
                self.preview or self.view, "错误报告", f"错误报告已保存到：\n{path}"
            ),
            lambda exc: show_error(self.preview or self.view, "无法保存错误报告", exc),
            parent=self.preview or self.view,
            cancellable=False,
        )
