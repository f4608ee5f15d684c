"""PlanService as a clerk uses it: a year's plan is drawn up, items are added with the units
they cover, progress is recorded through the year and shows as a completion rate, the first
quarter reminds an office without a plan, and the plan prints as a document.  Every refusal
names the field in Chinese and leaves the plan tables and the change log as they were."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pdfplumber
import pytest

from tests.conftest import TOWNSHIP
from tests.integration.plan_support import (
    REFUSAL,
    TOWN_NAME,
    UNITS,
    add_units,
    item,
    on_day,
    snapshot,
    township_plan,
)
from yuyou_desktop.__main__ import build_services
from yuyou_desktop.documents.report_blocks import TableBlock
from yuyou_desktop.errors import FieldError, InputRejected
from yuyou_desktop.paths import DataPaths
from yuyou_desktop.services import Services
from yuyou_desktop.services.registry.service import StaleRecord

MARKET, SAFETY, TRANSPORT = UNITS[0], UNITS[1], UNITS[2]


@pytest.fixture
def office(county: Services) -> Services:
    return on_day(county)


@pytest.fixture
def units(office: Services) -> dict[str, str]:
    return add_units(office)


@pytest.fixture
def plan(office: Services, units: dict[str, str]):
    return office.plans.create(2026)


def refused(office: Services, call, message: str, field: str | None = None) -> None:
    """``call()`` is refused with ``message`` (naming ``field``) and nothing changes."""
    before = snapshot(office)
    with pytest.raises(InputRejected) as caught:
        call()
    assert message in caught.value.message
    if field is not None:
        assert isinstance(caught.value, FieldError) and caught.value.field == field
    assert snapshot(office) == before


# ---------------------------------------------------------------- good paths


def test_a_new_plan_takes_the_default_title_and_stops_the_reminder(office, units):
    assert office.plans.reminder() is True
    assert office.plans.year_progress(2026).text == "2026年尚未制定年度监督工作方案。"
    plan = office.plans.create(2026, {"drawn_up_on": "2026-02-08"})
    assert plan.title == "右玉县司法局2026年度行政执法监督工作方案"
    assert plan.drawn_up_on == date(2026, 2, 8) and plan.filed_on is None
    assert plan.own and plan.refusal is None and plan.items == ()
    assert office.plans.reminder() is False
    assert office.plans.reminder(date(2027, 1, 5)) is True  # next year has no plan yet
    listed = office.plans.list()
    assert [(p.year, p.title, p.office_name, p.own) for p in listed] == [
        (2026, plan.title, "右玉县司法局", True)
    ]


def test_no_reminder_after_the_first_quarter(office):
    assert office.plans.reminder(date(2026, 3, 31)) is True
    assert office.plans.reminder(date(2026, 4, 1)) is False


def test_items_show_their_units_and_an_item_without_units_covers_every_unit(office, units, plan):
    first = office.plans.add_item(
        plan.id, item(unit_ids=(units[SAFETY], units[MARKET], units[MARKET]))
    )
    second = office.plans.add_item(
        plan.id,
        item(
            content="组织行政执法案卷评查",
            planned_start="2026年9月1日",
            planned_end="2026-10-31",
            responsible="张丽",
        ),
    )
    record = office.plans.get(plan.id)
    assert [(i.seq, i.content) for i in record.items] == [
        (1, "开展涉企行政执法专项监督检查"),
        (2, "组织行政执法案卷评查"),
    ]
    assert first.unit_names == (MARKET, SAFETY)  # by name, the duplicate dropped
    assert first.units_text == f"{MARKET}、{SAFETY}"
    assert second.units_text == "全部执法单位"
    assert second.period == "9月1日—10月31日"
    assert [i.state_label for i in record.items] == ["未开始", "未开始"]
    assert record.progress.text == "共2项，已完成0项，完成率0%，逾期0项"


def test_header_edits_need_the_version_read(office, plan):
    changed = office.plans.update(
        plan.id,
        {"drawn_up_on": "2026-02-01", "filed_on": "2026-02-09", "remark": "已报县政府"},
        plan.version,
    )
    assert (changed.drawn_up_on, changed.filed_on, changed.remark) == (
        date(2026, 2, 1),
        date(2026, 2, 9),
        "已报县政府",
    )
    assert changed.title == plan.title and changed.version == plan.version + 1
    refused(
        office,
        lambda: office.plans.update(plan.id, {"remark": "再改"}, plan.version),
        "已被修改",
    )


def test_changing_an_items_units_keeps_one_live_link_per_unit(office, units, plan):
    row = office.plans.add_item(plan.id, item(unit_ids=(units[MARKET], units[SAFETY])))
    changed = office.plans.update_item(
        row.id, {"unit_ids": (units[SAFETY], units[TRANSPORT])}, row.version
    )
    assert changed.unit_names == (TRANSPORT, SAFETY)
    links = snapshot(office)["plan_item_units"]
    live = [link for link in links if link[-1] is None]  # deleted_at is the last column
    assert len(live) == 2 and len(links) == 3  # the market's link is a tombstone
    assert office.plans.update_item(row.id, {"content": "改写"}).unit_names == (TRANSPORT, SAFETY)
    assert office.plans.update_item(row.id, {"unit_ids": ()}).units_text == "全部执法单位"


def test_progress_through_the_year(office, units, plan):
    rows = [
        office.plans.add_item(
            plan.id, item(content=f"第{n}项", planned_start="2026-01-05", planned_end=end)
        )
        for n, end in enumerate(("2026-01-31", "2026-02-05", "2026-05-31", "2026-12-31"), 1)
    ]
    # on 10 February the first two have ended: 逾期 until done
    assert [i.overdue for i in office.plans.get(plan.id).items] == [True, True, False, False]
    done = office.plans.set_status(rows[0].id, "已完成", "2026-02-03", "已按期完成并报告")
    assert (done.status, done.completed_on, done.overdue) == ("done", date(2026, 2, 3), False)
    assert done.completion_text == "已完成（2月3日）"
    assert done.progress_note == "已按期完成并报告"
    office.plans.set_status(rows[1].id, "已取消")
    office.plans.set_status(rows[2].id, "进行中", progress_note="已完成一半")
    progress = office.plans.year_progress(2026)
    assert (progress.total, progress.overdue, progress.rate) == (4, 0, Decimal("33.3"))
    assert progress.text == "共4项，已完成1项，完成率33.3%，逾期0项（已取消1项不计入）"
    # reopened: the completion date goes with the status
    reopened = office.plans.set_status(rows[0].id, "进行中")
    assert reopened.completed_on is None and reopened.overdue is True
    assert office.plans.year_progress(2026).overdue == 1


def test_items_move_up_and_down_and_close_ranks_when_one_is_deleted(office, plan):
    ids = [office.plans.add_item(plan.id, item(content=c)).id for c in "甲乙丙丁"]
    assert office.plans.move_item(ids[2], -1) == 2
    assert office.plans.move_item(ids[0], 1) == 2
    contents = [i.content for i in office.plans.get(plan.id).items]
    assert contents == ["丙", "甲", "乙", "丁"]
    refused(office, lambda: office.plans.move_item(ids[2], -1), "已是第一项")
    refused(office, lambda: office.plans.move_item(ids[3], 1), "已是最后一项")
    office.plans.delete_item(ids[0])
    items = office.plans.get(plan.id).items
    assert [(i.seq, i.content) for i in items] == [(1, "丙"), (2, "乙"), (3, "丁")]


def test_deleting_a_plan_removes_its_items_and_frees_the_year(office, units, plan):
    row = office.plans.add_item(plan.id, item(unit_ids=(units[MARKET],)))
    # a unit an item covers cannot be deleted from the register
    unit = office.registry.get("units", units[MARKET])
    refused(
        office,
        lambda: office.registry.delete("units", units[MARKET], unit.version),
        "年度监督工作方案事项1条",
    )
    office.plans.delete(plan.id, plan.version)
    state = snapshot(office)
    for table in ("supervision_plans", "plan_items", "plan_item_units"):
        assert all(r[-1] is not None for r in state[table]), table  # all tombstones
    assert office.plans.list() == ()
    assert office.plans.reminder() is True
    with pytest.raises(StaleRecord):
        office.plans.get(plan.id)
    with pytest.raises(StaleRecord):
        office.plans.update_item(row.id, {"content": "x"})
    office.registry.delete("units", units[MARKET], unit.version)  # free now
    assert office.plans.create(2026).year == 2026


# ---------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    ("year", "message"),
    [
        (2024, "只能为2025年至2027年之间的年度制定方案"),
        (2028, "只能为2025年至2027年之间的年度制定方案"),
        ("明年", "应为四位数的年份"),
    ],
)
def test_a_year_outside_last_to_next_year_is_refused(office, year, message):
    refused(office, lambda: office.plans.create(year), message, "年度")


def test_a_second_plan_of_the_same_year_is_refused(office, plan):
    refused(office, lambda: office.plans.create(2026), "已有2026年度的监督工作方案")
    assert office.plans.create(2027).year == 2027  # another year is fine


@pytest.mark.parametrize(
    ("header", "message", "field"),
    [
        ({"title": "甲" * 121}, "不能超过120个字", "方案名称"),
        ({"drawn_up_on": "2026-02-11"}, "不能晚于今天", "制定日期"),
        ({"drawn_up_on": "2026-02-30"}, "不是有效日期", "制定日期"),
        (
            {"drawn_up_on": "2026-02-05", "filed_on": "2026-02-01"},
            "不能早于制定日期",
            "报送上级日期",
        ),
    ],
)
def test_bad_header_values_are_refused(office, header, message, field):
    refused(office, lambda: office.plans.create(2026, header), message, field)


@pytest.mark.parametrize(
    ("changes", "message", "field"),
    [
        ({"content": "  "}, "不能为空", "工作内容"),
        ({"responsible": ""}, "不能为空", "责任人"),
        ({"planned_start": ""}, "不能为空", "计划开始日期"),
        ({"planned_end": "2026-02-28"}, "不能早于开始日期（2026-03-01）", "计划结束日期"),
        ({"planned_start": "2025-12-01"}, "应在方案年度（2026年）之内", "计划开始日期"),
        ({"planned_end": "2027-01-15"}, "应在方案年度（2026年）之内", "计划结束日期"),
        ({"status": "已完成"}, "应填写完成日期", "完成日期"),
        ({"status": "已完成", "completed_on": "2026-02-11"}, "不能晚于今天", "完成日期"),
        ({"status": "已完成", "completed_on": "2025-12-31"}, "不能早于方案年度", "完成日期"),
        ({"status": "搁置"}, "不是可选值", "完成状态"),
        ({"unit_ids": ("01900000-0000-7000-8000-00000000dead",)}, "不存在或已被删除", "监督对象"),
    ],
)
def test_bad_items_are_refused(office, units, plan, changes, message, field):
    refused(office, lambda: office.plans.add_item(plan.id, item(**changes)), message, field)


def test_a_deleted_unit_cannot_be_chosen(office, units, plan):
    unit = office.registry.get("units", units[TRANSPORT])
    office.registry.delete("units", units[TRANSPORT], unit.version)
    refused(
        office,
        lambda: office.plans.add_item(plan.id, item(unit_ids=(units[TRANSPORT],))),
        "不存在或已被删除",
        "监督对象",
    )
    assert TRANSPORT not in [u.name for u in office.plans.unit_choices()]


def test_a_bad_edit_of_an_item_changes_nothing(office, units, plan):
    row = office.plans.add_item(plan.id, item(unit_ids=(units[MARKET],)))
    refused(
        office,
        lambda: office.plans.update_item(
            row.id, {"planned_end": "2026-01-01", "unit_ids": (units[SAFETY],)}, row.version
        ),
        "不能早于开始日期",
        "计划结束日期",
    )
    refused(
        office,
        lambda: office.plans.complete(row.id, "2026-03-01", row.version),
        "不能晚于今天",
        "完成日期",
    )
    office.plans.update_item(row.id, {"content": "改过了"}, row.version)
    refused(
        office,
        lambda: office.plans.update_item(row.id, {"content": "又改"}, row.version),
        "已被修改",
    )
    refused(office, lambda: office.plans.delete_item(row.id, row.version), "已被修改")


# ---------------------------------------------------------------- the county holds a township's


def test_the_county_reads_a_townships_plan_and_may_not_change_it(office, units, plan):
    town_plan = township_plan(office)
    listed = office.plans.list()
    assert [(p.year, p.office_name, p.own) for p in listed] == [
        (2026, "右玉县司法局", True),
        (2026, TOWN_NAME, False),
    ]
    assert [p.office_name for p in office.plans.list(TOWNSHIP["code"])] == [TOWN_NAME]
    record = office.plans.get(town_plan)
    assert record.refusal == REFUSAL and not record.own
    assert record.items[0].content == "督促镇综合行政执法队规范执法程序"
    town_item = record.items[0]
    assert office.plans.origin_offices().shown
    # the county's own plan of the year is not the township's: reminder and progress are its own
    assert office.plans.reminder() is False
    assert office.plans.year_progress(2026).total == 0
    for call in (
        lambda: office.plans.update(town_plan, {"remark": "县里改"}),
        lambda: office.plans.delete(town_plan),
        lambda: office.plans.add_item(town_plan, item()),
        lambda: office.plans.update_item(town_item.id, {"content": "县里改"}),
        lambda: office.plans.complete(town_item.id, "2026-02-01"),
        lambda: office.plans.delete_item(town_item.id),
        lambda: office.plans.move_item(town_item.id, 1),
    ):
        refused(office, call, REFUSAL)
    # printed at the county, the township's plan is still addressed as the township files it
    printed = office.plans.report(town_plan).letter
    assert (printed.organ, printed.recipient) == (TOWN_NAME, "右玉县司法局")


def test_a_units_only_edit_makes_a_new_version(office, units, plan):
    """Changing only the units is an edit: another window still holding the old version is
    refused instead of putting the old units back."""
    added = office.plans.add_item(plan.id, item(unit_ids=[units[MARKET]]))
    changed = office.plans.update_item(added.id, {"unit_ids": [units[SAFETY]]}, added.version)
    assert changed.version == added.version + 1
    before = snapshot(office)
    refused(
        office,
        lambda: office.plans.update_item(
            added.id, {"unit_ids": [units[MARKET]], "progress_note": "旧窗口"}, added.version
        ),
        "已被修改",
    )
    assert snapshot(office) == before
    assert office.plans.get(plan.id).items[0].units_text == SAFETY


def test_deleting_a_plan_whose_items_changed_meanwhile_is_refused(office, units, plan):
    shown = office.plans.get(plan.id)
    office.plans.add_item(plan.id, item())  # elsewhere, after the plan was shown with no items
    before = snapshot(office)
    refused(office, lambda: office.plans.delete(plan.id, shown.version, len(shown.items)), "请刷新")
    assert snapshot(office) == before
    office.plans.delete(plan.id, shown.version, 1)
    assert office.plans.list() == ()


# ---------------------------------------------------------------- printing


def test_the_printed_plan_is_addressed_to_the_level_above(office, units, plan, tmp_path: Path):
    office.plans.update(plan.id, {"drawn_up_on": "2026-02-06"})
    office.plans.add_item(plan.id, item(unit_ids=(units[MARKET],), planned_start="2026-04-01"))
    office.plans.add_item(
        plan.id, item(content="年度案卷评查", planned_start="2026-03-10", planned_end="2026-11-20")
    )
    content = office.plans.report(plan.id)
    letter = content.letter
    assert (letter.layout, letter.organ, letter.number, letter.sealed) == (
        "official",
        "右玉县司法局",
        "",
        False,
    )
    assert letter.title == "右玉县司法局2026年度行政执法监督工作方案"
    assert letter.recipient == "右玉县人民政府"  # the county files with the county government
    assert (letter.signature, letter.date_text) == ("右玉县司法局", "2026年2月6日")
    opening, table, closing = content.blocks
    assert "共安排监督工作2项" in opening and "时间自3月10日至11月20日" in opening
    assert closing == "特此报送，请予备案。"
    assert isinstance(table, TableBlock)
    # the statuses are those of the day it is printed, and the column says so
    assert table.columns == (
        "序号", "工作内容", "监督对象", "时间安排", "责任人", "完成情况（截至2月10日）"
    )  # fmt: skip
    assert table.rows == (
        ("1", "开展涉企行政执法专项监督检查", MARKET, "4月1日—6月30日", "执法监督股", "未开始"),
        ("2", "年度案卷评查", "全部执法单位", "3月10日—11月20日", "执法监督股", "未开始"),
    )
    # a township files with its county, by the name the county's key was enrolled under
    town = build_services(DataPaths(tmp_path / "town"))
    try:
        town.office.initialize(
            TOWNSHIP["role"], TOWNSHIP["code"], TOWNSHIP["name"], TOWNSHIP["prefix"]
        )
        town = on_day(town)
        town_plan = town.plans.create(2026)
        assert town.plans.report(town_plan.id).letter.recipient == "县司法局"  # no key yet
        key = office.sync_keys.export_public(tmp_path / "county.key.json")
        town.sync_keys.trust("140623", "右玉县司法局", key)
        report = town.plans.report(town_plan.id)
        assert report.letter.recipient == "右玉县司法局"
        assert report.letter.date_text == "2026年2月10日"  # not drawn up yet: today
        assert report.blocks == (
            "根据行政执法监督工作安排，制定本方案。2026年度的监督工作事项尚未列入。",
            "特此报送，请予备案。",
        )
    finally:
        town.database.close()


def test_the_plan_prints_as_a_pdf(office, units, plan, letter_test_fonts):
    for n in range(6):
        office.plans.add_item(plan.id, item(content=f"第{n + 1}项监督工作"))
    data = office.plans.pdf(plan.id, letter_test_fonts)
    assert data.startswith(b"%PDF")
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        text = "".join("".join((page.extract_text() or "").split()) for page in pdf.pages)
    assert "2026年度行政执法监督工作方案" in text
    assert "第6项监督工作" in text and "完成情况" in text


def test_the_services_container_holds_the_plan_service(county: Services):
    assert county.plans.list() == ()
    assert county.plans.find(date.today().year) is None
