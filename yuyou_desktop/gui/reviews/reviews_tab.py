"""The 案卷评查 tab: a campaign chosen at the top (新建, 设置, 删除; 评查标准 beside), its
案卷 page (register, draw, assign, score, finalise) and its 评查结果 page.  The campaign last
looked at and the page are remembered."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from yuyou_desktop.domain.enums import OfficeRole
from yuyou_desktop.errors import YuyouError
from yuyou_desktop.gui.messages import show_error
from yuyou_desktop.gui.origin_filter import OriginFilter, refuse
from yuyou_desktop.gui.permissions import CHANGE, change_refusal, marks
from yuyou_desktop.gui.reviews.campaign_dialogs import CampaignDialog
from yuyou_desktop.gui.reviews.case_files_view import CaseFilesView
from yuyou_desktop.gui.reviews.results_view import ResultsView
from yuyou_desktop.gui.reviews.scoring_dialog import points_text
from yuyou_desktop.gui.reviews.standard_editor import StandardEditor

if TYPE_CHECKING:
    from yuyou_desktop.gui.tasks import TaskRunner
    from yuyou_desktop.services import Services
    from yuyou_desktop.services.reviews.records import CampaignRecord

CAMPAIGN_KEY = "reviews/campaign"
PAGE_KEY = "reviews/page"


class ReviewsTab(QWidget):
    """``changed()`` after anything of a campaign was saved."""

    changed = Signal()

    def __init__(
        self, services: Services, runner: TaskRunner, settings: QSettings, parent=None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reviewsTab")
        self.services = services
        self.settings = settings
        self.campaign: CampaignRecord | None = None
        self.refusal: str | None = None
        self.dialog: QWidget | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        top = QHBoxLayout()
        self.campaignCombo = QComboBox()
        self.campaignCombo.setObjectName("campaignCombo")
        self.campaignCombo.setMinimumContentsLength(16)
        self.newButton = QPushButton("新建活动…")
        self.editButton = QPushButton("活动设置…")
        self.deleteButton = QPushButton("删除活动")
        self.standardsButton = QPushButton("评查标准…")
        # 来源单位 (the county, or campaigns of another office here): which campaigns are listed
        self.origin = OriginFilter(self, title="")
        top.addWidget(QLabel("评查活动"))
        top.addWidget(self.origin)
        top.addWidget(self.campaignCombo, 1)
        for button in (self.newButton, self.editButton, self.deleteButton):
            top.addWidget(button)
        top.addSpacing(16)
        top.addWidget(self.standardsButton)
        layout.addLayout(top)
        self.infoLabel = QLabel()
        self.infoLabel.setObjectName("campaignInfo")
        self.infoLabel.setWordWrap(True)
        layout.addWidget(self.infoLabel)
        self.pages = QTabWidget()
        self.pages.setDocumentMode(True)
        self.files = CaseFilesView(services, runner, settings, self)
        self.results = ResultsView(services, runner, settings, self)
        self.pages.addTab(self.files, "案卷")
        self.pages.addTab(self.results, "评查结果")
        layout.addWidget(self.pages, 1)
        self.newButton.clicked.connect(self.new_campaign)
        self.editButton.clicked.connect(self.edit_campaign)
        self.deleteButton.clicked.connect(self.delete_campaign)
        self.standardsButton.clicked.connect(self.open_standards)
        marks((self.newButton, self.editButton, self.deleteButton), CHANGE)
        self.campaignCombo.currentIndexChanged.connect(self._campaign_chosen)
        self.origin.changed.connect(self.reload)
        self.files.changed.connect(self._files_changed)
        self.pages.setCurrentIndex(int(settings.value(PAGE_KEY, 0) or 0))
        self.pages.currentChanged.connect(self._page_changed)
        self.reload(str(settings.value(CAMPAIGN_KEY, "") or ""))

    # ------------------------------------------------------------ campaigns

    def reload(self, keep: str | None = None) -> None:
        keep = keep or (self.campaign.id if self.campaign else None)
        try:
            self.origin.set_choices(self.services.campaigns.origin_offices())
            campaigns = self.services.campaigns.list(self.origin.value())
        except YuyouError as exc:
            show_error(self, "无法读取评查活动", exc)
            campaigns = []
        self.campaignCombo.blockSignals(True)
        self.campaignCombo.clear()
        for c in campaigns:
            owner = "" if self.origin.office_refusal(c.origin_office) is None else " · "
            owner += self.origin.name_of(c.origin_office) if owner else ""
            self.campaignCombo.addItem(f"{c.year}年 · {c.name} · {c.stage}{owner}", c.id)
        index = self.campaignCombo.findData(keep) if keep else -1
        self.campaignCombo.setCurrentIndex(index if index >= 0 else (0 if campaigns else -1))
        self.campaignCombo.blockSignals(False)
        self._campaign_chosen()

    def _campaign_chosen(self, *_args: object) -> None:
        campaign_id = self.campaignCombo.currentData()
        self.campaign = None
        if campaign_id:
            try:
                self.campaign = self.services.campaigns.get(campaign_id)
            except YuyouError as exc:
                show_error(self, "无法打开评查活动", exc)
            self.settings.setValue(CAMPAIGN_KEY, campaign_id)
        # another office's campaign is only looked at here
        self.refusal = self.origin.refusal(self.campaign.origin_office) if self.campaign else None
        self._show_info()
        self.files.set_campaign(self.campaign, self.refusal)
        self.results.set_campaign(self.campaign)
        self.editButton.setEnabled(self.campaign is not None)
        self.deleteButton.setEnabled(self.campaign is not None)
        refuse((self.editButton, self.deleteButton), self.refusal)

    def _show_info(self) -> None:
        c = self.campaign
        if c is None:
            self.infoLabel.setText(
                "还没有评查活动。点“新建活动…”开始：选定单位，登记案卷，随机抽取，交叉评查。"
            )
            return
        seed = f"随机种子 {c.sample_seed}" if c.sample_seed else "尚未抽取"
        standards = "、".join(f"{kind}第{version}版" for kind, _, version, _ in c.standards)
        self.infoLabel.setText(
            f"{c.year}年度 · {len(c.units)}个单位 · 每单位抽取{c.files_per_unit}份 · {seed} · "
            f"合议分差 {points_text(c.discussion_threshold)} 分 · 评查标准：{standards}"
            + (f"\n{self.refusal}" if self.refusal else "")
        )

    def _files_changed(self) -> None:
        self.results.refresh()
        self.reload()
        self.changed.emit()

    def _page_changed(self, index: int) -> None:
        self.settings.setValue(PAGE_KEY, index)
        if index == 1:
            self.results.refresh()

    def new_campaign(self) -> None:
        units = self.services.registry.unit_choices()

        def create(values: dict[str, Any]) -> CampaignRecord:
            return self.services.campaigns.create(**values)

        dialog = CampaignDialog(units, create, self.services.campaigns.today(), None, self)
        dialog.saved.connect(lambda record: self.reload(record.id))
        self.dialog = dialog
        dialog.open()

    def edit_campaign(self) -> None:
        record = self.campaign
        if record is None or self.refusal:
            return
        units = self.services.registry.unit_choices()

        def update(values: dict[str, Any]) -> CampaignRecord:
            values.pop("year")
            return self.services.campaigns.update(
                record.id, expected_version=record.version, **values
            )

        dialog = CampaignDialog(units, update, self.services.campaigns.today(), record, self)
        dialog.saved.connect(lambda saved: self.reload(saved.id))
        self.dialog = dialog
        dialog.open()

    def delete_campaign(self) -> None:
        record = self.campaign
        if record is None or self.refusal:
            return
        answer = QMessageBox.question(
            self, "删除评查活动", f"确定删除“{record.name}”及其登记的案卷吗？"
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.services.campaigns.delete(record.id)
        except YuyouError as exc:
            show_error(self, "无法删除评查活动", exc)
            return
        self.campaign = None
        self.reload()
        self.changed.emit()

    def open_standards(self) -> None:
        county = self.services.office.current().role == OfficeRole.COUNTY
        county = county and not change_refusal(self)  # editable there, not by a 查阅 account
        dialog = StandardEditor(self.services.standards, county, self.settings, self)
        self.dialog = dialog
        dialog.open()

    def show_case_file(self, file_id: str) -> None:
        """Open a case file named elsewhere (the records behind a 统计 figure): its campaign,
        the 案卷 page, the file selected."""
        try:
            found = self.services.campaigns.file(file_id)
        except YuyouError as exc:
            show_error(self, "无法打开案卷", exc)
            return
        if self.campaignCombo.findData(found.campaign_id) < 0:
            self.origin.reset()  # a 来源单位 filter hides its campaign
        self.reload(found.campaign_id)
        self.pages.setCurrentIndex(0)
        self.files.select(file_id)

    def refresh_all(self) -> None:
        self.reload()

    def save_state(self) -> None:
        self.settings.setValue(PAGE_KEY, self.pages.currentIndex())
