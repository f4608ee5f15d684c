"""The county-wide view (#7): a township's records, imported at the county, are listed there
(filterable by office) and can only be looked at — every service write is refused naming the
township, and nothing changes — while the county's own records, and the co-edited unit
catalogue, stay editable.  (``county_view_support``: a real township → county package.)"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import COUNTY
from tests.integration.county_view_support import (
    REFUSAL,
    TOWN,
    TOWN_NAME,
    count,
    county_copy,
    first,
    refused,
)
from yuyou_desktop.domain.letters import LetterStatus
from yuyou_desktop.services import Services
from yuyou_desktop.services.inspections.leads_query import LeadQuery
from yuyou_desktop.services.inspections.records import InspectionQuery
from yuyou_desktop.services.letters.records import LetterDraft, LetterQuery
from yuyou_desktop.services.registry.query import ListQuery
from yuyou_desktop.services.registry.specs import REGISTERS
from yuyou_desktop.services.reviews.case_file_import import write_template
from yuyou_desktop.storage.models_inspections import Inspection, Lead
from yuyou_desktop.storage.models_letters import Letter
from yuyou_desktop.storage.models_reviews import ReviewCampaign

OWN = COUNTY["code"]


@pytest.fixture
def county(tmp_path: Path) -> Services:
    with county_copy(tmp_path) as services:
        yield services


def township(services: Services, table: str, where: str = "1") -> tuple[str, int]:
    """The id and version of a live township row of ``table``."""
    row = first(
        services,
        f"SELECT id, version FROM {table} WHERE origin_office = :o AND deleted_at IS NULL "
        f"AND {where} ORDER BY id",
        o=TOWN,
    )
    return row.id, row.version


# ---------------------------------------------------------------- 单位登记


def test_a_townships_register_records_cannot_be_changed_at_the_county(county: Services):
    person_id, version = township(county, "people", "role = 'supervisor'")
    person = county.registry.get("people", person_id)
    refused(county, county.registry.save, "people", person_id, dict(person.values), version)
    refused(county, county.registry.delete, "people", person_id, version)
    holder = first(
        county,
        "SELECT person_id FROM certificates WHERE origin_office = :o AND revoked_on IS NULL "
        "AND deleted_at IS NULL",
        o=TOWN,
    ).person_id
    refused(county, county.attention.revoke_certificates, holder, "考试未通过")
    filing_id, filing_version = township(county, "supervision_filings")
    refused(county, county.registry.delete, "filings", filing_id, filing_version)


def test_the_countys_own_records_stay_editable_and_a_townships_units_do_not(county: Services):
    own_id, _ = first(county, "SELECT id, version FROM people WHERE origin_office = :o", o=OWN)
    own = county.registry.get("people", own_id)
    saved = county.registry.save("people", own_id, {**own.values, "phone": "13900000001"})
    assert saved.values["phone"] == "13900000001" and saved.origin_office == OWN
    # co-editing covers the county's catalogue (edited at townships); a township's own unit
    # stays its own: an edit here would never reach it
    unit_id, version = township(county, "enforcement_units")
    unit = county.registry.get("units", unit_id)
    message = refused(
        county, county.registry.save, "units", unit_id, {**unit.values, "phone": "0"}, version
    )
    assert message == REFUSAL


def test_register_lists_filter_by_office_in_sql(county: Services):
    for spec in REGISTERS:
        choices = county.registry.origin_offices(spec.name)
        assert [o.code for o in choices.offices] == [OWN, TOWN]
        assert [o.label for o in choices.offices] == ["本单位", TOWN_NAME]
        assert choices.shown and choices.county
        assert choices.co_edited == (spec.name == "units")
        for office in (OWN, TOWN):
            page = county.registry.list(spec.name, ListQuery(origin_office=office, limit=1000))
            assert page.total == len(page.rows) == count(county, spec.model, office), spec.name
            assert {r.origin_office for r in page.rows} == {office}
        every = county.registry.list(spec.name, ListQuery(limit=1000)).total
        assert every == count(county, spec.model, OWN) + count(county, spec.model, TOWN)
    searched = county.registry.list("people", ListQuery(search="1", origin_office=TOWN))
    assert searched.total and {r.origin_office for r in searched.rows} == {TOWN}


# ---------------------------------------------------------------- 检查记录 and 线索


def test_a_townships_inspection_cannot_be_changed_at_the_county(county: Services, tmp_path):
    inspection_id, version = township(
        county, "inspections", "id IN (SELECT inspection_id FROM attachments)"
    )
    refused(county, county.inspections.save, inspection_id, {}, [], [], version)
    refused(county, county.inspections.delete, inspection_id, version)
    problem_id, problem_version = township(county, "inspection_problems")
    refused(
        county,
        county.inspections.update_problem,
        problem_id,
        "已整改",
        "已改",
        "",
        date.today(),
        problem_version,
    )
    scan = tmp_path / "补充材料.pdf"
    scan.write_bytes(b"%PDF-1.4\n")
    stored = sorted(p.name for p in county.paths.attachments.rglob("*") if p.is_file())
    refused(county, county.inspections.add_attachment, inspection_id, scan)
    assert sorted(p.name for p in county.paths.attachments.rglob("*") if p.is_file()) == stored
    attachment_id, _ = township(county, "attachments")
    refused(county, county.inspections.remove_attachment, attachment_id)
    # the township's scan came with the package and can be opened here
    assert county.inspections.attachment_file(attachment_id).read_bytes().startswith(b"%PDF")


def test_the_countys_own_problems_can_be_followed_up(county: Services):
    problem_id, version = first(
        county,
        "SELECT id, version FROM inspection_problems WHERE origin_office = :o "
        "AND deleted_at IS NULL",
        o=OWN,
    )
    record = county.inspections.update_problem(problem_id, "整改中", "正在整改", "", None, version)
    assert record.unit_report == "正在整改"


def test_a_townships_leads_and_transfers_cannot_be_changed_at_the_county(county: Services):
    lead_id, version = township(county, "leads", "inspection_id IS NULL")
    lead = county.leads.get(lead_id)
    assert lead.origin_office == TOWN
    refused(county, county.leads.save, lead_id, {"handler": "县局"}, version)
    refused(county, county.leads.delete, lead_id, version)
    refused(county, county.leads.add_transfer, lead_id, "公安机关", "县公安局", date.today())
    transfer_id, transfer_version = township(county, "lead_transfers")
    refused(county, county.leads.update_transfer, transfer_id, "已反馈", None, transfer_version)
    own_inspection = first(
        county, "SELECT id FROM inspections WHERE origin_office = :o AND lead_id IS NULL", o=OWN
    ).id
    refused(county, county.leads.link_inspection, lead_id, own_inspection)
    own_lead, own_version = first(
        county, "SELECT id, version FROM leads WHERE origin_office = :o", o=OWN
    )
    assert county.leads.save(own_lead, {"handler": "县局"}, own_version).handler == "县局"


def test_inspection_and_lead_lists_filter_by_office_in_sql(county: Services):
    for service in (county.inspections, county.leads):
        choices = service.origin_offices()
        assert [o.code for o in choices.offices] == [OWN, TOWN] and not choices.co_edited
    for office in (OWN, TOWN):
        page = county.inspections.list(InspectionQuery(origin_office=office, limit=1000))
        assert page.total == len(page.rows) == count(county, Inspection, office)
        assert {r.origin_office for r in page.rows} == {office}
        leads = county.leads.list(LeadQuery(origin_office=office, limit=1000))
        assert leads.total == len(leads.rows) == count(county, Lead, office)
        assert {r.origin_office for r in leads.rows} == {office}
        # a problem-status filter alone is counted from the problems' index: the office too
        with_open = first(
            county,
            "SELECT count(*) AS n FROM inspections i WHERE i.origin_office = :o "
            "AND i.deleted_at IS NULL AND EXISTS (SELECT 1 FROM inspection_problems p "
            "WHERE p.inspection_id = i.id AND p.deleted_at IS NULL AND p.status != 'done')",
            o=office,
        ).n
        query = InspectionQuery(status="open", origin_office=office, limit=1)
        assert 0 < with_open == county.inspections.list(query).total


# ---------------------------------------------------------------- 文书


def letter_of(county: Services, status: LetterStatus, office: str = TOWN) -> tuple[str, int]:
    return first(
        county,
        "SELECT id, version FROM letters WHERE origin_office = :o AND status = :s "
        "AND deleted_at IS NULL ORDER BY id",
        o=office,
        s=status.value,
    )


def test_a_townships_letters_cannot_be_changed_at_the_county(county: Services):
    letters, today = county.letters, date.today()
    draft_id, draft_version = letter_of(county, LetterStatus.DRAFT)
    draft = letters.get(draft_id).draft()
    refused(county, letters.update, draft_id, draft_version, draft)
    refused(county, letters.delete_draft, draft_id, draft_version)
    refused(county, letters.issue, draft_id, draft_version)
    issued_id, issued_version = letter_of(county, LetterStatus.ISSUED)
    refused(county, letters.serve, issued_id, issued_version, today, "直接送达", "张三")
    refused(county, letters.close, issued_id, issued_version, today, "已办结")
    refused(county, letters.void, issued_id, issued_version, "文字有误")
    refused(county, letters.correction_draft, issued_id)
    refused(county, letters.start_correction, issued_id)
    citing = LetterDraft(draft.type_code, None, "某单位", "更正", corrects_id=issued_id)
    refused(county, letters.create, citing)
    refused(county, county.letter_prefill.service_receipt_for, issued_id)
    served_id, served_version = letter_of(county, LetterStatus.SERVED)
    refused(county, letters.reply, served_id, served_version, today, "已回复")
    # looking at them is fine: the archived PDF is read back
    assert letters.pdf(issued_id).startswith(b"%PDF")


def test_the_countys_own_letters_follow_their_course(county: Services):
    issued_id, version = letter_of(county, LetterStatus.ISSUED, OWN)
    issued = county.letters.get(issued_id)
    served = county.letters.serve(
        issued_id, version, max(issued.issued_on, date.today()), "直接送达", "张三"
    )
    assert served.status == LetterStatus.SERVED.value
    assert county.letters.correction_draft(issued_id).corrects_id == issued_id


def test_letter_list_filters_by_office_in_sql(county: Services):
    choices = county.letters.origin_offices()
    assert [o.code for o in choices.offices] == [OWN, TOWN]
    for office in (OWN, TOWN):
        page = county.letters.list(LetterQuery(origin_office=office, limit=1000))
        assert page.total == len(page.rows) == count(county, Letter, office)
        assert {r.origin_office for r in page.rows} == {office}
    by_office = county.letters.list(LetterQuery(sort="origin", descending=False, limit=1000))
    assert [r.origin_office for r in by_office.rows] == sorted(
        r.origin_office for r in by_office.rows
    )


# ---------------------------------------------------------------- 案卷评查


def test_a_townships_campaign_cannot_be_changed_at_the_county(county: Services, tmp_path):
    campaigns = county.campaigns
    campaign_id = first(
        county, "SELECT id FROM review_campaigns WHERE origin_office = :o", o=TOWN
    ).id
    record = campaigns.get(campaign_id)
    units = [u.id for u in record.units]
    refused(
        county,
        campaigns.update,
        campaign_id,
        "改名",
        units,
        record.files_per_unit,
        "",
        record.version,
    )
    refused(county, campaigns.delete, campaign_id)
    refused(county, campaigns.add_file, campaign_id, {})
    refused(county, campaigns.draw_sample, campaign_id, "seed")
    workbook = tmp_path / "案卷登记表.xlsx"
    write_template(workbook, [u.name for u in record.units])
    book = openpyxl.load_workbook(workbook)
    book["案卷登记"].append([record.units[0].name, "右罚〔2026〕99号", "行政处罚一般程序", "某案"])
    book.save(workbook)
    refused(county, county.case_file_import.import_file, campaign_id, workbook)
    files = campaigns.files(campaign_id)
    unscored = next(f for f in files if f.sampled and f.final_score is None and f.reviewers)
    refused(county, campaigns.update_file, unscored.id, {}, unscored.version)
    refused(county, campaigns.delete_file, unscored.id)
    people = [r.person_id for r in unscored.reviewers]
    refused(county, county.reviewers.assign, unscored.id, people)
    refused(county, county.reviewers.auto_assign, campaign_id, people)
    sheet = county.scoring.sheet(unscored.reviewers[0].sheet_id)
    assert sheet.not_owned == REFUSAL and sheet.read_only
    refused(county, county.scoring.save_sheet, sheet.id, {}, {}, sheet.version)
    refused(county, county.scoring.finalise, unscored.id, "县局", None, None, "", unscored.version)
    finalised = next(f for f in files if f.final_score is not None)
    refused(county, county.scoring.reopen, finalised.id, "县局", "复核")


def test_the_countys_own_campaign_stays_editable_and_lists_filter(county: Services):
    campaigns = county.campaigns
    assert [c.origin_office for c in campaigns.list(TOWN)] == [TOWN]
    own = campaigns.list(OWN)
    assert (
        [c.origin_office for c in own]
        == [OWN]
        == [o.code for o in campaigns.origin_offices().offices][:1]
    )
    assert len(campaigns.list()) == count(county, ReviewCampaign, OWN) + count(
        county, ReviewCampaign, TOWN
    )
    finalised = next(f for f in campaigns.files(own[0].id) if f.final_score is not None)
    assert campaigns.file(finalised.id).final_score is not None
    reopened = county.scoring.reopen(finalised.id, "县局", "复核")
    assert reopened.final_score is None
    sheet = county.scoring.sheet(reopened.reviewers[0].sheet_id)
    assert sheet.not_owned is None and not sheet.read_only
