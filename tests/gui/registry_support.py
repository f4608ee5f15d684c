"""Helpers for the 单位登记 GUI tests: the real main window, records made through the service."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QTableView

from yuyou_desktop.domain.credit_code import check_character as credit_check
from yuyou_desktop.domain.id_number import check_character as id_check
from yuyou_desktop.gui.app import window_settings
from yuyou_desktop.gui.main_window import MainWindow


def credit_code(n: int) -> str:
    first17 = f"11140623{n:09d}"
    return first17 + credit_check(first17)


def id_number(n: int, born: str = "19800101") -> str:
    first17 = f"140623{born}{n % 1000:03d}"
    return first17 + id_check(first17)


def add_unit(services, name: str, n: int, kind: str = "法定行政机关", level: str = "县级"):
    return services.registry.save(
        "units",
        None,
        {
            "name": name,
            "credit_code": credit_code(n),
            "kind": kind,
            "level": level,
            "status": "正常",
        },
    )


def add_person(services, name: str, number: str, unit: str | None = None, role="执法人员"):
    return services.registry.save(
        "people", None, {"name": name, "id_number": number, "role": role, "unit": unit or ""}
    )


def make_window(qtbot, services, runner) -> MainWindow:
    window = MainWindow(
        services.paths,
        services.resources,
        services.office.current(),
        runner,
        window_settings(services.paths),
    )
    qtbot.addWidget(window)
    window.resize(1200, 760)
    window.show()
    window.attach(services)
    qtbot.waitUntil(lambda: "统计中" not in window.countsLabel.text(), timeout=5000)
    return window


def column_texts(table: QTableView, column: int) -> list[str]:
    model = table.model()
    return [model.index(row, column).data() for row in range(model.rowCount())]


def column_of(view, key: str) -> int:
    return [f.key for f in view.spec.fields].index(key)


def click_header(qtbot, table: QTableView, column: int) -> None:
    header = table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))


def double_click_row(qtbot, table: QTableView, row: int) -> None:
    rect = table.visualRect(table.model().index(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def type_text(qtbot, edit, text: str) -> None:
    """Type into a line edit.  QTest cannot send non-ASCII keys, so Chinese is committed the
    way an input method does, one character at a time."""
    for ch in text:
        if ch.isascii():
            qtbot.keyClicks(edit, ch)
        else:
            edit.insert(ch)
