"""The window follows the signed-in account's state in the database: a role changed or an
account disabled on another workstation (or missing from a restored backup) counts without
signing in again. The core refuses regardless (the role is read at every administrator action);
this is about what the screen offers."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt

from inventory_app.core.accounts import users as accounts
from inventory_app.core.accounts.context import Actor, Role, current_actor, set_current_actor
from inventory_app.core.changes import Changes
from inventory_app.ui.shell.main_window import MainWindow
from inventory_app.ui.shell.session import ACCOUNT_CHECK_MS
from inventory_app.ui.shell.side_bar import NAV_SETTINGS, NAV_USERS
from tests.ui.conftest import ADMIN_NAME, STAFF_NAME, STAFF_PASSWORD

ANA = Actor(ADMIN_NAME, Role.ADMIN)


def elsewhere(change: Callable[[], object]) -> None:
    """Run `change` as Ana on another workstation, then put this window's actor back."""
    here = current_actor()
    set_current_actor(ANA)
    try:
        change()
    finally:
        set_current_actor(here)


def admin_entries_shown(window: MainWindow) -> bool:
    return not window.nav.item(NAV_USERS).isHidden() and not window.nav.item(NAV_SETTINGS).isHidden()


def test_the_window_checks_the_account_every_minute(staff_window: MainWindow) -> None:
    timer = staff_window.session.account_timer
    assert timer.isActive() and timer.interval() == ACCOUNT_CHECK_MS == 60_000


def test_a_staff_member_promoted_elsewhere_gets_the_administrator_screens(staff_window: MainWindow) -> None:
    assert not admin_entries_shown(staff_window)
    elsewhere(lambda: accounts.set_role(STAFF_NAME, Role.ADMIN))
    staff_window.session.account_timer.timeout.emit()
    assert current_actor() == Actor(STAFF_NAME, Role.ADMIN)
    assert admin_entries_shown(staff_window)
    assert "administrator" in staff_window.session.signed_in_label.text()


def test_an_administrator_demoted_elsewhere_loses_them_at_once(admin_window: MainWindow) -> None:
    elsewhere(lambda: accounts.add_user("Cat", "cats-password", Role.ADMIN))
    set_current_actor(Actor("Cat", Role.ADMIN))
    accounts.set_role(ADMIN_NAME, Role.STAFF)  # Cat, at her desk, makes Ana staff
    set_current_actor(ANA)  # what Ana's window still believes
    admin_window.nav.setCurrentRow(NAV_SETTINGS)
    admin_window.events.changed.emit(Changes(settings=True, accounts=True), None)  # also what a restore sends
    assert current_actor() == Actor(ADMIN_NAME, Role.STAFF)
    assert not admin_entries_shown(admin_window)
    assert admin_window.nav.currentRow() != NAV_SETTINGS
    assert "staff" in admin_window.session.signed_in_label.text()


def test_a_disabled_account_locks_the_window_and_cannot_unlock(staff_window: MainWindow, qtbot) -> None:
    elsewhere(lambda: accounts.set_active(STAFF_NAME, False))
    staff_window.session.check_account()
    assert staff_window.is_locked
    screen = staff_window.session.lock.screen
    assert "disabled or removed" in screen.message.text()
    qtbot.keyClicks(screen.password, STAFF_PASSWORD)
    qtbot.keyClick(screen.password, Qt.Key.Key_Return)
    assert staff_window.is_locked
    assert "disabled" in screen.message.text()


def test_nothing_changes_while_the_account_is_as_it_was(admin_window: MainWindow) -> None:
    admin_window.session.check_account()
    assert current_actor() == ANA and not admin_window.is_locked and admin_entries_shown(admin_window)
