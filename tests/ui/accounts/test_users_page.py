"""The Users page, driven by an administrator through its real widgets: adding a staff user,
a new password, disabling, roles, and the core's refusals shown plainly."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from inventory_app.core.accounts import audit
from inventory_app.core.accounts import users as accounts
from inventory_app.core.accounts.audit import Action
from inventory_app.core.accounts.context import Role
from inventory_app.errors import SignInFailed
from inventory_app.ui.accounts.user_dialogs import AddUserDialog, ResetPasswordDialog
from inventory_app.ui.accounts.users_page import UsersPage
from inventory_app.ui.common import prompts
from inventory_app.ui.shell.main_window import NAV_USERS, MainWindow
from tests.ui.conftest import ADMIN_NAME, STAFF_NAME, drive

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def page(admin_window: MainWindow) -> UsersPage:
    admin_window.nav.setCurrentRow(NAV_USERS)
    assert admin_window.pages.currentWidget() is admin_window.users_page
    return admin_window.users_page


@pytest.fixture
def errors(monkeypatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(prompts, "error", lambda parent, title, text: shown.append(text))
    monkeypatch.setattr(prompts, "confirm", lambda *a, **k: True)
    return shown


def cell(page: UsersPage, name: str, column: int) -> str:
    row = next(i for i, r in enumerate(page.rows) if r.name == name)
    return page.table.item(row, column).text()


def test_the_page_lists_the_accounts(page: UsersPage) -> None:
    assert [r.name for r in page.rows] == [ADMIN_NAME, STAFF_NAME]
    assert cell(page, ADMIN_NAME, page.ROLE) == "Administrator"
    assert cell(page, STAFF_NAME, page.ROLE) == "Staff"
    assert cell(page, STAFF_NAME, page.ACTIVE) == "Yes"
    assert cell(page, STAFF_NAME, page.LAST) == "never"


def test_admin_adds_a_staff_user(page: UsersPage, monkeypatch, qtbot) -> None:
    def steps(dialog: AddUserDialog) -> None:
        qtbot.keyClicks(dialog.name, "Lee")
        qtbot.keyClicks(dialog.password, "short")
        qtbot.keyClicks(dialog.repeat, "short")
        qtbot.mouseClick(dialog.save_button, LEFT)
        assert dialog.fields.errors["password"].isVisible()
        assert "at least 8 characters" in dialog.fields.errors["password"].text()
        for field in (dialog.password, dialog.repeat):
            field.clear()
            qtbot.keyClicks(field, "front desk 42")
        qtbot.mouseClick(dialog.save_button, LEFT)

    seen = drive(monkeypatch, qtbot, AddUserDialog, steps)
    qtbot.mouseClick(page.add_button, LEFT)
    assert len(seen) == 1 and seen[0].result() == seen[0].DialogCode.Accepted
    assert cell(page, "Lee", page.ROLE) == "Staff"
    assert page.selected() is not None and page.selected().name == "Lee"
    assert accounts.sign_in("Lee", "front desk 42").role is Role.STAFF


def test_a_duplicate_name_is_refused_under_the_name(page: UsersPage, monkeypatch, qtbot) -> None:
    def steps(dialog: AddUserDialog) -> None:
        qtbot.keyClicks(dialog.name, "sam")
        qtbot.keyClicks(dialog.password, "front desk 42")
        qtbot.keyClicks(dialog.repeat, "front desk 42")
        qtbot.mouseClick(dialog.save_button, LEFT)
        assert "already a user called sam" in dialog.fields.errors["name"].text()

    seen = drive(monkeypatch, qtbot, AddUserDialog, steps)
    qtbot.mouseClick(page.add_button, LEFT)
    assert seen[0].result() != seen[0].DialogCode.Accepted
    assert len(page.rows) == 2


def test_reset_password_disable_and_enable(page: UsersPage, errors, monkeypatch, qtbot) -> None:
    for n in range(5):
        with pytest.raises(SignInFailed):
            accounts.sign_in(STAFF_NAME, f"forgotten {n}")
    page.refresh()
    assert cell(page, STAFF_NAME, page.LOCKED) != ""
    assert page.select(STAFF_NAME)

    def steps(dialog: ResetPasswordDialog) -> None:
        qtbot.keyClicks(dialog.password, "a new one 77")
        qtbot.keyClicks(dialog.repeat, "a new one 77")
        qtbot.mouseClick(dialog.save_button, LEFT)

    drive(monkeypatch, qtbot, ResetPasswordDialog, steps)
    qtbot.mouseClick(page.reset_button, LEFT)
    assert cell(page, STAFF_NAME, page.LOCKED) == ""  # a new password unlocks the account
    assert accounts.sign_in(STAFF_NAME, "a new one 77").name == STAFF_NAME

    assert page.active_button.text() == "&Disable"
    qtbot.mouseClick(page.active_button, LEFT)
    assert cell(page, STAFF_NAME, page.ACTIVE) == "No, disabled"
    with pytest.raises(SignInFailed, match="disabled"):
        accounts.sign_in(STAFF_NAME, "a new one 77")
    assert page.active_button.text() == "&Enable"
    qtbot.mouseClick(page.active_button, LEFT)
    assert cell(page, STAFF_NAME, page.ACTIVE) == "Yes"
    assert errors == []
    details = [e.detail for e in audit.events(action=Action.USER, user=ADMIN_NAME)]
    assert "disabled" in details and "enabled" in details


def test_make_administrator_then_staff_again(page: UsersPage, errors, qtbot) -> None:
    page.select(STAFF_NAME)
    assert page.role_button.text() == "Make &administrator"
    qtbot.mouseClick(page.role_button, LEFT)
    assert cell(page, STAFF_NAME, page.ROLE) == "Administrator"
    assert page.role_button.text() == "Make &staff"
    qtbot.mouseClick(page.role_button, LEFT)
    assert cell(page, STAFF_NAME, page.ROLE) == "Staff"
    assert errors == []


def test_the_core_refusals_are_shown_plainly(page: UsersPage, errors, qtbot) -> None:
    page.select(ADMIN_NAME)
    qtbot.mouseClick(page.role_button, LEFT)  # the only administrator cannot become staff
    assert len(errors) == 1 and "only administrator" in errors[0]
    qtbot.mouseClick(page.active_button, LEFT)  # nor disable their own account
    assert len(errors) == 2 and "cannot disable your own account" in errors[1]
    assert cell(page, ADMIN_NAME, page.ROLE) == "Administrator"
    assert cell(page, ADMIN_NAME, page.ACTIVE) == "Yes"
    assert all("Traceback" not in text for text in errors)


def test_an_administrator_who_makes_themselves_staff_loses_the_page(
    admin_window: MainWindow, page: UsersPage, errors, qtbot
) -> None:
    page.select(STAFF_NAME)
    qtbot.mouseClick(page.role_button, LEFT)  # Sam becomes an administrator first
    page.select(ADMIN_NAME)
    qtbot.mouseClick(page.role_button, LEFT)  # then Ana makes herself staff (after confirming)
    assert errors == []
    assert admin_window.session.signed_in_label.text() == "Signed in as Ana (staff)"
    assert admin_window.nav.item(NAV_USERS).isHidden()
    assert admin_window.pages.currentWidget() is not page


def test_reset_password_dialog_shows_a_name_as_typed_and_checks_the_rules_first(qtbot) -> None:
    dialog = ResetPasswordDialog("<b>Sam</b>")
    qtbot.addWidget(dialog)
    hints = [label for label in dialog.findChildren(QLabel) if "<b>Sam</b>" in label.text()]
    assert hints and all(label.textFormat() == Qt.TextFormat.PlainText for label in hints)
    qtbot.keyClicks(dialog.password, "short")
    qtbot.keyClicks(dialog.repeat, "other")
    qtbot.mouseClick(dialog.save_button, LEFT)
    assert "at least 8 characters" in dialog.fields.errors["password"].text()
    assert dialog.fields.errors["repeat"].isHidden()
    assert all(label.textFormat() == Qt.TextFormat.PlainText for label in dialog.fields.errors.values())
    assert dialog.saved is None
