"""待处理 in the 单位登记 tab: lapsed certificates, failed law exams, 注销证件."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt

from tests.gui.registry_support import add_person, add_unit, id_number, make_window
from yuyou_desktop.gui.registry import attention_panel as attention_module
from yuyou_desktop.gui.registry.attention_panel import ACTION_COLUMN, AttentionPanel
from yuyou_desktop.gui.registry.registry_tab import ATTENTION
from yuyou_desktop.services.registry.query import ListQuery


@pytest.fixture
def troubles(county):
    """One person whose certificate expired, one who failed this year's law exam."""
    unit = add_unit(county, "右玉县公安局", 1).id
    today = date.today()
    add_person(county, "过期甲", id_number(1), unit)
    add_person(county, "落榜乙", id_number(2), unit)
    save = county.registry.save
    for number, person, valid_to in (
        ("晋T0001", id_number(1), today - timedelta(days=3)),
        ("晋T0002", id_number(2), today + timedelta(days=700)),
    ):
        save(
            "certificates",
            None,
            {
                "person_id_number": person,
                "kind": "行政执法证",
                "number": number,
                "valid_from": date(2020, 1, 1),
                "valid_to": valid_to,
            },
        )
    save(
        "trainings",
        None,
        {
            "person_id_number": id_number(2),
            "year": today.year,
            "course": "公共法律知识考试",
            "law_exam": True,
            "score": 41,
            "result": "未通过",
        },
    )
    return county


def table_rows(table) -> list[list[str]]:
    return [
        [table.item(r, c).text() for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]


def open_panel(qtbot, services, runner) -> AttentionPanel:
    window = make_window(qtbot, services, runner)
    panel = window.registry_tab.show_register(ATTENTION)
    assert isinstance(panel, AttentionPanel)
    qtbot.waitUntil(lambda: panel.findings is not None and not panel.loading, timeout=5000)
    return panel


def test_lists_lapsed_certificates_missing_filings_and_failed_exams(qtbot, troubles, runner):
    panel = open_panel(qtbot, troubles, runner)
    assert panel.year == date.today().year
    filings = table_rows(panel.ui.filingTable)
    assert filings == [["右玉县公安局", "未备案", "", f"{date.today().year}-12-31"]]
    certificates = table_rows(panel.ui.certificateTable)
    assert [row[0] for row in certificates] == ["过期甲"]
    assert "已过期" in certificates[0]
    exams = table_rows(panel.ui.examTable)
    assert exams == [["落榜乙", id_number(2), "右玉县公安局", "未通过", "1 张", "注销证件…"]]
    assert "考试未通过或缺考仍持证 1 人" in panel.ui.summaryLabel.text()


def test_revoke_from_the_exam_list_asks_for_the_reason(qtbot, troubles, runner, monkeypatch):
    asked: list[tuple[str, str]] = []

    def get_text(parent, title, label, echo, text, *args, **kwargs):
        asked.append((label, text))
        return text, True

    monkeypatch.setattr(attention_module.QInputDialog, "getText", get_text)
    panel = open_panel(qtbot, troubles, runner)
    table = panel.ui.examTable
    rect = table.visualItemRect(table.item(0, ACTION_COLUMN))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: table.rowCount() == 0 and not panel.loading, timeout=5000)
    label, default = asked[0]
    assert "落榜乙" in label
    assert default == f"{date.today().year}年度公共法律知识考试未通过"
    assert panel.ui.summaryLabel.text().startswith("已注销落榜乙的 1 张证件。")
    revoked = troubles.registry.list("certificates", ListQuery(search="晋T0002")).rows[0]
    assert revoked.values["status"] == "revoked"
    assert revoked.values["revoke_reason"] == default
    assert revoked.values["revoked_on"] == date.today()
    certificates = [row[0] for row in table_rows(panel.ui.certificateTable)]
    assert sorted(certificates) == ["落榜乙", "过期甲"], "the revoked one is listed too"


def test_a_cancelled_reason_revokes_nothing(qtbot, troubles, runner, monkeypatch):
    monkeypatch.setattr(
        attention_module.QInputDialog, "getText", lambda *args, **kwargs: ("", False)
    )
    panel = open_panel(qtbot, troubles, runner)
    panel.revoke_row(0)
    assert not runner.busy
    row = troubles.registry.list("certificates", ListQuery(search="晋T0002")).rows[0]
    assert row.values["revoked_on"] is None


def test_the_year_selector_looks_at_another_year(qtbot, troubles, runner):
    panel = open_panel(qtbot, troubles, runner)
    panel.ui.yearSpin.setValue(date.today().year - 1)
    qtbot.waitUntil(lambda: panel.findings.year == date.today().year - 1, timeout=5000)
    qtbot.waitUntil(lambda: not panel.loading, timeout=5000)
    exams = table_rows(panel.ui.examTable)
    assert [row[0] for row in exams] == ["落榜乙"] and exams[0][3] == "无考试记录"
