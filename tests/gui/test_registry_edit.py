"""The edit dialog, 新增 and 删除 of the 单位登记 tab on a real database."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit, QLabel, QLineEdit, QMessageBox

from tests.gui.registry_support import (
    add_person,
    add_unit,
    column_texts,
    double_click_row,
    id_number,
    make_window,
)
from yuyou_desktop.gui.registry import register_view as register_view_module
from yuyou_desktop.gui.registry.editors import OptionalDateEdit
from yuyou_desktop.gui.registry.record_dialog import RecordDialog
from yuyou_desktop.services.registry.service import StaleRecord

BAD_CREDIT = "11140623000000001G"
BAD_ID = "140623198001010010"  # wrong check digit


@pytest.fixture
def units(county):
    add_unit(county, "右玉县公安局", 11)
    police = county.registry.list("units").rows[0]
    add_unit(county, "右玉县林业局", 12)
    return county, police


@pytest.fixture
def answers(monkeypatch):
    """QMessageBox.question answers Yes or No without blocking; errors are recorded."""
    asked: list[str] = []
    reply = {"answer": QMessageBox.StandardButton.Yes}

    def question(parent, title, text, *args, **kwargs):
        asked.append(text)
        return reply["answer"]

    monkeypatch.setattr(register_view_module.QMessageBox, "question", question)
    errors: list[BaseException] = []
    monkeypatch.setattr(
        register_view_module, "show_error", lambda parent, title, exc: errors.append(exc)
    )
    return asked, reply, errors


def open_row(qtbot, view, text: str) -> RecordDialog:
    row = column_texts(view.ui.table, 0).index(text)
    double_click_row(qtbot, view.ui.table, row)
    dialog = view.dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def press_ok(qtbot, dialog: RecordDialog) -> None:
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.saving, timeout=5000)


def test_double_click_opens_the_dialog_filled_in_and_ok_saves(qtbot, units, runner):
    services, police = units
    window = make_window(qtbot, services, runner)
    view = window.registry_tab.show_register("units")
    dialog = open_row(qtbot, view, "右玉县公安局")
    editors = dialog.editors
    assert dialog.windowTitle() == "编辑行政执法主体"
    assert editors["name"].widget.text() == "右玉县公安局"
    assert editors["credit_code"].widget.text() == police.values["credit_code"]
    kind = editors["kind"].widget
    assert isinstance(kind, QComboBox) and not kind.isEditable()
    assert kind.currentText() == "法定行政机关"
    assert editors["status"].widget.currentText() == "正常"
    editors["phone"].widget.setText("0349-8021234")
    editors["level"].widget.setCurrentIndex(editors["level"].widget.findText("乡镇"))
    press_ok(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    saved = services.registry.get("units", police.id)
    assert saved.values["phone"] == "0349-8021234"
    assert saved.values["level"] == "township"
    assert saved.version == police.version + 1
    row = view.model.row_of(police.id)
    assert view.model.index(row, 4).data() == "乡镇", "the table shows the change"
    assert view.selected_id() == police.id, "the edited record stays selected"


@pytest.mark.parametrize(
    ("register", "field", "bad", "label"),
    [
        ("units", "credit_code", BAD_CREDIT, "统一社会信用代码"),
        ("people", "id_number", BAD_ID, "身份证号"),
    ],
)
def test_a_bad_value_keeps_the_dialog_open_with_the_reason(
    qtbot, units, runner, register, field, bad, label
):
    services, police = units
    person = add_person(services, "张三", id_number(1), police.id)
    record = police if register == "units" else person
    window = make_window(qtbot, services, runner)
    view = window.registry_tab.show_register(register)
    dialog = open_row(qtbot, view, record.values["name"])
    editor = dialog.editors[field].widget
    editor.setText(bad)
    dialog.editors["phone"].widget.setText("13900000000")
    press_ok(qtbot, dialog)
    assert dialog.isVisible()
    message = dialog.ui.errorLabel.text()
    assert message.startswith(f"{label}：") and "校验" in message
    assert dialog.focusWidget() is editor
    assert "color" in dialog.labels[field].styleSheet()
    after = services.registry.get(register, record.id)
    assert after == record, "nothing written"
    editor.setText(record.values[field])  # corrected: saves and closes
    press_ok(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    assert services.registry.get(register, record.id).values["phone"] == "13900000000"


def test_a_duplicate_and_a_stale_edit_are_shown_in_the_dialog(qtbot, units, runner):
    services, police = units
    window = make_window(qtbot, services, runner)
    view = window.registry_tab.show_register("units")
    dialog = open_row(qtbot, view, "右玉县林业局")
    dialog.editors["credit_code"].widget.setText(police.values["credit_code"])
    press_ok(qtbot, dialog)
    assert "已有相同的记录" in dialog.ui.errorLabel.text()
    dialog.reject()
    dialog = open_row(qtbot, view, "右玉县公安局")
    services.registry.save("units", police.id, {**police.values, "phone": "1"}, police.version)
    dialog.editors["phone"].widget.setText("2")
    press_ok(qtbot, dialog)
    assert dialog.isVisible() and "已被修改" in dialog.ui.errorLabel.text()
    assert services.registry.get("units", police.id).values["phone"] == "1"


def test_new_record_through_the_add_button(qtbot, units, runner):
    services, police = units
    window = make_window(qtbot, services, runner)
    view = window.registry_tab.show_register("certificates")
    add_person(services, "张三", id_number(1), police.id)
    assert view.ui.countLabel.text() == "共 0 条"
    qtbot.mouseClick(view.ui.addButton, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert dialog.windowTitle() == "新增证件"
    assert "person_name" not in dialog.editors and "status" not in dialog.editors
    assert isinstance(dialog.editors["valid_from"].widget, QDateEdit)
    revoked = dialog.editors["revoked_on"].widget
    assert isinstance(revoked, OptionalDateEdit) and revoked.value() is None
    dialog.editors["person_id_number"].widget.setText(id_number(1))
    kind = dialog.editors["kind"].widget
    kind.setCurrentIndex(kind.findText("行政执法证"))
    dialog.editors["number"].widget.setText("晋14062399001")
    dialog.editors["valid_from"].widget.setDate(date(2024, 1, 1))
    dialog.editors["valid_to"].widget.setDate(date(2023, 1, 1))
    press_ok(qtbot, dialog)
    assert dialog.isVisible() and dialog.ui.errorLabel.text().startswith("有效期至：")
    dialog.editors["valid_to"].widget.setDate(date(2030, 12, 31))
    press_ok(qtbot, dialog)
    qtbot.waitUntil(lambda: view.model.total == 1, timeout=5000)
    assert column_texts(view.ui.table, 0) == ["张三"]
    row = services.registry.list("certificates").rows[0]
    assert row.values["valid_to"] == date(2030, 12, 31) and row.values["revoked_on"] is None


def test_new_record_starts_from_the_chosen_filters(qtbot, units, runner):
    services, police = units
    window = make_window(qtbot, services, runner)
    view = window.registry_tab.show_register("people")
    view.filter_combos["unit"].setCurrentIndex(view.filter_combos["unit"].findText("右玉县公安局"))
    view.filter_combos["role"].setCurrentIndex(view.filter_combos["role"].findText("监督人员"))
    view.add_record()
    dialog = view.dialog
    assert dialog.editors["unit"].widget.currentText() == "右玉县公安局"
    assert dialog.editors["role"].widget.currentText() == "监督人员"
    assert isinstance(dialog.editors["legal_qualification"].widget, QCheckBox)
    dialog.editors["name"].widget.setText("李四")
    dialog.editors["id_number"].widget.setText(id_number(2))
    press_ok(qtbot, dialog)
    qtbot.waitUntil(lambda: view.model.total == 1, timeout=5000)
    person = services.registry.list("people").rows[0]
    assert person.ref_ids["unit"] == police.id and person.values["role"] == "supervisor"


def test_derived_fields_are_shown_read_only(qtbot, county_demo, runner):
    window = make_window(qtbot, county_demo, runner)
    view = window.registry_tab.show_register("certificates")
    view.ui.table.selectRow(0)
    view.edit_selected()
    status = view.dialog.editors["status"].widget
    assert isinstance(status, QLabel) and status.text() in ("已过期", "即将到期", "已注销", "有效")
    assert isinstance(view.dialog.editors["number"].widget, QLineEdit)
    assert "status" not in view.dialog.values() and "person_name" not in view.dialog.values()


def test_delete_asks_first_and_leaves_a_tombstone(qtbot, units, runner, answers):
    asked, reply, errors = answers
    services, police = units
    window = make_window(qtbot, services, runner)
    view = window.registry_tab.show_register("units")
    view.select_record(police.id)
    reply["answer"] = QMessageBox.StandardButton.No
    qtbot.mouseClick(view.ui.deleteButton, Qt.MouseButton.LeftButton)
    assert "右玉县公安局" in asked[0]
    assert services.registry.get("units", police.id) == police, "a refusal changes nothing"
    assert view.model.total == 2
    reply["answer"] = QMessageBox.StandardButton.Yes
    qtbot.mouseClick(view.ui.deleteButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.model.total == 1, timeout=5000)
    assert errors == []
    assert column_texts(view.ui.table, 0) == ["右玉县林业局"]
    with pytest.raises(StaleRecord):
        services.registry.get("units", police.id)


def test_delete_of_a_unit_with_people_is_refused_with_the_reason(qtbot, units, runner, answers):
    _asked, _reply, errors = answers
    services, police = units
    add_person(services, "张三", id_number(1), police.id)
    window = make_window(qtbot, services, runner)
    view = window.registry_tab.show_register("units")
    view.select_record(police.id)
    view.delete_selected()
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert "不能删除" in errors[0].message and "人员1条" in errors[0].message
    assert services.registry.get("units", police.id) == police
    assert view.model.total == 2


def test_an_edit_elsewhere_shows_when_another_register_is_opened(qtbot, units, runner):
    services, police = units
    add_person(services, "张三", id_number(1), police.id)
    window = make_window(qtbot, services, runner)
    people = window.registry_tab.show_register("people")
    assert column_texts(people.ui.table, 3) == ["右玉县公安局"]
    view = window.registry_tab.show_register("units")
    assert not view.ui.editButton.isEnabled(), "nothing chosen, nothing to edit"
    view.select_record(police.id)
    assert view.ui.editButton.isEnabled() and view.ui.deleteButton.isEnabled()
    qtbot.mouseClick(view.ui.editButton, Qt.MouseButton.LeftButton)
    view.dialog.editors["name"].widget.setText("右玉县公安局（新）")
    press_ok(qtbot, view.dialog)
    qtbot.waitUntil(lambda: not view.dialog.isVisible(), timeout=5000)
    window.registry_tab.show_register("people")
    assert column_texts(people.ui.table, 3) == ["右玉县公安局（新）"]
    assert people.filter_combos["unit"].findText("右玉县公安局（新）") > 0


def test_a_new_unit_starts_as_active(qtbot, units, runner):
    services, _police = units
    window = make_window(qtbot, services, runner)
    view = window.registry_tab.show_register("units")
    view.add_record()
    assert view.dialog.editors["status"].widget.currentText() == "正常"
    view.dialog.reject()
