"""The 单位登记 tab: a list of the registers (and 待处理) on the left, the chosen one on the
right.  Views are built when first shown; the choice and column widths are remembered."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QSize, Signal
from PySide6.QtWidgets import QListWidgetItem, QWidget

from yuyou_desktop.gui.forms.ui_registry_tab import Ui_RegistryTab
from yuyou_desktop.gui.registry.attention_panel import AttentionPanel
from yuyou_desktop.gui.registry.register_view import RegisterView
from yuyou_desktop.services.registry.specs import REGISTERS, register

if TYPE_CHECKING:
    from yuyou_desktop.gui.tasks import TaskRunner
    from yuyou_desktop.services import Services

ATTENTION = "attention"
SHOWN = (
    "units",
    "filings",
    "people",
    "certificates",
    "trainings",
    "matters",
    "contact-points",
    "enterprises",
)
CURRENT_KEY = "registry/current"


def widths_key(name: str) -> str:
    return f"registry/columns/{name}"


class RegistryTab(QWidget):
    """``changed(name)`` after records of a register were saved, deleted or revoked."""

    changed = Signal(str)

    def __init__(
        self,
        services: Services,
        runner: TaskRunner,
        settings: QSettings,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_RegistryTab()
        self.ui.setupUi(self)
        self.services = services
        self.runner = runner
        self.settings = settings
        self.views: dict[str, QWidget] = {}
        self._stale: set[str] = set()
        row_height = self.ui.registerList.fontMetrics().height() + 12
        names = [ATTENTION, *[spec.name for spec in REGISTERS if spec.name in SHOWN]]
        for name in names:
            title = "待处理" if name == ATTENTION else register(name).title
            item = QListWidgetItem(title)
            item.setSizeHint(QSize(0, row_height))  # roomier than the default, easy to hit
            self.ui.registerList.addItem(item)
        self.names = names
        self.ui.splitter.setStretchFactor(1, 1)
        self.ui.splitter.setSizes([150, 950])
        self.ui.registerList.currentRowChanged.connect(self._row_changed)
        remembered = str(settings.value(CURRENT_KEY, "units"))
        start = names.index(remembered) if remembered in names else names.index("units")
        self.ui.registerList.setCurrentRow(start)

    @property
    def current_name(self) -> str:
        return self.names[self.ui.registerList.currentRow()]

    def show_register(self, name: str) -> QWidget:
        """Switch to a register (or ATTENTION) and return its view."""
        self.ui.registerList.setCurrentRow(self.names.index(name))
        return self.views[name]

    def view(self, name: str) -> QWidget:
        """The view of a register, built on first use."""
        if name not in self.views:
            self.views[name] = self._build(name)
            self.ui.stack.addWidget(self.views[name])
        return self.views[name]

    def _build(self, name: str) -> QWidget:
        if name == ATTENTION:
            panel = AttentionPanel(self.services.attention, self.runner, self)
            panel.changed.connect(self._on_changed)
            panel.refresh()
            return panel
        view = RegisterView(
            register(name),
            self.services.registry,
            self.runner,
            self,
            transfer=self.services.transfer,
        )
        widths = self.settings.value(widths_key(name))
        if isinstance(widths, list):
            with contextlib.suppress(ValueError):
                view.set_column_widths([int(w) for w in widths])
        view.changed.connect(self._on_changed)
        return view

    def _row_changed(self, row: int) -> None:
        if row < 0:
            return
        name = self.names[row]
        fresh = name not in self.views
        view = self.view(name)
        self.ui.stack.setCurrentWidget(view)
        self.settings.setValue(CURRENT_KEY, name)
        if not fresh and name in self._stale:
            self._stale.discard(name)
            view.refresh()  # type: ignore[attr-defined]

    def _on_changed(self, name: str) -> None:
        """Other views may show what changed (a unit's name, a person's certificates)."""
        self._stale.update(n for n in self.views if n != self.current_name)
        self.changed.emit(name)

    def refresh_all(self) -> None:
        """The whole database changed (restored): query the shown view now, the others later."""
        self._stale.update(self.views)
        current = self.current_name
        self._stale.discard(current)
        self.views[current].refresh()  # type: ignore[attr-defined]

    def save_state(self) -> None:
        for name, view in self.views.items():
            if isinstance(view, RegisterView):
                self.settings.setValue(widths_key(name), view.column_widths())
        self.settings.setValue(CURRENT_KEY, self.current_name)
