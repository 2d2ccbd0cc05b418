"""One unit of work, one transaction, and errors the user can act on.

`write_unit(fn)` runs `fn` inside one database transaction (BEGIN IMMEDIATE on
SQLite), retries it a bounded number of times when a concurrent writer got in
the way (PostgreSQL serialization failure or deadlock, or a conditional stock
update that found less than it read), and turns driver errors into plain
messages: busy, disk full, read-only, connection lost. Nested calls join the
outer transaction and leave retrying to it.
"""

from __future__ import annotations

import functools
import random
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import ParamSpec, TypeVar

import peewee

from inventory_app.db import ledger
from inventory_app.db.connection import current_database
from inventory_app.errors import (
    ConcurrentChange,
    DatabaseBusy,
    DatabaseProblem,
    DuplicateOperation,
    InventoryError,
)

P = ParamSpec("P")
R = TypeVar("R")

NOT_A_DATABASE = "The database file is damaged or is not a database. Restore it from a backup."
MAX_ATTEMPTS = 6
RETRY_SQLSTATES = {"40001", "40P01"}  # serialization failure, deadlock detected
CONNECTION_SQLSTATE_PREFIXES = ("08", "57P")  # connection exceptions, admin shutdown
CONNECTION_LOST_TEXTS = (
    "connection lost",
    "server closed the connection",
    "terminating",
    "the connection is closed",  # psycopg, on a connection that failed before
    "connection already closed",
)


def _causes(exc: BaseException) -> list[BaseException]:
    """The exception, the driver error peewee wrapped, and what it was raised during."""
    seen: list[BaseException] = []
    todo: list[BaseException | None] = [exc]
    while todo:
        current = todo.pop()
        if current is None or any(current is s for s in seen):
            continue
        seen.append(current)
        todo.append(current.__cause__)
        todo.append(current.__context__)
        if current.args and isinstance(current.args[0], BaseException):
            todo.append(current.args[0])
    return seen


def _sqlstate(exc: BaseException) -> str | None:
    for cause in _causes(exc):
        state = getattr(cause, "sqlstate", None)
        if state:
            return str(state)
    return None


def is_retryable(exc: BaseException) -> bool:
    if isinstance(exc, ConcurrentChange):
        return True
    return _sqlstate(exc) in RETRY_SQLSTATES


def explain(exc: BaseException) -> InventoryError | None:
    """A user-readable error for a driver failure, or None when it is not one we know."""
    texts = " | ".join(str(c).lower() for c in _causes(exc))
    state = _sqlstate(exc) or ""
    if "disk is full" in texts or "disk full" in texts or "no space left" in texts:
        return DatabaseProblem("The disk is full, so nothing was saved. Free some space and try again.")
    if "database is locked" in texts or "database is busy" in texts:
        return DatabaseBusy(
            "The database is busy (another workstation is saving). Nothing was saved; try again."
        )
    if "readonly database" in texts or "read-only" in texts or "unable to open database" in texts:
        return DatabaseProblem(
            "The database cannot be written (the file or its folder is read-only). Nothing was saved."
        )
    if "malformed" in texts or "not a database" in texts:
        return DatabaseProblem(NOT_A_DATABASE)
    if state.startswith(CONNECTION_SQLSTATE_PREFIXES) or any(w in texts for w in CONNECTION_LOST_TEXTS):
        return DatabaseProblem(
            "The connection to the database server was lost; nothing was saved. "
            "Check the network and try again."
        )
    if state in RETRY_SQLSTATES:
        return DatabaseBusy("Other workstations kept changing the same stock; nothing was saved. Try again.")
    return None


def connection_lost(exc: BaseException) -> bool:
    """The connection to the server is gone (nothing of the transaction it held was committed)."""
    texts = " | ".join(str(c).lower() for c in _causes(exc))
    state = _sqlstate(exc) or ""
    return state.startswith(CONNECTION_SQLSTATE_PREFIXES) or any(w in texts for w in CONNECTION_LOST_TEXTS)


def _reset_connection(db: peewee.Database) -> None:
    """After a lost connection, drop it so the next call reconnects."""
    try:
        if not db.is_closed():
            db.close()
    except Exception:  # the connection is already broken
        pass


_operation: ContextVar[str | None] = ContextVar("inventory_operation", default=None)
ALREADY_SAVED = "This was already saved (the same request arrived twice); nothing more was recorded."


@contextmanager
def operation(key: str) -> Iterator[None]:
    """Run the write unit inside as the one user request `key` (e.g. one press of OK in a
    dialog). Its key is stored in the same transaction; the same key again (a double-click, a
    retry after an unclear failure such as a connection lost during COMMIT) is refused with
    DuplicateOperation and nothing is saved twice. One write unit per key."""
    token = _operation.set(key)
    try:
        yield
    finally:
        _operation.reset(token)


def _claim_operation() -> None:
    key = _operation.get()
    if key and not ledger.claim_operation(key):
        raise DuplicateOperation(ALREADY_SAVED)


def _back_off(attempt: int) -> None:
    """Wait a little, more after each failure and at random, so writers that collided do not
    collide again in lockstep (a few milliseconds; under an eighth of a second in all)."""
    time.sleep(random.uniform(0.0, 0.002 * 2**attempt))


def write_unit(fn: Callable[P, R]) -> Callable[P, R]:
    """Decorator: run `fn` as one write transaction with bounded retries."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        db = current_database()
        if db.in_transaction():
            with db.atomic():
                return fn(*args, **kwargs)
        last: BaseException | None = None
        reconnected = False
        for attempt in range(MAX_ATTEMPTS):
            if last is not None:
                _back_off(attempt)
            started = False
            try:
                with db.atomic():
                    started = True
                    _claim_operation()
                    return fn(*args, **kwargs)
            except InventoryError as exc:
                if isinstance(exc, ConcurrentChange):
                    last = exc
                    continue
                raise
            except (peewee.PeeweeException, sqlite3.Error, OSError) as exc:
                if is_retryable(exc):
                    last = exc
                    continue
                known = explain(exc)
                if known is not None:
                    if not isinstance(db, peewee.SqliteDatabase):
                        _reset_connection(db)
                        if not started and not reconnected and connection_lost(exc):
                            # The connection had died while idle (server restart, network blip,
                            # idle timeout) and only BEGIN was sent on it: reconnect and run once.
                            reconnected = True
                            continue
                    raise known from exc
                raise
        if isinstance(last, ConcurrentChange):
            raise DatabaseBusy(
                "Other workstations kept changing the same stock; nothing was saved. Try again."
            ) from last
        assert last is not None
        raise explain(last) or DatabaseBusy("The database is busy; try again.") from last

    return wrapper


def read_guard(fn: Callable[P, R]) -> Callable[P, R]:
    """Decorator for reads: driver failures become plain messages too. A read that finds the
    connection gone (outside a transaction) reconnects and runs once more: reading twice is safe."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        for attempt in range(2):
            try:
                return fn(*args, **kwargs)
            except (peewee.PeeweeException, sqlite3.Error) as exc:
                known = explain(exc)
                if known is None:
                    raise
                db = current_database()
                if not isinstance(db, peewee.SqliteDatabase):
                    in_unit = db.in_transaction()
                    _reset_connection(db)
                    if attempt == 0 and not in_unit and connection_lost(exc):
                        continue
                raise known from exc
        raise AssertionError("unreachable")  # pragma: no cover

    return wrapper
