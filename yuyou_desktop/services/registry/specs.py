"""The registers of 单位登记: which table, which fields in which order, which natural key.

One description drives the list and search queries, the edit forms, validation, and the
Excel export, template and import.
"""

from __future__ import annotations

from dataclasses import dataclass

from yuyou_desktop.domain.enums import (
    CertificateKind,
    CertificateStatus,
    ContactHostKind,
    EnterpriseCategory,
    ExamResult,
    FilingStatus,
    MatterCategory,
    PersonRole,
    UnitKind,
    UnitLevel,
    UnitStatus,
)
from yuyou_desktop.errors import InputRejected
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
from yuyou_desktop.storage import models
from yuyou_desktop.storage.models import SyncColumns


@dataclass(frozen=True)
class RegisterSpec:
    name: str  # CLI name, e.g. "contact-points"
    title: str  # Chinese name, also the sheet name
    model: type[SyncColumns]
    fields: tuple[Field, ...]
    natural_key: tuple[str, ...]
    default_sort: str

    def field(self, key: str) -> Field:
        for field in self.fields:
            if field.key == key:
                return field
        raise KeyError(key)

    @property
    def editable_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.editable)


def attr_of(field: Field) -> str:
    """The model attribute that stores a field."""
    if field.kind == UNIT:
        return "unit_id"
    if field.kind == PERSON:
        return "person_id"
    return field.key


UNIT_REF = Field(
    "unit", "所属单位", UNIT, required=True, width=28, searchable=True, filterable=True
)
PERSON_REF = Field("person_id_number", "身份证号", PERSON, required=True, width=21, searchable=True)
PERSON_NAME = Field("person_name", "姓名", DERIVED, width=10, searchable=True)
YEAR = Field("year", "年度", INT, required=True, width=8, low=2000, high=2100, filterable=True)

REGISTERS: tuple[RegisterSpec, ...] = (
    RegisterSpec(
        "units",
        "行政执法主体",
        models.EnforcementUnit,
        (
            Field("name", "单位名称", required=True, max_len=120, width=30, searchable=True),
            Field("credit_code", "统一社会信用代码", CREDIT_CODE, True, width=21, searchable=True),
            Field("kind", "主体类别", ENUM, True, enum=UnitKind, width=16, filterable=True),
            Field("sector", "执法领域", max_len=40, width=14),
            Field("level", "层级", ENUM, True, enum=UnitLevel, width=8, filterable=True),
            Field("township_code", "所在乡镇代码", max_len=12, width=12),
            Field("address", "地址", max_len=200, width=30),
            Field("contact_person", "联系人", max_len=40, width=10),
            Field("phone", "联系电话", max_len=40, width=14),
            Field(
                "status",
                "状态",
                ENUM,
                True,
                enum=UnitStatus,
                width=10,
                filterable=True,
                default=UnitStatus.ACTIVE.value,
            ),
            Field("remark", "备注", max_len=200, width=20),
        ),
        ("credit_code",),
        "name",
    ),
    RegisterSpec(
        "filings",
        "监督机构备案",
        models.SupervisionFiling,
        (
            UNIT_REF,
            YEAR,
            Field(
                "body_name", "监督机构名称", required=True, max_len=120, width=26, searchable=True
            ),
            Field("head", "负责人", max_len=40, width=10),
            Field("staff_count", "人数", INT, width=6, low=0, high=10000),
            Field("filed_on", "备案日期", DATE, width=12),
            Field("filing_status", "备案情况", DERIVED, enum=FilingStatus, width=10),
            Field("remark", "备注", max_len=200, width=20),
        ),
        ("unit", "year"),
        "year",
    ),
    RegisterSpec(
        "people",
        "人员",
        models.Person,
        (
            Field("name", "姓名", required=True, max_len=40, width=10, searchable=True),
            Field("id_number", "身份证号", ID_NUMBER, True, width=21, searchable=True),
            Field("role", "人员类别", ENUM, True, enum=PersonRole, width=18, filterable=True),
            Field("unit", "所属单位", UNIT, width=28, searchable=True, filterable=True),
            Field("organisation", "工作单位或身份", max_len=120, width=20),
            Field("phone", "联系电话", max_len=40, width=14),
            Field("legal_qualification", "法律职业资格", BOOL, width=8),
            Field("remark", "备注", max_len=200, width=20),
        ),
        ("id_number",),
        "name",
    ),
    RegisterSpec(
        "certificates",
        "证件",
        models.Certificate,
        (
            PERSON_NAME,
            PERSON_REF,
            Field("kind", "证件类别", ENUM, True, enum=CertificateKind, width=14, filterable=True),
            Field("number", "证件编号", required=True, max_len=40, width=16, searchable=True),
            Field("issuer", "发证机关", max_len=80, width=18),
            Field("valid_from", "有效期起", DATE, True, width=12),
            Field("valid_to", "有效期至", DATE, True, width=12),
            Field("status", "状态", DERIVED, enum=CertificateStatus, width=10, filterable=True),
            Field("revoked_on", "注销日期", DATE, width=12),
            Field("revoke_reason", "注销原因", max_len=200, width=20),
        ),
        ("number",),
        "valid_to",
    ),
    RegisterSpec(
        "trainings",
        "培训考核",
        models.Training,
        (
            PERSON_NAME,
            PERSON_REF,
            YEAR,
            Field(
                "course", "培训或考试名称", required=True, max_len=120, width=26, searchable=True
            ),
            Field("law_exam", "年度公共法律知识考试", BOOL, width=10, filterable=True),
            Field("score", "成绩", FLOAT, width=8, low=0, high=1000),
            Field("result", "结果", ENUM, True, enum=ExamResult, width=8, filterable=True),
        ),
        ("person_id_number", "year", "course"),
        "year",
    ),
    RegisterSpec(
        "matters",
        "执法事项清单",
        models.Matter,
        (
            UNIT_REF,
            Field(
                "category", "事项类别", ENUM, True, enum=MatterCategory, width=12, filterable=True
            ),
            Field("name", "事项名称", required=True, max_len=200, width=36, searchable=True),
            Field("legal_basis", "法律依据", max_len=2000, width=40),
        ),
        ("unit", "name"),
        "name",
    ),
    RegisterSpec(
        "contact-points",
        "监督联系点",
        models.ContactPoint,
        (
            Field("name", "联系点名称", required=True, max_len=120, width=28, searchable=True),
            Field("host_kind", "依托单位类型", ENUM, True, enum=ContactHostKind, width=12),
            Field("host_org", "依托单位", required=True, max_len=120, width=26, searchable=True),
            Field("township_code", "所在乡镇代码", max_len=12, width=12),
            Field("liaison", "联络员", max_len=40, width=10, searchable=True),
            Field("phone", "联系电话", max_len=40, width=14),
            Field("address", "地址", max_len=200, width=30),
        ),
        ("name",),
        "name",
    ),
    RegisterSpec(
        "enterprises",
        "检查对象",
        models.Enterprise,
        (
            Field("name", "企业名称", required=True, max_len=120, width=30, searchable=True),
            Field("credit_code", "统一社会信用代码", CREDIT_CODE, True, width=21, searchable=True),
            Field(
                "category",
                "企业类别",
                ENUM,
                True,
                enum=EnterpriseCategory,
                width=14,
                filterable=True,
            ),
            Field("township_code", "所在乡镇代码", max_len=12, width=12),
            Field("address", "地址", max_len=200, width=30),
            Field("contact_person", "联系人", max_len=40, width=10),
            Field("phone", "联系电话", max_len=40, width=14),
        ),
        ("credit_code",),
        "name",
    ),
)

BY_NAME = {spec.name: spec for spec in REGISTERS}
NAMES = tuple(BY_NAME)


def register(name: str) -> RegisterSpec:
    try:
        return BY_NAME[name]
    except KeyError:
        raise InputRejected(f"没有名为“{name}”的登记簿。可选：{'、'.join(NAMES)}。") from None
