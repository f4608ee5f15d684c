"""What the plan dialogs share: a form whose 保存 runs the service call on the task runner, a
refusal shown on the dialog (the label of the field it names in red) with the dialog kept
open, and date helpers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from yuyou_desktop.errors import YuyouError

if TYPE_CHECKING:
    from yuyou_desktop.gui.tasks import TaskRunner

ERROR_STYLE = "color: #b00020; font-weight: bold;"
DATE_FORMAT = "yyyy-MM-dd"


def qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def date_edit(parent: QWidget, value: date) -> QDateEdit:
    edit = QDateEdit(parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(DATE_FORMAT)
    edit.setDate(qdate(value))
    return edit


def text_box(lines: int, parent: QWidget) -> QPlainTextEdit:
    box = QPlainTextEdit(parent)
    box.setTabChangesFocus(True)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 14)
    return box


class SavingDialog(QDialog):
    """A form dialog: ``add_row(title, widget)`` (a leading ＊ marks a required field);
    ``submit`` reads the form through ``job()`` (on the GUI thread), runs the call it returns
    on the runner and accepts with ``result_value`` set."""

    def __init__(self, runner: TaskRunner, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._runner = runner
        self.saving = False
        self.read_only = False
        self.result_value: Any = None
        layout = QVBoxLayout(self)
        self.form = QFormLayout()
        layout.addLayout(self.form)
        self.labels: dict[str, QLabel] = {}
        self.errorLabel = QLabel(self)
        self.errorLabel.setObjectName("errorLabel")
        self.errorLabel.setWordWrap(True)
        self.errorLabel.setStyleSheet(ERROR_STYLE)
        self.errorLabel.hide()
        layout.addWidget(self.errorLabel)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.okButton = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.okButton.setText("保存")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def add_row(self, title: str, widget: QWidget) -> None:
        label = QLabel(title + "：", self)
        label.setBuddy(widget)
        self.labels[title.lstrip("＊")] = label
        self.form.addRow(label, widget)

    def set_read_only(self, reason: str) -> None:
        """Only to look at (another office's plan): every input off, 关闭 instead of 保存."""
        self.read_only = True
        for n in range(self.form.rowCount()):
            item = self.form.itemAt(n, QFormLayout.ItemRole.FieldRole)
            if item is not None and item.widget() is not None:
                item.widget().setEnabled(False)
        self.okButton.hide()
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("关闭")
        self.errorLabel.setStyleSheet("")
        self.errorLabel.setText(reason)
        self.errorLabel.show()

    def show_error(self, message: str, field: str = "") -> None:
        self.errorLabel.setText(message)
        self.errorLabel.show()
        for title, label in self.labels.items():
            label.setStyleSheet(ERROR_STYLE if field and field == title else "")

    def job(self) -> Callable[[], Any]:
        """The service call that saves what the form holds now."""
        raise NotImplementedError

    def submit(self) -> None:
        if self.saving or self.read_only:
            return
        save = self.job()
        self.saving = True
        self.okButton.setEnabled(False)
        self._runner.run(
            f"正在保存{self.windowTitle()}",
            lambda progress: save(),
            self._saved,
            self._failed,
            parent=self,
            cancellable=False,
        )

    def _saved(self, result: Any) -> None:
        self.saving = False
        self.okButton.setEnabled(True)
        self.result_value = result
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.saving = False
        self.okButton.setEnabled(True)
        if isinstance(exc, YuyouError):
            self.show_error(exc.message, getattr(exc, "field", ""))
        else:
            self.show_error(f"保存失败：{exc}（未做任何修改）")

    def reject(self) -> None:
        if not self.saving:
            super().reject()
