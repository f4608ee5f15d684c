"""The 年度监督工作方案 page as a clerk uses it: a plan drawn up through 新建方案, items added
through the item dialog with units ticked in the picker, an item marked done, the progress line
following; an overdue item in red; a refused item shown on the dialog, which stays open; a
township's plan at the county only to look at; and the first-quarter reminder."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, QSettings, Qt
from PySide6.QtWidgets import QMessageBox

from tests.integration.plan_support import (
    DAY,
    REFUSAL,
    TOWN_NAME,
    UNITS,
    add_units,
    item,
    on_day,
    snapshot,
    township_plan,
)
from yuyou_desktop.documents.letter_fonts import ROLES
from yuyou_desktop.gui.letters.preview import PreviewDialog
from yuyou_desktop.gui.plans import plans_page as page_module
from yuyou_desktop.gui.plans.item_dialog import ItemDialog
from yuyou_desktop.gui.plans.items_table import OVERDUE_COLOUR
from yuyou_desktop.gui.plans.plan_dialogs import PlanDialog, ProgressDialog
from yuyou_desktop.gui.plans.plans_page import EMPTY_TEXT, PlansPage
from yuyou_desktop.gui.plans.reminder import PlanReminder, maybe_remind, remind_key

MARKET, SAFETY = UNITS[0], UNITS[1]


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "gui.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def office(county):
    services = on_day(county)
    add_units(services)
    return services


@pytest.fixture
def errors(monkeypatch):
    shown: list[tuple[str, BaseException]] = []
    monkeypatch.setattr(
        page_module, "show_error", lambda parent, title, exc: shown.append((title, exc))
    )
    return shown


@pytest.fixture
def answer(monkeypatch):
    """What QMessageBox.question answers (Yes unless a test says otherwise)."""
    asked: list[str] = []

    def question(parent, title, text, *args, **kwargs):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(page_module.QMessageBox, "question", question)
    return asked


@pytest.fixture
def page(qtbot, office, runner, settings, errors):
    widget = PlansPage(office, runner, settings, today=lambda: DAY)
    qtbot.addWidget(widget)
    widget.resize(1280, 640)
    widget.show()
    return widget


def save(qtbot, dialog) -> None:
    """保存, then wait until the runner has saved it and the dialog has closed."""
    dialog.okButton.click()
    qtbot.waitUntil(lambda: not dialog.isVisible() and not dialog.saving, timeout=5000)


def tick(dialog: ItemDialog, *names: str) -> None:
    for name in names:
        (found,) = dialog.unitPicker.list.findItems(name, Qt.MatchFlag.MatchExactly)
        found.setCheckState(Qt.CheckState.Checked)


def fill_item(dialog: ItemDialog, content: str, start: date, end: date, who: str) -> None:
    dialog.contentEdit.setPlainText(content)
    dialog.startEdit.setDate(QDate(start.year, start.month, start.day))
    dialog.endEdit.setDate(QDate(end.year, end.month, end.day))
    dialog.responsibleEdit.setText(who)


def rows(page: PlansPage) -> list[tuple[str, ...]]:
    return [page.itemsTable.row_texts(r) for r in range(page.itemsTable.rowCount())]


def new_plan(qtbot, page: PlansPage) -> None:
    page.newButton.click()
    dialog = page.dialog
    assert isinstance(dialog, PlanDialog) and dialog.yearSpin.value() == 2026
    assert dialog.titleEdit.placeholderText() == "右玉县司法局2026年度行政执法监督工作方案"
    dialog.remarkEdit.setText("报县人民政府备案")
    save(qtbot, dialog)


def test_a_plan_is_drawn_up_filled_in_and_an_item_marked_done(qtbot, page, office):
    assert page.titleLabel.text() == EMPTY_TEXT
    assert not page.addItemButton.isEnabled() and not page.printButton.isEnabled()
    new_plan(qtbot, page)
    assert page.titleLabel.text() == "右玉县司法局2026年度行政执法监督工作方案"
    assert "制定日期：2026-02-10" in page.infoLabel.text()
    assert "备注：报县人民政府备案" in page.infoLabel.text()
    assert (
        page.planList.item(0, 0).text() == "2026年" and page.planList.item(0, 1).text() == "本单位"
    )

    page.addItemButton.click()
    dialog = page.dialog
    assert isinstance(dialog, ItemDialog)
    assert dialog.unitPicker.summaryLabel.text() == "未选择：全部执法单位"
    fill_item(
        dialog, "开展涉企行政执法专项监督检查", date(2026, 3, 1), date(2026, 6, 30), "执法监督股"
    )
    dialog.unitPicker.searchEdit.setText("应急")
    visible = [
        dialog.unitPicker.list.item(n).text()
        for n in range(dialog.unitPicker.list.count())
        if not dialog.unitPicker.list.item(n).isHidden()
    ]
    assert visible == [SAFETY]
    tick(dialog, SAFETY, MARKET)
    assert dialog.unitPicker.summaryLabel.text() == f"已选2个：{MARKET}、{SAFETY}"
    save(qtbot, dialog)
    page.addItemButton.click()
    fill_item(page.dialog, "组织行政执法案卷评查", date(2026, 1, 5), date(2026, 2, 9), "张丽")
    save(qtbot, page.dialog)

    assert rows(page) == [
        ("1", "开展涉企行政执法专项监督检查", f"{MARKET}、{SAFETY}", "3月1日—6月30日",
         "执法监督股", "未开始", ""),
        ("2", "组织行政执法案卷评查", "全部执法单位", "1月5日—2月9日", "张丽", "逾期", ""),
    ]  # fmt: skip
    overdue = page.itemsTable.item(1, 5)
    assert overdue.foreground().color() == OVERDUE_COLOUR and overdue.font().bold()
    assert page.progressLabel.text() == "共2项，已完成0项，完成率0%，逾期1项"
    assert page.planList.item(0, 2).text() == "0/2"

    page.itemsTable.selectRow(1)
    page.doneButton.click()
    dialog = page.dialog
    assert isinstance(dialog, ProgressDialog)
    assert dialog.statusCombo.currentText() == "已完成" and dialog.completedEdit.isEnabled()
    dialog.completedEdit.setDate(QDate(2026, 2, 9))
    dialog.noteEdit.setPlainText("已评查案卷18件")
    save(qtbot, dialog)
    assert rows(page)[1][5:] == ("已完成（2月9日）", "已评查案卷18件")
    assert page.progressLabel.text() == "共2项，已完成1项，完成率50%，逾期0项"
    assert page.planList.item(0, 2).text() == "1/2"
    assert page.itemsTable.selected().content == "组织行政执法案卷评查"  # still selected

    # a cancelled item counts in neither the rate nor the list's 完成 column
    first = page.record.items[0]
    page.plans.set_status(first.id, "cancelled", None, "并入其他工作", first.version)
    page.refresh(select_id=page.record.id)
    assert page.progressLabel.text() == "共2项，已完成1项，完成率100%，逾期0项（已取消1项不计入）"
    assert page.planList.item(0, 2).text() == "1/1"


def test_a_refused_item_is_shown_on_the_dialog_and_nothing_is_added(qtbot, page, office):
    new_plan(qtbot, page)
    before = snapshot(office)
    page.addItemButton.click()
    dialog = page.dialog
    fill_item(dialog, "专项监督", date(2026, 6, 1), date(2026, 5, 1), "执法监督股")
    dialog.okButton.click()
    qtbot.waitUntil(lambda: not dialog.saving and dialog.errorLabel.isVisible(), timeout=5000)
    assert dialog.isVisible()
    assert dialog.errorLabel.text() == (
        "计划结束日期：不能早于开始日期（2026-06-01），实际为 2026-05-01。"
    )
    assert "#b00020" in dialog.labels["时间安排"].styleSheet()
    dialog.contentEdit.setPlainText("")
    dialog.endEdit.setDate(QDate(2026, 7, 1))
    dialog.okButton.click()
    qtbot.waitUntil(lambda: not dialog.saving and "工作内容" in dialog.errorLabel.text())
    assert dialog.errorLabel.text() == "工作内容：不能为空。"
    assert "#b00020" in dialog.labels["工作内容"].styleSheet()
    assert "#b00020" not in dialog.labels["时间安排"].styleSheet()
    assert snapshot(office) == before
    dialog.reject()
    assert rows(page) == []


def test_items_move_and_are_deleted_after_asking(qtbot, page, office, answer):
    plan = office.plans.create(2026)
    for content in ("甲项", "乙项", "丙项"):
        office.plans.add_item(
            plan.id,
            {
                "content": content,
                "planned_start": "2026-03-01",
                "planned_end": "2026-03-31",
                "responsible": "执法监督股",
            },
        )
    page.refresh()
    page.itemsTable.selectRow(0)
    assert not page.upButton.isEnabled() and page.downButton.isEnabled()
    page.downButton.click()
    qtbot.waitUntil(lambda: [r[1] for r in rows(page)] == ["乙项", "甲项", "丙项"], timeout=5000)
    assert page.itemsTable.selected().content == "甲项"
    page.deleteItemButton.click()
    qtbot.waitUntil(lambda: [r[1] for r in rows(page)] == ["乙项", "丙项"], timeout=5000)
    assert answer == ["删除第2项“甲项”？"]
    assert [r[0] for r in rows(page)] == ["1", "2"]
    page.deleteButton.click()
    qtbot.waitUntil(lambda: page.record is None, timeout=5000)
    assert answer[-1] == "删除“右玉县司法局2026年度行政执法监督工作方案”及其2项工作事项？"
    assert page.titleLabel.text() == EMPTY_TEXT and page.planList.rowCount() == 0


def test_a_townships_plan_at_the_county_is_only_to_look_at(qtbot, page, office):
    office.plans.create(2026)
    township_plan(office)
    page.refresh()
    assert page.planList.item(0, 1).text() == "本单位"
    assert page.planList.item(1, 1).text() == TOWN_NAME
    page.planList.selectRow(1)
    assert page.record.office_name == TOWN_NAME
    assert page.readOnlyLabel.isVisible() and page.readOnlyLabel.text() == REFUSAL
    assert "来源单位：右卫镇司法所" in page.infoLabel.text()
    page.itemsTable.selectRow(0)
    for button in (page.editButton, page.deleteButton, page.addItemButton, page.doneButton,
                   page.deleteItemButton, page.upButton, page.downButton):  # fmt: skip
        assert not button.isEnabled() and button.toolTip() == REFUSAL, button.text()
    assert page.printButton.isEnabled()
    assert page.editItemButton.isEnabled() and page.editItemButton.text() == "查看事项"
    page.editItemButton.click()
    dialog = page.dialog
    assert dialog.read_only and not dialog.okButton.isVisible()
    assert not dialog.contentEdit.isEnabled()
    assert dialog.contentEdit.toPlainText() == "督促镇综合行政执法队规范执法程序"
    dialog.reject()


def test_printing_opens_the_letters_preview(qtbot, page, office, letter_test_font, errors):
    for role in ROLES:
        office.letter_fonts.choose(role, letter_test_font)
    office.plans.create(2026)
    page.refresh()
    page.printButton.click()
    qtbot.waitUntil(lambda: isinstance(page.dialog, PreviewDialog), timeout=10000)
    assert errors == []
    assert page.dialog.page_count >= 1
    assert page.dialog.windowTitle() == "预览 — 右玉县司法局2026年度行政执法监督工作方案"
    page.dialog.reject()


# ---------------------------------------------------------------- the reminder


def test_the_reminder_in_the_first_quarter_without_a_plan(qtbot, office, settings):
    dialog = maybe_remind(None, office, settings, date(2026, 2, 10))
    assert isinstance(dialog, PlanReminder)
    qtbot.addWidget(dialog)
    assert dialog.isVisible()
    assert dialog.textLabel.text() == (
        "今年（2026年）尚未制定年度行政执法监督工作方案。按规定应在第一季度制定并报上一级备案。"
    )
    assert (dialog.goButton.text(), dialog.laterButton.text()) == ("去制定", "稍后")
    with qtbot.waitSignal(dialog.openPlans) as opened:
        dialog.goButton.click()
    assert opened.args == [2026] and not dialog.isVisible()


def test_no_reminder_after_march_or_with_a_plan(qtbot, office, settings):
    assert maybe_remind(None, office, settings, date(2026, 4, 1)) is None
    office.plans.create(2026)
    assert maybe_remind(None, office, settings, date(2026, 1, 15)) is None
    # next year has no plan yet
    later = maybe_remind(None, office, settings, date(2027, 1, 4))
    qtbot.addWidget(later)
    assert "今年（2027年）" in later.textLabel.text()


def test_the_reminder_can_be_switched_off_for_the_year(qtbot, office, settings):
    dialog = maybe_remind(None, office, settings, DAY)
    qtbot.addWidget(dialog)
    assert not dialog.stopCheck.isChecked()
    assert dialog.stopCheck.text() == "今年不再提醒"
    dialog.stopCheck.setChecked(True)
    dialog.laterButton.click()
    assert settings.value(remind_key(DAY.year), True, type=bool) is False
    assert maybe_remind(None, office, settings, DAY) is None
    # next year's first quarter reminds again
    later = maybe_remind(None, office, settings, date(DAY.year + 1, 1, 5))
    assert later is not None
    qtbot.addWidget(later)


def test_choosing_another_plan_leaves_no_item_chosen(qtbot, page, office):
    """Buttons act on the item the user chose — never on one that happens to sit in the same
    row of the next plan shown."""
    this_year = office.plans.create(2026)
    last_year = office.plans.create(2025)
    for plan, year in ((this_year, 2026), (last_year, 2025)):
        for n in (1, 2):
            office.plans.add_item(
                plan.id,
                item(
                    content=f"{year}年第{n}项",
                    planned_start=f"{year}-03-01",
                    planned_end=f"{year}-06-30",
                ),
            )
    page.refresh(select_id=this_year.id)
    page.itemsTable.selectRow(1)
    assert page.itemsTable.selected().content == "2026年第2项"
    assert page.doneButton.isEnabled()
    page.refresh(select_id=last_year.id)
    assert page.record.id == last_year.id
    assert page.itemsTable.selected() is None
    assert not page.doneButton.isEnabled() and not page.deleteItemButton.isEnabled()
