"""The 数据同步 tab driven as the clerks would, a county (140623) and a township (140623101) on
real databases: this office's key, enrolling the other office's key through the dialog (the
fingerprint compared before 确认登记), exporting at the township, importing at the county by the
file dialog and by dropping files, the report per file and how far each township has come."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt
from PySide6.QtGui import QDragEnterEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.gui.sync_gui_support import (
    COUNTY_NAME,
    TOWN_CODE,
    TOWN_NAME,
    add_unit,
    drop_files,
    enrol,
    exchange_keys_by_service,
    make_tab,
    record_boxes,
    rows,
    texts,
    unit_names,
)
from yuyou_desktop.services.sync.keys import read_key_file


@pytest.fixture
def boxes(monkeypatch):
    return record_boxes(monkeypatch)


def test_the_top_shows_this_office_and_exports_its_key(qtbot, county, runner, tmp_path, usb, boxes):
    tab = make_tab(qtbot, county, runner, tmp_path / "gui.ini")
    own = county.sync_keys.own()
    keys = tab.keys
    assert (keys.ownNameLabel.text(), keys.ownCodeLabel.text()) == (COUNTY_NAME, "140623")
    assert keys.ownRoleLabel.text() == "县司法局"
    assert keys.fingerprintLabel.text() == own.fingerprint
    assert re.fullmatch(r"([0-9A-F]{4}-){7}[0-9A-F]{4}", own.fingerprint)
    assert keys.fingerprintLabel.font().pointSizeF() > tab.font().pointSizeF()
    assert rows(keys.trustedTable) == []

    boxes.save.append(usb / "县局公钥")  # typed without the suffix
    keys.exportKeyButton.click()
    assert boxes.suggested[-1].endswith("140623-右玉县司法局.key.json")
    written = usb / "县局公钥.key.json"
    assert read_key_file(written).fingerprint == own.fingerprint
    assert str(written) in boxes.infos[-1] and own.fingerprint in boxes.infos[-1]
    assert boxes.errors == []


def test_enrolling_shows_the_files_fingerprint_before_it_can_be_confirmed(
    qtbot, county, town, runner, tmp_path, boxes
):
    town_key = town.sync_keys.export_public(tmp_path / "town.key.json")
    fingerprint = town.sync_keys.own().fingerprint
    tab = make_tab(qtbot, county, runner, tmp_path / "gui.ini")
    tab.keys.enrolButton.click()
    dialog = tab.keys.dialog
    assert dialog.isVisible() and not dialog.confirmButton.isEnabled()
    assert fingerprint not in dialog.fingerprintLabel.text()
    assert not dialog.phoneLabel.isVisible()

    junk = tmp_path / "note.json"
    junk.write_text("{}", encoding="utf-8")
    boxes.open.append(junk)
    dialog.chooseButton.click()
    assert "不是本程序导出的公钥文件" in dialog.errorLabel.text()
    assert dialog.isVisible() and not dialog.confirmButton.isEnabled()

    boxes.open.append(town_key)
    dialog.chooseButton.click()
    assert dialog.fingerprintLabel.text() == read_key_file(town_key).fingerprint == fingerprint
    assert dialog.fingerprintLabel.font().pointSizeF() > dialog.font().pointSizeF()
    assert dialog.phoneLabel.isVisible() and "电话" in dialog.phoneLabel.text()
    assert TOWN_NAME in dialog.fileOfficeLabel.text()
    assert dialog.confirmButton.isEnabled() and not dialog.errorLabel.isVisible()

    dialog.codeEdit.setText("140623102")  # not the code in the file: refused in the dialog
    dialog.confirmButton.click()
    assert dialog.isVisible()
    assert "与输入的 140623102 不符" in dialog.errorLabel.text()
    assert county.sync_keys.trusted() == [] and rows(tab.keys.trustedTable) == []

    dialog.codeEdit.setText(TOWN_CODE)
    dialog.nameEdit.setText(TOWN_NAME)
    dialog.confirmButton.click()
    assert not dialog.isVisible()
    (row,) = rows(tab.keys.trustedTable)
    assert row[:4] == (TOWN_CODE, TOWN_NAME, "乡镇司法所", fingerprint)
    assert row[5] == "有效"
    assert fingerprint in boxes.infos[-1] and boxes.errors == []
    assert texts(tab.peers.peersTable, "单位") == [f"{TOWN_NAME}（{TOWN_CODE}）"]
    assert texts(tab.peers.peersTable, "已到第几号") == ["—"]


def test_revoking_asks_first_and_marks_the_key_revoked(
    qtbot, county, town, runner, tmp_path, boxes
):
    exchange_keys_by_service(county, town, tmp_path)
    tab = make_tab(qtbot, county, runner, tmp_path / "gui.ini")
    assert not tab.keys.revokeButton.isEnabled()  # nothing chosen
    tab.keys.trustedTable.selectRow(0)
    boxes.answer = QMessageBox.StandardButton.No
    tab.keys.revokeButton.click()
    assert TOWN_NAME in boxes.questions[-1]
    assert texts(tab.keys.trustedTable, "状态") == ["有效"]

    boxes.answer = QMessageBox.StandardButton.Yes
    tab.keys.trustedTable.selectRow(0)
    tab.keys.revokeButton.click()
    assert texts(tab.keys.trustedTable, "状态")[0].startswith("已吊销")
    assert not county.sync_keys.trusted()[0].active
    tab.keys.trustedTable.selectRow(0)
    assert not tab.keys.revokeButton.isEnabled()
    assert texts(tab.peers.peersTable, "单位") == [f"{TOWN_NAME}（{TOWN_CODE}）（已吊销）"]


def test_a_township_exports_once_the_county_key_is_enrolled(
    qtbot, county, town, runner, tmp_path, usb, boxes
):
    add_unit(town, "右卫镇综合行政执法队", 1)
    add_unit(town, "右卫镇人民政府", 2)
    tab = make_tab(qtbot, town, runner, tmp_path / "gui.ini")
    exports = tab.exports
    assert exports.exportButton.text() == "导出数据包…"
    assert exports.noteLabel.isVisible() and "尚未登记县司法局的公钥" in exports.noteLabel.text()
    assert not exports.exportButton.isEnabled()
    assert exports.pendingLabel.text() == "尚未导出的变更：2 条"

    county_key = county.sync_keys.export_public(tmp_path / "county.key.json")
    enrol(qtbot, tab, boxes, county_key, "140623", COUNTY_NAME)
    assert not exports.noteLabel.isVisible() and exports.exportButton.isEnabled()

    boxes.save.append(usb / "第一包")
    exports.exportButton.click()
    assert Path(boxes.suggested[-1]).name.startswith("140623101-变更-")
    assert boxes.suggested[-1].endswith(".yypkg")
    qtbot.waitUntil(lambda: len(boxes.infos) == 2 or bool(boxes.errors), timeout=10000)
    assert boxes.errors == []
    assert "变更第1–2号，共 2 条记录" in boxes.infos[-1]
    assert str(usb / "第一包.yypkg") in boxes.infos[-1]
    (first,) = town.sync_export.history()
    assert rows(exports.historyTable) == [
        (
            first.package_id[-8:],
            "第1–2号",
            "2",
            "0",
            texts(exports.historyTable, "大小")[0],
            texts(exports.historyTable, "日期")[0],
            str(usb / "第一包.yypkg"),
        )
    ]
    assert texts(exports.historyTable, "大小")[0].endswith(("KB", "字节"))
    assert exports.pendingLabel.text() == "尚未导出的变更：无（全部已导出）"

    boxes.save.append(usb / "第二包.yypkg")  # nothing new since
    exports.exportButton.click()
    qtbot.waitUntil(lambda: bool(boxes.errors), timeout=10000)
    assert "没有新的变更" in boxes.errors[-1] and "全部重新导出" in boxes.errors[-1]
    assert not (usb / "第二包.yypkg").exists()
    assert exports.exportButton.isEnabled()

    exports.fullCheck.setChecked(True)
    boxes.save.append(usb / "全部.yypkg")
    exports.exportButton.click()
    qtbot.waitUntil(lambda: len(town.sync_export.history()) == 2, timeout=10000)
    qtbot.waitUntil(lambda: exports.historyTable.rowCount() == 2, timeout=10000)
    assert texts(exports.historyTable, "范围") == ["第1–2号（全部）", "第1–2号"]
    assert not exports.fullCheck.isChecked()

    add_unit(town, "右卫镇农业综合服务中心", 3)  # edited in another tab meanwhile
    tab.hide()
    tab.show()
    assert exports.pendingLabel.text() == "尚未导出的变更：1 条"


def test_the_county_imports_chosen_and_dropped_packages(
    qtbot, county, town, runner, tmp_path, usb, boxes
):
    exchange_keys_by_service(county, town, tmp_path)
    add_unit(town, "右卫镇综合行政执法队", 1)
    town.sync_export.export(usb / "1.yypkg")
    add_unit(town, "右卫镇人民政府", 2)
    town.sync_export.export(usb / "2.yypkg")
    first_id = town.sync_export.history()[-1].package_id
    tab = make_tab(qtbot, county, runner, tmp_path / "gui.ini")
    imports, peers = tab.imports, tab.peers.peersTable

    boxes.opens.append([usb / "1.yypkg"])
    imports.importButton.click()
    qtbot.waitUntil(lambda: imports.reportTable.rowCount() == 1, timeout=10000)
    assert rows(imports.reportTable) == [("1.yypkg", "已导入", "写入 1 条。")]
    assert texts(peers, "已到第几号") == ["第1号"]
    assert texts(peers, "最近数据包") == [first_id[-8:]]
    assert texts(peers, "缺失范围") == [""] and texts(peers, "等待中的数据包") == [""]
    assert texts(peers, "日期")[0]
    assert unit_names(county) == ["右卫镇综合行政执法队"]

    assert drop_files(tab, [usb / "2.yypkg"])
    qtbot.waitUntil(lambda: texts(imports.reportTable, "文件") == ["2.yypkg"], timeout=10000)
    assert texts(imports.reportTable, "结果") == ["已导入"]
    assert texts(peers, "已到第几号") == ["第2号"]
    assert unit_names(county) == ["右卫镇人民政府", "右卫镇综合行政执法队"]

    assert drop_files(tab, [usb])  # the folder: every package in it, both seen already
    qtbot.waitUntil(lambda: imports.reportTable.rowCount() == 2, timeout=10000)
    assert texts(imports.reportTable, "结果") == ["已导入过", "已导入过"]
    assert imports.summaryLabel.text() == "本次导入 2 个数据包：已导入过 2 个。"
    assert boxes.errors == []


def test_a_drag_without_files_is_not_accepted(qtbot, county, runner, tmp_path, boxes):
    tab = make_tab(qtbot, county, runner, tmp_path / "gui.ini")
    mime = QMimeData()
    mime.setText("右卫镇")
    event = QDragEnterEvent(
        QPoint(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(tab, event)
    assert not event.isAccepted()


def test_a_cancelled_export_writes_nothing_and_keeps_the_changes_pending(
    qtbot, county, town, runner, tmp_path, usb, boxes
):
    exchange_keys_by_service(county, town, tmp_path)
    add_unit(town, "右卫镇综合行政执法队", 1)
    tab = make_tab(qtbot, town, runner, tmp_path / "gui.ini")
    gate = threading.Event()
    runner.run("占用", lambda progress: gate.wait(10), lambda r: None, lambda e: None)
    tab.exports.export_to(usb / "取消.yypkg")
    assert not tab.exports.exportButton.isEnabled()
    tab.exports.task.cancel()  # what 取消 in the progress dialog does
    gate.set()
    qtbot.waitUntil(lambda: not runner.busy, timeout=10000)
    assert "已取消导出" in boxes.infos[-1]
    assert not (usb / "取消.yypkg").exists()
    assert rows(tab.exports.historyTable) == [] and town.sync_export.history() == []
    assert tab.exports.pendingLabel.text() == "尚未导出的变更：1 条"
    assert tab.exports.exportButton.isEnabled()
    assert not any((town.paths.sync / "tmp").glob("*"))
