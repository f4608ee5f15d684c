"""Shared set-up of the 检查记录 tab tests: the demonstration data loaded as of a fixed day and
services whose today is that day (the demo dates are relative to the day of loading), the
tab or the list built directly, and answers to the modal dialogs they open."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog

from yuyou_desktop.gui.inspections import pickers as pickers_module
from yuyou_desktop.gui.inspections.inspections_tab import InspectionsTab
from yuyou_desktop.services import Services
from yuyou_desktop.services.demo import DemoService
from yuyou_desktop.services.inspections.leads import LeadService
from yuyou_desktop.services.inspections.records import InspectionQuery, InspectionRow
from yuyou_desktop.services.inspections.service import InspectionService
from yuyou_desktop.services.inspections.summary import InspectionSummaryService
from yuyou_desktop.services.inspections.todo import TodoService

DAY = date(2026, 6, 15)
DEMO_INSPECTIONS = 62  # resources/demo/inspections.json


def on_day(services: Services, day: date = DAY) -> Services:
    """``services`` (an initialised office) with every date-dependent service's today ``day``
    and the demonstration data loaded as of ``day``."""

    def today() -> date:
        return day

    db = services.database
    fixed = replace(
        services,
        demo=DemoService(db, services.resources, today=today),
        inspections=InspectionService(
            db, services.settings, services.office, services.paths.attachments, today=today
        ),
        leads=LeadService(db, today=today),
        todo=TodoService(db, services.settings, today=today),
        inspection_summary=InspectionSummaryService(db, services.office, today=today),
    )
    fixed.demo.load()
    return fixed


def tab_settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "gui.ini"), QSettings.Format.IniFormat)


def make_tab(qtbot: Any, services: Services, runner: Any, settings: QSettings) -> InspectionsTab:
    tab = InspectionsTab(services, runner, settings, today=lambda: DAY)
    qtbot.addWidget(tab)
    tab.resize(1280, 800)
    tab.show()
    qtbot.waitUntil(lambda: tab.todo.todo is not None, timeout=5000)
    return tab


def every_row(services: Services) -> tuple[InspectionRow, ...]:
    """Every live inspection as the service lists it unfiltered."""
    page = services.inspections.list(InspectionQuery(limit=1000))
    assert page.total == len(page.rows)
    return page.rows


def shown_rows(view: Any) -> list[InspectionRow]:
    return [view.model.row_at(n) for n in range(view.model.rowCount())]


def choose(combo: Any, text: str) -> None:
    index = combo.findText(text)
    assert index >= 0, text
    combo.setCurrentIndex(index)


def answer_pickers(monkeypatch: Any, *searches: str) -> list[str]:
    """Each ``PickerDialog.exec()`` searches for the next of ``searches`` and chooses the first
    match that can be chosen (as a user typing and pressing 选择).  Returns the titles shown."""
    queue = list(searches)
    titles: list[str] = []

    def exec_(self: Any) -> QDialog.DialogCode:
        titles.append(self.windowTitle())
        self.searchEdit.setText(queue.pop(0))
        self.search()
        self.accept()
        return QDialog.DialogCode.Accepted if self.chosen else QDialog.DialogCode.Rejected

    monkeypatch.setattr(pickers_module.PickerDialog, "exec", exec_)
    return titles
