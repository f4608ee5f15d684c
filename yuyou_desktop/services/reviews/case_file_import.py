"""Registering a campaign's case files from an .xlsx list (案卷登记表).

The workbook is read with the registers' reader (header row found among the first rows,
columns by their Chinese names, unknown and duplicate columns reported).  Every row is checked
before anything is stored: one wrong row refuses the whole file, and the report names each
row and field that is wrong, so the list can be corrected and imported again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select

from yuyou_desktop.errors import FieldError, InputRejected, os_reason
from yuyou_desktop.progress import NO_PROGRESS, Progress
from yuyou_desktop.services import ownership
from yuyou_desktop.services.registry.fields import DATE, TEXT, Field
from yuyou_desktop.services.registry.specs import RegisterSpec
from yuyou_desktop.services.registry.xlsx_read import ImportProblem, read_sheet
from yuyou_desktop.services.reviews.campaigns import CampaignService
from yuyou_desktop.services.reviews.case_file_values import LABELS, parse_case_file
from yuyou_desktop.services.reviews.reading import live
from yuyou_desktop.storage.changes import insert_synced
from yuyou_desktop.storage.database import Database
from yuyou_desktop.storage.models_reviews import ReviewCampaign, ReviewCaseFile

SHEET_TITLE = "案卷登记"
REQUIRED = ("unit", "case_number", "case_type", "title")
CASE_FILE_SPEC = RegisterSpec(
    name="case-files",
    title=SHEET_TITLE,
    model=ReviewCaseFile,
    fields=tuple(
        Field(key, label, DATE if key == "decided_on" else TEXT, required=key in REQUIRED)
        for key, label in LABELS.items()
    ),
    natural_key=("unit", "case_number"),
    default_sort="case_number",
)


@dataclass(frozen=True)
class ImportReport:
    added: int
    problems: tuple[ImportProblem, ...]  # when not empty, nothing was added

    @property
    def ok(self) -> bool:
        return not self.problems


class CaseFileImporter:
    def __init__(
        self, db: Database, campaigns: CampaignService, today: Callable[[], date] = date.today
    ) -> None:
        self._db = db
        self._campaigns = campaigns
        self._today = today

    def import_file(
        self, campaign_id: str, path: Path, progress: Progress = NO_PROGRESS
    ) -> ImportReport:
        data = read_sheet(path, CASE_FILE_SPEC, progress)
        problems = list(data.problems)
        with self._db.writer("import") as session:
            campaign = live(session, ReviewCampaign, campaign_id, "评查活动")
            ownership.ensure_owned(session, campaign)
            if campaign.sample_seed is not None:
                raise InputRejected("已经抽取案卷，不能再登记新的案卷（否则抽样无法复现）。")
            units = self._campaigns.scope(session, campaign.id)
            existing = set(
                session.execute(
                    select(ReviewCaseFile.unit_id, ReviewCaseFile.case_number).where(
                        ReviewCaseFile.campaign_id == campaign.id,
                        ReviewCaseFile.deleted_at.is_(None),
                    )
                ).all()
            )
            seen: dict[tuple[str, str], int] = {}
            rows = []
            today = self._today()
            for number, values in data.rows:
                raw = {
                    f.key: values[i] if i < len(values) else None for i, f in data.columns.items()
                }
                try:
                    parsed = parse_case_file(raw, units, today)
                except FieldError as exc:
                    problems.append(ImportProblem(data.sheet, number, exc.field, exc.reason))
                    continue
                key = (parsed.unit_id, parsed.case_number)
                if key in existing:
                    problems.append(
                        ImportProblem(
                            data.sheet, number, "案号", f"“{parsed.case_number}”已经登记过了。"
                        )
                    )
                elif key in seen:
                    problems.append(
                        ImportProblem(
                            data.sheet,
                            number,
                            "案号",
                            f"与第{seen[key]}行是同一单位的同一案号“{parsed.case_number}”。",
                        )
                    )
                else:
                    seen[key] = number
                    rows.append({"campaign_id": campaign.id, **asdict(parsed)})
            if problems:
                problems.sort(key=lambda p: p.row)
                return ImportReport(0, tuple(problems))
            insert_synced(session, ReviewCaseFile, rows)
            return ImportReport(len(rows), ())


def write_template(path: Path, unit_names: list[str]) -> None:
    """An empty 案卷登记 workbook: the header row, one example row, and the campaign's units
    and the case types on a second sheet to copy from."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from yuyou_desktop.domain.scoring_file import CASE_TYPES

    book = Workbook()
    sheet = book.active
    sheet.title = SHEET_TITLE
    labels = [f"{label}（必填）" if key in REQUIRED else label for key, label in LABELS.items()]
    sheet.append(labels)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column, width in zip("ABCDEFG", (28, 22, 16, 30, 20, 12, 16), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    choices = book.create_sheet("可选值")
    choices.append(["执法单位", "案件类型"])
    for index in range(max(len(unit_names), len(CASE_TYPES))):
        choices.append(
            [
                unit_names[index] if index < len(unit_names) else None,
                CASE_TYPES[index] if index < len(CASE_TYPES) else None,
            ]
        )
    choices.column_dimensions["A"].width = 32
    choices.column_dimensions["B"].width = 20
    try:
        book.save(path)
    except OSError as exc:
        raise InputRejected(f"无法写入文件“{path}”：{os_reason(exc)}。") from exc
