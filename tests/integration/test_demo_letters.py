"""The demonstration 文书: every type in every status, started from the demo's own inspections,
leads and last year's finished 案卷评查, numbered without gaps, their PDFs archived intact, and
dated after their sources and never after the day of loading."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from datetime import date

import pytest

from tests.conftest import TOWNSHIP
from yuyou_desktop.domain.letters import LetterStatus, format_letter_number, load_letter_types
from yuyou_desktop.paths import resources_dir
from yuyou_desktop.services.demo import DemoService
from yuyou_desktop.services.letters.records import LetterQuery
from yuyou_desktop.services.letters.service import LetterService

TYPES = {t.code: t for t in load_letter_types(resources_dir() / "letters")}
STATUSES = {s.value for s in LetterStatus}


def letters_on(services, day: date) -> LetterService:
    """The letters as seen on ``day`` (overdue is counted from it)."""
    return LetterService(
        services.database,
        services.office,
        services.letter_fonts,
        services.resources / "letters",
        services.paths.attachments,
        lambda: day,
    )


def records(letters: LetterService) -> list:
    return [letters.get(row.id) for row in letters.list(LetterQuery(limit=1000)).rows]


def load_on(services, day: date):
    return DemoService(services.database, services.resources, today=lambda: day).load()


def test_every_type_and_every_status(county_demo):
    found = records(county_demo.letters)
    assert {r.type_code for r in found} == set(TYPES)
    assert {r.status for r in found} == STATUSES
    (voided,) = [r for r in found if r.status == "voided"]
    assert voided.voided_reason and voided.number and voided.voided_on
    replied = [r for r in found if r.status == "replied"]
    assert replied and all(r.reply_note and r.replied_on for r in replied)
    assert all(r.served_method and r.served_recipient for r in found if r.served_on)
    drafts = [r for r in found if r.status == "draft"]
    assert drafts and all(not r.number and r.pdf_sha256 is None for r in drafts)


def test_an_overdue_letter_is_listed_as_overdue(county_demo):
    today = date.today()
    overdue = county_demo.letters.list(LetterQuery(status="overdue")).rows
    assert overdue
    for row in overdue:
        assert row.status in ("issued", "served") and row.due_on < today
        assert row.overdue and row.status_label == "逾期未回复"
    assert "rectification" in {row.type_code for row in overdue}


def test_a_correction_cites_an_issued_letter(county_demo):
    found = {r.id: r for r in records(county_demo.letters)}
    (correction,) = [r for r in found.values() if r.corrects_id]
    cited = found[correction.corrects_id]
    assert cited.number and cited.issued_on <= correction.issued_on
    assert correction.corrects_number == cited.number
    assert cited.corrected_by == (correction.number,)
    assert (correction.type_code, correction.source_id) == (cited.type_code, cited.source_id)
    assert correction.deadline != cited.deadline


def test_the_archived_pdfs_are_intact(county_demo):
    issued = [r for r in records(county_demo.letters) if r.number]
    assert len(issued) >= len(TYPES)
    for record in issued:
        data = county_demo.letters.pdf(record.id)
        assert data.startswith(b"%PDF") and len(data) == record.pdf_size
        assert hashlib.sha256(data).hexdigest() == record.pdf_sha256


def test_numbers_run_per_type_and_year_without_gaps_in_date_order(county_demo):
    prefix = county_demo.office.current().prefix
    by_sequence = defaultdict(list)
    for record in records(county_demo.letters):
        if record.number:
            by_sequence[record.type_code, record.issued_on.year].append(record)
    for (code, year), issued in by_sequence.items():
        issued.sort(key=lambda r: r.number and int(r.number.split("〕")[1][:-1]))
        expected = [
            format_letter_number(prefix + TYPES[code].suffix, year, n) for n in range(1, 99)
        ]
        assert [r.number for r in issued] == expected[: len(issued)]
        days = [r.issued_on for r in issued]
        assert days == sorted(days), code
    numbers = [r.number for rs in by_sequence.values() for r in rs]
    assert len(numbers) == len(set(numbers))


def test_letters_follow_their_sources(county_demo):
    last_year = date.today().year - 1
    (campaign,) = [c for c in county_demo.campaigns.list() if c.year == last_year]
    kinds = set()
    for record in records(county_demo.letters):
        kinds.add(record.source_kind)
        if record.source_kind == "inspection":
            source = county_demo.inspections.get(record.source_id)
            assert (record.unit_id, record.recipient) == (source.unit_id, source.unit_name)
            earliest = source.day
        elif record.source_kind == "lead":
            lead = county_demo.leads.get(record.source_id)
            assert record.recipient == lead.transfers[-1].organ_name
            earliest = lead.transfers[-1].transferred_on
        elif record.source_kind == "campaign":
            assert record.source_id == campaign.id
            assert record.fields["campaign"] == campaign.name
            earliest = max(
                f.finalised_on for f in county_demo.campaigns.files(campaign.id, sampled_only=True)
            )
        else:
            cited = county_demo.letters.get(record.source_id)
            assert record.fields["document"] == f"《{cited.title}》{cited.number}"
            earliest = cited.issued_on
        if record.issued_on:
            assert record.issued_on >= earliest, record.number
    assert kinds == {"inspection", "lead", "campaign", "letter"}
    units = [u for u in county_demo.review_results.results(campaign.id).units if u.finalised]
    results = [r for r in records(county_demo.letters) if r.type_code == "review_result"]
    assert sorted(r.unit_id for r in results) == sorted(u.unit_id for u in units)


def dates_in_order(record) -> list[date]:
    steps = (record.issued_on, record.served_on, record.replied_on, record.closed_on)
    return [d for d in steps if d is not None]


@pytest.mark.parametrize("day", [date(2026, 1, 1), date(2026, 6, 15), date(2028, 2, 29)])
def test_the_letters_load_on_any_day_once_and_never_after_it(county, day):
    added = load_on(county, day).added["文书"]
    assert added == 18
    assert load_on(county, day).added["文书"] == 0
    letters = letters_on(county, day)
    found = records(letters)
    assert len(found) == added
    assert {r.type_code for r in found} == set(TYPES)
    assert {r.status for r in found} == STATUSES
    assert letters.list(LetterQuery(status="overdue")).total >= 1
    for record in found:
        steps = dates_in_order(record)
        assert steps == sorted(steps) and all(d <= day for d in steps), record.number
        assert record.voided_on is None or record.issued_on <= record.voided_on <= day
    assert {r.issued_on.year for r in found if r.type_code == "review_result"} == {day.year - 1}


def test_a_township_demo_has_every_letter_but_review_results(services):
    services.office.initialize(
        TOWNSHIP["role"], TOWNSHIP["code"], TOWNSHIP["name"], TOWNSHIP["prefix"]
    )
    assert services.demo.load().added["文书"] == 12
    found = records(services.letters)
    assert {r.type_code for r in found} == set(TYPES) - {"review_result"}
    assert {r.status for r in found} == STATUSES
    assert all(r.number.startswith(TOWNSHIP["prefix"]) for r in found if r.number)
    assert services.letters.list(LetterQuery(status="overdue")).total >= 1
    assert services.demo.load().added["文书"] == 0
