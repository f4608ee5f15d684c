"""Icons and the stylesheet from ``resources/``; Qt's own Chinese translations."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
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


def install_qt_translations(app: QCoreApplication) -> QTranslator | None:
    """Qt's standard texts in Chinese — the buttons of message boxes (确定, 是, 否, 取消), file
    dialogs, context menus — from the ``qtbase_zh_CN`` catalogue shipped with PySide6.  The
    translator is parented to ``app``; None when the catalogue is missing (English buttons)."""
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(
        QLocale(QLocale.Language.Chinese, QLocale.Country.China), "qtbase", "_", folder
    ):
        translator.deleteLater()
        return None
    app.installTranslator(translator)
    return translator
