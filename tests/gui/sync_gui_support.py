"""Pieces of the 数据同步 tab tests: a county and a township on real databases in the test's
folder, message and file dialogs replaced, keys enrolled through the GUI dialog, files dropped
on the tab, and what a table shows."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QTableWidget

from tests.conftest import TOWNSHIP
from tests.gui.registry_support import credit_code
from yuyou_desktop.__main__ import build_services
from yuyou_desktop.gui.sync import (
    conflicts_panel,
    export_panel,
    import_panel,
    keys_panel,
    peers_panel,
)
from yuyou_desktop.gui.sync.sync_tab import SyncTab
from yuyou_desktop.paths import DataPaths
from yuyou_desktop.services import Services

MODULES = (conflicts_panel, export_panel, import_panel, keys_panel, peers_panel)
COUNTY_NAME = "右玉县司法局"
TOWN_NAME = TOWNSHIP["name"]
TOWN_CODE = TOWNSHIP["code"]


@dataclass
class Boxes:
    """What the message boxes said; ``answer`` is given to every question.  ``save``,
    ``open`` and ``opens`` are what the file dialogs return (a dialog not provided for fails
    the test)."""

    errors: list[str] = field(default_factory=list)
    infos: list[str] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    answer: QMessageBox.StandardButton = QMessageBox.StandardButton.Yes
    save: list[Path] = field(default_factory=list)
    open: list[Path] = field(default_factory=list)
    opens: list[list[Path]] = field(default_factory=list)
    suggested: list[str] = field(default_factory=list)


def record_boxes(monkeypatch) -> Boxes:
    boxes = Boxes()

    def error(parent, title, exc) -> None:
        boxes.errors.append(getattr(exc, "message", repr(exc)))

    def info(parent, title, text, *args, **kwargs):
        boxes.infos.append(text)
        return QMessageBox.StandardButton.Ok

    def question(parent, title, text, *args, **kwargs):
        boxes.questions.append(text)
        return boxes.answer

    def dialog(queue: list):
        def answer(parent, caption, start="", filters="", *args, **kwargs):
            boxes.suggested.append(start)
            assert queue, f"an unexpected file dialog: {caption}"
            chosen = queue.pop(0)
            if isinstance(chosen, list):
                return [str(p) for p in chosen], filters
            return str(chosen), filters

        return answer

    for module in MODULES:
        monkeypatch.setattr(module, "show_error", error)
    monkeypatch.setattr(QMessageBox, "information", info)
    monkeypatch.setattr(QMessageBox, "question", question)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", dialog(boxes.save))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", dialog(boxes.open))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", dialog(boxes.opens))
    return boxes


@contextmanager
def township_services(folder: Path) -> Iterator[Services]:
    services = build_services(DataPaths(folder))
    services.office.initialize(
        TOWNSHIP["role"], TOWNSHIP["code"], TOWNSHIP["name"], TOWNSHIP["prefix"]
    )
    try:
        yield services
    finally:
        services.database.close()


def make_tab(qtbot, services: Services, runner, settings_file: Path) -> SyncTab:
    settings = QSettings(str(settings_file), QSettings.Format.IniFormat)
    tab = SyncTab(services, runner, settings)
    qtbot.addWidget(tab)
    tab.resize(1280, 760)
    tab.show()
    return tab


def exchange_keys_by_service(county: Services, town: Services, folder: Path) -> None:
    """Keys exchanged without the GUI (for tests about something else)."""
    county_key = county.sync_keys.export_public(folder / "county.key.json")
    town_key = town.sync_keys.export_public(folder / "town.key.json")
    county.sync_keys.trust(TOWN_CODE, TOWN_NAME, town_key)
    town.sync_keys.trust("140623", COUNTY_NAME, county_key)


def add_unit(services: Services, name: str, n: int, level: str = "乡镇") -> str:
    values = {
        "name": name,
        "credit_code": credit_code(n),
        "kind": "法定行政机关",
        "level": level,
        "status": "正常",
    }
    return services.registry.save("units", None, values).id


def edit_unit(services: Services, record_id: str, **changes: Any) -> None:
    row = services.registry.get("units", record_id)
    values = {key: row.values[key] for key in ("name", "credit_code", "sector", "phone")}
    values |= {"kind": "法定行政机关", "level": "县级", "status": "正常", **changes}
    services.registry.save("units", record_id, values, row.version)


def unit_names(services: Services) -> list[str]:
    return sorted(row.values["name"] for row in services.registry.list("units").rows)


# ---------------------------------------------------------------- the GUI


def texts(table: QTableWidget, column: str) -> list[str]:
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    c = headers.index(column)
    return [table.item(r, c).text() for r in range(table.rowCount())]


def rows(table: QTableWidget) -> list[tuple[str, ...]]:
    return [
        tuple(table.item(r, c).text() for c in range(table.columnCount()))
        for r in range(table.rowCount())
    ]


def colour(table: QTableWidget, row: int, column: int) -> str:
    return table.item(row, column).foreground().color().name()


def red() -> str:
    return QColor(conflicts_panel.RED).name()


def wait_for_reports(qtbot, tab: SyncTab, count: int) -> None:
    qtbot.waitUntil(lambda: not tab.imports.runner.busy, timeout=10000)
    assert tab.imports.reportTable.rowCount() == count, rows(tab.imports.reportTable)


def drop_files(tab: SyncTab, paths: Sequence[Path]) -> bool:
    """Drag files over the tab and drop them, as a file manager does; returns whether the
    tab accepted the drag."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    pos = QPointF(tab.width() / 2, tab.height() / 2)
    action, button, none = (
        Qt.DropAction.CopyAction,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    enter = QDragEnterEvent(pos.toPoint(), action, mime, button, none)
    QApplication.sendEvent(tab, enter)
    if not enter.isAccepted():
        return False
    QApplication.sendEvent(tab, QDropEvent(pos, action, mime, button, none))
    return True


def enrol(qtbot, tab: SyncTab, boxes: Boxes, key_file: Path, code: str, name: str) -> None:
    """登记单位公钥… as a clerk does it: open the dialog, choose the file, compare, confirm."""
    tab.keys.enrolButton.click()
    dialog = tab.keys.dialog
    assert dialog is not None and dialog.isVisible()
    boxes.open.append(key_file)
    dialog.chooseButton.click()
    dialog.codeEdit.setText(code)
    dialog.nameEdit.setText(name)
    assert dialog.confirmButton.isEnabled()
    dialog.confirmButton.click()
    assert not dialog.isVisible(), dialog.errorLabel.text()


# ---------------------------------------------------------------- the database, whole


def dump(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, read through a separate read-only connection."""
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {
            name: sorted(conn.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr)
            for name in sorted(names)
        }
