"""案卷评查 arithmetic: a scoring standard as data, one reviewer's sheet, a file's score from its
reviewers, and grades.

Exact throughout: points are ``Decimal`` (deductions such as 0.5 and 1.5 points must add up
exactly).  The rules, from the domain brief:

* Veto items (否决项): any one makes the sheet 不合格 with total 0.
* The scored part has categories whose maximum points sum to 100.  Each deduction item takes
  ``points`` per defect, at most ``cap`` for the item when a cap is set; a category loses at most
  its maximum (扣完为止), so no category goes below zero and the total stays in [0, 100].
* Grades are bands by minimum score, highest first; the last band starts at 0.
* A file's score is the mean of its reviewers' totals, rounded half up to one decimal; the file
  needs 合议 when two reviewers differ by more than the threshold.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from yuyou_desktop.errors import InputRejected

HUNDRED = Decimal(100)
ZERO = Decimal(0)
ONE_DECIMAL = Decimal("0.1")


@dataclass(frozen=True)
class DeductionItem:
    code: str
    text: str
    points: Decimal  # deducted per defect
    cap: Decimal | None = None  # at most this much for the item; None: up to the category


@dataclass(frozen=True)
class Category:
    code: str
    name: str
    max_points: Decimal
    items: tuple[DeductionItem, ...]


@dataclass(frozen=True)
class VetoItem:
    code: str
    text: str


@dataclass(frozen=True)
class Band:
    name: str
    min_score: Decimal


@dataclass(frozen=True)
class Standard:
    case_type: str
    name: str
    version: int
    vetoes: tuple[VetoItem, ...]
    categories: tuple[Category, ...]
    bands: tuple[Band, ...]  # highest first; the last starts at 0

    def item(self, code: str) -> DeductionItem | None:
        for category in self.categories:
            for item in category.items:
                if item.code == code:
                    return item
        return None


DEFAULT_BANDS = (
    Band("优秀", Decimal(90)),
    Band("合格", Decimal(60)),
    Band("不合格", ZERO),
)


def check_standard(standard: Standard) -> None:
    """Raise ``InputRejected`` naming the first thing wrong with ``standard``."""
    title = f"评查标准“{standard.name}”"
    if not standard.categories:
        raise InputRejected(f"{title}没有评分类别。")
    seen: set[str] = set()

    def unique(code: str, what: str) -> None:
        if not code.strip():
            raise InputRejected(f"{title}中{what}的编号不能为空。")
        if code in seen:
            raise InputRejected(f"{title}中编号“{code}”重复（{what}）。")
        seen.add(code)

    for veto in standard.vetoes:
        unique(veto.code, f"否决项“{veto.text}”")
        if not veto.text.strip():
            raise InputRejected(f"{title}中否决项“{veto.code}”没有内容。")
    for category in standard.categories:
        where = f"类别“{category.name}”"
        unique(category.code, where)
        if not category.name.strip():
            raise InputRejected(f"{title}中类别“{category.code}”没有名称。")
        if category.max_points <= 0:
            raise InputRejected(f"{title}中{where}的分值应大于0，现为{category.max_points}。")
        for item in category.items:
            unique(item.code, f"{where}的扣分项“{item.text}”")
            if item.points <= 0:
                raise InputRejected(
                    f"{title}中{where}的扣分项“{item.text}”每处扣分应大于0，现为{item.points}。"
                )
            if item.cap is not None and item.cap < item.points:
                raise InputRejected(
                    f"{title}中{where}的扣分项“{item.text}”扣分上限（{item.cap}）"
                    f"小于每处扣分（{item.points}）。"
                )
    total = sum((c.max_points for c in standard.categories), ZERO)
    if total != HUNDRED:
        raise InputRejected(f"{title}各类别分值合计为{total}分，应为100分。")
    check_bands(standard.bands, title)


def check_bands(bands: Sequence[Band], title: str = "等次") -> None:
    if not bands:
        raise InputRejected(f"{title}没有设置等次。")
    names = [b.name.strip() for b in bands]
    if not all(names) or len(set(names)) != len(names):
        raise InputRejected(f"{title}的等次名称不能为空或重复。")
    previous = None
    for band in bands:
        if not ZERO <= band.min_score <= HUNDRED:
            raise InputRejected(f"{title}中等次“{band.name}”的最低分应在0到100之间。")
        if previous is not None and band.min_score >= previous:
            raise InputRejected(f"{title}的等次应按最低分从高到低排列（“{band.name}”）。")
        previous = band.min_score
    if bands[-1].min_score != ZERO:
        raise InputRejected(f"{title}的最后一个等次（“{bands[-1].name}”）应从0分起。")


@dataclass(frozen=True)
class Sheet:
    """One reviewer's findings on one file: the veto items found and defects per item."""

    vetoes: frozenset[str] = frozenset()
    defects: Mapping[str, int] = field(default_factory=dict)  # item code → number of defects


@dataclass(frozen=True)
class CategoryScore:
    code: str
    name: str
    max_points: Decimal
    deducted: Decimal  # after item caps and the category floor
    score: Decimal


@dataclass(frozen=True)
class SheetScore:
    total: Decimal
    vetoed: bool
    vetoes: tuple[str, ...]
    categories: tuple[CategoryScore, ...]
    grade: str


def item_deduction(item: DeductionItem, count: int) -> Decimal:
    raw = item.points * count
    return raw if item.cap is None else min(raw, item.cap)


def score_sheet(standard: Standard, sheet: Sheet) -> SheetScore:
    """A reviewer's total: 0 when a veto item is found, else 100 less each category's
    deductions (a category at most loses its maximum).  Unknown codes and negative counts are
    refused."""
    veto_codes = {v.code for v in standard.vetoes}
    unknown = sorted(sheet.vetoes - veto_codes)
    if unknown:
        raise InputRejected(f"评查标准“{standard.name}”中没有否决项“{unknown[0]}”。")
    for code, count in sheet.defects.items():
        if standard.item(code) is None:
            raise InputRejected(f"评查标准“{standard.name}”中没有扣分项“{code}”。")
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise InputRejected(f"扣分项“{code}”的问题处数应为0或正整数，现为{count!r}。")
    categories = []
    for category in standard.categories:
        raw = sum((item_deduction(i, sheet.defects.get(i.code, 0)) for i in category.items), ZERO)
        deducted = min(raw, category.max_points)
        categories.append(
            CategoryScore(
                category.code,
                category.name,
                category.max_points,
                deducted,
                category.max_points - deducted,
            )
        )
    vetoed = bool(sheet.vetoes)
    total = ZERO if vetoed else sum((c.score for c in categories), ZERO)
    grade = standard.bands[-1].name if vetoed else grade_of(total, standard.bands)
    return SheetScore(total, vetoed, tuple(sorted(sheet.vetoes)), tuple(categories), grade)


def grade_of(score: Decimal, bands: Sequence[Band] = DEFAULT_BANDS) -> str:
    for band in bands:
        if score >= band.min_score:
            return band.name
    return bands[-1].name


def mean_score(totals: Sequence[Decimal]) -> Decimal:
    """The file's score: the mean of its reviewers' totals, rounded half up to one decimal."""
    if not totals:
        raise InputRejected("还没有评查人员的评分。")
    mean = sum(totals, ZERO) / len(totals)
    return mean.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def needs_discussion(totals: Sequence[Decimal], threshold: Decimal) -> bool:
    """合议 is needed when two reviewers differ by more than ``threshold`` points."""
    return len(totals) > 1 and max(totals) - min(totals) > threshold
