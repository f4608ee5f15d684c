"""Scoring standards as files: the defaults in resources/ are valid, a standard survives a round
trip, and a malformed file or one whose categories do not sum to 100 is refused with the reason."""

from __future__ import annotations

import copy
import json
from decimal import Decimal

import pytest

from yuyou_desktop.domain.scoring import Sheet, score_sheet
from yuyou_desktop.domain.scoring_file import CASE_TYPES, standard_from_data, standard_to_data
from yuyou_desktop.errors import InputRejected
from yuyou_desktop.paths import resources_dir


def defaults() -> dict[str, dict]:
    folder = resources_dir() / "standards"
    found = {}
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        found[data["case_type"]] = data
    return found


def test_a_default_standard_ships_for_every_case_type_and_is_valid():
    found = defaults()
    assert sorted(found) == sorted(CASE_TYPES)
    for data in found.values():
        standard = standard_from_data(data)
        assert sum(c.max_points for c in standard.categories) == 100
        assert standard.vetoes and all(c.items for c in standard.categories)
        assert [b.name for b in standard.bands] == ["优秀", "合格", "不合格"]


def test_the_default_penalty_standard_follows_the_domain_brief():
    standard = standard_from_data(defaults()["行政处罚一般程序"])
    assert [(c.name, c.max_points) for c in standard.categories] == [
        ("主体与权限", 10),
        ("事实与证据", 25),
        ("法律适用与裁量", 20),
        ("程序", 25),
        ("文书制作", 10),
        ("立卷归档", 10),
    ]
    rights = next(
        i for c in standard.categories for i in c.items if i.text.startswith("未告知陈述")
    )
    assert rights.points == 5
    sheet = Sheet(defects={rights.code: 1})
    assert score_sheet(standard, sheet).total == Decimal(95)


def test_a_standard_survives_a_round_trip():
    for data in defaults().values():
        standard = standard_from_data(data)
        again = standard_from_data(json.loads(json.dumps(standard_to_data(standard))))
        assert again == standard


def broken(change) -> dict:
    data = copy.deepcopy(defaults()["行政处罚一般程序"])
    change(data)
    return data


def _set(path, value):
    def change(data):
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (_set(("categories", 0, "max_points"), 9), "各类别分值合计为99分，应为100分"),
        (_set(("categories", 0, "max_points"), 0), "分值应大于0"),
        (_set(("categories", 0, "max_points"), "十"), "应为数字"),
        (_set(("categories", 0, "max_points"), 10.555), "最多保留两位小数"),
        (_set(("categories", 0, "max_points"), True), "应为数字"),
        (_set(("categories", 1, "items", 0, "points"), -1), "每处扣分应大于0"),
        (_set(("categories", 1, "items", 0, "cap"), 0.5), "扣分上限（0.5）小于每处扣分"),
        (_set(("categories", 1, "items", 1, "code"), "C2-1"), "编号“C2-1”重复"),
        (_set(("categories", 2, "name"), ""), "缺少“name”"),
        (_set(("categories",), {}), "缺少“categories”（应为列表）"),
        (_set(("categories",), []), "没有评分类别"),
        (_set(("vetoes", 0), "超越职权"), "第1个否决项应为一个对象"),
        (_set(("case_type",), "行政征收"), "不是可选的值"),
        (_set(("version",), 0), "版本号应为正整数"),
        (_set(("bands", 1, "min_score"), 95), "等次应按最低分从高到低排列"),
        (_set(("bands", 2, "min_score"), 10), "应从0分起"),
        (_set(("bands", 1, "name"), "优秀"), "不能为空或重复"),
    ],
)
def test_a_malformed_standard_is_refused_with_the_reason(change, message):
    with pytest.raises(InputRejected, match=message):
        standard_from_data(broken(change))


@pytest.mark.parametrize("data", [None, [], "标准", 3])
def test_a_file_that_is_not_a_standard_is_refused(data):
    with pytest.raises(InputRejected, match="评查标准文件应为一个对象"):
        standard_from_data(data)
