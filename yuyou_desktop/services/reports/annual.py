"""The 年度报告 as a document (``documents.report_pdf`` prints it in the letters' 文件格式):
一、基本情况 — sentences made from the year's figures, the numbered tables and the charts — then
主要做法和成效, 存在的问题 and 下一步工作建议 only as the user wrote them (:class:`AnnualText`);
a section left empty is left out and the headings are numbered on.  Nothing here invents prose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from yuyou_desktop.documents.letter_grid import LetterContent
from yuyou_desktop.documents.report_blocks import Block, ChartBlock, ReportContent, Series
from yuyou_desktop.documents.stat_tables import StatTable, table_block
from yuyou_desktop.domain.letters import written_date
from yuyou_desktop.errors import InputRejected
from yuyou_desktop.services.reports.figures import Dashboard, Line, percent_text

NUMERALS = "一二三四五六七八九十"
SECTIONS = (
    ("experience", "主要做法和成效"),
    ("problems", "存在的问题"),
    ("suggestions", "下一步工作建议"),
)
_HEADING = re.compile(r"^\s*【([^】]*)】\s*(.*)$")


@dataclass(frozen=True)
class AnnualText:
    """What the office writes itself: paragraphs separated by line breaks."""

    experience: str = ""
    problems: str = ""
    suggestions: str = ""


def parse_annual_text(text: str) -> AnnualText:
    """Sections headed 【主要做法和成效】【存在的问题】【下一步工作建议】, each running to the
    next heading.  Text before the first heading, an unknown or repeated heading is refused."""
    names = {label: key for key, label in SECTIONS}
    found: dict[str, list[str]] = {}
    current: list[str] | None = None
    for number, line in enumerate(text.lstrip("\ufeff").splitlines(), 1):
        heading = _HEADING.match(line)
        if heading:
            name = heading[1].strip()
            if name not in names:
                wanted = "".join(f"【{label}】" for _, label in SECTIONS)
                raise InputRejected(f"第{number}行：没有“【{name}】”这一部分，应为{wanted}之一。")
            if names[name] in found:
                raise InputRejected(f"第{number}行：“【{name}】”出现了两次。")
            current = found.setdefault(names[name], [])
            line = heading[2]
        elif current is None:
            if line.strip():
                raise InputRejected(
                    f"第{number}行：文字应写在【主要做法和成效】【存在的问题】"
                    "【下一步工作建议】等标题之下。"
                )
            continue
        current.append(line)
    return AnnualText(**{key: "\n".join(lines).strip() for key, lines in found.items()})


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.splitlines() if p.strip()]


def _listed(lines: tuple[Line, ...], measure: str, unit: str) -> str:
    counted = [(x.label, getattr(x.counts, measure)) for x in lines]
    return "、".join(f"{label}{n}{unit}" for label, n in counted if n)


def facts(d: Dashboard, year: int) -> list[str]:
    """一、基本情况: the year's figures as sentences."""
    i = d.inspections
    found = [f"{year}年，全年共开展行政执法监督检查{i.inspections}次"]
    if i.problems:
        found[0] += (
            f"，发现问题{i.problems}个，已整改{i.rectified}个，整改率{percent_text(i.rate)}；"
            f"尚未整改{i.unrectified}个，其中逾期未整改{i.overdue}个。"
        )
    else:
        found[0] += "，未发现问题。"
    if i.inspections:
        found.append(
            f"按检查类型分，{_listed(d.by_kind, 'inspections', '次')}。"
            f"按重点领域分，{_listed(d.by_area, 'inspections', '次')}。"
        )
    leads = d.leads
    if leads.received:
        found.append(
            f"全年收到投诉举报和问题线索{leads.received}条，已移送{leads.transferred}条，"
            f"已办结{leads.closed}条，尚未办结{leads.pending}条，其中逾期{leads.overdue}条。"
        )
    else:
        found.append("全年未收到投诉举报和问题线索。")
    reviews = d.reviews
    if reviews.files:
        grades = "、".join(
            f"{x.label or '未定等次'}{x.counts.files}卷" for x in d.reviews_by_grade if x.key
        )
        found.append(f"全年完成案卷评查{reviews.files}卷，平均得分{reviews.mean}分，其中{grades}。")
    else:
        found.append("全年没有定稿的评查案卷。")
    r, today = d.registers, d.today
    found.append(
        f"截至{written_date(today)}，执法证件{d.expiring_days}日内到期{r.expiring}个、"
        f"已过期{r.expired}个；{d.filing_year}年度未向监督机构备案的执法单位{r.unfiled}个；"
        f"{d.cap_year}年度被检查次数超过{d.cap}次的企业{r.over_cap}家。各项统计见下列各表。"
    )
    return found


def _chart(caption: str, kind: str, lines: tuple[Line, ...], measures, short=None) -> ChartBlock:
    labels = tuple((short or (lambda x: x.label))(x) for x in lines)
    series = tuple(
        Series(name, tuple(float(getattr(x.counts, key)) for x in lines)) for key, name in measures
    )
    return ChartBlock(caption, kind, labels, series)


MONTH_MEASURES = (("inspections", "检查次数"), ("problems", "发现问题"))
AREA_MEASURES = (("inspections", "检查次数"), ("problems", "发现问题"), ("rectified", "已整改"))


def _office(line: Line) -> str:
    """A township's name without 司法所 (the chart's labels are short)."""
    return line.label.removesuffix("司法所") or line.label


def _month(line: Line) -> str:
    return f"{int(line.key[5:])}月"


def _drawn(chart: tuple) -> bool:
    """A chart is drawn only with something to show (all zeros: the table says it)."""
    _caption, _kind, lines, measures, _short = chart
    return any(getattr(x.counts, key) for x in lines for key, _name in measures)


def body(d: Dashboard, year: int, tables: tuple[StatTable, ...], text: AnnualText) -> list[Block]:
    """基本情况 with the tables, each followed by its chart where it has one; then the
    office's own sections, numbered on; then 特此报告。"""
    charts = {
        "by_area": ("各重点领域检查情况", "bar", d.by_area, AREA_MEASURES, None),
        "by_month": ("各月检查情况", "line", d.by_month, MONTH_MEASURES, _month),
        "by_office": ("各单位检查情况", "bar", d.by_office, AREA_MEASURES, _office),
    }
    blocks: list[Block] = ["一、基本情况", *facts(d, year)]
    number = 0
    for table in tables:
        blocks.append(table_block(table))
        if table.key in charts and len(charts[table.key][2]) > 1 and _drawn(charts[table.key]):
            number += 1
            caption, kind, lines, measures, short = charts[table.key]
            blocks.append(_chart(f"图{number}　{caption}", kind, lines, measures, short))
    heading = 1
    for key, label in SECTIONS:
        written = paragraphs(getattr(text, key))
        if written:
            heading += 1
            blocks += [f"{NUMERALS[heading - 1]}、{label}", *written]
    blocks.append("特此报告。")
    return blocks


def annual_title(office: str, year: int) -> str:
    return f"{office}{year}年度行政执法监督工作报告"


def annual_content(
    d: Dashboard,
    year: int,
    tables: tuple[StatTable, ...],
    text: AnnualText,
    recipient: str,
    today: date,
) -> ReportContent:
    letter = LetterContent(
        layout="official",
        organ=d.office_name,
        number="",
        title=annual_title(d.office_name, year),
        recipient=recipient,
        paragraphs=(),
        signature=d.office_name,
        date_text=written_date(today),
        sealed=True,
    )
    return ReportContent(letter=letter, blocks=tuple(body(d, year, tables, text)))
