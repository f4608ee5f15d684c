"""What the buttons of the 案卷 page do.  Each opens its dialog, calls the service, and
refreshes the page; a refusal is shown in Chinese and nothing changes.  Importing from Excel
runs on the task runner with progress and can be cancelled."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from yuyou_desktop.errors import YuyouError
from yuyou_desktop.gui.messages import show_error
from yuyou_desktop.gui.permissions import change_refusal
from yuyou_desktop.gui.reviews.assign_dialogs import AutoAssignDialog, ReviewerDialog
from yuyou_desktop.gui.reviews.campaign_dialogs import CaseFileDialog
from yuyou_desktop.gui.reviews.finalise_dialogs import FinaliseDialog, ReopenDialog
from yuyou_desktop.gui.reviews.scoring_dialog import ScoringDialog, reviewer_label
from yuyou_desktop.services.reviews.case_file_import import write_template

if TYPE_CHECKING:
    from yuyou_desktop.gui.reviews.case_files_view import CaseFilesView
    from yuyou_desktop.gui.tasks import TaskRunner
    from yuyou_desktop.services import Services
    from yuyou_desktop.services.reviews.case_file_import import ImportReport

SIGNER_KEY = "reviews/signer"
FOLDER_KEY = "reviews/folder"
SHOWN_PROBLEMS = 12


class CaseFileActions:
    def __init__(
        self, view: CaseFilesView, services: Services, runner: TaskRunner, settings: QSettings
    ) -> None:
        self.view = view
        self.services = services
        self.runner = runner
        self.settings = settings
        self.dialog = None  # the last dialog opened (kept for tests and to stay alive)

    # ------------------------------------------------------------ helpers

    def _units(self) -> list[tuple[str, str]]:
        campaign = self.view.campaign
        return [(u.id, u.name) for u in campaign.units] if campaign else []

    def _done(self, keep: str | None = None) -> None:
        self.view.refresh(keep)
        self.view.changed.emit()

    def _open(self, dialog) -> None:
        self.dialog = dialog
        dialog.open()

    def _folder(self) -> str:
        return str(self.settings.value(FOLDER_KEY, str(Path.home())))

    def _signer(self) -> str:
        return str(self.settings.value(SIGNER_KEY, ""))

    # ------------------------------------------------------------ registering

    def add(self) -> None:
        campaign = self.view.campaign
        if campaign is None:
            return
        dialog = CaseFileDialog(
            self._units(),
            lambda values: self.services.campaigns.add_file(campaign.id, values),
            parent=self.view,
        )
        dialog.saved.connect(lambda row: self._done(row.id))
        self._open(dialog)

    def edit(self) -> None:
        row = self.view.selected()
        if row is None:
            return
        dialog = CaseFileDialog(
            self._units(),
            lambda values: self.services.campaigns.update_file(row.id, values, row.version),
            row,
            parent=self.view,
        )
        dialog.saved.connect(lambda saved: self._done(saved.id))
        self._open(dialog)

    def delete(self) -> None:
        row = self.view.selected()
        if row is None:
            return
        answer = QMessageBox.question(
            self.view, "删除案卷", f"确定删除案卷“{row.case_number} {row.title}”吗？"
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.services.campaigns.delete_file(row.id)
        except YuyouError as exc:
            show_error(self.view, "无法删除案卷", exc)
            return
        self._done()

    def template(self) -> None:
        campaign = self.view.campaign
        if campaign is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self.view,
            "保存案卷登记表模板",
            str(Path(self._folder()) / "案卷登记表.xlsx"),
            "Excel 工作簿 (*.xlsx)",
        )
        if not path:
            return
        try:
            write_template(Path(path), [u.name for u in campaign.units])
        except YuyouError as exc:
            show_error(self.view, "无法保存模板", exc)
            return
        self.settings.setValue(FOLDER_KEY, str(Path(path).parent))

    def import_(self) -> None:
        campaign = self.view.campaign
        if campaign is None:
            return
        path, _ = QFileDialog.getOpenFileName(
            self.view, "从Excel导入案卷", self._folder(), "Excel 工作簿 (*.xlsx)"
        )
        if not path:
            return
        self.settings.setValue(FOLDER_KEY, str(Path(path).parent))
        importer = self.services.case_file_import
        self.runner.run(
            "正在导入案卷…",
            lambda progress: importer.import_file(campaign.id, Path(path), progress),
            lambda report: self._imported(report, Path(path).name),
            lambda exc: show_error(self.view, "无法导入案卷", exc),
            parent=self.view,
        )

    def _imported(self, report: ImportReport, name: str) -> None:
        box = QMessageBox(self.view)
        box.setWindowTitle("导入案卷")
        if report.ok:
            box.setIcon(QMessageBox.Icon.Information)
            box.setText(f"已从“{name}”导入 {report.added} 份案卷。")
        else:
            box.setIcon(QMessageBox.Icon.Warning)
            lines = [str(p) for p in report.problems]
            more = len(lines) - SHOWN_PROBLEMS
            shown = "\n".join(lines[:SHOWN_PROBLEMS]) + (f"\n……另有{more}处" if more > 0 else "")
            box.setText(
                f"“{name}”有{len(lines)}处问题，没有导入任何案卷。请改正后重新导入：\n\n{shown}"
            )
            box.setDetailedText("\n".join(lines))
        self.last_message = box.text()
        box.open()
        self.dialog = box
        self._done()

    # ------------------------------------------------------------ sampling and reviewers

    def sample(self) -> None:
        campaign = self.view.campaign
        if campaign is None:
            return
        again = "重新抽取会替换原来的抽样结果。\n" if campaign.sample_seed else ""
        seed, ok = QInputDialog.getText(
            self.view,
            "抽取案卷",
            f"{again}每个单位随机抽取{campaign.files_per_unit}份案卷。\n"
            "随机种子（留空则自动生成；填写上次的种子可复现同样的抽取结果）：",
        )
        if not ok:
            return
        try:
            result = self.services.campaigns.draw_sample(campaign.id, seed or None)
        except YuyouError as exc:
            show_error(self.view, "无法抽取案卷", exc)
            return
        lines = [f"共抽中 {result.drawn} 份案卷，随机种子：{result.seed}。"]
        lines += [f"{name}只登记了{n}份，全部抽中。" for name, n in result.short_units]
        self.last_message = "\n".join(lines)
        QMessageBox.information(self.view, "抽取案卷", self.last_message)
        self._done()

    def assign(self) -> None:
        row = self.view.selected()
        if row is None or self.view.campaign is None:
            return
        try:
            candidates = self.services.reviewers.candidates(self.view.campaign.id)
        except YuyouError as exc:
            show_error(self.view, "无法分配评查人员", exc)
            return
        dialog = ReviewerDialog(
            row, candidates, lambda ids: self.services.reviewers.assign(row.id, ids), self.view
        )
        dialog.accepted.connect(lambda: self._done(row.id))
        self._open(dialog)

    def auto(self) -> None:
        campaign = self.view.campaign
        if campaign is None:
            return
        candidates = self.services.reviewers.candidates(campaign.id)
        dialog = AutoAssignDialog(
            candidates,
            lambda ids, per_file: self.services.reviewers.auto_assign(campaign.id, ids, per_file),
            self.view,
        )
        dialog.accepted.connect(self._done)
        self._open(dialog)

    # ------------------------------------------------------------ scoring

    def open_selected(self) -> None:
        row = self.view.selected()
        if row is None:
            return
        if row.reviewers:
            self.score()  # read-only for another office's campaign
        elif not self.view.refusal:
            self.edit()

    def score(self) -> None:
        row = self.view.selected()
        if row is None or not row.reviewers:
            return
        sheet_id = row.reviewers[0].sheet_id
        if len(row.reviewers) > 1:
            labels = [reviewer_label(r) for r in row.reviewers]
            pending = next((i for i, r in enumerate(row.reviewers) if r.total is None), 0)
            chosen, ok = QInputDialog.getItem(
                self.view, "评分", "打开哪位评查人员的评分表：", labels, pending, False
            )
            if not ok:
                return
            sheet_id = row.reviewers[labels.index(chosen)].sheet_id
        self.open_sheet(sheet_id)

    def open_sheet(self, sheet_id: str) -> ScoringDialog | None:
        try:
            sheet = self.services.scoring.sheet(sheet_id)
        except YuyouError as exc:
            show_error(self.view, "无法打开评分表", exc)
            return None
        looking = change_refusal(self.view)  # a 查阅 account only looks at the sheet
        if looking and not sheet.read_only:
            sheet = replace(sheet, not_owned=looking)
        dialog = ScoringDialog(self.services.scoring, sheet, self.view)
        dialog.saved.connect(lambda record: self._done(record.case_file.id))
        self._open(dialog)
        return dialog

    def finalise(self) -> None:
        row = self.view.selected()
        campaign = self.view.campaign
        if row is None or campaign is None:
            return

        def finalise(signer: str, on_date, score: str, note: str):
            saved = self.services.scoring.finalise(
                row.id, signer, on_date, score or None, note, row.version
            )
            self.settings.setValue(SIGNER_KEY, signer.strip())
            return saved

        dialog = FinaliseDialog(
            row,
            campaign.discussion_threshold,
            finalise,
            self._signer(),
            self.services.campaigns.today(),
            self.view,
        )
        dialog.accepted.connect(lambda: self._done(row.id))
        self._open(dialog)

    def reopen(self) -> None:
        row = self.view.selected()
        if row is None:
            return
        dialog = ReopenDialog(
            row,
            lambda signer, reason: self.services.scoring.reopen(row.id, signer, reason),
            self._signer(),
            self.view,
        )
        dialog.accepted.connect(lambda: self._done(row.id))
        self._open(dialog)
