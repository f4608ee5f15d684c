"""备份管理: the backups of this office (backup folder and ``<data>/backups``) with their date,
kind, size and folder; 立即备份, 备份到其他位置…, 恢复所选备份…, 从文件恢复…, and the backup
folder (change it, e.g. to a USB stick, or go back to the data folder).

Listing, backing up and restoring run on the task runner (progress and 取消 after 500 ms); the
restore itself is the main window's (``restore`` callback), which refreshes every view.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from yuyou_desktop.errors import YuyouError
from yuyou_desktop.gui import backup_actions
from yuyou_desktop.gui.messages import show_error
from yuyou_desktop.gui.permissions import ADMINISTER, CHANGE, marks
from yuyou_desktop.gui.tasks import TaskRunner
from yuyou_desktop.settings import BACKUP_FOLDER

if TYPE_CHECKING:
    from yuyou_desktop.services import Services
    from yuyou_desktop.services.backups import BackupEntry, BackupOutcome, BackupPolicy

COLUMNS = ("备份时间", "类型", "数据截至", "大小", "位置", "文件名")


def _when(value: datetime | None) -> str:
    return f"{value.astimezone():%Y-%m-%d %H:%M}" if value else ""


def _size(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 10 * 1024 * 1024 else f"{size / 1024:.0f} KB"


class BackupsDialog(QDialog):
    def __init__(
        self,
        services: Services,
        runner: TaskRunner,
        restore: Callable[[Path], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("备份管理")
        self.resize(860, 480)
        self._services = services
        self._runner = runner
        self._restore = restore
        self.entries: list[BackupEntry] = []
        self.policy: BackupPolicy | None = None
        self.last_outcome: BackupOutcome | None = None

        self.folderLabel = QLabel("备份文件夹：正在读取…")
        self.folderLabel.setWordWrap(True)
        self.folderLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.policyLabel = QLabel()
        self.policyLabel.setWordWrap(True)
        self.policyLabel.setStyleSheet("color: #666;")
        self.chooseFolderButton = QPushButton("更改备份文件夹…")
        self.defaultFolderButton = QPushButton("改回数据文件夹")
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folderLabel, 1)
        folder_row.addWidget(self.chooseFolderButton)
        folder_row.addWidget(self.defaultFolderButton)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.emptyLabel = QLabel("还没有备份。")
        self.emptyLabel.setVisible(False)

        self.backupButton = QPushButton("立即备份")
        self.backupButton.setDefault(True)
        self.elsewhereButton = QPushButton("备份到其他位置…")
        self.restoreButton = QPushButton("恢复所选备份…")
        self.restoreFileButton = QPushButton("从文件恢复…")
        self.closeButton = QPushButton("关闭")
        buttons = QHBoxLayout()
        for button in (self.backupButton, self.elsewhereButton):
            buttons.addWidget(button)
        buttons.addStretch(1)
        for button in (self.restoreButton, self.restoreFileButton, self.closeButton):
            buttons.addWidget(button)

        layout = QVBoxLayout(self)
        layout.addLayout(folder_row)
        layout.addWidget(self.policyLabel)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.emptyLabel)
        layout.addLayout(buttons)

        self.chooseFolderButton.clicked.connect(self.choose_folder)
        self.defaultFolderButton.clicked.connect(lambda: self.set_folder(""))
        self.backupButton.clicked.connect(self.backup_now)
        self.elsewhereButton.clicked.connect(self.backup_elsewhere)
        self.restoreButton.clicked.connect(self.restore_selected)
        self.restoreFileButton.clicked.connect(self.restore_from_file)
        self.closeButton.clicked.connect(self.accept)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(
            lambda _index: self.restoreButton.isEnabled() and self.restore_selected()
        )
        restoring = (self.restoreButton, self.restoreFileButton)
        folders = (self.chooseFolderButton, self.defaultFolderButton)
        # a copy to another place carries the whole database and the office's private keys
        marks((*restoring, *folders, self.elsewhereButton), ADMINISTER)
        marks((self.backupButton,), CHANGE)
        self._selection_changed()
        self.refresh()

    # ------------------------------------------------------------ the list

    def refresh(self) -> None:
        backups = self._services.backups
        self._runner.run(
            "读取备份列表",
            lambda progress: (backups.policy(), backups.list()),
            self._show,
            lambda exc: show_error(self, "无法读取备份列表", exc),
            parent=self,
            cancellable=False,
        )

    def _show(self, found: tuple[BackupPolicy, list[BackupEntry]]) -> None:
        self.policy, self.entries = found
        policy = self.policy
        where = "（数据文件夹中）" if not policy.chosen else ""
        if policy.chosen and not policy.folder.is_dir():
            where = "（现在无法访问，例如 U 盘没有插上：备份会改存到数据文件夹）"
        self.folderLabel.setText(f"备份文件夹：{policy.folder}{where}")
        self.defaultFolderButton.setEnabled(policy.chosen)
        self.policyLabel.setText(
            "每天第一次打开程序时和每次导入数据包前自动备份（数据库和附件、密钥、待导入的数据包、"
            f"文书模板）；自动备份保留最近 {policy.keep_daily} 天每天一份、更早的 "
            f"{policy.keep_weekly} 周每周一份。手动备份和恢复前的备份不会自动删除。"
        )
        self.table.setRowCount(len(self.entries))
        for row, entry in enumerate(self.entries):
            values = (
                _when(entry.created_at),
                entry.kind_label if not entry.problem else f"{entry.kind_label}（无法读取）",
                _when(entry.data_as_of),
                _size(entry.size_bytes),
                str(entry.folder),
                entry.path.name,
            )
            for column, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setToolTip(entry.problem or str(entry.path))
                self.table.setItem(row, column, item)
        self.emptyLabel.setVisible(not self.entries)
        self._selection_changed()

    def selected(self) -> BackupEntry | None:
        rows = self.table.selectionModel().selectedRows()
        return self.entries[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        self.restoreButton.setEnabled(self.selected() is not None)

    # ------------------------------------------------------------ backing up

    def backup_now(self) -> None:
        self._run_backup(None)

    def backup_elsewhere(self) -> None:
        office = self._services.office.current()
        dest = backup_actions.ask_backup_file(self, office.name)
        if dest is not None:
            self._run_backup(dest)

    def _run_backup(self, dest: Path | None) -> None:
        backups = self._services.backups

        def done(outcome: BackupOutcome) -> None:
            self.last_outcome = outcome
            QMessageBox.information(self, "备份完成", backup_actions.describe_backup(outcome))
            self.refresh()

        self._runner.run(
            "正在备份",
            # the save dialog has already asked before replacing an existing file
            lambda progress: backups.backup(dest, progress, overwrite=dest is not None),
            done,
            lambda exc: show_error(self, "备份失败", exc),
            parent=self,
        )

    # ------------------------------------------------------------ the folder

    def choose_folder(self) -> None:
        start = str(self.policy.folder) if self.policy else ""
        name = QFileDialog.getExistingDirectory(
            self, "选择备份文件夹（例如 U 盘上的文件夹）", start
        )
        if name:
            self.set_folder(name)

    def set_folder(self, folder: str) -> None:
        try:
            self._services.settings.set(BACKUP_FOLDER, folder)
        except YuyouError as exc:
            show_error(self, "无法更改备份文件夹", exc)
            return
        self.refresh()

    # ------------------------------------------------------------ restoring

    def restore_selected(self) -> None:
        entry = self.selected()
        if entry is None:
            return
        if entry.problem:
            show_error(self, "无法恢复", YuyouError(entry.problem))
            return
        if backup_actions.confirm_restore(self, entry.path, entry.created_at):
            self._start_restore(entry.path)

    def restore_from_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "选择备份文件", str(backup_actions.documents_dir()), backup_actions.RESTORE_FILTER
        )
        if name and backup_actions.confirm_restore(self, Path(name)):
            self._start_restore(Path(name))

    def _start_restore(self, source: Path) -> None:
        self._restore(source)
        self.refresh()  # runs after the restore (one worker, in order): lists its kept copy
