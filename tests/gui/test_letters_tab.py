"""The 文书打印 tab driven as a clerk would: the archive list (filters, words, sorting), drafting
in the generated editor, 签发 with its number, and the follow-up of an issued letter."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QMessageBox, QPlainTextEdit, QWidget

from tests.gui.letters_gui_support import (
    MARKET,
    TODAY,
    TRANSPORT,
    YEAR,
    button,
    click_header,
    column,
    enabled_buttons,
    issued,
    make_tab,
    menu_action,
    pick,
    press_ok,
    proposal,
    record_boxes,
    rectification,
    served,
    texts,
    titles,
    type_text,
)
from tests.integration.letter_support import add_unit
from yuyou_desktop.gui.letters.action_dialogs import ActionDialog
from yuyou_desktop.gui.letters.letter_editor import LetterEditor
from yuyou_desktop.gui.letters.preview import PreviewDialog

DRAFT_BUTTONS = {"edit", "preview", "issue", "delete", "batch"}


@pytest.fixture
def boxes(monkeypatch):
    return record_boxes(monkeypatch)


@pytest.fixture
def tab(qtbot, county, runner, tmp_path, letter_test_font, boxes):
    return make_tab(qtbot, county, runner, tmp_path, letter_test_font)


@pytest.fixture
def archive(county):
    """Five letters: an overdue and a waiting 建议书, a draft, a current and an overdue
    整改通知书 (their titles, by what they are)."""
    letters = {
        "overdue_proposal": "关于规范执法文书送达的建议",
        "waiting_proposal": "关于加强执法公示的建议",
        "draft": "关于限期整改执法程序的通知",
        "current_fix": "关于整改执法记录的通知",
        "overdue_fix": "关于整改执法案卷的通知",
    }
    first = issued(county, proposal(letters["overdue_proposal"]), days_ago=40)
    served(county, first, days_ago=30)  # 15 days to reply: due 15 days ago
    issued(county, proposal(letters["waiting_proposal"], TRANSPORT))
    county.letters.create(rectification(letters["draft"], TODAY + timedelta(days=30)))
    issued(county, rectification(letters["overdue_fix"], TODAY - timedelta(days=5)), 20)
    issued(county, rectification(letters["current_fix"], TODAY + timedelta(days=5)), 10)
    return letters


def editor_of(tab) -> LetterEditor:
    dialog = tab.actions.dialog
    assert isinstance(dialog, LetterEditor) and dialog.isVisible()
    return dialog


def action_dialog(tab) -> ActionDialog:
    dialog = tab.actions.dialog
    assert isinstance(dialog, ActionDialog) and dialog.isVisible()
    return dialog


def own_line_edit(dialog) -> QLineEdit:
    """The dialog's line edit (not the one inside its date edit)."""
    (edit,) = [e for e in dialog.findChildren(QLineEdit) if e.parent() is dialog]
    return edit


# ---------------------------------------------------------------- the list


def test_the_list_shows_every_letter_and_the_filters_narrow_it(qtbot, tab, archive):
    tab.refresh()
    assert sorted(titles(tab)) == sorted(archive.values())
    assert tab.countLabel.text() == "共 5 份文书"
    by_title = dict(zip(titles(tab), texts(tab, "状态"), strict=True))
    assert by_title[archive["overdue_proposal"]] == "逾期未回复"
    assert by_title[archive["draft"]] == "草稿"
    assert by_title[archive["waiting_proposal"]] == "已签发"
    numbers = dict(zip(titles(tab), texts(tab, "文号"), strict=True))
    assert numbers[archive["draft"]] == "（草稿）"
    assert numbers[archive["waiting_proposal"]].startswith(f"右司监建〔{YEAR}〕")

    tab.typeCombo.setCurrentIndex(tab.typeCombo.findText("行政执法监督整改通知书"))
    wanted = {archive["draft"], archive["current_fix"], archive["overdue_fix"]}
    assert set(titles(tab)) == wanted and tab.countLabel.text() == "共 3 份文书"
    tab.typeCombo.setCurrentIndex(0)

    tab.statusCombo.setCurrentIndex(tab.statusCombo.findText("逾期未回复"))
    assert set(titles(tab)) == {archive["overdue_proposal"], archive["overdue_fix"]}
    assert texts(tab, "状态") == ["逾期未回复", "逾期未回复"]
    assert all(day and day < TODAY.isoformat() for day in texts(tab, "回复期限"))
    tab.statusCombo.setCurrentIndex(tab.statusCombo.findText("草稿"))
    assert titles(tab) == [archive["draft"]]
    tab.statusCombo.setCurrentIndex(tab.statusCombo.findText("已签发"))
    assert set(titles(tab)) == {
        archive["waiting_proposal"],
        archive["current_fix"],
        archive["overdue_fix"],
    }
    tab.statusCombo.setCurrentIndex(0)

    type_text(qtbot, tab.searchEdit, "交通")  # the recipient
    qtbot.waitUntil(lambda: titles(tab) == [archive["waiting_proposal"]], timeout=3000)
    assert texts(tab, "主送") == [TRANSPORT]
    tab.searchEdit.clear()
    type_text(qtbot, tab.searchEdit, "改〔")  # the numbers of 整改通知书
    qtbot.waitUntil(lambda: len(titles(tab)) == 2, timeout=3000)
    assert set(titles(tab)) == {archive["current_fix"], archive["overdue_fix"]}
    tab.searchEdit.clear()
    type_text(qtbot, tab.searchEdit, "没有这种文书")
    qtbot.waitUntil(lambda: titles(tab) == [], timeout=3000)
    assert tab.countLabel.text() == "共 0 份文书"


def test_a_header_click_sorts_and_a_second_click_reverses(qtbot, tab, archive):
    tab.refresh()
    click_header(qtbot, tab, column("标题"))
    header = tab.table.horizontalHeader()
    assert header.sortIndicatorSection() == column("标题")
    descending = header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert titles(tab) == sorted(archive.values(), reverse=descending)
    click_header(qtbot, tab, column("标题"))
    assert titles(tab) == sorted(archive.values(), reverse=not descending)

    click_header(qtbot, tab, column("回复期限"))  # 回复期限
    due = [day for day in texts(tab, "回复期限") if day]
    wanted = sorted(due, reverse=header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder)
    assert len(due) == 3 and due == wanted


def test_a_header_without_a_sort_key_does_not_claim_an_order(qtbot, tab, county):
    """送达日期: either the rows follow the arrow, or the arrow stays where the order is."""
    for title, issued_ago, served_ago in (("甲", 9, 5), ("乙", 3, 1), ("丙", 2, 2)):
        served(county, issued(county, proposal(title), days_ago=issued_ago), served_ago)
    tab.refresh()
    click_header(qtbot, tab, column("标题"))
    click_header(qtbot, tab, column("送达日期"))
    header = tab.table.horizontalHeader()
    if header.sortIndicatorSection() == column("送达日期"):
        days = texts(tab, "送达日期")
        descending = header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
        assert days == sorted(days, reverse=descending), "the arrow on 送达日期 is not the order"
    else:
        assert header.sortIndicatorSection() == column("标题")


def test_the_list_starts_with_the_latest_changed_letter(qtbot, tab, county):
    """Until a header is clicked the newest work is on top, whatever its reply date."""
    issued(county, rectification("先签发的整改通知", TODAY + timedelta(days=20)))
    county.letters.create(proposal("后起草的建议"))
    tab.refresh()
    assert titles(tab) == ["后起草的建议", "先签发的整改通知"]
    assert tab.table.horizontalHeader().sortIndicatorSection() == -1


HEADERS = ("文号", "状态", "主送", "文书种类", "标题")


# ---------------------------------------------------------------- drafting


def test_a_new_proposal_is_typed_previewed_and_saved_as_a_draft(qtbot, tab, county, boxes):
    unit_id = add_unit(county, MARKET, 1)
    tab.refresh()
    assert enabled_buttons(tab) == {"batch"}  # nothing chosen: only printing the list
    menu_action(tab, "行政执法监督建议书").trigger()
    editor = editor_of(tab)
    assert editor.windowTitle() == "行政执法监督建议书 — 起草"
    index = editor.unitCombo.findText(MARKET)
    editor.unitCombo.setCurrentIndex(index)
    editor.unitCombo.activated.emit(index)  # what choosing it with the mouse does
    assert editor.recipientEdit.text() == MARKET
    type_text(qtbot, editor.titleEdit, "关于规范执法公示的建议")
    type_text(qtbot, editor.findChild(QWidget, "field_findings"), "未公示执法依据")
    type_text(qtbot, editor.findChild(QWidget, "field_recommendations"), "按期公示执法依据")

    editor.previewButton.click()
    shown = tab.actions.dialog
    assert isinstance(shown, PreviewDialog) and shown.isVisible()
    assert shown.page_count >= 1
    assert "关于规范执法公示的建议" in shown.windowTitle()
    assert shown.pageLabel.text() == f"第 1 页 共 {shown.page_count} 页"
    button(shown, "关闭").click()
    assert not shown.isVisible() and editor.isVisible()
    assert county.letters.list().total == 0, "a preview stores nothing"

    editor.saveButton.click()
    assert boxes.errors == [] and not editor.isVisible()
    row = tab.model.row_of(tab.current_id())
    shown = {header: tab.model.index(row, column(header)).data() for header in HEADERS}
    assert shown == {
        "文号": "（草稿）",
        "状态": "草稿",
        "主送": MARKET,
        "文书种类": "行政执法监督建议书",
        "标题": "关于规范执法公示的建议",
    }
    record = county.letters.get(tab.current_id())
    assert (record.unit_id, record.status) == (unit_id, "draft")
    assert dict(record.fields) == {
        "findings": "未公示执法依据",
        "recommendations": "按期公示执法依据",
    }
    assert enabled_buttons(tab) == DRAFT_BUTTONS
    assert "草稿，签发时编号" in tab.details.toPlainText()


@pytest.mark.parametrize(
    ("field", "text", "message"),
    [
        ("titleEdit", "长" * 201, "标题"),
        ("field_findings", "多" * 5001, "不应超过5000个字"),
    ],
)
def test_the_editor_refuses_bad_input_and_stays_open(tab, county, boxes, field, text, message):
    menu_action(tab, "行政执法监督建议书").trigger()
    editor = editor_of(tab)
    target = editor.findChild(QWidget, field)
    target.setPlainText(text) if hasattr(target, "setPlainText") else target.setText(text)
    editor.saveButton.click()
    assert len(boxes.errors) == 1 and message in boxes.errors[0]
    assert editor.isVisible()
    assert county.letters.list().total == 0 and titles(tab) == []


def test_cancelling_unsaved_changes_asks_first(qtbot, tab, county, boxes):
    menu_action(tab, "行政执法监督建议书").trigger()
    editor = editor_of(tab)
    button(editor, "取消").click()
    assert not editor.isVisible() and boxes.questions == [], "nothing typed: no question"

    menu_action(tab, "行政执法监督建议书").trigger()
    editor = editor_of(tab)
    type_text(qtbot, editor.findChild(QWidget, "field_findings"), "未亮证执法")
    boxes.answer = QMessageBox.StandardButton.No
    button(editor, "取消").click()
    assert len(boxes.questions) == 1 and "未保存的修改" in boxes.questions[0]
    assert editor.isVisible()
    boxes.answer = QMessageBox.StandardButton.Yes
    button(editor, "取消").click()
    assert not editor.isVisible()
    assert county.letters.list().total == 0 and titles(tab) == []


def test_a_draft_is_edited_and_deleted(qtbot, tab, county, boxes):
    county.letters.create(proposal("待修改的建议"))
    tab.refresh()
    pick(qtbot, tab, "待修改的建议")
    tab.buttons["edit"].click()
    editor = editor_of(tab)
    assert editor.findChild(QWidget, "field_findings").toPlainText() == "执法文书送达不规范"
    editor.titleEdit.clear()
    type_text(qtbot, editor.titleEdit, "已修改的建议")
    editor.saveButton.click()
    assert titles(tab) == ["已修改的建议"] and tab.current_id()

    boxes.answer = QMessageBox.StandardButton.No
    tab.buttons["delete"].click()
    assert titles(tab) == ["已修改的建议"]
    boxes.answer = QMessageBox.StandardButton.Yes
    tab.buttons["delete"].click()
    assert titles(tab) == [] and county.letters.list().total == 0


# ---------------------------------------------------------------- issuing


def test_issuing_numbers_the_letter_and_freezes_it(qtbot, tab, county, boxes):
    first = county.letters.create(proposal("第一份建议"))
    second = county.letters.create(proposal("第二份建议"))
    tab.refresh()
    pick(qtbot, tab, "第一份建议")
    tab.buttons["issue"].click()
    press_ok(action_dialog(tab))
    assert boxes.errors == []
    assert tab.current_id() == first
    row = tab.model.row_of(first)
    assert tab.model.index(row, column("文号")).data() == f"右司监建〔{YEAR}〕1号"
    assert tab.model.index(row, column("状态")).data() == "已签发"
    assert tab.model.index(row, column("签发日期")).data() == TODAY.isoformat()
    record = county.letters.get(first)
    assert record.pdf_sha256 and record.pdf_sha256 in tab.details.toPlainText()
    assert f"右司监建〔{YEAR}〕1号" in tab.details.toPlainText()
    enabled = enabled_buttons(tab)
    assert "edit" not in enabled and "delete" not in enabled and "issue" not in enabled
    assert {"preview", "serve", "reply", "void", "correct"} <= enabled

    pick(qtbot, tab, "第二份建议")
    tab.buttons["issue"].click()
    press_ok(action_dialog(tab))
    assert county.letters.get(second).number == f"右司监建〔{YEAR}〕2号"
    assert (
        tab.model.index(tab.model.row_of(second), column("文号")).data() == f"右司监建〔{YEAR}〕2号"
    )


def test_an_incomplete_draft_is_not_issued(qtbot, tab, county, boxes):
    county.letters.create(proposal("没有主送的建议", recipient=""))
    tab.refresh()
    pick(qtbot, tab, "没有主送的建议")
    tab.buttons["issue"].click()
    dialog = action_dialog(tab)
    press_ok(dialog)
    assert len(boxes.errors) == 1 and "签发前还需填写" in boxes.errors[0]
    assert dialog.isVisible()
    assert texts(tab, "文号") == ["（草稿）"] and texts(tab, "状态") == ["草稿"]


# ---------------------------------------------------------------- follow-up


def test_service_reply_closing_and_voiding(qtbot, tab, county, boxes):
    record = issued(county, proposal("待送达的建议"))
    tab.refresh()
    pick(qtbot, tab, "待送达的建议")
    tab.buttons["serve"].click()
    dialog = action_dialog(tab)
    method = dialog.findChild(QComboBox)
    method.setCurrentIndex(method.findText("邮寄送达"))
    press_ok(dialog)
    assert "签收人" in boxes.errors[-1] and dialog.isVisible(), "who received it is needed"
    who = own_line_edit(dialog)
    type_text(qtbot, who, "张三")
    press_ok(dialog)
    assert not dialog.isVisible()
    due = (TODAY + timedelta(days=15)).isoformat()
    assert texts(tab, "状态") == ["已送达"] and texts(tab, "送达日期") == [TODAY.isoformat()]
    assert texts(tab, "回复期限") == [due]
    details = tab.details.toPlainText()
    assert due in details and "邮寄送达 签收人 张三" in details
    assert "serve" not in enabled_buttons(tab)

    tab.buttons["reply"].click()
    dialog = action_dialog(tab)
    press_ok(dialog)
    assert "回复情况" in boxes.errors[-1] and dialog.isVisible()
    assert texts(tab, "状态") == ["已送达"]
    type_text(qtbot, dialog.findChild(QPlainTextEdit), "已按建议整改并书面回复")
    press_ok(dialog)
    assert texts(tab, "状态") == ["已回复"]
    assert "已按建议整改并书面回复" in tab.details.toPlainText()

    tab.buttons["close"].click()
    press_ok(action_dialog(tab))
    assert texts(tab, "状态") == ["已办结"]
    assert enabled_buttons(tab) >= {"void", "correct"} and "close" not in enabled_buttons(tab)

    errors_before = len(boxes.errors)
    tab.buttons["void"].click()
    dialog = action_dialog(tab)
    press_ok(dialog)
    assert len(boxes.errors) == errors_before + 1 and "作废理由" in boxes.errors[-1]
    assert dialog.isVisible() and texts(tab, "状态") == ["已办结"]
    reason = own_line_edit(dialog)
    type_text(qtbot, reason, "主送单位名称有误")
    press_ok(dialog)
    assert texts(tab, "状态") == ["已作废"]
    assert texts(tab, "文号") == [record.number]
    assert "主送单位名称有误" in tab.details.toPlainText()
    assert enabled_buttons(tab) == {"preview", "batch"}
