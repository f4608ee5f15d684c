"""Starting a letter from an inspection, a lead, a campaign's results or an issued letter: the
draft names the unit and recipient and carries the source's own facts (compared with the source
as its service reads it); it can be saved and issued; a source that cannot start the letter is
refused and nothing changes."""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from tests.conftest import file_state
from yuyou_desktop.domain.enums import RectificationStatus
from yuyou_desktop.domain.letters import written_date
from yuyou_desktop.errors import InputRejected
from yuyou_desktop.services.inspections.records import InspectionQuery
from yuyou_desktop.services.letters.records import LetterDraft, LetterQuery
from yuyou_desktop.services.reviews.records import FINALISED
from yuyou_desktop.storage.models import ChangeLog

TODAY = date.today()
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def inspections(services, status: str | None = None) -> list:
    rows = services.inspections.list(InspectionQuery(status=status, limit=1000)).rows
    return [services.inspections.get(row.id) for row in rows]


def open_problems(record) -> list:
    return [p for p in record.problems if p.stored_status is not RectificationStatus.DONE]


def numbered(texts: list[str]) -> list[str]:
    return [f"{n}. {text}" for n, text in enumerate(texts, start=1)]


def issue(services, draft: LetterDraft, **fields: str):
    """Save ``draft`` with what only the user can fill in, then issue it today."""
    letter_type = services.letters.letter_type(draft.type_code)
    if letter_type.needs_deadline and draft.fields.get("deadline", "") < TODAY.isoformat():
        fields.setdefault("deadline", (TODAY + timedelta(30)).isoformat())
    letter_id = services.letters.create(replace(draft, fields={**draft.fields, **fields}))
    record = services.letters.issue(letter_id, services.letters.get(letter_id).version)
    assert record.status == "issued" and record.number
    data = services.letters.pdf(letter_id)
    assert data.startswith(b"%PDF") and hashlib.sha256(data).hexdigest() == record.pdf_sha256
    return record


def finished_campaign(services):
    (campaign,) = [c for c in services.campaigns.list() if c.year == TODAY.year - 1]
    return campaign


def state(services) -> tuple:
    """What a refusal must leave as it was: the change log, the letters, the stored files."""
    with services.database.reader() as session:
        logged = session.execute(select(func.count()).select_from(ChangeLog)).scalar_one()
    letters = services.letters.list(LetterQuery(limit=1000)).rows
    return logged, letters, file_state(services.paths.attachments)


# ---------------------------------------------------------------- inspections


def test_a_rectification_notice_lists_the_open_problems_and_the_latest_deadline(county_demo):
    record = next(
        r for r in inspections(county_demo, "open") if 0 < len(open_problems(r)) < len(r.problems)
    )
    draft = county_demo.letter_prefill.from_inspection(record.id, "rectification")
    assert (draft.unit_id, draft.recipient) == (record.unit_id, record.unit_name)
    assert (draft.source_kind, draft.source_id) == ("inspection", record.id)
    assert draft.title == "行政执法监督整改通知书"
    still = open_problems(record)
    lines = draft.fields["problems"].split("\n")
    assert [line.rstrip("。") for line in lines] == numbered([p.description for p in still])
    assert draft.fields["deadline"] == max(p.deadline for p in still).isoformat()
    put_right = [p for p in record.problems if p not in still]
    assert all(p.description not in draft.fields["problems"] for p in put_right)
    assert draft.fields["requirements"]
    issued = issue(county_demo, draft)
    assert issued.unit_id == record.unit_id and issued.source_id == record.id
    assert issued.fields["problems"] == draft.fields["problems"]


@pytest.mark.parametrize(
    ("code", "key"),
    [("notice", "facts"), ("opinion", "findings"), ("proposal", "findings"), ("decision", "facts")],
)
def test_notices_opinions_proposals_and_decisions_state_every_problem(county_demo, code, key):
    record = next(r for r in inspections(county_demo, "open") if len(r.problems) >= 2)
    draft = county_demo.letter_prefill.from_inspection(record.id, code)
    assert (draft.unit_id, draft.recipient, draft.source_id) == (
        record.unit_id,
        record.unit_name,
        record.id,
    )
    facts = draft.fields[key]
    assert record.number in facts and written_date(record.day) in facts
    assert record.kind.label in facts
    lines = facts.split("\n")[1:]
    assert [line.rstrip("。") for line in lines] == numbered(
        [p.description for p in record.problems]
    )
    if code in ("notice", "decision"):
        assert draft.fields["basis"] == record.basis
    letter_id = county_demo.letters.create(draft)
    if code == "decision":  # the decision itself is the office's to write
        assert draft.fields["decision"] == ""
        with pytest.raises(InputRejected, match="决定事项"):
            county_demo.letters.issue(letter_id, county_demo.letters.get(letter_id).version)
        issue(county_demo, draft, decision="责令你单位依法予以纠正。")
    else:
        issue(county_demo, draft)


def test_an_inspection_record_carries_the_inspection(county_demo):
    record = next(
        r for r in inspections(county_demo) if r.problems and any(s.invited for s in r.supervisors)
    )
    draft = county_demo.letter_prefill.from_inspection(record.id, "inspection_record")
    fields = draft.fields
    assert (draft.unit_id, draft.recipient) == (record.unit_id, record.unit_name)
    assert fields["inspection_number"] == record.number
    assert fields["place"] == record.place
    assert fields["time"].startswith(written_date(record.day))
    assert f"{record.started_at.hour}时{record.started_at.minute:02d}分" in fields["time"]
    team = fields["supervisors"].split("\n")
    assert len(team) == len(record.supervisors)
    for line, person in zip(team, record.supervisors, strict=True):
        assert line.startswith(person.name)
        assert person.certificate_number in line or not person.certificate_number
        assert ("特邀" in line) == person.invited
    assert fields["kind"].startswith(record.kind.label)
    assert fields["content"].startswith(record.findings)
    problems = fields["problems"].split("\n")
    assert len(problems) == len(record.problems)
    assert all(p.description in line for p, line in zip(record.problems, problems, strict=True))
    assert fields["conclusion"] == record.conclusion
    issued = issue(county_demo, draft)
    assert issued.layout == "form"


def test_an_inspection_without_problems_gives_a_record_saying_so(county_demo):
    record = inspections(county_demo, "none")[0]
    draft = county_demo.letter_prefill.from_inspection(record.id, "inspection_record")
    assert draft.fields["problems"] == "未发现问题。"
    issue(county_demo, draft)


# ---------------------------------------------------------------- leads


def test_a_referral_goes_to_the_organ_of_the_latest_transfer(county_demo):
    rows = county_demo.leads.list().rows
    lead = next(row for row in rows if len(row.transfers) >= 2)
    draft = county_demo.letter_prefill.from_lead(lead.id)
    assert draft.type_code == "referral"
    assert draft.recipient == lead.transfers[-1].organ_name != lead.transfers[0].organ_name
    assert (draft.source_kind, draft.source_id) == ("lead", lead.id)
    text = draft.fields["lead"]
    assert lead.content in text and lead.source_label in text
    assert written_date(lead.received_on) in text and lead.unit_name in text
    assert draft.fields["reason"]
    issued = issue(county_demo, draft)
    assert issued.recipient == lead.transfers[-1].organ_name


def test_a_referral_to_a_department_names_the_registered_unit(county_demo):
    rows = county_demo.leads.list().rows
    lead = next(r for r in rows if r.transfers and r.transfers[-1].target == "department")
    draft = county_demo.letter_prefill.from_lead(lead.id)
    assert draft.recipient == lead.transfers[-1].organ_name
    assert county_demo.letters.get(county_demo.letters.create(draft)).unit_name == draft.recipient


def test_a_referral_of_a_lead_not_transferred_leaves_the_organ_to_the_user(county_demo):
    lead = next(row for row in county_demo.leads.list().rows if not row.transfers)
    draft = county_demo.letter_prefill.from_lead(lead.id)
    assert draft.recipient == "" and draft.unit_id is None
    assert lead.content in draft.fields["lead"]
    letter_id = county_demo.letters.create(draft)
    with pytest.raises(InputRejected, match="主送机关"):
        county_demo.letters.issue(letter_id, county_demo.letters.get(letter_id).version)
    issue(county_demo, replace(draft, recipient="右玉县纪委监委"))


# ---------------------------------------------------------------- campaigns


def test_a_campaign_gives_one_result_notice_per_unit_with_finalised_files(county_demo):
    campaign = finished_campaign(county_demo)
    results = county_demo.review_results.results(campaign.id)
    drafts = county_demo.letter_prefill.from_campaign(campaign.id)
    units = [u for u in results.units if u.finalised]
    assert [(d.unit_id, d.recipient) for d in drafts] == [(u.unit_id, u.unit_name) for u in units]
    for draft, unit in zip(drafts, units, strict=True):
        fields = draft.fields
        assert (draft.source_kind, draft.source_id) == ("campaign", campaign.id)
        assert fields["campaign"] == campaign.name
        assert f"{unit.mean:.1f}分" in fields["summary"] and unit.grade in fields["summary"]
        assert f"排名第{unit.rank}" in fields["summary"] and f"{unit.files}卷" in fields["summary"]
        mine = [
            f for f in results.files if f.file.unit_id == unit.unit_id and f.file.stage == FINALISED
        ]
        lines = fields["files"].split("\n")
        assert len(lines) == len(mine) == unit.finalised
        for result in mine:
            (line,) = [x for x in lines if x.startswith(result.file.case_number + " ")]
            assert f"{result.file.final_score:.1f}分" in line
            vetoed = any(f.category == "否决项" for f in result.findings)
            assert ("否决项" in line) == vetoed
        for finding in (f for r in mine for f in r.findings):
            assert finding.text in fields["problems"]
        assert fields["requirements"] and "deadline" not in fields
    assert any("否决项" in d.fields["files"] for d in drafts)
    issue(county_demo, drafts[0])


# ---------------------------------------------------------------- letters


def test_a_service_receipt_names_the_issued_letter(county_demo):
    record = next(r for r in inspections(county_demo, "open"))
    letter = issue(county_demo, county_demo.letter_prefill.from_inspection(record.id, "proposal"))
    draft = county_demo.letter_prefill.service_receipt_for(letter.id)
    assert draft.type_code == "service_receipt"
    assert draft.fields["document"] == f"《{letter.title}》{letter.number}"
    assert (draft.unit_id, draft.recipient) == (letter.unit_id, letter.recipient)
    assert (draft.source_kind, draft.source_id) == ("letter", letter.id)
    assert draft.fields["method"] == "" and draft.fields["place"]
    issue(county_demo, draft, method="直接送达", server="李志强、邓红梅")


# ---------------------------------------------------------------- refusals


def refusals(services):
    """(what, call, message) for every source that cannot start the letter asked for."""
    prefill = services.letter_prefill
    clean = inspections(services, "none")[0]
    done = inspections(services, "done")[0]
    some = inspections(services, "open")[0]
    gone = inspections(services, "open")[1]
    services.inspections.delete(gone.id)
    lead = services.leads.save(
        None, {"source": "信访", "received_on": TODAY, "content": "演示线索，待删除。"}
    )
    services.leads.delete(lead.id)
    units = [u.id for u in services.campaigns.get(finished_campaign(services).id).units]
    empty = services.campaigns.create(f"{TODAY.year}年度专项评查", TODAY.year, units[:2], 2)
    deleted = services.campaigns.create(f"{TODAY.year}年度补充评查", TODAY.year, units[:2], 2)
    services.campaigns.delete(deleted.id)
    draft_id = services.letters.create(prefill.from_inspection(some.id, "proposal"))
    voided = issue(services, prefill.from_inspection(some.id, "notice"))
    services.letters.void(voided.id, voided.version, "测试作废")
    record = issue(services, prefill.from_inspection(some.id, "inspection_record"))
    return [
        (lambda: prefill.from_inspection(gone.id, "rectification"), "不存在或已被删除"),
        (lambda: prefill.from_inspection("0" * 36, "notice"), "不存在或已被删除"),
        (lambda: prefill.from_inspection(some.id, "referral"), "不能由检查记录生成"),
        (lambda: prefill.from_inspection(some.id, "service_receipt"), "不能由检查记录生成"),
        (lambda: prefill.from_inspection(some.id, "review_result"), "不能由检查记录生成"),
        (lambda: prefill.from_inspection(some.id, "letter"), "没有“letter”这种文书"),
        (lambda: prefill.from_inspection(clean.id, "rectification"), "未发现问题"),
        (lambda: prefill.from_inspection(clean.id, "notice"), "未发现问题"),
        (lambda: prefill.from_inspection(done.id, "rectification"), "均已整改"),
        (lambda: prefill.from_lead(lead.id), "不存在或已被删除"),
        (lambda: prefill.from_campaign(empty.id), "还没有定稿的案卷"),
        (lambda: prefill.from_campaign(deleted.id), "不存在或已被删除"),
        (lambda: prefill.service_receipt_for(draft_id), "草稿尚未签发"),
        (lambda: prefill.service_receipt_for(voided.id), "已作废"),
        (lambda: prefill.service_receipt_for(record.id), "不需要送达回证"),
        (lambda: prefill.service_receipt_for("0" * 36), "不存在或已被删除"),
    ]


def test_sources_that_cannot_start_the_letter_are_refused_and_nothing_changes(county_demo):
    calls = refusals(county_demo)
    before = state(county_demo)
    for call, message in calls:
        with pytest.raises(InputRejected, match=message) as refused:
            call()
        assert CHINESE.search(refused.value.message)
        assert state(county_demo) == before
