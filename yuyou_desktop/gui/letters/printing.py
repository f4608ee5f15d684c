"""Printing letters: the PDF's pages rendered by QtPdf at the printer's resolution onto a white
page and painted onto the printer, so what comes out is exactly what the preview shows.

``ask_printer`` opens the normal print dialog (tests replace it with a PDF printer).  A batch
prints several letters as one job with a progress dialog and 取消.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

from yuyou_desktop.errors import InputRejected


def load_pdf(data: bytes, parent=None) -> QPdfDocument:
    """A QPdfDocument over ``data`` (the buffer is kept alive as the document's child)."""
    document = QPdfDocument(parent)
    buffer = QBuffer(document)
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    if document.status() != QPdfDocument.Status.Ready or document.pageCount() < 1:
        raise InputRejected("无法打开这份PDF（文件可能已损坏）。")
    return document


def new_printer() -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setFullPage(True)  # the letter's own margins are in the PDF
    return printer


def ask_printer(parent: QWidget | None, pages: int) -> QPrinter | None:
    """The normal print dialog; None when the user cancels."""
    printer = new_printer()
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("打印")
    dialog.setMinMax(1, max(pages, 1))
    dialog.setOption(QPrintDialog.PrintDialogOption.PrintPageRange, True)
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return None
    return printer


def page_image(document: QPdfDocument, index: int, dpi: int) -> QImage:
    """Page ``index`` at ``dpi``, on white (QtPdf leaves the background transparent)."""
    points = document.pagePointSize(index)
    size = QSize(round(points.width() / 72 * dpi), round(points.height() / 72 * dpi))
    rendered = document.render(index, size)
    page = QImage(size, QImage.Format.Format_RGB32)
    page.fill(QColor("white"))
    painter = QPainter(page)
    painter.drawImage(0, 0, rendered)
    painter.end()
    return page


def _page_range(printer: QPrinter, pages: int) -> range:
    first, last = printer.fromPage(), printer.toPage()
    if first <= 0 or last <= 0:
        return range(pages)
    return range(max(first, 1) - 1, min(last, pages))


def print_documents(
    printer: QPrinter,
    documents: Sequence[QPdfDocument],
    on_page: Callable[[int, int], bool] | None = None,
) -> tuple[int, bool]:
    """Paint every page of ``documents`` onto ``printer`` as one job (a single letter: the
    page range chosen in the dialog).  Returns (pages printed, completed); ``on_page(done,
    total)`` may return False to stop, and the job is then aborted."""
    dpi = min(printer.resolution(), 600)
    single = len(documents) == 1
    jobs = [
        (doc, _page_range(printer, doc.pageCount()) if single else range(doc.pageCount()))
        for doc in documents
    ]
    total = sum(len(pages) for _, pages in jobs)
    painter = QPainter()
    if not painter.begin(printer):
        raise InputRejected("无法开始打印：打印机不可用或输出文件无法写入。")
    done = 0
    try:
        for document, pages in jobs:
            for index in pages:
                if done and not printer.newPage():
                    raise InputRejected("打印机拒绝了新的一页，打印已停止。")
                image = page_image(document, index, dpi)
                target = QRect(0, 0, painter.device().width(), painter.device().height())
                scaled = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.drawImage(QRect(target.topLeft(), scaled), image)
                done += 1
                if on_page is not None and not on_page(done, total):
                    printer.abort()
                    return done, False
    finally:
        if painter.isActive():
            painter.end()
    return done, True


def print_with_progress(
    parent: QWidget | None,
    printer: QPrinter,
    load: Callable[[int], QPdfDocument],
    count: int,
    title: str = "正在打印",
) -> tuple[int, bool]:
    """Load and print ``count`` letters (``load(i)``) with a progress dialog and 取消.
    Returns (letters printed, cancelled)."""
    progress = QProgressDialog(f"{title}…", "取消", 0, count, parent)
    progress.setWindowTitle(title)
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(0)
    try:
        documents: list[QPdfDocument] = []
        for index in range(count):
            progress.setLabelText(f"正在准备第 {index + 1} 份，共 {count} 份…")
            progress.setValue(index)
            QApplication.processEvents()
            if progress.wasCanceled():
                return 0, True
            documents.append(load(index))

        def on_page(done: int, total: int) -> bool:
            progress.setMaximum(total)
            progress.setLabelText(f"正在打印第 {done} 页，共 {total} 页…")
            progress.setValue(done)
            QApplication.processEvents()
            return not progress.wasCanceled()

        progress.setValue(0)
        _, completed = print_documents(printer, documents, on_page)
    finally:
        progress.close()
    if not completed:
        discard_file_output(printer)
    return (count, False) if completed else (0, True)


def discard_file_output(printer: QPrinter) -> None:
    """A cancelled job printed to a file leaves no partial file (a real printer's job is
    aborted by ``QPrinter.abort``)."""
    name = printer.outputFileName()
    if name:
        Path(name).unlink(missing_ok=True)
