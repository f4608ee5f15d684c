"""Start-up of the desktop program: first-start set-up, bad-start dialogs, the main window.

The usual start is fast: the database is first looked at read-only with the standard
library (office, schema revision), the main window is shown at once, and the services
(SQLAlchemy, the open database) are built on the worker thread and attached when ready.
A first start, a schema upgrade or any doubt about the file takes the careful path with
the services built before the window.
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from yuyou_desktop import APP_NAME, APP_TITLE, __version__
from yuyou_desktop.errors import DatabaseDamaged, YuyouError
from yuyou_desktop.gui import error_hook
from yuyou_desktop.gui.accounts.login import sign_in_gate, signed_in
from yuyou_desktop.gui.backup_actions import start_daily_backup
from yuyou_desktop.gui.gc_guard import MainThreadCollector
from yuyou_desktop.gui.main_window import MainWindow
from yuyou_desktop.gui.messages import show_error
from yuyou_desktop.gui.recovery import recover_from_backup
from yuyou_desktop.gui.resources import app_icon, install_qt_translations, stylesheet
from yuyou_desktop.gui.tasks import TaskRunner
from yuyou_desktop.logs import log_start
from yuyou_desktop.paths import DataPaths, resolve_data_dir, resources_dir
from yuyou_desktop.storage import migrate, sqlite_file

if TYPE_CHECKING:
    from yuyou_desktop.domain.office import OfficeInfo
    from yuyou_desktop.progress import Progress
    from yuyou_desktop.services import Services

ServicesFactory = Callable[[DataPaths], "Services"]


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="yuyou-desktop", description=APP_TITLE)
    parser.add_argument(
        "--version",
        action="version",
        version=f"yuyou-desktop {__version__}",
        help="显示版本号并退出",
    )
    parser.add_argument("--data-dir", metavar="DIR", help="数据文件夹（也可用 YUYOU_DATA_DIR）")
    parser.add_argument(
        "--smoke-test",
        nargs="?",
        const="",
        metavar="PNG",
        help="自检：在临时文件夹中用演示数据打开主窗口（可存为 PNG 图片）后退出",
    )
    args, _qt_args = parser.parse_known_args(argv[1:])
    return args


def window_settings(paths: DataPaths) -> QSettings:
    """Window size, position and last tab live beside the database, one set per data folder."""
    return QSettings(str(paths.gui_settings), QSettings.Format.IniFormat)


def ready_office(paths: DataPaths) -> OfficeInfo | None:
    """The office of a database that can be opened as it is, or None (careful path needed).

    Raises :class:`YuyouError` for an unusable folder or file (nothing is changed).
    """
    paths.ensure_writable()
    if not paths.database.exists():
        return None
    found = sqlite_file.probe(paths.database)
    if found.revision != migrate.HEAD_REVISION:
        return None
    return found.office


def prepare_services(services: Services) -> int | None:
    """The careful path: set-up dialog when needed, then open (and maybe upgrade) the database.

    Returns None when the main window can open, else the exit code: 0 when the user cancelled
    the set-up, 3 when the database is unusable (shown in a dialog; no file changed).
    """
    try:
        initialised = services.office.is_initialised()
    except YuyouError as exc:
        show_error(None, "无法启动", exc)
        return 3
    if not initialised:
        from yuyou_desktop.gui.setup_dialog import SetupDialog

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


def run(argv: list[str], factory: ServicesFactory, log_file: Path | None = None) -> int:
    """The desktop program.  An unexpected error anywhere is logged (to ``log_file``, from
    ``logs.configure_logging``) and told in a dialog naming it, and the program goes on."""
    with error_hook.installed(log_file):
        code = _run(argv, factory, log_file)
    logging.getLogger(APP_NAME).info("yuyou-desktop 退出（退出码 %s）", code)
    return code


def _run(argv: list[str], factory: ServicesFactory, log_file: Path | None) -> int:
    args = parse_args(argv)
    app = QApplication.instance() or QApplication(argv)
    collector = MainThreadCollector(app)  # never on a worker thread (see gc_guard)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_TITLE)
    app.setApplicationVersion(__version__)
    install_qt_translations(app)
    if args.smoke_test is not None:  # a demonstration office in a temporary folder
        from yuyou_desktop.gui.smoke import run_smoke

        return run_smoke(app, factory, args.smoke_test, collector)
    services: Services | None = None
    try:
        paths = resolve_data_dir(args.data_dir)
        log_start("yuyou-desktop", paths.root)
        resources = resources_dir()
        app.setWindowIcon(app_icon(resources))
        app.setStyleSheet(stylesheet(resources))
        office = ready_office(paths)
    except DatabaseDamaged as damage:
        services = recover_from_backup(damage, paths, factory)
        if services is None:
            return 3
        office = None
    except (YuyouError, FileNotFoundError) as exc:
        message = exc.message if isinstance(exc, YuyouError) else str(exc)
        show_error(None, "无法启动", YuyouError(message))
        return 3
    runner = TaskRunner(log_file=log_file)
    exit_code: list[int] = []
    if office is None:
        services = services or factory(paths)
        refused = prepare_services(services)
        if refused is None and not sign_in_gate(None, services):  # gui/accounts/login.py
            services.database.close()
            refused = 0
        if refused is not None:
            runner.shutdown()
            return refused
        office = services.office.current()
    window = MainWindow(paths, resources, office, runner, window_settings(paths), log_file=log_file)
    window.show()

    def attach(built: Services) -> None:
        if not signed_in(window, built):  # quit at the sign-in: window and database closed
            return
        window.attach(built)
        start_daily_backup(window, runner, built)  # the first start of a day: backup_actions

    if services is not None:
        attach(services)
    else:

        def build(progress: Progress) -> Services:
            built = factory(paths)
            built.database.open()
            return built

        def failed(exc: BaseException) -> None:
            show_error(window, "无法打开数据库", exc)
            exit_code.append(3)
            window.close()

        runner.run("正在打开数据库", build, attach, failed, parent=window)
    try:
        code = app.exec()
    finally:
        runner.shutdown()
        collector.stop()
        if window.services is not None:
            window.services.database.close()
    return exit_code[0] if exit_code else code
