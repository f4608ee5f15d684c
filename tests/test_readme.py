"""README's two commands stay true: CI runs the test command verbatim."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def fenced_commands(section: str) -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    part = text.split(f"## {section}", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", part, flags=re.S)


def test_ci_runs_the_readme_test_command():
    (command,) = fenced_commands("Test it")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert command in ci.splitlines()


def test_run_command_installs_and_starts_the_desktop_program():
    (command,) = fenced_commands("Run it")
    assert "pip install ." in command and command.endswith("yuyou-desktop")
    assert "yuyou-desktop" in (ROOT / "pyproject.toml").read_text(encoding="utf-8")


def test_windows_version_resource_matches_the_program_version():
    from yuyou_desktop import __version__

    text = (ROOT / "tools" / "windows_version_info.txt").read_text(encoding="utf-8")
    assert f"StringStruct('ProductVersion', '{__version__}')" in text
    assert f"StringStruct('FileVersion', '{__version__}')" in text
    numbers = (*(int(part) for part in __version__.split(".")), 0)
    assert f"filevers={numbers}" in text
