"""A campaign's results as the 评查结果汇总表 (.xlsx), laid out for ``documents.report_xlsx``:
the 汇总 sheet (units by rank), the 常见问题 sheet (the most frequent defects), then one sheet
per unit listing each drawn file with its reviewers' scores, the final score and the problems.

The wording of a file's reviewers and problems is shared with ``yuyou reviews results``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

from yuyou_desktop.documents.report_xlsx import CENTERED, NUMBER, SCORE, Column, Sheet
from yuyou_desktop.domain.scoring import Band
from yuyou_desktop.domain.scoring_file import CASE_TYPES
from yuyou_desktop.errors import InputRejected, os_reason
from yuyou_desktop.services.office import OfficeService
from yuyou_desktop.services.registry.transfer import xlsx_destination
from yuyou_desktop.services.reviews.records import (
    FINALISED,
    CampaignResults,
    FileResult,
    FindingLine,
    ReviewerRef,
    UnitResult,
)
from yuyou_desktop.services.reviews.results import VETO, ResultService
from yuyou_desktop.services.reviews.standards import StandardService

SUMMARY_SHEET = "汇总"
DEFECTS_SHEET = "常见问题"
NONE = "—"
UNIT_COLUMNS = (
    Column("排名", 6, CENTERED),
    Column("单位", 32),
    Column("抽查案卷数", 10, NUMBER),
    Column("已定稿", 8, NUMBER),
    Column("平均分", 9, SCORE),
    Column("等次", 9, CENTERED),
)
DEFECT_COLUMNS = (
    Column("序号", 6, CENTERED),
    Column("案件类型", 18),
    Column("类别", 16),
    Column("问题", 64),
    Column("涉及案卷数", 11, NUMBER),
    Column("问题处数", 10, NUMBER),
)
FILE_COLUMNS = (
    Column("序号", 5, CENTERED),
    Column("案号", 18),
    Column("案件名称", 20),
    Column("案件类型", 17),
    Column("当事人", 13),
    Column("评查人员及得分", 16),
    Column("定稿得分", 9, SCORE),
    Column("等次", 8, CENTERED),
    Column("合议", 6, CENTERED),
    Column("发现的问题", 50),
)


def score_text(value: Decimal | None) -> str:
    """A score as printed: one decimal (88 → "88.0")."""
    return NONE if value is None else f"{value:.1f}"


def points_text(value: Decimal | int) -> str:
    """Points deducted without trailing zeros (2 → "2", 0.50 → "0.5")."""
    text = f"{Decimal(value):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def reviewer_text(ref: ReviewerRef) -> str:
    return f"{ref.name} {score_text(ref.total) if ref.total is not None else '未评分'}"


def finding_text(line: FindingLine) -> str:
    """刘德胜：【事实与证据】证据未…，2处，扣4分（说明）"""
    if line.category == VETO:
        text = f"{line.reviewer}：【{VETO}】{line.text}"
    else:
        found = f"{line.count}处，扣{points_text(line.points)}分"
        text = f"{line.reviewer}：【{line.category}】{line.text}，{found}"
    return text + (f"（{line.note}）" if line.note else "")


def problems_text(found: FileResult) -> str:
    """The problems found in a file, one a line, then the 合议 conclusion."""
    lines = [finding_text(line) for line in found.findings]
    if not lines and found.file.stage == FINALISED:
        lines.append("未发现问题")
    if found.file.discussion_note:
        lines.append(f"合议意见：{found.file.discussion_note}")
    return "\n".join(lines)


def discussed_text(found: FileResult) -> str:
    """是/否 once every reviewer has scored (合议 when their scores differ too much)."""
    if found.file.mean is None and found.file.stage != FINALISED:
        return ""
    return "是" if found.file.needs_discussion else "否"


def _campaign_label(results: CampaignResults) -> str:
    """The campaign's name, with its year in front when the name does not say it."""
    campaign = results.campaign
    if str(campaign.year) in campaign.name:
        return campaign.name
    return f"{campaign.year}年度{campaign.name}"


def title(results: CampaignResults) -> str:
    name = _campaign_label(results)
    return f"{name}{'结果汇总表' if name.endswith('评查') else '评查结果汇总表'}"


def _subtitle(results: CampaignResults, office_name: str, today: date) -> str:
    campaign = results.campaign
    return (
        f"制表单位：{office_name}　评查年度：{campaign.year}　"
        f"抽查案卷 {results.sampled} 份，已定稿 {results.finalised} 份　"
        f"随机种子：{campaign.sample_seed or '未抽取'}　导出日期：{today.isoformat()}"
    )


def _unit_row(unit: UnitResult) -> tuple[object, ...]:
    return (
        unit.rank if unit.rank is not None else NONE,
        unit.unit_name,
        unit.files,
        unit.finalised,
        unit.mean if unit.mean is not None else NONE,
        unit.grade or NONE,
        *(n for _, n in unit.grades),
    )


def _bands_note(bands: tuple[Band, ...]) -> str:
    parts = []
    for upper, band in zip((None, *bands[:-1]), bands, strict=True):
        if upper is None:
            parts.append(f"{band.name}（{band.min_score}分及以上）")
        elif band.min_score == 0:
            parts.append(f"{band.name}（{upper.min_score}分以下）")
        else:
            parts.append(f"{band.name}（{band.min_score}分至{upper.min_score}分以下）")
    return "、".join(parts)


def summary_sheet(
    results: CampaignResults, office_name: str, today: date, bands: tuple[Band, ...]
) -> Sheet:
    band_names = [name for name, _ in results.units[0].grades] if results.units else []
    columns = UNIT_COLUMNS + tuple(Column(f"{name}（份）", 10, NUMBER) for name in band_names)
    total = (
        "",
        "合计",
        sum(u.files for u in results.units),
        sum(u.finalised for u in results.units),
        "",
        "",
        *(sum(u.grades[i][1] for u in results.units) for i in range(len(band_names))),
    )
    notes = [
        "平均分为单位已定稿案卷定稿得分的平均数，四舍五入保留一位小数；尚未定稿的案卷不计入"
        "平均分、等次和排名，没有定稿案卷的单位不排名（显示“—”）。",
        "排名按平均分从高到低，平均分相同的单位并列。",
        f"等次按评查标准的分档确定：{_bands_note(bands)}。各等次栏为定稿案卷的份数。",
        "常见问题见“常见问题”工作表，各单位案卷的评分和问题见以单位命名的工作表。",
    ]
    if results.finalised < results.sampled:
        notes.insert(
            0,
            f"评查尚未全部完成：抽查的 {results.sampled} 份案卷中已定稿 {results.finalised} 份，"
            "本表为导出时的结果。",
        )
    return Sheet(
        SUMMARY_SHEET,
        title(results),
        _subtitle(results, office_name, today),
        columns,
        tuple(_unit_row(u) for u in results.units),
        empty_text="本次评查没有选择单位",
        total=total,
        notes=tuple(notes),
    )


def defects_sheet(results: CampaignResults, office_name: str, today: date, limit: int) -> Sheet:
    rows = tuple(
        (n, d.case_type, d.category, d.text, d.files, d.defects)
        for n, d in enumerate(results.defects, 1)
    )
    empty = "还没有定稿的案卷" if not results.finalised else "已定稿的案卷中没有发现问题"
    return Sheet(
        DEFECTS_SHEET,
        f"{_campaign_label(results)}常见问题",
        _subtitle(results, office_name, today),
        DEFECT_COLUMNS,
        rows,
        empty_text=empty,
        notes=(
            "只统计已定稿的案卷，按涉及案卷数从多到少排列（相同时按问题处数），"
            f"最多列出{limit}项。",
            "“涉及案卷数”为至少一名评查人员发现该问题的案卷份数；“问题处数”为各评查人员"
            "发现的处数之和，否决项每名评查人员计1处。",
        ),
    )


def unit_sheet(results: CampaignResults, unit: UnitResult) -> Sheet:
    files = [f for f in results.files if f.file.unit_id == unit.unit_id]
    rows = tuple(
        (
            n,
            found.file.case_number,
            found.file.title,
            found.file.case_type,
            found.file.party,
            "\n".join(reviewer_text(r) for r in found.file.reviewers) or "未分配",
            found.file.final_score if found.file.final_score is not None else found.file.stage,
            found.file.final_grade or "",
            discussed_text(found),
            problems_text(found),
        )
        for n, found in enumerate(files, 1)
    )
    ranked = sum(1 for u in results.units if u.rank is not None)
    standing = f"第{unit.rank}名（共{ranked}个单位排名）" if unit.rank is not None else NONE
    subtitle = (
        f"{_campaign_label(results)}　抽查案卷 {unit.files} 份，已定稿 {unit.finalised} 份　"
        f"平均分 {score_text(unit.mean)}　等次 {unit.grade or NONE}　排名 {standing}"
    )
    threshold = results.campaign.discussion_threshold
    return Sheet(
        unit.unit_name,
        f"{unit.unit_name}案卷评查结果",
        subtitle,
        FILE_COLUMNS,
        rows,
        empty_text="该单位没有抽中的案卷",
        notes=(
            "定稿得分为各评查人员得分的平均数，四舍五入保留一位小数；评查人员得分相差超过"
            f"{threshold}分的，经合议确定（“合议”栏为“是”）。",
            "尚未定稿的案卷在“定稿得分”栏显示所处阶段（待分配、评查中、待合议、待定稿）。",
            "发现的问题按评查人员逐条列出：【类别】问题，处数，扣分（说明）；"
            "否决项成立的，该评查人员评分为0分。",
        ),
    )


def sheets(
    results: CampaignResults,
    office_name: str,
    today: date,
    bands: tuple[Band, ...],
    defect_limit: int,
) -> tuple[Sheet, ...]:
    return (
        summary_sheet(results, office_name, today, bands),
        defects_sheet(results, office_name, today, defect_limit),
        *(unit_sheet(results, unit) for unit in results.units),
    )


class ResultWorkbook:
    """Writes a campaign's 评查结果汇总表 (``yuyou reviews export``)."""

    TOP_DEFECTS = 20

    def __init__(
        self,
        results: ResultService,
        standards: StandardService,
        office: OfficeService,
        today: Callable[[], date] = date.today,
    ) -> None:
        self._results = results
        self._standards = standards
        self._office = office
        self._today = today

    def export(self, campaign_id: str, dest: Path) -> CampaignResults:
        """Write the results of ``campaign_id`` to ``dest`` (.xlsx) and return them.  An
        unwritable destination is refused and leaves no file behind."""
        from yuyou_desktop.documents.report_xlsx import write_report

        dest = xlsx_destination(dest)
        found = self._results.results(campaign_id, top_defects=self.TOP_DEFECTS)
        kinds = {kind: sid for kind, sid, _, _ in found.campaign.standards}
        bands_type = next(kind for kind in CASE_TYPES if kind in kinds)
        bands = self._standards.get(kinds[bands_type]).standard.bands
        office_name = self._office.current().name
        layout = sheets(found, office_name, self._today(), bands, self.TOP_DEFECTS)
        try:
            write_report(dest, layout)
        except OSError as exc:
            raise InputRejected(
                f"无法写入文件“{dest}”：{os_reason(exc)}，未生成评查结果汇总表。"
            ) from exc
        self._results.record_export(campaign_id, dest.name)
        return found
