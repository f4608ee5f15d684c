"""The county's import report in the 数据同步 tab: a rejected file in red with its reason and the
database untouched; a package after a gap waiting in amber with the missing range in red; a
township whose database was replaced, confirmed only after asking."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QMessageBox

from tests.gui.sync_gui_support import (
    TOWN_NAME,
    add_unit,
    colour,
    drop_files,
    dump,
    exchange_keys_by_service,
    make_tab,
    record_boxes,
    red,
    rows,
    texts,
    unit_names,
)
from yuyou_desktop.gui.sync.presentation import AMBER


@pytest.fixture
def boxes(monkeypatch):
    return record_boxes(monkeypatch)


@pytest.fixture
def tab(qtbot, county, town, runner, tmp_path, boxes):
    exchange_keys_by_service(county, town, tmp_path)
    return make_tab(qtbot, county, runner, tmp_path / "gui.ini")


def amber() -> str:
    return QColor(AMBER).name()


def test_a_rejected_file_is_red_with_its_reason_and_changes_nothing(
    qtbot, tab, county, town, usb, boxes
):
    add_unit(town, "右卫镇综合行政执法队", 1)
    good = usb / "好.yypkg"
    town.sync_export.export(good)
    damaged = bytearray(good.read_bytes())
    damaged[len(damaged) // 2] ^= 0x01
    (usb / "坏.yypkg").write_bytes(bytes(damaged))
    (usb / "照片.jpg").write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 500)
    before = dump(county.paths.database)

    assert drop_files(tab, [usb / "坏.yypkg", usb / "照片.jpg"])
    qtbot.waitUntil(lambda: tab.imports.reportTable.rowCount() == 2, timeout=10000)
    report = {row[0]: row[1:] for row in rows(tab.imports.reportTable)}
    assert report["坏.yypkg"][0] == "已拒绝" and "签名不符" in report["坏.yypkg"][1]
    assert report["照片.jpg"][0] == "已拒绝" and "不是本程序的数据同步包" in report["照片.jpg"][1]
    assert all("没有做任何修改" in message for _label, message in report.values())
    for row in range(2):
        assert [colour(tab.imports.reportTable, row, c) for c in range(3)] == [red()] * 3
    assert tab.imports.summaryLabel.text() == "本次导入 2 个数据包：已拒绝 2 个。"
    assert dump(county.paths.database) == before
    assert not any((county.paths.sync / "tmp").glob("*"))
    assert texts(tab.peers.peersTable, "已到第几号") == ["—"]
    assert unit_names(county) == []
    assert boxes.errors == []


def test_a_package_after_a_gap_waits_in_amber_until_the_missing_one_comes(
    qtbot, tab, county, town, usb
):
    add_unit(town, "右卫镇综合行政执法队", 1)
    town.sync_export.export(usb / "1.yypkg")
    add_unit(town, "右卫镇人民政府", 2)
    town.sync_export.export(usb / "2.yypkg")
    imports, peers = tab.imports, tab.peers.peersTable

    assert drop_files(tab, [usb / "2.yypkg"])
    qtbot.waitUntil(lambda: imports.reportTable.rowCount() == 1, timeout=10000)
    ((name, label, message),) = rows(imports.reportTable)
    assert (name, label) == ("2.yypkg", "等待缺失的数据包")
    assert "缺少该单位第 1 号变更的数据包" in message
    assert colour(imports.reportTable, 0, 1) == amber()
    assert texts(peers, "已到第几号") == ["—"]
    assert texts(peers, "缺失范围") == ["第1号"]
    assert colour(peers, 0, 4) == red()
    assert texts(peers, "等待中的数据包") == ["第2号（等待补齐）"]
    assert colour(peers, 0, 5) == amber()
    assert unit_names(county) == []

    assert drop_files(tab, [usb / "1.yypkg"])
    qtbot.waitUntil(lambda: texts(imports.reportTable, "文件")[0] == "1.yypkg", timeout=10000)
    assert [row[:2] for row in rows(imports.reportTable)] == [
        ("1.yypkg", "已导入"),
        ("2.yypkg", "已导入"),
    ]
    assert texts(imports.reportTable, "说明")[1].startswith("（此前等待的数据包）")
    assert texts(peers, "已到第几号") == ["第2号"]
    assert texts(peers, "缺失范围") == [""] and texts(peers, "等待中的数据包") == [""]
    assert unit_names(county) == ["右卫镇人民政府", "右卫镇综合行政执法队"]


def test_a_replaced_township_database_is_imported_only_after_confirming(
    qtbot, tab, county, town, usb, tmp_path, boxes
):
    add_unit(town, "右卫镇综合行政执法队", 1)
    town.sync_export.export(usb / "1.yypkg")
    town.maintenance.backup(tmp_path / "备份.db")
    county.sync_import.import_files([usb / "1.yypkg"])
    town.maintenance.restore(tmp_path / "备份.db")  # a new database epoch
    add_unit(town, "右卫镇人民政府", 2)
    town.sync_export.export(usb / "恢复后.yypkg")
    imports, peers = tab.imports, tab.peers

    assert drop_files(tab, [usb / "恢复后.yypkg"])
    qtbot.waitUntil(lambda: imports.reportTable.rowCount() == 1, timeout=10000)
    assert texts(imports.reportTable, "结果") == ["等待确认"]
    assert "数据库已更换" in texts(imports.reportTable, "说明")[0]
    assert texts(peers.peersTable, "等待中的数据包") == ["第1号（数据库已更换，待确认）"]
    assert TOWN_NAME in peers.epochLabel.text()
    assert not peers.epochButton.isEnabled()  # no township chosen yet
    peers.peersTable.selectRow(0)
    assert peers.epochButton.isEnabled()

    boxes.answer = QMessageBox.StandardButton.No
    peers.epochButton.click()
    assert TOWN_NAME in boxes.questions[-1] and "核实" in boxes.questions[-1]
    assert not tab.imports.runner.busy
    assert unit_names(county) == ["右卫镇综合行政执法队"]

    boxes.answer = QMessageBox.StandardButton.Yes
    peers.epochButton.click()
    qtbot.waitUntil(lambda: texts(imports.reportTable, "结果") == ["已导入"], timeout=10000)
    assert unit_names(county) == ["右卫镇人民政府", "右卫镇综合行政执法队"]
    assert texts(peers.peersTable, "等待中的数据包") == [""]
    assert texts(peers.peersTable, "已到第几号") == ["第1号"]
    assert peers.epochLabel.text() == "" and not peers.epochButton.isEnabled()
    assert boxes.errors == []
