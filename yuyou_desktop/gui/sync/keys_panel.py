"""The top of the 数据同步 tab: this office's name, code, role and key fingerprint with
导出本单位公钥… and 更换本单位密钥…, and the offices whose keys are trusted here with
登记单位公钥… and 吊销…."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from yuyou_desktop.domain.enums import OfficeRole
from yuyou_desktop.errors import YuyouError
from yuyou_desktop.gui.messages import show_error
from yuyou_desktop.gui.permissions import ADMINISTER, marks
from yuyou_desktop.gui.sync.enrol_dialog import EnrolDialog
from yuyou_desktop.gui.sync.presentation import (
    GREY,
    Cell,
    big_font,
    fill,
    local_time,
    make_table,
    role_label,
)

if TYPE_CHECKING:
    from yuyou_desktop.services import Services
    from yuyou_desktop.services.sync.keys import TrustedOffice

TRUSTED_HEADERS = ("单位代码", "名称", "类型", "指纹", "登记时间", "状态")


class KeysPanel(QWidget):
    """``changed()`` after a key was enrolled or revoked, or this office's key renewed."""

    changed = Signal()

    def __init__(self, services: Services, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.keys = services.sync_keys
        self.folder = folder
        self.dialog: EnrolDialog | None = None
        self.offices: list[TrustedOffice] = []
        own = self.keys.own()
        self.own = own
        self.at_county = own.role == OfficeRole.COUNTY.value
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._own_box(), 2)
        layout.addWidget(self._trusted_box(), 3)
        self.refresh()

    def _own_box(self) -> QGroupBox:
        box = QGroupBox("本单位")
        box.setObjectName("ownKeyBox")
        layout = QVBoxLayout(box)
        own = self.own
        self.ownNameLabel = QLabel(own.office_name)
        name_font = self.font()
        name_font.setBold(True)
        name_font.setPointSizeF(max(name_font.pointSizeF(), 9.0) * 1.2)
        self.ownNameLabel.setFont(name_font)
        self.ownCodeLabel = QLabel(own.office_code)
        self.ownRoleLabel = QLabel(role_label(own.role))
        first = QHBoxLayout()
        first.addWidget(self.ownNameLabel)
        first.addSpacing(16)
        first.addWidget(QLabel("单位代码："))
        first.addWidget(self.ownCodeLabel)
        first.addSpacing(16)
        first.addWidget(QLabel("角色："))
        first.addWidget(self.ownRoleLabel)
        first.addStretch(1)
        layout.addLayout(first)
        caption = QLabel("本单位公钥指纹（对方登记本单位公钥时，在电话中读给对方核对）：")
        caption.setStyleSheet(f"color: {GREY};")
        layout.addWidget(caption)
        self.fingerprintLabel = QLabel(own.fingerprint)
        self.fingerprintLabel.setObjectName("ownFingerprint")
        self.fingerprintLabel.setFont(big_font(self.font()))
        self.fingerprintLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.fingerprintLabel)
        self.exportKeyButton = QPushButton("导出本单位公钥…")
        self.exportKeyButton.setObjectName("exportKeyButton")
        self.exportKeyButton.clicked.connect(self.choose_key_file)
        self.renewButton = QPushButton("更换本单位密钥…")
        self.renewButton.setObjectName("renewButton")
        self.renewButton.setToolTip("为本单位生成新的密钥（例如怀疑密钥泄露时）")
        self.renewButton.clicked.connect(self.renew)
        row = QHBoxLayout()
        row.addWidget(self.exportKeyButton)
        row.addWidget(self.renewButton)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(1)
        return box

    def _trusted_box(self) -> QGroupBox:
        box = QGroupBox("已登记的乡镇司法所公钥" if self.at_county else "已登记的县司法局公钥")
        box.setObjectName("trustedBox")
        layout = QVBoxLayout(box)
        self.trustedTable: QTableWidget = make_table(TRUSTED_HEADERS, "trustedTable")
        self.trustedTable.itemSelectionChanged.connect(self._selection)
        self.trustedTable.setMinimumHeight(60)
        layout.addWidget(self.trustedTable, 1)
        row = QHBoxLayout()
        self.enrolButton = QPushButton("登记单位公钥…")
        self.enrolButton.setObjectName("enrolButton")
        self.enrolButton.clicked.connect(self.enrol)
        self.revokeButton = QPushButton("吊销…")
        self.revokeButton.setObjectName("revokeButton")
        self.revokeButton.setToolTip("单位的电脑丢失或密钥泄露时吊销其公钥")
        self.revokeButton.clicked.connect(self.revoke)
        marks((self.renewButton, self.enrolButton, self.revokeButton), ADMINISTER)
        row.addWidget(self.enrolButton)
        row.addWidget(self.revokeButton)
        row.addStretch(1)
        layout.addLayout(row)
        return box

    # ------------------------------------------------------------ data

    def refresh(self) -> None:
        try:
            self.offices = self.keys.trusted()
        except YuyouError as exc:
            show_error(self, "无法读取已登记的公钥", exc)
            return
        rows = []
        for office in self.offices:
            colour = None if office.active else GREY
            state = "有效" if office.active else f"已吊销（{local_time(office.revoked_at)}）"
            values = (
                office.office_code,
                office.office_name,
                role_label(office.role),
                office.fingerprint,
                local_time(office.enrolled_at),
                state,
            )
            rows.append([Cell(v, colour) for v in values])
        fill(self.trustedTable, rows)
        self._selection()

    def names(self) -> dict[str, str]:
        """Office code → name, this office and every office trusted here."""
        found = {o.office_code: o.office_name for o in self.offices}
        found[self.own.office_code] = self.own.office_name
        return found

    def current(self) -> TrustedOffice | None:
        rows = self.trustedTable.selectionModel().selectedRows()
        return self.offices[rows[0].row()] if len(rows) == 1 else None

    def _selection(self) -> None:
        office = self.current()
        self.revokeButton.setEnabled(office is not None and office.active)

    def has_active_county(self) -> bool:
        return any(o.active and o.role == OfficeRole.COUNTY.value for o in self.offices)

    def county_revoked(self) -> bool:
        """At a township: the county's key was enrolled once and is now revoked."""
        county = [o for o in self.offices if o.role == OfficeRole.COUNTY.value]
        return bool(county) and not any(o.active for o in county)

    # ------------------------------------------------------------ actions

    def choose_key_file(self) -> None:
        own = self.own
        suggested = self.folder / f"{own.office_code}-{own.office_name}.key.json"
        chosen, _ = QFileDialog.getSaveFileName(
            self, "导出本单位公钥", str(suggested), "公钥文件 (*.key.json);;所有文件 (*)"
        )
        if not chosen:
            return
        path = Path(chosen)
        if not path.name.lower().endswith(".json"):
            path = path.with_name(path.name + ".key.json")
        self.folder = path.parent
        try:
            written = self.keys.export_public(path)
        except YuyouError as exc:
            show_error(self, "无法导出公钥", exc)
            return
        other = "各乡镇司法所" if self.at_county else "县司法局"
        QMessageBox.information(
            self,
            "公钥已导出",
            f"本单位公钥已保存到：\n{written}\n\n请把此文件交给{other}登记，"
            f"并在电话中向对方读出本单位公钥指纹供其核对：\n{own.fingerprint}",
        )

    def enrol(self) -> None:
        dialog = EnrolDialog(self.keys, self.own.role, self.folder, self)
        dialog.accepted.connect(lambda: self._enrolled(dialog))
        self.dialog = dialog
        dialog.open()

    def _enrolled(self, dialog: EnrolDialog) -> None:
        self.folder = dialog.folder
        self.refresh()
        self.changed.emit()
        office = dialog.trusted
        if office is not None:
            QMessageBox.information(
                self,
                "登记完成",
                f"已登记 {office.office_name}（{office.office_code}）的公钥，"
                f"指纹 {office.fingerprint}。",
            )

    def revoke(self) -> None:
        office = self.current()
        if office is None or not office.active:
            return
        answer = QMessageBox.question(
            self,
            "吊销公钥",
            f"确定要吊销 {office.office_name}（{office.office_code}）的公钥"
            f"（指纹 {office.fingerprint}）吗？\n\n"
            "吊销后，用这把密钥签名的数据包（包括还没有导入的）都会被拒绝，吊销不能撤销。"
            "该单位以后须使用新的密钥（在该单位用“更换本单位密钥…”生成），并由本单位登记其新公钥。",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.keys.revoke(office.office_code, office.fingerprint)
        except YuyouError as exc:
            show_error(self, "无法吊销公钥", exc)
            return
        self.refresh()
        self.changed.emit()

    def renew(self) -> None:
        """更换本单位密钥…: explained and confirmed first; then the new fingerprint."""
        other = "各乡镇司法所" if self.at_county else "县司法局"
        keep = (
            "· 乡镇用本单位旧公钥加密的数据包，本单位仍能导入"
            "（旧私钥保存在数据目录的 keys 文件夹中）。\n"
            if self.at_county
            else ""
        )
        answer = QMessageBox.question(
            self,
            "更换本单位密钥",
            "确定要为本单位生成新的密钥吗？更换不能撤销。\n\n"
            f"· 更换后须“导出本单位公钥…”，把新的公钥文件交给{other}；对方须先吊销本单位的"
            "旧公钥，再登记新公钥，并在电话中核对新的指纹。\n"
            f"· 对方登记新公钥之前，本单位新导出的数据包会被{other}拒绝。\n"
            "· 用旧密钥制作、对方还没有导入的数据包，请对方在吊销旧公钥之前导入，"
            "吊销之后它们会被拒绝。\n" + keep,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        old = self.own
        try:
            self.own = self.keys.renew()
        except YuyouError as exc:
            show_error(self, "无法更换密钥", exc)
            return
        self.fingerprintLabel.setText(self.own.fingerprint)
        self.changed.emit()
        QMessageBox.information(
            self,
            "密钥已更换",
            f"本单位的新公钥指纹：\n{self.own.fingerprint}\n（原指纹 {old.fingerprint}）\n\n"
            f"请现在“导出本单位公钥…”，把新的公钥文件交给{other}登记，"
            "并在电话中向对方读出新的指纹供其核对。",
        )
