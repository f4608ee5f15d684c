"""The end of a letter: 附件说明, the signature and date, and the 版记 (GB/T 9704-2012 §7.3.4,
§7.3.5, §7.4 and, for the letter format, §10.1)."""

from __future__ import annotations

from reportlab.lib.colors import black
from reportlab.lib.units import mm

from yuyou_desktop.documents.letter_grid import (
    CELL,
    HEIGHT,
    LEFT,
    PITCH,
    SMALL,
    TOP,
    WIDTH,
    LetterContent,
    Pages,
)
from yuyou_desktop.documents.letter_text import wrap


def attachments(pages: Pages, content: LetterContent) -> None:
    """附件说明 (§7.3.4): one blank line below the body, two characters in, "附件：" then the
    names, numbered "1.名称" when there are several; a long name continues under its first
    character."""
    if not content.attachments:
        return
    style = pages.style("fangsong")
    pages.blank()
    many = len(content.attachments) > 1
    start = LEFT + 2 * CELL
    lead = style.width("附件：")
    for index, name in enumerate(content.attachments, start=1):
        number = f"{index}." if many else ""
        first_x = start if index == 1 else start + lead
        text = ("附件：" if index == 1 else "") + number + name
        rest_x = start + lead + style.width(number)
        first_w, rest_w = LEFT + WIDTH - first_x, LEFT + WIDTH - rest_x
        for line_no, line in enumerate(wrap(text, style, rest_w, rest_w - first_w)):
            pages.line(line, style, first_x if line_no == 0 else rest_x)


def signature(pages: Pages, content: LetterContent) -> None:
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


def imprint(pages: Pages, content: LetterContent) -> None:
    """版记 at the foot of the last page.  文件格式: 抄送, then 印发机关 and 印发日期, between
    thick and thin rules.  信函格式 (§10.1): only the 抄送 lines — no 印发机关, no 印发日期, no
    rules."""
    letter = content.layout == "letter"
    if not content.cc and letter:
        return
    style = pages.style("fangsong", SMALL, grid=False)
    rows: list[tuple[str, str, float]] = []  # (left text, right text, indent of the left)
    if content.cc:
        # continuation lines start under the first 抄送机关, not under 抄送
        cc = "抄送：" + "，".join(content.cc) + "。"
        lead = style.width("抄送：")
        lines = wrap(cc, style, WIDTH - 2 * SMALL - lead, -lead)
        rows += [(line, "", lead if n else 0.0) for n, line in enumerate(lines)]
    if not letter:
        rows.append((f"{content.organ}", f"{content.date_text}印发", 0.0))
    row_h = 7 * mm
    needed = len(rows) * row_h
    bottom = TOP + HEIGHT
    if TOP + pages.slot * PITCH > bottom - needed - 2 * mm:
        pages.new_page()
    y = bottom - needed
    if letter:
        for left, _, indent in rows:
            pages.text(LEFT + SMALL + indent, y + (row_h - SMALL) / 2, left, style)
            y += row_h
        return
    pages.rule(LEFT, LEFT + WIDTH, y, 0.35 * mm, black)
    for index, (left, right, indent) in enumerate(rows):
        pages.text(LEFT + SMALL + indent, y + (row_h - SMALL) / 2, left, style)
        if right:
            pages.text(
                LEFT + WIDTH - SMALL - style.width(right), y + (row_h - SMALL) / 2, right, style
            )
        y += row_h
        last = index == len(rows) - 1
        if not last and content.cc and index == len(rows) - 2:
            pages.rule(LEFT, LEFT + WIDTH, y, 0.25 * mm, black)
    pages.rule(LEFT, LEFT + WIDTH, y, 0.35 * mm, black)
