"""问题与整改 in the inspection dialog: problems added through the problem dialog are saved with
the inspection, opening from 待办 goes to the problem, and the follow-up (整改跟踪) saves at once
— a refusal shows why and writes nothing."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialogButtonBox

from tests.gui.inspection_dialog_support import (
    CERTIFIED,
    Modal,
    Picks,
    choose,
    click,
    demo_services,
    fill_problem,
    make_view,
    new_dialog,
    record_messages,
    refused,
    saved,
    set_start,
)
from tests.integration.inspection_support import DAY, state, team, values
from yuyou_desktop.domain.enums import ProblemCategory, RectificationStatus
from yuyou_desktop.gui.inspections.list_model import OVERDUE_COLOUR
from yuyou_desktop.gui.inspections.problem_dialog import FollowUpDialog, ProblemDialog

INSPECTED = date(2026, 6, 12)
FOUND = "未送达行政处罚告知书"
LATE = "询问笔录未载明执法证件号"


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


@pytest.fixture
def problem_dialogs(monkeypatch):
    return Modal(monkeypatch, ProblemDialog)


def problem_rows(dialog) -> list[list[str]]:
    table = dialog.problems.table
    return [
        [table.item(r, c).text() for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]


def test_problems_are_saved_with_the_inspection_and_shown_overdue(
    qtbot, demo, view, picks, told, problem_dialogs
):
    dialog = new_dialog(qtbot, view, picks, day=INSPECTED)
    dialog.pages.setCurrentWidget(dialog.problems)
    problem_dialogs.actions += [
        fill_problem(qtbot, "", FOUND, date(2026, 7, 15)),
        fill_problem(qtbot, "程序", FOUND, date(2026, 7, 15)),
    ]
    click(qtbot, dialog.problems.addButton)
    first = problem_dialogs.dialogs[0]
    assert first.errorLabel.text() == "问题类别：必须选择。"
    assert problem_rows(dialog) == [], "a refused problem is not listed"
    click(qtbot, dialog.problems.addButton)
    problem_dialogs.actions.append(fill_problem(qtbot, "文书", LATE, date(2026, 6, 13)))
    click(qtbot, dialog.problems.addButton)
    assert problem_rows(dialog) == [
        ["程序", FOUND, "2026-07-15", "待整改", ""],
        ["文书", LATE, "2026-06-13", "逾期", ""],
    ]
    assert dialog.problems.table.item(1, 3).foreground().color() == OVERDUE_COLOUR

    record = saved(qtbot, dialog)
    assert told == []
    problems = demo.inspections.get(record.id).problems
    assert [(p.category, p.description, p.deadline, p.stored_status) for p in problems] == [
        (
            ProblemCategory.PROCEDURE,
            "未送达行政处罚告知书",
            date(2026, 7, 15),
            RectificationStatus.PENDING,
        ),
        (ProblemCategory.DOCUMENTS, LATE, date(2026, 6, 13), RectificationStatus.PENDING),
    ]
    assert [p.status for p in problems] == [
        RectificationStatus.PENDING,
        RectificationStatus.OVERDUE,
    ]
    assert view.model.index(0, 8).data() == "2" and view.model.index(0, 10).data() == "1"

    view.open_inspection(record.id, problems[1].id)
    again = view.dialog
    assert again is not dialog and again.isVisible()
    assert again.pages.currentWidget() is again.problems
    assert [i.row() for i in again.problems.table.selectionModel().selectedRows()] == [1]
    assert again.problems.editButton.isEnabled()


def test_a_problem_deadline_before_the_inspection_is_refused(
    qtbot, demo, view, picks, problem_dialogs
):
    dialog = new_dialog(qtbot, view, picks, day=INSPECTED)
    problem_dialogs.actions.append(fill_problem(qtbot, "证据", "证据未编号", date(2026, 6, 1)))
    click(qtbot, dialog.problems.addButton)
    dialog.pages.setCurrentWidget(dialog.scroll)
    refused(
        qtbot,
        demo,
        dialog,
        "第1个问题的整改期限：不能早于检查日期（2026-06-12），实际为 2026-06-01。",
    )
    assert dialog.pages.currentWidget() is dialog.problems
    assert problem_rows(dialog)[0][1] == "证据未编号", "the problem is kept to be corrected"
    assert view.countLabel.text() == "共 0 条"


# ---------------------------------------------------------------- 整改跟踪


@pytest.fixture
def overdue(demo):
    """A saved inspection of INSPECTED with one problem past its deadline."""
    problem = {"category": "文书", "description": LATE, "deadline": date(2026, 6, 13)}
    record = demo.inspections.save(
        None, values(day=INSPECTED), team(demo, *CERTIFIED), [problem]
    ).record
    return record.problems[0]


def follow_up(qtbot, view, runner, demo, problem) -> FollowUpDialog:
    dialog = FollowUpDialog(problem, demo.inspections, runner, DAY, view)
    dialog.show()
    assert dialog.windowTitle() == "整改跟踪"
    assert dialog.errorLabel.text() == "已逾期：整改期限为 2026-06-13。"
    assert not dialog.categoryCombo.isEnabled() and dialog.descriptionEdit.isReadOnly()
    assert not dialog.closedEdit.isEnabled(), "no date closed until 已整改"
    choose(dialog.statusCombo, "已整改")
    assert dialog.closedEdit.isEnabled()
    dialog.followUpEdit.setPlainText("复查：已补正笔录。")
    return dialog


def close_on(qtbot, dialog: FollowUpDialog, day: date) -> None:
    dialog.closedEdit.setDate(QDate(day.year, day.month, day.day))
    click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))
    qtbot.waitUntil(lambda: not dialog.saving, timeout=5000)


def test_a_follow_up_marks_the_problem_put_right(qtbot, demo, view, runner, overdue):
    dialog = follow_up(qtbot, view, runner, demo, overdue)
    close_on(qtbot, dialog, date(2026, 6, 14))
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    stored = demo.inspections.get(overdue.inspection_id).problems[0]
    assert stored.stored_status is RectificationStatus.DONE is stored.status
    assert (stored.closed_on, stored.follow_up) == (date(2026, 6, 14), "复查：已补正笔录。")
    assert dialog.result_record == stored

    view.refresh()
    view.open_inspection(overdue.inspection_id, overdue.id)
    assert problem_rows(view.dialog) == [["文书", LATE, "2026-06-13", "已整改", "2026-06-14"]]


def test_a_follow_up_closed_before_the_inspection_is_refused(qtbot, demo, view, runner, overdue):
    before = state(demo)
    dialog = follow_up(qtbot, view, runner, demo, overdue)
    close_on(qtbot, dialog, date(2026, 6, 10))
    assert dialog.isVisible()
    assert dialog.errorLabel.text() == (
        "整改完成日期：不能早于检查日期（2026-06-12），实际为 2026-06-10。"
    )
    assert "#b00020" in dialog.labels["整改完成日期"].styleSheet()
    assert state(demo) == before
    assert demo.inspections.get(overdue.inspection_id).problems[0] == overdue


def test_a_new_problem_starts_from_the_inspections_rectification_deadline(
    qtbot, demo, view, picks, problem_dialogs
):
    """A problem without a deadline never reaches 待办: a new one starts from the inspection's
    整改期限 when rectification is required, and the form's 整改期限 follows a moved start."""
    dialog = new_dialog(qtbot, view, picks, day=INSPECTED)
    form = dialog.form
    assert form.deadlineEdit.date() == QDate(2026, 7, 12), "30 days after the start"
    form.rectifyCheck.setChecked(True)
    form.deadlineEdit.setDate(QDate(2026, 7, 1))
    set_start(dialog, date(2026, 6, 10))
    assert form.deadlineEdit.date() == QDate(2026, 7, 1), "a chosen deadline is kept"
    seen: list[date | None] = []
    problem_dialogs.actions.append(lambda d: seen.append(d.deadlineEdit.value()))
    click(qtbot, dialog.problems.addButton)
    form.rectifyCheck.setChecked(False)
    problem_dialogs.actions.append(lambda d: seen.append(d.deadlineEdit.value()))
    click(qtbot, dialog.problems.addButton)
    assert seen == [date(2026, 7, 1), None]
    set_start(dialog, date(2026, 6, 5))
    assert form.deadlineEdit.date() == QDate(2026, 7, 5)
