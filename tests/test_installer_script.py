"""tools/installer.iss (Inno Setup, compiled on Windows only) stays true to the program: its
name, its version, the folder build_installer.spec makes.  Nothing here runs Inno Setup."""

from __future__ import annotations

import re
from pathlib import Path

from yuyou_desktop import APP_NAME, APP_TITLE, __version__

ROOT = Path(__file__).resolve().parents[1]
ISS = ROOT / "tools" / "installer.iss"


def script() -> str:
    return ISS.read_text(encoding="utf-8-sig")


def test_the_setup_shows_the_version_of_the_program():
    """The preprocessor takes the first line starting with `__version__ = "` and the text from
    column 16 up to the last quote — the same steps here, on the real file."""
    text = script()
    assert "#if Pos('__version__ = \"', VersionLine) == 1" in text
    assert "Copy(VersionLine, 16, RPos('\"', VersionLine) - 16)" in text
    lines = (ROOT / "yuyou_desktop" / "__init__.py").read_text(encoding="utf-8").splitlines()
    line = next(line for line in lines if line.startswith('__version__ = "'))
    start = 16 - 1  # Copy() counts from 1
    assert line[start : line.rindex('"')] == __version__
    assert "AppVersion={#AppVersion}" in text
    assert "OutputBaseFilename=yuyou-desktop-{#AppVersion}-setup" in text


def test_the_setup_installs_the_named_program_with_a_shortcut_and_an_uninstaller():
    text = script()
    assert f'#define AppName "{APP_TITLE}"' in text
    assert "DefaultDirName={autopf}\\{#AppName}" in text
    assert 'Name: "{autoprograms}\\{#AppName}"; Filename: "{app}\\{#AppExe}"' in text
    assert "UninstallDisplayName={#AppName}" in text
    assert "Uninstallable=no" not in text
    assert ISS.read_bytes().startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM (the Chinese name)"


def test_the_setup_takes_the_folder_the_spec_builds():
    spec = (ROOT / "build_installer.spec").read_text(encoding="utf-8")
    assert f'name="{APP_NAME}"' in spec and "console=False" in spec
    text = script()
    assert f'#define Bundle "..\\dist\\{APP_NAME}"' in text
    assert f'#define AppExe "{APP_NAME}.exe"' in text
    icon = re.search(r"^SetupIconFile=\.\.\\(.+)$", text, flags=re.M)
    assert icon is not None and (ROOT / icon.group(1).strip().replace("\\", "/")).is_file()
