"""登记单位公钥: the other office's code and name, its key file; the fingerprint read from the
file is shown large, to be compared over the phone before 确认登记 can be pressed.  A refusal
is shown in the dialog, which stays open."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from yuyou_desktop.domain.enums import OfficeRole
from yuyou_desktop.errors import YuyouError
from yuyou_desktop.gui.sync.presentation import GREY, WARN_STYLE, big_font, role_label
from yuyou_desktop.services.sync.keys import KeyFile, read_key_file

if TYPE_CHECKING:
    from yuyou_desktop.services.sync.keys import KeyService, TrustedOffice

KEY_FILTER = "公钥文件 (*.key.json *.json);;所有文件 (*)"
NO_FILE = "（选择公钥文件后，这里显示文件中的公钥指纹）"
PHONE_CHECK = (
    "请打电话给对方，请对方打开本程序的“数据同步”页，读出“本单位公钥指纹”，与上面的指纹"
    "逐组核对。全部一致才能点“确认登记”；只要有一个字符不同，就不要登记，请对方重新发送公钥文件。"
)


class EnrolDialog(QDialog):
    """``trusted`` holds the enrolled office after 确认登记 succeeded."""

    def __init__(
        self, keys: KeyService, own_role: str, folder: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("enrolDialog")
        self.setWindowTitle("登记单位公钥")
        self.keys = keys
        self.folder = folder
        self.key_file: KeyFile | None = None
        self.path: Path | None = None
        self.trusted: TrustedOffice | None = None
        at_county = own_role == OfficeRole.COUNTY.value
        layout = QVBoxLayout(self)
        intro = QLabel(
            "登记乡镇司法所的公钥后，才能导入该所报送的数据包。"
            if at_county
            else "登记县司法局的公钥后，才能导出数据包（只有县司法局能打开）并导入县司法局下发的"
            "参考数据包。"
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.codeEdit = QLineEdit()
        self.codeEdit.setObjectName("codeEdit")
        self.codeEdit.setPlaceholderText(
            "9 位乡镇代码，如 140623101" if at_county else "6 位县级代码，如 140623"
        )
        self.nameEdit = QLineEdit()
        self.nameEdit.setObjectName("nameEdit")
        self.nameEdit.setPlaceholderText("如不填写，使用公钥文件中的名称")
        self.fileEdit = QLineEdit()
        self.fileEdit.setObjectName("fileEdit")
        self.fileEdit.setReadOnly(True)
        self.fileEdit.setPlaceholderText("尚未选择")
        self.chooseButton = QPushButton("选择公钥文件…")
        self.chooseButton.setObjectName("chooseKeyButton")
        self.chooseButton.clicked.connect(self.choose_file)
        file_row = QHBoxLayout()
        file_row.addWidget(self.fileEdit, 1)
        file_row.addWidget(self.chooseButton)
        form.addRow("对方单位代码", self.codeEdit)
        form.addRow("对方单位名称", self.nameEdit)
        form.addRow("公钥文件", file_row)
        layout.addLayout(form)
        layout.addWidget(self._fingerprint_box())
        self.errorLabel = QLabel()
        self.errorLabel.setObjectName("errorLabel")
        self.errorLabel.setWordWrap(True)
        self.errorLabel.setStyleSheet(WARN_STYLE)
        self.errorLabel.hide()
        layout.addWidget(self.errorLabel)
        buttons = QDialogButtonBox()
        self.confirmButton = buttons.addButton("确认登记", QDialogButtonBox.ButtonRole.AcceptRole)
        self.confirmButton.setObjectName("confirmButton")
        self.confirmButton.setEnabled(False)
        cancel = buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.confirmButton.clicked.connect(self.submit)
        cancel.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(620)

    def _fingerprint_box(self) -> QFrame:
        box = QFrame()
        box.setFrameShape(QFrame.Shape.StyledPanel)
        inner = QVBoxLayout(box)
        self.fileOfficeLabel = QLabel()
        self.fileOfficeLabel.setObjectName("fileOfficeLabel")
        self.fingerprintLabel = QLabel(NO_FILE)
        self.fingerprintLabel.setObjectName("fingerprintLabel")
        self.fingerprintLabel.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.fingerprintLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fingerprintLabel.setStyleSheet(f"color: {GREY};")
        self.phoneLabel = QLabel(PHONE_CHECK)
        self.phoneLabel.setObjectName("phoneLabel")
        self.phoneLabel.setWordWrap(True)
        self.phoneLabel.hide()
        inner.addWidget(self.fileOfficeLabel)
        inner.addWidget(self.fingerprintLabel)
        inner.addWidget(self.phoneLabel)
        self.fileOfficeLabel.hide()
        return box

    # ------------------------------------------------------------ the file

    def choose_file(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, "选择对方单位的公钥文件", str(self.folder), KEY_FILTER
        )
        if chosen:
            self.folder = Path(chosen).parent
            self.load_file(Path(chosen))

    def load_file(self, path: Path) -> None:
        """Read the file and show its fingerprint; a bad file leaves 确认登记 disabled."""
        self.fileEdit.setText(str(path))
        try:
            found = read_key_file(path)
        except YuyouError as exc:
            self.key_file = self.path = None
            self.fingerprintLabel.setText(NO_FILE)
            self.fingerprintLabel.setFont(self.font())
            self.fingerprintLabel.setStyleSheet(f"color: {GREY};")
            self.fileOfficeLabel.hide()
            self.phoneLabel.hide()
            self.confirmButton.setEnabled(False)
            self.show_error(exc.message)
            return
        self.key_file, self.path = found, path
        self.fileOfficeLabel.setText(
            f"文件中的单位：{found.office_name}（{found.office_code}，{role_label(found.role)}）"
            "　公钥指纹："
        )
        self.fileOfficeLabel.show()
        self.fingerprintLabel.setText(found.fingerprint)
        self.fingerprintLabel.setFont(big_font(self.font()))
        self.fingerprintLabel.setStyleSheet("color: palette(window-text);")
        self.phoneLabel.show()
        self.errorLabel.hide()
        self.confirmButton.setEnabled(True)

    def show_error(self, message: str) -> None:
        self.errorLabel.setText(message)
        self.errorLabel.show()

    # ------------------------------------------------------------ 确认登记

    def submit(self) -> None:
        if self.path is None:
            return
        code = self.codeEdit.text().strip()
        if not code:
            self.show_error("请填写对方单位代码（与对方核对后填写）。")
            return
        try:
            self.trusted = self.keys.trust(code, self.nameEdit.text(), self.path)
        except YuyouError as exc:
            self.show_error(exc.message)
            return
        self.accept()
