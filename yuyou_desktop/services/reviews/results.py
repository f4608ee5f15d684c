"""ResultService: a campaign's results — per file, per unit (mean, grade, rank) and the most
frequent defects.  Only finalised files count towards a unit's mean and the defect counts;
a unit's grade uses the grade bands of the campaign's 行政处罚 standard (the default bands of
every type are the same)."""

from __future__ import annotations

import json
from collections import Counter, defaultdict

from sqlalchemy import select

from yuyou_desktop.domain.scoring import ZERO, Standard, grade_of, item_deduction, mean_score
from yuyou_desktop.domain.scoring_file import CASE_TYPES
from yuyou_desktop.services.reviews import reading
from yuyou_desktop.services.reviews.reading import live
from yuyou_desktop.services.reviews.records import (
    FINALISED,
    CampaignResults,
    DefectCount,
    FileResult,
    FindingLine,
    UnitResult,
)
from yuyou_desktop.services.reviews.standards import info_of
from yuyou_desktop.storage.database import Database
from yuyou_desktop.storage.models import Person
from yuyou_desktop.storage.models_reviews import (
    ReviewCampaign,
    ReviewCaseFile,
    ReviewSheet,
    ScoringStandard,
)

VETO = "否决项"


def _findings(standard: Standard, reviewer: str, vetoes: dict, entries: dict) -> list[FindingLine]:
    lines = []
    veto_text = {v.code: v.text for v in standard.vetoes}
    for code in sorted(vetoes):
        lines.append(FindingLine(reviewer, VETO, veto_text.get(code, code), 1, ZERO, vetoes[code]))
    for category in standard.categories:
        for item in category.items:
            found = entries.get(item.code)
            if not found or not found["count"]:
                continue
            lines.append(
                FindingLine(
                    reviewer,
                    category.name,
                    item.text,
                    found["count"],
                    item_deduction(item, found["count"]),
                    found.get("note", ""),
                )
            )
    return lines


def _ranks(units: list[UnitResult]) -> dict[str, int]:
    """Competition ranking by mean score (equal means share a rank: 1, 1, 3)."""
    scored = sorted((u for u in units if u.mean is not None), key=lambda u: -u.mean)  # type: ignore[operator]
    ranks: dict[str, int] = {}
    for position, unit in enumerate(scored, 1):
        previous = scored[position - 2] if position > 1 else None
        if previous is not None and previous.mean == unit.mean:
            ranks[unit.unit_id] = ranks[previous.unit_id]
        else:
            ranks[unit.unit_id] = position
    return ranks


class ResultService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def record_export(self, campaign_id: str, file_name: str) -> None:
        """The audit entry of a written 评查结果汇总表 (``ResultWorkbook.export``)."""
        self._db.record_event(
            "export", f"导出评查结果汇总表到 {file_name}",
            table_name="review_campaigns", record_id=campaign_id,
        )  # fmt: skip

    def results(self, campaign_id: str, top_defects: int = 20) -> CampaignResults:
        with self._db.reader() as session:
            campaign_row = live(session, ReviewCampaign, campaign_id, "评查活动")
            campaign = reading.campaign_record(session, campaign_row)
            standards = {
                ct: info_of(session.get(ScoringStandard, sid)).standard
                for ct, sid in json.loads(campaign_row.standards).items()
            }
            files = reading.file_rows(session, campaign_row, sampled_only=True)
            sheets = session.execute(
                select(ReviewSheet, Person.name)
                .join(Person, Person.id == ReviewSheet.reviewer_id)
                .join(ReviewCaseFile, ReviewCaseFile.id == ReviewSheet.case_file_id)
                .where(
                    ReviewCaseFile.campaign_id == campaign.id,
                    ReviewSheet.deleted_at.is_(None),
                    ReviewSheet.total.is_not(None),
                )
                .order_by(ReviewSheet.created_at, Person.name, ReviewSheet.id)
            ).all()
        by_file: dict[str, list[tuple[str, dict, dict]]] = defaultdict(list)
        for sheet, name in sheets:
            by_file[sheet.case_file_id].append(
                (name, json.loads(sheet.vetoes), json.loads(sheet.entries))
            )
        bands_type = next(ct for ct in CASE_TYPES if ct in standards)
        bands = standards[bands_type].bands
        file_results: list[FileResult] = []
        defect_files: Counter[tuple[str, str]] = Counter()
        defect_total: Counter[tuple[str, str]] = Counter()
        per_unit: dict[str, list] = defaultdict(list)
        for row in files:
            standard = standards[row.case_type]
            lines: list[FindingLine] = []
            found_here: set[str] = set()
            for name, vetoes, entries in by_file.get(row.id, []):
                lines.extend(_findings(standard, name, vetoes, entries))
                if row.stage == FINALISED:
                    for code in vetoes:
                        found_here.add(code)
                        defect_total[(row.case_type, code)] += 1
                    for code, value in entries.items():
                        if value["count"]:
                            found_here.add(code)
                            defect_total[(row.case_type, code)] += value["count"]
            for code in found_here:
                defect_files[(row.case_type, code)] += 1
            file_results.append(FileResult(row, tuple(lines)))
            per_unit[row.unit_id].append(row)
        units = []
        for unit in campaign.units:
            rows = per_unit.get(unit.id, [])
            final = [r.final_score for r in rows if r.final_score is not None]
            mean = mean_score(final) if final else None
            grades = Counter(r.final_grade for r in rows if r.final_grade)
            units.append(
                UnitResult(
                    unit.id,
                    unit.name,
                    len(rows),
                    len(final),
                    mean,
                    grade_of(mean, bands) if mean is not None else None,
                    None,
                    tuple((b.name, grades.get(b.name, 0)) for b in bands),
                )
            )
        ranks = _ranks(units)
        units = [
            UnitResult(
                u.unit_id,
                u.unit_name,
                u.files,
                u.finalised,
                u.mean,
                u.grade,
                ranks.get(u.unit_id),
                u.grades,
            )
            for u in units
        ]
        units.sort(key=lambda u: (u.rank is None, u.rank or 0, u.unit_name))
        defects = []
        for (case_type, code), n_files in defect_files.items():
            standard = standards[case_type]
            veto = next((v for v in standard.vetoes if v.code == code), None)
            if veto is not None:
                category, text = VETO, veto.text
            else:
                category = next(
                    c.name for c in standard.categories if standard.item(code) in c.items
                )
                text = standard.item(code).text  # type: ignore[union-attr]
            defects.append(
                DefectCount(
                    code, case_type, category, text, n_files, defect_total[(case_type, code)]
                )
            )
        defects.sort(key=lambda d: (-d.files, -d.defects, CASE_TYPES.index(d.case_type), d.code))
        finalised = sum(1 for r in files if r.stage == FINALISED)
        return CampaignResults(
            campaign,
            tuple(file_results),
            tuple(units),
            tuple(defects[:top_defects]),
            finalised,
            len(files),
        )
