"""The person/enterprise picker: Enter in the search box searches, it never picks."""

from __future__ import annotations

from PySide6.QtCore import Qt

from yuyou_desktop.gui.inspections.pickers import Choice, PickerDialog

PEOPLE = [
    Choice("1", ("曾桂兰", "右玉县司法局")),
    Choice("2", ("曾凤英", "右卫镇司法所")),
]


def fetch(text: str) -> list[Choice]:
    return [c for c in PEOPLE if text in c.cells[0]]


def test_enter_in_the_search_box_searches_but_does_not_choose(qtbot):
    picker = PickerDialog("选择人员", ("姓名", "单位"), fetch, None)
    qtbot.addWidget(picker)
    picker.show()
    picker.searchEdit.setFocus()
    picker.searchEdit.setText("曾")
    qtbot.keyClick(picker.searchEdit, Qt.Key.Key_Return)
    assert picker.isVisible() and picker.chosen == []
    assert picker.table.rowCount() == 2
    picker.searchEdit.setText("曾凤")
    qtbot.keyClick(picker.searchEdit, Qt.Key.Key_Return)
    assert picker.isVisible() and picker.table.rowCount() == 1
    picker.table.selectRow(0)
    picker.table.setFocus()
    picker.accept()
    assert [c.id for c in picker.chosen] == ["2"] and not picker.isVisible()
