"""Fixtures shared by the GUI tests."""

from __future__ import annotations

import pytest

from yuyou_desktop.gui.tasks import TaskRunner


@pytest.fixture
def runner():
    """The worker thread the widgets run their jobs on, stopped after the test."""
    runner = TaskRunner()
    yield runner
    runner.shutdown()
