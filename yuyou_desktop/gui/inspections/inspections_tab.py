"""The 检查记录 tab: 检查记录 (the list), 待办, 投诉举报/线索 and 企业检查次数 as pages.

The pages talk through this tab: a lead turned into an inspection opens a new inspection
linked to it; a problem in the 待办 view opens its follow-up; an enterprise in the counts lists
its inspections.  What changed on one page marks the others to be queried again when shown.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import QPushButton, QTabWidget, QVBoxLayout, QWidget

from yuyou_desktop.domain.enums import InspectionKind
from yuyou_desktop.errors import YuyouError
from yuyou_desktop.gui.inspections.enterprise_counts import EnterpriseCountsView
from yuyou_desktop.gui.inspections.leads_view import LeadsView
from yuyou_desktop.gui.inspections.list_view import InspectionListView
from yuyou_desktop.gui.inspections.problem_dialog import FollowUpDialog
from yuyou_desktop.gui.inspections.summary_dialog import MonthlySummaryAction
from yuyou_desktop.gui.inspections.todo_view import TodoView
from yuyou_desktop.gui.messages import show_error

if TYPE_CHECKING:
    from collections.abc import Callable

    from yuyou_desktop.gui.tasks import TaskRunner
    from yuyou_desktop.services import Services
    from yuyou_desktop.services.inspections.records import InspectionRecord

PAGE_KEY = "inspections/page"
LIST, TODO, LEADS, COUNTS = "list", "todo", "leads", "counts"
PAGE_TITLES = {LIST: "检查记录", TODO: "待办", LEADS: "投诉举报/线索", COUNTS: "企业检查次数"}


class InspectionsTab(QWidget):
    """``changed()`` after any inspection, problem or lead was saved or deleted."""

    changed = Signal()

    def __init__(
        self,
        services: Services,
        runner: TaskRunner,
        settings: QSettings,
        parent: QWidget | None = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("inspectionsTab")
        self.services = services
        self.runner = runner
        self.settings = settings
        self.today = today
        self._stale: set[str] = set()
        self.follow_up_dialog: FollowUpDialog | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.pages = QTabWidget(self)
        self.pages.setDocumentMode(True)
        layout.addWidget(self.pages)
        self.list = InspectionListView(services, runner, today, self)
        self.todo = TodoView(services.todo, runner, self)
        self.leads = LeadsView(services.leads, services.registry, runner, self)
        self.counts = EnterpriseCountsView(services.inspections, services.settings, today(), self)
        self.by_name: dict[str, QWidget] = {
            LIST: self.list,
            TODO: self.todo,
            LEADS: self.leads,
            COUNTS: self.counts,
        }
        for name, page in self.by_name.items():
            self.pages.addTab(page, PAGE_TITLES[name])
        self.summaryButton = QPushButton("月度汇总…", self.list)
        self.summaryButton.setToolTip("按月统计检查、问题、整改和线索，导出为 Excel 工作簿")
        self.list.extraButtons.insertWidget(4, self.summaryButton)
        self.summary = MonthlySummaryAction(services, runner, today, self)
        self.summaryButton.clicked.connect(self.summary.start)
        self.list.changed.connect(lambda: self._on_changed(LIST))
        self.leads.changed.connect(lambda: self._on_changed(LEADS))
        self.leads.inspectionRequested.connect(self.inspection_from_lead)
        self.leads.openInspection.connect(self.open_inspection)
        self.todo.openProblem.connect(self.follow_up)
        self.todo.openLead.connect(self.open_lead)
        self.counts.enterpriseChosen.connect(self.list_enterprise)
        remembered = str(settings.value(PAGE_KEY, LIST))
        self.pages.setCurrentWidget(self.by_name.get(remembered, self.list))
        self.pages.currentChanged.connect(self._page_changed)
        self.todo.refresh()
        self.counts.refresh()

    # ------------------------------------------------------------ pages

    def current_name(self) -> str:
        current = self.pages.currentWidget()
        return next(name for name, page in self.by_name.items() if page is current)

    def show_page(self, name: str) -> QWidget:
        self.pages.setCurrentWidget(self.by_name[name])
        return self.by_name[name]

    def _page_changed(self, _index: int) -> None:
        name = self.current_name()
        self.settings.setValue(PAGE_KEY, name)
        if name in self._stale:
            self._stale.discard(name)
            self._refresh(name)

    def _refresh(self, name: str) -> None:
        self.by_name[name].refresh()  # type: ignore[attr-defined]

    def _on_changed(self, source: str) -> None:
        self._stale.update(n for n in self.by_name if n != self.current_name())
        self._stale.discard(source)
        self.changed.emit()

    def refresh_all(self) -> None:
        """The database changed underneath (restored, settings changed)."""
        self._stale.update(self.by_name)
        current = self.current_name()
        self._stale.discard(current)
        self._refresh(current)

    def save_state(self) -> None:
        self.settings.setValue(PAGE_KEY, self.current_name())

    # ------------------------------------------------------------ between pages

    def open_inspection(self, inspection_id: str) -> None:
        self.show_page(LIST)
        self.list.open_inspection(inspection_id)

    def open_lead(self, lead_id: str) -> None:
        self.show_page(LEADS)
        self.leads.select_lead(lead_id)

    def list_enterprise(self, enterprise_id: str, name: str, year: int) -> None:
        self.show_page(LIST)
        bar = self.list.filters
        # only the enterprise and the year: a filter left from before would hide some of the
        # inspections just counted
        bar.blockSignals(True)
        bar.reset()
        bar.blockSignals(False)
        bar.fromDate.set_value(date(year, 1, 1))
        bar.toDate.set_value(date(year, 12, 31))
        bar.set_enterprise(enterprise_id, name)  # applies the filters

    def inspection_from_lead(self, lead_id: str) -> None:
        """转为检查记录: a new 投诉举报核查 linked to the lead, its unit and content preset."""
        try:
            lead = self.services.leads.get(lead_id)
        except YuyouError as exc:
            show_error(self, "无法转为检查记录", exc)
            return
        self.show_page(LIST)
        dialog = self.list.add_inspection()
        shown = f"{lead.received_on.isoformat()} {lead.source_label}：{lead.content[:30]}"
        dialog.start_from_lead(
            lead.id,
            shown,
            {
                "unit": lead.unit_id or "",
                "unit_name": lead.unit_name,
                "kind": InspectionKind.COMPLAINT.value,
                "basis": f"{lead.received_on.isoformat()}收到的{lead.source_label}线索："
                + lead.content,
            },
        )
        dialog.saved.connect(lambda _record: self._lead_converted(lead.id))

    def _lead_converted(self, lead_id: str) -> None:
        self._stale.add(LEADS)
        self.leads.refresh()
        self.leads.select_lead(lead_id)

    def follow_up(self, inspection_id: str, problem_id: str) -> None:
        """整改跟踪 of one problem (from the 待办 view), saved on its own."""
        try:
            record: InspectionRecord = self.services.inspections.get(inspection_id)
            problem = next(p for p in record.problems if p.id == problem_id)
        except (YuyouError, StopIteration):
            show_error(self, "无法打开问题", YuyouError("这个问题不存在或已被删除。"))
            self.todo.refresh()
            return
        if self.list.filters.origin.refusal(record.origin_office):
            # another office's problem: its inspection, read-only, at the problem
            self.show_page(LIST)
            self.list.open_inspection(inspection_id, problem_id)
            return
        previous = self.follow_up_dialog
        if previous is not None and not previous.isVisible():
            previous.deleteLater()  # keep at most one closed follow-up dialog alive
        dialog = FollowUpDialog(problem, self.services.inspections, self.runner, self.today(), self)
        dialog.setWindowTitle(f"整改跟踪 — {record.number} {record.unit_name}")
        dialog.accepted.connect(lambda: self._followed_up())
        self.follow_up_dialog = dialog
        dialog.open()

    def _followed_up(self) -> None:
        self.todo.refresh()
        self._on_changed(TODO)
