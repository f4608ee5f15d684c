"""字体: which font each role of a letter uses (family, file, where it was found, embedded or
not), with 选择字体文件… and 恢复自动.  An unusable file (OpenType/CFF, not a font, no Chinese
characters) is refused with the reason and the choice stays as it was."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from yuyou_desktop.documents.letter_fonts import ROLE_LABELS, ROLES
from yuyou_desktop.errors import YuyouError
from yuyou_desktop.gui.messages import show_error
from yuyou_desktop.gui.permissions import ADMINISTER, marks
from yuyou_desktop.services.letters.fonts import LetterFontService

WARN_STYLE = "color: #b00020;"


class FontsDialog(QDialog):
    def __init__(self, fonts: LetterFontService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fontsDialog")
        self.setWindowTitle("文书字体")
        self.fonts = fonts
        layout = QVBoxLayout(self)
        intro = QLabel(
            "打印文书时各部分所用的字体。未选择时依次使用 Windows 系统字体（仿宋、宋体、黑体、"
            "楷体、方正小标宋）和 Linux 的 TrueType 中文字体。只能使用 TrueType 字体"
            "（.ttf、.ttc），以便嵌入PDF。"
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(len(ROLES), 4)
        self.table.setObjectName("fontsTable")
        self.table.setHorizontalHeaderLabels(["用途", "字体", "来源", "文件"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        layout.addWidget(self.table)
        self.warnings = QLabel()
        self.warnings.setObjectName("fontWarnings")
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet(WARN_STYLE)
        layout.addWidget(self.warnings)
        buttons = QHBoxLayout()
        self.chooseButton = QPushButton("选择字体文件…")
        self.resetButton = QPushButton("恢复自动")
        close = QPushButton("关闭")
        self.chooseButton.clicked.connect(self.choose)
        self.resetButton.clicked.connect(self.reset)
        marks((self.chooseButton, self.resetButton), ADMINISTER)  # the fonts are settings
        close.clicked.connect(self.accept)
        buttons.addWidget(self.chooseButton)
        buttons.addWidget(self.resetButton)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.resize(820, 360)
        self.refresh()
        self.table.selectRow(0)

    def refresh(self) -> None:
        current = self.fonts.current()
        for row, role in enumerate(ROLES):
            choice = current.choices[role]
            source = choice.source if choice.embedded else f"{choice.source}（不嵌入）"
            if choice.substitute:
                source += "（代用）"
            for column, text in enumerate(
                (ROLE_LABELS[role], choice.family, source, choice.path or "")
            ):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.warnings.setText("\n".join(current.warnings))
        self.warnings.setVisible(bool(current.warnings))

    def selected_role(self) -> str:
        row = max(self.table.currentRow(), 0)
        return ROLES[row]

    def choose(self) -> None:
        role = self.selected_role()
        name, _ = QFileDialog.getOpenFileName(
            self, f"选择{ROLE_LABELS[role]}字体", "", "TrueType 字体 (*.ttf *.ttc);;所有文件 (*)"
        )
        if not name:
            return
        self.choose_file(role, Path(name))

    def choose_file(self, role: str, path: Path) -> None:
        try:
            self.fonts.choose(role, path)
        except YuyouError as exc:
            show_error(self, "不能使用这个字体", exc)
            return
        self.refresh()

    def reset(self) -> None:
        try:
            self.fonts.reset(self.selected_role())
        except YuyouError as exc:
            show_error(self, "无法恢复", exc)
            return
        self.refresh()
