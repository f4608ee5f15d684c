"""The 单位登记 tab on a real database: browsing, search, filters, sorting, paging, settings."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage

from tests.gui.registry_support import (
    add_person,
    add_unit,
    click_header,
    column_of,
    column_texts,
    id_number,
    make_window,
    type_text,
)
from yuyou_desktop.gui.registry.presentation import RED
from yuyou_desktop.gui.registry.register_view import RegisterView
from yuyou_desktop.gui.registry.registry_tab import ATTENTION, RegistryTab
from yuyou_desktop.gui.registry.table_model import PAGE_SIZE
from yuyou_desktop.storage.changes import insert_synced
from yuyou_desktop.storage.models import Person


@pytest.fixture
def people(county):
    """Three units and five people with known names."""
    units = {
        name: add_unit(county, name, n).id
        for n, name in enumerate(("右玉县公安局", "右玉县林业局", "右玉县水利局"), start=1)
    }
    for n, (name, unit, role) in enumerate(
        (
            ("张三", "右玉县公安局", "执法人员"),
            ("李四", "右玉县林业局", "执法人员"),
            ("王五", "右玉县林业局", "监督人员"),
            ("赵六", "右玉县水利局", "联络员"),
            ("张小明", "右玉县水利局", "执法人员"),
        ),
        start=1,
    ):
        add_person(county, name, id_number(n), units[unit], role)
    return county


def people_view(qtbot, services, runner) -> RegisterView:
    window = make_window(qtbot, services, runner)
    tab = window.registry_tab
    assert isinstance(tab, RegistryTab)
    view = tab.show_register("people")
    assert isinstance(view, RegisterView)
    return view


def test_the_registry_tab_replaces_the_placeholder_and_lists_every_register(qtbot, county, runner):
    window = make_window(qtbot, county, runner)
    tab = window.ui.tabs.widget(0)
    assert tab is window.registry_tab and window.ui.tabs.tabText(0) == "单位登记"
    entries = [tab.ui.registerList.item(i).text() for i in range(tab.ui.registerList.count())]
    assert entries == [
        "待处理",
        "行政执法主体",
        "监督机构备案",
        "人员",
        "证件",
        "培训考核",
        "执法事项清单",
        "监督联系点",
        "检查对象",
    ]
    assert tab.current_name == "units", "the first start opens the enforcement units"


def test_table_shows_records_labels_and_the_total(qtbot, people, runner):
    view = people_view(qtbot, people, runner)
    table = view.ui.table
    headers = [table.model().headerData(c, Qt.Orientation.Horizontal) for c in range(8)]
    assert headers[:4] == ["姓名", "身份证号", "人员类别", "所属单位"]
    assert view.ui.countLabel.text() == "共 5 条"
    assert sorted(column_texts(table, 0)) == sorted(["张三", "李四", "王五", "赵六", "张小明"])
    roles = dict(zip(column_texts(table, 0), column_texts(table, 2), strict=True))
    assert roles["王五"] == "监督人员" and roles["赵六"] == "联络员", "enum labels, not values"
    units = dict(zip(column_texts(table, 0), column_texts(table, 3), strict=True))
    assert units["张三"] == "右玉县公安局"


def test_typing_in_the_search_box_narrows_after_a_short_pause(qtbot, people, runner):
    view = people_view(qtbot, people, runner)
    type_text(qtbot, view.ui.searchEdit, "张")
    assert view.model.total == 5, "no query on every key stroke: the search waits"
    qtbot.waitUntil(lambda: view.model.total == 2, timeout=2000)
    assert sorted(column_texts(view.ui.table, 0)) == ["张三", "张小明"]
    assert view.ui.countLabel.text() == "共 2 条（已筛选）"
    view.ui.searchEdit.clear()
    type_text(qtbot, view.ui.searchEdit, id_number(4)[-6:])  # part of an ID number
    qtbot.waitUntil(lambda: view.model.total == 1, timeout=2000)
    assert column_texts(view.ui.table, 0) == ["赵六"]
    view.ui.searchEdit.clear()
    type_text(qtbot, view.ui.searchEdit, "林业")  # the unit's name
    qtbot.waitUntil(lambda: view.model.total == 2, timeout=2000)


def test_header_click_sorts_in_sql_both_ways(qtbot, people, runner):
    view = people_view(qtbot, people, runner)
    table = view.ui.table
    column = column_of(view, "id_number")
    click_header(qtbot, table, column)
    first = column_texts(table, column)
    assert view.model.sort_key == "id_number"
    click_header(qtbot, table, column)
    second = column_texts(table, column)
    assert {view.model.descending, not view.model.descending} == {True, False}
    assert first[0] != second[0]
    ascending = first if first[0] < second[0] else second
    assert ascending == sorted(ascending) and ascending[0] == id_number(1)
    descending = second if ascending is first else first
    assert descending[0] == id_number(5)


def test_a_column_computed_outside_sql_keeps_the_current_sort(qtbot, county_demo, runner):
    window = make_window(qtbot, county_demo, runner)
    view = window.registry_tab.show_register("filings")
    before = (view.model.sort_key, view.model.descending)
    click_header(qtbot, view.ui.table, column_of(view, "filing_status"))
    assert (view.model.sort_key, view.model.descending) == before
    assert view.ui.table.horizontalHeader().sortIndicatorSection() == column_of(view, "year")


def test_filter_combos_narrow_by_kind_and_unit(qtbot, people, runner):
    view = people_view(qtbot, people, runner)
    role = view.filter_combos["role"]
    assert role.itemText(0) == "全部"
    role.setCurrentIndex(role.findText("执法人员"))
    assert view.model.total == 3
    unit = view.filter_combos["unit"]
    assert [unit.itemText(i) for i in range(unit.count())] == [
        "全部",
        *sorted(["右玉县公安局", "右玉县林业局", "右玉县水利局"]),
    ]
    unit.setCurrentIndex(unit.findText("右玉县林业局"))
    assert column_texts(view.ui.table, 0) == ["李四"]
    assert view.ui.countLabel.text() == "共 1 条（已筛选）"
    role.setCurrentIndex(0)
    assert sorted(column_texts(view.ui.table, 0)) == ["李四", "王五"]


def test_status_columns_are_coloured(qtbot, county_demo, runner):
    window = make_window(qtbot, county_demo, runner)
    view = window.registry_tab.show_register("certificates")
    status = view.filter_combos["status"]
    status.setCurrentIndex(status.findText("已过期"))
    assert view.model.total > 0
    index = view.model.index(0, column_of(view, "status"))
    assert index.data() == "已过期"
    assert index.data(Qt.ItemDataRole.ForegroundRole) == QColor(RED)


def test_the_model_fetches_more_rows_as_the_view_scrolls(qtbot, county, runner):
    rows = [
        {"name": f"测试{n:04d}", "id_number": f"1406231980{n:08d}", "role": "enforcement"}
        for n in range(PAGE_SIZE * 2 + 50)
    ]
    with county.database.writer() as session:
        insert_synced(session, Person, rows)
    view = people_view(qtbot, county, runner)
    model = view.model
    assert model.total == len(rows)
    assert model.rowCount() == PAGE_SIZE
    assert model.canFetchMore()
    view.ui.table.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() > PAGE_SIZE, timeout=2000)
    assert model.rowCount() == PAGE_SIZE * 2
    far = model.row_at(PAGE_SIZE + 50).id
    view.refresh(keep=far)  # as after an edit: the loaded rows stay, the record stays chosen
    assert model.rowCount() == PAGE_SIZE * 2 and view.selected_id() == far
    model.fetchMore()
    assert model.rowCount() == len(rows) and not model.canFetchMore()
    assert len(set(column_texts(view.ui.table, 0))) == len(rows), "no row twice"
    assert view.ui.countLabel.text() == f"共 {len(rows)} 条"


def test_register_choice_and_column_widths_are_remembered(qtbot, people, runner):
    window = make_window(qtbot, people, runner)
    view = window.registry_tab.show_register("people")
    view.ui.table.horizontalHeader().resizeSection(0, 222)
    window.close()
    again = make_window(qtbot, people, runner)
    assert again.registry_tab.current_name == "people"
    reopened = again.registry_tab.views["people"]
    assert reopened.ui.table.horizontalHeader().sectionSize(0) == 222
    assert set(again.registry_tab.views) == {"people"}, "other registers are built when shown"


def test_screenshot_of_the_tab_renders(qtbot, county_demo, runner, tmp_path: Path):
    window = make_window(qtbot, county_demo, runner)
    tab = window.registry_tab
    for name in ("units", "certificates", ATTENTION):
        tab.show_register(name)
        png = tmp_path / f"{name}.png"
        assert tab.grab().save(str(png))
        image = QImage(str(png))
        assert not image.isNull() and image.width() > 600 and image.height() > 300
