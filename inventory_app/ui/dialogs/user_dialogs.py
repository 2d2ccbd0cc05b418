"""Add a user, and set a new password for one (administrators only; the core checks)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inventory_app.core import accounts
from inventory_app.core.accounts import UserRow
from inventory_app.core.context import Role
from inventory_app.errors import InventoryError
from inventory_app.ui.account_form import FieldForm
from inventory_app.ui.forms import hint_label


def _buttons(dialog: QDialog, ok_text: str) -> tuple[QDialogButtonBox, QPushButton]:
    box = QDialogButtonBox()
    ok = QPushButton(ok_text)
    ok.setDefault(True)
    box.addButton(ok, QDialogButtonBox.ButtonRole.AcceptRole)
    box.addButton(QDialogButtonBox.StandardButton.Cancel)
    box.rejected.connect(dialog.reject)
    return box, ok


class AddUserDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.saved: UserRow | None = None
        self.setWindowTitle(self.tr("Add a user"))
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        layout.addWidget(
            hint_label(
                self.tr(
                    "Staff record stock, orders and imports. Administrators also manage users, "
                    "settings and backups, reverse movements and post counts."
                )
            )
        )
        form = QFormLayout()
        layout.addLayout(form)
        self.fields = FieldForm(form)
        self.name = self.fields.add("name", self.tr("&Name:"), QLineEdit())
        self.role = QComboBox()
        self.role.addItem(self.tr("Staff"), Role.STAFF)
        self.role.addItem(self.tr("Administrator"), Role.ADMIN)
        form.addRow(self.tr("&Role:"), self.role)
        form.labelForField(self.role).setBuddy(self.role)  # type: ignore[union-attr]
        self.password, self.repeat = self.fields.add_new_password(
            self.tr("&Password:"), self.tr("R&epeat password:")
        )
        buttons, self.save_button = _buttons(self, self.tr("&Add user"))
        self.save_button.clicked.connect(self.submit)
        layout.addWidget(buttons)

    def submit(self) -> None:
        self.fields.clear_errors()
        password = self.fields.new_password()
        if password is None:
            return
        try:
            self.saved = accounts.add_user(self.name.text(), password, self.role.currentData())
        except InventoryError as exc:
            self.fields.show_refusal(exc, "repeat")
            return
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None = None) -> UserRow | None:
        dialog = cls(parent)
        try:
            return dialog.saved if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()


class ResetPasswordDialog(QDialog):
    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.user_name = name
        self.saved: UserRow | None = None
        self.setWindowTitle(self.tr("New password for {name}").format(name=name))
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        hint = hint_label(
            self.tr(
                "{name} signs in with this password from now on; a locked account is unlocked. "
                "Tell it to them in person."
            ).format(name=name)
        )
        hint.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(hint)
        form = QFormLayout()
        layout.addLayout(form)
        self.fields = FieldForm(form)
        self.password, self.repeat = self.fields.add_new_password(
            self.tr("New &password:"), self.tr("R&epeat password:")
        )
        buttons, self.save_button = _buttons(self, self.tr("&Set password"))
        self.save_button.clicked.connect(self.submit)
        layout.addWidget(buttons)

    def submit(self) -> None:
        self.fields.clear_errors()
        password = self.fields.new_password()
        if password is None:
            return
        try:
            self.saved = accounts.reset_password(self.user_name, password)
        except InventoryError as exc:
            self.fields.show_refusal(exc, "repeat")
            return
        self.accept()

    @classmethod
    def ask(cls, name: str, parent: QWidget | None = None) -> UserRow | None:
        dialog = cls(name, parent)
        try:
            return dialog.saved if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()
