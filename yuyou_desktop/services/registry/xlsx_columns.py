"""How the fields of a register appear in a workbook: plain column descriptions for
``documents.registers_xlsx`` and the cell value of each stored value."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from yuyou_desktop.documents import registers_xlsx as xl
from yuyou_desktop.services.registry.fields import (
    BOOL,
    CREDIT_CODE,
    DATE,
    DERIVED,
    ENUM,
    FLOAT,
    ID_NUMBER,
    INT,
    PERSON,
    UNIT,
    Field,
)
from yuyou_desktop.services.registry.specs import RegisterSpec
from yuyou_desktop.storage.models import Certificate


def _range(field: Field) -> str:
    if field.low is not None and field.high is not None:
        return f"，{field.low:g}～{field.high:g}"
    return ""


def describe(field: Field) -> str:
    """The format of a field in words, for the instructions sheet."""
    if field.kind == DATE:
        text = "日期，例如 2026-03-01"
    elif field.kind == INT:
        text = "整数" + _range(field)
    elif field.kind == FLOAT:
        text = "数字" + _range(field)
    elif field.kind == BOOL:
        text = "填“是”或“否”，不填视为“否”"
    elif field.kind == ENUM:
        text = "从下拉列表中选择"
    elif field.kind == CREDIT_CODE:
        text = "18位统一社会信用代码，末位校验码须正确（GB 32100-2015）"
    elif field.kind == ID_NUMBER:
        text = "18位居民身份证号，末位校验码须正确（GB 11643），末位可为X"
    elif field.kind == UNIT:
        text = "已在“行政执法主体”中登记的单位全称（可从下拉列表中选择）"
    elif field.kind == PERSON:
        text = "已在“人员”中登记的人员的身份证号"
    elif field.kind == DERIVED:
        text = "由程序计算，导入时忽略"
    else:
        text = "文字" + (f"，不超过{field.max_len}字" if field.max_len else "")
    return f"{text}。{field.help}" if field.help else f"{text}。"


def column(field: Field, unit_names: Sequence[str] = ()) -> xl.Column:
    kind = xl.TEXT
    choices: tuple[str, ...] = ()
    strict = True
    if field.kind == DATE:
        kind = xl.DATE
    elif field.kind in (INT, FLOAT):
        kind = xl.NUMBER
    elif field.kind == BOOL:
        kind = xl.BOOL
    elif field.enum is not None:
        kind, choices = xl.CHOICE, tuple(field.enum.labels())
    elif field.kind == UNIT and unit_names:
        # units registered later are still accepted, so the drop-down only warns
        kind, choices, strict = xl.CHOICE, tuple(unit_names), False
    return xl.Column(
        label=field.label,
        kind=kind,
        width=field.width,
        required=field.required,
        choices=choices,
        strict=strict,
        note=describe(field),
    )


def export_columns(spec: RegisterSpec) -> list[xl.Column]:
    return [column(f) for f in spec.fields]


def template_columns(spec: RegisterSpec, unit_names: Sequence[str]) -> list[xl.Column]:
    return [column(f, unit_names) for f in spec.editable_fields]


def cell_value(field: Field, value: Any) -> Any:
    """A stored value as a worksheet cell: labels for enums, 是/否, real dates and numbers."""
    if value is None:
        return None
    if field.enum is not None:
        try:
            return field.enum(value).label
        except ValueError:
            return str(value)
    if field.kind == BOOL:
        return "是" if value else "否"
    return value


def matching_rule(spec: RegisterSpec) -> str:
    labels = "＋".join(f"“{spec.field(key).label}”" for key in spec.natural_key)
    text = (
        f"按{labels}与已登记的记录匹配：相同的行更新该记录（只改文件中有的列），"
        "其余的行新增为新记录；内容完全相同的行不做改动。同一文件中不能有两行匹配依据相同。"
    )
    if spec.model is Certificate:
        text += "未注销的证件编号不能重复；填写了注销日期的行对应已注销的证件。"
    return text
