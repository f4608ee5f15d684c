"""A campaign run entirely in the 案卷评查 tab: set up, register (by hand and from Excel),
draw, share out reviewers, score on the real scoring screen, 合议, finalise, results, export."""

from __future__ import annotations

from decimal import Decimal

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMessageBox

from tests.gui.review_gui_support import units_with_people
from yuyou_desktop.gui.reviews import (
    assign_dialogs,
    campaign_dialogs,
    case_file_actions,
    finalise_dialogs,
    results_view,
    reviews_tab,
    scoring_dialog,
    standard_editor,
)
from yuyou_desktop.gui.reviews.assign_dialogs import AutoAssignDialog, check_names
from yuyou_desktop.gui.reviews.campaign_dialogs import CampaignDialog, CaseFileDialog
from yuyou_desktop.gui.reviews.finalise_dialogs import FinaliseDialog
from yuyou_desktop.gui.reviews.reviews_tab import ReviewsTab
from yuyou_desktop.gui.reviews.scoring_dialog import CODE_ROLE, COUNT, ScoringDialog

MODULES = (
    assign_dialogs,
    campaign_dialogs,
    case_file_actions,
    finalise_dialogs,
    results_view,
    reviews_tab,
    scoring_dialog,
    standard_editor,
)


@pytest.fixture
def messages(monkeypatch):
    """Errors and information the tab would have shown, instead of blocking dialogs."""
    errors: list[str] = []
    infos: list[str] = []
    for module in MODULES:
        monkeypatch.setattr(module, "show_error", lambda p, t, exc: errors.append(exc.message))
        if not hasattr(module, "QMessageBox"):
            continue
        monkeypatch.setattr(
            module.QMessageBox,
            "information",
            lambda p, t, text, *a: infos.append(text) or QMessageBox.StandardButton.Ok,
        )
    return errors, infos


@pytest.fixture
def tab(qtbot, county_demo, runner, tmp_path):
    settings = QSettings(str(tmp_path / "gui.ini"), QSettings.Format.IniFormat)
    widget = ReviewsTab(county_demo, runner, settings)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def select_file(tab: ReviewsTab, case_number: str, unit_name: str) -> None:
    table = tab.files.table
    for row in range(table.rowCount()):
        if table.item(row, 1).text() == case_number and table.item(row, 0).text() == unit_name:
            table.selectRow(row)
            return
    raise AssertionError(f"{unit_name} {case_number} not listed")


def fill_sheet(dialog: ScoringDialog, counts: dict[int, int]) -> None:
    """Set the defect counts of the n-th deduction items (as typing and Enter would)."""
    table = dialog.itemsTable
    rows = [r for r in range(table.rowCount()) if table.item(r, COUNT).data(CODE_ROLE)]
    for nth, count in counts.items():
        table.item(rows[nth], COUNT).setText(str(count))


def test_a_campaign_runs_from_set_up_to_exported_results_in_the_gui(
    qtbot, tab, county_demo, messages, monkeypatch, tmp_path
):
    errors, infos = messages
    services = county_demo
    (unit_a, name_a), (_, name_b) = units_with_people(services, 2)

    # set-up
    tab.new_campaign()
    dialog = tab.dialog
    assert isinstance(dialog, CampaignDialog)
    dialog.nameEdit.setText("2026年度界面评查")
    dialog.set_units([name_a, name_b])
    dialog.perUnitSpin.setValue(2)
    dialog.submit()
    assert errors == []
    assert "2026年度界面评查" in tab.campaignCombo.currentText()
    campaign = tab.campaign
    assert [u.name for u in campaign.units] == sorted([name_a, name_b])

    # one file by hand; a wrong one is refused and the form keeps what was typed
    actions = tab.files.actions
    actions.add()
    form = actions.dialog
    assert isinstance(form, CaseFileDialog)
    form.unitCombo.setCurrentIndex(form.unitCombo.findData(unit_a))
    form.titleEdit.setText("某超市销售过期食品案")
    form.submit()
    assert errors[-1] == "案号：不能为空。" and form.isVisible()
    assert services.campaigns.files(campaign.id) == []
    form.caseNumberEdit.setText("罚〔2026〕1号")
    form.submit()
    assert not form.isVisible()

    # the rest from the Excel template
    template = tmp_path / "登记表.xlsx"
    monkeypatch.setattr(
        case_file_actions.QFileDialog, "getSaveFileName", lambda *a: (str(template), "")
    )
    actions.template()
    book = load_workbook(template)
    sheet = book["案卷登记"]
    for unit_name, numbers in ((name_a, (2, 3)), (name_b, (1, 2, 3))):
        for n in numbers:
            sheet.append(
                [unit_name, f"罚〔2026〕{n}号", "行政处罚", f"第{n}号案", "", "2026-04-01"]
            )
    book.save(template)
    monkeypatch.setattr(
        case_file_actions.QFileDialog, "getOpenFileName", lambda *a: (str(template), "")
    )
    actions.import_()
    qtbot.waitUntil(lambda: len(tab.files.rows) == 6, timeout=5000)
    assert "导入 5 份案卷" in actions.last_message

    # draw with a seed, share out three supervisors
    monkeypatch.setattr(case_file_actions.QInputDialog, "getText", lambda *a: ("gui-1", True))
    actions.sample()
    assert "随机种子：gui-1" in infos[-1]
    assert "随机种子 gui-1" in tab.infoLabel.text()
    drawn = [r for r in tab.files.rows if r.sampled]
    assert len(drawn) == 4
    actions.auto()
    pool = actions.dialog
    assert isinstance(pool, AutoAssignDialog)
    names = [c.name for c in services.reviewers.candidates(campaign.id) if c.role == "监督人员"]
    check_names(pool.people, names[:3])
    pool.submit()
    assert errors == ["案号：不能为空。"]
    drawn = [r for r in tab.files.rows if r.sampled]
    assert all(len(r.reviewers) == 2 for r in drawn)
    assert tab.files.balanceLabel.text() == ""

    # score every sheet on the scoring screen: the first file's reviewers differ by ~20 points
    first = drawn[0]
    for file in drawn:
        for index, _ in enumerate(file.reviewers):
            select_file(tab, file.case_number, file.unit_name)
            monkeypatch.setattr(
                case_file_actions.QInputDialog,
                "getItem",
                lambda *a, i=index: (a[3][i], True),
            )
            actions.score()
            screen = actions.dialog
            assert isinstance(screen, ScoringDialog)
            if file.id == first.id and index == 1:
                fill_sheet(screen, {4: 3, 5: 3, 6: 3})  # about 20 points off
            else:
                fill_sheet(screen, {0: 1})
            screen.submit()
            assert not screen.isVisible(), errors
    rows = {r.id: r for r in tab.files.rows}
    assert rows[first.id].stage == "待合议"
    assert all(rows[f.id].stage == "待定稿" for f in drawn[1:])

    # finalise: 合议 needs the agreed score and the conclusion
    for file in drawn:
        select_file(tab, file.case_number, file.unit_name)
        actions.finalise()
        sign = actions.dialog
        assert isinstance(sign, FinaliseDialog)
        sign.signerEdit.setText("王科长")
        if file.id == first.id:
            sign.submit()
            assert "合议" in errors[-1] and sign.isVisible()
            sign.scoreEdit.setText("91")
            sign.noteEdit.setPlainText("经合议，证据瑕疵不影响主要事实认定")
        sign.submit()
        assert not sign.isVisible(), errors[-1:]
    rows = {r.id: r for r in tab.files.rows}
    assert rows[first.id].final_score == Decimal("91") and rows[first.id].final_grade == "优秀"
    assert all(r.stage == "已定稿" for r in rows.values() if r.sampled)

    # results page agrees with the services, and the 汇总表 is written
    tab.pages.setCurrentIndex(1)
    results = services.review_results.results(campaign.id)
    table = tab.results.unitTable
    shown = {
        table.item(r, 1).text(): (table.item(r, 0).text(), table.item(r, 4).text())
        for r in range(table.rowCount())
    }
    assert shown == {u.unit_name: (str(u.rank), str(u.mean)) for u in results.units}
    out = tmp_path / "汇总表.xlsx"
    monkeypatch.setattr(results_view.QFileDialog, "getSaveFileName", lambda *a: (str(out), ""))
    tab.results.exportButton.click()
    qtbot.waitUntil(lambda: getattr(tab.results, "last_export", None) == str(out), timeout=10000)
    workbook = load_workbook(out)
    assert workbook.sheetnames[0] == "汇总"
    assert {name_a, name_b} <= set(workbook.sheetnames)


def test_an_own_unit_officer_cannot_be_ticked_and_one_reviewer_is_refused(
    qtbot, tab, county_demo, messages
):
    errors, _ = messages
    services = county_demo
    units = units_with_people(services, 2)
    record = services.campaigns.create("交叉阅卷", 2026, [u for u, _ in units], 1)
    services.campaigns.add_file(
        record.id,
        {"unit": units[0][0], "case_number": "罚1", "case_type": "行政处罚一般程序", "title": "甲"},
    )
    services.campaigns.draw_sample(record.id, "x")
    tab.reload(record.id)
    select_file(tab, "罚1", units[0][1])
    tab.files.actions.assign()
    dialog = tab.files.actions.dialog
    people = dialog.people
    own = [people.item(i) for i in range(people.count()) if "本单位" in people.item(i).text()]
    assert own and all(not item.flags() & Qt.ItemFlag.ItemIsUserCheckable for item in own)
    first_free = next(
        people.item(i)
        for i in range(people.count())
        if people.item(i).flags() & Qt.ItemFlag.ItemIsUserCheckable
    )
    first_free.setCheckState(Qt.CheckState.Checked)
    dialog.submit()
    assert "至少2名" in errors[-1] and dialog.isVisible()
    assert services.campaigns.files(record.id)[0].reviewers == ()


def test_the_standard_editor_shows_a_wrong_sum_and_refuses_to_save_it(
    qtbot, tab, county_demo, messages
):
    errors, _ = messages
    tab.open_standards()
    editor = tab.dialog
    editor.categoryTable.item(0, 2).setText("15")
    assert "105" in editor.sumLabel.text() and "应为100分" in editor.sumLabel.text()
    editor.save()
    assert "应为100分" in errors[-1]
    assert [v.version for v in county_demo.standards.versions("行政处罚一般程序")] == [1]
    editor.categoryTable.item(1, 2).setText("20")  # 15 + 20 + … = 100 again
    assert editor.sumLabel.text() == "各类别分值合计 100 分"
    editor.save()
    assert [v.version for v in county_demo.standards.versions("行政处罚一般程序")] == [2, 1]
