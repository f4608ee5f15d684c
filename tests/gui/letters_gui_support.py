"""Pieces of the 文书打印 tab tests: the tab on a real database printing with the tiny test font,
message boxes recorded instead of blocking, letters made through the service, PDF printers
writing to files, and printed PDFs read back."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import QPoint, QSettings, QSize, Qt
from PySide6.QtGui import QColor, QImage, QInputMethodEvent
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialogButtonBox,
    QFileDialog,
    QInputDialog,
    QMessageBox,
    QWidget,
)

from yuyou_desktop.documents.letter_fonts import ROLES
from yuyou_desktop.gui.letters import (
    action_dialogs,
    fonts_dialog,
    letter_actions,
    letter_editor,
    letters_tab,
    preview,
    printing,
    source_pickers,
)
from yuyou_desktop.gui.letters.letters_model import COLUMNS
from yuyou_desktop.gui.letters.letters_tab import LettersTab
from yuyou_desktop.services import Services
from yuyou_desktop.services.letters.records import LetterDraft, LetterRecord

MODULES = (
    action_dialogs,
    fonts_dialog,
    letter_actions,
    letter_editor,
    letters_tab,
    preview,
    source_pickers,
)
MARKET = "右玉县市场监督管理局"
TRANSPORT = "右玉县交通运输局"
TODAY = date.today()
YEAR = TODAY.year


@dataclass
class Boxes:
    """What the message boxes would have said; ``answer`` is given to every question."""

    errors: list[str] = field(default_factory=list)
    infos: list[str] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    answer: QMessageBox.StandardButton = QMessageBox.StandardButton.Yes


def record_boxes(monkeypatch) -> Boxes:
    """Every blocking dialog of the letters GUI replaced: errors, information and questions are
    recorded; a file or print dialog that a test did not provide for fails the test."""
    boxes = Boxes()

    def error(parent, title, exc) -> None:
        boxes.errors.append(getattr(exc, "message", repr(exc)))

    def info(parent, title, text, *args, **kwargs):
        boxes.infos.append(text)
        return QMessageBox.StandardButton.Ok

    def question(parent, title, text, *args, **kwargs):
        boxes.questions.append(text)
        return boxes.answer

    def blocking(*args, **kwargs):
        raise AssertionError("a blocking dialog was opened")

    for module in MODULES:
        monkeypatch.setattr(module, "show_error", error)
    monkeypatch.setattr(QMessageBox, "information", info)
    monkeypatch.setattr(QMessageBox, "question", question)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", blocking)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", blocking)
    monkeypatch.setattr(QInputDialog, "getItem", blocking)
    monkeypatch.setattr(printing, "ask_printer", blocking)
    return boxes


def make_tab(qtbot, services: Services, runner, tmp_path: Path, font: Path) -> LettersTab:
    """The tab on ``services``, every font role set to the test font (fast, no system fonts)."""
    for role in ROLES:
        services.letter_fonts.choose(role, font)
    settings = QSettings(str(tmp_path / "gui.ini"), QSettings.Format.IniFormat)
    tab = LettersTab(services, runner, settings)
    qtbot.addWidget(tab)
    tab.resize(1200, 700)
    tab.show()
    return tab


# ---------------------------------------------------------------- letters through the service


def proposal(title: str, recipient: str = MARKET, unit_id: str | None = None, findings: str = ""):
    fields = {"findings": findings or "执法文书送达不规范", "recommendations": "规范送达程序"}
    return LetterDraft("proposal", unit_id, recipient, title, fields)


def rectification(title: str, deadline: date, recipient: str = MARKET) -> LetterDraft:
    fields = {
        "problems": "1. 未公示执法依据",
        "requirements": "限期公示",
        "deadline": deadline.isoformat(),
    }
    return LetterDraft("rectification", None, recipient, title, fields)


def issued(services: Services, draft: LetterDraft, days_ago: int = 0) -> LetterRecord:
    letters = services.letters
    letter_id = letters.create(draft)
    return letters.issue(letter_id, 1, TODAY - timedelta(days=days_ago))


def served(services: Services, record: LetterRecord, days_ago: int) -> LetterRecord:
    on = TODAY - timedelta(days=days_ago)
    return services.letters.serve(record.id, record.version, on, "直接送达", "张三")


def long_findings(lines: int) -> str:
    return "\n".join(
        f"{n}. 执法案卷中行政处罚决定书未载明救济途径和期限，送达程序不规范。" for n in range(lines)
    )


# ---------------------------------------------------------------- the table as a clerk sees it


def column(header: str) -> int:
    """The index of the archive column headed ``header``."""
    return [c[0] for c in COLUMNS].index(header)


def texts(tab: LettersTab, header: str) -> list[str]:
    model = tab.model
    return [model.index(row, column(header)).data() for row in range(model.rowCount())]


def titles(tab: LettersTab) -> list[str]:
    return texts(tab, "标题")


def click_row(qtbot, tab: LettersTab, row: int, extend: bool = False) -> None:
    """Click the row (with Ctrl to add it to the selection)."""
    index = tab.model.index(row, column("标题"))
    tab.table.scrollTo(index)
    centre = tab.table.visualRect(index).center()
    modifier = Qt.KeyboardModifier.ControlModifier if extend else Qt.KeyboardModifier.NoModifier
    qtbot.mouseClick(tab.table.viewport(), Qt.MouseButton.LeftButton, modifier, centre)


def pick(qtbot, tab: LettersTab, title: str, extend: bool = False) -> None:
    click_row(qtbot, tab, titles(tab).index(title), extend)


def click_header(qtbot, tab: LettersTab, column: int) -> None:
    header = tab.table.horizontalHeader()
    point = QPoint(header.sectionViewportPosition(column) + 10, header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=point)


def enabled_buttons(tab: LettersTab) -> set[str]:
    return {key for key, button in tab.buttons.items() if button.isEnabled()}


def button(widget: QWidget, text: str) -> QAbstractButton:
    found = [b for b in widget.findChildren(QAbstractButton) if b.text() == text]
    assert len(found) == 1, f"{text!r}: {[b.text() for b in widget.findChildren(QAbstractButton)]}"
    return found[0]


def press_ok(dialog: QWidget) -> None:
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()


def menu_action(tab: LettersTab, text: str):
    actions = [a for a in tab.newButton.menu().actions() if a.text() == text]
    assert len(actions) == 1, text
    return actions[0]


# ---------------------------------------------------------------- printers and printed PDFs


def pdf_printer(path: Path, dpi: int = 150) -> QPrinter:
    """The program's printer writing a PDF file (at ``dpi``, so that pages print quickly)."""
    printer = printing.new_printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setResolution(dpi)
    return printer


def page_count(data: bytes | Path) -> int:
    raw = data.read_bytes() if isinstance(data, Path) else data
    return len(PdfReader(io.BytesIO(raw)).pages)


def render_first_page(path: Path, dpi: int = 40) -> QImage:
    """The printed file's first page as QtPdf draws it (transparent where nothing is painted)."""
    document = QPdfDocument(None)
    document.load(str(path))
    assert document.status() == QPdfDocument.Status.Ready
    points = document.pagePointSize(0)
    size = QSize(round(points.width() / 72 * dpi), round(points.height() / 72 * dpi))
    image = document.render(0, size).convertToFormat(QImage.Format.Format_ARGB32)
    document.close()
    return image


def is_white(colour: QColor) -> bool:
    return colour.alpha() == 255 and min(colour.red(), colour.green(), colour.blue()) >= 250


def dark_pixels(image: QImage) -> int:
    return sum(
        1
        for y in range(0, image.height(), 2)
        for x in range(0, image.width(), 2)
        if image.pixelColor(x, y).alpha() > 200 and image.pixelColor(x, y).lightness() < 100
    )


def type_text(qtbot, widget: QWidget, text: str) -> None:
    """Type into a line or text edit.  QTest cannot send non-ASCII keys, so Chinese is
    committed the way an input method does."""
    for chunk in re.split(r"([\x20-\x7e]+)", text):
        if not chunk:
            continue
        if chunk.isascii():
            qtbot.keyClicks(widget, chunk)
        else:
            event = QInputMethodEvent()
            event.setCommitString(chunk)
            QApplication.sendEvent(widget, event)
