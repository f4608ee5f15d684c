"""The list of 检查记录 (InspectionListView) on the demonstration data: filters, sorting by a
header, delete with confirmation and 导出列表 — real widgets, real services, a temporary data
folder.  What the list shows is compared with the service's own count for the same query and
with an independent look at the unfiltered rows."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QMessageBox

from tests.gui.inspections_tab_support import (
    DAY,
    DEMO_INSPECTIONS,
    answer_pickers,
    choose,
    every_row,
    on_day,
    shown_rows,
)
from tests.gui.registry_support import click_header, column_texts, type_text
from yuyou_desktop.errors import YuyouError
from yuyou_desktop.gui.inspections import list_view as list_view_module
from yuyou_desktop.gui.inspections.list_view import InspectionListView
from yuyou_desktop.services.inspections.records import InspectionQuery, InspectionRow

NUMBER, DAY_COLUMN, TIME, KIND, AREA, UNIT, ENTERPRISE = 0, 1, 2, 3, 4, 5, 6
PROBLEMS, OPEN, OVERDUE = 8, 9, 10
SHEEP = "右玉某羊肉食品有限公司（演示）"
SHEEP_CODE = "91140623MA0000001A"


@pytest.fixture
def demo(county):
    return on_day(county)


@pytest.fixture
def view(qtbot, demo, runner) -> InspectionListView:
    widget = InspectionListView(demo, runner, lambda: DAY)
    qtbot.addWidget(widget)
    widget.resize(1280, 760)
    widget.show()
    return widget


@pytest.fixture
def errors(monkeypatch):
    shown: list[tuple[str, BaseException]] = []
    monkeypatch.setattr(
        list_view_module, "show_error", lambda parent, title, exc: shown.append((title, exc))
    )
    return shown


@pytest.fixture
def informed(monkeypatch):
    shown: list[tuple[str, str]] = []

    def information(parent, title, text, *args, **kwargs):
        shown.append((title, text))
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(list_view_module.QMessageBox, "information", information)
    return shown


def check_narrowed(
    view: InspectionListView,
    every: tuple[InspectionRow, ...],
    keep: Callable[[InspectionRow], bool],
    **query: object,
) -> list[InspectionRow]:
    """The list shows exactly the rows ``keep`` picks from the unfiltered list, as many as the
    service counts for ``query``, and the count label says so."""
    total = view.inspections.list(InspectionQuery(**query)).total  # type: ignore[arg-type]
    shown = shown_rows(view)
    assert {r.id for r in shown} == {r.id for r in every if keep(r)}
    assert len(shown) == total == view.model.total
    assert 0 < total < len(every), "the filter narrows the list, not to nothing"
    assert view.countLabel.text() == f"共 {total} 条（已筛选）"
    return shown


def check_everything(view: InspectionListView) -> None:
    assert view.model.rowCount() == DEMO_INSPECTIONS
    assert view.countLabel.text() == f"共 {DEMO_INSPECTIONS} 条"


# ---------------------------------------------------------------- filters


def test_kind_area_unit_and_status_filters_narrow_the_list(qtbot, view, demo):
    every = every_row(demo)
    check_everything(view)
    bar = view.filters

    choose(bar.kindCombo, "专项监督")
    check_narrowed(view, every, lambda r: r.kind.label == "专项监督", kind="专项监督")
    assert set(column_texts(view.table, KIND)) == {"专项监督"}
    choose(bar.kindCombo, "全部")
    check_everything(view)

    choose(bar.areaCombo, "安全生产")
    check_narrowed(view, every, lambda r: r.focus_area.label == "安全生产", focus_area="安全生产")
    assert set(column_texts(view.table, AREA)) == {"安全生产"}
    choose(bar.areaCombo, "全部")

    choose(bar.unitCombo, "右玉县水利局")
    unit_id = bar.unitCombo.currentData()
    check_narrowed(view, every, lambda r: r.unit_name == "右玉县水利局", unit_id=unit_id)
    assert set(column_texts(view.table, UNIT)) == {"右玉县水利局"}
    choose(bar.unitCombo, "全部")

    statuses: dict[str, Callable[[InspectionRow], bool]] = {
        "有逾期问题": lambda r: r.overdue_problems > 0,
        "有未整改问题": lambda r: r.open_problems > 0,
        "问题已全部整改": lambda r: r.problems > 0 and r.open_problems == 0,
        "未发现问题": lambda r: r.problems == 0,
    }
    for label, keep in statuses.items():
        choose(bar.statusCombo, label)
        check_narrowed(view, every, keep, status=bar.statusCombo.currentData())
    choose(bar.statusCombo, "有逾期问题")
    assert "" not in column_texts(view.table, OVERDUE), "every row shows its overdue problems"
    assert view.model.index(0, OVERDUE).data(Qt.ItemDataRole.ForegroundRole).name() == "#b00020"

    # filters combine: 涉企行政执法监督 with overdue problems
    choose(bar.kindCombo, "涉企行政执法监督")
    check_narrowed(
        view,
        every,
        lambda r: r.kind.label == "涉企行政执法监督" and r.overdue_problems > 0,
        kind="涉企行政执法监督",
        status="overdue",
    )

    with_filters = view.countLabel.text()
    qtbot.mouseClick(bar.resetButton, Qt.MouseButton.LeftButton)
    check_everything(view)
    assert with_filters != view.countLabel.text()
    assert bar.kindCombo.currentText() == bar.statusCombo.currentText() == "全部"


def test_date_range_enterprise_and_search_narrow_the_list(qtbot, view, demo, monkeypatch):
    every = every_row(demo)
    bar = view.filters
    assert not bar.fromDate.edit.isEnabled(), "unticked: no bound"
    bar.fromDate.check.setChecked(True)  # starts at the first of this month
    check_narrowed(
        view,
        every,
        lambda r: r.started_at.date() >= DAY.replace(day=1),
        date_from=DAY.replace(day=1),
    )
    start, end = DAY - timedelta(days=60), DAY - timedelta(days=20)
    bar.fromDate.edit.setDate(QDate(start.year, start.month, start.day))
    bar.toDate.check.setChecked(True)
    bar.toDate.edit.setDate(QDate(end.year, end.month, end.day))
    check_narrowed(
        view, every, lambda r: start <= r.started_at.date() <= end, date_from=start, date_to=end
    )
    days = column_texts(view.table, DAY_COLUMN)
    assert min(days) >= start.isoformat() and max(days) == end.isoformat(), "bounds inclusive"
    bar.fromDate.check.setChecked(False)
    bar.toDate.check.setChecked(False)
    check_everything(view)

    titles = answer_pickers(monkeypatch, "羊肉")
    qtbot.mouseClick(bar.enterpriseButton, Qt.MouseButton.LeftButton)
    assert titles == ["按企业筛选"]
    assert bar.enterpriseButton.text() == SHEEP and bar.clearEnterprise.isEnabled()
    check_narrowed(
        view, every, lambda r: r.enterprise_name == SHEEP, enterprise_id=bar.enterprise_id
    )
    assert set(column_texts(view.table, ENTERPRISE)) == {SHEEP}
    qtbot.mouseClick(bar.clearEnterprise, Qt.MouseButton.LeftButton)
    assert bar.enterpriseButton.text() == "全部"
    check_everything(view)

    # the search starts by itself shortly after typing: a credit code finds its enterprise
    type_text(qtbot, bar.searchEdit, SHEEP_CODE)
    qtbot.waitUntil(lambda: view.model.rowCount() < DEMO_INSPECTIONS, timeout=3000)
    check_narrowed(view, every, lambda r: r.enterprise_name == SHEEP, search=SHEEP_CODE)
    choose(bar.kindCombo, "涉企行政执法监督")  # with the search still in force
    check_narrowed(
        view,
        every,
        lambda r: r.enterprise_name == SHEEP and r.kind.label == "涉企行政执法监督",
        search=SHEEP_CODE,
        kind="涉企行政执法监督",
    )
    qtbot.mouseClick(bar.resetButton, Qt.MouseButton.LeftButton)
    assert bar.searchEdit.text() == ""
    check_everything(view)


def test_a_search_that_finds_nothing_says_none(qtbot, view):
    type_text(qtbot, view.filters.searchEdit, "没有这个关键词")
    qtbot.keyClick(view.filters.searchEdit, Qt.Key.Key_Return)
    assert view.model.rowCount() == 0
    assert view.countLabel.text() == "共 0 条（已筛选）"
    assert not view.editButton.isEnabled() and not view.deleteButton.isEnabled()


# ---------------------------------------------------------------- sorting


def number_key(number: str) -> tuple[int, int]:
    found = re.search(r"〔(\d{4})〕(\d+)号$", number)
    assert found, number
    return int(found[1]), int(found[2])


def test_clicking_a_header_sorts_the_whole_list(qtbot, view, demo):
    every = every_row(demo)
    header = view.table.horizontalHeader()
    assert header.sortIndicatorSection() == DAY_COLUMN, "the latest inspections first"
    assert column_texts(view.table, DAY_COLUMN) == sorted(
        (r.started_at.date().isoformat() for r in every), reverse=True
    )

    click_header(qtbot, view.table, UNIT)
    assert header.sortIndicatorSection() == UNIT
    descending = header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    units = sorted((r.unit_name for r in every), reverse=descending)
    assert column_texts(view.table, UNIT) == units
    click_header(qtbot, view.table, UNIT)
    assert column_texts(view.table, UNIT) == units[::-1]

    # numbers sort by year and serial (〔2026〕10号 after 〔2026〕9号), not as text
    click_header(qtbot, view.table, NUMBER)
    descending = header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    numbers = sorted((r.number for r in every), key=number_key, reverse=descending)
    assert column_texts(view.table, NUMBER) == numbers
    assert numbers != sorted(numbers, reverse=descending), "text order would differ"
    click_header(qtbot, view.table, NUMBER)
    assert column_texts(view.table, NUMBER) == numbers[::-1]
    assert view.model.rowCount() == DEMO_INSPECTIONS

    # 时间 cannot be sorted: the arrow stays on 检查编号 and so do the rows
    order = header.sortIndicatorOrder()
    click_header(qtbot, view.table, TIME)
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (NUMBER, order)
    assert column_texts(view.table, NUMBER) == numbers[::-1]


# ---------------------------------------------------------------- delete


def click_row(qtbot, view: InspectionListView, inspection_id: str) -> None:
    rect = view.table.visualRect(view.model.index(view.model.row_of(inspection_id), 0))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.selected_id() == inspection_id


def test_delete_asks_first_and_removes_the_inspection(qtbot, view, demo, monkeypatch):
    asked: list[str] = []
    reply = {"answer": QMessageBox.StandardButton.No}

    def question(parent, title, text, *args, **kwargs):
        asked.append(text)
        return reply["answer"]

    monkeypatch.setattr(list_view_module.QMessageBox, "question", question)
    target = view.model.row_at(3)
    click_row(qtbot, view, target.id)
    assert view.deleteButton.isEnabled()

    qtbot.mouseClick(view.deleteButton, Qt.MouseButton.LeftButton)
    assert f"确定要删除检查记录“{target.number}”（{target.unit_name}）吗？" in asked[0]
    check_everything(view)
    assert view.selected_id() == target.id
    assert demo.inspections.get(target.id).number == target.number

    reply["answer"] = QMessageBox.StandardButton.Yes
    with qtbot.waitSignal(view.changed, timeout=5000):
        qtbot.mouseClick(view.deleteButton, Qt.MouseButton.LeftButton)
    assert len(asked) == 2
    assert view.countLabel.text() == f"共 {DEMO_INSPECTIONS - 1} 条"
    assert view.model.row_of(target.id) < 0
    assert target.number not in column_texts(view.table, NUMBER)
    assert demo.inspections.list().total == DEMO_INSPECTIONS - 1
    with pytest.raises(YuyouError, match="不存在或已被删除"):
        demo.inspections.get(target.id)
    assert not view.deleteButton.isEnabled(), "nothing selected any more"


def test_deleting_an_inspection_deleted_meanwhile_is_refused(
    qtbot, view, demo, monkeypatch, errors
):
    monkeypatch.setattr(
        list_view_module.QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes
    )
    target, other = view.model.row_at(0), view.model.row_at(1)
    click_row(qtbot, view, target.id)
    demo.inspections.delete(target.id)  # on another computer, synchronised
    qtbot.mouseClick(view.deleteButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    title, exc = errors[0]
    assert title == "不能删除检查记录"
    assert exc.message == "这条检查记录不存在或已被删除。"
    assert view.model.row_of(target.id) < 0, "the list shows it gone"
    assert view.model.row_of(other.id) >= 0
    assert demo.inspections.list().total == DEMO_INSPECTIONS - 1
    assert view.countLabel.text() == f"共 {DEMO_INSPECTIONS - 1} 条"


# ---------------------------------------------------------------- export


def sheet_rows(path) -> list[tuple]:
    workbook = load_workbook(path, read_only=True)
    try:
        return [tuple(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    finally:
        workbook.close()


def test_export_writes_the_filtered_list_in_its_order(
    qtbot, view, demo, monkeypatch, informed, tmp_path
):
    dest = tmp_path / "导出" / "涉企检查.xlsx"
    dest.parent.mkdir()
    suggested: list[str] = []

    def save_name(parent, title, name, *args, **kwargs):
        suggested.append(name)
        return str(dest), ""

    monkeypatch.setattr(list_view_module.QFileDialog, "getSaveFileName", save_name)
    choose(view.filters.kindCombo, "涉企行政执法监督")
    click_header(qtbot, view.table, UNIT)
    numbers = column_texts(view.table, NUMBER)
    units = column_texts(view.table, UNIT)
    total = view.model.total
    assert 0 < total == len(numbers) < DEMO_INSPECTIONS

    qtbot.mouseClick(view.exportButton, Qt.MouseButton.LeftButton)
    assert suggested[0].endswith(f"检查记录-{DAY:%Y%m%d}.xlsx")
    qtbot.waitUntil(lambda: bool(informed), timeout=10000)
    assert informed == [("导出完成", f"已导出 {total} 条检查记录到：\n{dest}")]
    rows = sheet_rows(dest)
    assert rows[0][0] == "检查记录登记表"
    assert f"共 {total} 条" in rows[1][0] and "右玉县司法局" in rows[1][0]
    assert rows[2][:6] == ("检查编号", "检查日期", "起止时间", "检查类型", "重点领域", "被监督单位")
    data = rows[3:]
    assert [r[0] for r in data] == numbers
    assert [r[5] for r in data] == units
    assert {r[3] for r in data} == {"涉企行政执法监督"}
    shown = shown_rows(view)
    assert [(r[9], r[10], r[11]) for r in data] == [
        (s.problems, s.open_problems, s.overdue_problems) for s in shown
    ]
    assert [r[1].date() for r in data] == [s.started_at.date() for s in shown]


def test_export_to_a_name_without_xlsx_is_refused_and_writes_nothing(
    qtbot, view, errors, informed, tmp_path
):
    dest = tmp_path / "检查记录.xls"
    view.start_export(dest)
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    title, exc = errors[0]
    assert title == "导出失败"
    assert "不是 .xlsx 文件名" in exc.message
    assert informed == []
    assert not dest.exists()
