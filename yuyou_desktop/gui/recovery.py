"""Recovery at start-up: a damaged database can be replaced from a backup before the main
window opens (the 文件 menu is out of reach when the window cannot open)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from yuyou_desktop.errors import DatabaseDamaged, YuyouError
from yuyou_desktop.gui.messages import describe_restore, show_error

if TYPE_CHECKING:
    from collections.abc import Callable

    from yuyou_desktop.paths import DataPaths
    from yuyou_desktop.services import Services


def ask_restore(damage: DatabaseDamaged) -> bool:
    box = QMessageBox()
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("数据库无法使用")
    box.setText(damage.message)
    box.setInformativeText(
        "可以选择一个备份文件（.zip 或 .db）来替换它。"
        "当前文件会原样另存到数据文件夹的 backups 中，不会删除。"
    )
    restore = box.addButton("从备份恢复…", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("退出", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restore)
    box.exec()
    return box.clickedButton() is restore


def choose_backup() -> Path | None:
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    name, _ = QFileDialog.getOpenFileName(
        None, "选择备份文件", docs, "备份文件 (*.zip *.db);;所有文件 (*)"
    )
    return Path(name) if name else None


def recover_from_backup(
    damage: DatabaseDamaged,
    paths: DataPaths,
    factory: Callable[[DataPaths], Services],
) -> Services | None:
    """Offer to restore until it succeeds or the user gives up; the services on success."""
    while ask_restore(damage):
        source = choose_backup()
        if source is None:
            continue
        services = factory(paths)
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            result = services.maintenance.restore(source)
        except YuyouError as exc:
            services.database.close()
            QApplication.restoreOverrideCursor()
            show_error(None, "恢复失败", exc)
            continue
        QApplication.restoreOverrideCursor()
        QMessageBox.information(None, "恢复完成", describe_restore(result))
        return services
    return None
