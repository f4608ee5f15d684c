"""待办 (TodoView) on the demonstration data: the four sections show what TodoService computes,
the “仅显示前” note when a bucket is cut, the empty state, and opening a row."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from tests.gui.registry_support import double_click_row
from yuyou_desktop.gui.inspections.todo_view import TodoView
from yuyou_desktop.services.demo import DemoService
from yuyou_desktop.services.inspections.leads import LeadService
from yuyou_desktop.services.inspections.todo import TodoService

DAY = date(2026, 6, 15)


@pytest.fixture
def demo(county):
    DemoService(county.database, county.resources, today=lambda: DAY).load()
    return county


def todo_service(services, day: date = DAY) -> TodoService:
    return TodoService(services.database, services.settings, today=lambda: day)


def make_view(qtbot, service: TodoService, runner, **kwargs) -> TodoView:
    view = TodoView(service, runner, **kwargs)
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    qtbot.waitUntil(lambda: view.todo is not None, timeout=5000)
    return view


def headings(view: TodoView) -> list[str]:
    return [section.headingLabel.text() for section in view.sections]


def test_the_sections_show_the_counts_and_rows_of_the_service(qtbot, demo, runner):
    service = todo_service(demo)
    expected = service.todo()
    assert expected.overdue_problem_count and expected.due_soon_problem_count
    assert expected.overdue_lead_count and expected.due_soon_lead_count
    view = make_view(qtbot, service, runner)
    assert headings(view) == [
        f"整改逾期的问题（{expected.overdue_problem_count}）",
        f"7日内到期的问题（{expected.due_soon_problem_count}）",
        f"办理逾期的线索（{expected.overdue_lead_count}）",
        f"7日内到期的线索（{expected.due_soon_lead_count}）",
        f"逾期未回复的文书（{expected.overdue_letter_count}）",
    ]
    assert [s.model.rowCount() for s in view.sections] == [
        expected.overdue_problem_count,
        expected.due_soon_problem_count,
        expected.overdue_lead_count,
        expected.due_soon_lead_count,
        expected.overdue_letter_count,
    ]
    assert all(s.headingLabel.isVisible() and s.table.isVisible() for s in view.sections)
    assert not any(s.noteLabel.isVisible() for s in view.sections)
    assert not view.messageLabel.isVisible()
    assert view.summary_text() == (
        f"整改逾期 {expected.overdue_problem_count} 项，"
        f"7日内到期 {expected.due_soon_problem_count} 项；"
        f"线索逾期 {expected.overdue_lead_count} 件，7日内到期 {expected.due_soon_lead_count} 件；"
        f"文书逾期未回复 {expected.overdue_letter_count} 份"
    )
    first = expected.overdue_problems[0]
    model = view.overdueProblems.model
    assert [model.index(0, c).data() for c in (0, 4, 5)] == [
        first.inspection_number,
        first.deadline.isoformat(),
        f"{first.days} 天",
    ]
    header = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert header == ["检查编号", "被监督单位", "问题类别", "问题", "整改期限", "逾期天数", "状态"]
    lead_model = view.dueSoonLeads.model
    assert lead_model.headerData(6, Qt.Orientation.Horizontal) == "剩余天数"
    assert lead_model.index(0, 2).data() == expected.due_soon_leads[0].excerpt


def test_the_due_soon_heading_follows_the_setting(qtbot, demo, runner):
    demo.settings.set("inspections.due_soon_days", 10)
    view = make_view(qtbot, todo_service(demo), runner)
    assert headings(view)[1].startswith("10日内到期的问题（")
    assert headings(view)[3].startswith("10日内到期的线索（")
    assert "10日内到期" in view.summary_text()


def test_a_cut_bucket_says_how_many_are_shown(qtbot, demo, runner):
    expected = todo_service(demo).todo()
    view = make_view(qtbot, todo_service(demo), runner, limit=2)
    counts = [
        expected.overdue_problem_count,
        expected.due_soon_problem_count,
        expected.overdue_lead_count,
        expected.due_soon_lead_count,
        expected.overdue_letter_count,
    ]
    for section, count in zip(view.sections, counts, strict=True):
        assert section.model.rowCount() == min(count, 2)
        assert section.headingLabel.text().endswith(f"（{count}）"), "the heading counts all"
        if count > 2:
            assert section.noteLabel.isVisible()
            assert section.noteLabel.text() == f"仅显示前 2 条，共 {count} 条。"
        else:
            assert not section.noteLabel.isVisible()
    assert expected.overdue_problem_count > 2, "at least one bucket is cut"


def test_nothing_due_shows_a_friendly_line(qtbot, county, runner):
    view = make_view(qtbot, todo_service(county), runner)
    assert view.messageLabel.isVisible()
    assert view.messageLabel.text() == "没有逾期或即将到期的事项。"
    assert not view.scroll.isVisible()
    assert view.summary_text() == (
        "整改逾期 0 项，7日内到期 0 项；线索逾期 0 件，7日内到期 0 件；文书逾期未回复 0 份"
    )


def test_double_click_or_enter_opens_the_problem_or_the_lead(qtbot, demo, runner):
    service = todo_service(demo)
    expected = service.todo()
    view = make_view(qtbot, service, runner)
    problem = expected.due_soon_problems[1]
    with qtbot.waitSignal(view.openProblem, timeout=1000) as opened:
        double_click_row(qtbot, view.dueSoonProblems.table, 1)
    assert opened.args == [problem.inspection_id, problem.problem_id]

    lead = expected.overdue_leads[0]
    with qtbot.waitSignal(view.openLead, timeout=1000) as opened:
        double_click_row(qtbot, view.overdueLeads.table, 0)
    assert opened.args == [lead.lead_id]

    table = view.dueSoonLeads.table
    table.setFocus()
    table.setCurrentIndex(table.model().index(1, 0))
    with qtbot.waitSignal(view.openLead, timeout=1000) as opened:
        qtbot.keyClick(table, Qt.Key.Key_Return)
    assert opened.args == [expected.due_soon_leads[1].lead_id]


def test_refresh_shows_a_lead_closed_meanwhile_as_gone(qtbot, demo, runner):
    service = todo_service(demo)
    view = make_view(qtbot, service, runner)
    lead = service.todo().overdue_leads[0]
    before = view.overdueLeads.model.rowCount()
    LeadService(demo.database, today=lambda: DAY).save(
        lead.lead_id, {"status": "已办结", "outcome": "已督促整改并答复。"}
    )
    with qtbot.waitSignal(view.refreshed, timeout=5000):
        qtbot.mouseClick(view.refreshButton, Qt.MouseButton.LeftButton)
    assert view.overdueLeads.model.rowCount() == before - 1
    assert view.overdueLeads.headingLabel.text() == f"办理逾期的线索（{before - 1}）"
    assert lead.lead_id not in [row.lead_id for row in view.overdueLeads.model.rows]
