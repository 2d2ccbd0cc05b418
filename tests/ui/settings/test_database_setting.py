"""Settings ▸ Database: which database is in use, and (administrators only) switching this
computer to the office server or back, from the next start."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QRadioButton, QWidget

from inventory_app.core.database_choice import split_server_url
from inventory_app.db import connection
from inventory_app.ui.settings.database_choice import KIND_KEY, PASSWORD_KEY, URL_KEY, DatabaseChoiceDialog
from inventory_app.ui.shell.main_window import NAV_SETTINGS
from tests.conftest import reset_postgres
from tests.memory_keyring import use_memory_keyring
from tests.ui.conftest import drive, type_into_focus

LEFT = Qt.MouseButton.LeftButton
PASSWORD = "office-Server-2"


def click(qtbot, widget: QWidget) -> None:
    pos = widget.rect().center()
    if isinstance(widget, QRadioButton):
        pos.setX(min(pos.x(), 8))  # on its circle and words, not the empty rest of its row
    qtbot.mouseClick(widget, LEFT, pos=pos)


def type_in(qtbot, field: QWidget, text: str) -> None:
    click(qtbot, field)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_into_focus(qtbot, text)


def settings_page(window):
    window.nav.setCurrentRow(NAV_SETTINGS)
    page = window.settings_page
    page.refresh()
    return page


def test_an_administrator_switches_this_computer_to_the_office_server(
    admin_window, qsettings, pg_url, monkeypatch, qtbot, tmp_path: Path
) -> None:
    store = use_memory_keyring(monkeypatch)
    monkeypatch.setattr(connection, "default_database_path", lambda: tmp_path / "inventory.db")
    reset_postgres(pg_url)
    page = settings_page(admin_window)
    assert page.database_label.text() == f"In use: {tmp_path / 'inventory.db'}"
    assert page.database_button.isEnabled()
    server = split_server_url(pg_url)

    def steps(dialog: DatabaseChoiceDialog) -> None:
        assert dialog.local_button.isChecked()  # as now: this computer only
        click(qtbot, dialog.server_button)
        type_in(qtbot, dialog.host, server.host)
        type_in(qtbot, dialog.port, str(server.port))
        type_in(qtbot, dialog.database, server.database)
        type_in(qtbot, dialog.user, server.user)
        type_in(qtbot, dialog.password, PASSWORD)
        click(qtbot, dialog.ok_button)

    seen = drive(monkeypatch, qtbot, DatabaseChoiceDialog, steps)
    click(qtbot, page.database_button)
    assert len(seen) == 1
    account = f"postgresql://{server.user}@{server.host}:{server.port}/{server.database}"
    assert (qsettings.value(KIND_KEY), qsettings.value(URL_KEY)) == ("server", account)
    assert qsettings.value(PASSWORD_KEY) == "saved"
    qsettings.sync()
    assert PASSWORD not in Path(qsettings.fileName()).read_text(encoding="utf-8")
    assert list(store.passwords.values()) == [PASSWORD]
    # Still on the file until the next start, and told so plainly.
    assert page.database_label.text() == f"In use: {tmp_path / 'inventory.db'}"
    note = page.database_note.text()
    assert note.startswith("Saved. From the next start this computer uses: " + account)
    assert "start it again" in note

    # Back to this computer only: the server's password is forgotten.
    def back(dialog: DatabaseChoiceDialog) -> None:
        assert dialog.server_button.isChecked() and dialog.host.text() == server.host
        assert dialog.password.text() == PASSWORD  # from the password store, for a new test
        click(qtbot, dialog.local_button)
        click(qtbot, dialog.ok_button)

    drive(monkeypatch, qtbot, DatabaseChoiceDialog, back)
    click(qtbot, page.database_button)
    assert qsettings.value(KIND_KEY) == "local" and qsettings.value(URL_KEY) is None
    assert not store.passwords
    assert page.database_note.text() == "Saved. This computer keeps using this database."


def test_staff_see_the_database_but_cannot_change_it(staff_window, tmp_path: Path) -> None:
    page = settings_page(staff_window)
    assert page.database_label.text() == f"In use: {tmp_path / 'inventory.db'}"
    assert not page.database_button.isEnabled()
    assert page.database_button.toolTip().startswith("Administrators only")


def test_the_office_server_in_use_is_shown_without_its_password(pg_db, events, qsettings, qtbot) -> None:
    from inventory_app.ui.settings.settings_page import SettingsPage

    page = SettingsPage(events, workstation=qsettings)
    qtbot.addWidget(page)
    page.refresh()
    server = split_server_url(pg_db.database)
    assert f"{server.user}@{server.host}:{server.port}/{server.database}" in page.database_label.text()
