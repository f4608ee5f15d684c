"""文件 → 备份数据库… / 从备份恢复…: the file dialogs, the job on the task runner and the
messages.  The main window keeps thin methods that call these."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox

from yuyou_desktop.gui.messages import describe_restore, show_error
from yuyou_desktop.gui.tasks import TaskRunner

if TYPE_CHECKING:
    from yuyou_desktop.services import Services
    from yuyou_desktop.services.maintenance import BackupResult
    from yuyou_desktop.storage.database import RestoreResult


def documents_dir() -> Path:
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(docs) if docs else Path.home()


def ask_backup(window) -> None:  # window: MainWindow
    suggested = documents_dir() / f"{window.office.name}-备份-{date.today():%Y%m%d}.db"
    name, _ = QFileDialog.getSaveFileName(
        window, "备份数据库", str(suggested), "数据库备份 (*.db);;所有文件 (*)"
    )
    if name:
        window.start_backup(Path(name))


def start_backup(window: QMainWindow, runner: TaskRunner, services: Services, dest: Path) -> None:
    def done(result: BackupResult) -> None:
        window.statusBar().showMessage(f"已备份到 {result.path}", 10000)
        QMessageBox.information(
            window,
            "备份完成",
            f"数据库已备份到：\n{result.path}\n（{result.size_bytes / 1024:.0f} KB，已校验完整）",
        )

    runner.run(
        "正在备份数据库",
        # the save dialog has already asked before replacing an existing file
        lambda progress: services.maintenance.backup(dest, progress, overwrite=True),
        done,
        lambda exc: show_error(window, "备份失败", exc),
        parent=window,
    )


def ask_restore(window) -> None:  # window: MainWindow
    name, _ = QFileDialog.getOpenFileName(
        window, "选择备份文件", str(documents_dir()), "数据库备份 (*.db);;所有文件 (*)"
    )
    if not name:
        return
    answer = QMessageBox.question(
        window,
        "从备份恢复",
        "将用所选备份替换当前数据库。\n当前数据库会先另存一份到数据文件夹的 backups 中。\n"
        "恢复后，本机的数据同步将开始新的周期。\n\n确定要恢复吗？",
    )
    if answer == QMessageBox.StandardButton.Yes:
        window.start_restore(Path(name))


def start_restore(
    window: QMainWindow,
    runner: TaskRunner,
    services: Services,
    source: Path,
    restored: Callable[[], None],
) -> None:
    def done(result: RestoreResult) -> None:
        restored()
        QMessageBox.information(window, "恢复完成", describe_restore(result))

    runner.run(
        "正在从备份恢复",
        lambda progress: services.maintenance.restore(source, progress),
        done,
        lambda exc: show_error(window, "恢复失败", exc),
        parent=window,
    )
