"""Running a core service on a worker thread, for the desktop app's long actions.

Each thread has its own database connection (peewee keeps one per thread); a worker's is
closed when its work ends, so a pool thread never holds a connection (or a SQLite file lock,
or a server session) between actions."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from inventory_app.core.changes import Changes, collect
from inventory_app.db.models import database_proxy

T = TypeVar("T")


def run_collecting(call: Callable[[], T]) -> tuple[T, Changes]:
    """`call()`'s result and the change set its services recorded (not handed on to an outer
    collect: the caller tells of them)."""
    with collect(hand_on=False) as collected:
        result = call()
    return result, collected.changes


def on_worker_thread(call: Callable[[], T]) -> T:
    """`call()` on this (worker) thread; this thread's database connection is closed after."""
    try:
        return call()
    finally:
        db = database_proxy.obj
        if db is not None and not db.is_closed():
            db.close()
