"""Photos and scans of an inspection.  A file is checked (type, size, content) as soon as it is
chosen, so the clerk hears about a 30 MB scan before saving; added and removed files take
effect when the inspection is saved."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from yuyou_desktop.errors import InputRejected, YuyouError, os_reason
from yuyou_desktop.gui.messages import show_error
from yuyou_desktop.services.inspections.attachments import MAX_BYTES, check_file, display_name

if TYPE_CHECKING:
    from yuyou_desktop.services.inspections.records import AttachmentRecord
    from yuyou_desktop.services.inspections.service import InspectionService

FILE_FILTER = "照片和扫描件 (*.jpg *.jpeg *.png *.pdf *.tif *.tiff);;所有文件 (*)"


def _size(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{max(1, size // 1024)} KB"


class AttachmentsPanel(QWidget):
    def __init__(self, inspections: InspectionService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._inspections = inspections
        self.existing: list[AttachmentRecord] = []
        self.removed: set[str] = set()
        self.pending: list[Path] = []
        layout = QVBoxLayout(self)
        note = QLabel(
            "可添加 JPG、PNG、PDF、TIF 格式的照片和扫描件，"
            f"每个不超过 {MAX_BYTES // 1024 // 1024} MB。同一文件只保存一份。"
            "添加或移除在保存检查记录时生效。",
            self,
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        self.list = QListWidget(self)
        self.list.setObjectName("attachmentsList")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        layout.addWidget(self.list, 1)
        buttons = QHBoxLayout()
        self.addButton = QPushButton("添加文件…", self)
        self.openButton = QPushButton("打开", self)
        self.removeButton = QPushButton("移除", self)
        for button in (self.addButton, self.openButton, self.removeButton):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.addButton.clicked.connect(self.choose_files)
        self.openButton.clicked.connect(self.open_selected)
        self.removeButton.clicked.connect(self.remove_selected)
        self.list.itemSelectionChanged.connect(self._update)
        self.list.itemDoubleClicked.connect(lambda _i: self.open_selected())
        self._show()

    def load(self, attachments: tuple[AttachmentRecord, ...]) -> None:
        self.existing = list(attachments)
        self.removed.clear()
        self.pending.clear()
        self._show()

    # ------------------------------------------------------------ editing

    def choose_files(self) -> None:
        pictures = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation)
        names, _ = QFileDialog.getOpenFileNames(self, "添加照片或扫描件", pictures, FILE_FILTER)
        self.add_files([Path(n) for n in names])

    def add_files(self, paths: list[Path]) -> list[str]:
        """Add acceptable files; refused ones are listed in one message.  Returns the reasons."""
        refused = []
        for path in paths:
            try:
                check_file(path)
            except YuyouError as exc:
                refused.append(exc.message)
                continue
            if path not in self.pending:
                self.pending.append(path)
        self._show()
        if refused:
            show_error(self, "附件未添加", YuyouError("\n".join(refused)))
        return refused

    def remove_selected(self) -> None:
        for item in self.list.selectedItems():
            kind, key = item.data(Qt.ItemDataRole.UserRole)
            if kind == "stored":
                self.removed.add(key)
            else:
                self.pending = [p for p in self.pending if str(p) != key]
        self._show()

    def open_selected(self) -> None:
        items = self.list.selectedItems()
        if not items:
            return
        kind, key = items[0].data(Qt.ItemDataRole.UserRole)
        try:
            if kind == "stored":
                record = next(a for a in self.existing if a.id == key)
                stored = self._inspections.attachment_file(key)
                folder = Path(tempfile.mkdtemp(prefix="yuyou-"))
                path = folder / record.original_name
                shutil.copyfile(stored, path)
            else:
                path = Path(key)
        except YuyouError as exc:
            show_error(self, "无法打开附件", exc)
            return
        except OSError as exc:  # copying it out for the viewer: a full disk, no temp folder…
            show_error(self, "无法打开附件", InputRejected(f"无法取出附件：{os_reason(exc)}。"))
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def _show(self) -> None:
        self.list.clear()
        for a in self.existing:
            if a.id in self.removed:
                continue
            item = QListWidgetItem(f"{a.original_name}　（{_size(a.size)}）")
            item.setData(Qt.ItemDataRole.UserRole, ("stored", a.id))
            self.list.addItem(item)
        for path in self.pending:
            try:
                size = _size(path.stat().st_size)
            except OSError:
                size = "?"
            item = QListWidgetItem(f"{display_name(path)}　（{size}，保存时添加）")
            item.setData(Qt.ItemDataRole.UserRole, ("pending", str(path)))
            self.list.addItem(item)
        self._update()

    def _update(self) -> None:
        selected = bool(self.list.selectedItems())
        self.openButton.setEnabled(selected)
        self.removeButton.setEnabled(selected)

    def count(self) -> int:
        return self.list.count()
