"""TransferService: registers to and from Excel — export, import template, all-or-nothing
import with a dry run, and the error report of a refused import."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from yuyou_desktop.documents import registers_xlsx as xl
from yuyou_desktop.errors import InputRejected, os_reason
from yuyou_desktop.progress import NO_PROGRESS, Progress
from yuyou_desktop.services.office import OfficeService
from yuyou_desktop.services.registry.fields import UNIT
from yuyou_desktop.services.registry.importer import (
    ADD,
    SAME,
    UPDATE,
    PreviewRow,
    apply_plan,
    plan_import,
)
from yuyou_desktop.services.registry.query import ListQuery, count, ordered, to_row
from yuyou_desktop.services.registry.service import RegistryService
from yuyou_desktop.services.registry.specs import register
from yuyou_desktop.services.registry.xlsx_columns import (
    cell_value,
    export_columns,
    matching_rule,
    template_columns,
)
from yuyou_desktop.services.registry.xlsx_read import ImportProblem, read_sheet
from yuyou_desktop.storage.database import Database

__all__ = ["ImportProblem", "ImportReport", "PreviewRow", "TransferService"]

EXPORT_CHUNK = 1000


def xlsx_destination(dest: Path | str) -> Path:
    """A workbook must be named .xlsx, or Excel and WPS refuse or garble it."""
    path = Path(dest)
    if path.suffix.lower() != ".xlsx":
        raise InputRejected(
            f"“{path.name}”不是 .xlsx 文件名：导出的是 Excel 工作簿，文件名应以 .xlsx 结尾。"
        )
    if path.is_dir():
        raise InputRejected(f"“{path}”是一个文件夹，请给出要保存的文件名。")
    return path


@dataclass(frozen=True)
class ImportReport:
    """The outcome of an import or a dry run.

    When ``errors`` is not empty nothing was written; the counts and the preview then say
    what the rows without errors would have done.
    """

    register: str
    title: str
    source: Path
    sheet: str
    dry_run: bool
    added: int
    updated: int
    unchanged: int
    preview: tuple[PreviewRow, ...]
    errors: tuple[ImportProblem, ...]

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def written(self) -> bool:
        return self.ok and not self.dry_run and (self.added + self.updated) > 0

    def summary(self) -> str:
        counts = f"新增 {self.added} 条，更新 {self.updated} 条，不变 {self.unchanged} 条"
        if self.errors:
            return f"导入被拒绝：发现 {len(self.errors)} 处错误，未写入任何数据。"
        if self.dry_run:
            return f"试导入“{self.title}”：将{counts}。未写入任何数据。"
        return f"已导入“{self.title}”：{counts}。"


def _refuse_unwritable(dest: Path, exc: OSError) -> InputRejected:
    return InputRejected(f"无法写入文件“{dest}”：{os_reason(exc)}。")


class TransferService:
    def __init__(
        self,
        db: Database,
        registry: RegistryService,
        office: OfficeService,
        today: Callable[[], date] = date.today,
    ) -> None:
        self._db = db
        self._registry = registry
        self._office = office
        self._today = today

    # ------------------------------------------------------------ file names

    def export_filename(self, name: str) -> str:
        return f"{register(name).title}登记表-{self._today():%Y%m%d}.xlsx"

    def template_filename(self, name: str) -> str:
        return f"{register(name).title}{xl.TEMPLATE_FILENAME}"

    # ------------------------------------------------------------ export

    def export(
        self,
        name: str,
        dest: Path,
        query: ListQuery | None = None,
        progress: Progress = NO_PROGRESS,
    ) -> int:
        """Write every record matching ``query`` (search, filters, sort; not its paging) to
        ``dest``; returns how many.  One query streamed in chunks inside one read transaction:
        the workbook is a consistent snapshot and only a chunk of rows is held at a time."""
        spec = register(name)
        dest = xlsx_destination(dest)
        query = query or ListQuery()
        ctx = self._registry.context()
        office = self._office.current().name
        with self._db.reader() as session:
            total = count(session, spec, query, ctx)
            stmt = ordered(spec, query, ctx)

            def rows() -> Iterator[list[Any]]:
                done = 0
                progress.report(0, total, f"正在导出“{spec.title}”…")
                result = session.execute(stmt.execution_options(yield_per=EXPORT_CHUNK))
                for chunk in result.partitions():
                    for found in chunk:
                        row = to_row(spec, found._mapping, ctx)
                        yield [cell_value(f, row.values.get(f.key)) for f in spec.fields]
                    done += len(chunk)
                    progress.report(done, total, f"正在导出“{spec.title}”…")
                    progress.check_cancelled()

            subtitle = f"{office}　导出日期：{self._today().isoformat()}　共 {total} 条"
            try:
                written = xl.write_register(
                    dest, spec.title, subtitle, export_columns(spec), rows(), total
                )
            except OSError as exc:
                raise _refuse_unwritable(dest, exc) from exc
        self._db.record_event(
            "export", f"导出“{spec.title}” {written} 条到 {dest.name}",
            table_name=spec.model.__tablename__,
        )  # fmt: skip
        return written

    # ------------------------------------------------------------ template

    def template(self, name: str, dest: Path) -> Path:
        """The import template of a register, with drop-downs and a 填写说明 sheet."""
        spec = register(name)
        dest = xlsx_destination(dest)
        units: list[str] = []
        if any(f.kind == UNIT for f in spec.editable_fields):
            units = [unit_name for _, unit_name in self._registry.unit_choices()]
        try:
            return xl.write_template(
                dest, spec.title, template_columns(spec, units), matching_rule(spec)
            )
        except OSError as exc:
            raise _refuse_unwritable(dest, exc) from exc

    # ------------------------------------------------------------ import

    def import_file(
        self,
        name: str,
        path: Path,
        dry_run: bool = False,
        progress: Progress = NO_PROGRESS,
    ) -> ImportReport:
        """Import a workbook into a register, all or nothing.

        A file that cannot be read raises InputRejected.  Otherwise the report lists every
        problem as (工作表, 行号, 列, 原因); when there is any, or on a dry run, nothing is
        written.  Cancelling (``progress.check_cancelled``) also writes nothing.
        """
        spec = register(name)
        path = Path(path)
        data = read_sheet(path, spec, progress)
        progress.check_cancelled()
        if dry_run:
            with self._db.reader() as session:
                plan = plan_import(session, spec, data, progress)
        else:
            # one write transaction from the first check to the last row: nobody can change
            # the register between validating and writing
            with self._db.writer("import") as session:
                plan = plan_import(session, spec, data, progress)
                if not plan.problems:
                    apply_plan(session, spec, plan, progress)
        actions = [p.action for p in plan.preview]
        return ImportReport(
            register=spec.name,
            title=spec.title,
            source=path,
            sheet=data.sheet,
            dry_run=dry_run,
            added=actions.count(ADD),
            updated=actions.count(UPDATE),
            unchanged=actions.count(SAME),
            preview=tuple(plan.preview),
            errors=tuple(plan.problems),
        )

    def save_error_report(self, report: ImportReport, dest: Path) -> Path:
        """The problems of a refused import as a workbook (工作表, 行号, 列, 原因)."""
        dest = xlsx_destination(dest)
        rows = [(p.sheet, p.row, p.column, p.reason) for p in report.errors]
        try:
            return xl.write_error_report(dest, report.source.name, rows)
        except OSError as exc:
            raise _refuse_unwritable(dest, exc) from exc
