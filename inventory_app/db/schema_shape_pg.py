"""The shape of a PostgreSQL schema (tables, columns, indexes, views, triggers and the
functions they run) compared with the one this version of the program builds.

The schema this version expects is built for a moment in a scratch schema inside a
transaction that is rolled back, so nothing of it stays on the server; the database's own
schema (the first on its search path) is then compared with it by name, the way
`schema_shape` compares SQLite files. Schema names are set aside in definitions.
"""

from __future__ import annotations

import re
from typing import Any

from peewee import Database, SchemaManager

from inventory_app.db.models import ALL_MODELS
from inventory_app.db.schema import APPEND_ONLY_TABLES, install_append_only_triggers

Shape = dict[tuple[str, str], object]
SCRATCH = "inventory_expected_shape"
_SPACE = re.compile(r"\s+")


def _rows(db: Database, sql: str, schema: str) -> list[tuple[Any, ...]]:
    return list(db.execute_sql(sql, (schema,)).fetchall())


def _definition(text: object, schema: str) -> str:
    """A definition with the schema's name and spacing set aside."""
    plain = str(text or "").replace(f'"{schema}".', "").replace(f"{schema}.", "")
    return _SPACE.sub(" ", plain).strip().lower()


def shape_of(db: Database, schema: str) -> Shape:
    """Every table (with its columns), view, index, trigger and function of `schema`."""
    shape: Shape = {}
    for name, kind in _rows(
        db, "SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = %s", schema
    ):
        if kind == "VIEW":
            shape[("view", name)] = "view"
        else:
            shape[("table", name)] = {}
    keys = {
        (table, column)
        for table, column in _rows(
            db,
            "SELECT k.table_name, k.column_name FROM information_schema.table_constraints c "
            "JOIN information_schema.key_column_usage k ON k.constraint_name = c.constraint_name "
            "AND k.table_schema = c.table_schema "
            "WHERE c.constraint_type = 'PRIMARY KEY' AND c.table_schema = %s",
            schema,
        )
    }
    for table, column, kind, nullable, length, precision, scale in _rows(
        db,
        "SELECT table_name, column_name, data_type, is_nullable, character_maximum_length, "
        "numeric_precision, numeric_scale FROM information_schema.columns WHERE table_schema = %s",
        schema,
    ):
        columns = shape.get(("table", table))
        if isinstance(columns, dict):
            columns[column] = (kind, nullable == "NO", length, precision, scale, (table, column) in keys)
        else:
            shape[("view", table)] = "view"
    for name, definition in _rows(
        db, "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = %s", schema
    ):
        shape[("index", name)] = _definition(definition, schema)
    for name, definition in _rows(
        db,
        "SELECT t.tgname, pg_get_triggerdef(t.oid) FROM pg_trigger t "
        "JOIN pg_class r ON r.oid = t.tgrelid JOIN pg_namespace n ON n.oid = r.relnamespace "
        "WHERE NOT t.tgisinternal AND n.nspname = %s",
        schema,
    ):
        shape[("trigger", name)] = _definition(definition, schema)
    for name, source in _rows(
        db,
        "SELECT p.proname, p.prosrc FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
        "WHERE n.nspname = %s",
        schema,
    ):
        shape[("function", name)] = _definition(source, schema)
    return shape


def expected_shape(db: Database) -> Shape:
    """The schema this version builds, made in a scratch schema and rolled back."""
    with db.atomic() as transaction:
        db.execute_sql(f"CREATE SCHEMA {SCRATCH}")
        db.execute_sql(f"SET LOCAL search_path TO {SCRATCH}")
        for model in ALL_MODELS:
            SchemaManager(model, database=db).create_all(safe=False)
        install_append_only_triggers(db, APPEND_ONLY_TABLES)
        shape = shape_of(db, SCRATCH)
        transaction.rollback()
    return shape


def live_schema(db: Database) -> str:
    return str(db.execute_sql("SELECT current_schema()").fetchone()[0])
