"""投诉举报/线索 (LeadsView) on the demonstration data: listing, filters, the lead dialog,
delete, 移送 and 转为检查记录 — real widgets, real services, a temporary data folder."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import func, select

from tests.conftest import DEMO_ADDED
from tests.gui.registry_support import column_texts, double_click_row, type_text
from yuyou_desktop.gui.inspections import lead_dialog as lead_dialog_module
from yuyou_desktop.gui.inspections import lead_transfers as lead_transfers_module
from yuyou_desktop.gui.inspections import leads_view as leads_view_module
from yuyou_desktop.gui.inspections.lead_dialog import LeadDialog
from yuyou_desktop.gui.inspections.lead_transfers import TransferDialog
from yuyou_desktop.gui.inspections.leads_model import (
    CONTENT_COLUMN,
    DEADLINE_COLUMN,
    STATUS_COLUMN,
    TRANSFER_COLUMN,
)
from yuyou_desktop.gui.inspections.leads_view import LeadsView
from yuyou_desktop.services.demo import DemoService
from yuyou_desktop.services.inspections.leads import LeadService
from yuyou_desktop.services.inspections.leads_query import LeadQuery
from yuyou_desktop.storage.models import ChangeLog
from yuyou_desktop.storage.models_inspections import Inspection, Lead, LeadTransfer

DAY = date(2026, 6, 15)
MARKET = "右玉县市场监督管理局"
DRIVING_SCHOOL = "驾校收费不公示"  # in the demo lead received on DAY-3, still 办理中


@pytest.fixture
def demo(county):
    """The demonstration data loaded as of DAY; the lead service's today is DAY too."""
    DemoService(county.database, county.resources, today=lambda: DAY).load()
    return county, LeadService(county.database, today=lambda: DAY)


@pytest.fixture
def view(qtbot, demo, runner) -> LeadsView:
    services, leads = demo
    widget = LeadsView(leads, services.registry, runner)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    return widget


@pytest.fixture
def errors(monkeypatch):
    """show_error records instead of opening a modal box."""
    shown: list[BaseException] = []
    for module in (leads_view_module, lead_dialog_module, lead_transfers_module):
        monkeypatch.setattr(module, "show_error", lambda parent, title, exc: shown.append(exc))
    return shown


@pytest.fixture
def answers(monkeypatch):
    """QMessageBox.question answers from ``reply`` without blocking; questions are recorded."""
    asked: list[str] = []
    reply = {"answer": QMessageBox.StandardButton.Yes}

    def question(parent, title, text, *args, **kwargs):
        asked.append(text)
        return reply["answer"]

    monkeypatch.setattr(leads_view_module.QMessageBox, "question", question)
    return asked, reply


def table_rows(services, model) -> int:
    with services.database.reader() as s:
        return s.execute(select(func.count()).select_from(model)).scalar_one()


def db_state(services) -> tuple[int, int, int]:
    return (
        table_rows(services, Lead),
        table_rows(services, LeadTransfer),
        table_rows(services, ChangeLog),
    )


def lead_id(leads: LeadService, text: str) -> str:
    rows = leads.list(LeadQuery(search=text)).rows
    assert len(rows) == 1, text
    return rows[0].id


def click_row(qtbot, view: LeadsView, lead: str) -> int:
    row = view.model.row_of(lead)
    assert row >= 0
    rect = view.table.visualRect(view.model.index(row, 0))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.selected_id() == lead
    return row


def cell(view: LeadsView, row: int, column: int, role=Qt.ItemDataRole.DisplayRole):
    return view.model.index(row, column).data(role)


def choose(combo, text: str) -> None:
    index = combo.findText(text)
    assert index >= 0, text
    combo.setCurrentIndex(index)


def set_date(edit, day: date) -> None:
    edit.setDate(QDate(day.year, day.month, day.day))


def press_ok(qtbot, dialog) -> None:
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.saving, timeout=5000)


def open_new_dialog(qtbot, view: LeadsView) -> LeadDialog:
    qtbot.mouseClick(view.addButton, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, LeadDialog) and dialog.isVisible()
    return dialog


def fill_new_lead(dialog: LeadDialog, content: str, deadline: date | None) -> None:
    editors = dialog.editors
    choose(editors["source"].widget, "来信来访")
    set_date(editors["received_on"].widget, DAY - timedelta(days=2))
    editors["content"].widget.setPlainText(content)
    choose(editors["unit"].widget, MARKET)
    editors["handler"].widget.setText("孙某某")
    if deadline is not None:
        editors["deadline"].widget.check.setChecked(True)
        set_date(editors["deadline"].widget.date, deadline)


# ---------------------------------------------------------------- listing and filters


def test_the_list_shows_every_demo_lead_with_overdue_deadlines_in_red(view, demo):
    _services, leads = demo
    assert view.model.rowCount() == DEMO_ADDED["线索"] == 15
    assert view.countLabel.text() == "共 15 条"
    received = column_texts(view.table, 0)
    assert received == sorted(received, reverse=True), "the latest first"
    overdue = [r for r in leads.list().rows if r.overdue]
    assert overdue, "the demo has overdue leads"
    for lead in leads.list().rows:
        row = view.model.row_of(lead.id)
        colour = cell(view, row, DEADLINE_COLUMN, Qt.ItemDataRole.ForegroundRole)
        font = cell(view, row, DEADLINE_COLUMN, Qt.ItemDataRole.FontRole)
        if lead.overdue:
            assert colour == QColor("#b00020") and isinstance(font, QFont) and font.bold()
        else:
            assert font is None
    row = view.model.row_of(lead_id(leads, DRIVING_SCHOOL))
    assert cell(view, row, CONTENT_COLUMN).startswith("市民来电反映某驾校")
    assert DRIVING_SCHOOL in cell(view, row, CONTENT_COLUMN, Qt.ItemDataRole.ToolTipRole)
    assert cell(view, row, DEADLINE_COLUMN) == (DAY + timedelta(days=27)).isoformat()


def test_source_status_date_and_search_filters_narrow_the_list(qtbot, view, demo):
    _services, leads = demo
    choose(view.sourceCombo, "信访")
    assert set(column_texts(view.table, 1)) == {"信访"}
    assert view.model.rowCount() == leads.list(LeadQuery(source="信访")).total == 2
    assert view.countLabel.text() == "共 2 条（已筛选）"

    choose(view.sourceCombo, "全部")
    choose(view.statusCombo, "已办结")
    closed = leads.list(LeadQuery(status="已办结")).total
    assert closed == 5
    assert set(column_texts(view.table, STATUS_COLUMN)) == {"已办结"}
    assert view.countLabel.text() == f"共 {closed} 条（已筛选）"

    choose(view.statusCombo, "全部")
    view.fromDate.check.setChecked(True)
    set_date(view.fromDate.date, DAY - timedelta(days=30))
    assert column_texts(view.table, 0) == [
        (DAY - timedelta(days=n)).isoformat() for n in (3, 10, 20)
    ]
    assert view.countLabel.text() == "共 3 条（已筛选）"
    view.fromDate.check.setChecked(False)
    assert view.countLabel.text() == "共 15 条"

    type_text(qtbot, view.searchEdit, "驾校")
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=3000)
    assert view.countLabel.text() == "共 1 条（已筛选）"
    view.searchEdit.clear()
    qtbot.waitUntil(lambda: view.model.rowCount() == 15, timeout=3000)
    assert view.countLabel.text() == "共 15 条"


def test_select_lead_clears_filters_that_hide_it(view, demo):
    _services, leads = demo
    choose(view.sourceCombo, "信访")
    target = lead_id(leads, DRIVING_SCHOOL)
    assert view.select_lead(target)
    assert view.selected_id() == target
    assert view.sourceCombo.currentText() == "全部"
    assert view.countLabel.text() == "共 15 条"
    assert not view.select_lead("no-such-lead")


# ---------------------------------------------------------------- the lead dialog


def test_a_new_lead_entered_in_the_dialog_is_saved_and_selected(qtbot, view, demo):
    services, leads = demo
    before = table_rows(services, Lead)
    dialog = open_new_dialog(qtbot, view)
    assert dialog.windowTitle() == "新增线索"
    assert dialog.editors["status"].widget.currentText() == "办理中"
    fill_new_lead(
        dialog,
        "来访人反映某乡镇执法队扣押物品未出具清单。\n附：照片两张。",
        DAY + timedelta(days=15),
    )
    with qtbot.waitSignal(view.changed, timeout=5000):
        press_ok(qtbot, dialog)
    assert not dialog.isVisible()
    assert view.countLabel.text() == "共 16 条"
    assert table_rows(services, Lead) == before + 1
    saved = leads.get(view.selected_id())
    assert saved.content.startswith("来访人反映某乡镇执法队扣押物品")
    assert (saved.unit_name, saved.handler, saved.source_label) == (MARKET, "孙某某", "来信来访")
    assert saved.deadline == DAY + timedelta(days=15) and saved.status_label == "办理中"
    row = view.model.row_of(saved.id)
    assert cell(view, row, CONTENT_COLUMN) == "来访人反映某乡镇执法队扣押物品未出具清单。"


@pytest.mark.parametrize(
    ("content", "deadline", "message"),
    [
        ("", DAY + timedelta(days=10), "内容：不能为空。"),
        ("群众反映执法人员未亮证执法。", DAY - timedelta(days=30), "办理期限：不能早于收到日期"),
    ],
)
def test_a_refused_lead_keeps_the_dialog_open_with_the_typing_and_saves_nothing(
    qtbot, view, demo, errors, content, deadline, message
):
    services, _leads = demo
    before = db_state(services)
    dialog = open_new_dialog(qtbot, view)
    fill_new_lead(dialog, content, deadline)
    press_ok(qtbot, dialog)
    assert errors == [], "said once, on the form, not again in a message box"
    assert dialog.isVisible(), "the dialog stays open"
    assert message in dialog.errorLabel.text() and dialog.errorLabel.isVisible()
    editors = dialog.editors
    assert editors["content"].widget.toPlainText() == content
    assert editors["handler"].widget.text() == "孙某某"
    assert editors["unit"].widget.currentText() == MARKET
    assert editors["deadline"].widget.value() == deadline
    assert db_state(services) == before
    assert view.countLabel.text() == "共 15 条"


def test_editing_a_lead_changed_meanwhile_is_refused_and_saves_nothing(qtbot, view, demo, errors):
    _services, leads = demo
    target = lead_id(leads, DRIVING_SCHOOL)
    double_click_row(qtbot, view.table, view.model.row_of(target))
    dialog = view.dialog
    assert isinstance(dialog, LeadDialog) and dialog.windowTitle() == "编辑线索"
    assert dialog.editors["content"].widget.toPlainText().startswith("市民来电反映某驾校")
    leads.save(target, {"handler": "周某某"})  # someone else saves first
    dialog.editors["handler"].widget.setText("钱某某")
    press_ok(qtbot, dialog)
    assert dialog.isVisible() and "已被修改" in dialog.errorLabel.text() and errors == []
    assert dialog.editors["handler"].widget.text() == "钱某某"
    assert leads.get(target).handler == "周某某"


def test_a_transfer_status_is_changed_in_the_lead_dialog(qtbot, view, demo):
    _services, leads = demo
    target = lead_id(leads, "收受企业礼品")  # transferred, 已移送 to 纪检监察机关
    click_row(qtbot, view, target)
    qtbot.mouseClick(view.editButton, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    table = dialog.transferTable
    assert table is not None and table.rowCount() == 1
    assert table.combos[0].currentText() == "已移送"
    with qtbot.waitSignal(view.changed, timeout=5000):
        choose(table.combos[0], "已反馈")
    assert [t.status_label for t in leads.get(target).transfers] == ["已反馈"]
    row = view.model.row_of(target)
    assert cell(view, row, TRANSFER_COLUMN) == "纪检监察机关·已反馈"


# ---------------------------------------------------------------- delete, transfer, inspection


def test_delete_asks_first_and_removes_the_lead(qtbot, view, demo, answers):
    _services, leads = demo
    asked, reply = answers
    target = lead_id(leads, DRIVING_SCHOOL)
    click_row(qtbot, view, target)
    reply["answer"] = QMessageBox.StandardButton.No
    qtbot.mouseClick(view.deleteButton, Qt.MouseButton.LeftButton)
    assert "确定要删除这条线索吗" in asked[0] and DRIVING_SCHOOL in asked[0]
    assert view.countLabel.text() == "共 15 条"
    reply["answer"] = QMessageBox.StandardButton.Yes
    with qtbot.waitSignal(view.changed, timeout=5000):
        qtbot.mouseClick(view.deleteButton, Qt.MouseButton.LeftButton)
    assert view.countLabel.text() == "共 14 条"
    assert view.model.row_of(target) < 0
    assert leads.list().total == 14


def test_a_lead_turned_into_an_inspection_cannot_be_deleted(qtbot, view, demo, answers, errors):
    services, leads = demo
    with services.database.reader() as s:
        inspection_id, number = s.execute(select(Inspection.id, Inspection.number).limit(1)).one()
    target = lead_id(leads, DRIVING_SCHOOL)
    leads.link_inspection(target, inspection_id)
    view.refresh()
    click_row(qtbot, view, target)
    before = db_state(services)
    qtbot.mouseClick(view.deleteButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert f"已转为检查记录“{number}”，不能删除" in errors[0].message
    assert db_state(services) == before
    assert view.countLabel.text() == "共 15 条"
    assert view.model.row_of(target) >= 0


def test_a_transfer_makes_the_lead_transferred(qtbot, view, demo):
    _services, leads = demo
    target = lead_id(leads, DRIVING_SCHOOL)
    row = click_row(qtbot, view, target)
    assert cell(view, row, STATUS_COLUMN) == "办理中"
    qtbot.mouseClick(view.transferButton, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, TransferDialog) and dialog.isVisible()
    choose(dialog.targetCombo, "主管部门")
    type_text(qtbot, dialog.organEdit, "右玉县交通运输局")
    set_date(dialog.dateEdit, DAY - timedelta(days=1))
    with qtbot.waitSignal(view.changed, timeout=5000):
        press_ok(qtbot, dialog)
    assert not dialog.isVisible()
    row = view.model.row_of(target)
    assert cell(view, row, STATUS_COLUMN) == "已移送"
    assert cell(view, row, TRANSFER_COLUMN) == "主管部门·已移送"
    assert "右玉县交通运输局" in cell(view, row, TRANSFER_COLUMN, Qt.ItemDataRole.ToolTipRole)
    assert view.selected_id() == target
    saved = leads.get(target)
    assert saved.status_label == "已移送"
    assert [(t.target_label, t.organ_name) for t in saved.transfers] == [
        ("主管部门", "右玉县交通运输局")
    ]


def test_a_transfer_to_a_department_without_its_name_is_refused(qtbot, view, demo, errors):
    services, leads = demo
    click_row(qtbot, view, lead_id(leads, DRIVING_SCHOOL))
    before = db_state(services)
    qtbot.mouseClick(view.transferButton, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    choose(dialog.targetCombo, "主管部门")
    type_text(qtbot, dialog.remarkEdit, "abc")
    set_date(dialog.dateEdit, DAY)
    press_ok(qtbot, dialog)
    assert "须写明部门名称" in errors[0].message
    assert dialog.isVisible() and dialog.remarkEdit.text() == "abc"
    assert db_state(services) == before


def test_turn_into_inspection_and_open_inspection(qtbot, view, demo):
    services, leads = demo
    free = lead_id(leads, DRIVING_SCHOOL)
    click_row(qtbot, view, free)
    assert view.inspectButton.isEnabled() and not view.openButton.isEnabled()
    with qtbot.waitSignal(view.inspectionRequested, timeout=1000) as requested:
        qtbot.mouseClick(view.inspectButton, Qt.MouseButton.LeftButton)
    assert requested.args == [free]

    with services.database.reader() as s:
        inspection_id = s.execute(select(Inspection.id).limit(1)).scalar_one()
    linked = lead_id(leads, "收受企业礼品")
    leads.link_inspection(linked, inspection_id)
    view.refresh()
    click_row(qtbot, view, linked)
    assert not view.inspectButton.isEnabled() and view.openButton.isEnabled()
    assert cell(view, view.model.row_of(linked), 8) != ""
    with qtbot.waitSignal(view.openInspection, timeout=1000) as opened:
        qtbot.mouseClick(view.openButton, Qt.MouseButton.LeftButton)
    assert opened.args == [inspection_id]
