"""The small account dialogs share one shape: a heading, a form, the password rules, a red line
for the service's refusal, and two buttons.  A refusal keeps the dialog open and changes
nothing; the field it names gets the focus."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from yuyou_desktop.domain.accounts import MIN_PASSWORD_LENGTH, check_password
from yuyou_desktop.errors import FieldError, YuyouError

ERROR_STYLE = "color: #b00020;"
NOTE_STYLE = "color: #555555;"
PASSWORD_RULES = (
    f"密码至少 {MIN_PASSWORD_LENGTH} 个字符，至少有 3 个不同的字符，不能与账号名相同，"
    "开头和结尾不能是空格。"
)


def check_new_password(password: str, again: str, user_name: str = "", field: str = "密码") -> None:
    """The rules, and the same password typed twice (FieldError naming the field)."""
    try:
        check_password(password, user_name)
    except FieldError as exc:
        raise FieldError(field, exc.reason) from exc
    if password != again:
        raise FieldError(f"确认{field}", "两次输入的密码不一致。")


class FormDialog(QDialog):
    """``submit`` runs ``self.save()``; a ``YuyouError`` is shown in the dialog."""

    def __init__(
        self, title: str, heading: str, ok_text: str, cancel_text: str, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        self.headingLabel = QLabel(heading, self)
        self.headingLabel.setObjectName("headingLabel")
        self.headingLabel.setWordWrap(True)
        layout.addWidget(self.headingLabel)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout.addLayout(self.form)
        self.noteLabel = QLabel(self)
        self.noteLabel.setObjectName("noteLabel")
        self.noteLabel.setWordWrap(True)
        self.noteLabel.setStyleSheet(NOTE_STYLE)
        self.noteLabel.hide()
        layout.addWidget(self.noteLabel)
        self.errorLabel = QLabel(self)
        self.errorLabel.setObjectName("errorLabel")
        self.errorLabel.setWordWrap(True)
        self.errorLabel.setStyleSheet(ERROR_STYLE)
        layout.addWidget(self.errorLabel)
        layout.addStretch(1)
        self.buttons = QDialogButtonBox(self)
        self.okButton = self.buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.okButton.setDefault(True)
        self.cancelButton = self.buttons.addButton(
            cancel_text, QDialogButtonBox.ButtonRole.RejectRole
        )
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.fields: dict[str, QWidget] = {}
        self.setMinimumWidth(420)

    def add_field(self, label: str, widget: QWidget) -> QWidget:
        self.form.addRow(f"{label}：", widget)
        self.fields[label] = widget
        return widget

    def line(self, label: str, name: str, *, password: bool = False, hint: str = "") -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(name)
        if password:
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        edit.setPlaceholderText(hint)
        self.add_field(label, edit)
        return edit

    def show_note(self, text: str) -> None:
        self.noteLabel.setText(text)
        self.noteLabel.setVisible(bool(text))

    def save(self) -> None:  # overridden
        raise NotImplementedError

    def submit(self) -> None:
        self.errorLabel.clear()
        try:
            self.save()
        except YuyouError as exc:
            self.refused(exc)
            return
        self.accept()

    def refused(self, exc: YuyouError) -> None:
        self.errorLabel.setText(exc.message)
        field = getattr(exc, "field", None)
        widget = self.fields.get(field) if field else None
        if widget is not None:
            widget.setFocus()


def run_form(dialog: FormDialog, done: Callable[[], None] | None = None) -> FormDialog:
    """Open ``dialog`` window-modal (``open()``), calling ``done`` when it is accepted."""
    if done is not None:
        dialog.accepted.connect(done)
    dialog.open()
    return dialog
