"""The line under a report workbook's title and its 说明: the definitions of ``measures``, in
short Chinese sentences (keep the two in step)."""

from __future__ import annotations

from yuyou_desktop.domain.letters import written_date
from yuyou_desktop.services.reports.figures import Dashboard


def period_text(d: Dashboard) -> str:
    q = d.query
    return f"{written_date(q.start)}至{written_date(q.end)}"


def subtitle(d: Dashboard) -> str:
    return (
        f"填报单位：{d.office_name}　统计期间：{period_text(d)}　填报日期：{written_date(d.today)}"
    )


def notes(d: Dashboard) -> tuple[str, ...]:
    today = written_date(d.today)
    scope = (
        "县司法局汇总本局和已同步数据的各乡镇司法所的记录。"
        if d.county and not d.query.origin
        else "只统计本单位登记的记录。"
    )
    return (
        f"统计期间为{period_text(d)}（含首尾两日，按北京时间日期计）。已删除的记录不计入。{scope}",
        "检查次数：检查开始时间在统计期间内的检查记录数；发现问题：这些检查中登记的问题数。",
        f"已整改、未整改为截至填报日期（{today}）的整改状态，二者之和等于发现问题；"
        f"其中逾期为未整改且整改期限早于{today}的问题。"
        "整改率＝已整改÷发现问题×100%，没有发现问题时显示“—”。",
        "线索按收到日期计入统计期间：已移送为有移送记录的线索；已办结、未办结为截至填报日期"
        "的办理状态；其中逾期为仍待办理且办理期限已过的线索。办结率＝已办结÷收到×100%。",
        "案卷评查：统计期间内定稿的评查案卷，按最终得分和等次统计；平均分＝得分合计÷评查案卷。",
        f"执法证件与监督备案为截至填报日期的情况，不受统计期间限制：即将到期为{d.expiring_days}日"
        f"内届满的有效证件；未备案单位为{d.filing_year}年度未向监督机构备案的在用执法单位；"
        f"超过检查上限企业为{d.cap_year}年度被检查超过{d.cap}次的企业，同一企业被几个单位检查"
        "时合并计算，故其合计不一定等于各行之和。",
        "各表“合计”行的数字为求和公式，比率为按同一行数字计算的公式，合计行的比率按合计数计算，"
        "修改上方数字后自动重算。",
    )
