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
import re
from dataclasses import dataclass, field, replace

from reportlab.lib.colors import Color, black
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import getAscentDescent
from reportlab.pdfgen.canvas import Canvas

from yuyou_desktop.documents.letter_fonts import FontSet
from yuyou_desktop.documents.letter_text import Style, balanced, wrap

PAGE_W, PAGE_H = A4
LEFT, TOP = 28 * mm, 37 * mm
WIDTH, HEIGHT = 156 * mm, 225 * mm
LINES, CHARS = 22, 28
PITCH, CELL = HEIGHT / LINES, WIDTH / CHARS
BODY, TITLE, SMALL = 16.0, 22.0, 14.0
RED = Color(0.9, 0.0, 0.07)
GREY = Color(0.55, 0.55, 0.55)
_LEVEL1 = re.compile(r"^[一二三四五六七八九十]+、")
_LEVEL2 = re.compile(r"^（[一二三四五六七八九十]+）")


@dataclass(frozen=True)
class LetterContent:
    """Everything printed on a letter, as plain text."""

    layout: str  # letter (信函格式), official (文件格式), form
    organ: str  # 发文机关 (the office's name)
    number: str  # 发文字号; '' for a draft
    title: str
    recipient: str  # 主送机关
    paragraphs: tuple[str, ...]
    attachments: tuple[str, ...] = ()
    signature: str = ""
    date_text: str = ""
    sealed: bool = True
    cc: tuple[str, ...] = ()
    draft: bool = False
    footer_pages: bool = False  # forms: "第 X 页 共 X 页"


@dataclass
class Op:
    kind: str  # text or rule
    x: float
    y: float  # from the top of the paper: the baseline for text, the centre for a rule
    text: str = ""
    font: str = ""
    size: float = 0.0
    char_space: float = 0.0
    color: Color = black
    x2: float = 0.0
    thickness: float = 0.0
    y2: float = 0.0  # vertical rules: the bottom end


@dataclass
class Pages:
    fonts: FontSet
    pages: list[list[Op]] = field(default_factory=lambda: [[]])
    slot: int = 0
    lines: list[Op] = field(default_factory=list)  # grid lines of the current page

    def style(self, role: str, size: float = BODY, grid: bool = True) -> Style:
        return Style(self.fonts.name(role), size, (CELL - size) if grid else 0.0)

    def text(self, x: float, top: float, text: str, style: Style, color: Color = black) -> None:
        ascent, _ = getAscentDescent(style.font, style.size)
        self.pages[-1].append(
            Op("text", x, top + ascent, text, style.font, style.size, style.char_space, color)
        )

    def rule(self, x1: float, x2: float, y: float, thickness: float, color: Color) -> None:
        self.pages[-1].append(Op("rule", x1, y, x2=x2, thickness=thickness, color=color))

    def new_page(self) -> None:
        self.pages.append([])
        self.slot = 0
        self.lines = []

    def carry_over(self, count: int) -> None:
        """Move the last ``count`` grid lines of this page to the top of a new page."""
        moved = self.lines[-count:] if len(self.lines) > count else []
        for op in moved:
            self.pages[-1].remove(op)
        self.new_page()
        for op in moved:
            ascent, _ = getAscentDescent(op.font, op.size)
            self.pages[-1].append(replace(op, y=TOP + self.slot * PITCH + ascent))
            self.lines.append(self.pages[-1][-1])
            self.slot += 1

    def at_slot_below(self, y: float) -> None:
        """Continue the grid on the first line whose top is at or below ``y``."""
        index = 0
        while TOP + index * PITCH < y - 0.01:
            index += 1
        self.slot = index

    def line(self, text: str, style: Style, x: float, color: Color = black) -> None:
        if self.slot >= LINES:
            self.new_page()
        self.text(x, TOP + self.slot * PITCH, text, style, color)
        self.lines.append(self.pages[-1][-1])
        self.slot += 1

    def blank(self, count: int = 1) -> None:
        self.slot += count
        if self.slot > LINES:
            self.new_page()

    def slots_left(self) -> int:
        return LINES - self.slot


def is_heading(paragraph: str) -> bool:
    """A heading is a short paragraph of its own (at most a line, one sentence); a long item
    that merely starts with 一、 or （一） stays in the body face."""
    return len(paragraph) <= CHARS and "。" not in paragraph.rstrip("。")


def heading_level(paragraph: str) -> int:
    """1 for 一、…, 2 for （一）… when the paragraph is a heading; else 0."""
    if is_heading(paragraph):
        if _LEVEL1.match(paragraph):
            return 1
        if _LEVEL2.match(paragraph):
            return 2
    return 0


def body_style(pages: Pages, paragraph: str) -> Style:
    return pages.style(("fangsong", "heiti", "kaiti")[heading_level(paragraph)])


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


def _attachments(pages: Pages, content: LetterContent) -> None:
    if not content.attachments:
        return
    style = pages.style("fangsong")
    pages.blank()
    many = len(content.attachments) > 1
    for index, name in enumerate(content.attachments, start=1):
        label = f"{index}. {name}" if many else name
        lead = "附件：" if index == 1 else ""
        offset = 2 * CELL + (0 if index == 1 else style.width("附件："))
        lines = wrap(lead + label, style, WIDTH - offset + (style.width(lead) if lead else 0))
        for number, line in enumerate(lines):
            x = LEFT + offset
            if number > 0:
                x = LEFT + 2 * CELL + style.width("附件：") + (style.width("1. ") if many else 0)
            pages.line(line, style, x)


def _signature(pages: Pages, content: LetterContent) -> None:
    if not content.signature and not content.date_text:
        return
    style = pages.style("fangsong")
    name_w, date_w = style.width(content.signature), style.width(content.date_text)
    if content.sealed:
        # 成文日期 four characters in from the right; the name centred over it (§7.3.5.1);
        # two blank lines above leave room for the seal
        blank, date_x = 2, LEFT + WIDTH - 4 * CELL - date_w
        name_x = date_x + (date_w - name_w) / 2
    else:
        # the name two characters in from the right, the date two characters right of its
        # start; a date longer than that stays two characters in and moves the name (§7.3.5.3)
        blank, name_x = 1, LEFT + WIDTH - 2 * CELL - name_w
        date_x = name_x + 2 * CELL
        if date_x + date_w > LEFT + WIDTH - 2 * CELL:
            date_x = LEFT + WIDTH - 2 * CELL - date_w
            name_x = date_x - 2 * CELL
    needed = blank + bool(content.signature) + bool(content.date_text)
    if pages.slots_left() < needed:
        # the signature (and the seal) must share a page with the body: carry the last
        # body lines over rather than leave the signature alone on a page
        pages.carry_over(2)
    pages.blank(blank)
    if content.signature:
        pages.line(content.signature, style, name_x)
    if content.date_text:
        pages.line(content.date_text, style, date_x)


def _imprint(pages: Pages, content: LetterContent) -> None:
    """版记 at the foot of the last page: 抄送, then 印发机关 and 印发日期 between rules."""
    if not content.cc and content.layout != "official":
        return
    style = pages.style("fangsong", SMALL, grid=False)
    rows: list[tuple[str, str]] = []
    if content.cc:
        cc = "抄送：" + "，".join(content.cc) + "。"
        rows += [(line, "") for line in wrap(cc, style, WIDTH - 2 * SMALL)]
    rows.append((f"{content.organ}", f"{content.date_text}印发"))
    row_h = 7 * mm
    needed = len(rows) * row_h
    bottom = TOP + HEIGHT
    if TOP + pages.slot * PITCH > bottom - needed - 2 * mm:
        pages.new_page()
    y = bottom - needed
    pages.rule(LEFT, LEFT + WIDTH, y, 0.35 * mm, black)
    for index, (left, right) in enumerate(rows):
        pages.text(LEFT + SMALL, y + (row_h - SMALL) / 2, left, style)
        if right:
            pages.text(
                LEFT + WIDTH - SMALL - style.width(right), y + (row_h - SMALL) / 2, right, style
            )
        y += row_h
        last = index == len(rows) - 1
        if not last and content.cc and index == len(rows) - 2:
            pages.rule(LEFT, LEFT + WIDTH, y, 0.25 * mm, black)
    pages.rule(LEFT, LEFT + WIDTH, y, 0.35 * mm, black)


def lay_out(content: LetterContent, fonts: FontSet) -> Pages:
    if content.layout == "form":
        from yuyou_desktop.documents.letter_forms import lay_out_form

        return lay_out_form(content, Pages(fonts))
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
    for paragraph in content.paragraphs:
        if heading_level(paragraph) and pages.slots_left() < 2:
            pages.new_page()  # a heading is never the last line of a page
        _paragraph(pages, paragraph, body_style(pages, paragraph))
    _attachments(pages, content)
    _signature(pages, content)
    _imprint(pages, content)
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
    pages = lay_out(content, fonts)
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
    canvas.setSubject(content.number or "草稿")
    canvas.setCreator("行政执法协调监督工作台")
    total = len(pages.pages)
    for index, ops in enumerate(pages.pages):
        for op in ops:
            _draw(canvas, op)
        if content.footer_pages:
            _form_footer(canvas, pages, index, total)
        elif content.layout != "form":
            _page_number(pages, index, total, canvas, content)
        if content.draft:
            _draft_mark(canvas, pages)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _draw(canvas: Canvas, op: Op) -> None:
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


def _draft_mark(canvas: Canvas, pages: Pages) -> None:
    """A draft says so across every page, so it cannot pass for the issued letter."""
    canvas.saveState()
    canvas.setFillColor(Color(0.8, 0.8, 0.8, alpha=0.45))
    canvas.setFont(pages.fonts.name("heiti"), 96)
    canvas.translate(PAGE_W / 2, PAGE_H / 2)
    canvas.rotate(35)
    canvas.drawCentredString(0, 0, "草  稿")
    canvas.restoreState()
