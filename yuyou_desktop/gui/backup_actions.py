"""文件 → 备份数据库… (the 备份管理 dialog) / 从备份恢复…, the backup to a chosen file, and the
automatic daily backup after start-up: the file dialogs, the jobs on the task runner and the
messages.  The main window keeps thin methods that call these."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox, QWidget

from yuyou_desktop.gui.messages import describe_restore, show_error
from yuyou_desktop.gui.tasks import TaskRunner

if TYPE_CHECKING:
    from yuyou_desktop.gui.backups_dialog import BackupsDialog
    from yuyou_desktop.progress import Progress
    from yuyou_desktop.services import Services
    from yuyou_desktop.services.backups import BackupOutcome
    from yuyou_desktop.storage.database import RestoreResult

BACKUP_FILTER = "完整备份 (*.zip);;仅数据库 (*.db)"
RESTORE_FILTER = "备份文件 (*.zip *.db);;所有文件 (*)"


def documents_dir() -> Path:
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(docs) if docs else Path.home()


def ask_backup(window) -> BackupsDialog:  # window: MainWindow
    """文件 → 备份数据库…: the 备份管理 dialog (backups listed, 立即备份, 恢复)."""
    from yuyou_desktop.gui.backups_dialog import BackupsDialog

    dialog = BackupsDialog(window.services, window.runner, window.start_restore, window)
    dialog.open()
    return dialog


def ask_backup_file(parent: QWidget, office_name: str) -> Path | None:
    suggested = documents_dir() / f"{office_name}-备份-{datetime.now():%Y%m%d-%H%M}.zip"
    name, chosen = QFileDialog.getSaveFileName(
        parent, "备份到其他位置", str(suggested), BACKUP_FILTER
    )
    if not name:
        return None
    path = Path(name)
    if not path.suffix:  # the filter chosen says which kind
        path = path.with_suffix(".db" if "*.db" in chosen else ".zip")
    return path


def describe_backup(outcome: BackupOutcome) -> str:
    size = outcome.size_bytes / 1024
    lines = [f"已备份到：\n{outcome.path}", f"（{size:.0f} KB，已校验完整）"]
    if outcome.is_archive:
        lines.append(
            f"其中有数据库和 {outcome.files} 个文件（附件、密钥、待导入的数据包、文书模板）。"
        )
    else:
        lines.append("仅包含数据库；附件、密钥等文件夹不在其中。")
    if outcome.fallback:
        lines.append(f"注意：{outcome.fallback}")
    return "\n".join(lines)


def start_backup(window: QMainWindow, runner: TaskRunner, services: Services, dest: Path) -> None:
    def done(result: BackupOutcome) -> None:
        window.statusBar().showMessage(f"已备份到 {result.path}", 10000)
        QMessageBox.information(window, "备份完成", describe_backup(result))

    runner.run(
        "正在备份",
        # the save dialog has already asked before replacing an existing file
        lambda progress: services.backups.backup(dest, progress, overwrite=True),
        done,
        lambda exc: show_error(window, "备份失败", exc),
        parent=window,
    )


def start_daily_backup(window: QMainWindow, runner: TaskRunner, services: Services) -> None:
    """The first start of a day: an automatic backup once the database is open (skipped when
    today's exists).  Told in the status bar; a folder that could not be used, in a box."""

    def done(outcome: BackupOutcome | None) -> None:
        if outcome is None:
            return
        window.statusBar().showMessage(f"已自动备份到 {outcome.path}", 10000)
        if outcome.fallback:
            box = QMessageBox(QMessageBox.Icon.Warning, "自动备份", outcome.fallback, parent=window)
            box.open()

    runner.run(
        "正在自动备份",
        lambda progress: services.backups.automatic(progress=progress),
        done,
        lambda exc: show_error(window, "自动备份没有完成", exc),
        parent=window,
    )


def ask_restore(window) -> None:  # window: MainWindow
    name, _ = QFileDialog.getOpenFileName(
        window, "选择备份文件", str(documents_dir()), RESTORE_FILTER
    )
    if name and confirm_restore(window, Path(name)):
        window.start_restore(Path(name))


def confirm_restore(parent: QWidget, source: Path, made: datetime | None = None) -> bool:
    when = f"（备份时间：{made.astimezone():%Y-%m-%d %H:%M}）" if made else ""
    kept = "当前的数据库和附件、密钥等文件夹" if source.suffix.lower() == ".zip" else "当前数据库"
    answer = QMessageBox.question(
        parent,
        "从备份恢复",
        f"将用备份“{source.name}”{when}替换当前的数据。\n"
        f"备份文件会先完整校验；{kept}会先另存一份到数据文件夹的 backups 中。\n"
        "恢复后，本机的数据同步将开始新的周期。\n\n确定要恢复吗？",
    )
    return answer == QMessageBox.StandardButton.Yes


def start_restore(
    window: QMainWindow,
    runner: TaskRunner,
    services: Services,
    source: Path,
    restored: Callable[[], None],
) -> None:
    def job(progress: Progress) -> RestoreResult:
        result = services.maintenance.restore(source, progress)
        services.letters.reload_types()  # the county's letter templates come back with the data
        return result

    def done(result: RestoreResult) -> None:
        restored()
        QMessageBox.information(window, "恢复完成", describe_restore(result))

    runner.run(
        "正在从备份恢复",
        job,
        done,
        lambda exc: show_error(window, "恢复失败", exc),
        parent=window,
    )
