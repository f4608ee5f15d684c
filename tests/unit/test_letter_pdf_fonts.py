"""Fonts of the letter PDFs (embedded subsets, the non-embedded fallback and its warning, files
refused with the reason) and line breaking (避头尾, runs of digits kept whole)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.letter_font_support import build_cff_font
from tests.unit.letter_pdf_support import MM, han_text, letter, long_letter, pdf_fonts, read_pdf
from yuyou_desktop.documents.letter_fonts import (
    FALLBACK,
    ROLES,
    FontSet,
    check_font_file,
    resolve_fonts,
)
from yuyou_desktop.documents.letter_pdf import render_letter
from yuyou_desktop.documents.letter_text import Style, wrap
from yuyou_desktop.errors import InputRejected

WIDTH = 156 * MM
CELL = WIDTH / 28
HAN = re.compile(r"[\u4e00-\u9fff]")
CLOSING = "，。、；：？！）》”"
OPENING = "（《“"


@pytest.fixture(scope="module")
def cff_font(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_cff_font(tmp_path_factory.mktemp("cff") / "YuyouTestCFF.otf")


def test_the_test_font_is_a_usable_truetype_font(letter_test_font, letter_test_fonts: FontSet):
    assert letter_test_font.read_bytes()[:4] == b"\x00\x01\x00\x00"
    assert letter_test_font.stat().st_size < 20_000
    assert check_font_file(letter_test_font) == "YuyouTest-Regular"
    for role in ROLES:
        choice = letter_test_fonts.choices[role]
        assert choice.embedded and choice.source == "设置" and choice.path == str(letter_test_font)
    assert letter_test_fonts.warnings == ()


def test_every_font_used_is_an_embedded_truetype_subset(letter_test_fonts):
    content = long_letter(number="", draft=True, cc=("市司法局",), paragraphs=6)
    data = render_letter(content, letter_test_fonts)
    fonts = pdf_fonts(data)
    assert fonts, "no fonts found in the PDF"
    for font in fonts.values():
        assert re.fullmatch(r"/[A-Z]{6}\+YuyouTest-Regular", font.base), font
        assert font.subtype == "/TrueType"
        assert font.font_file == "/FontFile2" and font.size > 0, font
    used = {name for page in read_pdf(data) for line in page.lines for name in line.fontnames}
    assert used and all(name.endswith("+YuyouTest-Regular") for name in used)


def test_without_any_font_the_fallback_is_not_embedded_and_the_user_is_warned():
    fonts = resolve_fonts({}, search_dirs=())
    for role in ROLES:
        choice = fonts.choices[role]
        assert (choice.font_name, choice.embedded, choice.path) == (FALLBACK, False, None)
    assert FALLBACK == "STSong-Light"
    assert len(fonts.warnings) == len(ROLES)
    for warning in fonts.warnings:
        assert HAN.search(warning), warning
        assert "TrueType" in warning and "PDF" in warning
    pdf = pdf_fonts(render_letter(letter(), fonts))
    assert set(pdf) == {"/STSong-Light"}
    assert pdf["/STSong-Light"].font_file == ""  # not embedded: the reader's font is used


def test_a_cff_font_chosen_in_settings_is_not_used_and_the_warning_says_why(
    cff_font, letter_test_font
):
    chosen = {role: str(letter_test_font) for role in ROLES} | {"fangsong": str(cff_font)}
    fonts = resolve_fonts(chosen, search_dirs=())
    assert fonts.choices["fangsong"].font_name == FALLBACK
    assert "OpenType/CFF" in fonts.choices["fangsong"].problem
    assert fonts.choices["heiti"].embedded
    assert any("设置的字体未使用" in w and "OpenType/CFF" in w for w in fonts.warnings)


def test_check_font_file_refuses_cff_outlines_with_the_reason(cff_font):
    assert cff_font.read_bytes()[:4] == b"OTTO"
    with pytest.raises(InputRejected) as refused:
        check_font_file(cff_font)
    assert "OpenType/CFF" in refused.value.message
    assert "TrueType" in refused.value.message  # and says what to choose instead


def test_check_font_file_refuses_files_that_are_not_fonts(tmp_path):
    text = tmp_path / "说明.ttf"
    text.write_text("这不是字体文件", encoding="utf-8")
    with pytest.raises(InputRejected) as refused:
        check_font_file(text)
    assert "说明.ttf" in refused.value.message and "不是 TrueType" in refused.value.message
    with pytest.raises(InputRejected) as missing:
        check_font_file(tmp_path / "没有这个.ttf")
    assert "无法读取" in missing.value.message
    empty = tmp_path / "empty.ttf"
    empty.write_bytes(b"")
    with pytest.raises(InputRejected):
        check_font_file(empty)


def test_check_font_file_refuses_a_truncated_truetype_file(tmp_path, letter_test_font):
    truncated = tmp_path / "cut.ttf"
    truncated.write_bytes(letter_test_font.read_bytes()[:300])
    try:
        check_font_file(truncated)
    except InputRejected as refused:
        assert "cut.ttf" in refused.message
    except Exception as crash:  # which exception escapes is the point
        raise AssertionError(f"{type(crash).__name__} escaped: {crash}") from crash
    else:
        raise AssertionError("a truncated font was accepted")


# 避头尾 ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def body(letter_test_fonts) -> Style:
    return Style(letter_test_fonts.name("fangsong"), 16.0, CELL - 16.0)


def problems(text: str, lines: list[str], style: Style, indent: float) -> list[str]:
    found = []
    if "".join(lines) != text:
        found.append("text changed")
    for index, line in enumerate(lines):
        if style.width(line) + (indent if index == 0 else 0) > WIDTH + 0.01:
            found.append(f"line {index} too wide: {line}")
        if index and line[0] in CLOSING:
            found.append(f"line {index} starts with {line[0]}")
        if index < len(lines) - 1 and line[-1] in OPENING:
            found.append(f"line {index} ends with {line[-1]}")
        if index and line[0].isdigit() and lines[index - 1][-1].isdigit():
            found.append(f"digits split between lines {index - 1} and {index}")
    return found


def sweep(style: Style, piece: str) -> list[str]:
    """``piece`` at every position around the first two line ends of a paragraph."""
    found = []
    for before in range(10, 62):
        text = han_text(before) + piece + han_text(40, 5)
        lines = wrap(text, style, WIDTH, 2 * CELL)
        assert len(lines) >= 2
        found += [f"{before}+{piece}: {p}" for p in problems(text, lines, style, 2 * CELL)]
    return found


@pytest.mark.parametrize("mark", list(CLOSING))
def test_closing_punctuation_never_starts_a_line(body, mark):
    assert sweep(body, mark) == []


@pytest.mark.parametrize("mark", list(OPENING))
def test_opening_punctuation_never_ends_a_line(body, mark):
    assert sweep(body, mark + "通知") == []


@pytest.mark.parametrize("run", ["2026", "45号", "第45条", "（2026）", "〔2026〕3号", "《条例》"])
def test_runs_of_digits_and_brackets_are_kept_together(body, run):
    assert sweep(body, run) == []


@pytest.mark.parametrize("marks", ["。”", "）。", "》，", "！”", "”，"])
def test_two_closing_marks_in_a_row_never_start_a_line(body, marks):
    assert sweep(body, marks) == []


def test_the_printed_body_never_starts_a_line_with_closing_punctuation(letter_test_fonts):
    # the comma is the 27th character after a two-character indent: it would open line 2
    paragraph = han_text(26) + "，" + han_text(30, 3) + "《行政处罚法》" + han_text(60, 9)
    content = letter(paragraphs=(paragraph,))
    lines = [line for line in read_pdf(render_letter(content, letter_test_fonts))[0].lines]
    start = next(i for i, line in enumerate(lines) if line.text == f"{content.recipient}：")
    printed = [line.text for line in lines[start + 1 :] if line.text != content.signature][:5]
    assert "".join(printed) == paragraph
    assert len(printed[0]) == 25 and printed[1].startswith(paragraph[25] + "，")
    assert not any(line[0] in CLOSING for line in printed)
    assert not any(line[-1] in OPENING for line in printed)


def test_a_stand_in_face_is_labelled_as_such(letter_test_font, tmp_path):
    """Found under the AR PL Sungti file name, the test font serves 宋体 as itself and 仿宋 and
    小标宋 as a stand-in (代用), and says so."""
    folder = tmp_path / "fonts"
    folder.mkdir()
    shutil.copyfile(letter_test_font, folder / "gbsn00lp.ttf")
    fonts = resolve_fonts({}, search_dirs=(("Linux 字体", folder),))
    assert not fonts.choices["songti"].substitute
    for role in ("fangsong", "xiaobiaosong"):
        assert fonts.choices[role].substitute
        assert "代用" in fonts.choices[role].description
    assert fonts.choices["heiti"].font_name == "STSong-Light"  # nothing found for 黑体
