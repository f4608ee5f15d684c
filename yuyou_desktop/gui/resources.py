"""Icons and the stylesheet from ``resources/``."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QIcon


def app_icon(resources: Path) -> QIcon:
    icon = QIcon()
    for size in (16, 32, 48, 64, 256):
        png = resources / "icons" / f"app-{size}.png"
        if png.is_file():
            icon.addFile(str(png))
    return icon


def stylesheet(resources: Path) -> str:
    path = resources / "style.qss"
    return path.read_text(encoding="utf-8") if path.is_file() else ""
