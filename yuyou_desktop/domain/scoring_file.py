"""A scoring standard as a JSON document (``resources/standards/*.json``, and the files the county
exports and imports).  ``standard_from_data`` refuses a malformed document with the place and the
reason, in Chinese, and returns nothing half-read.

Shape::

    {"case_type": "行政处罚一般程序", "name": "…", "version": 1,
     "vetoes": [{"code": "V1", "text": "…"}],
     "categories": [{"code": "C1", "name": "主体与权限", "max_points": 10,
                     "items": [{"code": "C1-1", "text": "…", "points": 2, "cap": 4}]}],
     "bands": [{"name": "优秀", "min_score": 90}, …]}      (bands optional: the defaults)

Points are numbers or decimal strings ("0.5"); floats are read through their decimal text.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from yuyou_desktop.domain.scoring import (
    DEFAULT_BANDS,
    Band,
    Category,
    DeductionItem,
    Standard,
    VetoItem,
    check_standard,
)
from yuyou_desktop.errors import InputRejected

CASE_TYPES = ("行政处罚一般程序", "行政许可", "行政强制", "行政检查")


def _points(value: Any, where: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise InputRejected(f"{where}应为数字，现为{value!r}。")
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise InputRejected(f"{where}应为数字，现为{value!r}。") from None
    if not number.is_finite():
        raise InputRejected(f"{where}应为数字，现为{value!r}。")
    if number != number.quantize(Decimal("0.01")):
        raise InputRejected(f"{where}最多保留两位小数，现为{value!r}。")
    return number


def _text(data: dict[str, Any], key: str, where: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise InputRejected(f"{where}缺少“{key}”（应为非空文字）。")
    return value.strip()


def _list(data: dict[str, Any], key: str, where: str) -> list[Any]:
    value = data.get(key)
    if not isinstance(value, list):
        raise InputRejected(f"{where}缺少“{key}”（应为列表）。")
    return value


def _object(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InputRejected(f"{where}应为一个对象（{{…}}）。")
    return value


def standard_from_data(data: Any) -> Standard:
    """The standard ``data`` describes, checked (``check_standard``) — or InputRejected."""
    top = _object(data, "评查标准文件")
    case_type = _text(top, "case_type", "评查标准")
    if case_type not in CASE_TYPES:
        raise InputRejected(
            f"评查标准的案件类型“{case_type}”不是可选的值（{'、'.join(CASE_TYPES)}）。"
        )
    name = _text(top, "name", "评查标准")
    version = top.get("version", 1)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise InputRejected(f"评查标准的版本号应为正整数，现为{version!r}。")
    vetoes = []
    for n, raw in enumerate(_list(top, "vetoes", "评查标准"), start=1):
        where = f"第{n}个否决项"
        item = _object(raw, where)
        vetoes.append(VetoItem(_text(item, "code", where), _text(item, "text", where)))
    categories = []
    for n, raw in enumerate(_list(top, "categories", "评查标准"), start=1):
        where = f"第{n}个评分类别"
        obj = _object(raw, where)
        cat_name = _text(obj, "name", where)
        where = f"评分类别“{cat_name}”"
        items = []
        for m, raw_item in enumerate(_list(obj, "items", where), start=1):
            item_where = f"{where}第{m}个扣分项"
            entry = _object(raw_item, item_where)
            cap = entry.get("cap")
            items.append(
                DeductionItem(
                    _text(entry, "code", item_where),
                    _text(entry, "text", item_where),
                    _points(entry.get("points"), f"{item_where}的每处扣分"),
                    None if cap is None else _points(cap, f"{item_where}的扣分上限"),
                )
            )
        categories.append(
            Category(
                _text(obj, "code", where),
                cat_name,
                _points(obj.get("max_points"), f"{where}的分值"),
                tuple(items),
            )
        )
    bands = DEFAULT_BANDS
    if "bands" in top:
        found = []
        for n, raw in enumerate(_list(top, "bands", "评查标准"), start=1):
            where = f"第{n}个等次"
            band = _object(raw, where)
            found.append(
                Band(_text(band, "name", where), _points(band.get("min_score"), f"{where}的最低分"))
            )
        bands = tuple(found)
    standard = Standard(case_type, name, version, tuple(vetoes), tuple(categories), bands)
    check_standard(standard)
    return standard


def standard_to_data(standard: Standard) -> dict[str, Any]:
    """The document ``standard_from_data`` reads back to an equal standard."""

    def number(value: Decimal) -> int | str:
        return int(value) if value == value.to_integral_value() else str(value)

    return {
        "case_type": standard.case_type,
        "name": standard.name,
        "version": standard.version,
        "vetoes": [{"code": v.code, "text": v.text} for v in standard.vetoes],
        "categories": [
            {
                "code": c.code,
                "name": c.name,
                "max_points": number(c.max_points),
                "items": [
                    {"code": i.code, "text": i.text, "points": number(i.points)}
                    | ({} if i.cap is None else {"cap": number(i.cap)})
                    for i in c.items
                ],
            }
            for c in standard.categories
        ],
        "bands": [{"name": b.name, "min_score": number(b.min_score)} for b in standard.bands],
    }
