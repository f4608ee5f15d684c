"""The 评查结果 page: units ranked by mean score, the files of the unit chosen with their
reviewers, scores and problems, and the most frequent defects of the campaign; 导出汇总表 writes
the .xlsx (a sheet per unit plus the summary) on the task runner."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from yuyou_desktop.errors import YuyouError
from yuyou_desktop.gui.messages import show_error
from yuyou_desktop.gui.reviews.case_file_actions import FOLDER_KEY
from yuyou_desktop.gui.reviews.case_files_view import reviewers_text
from yuyou_desktop.gui.reviews.scoring_dialog import points_text, score_text

if TYPE_CHECKING:
    from yuyou_desktop.gui.tasks import TaskRunner
    from yuyou_desktop.services import Services
    from yuyou_desktop.services.reviews.records import CampaignRecord, CampaignResults, FileResult

UNIT_HEADERS = ("排名", "单位", "抽查案卷", "已定稿", "平均分", "等次", "各等次案卷数")
FILE_HEADERS = (
    "案号",
    "案件名称",
    "案件类型",
    "评查人员（得分）",
    "定稿得分",
    "等次",
    "状态",
    "问题",
)
DEFECT_HEADERS = ("案件类型", "类别", "问题", "涉及案卷", "问题处数")
ID_ROLE = Qt.ItemDataRole.UserRole + 1


def findings_text(result: FileResult) -> str:
    lines = []
    for line in result.findings:
        if line.category == "否决项":
            how = "否决"
        else:
            how = f"{line.count}处，扣{points_text(line.points)}分"
        note = f"：{line.note}" if line.note else ""
        lines.append(f"[{line.reviewer}] {line.category}·{line.text}（{how}）{note}")
    return "\n".join(lines)


def _table(headers: tuple[str, ...], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: list[tuple[object, ...]], ids: list[str] | None = None):
    table.setRowCount(len(rows))
    for index, values in enumerate(rows):
        for column, value in enumerate(values):
            item = QTableWidgetItem("" if value is None else str(value))
            if ids is not None:
                item.setData(ID_ROLE, ids[index])
            table.setItem(index, column, item)


class ResultsView(QWidget):
    def __init__(
        self, services: Services, runner: TaskRunner, settings: QSettings, parent=None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("resultsView")
        self.services = services
        self.runner = runner
        self.settings = settings
        self.campaign: CampaignRecord | None = None
        self.results: CampaignResults | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        top = QHBoxLayout()
        self.summaryLabel = QLabel()
        self.exportButton = QPushButton("导出汇总表…")
        self.exportButton.setToolTip("每个单位一张工作表，另有汇总表和常见问题，可直接打印")
        self.exportButton.clicked.connect(self.export)
        top.addWidget(self.summaryLabel, 1)
        top.addWidget(self.exportButton)
        layout.addLayout(top)
        splitter = QSplitter(Qt.Orientation.Vertical)
        self.unitTable = _table(UNIT_HEADERS, "unitTable")
        self.fileTable = _table(FILE_HEADERS, "fileResultTable")
        self.fileTable.setWordWrap(True)
        self.defectTable = _table(DEFECT_HEADERS, "defectTable")
        for title, table in (
            ("各单位得分与排名（单位得分为已定稿案卷的平均分）", self.unitTable),
            ("所选单位的案卷", self.fileTable),
            ("常见问题（已定稿案卷中出现最多的）", self.defectTable),
        ):
            box = QWidget()
            box_layout = QVBoxLayout(box)
            box_layout.setContentsMargins(0, 0, 0, 0)
            box_layout.addWidget(QLabel(f"<b>{title}</b>"))
            box_layout.addWidget(table)
            splitter.addWidget(box)
        layout.addWidget(splitter, 1)
        self.unitTable.itemSelectionChanged.connect(self._show_files)
        self.set_campaign(None)

    def set_campaign(self, campaign: CampaignRecord | None) -> None:
        self.campaign = campaign
        self.refresh()

    def refresh(self) -> None:
        self.results = None
        if self.campaign is not None:
            try:
                self.results = self.services.review_results.results(self.campaign.id)
            except YuyouError as exc:
                show_error(self, "无法读取评查结果", exc)
        results = self.results
        units = results.units if results else ()
        _fill(
            self.unitTable,
            [
                (
                    u.rank or "—",
                    u.unit_name,
                    u.files,
                    u.finalised,
                    score_text(u.mean) or "—",
                    u.grade or "—",
                    "、".join(f"{name}{n}" for name, n in u.grades),
                )
                for u in units
            ],
            [u.unit_id for u in units],
        )
        defects = results.defects if results else ()
        _fill(
            self.defectTable,
            [(d.case_type, d.category, d.text, d.files, d.defects) for d in defects],
        )
        if results is None:
            self.summaryLabel.setText("没有选择评查活动。")
        else:
            self.summaryLabel.setText(
                f"抽中 {results.sampled} 份案卷，已定稿 {results.finalised} 份"
                + ("。" if results.finalised == results.sampled else "；未定稿的不计入单位得分。")
            )
        self.exportButton.setEnabled(results is not None and results.sampled > 0)
        if units:
            self.unitTable.selectRow(0)
        self._show_files()

    def _show_files(self) -> None:
        items = self.unitTable.selectedItems()
        unit_id = items[0].data(ID_ROLE) if items else None
        files = [
            f for f in (self.results.files if self.results else ()) if f.file.unit_id == unit_id
        ]
        _fill(
            self.fileTable,
            [
                (
                    f.file.case_number,
                    f.file.title,
                    f.file.case_type,
                    reviewers_text(f.file),
                    score_text(f.file.final_score),
                    f.file.final_grade or "",
                    f.file.stage,
                    findings_text(f),
                )
                for f in files
            ],
        )
        self.fileTable.resizeRowsToContents()

    def export(self) -> None:
        campaign = self.campaign
        if campaign is None:
            return
        folder = str(self.settings.value(FOLDER_KEY, str(Path.home())))
        path, _ = QFileDialog.getSaveFileName(
            self,
            "导出汇总表",
            str(Path(folder) / f"{campaign.name}汇总表.xlsx"),
            "Excel 工作簿 (*.xlsx)",
        )
        if not path:
            return
        self.settings.setValue(FOLDER_KEY, str(Path(path).parent))
        export = self.services.review_export
        self.runner.run(
            "正在导出汇总表…",
            lambda _progress: export.export(campaign.id, Path(path)),
            lambda _result: self._exported(path),
            lambda exc: show_error(self, "无法导出汇总表", exc),
            parent=self,
        )

    def _exported(self, path: str) -> None:
        self.last_export = path
        QMessageBox.information(self, "导出汇总表", f"已导出到：{path}")
