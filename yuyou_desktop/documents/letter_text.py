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


def balanced(text: str, style: Style, width: float) -> list[str]:
    """A title over as few lines as needed, of nearly equal length (GB/T 9704 asks for a
    pleasing shape rather than a full first line and a stub)."""
    lines = wrap(text, style, width)
    if len(lines) == 1:
        return lines
    count = len(lines)
    for target in range(len(text) // count, len(text) + 1):
        trial = wrap(text, style, min(width, style.width(text[: target + 1])))
        if len(trial) <= count:
            return trial
    return lines
