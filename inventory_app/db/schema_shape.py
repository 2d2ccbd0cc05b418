"""The shape of a SQLite schema (tables, columns, indexes, views, triggers) compared with
the one this version of the program builds (PostgreSQL: `schema_shape_pg`).

A crafted file can pass the integrity check and carry the right table names and version
while a table is really a view, a trigger is gone or an extra one is there. Restore and
`check` compare the whole schema with a fresh in-memory database built by this program and
name every difference in plain words. Columns are compared by name, not by position (an
upgraded database adds columns at the end); statements are compared with quoting, case and
spacing set aside.
"""

from __future__ import annotations

import functools
import logging
import re
import sqlite3

import peewee
from peewee import Database, SchemaManager, SqliteDatabase

from inventory_app.db import schema_shape_pg
from inventory_app.db.models import ALL_MODELS, MONEY_FIELD_TYPE, MONEY_SQLITE_TYPE
from inventory_app.db.schema import APPEND_ONLY_TABLES, install_append_only_triggers

Shape = dict[tuple[str, str], object]  # (kind, name) -> what defines it
log = logging.getLogger(__name__)
_QUOTES = re.compile(r'["`\[\]]')
_SPACE = re.compile(r"\s+")


def _statement(sql: object) -> str:
    text = _SPACE.sub(" ", _QUOTES.sub("", str(sql or ""))).strip().lower()
    return re.sub(r"\s*([(),;])\s*", r"\1", text)


def _columns(conn: sqlite3.Connection, table: str) -> dict[str, tuple[object, ...]]:
    """Name -> (type, not null, primary key); defaults differ between a new and an upgraded file."""
    rows = conn.execute('SELECT name, type, "notnull", pk FROM pragma_table_info(?)', (table,))
    return {str(name): (str(kind).upper(), bool(notnull), int(pk)) for name, kind, notnull, pk in rows}


def shape_of(conn: sqlite3.Connection) -> Shape:
    """Every table (with its columns), view, index and trigger of the database `conn`."""
    shape: Shape = {}
    rows = conn.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
    ).fetchall()
    for kind, name, sql in rows:
        if kind == "table":
            shape[(kind, name)] = _columns(conn, name)
        else:
            shape[(kind, name)] = _statement(sql)
    return shape


@functools.cache
def expected_shape() -> Shape:
    """The schema this version builds for a new database."""
    db = SqliteDatabase(":memory:", field_types={MONEY_FIELD_TYPE: MONEY_SQLITE_TYPE})
    try:
        for model in ALL_MODELS:
            SchemaManager(model, database=db).create_all(safe=False)
        install_append_only_triggers(db, APPEND_ONLY_TABLES)
        return shape_of(db.connection())
    finally:
        db.close()


def _column_differences(table: str, found: dict[str, object], wanted: dict[str, object]) -> list[str]:
    problems = [f"the table {table} has no column {name}" for name in wanted if name not in found]
    problems += [f"the table {table} has an unexpected column {name}" for name in found if name not in wanted]
    problems += [
        f"the column {table}.{name} is defined differently"
        for name in wanted
        if name in found and found[name] != wanted[name]
    ]
    return problems


def _the(kind: str) -> str:
    return "" if kind == "trigger" else "the "


def _a(kind: str) -> str:
    return f"an {kind}" if kind == "index" else f"a {kind}"


def schema_differences(conn: sqlite3.Connection) -> list[str]:
    """What differs between the schema of `conn` and the one this version builds ([] if none)."""
    return compare(shape_of(conn), expected_shape())


def compare(found: Shape, wanted: Shape) -> list[str]:
    """Every difference between the shape `found` and the shape `wanted`, in words."""
    found_kind = {name: kind for kind, name in found}
    problems: list[str] = []
    for (kind, name), definition in wanted.items():
        if (kind, name) not in found:
            other = found_kind.get(name)
            if other:
                problems.append(f"the {kind} {name} is {_a(other)}")
            else:
                problems.append(f"{_the(kind)}{kind} {name} is missing")
        elif kind == "table":
            problems += _column_differences(name, found[(kind, name)], definition)  # type: ignore[arg-type]
        elif found[(kind, name)] != definition:
            problems.append(f"{_the(kind)}{kind} {name} is defined differently")
    wanted_names = {name for _kind, name in wanted}
    problems += [f"unexpected {kind} {name}" for kind, name in found if name not in wanted_names]
    return problems


def database_differences(db: Database) -> list[str]:
    """`schema_differences` of an open peewee database. On PostgreSQL the expected schema is
    built in a scratch schema and rolled back (`schema_shape_pg`); an account that may not
    create one is not compared (logged)."""
    if isinstance(db, SqliteDatabase):
        return schema_differences(db.connection())
    try:
        wanted = schema_shape_pg.expected_shape(db)
    except peewee.DatabaseError as exc:
        log.warning("the schema was not compared: %s", exc)
        return []
    return compare(schema_shape_pg.shape_of(db, schema_shape_pg.live_schema(db)), wanted)
