"""Form documents (送达回证, 监督检查记录): the title over a ruled table of 项目 and 内容 in the
type area of a GB/T 9704 page.  Each body paragraph "项目：内容" is one row; a row with no
content is left tall and empty for a handwritten signature.  A row longer than the page
continues on the next one."""

from __future__ import annotations

from reportlab.lib.colors import black
from reportlab.lib.units import mm

from yuyou_desktop.documents.letter_pdf import (
    GREY,
    HEIGHT,
    LEFT,
    SMALL,
    TITLE,
    TOP,
    WIDTH,
    LetterContent,
    Pages,
)
from yuyou_desktop.documents.letter_text import balanced, wrap

LABEL_W = 50 * mm
PAD = 2.5 * mm
LINE_H = SMALL * 1.6
EMPTY_ROW = 22 * mm
RULE = 0.3 * mm


def _rows(content: LetterContent) -> list[tuple[str, str]]:
    rows = []
    for paragraph in content.paragraphs:
        label, sep, value = paragraph.partition("：")
        rows.append((label, value) if sep else ("", paragraph))
    return rows


def lay_out_form(content: LetterContent, pages: Pages) -> Pages:
    title_style = pages.style("xiaobiaosong", TITLE, grid=False)
    text_style = pages.style("fangsong", SMALL, grid=False)
    y = TOP
    for line in balanced(content.title, title_style, WIDTH):
        pages.text(LEFT + (WIDTH - title_style.width(line)) / 2, y, line, title_style)
        y += TITLE * 1.5
    number = content.number or "（草稿，签发时编号）"
    pages.text(
        LEFT + WIDTH - text_style.width(number),
        y,
        number,
        text_style,
        black if content.number else GREY,
    )
    y += LINE_H + 2 * mm
    bottom = TOP + HEIGHT
    value_w = WIDTH - LABEL_W - 2 * PAD
    table_top = y
    pages.rule(LEFT, LEFT + WIDTH, y, RULE, black)
    for label, value in _rows(content):
        labels = wrap(label, text_style, LABEL_W - 2 * PAD)
        values = [line for part in value.split("\n") for line in wrap(part, text_style, value_w)]
        values = [v for v in values if v]
        lines = max(len(labels), len(values), 1)
        height = max(lines * LINE_H + 2 * PAD, EMPTY_ROW if not values else 0)
        while y + height > bottom:
            fit = int((bottom - y - 2 * PAD) // LINE_H)
            if fit < 1 or not values or len(values) <= fit:
                _close(pages, table_top, y)
                pages.new_page()
                y = table_top = TOP
                pages.rule(LEFT, LEFT + WIDTH, y, RULE, black)
                break
            _row(pages, labels, values[:fit], y, bottom - y, text_style)
            pages.rule(LEFT, LEFT + WIDTH, bottom, RULE, black)
            _close(pages, table_top, bottom)
            pages.new_page()
            y = table_top = TOP
            pages.rule(LEFT, LEFT + WIDTH, y, RULE, black)
            labels, values = [f"{label}（续）"] if label else [], values[fit:]
            lines = max(len(labels), len(values), 1)
            height = lines * LINE_H + 2 * PAD
        _row(pages, labels, values, y, height, text_style)
        y += height
        pages.rule(LEFT, LEFT + WIDTH, y, RULE, black)
    _close(pages, table_top, y)
    return pages


def _row(pages: Pages, labels, values, y: float, height: float, style) -> None:
    for index, line in enumerate(labels):
        pages.text(LEFT + PAD, y + PAD + index * LINE_H, line, style)
    for index, line in enumerate(values):
        pages.text(LEFT + LABEL_W + PAD, y + PAD + index * LINE_H, line, style)


def _close(pages: Pages, top: float, bottom: float) -> None:
    for x in (LEFT, LEFT + LABEL_W, LEFT + WIDTH):
        pages.pages[-1].append(_vrule(x, top, bottom))


def _vrule(x: float, top: float, bottom: float):
    from yuyou_desktop.documents.letter_pdf import Op

    return Op("vrule", x, top, y2=bottom, thickness=RULE, color=black)
