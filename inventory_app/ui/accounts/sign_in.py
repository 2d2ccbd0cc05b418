"""Who is using the app: the first administrator of a new office, and signing in.

The dialogs only ask; `core.accounts.users` decides. Its refusals are shown in the
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
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inventory_app import APP_NAME
from inventory_app.core.accounts import users as accounts
from inventory_app.core.accounts.context import Actor
from inventory_app.errors import InventoryError
from inventory_app.ui.accounts.account_form import FieldForm, heading_label, password_field, plain_error_label
from inventory_app.ui.common.forms import hint_label
from inventory_app.ui.common.icons import icon


class _Busy:
    """The busy cursor while a password is checked (hashing takes a moment on purpose)."""

    def __enter__(self) -> None:
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)

    def __exit__(self, *_exc: object) -> None:
        QApplication.restoreOverrideCursor()


class CreateAdminDialog(QDialog):
    """First start of a new office: the administrator's name and password."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor: Actor | None = None
        self.setWindowTitle(self.tr("{app}: create the administrator").format(app=APP_NAME))
        self.setWindowIcon(icon("lock"))
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        layout.addWidget(heading_label(self.tr("Create the administrator")))
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
        self.password, self.repeat = self.fields.add_new_password(
            self.tr("&Password:"), self.tr("&Repeat password:")
        )
        # Parented at once: a default button set on a box without its dialog is not the
        # dialog's default, and Enter would press the first auto-default button (Cancel).
        buttons = QDialogButtonBox(self)
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
        if not self.name.text().strip():
            self.fields.show_error("name", self.tr("Enter your name."))
            return
        password = self.fields.new_password()
        if password is None:
            return
        try:
            with _Busy():
                self.actor = accounts.create_first_admin(self.name.text(), password)
        except InventoryError as exc:
            self.fields.show_refusal(exc, "name")
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
        layout.addWidget(heading_label(self.tr("Sign in")))
        form = QFormLayout()
        layout.addLayout(form)
        self.fields = FieldForm(form)
        self.name = self.fields.add("name", self.tr("&Name:"), QLineEdit(name))
        self.password = self.fields.add("password", self.tr("&Password:"), password_field())
        self.message = plain_error_label()
        layout.addWidget(self.message)
        # Parented at once: a default button set on a box without its dialog is not the
        # dialog's default, and Enter would press the first auto-default button (Cancel).
        buttons = QDialogButtonBox(self)
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
        except InventoryError as exc:  # SignInFailed (wrong password, locked account) among them
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
