"""The 年度报告 as PDF in the letters' 文件格式, and report documents' tables and charts, read
back as a reader sees them (pdfplumber on the small test font)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import TOWNSHIP, file_state
from tests.unit.letter_pdf_support import read_pdf
from yuyou_desktop.documents.letter_fonts import ROLES, resolve_fonts
from yuyou_desktop.documents.letter_grid import LEFT, TOP, WIDTH, LetterContent, Pages
from yuyou_desktop.documents.report_blocks import ChartBlock, ReportContent, Series, TableBlock
from yuyou_desktop.documents.report_pdf import render_report
from yuyou_desktop.errors import InputRejected
from yuyou_desktop.services.reports.annual import AnnualText
from yuyou_desktop.services.reports.figures import StatsQuery
from yuyou_desktop.services.reports.reports import ReportService

YEAR = StatsQuery(date(2026, 1, 1), date(2026, 12, 31))


def letter(**changes) -> LetterContent:
    values = {
        "layout": "official",
        "organ": "右玉县司法局",
        "number": "",
        "title": "右玉县司法局2026年度行政执法监督工作报告",
        "recipient": "右玉县人民政府",
        "paragraphs": (),
        "signature": "右玉县司法局",
        "date_text": "2026年12月2日",
    }
    values.update(changes)
    return LetterContent(**values)


@pytest.fixture
def county_fonts(county_demo, letter_test_font):
    for role in ROLES:
        county_demo.letter_fonts.choose(role, letter_test_font)
    return county_demo


@pytest.fixture
def annual(county_fonts, tmp_path):
    reports = ReportService(
        county_fonts.database,
        county_fonts.stats,
        county_fonts.office,
        county_fonts.letter_fonts,
        lambda: date(2026, 12, 2),
    )
    text = AnnualText(
        experience="（一）坚持制度先行。制定年度监督工作方案。\n（二）加强涉企执法监督。",
        suggestions="加强执法人员培训。",
    )
    result = reports.annual(tmp_path / "年报.pdf", 2026, sections=text)
    return result, read_pdf(result.path.read_bytes())


def all_text(pages) -> str:
    return "".join(page.text for page in pages)


def test_the_annual_report_opens_like_a_letter(annual):
    result, pages = annual
    first = pages[0]
    assert result.title in first.text  # 右玉县司法局2026年度行政执法监督工作报告
    assert "右玉县司法局文件" in first.text
    assert first.find("右玉县人民政府：").x0 == pytest.approx(LEFT, abs=0.5)
    assert "签发时编号" not in all_text(pages)  # a report carries no 发文字号 line
    assert 4 <= len(pages) <= 12


def test_it_states_the_years_figures(annual, county_fonts):
    _, pages = annual
    d = county_fonts.stats.dashboard(YEAR)
    i = d.inspections
    text = all_text(pages)
    assert "一、基本情况" in text
    assert (
        f"全年共开展行政执法监督检查{i.inspections}次，发现问题{i.problems}个，"
        f"已整改{i.rectified}个，整改率{i.rate}%"
    ) in text
    assert f"全年收到投诉举报和问题线索{d.leads.received}条" in text
    assert f"平均得分{d.reviews.mean}分" in text


def test_every_table_and_chart_is_there_with_its_totals(annual, county_fonts):
    result, pages = annual
    text = all_text(pages)
    for table in result.tables:
        assert table.caption in text
    assert "图1　各重点领域检查情况" in text and "图2　各月检查情况" in text
    # 表1's 合计 row: its cells on one line, the figures of the year
    d = county_fonts.stats.dashboard(YEAR)
    page = next(p for p in pages if "表1　检查情况（按检查类型）" in p.text)
    caption = page.find("表1　检查情况（按检查类型）")
    total = next(x for x in page.lines if x.text == "合计" and x.top > caption.top)
    row = [x.text for x in page.lines if abs(x.top - total.top) < 0.5 and x.x0 > total.x1]
    i = d.inspections
    assert row == [str(n) for n in (i.inspections, i.problems, i.rectified, i.unrectified)] + [
        str(i.overdue),
        f"{i.rate}%",
    ]


def test_only_the_sections_written_are_printed_numbered_on(annual):
    _, pages = annual
    text = all_text(pages)
    assert "二、主要做法和成效" in text and "（一）坚持制度先行。" in text
    assert "三、下一步工作建议" in text and "加强执法人员培训。" in text
    assert "存在的问题" not in text
    last = pages[-1]
    assert "特此报告。" in text
    assert "右玉县司法局" in last.text and "2026年12月2日" in last.text


def test_a_pdf_that_cannot_be_written_is_refused(county_fonts, tmp_path):
    reports = county_fonts.reports
    with pytest.raises(InputRejected) as caught:
        reports.annual(tmp_path / "没有" / "年报.pdf", 2026)
    assert "未生成 PDF" in caught.value.message
    assert not (tmp_path / "没有").exists()
    before = file_state(tmp_path / "data")
    with pytest.raises(InputRejected):
        reports.annual(tmp_path / "年报.doc", 2026)
    assert file_state(tmp_path / "data") == before and not (tmp_path / "年报.doc").exists()


def test_a_township_reports_to_its_county_bureau(services, letter_test_font, tmp_path):
    t = TOWNSHIP
    services.office.initialize(t["role"], t["code"], t["name"], t["prefix"])
    services.demo.load()
    for role in ROLES:
        services.letter_fonts.choose(role, letter_test_font)
    assert services.reports.recipient() == "右玉县司法局"  # from the office directory
    result = services.reports.annual(tmp_path / "所年报.pdf", 2026)
    pages = read_pdf(result.path.read_bytes())
    assert "右卫镇司法所文件" in pages[0].text
    assert pages[0].find("右玉县司法局：").x0 == pytest.approx(LEFT, abs=0.5)
    assert "检查情况（按乡镇）" not in all_text(pages)


# ---------------------------------------------------------------- tables and charts


def long_table(rows: int = 60) -> TableBlock:
    body = tuple((f"单位{n:02d}", str(n), str(n * 10), f"{n}.5%") for n in range(1, rows + 1))
    return TableBlock(
        caption="表1　各单位情况",
        columns=("单位", "检查次数", "发现问题", "整改率"),
        rows=(*body, ("合计", "1830", "18300", "50.0%")),
        widths=(3.0, 1.0, 1.0, 1.0),
        total_last=True,
    )


def test_a_long_table_continues_with_its_header_repeated(letter_test_fonts):
    content = ReportContent(letter(), ("一、基本情况", long_table()))
    pages = read_pdf(render_report(content, letter_test_fonts))
    with_rows = [p for p in pages if any(x.text.startswith("单位") for x in p.lines)]
    assert len(with_rows) >= 2
    for n, page in enumerate(with_rows):
        header = page.find("检查次数")
        assert page.find("发现问题").top == pytest.approx(header.top)
        first_row = min(x.top for x in page.lines if re.fullmatch(r"单位\d\d", x.text))
        assert header.top < first_row
        if n:
            assert page.find("续表1　各单位情况").top < header.top
    labels = [x.text for p in pages for x in p.lines if re.fullmatch(r"单位\d\d", x.text)]
    assert labels == [f"单位{n:02d}" for n in range(1, 61)]  # each row once, in order
    # the 合计 never stands alone: the last page of the table holds rows above it
    last = with_rows[-1]
    assert "合计" in last.text
    assert any(re.fullmatch(r"单位\d\d", x.text) for x in last.lines)


def test_numbers_are_right_aligned_and_labels_left(letter_test_fonts):
    content = ReportContent(letter(), (long_table(12),))
    page = read_pdf(render_report(content, letter_test_fonts))[1 - 1]
    labels = [x for x in page.lines if x.text.startswith("单位") and x.text != "单位"]
    assert len({round(x.x0, 1) for x in labels}) == 1
    columns: list[set[float]] = [set(), set(), set()]
    for label in labels:
        cells = sorted(
            (x for x in page.lines if abs(x.top - label.top) < 0.5 and x.x0 > label.x1),
            key=lambda x: x.x0,
        )
        assert len(cells) == 3
        for edges, cell in zip(columns, cells, strict=True):
            edges.add(round(cell.x1, 1))
    assert all(len(edges) == 1 for edges in columns)  # flush right, whatever the width
    assert max(columns[-1]) == pytest.approx(LEFT + WIDTH - 1.5 * 72 / 25.4, abs=0.6)


def test_long_cell_text_wraps_within_its_column(letter_test_fonts):
    text = "对全县行政执法单位开展涉企行政执法专项监督检查，重点检查入企检查备案和扫码入企执行情况"
    block = TableBlock(
        caption="表1　年度监督工作安排",
        columns=("序号", "工作内容", "责任人"),
        rows=(("1", text, "执法监督股"),),
        widths=(1.0, 6.0, 2.0),
    )
    page = read_pdf(render_report(ReportContent(letter(), (block,)), letter_test_fonts))[0]
    number = page.find("执法监督股")
    lines = [
        x for x in page.lines if number.top - 30 <= x.top <= number.top + 30 and x.x1 < number.x0
    ]
    content = [x for x in lines if x.text != "1"]
    assert "".join(x.text for x in content) == text
    assert len(content) >= 2
    assert all(x.x1 < number.x0 for x in content)


def test_a_chart_is_never_split_and_has_its_caption_below(letter_test_fonts):
    # page 1 holds 4 of these two-line paragraphs, page 2 nine: 4 lines left, too few
    filler = tuple(f"第{n}段。" + "本年度行政执法监督工作依法有序开展。" * 2 for n in range(13))
    chart = ChartBlock(
        "图1　各重点领域检查情况",
        "bar",
        ("食品药品", "安全生产", "其他"),
        (Series("检查次数", (25.0, 13.0, 6.0)), Series("发现问题", (25.0, 19.0, 8.0))),
    )
    content = ReportContent(letter(), ("一、基本情况", *filler, chart, "特此报告。"))
    pages = read_pdf(render_report(content, letter_test_fonts))
    chart_page = next(p for p in pages if "图1　各重点领域检查情况" in p.text)
    caption = chart_page.find("图1　各重点领域检查情况")
    for label in ("食品药品", "安全生产", "检查次数", "发现问题"):
        assert chart_page.find(label).top < caption.top
        assert all(label not in p.text for p in pages if p is not chart_page)
    assert chart_page.number == 3  # it did not fit under the filler on page 2
    assert "第12段。" in pages[1].text
    assert chart_page.find("特此报告。").top > caption.top
    # the signature shares its page with the body: 特此报告。 goes along when needed
    signed = next(p for p in pages if any(x.text == "2026年12月2日" for x in p.lines))
    assert signed is chart_page


def test_without_any_chinese_font_file_the_report_still_renders():
    fonts = resolve_fonts({}, search_dirs=())  # reportlab's STSong-Light, not embedded
    content = ReportContent(letter(), ("一、基本情况", long_table(5)))
    data = render_report(content, fonts)
    assert data.startswith(b"%PDF")
    assert len(read_pdf(data)) >= 1


def test_the_same_report_gives_the_same_bytes(letter_test_fonts):
    content = ReportContent(letter(), ("一、基本情况", long_table(5)))
    assert render_report(content, letter_test_fonts) == render_report(content, letter_test_fonts)


def test_a_heading_is_carried_over_with_the_lines_under_it(letter_test_fonts):
    pages = Pages(letter_test_fonts)
    style = pages.style("fangsong")
    for n in range(19):
        pages.line(f"第{n}行", style, LEFT)
    pages.line("三、存在的问题", pages.style("heiti"), LEFT)
    pages.headings.append(pages.lines[-1])
    pages.line("不足一。", style, LEFT)
    pages.line("特此报告。", style, LEFT)
    pages.carry_over(2)
    moved = [op.text for op in pages.pages[-1]]
    assert moved == ["三、存在的问题", "不足一。", "特此报告。"]
    assert min(op.y for op in pages.pages[-1]) < TOP + 20  # at the top of the new page
    assert [op.text for op in pages.pages[0]][-1] == "第18行"


def test_the_preview_is_the_same_document(county_fonts, tmp_path: Path):
    reports = county_fonts.reports
    text = AnnualText(problems="整改不及时。")
    data, title, warnings = reports.annual_pdf(2026, text)
    assert title == "右玉县司法局2026年度行政执法监督工作报告" and warnings == ()
    written = reports.annual(tmp_path / "年报.pdf", 2026, sections=text)
    assert written.path.read_bytes() == data
    with pytest.raises(InputRejected):
        reports.annual_pdf(date.today().year + 1)


def test_the_file_is_written_whole(county_fonts, tmp_path: Path):
    result = county_fonts.reports.annual(tmp_path / "年报.pdf", 2026)
    assert result.path.read_bytes().startswith(b"%PDF")
    assert not (tmp_path / "年报.pdf.partial").exists()
