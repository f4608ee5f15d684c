"""Choosing the font of a letter role: an unusable file is refused with the reason and the
settings stay as they were; a TrueType file with Chinese characters is used from then on, for
new letters only."""

from __future__ import annotations

from pathlib import Path

import pytest
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.t2CharStringPen import T2CharStringPen

from tests.integration.letter_support import World, make_world, proposal, refused
from yuyou_desktop.documents.letter_fonts import SAMPLE

LINUX_TTF = Path("/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf")
OTHER_TTF = Path("/usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf")
LATIN_TTF = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


@pytest.fixture
def world(county) -> World:
    return make_world(county)


def cff_font(path: Path) -> Path:
    """An OpenType font with PostScript (CFF) outlines that has every character of SAMPLE."""
    names = [".notdef"] + [f"uni{ord(ch):04X}" for ch in SAMPLE]
    builder = FontBuilder(1000, isTTF=False)
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap({ord(ch): f"uni{ord(ch):04X}" for ch in SAMPLE})
    charstrings = {}
    for name in names:
        pen = T2CharStringPen(1000, None)
        pen.moveTo((100, 0))
        pen.lineTo((900, 0))
        pen.lineTo((900, 800))
        pen.closePath()
        charstrings[name] = pen.getCharString()
    builder.setupCFF("TestSong", {"FullName": "TestSong"}, charstrings, {})
    builder.setupHorizontalMetrics({name: (1000, 100) for name in names})
    builder.setupHorizontalHeader(ascent=880, descent=-120)
    builder.setupNameTable({"familyName": "TestSong", "styleName": "Regular"})
    builder.setupOS2(sTypoAscender=880, usWinAscent=880, usWinDescent=120)
    builder.setupPost()
    builder.save(str(path))
    return path


def test_a_file_that_is_not_a_font_is_refused(world, tmp_path):
    fonts = world.services.letter_fonts
    before = fonts.current().choices["fangsong"]
    fake = tmp_path / "simfang.ttf"
    fake.write_bytes(b"this is not a font, only text" * 10)
    error = refused(world, fonts.choose, "fangsong", fake)
    assert "不是 TrueType 字体文件" in error.message
    empty = tmp_path / "empty.ttf"
    empty.write_bytes(b"")
    assert "不是 TrueType 字体文件" in refused(world, fonts.choose, "fangsong", empty).message
    missing = tmp_path / "missing.ttf"
    assert "无法读取" in refused(world, fonts.choose, "fangsong", missing).message
    assert fonts.chosen()["fangsong"] == ""
    assert fonts.current().choices["fangsong"] == before


def test_an_opentype_cff_font_is_refused(world, tmp_path):
    fonts = world.services.letter_fonts
    path = cff_font(tmp_path / "TestSong.otf")
    assert path.read_bytes()[:4] == b"OTTO"
    before = fonts.current()
    error = refused(world, fonts.choose, "xiaobiaosong", path)
    assert "OpenType/CFF" in error.message
    assert "TrueType" in error.message
    assert fonts.chosen()["xiaobiaosong"] == ""
    assert fonts.current() == before


def test_an_unknown_role_is_refused(world):
    fonts = world.services.letter_fonts
    assert "字体用途" in refused(world, fonts.choose, "gothic", LINUX_TTF).message
    assert "字体用途" in refused(world, fonts.reset, "gothic").message


def test_a_truetype_font_without_chinese_is_refused(world):
    if not LATIN_TTF.is_file():
        pytest.skip(f"{LATIN_TTF} is not installed")
    error = refused(world, world.services.letter_fonts.choose, "heiti", LATIN_TTF)
    assert "缺少汉字" in error.message


def test_a_truetype_font_is_chosen_and_reset(world):
    if not LINUX_TTF.is_file():
        pytest.skip(f"{LINUX_TTF} is not installed")
    fonts = world.services.letter_fonts
    choice = fonts.choose("heiti", LINUX_TTF)
    assert (choice.role, choice.source, choice.path, choice.embedded) == (
        "heiti",
        "设置",
        str(LINUX_TTF),
        True,
    )
    assert fonts.current().choices["heiti"] == choice
    assert fonts.chosen()["heiti"] == str(LINUX_TTF)
    assert world.services.settings.get("letters.font.heiti") == str(LINUX_TTF)
    assert not any("黑体" in warning for warning in world.letters.font_warnings())
    reset = fonts.reset("heiti")
    assert reset.source != "设置"
    assert fonts.current().choices["heiti"].source != "设置"
    assert fonts.chosen()["heiti"] == ""


def test_a_new_font_prints_new_letters_only(world):
    if not OTHER_TTF.is_file():
        pytest.skip(f"{OTHER_TTF} is not installed")
    fonts = world.services.letter_fonts
    old = world.issued(proposal(title="旧字体的建议书"))
    old_pdf = world.letters.pdf(old.id)
    fonts.choose("fangsong", OTHER_TTF)
    new = world.issued(proposal(title="旧字体的建议书"))
    assert any(str(OTHER_TTF) in description for description in new.fonts)
    assert new.fonts != old.fonts
    assert world.letters.get(old.id).fonts == old.fonts
    assert world.letters.pdf(old.id) == old_pdf
    assert new.pdf_sha256 != old.pdf_sha256
