"""Letters started from what the office recorded, in the 文书打印 tab: the archive of the demo's
letters, drafts from an inspection, a lead, a campaign's results, a 送达回证 for an issued
letter and a correction (更正) of one."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from tests.gui.letters_gui_support import (
    MARKET,
    YEAR,
    column,
    issued,
    make_tab,
    menu_action,
    pick,
    proposal,
    record_boxes,
    texts,
    titles,
)
from yuyou_desktop.domain.enums import RectificationStatus
from yuyou_desktop.domain.letters import STATUS_LABELS, LetterStatus
from yuyou_desktop.gui.letters.letter_editor import LetterEditor
from yuyou_desktop.gui.letters.letters_model import OVERDUE_COLOUR
from yuyou_desktop.services.inspections.records import InspectionQuery
from yuyou_desktop.services.letters.records import LetterQuery


@pytest.fixture
def boxes(monkeypatch):
    return record_boxes(monkeypatch)


@pytest.fixture
def tab(qtbot, county, runner, tmp_path, letter_test_font, boxes):
    return make_tab(qtbot, county, runner, tmp_path, letter_test_font)


@pytest.fixture
def demo_tab(qtbot, county_demo, runner, tmp_path, letter_test_font, boxes):
    return make_tab(qtbot, county_demo, runner, tmp_path, letter_test_font)


def test_the_demo_letters_are_listed_and_filtered_by_status(demo_tab, county_demo):
    total = county_demo.letters.list(LetterQuery(limit=1000)).total
    assert total > 0 and demo_tab.model.rowCount() == total
    assert demo_tab.countLabel.text() == f"共 {total} 份文书"
    for status in LetterStatus:
        demo_tab.statusCombo.setCurrentIndex(demo_tab.statusCombo.findData(status.value))
        wanted = county_demo.letters.list(LetterQuery(status=status.value, limit=1000)).total
        assert len(titles(demo_tab)) == wanted
        assert set(texts(demo_tab, "状态")) <= {STATUS_LABELS[status], "逾期未回复"}
    demo_tab.statusCombo.setCurrentIndex(demo_tab.statusCombo.findText("逾期未回复"))
    overdue = county_demo.letters.list(LetterQuery(status="overdue", limit=1000)).rows
    assert len(overdue) >= 1, "the demo has an overdue letter"
    assert len(titles(demo_tab)) == len(overdue)
    assert set(texts(demo_tab, "状态")) == {"逾期未回复"}
    model = demo_tab.model
    for row in range(model.rowCount()):
        colour = model.index(row, column("状态")).data(Qt.ItemDataRole.ForegroundRole)
        assert colour == OVERDUE_COLOUR


# ---------------------------------------------------------------- letters from records


def choose(monkeypatch, tab, *pickers):
    """``choose_item`` answered by ``pickers`` in turn (each given the items, returns one)."""
    asked: list[list[str]] = []
    queue = list(pickers)

    def answer(title, label, items):
        asked.append(list(items))
        return items.index(queue.pop(0)(items))

    monkeypatch.setattr(tab.actions, "choose_item", answer)
    return asked


def test_a_rectification_notice_is_drafted_from_an_inspection(
    qtbot, demo_tab, county_demo, boxes, monkeypatch
):
    services = county_demo
    rows = services.inspections.list(InspectionQuery(limit=300)).rows
    record = next(
        services.inspections.get(r.id)
        for r in rows
        if any(
            p.stored_status is not RectificationStatus.DONE
            for p in services.inspections.get(r.id).problems
        )
    )
    open_problems = [p for p in record.problems if p.stored_status is not RectificationStatus.DONE]
    wanted = next(r for r in rows if r.id == record.id)
    choose(
        monkeypatch,
        demo_tab,
        lambda items: next(i for i in items if i.startswith(wanted.number + " ")),
        lambda items: "行政执法监督整改通知书",
    )
    menu_action(demo_tab, "从检查记录起草…").trigger()
    assert boxes.errors == []
    editor = demo_tab.actions.dialog
    assert isinstance(editor, LetterEditor) and editor.isVisible()
    assert editor.letter_type.code == "rectification"
    assert editor.unitCombo.currentData() == record.unit_id
    assert editor.recipientEdit.text() == record.unit_name
    problems = editor.findChild(QWidget, "field_problems").toPlainText()
    assert all(p.description in problems for p in open_problems)
    assert editor.findChild(QWidget, "field_requirements").toPlainText()
    deadlines = [p.deadline for p in open_problems if p.deadline]
    if deadlines:
        assert editor.inputs["deadline"].value() == max(deadlines).isoformat()
    editor.saveButton.click()
    saved = services.letters.get(demo_tab.current_id())
    assert (saved.source_kind, saved.source_id) == ("inspection", record.id)
    assert "检查记录" in demo_tab.details.toPlainText()


def test_a_referral_is_drafted_from_a_lead(qtbot, demo_tab, county_demo, boxes, monkeypatch):
    asked = choose(monkeypatch, demo_tab, lambda items: items[0])
    menu_action(demo_tab, "从问题线索起草移送函…").trigger()
    assert boxes.errors == [] and len(asked) == 1 and asked[0]
    editor = demo_tab.actions.dialog
    assert isinstance(editor, LetterEditor) and editor.letter_type.code == "referral"
    assert editor.findChild(QWidget, "field_lead").toPlainText()
    assert "问题线索材料" in editor.attachmentsEdit.toPlainText()


def test_review_result_notices_are_drafted_from_a_campaign(
    qtbot, demo_tab, county_demo, boxes, monkeypatch
):
    campaign = next(c for c in county_demo.campaigns.list() if c.finalised)
    choose(monkeypatch, demo_tab, lambda items: next(i for i in items if campaign.name in i))
    menu_action(demo_tab, "从评查活动结果起草通知书…").trigger()
    assert boxes.errors == [] and len(boxes.questions) == 1
    count = len(county_demo.letter_prefill.from_campaign(campaign.id))
    assert count >= 1 and boxes.infos == [f"已起草 {count} 份案卷评查结果通知书（草稿）。"]
    demo_tab.typeCombo.setCurrentIndex(demo_tab.typeCombo.findData("review_result"))
    demo_tab.statusCombo.setCurrentIndex(demo_tab.statusCombo.findData("draft"))
    drafts = county_demo.letters.list(LetterQuery(type_code="review_result", status="draft"))
    assert titles(demo_tab) == ["案卷评查结果通知书"] * drafts.total
    assert drafts.total >= count


def test_a_service_receipt_is_drafted_for_an_issued_letter(qtbot, tab, county, boxes):
    record = issued(county, proposal("要送达的建议"))
    tab.refresh()
    pick(qtbot, tab, "要送达的建议")
    tab.buttons["receipt"].click()
    editor = tab.actions.dialog
    assert isinstance(editor, LetterEditor) and editor.letter_type.code == "service_receipt"
    assert editor.findChild(QWidget, "field_document").text() == f"《要送达的建议》{record.number}"
    assert editor.recipientEdit.text() == MARKET
    assert record.number == f"右司监建〔{YEAR}〕1号"


def test_a_correction_is_a_new_draft_citing_the_original(qtbot, tab, county, boxes):
    original = issued(county, proposal("需要更正的建议"))
    tab.refresh()
    pick(qtbot, tab, "需要更正的建议")
    boxes.answer = QMessageBox.StandardButton.No
    tab.buttons["correct"].click()
    assert original.number in boxes.questions[-1]
    assert county.letters.list().total == 1 and tab.actions.dialog is None

    boxes.answer = QMessageBox.StandardButton.Yes
    tab.buttons["correct"].click()
    editor = tab.actions.dialog
    assert isinstance(editor, LetterEditor) and editor.isVisible()
    notes = [label.text() for label in editor.findChildren(QLabel)]
    assert any("更正文书" in text for text in notes)
    assert editor.findChild(QWidget, "field_findings").toPlainText() == "执法文书送达不规范"
    assert county.letters.list().total == 1, "nothing is stored before the clerk saves"

    editor.findChild(QWidget, "field_recommendations").setPlainText("改为按月公示")
    editor.saveButton.click()
    assert county.letters.list().total == 2
    correction = tab.current_id()
    assert correction != original.id
    saved = county.letters.get(correction)
    assert saved.corrects_id == original.id and saved.status == "draft"
    assert saved.fields["recommendations"] == "改为按月公示"
    assert sorted(texts(tab, "文号")) == sorted(["（草稿）", original.number])
    assert f"更正 {original.number}" in tab.details.toPlainText()
    assert county.letters.get(original.id).corrected_by == ("草稿",)


def test_a_correction_cancelled_in_the_editor_leaves_nothing(qtbot, tab, county, boxes):
    issued(county, proposal("不必更正的建议"))
    tab.refresh()
    pick(qtbot, tab, "不必更正的建议")
    boxes.answer = QMessageBox.StandardButton.Yes
    tab.buttons["correct"].click()
    editor = tab.actions.dialog
    editor.reject()  # unchanged: closes without asking
    assert not editor.isVisible()
    assert county.letters.list().total == 1
