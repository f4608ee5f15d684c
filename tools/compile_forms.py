"""Compile ui/*.ui into yuyou_desktop/gui/forms/ui_*.py with pyside6-uic.

Run after editing a form:  python tools/compile_forms.py
tests/gui/test_forms_current.py fails when the committed modules drift from the sources.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
UI_DIR = ROOT / "ui"
FORMS_DIR = ROOT / "yuyou_desktop" / "gui" / "forms"
HEADER = "# Generated from ui/{name} by tools/compile_forms.py (pyside6-uic) – do not edit.\n"


def uic_command() -> list[str]:
    exe = shutil.which("pyside6-uic", path=str(Path(sys.executable).parent))
    return [exe] if exe else [sys.executable, "-m", "PySide6.scripts.pyside_tool", "uic"]


def compile_form(ui_file: Path) -> str:
    """The Python source for one form, with uic's version banner replaced by our header."""
    result = subprocess.run(
        [*uic_command(), "--from-imports", str(ui_file)],
        check=True,
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    body = [
        line
        for line in result.stdout.splitlines(keepends=True)
        if not line.startswith("##")  # uic's banner names the Qt version; keep output stable
    ]
    return HEADER.format(name=ui_file.name) + "".join(body).lstrip("\n")


def target_for(ui_file: Path) -> Path:
    return FORMS_DIR / f"ui_{ui_file.stem}.py"


def main() -> int:
    FORMS_DIR.mkdir(parents=True, exist_ok=True)
    for ui_file in sorted(UI_DIR.glob("*.ui")):
        target_for(ui_file).write_text(compile_form(ui_file), encoding="utf-8")
        print(f"{ui_file.name} -> {target_for(ui_file).relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
