"""Conflicts in the 数据同步 tab: the county and a township both edit the county's enforcement
unit (enforcement_units is co-edited); the packages are exchanged; the conflict is resolved in
the GUI and the database holds the chosen version.  Also: the township imports the county's
reference package through its tab, the tab remembers its layout, and the main window has it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from tests.gui.registry_support import make_window
from tests.gui.sync_gui_support import (
    COUNTY_NAME,
    TOWN_CODE,
    TOWN_NAME,
    add_unit,
    edit_unit,
    exchange_keys_by_service,
    make_tab,
    record_boxes,
    rows,
    texts,
    unit_names,
)
from yuyou_desktop.gui.main_window import TAB_TITLES
from yuyou_desktop.gui.sync.sync_tab import SyncTab
from yuyou_desktop.gui.unavailable_page import UnavailablePage

MARKET = "右玉县市场监督管理局"
TOWN_VERSION = "右玉县市场监督管理局（乡镇核实）"
COUNTY_VERSION = "右玉县市场监管局"


@pytest.fixture
def boxes(monkeypatch):
    return record_boxes(monkeypatch)


def share_county_unit(county, town, tmp_path: Path, usb: Path) -> str:
    """The county's unit, sent down to the township in a reference package."""
    exchange_keys_by_service(county, town, tmp_path)
    unit_id = add_unit(county, MARKET, 7, level="县级")
    county.sync_export.export(usb / "参考.yypkg")
    (report,) = town.sync_import.import_files([usb / "参考.yypkg"])
    assert report.status == "applied", report.message
    return unit_id


def make_conflict(county, town, tmp_path: Path, usb: Path) -> str:
    """Both offices edit the county's unit; the township's package reaches the county."""
    unit_id = share_county_unit(county, town, tmp_path, usb)
    edit_unit(town, unit_id, name=TOWN_VERSION)
    edit_unit(county, unit_id, name=COUNTY_VERSION, phone="0349-8012345")
    town.sync_export.export(usb / "乡镇.yypkg")
    return unit_id


def test_a_conflict_is_shown_side_by_side_and_the_other_version_adopted(
    qtbot, county, town, runner, tmp_path, usb, boxes
):
    unit_id = make_conflict(county, town, tmp_path, usb)
    tab = make_tab(qtbot, county, runner, tmp_path / "gui.ini")
    conflicts = tab.conflicts
    assert conflicts.title() == "冲突（没有未处理的）" and rows(conflicts.conflictTable) == []

    boxes.opens.append([usb / "乡镇.yypkg"])
    tab.imports.importButton.click()
    qtbot.waitUntil(lambda: tab.imports.reportTable.rowCount() == 1, timeout=10000)
    assert "1 处冲突待处理" in texts(tab.imports.reportTable, "说明")[0]
    assert conflicts.title() == "冲突（1 处未处理）"
    ((table, record, kind, kept, other, when),) = [r[:6] for r in rows(conflicts.conflictTable)]
    assert (table, kind) == ("行政执法主体", "双方都修改了")
    assert record in (TOWN_VERSION, COUNTY_VERSION)
    assert kept == f"{COUNTY_NAME}（本单位）" and other == f"{TOWN_NAME}（{TOWN_CODE}）"
    assert when
    conflicts.conflictTable.selectRow(0)
    assert rows(conflicts.fieldsTable) == [
        ("单位名称", COUNTY_VERSION, TOWN_VERSION),
        ("联系电话", "0349-8012345", "（空）"),
    ]
    assert conflicts.keepButton.isEnabled() and conflicts.otherButton.isEnabled()

    boxes.answer = QMessageBox.StandardButton.No
    conflicts.otherButton.click()
    assert TOWN_NAME in boxes.questions[-1]
    assert county.registry.get("units", unit_id).values["name"] == COUNTY_VERSION
    assert conflicts.title() == "冲突（1 处未处理）"

    boxes.answer = QMessageBox.StandardButton.Yes
    conflicts.otherButton.click()
    row = county.registry.get("units", unit_id)
    assert (row.values["name"], row.values["phone"]) == (TOWN_VERSION, "")
    assert conflicts.title() == "冲突（没有未处理的）"
    assert rows(conflicts.conflictTable) == []
    assert not conflicts.keepButton.isEnabled() and not conflicts.otherButton.isEnabled()

    conflicts.showResolvedCheck.setChecked(True)
    assert texts(conflicts.conflictTable, "处理结果")[0].startswith("采用了另一版本")
    conflicts.conflictTable.selectRow(0)
    assert "已于" in conflicts.detailLabel.text()
    assert not conflicts.keepButton.isEnabled() and not conflicts.otherButton.isEnabled()
    assert boxes.errors == []


def test_keeping_the_current_version_changes_no_record(
    qtbot, county, town, runner, tmp_path, usb, boxes
):
    unit_id = make_conflict(county, town, tmp_path, usb)
    county.sync_import.import_files([usb / "乡镇.yypkg"])
    tab = make_tab(qtbot, county, runner, tmp_path / "gui.ini")
    conflicts = tab.conflicts
    assert conflicts.title() == "冲突（1 处未处理）"
    conflicts.conflictTable.selectRow(0)
    conflicts.keepButton.click()
    assert boxes.questions == []  # keeping what is there needs no confirmation
    assert county.registry.get("units", unit_id).values["name"] == COUNTY_VERSION
    assert conflicts.title() == "冲突（没有未处理的）"
    assert county.sync_status.conflicts(include_resolved=True)[0].resolution == "kept"


def test_the_township_imports_the_county_reference_package_in_its_tab(
    qtbot, county, town, runner, tmp_path, usb, boxes
):
    exchange_keys_by_service(county, town, tmp_path)
    add_unit(county, MARKET, 7, level="县级")
    tab = make_tab(qtbot, town, runner, tmp_path / "gui.ini")
    assert tab.peers is None
    assert tab.imports.title() == "导入县司法局参考数据包"
    assert tab.imports.referenceLabel.text() == "还没有导入过县司法局的参考数据包。"

    county_tab = make_tab(qtbot, county, runner, tmp_path / "county-gui.ini")
    assert county_tab.exports.exportButton.text() == "导出参考数据包…"
    assert not county_tab.exports.fullCheck.isVisible()
    boxes.save.append(usb / "参考")
    county_tab.exports.exportButton.click()
    qtbot.waitUntil(lambda: county_tab.exports.historyTable.rowCount() == 1, timeout=10000)
    assert "请把此文件交给各乡镇司法所导入" in boxes.infos[-1]

    boxes.opens.append([usb / "参考.yypkg"])
    tab.imports.importButton.click()
    qtbot.waitUntil(lambda: tab.imports.reportTable.rowCount() == 1, timeout=10000)
    assert rows(tab.imports.reportTable)[0][:2] == ("参考.yypkg", "已导入")
    assert "最近导入于" in tab.imports.referenceLabel.text()
    assert unit_names(town) == [MARKET]
    assert boxes.errors == []


def test_the_tab_remembers_its_sections(qtbot, county, runner, tmp_path, boxes):
    first = make_tab(qtbot, county, runner, tmp_path / "gui.ini")
    total = sum(first.splitter.sizes())
    sizes = [total // 2, total // 4, total // 8, total - total // 2 - total // 4 - total // 8]
    first.splitter.setSizes(sizes)
    sizes = first.splitter.sizes()
    first.conflicts.showResolvedCheck.setChecked(True)
    first.save_state()
    first.close()

    second = make_tab(qtbot, county, runner, tmp_path / "gui.ini")
    assert second.splitter.sizes() == sizes
    assert second.conflicts.showResolvedCheck.isChecked()


def test_the_main_window_has_a_working_sync_tab(qtbot, county, runner, boxes):
    window = make_window(qtbot, county, runner)
    tabs = window.ui.tabs
    page = tabs.widget(TAB_TITLES.index("数据同步"))
    assert isinstance(page, SyncTab) and page is window.sync_tab
    assert not any(isinstance(tabs.widget(i), UnavailablePage) for i in range(tabs.count()))
    assert page.keys.fingerprintLabel.text() == county.office.current().key_fingerprint
    tabs.setCurrentWidget(page)
    window.close()
    assert window.settings.value("sync/sections") is not None
