"""ReportService: the 月报 (.xlsx) and the 年度报告 (.xlsx, or .pdf in the letters' 文件格式),
built from one :class:`Dashboard` of the period — grouped figures, never a pass over records.

A township reports its own records (``origin`` = its code); the county everything it holds,
its own and the townships' (one line per township in the 按乡镇 table).  Monthly progress
reports are due by the 15th of the next month (the workbook says so); the year-end report's
做法/问题/建议 come only from the text the office writes (``AnnualText``).

Every refusal (a bad or future month, a year out of range, a file name that is not .xlsx/.pdf,
an unwritable file) is an ``InputRejected`` in Chinese and writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from yuyou_desktop.domain.enums import OfficeRole
from yuyou_desktop.errors import FieldError, InputRejected, os_reason
from yuyou_desktop.progress import NO_PROGRESS, Progress
from yuyou_desktop.services import ownership
from yuyou_desktop.services.inspections.summary_records import YEARS, check_month, next_month
from yuyou_desktop.services.registry.transfer import xlsx_destination
from yuyou_desktop.services.reports import annual as annual_doc
from yuyou_desktop.services.reports import report_notes
from yuyou_desktop.services.reports.annual import AnnualText
from yuyou_desktop.services.reports.figures import Dashboard, StatsQuery
from yuyou_desktop.services.reports.report_tables import report_tables
from yuyou_desktop.services.reports.stats import StatsService
from yuyou_desktop.storage.database import Database
from yuyou_desktop.storage.models import EnforcementUnit

if TYPE_CHECKING:
    from yuyou_desktop.documents.report_blocks import ReportContent
    from yuyou_desktop.documents.stat_tables import StatTable
    from yuyou_desktop.services.letters.fonts import LetterFontService
    from yuyou_desktop.services.office import OfficeService

DUE_DAY = 15  # monthly progress reports are due by the 15th of the next month


@dataclass(frozen=True)
class ReportResult:
    path: Path
    title: str
    dashboard: Dashboard
    tables: tuple[StatTable, ...]
    warnings: tuple[str, ...] = ()  # fonts that could not be embedded (PDF)


class ReportService:
    def __init__(
        self,
        db: Database,
        stats: StatsService,
        office: OfficeService,
        letter_fonts: LetterFontService | None = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        self._db = db
        self._stats = stats
        self._office = office
        self._fonts = letter_fonts
        self._today = today

    # ------------------------------------------------------------ periods

    def month_query(self, year: int, month: int) -> StatsQuery:
        """The month as a period of this office's report; a bad or future month is refused."""
        check_month(year, month)
        today = self._today()
        if (year, month) > (today.year, today.month):
            raise FieldError("月份", f"{year}年{month}月尚未到来，不能填报月报。")
        first = date(year, month, 1)
        return StatsQuery(first, next_month(year, month) - timedelta(days=1), self._origin())

    def year_query(self, year: int) -> StatsQuery:
        today = self._today()
        if not isinstance(year, int) or not YEARS[0] <= year <= YEARS[1]:
            raise FieldError("年度", f"应在{YEARS[0]}年到{YEARS[1]}年之间，实际为“{year}”。")
        if year > today.year:
            raise FieldError("年度", f"{year}年尚未到来，不能填报年度报告。")
        return StatsQuery(date(year, 1, 1), date(year, 12, 31), self._origin())

    def _origin(self) -> str | None:
        info = self._office.current()
        return None if info.role == OfficeRole.COUNTY else info.code

    # ------------------------------------------------------------ the monthly report

    def monthly(
        self, dest: Path, year: int, month: int, progress: Progress = NO_PROGRESS
    ) -> ReportResult:
        """Write the 月报 of ``year``-``month`` to ``dest`` (.xlsx)."""
        dest = _writable(xlsx_destination(dest))
        query = self.month_query(year, month)
        progress.report(0, 2, "正在统计…")
        d = self._stats.dashboard(query)
        progress.check_cancelled()
        tables = report_tables(d)
        due = next_month(year, month).replace(day=DUE_DAY)
        title = f"{d.office_name}行政执法监督工作月报（{year}年{month}月）"
        subtitle = report_notes.subtitle(d) + f"　报送时限：{due.year}年{due.month}月{due.day}日前"
        progress.report(1, 2, "正在写入月报…")
        self._write_xlsx(dest, f"{year}年{month}月", title, subtitle, tables, d)
        self._db.record_event("export", f"导出{year}年{month}月月报到 {dest.name}")
        progress.report(2, 2, "已写入月报。")
        return ReportResult(dest, title, d, tables)

    # ------------------------------------------------------------ the annual report

    def annual(
        self,
        dest: Path,
        year: int,
        progress: Progress = NO_PROGRESS,
        sections: AnnualText | None = None,
    ) -> ReportResult:
        """Write the 年度报告 of ``year`` to ``dest``: a workbook (.xlsx) or the document in
        the letters' 文件格式 (.pdf)."""
        dest = Path(dest)
        suffix = dest.suffix.lower()
        if suffix not in (".xlsx", ".pdf"):
            raise InputRejected(
                f"“{dest.name}”不是 .xlsx 或 .pdf 文件名：年度报告可保存为 Excel 工作簿"
                "（.xlsx）或 PDF 文件（.pdf）。"
            )
        if suffix == ".xlsx":
            dest = _writable(xlsx_destination(dest))
        else:
            from yuyou_desktop.services.letters.pdf_file import pdf_target

            dest = pdf_target(dest)
        query = self.year_query(year)
        progress.report(0, 2, "正在统计…")
        d = self._stats.dashboard(query)
        progress.check_cancelled()
        tables = report_tables(d, annual=True)
        progress.report(1, 2, "正在写入年度报告…")
        if suffix == ".xlsx":
            title = f"{d.office_name}行政执法监督工作年度报告（{year}年度）"
            self._write_xlsx(dest, f"{year}年度", title, report_notes.subtitle(d), tables, d)
            warnings: tuple[str, ...] = ()
        else:
            title = annual_doc.annual_title(d.office_name, year)
            warnings = self._write_pdf(dest, self._content(d, year, tables, sections))
        self._db.record_event("export", f"导出{year}年度报告到 {dest.name}")
        progress.report(2, 2, "已写入年度报告。")
        return ReportResult(dest, title, d, tables, warnings)

    def annual_content(self, year: int, sections: AnnualText | None = None) -> ReportContent:
        """The 年度报告 as a document."""
        d = self._stats.dashboard(self.year_query(year))
        return self._content(d, year, report_tables(d, annual=True), sections)

    def annual_pdf(
        self, year: int, sections: AnnualText | None = None
    ) -> tuple[bytes, str, tuple[str, ...]]:
        """The 年度报告 as PDF bytes (for a preview), its title and the font warnings."""
        content = self.annual_content(year, sections)
        data, warnings = self._render(content)
        return data, content.letter.title, warnings

    def _content(self, d, year, tables, sections: AnnualText | None) -> ReportContent:
        text = sections or AnnualText()
        return annual_doc.annual_content(d, year, tables, text, self.recipient(), self._today())

    def recipient(self) -> str:
        """主送 of this office's annual report (``ownership.filed_with``)."""
        with self._db.reader() as session:
            return ownership.filed_with(session, ownership.own_office(session))

    # ------------------------------------------------------------ ``yuyou stats``

    def stats_query(
        self, start: date, end: date, office: str | None = None, unit: str | None = None
    ) -> StatsQuery:
        """A period with, optionally, one office (its code) and one unit (its name)."""
        unit_id = None
        if office is not None and not office.strip():
            raise FieldError("单位代码（--office）", "不能为空；要统计全部单位，请不写这一项。")
        if unit is not None and not unit.strip():
            raise FieldError("执法单位（--unit）", "不能为空；要统计全部执法单位，请不写这一项。")
        own = self._origin()  # a township: its own office, always
        if own is not None and office is not None and office.strip() != own:
            raise FieldError(
                "单位代码（--office）", "司法所只统计本单位登记的记录，不能统计其他单位的。"
            )
        with self._db.reader() as session:
            if office:
                office = office.strip()
                if office not in ownership.office_names(session, [office]):
                    raise FieldError("单位代码（--office）", f"没有代码为“{office}”的单位。")
            if unit:
                ids = session.scalars(
                    select(EnforcementUnit.id).where(
                        EnforcementUnit.name == unit.strip(), EnforcementUnit.deleted_at.is_(None)
                    )
                ).all()
                if not ids:
                    raise FieldError("执法单位（--unit）", f"找不到名为“{unit}”的执法单位。")
                if len(ids) > 1:
                    raise FieldError(
                        "执法单位（--unit）", f"有{len(ids)}个执法单位都叫“{unit}”，无法确定。"
                    )
                unit_id = ids[0]
        return StatsQuery(start, end, office or None, unit_id).checked()

    # ------------------------------------------------------------ writing

    def _write_xlsx(self, dest: Path, sheet: str, title: str, subtitle: str, tables, d) -> None:
        from yuyou_desktop.documents.stats_xlsx import write_stats

        try:
            write_stats(dest, sheet, title, subtitle, tables, report_notes.notes(d))
        except OSError as exc:
            raise InputRejected(f"无法写入文件“{dest}”：{os_reason(exc)}，未生成报表。") from exc

    def _write_pdf(self, dest: Path, content: ReportContent) -> tuple[str, ...]:
        from yuyou_desktop.services.letters.pdf_file import save_pdf

        data, warnings = self._render(content)
        save_pdf(dest, data)
        return warnings

    def _render(self, content: ReportContent) -> tuple[bytes, tuple[str, ...]]:
        from yuyou_desktop.documents.report_pdf import render_report

        if self._fonts is not None:
            fonts = self._fonts.current()
        else:
            from yuyou_desktop.documents.letter_fonts import resolve_fonts

            fonts = resolve_fonts({})
        return render_report(content, fonts), fonts.warnings


def _writable(dest: Path) -> Path:
    if not dest.parent.is_dir():
        raise InputRejected(f"无法写入文件“{dest}”：文件或所在文件夹不存在，未生成报表。")
    return dest
