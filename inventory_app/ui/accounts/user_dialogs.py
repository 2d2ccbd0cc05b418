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

from inventory_app.core.accounts import users as accounts
from inventory_app.core.accounts.context import Role
from inventory_app.core.accounts.users import UserRow
from inventory_app.errors import InventoryError
from inventory_app.ui.accounts.account_form import FieldForm
from inventory_app.ui.common.forms import hint_label


class _NewPasswordDialog(QDialog):
    """A hint, the fields a subclass adds, a new password typed twice, and its save button.
    `submit` checks the password and hands it to `_save`; the core's refusal is shown in place."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.saved: UserRow | None = None

    def _start(self, title: str, hint: str, width: int) -> None:
        """The title, the hint at the top and an empty form (`self.form`, `self.fields`)."""
        self.setWindowTitle(title)
        self.setMinimumWidth(width)
        self.body = QVBoxLayout(self)
        explanation = hint_label(hint)
        explanation.setTextFormat(Qt.TextFormat.PlainText)
        self.body.addWidget(explanation)
        self.form = QFormLayout()
        self.body.addLayout(self.form)
        self.fields = FieldForm(self.form)

    def _add_password_and_buttons(self, password_label: str, save_text: str) -> None:
        repeat_label = self.tr("R&epeat password:")
        self.password, self.repeat = self.fields.add_new_password(password_label, repeat_label)
        box = QDialogButtonBox(self)  # parented at once, so Save is the dialog's default
        self.save_button = QPushButton(save_text)
        self.save_button.setDefault(True)
        box.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        box.addButton(QDialogButtonBox.StandardButton.Cancel)
        box.rejected.connect(self.reject)
        self.save_button.clicked.connect(self.submit)
        self.body.addWidget(box)

    def _save(self, password: str) -> UserRow:
        raise NotImplementedError

    def submit(self) -> None:
        self.fields.clear_errors()
        password = self.fields.new_password()
        if password is None:
            return
        try:
            self.saved = self._save(password)
        except InventoryError as exc:
            self.fields.show_refusal(exc, "repeat")
            return
        self.accept()

    def run(self) -> UserRow | None:
        """Show the dialog until it is saved or cancelled; what was saved (None: cancelled)."""
        try:
            return self.saved if self.exec() == QDialog.DialogCode.Accepted else None
        finally:
            self.deleteLater()


class AddUserDialog(_NewPasswordDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._start(
            self.tr("Add a user"),
            self.tr(
                "Staff record stock, orders and imports. Administrators also manage users, "
                "settings and backups, reverse movements and post counts."
            ),
            440,
        )
        self.name = self.fields.add("name", self.tr("&Name:"), QLineEdit())
        self.role = QComboBox()
        self.role.addItem(self.tr("Staff"), Role.STAFF)
        self.role.addItem(self.tr("Administrator"), Role.ADMIN)
        self.form.addRow(self.tr("&Role:"), self.role)
        self.form.labelForField(self.role).setBuddy(self.role)  # type: ignore[union-attr]
        self._add_password_and_buttons(self.tr("&Password:"), self.tr("&Add user"))

    def _save(self, password: str) -> UserRow:
        return accounts.add_user(self.name.text(), password, self.role.currentData())

    @classmethod
    def ask(cls, parent: QWidget | None = None) -> UserRow | None:
        return cls(parent).run()


class ResetPasswordDialog(_NewPasswordDialog):
    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.user_name = name
        self._start(
            self.tr("New password for {name}").format(name=name),
            self.tr(
                "{name} signs in with this password from now on; a locked account is unlocked. "
                "Tell it to them in person."
            ).format(name=name),
            420,
        )
        self._add_password_and_buttons(self.tr("New &password:"), self.tr("&Set password"))

    def _save(self, password: str) -> UserRow:
        return accounts.reset_password(self.user_name, password)

    @classmethod
    def ask(cls, name: str, parent: QWidget | None = None) -> UserRow | None:
        return cls(name, parent).run()
