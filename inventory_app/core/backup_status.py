"""What the screens need to know about backups before offering them.

Backups and restore are done by this program for a SQLite file only; a
PostgreSQL server is backed up with its own tools, and `unsupported` gives
the explanation (with the command) for the screens to show.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from inventory_app.core import backups
from inventory_app.core.backups import BackupsNotSupported
from inventory_app.core.settings import office_settings
from inventory_app.db.connection import current_database, database_file


def supported() -> bool:
    """True when the database is a SQLite file this program backs up itself."""
    return database_file(current_database()) is not None


def unsupported(restoring: bool = False) -> BackupsNotSupported | None:
    """None on SQLite; on PostgreSQL the error saying to use pg_dump (or pg_restore), with the command."""
    if supported():
        return None
    return backups.not_supported_error(Path(backups.dump_file_name()) if restoring else None)


def default_folder() -> Path:
    """Where backups go when Settings names no folder: a "backups" folder beside the database."""
    return backups.backup_folder(replace(office_settings(), backup_folder=""))
