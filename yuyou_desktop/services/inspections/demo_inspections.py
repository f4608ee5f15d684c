"""Loading the demonstration inspections (``resources/demo/inspections.json``) inside
DemoService's write transaction, through the same rules as InspectionService.save: supervisors
with a certificate valid on the day, the quiet period, problem dates and statuses.  Numbers are
assigned in date order.  An inspection is matched by (被监督单位, 开始时间) among live ones and
never added twice.

An on-site enterprise inspection carries the exception reason it would need; the reason is
kept only when the day falls inside the quiet window (outside it none is needed), and the
first configured reason stands in if the file's reason is not among the configured ones.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from yuyou_desktop.domain.inspections import format_number, in_quiet_window, number_prefix
from yuyou_desktop.errors import FieldError, InputRejected
from yuyou_desktop.services.inspections import problems as problem_rules
from yuyou_desktop.services.inspections import rules
from yuyou_desktop.services.inspections.service import InspectionService
from yuyou_desktop.services.inspections.values import parse_values
from yuyou_desktop.settings import BY_KEY
from yuyou_desktop.storage.changes import INFO_OFFICE
from yuyou_desktop.storage.models import Office, Person, Setting
from yuyou_desktop.storage.models_inspections import Inspection, InspectionSupervisor, Lead

INSPECTIONS_TITLE = "检查记录"
SUPERVISORS_TITLE = "参加检查人次"
PROBLEMS_TITLE = "发现问题"


@dataclass(frozen=True)
class Added:
    inspections: int
    supervisors: int
    problems: int


def row_count(rows: list[dict[str, Any]]) -> int:
    """Rows the file adds to an empty office (for progress)."""
    return sum(
        1 + len(r["supervisors"]) + len(r.get("invited", [])) + len(r.get("problems", []))
        for r in rows
    )


def _setting(session: Session, key: str) -> Any:
    stored = session.get(Setting, key)
    return BY_KEY[key].default if stored is None else json.loads(stored.value)


def _people(session: Session) -> dict[str, str]:
    rows = session.execute(
        select(Person.name, Person.id).where(
            Person.deleted_at.is_(None), Person.origin_office == session.info[INFO_OFFICE]
        )
    )
    return {row.name: row.id for row in rows}


def load_inspections(
    session: Session, rows: list[dict[str, Any]], today: date, resolve: Callable[[Any], Any]
) -> Added:
    quiet = rules.QuietRules(
        _setting(session, "inspections.quiet_window"),
        tuple(_setting(session, "inspections.quiet_exceptions")),
    )
    office = session.execute(select(Office)).scalar_one()
    prefix = number_prefix(_setting(session, "inspections.number_prefix"), office.prefix)
    have = set(
        session.execute(
            select(Inspection.unit_id, Inspection.started_at).where(
                Inspection.deleted_at.is_(None), Inspection.origin_office == office.code
            )
        ).tuples()
    )
    people = _people(session)
    added = [0, 0, 0]
    ordered = sorted(rows, key=lambda r: (resolve(r["day"]), r["start"]))
    for number, raw in enumerate(ordered, start=1):
        try:
            found = _parse(session, raw, today, resolve, quiet, people)
        except FieldError as exc:
            raise InputRejected(
                f"演示数据“{INSPECTIONS_TITLE}”第{number}条有误：{exc.message}"
            ) from exc
        parsed, team, problems = found
        if (parsed.columns["unit_id"], parsed.started_at) in have:
            continue
        day = parsed.day
        serial = InspectionService._next_serial(session, office.code, day.year)
        row = Inspection(
            number=format_number(prefix, day.year, serial),
            year=day.year,
            serial=serial,
            **parsed.columns,
        )
        session.add(row)
        session.flush()
        session.add_all(
            InspectionSupervisor(
                inspection_id=row.id,
                person_id=s.person_id,
                certificate_number=s.certificate_number,
                invited=s.invited,
            )
            for s in team
        )
        problem_rules.replace_problems(session, row.id, problems)
        if raw.get("lead"):
            _link_lead(session, row, resolve(raw["lead"]), number)
        session.flush()
        added[0] += 1
        added[1] += len(team)
        added[2] += len(problems)
    return Added(*added)


def _link_lead(session: Session, inspection: Inspection, received_on: date, number: int) -> None:
    """The demonstration lead received on ``received_on`` about the same unit was verified by
    this inspection: the link both ways, as 转为检查记录 makes it."""
    lead = session.execute(
        select(Lead).where(
            Lead.received_on == received_on,
            Lead.unit_id == inspection.unit_id,
            Lead.deleted_at.is_(None),
            Lead.origin_office == session.info[INFO_OFFICE],
        )
    ).scalar_one_or_none()
    if lead is None:
        raise InputRejected(
            f"演示数据“{INSPECTIONS_TITLE}”第{number}条有误：找不到{received_on.isoformat()}"
            "收到的关于该单位的线索。"
        )
    if lead.inspection_id is None:
        lead.inspection_id = inspection.id
        inspection.lead_id = lead.id


def _parse(
    session: Session,
    raw: dict[str, Any],
    today: date,
    resolve: Callable[[Any], Any],
    quiet: rules.QuietRules,
    people: dict[str, str],
) -> tuple[Any, list[rules.Supervisor], list[problem_rules.ProblemValues]]:
    day: date = resolve(raw["day"])
    start = datetime.combine(day, time.fromisoformat(raw["start"]))
    values = {
        **{k: resolve(v) for k, v in raw.items() if k not in ("supervisors", "invited", "lead")},
        "started_at": start,
        "ended_at": datetime.combine(day, time.fromisoformat(raw["end"])),
        "rectification_required": bool(raw.get("problems")),
    }
    reason = values.get("quiet_exception", "")
    if not (values.get("enterprise") and in_quiet_window(day, quiet.window)):
        reason = ""
    elif reason not in quiet.exceptions:
        reason = quiet.exceptions[0]
    values["quiet_exception"] = reason
    parsed = parse_values(session, values, quiet, None)
    chosen = []
    for name, invited in [(n, False) for n in raw["supervisors"]] + [
        (n, True) for n in raw.get("invited", [])
    ]:
        if name not in people:
            raise FieldError("监督人员", f"找不到名为“{name}”的人员。")
        chosen.append((people[name], invited))
    team = rules.supervisors(session, chosen, day)
    problems = [{k: resolve(v) for k, v in p.items()} for p in raw.get("problems", [])]
    return parsed, team, problem_rules.parse_problems(problems, day, today)
