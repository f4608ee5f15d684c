"""The filtered list of 检查记录 as an .xlsx workbook (``yuyou inspections export``), in the
style of the register exports: title row, subtitle with office, date and count, bold frozen
header, dates as real dates.  Streamed in chunks inside one read transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from yuyou_desktop.documents import registers_xlsx as xl
from yuyou_desktop.domain.enums import FocusArea, InspectionKind
from yuyou_desktop.errors import InputRejected, os_reason
from yuyou_desktop.progress import NO_PROGRESS, Progress
from yuyou_desktop.services.inspections import query as listing
from yuyou_desktop.services.inspections.records import (
    InspectionQuery,
    InspectionRow,
    ProblemFilter,
)
from yuyou_desktop.services.inspections.rules import enum_value
from yuyou_desktop.services.office import OfficeService
from yuyou_desktop.services.registry.transfer import xlsx_destination
from yuyou_desktop.storage.database import Database
from yuyou_desktop.storage.models import EnforcementUnit, Enterprise

TITLE = "检查记录"
CHUNK = 1000
COLUMNS = (
    xl.Column("检查编号", width=22),
    xl.Column("检查日期", xl.DATE, width=12),
    xl.Column("起止时间", width=12),
    xl.Column("检查类型", xl.CHOICE, width=16),
    xl.Column("重点领域", xl.CHOICE, width=10),
    xl.Column("被监督单位", width=30),
    xl.Column("检查企业", width=30),
    xl.Column("地点", width=40),
    xl.Column("现场检查", xl.BOOL, width=8),
    xl.Column("发现问题", xl.NUMBER, width=8),
    xl.Column("未整改", xl.NUMBER, width=8),
    xl.Column("逾期", xl.NUMBER, width=8),
)


def cells(row: InspectionRow) -> list[Any]:
    return [
        row.number,
        row.started_at.date(),
        f"{row.started_at:%H:%M}-{row.ended_at:%H:%M}",
        row.kind.label,
        row.focus_area.label,
        row.unit_name,
        row.enterprise_name or None,
        row.place or None,
        "是" if row.on_site else "否",
        row.problems,
        row.open_problems,
        row.overdue_problems,
    ]


def describe_filters(session: Session, query: InspectionQuery) -> str:
    """The list's filters in words, for the workbook's subtitle ("" when none): whoever reads
    a printed list must know what it leaves out."""
    parts: list[str] = []
    start, end = query.date_from, query.date_to
    if start and end:
        parts.append(f"检查日期 {start.isoformat()} 至 {end.isoformat()}")
    elif start:
        parts.append(f"检查日期自 {start.isoformat()} 起")
    elif end:
        parts.append(f"检查日期截至 {end.isoformat()}")
    if query.kind:
        parts.append(f"类型 {enum_value(InspectionKind, '检查类型', query.kind).label}")
    if query.focus_area:
        parts.append(f"领域 {enum_value(FocusArea, '重点领域', query.focus_area).label}")
    if query.unit_id:
        unit = session.get(EnforcementUnit, query.unit_id)
        parts.append(f"单位 {unit.name if unit else query.unit_id}")
    if query.enterprise_id:
        enterprise = session.get(Enterprise, query.enterprise_id)
        parts.append(f"企业 {enterprise.name if enterprise else query.enterprise_id}")
    if query.status:
        parts.append(enum_value(ProblemFilter, "整改情况", query.status).label)
    if query.search.strip():
        parts.append(f"含“{query.search.strip()}”")
    return "；".join(parts)


def export_list(
    db: Database,
    office: OfficeService,
    dest: Path,
    query: InspectionQuery | None = None,
    today: Callable[[], date] = date.today,
    progress: Progress = NO_PROGRESS,
) -> int:
    """Write every inspection matching ``query`` (filters and sort; not its paging) to
    ``dest``; returns how many.  A name not ending in .xlsx is refused."""
    dest = xlsx_destination(dest)
    query = query or InspectionQuery()
    day = today()
    office_name = office.current().name
    with db.reader() as session:
        total = listing.count(session, query, day)
        stmt = listing.ordered(query, day)

        def rows() -> Iterator[list[Any]]:
            done = 0
            progress.report(0, total, "正在导出检查记录…")
            result = session.execute(stmt.execution_options(yield_per=CHUNK))
            for chunk in result.partitions():
                counts = listing.problem_counts(session, [r.id for r in chunk], day)
                for found in chunk:
                    yield cells(listing.to_row(found, counts.get(found.id, (0, 0, 0))))
                done += len(chunk)
                progress.report(done, total, "正在导出检查记录…")
                progress.check_cancelled()

        narrowed = describe_filters(session, query)
        subtitle = f"{office_name}　导出日期：{day.isoformat()}　共 {total} 条"
        if narrowed:
            subtitle += f"　筛选条件：{narrowed}"
        try:
            written = xl.write_register(dest, TITLE, subtitle, COLUMNS, rows(), total)
        except OSError as exc:
            raise InputRejected(f"无法写入文件“{dest}”：{os_reason(exc)}。") from exc
    db.record_event("export", f"导出检查记录 {written} 条到 {dest.name}", table_name="inspections")
    return written
