"""The inspection dialog (检查记录 → 新增检查… / 打开) on the demonstration registers: a new
inspection with supervisors picked from the register, and every rule that refuses one — shown
in the dialog, which stays open, while nothing at all is written."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, QDateTime, QTime

from tests.gui.inspection_dialog_support import (
    CERTIFIED,
    INVITED,
    NUMBER_PREFIX,
    OPEN_DAY,
    QUIET_DAY,
    Picks,
    add_invited,
    add_supervisors,
    at,
    choose,
    choose_enterprise,
    click,
    demo_services,
    fill_basics,
    make_view,
    new_dialog,
    record_messages,
    refused,
    saved,
    set_start,
    supervisor_names,
)
from tests.gui.registry_support import column_texts, double_click_row
from tests.integration.inspection_support import (
    ENTERPRISE,
    UNIT,
    state,
    team,
    values,
)

FIRST = f"{NUMBER_PREFIX}〔2026〕1号"
PLACE = "县市场监督管理局执法大队"  # as fill_basics types it


@pytest.fixture
def demo(county):
    return demo_services(county)


@pytest.fixture
def view(qtbot, demo, runner):
    return make_view(qtbot, demo, runner)


@pytest.fixture
def picks(monkeypatch, qtbot):
    return Picks(monkeypatch, qtbot)


@pytest.fixture
def told(monkeypatch):
    return record_messages(monkeypatch)


# ---------------------------------------------------------------- a new inspection


def test_a_new_inspection_is_numbered_listed_and_reopens_as_entered(qtbot, demo, view, picks, told):
    assert view.countLabel.text() == "共 0 条"
    click(qtbot, view.addButton)
    dialog = view.dialog
    assert dialog.windowTitle() == "新增检查记录" and dialog.isVisible()
    fill_basics(qtbot, dialog, date(2026, 6, 12))
    assert dialog.form.numberLabel.text() == f"保存时自动分配，预计为 {FIRST}"
    add_supervisors(qtbot, dialog, picks, *CERTIFIED)
    assert picks.titles == ["添加持证人员（检查日期 2026-06-12）"]
    assert picks.seen[0]["曾桂兰"] == "" and "已于 2026-05-26 到期" in picks.seen[0]["韩秀梅"]
    assert supervisor_names(dialog) == list(CERTIFIED)
    assert dialog.supervisors.table.item(0, 3).text() == "晋监1406230034"
    assert dialog.supervisors.countLabel.text() == "持证人员 2 名"

    record = saved(qtbot, dialog)
    assert told == []
    assert record.number == FIRST == demo.inspections.get(record.id).number
    assert view.countLabel.text() == "共 1 条"
    assert column_texts(view.table, 0) == [FIRST]
    assert view.selected_id() == record.id
    row = [view.model.index(0, c).data() for c in range(8)]
    assert row == [FIRST, "2026-06-12", "09:00–11:30", "常态化监督", "食品药品", UNIT, "", PLACE]

    double_click_row(qtbot, view.table, 0)
    again = view.dialog
    assert again is not dialog and again.isVisible()
    assert again.windowTitle() == f"检查记录 {FIRST}"
    form = again.form
    assert form.numberLabel.text() == FIRST
    assert (form.kindCombo.currentText(), form.areaCombo.currentText()) == (
        "常态化监督",
        "食品药品",
    )
    assert form.unitCombo.currentText() == UNIT
    assert form.values()["started_at"] == at(date(2026, 6, 12), "09:00")
    assert form.values()["ended_at"] == at(date(2026, 6, 12), "11:30")
    assert form.placeEdit.text() == PLACE
    assert form.recorderEdit.text() == "曾桂兰"
    assert form.basisEdit.toPlainText() == "《山西省行政执法条例》"
    assert form.findingsEdit.toPlainText() == "抽查行政处罚案卷5卷，其中1卷未送达告知书。"
    assert form.conclusionEdit.toPlainText() == "基本规范。"
    assert supervisor_names(again) == list(CERTIFIED)
    assert again.supervisors.table.item(1, 3).text() == "晋监1406230035"


def test_the_number_shown_follows_the_year_and_the_prefix_setting(qtbot, demo, view, picks, told):
    demo.settings.set("inspections.number_prefix", "右司督检")
    demo.inspections.save(None, values(day=date(2026, 6, 12)), team(demo, *CERTIFIED))
    dialog = new_dialog(qtbot, view, picks, day=date(2026, 6, 12))
    assert dialog.form.numberLabel.text() == "保存时自动分配，预计为 右司督检〔2026〕2号"
    set_start(dialog, date(2026, 7, 2))  # later this year: allowed, but the clerk is told
    assert dialog.form.numberLabel.text() == (
        "保存时自动分配，预计为 右司督检〔2026〕2号（注意：检查日期晚于今天 2026-06-15，请核对）"
    )
    set_start(dialog, date(2027, 1, 4))  # a slip of the year
    assert dialog.form.numberLabel.text() == "检查日期在2027年，晚于今年：请核对日期，否则不能保存"
    refused(qtbot, demo, dialog, "开始时间：检查日期 2027-01-04 在2027年，晚于今年（2026年）")
    assert dialog.pages.currentWidget() is dialog.scroll
    assert "#b00020" in dialog.form.labels["开始时间"].styleSheet()
    set_start(dialog, date(2025, 12, 1))
    assert dialog.form.numberLabel.text() == "保存时自动分配，预计为 右司督检〔2025〕1号"
    record = saved(qtbot, dialog)
    assert record.number == "右司督检〔2025〕1号"
    assert view.countLabel.text() == "共 2 条"
    assert column_texts(view.table, 0) == ["右司督检〔2026〕1号", "右司督检〔2025〕1号"]


def test_moving_the_start_moves_the_end_along(qtbot, view):
    """A clerk backdating the start (the form opens at now) gets the same duration on that day,
    not an inspection lasting from then until today."""
    dialog = view.add_inspection()
    form = dialog.form
    form.startEdit.setDateTime(QDateTime(QDate(2026, 6, 12), QTime(9, 0)))
    assert form.values()["ended_at"] == at(date(2026, 6, 12), "11:00")
    form.endEdit.setTime(QTime(10, 30))
    form.startEdit.setDate(QDate(2026, 6, 11))
    assert form.values()["started_at"] == at(date(2026, 6, 11), "09:00")
    assert form.values()["ended_at"] == at(date(2026, 6, 11), "10:30")


# ---------------------------------------------------------------- supervisors


def test_one_supervisor_is_refused_by_the_rule(qtbot, demo, view, picks):
    dialog = new_dialog(qtbot, view, picks, supervisors=("曾桂兰",))
    assert dialog.supervisors.countLabel.text() == "持证人员 1 名（还差 1 名）"
    refused(
        qtbot,
        demo,
        dialog,
        "监督人员：至少需要2名持有效证件的监督人员（特邀监督员不计入），现在只有1名。",
    )
    assert dialog.pages.currentWidget() is dialog.supervisors
    assert dialog.form.placeEdit.text() == "县市场监督管理局执法大队", "the typing is kept"
    assert view.countLabel.text() == "共 0 条"


@pytest.mark.parametrize(
    ("name", "picked_on", "why"),
    [
        ("韩秀梅", date(2026, 5, 20), "证件 晋14062300005 已于 2026-05-26 到期"),
        ("邓建军", date(2026, 6, 1), "证件 晋14062300006 已于 2026-06-05 注销"),
        ("傅振华", date(2026, 7, 1), "证件 晋14062300009 自 2026-06-30 起才生效"),
    ],
)
def test_a_supervisor_without_a_valid_certificate_on_the_day_is_refused_by_name(
    qtbot, demo, view, picks, name, picked_on, why
):
    dialog = new_dialog(qtbot, view, picks, day=OPEN_DAY, supervisors=CERTIFIED)
    # On the inspection day the picker shows why and will not take them …
    add_supervisors(qtbot, dialog, picks, name)
    assert why in picks.seen[-1][name] and picks.chose[-1] is False
    assert supervisor_names(dialog) == list(CERTIFIED)
    # … chosen for another day, then the date moved: the save refuses them.
    set_start(dialog, picked_on)
    add_supervisors(qtbot, dialog, picks, name)
    assert picks.seen[-1][name] == "" and supervisor_names(dialog) == [*CERTIFIED, name]
    set_start(dialog, OPEN_DAY)
    refused(qtbot, demo, dialog, f"{name}在检查当天（{OPEN_DAY.isoformat()}）没有有效证件", why)
    assert dialog.pages.currentWidget() is dialog.supervisors


def test_invited_supervisors_only_join_two_certified_ones(qtbot, demo, view, picks, told):
    dialog = new_dialog(qtbot, view, picks, supervisors=())
    add_invited(qtbot, dialog, picks, INVITED, "萧卫东")
    assert picks.titles == ["添加特邀行政执法监督员"]
    assert "曾桂兰" not in picks.seen[0], "the invited picker lists 特邀 only"
    assert dialog.supervisors.countLabel.text() == "持证人员 0 名，特邀 2 名（还差 2 名）"
    refused(qtbot, demo, dialog, "特邀监督员不计入", "现在只有0名")

    add_supervisors(qtbot, dialog, picks, "曾桂兰")
    assert INVITED not in picks.seen[-1], "the certified picker does not list 特邀"
    refused(qtbot, demo, dialog, "特邀监督员不计入", "现在只有1名")

    add_supervisors(qtbot, dialog, picks, "邓红梅")
    assert picks.seen[-1]["曾桂兰"] == "已在名单中"
    record = saved(qtbot, dialog)
    assert told == []
    people = {s.name: s for s in demo.inspections.get(record.id).supervisors}
    assert sorted(people) == sorted(["曾桂兰", "邓红梅", INVITED, "萧卫东"])
    assert people[INVITED].invited and people[INVITED].certificate_number == ""
    assert not people["邓红梅"].invited and people["邓红梅"].certificate_number == "晋监1406230035"


# ---------------------------------------------------------------- the enterprise quiet period


def test_on_site_in_the_quiet_period_needs_an_exception_reason(qtbot, demo, view, picks, told):
    dialog = new_dialog(qtbot, view, picks, day=QUIET_DAY)
    choose(dialog.form.kindCombo, "涉企行政执法监督")
    choose_enterprise(qtbot, dialog, picks, ENTERPRISE)
    assert dialog.form.enterpriseEdit.text() == f"{ENTERPRISE}（91140623MA0000001A）"
    assert dialog.form.onSiteCheck.isChecked()
    refused(
        qtbot,
        demo,
        dialog,
        f"安静期例外事由：2026-06-10 在企业安静期（每月1日至20日）内，到“{ENTERPRISE}”现场检查"
        "须选择例外事由",
    )
    assert dialog.pages.currentWidget() is dialog.scroll
    assert "#b00020" in dialog.form.labels["安静期例外事由"].styleSheet()

    choose(dialog.form.exceptionCombo, "投诉举报及案件查办")
    record = saved(qtbot, dialog)
    assert told == []
    assert record.quiet_exception == "投诉举报及案件查办"
    assert record.enterprise_name == ENTERPRISE and record.on_site
    assert view.countLabel.text() == "共 1 条"


def test_outside_the_quiet_period_no_reason_is_needed(qtbot, demo, view, picks, told):
    dialog = new_dialog(qtbot, view, picks, day=OPEN_DAY)
    choose(dialog.form.kindCombo, "涉企行政执法监督")
    choose_enterprise(qtbot, dialog, picks, ENTERPRISE)
    record = saved(qtbot, dialog)
    assert told == []
    assert (record.day, record.quiet_exception, record.on_site) == (OPEN_DAY, "", True)
    assert view.model.index(0, 6).data() == ENTERPRISE


def test_passing_the_yearly_cap_warns_after_saving(qtbot, demo, view, picks, told):
    demo.settings.set("inspections.yearly_cap", 1)
    demo.inspections.save(
        None, values(day=OPEN_DAY, enterprise=ENTERPRISE), team(demo, "李志强", "刘德胜")
    )
    view.refresh()
    dialog = new_dialog(qtbot, view, picks, day=date(2026, 6, 26))
    choose_enterprise(qtbot, dialog, picks, ENTERPRISE)
    record = saved(qtbot, dialog)
    assert told == [f"“{ENTERPRISE}”2026年已被检查2次，超过每家企业年度检查上限（1次）。"]
    assert demo.inspections.get(record.id).enterprise_name == ENTERPRISE
    assert view.countLabel.text() == "共 2 条"


# ---------------------------------------------------------------- editing


def test_correcting_a_saved_start_time_leaves_its_end_alone(qtbot, demo, view):
    """Only a new inspection's end follows its start: a saved one (10:30–12:00 here) whose start
    is corrected to 11:00 keeps its end, and an end before the new start is refused."""
    first = demo.inspections.save(None, values(day=OPEN_DAY), team(demo, *CERTIFIED)).record
    view.refresh()
    view.open_inspection(first.id)
    dialog = view.dialog
    form = dialog.form
    ended = first.ended_at
    form.startEdit.setTime(QTime(first.started_at.hour, first.started_at.minute + 15))
    assert form.values()["ended_at"] == ended.replace(tzinfo=None)
    record = saved(qtbot, dialog)
    assert record.ended_at == ended and record.started_at.minute == first.started_at.minute + 15
    view.open_inspection(first.id)
    before = state(demo)
    view.dialog.form.startEdit.setTime(QTime(ended.hour + 1, 0))
    assert view.dialog.form.values()["ended_at"] == ended.replace(tzinfo=None)
    refused(qtbot, demo, view.dialog, "结束时间")
    assert state(demo) == before


def test_editing_and_cancelling_changes_nothing(qtbot, demo, view, picks, told):
    first = demo.inspections.save(None, values(day=OPEN_DAY), team(demo, *CERTIFIED)).record
    view.refresh()
    before = state(demo)
    view.open_inspection(first.id)
    dialog = view.dialog
    assert dialog.isVisible() and dialog.form.placeEdit.text() == first.place
    dialog.form.placeEdit.setText("另一个地点")
    set_start(dialog, date(2026, 6, 26))
    dialog.supervisors.table.selectRow(0)
    click(qtbot, dialog.supervisors.removeButton)
    assert supervisor_names(dialog) == ["邓红梅"]
    click(qtbot, dialog.buttons.button(dialog.buttons.StandardButton.Cancel))
    assert not dialog.isVisible()
    assert state(demo) == before
    assert demo.inspections.get(first.id) == first
    assert view.model.index(0, 7).data() == first.place
    view.open_inspection(first.id)
    assert view.dialog is not dialog
    assert view.dialog.form.placeEdit.text() == first.place
    assert supervisor_names(view.dialog) == list(CERTIFIED)
    assert told == []


def test_moving_the_date_rereads_the_supervisors_certificates(qtbot, view, picks):
    """林建国's certificate ends 2026-07-30: picked for 06-12, then the date moved past it, the
    table says so and stops counting him, before any save."""
    dialog = new_dialog(qtbot, view, picks, supervisors=("曾桂兰", "林建国"))
    panel = dialog.supervisors
    assert panel.countLabel.text() == "持证人员 2 名"
    set_start(dialog, date(2026, 8, 3))
    text = panel.table.item(1, 3).text()
    assert text.startswith("检查当日无有效证件") and "2026-07-30" in text
    assert panel.countLabel.text() == "持证人员 1 名（还差 1 名）"
    set_start(dialog, date(2026, 6, 12))
    assert panel.table.item(1, 3).text().startswith("晋")
    assert panel.countLabel.text() == "持证人员 2 名"
