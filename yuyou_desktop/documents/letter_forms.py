"""Form documents (送达回证, 监督检查记录): the title over a ruled table of 项目 and 内容 in the
type area of a GB/T 9704 page.  Each body paragraph "项目：内容" is one row; a row with no
content is left tall and empty for a handwritten signature.  A row longer than the page
continues on the next one."""

from __future__ import annotations

from reportlab.lib.colors import black
from reportlab.lib.units import mm

from yuyou_desktop.documents.letter_grid import (
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
    organ_style = pages.style("xiaobiaosong", 16.0, grid=False)
    y = TOP
    if content.organ:  # the issuing organ above the form's name
        pages.text(
            LEFT + (WIDTH - organ_style.width(content.organ)) / 2, y, content.organ, organ_style
        )
        y += 16.0 * 1.6
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
    rows = [_measure(label, value, text_style, value_w) for label, value in _rows(content)]
    for index, (labels, values, height) in enumerate(rows):
        # the signature rows at the end never stand alone on a page: the row before them
        # moves along when they would not fit under it
        trailing = _trailing_empty(rows, index)
        alone = y + height + trailing > bottom >= TOP + height + trailing
        if trailing and values and alone and y > table_top:
            _close(pages, table_top, y)
            pages.new_page()
            y = table_top = TOP
            pages.rule(LEFT, LEFT + WIDTH, y, RULE, black)
        label = "".join(labels)
        while y + height > bottom:
            fit = int((bottom - y - 2 * PAD) // LINE_H)
            if fit < 1 or not values or len(values) <= fit:
                if y <= table_top:
                    break  # at the top of a page already: it fits whole (never taller)
                # the row moves whole to the next page and is measured again there
                _close(pages, table_top, y)
                pages.new_page()
                y = table_top = TOP
                pages.rule(LEFT, LEFT + WIDTH, y, RULE, black)
                continue
            _row(pages, labels, values[:fit], y, bottom - y, text_style)
            pages.rule(LEFT, LEFT + WIDTH, bottom, RULE, black)
            _close(pages, table_top, bottom)
            pages.new_page()
            y = table_top = TOP
            pages.rule(LEFT, LEFT + WIDTH, y, RULE, black)
            labels, values = (
                wrap(f"{label}（续）", text_style, LABEL_W - 2 * PAD) if label else [],
                values[fit:],
            )
            lines = max(len(labels), len(values), 1)
            height = lines * LINE_H + 2 * PAD
        _row(pages, labels, values, y, height, text_style)
        y += height
        pages.rule(LEFT, LEFT + WIDTH, y, RULE, black)
    _close(pages, table_top, y)
    return pages


def _measure(label: str, value: str, style, value_w: float) -> tuple[list[str], list[str], float]:
    labels = wrap(label, style, LABEL_W - 2 * PAD)
    values = [line for part in value.split("\n") for line in wrap(part, style, value_w)]
    values = [v for v in values if v]
    lines = max(len(labels), len(values), 1)
    return labels, values, max(lines * LINE_H + 2 * PAD, EMPTY_ROW if not values else 0)


def _trailing_empty(rows, index: int) -> float:
    """The height of the empty (signature) rows that end the form, when ``index`` is the row
    just before them; else 0."""
    rest = rows[index + 1 :]
    if not rest or any(values for _, values, _ in rest):
        return 0.0
    return sum(height for _, _, height in rest)


def _row(pages: Pages, labels, values, y: float, height: float, style) -> None:
    for index, line in enumerate(labels):
        pages.text(LEFT + PAD, y + PAD + index * LINE_H, line, style)
    for index, line in enumerate(values):
        pages.text(LEFT + LABEL_W + PAD, y + PAD + index * LINE_H, line, style)


def _close(pages: Pages, top: float, bottom: float) -> None:
    for x in (LEFT, LEFT + LABEL_W, LEFT + WIDTH):
        pages.pages[-1].append(_vrule(x, top, bottom))


def _vrule(x: float, top: float, bottom: float):
    from yuyou_desktop.documents.letter_grid import Op

    return Op("vrule", x, top, y2=bottom, thickness=RULE, color=black)
