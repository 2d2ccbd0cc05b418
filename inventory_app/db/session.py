"""Open, prepare and close the database the whole program uses."""

from __future__ import annotations

import os

import peewee
from peewee import Database

from inventory_app.db.connection import (
    bind,
    database_file,
    hide_passwords,
    make_database,
    resolve_target,
)
from inventory_app.db.schema import ensure_schema, refuse_foreign_file
from inventory_app.db.transaction import explain
from inventory_app.errors import DatabaseProblem


def _cannot_connect(exc: BaseException, target: str) -> DatabaseProblem:
    """A refused or failed connection (server down, wrong password, no such database); the
    server library's text never shows a password from the URL."""
    lines = [line.strip() for line in str(exc).strip().splitlines() if line.strip()]
    detail = hide_passwords(lines[0], target) if lines else type(exc).__name__
    return DatabaseProblem(f"Cannot connect to the database ({detail}).")


def open_database(target: str | os.PathLike[str] | None = None) -> Database:
    """Open (creating if needed) and bind the database named by `target`, $INVENTORY_APP_DB,
    or the default file; bring its schema up to date."""
    name = resolve_target(target)
    db = make_database(name)
    path = database_file(db)
    if path is not None:
        refuse_foreign_file(path)
    try:
        db.connect(reuse_if_open=True)
        bind(db)
        ensure_schema(db)
    except Exception as exc:
        known = explain(exc)
        connected = not db.is_closed()
        if connected:
            db.close()
        if known is not None:
            raise known from exc
        if not connected and isinstance(exc, peewee.DatabaseError | peewee.InterfaceError):
            raise _cannot_connect(exc, name) from None  # the library's text may hold the password
        raise
    return db


def close_database(db: Database) -> None:
    if not db.is_closed():
        db.close()
