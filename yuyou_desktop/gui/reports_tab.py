"""统计报表: the 统计 dashboard (``gui/stats``) and the 年度监督工作方案 (``gui/plans``) as two
pages of one tab.  The figures are queried again when the tab is shown after the data changed
(``mark_stale``), not on every edit elsewhere."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QFrame, QScrollArea, QTabWidget, QVBoxLayout, QWidget

from yuyou_desktop.gui.plans.plans_page import PlansPage
from yuyou_desktop.gui.stats.stats_tab import StatsTab
from yuyou_desktop.gui.tasks import TaskRunner

if TYPE_CHECKING:
    from yuyou_desktop.services import Services

PAGE_KEY = "reports/page"
STATS, PLANS = 0, 1


class ReportsTab(QWidget):
    """``openRecord(kind, record_id)``: a record behind a figure was opened."""

    openRecord = Signal(str, str)

    def __init__(
        self,
        services: Services,
        runner: TaskRunner,
        settings: QSettings,
        parent: QWidget | None = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reportsTab")
        self.settings = settings
        self.stale = False
        self.pages = QTabWidget(self)
        self.pages.setDocumentMode(True)
        self.stats = StatsTab(services, runner, settings, None, today=today)
        self.plans = PlansPage(services, runner, settings, None, today=today)
        # in scroll areas: the cards and charts must not hold the whole window at their width
        for page, title in ((self.stats, "统计"), (self.plans, "年度监督工作方案")):
            area = QScrollArea(self.pages)
            area.setWidgetResizable(True)
            area.setFrameShape(QFrame.Shape.NoFrame)
            area.setWidget(page)
            self.pages.addTab(area, title)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        page = settings.value(PAGE_KEY, STATS, type=int)
        self.pages.setCurrentIndex(page if page in (STATS, PLANS) else STATS)
        self.stats.openRecord.connect(self.openRecord.emit)

    def mark_stale(self) -> None:
        """Records changed elsewhere: query again now if shown, else when next shown."""
        if self.isVisible():
            self.refresh_all()
        else:
            self.stale = True

    def refresh_all(self) -> None:
        self.stale = False
        self.stats.refresh()
        self.plans.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.stale:
            self.refresh_all()

    def show_plans(self, year: int | None = None) -> None:
        """The plan page; with ``year``, the 新建方案 dialog for it when it has no plan."""
        self.pages.setCurrentIndex(PLANS)
        if year is not None and self.plans.services.plans.find(year) is None:
            self.plans.new_plan(year)

    def save_state(self) -> None:
        self.settings.setValue(PAGE_KEY, self.pages.currentIndex())
        self.stats.save_state()
