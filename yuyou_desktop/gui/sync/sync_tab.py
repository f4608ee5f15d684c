"""The 数据同步 tab: this office's key and the trusted offices; exporting packages (a township's
changes, the county's reference data); importing packages (dialog or drag and drop) with a
report per file; at the county, how far each township has come; and the conflicts to resolve.
The sections sit in splitters whose sizes are remembered."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QStandardPaths, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QShowEvent
from PySide6.QtWidgets import QFrame, QScrollArea, QSplitter, QVBoxLayout, QWidget

from yuyou_desktop.domain.enums import OfficeRole
from yuyou_desktop.gui.permissions import change_refusal
from yuyou_desktop.gui.sync.conflicts_panel import ConflictsPanel
from yuyou_desktop.gui.sync.export_panel import ExportPanel
from yuyou_desktop.gui.sync.import_panel import ImportPanel
from yuyou_desktop.gui.sync.keys_panel import KeysPanel
from yuyou_desktop.gui.sync.peers_panel import PeersPanel
from yuyou_desktop.gui.sync.presentation import office_label

if TYPE_CHECKING:
    from yuyou_desktop.gui.tasks import TaskRunner
    from yuyou_desktop.services import Services

SPLITTER_KEYS = {
    "sections": "sync/sections",
    "packages": "sync/packages",
    "conflicts": "sync/conflicts",
}
SHOW_RESOLVED_KEY = "sync/show_resolved"
# first sizes of the sections (keys, packages, [townships,] conflicts), in proportion
FIRST_SIZES = {True: [160, 250, 110, 280], False: [160, 300, 340]}


def documents_dir() -> Path:
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(docs) if docs else Path.home()


def local_files(event: QDropEvent | QDragEnterEvent | QDragMoveEvent) -> list[Path]:
    mime = event.mimeData()
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


class SyncTab(QWidget):
    """``changed()`` after data may have changed here (a package imported, a conflict
    resolved): the other tabs show it afresh."""

    changed = Signal()

    def __init__(
        self, services: Services, runner: TaskRunner, settings: QSettings, parent=None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("syncTab")
        self.setAcceptDrops(True)
        self.services = services
        self.settings = settings
        folder = documents_dir()
        self.at_county = services.sync_keys.own().role == OfficeRole.COUNTY.value
        self.keys = KeysPanel(services, folder, self)
        self.exports = ExportPanel(services, runner, folder, self)
        self.imports = ImportPanel(services, runner, folder, self)
        self.peers = PeersPanel(services, self) if self.at_county else None
        self.conflicts = ConflictsPanel(services, self.office_label, self)
        self.packagesSplitter = QSplitter(Qt.Orientation.Horizontal)
        self.packagesSplitter.setObjectName("packagesSplitter")
        self.packagesSplitter.addWidget(self.exports)
        self.packagesSplitter.addWidget(self.imports)
        self.packagesSplitter.setStretchFactor(0, 1)
        self.packagesSplitter.setStretchFactor(1, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("sectionsSplitter")
        self.splitter.setChildrenCollapsible(False)
        sections: list[tuple[QWidget, int]] = [(self.keys, 0), (self.packagesSplitter, 2)]
        if self.peers is not None:
            sections.append((self.peers, 1))
        sections.append((self.conflicts, 2))
        for index, (widget, stretch) in enumerate(sections):
            self.splitter.addWidget(widget)
            self.splitter.setStretchFactor(index, stretch)
        # a small window scrolls the sections instead of squeezing them (or growing itself)
        self.scroll = QScrollArea()
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.splitter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.scroll)
        self._connect()
        self._restore_state()
        self.refresh_all()

    def _connect(self) -> None:
        self.keys.changed.connect(self.refresh_all)
        self.exports.finished.connect(self._refresh_exports)
        self.imports.finished.connect(self._after_import)
        if self.peers is not None:
            self.peers.confirmEpoch.connect(self.imports.confirm_epoch)
        self.conflicts.resolved.connect(self._after_resolve)

    # ------------------------------------------------------------ state

    def _splitters(self) -> dict[str, QSplitter]:
        return {
            "sections": self.splitter,
            "packages": self.packagesSplitter,
            "conflicts": self.conflicts.splitter,
        }

    def _restore_state(self) -> None:
        for name, splitter in self._splitters().items():
            state = self.settings.value(SPLITTER_KEYS[name])
            if state is not None:
                splitter.restoreState(state)
            elif splitter is self.splitter:
                splitter.setSizes(FIRST_SIZES[self.at_county])
            splitter.splitterMoved.connect(lambda *_a: self.save_state())
        show = self.settings.value(SHOW_RESOLVED_KEY, False, type=bool)
        self.conflicts.showResolvedCheck.setChecked(bool(show))
        self.conflicts.showResolvedCheck.toggled.connect(lambda _on: self.save_state())

    def save_state(self) -> None:
        for name, splitter in self._splitters().items():
            self.settings.setValue(SPLITTER_KEYS[name], splitter.saveState())
        self.settings.setValue(SHOW_RESOLVED_KEY, self.conflicts.showResolvedCheck.isChecked())

    # ------------------------------------------------------------ data

    def office_label(self, code: str) -> str:
        return office_label(code, self.keys.names(), self.keys.own.office_code)

    def refresh_all(self) -> None:
        self.keys.refresh()
        self._refresh_exports()
        self.imports.refresh()
        if self.peers is not None:
            self.peers.refresh()
        self.conflicts.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        """Records edited in the other tabs change what is waiting to be exported."""
        super().showEvent(event)
        if not event.spontaneous():
            self.refresh_all()

    def _refresh_exports(self) -> None:
        self.exports.refresh(
            county_key=self.at_county or self.keys.has_active_county(),
            county_revoked=self.keys.county_revoked(),
        )

    def _after_import(self, changed: bool) -> None:
        self.imports.refresh()
        if self.peers is not None:
            self.peers.refresh()
        self.conflicts.refresh()
        self._refresh_exports()
        if changed:
            self.changed.emit()

    def _after_resolve(self) -> None:
        self._refresh_exports()  # adopting the other version is an edit to export
        self.changed.emit()

    # ------------------------------------------------------------ drag and drop

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if local_files(event) and not change_refusal(self):  # a 查阅 account imports nothing
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if local_files(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        files = local_files(event)
        if not files or change_refusal(self):
            event.ignore()
            return
        event.acceptProposedAction()
        self.imports.import_paths(files)
