"""Every letter type rendered from its template (resources/letters) with realistic content,
and the two form documents measured: the 送达回证 table and the 监督检查记录 that runs over
several pages without losing text."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from tests.unit.letter_pdf_support import MM, PageView, han_text, pdf_fonts, read_pdf
from yuyou_desktop.documents.letter_forms import LABEL_W, PAD
from yuyou_desktop.documents.letter_pdf import LetterContent, render_letter
from yuyou_desktop.domain.letters import LetterType, load_letter_types
from yuyou_desktop.paths import resources_dir
from yuyou_desktop.services.letters.content import clean_draft, letter_content
from yuyou_desktop.services.letters.records import LetterDraft

TYPES = load_letter_types(resources_dir() / "letters")
BY_CODE = {t.code: t for t in TYPES}
A4_W, A4_H = 595.28, 841.89
LEFT, TOP, WIDTH, HEIGHT = 28 * MM, 37 * MM, 156 * MM, 225 * MM
# the label column's width and the cell padding are the renderer's design, not the standard's
LABEL_X, VALUE_X = LEFT + PAD, LEFT + LABEL_W + PAD
ON = date(2026, 3, 5)
TEXT = (
    "经查，你单位2026年1月至3月办理的45件行政处罚案件中，有3件未按《行政处罚法》第55条"
    "的规定出示执法证件，有2件未告知当事人陈述、申辩的权利。\n"
    "另有1件案件的处罚决定书未载明履行期限。"
)
LINE = "右玉县新城镇南大街1号"


def value_for(letter_type: LetterType, key: str, kind: str) -> str:
    if kind == "date":
        return "2026-04-09"
    if kind == "line":
        return f"{LINE}（{key}）" if key != "document" else "行政执法监督通知书 右司监通〔2026〕3号"
    return TEXT


def content_for(letter_type: LetterType, number: str = "", **fields: str) -> LetterContent:
    values = {f.key: value_for(letter_type, f.key, f.kind) for f in letter_type.fields}
    values.update(fields)
    draft = LetterDraft(
        type_code=letter_type.code,
        unit_id=None,
        recipient="右玉县市场监督管理局",
        title="",
        fields=values,
        attachments=("行政执法案卷评查表",) if letter_type.layout != "form" else (),
        cc=("右玉县人民政府办公室",) if letter_type.layout != "form" else (),
    )
    cleaned, _deadline = clean_draft(letter_type, draft)
    number = number or f"右司监{letter_type.suffix}〔2026〕3号"
    return letter_content(letter_type, cleaned, "右玉县司法局", number, ON, draft_mark=False)


def joined(pages: list[PageView]) -> str:
    return "".join(page.text for page in pages)


@pytest.mark.parametrize("letter_type", TYPES, ids=[t.code for t in TYPES])
def test_every_letter_type_renders_on_a4_with_its_title_and_number(letter_test_fonts, letter_type):
    content = content_for(letter_type)
    data = render_letter(content, letter_test_fonts)
    pages = read_pdf(data)
    for page in pages:
        assert page.width == pytest.approx(A4_W, abs=0.5)
        assert page.height == pytest.approx(A4_H, abs=0.5)
    assert content.title == letter_type.name
    assert letter_type.name in pages[0].text
    assert f"右司监{letter_type.suffix}〔2026〕3号" in pages[0].text
    assert all(font.font_file == "/FontFile2" for font in pdf_fonts(data).values())
    text = joined(pages)
    if letter_type.layout == "form":
        for paragraph in letter_type.body:
            assert paragraph.partition("：")[0] in text  # every row's label
        return
    assert pages[0].exactly("右玉县市场监督管理局：").x0 == pytest.approx(LEFT, abs=0.05)
    assert "2026年3月5日" in pages[-1].text  # 成文日期: Arabic numerals, no leading zeros
    assert "年03" not in text and "月05" not in text
    if letter_type.needs_deadline:
        assert "2026年4月9日前" in text
    for sentence in ("有2件未告知当事人陈述、申辩的权利。", "履行期限。"):
        assert sentence in text
    assert "附件：行政执法案卷评查表" in text and "抄送：右玉县人民政府办公室。" in text


def rule_tops(page: PageView, length: float) -> list[float]:
    return sorted(r.top for r in page.rules if abs((r.x1 - r.x0) - length) < 0.5)


def test_service_receipt_is_a_ruled_table_with_room_to_sign(letter_test_fonts):
    letter_type = BY_CODE["service_receipt"]
    content = content_for(letter_type, note="")
    pages = read_pdf(render_letter(content, letter_test_fonts))
    assert len(pages) == 1
    page = pages[0]
    organ = page.exactly(content.organ, 16)  # the issuing organ heads the form
    assert organ.top == pytest.approx(TOP, abs=1 * MM)
    title = page.exactly("送达回证", 22)
    assert organ.top < title.top < TOP + 15 * MM
    assert (title.x0 + title.x1) / 2 == pytest.approx(LEFT + WIDTH / 2, abs=0.5)
    number = page.exactly("右司监送〔2026〕3号", 14)
    assert number.x1 == pytest.approx(LEFT + WIDTH, abs=0.5)
    rows = rule_tops(page, WIDTH)
    assert len(rows) == len(letter_type.body) + 1  # a rule above every row and below the last
    columns = sorted((r.x0, r.top, r.bottom) for r in page.rules if r.x0 == r.x1)
    assert [x for x, _, _ in columns] == pytest.approx([LEFT, LEFT + LABEL_W, LEFT + WIDTH])
    for _x, top, bottom in columns:
        assert (top, bottom) == pytest.approx((rows[0], rows[-1]), abs=0.5)
    assert rows[-1] <= TOP + HEIGHT + 0.5
    labels = [line for line in page.lines if abs(line.x0 - LABEL_X) < 0.5]
    assert "".join(x.text for x in labels) == "".join(
        p.partition("：")[0] for p in letter_type.body
    )
    assert page.find("右玉县市场监督管理局").x0 == pytest.approx(VALUE_X, abs=0.5)
    assert page.find(f"{LINE}（method）").x0 == pytest.approx(VALUE_X, abs=0.5)
    # rows for handwriting (nothing filled in) are tall enough to sign in
    for label in ("受送达人签名", "见证人签名"):
        line = page.find(label)
        above = max(t for t in rows if t < line.top)
        below = min(t for t in rows if t > line.top)
        assert below - above >= 20 * MM, label
    footer = page.below(TOP + HEIGHT)  # no "— 1 —"; the form counts its pages instead
    assert [line.text for line in footer] == ["第 1 页 共 1 页"]


def test_inspection_record_runs_over_pages_without_losing_text(letter_test_fonts):
    letter_type = BY_CODE["inspection_record"]
    long_value = "".join(
        f"{n}. 抽查{2026 - n % 3}年第{n}号案卷，{han_text(17 + n % 9, 11 * n)}；"
        for n in range(1, 90)
    )
    assert 2500 < len(long_value) < 5000
    content = content_for(letter_type, content=long_value, problems="")
    pages = read_pdf(render_letter(content, letter_test_fonts))
    total = len(pages)
    assert total >= 3
    for number, page in enumerate(pages, start=1):
        footer = page.below(TOP + HEIGHT)
        assert [x.text for x in footer] == [f"第 {number} 页 共 {total} 页"]
        assert (footer[0].x0 + footer[0].x1) / 2 == pytest.approx(A4_W / 2, abs=0.5)
        table = [r for r in page.rules if r.x0 == r.x1]
        assert len(table) == 3  # the table is closed on every page
        for line in page.lines:
            if line.top < TOP + HEIGHT:
                assert line.top + line.size <= max(r.bottom for r in table) + 0.5, line
    values = [
        line.text
        for page in pages
        for line in page.lines
        if abs(line.x0 - VALUE_X) < 0.5 and line.top < TOP + HEIGHT
    ]
    assert long_value in "".join(values)
    first = next(p.number for p in pages if any(x.text == "检查内容" for x in p.lines))
    for page in pages[first:]:  # every later page the value reaches says it continues
        if any(x.text in long_value for x in page.lines if abs(x.x0 - VALUE_X) < 0.5):
            assert page.lines[0].text == "检查内容（续）"
            assert page.lines[0].top == pytest.approx(TOP + 2.5 * MM, abs=0.5)
    assert joined(pages).count(long_value[-30:]) == 1  # nothing printed twice


def test_inspection_record_on_one_page_says_page_1_of_1(letter_test_fonts):
    letter_type = BY_CODE["inspection_record"]
    short = {f.key: "现场检查，未发现问题。" for f in letter_type.fields if f.kind == "text"}
    content = content_for(letter_type, **short)
    pages = read_pdf(render_letter(content, letter_test_fonts))
    assert len(pages) == 1
    assert [x.text for x in pages[0].below(TOP + HEIGHT)] == ["第 1 页 共 1 页"]
    assert "右玉县市场监督管理局" in pages[0].text  # 被检查单位


def test_a_row_that_starts_low_on_a_page_still_stays_on_the_paper(letter_test_fonts):
    """Short rows fill most of page 1; a very long row after them starts on the next page and
    runs over several, every character inside the type area and none lost."""
    letter_type = BY_CODE["inspection_record"]
    long_value = han_text(3000, 7)
    content = content_for(letter_type, conclusion=long_value)
    # many short rows before the long one: the supervisors, one per line
    content = replace(
        content,
        paragraphs=(*(f"第{n}项：{han_text(8, n)}" for n in range(15)), f"检查结论：{long_value}"),
    )
    pages = read_pdf(render_letter(content, letter_test_fonts))
    for page in pages:
        for line in page.lines:
            assert line.top >= TOP - 1 and line.top + line.size <= 297 * MM - 10 * MM, line
    values = [
        line
        for page in pages
        for line in page.lines
        if line.x0 >= LEFT + LABEL_W - 1
        and line.top + line.size <= TOP + HEIGHT  # not the page count below the table
        and line.text not in (content.organ, content.number)
    ]
    assert long_value in "".join("".join(line.text for line in values).split())
    assert len(pages) >= 4
