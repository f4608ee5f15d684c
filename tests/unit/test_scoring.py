"""案卷评查 arithmetic (domain/scoring.py): totals in [0, 100], a veto gives 0 and 不合格, no
category below zero, deductions only ever lower a total, grades and means at every boundary."""

from __future__ import annotations

import itertools
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yuyou_desktop.domain.scoring import (
    DEFAULT_BANDS,
    Band,
    Category,
    DeductionItem,
    Sheet,
    Standard,
    VetoItem,
    check_standard,
    grade_of,
    mean_score,
    needs_discussion,
    score_sheet,
)
from yuyou_desktop.errors import InputRejected

HALF_POINTS = st.integers(min_value=1, max_value=20).map(lambda n: Decimal(n) / 2)  # 0.5 … 10


@st.composite
def standards(draw) -> Standard:
    """Any valid standard: 1–8 categories whose maxima (in half points) sum to 100."""
    count = draw(st.integers(min_value=1, max_value=8))
    cuts = draw(st.lists(st.integers(1, 199), min_size=count - 1, max_size=count - 1, unique=True))
    bounds = [0, *sorted(cuts), 200]
    maxima = [Decimal(b - a) / 2 for a, b in itertools.pairwise(bounds)]
    categories = []
    for n, maximum in enumerate(maxima):
        items = []
        for m in range(draw(st.integers(min_value=0, max_value=4))):
            points = draw(HALF_POINTS)
            cap = draw(st.none() | st.integers(1, 6).map(lambda k, p=points: p * k))
            items.append(DeductionItem(f"C{n}-{m}", f"扣分项{n}-{m}", points, cap))
        categories.append(Category(f"C{n}", f"类别{n}", maximum, tuple(items)))
    vetoes = tuple(VetoItem(f"V{k}", f"否决项{k}") for k in range(draw(st.integers(0, 3))))
    standard = Standard("行政处罚一般程序", "测试标准", 1, vetoes, tuple(categories), DEFAULT_BANDS)
    check_standard(standard)
    return standard


@st.composite
def standard_and_sheet(draw, with_vetoes: bool = True) -> tuple[Standard, Sheet]:
    standard = draw(standards())
    codes = [i.code for c in standard.categories for i in c.items]
    defects = draw(st.dictionaries(st.sampled_from(codes), st.integers(0, 30))) if codes else {}
    vetoes = frozenset()
    if with_vetoes and standard.vetoes:
        vetoes = draw(st.frozensets(st.sampled_from([v.code for v in standard.vetoes])))
    return standard, Sheet(vetoes, defects)


@given(standard_and_sheet())
@settings(max_examples=300)
def test_totals_lie_in_0_to_100_and_no_category_goes_below_zero(case):
    standard, sheet = case
    result = score_sheet(standard, sheet)
    assert Decimal(0) <= result.total <= Decimal(100)
    for category in result.categories:
        assert Decimal(0) <= category.score <= category.max_points
        assert category.score == category.max_points - category.deducted
    if not result.vetoed:
        assert result.total == sum(c.score for c in result.categories)


@given(standard_and_sheet())
def test_a_veto_always_gives_0_and_the_lowest_grade(case):
    standard, sheet = case
    if not standard.vetoes:
        return
    vetoed = Sheet(sheet.vetoes | {standard.vetoes[0].code}, sheet.defects)
    result = score_sheet(standard, vetoed)
    assert result.vetoed and result.total == 0 and result.grade == "不合格"


@given(standard_and_sheet(with_vetoes=False), st.data())
def test_one_more_defect_never_raises_the_total(case, data):
    standard, sheet = case
    codes = [i.code for c in standard.categories for i in c.items]
    if not codes:
        return
    code = data.draw(st.sampled_from(codes))
    more = dict(sheet.defects)
    more[code] = more.get(code, 0) + 1
    assert (
        score_sheet(standard, Sheet(frozenset(), more)).total <= score_sheet(standard, sheet).total
    )


def test_item_caps_and_the_category_floor():
    items = (
        DeductionItem("A", "文书填写不规范", Decimal(1), Decimal(4)),
        DeductionItem("B", "缺少送达回证", Decimal(2)),
    )
    standard = Standard(
        "行政处罚一般程序",
        "t",
        1,
        (),
        (Category("C1", "文书", Decimal(10), items), Category("C2", "其他", Decimal(90), ())),
        DEFAULT_BANDS,
    )
    assert score_sheet(standard, Sheet(defects={"A": 7})).total == Decimal(96)  # capped at 4
    result = score_sheet(standard, Sheet(defects={"A": 7, "B": 5}))  # 4 + 10 > 10: floor
    assert result.categories[0].score == 0 and result.total == Decimal(90)


@pytest.mark.parametrize(
    ("score", "grade"),
    [
        ("100", "优秀"),
        ("90", "优秀"),
        ("89.9", "合格"),
        ("60", "合格"),
        ("59.9", "不合格"),
        ("0", "不合格"),
    ],
)
def test_default_grade_bands_at_their_boundaries(score, grade):
    assert grade_of(Decimal(score)) == grade


def test_a_good_band_can_be_added():
    bands = (Band("优秀", Decimal(90)), Band("良好", Decimal(80)), *DEFAULT_BANDS[1:])
    assert [grade_of(Decimal(s), bands) for s in ("90", "89.9", "80", "79.9", "60")] == [
        "优秀",
        "良好",
        "良好",
        "合格",
        "合格",
    ]


@given(st.lists(st.integers(0, 1000).map(lambda n: Decimal(n) / 10), min_size=1, max_size=6))
def test_the_mean_of_reviewers_lies_between_them_to_one_decimal(totals):
    mean = mean_score(totals)
    assert min(totals) <= mean <= max(totals)
    assert mean == mean.quantize(Decimal("0.1"))


@pytest.mark.parametrize(
    ("totals", "mean"),
    [
        (("89.9", "90"), "90.0"),
        (("59.9", "60"), "60.0"),
        (("59.8", "59.9"), "59.9"),
        (("0", "100"), "50.0"),
    ],
)
def test_the_mean_rounds_half_up(totals, mean):
    assert mean_score([Decimal(t) for t in totals]) == Decimal(mean)


def test_discussion_when_reviewers_differ_by_more_than_the_threshold():
    ten = Decimal(10)
    assert not needs_discussion([Decimal(80), Decimal(90)], ten)
    assert needs_discussion([Decimal(80), Decimal("90.5")], ten)
    assert not needs_discussion([Decimal(80)], ten)
    with pytest.raises(InputRejected, match="还没有"):
        mean_score([])


def test_a_sheet_with_an_unknown_item_or_a_bad_count_is_refused():
    standard = Standard(
        "行政处罚一般程序",
        "t",
        1,
        (VetoItem("V1", "超越职权"),),
        (Category("C1", "全部", Decimal(100), (DeductionItem("A", "x", Decimal(1)),)),),
        DEFAULT_BANDS,
    )
    for sheet, message in (
        (Sheet(defects={"Z": 1}), "没有扣分项“Z”"),
        (Sheet(frozenset({"V9"})), "没有否决项“V9”"),
        (Sheet(defects={"A": -1}), "应为0或正整数"),
        (Sheet(defects={"A": True}), "应为0或正整数"),
    ):
        with pytest.raises(InputRejected, match=message):
            score_sheet(standard, sheet)
