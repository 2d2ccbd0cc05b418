"""The signed-in account in the main window: who is shown in the status bar, what their role
lets them see, changing their own password, locking (idle or Ctrl+L), signing out and in again."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu

from inventory_app.core.accounts import audit
from inventory_app.core.accounts import users as accounts
from inventory_app.core.accounts.audit import Action
from inventory_app.core.accounts.context import Actor, current_actor, set_current_actor
from inventory_app.core.changes import Changes
from inventory_app.core.settings import office_settings
from inventory_app.errors import InventoryError
from inventory_app.ui.accounts.lock_screen import WindowLock
from inventory_app.ui.common.access import is_admin, signed_in_text
from inventory_app.ui.common.icons import icon
from inventory_app.ui.shell.idle_watch import IdleWatch
from inventory_app.ui.shell.side_bar import NAV_INVENTORY, NAV_SETTINGS, NAV_USERS
from inventory_app.ui.shell.window_parts import SessionWindow

ADMIN_PAGES = (NAV_SETTINGS, NAV_USERS)
# How often the window asks the database whether the signed-in account changed elsewhere.
ACCOUNT_CHECK_MS = 60_000


class WindowSession(QObject):
    """The session of the main window `widget`, whose parts it reaches through `window`; its
    actions go in `file_menu`."""

    def __init__(self, widget: QMainWindow, window: SessionWindow, file_menu: QMenu) -> None:
        super().__init__(widget)
        self.widget = widget
        self.window = window
        self.lock = WindowLock(widget)
        self.idle = IdleWatch(self)
        self.idle.idle.connect(lambda: self.lock_now("idle"))
        self.lock.locked.connect(self._locked)
        self.lock.unlocked.connect(self._unlocked)
        self.lock.actor_changed.connect(self._actor_changed)
        window.events.changed.connect(self._changed)
        # An administrator on another workstation may disable or demote this account, and a
        # restored backup may not know it: follow what the database says (a restore changes
        # the settings and the accounts).
        self.account_timer = QTimer(self)
        self.account_timer.setInterval(ACCOUNT_CHECK_MS)
        self.account_timer.timeout.connect(self.check_account)
        self.account_timer.start()

        self.lock_action = QAction(icon("lock"), self.tr("&Lock now"), widget)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.lock_action.setStatusTip(self.tr("Hide the screen until your password is typed again"))
        self.lock_action.triggered.connect(lambda: self.lock_now("locked by the user"))
        widget.addAction(self.lock_action)
        self.sign_out_action = QAction(self.tr("Sign &out"), widget)
        self.sign_out_action.setStatusTip(self.tr("Sign out and let someone else sign in"))
        self.sign_out_action.triggered.connect(self.sign_out)
        self.change_password_action = QAction(self.tr("&Change my password…"), widget)
        self.change_password_action.setStatusTip(self.tr("Choose a new password for your account"))
        self.change_password_action.triggered.connect(self.change_password)
        file_menu.addAction(self.change_password_action)
        file_menu.addAction(self.lock_action)
        file_menu.addAction(self.sign_out_action)

        self.signed_in_label = QLabel()
        self.signed_in_label.setTextFormat(Qt.TextFormat.PlainText)  # a user name, shown as typed
        widget.statusBar().addPermanentWidget(self.signed_in_label)
        self.apply_role()

    # ---------------------------------------------------------------- roles

    def apply_role(self) -> None:
        """Show the signed-in account and hide or disable what its role may not do."""
        window = self.window
        actor = current_actor()
        self.signed_in_label.setText(signed_in_text(actor))
        self.signed_in_label.setVisible(actor is not None)
        for action in (self.change_password_action, self.lock_action, self.sign_out_action):
            action.setVisible(actor is not None)
        admin = is_admin()
        for row in ADMIN_PAGES:
            window.nav.item(row).setHidden(not admin)
        if not admin and window.nav.currentRow() in ADMIN_PAGES:
            window.nav.setCurrentRow(NAV_INVENTORY)
        window.show_admin_entries()  # the audit log entry and Restore
        window.inventory_page.panel.apply_role()
        for page in window.built_pages():
            apply = getattr(page, "apply_role", None)
            if apply is not None:
                apply()
        self._restart_idle()

    def _changed(self, changes: Changes, _initiator: object = None) -> None:
        if changes.settings:
            self._restart_idle()  # the idle lock's minutes may have changed
        if changes.accounts:
            self.check_account()

    def check_account(self) -> None:
        """Follow the account's state in the database: a new role is applied at once; a disabled
        or missing account locks the window (only someone else can sign in then)."""
        actor = current_actor()
        if actor is None or self.lock.is_locked or self.window.events.write_in_progress:
            return
        try:
            role = accounts.active_role(actor.name)
        except InventoryError:
            return  # an unreachable database is reported by whatever the user does next
        if role is None:
            if self.lock.lock("account disabled or removed"):
                self.lock.screen.show_message(
                    self.tr("This account was disabled or removed. Sign in as someone else.")
                )
            return
        if role is not actor.role:
            set_current_actor(Actor(actor.name, role))
            self.apply_role()
            self.window.events.status_message.emit(
                self.tr("An administrator changed your role: you are now {role}.").format(
                    role=role.label.lower()
                )
            )

    def _actor_changed(self, closed: int) -> None:
        """Someone else signed in: their role, and the pages read again as theirs."""
        self.apply_role()
        self.window.refresh()
        if closed:
            self.window.events.status_message.emit(
                self.tr("The previous user's open windows were closed; nothing in them was saved.")
            )

    # ---------------------------------------------------------------- locking

    @property
    def is_locked(self) -> bool:
        return self.lock.is_locked

    def _restart_idle(self) -> None:
        if current_actor() is None or self.lock.is_locked:
            self.idle.stop()
            return
        try:
            minutes = office_settings().idle_lock_minutes
        except InventoryError:
            minutes = 10
        self.idle.set_minutes(minutes)

    def _locked(self) -> None:
        self.idle.stop()
        self.idle.block_shortcuts = True

    def _unlocked(self) -> None:
        self.idle.block_shortcuts = False
        self._restart_idle()

    def lock_now(self, reason: str = "locked by the user") -> None:
        self.lock.lock(reason)

    def change_password(self) -> None:
        """The signed-in person's own password, asked for twice with the current one."""
        from inventory_app.ui.accounts.change_password_dialog import ChangePasswordDialog

        if current_actor() is None or not ChangePasswordDialog.ask(self.widget, self.window.events):
            return
        self.window.events.status_message.emit(self.tr("Password changed"))

    def sign_out(self) -> None:
        """Record the sign-out, blank the window and ask who signs in next (Quit closes the app)."""
        actor = current_actor()
        if actor is None:
            return
        try:
            audit.record_now(Action.SIGN_OUT, actor.name, "")
        except InventoryError:
            pass
        set_current_actor(None)
        self.lock.cover_signed_out(actor.name)
        self.signed_in_label.clear()
        self.ask_next()

    def ask_next(self) -> None:
        """The sign-in dialog over the blanked window; Quit closes the window."""
        from inventory_app.ui.accounts.sign_in import ask_sign_in

        new = ask_sign_in(self.widget)
        if new is None:
            self.widget.close()
            return
        self.window.nav.setCurrentRow(NAV_INVENTORY)
        self.lock.sign_in_as(new)

    def shut_down(self) -> None:
        self.account_timer.stop()
        self.idle.shut_down()
        self.lock.shut_down()
