"""First-start dialog: role, 行政区划代码, name and 机关代字 of the office."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from yuyou_desktop.domain.enums import OfficeRole
from yuyou_desktop.domain.office import CODE_LENGTH
from yuyou_desktop.errors import FieldError, YuyouError
from yuyou_desktop.gui.forms.ui_setup_dialog import Ui_SetupDialog

if TYPE_CHECKING:
    from yuyou_desktop.domain.office import OfficeInfo
    from yuyou_desktop.services import Services


class SetupDialog(QDialog):
    """Creates the office when accepted; a rejected value keeps the dialog open with a reason."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_SetupDialog()
        self.ui.setupUi(self)
        self._services = services
        self.office: OfficeInfo | None = None
        for role in OfficeRole:
            self.ui.roleCombo.addItem(role.label, role.value)
        self.ui.codeEdit.setValidator(
            QRegularExpressionValidator(QRegularExpression(r"\d{0,12}"), self)
        )
        self.ui.roleCombo.currentIndexChanged.connect(self._update_code_hint)
        self._update_code_hint()
        self.ui.dataDirLabel.setText(f"数据将保存在：{services.paths.root}")
        self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.ui.buttonBox.accepted.connect(self._submit)
        self.ui.buttonBox.rejected.connect(self.reject)
        self._fields = {
            "单位类型": self.ui.roleCombo,
            "行政区划代码": self.ui.codeEdit,
            "单位名称": self.ui.nameEdit,
            "机关代字": self.ui.prefixEdit,
        }

    @property
    def load_demo(self) -> bool:
        return self.ui.demoCheck.isChecked()

    def _update_code_hint(self) -> None:
        role = OfficeRole(self.ui.roleCombo.currentData())
        example = "140623" if role is OfficeRole.COUNTY else "140623101"
        self.ui.codeEdit.setPlaceholderText(f"{CODE_LENGTH[role]}位数字，例如 {example}")

    def _submit(self) -> None:
        self.ui.errorLabel.clear()
        try:
            self.office = self._services.office.initialize(
                self.ui.roleCombo.currentData(),
                self.ui.codeEdit.text(),
                self.ui.nameEdit.text(),
                self.ui.prefixEdit.text(),
            )
        except FieldError as exc:
            self.ui.errorLabel.setText(exc.message)
            widget = self._fields.get(exc.field)
            if widget is not None:
                widget.setFocus()
            return
        except YuyouError as exc:
            self.ui.errorLabel.setText(exc.message)
            return
        self.accept()
