"""Restoring a SQLite backup into the live database, in place.

The live file is never swapped for another: every program that has it open
(another window, a worker thread, the command line) keeps its connection and
sees the restored records on its next read. In order:

1. The backup is copied beside the database and checked; an older backup is
   upgraded there, and its schema must then be exactly the one this version
   builds (tables, columns, indexes, views, triggers).
2. One write transaction on the live database (BEGIN IMMEDIATE: nobody else
   writes until it ends) takes a verified copy of the current state (the
   "before-restore" backup), replaces every table, index, trigger and view with
   the checked copy's, carries over the audit events recorded after the
   backup's newest event, and records the restore itself.
3. It commits, or, on any failure, rolls back: the database is then exactly as
   it was. A write acknowledged before the transaction is in the before-restore
   copy; one made after it lands in the restored database; none is lost.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from peewee import Database, SqliteDatabase

from inventory_app.core.accounts import audit
from inventory_app.core.accounts.audit import Action
from inventory_app.core.backups.files import (
    BackupInfo,
    BackupProblem,
    copy_pages,
    file_problem,
    private_temp_file,
    read_only_uri,
    release_temp,
    remove_side_files,
    schema_problem,
    write_verified_copy,
)
from inventory_app.db.models import database_proxy
from inventory_app.db.schema import ensure_schema
from inventory_app.db.schema_shape import database_differences

BUSY_TIMEOUT_S = 10.0
ALIAS = "restoring"
AUDIT_COLUMNS = '"at", "user", "action", "object", "detail"'


def _discard(path: Path) -> None:
    release_temp(path)
    path.unlink(missing_ok=True)
    remove_side_files(path)


def stage(backup: Path, live: Path) -> Path:
    """A checked copy of `backup` in a hidden temp file beside the live database (owner only)."""
    try:
        source = sqlite3.connect(read_only_uri(backup), uri=True, timeout=BUSY_TIMEOUT_S)
        try:
            temp = private_temp_file(live.parent, live.name + ".restoring")
            try:
                copy_pages(source, temp)
                problem = file_problem(temp)
                if problem:
                    raise BackupProblem(f"{backup.name} cannot be restored: {problem} Nothing was changed.")
            except BaseException:
                _discard(temp)
                raise
        finally:
            source.close()
    except sqlite3.Error as exc:
        raise BackupProblem(f"{backup.name} could not be copied ({exc}). Nothing was changed.") from exc
    except OSError as exc:
        raise BackupProblem(
            f"{backup.name} could not be copied beside {live} ({exc.strerror}). Nothing was changed."
        ) from exc
    return temp


def bring_up_to_date(staged: Path, backup_name: str) -> None:
    """Upgrade the staged copy of an older backup to this version's schema, then refuse it
    unless its schema is exactly the one this version builds."""
    db = SqliteDatabase(str(staged), timeout=BUSY_TIMEOUT_S)
    try:
        # On this (worker) thread only: the window's thread keeps reading the live database.
        with database_proxy.on_this_thread(db):
            db.connect()
            before_upgrade = ensure_schema(db)
            if before_upgrade is not None:  # a copy of the staged copy: not needed
                before_upgrade.unlink(missing_ok=True)
                remove_side_files(before_upgrade)
            differences = database_differences(db)
    finally:
        db.close()
    if differences:
        raise BackupProblem(
            f"{backup_name} cannot be restored: {schema_problem(differences)} Nothing was changed."
        )


@contextlib.contextmanager
def _attached(conn: sqlite3.Connection, staged: Path) -> Iterator[None]:
    """`staged` attached read-only as "restoring", with foreign keys off for the swap (they can
    only be switched outside a transaction; the swap checks them itself before committing)."""
    conn.execute("PRAGMA foreign_keys = OFF")
    try:
        conn.execute(f"ATTACH DATABASE ? AS {ALIAS}", (read_only_uri(staged),))
        try:
            yield
        finally:
            conn.execute(f"DETACH DATABASE {ALIAS}")
    finally:
        conn.execute("PRAGMA foreign_keys = ON")


def _objects(conn: sqlite3.Connection, schema: str) -> list[tuple[str, str, str, str | None]]:
    """(type, name, table, sql) of every object of `schema` but SQLite's own."""
    return conn.execute(
        f"SELECT type, name, tbl_name, sql FROM {schema}.sqlite_master "
        "WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid"
    ).fetchall()


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _carried_events(conn: sqlite3.Connection) -> list[tuple[object, ...]]:
    """The live log's events recorded after the backup's newest event, oldest first."""
    return conn.execute(
        f"SELECT {AUDIT_COLUMNS} FROM main.audit_event "
        f"WHERE at > (SELECT COALESCE(MAX(at), '') FROM {ALIAS}.audit_event) ORDER BY at, id"
    ).fetchall()


def _replace_contents(conn: sqlite3.Connection) -> None:
    """Make the main database's objects and rows those of the attached copy (in the caller's
    transaction): drop ours, create theirs, copy the rows, then indexes, triggers and views."""
    for kind in ("view", "trigger", "table"):
        for type_, name, _table, _sql in _objects(conn, "main"):
            if type_ == kind:
                conn.execute(f"DROP {kind.upper()} IF EXISTS main.{_quoted(name)}")
    theirs = _objects(conn, ALIAS)
    for type_, name, _table, sql in theirs:
        if type_ == "table" and sql:
            conn.execute(sql)
            conn.execute(f"INSERT INTO main.{_quoted(name)} SELECT * FROM {ALIAS}.{_quoted(name)}")
    for kind in ("index", "trigger", "view"):
        for type_, _name, _table, sql in theirs:
            if type_ == kind and sql:
                conn.execute(sql)
    broken = conn.execute("PRAGMA main.foreign_key_check").fetchall()
    if broken:
        raise BackupProblem(f"the restored records do not fit together ({len(broken)} broken references)")


def swap_in(db: Database, live: Path, staged: Path, safety: Path, backup: BackupInfo) -> int:
    """Replace the live database's contents with the checked copy `staged`, in one write
    transaction that first writes the verified before-restore copy `safety`. Returns how
    many audit events recorded after the backup were carried over."""
    if db.in_transaction():
        raise BackupProblem("A restore cannot run inside another change; nothing was changed.")
    conn = db.connection()
    with _attached(conn, staged), db.atomic():  # BEGIN IMMEDIATE: nobody else writes now
        # A connection of its own reads the state as committed (a backup cannot read from a
        # connection in a write transaction); with the write lock held, that is the last state.
        reader = sqlite3.connect(str(live), timeout=BUSY_TIMEOUT_S)
        try:
            write_verified_copy(reader, safety)
        finally:
            reader.close()
        carried = _carried_events(conn)
        _replace_contents(conn)
        conn.executemany(f"INSERT INTO main.audit_event ({AUDIT_COLUMNS}) VALUES (?, ?, ?, ?, ?)", carried)
        taken = f"taken {backup.taken_at:%Y-%m-%d %H:%M}; " if backup.taken_at else ""
        kept = f"{len(carried)} later events of the log carried over; " if carried else ""
        audit.record(
            Action.RESTORE,
            str(backup.path),
            f"{taken}{kept}the database as it was before is saved as {safety}",
        )
    return len(carried)


def discard(path: Path) -> None:
    """Remove a staged copy (and what SQLite left beside it)."""
    _discard(path)
