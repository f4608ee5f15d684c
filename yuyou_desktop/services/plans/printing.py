"""The plan as a printed document: a ``ReportContent`` in the letters' 文件格式 (GB/T 9704) —
the office's name as the organ mark, the title, 主送 the level the plan is filed with, an
opening paragraph, the items as a ruled table, the signature and date."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from yuyou_desktop.documents.letter_grid import LetterContent
from yuyou_desktop.documents.report_blocks import Block, ReportContent, TableBlock
from yuyou_desktop.domain.enums import PlanItemStatus
from yuyou_desktop.domain.letters import written_date
from yuyou_desktop.domain.plans import plan_title
from yuyou_desktop.services import ownership
from yuyou_desktop.services.plans.records import PlanRecord

COLUMNS = ("序号", "工作内容", "监督对象", "时间安排", "责任人", "完成情况")
WIDTHS = (1.4, 5.6, 3.8, 3.2, 2.4, 2.6)


def recipient_for(session: Session, owner: str) -> str:
    """Who the plan of office ``owner`` is filed with (``ownership.filed_with``)."""
    return ownership.filed_with(session, owner)


def _day(day: date) -> str:
    return f"{day.month}月{day.day}日"


def opening(record: PlanRecord) -> str:
    items = [i for i in record.items if i.status != PlanItemStatus.CANCELLED.value]
    if not items:
        return f"根据行政执法监督工作安排，制定本方案。{record.year}年度的监督工作事项尚未列入。"
    start = min(i.planned_start for i in items)
    end = max(i.planned_end for i in items)
    return (
        f"根据行政执法监督工作安排，结合本地实际，制定{record.year}年度行政执法监督工作方案。"
        f"全年共安排监督工作{len(items)}项，时间自{_day(start)}至{_day(end)}，"
        "具体安排如下表。各责任人要按照时间安排抓好落实，及时报告工作进展。"
    )


def item_table(record: PlanRecord, today: date) -> TableBlock:
    rows = tuple(
        (
            str(number),
            item.content,
            item.units_text,
            item.period,
            item.responsible,
            item.completion_text,
        )
        for number, item in enumerate(record.items, start=1)
    )
    return TableBlock(
        caption=f"表1　{record.year}年度行政执法监督工作安排",
        columns=(*COLUMNS[:-1], f"完成情况（截至{_day(today)}）"),
        rows=rows,
        widths=WIDTHS,
    )


def plan_report(record: PlanRecord, recipient: str, today: date) -> ReportContent:
    office = record.office_name
    blocks: list[Block] = [opening(record)]
    if record.items:
        blocks.append(item_table(record, today))
    if record.remark:
        blocks.append(f"备注：{record.remark}")
    blocks.append("特此报送，请予备案。")  # a body line keeps the signature off a page alone
    letter = LetterContent(
        layout="official",
        organ=office,
        number="",
        title=record.title or plan_title(office, record.year),
        recipient=recipient,
        paragraphs=(),
        signature=office,
        date_text=written_date(record.drawn_up_on or today),
        sealed=False,
    )
    return ReportContent(letter=letter, blocks=tuple(blocks))
