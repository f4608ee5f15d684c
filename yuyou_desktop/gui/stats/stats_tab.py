"""The 统计 tab: for a period (and, at the county, one township; and one enforcement unit) the
summary cards, then the sections — by kind, area, township, unit, month, leads, case files,
registers — each a chart beside its table.  Every view is built from one
:class:`Dashboard` (``StatsService.dashboard``, run on the task runner); a number opens the
records behind it (``StatsService.records``) in a :class:`DrillDialog`, whose rows emit
``openRecord(kind, record_id)`` here.

Refreshed when first shown, 200 ms after the period, office or unit changed, and on 刷新.
A refused period (end before start…) is shown and the figures of before stay."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from yuyou_desktop.errors import InputRejected
from yuyou_desktop.gui.messages import show_error
from yuyou_desktop.gui.stats.cards import CardRow
from yuyou_desktop.gui.stats.drill_dialog import DrillDialog
from yuyou_desktop.gui.stats.report_actions import ReportActions
from yuyou_desktop.gui.stats.sections import Section, build_sections
from yuyou_desktop.gui.stats.top_bar import StatsBar
from yuyou_desktop.services.reports.figures import Dashboard, Drill, DrillResult

if TYPE_CHECKING:
    from yuyou_desktop.gui.tasks import TaskRunner
    from yuyou_desktop.services import Services

SECTION_KEY = "stats/section"
DEBOUNCE_MS = 200
SCOPE_STYLE = "color: #555555;"
REFUSAL_STYLE = "color: #b00020; font-weight: bold;"


class StatsTab(QWidget):
    """``openRecord(kind, record_id)``: a row of a drill dialog was opened (kind: inspection,
    lead, case_file, certificate, unit, enterprise); ``refreshed()`` after new figures are
    shown."""

    openRecord = Signal(str, str)
    refreshed = Signal()

    def __init__(
        self,
        services: Services,
        runner: TaskRunner,
        settings: QSettings,
        parent: QWidget | None = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("statsTab")
        self.services = services
        self.runner = runner
        self.settings = settings
        self.today = today
        self.dashboard: Dashboard | None = None
        self.drill_dialog: DrillDialog | None = None
        self._started = False
        self._serial = 0
        self._running = 0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 4)
        layout.setSpacing(6)
        self.bar = StatsBar(today(), self)
        self.bar.restore(settings)
        layout.addWidget(self.bar)
        self.reports = ReportActions(services, runner, settings, today, self)
        self.bar.actions.addWidget(self.reports.monthlyButton)
        self.bar.actions.addWidget(self.reports.annualButton)
        self.cards = CardRow(self)
        layout.addWidget(self.cards)
        self.scopeLabel = QLabel("正在统计…", self)
        self.scopeLabel.setStyleSheet(SCOPE_STYLE)
        layout.addWidget(self.scopeLabel)
        self.pages = QTabWidget(self)
        self.pages.setDocumentMode(True)
        layout.addWidget(self.pages, 1)
        self.sections: dict[str, Section] = {}
        for section in build_sections():
            self.pages.addTab(section, section.title)
            self.sections[section.name] = section
            section.opened.connect(self.drill)
        remembered = self.sections.get(str(settings.value(SECTION_KEY, "")))
        if remembered is not None:
            self.pages.setCurrentWidget(remembered)
        self.pages.currentChanged.connect(lambda _i: self.save_state())
        self.cards.opened.connect(lambda measure: self.drill(Drill(measure)))
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(lambda: self._run(reload_choices=False))
        self.bar.changed.connect(self._bar_changed)
        self.bar.refreshButton.clicked.connect(self.refresh)

    # ------------------------------------------------------------ state

    @property
    def busy(self) -> bool:
        """A refresh is waiting or running."""
        return self._running > 0 or self._timer.isActive()

    def current_section(self) -> Section:
        return self.pages.currentWidget()  # type: ignore[return-value]

    def show_section(self, name: str) -> Section:
        self.pages.setCurrentWidget(self.sections[name])
        return self.sections[name]

    def save_state(self) -> None:
        self.settings.setValue(SECTION_KEY, self.current_section().name)
        self.bar.save(self.settings)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._started:
            self._started = True
            self.refresh()

    # ------------------------------------------------------------ refreshing

    def refresh(self) -> None:
        """Count again now, listing the offices and units afresh (data imported or changed)."""
        self._started = True
        self._timer.stop()
        self.bar.set_today(self.today())
        self._run(reload_choices=True)

    def _bar_changed(self) -> None:
        self.bar.save(self.settings)
        self._timer.start()

    def _run(self, reload_choices: bool) -> None:
        query = self.bar.query()
        stats, registry = self.services.stats, self.services.registry
        self._serial += 1
        serial = self._serial

        def job(_progress: Any) -> tuple[Any, Any, Dashboard | InputRejected]:
            choices = stats.origin_offices() if reload_choices else None
            units = registry.unit_choices() if reload_choices else None
            try:
                return choices, units, stats.dashboard(query)
            except InputRejected as exc:  # a period being typed: said on the page, no box
                return choices, units, exc

        self._running += 1
        self.bar.refreshButton.setEnabled(False)
        self.runner.run(
            "正在统计",
            job,
            lambda result: self._counted(serial, result),
            lambda exc: self._failed(serial, exc),
            parent=self,
            cancellable=False,
        )

    def _finished(self) -> None:
        self._running -= 1
        self.bar.refreshButton.setEnabled(self._running == 0)

    def _counted(self, serial: int, result: tuple[Any, Any, Dashboard | InputRejected]) -> None:
        self._finished()
        if serial != self._serial:
            return  # a newer choice is being counted
        choices, units, dashboard = result
        again = False
        if choices is not None:
            again = self.bar.set_origins(choices)
        if units is not None:
            again = self.bar.set_units(units) or again
        if again:  # the chosen office or unit is gone: count for 全部
            self._run(reload_choices=False)
            return
        if isinstance(dashboard, InputRejected):
            self.show_refusal(dashboard)
            return
        self.show_dashboard(dashboard)

    def show_refusal(self, exc: InputRejected) -> None:
        """The period (or scope) cannot be counted: said in red where the scope is shown; the
        figures stay those of the last period counted, and say so."""
        kept = "（下面仍是上次统计的数字）" if self.dashboard is not None else ""
        self.scopeLabel.setStyleSheet(REFUSAL_STYLE)
        self.scopeLabel.setText(f"{exc.message}{kept}")
        self.refreshed.emit()

    def _failed(self, serial: int, exc: BaseException) -> None:
        self._finished()
        if serial == self._serial:
            show_error(self, "无法统计", exc)

    def show_dashboard(self, dashboard: Dashboard) -> None:
        self.dashboard = dashboard
        self.cards.show_dashboard(dashboard)
        for section in self.sections.values():
            section.show_dashboard(dashboard)
        # 按乡镇 is the county's: a township counts only itself
        offices = self.pages.indexOf(self.sections["office"])
        if not dashboard.county and self.pages.currentIndex() == offices:
            self.show_section("kind")
        self.pages.setTabVisible(offices, dashboard.county)
        q = dashboard.query
        days = (q.end - q.start).days + 1
        self.scopeLabel.setStyleSheet(SCOPE_STYLE)
        self.scopeLabel.setText(
            f"{dashboard.office_name} · {dashboard.scope_label} · "
            f"{q.start.isoformat()} 至 {q.end.isoformat()}（{days} 天）· "
            f"截至 {dashboard.today.isoformat()}。单击卡片或双击表中的数字，可列出对应的记录。"
        )
        self.refreshed.emit()

    # ------------------------------------------------------------ the records behind a number

    def drill(self, drill: Drill) -> None:
        """List the records behind ``drill`` for the figures shown (their period and scope)."""
        if self.dashboard is None:
            return
        query = self.dashboard.query
        stats = self.services.stats
        self.runner.run(
            "正在列出记录",
            lambda _progress: stats.records(query, drill),
            self._show_records,
            lambda exc: show_error(self, "无法列出记录", exc),
            parent=self,
            cancellable=False,
        )

    def _show_records(self, result: DrillResult) -> None:
        previous = self.drill_dialog
        if previous is not None and not previous.isVisible():
            previous.deleteLater()  # keep at most one closed dialog alive
        dialog = DrillDialog(result, self)
        dialog.openRecord.connect(self.openRecord.emit)
        self.drill_dialog = dialog
        dialog.show()
