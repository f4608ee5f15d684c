"""Tiny fonts built with fontTools, so the letter PDF tests need no system fonts.

``build_test_font`` writes a TrueType (glyf) font that reportlab can embed: every code point
of ASCII, general punctuation (U+2000–U+206F), CJK symbols and punctuation (U+3000–U+303F),
the CJK unified ideographs (U+4E00–U+9FFF) and the half/full-width forms (U+FF00–U+FFEF) is
mapped, all of them to a handful of shared box glyphs.  Full-width characters advance
1000/1000 em and ASCII 500, and the vertical metrics are ascent 880 / descent -120 (sum = 1 em),
so that pdfminer's character box (baseline + descent … + size) is exactly the box the layout
places: a character's ``top`` read back equals the top the renderer aimed at.

The many-to-one mapping lives in a cmap format 13 subtable (3, 10), which reportlab reads and
which keeps the file at a few KB; a small format 4 subtable (3, 1) maps the non-CJK ranges for
other readers.

``build_cff_font`` writes an OpenType font with CFF (PostScript) outlines ("OTTO"), which
reportlab cannot embed and the program must refuse.
"""

from __future__ import annotations

from pathlib import Path

from fontTools.fontBuilder import FontBuilder
from fontTools.pens.t2CharStringPen import T2CharStringPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib.tables._c_m_a_p import CmapSubtable

FAMILY = "YuyouTest"
UPEM = 1000
ASCENT, DESCENT = 880, -120
FULL, HALF = 1000, 500

# (first, last, advance) of every mapped range; full-width unless said otherwise
RANGES: tuple[tuple[int, int, int], ...] = (
    (0x0020, 0x007E, HALF),  # ASCII printable
    (0x2000, 0x206F, FULL),  # general punctuation: — “ ” … ‘ ’ (full-width in Chinese fonts)
    (0x3000, 0x303F, FULL),  # CJK symbols and punctuation: 　、。〈〉《》「」【】〔〕
    (0x4E00, 0x9FFF, FULL),  # CJK unified ideographs
    (0xFF01, 0xFF60, FULL),  # full-width forms: ！（），：；？
    (0xFF61, 0xFFDF, HALF),  # half-width forms
    (0xFFE0, 0xFFE6, FULL),  # full-width signs ￥ ￡
    (0xFFE8, 0xFFEE, HALF),
)
SPACES = {0x0020: "space", 0x3000: "ideospace"}


def _box(pen, x0: int, y0: int, x1: int, y1: int, inset: int = 0) -> None:
    """A closed rectangle; with ``inset`` also an inner one drawn the other way (a frame)."""
    pen.moveTo((x0, y0))
    pen.lineTo((x0, y1))
    pen.lineTo((x1, y1))
    pen.lineTo((x1, y0))
    pen.closePath()
    if inset:
        a, b, c, d = x0 + inset, y0 + inset, x1 - inset, y1 - inset
        pen.moveTo((a, b))
        pen.lineTo((c, b))
        pen.lineTo((c, d))
        pen.lineTo((a, d))
        pen.closePath()


# glyph name → (advance, list of (x0, y0, x1, y1, inset) rectangles)
SHAPES: dict[str, tuple[int, list[tuple[int, int, int, int, int]]]] = {
    ".notdef": (HALF, [(50, 0, 450, 700, 40)]),
    "space": (HALF, []),
    "ideospace": (FULL, []),
    "half": (HALF, [(80, 0, 420, 700, 0)]),
    # the full frame spans the whole line box, so head's bbox is ascent/descent exactly
    "han_frame": (FULL, [(40, DESCENT, 960, ASCENT, 60)]),
    "han_bar": (FULL, [(80, 300, 920, 420, 0)]),
    "han_cross": (FULL, [(80, 300, 920, 400, 0), (450, -40, 550, 800, 0)]),
    "punct": (FULL, [(100, -40, 260, 120, 0)]),
}
GLYPHS = list(SHAPES)


def _glyph_for(code: int, advance: int) -> str:
    if code in SPACES:
        return SPACES[code]
    if advance == HALF:
        return "half"
    if 0x4E00 <= code <= 0x9FFF:
        # in runs of 64 code points, so that format 13 needs few groups
        return ("han_frame", "han_bar", "han_cross")[code // 64 % 3]
    return "punct"


def character_map() -> dict[int, str]:
    """Code point → glyph name for every mapped character."""
    out: dict[int, str] = {}
    for first, last, advance in RANGES:
        for code in range(first, last + 1):
            out[code] = _glyph_for(code, advance)
    return out


def _names(family: str) -> dict[str, str]:
    return {
        "familyName": family,
        "styleName": "Regular",
        "uniqueFontIdentifier": f"{family}-Regular-1.0",
        "fullName": f"{family} Regular",
        "psName": f"{family}-Regular",
        "version": "Version 1.000",
    }


def _common(fb: FontBuilder, family: str, cmap: dict[int, str]) -> None:
    fb.setupHorizontalMetrics({name: (SHAPES[name][0], 0) for name in GLYPHS})
    fb.setupHorizontalHeader(ascent=ASCENT, descent=DESCENT, lineGap=0)
    fb.setupNameTable(_names(family))
    fb.setupOS2(
        sTypoAscender=ASCENT,
        sTypoDescender=DESCENT,
        sTypoLineGap=0,
        usWinAscent=ASCENT,
        usWinDescent=-DESCENT,
        sxHeight=500,
        sCapHeight=700,
        fsType=0,  # installable: embedding and subsetting allowed
        achVendID="YUYO",
        ulUnicodeRange1=(1 << 0) | (1 << 31),  # Basic Latin, General Punctuation
        ulUnicodeRange2=(1 << (48 - 32)) | (1 << (59 - 32)),  # CJK symbols, CJK ideographs
        ulUnicodeRange3=1 << (68 - 64),  # half-width and full-width forms
        ulCodePageRange1=1 << 18,  # GB2312
    )
    fb.setupPost()
    _setup_cmap(fb, cmap)


def _setup_cmap(fb: FontBuilder, cmap: dict[int, str]) -> None:
    """Format 4 (3, 1) for everything but the ideographs, format 13 (3, 10) for everything."""
    bmp = CmapSubtable.newSubtable(4)
    bmp.platformID, bmp.platEncID, bmp.language = 3, 1, 0
    bmp.cmap = {code: name for code, name in cmap.items() if not 0x4E00 <= code <= 0x9FFF}
    many = CmapSubtable.newSubtable(13)
    many.platformID, many.platEncID, many.language = 3, 10, 0
    many.cmap = dict(cmap)
    fb.setupCharacterMap({})  # creates the table; its subtables are replaced below
    fb.font["cmap"].tables = [bmp, many]


def build_test_font(path: Path, family: str = FAMILY) -> Path:
    """Write the TrueType test font to ``path`` and return ``path``."""
    fb = FontBuilder(UPEM, isTTF=True)
    fb.setupGlyphOrder(GLYPHS)
    glyphs = {}
    for name, (_advance, boxes) in SHAPES.items():
        pen = TTGlyphPen(None)
        for x0, y0, x1, y1, inset in boxes:
            _box(pen, x0, y0, x1, y1, inset)
        glyphs[name] = pen.glyph()
    fb.setupGlyf(glyphs)
    _common(fb, family, character_map())
    fb.font["head"].created = fb.font["head"].modified = 3_786_825_600  # fixed: 2024-01-01
    path.parent.mkdir(parents=True, exist_ok=True)
    fb.save(str(path))
    return path


def build_cff_font(path: Path, family: str = "YuyouTestCFF") -> Path:
    """Write an OpenType/CFF ("OTTO") font covering the same characters to ``path``."""
    fb = FontBuilder(UPEM, isTTF=False)
    fb.setupGlyphOrder(GLYPHS)
    charstrings = {}
    for name, (advance, boxes) in SHAPES.items():
        pen = T2CharStringPen(advance, None)
        for x0, y0, x1, y1, inset in boxes:
            _box(pen, x0, y0, x1, y1, inset)
        charstrings[name] = pen.getCharString()
    fb.setupCFF(f"{family}-Regular", {"FullName": f"{family} Regular"}, charstrings, {})
    _common(fb, family, character_map())
    path.parent.mkdir(parents=True, exist_ok=True)
    fb.save(str(path))
    return path
