"""帮助 menu: 使用说明 and 关于."""

from __future__ import annotations

import html
import platform
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QUrl, qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from yuyou_desktop import APP_TITLE, __version__
from yuyou_desktop.gui.forms.ui_about_dialog import Ui_AboutDialog
from yuyou_desktop.gui.forms.ui_help_dialog import Ui_HelpDialog
from yuyou_desktop.gui.resources import app_icon

if TYPE_CHECKING:
    from yuyou_desktop.domain.office import OfficeInfo
    from yuyou_desktop.paths import DataPaths


class HelpDialog(QDialog):
    def __init__(self, resources: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_HelpDialog()
        self.ui.setupUi(self)
        self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        page = resources / "help" / "index.html"
        self.ui.browser.setSearchPaths([str(page.parent)])
        self.ui.browser.setSource(QUrl.fromLocalFile(str(page)))


class AboutDialog(QDialog):
    def __init__(
        self,
        paths: DataPaths,
        resources: Path,
        office: OfficeInfo,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ui = Ui_AboutDialog()
        self.ui.setupUi(self)
        self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        self.ui.iconLabel.setPixmap(app_icon(resources).pixmap(64, 64))
        self.ui.titleLabel.setText(APP_TITLE)
        rows = [
            ("版本", __version__),
            ("本单位", f"{office.name}（{office.role_label}，代码 {office.code}）"),
            ("签名密钥指纹", office.key_fingerprint),
            ("数据文件夹", str(paths.root)),
            ("数据库", str(paths.database)),
            (
                "运行环境",
                f"Python {platform.python_version()}，Qt {qVersion()}，PySide6 {pyside_version}",
            ),
        ]
        table = "".join(
            f"<tr><td><b>{html.escape(k)}</b>&nbsp;&nbsp;</td><td>{html.escape(v)}</td></tr>"
            for k, v in rows
        )
        self.ui.detailsLabel.setText(
            f"<p>供乡镇司法所和县司法局开展行政执法协调监督工作使用。</p><table>{table}</table>"
        )
