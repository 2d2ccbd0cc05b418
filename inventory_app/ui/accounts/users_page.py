"""The Users page (administrators): the accounts, adding one, new passwords, disabling, roles.

Every change goes through `core.accounts.users`, which refuses what would leave the
office without an administrator; its refusals are shown as they are.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inventory_app.core.accounts import users as accounts
from inventory_app.core.accounts.context import Actor, Role, current_actor, set_current_actor
from inventory_app.core.accounts.users import UserRow
from inventory_app.errors import InventoryError
from inventory_app.ui.accounts.account_form import heading_label
from inventory_app.ui.accounts.user_dialogs import AddUserDialog, ResetPasswordDialog
from inventory_app.ui.common import prompts
from inventory_app.ui.common.forms import hint_label
from inventory_app.ui.common.icons import icon
from inventory_app.ui.common.plain_text import tooltip
from inventory_app.ui.events import AppEvents
from inventory_app.ui.operations import Operation


def local_time(value: datetime | None) -> str:
    """A UTC time from the database as local 'YYYY-MM-DD HH:MM' ('' for none)."""
    if value is None:
        return ""
    return value.replace(tzinfo=UTC).astimezone().strftime("%Y-%m-%d %H:%M")


class UsersPage(QWidget):
    SHOWS = ("accounts",)  # accounts only (core.changes)
    NAME, ROLE, ACTIVE, LOCKED, LAST = range(5)
    own_role_changed = Signal()  # the signed-in administrator made themselves staff

    def __init__(self, events: AppEvents, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.events = events
        self.rows: list[UserRow] = []
        layout = QVBoxLayout(self)
        layout.addWidget(heading_label(self.tr("Users")))
        layout.addWidget(
            hint_label(
                self.tr(
                    "Everyone signs in with their own name, so the records say who did what. Staff "
                    "record stock, orders and imports; administrators also manage users, settings "
                    "and backups, reverse movements and post counts."
                )
            )
        )
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Name"),
                self.tr("Role"),
                self.tr("Active"),
                self.tr("Locked until"),
                self.tr("Last sign-in"),
            ]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        layout.addWidget(self.table, 1)
        self.message = QLabel()
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        layout.addWidget(self.message)

        buttons = QHBoxLayout()
        self.add_button = QPushButton(icon("add"), self.tr("&Add user…"))
        self.add_button.clicked.connect(self.add_user)
        self.reset_button = QPushButton(self.tr("Reset &password…"))
        self.reset_button.setToolTip(self.tr("Give the selected user a new password (also unlocks it)"))
        self.reset_button.clicked.connect(self.reset_password)
        self.active_button = QPushButton(self.tr("&Disable"))
        self.active_button.clicked.connect(self.toggle_active)
        self.role_button = QPushButton(self.tr("Make &administrator"))
        self.role_button.clicked.connect(self.toggle_role)
        for button in (self.add_button, self.reset_button, self.active_button, self.role_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self._update_buttons()

    # ---------------------------------------------------------------- showing

    def refresh(self) -> None:
        selected = self.selected()
        try:
            self.rows = accounts.list_users()
        except InventoryError as exc:
            self.rows = []
            self.message.setText(str(exc))
        else:
            self.message.clear()
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            locked = row.locked_until if row.locked_until and row.locked_until > _utc_now() else None
            values = [
                row.name,
                row.role.label,
                self.tr("Yes") if row.active else self.tr("No, disabled"),
                local_time(locked),
                local_time(row.last_sign_in) or self.tr("never"),
            ]
            for c, text in enumerate(values):
                cell = QTableWidgetItem(text)
                if not row.active:
                    cell.setForeground(Qt.GlobalColor.gray)
                self.table.setItem(r, c, cell)
        if selected is not None:
            self.select(selected.name)
        self._update_buttons()

    def select(self, name: str) -> bool:
        for r, row in enumerate(self.rows):
            if row.name.casefold() == name.casefold():
                self.table.selectRow(r)
                return True
        return False

    def selected(self) -> UserRow | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.rows):
            return None
        return self.rows[rows[0].row()]

    def _update_buttons(self) -> None:
        row = self.selected()
        for button in (self.reset_button, self.active_button, self.role_button):
            button.setEnabled(row is not None)
        if row is None:
            return
        self.active_button.setText(self.tr("&Disable") if row.active else self.tr("&Enable"))
        self.active_button.setToolTip(
            tooltip(
                self.tr("{name} can no longer sign in; their records stay").format(name=row.name)
                if row.active
                else self.tr("{name} can sign in again").format(name=row.name)
            )
        )
        admin = row.role is Role.ADMIN
        self.role_button.setText(self.tr("Make &staff") if admin else self.tr("Make &administrator"))

    # ---------------------------------------------------------------- changing

    def _done(self, row: UserRow | None, status: str) -> None:
        if row is None:
            return
        self.events.status_message.emit(status)
        self.refresh()
        self.select(row.name)

    def add_user(self) -> None:
        op = Operation(
            self, self.events, lambda: AddUserDialog.ask(self), refused=self.tr("Not added"), initiator=self
        )
        row = op.result if op.run_dialog() else None
        if row is not None:
            self._done(
                row, self.tr("Added {name} ({role})").format(name=row.name, role=row.role.label.lower())
            )

    def reset_password(self) -> None:
        row = self.selected()
        if row is None:
            return
        name = row.name
        op = Operation(
            self,
            self.events,
            lambda: ResetPasswordDialog.ask(name, self),
            refused=self.tr("Not changed"),
            initiator=self,
        )
        if op.run_dialog():
            self._done(op.result, self.tr("New password set for {name}").format(name=name))

    def toggle_active(self) -> None:
        row = self.selected()
        if row is None:
            return
        if row.active:
            text = self.tr(
                "Disable {name}?\n\nThey can no longer sign in. What they recorded stays, with their name."
            ).format(name=row.name)
            if not prompts.confirm(self, self.tr("Disable user"), text, yes=self.tr("Disable")):
                return
        self._change(
            lambda: accounts.set_active(row.name, not row.active),
            self.tr("Disabled {name}") if row.active else self.tr("Enabled {name}"),
            row.name,
        )

    def toggle_role(self) -> None:
        row = self.selected()
        if row is None:
            return
        new = Role.STAFF if row.role is Role.ADMIN else Role.ADMIN
        me = current_actor()
        if new is Role.STAFF and me is not None and me.name.casefold() == row.name.casefold():
            text = self.tr("Make yourself staff?\n\nYou will no longer manage users, settings or backups.")
            if not prompts.confirm(self, self.tr("Change role"), text, yes=self.tr("Make staff")):
                return
        changed = self._change(
            lambda: accounts.set_role(row.name, new),
            self.tr("{name} is now {role}").format(name="{name}", role=new.label.lower()),
            row.name,
        )
        if changed and me is not None and me.name.casefold() == row.name.casefold():
            set_current_actor(Actor(me.name, new))
            self.own_role_changed.emit()

    def _change(self, change: Callable[[], UserRow], status: str, name: str) -> bool:
        op = Operation(self, self.events, change, refused=self.tr("Not changed"), initiator=self)
        if not op.run():
            self.refresh()  # the account may have changed on another workstation
            return False
        self._done(op.result, status.format(name=name))
        return True


def _utc_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)
