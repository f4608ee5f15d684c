"""The 统计 tab: the cards and tables show the Dashboard's figures for the chosen period, a
number opens exactly the records it counts, the charts draw the tables' numbers, a refused
period keeps the figures shown, and the period and section are remembered."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from PySide6.QtCore import QDate, QSettings, Qt
from sqlalchemy import select, update

from tests.gui.inspections_tab_support import DAY, on_day
from yuyou_desktop.gui.stats import stats_tab as stats_tab_module
from yuyou_desktop.gui.stats.stats_tab import StatsTab
from yuyou_desktop.gui.stats.tables import FigureTable
from yuyou_desktop.services.reports.figures import StatsQuery, percent_text
from yuyou_desktop.services.reports.stats import StatsService
from yuyou_desktop.storage.models_inspections import Inspection
from yuyou_desktop.storage.models_sync import TrustedKey

FIRST_HALF = (date(2026, 1, 1), date(2026, 6, 30))
TOWN = ("140623101", "右卫镇司法所")


@pytest.fixture
def demo(county):
    """The county with the demonstration data loaded as of DAY, every service's today DAY."""
    fixed = on_day(county)
    return replace(fixed, stats=StatsService(fixed.database, fixed.settings, today=lambda: DAY))


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "gui.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def errors(monkeypatch):
    shown: list[tuple[str, BaseException]] = []
    monkeypatch.setattr(
        stats_tab_module, "show_error", lambda parent, title, exc: shown.append((title, exc))
    )
    return shown


def make_tab(qtbot, services, runner, settings) -> StatsTab:
    tab = StatsTab(services, runner, settings, today=lambda: DAY)
    qtbot.addWidget(tab)
    tab.resize(1280, 800)
    with qtbot.waitSignal(tab.refreshed, timeout=5000):
        tab.show()
    return tab


@pytest.fixture
def tab(qtbot, demo, runner, settings):
    return make_tab(qtbot, demo, runner, settings)


def set_period(qtbot, tab: StatsTab, start: date, end: date) -> None:
    """The user types both dates; the figures are counted once, after the pause."""
    with qtbot.waitSignal(tab.refreshed, timeout=5000):
        tab.bar.fromEdit.setDate(QDate(start.year, start.month, start.day))
        tab.bar.toEdit.setDate(QDate(end.year, end.month, end.day))


def card_texts(tab: StatsTab) -> dict[str, str]:
    return {key: card.value_text() for key, card in tab.cards.cards.items()}


def expected_cards(d) -> dict[str, str]:
    mean = d.reviews.mean
    return {
        "inspections": str(d.inspections.inspections),
        "problems": str(d.inspections.problems),
        "rate": percent_text(d.inspections.rate),
        "overdue": str(d.inspections.overdue),
        "received": str(d.leads.received),
        "transferred": str(d.leads.transferred),
        "closed": str(d.leads.closed),
        "reviews": f"{d.reviews.files} / {'—' if mean is None else mean}",
        "expiring": str(d.registers.expiring),
        "unfiled": str(d.registers.unfiled),
        "over_cap": str(d.registers.over_cap),
    }


def double_click(qtbot, table, row: int, column: int) -> None:
    rect = table.visualRect(table.model().index(row, column))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def opened_rows(qtbot, tab: StatsTab, action) -> tuple[int, str]:
    """Do ``action`` and wait for the drill dialog it opens: (rows listed, count text)."""
    before = tab.drill_dialog
    action()
    qtbot.waitUntil(lambda: tab.drill_dialog is not before, timeout=5000)
    dialog = tab.drill_dialog
    assert dialog.isVisible()
    return dialog.model.rowCount(), dialog.countLabel.text()


def column_of(table: FigureTable, title: str) -> int:
    model = table.model()
    found = [c for c in range(model.columnCount()) if model.headerData(c, Qt.Horizontal) == title]
    assert found, title
    return found[0]


def test_the_cards_show_the_dashboard_figures_of_the_chosen_period(qtbot, tab, demo):
    set_period(qtbot, tab, *FIRST_HALF)
    expected = demo.stats.dashboard(StatsQuery(*FIRST_HALF))
    assert expected.inspections.inspections > 0 and expected.leads.received > 0
    assert card_texts(tab) == expected_cards(expected)
    assert tab.bar.periodCombo.currentText() == "自定义"
    assert "2026-01-01 至 2026-06-30" in tab.scopeLabel.text()
    cards = tab.cards.cards
    assert cards["overdue"].alert == (expected.inspections.overdue > 0)
    assert not cards["inspections"].alert
    # another quick choice: 本年 as of DAY
    with qtbot.waitSignal(tab.refreshed, timeout=5000):
        tab.bar.periodCombo.setCurrentIndex(tab.bar.periodCombo.findText("本年"))
    assert tab.bar.period() == (date(2026, 1, 1), date(2026, 12, 31))
    year = demo.stats.dashboard(StatsQuery(date(2026, 1, 1), date(2026, 12, 31)))
    assert card_texts(tab) == expected_cards(year)


def test_choosing_a_unit_counts_only_its_records(qtbot, tab, demo):
    set_period(qtbot, tab, *FIRST_HALF)
    busiest = demo.stats.dashboard(StatsQuery(*FIRST_HALF)).by_unit[0]
    combo = tab.bar.unitCombo
    with qtbot.waitSignal(tab.refreshed, timeout=5000):
        combo.setCurrentIndex(combo.findData(busiest.key))
    expected = demo.stats.dashboard(StatsQuery(*FIRST_HALF, unit_id=busiest.key))
    assert card_texts(tab)["inspections"] == str(busiest.counts.inspections)
    assert card_texts(tab) == expected_cards(expected)
    units = tab.sections["unit"].table
    assert units.model().rowCount() == 2  # the unit and 合计
    assert units.cell_text(0, 0) == busiest.label


def test_a_period_without_records_shows_zeros(qtbot, tab, demo):
    set_period(qtbot, tab, date(2001, 1, 1), date(2001, 12, 31))
    cards = card_texts(tab)
    for key in ("inspections", "problems", "overdue", "received", "transferred", "closed"):
        assert cards[key] == "0", key
    assert cards["rate"] == "—"
    assert cards["reviews"] == "0 / —"
    assert not tab.cards.cards["overdue"].alert
    # the registers are as they stand today, whatever the period
    empty = demo.stats.dashboard(StatsQuery(date(2001, 1, 1), date(2001, 12, 31)))
    assert cards["expiring"] == str(empty.registers.expiring)
    kinds = tab.sections["kind"].table
    total = kinds.model().rowCount() - 1
    assert kinds.cell_text(total, 0) == "合计"
    assert [kinds.cell_text(total, c) for c in range(1, 7)] == ["0"] * 5 + ["—"]
    months = tab.sections["month"].table
    assert months.model().rowCount() == 12 + 1


def test_a_number_opens_exactly_the_records_it_counts(qtbot, tab, demo):
    set_period(qtbot, tab, *FIRST_HALF)
    dashboard = demo.stats.dashboard(StatsQuery(*FIRST_HALF))
    busiest = max(dashboard.by_kind, key=lambda line: line.counts.problems)
    table = tab.show_section("kind").table
    row = table.row_of(busiest.label)
    problems = column_of(table, "发现问题")
    assert table.cell_text(row, problems) == str(busiest.counts.problems)
    assert table.cell_text(row, column_of(table, "检查次数")) == str(busiest.counts.inspections)
    listed, count = opened_rows(qtbot, tab, lambda: double_click(qtbot, table, row, problems))
    assert listed == busiest.counts.problems > 0
    assert count.startswith(f"共 {busiest.counts.problems} 条")
    assert busiest.label in tab.drill_dialog.windowTitle()
    # the 合计 row, by the keyboard: every overdue problem of the period
    total = table.model().rowCount() - 1
    overdue = column_of(table, "逾期未整改")
    assert table.cell_text(total, overdue) == str(dashboard.inspections.overdue)

    def enter() -> None:
        table.setFocus()
        table.setCurrentIndex(table.model().index(total, overdue))
        qtbot.keyClick(table, Qt.Key.Key_Return)

    listed, _count = opened_rows(qtbot, tab, enter)
    assert listed == dashboard.inspections.overdue
    # the label and the 整改率 are not counts: nothing opens
    asked: list[object] = []
    table.opened.connect(asked.append)
    double_click(qtbot, table, row, 0)
    double_click(qtbot, table, row, column_of(table, "整改率"))
    assert asked == []


def test_a_card_opens_its_records_and_a_row_opens_its_record(qtbot, tab, demo):
    set_period(qtbot, tab, *FIRST_HALF)
    card = tab.cards.cards["received"]
    listed, count = opened_rows(qtbot, tab, lambda: qtbot.mouseClick(card, Qt.LeftButton))
    assert str(listed) == card.value_text() != "0"
    assert count.startswith(f"共 {listed} 条。")
    dialog = tab.drill_dialog
    first = dialog.result.rows[0]
    with qtbot.waitSignal(tab.openRecord, timeout=1000) as opened:
        double_click(qtbot, dialog.table, 0, 1)
    assert opened.args == ["lead", first.record_id]
    # the unit table opens the inspections of a unit
    units = tab.show_section("unit").table
    inspections = column_of(units, "检查次数")
    listed, _count = opened_rows(qtbot, tab, lambda: double_click(qtbot, units, 0, inspections))
    assert str(listed) == units.cell_text(0, inspections)
    assert {row.kind for row in tab.drill_dialog.result.rows} == {"inspection"}


def test_a_refused_period_is_said_on_the_page_and_the_figures_stay(qtbot, tab, demo, errors):
    """Typing the start date first passes through periods that end before they begin: said in
    red on the page (no box to close at every keystroke); the figures shown stay; a sensible
    period counts again; and a bad period remembered at closing does not spoil the next start."""
    set_period(qtbot, tab, *FIRST_HALF)
    before, shown = card_texts(tab), tab.dashboard
    with qtbot.waitSignal(tab.refreshed, timeout=5000):
        tab.bar.toEdit.setDate(QDate(2025, 12, 1))
    assert errors == []
    text = tab.scopeLabel.text()
    assert "结束日期 2025-12-01 早于开始日期 2026-01-01" in text and "上次统计的数字" in text
    assert card_texts(tab) == before and tab.dashboard is shown
    assert tab.bar.refreshButton.isEnabled()
    # a number still opens the records of the figures shown
    listed, _count = opened_rows(
        qtbot, tab, lambda: qtbot.mouseClick(tab.cards.cards["inspections"], Qt.LeftButton)
    )
    assert str(listed) == before["inspections"]
    # the next start, with the bad period remembered: the choices are there, the fault is said
    tab.save_state()
    again = StatsTab(demo, tab.runner, tab.settings, today=lambda: DAY)
    qtbot.addWidget(again)
    with qtbot.waitSignal(again.refreshed, timeout=5000):
        again.show()
    assert errors == []
    assert "早于开始日期" in again.scopeLabel.text()
    assert again.bar.unitCombo.count() > 1
    set_period(qtbot, again, *FIRST_HALF)
    assert card_texts(again) == before
    assert "早于" not in again.scopeLabel.text()


def test_the_charts_draw_the_numbers_of_their_tables(qtbot, tab, demo):
    set_period(qtbot, tab, *FIRST_HALF)

    def column(table: FigureTable, title: str) -> list[float]:
        c = column_of(table, title)
        return [float(table.cell_text(r, c)) for r in range(table.model().rowCount() - 1)]

    for name in ("kind", "area"):
        section = tab.sections[name]
        bars = section.chart.bar_values()
        assert bars == {
            "检查次数": column(section.table, "检查次数"),
            "发现问题": column(section.table, "发现问题"),
        }
        assert sum(bars["检查次数"]) > 0
        assert section.chart.chart().legend().isVisible()
    leads = tab.sections["leads"]
    assert leads.chart.bar_values() == {
        title: column(leads.tables["source"], title) for title in ("收到线索", "已移送", "已办结")
    }
    reviews = tab.sections["reviews"]
    assert reviews.chart.bar_values() == {"案卷数": column(reviews.tables["grade"], "案卷数")}
    assert not reviews.chart.chart().legend().isVisible()  # one series, no legend
    months = tab.sections["month"]
    assert months.chart.line_values() == {
        "检查次数": column(months.table, "检查次数"),
        "发现问题": column(months.table, "发现问题"),
    }
    # the county without townships: one office, one bar — the table only
    offices = tab.sections["office"]
    assert offices.table.model().rowCount() == 2
    assert offices.left.isHidden()


def test_the_county_sees_each_township_and_one_township_alone(qtbot, tab, demo):
    with demo.database.writer() as session:
        session.add(
            TrustedKey(
                office_code=TOWN[0],
                key_id="k1",
                office_name=TOWN[1],
                role="township",
                signing_public_key="s",
                encryption_public_key="e",
                enrolled_at=datetime(2026, 1, 1, tzinfo=UTC),
            )
        )
        ids = session.scalars(select(Inspection.id).order_by(Inspection.id)).all()[::3]
        session.execute(
            update(Inspection).where(Inspection.id.in_(ids)).values(origin_office=TOWN[0])
        )
    set_period(qtbot, tab, *FIRST_HALF)
    with qtbot.waitSignal(tab.refreshed, timeout=5000):
        tab.refresh()  # the township's office is listed afresh
    offices = tab.sections["office"]
    assert offices.table.model().rowCount() == 3  # the county, the township, 合计
    assert not offices.left.isHidden()
    assert offices.chart.categories == ["右玉县司法局", TOWN[1]]
    combo = tab.bar.origin.combo
    assert tab.bar.origin.isVisibleTo(tab)
    with qtbot.waitSignal(tab.refreshed, timeout=5000):
        combo.setCurrentIndex(combo.findData(TOWN[0]))
    town = demo.stats.dashboard(StatsQuery(*FIRST_HALF, origin=TOWN[0]))
    assert card_texts(tab) == expected_cards(town)
    assert town.inspections.inspections > 0
    assert offices.table.model().rowCount() == 2 and offices.table.cell_text(0, 0) == TOWN[1]
    assert offices.left.isHidden()


def test_the_period_and_the_section_are_remembered(qtbot, demo, runner, settings):
    tab = make_tab(qtbot, demo, runner, settings)
    assert tab.bar.periodCombo.currentText() == "本年"  # the first time
    with qtbot.waitSignal(tab.refreshed, timeout=5000):
        tab.bar.periodCombo.setCurrentIndex(tab.bar.periodCombo.findText("上年"))
    tab.show_section("month")
    assert settings.value("stats/period") == "last_year"
    assert settings.value("stats/section") == "month"
    again = make_tab(qtbot, demo, runner, settings)
    assert again.bar.periodCombo.currentText() == "上年"
    assert again.bar.period() == (date(2025, 1, 1), date(2025, 12, 31))
    assert again.current_section().name == "month"
    assert again.dashboard.query.start == date(2025, 1, 1)
    # 自定义 keeps its dates
    set_period(qtbot, again, date(2026, 2, 3), date(2026, 4, 5))
    third = make_tab(qtbot, demo, runner, settings)
    assert third.bar.periodCombo.currentText() == "自定义"
    assert third.bar.period() == (date(2026, 2, 3), date(2026, 4, 5))


def test_a_township_sees_its_own_figures_without_the_townships_section(
    qtbot, town, runner, settings
):
    tab = StatsTab(town, runner, settings)
    qtbot.addWidget(tab)
    with qtbot.waitSignal(tab.refreshed, timeout=5000):
        tab.show()
    offices = tab.pages.indexOf(tab.sections["office"])
    assert not tab.pages.isTabVisible(offices)
    assert tab.dashboard.query.origin == town.office.current().code
    assert "本单位" in tab.scopeLabel.text()
    assert not tab.bar.origin.isVisible()
