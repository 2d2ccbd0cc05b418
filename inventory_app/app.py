"""Start-up of the desktop app: settings, database, sign-in, main window, error handling."""

from __future__ import annotations

# Before anything imports peewee: an office on a SQLite file never loads the PostgreSQL driver.
from inventory_app.db.drivers import defer_postgres_driver

defer_postgres_driver()

import argparse
import logging
import os
import sys
import traceback
from collections.abc import Sequence
from types import TracebackType

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from inventory_app import APP_NAME, ORG_NAME, __version__, collector
from inventory_app.core.accounts.context import set_current_actor
from inventory_app.core.database_choice import DatabaseChoice, Kind, check_server
from inventory_app.db import connection
from inventory_app.db.connection import (
    data_folder,
    describe_target,
    is_explicit_target,
    refuse_no_inventory,
    resolve_target,
)
from inventory_app.db.session import open_database
from inventory_app.errors import InventoryError
from inventory_app.ui.accounts import sign_in
from inventory_app.ui.common import prompts
from inventory_app.ui.common.icons import app_icon
from inventory_app.ui.events import AppEvents
from inventory_app.ui.settings.database_choice import DatabaseChoiceDialog, password_for, saved_choice
from inventory_app.ui.shell.main_window import MainWindow

log = logging.getLogger("inventory_app")


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="supply-room", description=APP_NAME)
    parser.add_argument("--db", metavar="PATH_OR_URL", help="database file or postgresql:// URL")
    parser.add_argument(
        "--new", action="store_true", help="create the inventory named by --db if it is not there yet"
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser.parse_known_args(list(argv))[0]


def install_excepthook(parent_getter) -> None:  # a callable returning a widget
    """Log anything unexpected to a file in the data folder and tell the user plainly."""
    folder = data_folder()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        log_file = folder / "errors.log"
        # Details of a failure can quote the office's records: readable by the owner only.
        os.close(os.open(log_file, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))
        handler: logging.Handler = logging.FileHandler(log_file, encoding="utf-8")
    except OSError:
        handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    for old in list(log.handlers):
        log.removeHandler(old)
        old.close()
    log.addHandler(handler)

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if isinstance(value, InventoryError):
            prompts.error(parent_getter(), APP_NAME, str(value))
            return
        log.error("Unexpected error:\n%s", "".join(traceback.format_exception(kind, value, tb)))
        prompts.error(
            parent_getter(),
            APP_NAME,
            "Something went wrong, and that action was not completed. Nothing half-done was "
            f"saved.\n\nDetails were written to {folder / 'errors.log'}.",
        )

    sys.excepthook = hook


Chosen = tuple[str, DatabaseChoice | None]  # the database to open, and the choice it came from


def chosen_database(args: argparse.Namespace, settings: QSettings) -> Chosen | None:
    """The database to open and the workstation's choice it came from: --db or $INVENTORY_APP_DB
    (no choice), else the choice saved on this workstation, else, on a first start (nothing
    chosen, no inventory file yet), the one the person makes now. None when they cancelled."""
    if is_explicit_target(args.db):
        return resolve_target(args.db), None
    choice = saved_choice(settings)
    password: str | None = None
    if choice is None:
        if connection.default_database_path().exists():  # chosen before the question was asked
            return resolve_target(None), None
        answer = DatabaseChoiceDialog.ask(None, settings, first_start=True)
        if answer is None:
            return None
        choice, password = answer
    if choice.kind is Kind.LOCAL:
        return choice.target(), choice
    if password is None:
        password = password_for(None, settings, choice)
    if password is None:
        return None
    return choice.target(password), choice


def retry_target(choice: DatabaseChoice, password: str) -> Chosen:
    return choice.target(password), choice


def _open_chosen(args: argparse.Namespace, settings: QSettings) -> tuple[str | None, int]:
    """Open the chosen database: (the target opened, 0), or (None, exit code) when it was
    refused (1) or the person cancelled (0).
    When the office server of this workstation's choice cannot be used, the person is told
    what is wrong in plain words and may choose again (a changed password, a new server)."""
    retry: tuple[DatabaseChoice, str] | None = None  # details just corrected, with their password
    while True:
        chosen = retry_target(*retry) if retry is not None else chosen_database(args, settings)
        if chosen is None:
            return None, 0
        target, choice = chosen
        try:
            if not args.new:  # a mistyped --db is refused, not made a new empty inventory
                refuse_no_inventory(target, missing_ok=not is_explicit_target(args.db))
            open_database(target)
        except InventoryError as exc:
            if choice is None or choice.kind is not Kind.SERVER:
                prompts.error(None, "Cannot open the database", f"{describe_target(target)}\n\n{exc}")
                return None, 1
            check = check_server(target)
            problem = str(exc) if check.ok else check.text
            again = prompts.confirm(
                None,
                "Cannot open the database",
                f"{describe_target(target)}\n\n{problem}\n\nCheck the office server's details now?",
                yes="Check the details",
            )
            answer = DatabaseChoiceDialog.ask(None, settings, current=choice) if again else None
            if answer is None:
                return None, 1
            retry = answer
            continue
        return target, 0


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setOrganizationName(ORG_NAME)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setWindowIcon(app_icon())  # every window, the sign-in and first-start dialogs too
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    settings = QSettings()
    window: MainWindow | None = None
    install_excepthook(lambda: window)

    target, code = _open_chosen(args, settings)
    if target is None:
        return code
    # A new office creates its administrator first; later starts ask who is signing in.
    actor = sign_in.start_session(None)
    if actor is None:
        return 0
    set_current_actor(actor)
    events = AppEvents()
    window = MainWindow(events, settings, describe_target(target))
    window.started.connect(collector.resume)  # paused by the launcher (inventory_app.launch)
    window.show()
    window.start_automatic_backups()  # today's backup if none yet, and one on closing
    return app.exec()
