"""Open, prepare and close the database the whole program uses."""

from __future__ import annotations

import os

from peewee import Database

from inventory_app.db.connection import bind, make_database, resolve_target
from inventory_app.db.schema import ensure_schema
from inventory_app.db.transaction import explain


def open_database(target: str | os.PathLike[str] | None = None) -> Database:
    """Open (creating if needed) and bind the database named by `target`, $INVENTORY_APP_DB,
    or the default file; bring its schema up to date."""
    db = make_database(resolve_target(target))
    try:
        db.connect(reuse_if_open=True)
        bind(db)
        ensure_schema(db)
    except Exception as exc:
        known = explain(exc)
        if not db.is_closed():
            db.close()
        if known is not None:
            raise known from exc
        raise
    return db


def close_database(db: Database) -> None:
    if not db.is_closed():
        db.close()
