"""Opening a database from one string: a file path (SQLite) or a postgresql:// URL.

Every connection, in every thread, gets the same SQLite pragmas because peewee
applies `pragmas=` on each connect. Write transactions on SQLite begin with
BEGIN IMMEDIATE so a read-then-write never fails with SQLITE_BUSY_SNAPSHOT.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import unquote, unquote_plus

from peewee import Database, PostgresqlDatabase, SqliteDatabase
from platformdirs import user_data_dir

from inventory_app import ORG_NAME
from inventory_app.db.drivers import load_postgres_driver
from inventory_app.db.models import (
    MONEY_FIELD_TYPE,
    MONEY_POSTGRES_TYPE,
    MONEY_SQLITE_TYPE,
    database_proxy,
)
from inventory_app.errors import DatabaseProblem

ENV_VAR = "INVENTORY_APP_DB"
BUSY_TIMEOUT_MS = 10_000
SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": BUSY_TIMEOUT_MS,
    "synchronous": "normal",
}
NETWORK_FILESYSTEMS = {"nfs", "nfs4", "cifs", "smbfs", "smb3", "fuse.sshfs", "9p", "afs", "ncpfs"}


def data_folder() -> Path:
    """The per-user folder for the database, logs and backups."""
    return Path(user_data_dir(ORG_NAME, appauthor=False))


def default_database_path() -> Path:
    return data_folder() / "inventory.db"


def resolve_target(target: str | os.PathLike[str] | None) -> str:
    """The database to use: the argument, else $INVENTORY_APP_DB, else the default file."""
    if target:
        return os.fspath(target)
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        return env
    return str(default_database_path())


NEW_OPTION = "--new"


def is_explicit_target(target: str | os.PathLike[str] | None) -> bool:
    """Whether the database was named (argument or $INVENTORY_APP_DB) rather than the default."""
    return bool(target) or bool(os.environ.get(ENV_VAR, "").strip())


def refuse_no_inventory(target: str, *, missing_ok: bool) -> None:
    """Refuse a database file that is not there (unless `missing_ok`) or is empty, before
    opening it would silently make a new, empty inventory with sign-in off. Creating one is
    asked for explicitly (`--new`); the default file of a first start is `missing_ok`."""
    if is_postgres_url(target):
        return
    path = Path(target).expanduser()
    if not path.exists():
        if missing_ok:
            return
        raise DatabaseProblem(
            f"No inventory at {path}. Check the name, or create a new one with {NEW_OPTION}."
        )
    if path.is_file() and path.stat().st_size == 0:
        raise DatabaseProblem(
            f"{path} is an empty file, not an inventory. Check the name, or make it a new "
            f"inventory with {NEW_OPTION}."
        )


def is_postgres_url(target: str) -> bool:
    return target.startswith(("postgresql://", "postgres://"))


def describe_target(target: str) -> str:
    """A display form of the target without any password (in the user part or `?password=`)."""
    if not is_postgres_url(target):
        return target
    scheme, rest = target.split("://", 1)
    if "@" in rest:
        creds, host = rest.rsplit("@", 1)
        user = creds.split(":", 1)[0]
        rest = f"{user}@{host}"
    base, has_query, query = rest.partition("?")
    if has_query:
        kept = [p for p in query.split("&") if p.split("=", 1)[0].strip().lower() != "password"]
        rest = base + ("?" + "&".join(kept) if kept else "")
    return f"{scheme}://{rest}"


def url_passwords(target: str) -> list[str]:
    """Every password a postgresql:// `target` holds, as written and %-decoded, longest first
    (in the user part, `user:password@host`, or a `?password=` parameter)."""
    if not is_postgres_url(target):
        return []
    rest = target.split("://", 1)[1]
    host_part = re.split(r"[/?]", rest, maxsplit=1)[0]
    found: list[str] = []
    for where in (rest, host_part):  # before the last "@", wherever the password may end
        creds = where.rsplit("@", 1)[0] if "@" in where else ""
        if ":" in creds:
            found.append(creds.split(":", 1)[1])
    for part in rest.partition("?")[2].split("&"):
        key, _eq, value = part.partition("=")
        if unquote(key).strip().lower() == "password":
            found.append(value)
    secrets = {text for raw in found for text in (raw, unquote(raw), unquote_plus(raw)) if text}
    return sorted(secrets, key=len, reverse=True)


def hide_passwords(text: str, target: str) -> str:
    """`text` with every password of `target` written as ***, for a message about it."""
    for secret in url_passwords(target):
        text = text.replace(secret, "***")
    return text


def _check_url(target: str) -> None:
    """Refuse a URL the server's library would quote back in its error (with the password)."""
    if re.search(r"%(?![0-9A-Fa-f]{2})", target):
        raise DatabaseProblem(
            "The database URL has a % that is not followed by two hexadecimal digits; "
            "write a % in a user name or password as %25."
        )


def _filesystem_type(path: Path) -> str | None:
    """The mount type holding `path` (Linux only; None elsewhere)."""
    try:
        mounts = Path("/proc/mounts").read_text().splitlines()
    except OSError:
        return None
    best, best_type = "", None
    resolved = str(path.resolve())
    for line in mounts:
        parts = line.split()
        if len(parts) < 3:
            continue
        mount_point = parts[1].replace("\\040", " ")
        if (resolved == mount_point or resolved.startswith(mount_point.rstrip("/") + "/")) and len(
            mount_point
        ) >= len(best):
            best, best_type = mount_point, parts[2]
    return best_type


def refuse_network_share(path: Path) -> None:
    """SQLite's locking and WAL are unsafe on network file systems."""
    unc = str(path).startswith(("\\\\", "//"))
    fs_type = _filesystem_type(path.parent if not path.exists() else path)
    if unc or (fs_type is not None and fs_type in NETWORK_FILESYSTEMS):
        raise DatabaseProblem(
            f"{path} is on a network share, where a SQLite database can be corrupted. "
            "To share one inventory between workstations, use a PostgreSQL server "
            "(--db postgresql://user@host/dbname)."
        )


def _create_private_file(path: Path) -> None:
    """Create the database file readable by its owner only; each missing folder on its way is
    made 0700 (owner only), whatever the umask (mkdir's mode is only ever narrowed by it)."""
    missing = []
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    for new in reversed(missing):
        new.mkdir(mode=0o700, exist_ok=True)
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)


def make_database(target: str) -> Database:
    """A peewee database for `target` (not yet connected, not bound to the models)."""
    if is_postgres_url(target):
        _check_url(target)
        load_postgres_driver()
        url = "postgresql://" + target.split("://", 1)[1]
        return PostgresqlDatabase(
            url, prefer_psycopg3=True, field_types={MONEY_FIELD_TYPE: MONEY_POSTGRES_TYPE}
        )
    path = Path(target).expanduser()
    if path.is_dir():
        raise DatabaseProblem(f"{path} is a folder, not a database file.")
    if path.exists() and not path.is_file():
        raise DatabaseProblem(f"{path} is not a database file (it is a device, pipe or socket).")
    refuse_network_share(path)
    try:
        _create_private_file(path)
    except OSError as exc:
        raise DatabaseProblem(f"Cannot create the database file {path}: {exc.strerror}.") from exc
    return SqliteDatabase(
        str(path),
        pragmas=SQLITE_PRAGMAS,
        lock_type="IMMEDIATE",
        timeout=BUSY_TIMEOUT_MS / 1000,
        field_types={MONEY_FIELD_TYPE: MONEY_SQLITE_TYPE},
    )


def bind(database: Database) -> Database:
    """Make `database` the one every model uses."""
    database_proxy.initialize(database)
    return database


def current_database() -> Database:
    db: Database | None = database_proxy.obj
    if db is None:
        raise DatabaseProblem("No database is open.")
    return db


def is_sqlite(database: Database | None = None) -> bool:
    return isinstance(database or current_database(), SqliteDatabase)


def database_file(database: Database | None = None) -> Path | None:
    db = database or current_database()
    if isinstance(db, SqliteDatabase):
        return Path(db.database)
    return None
