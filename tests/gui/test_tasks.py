"""The background task runner: results on the GUI thread, progress dialog, cancel, errors."""

from __future__ import annotations

import threading
import time

from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from yuyou_desktop.errors import InputRejected
from yuyou_desktop.gui.tasks import SHOW_AFTER_MS, TaskRunner


def test_result_is_delivered_on_the_gui_thread(qtbot):
    runner = TaskRunner()
    seen = {}

    def job(progress):
        seen["worker"] = threading.current_thread()
        return 42

    def done(result):
        seen["result"] = result
        seen["callback"] = threading.current_thread()

    runner.run("计算", job, done, lambda exc: seen.setdefault("error", exc))
    qtbot.waitUntil(lambda: "result" in seen, timeout=3000)
    runner.shutdown()
    assert seen["result"] == 42
    assert seen["worker"] is not threading.main_thread()
    assert seen["callback"] is threading.main_thread()


def test_error_reaches_on_error_not_lost(qtbot):
    runner = TaskRunner()
    errors = []

    def job(progress):
        raise InputRejected("文件无效")

    runner.run("导入", job, lambda r: None, errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=3000)
    runner.shutdown()
    assert isinstance(errors[0], InputRejected)
    assert errors[0].message == "文件无效"


def test_quick_job_shows_no_progress_dialog(qtbot):
    runner = TaskRunner()
    results = []
    task = runner.run("快速", lambda p: "ok", results.append, lambda e: None)
    qtbot.waitUntil(lambda: bool(results), timeout=3000)
    qtbot.wait(SHOW_AFTER_MS + 100)
    runner.shutdown()
    assert task.dialog is None
    assert not runner.busy


def test_slow_job_shows_dialog_and_cancel_stops_it(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    runner = TaskRunner()
    outcome = {}
    started = threading.Event()

    def job(progress):
        started.set()
        for i in range(400):
            progress.report(i, 400, f"第 {i} 项")
            progress.check_cancelled()
            time.sleep(0.01)
        return "finished"

    task = runner.run(
        "长任务",
        job,
        lambda r: outcome.setdefault("result", r),
        lambda e: outcome.setdefault("error", e),
        parent=parent,
        on_cancel=lambda: outcome.setdefault("cancelled", True),
    )
    qtbot.waitUntil(lambda: task.dialog is not None and task.dialog.isVisible(), timeout=3000)
    assert task.dialog.maximum() == 400
    assert task.dialog.labelText().startswith("第 ")
    cancel_button = task.dialog.findChild(QPushButton)
    assert cancel_button.text() == "取消"
    cancel_button.click()
    qtbot.waitUntil(lambda: "cancelled" in outcome, timeout=3000)
    runner.shutdown()
    assert "result" not in outcome and "error" not in outcome
    assert task.dialog is None
    QApplication.processEvents()


def test_jobs_run_one_at_a_time_in_submission_order(qtbot):
    runner = TaskRunner()
    order = []
    active = []

    def make(n):
        def job(progress):
            active.append(n)
            assert len(active) == 1
            time.sleep(0.02)
            active.remove(n)
            return n

        return job

    for n in range(5):
        runner.run("顺序", make(n), order.append, lambda e: order.append(e))
    qtbot.waitUntil(lambda: len(order) == 5, timeout=5000)
    runner.shutdown()
    assert order == [0, 1, 2, 3, 4]
