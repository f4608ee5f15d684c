"""Enumerations stored by their English value and shown by their Chinese label."""

from __future__ import annotations

from enum import StrEnum


class LabelledEnum(StrEnum):
    """A string enum whose members carry a Chinese label: ``Member = ("value", "标签")``."""

    label: str

    def __new__(cls, value: str, label: str) -> LabelledEnum:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    @classmethod
    def from_label(cls, label: str) -> LabelledEnum:
        for member in cls:
            if member.label == label:
                return member
        raise ValueError(label)

    @classmethod
    def labels(cls) -> list[str]:
        return [member.label for member in cls]


class OfficeRole(LabelledEnum):
    TOWNSHIP = ("township", "乡镇司法所")
    COUNTY = ("county", "县司法局")


class UnitKind(LabelledEnum):
    STATUTORY = ("statutory", "法定行政机关")
    AUTHORISED = ("authorised", "法律法规授权组织")
    ENTRUSTED = ("entrusted", "受委托组织")


class UnitLevel(LabelledEnum):
    COUNTY = ("county", "县级")
    TOWNSHIP = ("township", "乡镇")


class UnitStatus(LabelledEnum):
    ACTIVE = ("active", "正常")
    SUSPENDED = ("suspended", "暂停执法")
    ABOLISHED = ("abolished", "已撤销")
