"""The letter PDF measured as a reviewer of GB/T 9704-2012 would measure the printed sheet:
margins, the 22 × 28 grid, the head of both layouts, page numbers, the draft mark, the
signature and the 版记.  The PDFs are read back with pdfplumber; the test font's metrics
(ascent 880, descent -120) make a character's box the box the layout placed.

Expected positions are written from the standard (millimetres), not from the renderer's
constants, so a wrong constant fails here too."""

from __future__ import annotations

import pytest

from tests.unit.letter_pdf_support import (
    BLACK,
    GREY,
    MM,
    RED,
    PageView,
    TextLine,
    han_text,
    letter,
    long_letter,
    read_pdf,
)
from yuyou_desktop.documents.letter_pdf import LetterContent, render_letter

A4_W, A4_H = 595.28, 841.89
LEFT, TOP, WIDTH, HEIGHT = 28 * MM, 37 * MM, 156 * MM, 225 * MM
PITCH, CELL = HEIGHT / 22, WIDTH / 28
SMALL = 14.0  # 4号: 版记 and page numbers
EXACT = 0.05  # points: "exactly" on the grid


@pytest.fixture(scope="module")
def long_pdf(letter_test_fonts) -> tuple[LetterContent, list[PageView]]:
    content = long_letter(cc=("县人民政府办公室", "市司法局"))
    return content, read_pdf(render_letter(content, letter_test_fonts))


def body_lines(pages: list[PageView], content: LetterContent) -> list[TextLine]:
    """Body text lines from below the recipient line to the signature."""
    lines = [line for page in pages for line in page.lines if line.size == 16]
    start = next(i for i, line in enumerate(lines) if line.text.startswith(content.recipient))
    out = []
    for line in lines[start + 1 :]:
        if line.text == content.signature:
            break
        out.append(line)
    return out


def page_number(page: PageView) -> TextLine | None:
    below = page.below(TOP + HEIGHT)
    assert len(below) <= 1, [line.text for line in below]
    return below[0] if below else None


def slot(line: TextLine) -> int:
    index = round((line.top - TOP) / PITCH)
    assert line.top == pytest.approx(TOP + index * PITCH, abs=EXACT), line
    return index


def test_every_page_is_a4(long_pdf):
    _content, pages = long_pdf
    assert len(pages) == 3
    for page in pages:
        assert page.width == pytest.approx(A4_W, abs=0.5)
        assert page.height == pytest.approx(A4_H, abs=0.5)


def test_body_lines_start_at_28_mm_and_paragraphs_are_indented_two_characters(long_pdf):
    content, pages = long_pdf
    paragraphs: list[list[TextLine]] = []
    for line in body_lines(pages, content):
        assert abs(line.x0 - LEFT) <= 1 * MM + 2 * CELL
        if line.x0 == pytest.approx(LEFT + 2 * CELL, abs=EXACT):
            paragraphs.append([line])
        else:
            assert line.x0 == pytest.approx(LEFT, abs=EXACT), line
            paragraphs[-1].append(line)
    # nothing lost or reordered across the page breaks
    assert ["".join(x.text for x in p) for p in paragraphs] == list(content.paragraphs)
    for lines in paragraphs:
        assert [len(x.text) for x in lines] == [26, 28, 28, 18]
        for full in lines[:-1]:  # a full line reaches the right edge of the type area
            assert full.x1 == pytest.approx(LEFT + WIDTH, abs=0.5), full
        assert all(x.size == 16 and x.color == BLACK for x in lines)


def test_a_full_page_holds_22_body_lines_from_37_mm_down(long_pdf):
    _content, pages = long_pdf
    lines = [line for line in pages[1].lines if line.top < TOP + HEIGHT]
    assert len(lines) == 22
    assert lines[0].top == pytest.approx(37 * MM, abs=1 * MM)
    for index, line in enumerate(lines):
        assert line.top == pytest.approx(TOP + index * PITCH, abs=EXACT), line
    assert lines[-1].top + 16 <= TOP + HEIGHT
    # paragraphs of 100 ideographs: first lines of 26, full lines of 28, last lines of 18
    assert {len(line.text) for line in lines} == {26, 28, 18}


def test_letter_format_head_and_red_double_rules(long_pdf):
    content, pages = long_pdf
    mark = pages[0].lines[0]
    assert mark.text == content.organ
    assert mark.top == pytest.approx(30 * MM, abs=1 * MM)
    assert mark.color == RED and mark.size > 22
    assert (mark.x0 + mark.x1) / 2 == pytest.approx(A4_W / 2, abs=0.5)
    red = sorted((r for r in pages[0].rules if r.color == RED), key=lambda r: r.top)
    assert len(red) == 4
    for rule in red:
        assert rule.x1 - rule.x0 == pytest.approx(170 * MM, abs=0.5 * MM)
        assert (rule.x0 + rule.x1) / 2 == pytest.approx(A4_W / 2, abs=0.5)
    assert mark.top + mark.size < red[0].top < TOP + 3 * PITCH
    assert red[0].width > red[1].width  # thick over thin at the top
    assert red[2].width < red[3].width  # thin over thick at the bottom
    assert A4_H - red[3].top == pytest.approx(20 * MM, abs=1 * MM)
    assert not any(r.color == RED for page in pages[1:] for r in page.rules)
    number = pages[0].find(content.number)
    assert number.x1 == pytest.approx(LEFT + WIDTH, abs=0.5)  # flush right under the rules
    assert red[1].top < number.top


def test_letter_format_page_numbers_none_on_page_1_then_even_left_odd_right(long_pdf):
    _content, pages = long_pdf
    assert page_number(pages[0]) is None
    second, third = page_number(pages[1]), page_number(pages[2])
    assert second is not None and third is not None
    assert (second.text, third.text) == ("— 2 —", "— 3 —")
    for line in (second, third):
        assert line.top == pytest.approx(TOP + HEIGHT + 7 * MM, abs=1 * MM)
        assert line.size == SMALL
    assert second.x0 == pytest.approx(LEFT + SMALL, abs=0.5)  # one character in, left
    assert third.x1 == pytest.approx(LEFT + WIDTH - SMALL, abs=0.5)  # one character in, right


def test_official_format_head_number_separator_and_page_number(letter_test_fonts):
    content = letter(layout="official")
    pages = read_pdf(render_letter(content, letter_test_fonts))
    page = pages[0]
    mark = page.find(f"{content.organ}文件")
    assert mark.top == pytest.approx(72 * MM, abs=1 * MM)  # 35 mm below the type area's top
    assert mark.color == RED
    assert (mark.x0 + mark.x1) / 2 == pytest.approx(LEFT + WIDTH / 2, abs=0.5)
    number = page.find(content.number)
    assert (number.x0 + number.x1) / 2 == pytest.approx(LEFT + WIDTH / 2, abs=0.5)
    assert number.top > mark.top + mark.size
    separator = [r for r in page.rules if r.color == RED]
    assert len(separator) == 1
    assert (separator[0].x0, separator[0].x1) == pytest.approx((LEFT, LEFT + WIDTH), abs=0.5)
    assert separator[0].top - (number.top + 16) == pytest.approx(4 * MM, abs=0.5 * MM)
    title = page.find(content.title)
    assert title.top > separator[0].top + PITCH  # blank lines below the separator
    mark_number = page_number(page)
    assert mark_number is not None and mark_number.text == "— 1 —"
    assert mark_number.x1 == pytest.approx(LEFT + WIDTH - SMALL, abs=0.5)


def test_number_title_and_recipient_are_printed_as_text(letter_test_fonts):
    content = letter(title="关于右玉县市场监督管理局行政处罚案卷评查情况的监督意见书")
    page = read_pdf(render_letter(content, letter_test_fonts))[0]
    assert content.number in page.text and "右司监通〔2026〕3号" in page.text
    assert content.title in page.text
    titles = [line for line in page.lines if line.size == 22]
    assert "".join(line.text for line in titles) == content.title
    for line in titles:
        assert (line.x0 + line.x1) / 2 == pytest.approx(LEFT + WIDTH / 2, abs=0.5)
        assert line.x0 >= LEFT - 0.5 and line.x1 <= LEFT + WIDTH + 0.5
    recipient = page.exactly("县市场监督管理局：")  # ends with a full-width colon
    assert recipient.x0 == pytest.approx(LEFT, abs=EXACT)  # flush left
    assert recipient.top > titles[-1].top


def test_a_draft_is_marked_on_every_page_and_has_no_number(letter_test_fonts, long_pdf):
    content = long_letter(number="", draft=True)
    pages = read_pdf(render_letter(content, letter_test_fonts))
    assert len(pages) == 3
    for page in pages:
        assert "草" in page.marks and "稿" in page.marks
        assert page.mark_colors == {(0.8, 0.8, 0.8)}
        assert "〔2026〕" not in page.text
    placeholder = pages[0].find("（草稿，签发时编号）")
    assert placeholder.color == GREY
    _issued, issued_pages = long_pdf
    assert all(page.marks == "" for page in issued_pages)


def test_sealed_signature_date_four_characters_in_from_the_right(long_pdf):
    content, pages = long_pdf
    page = pages[-1]
    date = page.exactly("2026年3月5日")  # Arabic numerals, no leading zeros
    name = page.exactly(content.signature)
    assert date.x0 > LEFT + WIDTH / 2  # right of centre
    assert date.x1 == pytest.approx(LEFT + WIDTH - 4 * CELL, abs=0.5)
    assert (name.x0 + name.x1) / 2 == pytest.approx((date.x0 + date.x1) / 2, abs=0.5)
    assert date.top - name.top == pytest.approx(PITCH, abs=EXACT)
    last_body = body_lines(pages, content)[-1]
    assert last_body.page == date.page and last_body.top < name.top


def test_unsealed_signature_name_two_characters_in_from_the_right(letter_test_fonts):
    content = letter(sealed=False, signature="右玉县人民政府行政执法协调监督局")
    page = read_pdf(render_letter(content, letter_test_fonts))[0]
    name, date = page.exactly(content.signature), page.exactly(content.date_text)
    assert name.x1 == pytest.approx(LEFT + WIDTH - 2 * CELL, abs=0.5)
    assert date.x0 == pytest.approx(name.x0 + 2 * CELL, abs=0.5)  # two characters right
    assert date.top - name.top == pytest.approx(PITCH, abs=EXACT)


def test_unsealed_signature_date_longer_than_the_name_two_characters_in(letter_test_fonts):
    content = letter(sealed=False, signature="右卫镇司法所", date_text="2026年11月12日")
    page = read_pdf(render_letter(content, letter_test_fonts))[0]
    name, date = page.exactly(content.signature), page.exactly(content.date_text)
    assert date.x1 == pytest.approx(LEFT + WIDTH - 2 * CELL, abs=0.5)
    assert date.x0 == pytest.approx(name.x0 + 2 * CELL, abs=0.5)


def _signature_case(fonts, sealed: bool, short_paragraphs: int):
    content = letter(
        sealed=sealed, paragraphs=tuple(f"{n}、{han_text(10, n)}" for n in range(short_paragraphs))
    )
    pages = read_pdf(render_letter(content, fonts))
    last = body_lines(pages, content)[-1]
    return pages, last, pages[-1].exactly(content.signature), pages[-1].exactly(content.date_text)


@pytest.mark.parametrize(("sealed", "paragraphs", "spare"), [(True, 9, 5), (False, 10, 4)])
def test_signature_follows_the_body_on_its_page_when_there_is_room(
    letter_test_fonts, sealed, paragraphs, spare
):
    pages, last, name, date = _signature_case(letter_test_fonts, sealed, paragraphs)
    assert 21 - slot(last) == spare  # the case is what it claims to be
    assert len(pages) == 1 and name.page == date.page == last.page
    assert slot(name) == slot(last) + (3 if sealed else 2)
    assert slot(date) == slot(name) + 1


@pytest.mark.parametrize(("sealed", "paragraphs", "spare"), [(True, 10, 4), (False, 11, 3)])
def test_signature_that_just_fits_stays_with_the_body(letter_test_fonts, sealed, paragraphs, spare):
    _pages, last, name, date = _signature_case(letter_test_fonts, sealed, paragraphs)
    assert 21 - slot(last) == spare
    assert name.page == date.page == last.page
    assert slot(date) == 21


@pytest.mark.parametrize(("sealed", "paragraphs"), [(True, 11), (False, 12)])
def test_a_signature_that_does_not_fit_takes_the_last_body_lines_along(
    letter_test_fonts, sealed, paragraphs
):
    """GB/T 9704 keeps the seal on the page of the body: the last two body lines move to
    the next page with the signature instead of the signature standing alone."""
    pages, last, name, date = _signature_case(letter_test_fonts, sealed, paragraphs)
    assert len(pages) == 2 and last.page == name.page == date.page == 2
    body_on_two = [line for line in pages[1].lines if line.size == 16 and line.top < name.top]
    assert len(body_on_two) == 2
    assert body_on_two[0].top == pytest.approx(TOP, abs=EXACT)
    assert date.top + 16 <= TOP + HEIGHT


def test_imprint_rows_on_the_last_page_down_to_the_type_area_bottom(letter_test_fonts):
    """文件格式: 抄送, then 印发机关 and 印发日期, between thick, thin and thick rules."""
    content = long_letter(layout="official", cc=("县人民政府办公室", "市司法局"))
    pages = read_pdf(render_letter(content, letter_test_fonts))
    last = pages[-1]
    cc = last.find("抄送：")
    assert cc.text == "抄送：县人民政府办公室，市司法局。"
    assert cc.size == SMALL and cc.x0 == pytest.approx(LEFT + SMALL, abs=0.5)
    issued = last.find("印发")
    assert issued.text == "2026年3月5日印发"
    assert issued.x1 == pytest.approx(LEFT + WIDTH - SMALL, abs=0.5)
    assert last.exactly(content.signature).top < cc.top  # the signature's, above the imprint
    rules = sorted((r for r in last.rules if r.color == BLACK), key=lambda r: r.top)
    assert len(rules) == 3
    for rule in rules:
        assert (rule.x0, rule.x1) == pytest.approx((LEFT, LEFT + WIDTH), abs=0.5)
    assert rules[-1].top == pytest.approx(TOP + HEIGHT, abs=0.5)  # 37 + 225 mm
    assert rules[0].width > rules[1].width < rules[2].width  # thick, thin, thick
    assert rules[0].top < cc.top < rules[1].top < issued.top < rules[2].top
    assert last.exactly(content.date_text).top + 16 < rules[0].top
    assert all("抄送" not in page.text for page in pages[:-1])


def test_the_letter_format_imprint_is_only_the_cc_lines(long_pdf):
    """信函格式 (GB/T 9704 §10.1): no 印发机关, no 印发日期 and no rules in the 版记."""
    _content, pages = long_pdf
    last = pages[-1]
    cc = last.find("抄送：")
    assert cc.text == "抄送：县人民政府办公室，市司法局。"
    assert cc.top + SMALL == pytest.approx(TOP + HEIGHT, abs=7 * MM)  # at the foot
    assert all("印发" not in page.text for page in pages)
    assert not [r for r in last.rules if r.color == BLACK]


def test_rendering_is_deterministic(letter_test_fonts):
    content = letter()
    first = render_letter(content, letter_test_fonts)
    assert render_letter(content, letter_test_fonts) == first
    other = render_letter(letter(number="右司监通〔2026〕4号"), letter_test_fonts)
    assert other != first


def test_a_heading_is_never_the_last_line_of_a_page(letter_test_fonts):
    """However much text comes before it, a heading stays on the page of the text under it;
    one that would sit alone on the last line of page 1 starts page 2."""
    fill = tuple(f"第{n}段{han_text(10, n)}" for n in range(16))
    moved = 0
    for count in range(len(fill)):
        content = letter(paragraphs=(*fill[:count], "二、整改要求", "限期整改。"))
        pages = read_pdf(render_letter(content, letter_test_fonts))
        lines = [line for page in pages for line in page.lines]
        heading = next(line for line in lines if line.text == "二、整改要求")
        following = next(line for line in lines if line.text == "限期整改。")
        assert heading.page == following.page, f"{count} paragraphs before the heading"
        if heading.page == 2 and heading.top == pytest.approx(TOP, abs=EXACT):
            moved += 1
    assert moved, "some case put the heading at the top of page 2"


def test_attachment_names_stay_inside_the_type_area(letter_test_fonts):
    names = (han_text(60, 3), han_text(45, 9))
    pages = read_pdf(render_letter(letter(attachments=names), letter_test_fonts))
    lines = [line for page in pages for line in page.lines if line.size == 16]
    start = next(i for i, line in enumerate(lines) if line.text.startswith("附件："))
    block = lines[start : start + 6]
    assert block[0].text.startswith("附件：1.") and block[0].x0 == pytest.approx(LEFT + 2 * CELL)
    assert all(line.x1 <= LEFT + WIDTH + 0.5 for line in block)
    second = next(line for line in block if line.text.startswith("2."))
    assert second.x0 == pytest.approx(LEFT + 5 * CELL, abs=0.5)  # under the first name
    continued = next(line for line in block[1:] if not line.text.startswith("2."))
    assert continued.x0 > second.x0  # under the name, not under the number


@pytest.mark.parametrize("layout", ["letter", "official"])
def test_a_long_cc_list_continues_under_the_first_organ(letter_test_fonts, layout):
    organs = tuple(f"{han_text(6, n)}人民政府" for n in range(8))
    pages = read_pdf(render_letter(letter(layout=layout, cc=organs), letter_test_fonts))
    rows = [line for line in pages[-1].lines if line.size == SMALL and line.top < TOP + HEIGHT]
    first = next(i for i, line in enumerate(rows) if line.text.startswith("抄送："))
    assert rows[first].x0 == pytest.approx(LEFT + SMALL, abs=0.5)
    assert rows[first + 1].x0 == pytest.approx(LEFT + SMALL + 3 * SMALL, abs=0.5)
    assert all(line.x1 <= LEFT + WIDTH + 0.5 for line in rows)
