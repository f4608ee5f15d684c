"""预览: the letter's PDF shown page by page by QtPdf — the very bytes that are printed, saved
or archived — with 打印…, 另存为PDF… and zoom.  Font warnings are shown above the pages."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from yuyou_desktop.errors import YuyouError
from yuyou_desktop.gui.letters import printing
from yuyou_desktop.gui.letters.screen import fit_to_screen
from yuyou_desktop.gui.messages import show_error
from yuyou_desktop.services.letters.pdf_file import save_pdf

GEOMETRY_KEY = "letters/previewGeometry"
ZOOMS = (("适合宽度", 0.0), ("整页", -1.0), ("75%", 0.75), ("100%", 1.0), ("150%", 1.5))
WARN_STYLE = "color: #b00020;"


class PreviewDialog(QDialog):
    def __init__(
        self,
        data: bytes,
        title: str,
        file_name: str,
        settings: QSettings,
        warnings: tuple[str, ...] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("letterPreview")
        self.setWindowTitle(f"预览 — {title}")
        self.data = data
        self.file_name = file_name
        self.settings = settings
        self.document: QPdfDocument = printing.load_pdf(data, self)
        layout = QVBoxLayout(self)
        if warnings:
            warn = QLabel("\n".join(warnings))
            warn.setObjectName("fontWarnings")
            warn.setWordWrap(True)
            warn.setStyleSheet(WARN_STYLE)
            layout.addWidget(warn)
        self.view = QPdfView(self)
        self.view.setObjectName("pdfView")
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setDocument(self.document)
        self.view.setPageSpacing(12)
        layout.addWidget(self.view, 1)
        bar = QHBoxLayout()
        self.zoomCombo = QComboBox()
        for label, _ in ZOOMS:
            self.zoomCombo.addItem(label)
        self.zoomCombo.currentIndexChanged.connect(self._zoom)
        self.pageLabel = QLabel()
        self.printButton = QPushButton("打印…")
        self.saveButton = QPushButton("另存为PDF…")
        close = QPushButton("关闭")
        self.printButton.clicked.connect(self.print_letter)
        self.saveButton.clicked.connect(self.save_as)
        close.clicked.connect(self.accept)
        bar.addWidget(QLabel("缩放"))
        bar.addWidget(self.zoomCombo)
        bar.addWidget(self.pageLabel)
        bar.addStretch(1)
        for button in (self.printButton, self.saveButton, close):
            bar.addWidget(button)
        layout.addLayout(bar)
        self.view.pageNavigator().currentPageChanged.connect(self._page_changed)
        self._page_changed(0)
        self._zoom(0)
        fit_to_screen(self, 760, 900)
        geometry = settings.value(GEOMETRY_KEY)
        if geometry is not None:
            self.restoreGeometry(geometry)

    @property
    def page_count(self) -> int:
        return self.document.pageCount()

    def _page_changed(self, page: int) -> None:
        self.pageLabel.setText(f"第 {page + 1} 页 共 {self.page_count} 页")

    def _zoom(self, index: int) -> None:
        factor = ZOOMS[index][1]
        if factor == 0.0:
            self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        elif factor < 0:
            self.view.setZoomMode(QPdfView.ZoomMode.FitInView)
        else:
            self.view.setZoomMode(QPdfView.ZoomMode.Custom)
            self.view.setZoomFactor(factor)

    def print_letter(self) -> None:
        printer = printing.ask_printer(self, self.page_count)
        if printer is None:
            return
        try:
            printing.print_documents(printer, [self.document])
        except YuyouError as exc:
            show_error(self, "打印失败", exc)

    def save_as(self) -> None:
        start = str(Path(self.settings.value("letters/saveDir", str(Path.home()))) / self.file_name)
        name, _ = QFileDialog.getSaveFileName(self, "另存为PDF", start, "PDF 文件 (*.pdf)")
        if not name:
            return
        path = Path(name if name.lower().endswith(".pdf") else name + ".pdf")
        try:
            save_pdf(path, self.data)
        except YuyouError as exc:
            show_error(self, "保存失败", exc)
            return
        self.settings.setValue("letters/saveDir", str(path.parent))
        QMessageBox.information(self, "已保存", f"已保存到“{path}”。")

    def done(self, result: int) -> None:
        self.settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        super().done(result)

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.accept()
            return
        super().keyPressEvent(event)
