"""The 统计报表 tab inside the main window: a record listed behind a figure opens where it is
kept, the first-quarter plan reminder leads to a new plan, and figures are counted again after
records change elsewhere."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from tests.gui.test_main_window import make_window
from yuyou_desktop.gui.reports_tab import ReportsTab
from yuyou_desktop.services.reports.figures import Drill, StatsQuery
from yuyou_desktop.storage.models import EnforcementUnit
from yuyou_desktop.storage.models_inspections import Inspection, Lead

YEAR = (date(2025, 1, 1), date(2026, 12, 31))


def reports(window) -> ReportsTab:
    tab = window.reports_tab
    assert isinstance(tab, ReportsTab)
    return tab


def test_an_inspection_behind_a_figure_opens_in_its_tab(qtbot, county_demo, runner):
    window = make_window(qtbot, county_demo, runner)
    found = county_demo.stats.records(StatsQuery(*YEAR), Drill("inspections.overdue"))
    row = found.rows[0]
    assert row.kind == "inspection"
    reports(window).stats.openRecord.emit(row.kind, row.record_id)
    assert window.ui.tabs.currentWidget() is window.inspections_tab
    dialog = window.inspections_tab.list.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.record.id == row.record_id
    with county_demo.database.reader() as session:
        number = session.get(Inspection, row.record_id).number
    assert dialog.windowTitle() == f"检查记录 {number}"


def test_a_lead_and_a_unit_behind_figures_open_where_they_are_kept(qtbot, county_demo, runner):
    window = make_window(qtbot, county_demo, runner)
    lead = county_demo.stats.records(StatsQuery(*YEAR), Drill("leads.received")).rows[0]
    reports(window).stats.openRecord.emit("lead", lead.record_id)
    assert window.ui.tabs.currentWidget() is window.inspections_tab
    assert window.inspections_tab.leads.selected_id() == lead.record_id
    with county_demo.database.reader() as session:
        assert session.get(Lead, lead.record_id) is not None

    unit = county_demo.stats.records(StatsQuery(*YEAR), Drill("registers.unfiled")).rows[0]
    reports(window).stats.openRecord.emit("unit", unit.record_id)
    assert window.ui.tabs.currentWidget() is window.registry_tab
    view = window.registry_tab.view("units")
    assert view.dialog is not None and view.dialog.isVisible()
    with county_demo.database.reader() as session:
        name = session.scalar(
            select(EnforcementUnit.name).where(EnforcementUnit.id == unit.record_id)
        )
    assert name == unit.cells[0]


def test_first_quarter_without_a_plan_reminds_and_leads_to_a_new_plan(qtbot, county, runner):
    window = make_window(qtbot, county, runner)
    window.remind_plan(today=date(2026, 4, 1))
    assert window.plan_reminder is None, "no reminder after the first quarter"
    window.remind_plan(today=date(2026, 2, 10))
    reminder = window.plan_reminder
    assert reminder is not None and reminder.isVisible()
    reminder.openPlans.emit(2026)
    tab = reports(window)
    assert window.ui.tabs.currentWidget() is tab
    assert tab.pages.currentIndex() == 1
    assert tab.plans.dialog is not None and tab.plans.dialog.isVisible()


def test_a_plan_of_the_year_stops_the_reminder(qtbot, county, runner):
    year = date.today().year  # a plan may be made for last year to next year
    county.plans.create(year)
    window = make_window(qtbot, county, runner)
    window.remind_plan(today=date(year, 2, 10))
    assert window.plan_reminder is None


def test_figures_are_counted_again_when_shown_after_records_changed(qtbot, county, runner):
    window = make_window(qtbot, county, runner)
    tab = reports(window)
    window.ui.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.stats.dashboard is not None, timeout=5000)
    window.ui.tabs.setCurrentWidget(window.registry_tab)
    county.demo.load()
    window.registry_tab.changed.emit("units")
    assert tab.stale
    with qtbot.waitSignal(tab.stats.refreshed, timeout=5000):
        window.ui.tabs.setCurrentWidget(tab)
    assert tab.stats.dashboard.registers.unfiled > 0


def test_a_case_file_behind_a_figure_opens_in_its_campaign(qtbot, county_demo, runner):
    window = make_window(qtbot, county_demo, runner)
    row = county_demo.stats.records(StatsQuery(*YEAR), Drill("reviews.files")).rows[0]
    assert row.kind == "case_file"
    reports(window).stats.openRecord.emit(row.kind, row.record_id)
    tab = window.reviews_tab
    assert window.ui.tabs.currentWidget() is tab
    assert tab.pages.currentIndex() == 0
    assert tab.campaign.id == county_demo.campaigns.file(row.record_id).campaign_id
    assert tab.files.selected_id() == row.record_id
