"""The page grid of GB/T 9704-2012 letters: the measures, the plain :class:`LetterContent`, and
the drawing operations per page (:class:`Pages`) that the layout modules fill (``letter_pdf``
describes the whole renderer)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from reportlab.lib.colors import Color, black
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import getAscentDescent

from yuyou_desktop.documents.letter_fonts import FontSet
from yuyou_desktop.documents.letter_text import Style

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
    mark: str = ""  # a word across every page (样张); a draft is marked 草稿 anyway


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
    payload: Any = None  # kind "drawing": a reportlab Drawing, its bottom left at (x, y)


@dataclass
class Pages:
    fonts: FontSet
    pages: list[list[Op]] = field(default_factory=lambda: [[]])
    slot: int = 0
    lines: list[Op] = field(default_factory=list)  # grid lines of the current page
    headings: list[Op] = field(default_factory=list)  # of them, the headings
    off_grid: bool = False  # the page also holds a table or a chart (reports)

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
        self.headings = []
        self.off_grid = False

    def carry_over(self, count: int) -> None:
        """Move the last ``count`` grid lines of this page to the top of a new page, keeping
        the blank lines between them."""
        # a page keeps at least one line — unless a table or chart keeps it from being empty
        keep = len(self.lines) > count or (self.off_grid and self.lines)
        moved = self.lines[-count:] if keep else []
        # a heading just above goes along rather than end the page
        while moved and len(self.lines) > len(moved) + 1:
            above = self.lines[-len(moved) - 1]
            if not any(above is h for h in self.headings):
                break
            moved = self.lines[-len(moved) - 1 :]
        slots = [self._slot_of(op) for op in moved]
        for op in moved:
            self.pages[-1].remove(op)
        self.new_page()
        for op, slot in zip(moved, slots, strict=True):
            ascent, _ = getAscentDescent(op.font, op.size)
            self.slot = slot - slots[0]
            self.pages[-1].append(replace(op, y=TOP + self.slot * PITCH + ascent))
            self.lines.append(self.pages[-1][-1])
            self.slot += 1

    @staticmethod
    def _slot_of(op: Op) -> int:
        ascent, _ = getAscentDescent(op.font, op.size)
        return round((op.y - ascent - TOP) / PITCH)

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
