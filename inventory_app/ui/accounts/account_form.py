"""What the account dialogs share: a heading, password fields, and a form whose fields each have
a red message underneath (name, password, repeat password).

The core decides; the form only shows its refusal under the field it names. Messages and names
are shown as plain text, never as markup. A typed password is never put in a message.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from inventory_app.core.accounts import users as accounts
from inventory_app.errors import InventoryError, ValidationError
from inventory_app.ui.common.forms import error_label


def heading_label(text: str) -> QLabel:
    """A large bold title at the top of a dialog or page."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.4)
    font.setBold(True)
    label.setFont(font)
    return label


def plain_error_label() -> QLabel:
    """The red message label of `forms.error_label`, showing its text as typed (no markup)."""
    label = error_label()
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def password_field(placeholder: str = "") -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMaxLength(accounts.MAX_PASSWORD_LENGTH)
    if placeholder:
        field.setPlaceholderText(placeholder)
    return field


class FieldForm:
    """A form whose fields each have a red message underneath."""

    def __init__(self, form: QFormLayout) -> None:
        self.form = form
        self.errors: dict[str, QLabel] = {}
        self.fields: dict[str, QLineEdit] = {}

    def add(self, key: str, label: str, field: QLineEdit) -> QLineEdit:
        holder = QWidget()
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(field)
        error = plain_error_label()
        box.addWidget(error)
        self.form.addRow(label, holder)
        self.form.labelForField(holder).setBuddy(field)  # type: ignore[union-attr]
        self.errors[key] = error
        self.fields[key] = field
        field.textEdited.connect(lambda _text, k=key: self.errors[k].hide())
        return field

    def add_new_password(self, label: str, repeat_label: str) -> tuple[QLineEdit, QLineEdit]:
        """The fields "password" (its placeholder says the length rule) and "repeat"."""
        hint = QApplication.translate("account_form", "at least {n} characters").format(
            n=accounts.MIN_PASSWORD_LENGTH
        )
        password = self.add("password", label, password_field(hint))
        return password, self.add("repeat", repeat_label, password_field())

    def clear_errors(self) -> None:
        for label in self.errors.values():
            label.hide()

    def show_error(self, key: str, text: str) -> None:
        """`text` under the field `key` (or under the last field when `key` is not one of them)."""
        label = self.errors.get(key) or list(self.errors.values())[-1]
        label.setText(text)
        label.show()
        field = self.fields.get(key)
        if field is not None:
            field.setFocus()
            field.selectAll()

    def show_refusal(self, exc: InventoryError, key: str) -> None:
        """The core's refusal under the field it names, or else under the field `key`."""
        self.show_error(exc.field if isinstance(exc, ValidationError) else key, str(exc))

    def new_password(self) -> str | None:
        """The typed new password when it keeps the rules and both fields match; otherwise None,
        with the reason under the field concerned."""
        password = self.fields["password"].text()
        try:
            accounts.check_password_rules(password)
        except ValidationError as exc:
            self.show_error("password", str(exc))
            return None
        if password != self.fields["repeat"].text():
            same = QApplication.translate("sign_in", "The two passwords are not the same.")
            self.show_error("repeat", same)
            return None
        return password
