"""Who is using the app: the first administrator of a new office, and signing in.

The dialogs only ask; `core.accounts` decides. Its refusals are shown in the
dialog, next to the field they concern. A typed password is never put in a
message, a log or a title.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inventory_app import APP_NAME
from inventory_app.core import accounts
from inventory_app.core.context import Actor
from inventory_app.errors import InventoryError, SignInFailed, ValidationError
from inventory_app.ui.forms import error_label, hint_label
from inventory_app.ui.icons import icon


def password_field(placeholder: str = "") -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMaxLength(accounts.MAX_PASSWORD_LENGTH)
    if placeholder:
        field.setPlaceholderText(placeholder)
    return field


class _Busy:
    """The busy cursor while a password is checked (hashing takes a moment on purpose)."""

    def __enter__(self) -> None:
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)

    def __exit__(self, *_exc: object) -> None:
        QApplication.restoreOverrideCursor()


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
        error = error_label()
        box.addWidget(error)
        self.form.addRow(label, holder)
        self.form.labelForField(holder).setBuddy(field)  # type: ignore[union-attr]
        self.errors[key] = error
        self.fields[key] = field
        field.textEdited.connect(lambda _text, k=key: self.errors[k].hide())
        return field

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


def check_repeat(fields: FieldForm, password: str, repeat: str, key: str = "repeat") -> bool:
    """False (with the message under the repeat field) when the two typed passwords differ."""
    if password != repeat:
        fields.show_error(key, QApplication.translate("sign_in", "The two passwords are not the same."))
        return False
    return True


class CreateAdminDialog(QDialog):
    """First start of a new office: the administrator's name and password."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor: Actor | None = None
        self.setWindowTitle(self.tr("{app}: create the administrator").format(app=APP_NAME))
        self.setWindowIcon(icon("lock"))
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        heading = QLabel(self.tr("Create the administrator"))
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        heading.setFont(font)
        layout.addWidget(heading)
        layout.addWidget(
            hint_label(
                self.tr(
                    "This account manages the users, the settings and the backups. Choose a "
                    "password of at least {n} characters that others cannot guess; the app asks for "
                    "it at every start and after it locks."
                ).format(n=accounts.MIN_PASSWORD_LENGTH)
            )
        )
        form = QFormLayout()
        layout.addLayout(form)
        self.fields = FieldForm(form)
        self.name = self.fields.add("name", self.tr("Your &name:"), QLineEdit())
        self.name.setPlaceholderText(self.tr("e.g. Ana Ruiz"))
        self.password = self.fields.add(
            "password",
            self.tr("&Password:"),
            password_field(self.tr("at least {n} characters").format(n=accounts.MIN_PASSWORD_LENGTH)),
        )
        self.repeat = self.fields.add("repeat", self.tr("&Repeat password:"), password_field())
        buttons = QDialogButtonBox()
        self.create_button = QPushButton(self.tr("&Create administrator"))
        self.create_button.setDefault(True)
        self.quit_button = QPushButton(self.tr("&Quit"))
        buttons.addButton(self.create_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.quit_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.create_button.clicked.connect(self.submit)
        self.quit_button.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.name.setFocus()

    def submit(self) -> None:
        self.fields.clear_errors()
        password = self.password.text()
        if not self.name.text().strip():
            self.fields.show_error("name", self.tr("Enter your name."))
            return
        try:
            accounts.check_password_rules(password)
        except ValidationError as exc:
            self.fields.show_error("password", str(exc))
            return
        if not check_repeat(self.fields, password, self.repeat.text()):
            return
        try:
            with _Busy():
                self.actor = accounts.create_first_admin(self.name.text(), password)
        except ValidationError as exc:
            self.fields.show_error(exc.field, str(exc))
            return
        except InventoryError as exc:
            self.fields.show_error("name", str(exc))
            return
        self.accept()


class SignInDialog(QDialog):
    """Name and password; the core's refusal (wrong password, locked account) shown in place."""

    def __init__(self, parent: QWidget | None = None, name: str = "", cancel_text: str = "") -> None:
        super().__init__(parent)
        self.actor: Actor | None = None
        self.setWindowTitle(self.tr("{app}: sign in").format(app=APP_NAME))
        self.setWindowIcon(icon("lock"))
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        heading = QLabel(self.tr("Sign in"))
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        heading.setFont(font)
        layout.addWidget(heading)
        form = QFormLayout()
        layout.addLayout(form)
        self.fields = FieldForm(form)
        self.name = self.fields.add("name", self.tr("&Name:"), QLineEdit(name))
        self.password = self.fields.add("password", self.tr("&Password:"), password_field())
        self.message = error_label()
        layout.addWidget(self.message)
        buttons = QDialogButtonBox()
        self.sign_in_button = QPushButton(self.tr("&Sign in"))
        self.sign_in_button.setDefault(True)
        self.quit_button = QPushButton(cancel_text or self.tr("&Quit"))
        buttons.addButton(self.sign_in_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.quit_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.sign_in_button.clicked.connect(self.submit)
        self.quit_button.clicked.connect(self.reject)
        layout.addWidget(buttons)
        (self.password if name else self.name).setFocus()

    def submit(self) -> None:
        self.fields.clear_errors()
        self.message.hide()
        if not self.name.text().strip():
            self.fields.show_error("name", self.tr("Enter your name."))
            return
        try:
            with _Busy():
                self.actor = accounts.sign_in(self.name.text(), self.password.text())
        except SignInFailed as exc:
            self.show_message(str(exc))
            return
        except InventoryError as exc:
            self.show_message(str(exc))
            return
        self.accept()

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()
        self.password.clear()
        self.password.setFocus()


def ask_first_admin(parent: QWidget | None = None) -> Actor | None:
    dialog = CreateAdminDialog(parent)
    try:
        return dialog.actor if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()


def ask_sign_in(parent: QWidget | None = None, name: str = "", cancel_text: str = "") -> Actor | None:
    dialog = SignInDialog(parent, name, cancel_text)
    try:
        return dialog.actor if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()


def start_session(parent: QWidget | None = None) -> Actor | None:
    """At start-up: create the first administrator of a new office, or sign in. None: quit."""
    if accounts.has_accounts():
        return ask_sign_in(parent)
    return ask_first_admin(parent)
