"""Plain values handed out by the 案卷评查 services (never live ORM rows)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from yuyou_desktop.domain.scoring import Standard

# the stage of a case file, in the order a file goes through them
NOT_SAMPLED = "未抽中"
UNASSIGNED = "待分配"
SCORING = "评查中"
TO_DISCUSS = "待合议"
TO_FINALISE = "待定稿"
FINALISED = "已定稿"
FILE_STAGES = (NOT_SAMPLED, UNASSIGNED, SCORING, TO_DISCUSS, TO_FINALISE, FINALISED)


@dataclass(frozen=True)
class StandardInfo:
    id: str
    case_type: str
    version: int
    name: str
    standard: Standard
    created_at: datetime
    remark: str


@dataclass(frozen=True)
class UnitRef:
    id: str
    name: str


@dataclass(frozen=True)
class CampaignSummary:
    id: str
    name: str
    year: int
    units: int
    files: int
    sampled: int
    finalised: int
    sample_seed: str | None
    origin_office: str = ""  # the office running it (the only one that may change it)

    @property
    def stage(self) -> str:
        if self.sample_seed is None:
            return "登记案卷"
        if self.sampled and self.finalised == self.sampled:
            return "已完成"
        return "评查中"


@dataclass(frozen=True)
class CampaignRecord:
    id: str
    name: str
    year: int
    files_per_unit: int
    units: tuple[UnitRef, ...]
    standards: tuple[tuple[str, str, int, str], ...]  # case type, standard id, version, name
    discussion_threshold: Decimal
    sample_seed: str | None
    sampled_at: datetime | None
    remark: str
    version: int
    origin_office: str = ""  # the office running it (the only one that may change it)

    def standard_id(self, case_type: str) -> str:
        for kind, standard_id, _, _ in self.standards:
            if kind == case_type:
                return standard_id
        raise KeyError(case_type)


@dataclass(frozen=True)
class ReviewerRef:
    sheet_id: str
    person_id: str
    name: str
    total: Decimal | None  # None until the sheet is scored


@dataclass(frozen=True)
class CaseFileRow:
    id: str
    campaign_id: str
    unit_id: str
    unit_name: str
    case_number: str
    case_type: str
    title: str
    party: str
    decided_on: date | None
    officers: str
    sampled: bool
    sample_order: int | None
    reviewers: tuple[ReviewerRef, ...]
    mean: Decimal | None  # of the scored sheets, once every reviewer has scored
    needs_discussion: bool
    final_score: Decimal | None
    final_grade: str | None
    finalised_by: str
    finalised_on: date | None
    discussion_note: str
    stage: str
    version: int


@dataclass(frozen=True)
class SampleResult:
    seed: str
    drawn: int
    short_units: tuple[tuple[str, int], ...]  # units with fewer files than asked: name, files


@dataclass(frozen=True)
class ReviewerCandidate:
    id: str
    name: str
    role: str  # Chinese label
    unit_id: str | None
    where: str  # unit name or organisation
    load: int  # files assigned in this campaign


@dataclass(frozen=True)
class Balance:
    loads: tuple[tuple[str, int], ...]  # reviewer name, files assigned, most first
    unbalanced: bool

    @property
    def message(self) -> str:
        if not self.unbalanced:
            return ""
        most, least = self.loads[0], self.loads[-1]
        return (
            f"分配不均衡：{most[0]}分到{most[1]}份案卷，{least[0]}只有{least[1]}份（相差超过1份）。"
        )


@dataclass(frozen=True)
class SheetRecord:
    id: str
    case_file: CaseFileRow
    reviewer_id: str
    reviewer_name: str
    standard: StandardInfo
    vetoes: dict[str, str]  # veto code → note
    entries: dict[str, tuple[int, str]]  # item code → (defects, note)
    total: Decimal | None
    grade: str | None
    scored_at: datetime | None
    locked: bool  # the file is finalised
    version: int
    not_owned: str | None = None  # why this office may only look at it (another office's)

    @property
    def read_only(self) -> bool:
        return self.locked or self.not_owned is not None


@dataclass(frozen=True)
class ReviewEventRecord:
    action: str
    by_name: str
    on_date: date
    score: Decimal | None
    reason: str


@dataclass(frozen=True)
class FindingLine:
    """A veto or a deduction found by one reviewer."""

    reviewer: str
    category: str  # "否决项" for a veto
    text: str
    count: int
    points: Decimal  # deducted (after the item cap); 0 for a veto
    note: str


@dataclass(frozen=True)
class FileResult:
    file: CaseFileRow
    findings: tuple[FindingLine, ...]


@dataclass(frozen=True)
class UnitResult:
    unit_id: str
    unit_name: str
    files: int  # drawn for review
    finalised: int
    mean: Decimal | None
    grade: str | None
    rank: int | None
    grades: tuple[tuple[str, int], ...]  # grade name → number of finalised files


@dataclass(frozen=True)
class DefectCount:
    code: str
    case_type: str
    category: str
    text: str
    files: int  # finalised files where a reviewer found it
    defects: int  # total number found


@dataclass(frozen=True)
class CampaignResults:
    campaign: CampaignRecord
    files: tuple[FileResult, ...]
    units: tuple[UnitResult, ...]
    defects: tuple[DefectCount, ...]
    finalised: int
    sampled: int
