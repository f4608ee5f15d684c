"""``yuyou-desktop --smoke-test [PNG]``: what CI runs on the frozen program
(tools/build_bundle.py), here on the source program in a separate process."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from yuyou_desktop.gui.main_window import TAB_TITLES

START_GUI = "import sys; from yuyou_desktop.__main__ import main_gui; sys.exit(main_gui(sys.argv))"

pytestmark = pytest.mark.slow


def smoke_test(*args: str, user_data: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "YUYOU_DATA_DIR": str(user_data)}
    return subprocess.run(
        [sys.executable, "-c", START_GUI, "--smoke-test", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=180,
        stdin=subprocess.DEVNULL,
    )


def test_smoke_test_shows_the_demo_office_saves_a_picture_and_leaves_user_data_alone(tmp_path):
    picture = tmp_path / "window.png"
    user_data = tmp_path / "user-data"

    result = smoke_test(str(picture), user_data=user_data)

    assert result.returncode == 0, result.stderr
    (line,) = [s for s in result.stdout.splitlines() if s.startswith("smoke ok: ")]
    assert line.startswith("smoke ok: 行政执法协调监督工作台 — 右卫镇司法所, tabs: ")
    assert ", ".join(TAB_TITLES) in line
    assert re.search(r"执法主体 [1-9]\d*", line), "the record counts of the demo data are shown"
    assert "Qt buttons: 取消" in line, "Qt's own texts are Chinese"
    image = QImage(str(picture))
    assert not image.isNull() and image.width() >= 800 and image.height() >= 500
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)
    }
    assert len(colours) > 20, "the picture shows the window, not an empty surface"
    assert not user_data.exists(), "the user's data folder is never touched"
    assert not (tmp_path / "xdg-data" / "yuyou-desktop").exists()


def test_smoke_test_that_cannot_save_its_picture_fails_with_a_message(tmp_path):
    folder = tmp_path / "a-folder.png"
    folder.mkdir()

    result = smoke_test(str(folder), user_data=tmp_path / "user-data")

    assert result.returncode == 1
    assert "smoke ok" not in result.stdout
    assert "smoke failed: could not save the window picture" in result.stderr
