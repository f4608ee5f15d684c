"""Measuring and breaking Chinese text into lines for the letter layout.

Characters sit on a grid: a 16 pt character advances exactly 156 mm / 28, so a line of the
body holds 28 characters (GB/T 9704-2012 §5.2.2); half-width characters advance their own
width plus the same adjustment.  Breaking follows the usual 避头尾 rules: closing punctuation
never starts a line, opening punctuation never ends one, and a run of Latin letters or digits
(a year, a statute number) is never split.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reportlab.pdfbase.pdfmetrics import stringWidth

NO_START = set("，。、；：？！）》」』”’〕】…—·%,.;:?!)]}℃")
NO_END = set("（《「『“‘〔【([{")
_TOKEN = re.compile(r"[A-Za-z0-9._%+\-/:@#]+|.", re.S)


@dataclass(frozen=True)
class Style:
    font: str
    size: float
    char_space: float  # added after every character (negative on the body grid)

    def width(self, text: str) -> float:
        return stringWidth(text, self.font, self.size) + self.char_space * len(text)


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def wrap(text: str, style: Style, width: float, first_indent: float = 0.0) -> list[str]:
    """``text`` broken into lines no wider than ``width`` (the first ``first_indent`` less).

    A token wider than a whole line (a very long URL) is broken by characters."""
    lines: list[list[str]] = [[]]
    used = first_indent
    limit = width
    for token in tokens(text):
        size = style.width(token)
        if size > width - first_indent and len(token) > 1:
            # split an over-long run into characters and place them one by one
            for ch in token:
                used = _place(lines, ch, style.width(ch), used, limit, style)
            continue
        used = _place(lines, token, size, used, limit, style)
    return ["".join(line) for line in lines if line] or [""]


def _place(
    lines: list[list[str]], token: str, size: float, used: float, limit: float, style: Style
) -> float:
    current = lines[-1]
    if used + size <= limit + 0.01 or not current:
        current.append(token)
        return used + size
    carried = [token]
    # a closing mark never starts a line: take the tokens before it along, through a run of
    # closing marks (。” or ）。) and one more
    while carried[0][0] in NO_START and len(current) > 1:
        carried.insert(0, current.pop())
    # an opening mark never ends one
    while current and current[-1] and current[-1][-1] in NO_END and len(current) > 1:
        carried.insert(0, current.pop())
    lines.append(carried)
    return sum(style.width(t) for t in carried)


GOOD_AFTER = set("的和及与、，）》")
GOOD_STARTS = ("行政执法", "关于", "案卷评查", "问题线索")  # the document's own name


def balanced(text: str, style: Style, width: float) -> list[str]:
    """A title over as few lines as needed, of nearly equal length, broken where it reads
    well (GB/T 9704 §7.3.1: 词意完整): after 的, 和, 、 or a closing mark rather than inside a
    run of digits, never before 的 or a closing mark."""
    lines = wrap(text, style, width)
    if len(lines) != 2:
        return lines if len(lines) == 1 else _even(text, style, width, len(lines))
    best: tuple[float, int] | None = None
    cell = style.size + style.char_space
    for cut in range(1, len(text)):
        head, tail = text[:cut], text[cut:]
        if style.width(head) > width + 0.01 or style.width(tail) > width + 0.01:
            continue
        before, after = text[cut - 1], text[cut]
        if after in NO_START or before in NO_END or after == "的":
            continue
        if before.isascii() and before.isalnum() and after.isascii() and after.isalnum():
            continue
        score = abs(style.width(head) - style.width(tail)) / cell
        if before in GOOD_AFTER:
            score -= 6
        if tail.startswith(GOOD_STARTS):
            score -= 3
        if best is None or score < best[0]:
            best = (score, cut)
    if best is None:
        return lines
    return [text[: best[1]], text[best[1] :]]


def _even(text: str, style: Style, width: float, count: int) -> list[str]:
    for target in range(len(text) // count, len(text) + 1):
        trial = wrap(text, style, min(width, style.width(text[: target + 1])))
        if len(trial) <= count:
            return trial
    return wrap(text, style, width)
