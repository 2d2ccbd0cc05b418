"""The signed-in person changes their own password: the current one, then the new one twice.

Two new passwords that differ, or one the rules refuse, are shown under the field at once; the
core decides the rest (a wrong current password) and its refusal is shown in a message box. The
dialog stays open after a refusal, with the password to type again emptied."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QPushButton, QVBoxLayout, QWidget

from inventory_app.core.accounts import users as accounts
from inventory_app.errors import InventoryError, ValidationError
from inventory_app.ui.accounts.account_form import FieldForm, password_field
from inventory_app.ui.common.forms import hint_label
from inventory_app.ui.events import AppEvents
from inventory_app.ui.operations import Operation


class ChangePasswordDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, events: AppEvents | None = None) -> None:
        super().__init__(parent)
        self.events = events if events is not None else AppEvents()  # (alone: nobody to tell)
        self.changed = False
        self.setWindowTitle(self.tr("Change my password"))
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        hint = hint_label(self.tr("From now on you sign in and unlock with the new password."))
        hint.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(hint)
        form = QFormLayout()
        layout.addLayout(form)
        self.fields = FieldForm(form)
        self.current = self.fields.add("current_password", self.tr("&Current password:"), password_field())
        self.password, self.repeat = self.fields.add_new_password(
            self.tr("&New password:"), self.tr("New password &again:")
        )
        box = QDialogButtonBox(self)  # parented at once, so OK is the dialog's default
        self.ok_button = QPushButton(self.tr("OK"))
        self.ok_button.setDefault(True)
        box.addButton(self.ok_button, QDialogButtonBox.ButtonRole.AcceptRole)
        box.addButton(QDialogButtonBox.StandardButton.Cancel)
        box.rejected.connect(self.reject)
        self.ok_button.clicked.connect(self.submit)
        layout.addWidget(box)
        self.current.setFocus()

    def submit(self) -> None:
        self.fields.clear_errors()
        password = self.fields.new_password()  # the rules, and both new fields the same
        if password is None:
            return
        current = self.current.text()
        if not (
            Operation(
                self,
                self.events,
                lambda: accounts.change_own_password(current, password),
                refused=self.tr("Password not changed"),
            )
            .after_refusal(self._after_refusal)
            .run()
        ):
            return
        self.changed = True
        self.accept()

    def _after_refusal(self, exc: InventoryError) -> None:
        """Empty the password the refusal is about and put the cursor there."""
        if isinstance(exc, ValidationError) and exc.field in ("password", "repeat"):
            self.password.clear()
            self.repeat.clear()
            self.password.setFocus()
        else:
            self.current.clear()
            self.current.setFocus()

    @classmethod
    def ask(cls, parent: QWidget | None = None, events: AppEvents | None = None) -> bool:
        """True once the password was changed; False when cancelled."""
        dialog = cls(parent, events)
        try:
            return dialog.exec() == QDialog.DialogCode.Accepted and dialog.changed
        finally:
            dialog.deleteLater()
