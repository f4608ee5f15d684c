"""The records behind one figure of the 统计 view: the figure's own condition (``measures``) and
the row's group, listed — so the list always holds exactly the records counted."""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

from sqlalchemy import Select, and_, case, func, select
from sqlalchemy.orm import Session

from yuyou_desktop.domain.enums import (
    FocusArea,
    InspectionKind,
    LeadSource,
    LeadStatus,
    ProblemCategory,
    RectificationStatus,
)
from yuyou_desktop.domain.inspections import BEIJING
from yuyou_desktop.errors import InputRejected
from yuyou_desktop.services import ownership
from yuyou_desktop.services.reports import measures as m
from yuyou_desktop.services.reports.figures import Drill, DrillResult, DrillRow
from yuyou_desktop.storage.models import EnforcementUnit, Enterprise, Person

MEASURE_LABELS = MappingProxyType(
    {
        "inspections.inspections": "检查次数",
        "inspections.problems": "发现问题",
        "inspections.rectified": "已整改问题",
        "inspections.unrectified": "未整改问题",
        "inspections.overdue": "逾期未整改问题",
        "leads.received": "收到线索",
        "leads.transferred": "已移送线索",
        "leads.closed": "已办结线索",
        "leads.pending": "未办结线索",
        "leads.overdue": "逾期线索",
        "reviews.files": "评查案卷",
        "registers.expiring": "即将到期证件",
        "registers.expired": "已过期证件",
        "registers.unfiled": "未备案监督机构的执法单位",
        "registers.over_cap": "超过年度检查上限的企业",
    }
)
DIMENSIONS = MappingProxyType(
    {
        "inspections": ("all", "kind", "area", "office", "unit", "month"),
        "leads": ("all", "source", "office", "unit", "month"),
        "reviews": ("all", "grade", "office", "unit"),
        "registers": ("all", "office"),
    }
)
ENUMS = MappingProxyType({"kind": InspectionKind, "area": FocusArea, "source": LeadSource})
UnitName = EnforcementUnit.name


def records(session: Session, ctx: m.Context, drill: Drill, limit: int) -> DrillResult:
    subject, _, measure = drill.measure.partition(".")
    if drill.measure not in MEASURE_LABELS or drill.dimension not in DIMENSIONS[subject]:
        raise InputRejected(f"无法列出该统计数字的记录（{drill.measure} / {drill.dimension}）。")
    names = _Names(session)
    title = MEASURE_LABELS[drill.measure]
    if drill.dimension != "all":
        title += " · " + _key_label(drill, names)
    columns, kind, statement = _LISTS[subject](ctx, measure, drill)
    total = session.execute(
        select(func.count()).select_from(statement.order_by(None).subquery())
    ).scalar_one()
    rows = session.execute(statement.limit(max(0, limit))).all()
    offices = ownership.office_names(session, {row[-1] for row in rows})
    shown = tuple(
        DrillRow(kind, row[0], (*(_text(v) for v in row[1:-1]), offices.get(row[-1], row[-1])))
        for row in rows
    )
    if subject == "registers":  # as the registers stand today, whatever the period
        when = f"截至 {ctx.today}" + (
            "" if measure in ("expiring", "expired") else f"，{ctx.year}年"
        )
    else:
        when = f"{ctx.query.start} 至 {ctx.query.end}"
    return DrillResult(f"{title}（{when}）", columns, shown, total)


class _Names:
    def __init__(self, session: Session) -> None:
        self.session = session

    def unit(self, unit_id: str) -> str:
        found = self.session.get(EnforcementUnit, unit_id)
        return found.name if found else "（未知单位）"

    def office(self, code: str) -> str:
        return ownership.office_names(self.session, [code]).get(code, code)


def _key_label(drill: Drill, names: _Names) -> str:
    if drill.dimension in ENUMS:
        try:
            return ENUMS[drill.dimension](drill.key).label
        except ValueError:
            return drill.key
    if drill.dimension == "office":
        return names.office(drill.key)
    if drill.dimension == "unit":
        return names.unit(drill.key)
    if drill.dimension == "month":
        year, _, month = drill.key.partition("-")
        return f"{year}年{int(month or 0)}月"
    return drill.key  # grade


def _text(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "astimezone"):
        return value.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _group(dimensions: dict[str, Any], drill: Drill) -> list[Any]:
    if drill.dimension == "all":
        return []
    column = dimensions[drill.dimension]
    return [column.is_(None) if drill.key == "" else column == drill.key]


def _inspections(ctx: m.Context, measure: str, drill: Drill) -> tuple[tuple, str, Select]:
    i, p = m.Inspection, m.InspectionProblem
    where = [*m.inspection_scope(ctx), *_group(m.INSPECTION_DIMENSIONS, drill)]
    kind_label = _labels(InspectionKind, i.kind)
    if measure == "inspections":
        columns = ("检查编号", "开始时间", "被监督单位", "检查类型", "重点领域", "来源单位")
        statement = (
            select(i.id, i.number, i.started_at, UnitName, kind_label)
            .add_columns(_labels(FocusArea, i.focus_area), i.origin_office)
            .outerjoin(EnforcementUnit, EnforcementUnit.id == i.unit_id)
            .where(*where)
            .order_by(i.started_at.desc(), i.id)
        )
        return columns, "inspection", statement
    columns = ("检查编号", "被监督单位", "问题类别", "问题描述", "整改期限", "状态", "来源单位")
    overdue = and_(p.status != m.DONE, p.deadline < ctx.today)
    status = _labels(RectificationStatus, p.status)
    statement = (
        select(i.id, i.number, UnitName, _labels(ProblemCategory, p.category))
        .add_columns(func.substr(p.description, 1, 40))
        .add_columns(p.deadline, func.iif(overdue, "逾期", status), i.origin_office)
        .join(p, and_(p.inspection_id == i.id, p.deleted_at.is_(None)))
        .outerjoin(EnforcementUnit, EnforcementUnit.id == i.unit_id)
        .where(*where, m.problem_condition(measure, ctx.today))
        .order_by(i.started_at.desc(), i.id, p.id)
    )
    return columns, "inspection", statement


def _labels(enum: Any, column: Any) -> Any:
    """The Chinese label of a stored enum value, in SQL."""
    return case(*((column == x.value, x.label) for x in enum), else_=column)


def _leads(ctx: m.Context, measure: str, drill: Drill) -> tuple[tuple, str, Select]:
    lead = m.Lead
    columns = ("收到日期", "来源", "内容", "被反映单位", "办理期限", "状态", "来源单位")
    statement = (
        select(lead.id, lead.received_on, _labels(LeadSource, lead.source))
        .add_columns(func.substr(lead.content, 1, 40), UnitName, lead.deadline)
        .add_columns(_labels(LeadStatus, lead.status), lead.origin_office)
        .outerjoin(EnforcementUnit, EnforcementUnit.id == lead.unit_id)
        .where(*m.lead_scope(ctx), *_group(m.LEAD_DIMENSIONS, drill))
        .where(m.lead_condition(measure, ctx.today))
        .order_by(lead.received_on.desc(), lead.id)
    )
    return columns, "lead", statement


def _reviews(ctx: m.Context, measure: str, drill: Drill) -> tuple[tuple, str, Select]:
    f = m.F
    columns = ("案卷编号", "案件名称", "被评查单位", "得分", "等次", "定稿日期", "来源单位")
    statement = (
        select(f.id, f.case_number, f.title, UnitName, f.final_score, f.final_grade)
        .add_columns(f.finalised_on, f.origin_office)
        .outerjoin(EnforcementUnit, EnforcementUnit.id == f.unit_id)
        .where(*m.review_scope(ctx), *_group(m.REVIEW_DIMENSIONS, drill))
        .order_by(f.finalised_on.desc(), f.case_number, f.id)
    )
    return columns, "case_file", statement


def _registers(ctx: m.Context, measure: str, drill: Drill) -> tuple[tuple, str, Select]:
    if measure in ("expiring", "expired"):
        c = m.C
        columns = ("证件编号", "持证人", "所在单位", "有效期至", "来源单位")
        statement = (
            select(c.id, c.number, Person.name, UnitName, c.valid_to, c.origin_office)
            .join(Person, Person.id == c.person_id)
            .outerjoin(EnforcementUnit, EnforcementUnit.id == Person.unit_id)
            .where(*m.certificate_scope(ctx), m.certificate_condition(measure, ctx))
            .where(*_group({"office": c.origin_office}, drill))
            .order_by(c.valid_to, c.number)
        )
        return columns, "certificate", statement
    if measure == "unfiled":
        u = m.U
        columns = ("单位名称", "统一社会信用代码", "所属领域", f"{ctx.year}年备案", "来源单位")
        statement = (
            select(u.id, u.name, u.credit_code, u.sector, func.iif(True, "未备案", ""))
            .add_columns(u.origin_office)
            .where(*m.unfiled_scope(ctx), *_group({"office": u.origin_office}, drill))
            .order_by(u.name, u.id)
        )
        return columns, "unit", statement
    over = m.enterprise_counts(ctx, by_office=drill.dimension == "office")
    where = [over.c.origin_office == drill.key] if drill.dimension == "office" else []
    columns = ("企业名称", "统一社会信用代码", f"{ctx.year}年检查次数", "上限", "来源单位")
    statement = (
        select(Enterprise.id, Enterprise.name, Enterprise.credit_code, over.c.n)
        .add_columns(func.iif(True, str(ctx.cap), ""), Enterprise.origin_office)
        .join(over, over.c.enterprise_id == Enterprise.id)
        .where(*where)
        .order_by(over.c.n.desc(), Enterprise.name)
    )
    return columns, "enterprise", statement


_LISTS = MappingProxyType(
    {
        "inspections": _inspections,
        "leads": _leads,
        "reviews": _reviews,
        "registers": _registers,
    }
)
