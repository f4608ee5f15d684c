"""The 文书打印 tab's printing and drafting helpers: 预览 → 打印/另存为PDF, 批量打印 (with 取消),
字体, and letters started from an inspection, a lead, a campaign or an issued letter."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QPushButton

from tests.gui.letters_gui_support import (
    TODAY,
    column,
    dark_pixels,
    is_white,
    issued,
    long_findings,
    make_tab,
    page_count,
    pdf_printer,
    pick,
    proposal,
    record_boxes,
    rectification,
    render_first_page,
    titles,
)
from tests.letter_font_support import build_cff_font, build_test_font
from yuyou_desktop.documents.letter_fonts import ROLE_LABELS, ROLES
from yuyou_desktop.gui.letters import printing
from yuyou_desktop.gui.letters.fonts_dialog import FontsDialog
from yuyou_desktop.gui.letters.letter_editor import LetterEditor
from yuyou_desktop.gui.letters.preview import PreviewDialog


@pytest.fixture
def boxes(monkeypatch):
    return record_boxes(monkeypatch)


@pytest.fixture
def tab(qtbot, county, runner, tmp_path, letter_test_font, boxes):
    return make_tab(qtbot, county, runner, tmp_path, letter_test_font)


@pytest.fixture
def demo_tab(qtbot, county_demo, runner, tmp_path, letter_test_font, boxes):
    return make_tab(qtbot, county_demo, runner, tmp_path, letter_test_font)


@pytest.fixture
def printer_to(monkeypatch, tmp_path):
    """The print dialog answered with a PDF printer writing to the returned file."""
    out = tmp_path / "printed.pdf"
    asked: list[int] = []

    def ask(parent, pages):
        asked.append(pages)
        return pdf_printer(out)

    monkeypatch.setattr(printing, "ask_printer", ask)
    return out, asked


def shown_preview(tab) -> PreviewDialog:
    dialog = tab.actions.dialog
    assert isinstance(dialog, PreviewDialog) and dialog.isVisible()
    return dialog


def open_progress(tab) -> list[QProgressDialog]:
    return [d for d in tab.findChildren(QProgressDialog) if d.isVisible()]


def cell_texts(table) -> list[list[str]]:
    return [
        [table.item(row, column).text() for column in range(table.columnCount())]
        for row in range(table.rowCount())
    ]


# ---------------------------------------------------------------- one letter


def test_an_issued_letter_is_printed_from_its_preview(qtbot, tab, county, boxes, printer_to):
    out, asked = printer_to
    record = issued(county, proposal("两页的建议", findings=long_findings(40)))
    archived = county.letters.pdf(record.id)
    pages = page_count(archived)
    assert pages >= 2, "the letter should run over a page"
    tab.refresh()
    pick(qtbot, tab, "两页的建议")
    tab.buttons["preview"].click()
    dialog = shown_preview(tab)
    assert dialog.page_count == pages and dialog.data == archived
    assert record.number in dialog.windowTitle()

    dialog.printButton.click()
    assert boxes.errors == [] and asked == [pages]
    assert out.exists() and page_count(out) == pages
    box = PdfReader(out).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842), "A4"
    image = render_first_page(out)
    inset = 4
    for x, y in (
        (inset, inset),
        (image.width() - inset, inset),
        (inset, image.height() - inset),
        (image.width() - inset, image.height() - inset),
    ):
        assert is_white(image.pixelColor(x, y)), (x, y, image.pixelColor(x, y).name())
    assert dark_pixels(image) > 50, "the letter's text is on the page"


def test_save_as_pdf_writes_the_archived_bytes(qtbot, tab, county, boxes, monkeypatch, tmp_path):
    record = issued(county, proposal("另存的建议"))
    tab.refresh()
    pick(qtbot, tab, "另存的建议")
    tab.buttons["preview"].click()
    dialog = shown_preview(tab)
    offered: list[str] = []

    def save_name(parent, title, start, filters):
        offered.append(start)
        return str(tmp_path / "存档副本"), filters

    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName", save_name)
    dialog.saveButton.click()
    saved = tmp_path / "存档副本.pdf"
    assert boxes.errors == []
    assert saved.read_bytes() == county.letters.pdf(record.id)
    assert offered[0].endswith(f"{record.number}.pdf")
    assert boxes.infos and str(saved) in boxes.infos[-1]


def test_a_double_click_edits_a_draft_and_previews_an_issued_letter(qtbot, tab, county, boxes):
    county.letters.create(proposal("双击的草稿"))
    issued(county, proposal("双击的正式文书"))
    tab.refresh()
    for title, kind in (("双击的草稿", LetterEditor), ("双击的正式文书", PreviewDialog)):
        centre = tab.table.visualRect(
            tab.model.index(titles(tab).index(title), column("标题"))
        ).center()
        qtbot.mouseClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
        qtbot.mouseDClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
        assert isinstance(tab.actions.dialog, kind) and tab.actions.dialog.isVisible()
        tab.actions.dialog.reject()


# ---------------------------------------------------------------- batches


@pytest.fixture
def three_issued(county):
    """Three issued letters (one of them long) and a draft; their ids by title."""
    made = {
        "甲建议": issued(county, proposal("甲建议")),
        "乙建议": issued(county, proposal("乙建议", findings=long_findings(40))),
        "丙整改": issued(county, rectification("丙整改", TODAY + timedelta(days=9))),
    }
    county.letters.create(proposal("丁草稿"))
    return {title: record.id for title, record in made.items()}


def test_a_batch_of_selected_letters_prints_as_one_job(
    qtbot, tab, county, boxes, printer_to, three_issued
):
    out, _ = printer_to
    tab.refresh()
    pick(qtbot, tab, "甲建议")
    pick(qtbot, tab, "乙建议", extend=True)
    assert len(tab.selected_ids()) == 2
    assert set(tab.selected_ids()) == {three_issued["甲建议"], three_issued["乙建议"]}
    assert tab.buttons["batch"].isEnabled() and not tab.buttons["preview"].isEnabled()
    tab.buttons["batch"].click()
    assert boxes.errors == [] and boxes.infos == [] and boxes.questions == []
    wanted = sum(page_count(county.letters.pdf(three_issued[t])) for t in ("甲建议", "乙建议"))
    assert wanted >= 3 and page_count(out) == wanted
    assert open_progress(tab) == []


def test_a_batch_without_a_selection_prints_the_issued_letters_listed(
    qtbot, tab, county, boxes, printer_to, three_issued
):
    out, _ = printer_to
    tab.refresh()
    tab.typeCombo.setCurrentIndex(tab.typeCombo.findText("行政执法监督建议书"))
    assert sorted(titles(tab)) == ["丁草稿", "乙建议", "甲建议"]
    tab.table.clearSelection()
    assert tab.selected_ids() == [] and tab.buttons["batch"].isEnabled()
    boxes.answer = QMessageBox.StandardButton.No
    tab.buttons["batch"].click()
    assert boxes.questions == ["打印当前列表中全部 2 份已签发的文书？"]
    assert not out.exists()
    boxes.answer = QMessageBox.StandardButton.Yes
    tab.buttons["batch"].click()
    wanted = sum(page_count(county.letters.pdf(three_issued[t])) for t in ("甲建议", "乙建议"))
    assert page_count(out) == wanted


def test_a_batch_of_one_selected_letter_prints_just_that_one(
    qtbot, tab, county, boxes, printer_to, three_issued
):
    out, _ = printer_to
    tab.refresh()
    pick(qtbot, tab, "甲建议")
    tab.buttons["batch"].click()
    assert boxes.questions == []
    assert page_count(out) == page_count(county.letters.pdf(three_issued["甲建议"]))


def test_a_batch_of_drafts_only_prints_nothing_and_says_why(
    qtbot, tab, county, boxes, printer_to, three_issued
):
    out, _ = printer_to
    tab.refresh()
    pick(qtbot, tab, "丁草稿")
    tab.buttons["batch"].click()
    assert boxes.infos == ["所选文书都是草稿，草稿请在预览中打印。"]
    assert not out.exists()


def test_cancelling_a_batch_stops_it_and_says_so(
    qtbot, tab, county, boxes, printer_to, three_issued, monkeypatch
):
    out, _ = printer_to
    printed: list[str] = []

    def cancelled_after_first_page(progress: QProgressDialog) -> bool:
        printed.append(progress.labelText())
        return progress.labelText().startswith("正在打印第")

    monkeypatch.setattr(QProgressDialog, "wasCanceled", cancelled_after_first_page)
    tab.refresh()
    for n, title in enumerate(three_issued):
        pick(qtbot, tab, title, extend=n > 0)
    assert len(tab.selected_ids()) == 3
    tab.buttons["batch"].click()
    assert boxes.infos == ["已取消打印。"] and boxes.errors == []
    total = sum(page_count(county.letters.pdf(i)) for i in three_issued.values())
    assert printed[-1] == f"正在打印第 1 页，共 {total} 页…"
    assert not out.exists() or page_count(out) == 1, "nothing printed after the first page"
    assert open_progress(tab) == []


def test_a_batch_with_a_damaged_archive_file_is_refused_and_leaves_no_progress(
    qtbot, tab, county, boxes, printer_to, three_issued
):
    out, _ = printer_to
    damaged = county.letters.get(three_issued["乙建议"]).pdf_sha256
    path = next(p for p in county.paths.attachments.rglob("*") if damaged in p.name)
    path.write_bytes(b"changed")
    tab.refresh()
    pick(qtbot, tab, "甲建议")
    pick(qtbot, tab, "乙建议", extend=True)
    tab.buttons["batch"].click()
    assert len(boxes.errors) == 1 and "SHA-256" in boxes.errors[0]
    assert not out.exists()
    assert open_progress(tab) == [], "the progress dialog is closed after the refusal"


# ---------------------------------------------------------------- fonts


def test_the_fonts_dialog_refuses_unusable_files(qtbot, tab, county, boxes, monkeypatch, tmp_path):
    chosen: list[str] = []
    monkeypatch.setattr(
        "PySide6.QtWidgets.QFileDialog.getOpenFileName", lambda *a: (chosen[-1], "")
    )
    tab.findChild(QPushButton, "fontsButton").click()
    dialog = tab.actions.dialog
    assert isinstance(dialog, FontsDialog) and dialog.isVisible()
    table = dialog.table
    assert table.rowCount() == 5
    assert [table.item(r, 0).text() for r in range(5)] == [ROLE_LABELS[r] for r in ROLES]
    before, settings = cell_texts(table), county.letter_fonts.chosen()

    cff = build_cff_font(tmp_path / "方正小标宋.otf")
    renamed = tmp_path / "不是字体.ttf"
    renamed.write_text("这不是字体文件", encoding="utf-8")
    table.selectRow(2)
    for path in (cff, renamed):
        chosen.append(str(path))
        dialog.chooseButton.click()
        assert boxes.errors and dialog.isVisible()
        assert cell_texts(table) == before and county.letter_fonts.chosen() == settings
    assert len(boxes.errors) == 2
    assert "CFF" in boxes.errors[0] or "TrueType" in boxes.errors[0], boxes.errors[0]

    other = build_test_font(tmp_path / "Other.ttf", family="YuyouOther")
    chosen.append(str(other))
    dialog.chooseButton.click()
    assert len(boxes.errors) == 2
    after = cell_texts(table)
    assert after[2][3] == str(other) and after[2][1].startswith("YuyouOther")
    assert [row for n, row in enumerate(after) if n != 2] == [
        row for n, row in enumerate(before) if n != 2
    ]
    dialog.resetButton.click()
    assert county.letter_fonts.chosen()[ROLES[2]] == ""
