"""Starting a letter from what the office already recorded: an inspection (检查记录), a lead
(问题线索), a 案卷评查 campaign's results, or another letter (送达回证).

Every method returns plain :class:`LetterDraft` values to be shown, edited and saved by the
user through :class:`LetterService`; nothing is stored here.  The sources are read through their
own services, so a deleted source is refused with that service's message.  What the source does
not say (a legal basis, requirements) is given a default text the user edits; what only the user
can decide (a 决定书's decision, a campaign's report deadline, how a letter is served) is left
empty, so that issuing asks for it.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime

from sqlalchemy import select

from yuyou_desktop.domain.enums import PersonRole, RectificationStatus, TransferTarget
from yuyou_desktop.domain.letters import LetterStatus, LetterType, written_date
from yuyou_desktop.errors import InputRejected
from yuyou_desktop.services import ownership
from yuyou_desktop.services.inspections.leads import LeadService
from yuyou_desktop.services.inspections.leads_query import LeadRow
from yuyou_desktop.services.inspections.records import InspectionRecord, ProblemRecord
from yuyou_desktop.services.inspections.service import InspectionService
from yuyou_desktop.services.letters.records import LetterDraft
from yuyou_desktop.services.letters.service import LetterService
from yuyou_desktop.services.reviews.records import FINALISED, FileResult
from yuyou_desktop.services.reviews.results import VETO, ResultService
from yuyou_desktop.storage.database import Database
from yuyou_desktop.storage.models import EnforcementUnit

# the letter types an inspection can start (all but the record need a problem found)
FROM_INSPECTION = (
    "rectification",
    "notice",
    "opinion",
    "proposal",
    "decision",
    "inspection_record",
)
DEFAULT_BASIS = "《山西省行政执法条例》《行政执法监督条例》"
RECTIFICATION_REQUIREMENTS = (
    "1. 针对上述问题逐项制定整改措施，明确整改责任人和完成时限。\n"
    "2. 举一反三，对同类行政执法案卷和执法行为开展自查，建立整改台账。\n"
    "3. 整改完成后形成书面整改报告，连同相关证明材料报送本机关。"
)
NOTICE_REQUIREMENT = (
    "请你单位对上述问题依法予以纠正，完善相关执法程序和制度，防止同类问题再次发生。"
)
OPINIONS = (
    "1. 对上述问题逐项核实，依法予以纠正。\n"
    "2. 加强执法人员法律知识和业务培训，严格规范执法程序。\n"
    "3. 健全内部监督制度，落实行政执法“三项制度”。"
)
RECOMMENDATIONS = (
    "1. 组织对上述问题涉及的执法行为进行自查，完善执法流程和文书规范。\n"
    "2. 加强执法人员培训和考核，提高依法行政能力。\n"
    "3. 建立问题整改台账，定期开展案卷自评。"
)
REVIEW_REQUIREMENTS = (
    "1. 对照评查发现的问题逐卷分析原因，能够补正的依法补正。\n"
    "2. 组织执法人员学习评查标准，规范执法文书制作和案卷归档。\n"
    "3. 将整改情况形成书面报告，连同整改材料报送本机关。"
)
REFERRAL_REASONS = {
    TransferTarget.DISCIPLINE.value: "上述问题涉嫌公职人员违纪违法，根据《中华人民共和国监察法》"
    "有关规定，属于你机关管辖，现予移送。",
    TransferTarget.POLICE.value: "上述问题涉嫌犯罪，根据《行政执法机关移送涉嫌犯罪案件的规定》，"
    "应当移送公安机关依法处理。",
    TransferTarget.PROCURATORATE.value: "上述问题涉及行政执法与刑事司法衔接，根据《行政执法机关"
    "移送涉嫌犯罪案件的规定》有关规定，移送你院依法处理。",
    TransferTarget.DEPARTMENT.value: "上述问题属于你单位职责范围，根据《山西省行政执法条例》"
    "有关规定，移送你单位依法处理。",
}
REFERRAL_REASON = "上述问题属于你单位管辖范围，根据有关规定，现予移送。"


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith(("。", "！", "？", "；", "”")) else f"{text}。"


def _numbered(lines: list[str]) -> str:
    return "\n".join(f"{n}. {_sentence(line)}" for n, line in enumerate(lines, start=1))


def _moment(at: datetime) -> str:
    return f"{at.hour}时{at.minute:02d}分"


def _is_open(problem: ProblemRecord) -> bool:
    return problem.stored_status is not RectificationStatus.DONE


class LetterPrefill:
    def __init__(
        self,
        db: Database,
        inspections: InspectionService,
        leads: LeadService,
        results: ResultService,
        letters: LetterService,
    ) -> None:
        self._db = db
        self._inspections = inspections
        self._leads = leads
        self._results = results
        self._letters = letters

    # ------------------------------------------------------------ inspections

    def from_inspection(self, inspection_id: str, type_code: str) -> LetterDraft:
        """A 整改通知书, 通知书, 意见书, 建议书, 决定书 or 监督检查记录 about the inspection."""
        letter_type = self._letters.letter_type(type_code)
        if type_code not in FROM_INSPECTION:
            raise InputRejected(f"{letter_type.name}不能由检查记录生成。")
        record = self._inspections.get(inspection_id)
        if type_code == "inspection_record":
            fields = self._record_fields(record)
        else:
            fields = self._finding_fields(record, letter_type)
        return LetterDraft(
            type_code=type_code,
            unit_id=record.unit_id,
            recipient=record.unit_name,
            title=letter_type.name,
            fields=fields,
            source_kind="inspection",
            source_id=record.id,
        )

    @staticmethod
    def _finding_fields(record: InspectionRecord, letter_type: LetterType) -> dict[str, str]:
        open_problems = [p for p in record.problems if _is_open(p)]
        if not record.problems:
            raise InputRejected(
                f"检查记录“{record.number}”未发现问题，不需要制发{letter_type.name}。"
            )
        if letter_type.code == "rectification" and not open_problems:
            raise InputRejected(
                f"检查记录“{record.number}”发现的问题均已整改，不需要制发{letter_type.name}。"
            )
        deadlines = [p.deadline for p in open_problems if p.deadline is not None]
        deadline = max(deadlines).isoformat() if deadlines else ""
        if letter_type.code == "rectification":
            return {
                "problems": _numbered([p.description for p in open_problems]),
                "requirements": RECTIFICATION_REQUIREMENTS,
                "deadline": deadline,
            }
        facts = (
            f"{written_date(record.day)}，本机关对你单位开展{record.kind.label}"
            f"（检查编号{record.number}），发现以下问题：\n"
            + _numbered([p.description for p in record.problems])
        )
        basis = record.basis.strip() or DEFAULT_BASIS
        if letter_type.code == "notice":
            return {
                "facts": facts,
                "basis": basis,
                "requirement": NOTICE_REQUIREMENT,
                "deadline": deadline,
            }
        if letter_type.code == "opinion":
            return {"findings": facts, "opinions": OPINIONS, "deadline": deadline}
        if letter_type.code == "proposal":
            return {"findings": facts, "recommendations": RECOMMENDATIONS}
        return {"facts": facts, "decision": "", "basis": basis, "deadline": deadline}

    @staticmethod
    def _record_fields(record: InspectionRecord) -> dict[str, str]:
        start, end = record.started_at, record.ended_at
        time = f"{written_date(start.date())}{_moment(start)}至"
        time += (
            _moment(end) if end.date() == start.date() else written_date(end.date()) + _moment(end)
        )
        team = []
        for s in record.supervisors:
            who = f"{s.name}（{PersonRole.INVITED.label}）" if s.invited else s.name
            team.append(f"{who}，证件号：{s.certificate_number}" if s.certificate_number else who)
        kind = f"{record.kind.label}（{'现场检查' if record.on_site else '非现场检查'}）"
        content = [record.findings.strip()]
        if record.enterprise_name:
            content.append(f"检查对象：{record.enterprise_name}")
        if record.basis.strip():
            content.append(f"检查依据：{record.basis.strip()}")
        problems = [
            f"{p.description}（{p.category.label}；整改期限{written_date(p.deadline)}）"
            if p.deadline
            else f"{p.description}（{p.category.label}）"
            for p in record.problems
        ]
        return {
            "inspection_number": record.number,
            "time": time,
            "place": record.place,
            "supervisors": "\n".join(team),
            "kind": kind,
            "content": "\n".join(line for line in content if line),
            "problems": _numbered(problems) if problems else "未发现问题。",
            "conclusion": record.conclusion,
        }

    # ------------------------------------------------------------ leads

    def from_lead(self, lead_id: str) -> LetterDraft:
        """A 问题线索移送函 to the organ the lead was last transferred to (empty when it has
        not been transferred yet: the user names the organ)."""
        letter_type = self._letters.letter_type("referral")
        lead = self._leads.get(lead_id)
        latest = lead.transfers[-1] if lead.transfers else None
        organ = (latest.organ_name.strip() or latest.target_label) if latest else ""
        reason = REFERRAL_REASONS.get(latest.target, REFERRAL_REASON) if latest else ""
        attachments = ["问题线索材料"]
        if lead.inspection_number:
            attachments.append(f"行政执法监督检查记录（{lead.inspection_number}）")
        return LetterDraft(
            type_code=letter_type.code,
            unit_id=self._unit_named(organ),
            recipient=organ,
            title=letter_type.name,
            fields={"lead": _lead_text(lead), "reason": reason or REFERRAL_REASON},
            attachments=tuple(attachments),
            source_kind="lead",
            source_id=lead.id,
        )

    def _unit_named(self, name: str) -> str | None:
        """The registered unit of that name, when the organ is one (a 主管部门)."""
        if not name:
            return None
        with self._db.reader() as session:
            return session.scalars(
                select(EnforcementUnit.id).where(
                    EnforcementUnit.name == name, EnforcementUnit.deleted_at.is_(None)
                )
            ).first()

    # ------------------------------------------------------------ campaigns

    def from_campaign(self, campaign_id: str) -> list[LetterDraft]:
        """One 案卷评查结果通知书 per unit with finalised files, ranked order; the deadline of
        the rectification report is left to the user."""
        letter_type = self._letters.letter_type("review_result")
        results = self._results.results(campaign_id)
        units = [u for u in results.units if u.finalised]
        if not units:
            raise InputRejected(
                f"评查活动“{results.campaign.name}”还没有定稿的案卷，不能生成评查结果通知书。"
            )
        ranked = sum(1 for u in results.units if u.rank is not None)
        drafts = []
        for unit in units:
            files = sorted(
                (
                    f
                    for f in results.files
                    if f.file.unit_id == unit.unit_id and f.file.stage == FINALISED
                ),
                key=lambda f: (f.file.decided_on or date.max, f.file.case_number),
            )
            summary = (
                f"本次评查抽取你单位行政执法案卷{unit.files}卷，已定稿{unit.finalised}卷，"
                f"平均得分{unit.mean:.1f}分，等次为{unit.grade}，"
                f"在参加评查的{ranked}个单位中排名第{unit.rank}。"
            )
            fields = {
                "campaign": results.campaign.name,
                "summary": summary,
                "files": "\n".join(_file_line(f) for f in files),
                "problems": _problems(files),
                "requirements": REVIEW_REQUIREMENTS,
            }
            drafts.append(
                LetterDraft(
                    type_code=letter_type.code,
                    unit_id=unit.unit_id,
                    recipient=unit.unit_name,
                    title=letter_type.name,
                    fields=fields,
                    source_kind="campaign",
                    source_id=results.campaign.id,
                )
            )
        return drafts

    # ------------------------------------------------------------ letters

    def service_receipt_for(self, letter_id: str) -> LetterDraft:
        """A 送达回证 for an issued letter; how it is served and by whom are filled in when
        it is served."""
        letter_type = self._letters.letter_type("service_receipt")
        record = self._letters.get(letter_id)
        with self._db.reader() as session:  # the issuing office serves its letters
            refusal = ownership.refusal_for(session, record.origin_office)
        if refusal:
            raise ownership.NotOwned(refusal)
        if record.status == LetterStatus.DRAFT.value:
            raise InputRejected("草稿尚未签发，不能制作送达回证。")
        if record.status == LetterStatus.VOIDED.value:
            raise InputRejected(f"《{record.title}》（{record.number}）已作废，不再送达。")
        if record.layout == "form":
            raise InputRejected(f"{record.type_name}不需要送达回证。")
        return LetterDraft(
            type_code=letter_type.code,
            unit_id=record.unit_id,
            recipient=record.recipient,
            title=letter_type.name,
            fields={
                "document": f"《{record.title}》{record.number}",
                "place": self._address(record.unit_id),
                "method": "",
                "server": "",
            },
            source_kind="letter",
            source_id=record.id,
        )

    def _address(self, unit_id: str | None) -> str:
        if not unit_id:
            return ""
        with self._db.reader() as session:
            unit = session.get(EnforcementUnit, unit_id)
            return unit.address if unit is not None and unit.deleted_at is None else ""


def _lead_text(lead: LeadRow) -> str:
    lines = [
        f"{written_date(lead.received_on)}，本机关通过{lead.source_label}收到反映：{lead.content}"
    ]
    if lead.unit_name:
        lines.append(f"涉及单位：{lead.unit_name}。")
    return "\n".join(_sentence(line) for line in lines)


def _file_line(result: FileResult) -> str:
    row = result.file
    vetoes = [f.text for f in result.findings if f.category == VETO]
    score = f"{row.final_score:.1f}分（{row.final_grade}）"
    if vetoes:
        score += f"，否决项：{'；'.join(dict.fromkeys(vetoes))}"
    return f"{row.case_number} {row.title}：{score}"


def _problems(files: list[FileResult]) -> str:
    """The defects found in the unit's finalised files, those in more files first."""
    found: Counter[tuple[str, str]] = Counter()
    for result in files:
        for key in dict.fromkeys((f.category, f.text) for f in result.findings):
            found[key] += 1
    if not found:
        return ""
    ordered = sorted(found, key=lambda k: (k[0] != VETO, -found[k]))
    return _numbered(
        [f"{category}：{text}（{found[category, text]}卷）" for category, text in ordered]
    )
