"""The scoring screen (评分表) on a real sheet: live arithmetic, keyboard entry, saving, locking."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QDialogButtonBox, QMessageBox, QSpinBox

from tests.gui.review_gui_support import assigned_campaign
from yuyou_desktop.gui.reviews import scoring_dialog as module
from yuyou_desktop.gui.reviews.scoring_dialog import COUNT, DEDUCTED, NOTE, VETO_ON, ScoringDialog


@pytest.fixture(autouse=True)
def discard_on_close(monkeypatch):
    """Closing a changed sheet asks; the tests that do not check the question discard."""
    monkeypatch.setattr(
        module.QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Discard
    )


@pytest.fixture
def sheet_dialog(qtbot, county_demo):
    campaign = assigned_campaign(county_demo)
    first = county_demo.campaigns.files(campaign.id, sampled_only=True)[0]
    sheet = county_demo.scoring.sheet(first.reviewers[0].sheet_id)
    dialog = ScoringDialog(county_demo.scoring, sheet)
    qtbot.addWidget(dialog)
    dialog.show()
    return county_demo, dialog


def item_row(dialog: ScoringDialog, code: str) -> int:
    table = dialog.itemsTable
    for row in range(table.rowCount()):
        if table.item(row, COUNT).data(module.CODE_ROLE) == code:
            return row
    raise AssertionError(code)


def category_row(dialog: ScoringDialog, code: str) -> int:
    return dialog._category_rows[code]


def type_count(qtbot, dialog: ScoringDialog, code: str, digits: str) -> None:
    table = dialog.itemsTable
    dialog.activateWindow()
    table.setCurrentCell(item_row(dialog, code), COUNT)
    table.setFocus()
    qtbot.waitUntil(table.hasFocus, timeout=2000)
    QTest.keyClicks(table, digits[0])  # the first key opens the editor and goes into it
    editor = table.indexWidget(table.currentIndex())
    assert isinstance(editor, QSpinBox) and table.state() == QAbstractItemView.State.EditingState
    QTest.keyClicks(editor, digits[1:])
    QTest.keyClick(editor, Qt.Key.Key_Return)
    # the delegate commits and closes the editor on the next turn of the event loop
    qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState, timeout=2000)


def test_typing_counts_updates_subtotals_and_total_live(qtbot, sheet_dialog):
    _, dialog = sheet_dialog
    assert dialog.totalLabel.text() == "总分 100 分 · 优秀"
    standard = dialog.sheet.standard.standard
    c2 = standard.categories[1]  # 事实与证据 25
    item = c2.items[0]
    type_count(qtbot, dialog, item.code, "3")
    expected = min(item.points * 3, item.cap or Decimal(999))
    assert dialog.itemsTable.item(item_row(dialog, item.code), COUNT).text() == "3"
    assert dialog.itemsTable.item(
        item_row(dialog, item.code), DEDUCTED
    ).text() == module.points_text(expected)
    subtotal = dialog.itemsTable.item(category_row(dialog, c2.code), DEDUCTED).text()
    assert subtotal == f"扣{module.points_text(expected)} 得{module.points_text(25 - expected)}"
    assert dialog.totalLabel.text().startswith(f"总分 {module.points_text(100 - expected)} 分")


def test_a_category_never_goes_below_zero_on_screen(qtbot, sheet_dialog):
    _, dialog = sheet_dialog
    category = dialog.sheet.standard.standard.categories[0]  # 10 points
    for item in category.items:
        type_count(qtbot, dialog, item.code, "99")
    subtotal = dialog.itemsTable.item(category_row(dialog, category.code), DEDUCTED).text()
    assert subtotal.endswith("得0")
    assert dialog.totalLabel.text().startswith("总分 90 分")


def test_enter_then_down_moves_to_the_next_item_skipping_category_rows(qtbot, sheet_dialog):
    _, dialog = sheet_dialog
    table = dialog.itemsTable
    standard = dialog.sheet.standard.standard
    last_of_first = standard.categories[0].items[-1]
    first_of_second = standard.categories[1].items[0]
    table.setCurrentCell(item_row(dialog, last_of_first.code), COUNT)
    table.setFocus()
    QTest.keyClick(table, Qt.Key.Key_Down)
    assert table.currentRow() == item_row(dialog, first_of_second.code)


def test_a_veto_gives_zero_and_the_lowest_grade_and_is_saved_with_its_note(qtbot, sheet_dialog):
    services, dialog = sheet_dialog
    dialog.vetoTable.item(2, VETO_ON).setCheckState(Qt.CheckState.Checked)
    dialog.vetoTable.item(2, 2).setText("询问笔录与现场照片相互矛盾")
    assert dialog.totalLabel.text() == "否决项成立：0 分 · 不合格"
    QTest.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    stored = services.scoring.sheet(dialog.sheet.id)
    code = dialog.sheet.standard.standard.vetoes[2].code
    assert stored.total == 0 and stored.grade == "不合格"
    assert stored.vetoes == {code: "询问笔录与现场照片相互矛盾"}


def test_saving_stores_what_the_screen_shows(qtbot, sheet_dialog):
    services, dialog = sheet_dialog
    standard = dialog.sheet.standard.standard
    type_count(qtbot, dialog, standard.categories[3].items[0].code, "2")
    type_count(qtbot, dialog, standard.categories[4].items[1].code, "1")
    row = item_row(dialog, standard.categories[4].items[1].code)
    dialog.itemsTable.item(row, NOTE).setText("送达回证未签名")
    shown = dialog.totalLabel.text()
    with qtbot.waitSignal(dialog.saved, timeout=2000):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    stored = services.scoring.sheet(dialog.sheet.id)
    assert shown.startswith(f"总分 {module.points_text(stored.total)} 分 · {stored.grade}")
    assert stored.entries[standard.categories[4].items[1].code] == (1, "送达回证未签名")
    assert not dialog.isVisible()


def test_closing_with_changes_asks_and_keeps_the_sheet_when_cancelled(
    qtbot, sheet_dialog, monkeypatch
):
    services, dialog = sheet_dialog
    asked = []
    monkeypatch.setattr(
        module.QMessageBox,
        "question",
        lambda *args: asked.append(args[2]) or QMessageBox.StandardButton.Cancel,
    )
    type_count(qtbot, dialog, dialog.sheet.standard.standard.categories[0].items[0].code, "1")
    dialog.reject()
    assert asked and "未保存" in asked[0]
    assert dialog.isVisible()
    assert services.scoring.sheet(dialog.sheet.id).total is None


def test_a_finalised_file_opens_read_only(qtbot, county_demo):
    campaign = assigned_campaign(county_demo)
    row = county_demo.campaigns.files(campaign.id, sampled_only=True)[0]
    for reviewer in row.reviewers:
        sheet = county_demo.scoring.sheet(reviewer.sheet_id)
        county_demo.scoring.save_sheet(sheet.id, {}, {}, sheet.version)
    county_demo.scoring.finalise(row.id, "王科长")
    dialog = ScoringDialog(
        county_demo.scoring, county_demo.scoring.sheet(row.reviewers[0].sheet_id)
    )
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.lockedLabel.isVisible() and "王科长" in dialog.lockedLabel.text()
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled()
    code_row = item_row(dialog, dialog.sheet.standard.standard.categories[0].items[0].code)
    assert not dialog.itemsTable.item(code_row, COUNT).flags() & Qt.ItemFlag.ItemIsEditable
    assert not dialog.vetoTable.item(0, VETO_ON).flags() & Qt.ItemFlag.ItemIsUserCheckable


def test_a_refused_save_is_shown_and_the_dialog_stays_open(qtbot, sheet_dialog, monkeypatch):
    services, dialog = sheet_dialog
    shown = []
    monkeypatch.setattr(module, "show_error", lambda parent, title, exc: shown.append(exc.message))
    other = services.scoring.sheet(dialog.sheet.id)
    services.scoring.save_sheet(other.id, {}, {}, other.version)  # saved elsewhere meanwhile
    type_count(qtbot, dialog, dialog.sheet.standard.standard.categories[0].items[0].code, "1")
    dialog.submit()
    assert shown and "修改" in shown[0]
    assert dialog.isVisible()
    assert services.scoring.sheet(dialog.sheet.id).total == 100
