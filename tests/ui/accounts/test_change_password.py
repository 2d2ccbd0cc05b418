"""File > Change my password…: the signed-in person types the current password and the new one
twice into the focused fields and presses Enter; refusals leave the dialog open."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from inventory_app.core.accounts import users as accounts
from inventory_app.errors import SignInFailed
from inventory_app.ui.accounts.change_password_dialog import ChangePasswordDialog
from inventory_app.ui.common import prompts
from inventory_app.ui.shell.main_window import MainWindow
from tests.ui.conftest import STAFF_NAME, STAFF_PASSWORD, choose_menu, drive, press, type_into_focus

NEW_PASSWORD = "clean gloves 3"


@pytest.fixture
def errors(monkeypatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(prompts, "error", lambda parent, title, text: shown.append(text))
    return shown


def type_field(qtbot, text: str) -> None:
    """Type into the focused field, then Tab to the next one, as a person does."""
    type_into_focus(qtbot, text)
    press(qtbot, QApplication.focusWidget(), Qt.Key.Key_Tab)


def enter(qtbot) -> None:
    press(qtbot, QApplication.focusWidget(), Qt.Key.Key_Return)


def file_menu_entries(window: MainWindow) -> list[str]:
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")
    return [a.text() for a in menu.actions() if a.isVisible()]


def test_staff_change_their_own_password(staff_window: MainWindow, errors, monkeypatch, qtbot) -> None:
    assert "&Change my password…" in file_menu_entries(staff_window)

    def steps(dialog: ChangePasswordDialog) -> None:
        assert QApplication.focusWidget() is dialog.current
        assert dialog.current.echoMode() == dialog.current.EchoMode.Password
        type_field(qtbot, STAFF_PASSWORD)
        assert QApplication.focusWidget() is dialog.password
        type_field(qtbot, NEW_PASSWORD)
        assert QApplication.focusWidget() is dialog.repeat
        type_into_focus(qtbot, NEW_PASSWORD)
        enter(qtbot)

    seen = drive(monkeypatch, qtbot, ChangePasswordDialog, steps)
    choose_menu(qtbot, staff_window, "File", "Change my password…")
    assert seen[0].result() == seen[0].DialogCode.Accepted
    assert errors == []
    assert staff_window.statusBar().currentMessage() == "Password changed"
    assert accounts.sign_in(STAFF_NAME, NEW_PASSWORD).name == STAFF_NAME
    with pytest.raises(SignInFailed):
        accounts.sign_in(STAFF_NAME, STAFF_PASSWORD)


def test_a_wrong_current_password_is_refused_and_can_be_typed_again(
    staff_window: MainWindow,
    errors,
    monkeypatch,
    qtbot,
) -> None:
    def steps(dialog: ChangePasswordDialog) -> None:
        type_field(qtbot, "not my password")
        type_field(qtbot, NEW_PASSWORD)
        type_into_focus(qtbot, NEW_PASSWORD)
        enter(qtbot)
        assert errors == ["The current password is not right."]
        assert dialog.isVisible()
        # The wrong password is emptied and has the cursor; the new ones are kept.
        assert dialog.current.text() == "" and QApplication.focusWidget() is dialog.current
        assert dialog.password.text() == dialog.repeat.text() == NEW_PASSWORD
        type_into_focus(qtbot, STAFF_PASSWORD)
        enter(qtbot)

    seen = drive(monkeypatch, qtbot, ChangePasswordDialog, steps)
    choose_menu(qtbot, staff_window, "File", "Change my password…")
    assert seen[0].result() == seen[0].DialogCode.Accepted
    assert staff_window.statusBar().currentMessage() == "Password changed"
    assert accounts.sign_in(STAFF_NAME, NEW_PASSWORD).name == STAFF_NAME


def test_new_passwords_that_differ_are_refused_in_the_dialog(
    admin_window: MainWindow,
    errors,
    monkeypatch,
    qtbot,
) -> None:
    def steps(dialog: ChangePasswordDialog) -> None:
        type_field(qtbot, "correct horse 1")
        type_field(qtbot, NEW_PASSWORD)
        type_into_focus(qtbot, "clean gloves 4")
        enter(qtbot)
        assert dialog.isVisible()
        assert dialog.fields.errors["repeat"].isVisible()
        assert dialog.fields.errors["repeat"].text() == "The two passwords are not the same."
        assert errors == []  # refused before the core is asked

    seen = drive(monkeypatch, qtbot, ChangePasswordDialog, steps)
    choose_menu(qtbot, admin_window, "File", "Change my password…")
    assert seen[0].result() != seen[0].DialogCode.Accepted  # left open, then cancelled
    assert admin_window.statusBar().currentMessage() != "Password changed"
    assert accounts.sign_in("Ana", "correct horse 1").name == "Ana"


def test_the_entry_is_shown_only_while_someone_is_signed_in(demo_window: MainWindow) -> None:
    assert not demo_window.session.change_password_action.isVisible()
    assert "&Change my password…" not in file_menu_entries(demo_window)
