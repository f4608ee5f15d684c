"""Start-up of the desktop program: first-start set-up, bad-start dialogs, the main window."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from yuyou_desktop import APP_NAME, APP_TITLE, __version__
from yuyou_desktop.errors import YuyouError
from yuyou_desktop.gui.main_window import MainWindow
from yuyou_desktop.gui.messages import show_error
from yuyou_desktop.gui.resources import app_icon, stylesheet
from yuyou_desktop.gui.setup_dialog import SetupDialog
from yuyou_desktop.gui.tasks import TaskRunner
from yuyou_desktop.paths import DataPaths, resolve_data_dir
from yuyou_desktop.services import Services

ServicesFactory = Callable[[DataPaths], Services]


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="yuyou-desktop", description=APP_TITLE)
    parser.add_argument("--version", action="version", version=f"yuyou-desktop {__version__}")
    parser.add_argument("--data-dir", metavar="DIR", help="数据文件夹（也可用 YUYOU_DATA_DIR）")
    args, _qt_args = parser.parse_known_args(argv[1:])
    return args


def window_settings(paths: DataPaths) -> QSettings:
    """Window size, position and last tab live beside the database, one set per data folder."""
    return QSettings(str(paths.gui_settings), QSettings.Format.IniFormat)


def open_office(services: Services) -> int | None:
    """Bring the data folder to a usable state.

    Returns None when the main window can open, else the exit code: 0 when the user cancelled
    the set-up, 3 when the folder or database is unusable (shown in a dialog; no file changed).
    """
    try:
        services.paths.ensure_writable()
        initialised = services.office.is_initialised()
    except YuyouError as exc:
        show_error(None, "无法启动", exc)
        return 3
    if not initialised:
        dialog = SetupDialog(services)
        if dialog.exec() != SetupDialog.DialogCode.Accepted:
            return 0
        if dialog.load_demo:
            load_demo_blocking(services)
    try:
        services.database.open()
    except YuyouError as exc:
        show_error(None, "无法打开数据库", exc)
        return 3
    return None


def load_demo_blocking(services: Services) -> None:
    try:
        result = services.demo.load()
    except YuyouError as exc:
        show_error(None, "演示数据", exc)
        return
    parts = "，".join(f"{label} {n} 条" for label, n in result.added.items())
    QMessageBox.information(None, "演示数据", f"已载入演示数据：{parts}。")


def run(argv: list[str], factory: ServicesFactory) -> int:
    args = parse_args(argv)
    app = QApplication.instance() or QApplication(argv)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_TITLE)
    app.setApplicationVersion(__version__)
    try:
        services = factory(resolve_data_dir(args.data_dir))
    except (YuyouError, FileNotFoundError) as exc:
        message = exc.message if isinstance(exc, YuyouError) else str(exc)
        QMessageBox.critical(None, "无法启动", message)
        return 3
    app.setWindowIcon(app_icon(services.resources))
    app.setStyleSheet(stylesheet(services.resources))
    refused = open_office(services)
    if refused is not None:
        return refused
    runner = TaskRunner()
    window = MainWindow(
        services, services.office.current(), runner, window_settings(services.paths)
    )
    window.show()
    try:
        return app.exec()
    finally:
        runner.shutdown()
        services.database.close()
