"""The first start of a workstation asks how it keeps the inventory: this computer only, or the
office server (tested against the test PostgreSQL server); later starts use the saved choice,
with the server's password from the password store or asked for; --db still wins."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QRadioButton, QWidget

from inventory_app import app as app_module
from inventory_app.core.accounts.context import Actor, Role
from inventory_app.core.database_choice import ServerAddress, split_server_url
from inventory_app.db import connection
from inventory_app.db.connection import ENV_VAR
from inventory_app.ui.common import prompts
from inventory_app.ui.settings.database_choice import (
    KIND_KEY,
    PASSWORD_KEY,
    URL_KEY,
    DatabaseChoiceDialog,
    PasswordDialog,
)
from tests.conftest import reset_postgres
from tests.memory_keyring import use_memory_keyring, use_no_keyring
from tests.ui.conftest import drive, shown_main_windows, type_into_focus

LEFT = Qt.MouseButton.LeftButton
PASSWORD = "typed-Secret-1"  # the test server trusts local connections: any password is accepted


@pytest.fixture
def first_start(app_without_loop, monkeypatch, tmp_path: Path) -> Path:
    """`app.main` without an event loop on a workstation where nothing was chosen yet: no --db,
    no $INVENTORY_APP_DB, no saved choice, no inventory file; the default file's path returned."""
    monkeypatch.setattr(app_module.sign_in, "start_session", lambda parent: Actor("Ana", Role.ADMIN))
    monkeypatch.delenv(ENV_VAR, raising=False)
    default = tmp_path / "data" / "inventory.db"
    monkeypatch.setattr(connection, "default_database_path", lambda: default)
    return default


@pytest.fixture(autouse=True)
def memory_keyring(monkeypatch):
    return use_memory_keyring(monkeypatch)


def workstation() -> QSettings:
    """This workstation's settings, as the app keeps them (after `app.main` named the app)."""
    return QSettings()


def settings_file_text() -> str:
    settings = workstation()
    settings.sync()
    return Path(settings.fileName()).read_text(encoding="utf-8")


def click(qtbot, widget: QWidget) -> None:
    """A click on the widget; on a radio button's own circle and words (its row is wider)."""
    pos = widget.rect().center()
    if isinstance(widget, QRadioButton):
        pos.setX(min(pos.x(), 8))
    qtbot.mouseClick(widget, LEFT, pos=pos)


def type_in(qtbot, field: QWidget, text: str) -> None:
    """Click into the field, select what it holds and type `text` over it, as a person does."""
    click(qtbot, field)
    assert QApplication.focusWidget() is field or field.isAncestorOf(QApplication.focusWidget())
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_into_focus(qtbot, text)


def fill_server(qtbot, dialog: DatabaseChoiceDialog, address: ServerAddress, password: str) -> None:
    click(qtbot, dialog.server_button)
    assert dialog.server_button.isChecked() and dialog.host.isEnabled()
    type_in(qtbot, dialog.host, address.host)
    type_in(qtbot, dialog.port, str(address.port))
    type_in(qtbot, dialog.database, address.database)
    type_in(qtbot, dialog.user, address.user)
    type_in(qtbot, dialog.password, password)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_first_start_this_computer_only_creates_the_file(first_start, monkeypatch, qtbot) -> None:
    def steps(dialog: DatabaseChoiceDialog) -> None:
        assert dialog.local_button.isChecked()  # the simple answer is the one already chosen
        assert not dialog.host.isEnabled()
        click(qtbot, dialog.local_button)
        click(qtbot, dialog.ok_button)

    seen = drive(monkeypatch, qtbot, DatabaseChoiceDialog, steps)
    assert app_module.main([]) == 0
    assert len(seen) == 1 and first_start.exists()
    assert str(first_start) in shown_main_windows()[0].database_label.text()
    assert workstation().value(KIND_KEY) == "local"

    # The next start asks nothing: the choice was kept.
    assert app_module.main([]) == 0
    assert len(seen) == 1


def test_first_start_on_the_office_server(first_start, pg_url, memory_keyring, monkeypatch, qtbot) -> None:
    reset_postgres(pg_url)
    server = split_server_url(pg_url)
    said: list[str] = []

    def steps(dialog: DatabaseChoiceDialog) -> None:
        fill_server(qtbot, dialog, server, PASSWORD)
        click(qtbot, dialog.test_button)
        said.append(dialog.answer.text())
        click(qtbot, dialog.ok_button)

    seen = drive(monkeypatch, qtbot, DatabaseChoiceDialog, steps)
    assert app_module.main([]) == 0
    assert len(seen) == 1 and said[0].startswith("Connected.")
    account = f"postgresql://{server.user}@{server.host}:{server.port}/{server.database}"
    label = shown_main_windows()[0].database_label.text()
    assert account in label and PASSWORD not in label
    assert not first_start.exists()  # no file was made on this computer
    settings = workstation()
    assert (settings.value(KIND_KEY), settings.value(URL_KEY)) == ("server", account)
    assert settings.value(PASSWORD_KEY) == "saved"
    assert PASSWORD not in settings_file_text()
    assert list(memory_keyring.passwords.values()) == [PASSWORD]

    # The next start opens the server with the saved password: nothing is asked.
    asked = drive(monkeypatch, qtbot, PasswordDialog, lambda dialog: None)
    assert app_module.main([]) == 0
    assert len(seen) == 1 and not asked
    assert account in shown_main_windows()[-1].database_label.text()


def test_test_connection_says_what_is_wrong(first_start, pg_url, monkeypatch, qtbot) -> None:
    server = split_server_url(pg_url)
    said: list[str] = []

    def steps(dialog: DatabaseChoiceDialog) -> None:
        fill_server(
            qtbot, dialog, ServerAddress(server.host, server.port, "no_such_db", server.user), PASSWORD
        )
        click(qtbot, dialog.test_button)
        said.append(dialog.answer.text())
        port = free_port()
        type_in(qtbot, dialog.port, str(port))
        assert dialog.answer.isHidden()  # a changed detail clears the old answer
        click(qtbot, dialog.ok_button)  # "Use this" checks first, and keeps the dialog open
        said.append(dialog.answer.text())
        assert dialog.isVisible() and f"port {port}" in said[-1]
        click(qtbot, dialog.server_button)

    drive(monkeypatch, qtbot, DatabaseChoiceDialog, steps)
    assert app_module.main([]) == 0  # cancelled: the program ends, nothing chosen or made
    assert 'has no database named "no_such_db"' in said[0]
    assert "cannot be reached" in said[1]
    assert all(PASSWORD not in text for text in said)
    assert not shown_main_windows() and not first_start.exists()
    assert workstation().value(KIND_KEY) is None


def test_without_a_password_store_the_password_is_asked_at_start(
    first_start, pg_url, monkeypatch, qtbot
) -> None:
    use_no_keyring(monkeypatch)
    reset_postgres(pg_url)
    server = split_server_url(pg_url)

    def steps(dialog: DatabaseChoiceDialog) -> None:
        assert "asks for the password each time it starts" in dialog.password_note.text()
        fill_server(qtbot, dialog, server, PASSWORD)
        click(qtbot, dialog.ok_button)

    drive(monkeypatch, qtbot, DatabaseChoiceDialog, steps)
    asked: list[str] = []

    def type_password(dialog: PasswordDialog) -> None:
        assert dialog.password.hasFocus()
        type_into_focus(qtbot, PASSWORD)
        asked.append(dialog.password.text())
        click(qtbot, dialog.ok_button)

    drive(monkeypatch, qtbot, PasswordDialog, type_password)
    assert app_module.main([]) == 0  # the password typed in the choice opens this first start
    assert workstation().value(PASSWORD_KEY) == "ask" and PASSWORD not in settings_file_text()
    assert not asked
    assert app_module.main([]) == 0  # the next start asks for it
    assert asked == [PASSWORD] and len(shown_main_windows()) == 2


def test_the_db_option_and_the_environment_win_over_the_saved_choice(
    first_start, monkeypatch, qtbot, tmp_path
) -> None:
    chosen = drive(monkeypatch, qtbot, DatabaseChoiceDialog, lambda dialog: None)
    asked = drive(monkeypatch, qtbot, PasswordDialog, lambda dialog: None)
    target = tmp_path / "given.db"
    assert app_module.main(["--db", str(target), "--new"]) == 0  # names the app's settings
    settings = workstation()
    settings.setValue(KIND_KEY, "server")
    settings.setValue(URL_KEY, f"postgresql://clinic@127.0.0.1:{free_port()}/inventory")
    settings.setValue(PASSWORD_KEY, "ask")
    settings.sync()
    assert app_module.main(["--db", str(target)]) == 0
    assert str(target) in shown_main_windows()[-1].database_label.text()
    monkeypatch.setenv(ENV_VAR, str(target))
    assert app_module.main([]) == 0
    assert str(target) in shown_main_windows()[-1].database_label.text()
    assert not chosen and not asked


def test_an_inventory_file_made_before_is_opened_without_asking(first_start, monkeypatch, qtbot) -> None:
    seen = drive(monkeypatch, qtbot, DatabaseChoiceDialog, lambda dialog: None)
    assert app_module.main(["--db", str(first_start), "--new"]) == 0
    assert app_module.main([]) == 0
    assert not seen and str(first_start) in shown_main_windows()[-1].database_label.text()


def test_a_saved_server_that_cannot_be_used_is_explained_at_start(
    first_start, pg_url, monkeypatch, qtbot
) -> None:
    server = split_server_url(pg_url)
    assert app_module.main(["--db", str(first_start.with_name("x.db")), "--new"]) == 0  # names the app
    settings = workstation()
    settings.setValue(KIND_KEY, "server")
    url = f"postgresql://{server.user}@{server.host}:{server.port}/gone_inventory"
    settings.setValue(URL_KEY, url)
    settings.setValue(PASSWORD_KEY, "none")
    settings.sync()
    shown: list[str] = []
    monkeypatch.setattr(prompts, "confirm", lambda parent, title, text, yes="OK": shown.append(text) or False)
    windows = len(shown_main_windows())
    assert app_module.main([]) == 1
    assert len(shown) == 1 and 'has no database named "gone_inventory"' in shown[0]
    assert "Check the office server's details now?" in shown[0]
    assert len(shown_main_windows()) == windows
