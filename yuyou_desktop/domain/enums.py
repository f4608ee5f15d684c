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


class PersonRole(LabelledEnum):
    ENFORCEMENT = ("enforcement", "执法人员")
    SUPERVISOR = ("supervisor", "监督人员")
    INVITED = ("invited", "特邀行政执法监督员")
    LIAISON = ("liaison", "联络员")


class CertificateKind(LabelledEnum):
    ENFORCEMENT = ("enforcement", "行政执法证")
    SUPERVISION = ("supervision", "行政执法监督证")


class CertificateStatus(LabelledEnum):
    """Derived from the dates and the revocation, never stored."""

    VALID = ("valid", "有效")
    EXPIRING = ("expiring", "即将到期")
    EXPIRED = ("expired", "已过期")
    REVOKED = ("revoked", "已注销")
    NOT_YET = ("not_yet", "未生效")


class ExamResult(LabelledEnum):
    PASSED = ("passed", "通过")
    FAILED = ("failed", "未通过")
    ABSENT = ("absent", "缺考")


class MatterCategory(LabelledEnum):
    LICENSING = ("licensing", "行政许可")
    PENALTY = ("penalty", "行政处罚")
    COERCION = ("coercion", "行政强制")
    INSPECTION = ("inspection", "行政检查")
    EXPROPRIATION = ("expropriation", "行政征收征用")
    BENEFIT = ("benefit", "行政给付")
    OTHER = ("other", "其他")


class ContactHostKind(LabelledEnum):
    ASSOCIATION = ("association", "行业协会")
    CHAMBER = ("chamber", "商会")
    ENTERPRISE = ("enterprise", "企业")
    VILLAGE = ("village", "村/社区")
    OTHER = ("other", "其他")


class EnterpriseCategory(LabelledEnum):
    INDUSTRY = ("industry", "规上工业")
    CONSTRUCTION = ("construction", "资质建筑业")
    TRADE = ("trade", "限上批零住餐")
    SERVICES = ("services", "规上服务业")
    KEY_PROJECT = ("key_project", "重点项目")
    OTHER = ("other", "其他")


class FilingStatus(LabelledEnum):
    """Whether a unit filed its internal supervision body for a year (derived)."""

    ON_TIME = ("on_time", "按时备案")
    LATE = ("late", "逾期备案")
    MISSING = ("missing", "未备案")


class InspectionKind(LabelledEnum):
    ROUTINE = ("routine", "常态化监督")
    SPECIAL = ("special", "专项监督")
    ENTERPRISE = ("enterprise", "涉企行政执法监督")
    ENFORCEMENT_CHECK = ("enforcement_check", "行政执法检查")
    RANDOM = ("random", "双随机抽查")
    REVIEW_FOLLOW_UP = ("review_follow_up", "案卷评查回访")
    COMPLAINT = ("complaint", "投诉举报核查")


class FocusArea(LabelledEnum):
    FOOD_DRUG = ("food_drug", "食品药品")
    WORK_SAFETY = ("work_safety", "安全生产")
    ENVIRONMENT = ("environment", "生态环境")
    HEALTH = ("health", "医疗卫生")
    LABOUR = ("labour", "劳动保障")
    OTHER = ("other", "其他")


class ProblemCategory(LabelledEnum):
    SUBJECT = ("subject", "主体")
    PROCEDURE = ("procedure", "程序")
    EVIDENCE = ("evidence", "证据")
    LAW = ("law", "法律适用")
    DISCRETION = ("discretion", "裁量")
    DOCUMENTS = ("documents", "文书")
    CONDUCT = ("conduct", "作风纪律")
    OTHER = ("other", "其他")


class RectificationStatus(LabelledEnum):
    PENDING = ("pending", "待整改")
    IN_PROGRESS = ("in_progress", "整改中")
    DONE = ("done", "已整改")
    OVERDUE = ("overdue", "逾期")  # derived: not done and past the deadline


class LeadSource(LabelledEnum):
    HOTLINE = ("hotline", "12345热线")
    PETITION = ("petition", "信访")
    LETTER_VISIT = ("letter_visit", "来信来访")
    MEDIA = ("media", "网络媒体")
    CONTACT_POINT = ("contact_point", "监督联系点")
    INVITED = ("invited", "特邀监督员")
    JUDICIAL = ("judicial", "法院/检察院")
    OTHER = ("other", "其他")


class LeadStatus(LabelledEnum):
    OPEN = ("open", "办理中")
    TRANSFERRED = ("transferred", "已移送")
    CLOSED = ("closed", "已办结")


class TransferTarget(LabelledEnum):
    DISCIPLINE = ("discipline", "纪检监察机关")
    POLICE = ("police", "公安机关")
    PROCURATORATE = ("procuratorate", "检察机关")
    DEPARTMENT = ("department", "主管部门")


class TransferStatus(LabelledEnum):
    SENT = ("sent", "已移送")
    RECEIVED = ("received", "已接收")
    FED_BACK = ("fed_back", "已反馈")


class PlanItemStatus(LabelledEnum):
    """A 年度监督工作方案 item's progress (逾期 is derived, never stored)."""

    NOT_STARTED = ("not_started", "未开始")
    IN_PROGRESS = ("in_progress", "进行中")
    DONE = ("done", "已完成")
    CANCELLED = ("cancelled", "已取消")
