"""The committed yuyou_desktop/gui/forms/ui_*.py are exactly what pyside6-uic makes of ui/*.ui."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("compile_forms", ROOT / "tools" / "compile_forms.py")
compile_forms = importlib.util.module_from_spec(spec)
spec.loader.exec_module(compile_forms)

UI_FILES = sorted((ROOT / "ui").glob("*.ui"))


def test_every_form_has_a_compiled_module_and_no_orphans():
    expected = {compile_forms.target_for(ui).name for ui in UI_FILES}
    present = {p.name for p in (ROOT / "yuyou_desktop" / "gui" / "forms").glob("ui_*.py")}
    assert expected and present == expected


@pytest.mark.parametrize("ui_file", UI_FILES, ids=lambda p: p.name)
def test_compiled_form_matches_its_source(ui_file: Path):
    committed = compile_forms.target_for(ui_file).read_text(encoding="utf-8")
    assert committed == compile_forms.compile_form(ui_file), (
        f"{ui_file.name} changed: run `python tools/compile_forms.py` and commit the result"
    )
