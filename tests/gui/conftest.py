"""Fixtures shared by the GUI tests."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from tests.gui.sync_gui_support import township_services
from yuyou_desktop.gui.tasks import TaskRunner


@pytest.fixture
def runner():
    """The worker thread the widgets run their jobs on, stopped after the test."""
    runner = TaskRunner()
    yield runner
    runner.shutdown()


@pytest.fixture
def town(tmp_path):
    """An initialised township office (新城镇) for the 数据同步 tab's tests."""
    with township_services(tmp_path / "township") as services:
        yield services


@pytest.fixture
def usb(tmp_path) -> Path:
    """The stick packages are carried on."""
    folder = tmp_path / "usb"
    folder.mkdir()
    return folder


@pytest.fixture(autouse=True)
def _collect_on_the_gui_thread():
    """As the program does (``gui/gc_guard``): no automatic collection while a test runs, so it
    never happens on a worker thread (a Qt object collected there can deadlock with the GUI
    thread); the test's garbage is collected here, on the GUI thread, when it ends."""
    gc.disable()
    yield
    gc.collect()
    gc.enable()
