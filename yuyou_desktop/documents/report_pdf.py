"""Reports (年度报告, 年度监督工作方案) as PDF in the letters' format (GB/T 9704-2012).

The head, title and 主送 of the :class:`ReportContent`'s letter, then its blocks: a paragraph on
the 22-line grid as in a letter (一、 headings in 黑体), a ruled table, a chart; then the
signature and the 版记 (``letter_pdf``/``letter_tail``).  Tables and charts lie off the grid;
the body resumes on the first grid line below them.

Tables: the caption centred above in 黑体, 12 pt cells wrapped within their columns, numbers
right-aligned, a 合计 row in 黑体; a table continuing on the next page repeats its header under
"续表N …".  Charts (``report_charts``) keep their caption below and are never split.
"""

from __future__ import annotations

import re

from reportlab.lib.colors import black
from reportlab.lib.units import mm

from yuyou_desktop.documents.letter_fonts import FontSet
from yuyou_desktop.documents.letter_grid import HEIGHT, LEFT, LINES, PITCH, TOP, WIDTH, Op, Pages
from yuyou_desktop.documents.letter_pdf import (
    body_paragraph,
    lay_out_closing,
    lay_out_opening,
    render_pages,
)
from yuyou_desktop.documents.letter_text import Style, balanced, wrap
from yuyou_desktop.documents.report_blocks import ChartBlock, ReportContent, TableBlock
from yuyou_desktop.documents.report_charts import chart_drawing

SIZE = 12.0  # table text
LINE_H = 16.0
PAD_X, PAD_Y = 1.5 * mm, 1.6 * mm
CAPTION = 14.0
CAPTION_H = CAPTION + 3 * mm
RULE, FRAME = 0.2 * mm, 0.4 * mm
CHART_H = 72 * mm
GAP = 2 * mm
SHORT = 8  # rows of a table never split (unless taller than a page)
BOTTOM = TOP + HEIGHT
_NUMBER = re.compile(r"^[-+]?\d[\d,]*(\.\d+)?%?$|^—$")
_TABLE_NUMBER = re.compile(r"^表\s*\d+")


def render_report(content: ReportContent, fonts: FontSet) -> bytes:
    """The report as PDF bytes (deterministic for the same input and fonts)."""
    letter = content.letter
    pages = lay_out_opening(letter, fonts)
    for block in content.blocks:
        if isinstance(block, TableBlock):
            _Table(pages, block).lay_out()
        elif isinstance(block, ChartBlock):
            _chart(pages, block)
        else:
            body_paragraph(pages, block)
    lay_out_closing(pages, letter)
    return render_pages(pages, letter)


def _top(pages: Pages) -> float:
    """Where an off-grid block starts: the top of the next grid line (a new page when full)."""
    if pages.slot >= LINES:
        pages.new_page()
    return TOP + pages.slot * PITCH


def _resume(pages: Pages, y: float) -> None:
    """Continue the grid below ``y``; the lines above cannot be carried past the block."""
    pages.at_slot_below(y + GAP)
    pages.lines = []
    pages.off_grid = True


def _caption(pages: Pages, text: str, y: float) -> None:
    """One line centred in 黑体, made smaller when it would not fit the width."""
    style = pages.style("heiti", CAPTION, grid=False)
    width = style.width(text)
    if width > WIDTH:
        style = pages.style("heiti", CAPTION * WIDTH / width, grid=False)
        width = style.width(text)
    pages.text(LEFT + (WIDTH - width) / 2, y + (CAPTION_H - CAPTION) / 2, text, style)


def continued(caption: str) -> str:
    """The caption over a table's continuation: 续表1 … (or … （续）)."""
    if _TABLE_NUMBER.match(caption):
        return "续" + caption
    return f"{caption}（续）" if caption else ""


class _Table:
    def __init__(self, pages: Pages, block: TableBlock) -> None:
        count = len(block.columns)
        rows = tuple(tuple(r[:count]) + ("",) * (count - len(r)) for r in block.rows)
        self.pages, self.block, self.rows = pages, block, rows
        self.body = pages.style("fangsong", SIZE, grid=False)
        self.bold = pages.style("heiti", SIZE, grid=False)
        self.numeric = [
            i > 0
            and any(row[i].strip() for row in rows)
            and all(_NUMBER.match(row[i].strip()) or not row[i].strip() for row in rows)
            for i in range(count)
        ]
        self.xs = self._edges(block.widths if len(block.widths) == count else (1.0,) * count)
        self.header = self._cells(block.columns, self.bold, header=True)
        self.top = 0.0  # where the ruled part on this page starts

    def _edges(self, weights: tuple[float, ...]) -> list[float]:
        """Column edges from the relative widths; a column of numbers is at least as wide as
        its widest number (never wrapped), the other columns give way."""
        whole = sum(weights) or 1.0
        widths = [WIDTH * w / whole for w in weights]
        for i, numeric in enumerate(self.numeric):
            if numeric:
                widest = max(self.bold.width(row[i].strip()) for row in self.rows)
                widths[i] = max(widths[i], widest + 2 * PAD_X + 1)
        fixed = sum(w for w, n in zip(widths, self.numeric, strict=True) if n)
        flexible = sum(w for w, n in zip(widths, self.numeric, strict=True) if not n)
        if flexible:
            factor = (WIDTH - fixed) / flexible
            widths = [w if n else w * factor for w, n in zip(widths, self.numeric, strict=True)]
        edges = [LEFT]
        for width in widths:
            edges.append(edges[-1] + width)
        edges[-1] = LEFT + WIDTH
        return edges

    def _cells(self, texts, style: Style, header: bool = False) -> list[list[str]]:
        """Each cell's lines; a header's broken evenly (检查/次数, not 检查次/数)."""
        cells = []
        breaking = balanced if header else wrap
        for index, text in enumerate(texts):
            width = self.xs[index + 1] - self.xs[index] - 2 * PAD_X
            parts = str(text).split("\n")
            cells.append([line for part in parts for line in breaking(part, style, width)])
        return cells

    @staticmethod
    def _height(cells: list[list[str]]) -> float:
        return max((len(c) for c in cells), default=1) * LINE_H + 2 * PAD_Y

    def lay_out(self) -> None:
        block, pages = self.block, self.pages
        last = len(self.rows) - 1
        rows = [
            (self._cells(row, self.bold if block.total_last and i == last else self.body), i)
            for i, row in enumerate(self.rows)
        ]
        header_h = self._height(self.header)
        caption_h = CAPTION_H if block.caption else 0.0
        y = _top(pages)
        # a short table stays whole, and so does one that fits on a page when less than half
        # of it would fit here; a longer one keeps its caption, header and first two rows
        heights = [self._height(c) for c, _ in rows]
        whole = caption_h + header_h + sum(heights)
        half = caption_h + header_h + sum(heights[: (len(heights) + 1) // 2])
        if len(heights) <= SHORT or (whole <= HEIGHT and y + half > BOTTOM):
            keep = sum(heights)
        else:
            keep = sum(heights[:2])
        if y + caption_h + header_h + keep > BOTTOM and y > TOP:
            pages.new_page()
            y = TOP
        if block.caption:
            _caption(pages, block.caption, y)
            y += caption_h
        y = self._start(y)
        for cells, index in rows:
            style = self.bold if block.total_last and index == last else self.body
            height = self._height(cells)
            if index == last - 1 and last > 2 and y + height + heights[last] > BOTTOM:
                y = self._next_page(y)  # the last row never stands alone on a page
            while y + height > BOTTOM:
                if y > self.top + header_h + 0.01:
                    y = self._next_page(y)
                    continue
                fit = max(1, int((BOTTOM - y - 2 * PAD_Y) // LINE_H))
                self._row([c[:fit] for c in cells], y, BOTTOM - y, style)
                y = self._next_page(BOTTOM)
                cells = [c[fit:] for c in cells]
                height = self._height(cells)
            self._row(cells, y, height, style)
            y += height
            self.pages.rule(LEFT, LEFT + WIDTH, y, RULE, black)
        self._close(y)
        _resume(pages, y)

    def _start(self, y: float) -> float:
        self.top = y
        self.pages.rule(LEFT, LEFT + WIDTH, y, FRAME, black)
        height = self._height(self.header)
        self._row(self.header, y, height, self.bold, header=True)
        y += height
        self.pages.rule(LEFT, LEFT + WIDTH, y, RULE, black)
        return y

    def _next_page(self, y: float) -> float:
        self._close(y)
        self.pages.new_page()
        top = TOP
        caption = continued(self.block.caption)
        if caption:
            _caption(self.pages, caption, top)
            top += CAPTION_H
        return self._start(top)

    def _close(self, bottom: float) -> None:
        ops = self.pages.pages[-1]
        ops.append(Op("rule", LEFT, bottom, x2=LEFT + WIDTH, thickness=FRAME, color=black))
        for index, x in enumerate(self.xs):
            outer = index in (0, len(self.xs) - 1)
            thickness = FRAME if outer else RULE
            ops.append(Op("vrule", x, self.top, y2=bottom, thickness=thickness, color=black))

    def _row(self, cells, y: float, height: float, style: Style, header: bool = False) -> None:
        for index, lines in enumerate(cells):
            left, right = self.xs[index], self.xs[index + 1]
            first = y + (height - len(lines) * LINE_H) / 2 + (LINE_H - SIZE) / 2
            for n, line in enumerate(lines):
                width = style.width(line)
                if header:
                    x = (left + right - width) / 2
                elif self.numeric[index]:
                    x = right - PAD_X - width
                else:
                    x = left + PAD_X
                self.pages.text(x, first + n * LINE_H, line, style)


def _chart(pages: Pages, block: ChartBlock) -> None:
    drawing = chart_drawing(block, pages.fonts.name("songti"), WIDTH, CHART_H)
    caption_h = CAPTION_H if block.caption else 0.0
    y = _top(pages)
    if y + GAP + CHART_H + caption_h > BOTTOM and y > TOP:
        pages.new_page()  # a chart is never split
        y = TOP
    y += GAP
    pages.pages[-1].append(Op("drawing", LEFT, y + CHART_H, payload=drawing))
    y += CHART_H
    if block.caption:
        _caption(pages, block.caption, y)
        y += caption_h
    _resume(pages, y)
