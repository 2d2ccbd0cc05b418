"""Sign-in in the desktop app (F1, F2): the first administrator, signing in, wrong passwords,
lockout, and the start-up flow of app.main, with the dialogs driven through their widgets."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from inventory_app import app as app_module
from inventory_app.core.accounts import audit
from inventory_app.core.accounts import users as accounts
from inventory_app.core.accounts.audit import Action
from inventory_app.core.accounts.context import Role, current_actor, set_current_actor
from inventory_app.db.session import open_database
from inventory_app.ui.accounts.sign_in import CreateAdminDialog, SignInDialog
from inventory_app.ui.common import prompts
from tests.ui.conftest import drive, shown_main_windows

LEFT = Qt.MouseButton.LeftButton
GOOD = "long enough pw"


def fill(qtbot, field, text: str) -> None:
    field.clear()
    qtbot.keyClicks(field, text)


def create_admin(qtbot, name: str, password: str, repeat: str | None = None) -> Callable:
    def steps(dialog: CreateAdminDialog) -> None:
        fill(qtbot, dialog.name, name)
        fill(qtbot, dialog.password, password)
        fill(qtbot, dialog.repeat, password if repeat is None else repeat)
        qtbot.mouseClick(dialog.create_button, LEFT)

    return steps


def sign_in_steps(qtbot, *attempts: tuple[str, str], record: list[str] | None = None) -> Callable:
    def steps(dialog: SignInDialog) -> None:
        for name, password in attempts:
            fill(qtbot, dialog.name, name)
            fill(qtbot, dialog.password, password)
            qtbot.mouseClick(dialog.sign_in_button, LEFT)
            if record is not None:
                record.append(dialog.message.text() if dialog.message.isVisibleTo(dialog) else "")
            if not dialog.isVisible():
                return

    return steps


@pytest.fixture
def start(app_without_loop: Path) -> Path:
    """app.main without an event loop (see `app_without_loop`): the database file to open."""
    return app_without_loop / "clinic.db"


# ---------------------------------------------------------------- the dialogs on their own


def test_first_admin_too_short_password_is_shown_then_created(sqlite_db, qtbot) -> None:
    dialog = CreateAdminDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    create_admin(qtbot, "Ana", "short")(dialog)
    assert dialog.result() != dialog.DialogCode.Accepted
    error = dialog.fields.errors["password"]
    assert error.isVisible() and "at least 8 characters" in error.text()
    assert not accounts.has_accounts()

    create_admin(qtbot, "Ana", GOOD, repeat=GOOD + "x")(dialog)
    assert dialog.fields.errors["repeat"].isVisible()
    assert "not the same" in dialog.fields.errors["repeat"].text()
    assert not accounts.has_accounts()

    create_admin(qtbot, "Ana", GOOD)(dialog)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.actor is not None and dialog.actor.role is Role.ADMIN
    assert accounts.has_accounts()


def test_wrong_password_and_unknown_name_get_the_same_message(sqlite_db, qtbot) -> None:
    accounts.create_first_admin("Ana", GOOD)
    dialog = SignInDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    shown: list[str] = []
    sign_in_steps(qtbot, ("Ana", "not the password"), ("Nobody", "not the password"), record=shown)(dialog)
    assert shown[0] == shown[1] == accounts.WRONG_NAME_OR_PASSWORD
    assert dialog.password.text() == ""  # cleared for the next try
    assert dialog.isVisible() and dialog.actor is None


def test_five_failures_lock_the_account_and_say_so(sqlite_db, qtbot) -> None:
    accounts.create_first_admin("Ana", GOOD)
    dialog = SignInDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    shown: list[str] = []
    wrong = [("Ana", f"wrong guess {n}") for n in range(5)]
    sign_in_steps(qtbot, *wrong, ("Ana", GOOD), record=shown)(dialog)
    assert shown[:4] == [accounts.WRONG_NAME_OR_PASSWORD] * 4
    assert "locked after 5 wrong passwords" in shown[4]
    # Even the right password is refused while the account is locked.
    assert "locked" in shown[5] and dialog.actor is None
    failures = audit.events(action=Action.SIGN_IN_FAILED)
    assert len(failures) == 6


# ---------------------------------------------------------------- app.main


def test_first_start_creates_the_admin_and_the_next_start_asks_to_sign_in(start, monkeypatch, qtbot) -> None:
    created = drive(
        monkeypatch,
        qtbot,
        CreateAdminDialog,
        lambda d: (create_admin(qtbot, "Ana", "short")(d), create_admin(qtbot, "Ana", GOOD)(d)),
    )
    assert app_module.main(["--db", str(start), "--new"]) == 0
    assert len(created) == 1
    window = shown_main_windows()[0]
    assert current_actor() is not None and current_actor().name == "Ana"
    assert window.session.signed_in_label.text() == "Signed in as Ana (administrator)"
    # The welcome page still offers the office details and the demo.
    assert window.pages.currentWidget() is window.welcome_page
    window.welcome_page.office_name.setText("Riverside Family Clinic")
    window.welcome_page.save_office()
    assert window.welcome_page.saved_label.text() == "Saved."
    window.close()
    set_current_actor(None)
    shown: list[str] = []
    asked = drive(
        monkeypatch,
        qtbot,
        SignInDialog,
        sign_in_steps(qtbot, ("Ana", "wrong password"), ("Ana", GOOD), record=shown),
    )
    assert app_module.main(["--db", str(start)]) == 0
    assert len(asked) == 1 and shown == [accounts.WRONG_NAME_OR_PASSWORD, ""]
    assert current_actor() is not None and current_actor().name == "Ana"
    assert len(shown_main_windows()) == 1


def test_quit_at_sign_in_exits_with_0_and_writes_nothing(start, monkeypatch, qtbot) -> None:
    open_database(start)
    accounts.create_first_admin("Ana", GOOD)
    before = len(audit.events())
    drive(monkeypatch, qtbot, SignInDialog, lambda d: qtbot.mouseClick(d.quit_button, LEFT))
    assert app_module.main(["--db", str(start)]) == 0
    assert not shown_main_windows()
    assert len(audit.events()) == before


def test_quit_on_a_new_database_creates_no_account(start, monkeypatch, qtbot) -> None:
    drive(monkeypatch, qtbot, CreateAdminDialog, lambda d: qtbot.mouseClick(d.quit_button, LEFT))
    assert app_module.main(["--db", str(start), "--new"]) == 0
    assert not shown_main_windows()
    assert not accounts.has_accounts()


def test_the_password_never_reaches_the_log_or_the_audit(start, monkeypatch, qtbot) -> None:
    secret = "Sekrit-Pa55word"
    wrong = "Wr0ng-Guess-Typed"
    drive(monkeypatch, qtbot, CreateAdminDialog, create_admin(qtbot, "Ana", secret))
    shown: list[str] = []
    monkeypatch.setattr(prompts, "error", lambda parent, title, text: shown.append(text))
    app_module.main(["--db", str(start), "--new"])
    window = shown_main_windows()[0]
    try:
        raise RuntimeError("an unexpected failure after signing in")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    # Signing out shows the sign-in dialog: one wrong password, then the right one.
    drive(monkeypatch, qtbot, SignInDialog, sign_in_steps(qtbot, ("Ana", wrong), ("Ana", secret)))
    window.session.sign_out()
    assert current_actor() is not None and not window.is_locked
    window.session.sign_out()
    log = Path(start.parent / "data" / "errors.log").read_text(encoding="utf-8")
    assert "an unexpected failure" in log and "Something went wrong" in shown[0]
    rows = audit.events()
    assert {Action.SIGN_OUT, Action.SIGN_IN_FAILED, Action.SIGN_IN} <= {r.action for r in rows}
    for text in [log, *(f"{r.user} {r.object} {r.detail}" for r in rows)]:
        assert secret not in text and wrong not in text
