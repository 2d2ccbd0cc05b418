"""RELIABILITY A9: on SQLite every write transaction starts with BEGIN IMMEDIATE.

A deferred transaction that reads and then writes can fail at once with
SQLITE_BUSY_SNAPSHOT whatever the busy timeout, so the write lock must be taken
before the unit of work reads anything. The SQL is traced on the connection
itself (sqlite3 `set_trace_callback`), so nothing in peewee is trusted.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from functools import partial

import pytest
from peewee import Database

from inventory_app.core import corrections
from inventory_app.core.catalog import items as catalog
from inventory_app.core.stock import movements as stock
from inventory_app.core.types import ItemInput
from inventory_app.errors import InsufficientStock

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER)\b", re.IGNORECASE)
READ = re.compile(r"^\s*(SELECT|WITH)\b", re.IGNORECASE)
EXPIRES = (date.today() + timedelta(days=365)).isoformat()


class Trace:
    """Every statement the connection of this thread runs, in order."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.statements: list[str] = []

    def __enter__(self) -> list[str]:
        self.db.connection().set_trace_callback(self.statements.append)
        return self.statements

    def __exit__(self, *exc: object) -> None:
        self.db.connection().set_trace_callback(None)


def assert_immediate_unit(statements: list[str]) -> None:
    """The unit opens with BEGIN IMMEDIATE, before any read or write, and every write
    (including in savepoints) runs inside that transaction."""
    words = [s.strip().upper() for s in statements]
    assert any(WRITE.match(s) for s in statements), f"no write traced: {statements}"
    first_write = next(i for i, s in enumerate(statements) if WRITE.match(s))
    first_begin = next((i for i, w in enumerate(words) if w.startswith("BEGIN")), None)
    assert first_begin is not None, f"no BEGIN before the first write: {statements[: first_write + 1]}"
    assert words[first_begin] == "BEGIN IMMEDIATE", f"deferred transaction: {statements[first_begin]!r}"
    assert first_begin < first_write
    assert first_begin == 0, f"read outside the write transaction: {statements[:first_begin]}"
    in_transaction = False
    for statement, word in zip(statements, words, strict=True):
        if word.startswith("BEGIN"):
            assert word == "BEGIN IMMEDIATE", statement
            assert not in_transaction, "nested BEGIN"
            in_transaction = True
        elif word in ("COMMIT", "END", "ROLLBACK"):
            in_transaction = False
        elif WRITE.match(statement) or READ.match(statement):
            assert in_transaction, f"outside the transaction: {statement!r}"
    assert not in_transaction, "the unit did not commit"
    assert words[-1] == "COMMIT"


@pytest.fixture
def items(sqlite_db: Database) -> Iterator[dict[str, int]]:
    plain = catalog.create_item(ItemInput(sku="GLV-M", name="Gloves, medium", unit="box"))
    dated = catalog.create_item(ItemInput(sku="VAX-FLU", name="Flu vaccine", tracks_expiry=True))
    stock.receive(plain.id, 20)
    stock.receive(dated.id, 10, lot="L1", expires=EXPIRES)
    yield {"plain": plain.id, "dated": dated.id}


# Each entry prepares what it needs (untraced) and returns the one call to trace.
OPERATIONS: dict[str, Callable[[dict[str, int]], Callable[[], object]]] = {
    "create_item": lambda ids: partial(catalog.create_item, ItemInput(sku="NEW-1", name="New item")),
    "update_item": lambda ids: partial(
        catalog.update_item, ids["plain"], ItemInput(sku="GLV-M", name="Gloves")
    ),
    "receive": lambda ids: partial(stock.receive, ids["plain"], 5),
    "receive_new_lot": lambda ids: partial(stock.receive, ids["dated"], 5, lot="L2", expires=EXPIRES),
    "use": lambda ids: partial(stock.use, ids["plain"], 3),
    "use_lot": lambda ids: partial(stock.use, ids["dated"], 2),
    "adjust": lambda ids: partial(stock.adjust, ids["plain"], -1, reason="count"),
    "adjust_to": lambda ids: partial(stock.adjust_to, ids["plain"], 7),
    "dispose": lambda ids: partial(stock.dispose, ids["dated"], 1, reason="damaged"),
    "reverse": lambda ids: partial(corrections.reverse, stock.use(ids["plain"], 1)[0].id),
}


@pytest.mark.parametrize("operation", list(OPERATIONS))
def test_a9_writes_start_with_begin_immediate(
    sqlite_db: Database, items: dict[str, int], operation: str
) -> None:
    call = OPERATIONS[operation](items)
    with Trace(sqlite_db) as statements:
        call()
    assert_immediate_unit(statements)


def test_a9_a_refused_write_rolls_back_its_immediate_transaction(
    sqlite_db: Database, items: dict[str, int]
) -> None:
    with Trace(sqlite_db) as statements, pytest.raises(InsufficientStock):
        stock.use(items["plain"], 1000)
    words = [s.strip().upper() for s in statements]
    assert words[0] == "BEGIN IMMEDIATE"
    assert words[-1] == "ROLLBACK"
    assert not any(WRITE.match(s) for s in statements)


def test_the_trace_sees_a_deferred_begin(sqlite_db: Database) -> None:
    """The checker itself can fail: a plain BEGIN is caught."""
    with Trace(sqlite_db) as statements, sqlite_db.atomic("DEFERRED"):
        catalog.save_location("Shelf 1")
    with pytest.raises(AssertionError, match="deferred"):
        assert_immediate_unit(statements)
