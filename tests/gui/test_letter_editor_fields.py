"""The generated editor's date field and the issue dialog's list of what is still missing."""

from __future__ import annotations

from datetime import date

import pytest

from tests.gui.letters_gui_support import make_tab, menu_action, record_boxes
from yuyou_desktop.gui.letters.action_dialogs import ActionDialog
from yuyou_desktop.gui.letters.letter_editor import DateField, LetterEditor
from yuyou_desktop.services.letters.records import LetterDraft


@pytest.fixture
def boxes(monkeypatch):
    return record_boxes(monkeypatch)


@pytest.fixture
def tab(qtbot, county, runner, tmp_path, letter_test_font, boxes):
    return make_tab(qtbot, county, runner, tmp_path, letter_test_font)


def test_an_unset_deadline_reads_unfilled_and_a_ticked_one_is_saved(qtbot, tab, county):
    menu_action(tab, "行政执法监督整改通知书").trigger()
    editor = tab.actions.dialog
    assert isinstance(editor, LetterEditor)
    field = editor.inputs["deadline"]
    assert isinstance(field, DateField)
    assert field.value() == "" and field.edit.text() == "未填写" and not field.edit.isEnabled()
    field.check.setChecked(True)
    assert field.edit.isEnabled() and field.value() == date.today().isoformat()
    field.edit.setDate(field.edit.date().addDays(30))
    wanted = field.value()
    field.check.setChecked(False)
    assert field.value() == "" and field.edit.text() == "未填写"
    field.check.setChecked(True)
    field.edit.setDate(field.edit.date().fromString(wanted, "yyyy-MM-dd"))
    editor.inputs["problems"].setPlainText("1. 未公示执法依据")
    editor.saveButton.click()
    saved = county.letters.list().rows[0]
    assert county.letters.get(saved.id).fields["deadline"] == wanted


def test_the_issue_dialog_lists_what_is_still_missing(qtbot, tab, county):
    draft = LetterDraft("rectification", None, "右玉县市场监督管理局", "", {"problems": "1. 问题"})
    letter_id = county.letters.create(draft)
    tab.refresh()
    tab.select(letter_id)
    tab.buttons["issue"].click()
    dialog = tab.actions.dialog
    assert isinstance(dialog, ActionDialog)
    notes = " ".join(label.text() for label in dialog.notes)
    assert "还需填写：整改要求、整改期限" in notes
