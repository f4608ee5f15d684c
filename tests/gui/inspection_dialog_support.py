"""Helpers of the inspection dialog tests: the list view on the demonstration registers as of
DAY, a clerk's hand for the pickers and the small modal dialogs, and filling the form."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox

from tests.gui.registry_support import type_text
from tests.integration.inspection_support import (
    DAY,
    UNIT,
    inspection_service,
    load_demo_on,
    state,
)
from yuyou_desktop.gui.inspections import attachments_panel as attachments_module
from yuyou_desktop.gui.inspections import inspection_dialog as dialog_module
from yuyou_desktop.gui.inspections import list_view as list_view_module
from yuyou_desktop.gui.inspections.inspection_dialog import InspectionDialog
from yuyou_desktop.gui.inspections.list_view import InspectionListView
from yuyou_desktop.gui.inspections.pickers import PickerDialog
from yuyou_desktop.gui.inspections.problem_dialog import ProblemDialog
from yuyou_desktop.services.inspections.records import InspectionRecord

NUMBER_PREFIX = "右司监检"  # the county's 机关代字 右司监 + 检 (inspections.number_prefix unset)
CERTIFIED = ("曾桂兰", "邓红梅")  # 监督证 valid all through 2026
INVITED = "萧红梅"  # 特邀行政执法监督员
QUIET_DAY = date(2026, 6, 10)  # in the default quiet window (days 1–20)
OPEN_DAY = date(2026, 6, 25)


def demo_services(county: Any) -> Any:
    """The demonstration registers as of DAY (no inspections yet); the inspection service's
    today is DAY, so certificate states and 逾期 are fixed."""
    load_demo_on(county)
    return replace(county, inspections=inspection_service(county))


def make_view(qtbot: Any, services: Any, runner: Any) -> InspectionListView:
    view = InspectionListView(services, runner, today=lambda: DAY)
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    return view


def choose(combo: Any, text: str) -> None:
    index = combo.findText(text)
    assert index >= 0, text
    combo.setCurrentIndex(index)


def set_start(dialog: InspectionDialog, day: date, start: str = "09:00", end: str = "11:30"):
    form = dialog.form
    for edit, at in ((form.startEdit, start), (form.endEdit, end)):
        hour, minute = (int(part) for part in at.split(":"))
        edit.setDateTime(QDateTime(QDate(day.year, day.month, day.day), QTime(hour, minute)))


def click(qtbot: Any, widget: Any) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


class Picks:
    """Stands in for the clerk at every PickerDialog: ``queue`` holds, per picker opened, the
    names (first column) to choose.  The real picker searches and marks who cannot be chosen;
    each row seen is kept in ``seen`` as {name: 说明}.  Rows are ctrl-clicked, then 选择."""

    def __init__(self, monkeypatch: Any, qtbot: Any) -> None:
        self.queue: list[tuple[str, ...]] = []
        self.seen: list[dict[str, str]] = []
        self.titles: list[str] = []
        self.chose: list[bool] = []
        qtbot_ = qtbot

        def exec_(picker: PickerDialog) -> int:
            assert self.queue, f"unexpected picker “{picker.windowTitle()}”"
            wanted = self.queue.pop(0)
            picker.show()
            table = picker.table
            last = table.columnCount() - 1
            rows = {table.item(r, 0).text(): r for r in range(table.rowCount())}
            self.titles.append(picker.windowTitle())
            self.seen.append({name: table.item(r, last).text() for name, r in rows.items()})
            table.clearSelection()
            for name in wanted:
                item = table.item(rows[name], 0)
                table.scrollToItem(item)
                qtbot_.mouseClick(
                    table.viewport(),
                    Qt.MouseButton.LeftButton,
                    Qt.KeyboardModifier.ControlModifier,
                    table.visualItemRect(item).center(),
                )
            ok = picker.buttons.button(QDialogButtonBox.StandardButton.Ok)
            self.chose.append(ok.isEnabled())
            qtbot_.mouseClick(ok, Qt.MouseButton.LeftButton)
            if picker.isVisible():  # nothing choosable: the clerk gives up
                picker.reject()
            return picker.result()

        monkeypatch.setattr(PickerDialog, "exec", exec_)


class Modal:
    """Stands in for the clerk at a small modal dialog class: each ``exec`` runs the next
    action on the shown dialog (fill in, press OK); a dialog still open afterwards is
    cancelled.  The dialogs are kept in ``dialogs``."""

    def __init__(self, monkeypatch: Any, cls: type[QDialog]) -> None:
        self.actions: list[Callable[[Any], None]] = []
        self.dialogs: list[Any] = []

        def exec_(dialog: Any) -> int:
            assert self.actions, f"unexpected dialog “{dialog.windowTitle()}”"
            self.dialogs.append(dialog)
            dialog.show()
            self.actions.pop(0)(dialog)
            if dialog.isVisible():
                dialog.reject()
            return dialog.result()

        monkeypatch.setattr(cls, "exec", exec_)


def fill_problem(
    qtbot: Any,
    category: str,
    description: str,
    deadline: date | None,
    status: str = "待整改",
) -> Callable[[ProblemDialog], None]:
    def act(dialog: ProblemDialog) -> None:
        if category:
            choose(dialog.categoryCombo, category)
        dialog.descriptionEdit.setPlainText(description)
        if deadline is not None:
            dialog.deadlineEdit.check.setChecked(True)
            dialog.deadlineEdit.date.setDate(QDate(deadline.year, deadline.month, deadline.day))
        choose(dialog.statusCombo, status)
        click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))

    return act


def fill_basics(
    qtbot: Any,
    dialog: InspectionDialog,
    day: date,
    kind: str = "常态化监督",
    place: str = "县市场监督管理局执法大队",
) -> None:
    form = dialog.form
    choose(form.kindCombo, kind)
    choose(form.areaCombo, "食品药品")
    choose(form.unitCombo, UNIT)
    set_start(dialog, day)
    form.placeEdit.clear()
    type_text(qtbot, form.placeEdit, place)
    type_text(qtbot, form.recorderEdit, "曾桂兰")
    form.basisEdit.setPlainText("《山西省行政执法条例》")
    form.findingsEdit.setPlainText("抽查行政处罚案卷5卷，其中1卷未送达告知书。")
    form.conclusionEdit.setPlainText("基本规范。")


def add_supervisors(qtbot: Any, dialog: InspectionDialog, picks: Picks, *names: str) -> None:
    picks.queue.append(names)
    click(qtbot, dialog.supervisors.addButton)


def add_invited(qtbot: Any, dialog: InspectionDialog, picks: Picks, *names: str) -> None:
    picks.queue.append(names)
    click(qtbot, dialog.supervisors.addInvitedButton)


def choose_enterprise(qtbot: Any, dialog: InspectionDialog, picks: Picks, name: str) -> None:
    picks.queue.append((name,))
    click(qtbot, dialog.form.chooseEnterpriseButton)


def press_save(qtbot: Any, dialog: Any) -> None:
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: not dialog.saving, timeout=5000)


def supervisor_names(dialog: InspectionDialog) -> list[str]:
    table = dialog.supervisors.table
    return [table.item(row, 0).text() for row in range(table.rowCount())]


def at(day: date, clock: str) -> datetime:
    hour, minute = (int(part) for part in clock.split(":"))
    return datetime(day.year, day.month, day.day, hour, minute)


def record_messages(monkeypatch: Any) -> list[str]:
    """Message boxes (the warnings after saving, refused attachments, list errors) recorded
    instead of blocking."""
    shown: list[str] = []

    def warning(parent: Any, title: str, text: str, *args: Any, **kwargs: Any) -> Any:
        shown.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(dialog_module.QMessageBox, "warning", warning)
    for module in (attachments_module, list_view_module):
        monkeypatch.setattr(module, "show_error", lambda p, t, exc: shown.append(exc.message))
    return shown


def new_dialog(
    qtbot: Any,
    view: InspectionListView,
    picks: Picks,
    day: date = DAY,
    supervisors: tuple[str, ...] = CERTIFIED,
) -> InspectionDialog:
    """新增检查… with the basics filled in and ``supervisors`` picked."""
    click(qtbot, view.addButton)
    dialog = view.dialog
    assert dialog is not None and dialog.isVisible()
    fill_basics(qtbot, dialog, day)
    if supervisors:
        add_supervisors(qtbot, dialog, picks, *supervisors)
    return dialog


def refused(qtbot: Any, services: Any, dialog: InspectionDialog, *messages: str) -> None:
    """保存 is refused: the dialog stays open showing every part of the message, and nothing
    at all was written."""
    before = state(services)
    press_save(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.errorLabel.isVisible()
    for message in messages:
        assert message in dialog.errorLabel.text()
    assert state(services) == before


def saved(qtbot: Any, dialog: InspectionDialog) -> InspectionRecord:
    """保存 succeeds: the dialog closes; returns the record it saved."""
    with qtbot.waitSignal(dialog.saved, timeout=5000) as signal:
        click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5000)
    return signal.args[0]
