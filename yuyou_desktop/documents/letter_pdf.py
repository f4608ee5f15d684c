"""Letters as PDF in the GB/T 9704-2012 format (党政机关公文格式).

Input is plain values (:class:`LetterContent`) and a :class:`FontSet`; output is the PDF's
bytes, identical for identical input (reportlab ``invariant``), so an issued letter's SHA-256
identifies exactly what was sent.

The page: A4; type area (版心) 156 × 225 mm with its top 37 mm and its left edge 28 mm from the
paper's edges; the body 16 pt on a grid of 22 lines × 28 characters.  The layout is done first
(a list of drawing operations per page) and drawn afterwards, so the page count is known when
page numbers and "第 X 页 共 X 页" are written.  Form documents (送达回证, 监督检查记录) are
laid out by :mod:`letter_forms`.
"""

from __future__ import annotations

import io

from reportlab.graphics import renderPDF
from reportlab.lib.colors import Color, black
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import getAscentDescent
from reportlab.pdfgen.canvas import Canvas

from yuyou_desktop.documents.letter_fonts import FontSet
from yuyou_desktop.documents.letter_grid import (  # noqa: F401 (re-exported measures)
    BODY,
    CELL,
    CHARS,
    GREY,
    HEIGHT,
    LEFT,
    LINES,
    PAGE_H,
    PAGE_W,
    PITCH,
    RED,
    SMALL,
    TITLE,
    TOP,
    WIDTH,
    LetterContent,
    Op,
    Pages,
    body_style,
    heading_level,
    is_heading,
)
from yuyou_desktop.documents.letter_tail import attachments, imprint, signature
from yuyou_desktop.documents.letter_text import Style, balanced, wrap


def _head_official(pages: Pages, content: LetterContent) -> None:
    mark = f"{content.organ}文件"
    size = min(36.0, WIDTH / max(len(mark), 1) * 0.98)
    style = pages.style("xiaobiaosong", size, grid=False)
    top = TOP + 35 * mm
    pages.text(LEFT + (WIDTH - style.width(mark)) / 2, top, mark, style, RED)
    number_top = top + size + 2 * PITCH - BODY
    _number_line(pages, content, number_top, centred=True)
    separator = number_top + BODY + 4 * mm
    pages.rule(LEFT, LEFT + WIDTH, separator, 0.5 * mm, RED)
    pages.at_slot_below(separator)
    pages.blank(2)


def _head_letter(pages: Pages, content: LetterContent) -> None:
    size = min(30.0, WIDTH / max(len(content.organ), 1) * 0.98)
    style = pages.style("xiaobiaosong", size, grid=False)
    top = 30 * mm
    pages.text((PAGE_W - style.width(content.organ)) / 2, top, content.organ, style, RED)
    rule_y = top + size + 4 * mm
    x1, x2 = (PAGE_W - 170 * mm) / 2, (PAGE_W + 170 * mm) / 2
    pages.rule(x1, x2, rule_y, 0.8 * mm, RED)  # thick over thin
    pages.rule(x1, x2, rule_y + 1.4 * mm, 0.3 * mm, RED)
    bottom = PAGE_H - 20 * mm
    pages.rule(x1, x2, bottom - 1.4 * mm, 0.3 * mm, RED)  # thin over thick
    pages.rule(x1, x2, bottom, 0.8 * mm, RED)
    pages.at_slot_below(rule_y + 3 * mm)
    _number_line(pages, content, TOP + pages.slot * PITCH, centred=False)
    pages.blank(3)


def _number_line(pages: Pages, content: LetterContent, top: float, centred: bool) -> None:
    style = pages.style("fangsong")
    if not content.number and not content.draft:
        return  # a report filed without a 发文字号
    text = content.number or "（草稿，签发时编号）"
    color = black if content.number else GREY
    width = style.width(text)
    x = LEFT + (WIDTH - width) / 2 if centred else LEFT + WIDTH - width
    pages.text(x, top, text, style, color)


def _title(pages: Pages, content: LetterContent) -> None:
    style = pages.style("xiaobiaosong", TITLE, grid=False)
    for line in balanced(content.title, style, WIDTH):
        pages.line(line, style, LEFT + (WIDTH - style.width(line)) / 2)


def _paragraph(pages: Pages, text: str, style: Style, indent_chars: float = 2) -> None:
    indent = indent_chars * CELL
    for index, line in enumerate(wrap(text, style, WIDTH, indent)):
        pages.line(line, style, LEFT + (indent if index == 0 else 0))


def lay_out_opening(content: LetterContent, fonts: FontSet) -> Pages:
    """The head, the title and 主送 of a letter (or a report) in its layout."""
    pages = Pages(fonts)
    if content.layout == "official":
        _head_official(pages, content)
    else:
        _head_letter(pages, content)
    _title(pages, content)
    if content.recipient:
        pages.blank()
        recipient = content.recipient.rstrip("：:") + "："
        _paragraph(pages, recipient, pages.style("fangsong"), indent_chars=0)
    return pages


def body_paragraph(pages: Pages, paragraph: str) -> None:
    if heading_level(paragraph) and pages.slots_left() < 2:
        pages.new_page()  # a heading is never the last line of a page
    _paragraph(pages, paragraph, body_style(pages, paragraph))
    if heading_level(paragraph):
        pages.headings.append(pages.lines[-1])


def lay_out_closing(pages: Pages, content: LetterContent) -> None:
    """附件说明, signature and 版记 after the body."""
    attachments(pages, content)
    signature(pages, content)
    imprint(pages, content)


def lay_out(content: LetterContent, fonts: FontSet) -> Pages:
    if content.layout == "form":
        from yuyou_desktop.documents.letter_forms import lay_out_form

        return lay_out_form(content, Pages(fonts))
    pages = lay_out_opening(content, fonts)
    for paragraph in content.paragraphs:
        body_paragraph(pages, paragraph)
    lay_out_closing(pages, content)
    return pages


def _page_number(pages: Pages, index: int, total: int, canvas: Canvas, content) -> None:
    number = index + 1
    if content.layout == "letter" and number == 1:
        return  # 信函格式: no number on the first page
    style = Style(pages.fonts.name("songti"), SMALL, 0.0)
    text = f"— {number} —"
    top = TOP + HEIGHT + 7 * mm
    width = style.width(text)
    x = LEFT + WIDTH - SMALL - width if number % 2 else LEFT + SMALL
    ascent, _ = getAscentDescent(style.font, SMALL)
    canvas.setFont(style.font, SMALL)
    canvas.drawString(x, PAGE_H - top - ascent, text)


def render_letter(content: LetterContent, fonts: FontSet, author: str = "") -> bytes:
    """The letter as PDF bytes (deterministic for the same input and fonts)."""
    return render_pages(lay_out(content, fonts), content, author)


def render_pages(pages: Pages, content: LetterContent, author: str = "") -> bytes:
    """Draw laid-out ``pages`` with the page numbers and marks of ``content``'s layout."""
    fonts = pages.fonts
    buffer = io.BytesIO()
    canvas = Canvas(
        buffer,
        pagesize=A4,
        invariant=1,
        pageCompression=1,
        initialFontName=fonts.name("fangsong"),
        initialFontSize=BODY,
    )
    canvas.setTitle(content.title)
    canvas.setAuthor(author or content.organ)
    canvas.setSubject(content.number or ("草稿" if content.draft else content.title))
    canvas.setCreator("行政执法协调监督工作台")
    total = len(pages.pages)
    for index, ops in enumerate(pages.pages):
        for op in ops:
            _draw(canvas, op)
        if content.footer_pages:
            _form_footer(canvas, pages, index, total)
        elif content.layout != "form":
            _page_number(pages, index, total, canvas, content)
        if content.draft or content.mark:
            _draft_mark(canvas, pages, "草  稿" if content.draft else content.mark)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _draw(canvas: Canvas, op: Op) -> None:
    if op.kind == "drawing":  # a reportlab Drawing (a report's chart), bottom left at x, y
        renderPDF.draw(op.payload, canvas, op.x, PAGE_H - op.y)
        return
    if op.kind in ("rule", "vrule"):
        canvas.setStrokeColor(op.color)
        canvas.setLineWidth(op.thickness)
        if op.kind == "rule":
            canvas.line(op.x, PAGE_H - op.y, op.x2, PAGE_H - op.y)
        else:
            canvas.line(op.x, PAGE_H - op.y, op.x, PAGE_H - op.y2)
        return
    canvas.setFillColor(op.color)
    canvas.setFont(op.font, op.size)
    canvas.drawString(op.x, PAGE_H - op.y, op.text, charSpace=op.char_space)
    canvas.setFillColor(black)


def _form_footer(canvas: Canvas, pages: Pages, index: int, total: int) -> None:
    style = Style(pages.fonts.name("fangsong"), SMALL, 0.0)
    text = f"第 {index + 1} 页 共 {total} 页"
    canvas.setFont(style.font, SMALL)
    canvas.drawString((PAGE_W - style.width(text)) / 2, PAGE_H - (TOP + HEIGHT + 10 * mm), text)


def _draft_mark(canvas: Canvas, pages: Pages, text: str) -> None:
    """A draft (or a specimen) says so across every page, so it cannot pass for an issued
    letter."""
    canvas.saveState()
    canvas.setFillColor(Color(0.8, 0.8, 0.8, alpha=0.45))
    canvas.setFont(pages.fonts.name("heiti"), 96)
    canvas.translate(PAGE_W / 2, PAGE_H / 2)
    canvas.rotate(35)
    canvas.drawCentredString(0, 0, text)
    canvas.restoreState()
