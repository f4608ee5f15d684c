"""What a clerk types for a plan or an item, checked and turned into column values.  Every
refusal is a ``FieldError`` naming the field; nothing is written then."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from yuyou_desktop.domain.enums import PlanItemStatus
from yuyou_desktop.domain.plans import check_completion, check_item_dates
from yuyou_desktop.errors import FieldError
from yuyou_desktop.services import ownership
from yuyou_desktop.services.registry.fields import DATE, ENUM, Field, parse
from yuyou_desktop.storage.models import EnforcementUnit

YEAR_LABEL = "年度"
TITLE = Field("title", "方案名称", required=True, max_len=120)
DRAWN_UP_ON = Field("drawn_up_on", "制定日期", kind=DATE)
FILED_ON = Field("filed_on", "报送上级日期", kind=DATE)
REMARK = Field("remark", "备注", max_len=200)
HEADER_FIELDS = (TITLE, DRAWN_UP_ON, FILED_ON, REMARK)

CONTENT = Field("content", "工作内容", required=True, max_len=500)
START = Field("planned_start", "计划开始日期", kind=DATE, required=True)
END = Field("planned_end", "计划结束日期", kind=DATE, required=True)
RESPONSIBLE = Field("responsible", "责任人", required=True, max_len=80)
STATUS = Field("status", "完成状态", kind=ENUM, enum=PlanItemStatus)
COMPLETED_ON = Field("completed_on", "完成日期", kind=DATE)
NOTE = Field("progress_note", "进展情况", max_len=1000)
UNITS_LABEL = "监督对象"
ITEM_FIELDS = (CONTENT, START, END, RESPONSIBLE, STATUS, COMPLETED_ON, NOTE)

_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_LINE_BREAK = re.compile(r"[\r\n\t\x00-\x1f]")


def parse_year(value: Any, today: date) -> int:
    """A plan's year: last year, this year or next year."""
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        raise FieldError(
            YEAR_LABEL, f"应为四位数的年份，例如 {today.year}，实际为“{value}”。"
        ) from None
    low, high = today.year - 1, today.year + 1
    if not low <= year <= high:
        raise FieldError(YEAR_LABEL, f"只能为{low}年至{high}年之间的年度制定方案，实际为{year}年。")
    return year


def _one_line(field: Field, value: Any) -> str:
    text = parse(field, value) or ""
    if _LINE_BREAK.search(text):
        raise FieldError(field.label, "应为一行文字，不能换行。")
    return text


def parse_header(raw: Mapping[str, Any], year: int, today: date) -> dict[str, Any]:
    """Column values of a plan's header (title, dates, remark)."""
    title = _one_line(TITLE, raw.get(TITLE.key))
    drawn = parse(DRAWN_UP_ON, raw.get(DRAWN_UP_ON.key))
    filed = parse(FILED_ON, raw.get(FILED_ON.key))
    for fld, day in ((DRAWN_UP_ON, drawn), (FILED_ON, filed)):
        if day is None:
            continue
        if day > today:
            raise FieldError(fld.label, f"不能晚于今天（{today.isoformat()}）。")
        if day.year < year - 1:
            raise FieldError(fld.label, f"不能早于{year - 1}年（方案年度为{year}年）。")
    if filed is not None and drawn is not None and filed < drawn:
        raise FieldError(FILED_ON.label, f"不能早于制定日期（{drawn.isoformat()}）。")
    return {
        "title": title,
        "drawn_up_on": drawn,
        "filed_on": filed,
        "remark": _one_line(REMARK, raw.get(REMARK.key)),
    }


def parse_item(raw: Mapping[str, Any], year: int, today: date) -> dict[str, Any]:
    """Column values of an item (without its plan, order and units)."""
    content = parse(CONTENT, raw.get(CONTENT.key))
    start = parse(START, raw.get(START.key))
    end = parse(END, raw.get(END.key))
    problem = check_item_dates(year, start, end)
    if problem is not None:
        which, reason = problem
        raise FieldError((START if which == "start" else END).label, reason)
    responsible = _one_line(RESPONSIBLE, raw.get(RESPONSIBLE.key))
    status = parse(STATUS, raw.get(STATUS.key)) or PlanItemStatus.NOT_STARTED.value
    completed = parse(COMPLETED_ON, raw.get(COMPLETED_ON.key))
    if status == PlanItemStatus.DONE.value:
        reason = check_completion(completed, year, today)
        if reason is not None:
            raise FieldError(COMPLETED_ON.label, reason)
    else:
        completed = None  # reopened or not done yet: no completion date stands
    return {
        "content": content,
        "planned_start": start,
        "planned_end": end,
        "responsible": responsible,
        "status": status,
        "completed_on": completed,
        "progress_note": parse(NOTE, raw.get(NOTE.key)) or "",
    }


def check_units(session: Session, unit_ids: Iterable[str]) -> tuple[str, ...]:
    """The units chosen (by id), each a live enforcement unit; duplicates dropped."""
    wanted = tuple(dict.fromkeys(str(u).strip() for u in unit_ids if str(u).strip()))
    if not wanted:
        return ()
    bad = [u for u in wanted if not _UUID.match(u)]
    live = set(
        session.scalars(
            select(EnforcementUnit.id).where(
                EnforcementUnit.id.in_([u for u in wanted if u not in bad]),
                EnforcementUnit.deleted_at.is_(None),
            )
        )
    )
    missing = [u for u in wanted if u not in live]
    if missing:
        raise FieldError(
            UNITS_LABEL,
            f"有{len(missing)}个所选执法单位不存在或已被删除，请重新选择。",
        )
    return wanted


def resolve_unit_names(session: Session, names: Iterable[str]) -> tuple[str, ...]:
    """Unit ids from their names (the CLI's ``--unit``): this office's own unit first when
    several offices registered one of that name; an unknown or ambiguous name is refused."""
    found: list[str] = []
    for name in names:
        text = name.strip()
        rows = session.execute(
            select(EnforcementUnit.id, EnforcementUnit.origin_office).where(
                EnforcementUnit.name == text, EnforcementUnit.deleted_at.is_(None)
            )
        ).all()
        rows = ownership.prefer_own(session, list(rows))
        if not rows:
            raise FieldError(
                UNITS_LABEL, f"找不到名为“{text}”的执法单位，请先在“行政执法主体”中登记。"
            )
        if len(rows) > 1:
            raise FieldError(UNITS_LABEL, f"有{len(rows)}个执法单位都叫“{text}”，无法确定。")
        found.append(rows[0].id)
    return tuple(dict.fromkeys(found))
