"""The 检查记录 tab (InspectionsTab) on the demonstration data, apart from the inspection dialog
itself: a lead turned into an inspection, the follow-up of a problem from 待办,
企业检查次数 listing an enterprise's inspections, and in the main window the 待办 reminder and
the page remembered across a restart."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import QLabel

from tests.gui.inspections_tab_support import (
    DAY,
    DEMO_INSPECTIONS,
    answer_pickers,
    choose,
    every_row,
    make_tab,
    on_day,
    shown_rows,
    tab_settings,
)
from tests.gui.registry_support import column_texts, double_click_row
from tests.gui.registry_support import make_window as make_main_window
from yuyou_desktop.domain.enums import RectificationStatus
from yuyou_desktop.gui.inspections import inspection_dialog as inspection_dialog_module
from yuyou_desktop.gui.inspections import inspections_tab as inspections_tab_module
from yuyou_desktop.gui.inspections.inspection_dialog import InspectionDialog
from yuyou_desktop.gui.inspections.inspections_tab import COUNTS, LEADS, LIST, TODO
from yuyou_desktop.gui.inspections.problem_dialog import FollowUpDialog
from yuyou_desktop.gui.inspections.todo_reminder import REMIND_KEY
from yuyou_desktop.services.inspections.leads_query import LeadQuery

TRANSPORT = "右玉县交通运输局"
DRIVING_SCHOOL = "驾校收费不公示"  # received DAY-3 by 12345热线, 办理中, no inspection yet
SHEEP = "右玉某羊肉食品有限公司（演示）"  # inspected 6 times this year, over the cap of 5
DAIRY = "右玉某乳业有限公司（演示）"  # 5 times: at the cap
OVERDUE_COLUMN = 10


@pytest.fixture
def demo(county):
    return on_day(county)


@pytest.fixture
def tab(qtbot, demo, runner, tmp_path):
    return make_tab(qtbot, demo, runner, tab_settings(tmp_path))


@pytest.fixture
def errors(monkeypatch):
    shown: list[tuple[str, BaseException]] = []
    monkeypatch.setattr(
        inspections_tab_module, "show_error", lambda parent, title, exc: shown.append((title, exc))
    )
    return shown


# ---------------------------------------------------------------- lead → inspection


def lead_of(demo, text: str):
    rows = demo.leads.list(LeadQuery(search=text)).rows
    assert len(rows) == 1, text
    return rows[0]


def test_a_lead_becomes_an_inspection_linked_both_ways(qtbot, tab, demo, monkeypatch):
    warnings: list[str] = []
    monkeypatch.setattr(
        inspection_dialog_module.QMessageBox,
        "warning",
        lambda parent, title, text, *a, **k: warnings.append(text),
    )
    lead = lead_of(demo, DRIVING_SCHOOL)
    assert lead.unit_name == TRANSPORT and lead.inspection_id is None
    tab.show_page(LEADS)
    assert tab.leads.select_lead(lead.id)
    qtbot.mouseClick(tab.leads.inspectButton, Qt.MouseButton.LeftButton)

    assert tab.current_name() == LIST
    dialog = tab.list.dialog
    assert isinstance(dialog, InspectionDialog) and dialog.isVisible()
    assert dialog.windowTitle() == "新增检查记录"
    form = dialog.form
    assert (form.unitCombo.currentText(), form.unitCombo.currentData()) == (TRANSPORT, lead.unit_id)
    assert form.kindCombo.currentText() == "投诉举报核查"
    assert form.basisEdit.toPlainText() == f"2026-06-12收到的12345热线线索：{lead.content}"
    assert form.leadLabel.text() == f"2026-06-12 12345热线：{lead.content[:30]}"

    # the user completes it: area, time, place, two supervisors
    choose(form.areaCombo, "其他")
    form.startEdit.setDateTime(QDateTime(QDate(2026, 6, 14), QTime(9, 0)))
    form.endEdit.setDateTime(QDateTime(QDate(2026, 6, 14), QTime(11, 30)))
    form.placeEdit.setText("右玉县交通运输局执法大队")
    form.findingsEdit.setPlainText("调阅驾校收费公示材料，现场查看公示栏。")
    titles = answer_pickers(monkeypatch, "曾桂兰", "邓红梅")
    qtbot.mouseClick(dialog.supervisors.addButton, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.supervisors.addButton, Qt.MouseButton.LeftButton)
    assert titles == ["添加持证人员（检查日期 2026-06-14）"] * 2
    assert dialog.supervisors.countLabel.text() == "持证人员 2 名"
    with qtbot.waitSignal(tab.list.changed, timeout=10000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible() and dialog.errorLabel.text() == ""
    assert warnings == []

    # the new inspection: in the list, selected, and referring to the lead
    assert tab.list.countLabel.text() == f"共 {DEMO_INSPECTIONS + 1} 条"
    record = demo.inspections.get(tab.list.selected_id())
    assert record.lead_id == lead.id
    assert (record.unit_name, record.kind.label, f"{record.started_at:%Y-%m-%d %H:%M}") == (
        TRANSPORT,
        "投诉举报核查",
        "2026-06-14 09:00",
    )
    assert record.basis == form.basisEdit.toPlainText()
    assert [s.name for s in record.supervisors] == ["曾桂兰", "邓红梅"]
    # the lead shows the inspection and can no longer be turned into another one
    assert demo.leads.get(lead.id).inspection_id == record.id
    tab.show_page(LEADS)
    assert tab.leads.selected_id() == lead.id
    row = tab.leads.model.row_of(lead.id)
    assert tab.leads.model.index(row, 8).data() == record.number
    assert tab.leads.openButton.isEnabled() and not tab.leads.inspectButton.isEnabled()
    # and 打开检查记录 opens it, saying it comes from a lead
    qtbot.mouseClick(tab.leads.openButton, Qt.MouseButton.LeftButton)
    assert tab.current_name() == LIST
    opened = tab.list.dialog
    assert opened is not dialog and opened.isVisible()
    assert opened.windowTitle() == f"检查记录 {record.number}"
    assert opened.form.leadLabel.text() == "已关联（见“投诉举报/线索”）"
    opened.reject()


def test_a_lead_about_no_unit_does_not_take_the_lists_unit_filter(qtbot, tab, demo):
    lead = lead_of(demo, "商会监督联系点反映")
    assert lead.unit_id is None
    filters = tab.list.filters
    filters.unitCombo.setCurrentIndex(filters.unitCombo.findText(TRANSPORT))
    tab.inspection_from_lead(lead.id)
    form = tab.list.dialog.form
    assert form.unitCombo.currentText() == "" and form.unitCombo.currentData() == ""
    assert form.kindCombo.currentText() == "投诉举报核查"
    tab.list.dialog.reject()


def test_a_lead_deleted_meanwhile_opens_no_inspection(qtbot, tab, demo, errors):
    lead = lead_of(demo, DRIVING_SCHOOL)
    demo.leads.delete(lead.id)
    tab.inspection_from_lead(lead.id)
    title, exc = errors[0]
    assert title == "无法转为检查记录" and "不存在" in exc.message
    assert tab.list.dialog is None
    assert tab.list.countLabel.text() == f"共 {DEMO_INSPECTIONS} 条"


# ---------------------------------------------------------------- 待办 → 整改跟踪


def stored_problem(demo, inspection_id: str, problem_id: str):
    return next(p for p in demo.inspections.get(inspection_id).problems if p.id == problem_id)


def press_save(qtbot, dialog: FollowUpDialog) -> None:
    qtbot.mouseClick(
        dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton
    )


def overdue_cell(tab, inspection_id: str) -> str:
    return tab.list.model.index(tab.list.model.row_of(inspection_id), OVERDUE_COLUMN).data()


def test_an_overdue_problem_put_right_from_the_todo_page_leaves_it(qtbot, tab, demo):
    before = demo.todo.todo()
    problem = before.overdue_problems[0]
    listed = {r.id: r for r in shown_rows(tab.list)}[problem.inspection_id]
    assert listed.overdue_problems >= 1
    assert overdue_cell(tab, problem.inspection_id) == str(listed.overdue_problems)
    inspection_day = listed.started_at.date()

    tab.show_page(TODO)
    section = tab.todo.overdueProblems
    assert section.headingLabel.text() == f"整改逾期的问题（{before.overdue_problem_count}）"
    assert section.model.rows[0].problem_id == problem.problem_id
    double_click_row(qtbot, section.table, 0)
    dialog = tab.follow_up_dialog
    assert isinstance(dialog, FollowUpDialog) and dialog.isVisible()
    assert dialog.windowTitle() == f"整改跟踪 — {problem.inspection_number} {problem.unit_name}"
    assert dialog.errorLabel.text() == f"已逾期：整改期限为 {problem.deadline}。"
    assert dialog.descriptionEdit.toPlainText() == problem.description
    assert dialog.descriptionEdit.isReadOnly()

    # a closing day before the inspection is refused: the dialog stays, nothing changes
    choose(dialog.statusCombo, "已整改")
    early = inspection_day - timedelta(days=1)
    dialog.closedEdit.setDate(QDate(early.year, early.month, early.day))
    dialog.followUpEdit.setPlainText("复查：已公开。")
    press_save(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.saving, timeout=5000)
    assert dialog.isVisible()
    assert dialog.errorLabel.text() == (
        f"整改完成日期：不能早于检查日期（{inspection_day}），实际为 {early}。"
    )
    assert demo.todo.todo().overdue_problem_count == before.overdue_problem_count
    stored = stored_problem(demo, problem.inspection_id, problem.problem_id)
    assert stored.status is RectificationStatus.OVERDUE and stored.follow_up == ""

    # closed today: saved, gone from 待办
    dialog.closedEdit.setDate(QDate(DAY.year, DAY.month, DAY.day))
    with qtbot.waitSignal(tab.todo.refreshed, timeout=5000):
        press_save(qtbot, dialog)
    assert not dialog.isVisible()
    assert section.headingLabel.text() == f"整改逾期的问题（{before.overdue_problem_count - 1}）"
    assert problem.problem_id not in [p.problem_id for p in section.model.rows]
    stored = stored_problem(demo, problem.inspection_id, problem.problem_id)
    assert (stored.status, stored.closed_on, stored.follow_up) == (
        RectificationStatus.DONE,
        DAY,
        "复查：已公开。",
    )
    # the list, shown again, counts one overdue and one open problem fewer
    tab.show_page(LIST)
    left = listed.overdue_problems - 1
    assert overdue_cell(tab, problem.inspection_id) == (str(left) if left else "")
    row = tab.list.model.row_of(problem.inspection_id)
    assert tab.list.model.row_at(row).open_problems == listed.open_problems - 1


def test_a_problem_whose_inspection_was_deleted_meanwhile_opens_nothing(qtbot, tab, demo, errors):
    problem = demo.todo.todo().overdue_problems[0]
    tab.show_page(TODO)
    section = tab.todo.overdueProblems
    assert section.model.rows[0].problem_id == problem.problem_id
    demo.inspections.delete(problem.inspection_id)  # on another computer, synchronised
    with qtbot.waitSignal(tab.todo.refreshed, timeout=5000):
        double_click_row(qtbot, section.table, 0)
    assert [(title, exc.message) for title, exc in errors] == [
        ("无法打开问题", "这个问题不存在或已被删除。")
    ]
    assert getattr(tab, "follow_up_dialog", None) is None
    assert problem.problem_id not in [p.problem_id for p in section.model.rows]
    assert tab.current_name() == TODO


# ---------------------------------------------------------------- 企业检查次数


def test_an_enterprise_double_clicked_in_the_counts_lists_its_inspections(qtbot, tab, demo):
    every = every_row(demo)
    tab.show_page(COUNTS)
    counts = tab.counts
    assert counts.yearSpin.value() == DAY.year
    table = counts.table
    assert column_texts(table, 0)[:2] == [SHEEP, DAIRY]
    this_year = [r for r in every if r.enterprise_name == SHEEP and r.started_at.year == DAY.year]
    assert table.item(0, 2).text() == str(len(this_year)) == "6"
    assert table.item(0, 3).text() == "超过上限 1 次"
    assert table.item(0, 0).foreground().color().name() == "#b00020"
    assert table.item(0, 0).font().bold()
    assert (table.item(1, 3).text(), table.item(1, 0).font().bold()) == ("已达上限", False)
    assert "每家企业年度检查上限 5 次" in counts.capLabel.text()
    assert "2026年有 1 家企业超过上限。" in counts.capLabel.text()

    # filters left on the list from before do not hide any of them
    bar = tab.list.filters
    choose(bar.statusCombo, "有逾期问题")
    choose(bar.kindCombo, "常态化监督")
    bar.searchEdit.setText("右玉")
    double_click_row(qtbot, table, 0)
    assert tab.current_name() == LIST
    assert bar.enterpriseButton.text() == SHEEP
    assert (bar.statusCombo.currentText(), bar.kindCombo.currentText()) == ("全部", "全部")
    assert bar.searchEdit.text() == ""
    assert (bar.fromDate.value(), bar.toDate.value()) == (date(2026, 1, 1), date(2026, 12, 31))
    assert {r.id for r in shown_rows(tab.list)} == {r.id for r in this_year}
    assert tab.list.countLabel.text() == "共 6 条（已筛选）"
    assert set(column_texts(tab.list.table, 6)) == {SHEEP}

    # last year: other enterprises, none over the cap
    tab.show_page(COUNTS)
    counts.yearSpin.setValue(DAY.year - 1)
    first = column_texts(table, 0)[0]
    last_year = [r for r in every if r.enterprise_name == first and r.started_at.year == 2025]
    assert table.item(0, 2).text() == str(len(last_year)) and table.item(0, 3).text() == ""
    assert "2025年没有企业超过上限。" in counts.capLabel.text()
    double_click_row(qtbot, table, 0)
    assert tab.current_name() == LIST
    assert bar.enterpriseButton.text() == first
    assert bar.fromDate.value() == date(2025, 1, 1)
    assert {r.id for r in shown_rows(tab.list)} == {r.id for r in last_year}
    assert tab.list.countLabel.text() == f"共 {len(last_year)} 条（已筛选）"


# ---------------------------------------------------------------- main window


def test_main_window_reminds_of_the_todo_and_remembers_the_page(qtbot, county, runner):
    services = on_day(county)
    todo = services.todo.todo()
    assert todo.overdue_problem_count and todo.overdue_lead_count

    first = make_main_window(qtbot, services, runner)
    qtbot.waitUntil(
        lambda: first.todo_reminder is not None and first.todo_reminder.isVisible(), timeout=5000
    )
    reminder = first.todo_reminder
    assert reminder.windowTitle() == "待办提醒"
    assert reminder.textLabel.text() == (
        f"整改逾期的问题 {todo.overdue_problem_count} 项，7日内到期 "
        f"{todo.due_soon_problem_count} 项；\n办理逾期的线索 {todo.overdue_lead_count} 件，"
        f"7日内到期 {todo.due_soon_lead_count} 件；\n逾期未回复的文书 "
        f"{todo.overdue_letter_count} 份。"
    )
    assert "截至 2026-06-15：" in [label.text() for label in reminder.findChildren(QLabel)]
    assert reminder.remindCheck.isChecked()
    reminder.remindCheck.setChecked(False)
    assert first.ui.tabs.currentIndex() == 0
    qtbot.mouseClick(reminder.showButton, Qt.MouseButton.LeftButton)
    assert not reminder.isVisible()
    assert first.ui.tabs.currentWidget() is first.inspections_tab
    assert first.inspections_tab.current_name() == TODO
    first.close()

    second = make_main_window(qtbot, services, runner)
    qtbot.waitUntil(lambda: not runner.busy, timeout=5000)
    assert second.todo_reminder is None, "turned off: no reminder"
    assert second.settings.value(REMIND_KEY, True, type=bool) is False
    assert second.ui.tabs.currentWidget() is second.inspections_tab
    assert second.inspections_tab.current_name() == TODO
    second.inspections_tab.pages.setCurrentIndex(3)
    second.close()

    third = make_main_window(qtbot, services, runner)
    assert third.inspections_tab.current_name() == COUNTS
    assert third.inspections_tab.pages.tabText(3) == "企业检查次数"
