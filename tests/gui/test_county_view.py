"""The county-wide view (#7) in the tabs: at a county holding a township's records (a real
township → county package, ``county_view_support``) every list has a 来源单位 filter and
column, and a township's record can be looked at but not changed — its buttons are disabled
with the reason as their tooltip, and double-click opens it read-only."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt

from tests.conftest import COUNTY, TOWNSHIP
from tests.gui.registry_support import double_click_row
from tests.integration.county_view_support import (
    REFUSAL,
    TOWN,
    TOWN_NAME,
    count,
    county_copy,
    first,
)
from yuyou_desktop.gui.inspections.leads_view import LeadsView
from yuyou_desktop.gui.inspections.list_view import InspectionListView
from yuyou_desktop.gui.letters.letters_tab import LettersTab
from yuyou_desktop.gui.registry.registry_tab import RegistryTab
from yuyou_desktop.gui.reviews.reviews_tab import ReviewsTab
from yuyou_desktop.services import Services
from yuyou_desktop.services.registry.specs import register
from yuyou_desktop.storage.models import Person
from yuyou_desktop.storage.models_inspections import Inspection, Lead
from yuyou_desktop.storage.models_letters import Letter

OWN = COUNTY["code"]


@pytest.fixture
def county(tmp_path: Path) -> Services:
    with county_copy(tmp_path) as services:
        yield services


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "gui.ini"), QSettings.Format.IniFormat)


def shown(qtbot, widget):
    qtbot.addWidget(widget)
    widget.resize(1200, 760)
    widget.show()
    return widget


def choose(origin, office: str | None) -> None:
    """Pick ``office`` (None: 全部) in a 来源单位 filter, as a clerk does."""
    assert not origin.isHidden()
    texts = [origin.combo.itemText(i) for i in range(origin.combo.count())]
    assert texts[1:] == ["本单位", TOWN_NAME]
    origin.combo.setCurrentIndex(origin.combo.findData(office))


def header_texts(table) -> list[str]:
    model = table.model()
    return [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]


def refused(*buttons) -> None:
    for button in buttons:
        assert not button.isEnabled(), button.text()
        assert button.toolTip() == REFUSAL, button.text()


# ---------------------------------------------------------------- 单位登记


def test_registers_filter_by_office_and_a_townships_person_is_only_shown(
    qtbot, county, runner, settings
):
    tab = shown(qtbot, RegistryTab(county, runner, settings))
    view = tab.show_register("people")
    assert header_texts(view.ui.table)[-1] == "来源单位"
    choose(view.origin, TOWN)
    assert view.model.total == count(county, Person, TOWN) == view.model.rowCount()
    assert {view.model.row_at(r).origin_office for r in range(view.model.rowCount())} == {TOWN}
    last = view.model.columnCount() - 1
    assert view.model.index(0, last).data() == TOWN_NAME
    assert view.ui.countLabel.text() == f"共 {view.model.total} 条（已筛选）"
    double_click_row(qtbot, view.ui.table, 0)
    refused(view.ui.editButton, view.ui.deleteButton)
    dialog = view.dialog
    assert dialog.read_only == REFUSAL and REFUSAL in dialog.ui.headingLabel.text()
    assert dialog.ok_button.isHidden()
    assert not any(editor.widget.isEnabled() for editor in dialog.editors.values())
    dialog.reject()

    choose(view.origin, OWN)
    assert view.model.total == count(county, Person, OWN)
    view.select_record(view.model.row_at(0).id)
    assert view.ui.editButton.isEnabled() and view.ui.deleteButton.isEnabled()
    assert view.ui.deleteButton.toolTip() != REFUSAL


def test_a_townships_unit_is_read_only_at_the_county(qtbot, county, runner, settings):
    tab = shown(qtbot, RegistryTab(county, runner, settings))
    view = tab.show_register("units")
    choose(view.origin, TOWN)
    view.select_record(view.model.row_at(0).id)
    assert not view.ui.editButton.isEnabled() and not view.ui.deleteButton.isEnabled()
    assert TOWN in view.ui.editButton.toolTip()
    choose(view.origin, county.office.current().code)
    view.select_record(view.model.row_at(0).id)
    assert view.ui.editButton.isEnabled() and view.ui.deleteButton.isEnabled()


def test_a_township_with_only_its_own_records_sees_no_origin_filter(
    qtbot, services, runner, settings
):
    services.office.initialize(**TOWNSHIP)
    tab = shown(qtbot, RegistryTab(services, runner, settings))
    view = tab.show_register("people")
    assert view.origin.isHidden()
    assert view.model.columnCount() == len(register("people").fields)


# ---------------------------------------------------------------- 检查记录 and 线索


def test_inspections_filter_by_office_and_a_townships_open_read_only(qtbot, county, runner):
    view = shown(qtbot, InspectionListView(county, runner))
    assert header_texts(view.table)[-1] == "来源单位"
    choose(view.filters.origin, TOWN)
    assert view.model.total == count(county, Inspection, TOWN)
    row = view.model.row_at(0)
    assert row.origin_office == TOWN
    view.select_inspection(row.id)
    refused(view.deleteButton)
    assert view.editButton.isEnabled() and view.editButton.text() == "打开…"
    double_click_row(qtbot, view.table, 0)
    dialog = view.dialog
    assert dialog.read_only == REFUSAL and REFUSAL in dialog.headingLabel.text()
    assert dialog.ok_button.isHidden() and not dialog.form.isEnabled()
    assert dialog.supervisors.addButton.isHidden() and dialog.attachments.addButton.isHidden()
    dialog.reject()

    view.filters.resetButton.click()
    assert view.filters.origin.value() is None
    assert view.model.total == count(county, Inspection, OWN) + count(county, Inspection, TOWN)
    own = first(county, "SELECT id FROM inspections WHERE origin_office = :o LIMIT 1", o=OWN).id
    choose(view.filters.origin, OWN)
    view.select_inspection(own)
    assert view.deleteButton.isEnabled() and view.editButton.text() == "打开 / 编辑…"


def test_leads_filter_by_office_and_a_townships_lead_is_only_shown(qtbot, county, runner):
    view = shown(qtbot, LeadsView(county.leads, county.registry, runner))
    choose(view.origin, TOWN)
    assert view.model.total == count(county, Lead, TOWN)
    assert view.countLabel.text().endswith("（已筛选）")
    lead = view.model.row_at(0)
    view.select_lead(lead.id)
    refused(view.editButton, view.deleteButton, view.transferButton, view.inspectButton)
    double_click_row(qtbot, view.table, 0)
    assert view.dialog.read_only == REFUSAL and view.dialog.ok_button.isHidden()
    view.dialog.reject()
    choose(view.origin, OWN)
    view.select_lead(view.model.row_at(0).id)
    assert view.editButton.isEnabled() and view.editButton.toolTip() != REFUSAL


# ---------------------------------------------------------------- 文书 and 案卷评查


def test_letters_filter_by_office_and_a_townships_letter_can_only_be_printed(
    qtbot, county, runner, settings
):
    tab = shown(qtbot, LettersTab(county, runner, settings))
    assert header_texts(tab.table)[-1] == "来源单位"
    texts = [tab.origin.combo.itemText(i) for i in range(tab.origin.combo.count())]
    assert texts == ["全部来源单位", "本单位", TOWN_NAME]
    tab.origin.combo.setCurrentIndex(2)
    assert tab.model.total == count(county, Letter, TOWN)
    issued = first(
        county, "SELECT id FROM letters WHERE origin_office = :o AND status = 'issued'", o=TOWN
    ).id
    tab.select(issued)
    assert tab.buttons["preview"].isEnabled()
    refused(*(tab.buttons[key] for key in ("serve", "void", "correct", "receipt", "edit")))
    assert REFUSAL in tab.details.toPlainText()

    own = first(
        county, "SELECT id FROM letters WHERE origin_office = :o AND status = 'issued'", o=OWN
    ).id
    tab.origin.combo.setCurrentIndex(1)
    tab.select(own)
    assert tab.buttons["serve"].isEnabled() and tab.buttons["void"].isEnabled()
    assert REFUSAL not in tab.details.toPlainText()


def test_a_townships_campaign_is_only_shown(qtbot, county, runner, settings):
    tab = shown(qtbot, ReviewsTab(county, runner, settings))
    tab.origin.combo.setCurrentIndex(tab.origin.combo.findData(TOWN))
    assert tab.campaignCombo.count() == 1
    assert tab.campaignCombo.itemText(0).endswith(TOWN_NAME)
    refused(tab.editButton, tab.deleteButton)
    assert REFUSAL in tab.infoLabel.text()
    files = tab.files
    scored = next(r for r in files.rows if r.reviewers)
    files.select(scored.id)
    refused(*(files.buttons[key] for key in ("add", "edit", "assign", "finalise", "reopen")))
    assert files.buttons["score"].isEnabled()
    dialog = files.actions.open_sheet(scored.reviewers[0].sheet_id)
    assert dialog.lockedLabel.text() == REFUSAL and not dialog.lockedLabel.isHidden()
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Save).isEnabled()
    dialog.reject()

    tab.origin.combo.setCurrentIndex(tab.origin.combo.findData(OWN))
    assert tab.campaignCombo.count() == 1 and tab.editButton.isEnabled()
    assert REFUSAL not in tab.infoLabel.text()
