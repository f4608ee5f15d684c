"""The demonstration 案卷评查: last year's campaign finished, this year's half way, made through
the services' rules and dated so that nothing lies outside its year or after the day of loading."""

from __future__ import annotations

import random
import re
from collections import Counter
from datetime import date
from itertools import pairwise

import pytest
from sqlalchemy import select

from tests.conftest import COUNTY, DEMO_ADDED, TOWNSHIP
from yuyou_desktop.__main__ import build_services
from yuyou_desktop.domain.inspections import local_date
from yuyou_desktop.paths import DataPaths
from yuyou_desktop.services.demo import DemoService
from yuyou_desktop.services.reviews.demo_reviews import TITLES
from yuyou_desktop.storage.models import EnforcementUnit, Person
from yuyou_desktop.storage.models_reviews import ReviewCampaign, ReviewCaseFile, ReviewSheet

NUMBER = re.compile(r"^\S+(罚|许|强|检)〔(\d{4})〕[1-9]\d*号$")


def campaigns(services):
    """(finished, in progress) by year."""
    last, this = sorted(services.campaigns.list(), key=lambda c: c.year)
    return last, this


def scope(services, campaign_id: str):
    return services.campaigns.get(campaign_id).units


def load_on(services, day: date):
    return DemoService(services.database, services.resources, today=lambda: day).load()


def test_two_campaigns_last_years_done_and_this_years_under_way(county_demo):
    listed = county_demo.campaigns.list()
    this_year = date.today().year
    assert [(c.year, c.stage) for c in listed] == [(this_year, "评查中"), (this_year - 1, "已完成")]
    last, this = campaigns(county_demo)
    assert last.name == f"{this_year - 1}年度行政执法案卷评查"
    assert (last.units, last.files, last.sampled, last.finalised) == (6, 64, 18, 18)
    assert (this.units, this.files, this.sampled, this.finalised) == (5, 50, 15, 4)
    assert county_demo.campaigns.get(last.id).remark == "演示数据"


def test_the_finished_campaigns_results(county_demo):
    last, _ = campaigns(county_demo)
    results = county_demo.review_results.results(last.id)
    assert results.finalised == results.sampled == 18
    rows = [f.file for f in results.files]
    assert {r.stage for r in rows} == {"已定稿"}
    assert all(r.finalised_by and r.finalised_on.year == last.year for r in rows)
    vetoed = [f for f in results.files if any(x.category == "否决项" for x in f.findings)]
    assert len(vetoed) == 1
    [veto] = vetoed
    assert veto.file.final_score == 0 and veto.file.final_grade == "不合格"
    assert all(x.note for x in veto.findings if x.category == "否决项")
    others = [r.final_score for r in rows if r.id != veto.file.id]
    assert sum(80 <= s <= 98 for s in others) >= 12
    assert 2 <= sum(60 <= s < 80 for s in others) <= 4
    assert all(s >= 60 for s in others)
    graded = {u.unit_name: dict(u.grades) for u in results.units}
    assert graded[veto.file.unit_name]["不合格"] == 1
    assert sum(g["不合格"] for g in graded.values()) == 1


def test_one_file_went_through_discussion(county_demo):
    last, _ = campaigns(county_demo)
    rows = county_demo.campaigns.files(last.id, sampled_only=True)
    discussed = [r for r in rows if r.needs_discussion]
    assert len(discussed) == 1
    [row] = discussed
    totals = [r.total for r in row.reviewers]
    assert max(totals) - min(totals) > 10
    assert row.discussion_note.startswith("经合议")
    assert row.final_score != row.mean and min(totals) <= row.final_score <= max(totals)
    assert f"确定得分{row.final_score}分" in row.discussion_note
    with county_demo.database.reader() as s:
        assert s.get(ReviewCaseFile, row.id).discussed
    assert all(not r.discussion_note for r in rows if r.id != row.id)


def test_unit_ranks_follow_the_means(county_demo):
    for campaign in campaigns(county_demo):
        units = county_demo.review_results.results(campaign.id).units
        ranked = [u for u in units if u.rank is not None]
        assert [u.rank for u in ranked] == sorted(u.rank for u in ranked)
        for better, worse in pairwise(ranked):
            assert better.mean >= worse.mean
            assert (better.rank == worse.rank) == (better.mean == worse.mean)
        assert ranked[0].rank == 1


def test_one_file_was_reopened_and_finalised_again(county_demo):
    last, this = campaigns(county_demo)
    logs = {
        r.case_number: county_demo.scoring.events(r.id)
        for c in (last, this)
        for r in county_demo.campaigns.files(c.id, sampled_only=True)
    }
    assert Counter(len(e) for e in logs.values()) == {1: 18 - 1 + 4, 3: 1, 0: 15 - 4}
    [events] = [e for e in logs.values() if len(e) == 3]
    assert [e.action for e in events] == ["定稿", "重新打开", "定稿"]
    assert [e.on_date for e in events] == sorted(e.on_date for e in events)
    assert events[1].reason and events[1].score == events[0].score
    assert all(e.on_date.year == last.year for e in events)


def test_no_reviewer_reviews_a_file_of_their_own_unit(county_demo):
    with county_demo.database.reader() as s:
        pairs = s.execute(
            select(ReviewCaseFile.unit_id, Person.unit_id, Person.role)
            .join(ReviewSheet, ReviewSheet.case_file_id == ReviewCaseFile.id)
            .join(Person, Person.id == ReviewSheet.reviewer_id)
        ).all()
    assert len(pairs) == 2 * (18 + 13)
    assert all(file_unit != person_unit for file_unit, person_unit, _ in pairs)
    assert {role for *_, role in pairs} == {"supervisor", "enforcement"}


def test_the_sample_is_what_the_stored_seed_draws(county_demo):
    """Redrawing with the stored seed over the same register picks the same files in the same
    order (the draw of services/reviews/sampling.py)."""
    with county_demo.database.reader() as s:
        for campaign in s.scalars(select(ReviewCampaign)):
            units = s.execute(
                select(EnforcementUnit.id)
                .where(EnforcementUnit.id.in_([u.id for u in scope(county_demo, campaign.id)]))
                .order_by(EnforcementUnit.name, EnforcementUnit.credit_code)
            ).scalars()
            files = s.scalars(
                select(ReviewCaseFile)
                .where(ReviewCaseFile.campaign_id == campaign.id)
                .order_by(ReviewCaseFile.case_number, ReviewCaseFile.id)
            ).all()
            rng = random.Random(campaign.sample_seed)
            for unit_id in units:
                own = [f for f in files if f.unit_id == unit_id]
                chosen = rng.sample(own, min(campaign.files_per_unit, len(own)))
                assert [f.sample_order for f in chosen] == [1, 2, 3]
                assert {f.id for f in own if f.sampled} == {f.id for f in chosen}


def test_this_years_files_are_in_every_stage(county_demo):
    _, this = campaigns(county_demo)
    rows = county_demo.campaigns.files(this.id, sampled_only=True)
    stages = Counter(r.stage for r in rows)
    assert stages == {"已定稿": 4, "待定稿": 2, "待合议": 1, "评查中": 6, "待分配": 2}
    [waiting] = [r for r in rows if r.stage == "待合议"]
    totals = [r.total for r in waiting.reviewers]
    assert max(totals) - min(totals) > 10 and waiting.final_score is None
    half = [r for r in rows if r.stage == "评查中" and any(x.total for x in r.reviewers)]
    assert len(half) == 3


def test_case_files_look_like_the_units_own(county_demo):
    with county_demo.database.reader() as s:
        officers = {}
        for person in s.scalars(select(Person).where(Person.role == "enforcement")):
            officers.setdefault(person.unit_id, set()).add(person.name)
    for campaign in campaigns(county_demo):
        rows = county_demo.campaigns.files(campaign.id)
        assert len({(r.unit_id, r.case_number) for r in rows}) == len(rows)
        for row in rows:
            match = NUMBER.match(row.case_number)
            assert match, row.case_number
            assert int(match.group(2)) == row.decided_on.year
            assert row.title.endswith(("案", "检查")) and row.party in row.title
            team = row.officers.split("、")
            assert len(team) == 2 and set(team) <= officers[row.unit_id]
        per_unit = Counter(r.unit_id for r in rows)
        assert all(8 <= n <= 15 for n in per_unit.values())
        assert Counter(r.case_type for r in rows).most_common(1)[0][0] == "行政处罚一般程序"


@pytest.mark.parametrize(
    "day", [date(2026, 1, 1), date(2026, 3, 1), date(2026, 6, 15), date(2028, 2, 29)]
)
def test_dates_stay_in_the_year_and_never_after_the_day(county, day):
    assert load_on(county, day).added == DEMO_ADDED
    last, this = campaigns(county)
    assert (last.year, this.year) == (day.year - 1, day.year)
    for campaign, last_day in ((last, date(last.year, 12, 31)), (this, day)):
        first_day = date(campaign.year, 1, 1)
        rows = county.campaigns.files(campaign.id)
        if campaign is last:
            assert all(first_day <= r.decided_on <= last_day for r in rows)
        assert all(r.decided_on <= day for r in rows)
        drawn = [r for r in rows if r.sampled]
        days = [e.on_date for r in drawn for e in county.scoring.events(r.id)]
        days += [r.finalised_on for r in drawn if r.finalised_on]
        with county.database.reader() as s:
            times = [s.get(ReviewCampaign, campaign.id).sampled_at]
            times += s.scalars(
                select(ReviewSheet.scored_at)
                .join(ReviewCaseFile, ReviewCaseFile.id == ReviewSheet.case_file_id)
                .where(ReviewCaseFile.campaign_id == campaign.id, ReviewSheet.total.is_not(None))
            ).all()
        if day <= date.today():  # times are never later than the real clock
            days += [local_date(t) for t in times]
        assert days and all(first_day <= d <= last_day for d in days), campaign.name
    assert load_on(county, day).added == dict.fromkeys(DEMO_ADDED, 0)


def test_a_township_demo_has_no_campaigns(services):
    services.office.initialize(
        TOWNSHIP["role"], TOWNSHIP["code"], TOWNSHIP["name"], TOWNSHIP["prefix"]
    )
    result = services.demo.load()
    assert all(result.added[title] == 0 for title in TITLES)
    assert {k: v for k, v in result.added.items() if k not in TITLES} == {
        k: v for k, v in DEMO_ADDED.items() if k not in TITLES
    } | {"文书": DEMO_ADDED["文书"] - 6}  # no 评查结果通知书 without a campaign
    assert services.campaigns.list() == []


def _scores(services) -> list[tuple]:
    return sorted(
        (
            r.case_number,
            r.sample_order,
            r.final_score,
            tuple(sorted((x.name, x.total) for x in r.reviewers)),
        )
        for c in services.campaigns.list()
        for r in services.campaigns.files(c.id, sampled_only=True)
    )


def test_the_demo_is_the_same_each_time(county, tmp_path):
    day = date(2026, 6, 15)
    other = build_services(DataPaths(tmp_path / "other"))
    other.office.initialize(COUNTY["role"], COUNTY["code"], COUNTY["name"], COUNTY["prefix"])
    load_on(county, day)
    load_on(other, day)
    try:
        assert _scores(county) == _scores(other)
        assert len(_scores(county)) == 33
    finally:
        other.database.close()
