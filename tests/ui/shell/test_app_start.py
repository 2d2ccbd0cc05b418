"""Starting the app: the window on the chosen database, clear refusals, unexpected errors."""

from __future__ import annotations

import stat
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QFileDialog

from inventory_app import app as app_module
from inventory_app.core.accounts.context import Actor, Role
from inventory_app.db import connection
from inventory_app.db.connection import ENV_VAR
from inventory_app.ui.common import file_dialogs, prompts
from inventory_app.ui.settings.database_choice import DatabaseChoiceDialog
from tests.ui.conftest import drive, shown_main_windows

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def no_event_loop(app_without_loop, monkeypatch) -> None:
    """`app.main` without an event loop (see `app_without_loop`), the administrator "signed in"."""
    # Sign-in has its own tests (test_sign_in.py); here the first administrator is "created".
    monkeypatch.setattr(app_module.sign_in, "start_session", lambda parent: Actor("Ana", Role.ADMIN))


def test_opens_the_window_on_the_database_given(no_event_loop, tmp_path: Path) -> None:
    target = tmp_path / "clinic.db"
    assert app_module.main(["--db", str(target), "--new"]) == 0
    windows = shown_main_windows()
    assert len(windows) == 1
    assert str(target) in windows[0].database_label.text()
    assert windows[0].pages.currentWidget() is windows[0].welcome_page
    assert target.exists()


def test_the_environment_chooses_the_database(no_event_loop, tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "from-env.db"
    monkeypatch.setenv(ENV_VAR, str(target))
    assert app_module.main(["--new"]) == 0
    assert str(target) in shown_main_windows()[0].database_label.text()


def test_a_database_that_does_not_exist_is_refused_not_created(no_event_loop, tmp_path, monkeypatch) -> None:
    typo = tmp_path / "clinc.db"
    shown: list[str] = []
    monkeypatch.setattr(prompts, "error", lambda parent, title, text: shown.append(f"{title}: {text}"))
    assert app_module.main(["--db", str(typo)]) == 1
    assert len(shown) == 1 and shown[0].startswith("Cannot open the database")
    assert f"No inventory at {typo}. Check the name, or create a new one with --new." in shown[0]
    assert not typo.exists() and not shown_main_windows()

    monkeypatch.setenv(ENV_VAR, str(typo))  # the environment naming it is refused the same way
    assert app_module.main([]) == 1
    assert f"No inventory at {typo}" in shown[1] and not typo.exists()


def test_an_empty_file_is_refused_not_made_an_inventory(no_event_loop, tmp_path, monkeypatch) -> None:
    empty = tmp_path / "clinic.db"
    empty.touch()
    shown: list[str] = []
    monkeypatch.setattr(prompts, "error", lambda parent, title, text: shown.append(text))
    assert app_module.main(["--db", str(empty)]) == 1
    assert f"{empty} is an empty file, not an inventory" in shown[0]
    assert empty.stat().st_size == 0 and not shown_main_windows()


def test_first_start_creates_the_default_database_on_this_computer(
    no_event_loop, tmp_path, monkeypatch, qtbot
) -> None:
    """The first start asks where the inventory is kept (test_database_choice_start.py); the
    answer already chosen, this computer only, makes the file in the data folder."""
    default = tmp_path / "data" / "inventory.db"
    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.setattr(connection, "default_database_path", lambda: default)
    asked = drive(
        monkeypatch, qtbot, DatabaseChoiceDialog, lambda dialog: qtbot.mouseClick(dialog.ok_button, LEFT)
    )
    assert app_module.main([]) == 0
    assert len(asked) == 1
    assert default.exists() and str(default) in shown_main_windows()[0].database_label.text()


def test_a_file_that_is_not_a_database_is_refused_plainly(no_event_loop, tmp_path, monkeypatch) -> None:
    bad = tmp_path / "order.db"
    bad.write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 500)
    shown: list[str] = []
    monkeypatch.setattr(prompts, "error", lambda parent, title, text: shown.append(f"{title}: {text}"))
    assert app_module.main(["--db", str(bad)]) == 1
    assert shown and "Cannot open the database" in shown[0] and str(bad) in shown[0]
    assert "Traceback" not in shown[0]
    assert not shown_main_windows()


def test_unexpected_errors_are_logged_and_explained(no_event_loop, tmp_path, monkeypatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(prompts, "error", lambda parent, title, text: shown.append(text))
    app_module.main(["--db", str(tmp_path / "x.db"), "--new"])
    try:
        raise RuntimeError("boom in a slot")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    assert "Something went wrong" in shown[-1]
    log_file = tmp_path / "data" / "errors.log"
    assert "boom in a slot" in log_file.read_text()
    assert stat.S_IMODE(log_file.stat().st_mode) == 0o600  # it can quote the office's records


def test_file_dialogs_start_in_the_last_folder(qapp, tmp_path, monkeypatch) -> None:
    settings = QSettings(str(tmp_path / "ws.ini"), QSettings.Format.IniFormat)
    folder = tmp_path / "exports"
    folder.mkdir()
    calls: list[str] = []

    def fake_save(parent, title, start, filters):
        calls.append(start)
        return str(folder / "PO-1.pdf"), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake_save)
    chosen = file_dialogs.ask_save_file(None, settings, "Save", "PO-1.pdf", "PDF (*.pdf)")
    assert chosen == str(folder / "PO-1.pdf")
    file_dialogs.ask_save_file(None, settings, "Save", "PO-2.pdf", "PDF (*.pdf)")
    assert calls[1] == str(folder / "PO-2.pdf")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: ("", ""))
    assert file_dialogs.ask_open_file(None, settings, "Open", "*.xlsx") is None
    assert file_dialogs.last_folder(settings) == str(folder)
