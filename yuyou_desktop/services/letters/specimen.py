"""Specimens (样张): every 文书 type filled in with a realistic example from 右玉县, printed with
an example number and without the draft mark, so that the layout can be checked on paper
before a real letter is written.  Nothing is stored and no number is taken.

The examples are invented (单位 are real 右玉县 departments, people are 某某, case numbers are
made up); dates are counted from the day the specimen is printed.  A template added later
without an example of its own is filled from its field labels, so every type has a specimen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from yuyou_desktop.domain.letters import (
    LetterType,
    TemplateField,
    format_letter_number,
    written_date,
)
from yuyou_desktop.domain.office import OfficeInfo
from yuyou_desktop.services.letters.records import LetterDraft
from yuyou_desktop.services.letters.service import LetterService

SPECIMEN_SERIAL = 1
MARKET = "右玉县市场监督管理局"
TRANSPORT = "右玉县交通运输局"
LAND = "右玉县自然资源局"
AGRICULTURE = "右玉县农业农村局"
SAFETY = "右玉县应急管理局"
LAW = "《中华人民共和国行政处罚法》"


@dataclass(frozen=True)
class _Context:
    on: date
    office: str
    prefix: str

    @property
    def year(self) -> int:
        return self.on.year

    def day(self, offset: int) -> str:
        """A date ``offset`` days from the printing day, written the GB/T 9704 way."""
        return written_date(self.on + timedelta(days=offset))

    def iso(self, offset: int) -> str:
        return (self.on + timedelta(days=offset)).isoformat()

    def number(self, suffix: str, serial: int) -> str:
        prefix = self.prefix or "右司监"
        return format_letter_number(prefix + suffix, self.year, serial)


@dataclass(frozen=True)
class _Example:
    recipient: str
    title: str
    fields: dict[str, str]
    attachments: tuple[str, ...] = ()
    cc: tuple[str, ...] = ()


def _lines(*lines: str) -> str:
    return "\n".join(lines)


def _notice(c: _Context) -> _Example:
    y = c.year
    return _Example(
        MARKET,
        "关于纠正行政处罚程序问题的行政执法监督通知书",
        {
            "facts": _lines(
                "（一）未依法告知当事人陈述、申辩权利。",
                f"你单位作出的右市监处罚〔{y}〕12号行政处罚决定，卷内没有行政处罚事先告知书"
                "及其送达回证，当事人右玉县某商贸有限公司称未收到告知，不符合"
                f"{LAW}第四十四条、第四十五条的规定。",
                "（二）未在法定期限内作出行政处罚决定。",
                f"右市监处罚〔{y}〕15号案件于{c.day(-150)}立案，至{c.day(-40)}才作出处罚决定，"
                "卷内没有负责人批准延长办案期限的记录，不符合"
                f"{LAW}第六十条的规定。",
            ),
            "basis": _lines(
                f"{LAW}第四十四条、第四十五条、第六十条；",
                "《山西省行政执法条例》关于行政执法监督的有关规定。",
            ),
            "requirement": _lines(
                f"1. 对右市监处罚〔{y}〕12号案件重新履行告知程序，依法听取当事人的陈述、申辩；",
                f"2. 对{y}年以来作出的行政处罚案件开展自查，逐案核对告知、法制审核、送达等"
                "程序环节，发现问题的依法纠正；",
                "3. 组织执法人员学习行政处罚法，严格落实行政执法公示、执法全过程记录和"
                "重大执法决定法制审核制度。",
            ),
            "deadline": c.iso(30),
        },
    )


def _opinion(c: _Context) -> _Example:
    return _Example(
        TRANSPORT,
        "关于规范道路运输行政检查工作的行政执法监督意见书",
        {
            "findings": _lines(
                "（一）部分行政检查未制作现场检查笔录。",
                f"抽查你单位{c.year}年第一季度开展的12次道路运输企业检查，其中3次只有照片，"
                "没有现场检查笔录和被检查人签字。",
                "（二）行政检查未经批准即增加检查频次。",
                "对同一企业一个月内检查4次，卷内没有检查计划和审批记录，给企业正常经营造成影响。",
            ),
            "opinions": _lines(
                "1. 每次行政检查应当制作现场检查笔录，由执法人员和被检查人签字确认；",
                "2. 制定年度行政检查计划，合理确定检查频次，非必要不重复检查；",
                "3. 将行政检查信息按规定录入行政执法信息平台，接受社会监督。",
            ),
            "deadline": c.iso(30),
        },
    )


def _proposal(c: _Context) -> _Example:
    return _Example(
        LAND,
        "关于加强行政执法全过程记录工作的行政执法监督建议书",
        {
            "findings": _lines(
                "（一）执法全过程记录不完整。",
                f"抽查的{c.year}年8份行政处罚案卷中，5份在现场勘验、查封等环节没有音像记录。",
                "（二）执法记录仪管理不规范。",
                "执法记录仪由个人保管，音像资料未按规定及时导出、归档。",
            ),
            "recommendations": _lines(
                "1. 对现场检查、调查取证、查封扣押等容易引发争议的执法环节，全程音像记录；",
                "2. 建立执法记录仪统一保管、领用登记和音像资料定期归档制度；",
                "3. 将执法全过程记录情况纳入执法人员年度考核。",
            ),
        },
        attachments=(f"{LAND}行政处罚案卷抽查情况表",),
    )


def _decision(c: _Context) -> _Example:
    y = c.year
    return _Example(
        AGRICULTURE,
        f"关于撤销右农罚〔{y}〕3号行政处罚决定的行政执法监督决定书",
        {
            "facts": _lines(
                f"你单位于{c.day(-60)}作出右农罚〔{y}〕3号行政处罚决定，以销售假种子为由，"
                "对右玉县某农资经营部处以罚款二万元。经审查，该案存在以下问题：",
                "一、认定违法事实的证据不足",
                "该案认定当事人销售假种子的主要证据只有一份询问笔录，没有对涉案种子进行检验或者"
                "鉴定，也没有调取进货凭证和销售记录。",
                "二、未经法制审核",
                f"该案罚款数额较大，作出处罚决定前未经法制审核，不符合{LAW}第五十八条的规定。",
            ),
            "basis": f"{LAW}第四十条、第五十八条和《山西省行政执法条例》的有关规定",
            "decision": _lines(
                f"一、撤销你单位作出的右农罚〔{y}〕3号行政处罚决定。",
                "二、责令你单位在查明事实的基础上依法重新处理。",
            ),
            "deadline": c.iso(45),
        },
    )


def _rectification(c: _Context) -> _Example:
    return _Example(
        SAFETY,
        "关于安全生产行政执法问题的行政执法监督整改通知书",
        {
            "problems": _lines(
                "1. 执法人员未出示执法证件。2家企业反映检查时执法人员未主动出示行政执法证件，"
                f"不符合{LAW}第四十二条的规定。",
                "2. 行政处罚决定书未载明救济途径。右应急罚〔"
                f"{c.year}〕6号行政处罚决定书没有写明申请行政复议、提起行政诉讼的途径和期限。",
                "3. 行政执法公示不及时。部分行政处罚决定未在7个工作日内公开。",
            ),
            "requirements": _lines(
                "1. 对上述问题逐项制定整改措施，明确责任人和完成时限；",
                "2. 对已作出的行政处罚决定书逐份检查，补正救济途径告知；",
                "3. 完善行政执法公示工作流程，确保按时公开。",
            ),
            "deadline": c.iso(30),
        },
        cc=("右玉县人民政府办公室",),
    )


def _review_result(c: _Context) -> _Example:
    y = c.year
    return _Example(
        MARKET,
        f"关于{y}年度行政执法案卷评查结果的通知",
        {
            "campaign": f"{y}年度全县行政执法案卷评查",
            "summary": _lines(
                "本次评查随机抽取你单位行政处罚案卷3份，由2名评查人员分别评分后取平均分。",
                "你单位案卷平均得分85.0分，评查等次为合格。",
            ),
            "files": _lines(
                f"1. 右市监处罚〔{y}〕8号 某超市销售过期食品案，92.5分，优秀；",
                f"2. 右市监处罚〔{y}〕15号 某商贸有限公司未按规定标注价格案，84.0分，合格；",
                f"3. 右市监处罚〔{y}〕21号 某餐馆未取得食品经营许可案，78.5分，合格。",
            ),
            "problems": _lines(
                "1. 部分案卷事先告知书未载明拟作出处罚的事实、理由和依据；",
                "2. 送达回证填写不完整，缺少受送达人签收日期；",
                "3. 卷内材料排列顺序不统一，目录与页码不对应。",
            ),
            "requirements": _lines(
                "1. 对照评查发现的问题逐卷整改，举一反三，完善执法文书制作规范；",
                "2. 组织执法人员学习案卷评查标准，提高办案质量。",
            ),
            "deadline": c.iso(30),
        },
        attachments=("行政处罚案卷评分表（3份）", "常见问题清单"),
        cc=("右玉县人民政府", "朔州市司法局"),
    )


def _referral(c: _Context) -> _Example:
    return _Example(
        "中共右玉县纪律检查委员会、右玉县监察委员会",
        "关于移送行政执法人员涉嫌违纪问题线索的函",
        {
            "lead": _lines(
                "（一）线索来源",
                f"{c.day(-20)}，本机关收到群众实名举报，并于次日进行了初步核实。",
                "（二）涉及单位和人员",
                f"{MARKET}某执法中队执法人员张某某。",
                "（三）主要问题",
                "举报反映张某某在对某餐馆检查时，暗示对方购买指定企业的消毒设备，否则“检查过"
                "不了”。经初步核实，举报反映的情况有一定依据。",
            ),
            "reason": _lines(
                "上述问题涉嫌公职人员违纪违法，不属于本机关行政执法监督的处理范围。根据"
                "《中华人民共和国监察法》的有关规定，现移送你委依法处理。",
            ),
        },
        attachments=("举报材料复印件（共4页）", "初步核实情况说明（共2页）"),
    )


def _service_receipt(c: _Context) -> _Example:
    return _Example(
        MARKET,
        "送达回证",
        {
            "document": f"行政执法监督通知书（{c.number('通', 1)}）",
            "place": f"{MARKET}法规股办公室",
            "method": "直接送达",
            "server": "王某某、李某某",
            "note": "受送达人因公外出，由该局办公室主任赵某某代为签收。",
        },
    )


def _inspection_record(c: _Context) -> _Example:
    return _Example(
        MARKET,
        "行政执法监督检查记录",
        {
            "inspection_number": format_letter_number(f"{c.prefix or '右司监'}检", c.year, 5),
            "time": f"{c.day(-3)}9时30分至11时40分",
            "place": f"{MARKET}会议室",
            "supervisors": _lines(
                f"王某某（{c.office}，行政执法监督证号14062300012）",
                f"李某某（{c.office}，行政执法监督证号14062300015）",
            ),
            "kind": "专项监督",
            "content": _lines(
                f"1. 抽查{c.year}年行政处罚案卷5份，行政检查记录10份；",
                "2. 检查行政执法公示、执法全过程记录和重大执法决定法制审核制度落实情况；",
                "3. 查看执法人员持证情况。",
            ),
            "problems": _lines(
                "1. 2份案卷事先告知书未载明处罚依据；",
                "2. 执法记录仪音像资料未按月归档。",
            ),
            "conclusion": "行政执法工作总体规范，发现的问题将以行政执法监督通知书形式督促整改。",
        },
    )


EXAMPLES: dict[str, Callable[[_Context], _Example]] = {
    "notice": _notice,
    "opinion": _opinion,
    "proposal": _proposal,
    "decision": _decision,
    "rectification": _rectification,
    "review_result": _review_result,
    "referral": _referral,
    "service_receipt": _service_receipt,
    "inspection_record": _inspection_record,
}


def _field_example(spec: TemplateField, c: _Context) -> str:
    """A field without an example of its own, filled from its label."""
    if spec.kind == "date":
        return c.iso(30)
    if spec.kind == "line":
        return f"{spec.label}示例"
    return _lines(f"（一）{spec.label}示例第一项。", f"（二）{spec.label}示例第二项。")


def _from_labels(letter_type: LetterType, c: _Context) -> _Example:
    """A template added without an example: the recipient by its kind, fields from labels."""
    recipient = {"unit": MARKET, "organ": "右玉县纪委监委"}.get(letter_type.recipient, "")
    return _Example(recipient, letter_type.name, {})


def specimen_draft(
    letter_type: LetterType, office_name: str, *, on: date | None = None, prefix: str = ""
) -> LetterDraft:
    """A fully filled example of ``letter_type`` as the office ``office_name`` would write it;
    dates are counted from ``on`` (default: today), numbers cited in the text use ``prefix``
    (the office's 机关代字)."""
    context = _Context(on or date.today(), office_name, prefix)
    make = EXAMPLES.get(letter_type.code)
    example = make(context) if make is not None else _from_labels(letter_type, context)
    fields = {
        spec.key: example.fields.get(spec.key) or _field_example(spec, context)
        for spec in letter_type.fields
    }
    return LetterDraft(
        type_code=letter_type.code,
        unit_id=None,
        recipient=example.recipient,
        title=example.title,
        fields=fields,
        attachments=example.attachments,
        cc=example.cc,
    )


def specimen_number(office: OfficeInfo, letter_type: LetterType, on: date) -> str:
    """The example 发文字号 a specimen is printed with: the type's first number of the year."""
    return format_letter_number(office.prefix + letter_type.suffix, on.year, SPECIMEN_SERIAL)


def render_specimen(letters: LetterService, office: OfficeInfo, type_code: str, on: date) -> bytes:
    """The specimen of ``type_code`` as PDF, printed with an example number, dated ``on`` and
    marked 样张 across every page (so that it never passes for a real letter).  Nothing is
    stored."""
    letter_type = letters.letter_type(type_code)
    draft = specimen_draft(letter_type, office.name, on=on, prefix=office.prefix)
    number = specimen_number(office, letter_type, on)
    return letters.render(draft, number=number, on=on, draft_mark=False, mark="样  张")
