"""The 案卷 page of a campaign: the registered case files with their stage, and every step of
the campaign on them — 登记 (by hand or from Excel), 抽取, 分配评查人员, 评分, 定稿, 重新打开.

A campaign holds a few hundred files at most, so the page reads the campaign's files in one
query and filters them by unit and stage in memory.  Double-click: a drawn file with reviewers
opens the scoring screen (asking which reviewer's sheet when there are several); any other
file opens its form.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from yuyou_desktop.errors import YuyouError
from yuyou_desktop.gui.messages import show_error
from yuyou_desktop.gui.origin_filter import refuse
from yuyou_desktop.gui.permissions import CHANGE, marks
from yuyou_desktop.gui.reviews.case_file_actions import CaseFileActions
from yuyou_desktop.gui.reviews.scoring_dialog import reviewer_label, score_text
from yuyou_desktop.services.reviews.records import FILE_STAGES, TO_DISCUSS

if TYPE_CHECKING:
    from yuyou_desktop.gui.tasks import TaskRunner
    from yuyou_desktop.services import Services
    from yuyou_desktop.services.reviews.records import CampaignRecord, CaseFileRow

HEADERS = (
    "执法单位",
    "案号",
    "案件类型",
    "案件名称",
    "当事人",
    "决定日期",
    "抽中",
    "评查人员（得分）",
    "平均分",
    "定稿得分",
    "等次",
    "状态",
)
ID_ROLE = Qt.ItemDataRole.UserRole + 1
ALL = "全部"
WARN_STYLE = "color: #b00020;"
LOOKING = frozenset({"template", "score"})  # what is left for another office's campaign


def reviewers_text(row: CaseFileRow) -> str:
    return "、".join(reviewer_label(r) for r in row.reviewers)


class CaseFilesView(QWidget):
    """``changed()`` after anything of the campaign was saved."""

    changed = Signal()

    def __init__(
        self, services: Services, runner: TaskRunner, settings: QSettings, parent=None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("caseFilesView")
        self.services = services
        self.campaign: CampaignRecord | None = None
        self.refusal: str | None = None  # why this office may only look at the campaign
        self.rows: list[CaseFileRow] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        filters = QHBoxLayout()
        self.unitFilter = QComboBox()
        self.unitFilter.setMinimumContentsLength(12)
        self.stageFilter = QComboBox()
        self.stageFilter.addItems((ALL, *FILE_STAGES))
        self.sampledOnly = QCheckBox("只看抽中的案卷")
        self.countLabel = QLabel()
        filters.addWidget(QLabel("单位"))
        filters.addWidget(self.unitFilter)
        filters.addWidget(QLabel("状态"))
        filters.addWidget(self.stageFilter)
        filters.addWidget(self.sampledOnly)
        filters.addStretch(1)
        layout.addLayout(filters)
        layout.addWidget(self.countLabel)
        self.actions = CaseFileActions(self, services, runner, settings)
        first, second = QHBoxLayout(), QHBoxLayout()
        buttons = first
        self.buttons: dict[str, QPushButton] = {}
        for key, text, tip in (
            ("add", "登记案卷…", "手工登记一份案卷"),
            ("import", "从Excel导入…", "从案卷登记表（.xlsx）导入；有错的行会逐行列出，整表不导入"),
            ("template", "导入模板…", "保存一份空白的案卷登记表"),
            ("edit", "修改…", "修改选中的案卷"),
            ("delete", "删除", "删除选中的案卷（抽取前）"),
            ("sample", "抽取案卷…", "按每单位抽取数随机抽取，随机种子会保存并显示"),
            ("assign", "评查人员…", "为选中的案卷指定评查人员"),
            ("auto", "自动分配…", "把一组评查人员平均分给所有抽中的案卷"),
            ("score", "评分…", "打开选中案卷的评分表"),
            ("finalise", "定稿…", "确认得分并锁定"),
            ("reopen", "重新打开…", "撤销定稿（记录原因）"),
        ):
            button = QPushButton(text)
            button.setObjectName(f"{key}Button")
            button.setToolTip(tip)
            button.clicked.connect(getattr(self.actions, "import_" if key == "import" else key))
            buttons.addWidget(button)
            self.buttons[key] = button
            if key == "sample":
                buttons = second
        marks([b for key, b in self.buttons.items() if key not in LOOKING], CHANGE)
        for row in (first, second):
            row.addStretch(1)
            layout.addLayout(row)
        self.balanceLabel = QLabel()
        self.balanceLabel.setObjectName("balanceLabel")
        self.balanceLabel.setStyleSheet(WARN_STYLE)
        self.balanceLabel.setWordWrap(True)
        layout.addWidget(self.balanceLabel)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("caseFilesTable")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setSortingEnabled(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(7, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        self.table.doubleClicked.connect(lambda _index: self.actions.open_selected())
        self.table.itemSelectionChanged.connect(self._enable)
        self.unitFilter.currentIndexChanged.connect(self._show)
        self.stageFilter.currentIndexChanged.connect(self._show)
        self.sampledOnly.toggled.connect(self._show)
        self.set_campaign(None)

    # ------------------------------------------------------------ data

    def set_campaign(self, campaign: CampaignRecord | None, refusal: str | None = None) -> None:
        """Show ``campaign``'s files; ``refusal``: another office's, only looked at here (its
        score sheets open read-only)."""
        self.campaign = campaign
        self.refusal = refusal
        self.unitFilter.blockSignals(True)
        self.unitFilter.clear()
        self.unitFilter.addItem(ALL, None)
        for unit in campaign.units if campaign else ():
            self.unitFilter.addItem(unit.name, unit.id)
        self.unitFilter.blockSignals(False)
        if campaign is not None and campaign.sample_seed is not None:
            self.sampledOnly.setChecked(True)
        self.refresh()

    def refresh(self, keep: str | None = None) -> None:
        keep = keep or self.selected_id()
        if self.campaign is None:
            self.rows = []
            self.balanceLabel.clear()
        else:
            try:
                self.campaign = self.services.campaigns.get(self.campaign.id)
                self.rows = self.services.campaigns.files(self.campaign.id)
                balance = self.services.reviewers.balance(self.campaign.id)
            except YuyouError as exc:
                show_error(self, "无法读取案卷", exc)
                self.rows = []
            else:
                self.balanceLabel.setText(balance.message)
        self._show()
        if keep:
            self.select(keep)

    def _visible(self) -> list[CaseFileRow]:
        unit_id = self.unitFilter.currentData()
        stage = self.stageFilter.currentText()
        return [
            r
            for r in self.rows
            if (unit_id is None or r.unit_id == unit_id)
            and (stage == ALL or r.stage == stage)
            and (not self.sampledOnly.isChecked() or r.sampled)
        ]

    def _show(self) -> None:
        rows = self._visible()
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(rows))
        for index, row in enumerate(rows):
            values = (
                row.unit_name,
                row.case_number,
                row.case_type,
                row.title,
                row.party,
                row.decided_on.isoformat() if row.decided_on else "",
                f"第{row.sample_order}份" if row.sampled else "",
                reviewers_text(row),
                score_text(row.mean),
                score_text(row.final_score),
                row.final_grade or "",
                row.stage,
            )
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(ID_ROLE, row.id)
                if row.stage == TO_DISCUSS and column == len(values) - 1:
                    item.setForeground(Qt.GlobalColor.red)
                self.table.setItem(index, column, item)
        self.table.setSortingEnabled(True)
        total, sampled = len(self.rows), sum(1 for r in self.rows if r.sampled)
        done = sum(1 for r in self.rows if r.final_score is not None)
        self.countLabel.setText(
            f"显示 {len(rows)} 份 · 登记 {total} 份 · 抽中 {sampled} 份 · 已定稿 {done} 份"
        )
        self._enable()

    # ------------------------------------------------------------ selection

    def selected_id(self) -> str | None:
        items = self.table.selectedItems()
        return items[0].data(ID_ROLE) if items else None

    def selected(self) -> CaseFileRow | None:
        chosen = self.selected_id()
        return next((r for r in self.rows if r.id == chosen), None)

    def select(self, file_id: str) -> None:
        for index in range(self.table.rowCount()):
            if self.table.item(index, 0).data(ID_ROLE) == file_id:
                self.table.selectRow(index)
                self.table.scrollToItem(self.table.item(index, 0))
                return

    def _enable(self) -> None:
        have = self.campaign is not None
        row = self.selected()
        drawn = have and self.campaign.sample_seed is not None  # type: ignore[union-attr]
        enabled = {
            "add": have and not drawn,
            "import": have and not drawn,
            "template": have,
            "edit": row is not None,
            "delete": row is not None and not drawn,
            "sample": have and bool(self.rows),
            "assign": row is not None and row.sampled and row.final_score is None,
            "auto": drawn,
            "score": row is not None and bool(row.reviewers),
            "finalise": row is not None and row.mean is not None and row.final_score is None,
            "reopen": row is not None and row.final_score is not None,
        }
        if self.refusal:
            enabled = {key: on and key in LOOKING for key, on in enabled.items()}
        for key, button in self.buttons.items():
            button.setEnabled(enabled[key])
        refuse([b for key, b in self.buttons.items() if key not in LOOKING], self.refusal)
