"""The monthly summary laid out for ``documents.summary_xlsx``: title, sections, 说明.

The 说明 sentences state the definitions of ``summary`` (keep the two in step)."""

from __future__ import annotations

from yuyou_desktop.documents.summary_xlsx import Section, Table
from yuyou_desktop.services.inspections.summary_records import (
    InspectionFigures,
    MonthlySummary,
)

INSPECTION_HEADER = ("检查次数", "发现问题", "已整改", "未整改", "其中逾期")
LEAD_HEADER = ("来源", "收到", "已办结", "未办结", "其中已移送", "其中逾期")
TRANSFER_HEADER = ("移送对象", "移送次数", "待接收", "已接收", "已反馈")
SECTION_TITLES = ("一、按检查类型", "二、按重点领域", "三、按被监督单位", "四、投诉举报与线索")
LEAD_CAPTIONS = ("（一）本月收到的线索（按来源）", "（二）本月移送（按移送对象）")


def sheet_title(s: MonthlySummary) -> str:
    return f"{s.month_label}汇总"


def title(s: MonthlySummary) -> str:
    return f"{s.office_name}{s.month_label}检查记录汇总"


def subtitle(s: MonthlySummary) -> str:
    return (
        f"制表单位：{s.office_name}　"
        f"统计期间：{s.first_day.isoformat()} 至 {s.last_day.isoformat()}　"
        f"统计截至：{s.today.isoformat()}"
    )


def _inspection_rows(rows: tuple[InspectionFigures, ...]) -> tuple[tuple[object, ...], ...]:
    return tuple((r.label, r.inspections, r.problems, r.rectified, r.open, r.overdue) for r in rows)


def sections(s: MonthlySummary) -> tuple[Section, ...]:
    kind, area, unit, leads = SECTION_TITLES
    lead_rows = tuple(
        (r.label, r.received, r.closed, r.open, r.transferred, r.overdue) for r in s.leads_by_source
    )
    transfer_rows = tuple(
        (r.label, r.transfers, r.sent, r.received, r.fed_back) for r in s.transfers_by_target
    )
    moved = f"本月有移送记录的线索共 {s.leads_transferred} 条（同一线索移送多个机关只计一次）。"
    return (
        Section(kind, (Table(("检查类型", *INSPECTION_HEADER), _inspection_rows(s.by_kind)),)),
        Section(area, (Table(("重点领域", *INSPECTION_HEADER), _inspection_rows(s.by_area)),)),
        Section(
            unit,
            (
                Table(
                    ("被监督单位", *INSPECTION_HEADER),
                    _inspection_rows(s.by_unit),
                    empty_text="本月无检查记录",
                ),
            ),
        ),
        Section(
            leads,
            (
                Table(LEAD_HEADER, lead_rows, caption=LEAD_CAPTIONS[0]),
                Table(TRANSFER_HEADER, transfer_rows, caption=LEAD_CAPTIONS[1], footnote=moved),
            ),
        ),
    )


def notes(s: MonthlySummary) -> tuple[str, ...]:
    today = s.today.isoformat()
    return (
        f"统计期间为{s.month_label}（{s.first_day.isoformat()} 至 {s.last_day.isoformat()}）。"
        "检查记录按检查开始时间的北京时间日期计入当月；线索按收到日期计入；"
        "移送按移送日期计入，不论线索何时收到。已删除的检查记录、问题、线索和移送记录均不计入。",
        "“检查次数”为当月的检查记录数；“发现问题”为这些检查记录中登记的问题数。",
        f"“已整改”“未整改”为截至统计日（{today}）的整改状态，二者之和等于“发现问题”；"
        f"“其中逾期”为未整改且整改期限早于{today}的问题，已包含在“未整改”中。",
        "“按被监督单位”只列当月有检查记录的单位，按检查次数从多到少排列，次数相同按名称排列。",
        f"线索的“已办结”“未办结”为当月收到的线索截至{today}的办理状态；“其中已移送”为状态是"
        f"“已移送”的未办结线索；“其中逾期”为未办结且办理期限早于{today}的线索"
        "（已移送且各移送机关均已反馈的除外）。"
        "系统不记录办结日期，往月收到、本月办结的线索不计入本表。",
        f"移送的“待接收”“已接收”“已反馈”为各移送记录截至{today}的状态。",
        "各表“合计”行为求和公式，修改上方数字后自动重算。",
    )
