"""Project rules that CI enforces: the Qt layer rule (import-linter) and ruff."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def run(*cmd: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, encoding="utf-8")


def test_only_the_gui_package_imports_qt_and_layers_point_down():
    result = run(str(BIN / "lint-imports"), "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 2 kept, 0 broken" in result.stdout


def test_ruff_lint_is_clean():
    result = run(sys.executable, "-m", "ruff", "check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_clean():
    result = run(sys.executable, "-m", "ruff", "format", "--check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_module_past_the_size_limit():
    """Modules past ~400 lines are split (generated forms excepted)."""
    too_long = {
        str(path.relative_to(ROOT)): n
        for path in (ROOT / "yuyou_desktop").rglob("*.py")
        if "forms" not in path.parts
        and (n := len(path.read_text(encoding="utf-8").splitlines())) > 400
    }
    assert too_long == {}
