"""What a report document is made of, beyond a letter's paragraphs: ruled tables and charts.

Plain values only.  ``report_pdf.render_report`` lays a :class:`ReportContent` out in the letter
format (``letter_grid``/``letter_pdf``): the head, title and 主送 of its ``LetterContent``, then
the blocks in order — a ``str`` is a body paragraph (一、/（一） headings as in letters), a
:class:`TableBlock` a ruled table, a :class:`ChartBlock` a chart — then the signature and 版记.
"""

from __future__ import annotations

from dataclasses import dataclass

from yuyou_desktop.documents.letter_grid import LetterContent


@dataclass(frozen=True)
class TableBlock:
    """A ruled table: a caption line above it (表1 …), the header row repeated on every page the
    table continues on, the rows as printed text; ``widths`` relative column widths (the first
    column usually wider), ``()`` for equal widths; the last row set in 黑体 when ``total_last``."""

    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] = ()
    total_last: bool = False


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float, ...]


@dataclass(frozen=True)
class ChartBlock:
    """A chart with its caption (图1 …): ``bar`` (grouped bars, one group per category) or
    ``line`` (one line per series over the categories, e.g. months)."""

    caption: str
    kind: str  # bar | line
    categories: tuple[str, ...]
    series: tuple[Series, ...]


Block = str | TableBlock | ChartBlock


@dataclass(frozen=True)
class ReportContent:
    """``letter``: head, title, 主送, signature, date, 抄送 (its ``paragraphs`` are ignored);
    ``blocks``: the body."""

    letter: LetterContent
    blocks: tuple[Block, ...]
