"""定稿 and 重新打开 of a case file.

定稿 shows each reviewer's total and the mean; when the reviewers differ by more than the
campaign's 合议 threshold the agreed score and the discussion's conclusion are required.  The
name of whoever signs off is remembered for next time."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from yuyou_desktop.errors import YuyouError
from yuyou_desktop.gui.messages import show_error
from yuyou_desktop.gui.reviews.scoring_dialog import points_text

if TYPE_CHECKING:
    from decimal import Decimal

    from yuyou_desktop.services.reviews.records import CaseFileRow

WARN_STYLE = "color: #b00020; font-weight: bold;"


def _buttons(dialog: QDialog, ok: str) -> QDialogButtonBox:
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog
    )
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
    buttons.accepted.connect(dialog.submit)  # type: ignore[attr-defined]
    buttons.rejected.connect(dialog.reject)
    return buttons


class FinaliseDialog(QDialog):
    def __init__(
        self,
        case_file: CaseFileRow,
        threshold: Decimal,
        finalise: Callable[[str, date, str, str], CaseFileRow],
        signer: str,
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("finaliseDialog")
        self.setWindowTitle(f"定稿 — {case_file.case_number} {case_file.unit_name}")
        self._finalise = finalise
        self.result_row: CaseFileRow | None = None
        form = QFormLayout(self)
        for reviewer in case_file.reviewers:
            form.addRow(f"评查人员 {reviewer.name}", QLabel(f"{points_text(reviewer.total)} 分"))
        form.addRow("平均分", QLabel(f"<b>{points_text(case_file.mean)}</b> 分"))
        self.scoreEdit = QLineEdit()
        self.scoreEdit.setPlaceholderText("0–100，最多一位小数")
        self.noteEdit = QPlainTextEdit()
        self.noteEdit.setPlaceholderText("合议的结论（须写明）")
        self.noteEdit.setMaximumHeight(90)
        if case_file.needs_discussion:
            warn = QLabel(
                f"评查人员得分相差超过{points_text(threshold)}分，须经合议：填写合议后确定的得分"
                "和合议意见。"
            )
            warn.setWordWrap(True)
            warn.setStyleSheet(WARN_STYLE)
            form.addRow(warn)
            form.addRow("合议得分", self.scoreEdit)
            form.addRow("合议意见", self.noteEdit)
        else:
            self.scoreEdit.hide()
            self.noteEdit.hide()
            form.addRow(QLabel(f"定稿得分为平均分 {points_text(case_file.mean)} 分。"))
        self.signerEdit = QLineEdit(signer)
        self.dateEdit = QDateEdit(QDate(today.year, today.month, today.day))
        self.dateEdit.setCalendarPopup(True)
        self.dateEdit.setDisplayFormat("yyyy-MM-dd")
        self.dateEdit.setMaximumDate(QDate(today.year, today.month, today.day))
        form.addRow("定稿人", self.signerEdit)
        form.addRow("定稿日期", self.dateEdit)
        note = QLabel("定稿后评分表锁定，不能再修改；如需修改须“重新打开”，并记录原因。")
        note.setWordWrap(True)
        form.addRow(note)
        form.addRow(_buttons(self, "定稿"))
        self.resize(460, 0)

    def submit(self) -> None:
        qdate = self.dateEdit.date()
        try:
            self.result_row = self._finalise(
                self.signerEdit.text(),
                date(qdate.year(), qdate.month(), qdate.day()),
                self.scoreEdit.text() if self.scoreEdit.isVisibleTo(self) else "",
                self.noteEdit.toPlainText() if self.noteEdit.isVisibleTo(self) else "",
            )
        except YuyouError as exc:
            show_error(self, "无法定稿", exc)
            return
        self.accept()


class ReopenDialog(QDialog):
    def __init__(
        self,
        case_file: CaseFileRow,
        reopen: Callable[[str, str], CaseFileRow],
        signer: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reopenDialog")
        self.setWindowTitle(f"重新打开 — {case_file.case_number} {case_file.unit_name}")
        self._reopen = reopen
        form = QFormLayout(self)
        form.addRow(
            QLabel(
                f"这份案卷已于{case_file.finalised_on}由{case_file.finalised_by}定稿，"
                f"得分 {points_text(case_file.final_score)}。重新打开后得分作废，须重新定稿；"
                "重新打开会记录在案。"
            )
        )
        self.reasonEdit = QPlainTextEdit()
        self.reasonEdit.setMaximumHeight(90)
        self.signerEdit = QLineEdit(signer)
        form.addRow("原因", self.reasonEdit)
        form.addRow("经办人", self.signerEdit)
        form.addRow(_buttons(self, "重新打开"))

    def submit(self) -> None:
        try:
            self._reopen(self.signerEdit.text(), self.reasonEdit.toPlainText())
        except YuyouError as exc:
            show_error(self, "无法重新打开", exc)
            return
        self.accept()
