"""Backups and restore of the database file.

SQLite: `backup_now` copies the open database with the online backup API from
a connection of its own (safe while this and other programs write), verifies
the copy and renames it into the backups folder (see `backup_files`).
Every backup into the folder ("daily" on the first start of a day, "exit",
"manual", the "before-restore" safety copy) then applies the retention rules
of `backup_retention` (per kind: a backup of each of the last days and weeks,
manual and before-restore copies for 90 days; future-dated names are left
alone; files of any other name are never deleted) and removes stale `.partial`
files of killed backups. A backup into a file or folder of one's own choice
is for administrators (it holds every password hash); automatic backups run
for everyone. `restore` replaces the database with a checked backup after
saving the current state, and writes the restore into the restored
database's audit log.

PostgreSQL: the server's own tools do this better (consistent dumps of a live
server, roles, point-in-time recovery); `BackupsNotSupported` says so and
gives the command.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from inventory_app.core.accounts import audit
from inventory_app.core.accounts.audit import Action
from inventory_app.core.accounts.roles import require_admin
from inventory_app.core.accounts.users import has_accounts
from inventory_app.core.backups import restore as backup_restore
from inventory_app.core.backups.files import (
    BackupInfo,
    BackupProblem,
    has_accounts_in,
    inspect_backup,
    is_inventory_file,
    list_backups_in,
    name_time,
    new_backup_path,
    our_backups,
    write_verified_copy,
)
from inventory_app.core.backups.retention import FUTURE_NOTE, is_future, remove_stale_partials, rotate
from inventory_app.core.changes import Changes, records
from inventory_app.core.settings import OfficeSettings, office_settings
from inventory_app.db.connection import current_database, data_folder, database_file, describe_target
from inventory_app.db.transaction import explain
from inventory_app.errors import InventoryError

__all__ = [
    "BackupInfo",
    "BackupProblem",
    "BackupsNotSupported",
    "NoAccountsInBackup",
    "backup_folder",
    "backup_if_due",
    "backup_now",
    "backup_to",
    "dump_file_name",
    "inspect_backup",
    "list_backups",
    "not_supported_error",
    "postgres_backup_command",
    "postgres_restore_command",
    "restore",
]

log = logging.getLogger(__name__)

MANUAL = "manual"
BUSY_TIMEOUT_S = 10.0


class BackupsNotSupported(InventoryError):
    """The database is on a PostgreSQL server: use pg_dump / pg_restore (`command` is the one to run)."""

    def __init__(self, message: str, command: str) -> None:
        super().__init__(message)
        self.command = command


# ---------------------------------------------------------------- PostgreSQL


def _dump_name(today: date | None = None) -> str:
    return f"inventory-{(today or date.today()):%Y%m%d}.dump"


def postgres_backup_command(target: str) -> str:
    """The pg_dump command that backs up the database `target` (a URL; no password in the text)."""
    return f'pg_dump --format=custom --file={_dump_name()} "{describe_target(target)}"'


def postgres_restore_command(target: str, dump_file: str | None = None) -> str:
    """The pg_restore command that puts a pg_dump file back into `target` (no password)."""
    return f'pg_restore --clean --if-exists --dbname="{describe_target(target)}" {dump_file or _dump_name()}'


def not_supported_error(restoring_from: Path | None = None) -> BackupsNotSupported:
    """The explanation (with the pg_dump, or pg_restore, command) for a PostgreSQL database."""
    return _not_supported(restoring_from)


def dump_file_name(today: date | None = None) -> str:
    """The file name the pg_dump command writes: inventory-YYYYMMDD.dump."""
    return _dump_name(today)


def _postgres_url() -> str | None:
    db = current_database()
    if database_file(db) is not None:
        return None
    return str(db.database)


def _not_supported(restoring_from: Path | None = None) -> BackupsNotSupported:
    url = _postgres_url() or ""
    if restoring_from is None:
        command = postgres_backup_command(url)
        return BackupsNotSupported(
            "This inventory is kept on a PostgreSQL server, so it is backed up with the server's "
            "own tools (pg_dump), not by this program. To back it up, run:\n"
            f"  {command}\n"
            "(the password is asked for, or read from PGPASSWORD or ~/.pgpass).",
            command,
        )
    command = postgres_restore_command(url, str(restoring_from))
    return BackupsNotSupported(
        "This inventory is kept on a PostgreSQL server, so it is restored with the server's "
        "own tools (pg_restore from a pg_dump file), not by this program. To restore, run:\n"
        f"  {command}\n"
        "(it replaces what is in the database; the password is asked for, or read from PGPASSWORD).",
        command,
    )


def _live_file() -> Path:
    """The open SQLite database file; BackupsNotSupported on PostgreSQL."""
    path = database_file(current_database())
    if path is None:
        raise _not_supported()
    return path.absolute()


# ---------------------------------------------------------------- backing up


def backup_folder(settings: OfficeSettings | None = None) -> Path:
    """The folder chosen in Settings, else a "backups" folder beside the database file."""
    chosen = (settings if settings is not None else office_settings()).backup_folder.strip()
    if chosen:
        return Path(chosen).expanduser().absolute()
    live = database_file(current_database())
    return (live.absolute().parent if live is not None else data_folder()) / "backups"


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupProblem(f"The backup folder {folder} cannot be created ({exc.strerror}).") from exc
    if not folder.is_dir():
        raise BackupProblem(f"{folder} is a file, not a folder; choose another backup folder in Settings.")


def _write_backup(live: Path, target: Path) -> Path:
    """A verified copy of the live database file at `target`; plain messages for failures."""
    try:
        source = sqlite3.connect(str(live), timeout=BUSY_TIMEOUT_S)
        try:
            return write_verified_copy(source, target)
        finally:
            source.close()
    except sqlite3.Error as exc:
        raise BackupProblem(_write_failure(target, str(exc))) from exc
    except OSError as exc:
        raise BackupProblem(_write_failure(target, exc.strerror or str(exc))) from exc


def _write_failure(target: Path, reason: str) -> str:
    lowered = reason.lower()
    if "full" in lowered or "no space" in lowered:
        reason = "the disk is full"
    elif "locked" in lowered or "busy" in lowered:
        reason = "the database stayed busy; try again in a moment"
    return f"The backup could not be written to {target.parent} ({reason}). The database was not changed."


def _refuse_live_target(live: Path, target: Path) -> None:
    names = {str(live.resolve()) + suffix for suffix in ("", "-wal", "-shm", "-journal")}
    if str(target.resolve()) in names:
        raise BackupProblem(f"{target} is the database itself; choose another file for the backup.")


def _refuse_foreign_target(target: Path) -> None:
    """A backup replaces only an earlier copy of an inventory at that name, never another file
    (a document, a device, a folder's link): the person meant another name."""
    if not target.exists() and not target.is_symlink():
        return
    if not target.is_file():
        raise BackupProblem(
            f"{target} is not a regular file (a device, pipe or link to one); "
            "choose another name for the backup."
        )
    if not is_inventory_file(target):
        raise BackupProblem(
            f"{target} already exists and is not a backup of an inventory; choose another name "
            "for the backup (it was not changed)."
        )


def _tidy(folder: Path, live: Path) -> None:
    """Remove what killed backups and restores left behind in the backups folder and beside
    the database (hidden `.partial` files untouched for an hour and not in use)."""
    for place in {folder, live.parent}:
        for path in remove_stale_partials(place):
            log.info("removed %s, left by a backup or restore that did not finish", path)


def _same_folder(one: Path, other: Path) -> bool:
    try:
        return one.resolve() == other.resolve()
    except OSError:
        return False


def backup_now(folder: Path | None = None, *, kind: str = MANUAL) -> Path:
    """Back up into `folder` (default: `backup_folder()`), then apply the retention rules there.

    Anyone signed in may back up into the office's backups folder (automatic backups run for
    everyone); another folder is for administrators, as in `backup_to`."""
    live = _live_file()
    settings = office_settings()
    configured = backup_folder(settings)
    if folder is not None and not _same_folder(Path(folder), configured):
        require_admin("back up to a folder of your choice (a backup holds every password hash)")
    folder = Path(folder) if folder is not None else configured
    _make_folder(folder)
    _tidy(folder, live)
    target = _write_backup(live, new_backup_path(folder, kind))
    audit.record_now(Action.BACKUP, str(target), kind)
    rotate(folder, settings.backups_to_keep, protect=(target,))
    return target


def backup_to(target: Path) -> Path:
    """Back up into exactly the file `target` (replacing it only once the new copy is verified).

    Administrators only: a copy of the database holds every password hash and the whole
    inventory, so it goes where an administrator chooses; others use `backup_now`."""
    live = _live_file()
    require_admin("back up to a file of your choice (a backup holds every password hash)")
    target = Path(target).expanduser()
    if target.is_dir():
        raise BackupProblem(f"{target} is a folder; give a file name for the backup.")
    if not target.parent.is_dir():
        raise BackupProblem(f"The folder {target.parent} does not exist.")
    _refuse_live_target(live, target)
    _refuse_foreign_target(target)
    remove_stale_partials(target.parent, prefix=f".{target.stem}-")
    written = _write_backup(live, target)
    audit.record_now(Action.BACKUP, str(written), "file")
    return written


def list_backups(folder: Path | None = None, *, thorough: bool = False) -> list[BackupInfo]:
    """Our backups in `folder` (default: `backup_folder()`), newest first.

    Without `thorough` only headers and contents are read (fast); `restore` always checks
    every page before it changes anything. A backup named with a time after now carries a
    note: the retention rules neither count nor delete it. Stale `.partial` files are removed."""
    folder = Path(folder) if folder is not None else backup_folder()
    live = database_file(current_database())
    if live is not None:
        _tidy(folder, live.absolute())
    now = datetime.now()
    return [
        replace(info, note=FUTURE_NOTE) if is_future(info.path, now) else info
        for info in list_backups_in(folder, thorough=thorough)
    ]


def backup_if_due(today: date | None = None) -> Path | None:
    """A "daily" backup when the backup folder has none taken today; None when not due
    (or on PostgreSQL, where the server's own schedule does this)."""
    if database_file(current_database()) is None:
        return None
    today = today or date.today()
    folder = backup_folder()
    now = datetime.now()
    for path in our_backups(folder):
        stamp = name_time(path)
        if stamp is not None and stamp[0].date() == today and stamp[0] <= now:
            return None
    return backup_now(folder, kind="daily")


# ---------------------------------------------------------------- restoring


def _reason(exc: BaseException) -> str:
    """Why a restore failed, in words for a person: the program's own errors and the system's
    say it; Python's internal text ("int() argument must be …") never reaches a message."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    if isinstance(exc, TypeError | ValueError | LookupError | AttributeError | ArithmeticError):
        return "the backup holds a value this program cannot read"
    return str(exc).rstrip(".") or type(exc).__name__


class NoAccountsInBackup(BackupProblem):
    """The backup holds no accounts while this office has some: restoring it turns sign-in off."""


@records(Changes.everything())
def restore(path: Path, *, allow_no_accounts: bool = False) -> Path:
    """Replace the database with the backup `path` (administrators only).

    Refuses, changing nothing, a file that is not our backup, is damaged, was made by
    a newer program or whose schema is not the one this program builds. A backup without
    accounts into an office that has accounts would turn sign-in off (anyone could then make
    themselves administrator): refused with `NoAccountsInBackup` unless `allow_no_accounts`,
    the administrator's confirmation. In one write transaction it saves the current state
    ("before-restore", returned) and puts the backup's records in place of the live ones, so
    every open connection sees them (see `backup_restore`); on any failure the database is
    left as it was."""
    path = Path(path).expanduser()
    live_db = current_database()
    live = database_file(live_db)
    if live is None:
        raise _not_supported(restoring_from=path)
    live = live.absolute()
    require_admin("restore a backup")
    with contextlib.suppress(OSError):
        if path.exists() and path.samefile(live):
            raise BackupProblem(f"{path} is the database in use, not a backup.")
    info = inspect_backup(path, thorough=True)
    if info.problem:
        raise BackupProblem(f"{path.name} cannot be restored: {info.problem} Nothing was changed.")
    if not allow_no_accounts and has_accounts() and not has_accounts_in(path):
        raise NoAccountsInBackup(
            f"{path.name} has no user accounts: after restoring it sign-in is off and anyone can "
            "make themselves administrator. Confirm that sign-in will be off to restore it anyway. "
            "Nothing was changed."
        )
    settings = office_settings()
    folder = backup_folder(settings)
    _make_folder(folder)
    _tidy(folder, live)
    staged = backup_restore.stage(path, live)
    safety = new_backup_path(folder, "before-restore")
    try:
        backup_restore.bring_up_to_date(staged, path.name)
        try:
            backup_restore.swap_in(live_db, live, staged, safety, info)
        except Exception as exc:
            known = explain(exc)
            reason = str(known) if known is not None else _reason(exc)
            raise BackupProblem(
                f"The restore failed ({reason.rstrip('.')}). The database was left as it was before."
            ) from exc
    finally:
        backup_restore.discard(staged)
    rotate(folder, settings.backups_to_keep, protect=(safety, path))
    return safety


def taken_label(info: BackupInfo) -> str:
    """ "2026-11-27 08:30" or "unknown time": for messages and lists."""
    return f"{info.taken_at:%Y-%m-%d %H:%M}" if isinstance(info.taken_at, datetime) else "unknown time"
