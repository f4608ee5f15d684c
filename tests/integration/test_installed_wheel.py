"""Resources and migration scripts are found from a non-editable install of the wheel."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

PROBE = """
import json, sys
from pathlib import Path
import yuyou_desktop
from yuyou_desktop.paths import resources_dir
from yuyou_desktop.storage import migrate
print(json.dumps({
    "package": str(Path(yuyou_desktop.__file__).resolve().parent),
    "resources": str(resources_dir()),
    "migrations": str(migrate.MIGRATIONS_DIR),
    "head": migrate.script_directory().get_current_head(),
    "head_constant": migrate.HEAD_REVISION,
}))
"""


def _run(args: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(args, capture_output=True, text=True, timeout=120, **kwargs)  # type: ignore[call-overload]
    assert result.returncode == 0, result.stdout + result.stderr
    return result


@pytest.mark.slow
def test_wheel_install_finds_resources_and_migrations(tmp_path: Path) -> None:
    wheels, target, work = tmp_path / "wheels", tmp_path / "site", tmp_path / "work"
    work.mkdir()
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input"]
    _run([*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(wheels), str(REPO)])
    [wheel] = list(wheels.glob("yuyou_desktop-*.whl"))
    _run([*pip, "install", "--no-deps", "--target", str(target), str(wheel)])

    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(target)
    found = json.loads(_run([sys.executable, "-c", PROBE], cwd=work, env=env).stdout)

    package = target / "yuyou_desktop"
    assert Path(found["package"]) == package.resolve()
    resources = Path(found["resources"])
    assert resources == (package / "_resources").resolve()
    for name in ("MANIFEST.txt", "demo/units.json", "demo/offices.json", "help/index.html"):
        assert (resources / name).is_file(), name
    assert REPO not in resources.parents

    migrations = Path(found["migrations"])
    assert package.resolve() in migrations.parents
    assert (migrations / "env.py").is_file()
    assert (migrations / "script.py.mako").is_file()
    assert list((migrations / "versions").glob("*.py"))
    assert found["head"] == found["head_constant"]

    # the installed program creates its database from the installed migrations and demo data
    cli = [sys.executable, "-m", "yuyou_desktop", "--data-dir", str(work / "data")]
    _run([*cli, "init", "--role", "county", "--office-code", "140623", "--office-name",
          "右玉县司法局", "--prefix", "右司监"], cwd=work, env=env)  # fmt: skip
    added = json.loads(_run([*cli, "demo", "--json"], cwd=work, env=env).stdout)["added"]
    assert sum(added.values()) > 0
    report = json.loads(_run([*cli, "check", "--json"], cwd=work, env=env).stdout)
    assert report["ok"] is True and report["schema_revision"] == found["head"]
