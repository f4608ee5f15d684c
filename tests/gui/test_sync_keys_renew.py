"""更换本单位密钥… on the 数据同步 tab: explained and confirmed before anything changes, then the
new fingerprint shown; the other office revokes the old key (only the selected one) and enrols
the new one through the dialog; a township whose county key was revoked is told so above the
export button."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from tests.gui.sync_gui_support import (
    COUNTY_NAME,
    TOWN_CODE,
    TOWN_NAME,
    enrol,
    exchange_keys_by_service,
    make_tab,
    record_boxes,
    texts,
)
from yuyou_desktop.services.sync.keys import read_key_file


@pytest.fixture
def boxes(monkeypatch):
    return record_boxes(monkeypatch)


def test_a_township_renews_its_key_and_the_county_enrols_the_new_one(
    qtbot, county, town, runner, tmp_path, usb, boxes
):
    exchange_keys_by_service(county, town, tmp_path)
    tab = make_tab(qtbot, town, runner, tmp_path / "town.ini")
    keys = tab.keys
    old = town.sync_keys.own().fingerprint
    assert keys.renewButton.text() == "更换本单位密钥…" and keys.renewButton.isEnabled()

    boxes.answer = QMessageBox.StandardButton.No
    keys.renewButton.click()
    asked = boxes.questions[-1]
    assert "导出本单位公钥…" in asked and "县司法局" in asked
    assert "先吊销本单位的旧公钥" in asked and "不能撤销" in asked
    assert keys.fingerprintLabel.text() == old == town.sync_keys.own().fingerprint
    assert not list(town.paths.keys.glob("retired-*"))

    boxes.answer = QMessageBox.StandardButton.Yes
    keys.renewButton.click()
    new = town.sync_keys.own().fingerprint
    assert new != old and keys.fingerprintLabel.text() == new
    assert (
        new in boxes.infos[-1] and old in boxes.infos[-1] and "导出本单位公钥…" in boxes.infos[-1]
    )
    assert boxes.errors == []

    boxes.save.append(usb / "右卫镇新公钥")
    keys.exportKeyButton.click()
    written = usb / "右卫镇新公钥.key.json"
    assert read_key_file(written).fingerprint == new and new in boxes.infos[-1]

    at_county = make_tab(qtbot, county, runner, tmp_path / "county.ini")
    trusted = at_county.keys
    trusted.enrolButton.click()
    dialog = trusted.dialog
    boxes.open.append(written)
    dialog.chooseButton.click()
    dialog.codeEdit.setText(TOWN_CODE)
    dialog.confirmButton.click()  # the old key is still active: refused in the dialog
    assert dialog.isVisible() and "请先吊销旧公钥再登记新公钥" in dialog.errorLabel.text()
    assert old in dialog.errorLabel.text()
    dialog.reject()

    trusted.trustedTable.selectRow(0)
    trusted.revokeButton.click()
    assert old in boxes.questions[-1]
    enrol(qtbot, at_county, boxes, written, TOWN_CODE, TOWN_NAME)
    assert texts(trusted.trustedTable, "指纹") == [old, new]
    states = texts(trusted.trustedTable, "状态")
    assert states[0].startswith("已吊销") and states[1] == "有效"


def test_at_the_county_renewing_says_packages_for_the_old_key_still_open(
    qtbot, county, town, runner, tmp_path, boxes
):
    exchange_keys_by_service(county, town, tmp_path)
    tab = make_tab(qtbot, county, runner, tmp_path / "gui.ini")
    old = county.sync_keys.own().fingerprint
    tab.keys.renewButton.click()
    assert "各乡镇司法所" in boxes.questions[-1] and "仍能导入" in boxes.questions[-1]
    new = county.sync_keys.own().fingerprint
    assert new != old and tab.keys.fingerprintLabel.text() == new
    assert new in boxes.infos[-1] and "各乡镇司法所" in boxes.infos[-1]


def test_a_township_whose_county_key_was_revoked_is_told_so(
    qtbot, county, town, runner, tmp_path, boxes
):
    exchange_keys_by_service(county, town, tmp_path)
    tab = make_tab(qtbot, town, runner, tmp_path / "gui.ini")
    assert tab.exports.exportButton.isEnabled() and not tab.exports.noteLabel.isVisible()
    tab.keys.trustedTable.selectRow(0)
    tab.keys.revokeButton.click()
    assert COUNTY_NAME in boxes.questions[-1]
    note = tab.exports.noteLabel
    assert note.isVisible() and "县司法局的公钥已被吊销" in note.text()
    assert "新的公钥文件" in note.text()
    assert not tab.exports.exportButton.isEnabled()

    county.sync_keys.renew()
    renewed = county.sync_keys.export_public(tmp_path / "县新.key.json")
    enrol(qtbot, tab, boxes, renewed, "140623", COUNTY_NAME)
    assert not note.isVisible() and tab.exports.exportButton.isEnabled()
