"""Unexpected errors in the desktop program: logged with the traceback, one short dialog naming
the log file (never a storm of them), and the window goes on working; a background job's
unexpected error is logged too, and its dialog names the log file."""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer, qWarning
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.conftest import COUNTY
from yuyou_desktop import __version__, logs
from yuyou_desktop.__main__ import build_services
from yuyou_desktop.errors import InputRejected
from yuyou_desktop.gui import app as app_module
from yuyou_desktop.gui import error_hook, main_window, messages
from yuyou_desktop.gui.app import window_settings
from yuyou_desktop.gui.main_window import MainWindow
from yuyou_desktop.gui.tasks import TaskRunner


@pytest.fixture
def log_file(tmp_path):
    path = logs.configure_logging(tmp_path / "logs")
    root = logging.getLogger()
    yield path
    for handler in [h for h in root.handlers if h.get_name() == logs.HANDLER_NAME]:
        root.removeHandler(handler)
        handler.close()


@pytest.fixture
def boxes(monkeypatch) -> list[QMessageBox]:
    """The hook's dialogs, recorded as they are opened (not shown)."""
    opened: list[QMessageBox] = []

    class RecordingBox(QMessageBox):
        def open(self) -> None:
            opened.append(self)

    monkeypatch.setattr(error_hook, "QMessageBox", RecordingBox)
    return opened


@pytest.fixture
def folders_opened(monkeypatch) -> list[str]:
    opened: list[str] = []

    def open_url(url):
        opened.append(url.toLocalFile())
        return True

    monkeypatch.setattr(main_window.QDesktopServices, "openUrl", open_url)
    return opened


def text_of(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def make_window(qtbot, services, runner, log_file: Path | None) -> MainWindow:
    window = MainWindow(
        services.paths,
        services.resources,
        services.office.current(),
        runner,
        window_settings(services.paths),
        log_file=log_file,
    )
    qtbot.addWidget(window)
    window.show()
    return window


def broken_about(self: MainWindow) -> None:
    raise ValueError("关于对话框坏了")


def test_an_error_in_a_slot_is_logged_told_and_the_window_goes_on(
    qtbot, county, runner, monkeypatch, log_file, boxes, folders_opened
):
    monkeypatch.setattr(MainWindow, "show_about", broken_about)
    window = make_window(qtbot, county, runner, log_file)
    with qtbot.captureExceptions() as raised, error_hook.installed(log_file):
        window.ui.actionAbout.trigger()
        qtbot.waitUntil(lambda: len(boxes) == 1, timeout=3000)
        box = boxes[0]
        assert box.windowTitle() == "意外错误"
        assert box.text() == (
            f"程序遇到意外错误：关于对话框坏了。详细信息已记录在日志文件：{log_file}"
        )
        text = text_of(log_file)
        assert "Traceback (most recent call last)" in text
        assert "ValueError: 关于对话框坏了" in text and "broken_about" in text
        # the window goes on: its menus work, e.g. 帮助 → 打开日志文件夹
        assert window.isVisible() and window.ui.actionOpenLogs.isVisible()
        window.ui.actionOpenLogs.trigger()
        assert folders_opened == [str(log_file.parent)]
        window.ui.tabs.setCurrentIndex(1)
        assert window.ui.tabs.currentIndex() == 1
    assert len(raised) == 1  # handed on to the hook it replaced (a console still sees it)


def test_errors_while_the_dialog_is_open_are_only_logged(
    qtbot, county, runner, monkeypatch, log_file, boxes
):
    monkeypatch.setattr(MainWindow, "show_about", broken_about)
    window = make_window(qtbot, county, runner, log_file)
    with qtbot.captureExceptions(), error_hook.installed(log_file) as hook:
        window.ui.actionAbout.trigger()
        qtbot.waitUntil(lambda: len(boxes) == 1, timeout=3000)
        for _ in range(3):
            window.ui.actionAbout.trigger()
        QApplication.processEvents()  # the queued reports are delivered
        assert len(boxes) == 1 and hook.box is boxes[0]
        assert text_of(log_file).count("ValueError: 关于对话框坏了") == 4
        boxes[0].done(QMessageBox.StandardButton.Ok)  # the user closes it
        assert hook.box is None
        window.ui.actionAbout.trigger()
        qtbot.waitUntil(lambda: len(boxes) == 2, timeout=3000)


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
def test_an_error_in_a_plain_thread_is_logged_and_told_on_the_gui_thread(qtbot, log_file, boxes):
    def work() -> None:
        raise OSError("设备未就绪")

    with error_hook.installed(log_file):
        thread = threading.Thread(target=work, name="打印线程")
        thread.start()
        thread.join()
        qtbot.waitUntil(lambda: len(boxes) == 1, timeout=3000)
    assert boxes[0].text().startswith("程序遇到意外错误：设备未就绪。")
    text = text_of(log_file)
    assert "线程 打印线程 中的意外错误" in text and "OSError: 设备未就绪" in text


def test_qt_warnings_go_to_the_log_and_the_hooks_are_put_back(log_file):
    before = (sys.excepthook, threading.excepthook)
    with error_hook.installed(log_file):
        qWarning("QFont::setPointSize: Point size <= 0 (-1)")
    assert (sys.excepthook, threading.excepthook) == before
    line = text_of(log_file).splitlines()[-1]
    assert " WARNING " in line and line.endswith("qt: QFont::setPointSize: Point size <= 0 (-1)")


def test_a_background_job_s_unexpected_error_is_logged_and_its_dialog_names_the_log(
    qtbot, log_file, monkeypatch
):
    runner = TaskRunner(log_file=log_file)
    errors: list[BaseException] = []

    def broken(progress):
        raise KeyError("unit_id")

    def refused(progress):
        raise InputRejected("文件无效，未导入。")

    runner.run("导出", broken, lambda r: None, errors.append)
    runner.run("导入", refused, lambda r: None, errors.append)
    qtbot.waitUntil(lambda: len(errors) == 2, timeout=3000)
    runner.shutdown()
    text = text_of(log_file)
    assert "后台任务“导出”意外失败" in text
    assert "Traceback (most recent call last)" in text and "KeyError: 'unit_id'" in text
    assert "in broken" in text
    assert "文件无效" not in text  # an expected refusal is the user's business, not the log's

    shown: list[str] = []
    monkeypatch.setattr(messages.QMessageBox, "exec", lambda box: shown.append(box.text()))
    messages.show_error(None, "导出失败", errors[0])
    messages.show_error(None, "无法导入", errors[1])
    assert shown[0].startswith("发生意外错误：'unit_id'")
    assert shown[0].endswith(f"详细信息已记录在日志文件：{log_file}")
    assert shown[1] == "文件无效，未导入。"


def test_without_a_log_file_the_menu_item_is_hidden(qtbot, county, runner):
    window = make_window(qtbot, county, runner, None)
    assert not window.ui.actionOpenLogs.isVisible()
    assert window.ui.actionOpenLogs in window.ui.menuHelp.actions()


def test_the_program_logs_its_start_and_hands_the_log_file_to_the_window(
    qapp, county, log_file, monkeypatch
):
    county.database.close()
    seen: list[tuple[Path | None, bool]] = []

    def poll() -> None:
        windows = [w for w in qapp.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        if windows:
            seen.append((windows[0].log_file, windows[0].ui.actionOpenLogs.isVisible()))
            windows[0].close()
        else:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(20, poll)
    argv = ["yuyou-desktop", "--data-dir", str(county.paths.root)]
    assert app_module.run(argv, build_services, log_file) == 0
    assert seen == [(log_file, True)]
    text = text_of(log_file)
    assert f"yuyou-desktop {__version__} 启动，数据文件夹：{county.paths.root}" in text
    assert "yuyou-desktop 退出（退出码 0）" in text
    assert COUNTY["name"] not in text  # quiet: start and stop, not the user's data
