"""What the screens need to know about backups before offering them.

Backups and restore are done by this program for a SQLite file only; a
PostgreSQL server is backed up with its own tools, and `unsupported` gives
the explanation (with the command) for the screens to show. `latest_restore`
lets an open window notice that another program restored a backup into the
database it shows.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from inventory_app.core.accounts.audit import Action
from inventory_app.core.settings import office_settings
from inventory_app.db.connection import current_database, database_file
from inventory_app.db.models import AuditEvent

if TYPE_CHECKING:
    from inventory_app.core.backups.backup import BackupsNotSupported


def supported() -> bool:
    """True when the database is a SQLite file this program backs up itself."""
    return database_file(current_database()) is not None


def unsupported(restoring: bool = False) -> BackupsNotSupported | None:
    """None on SQLite; on PostgreSQL the error saying to use pg_dump (or pg_restore), with the command."""
    if supported():
        return None
    from inventory_app.core.backups import backup as backups  # (the window asks at start-up)

    return backups.not_supported_error(Path(backups.dump_file_name()) if restoring else None)


def default_folder() -> Path:
    """Where backups go when Settings names no folder: a "backups" folder beside the database."""
    from inventory_app.core.backups import backup as backups

    return backups.backup_folder(replace(office_settings(), backup_folder=""))


@dataclass(frozen=True)
class Restored:
    """The newest restore in the audit log: who, when (UTC), and which backup file."""

    event_id: int
    at: datetime
    user: str
    backup: str


def latest_restore() -> Restored | None:
    """The newest restore recorded in the database (None when there was none, or on PostgreSQL,
    where restores are done with the server's tools). A window compares it with the one it knew
    to notice a restore made by another program on the same file."""
    if not supported():
        return None
    row = (
        AuditEvent.select(AuditEvent.id, AuditEvent.at, AuditEvent.user, AuditEvent.object)
        .where(AuditEvent.action == Action.RESTORE)
        .order_by(AuditEvent.id.desc())
        .first()
    )
    if row is None:
        return None
    return Restored(row.id, row.at, row.user, row.object)
