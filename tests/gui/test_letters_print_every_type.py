"""Every type of letter goes through the print path: its specimen, loaded by QtPdf, printed to a
PDF printer, comes out with the same number of A4 pages, white around the text."""

from __future__ import annotations

from datetime import date

import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter

from yuyou_desktop.documents.letter_fonts import ROLES
from yuyou_desktop.gui.letters import printing
from yuyou_desktop.services.letters.specimen import render_specimen

TYPES = (
    "notice",
    "opinion",
    "proposal",
    "decision",
    "rectification",
    "review_result",
    "referral",
    "service_receipt",
    "inspection_record",
)


@pytest.fixture
def office(county, letter_test_font):
    for role in ROLES:
        county.letter_fonts.choose(role, letter_test_font)
    return county


def test_the_templates_are_the_nine_types(office):
    assert tuple(t.code for t in office.letters.types()) == TYPES


@pytest.mark.parametrize("code", TYPES)
def test_each_type_prints_page_for_page(qtbot, office, tmp_path, code):
    data = render_specimen(office.letters, office.office.current(), code, date(2026, 11, 2))
    document = printing.load_pdf(data)
    printer = printing.new_printer()
    printer.setResolution(100)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / f"{code}.pdf"
    printer.setOutputFileName(str(out))
    printed, completed = printing.print_documents(printer, [document])
    assert completed and printed == document.pageCount() == len(PdfReader(str(out)).pages)
    for page in PdfReader(str(out)).pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width), round(height)) == (595, 842)
    printed_doc = printing.load_pdf(out.read_bytes())
    image = printing.page_image(printed_doc, 0, 40)
    assert image.pixelColor(2, 2).name() == "#ffffff"  # the paper is white, not transparent
    dark = sum(
        1
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
        if image.pixelColor(x, y).lightness() < 128
    )
    assert dark > 200, "the text came out"
