"""Reading letter PDFs back for the layout tests: text lines with their positions (pdfplumber),
rules, and the fonts with their embedded files (pypdf).  Positions are in points from the top
left of the page, as a ruler on the printed sheet would measure them."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import pdfplumber
import pypdf

from yuyou_desktop.documents.letter_pdf import LetterContent

MM = 72 / 25.4
RED = (0.9, 0.0, 0.07)
GREY = (0.55, 0.55, 0.55)
BLACK = (0.0, 0.0, 0.0)
# a paragraph text made of ideographs only, so that every full line holds exactly 28 characters
POOL = (
    "本机关依据山西省行政执法条例对你单位行政执法工作进行监督检查发现执法案卷中存在证据不充分"
    "程序不规范文书制作不严谨等问题请你单位认真研究整改并将整改情况书面报告本机关逾期未报告的"
    "本机关将依法提请县人民政府通报批评对有关责任人员依法追究责任请各乡镇综合行政执法队予以配合"
)


@dataclass(frozen=True)
class TextLine:
    """Characters drawn together: one call of drawString, as the reader sees it."""

    page: int  # 1-based
    top: float
    x0: float
    x1: float
    size: float
    color: tuple[float, ...]
    text: str
    fontnames: frozenset[str]


@dataclass(frozen=True)
class Rule:
    x0: float
    x1: float
    top: float
    bottom: float
    width: float
    color: tuple[float, ...]


@dataclass
class PageView:
    number: int
    width: float
    height: float
    lines: list[TextLine] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    marks: str = ""  # text drawn at an angle (the draft mark), not in ``lines``
    mark_colors: set[tuple[float, ...]] = field(default_factory=set)

    @property
    def text(self) -> str:
        """Upright text in drawing order, lines joined without separators."""
        return "".join(line.text for line in self.lines)

    def find(self, text: str) -> TextLine:
        hits = [line for line in self.lines if text in line.text]
        assert hits, f"“{text}” not on page {self.number}: {[x.text for x in self.lines]}"
        return hits[0]

    def exactly(self, text: str, size: float = 16) -> TextLine:
        """The last line that is exactly ``text`` at ``size`` points."""
        hits = [line for line in self.lines if line.text == text and line.size == size]
        assert hits, f"no “{text}” line on page {self.number}: {[x.text for x in self.lines]}"
        return hits[-1]

    def below(self, top: float) -> list[TextLine]:
        return [line for line in self.lines if line.top > top]


def _color(value) -> tuple[float, ...]:
    if value is None:
        return ()
    return tuple(round(float(v), 3) for v in (value if isinstance(value, tuple) else (value,)))


def _group(chars: list[dict], page: int) -> list[TextLine]:
    lines: list[TextLine] = []
    run: list[dict] = []

    def flush() -> None:
        if run:
            lines.append(
                TextLine(
                    page,
                    run[0]["top"],
                    run[0]["x0"],
                    run[-1]["x1"],
                    round(run[0]["size"], 3),
                    _color(run[0]["non_stroking_color"]),
                    "".join(c["text"] for c in run),
                    frozenset(c["fontname"] for c in run),
                )
            )
            run.clear()

    for char in chars:
        if run:
            last = run[-1]
            same = (
                abs(char["top"] - last["top"]) < 0.01
                and abs(char["size"] - last["size"]) < 0.01
                and -1.0 < char["x0"] - last["x1"] < 1.0
            )
            if not same:
                flush()
        run.append(char)
    flush()
    return lines


def read_pdf(data: bytes) -> list[PageView]:
    views = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for index, page in enumerate(pdf.pages, start=1):
            view = PageView(index, float(page.width), float(page.height))
            level = [c for c in page.chars if abs(c["matrix"][1]) < 1e-6]
            view.lines = _group(level, index)
            tilted = [c for c in page.chars if abs(c["matrix"][1]) >= 1e-6]
            view.marks = "".join(c["text"] for c in tilted)
            view.mark_colors = {_color(c["non_stroking_color"]) for c in tilted}
            view.rules = [
                Rule(
                    float(r["x0"]),
                    float(r["x1"]),
                    float(r["top"]),
                    float(r["bottom"]),
                    float(r["linewidth"]),
                    _color(r.get("stroking_color")),
                )
                for r in page.lines
            ]
            views.append(view)
    return views


@dataclass(frozen=True)
class PdfFont:
    base: str
    subtype: str
    font_file: str  # /FontFile2, /FontFile3 or /FontFile, '' when not embedded
    size: int  # bytes of the embedded font program (decoded)


def pdf_fonts(data: bytes) -> dict[str, PdfFont]:
    """Every font resource used on any page, by BaseFont."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    out: dict[str, PdfFont] = {}
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        for ref in (resources.get("/Font") or {}).values():
            font = ref.get_object()
            holder = font
            if font.get("/Subtype") == "/Type0":
                holder = font["/DescendantFonts"][0].get_object()
            descriptor = holder.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            kind, size = "", 0
            for key in ("/FontFile2", "/FontFile3", "/FontFile"):
                if key in descriptor:
                    kind, size = key, len(descriptor[key].get_object().get_data())
                    break
            base = str(font["/BaseFont"])
            out[base] = PdfFont(base, str(font["/Subtype"]), kind, size)
    return out


def han_text(length: int, offset: int = 0) -> str:
    """``length`` ideographs taken from a pool, starting at ``offset`` (differs per paragraph)."""
    text = POOL * (length // len(POOL) + 2)
    start = offset % len(POOL)
    return text[start : start + length]


def letter(**changes) -> LetterContent:
    """A typical one-page supervision letter; keyword arguments replace fields."""
    values = {
        "layout": "letter",
        "organ": "右玉县司法局",
        "number": "右司监通〔2026〕3号",
        "title": "行政执法监督通知书",
        "recipient": "县市场监督管理局",
        "paragraphs": (
            "根据《山西省行政执法条例》和行政执法监督工作安排，本机关对你单位的行政执法工作"
            "进行了监督检查，现将有关情况通知如下：",
            "一、发现的问题",
            "2026年1月至3月办理的45件行政处罚案卷中，有3件未制作现场检查笔录。",
            "二、监督要求",
            "请你单位于2026年4月30日前将纠正情况书面报告本机关。",
        ),
        "signature": "右玉县司法局",
        "date_text": "2026年3月5日",
    }
    values.update(changes)
    return LetterContent(**values)


def long_letter(paragraphs: int = 13, **changes) -> LetterContent:
    """Paragraphs of 100 ideographs each (a first line of 26 after the indent, then 28, 28
    and 18), enough for three pages."""
    body = tuple(han_text(100, 37 * n) for n in range(paragraphs))
    return letter(paragraphs=body, **changes)
