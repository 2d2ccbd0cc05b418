"""Several connections taking the same stock at once (RELIABILITY A8, B1, C1).

Threads start together on a `threading.Barrier`, each on its own connection
(peewee opens one per thread) and each closes it at the end. Whatever the
interleaving: exactly as many uses succeed as there is stock, the rest are
refused with `InsufficientStock`, on hand ends at zero and equals the ledger,
and nothing ever goes below zero.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from peewee import Database, fn

from inventory_app.core.accounts.context import set_current_user
from inventory_app.core.catalog import items as catalog
from inventory_app.core.stock import movements as stock
from inventory_app.core.stock import queries as stock_queries
from inventory_app.core.stock.check import check_database
from inventory_app.core.types import ItemInput, MovementKind
from inventory_app.db.connection import current_database, is_sqlite
from inventory_app.db.models import Item, Lot, Movement
from inventory_app.db.session import close_database, open_database
from inventory_app.errors import InsufficientStock

JOIN_TIMEOUT = 120


def _race(workers: int, work: Callable[[int], object]) -> list[tuple[str, Any]]:
    """Run `work(i)` in `workers` threads released together; each closes its connection."""
    start = threading.Barrier(workers)
    outcomes: list[tuple[str, Any]] = [("not run", None)] * workers

    def runner(index: int) -> None:
        db = current_database()
        try:
            db.connect(reuse_if_open=True)  # connect first, so the race is on the write itself
            start.wait(timeout=60)
            outcomes[index] = ("ok", work(index))
        except InsufficientStock as exc:
            outcomes[index] = ("refused", exc)
        except BaseException as exc:  # any other outcome fails the test below
            outcomes[index] = ("error", exc)
            start.abort()
        finally:
            db.close()

    threads = [threading.Thread(target=runner, args=(i,), name=f"racer-{i}") for i in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=JOIN_TIMEOUT)
    assert not any(t.is_alive() for t in threads), "a racer is stuck"
    errors = [value for kind, value in outcomes if kind not in ("ok", "refused")]
    assert errors == [], errors
    return outcomes


def _assert_ledger_agrees(item_id: int, on_hand: int) -> None:
    assert Item.get_by_id(item_id).on_hand == on_hand
    ledger_sum = Movement.select(fn.COALESCE(fn.SUM(Movement.quantity), 0)).where(Movement.item == item_id)
    assert int(ledger_sum.scalar()) == on_hand
    balances = [row.balance for row in stock_queries.history(item_id)]
    assert balances and min(balances) >= 0, balances
    assert balances[-1] == on_hand
    assert Lot.select().where(Lot.quantity < 0).count() == 0
    report = check_database()
    assert report.ok, report.problems


def _new_item(sku: str, on_hand: int, tracks_expiry: bool = False) -> int:
    item = catalog.create_item(
        ItemInput(sku=sku, name=f"Item {sku}", unit="box", tracks_expiry=tracks_expiry)
    )
    if tracks_expiry:
        # Two lots, so the racers also compete over which lot to take from.
        first = on_hand // 2
        stock.receive(item.id, first, lot="A", expires="2098-01-31")
        stock.receive(item.id, on_hand - first, lot="B", expires="2099-01-31")
    else:
        stock.receive(item.id, on_hand)
    return item.id


def _server_now() -> datetime:
    db = current_database()
    sql = (
        "SELECT strftime('%Y-%m-%d %H:%M:%f', 'now')" if is_sqlite(db) else "SELECT now() at time zone 'utc'"
    )
    value = db.execute_sql(sql).fetchone()[0]
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


def _as_datetime(value: object) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


# ---------------------------------------------------------------- the last units, twice at once


@pytest.mark.parametrize("tracks_expiry", [False, True], ids=["plain", "lots"])
def test_two_connections_use_the_last_units_at_once(db: Database, tracks_expiry: bool) -> None:
    """The foundation issue's test, on SQLite (two threads on one file) and PostgreSQL."""
    for round_number in range(5):
        last = 2 + round_number
        item_id = _new_item(f"LAST-{round_number}", last, tracks_expiry)
        outcomes = _race(2, lambda _i, item_id=item_id, last=last: stock.use(item_id, last))

        assert sorted(kind for kind, _ in outcomes) == ["ok", "refused"]
        refusal = next(value for kind, value in outcomes if kind == "refused")
        assert refusal.available == 0
        assert f"LAST-{round_number}" in str(refusal) and "only 0 on hand" in str(refusal)
        winner = next(value for kind, value in outcomes if kind == "ok")
        assert sum(m.quantity for m in winner) == -last
        _assert_ledger_agrees(item_id, 0)
        assert Movement.select().where(Movement.item == item_id).count() == len(winner) + (
            2 if tracks_expiry else 1
        )


def _c1(workers: int, on_hand: int) -> None:
    item_id = _new_item("C1-GLOVES", on_hand)
    before = _server_now()
    outcomes = _race(workers, lambda _i: stock.use(item_id, 1))
    after = _server_now()

    kinds = [kind for kind, _ in outcomes]
    assert kinds.count("ok") == on_hand
    assert kinds.count("refused") == workers - on_hand
    for kind, value in outcomes:
        if kind == "refused":
            assert value.available == 0 and "C1-GLOVES" in str(value)
    _assert_ledger_agrees(item_id, 0)

    uses = list(Movement.select().where((Movement.item == item_id) & (Movement.kind == MovementKind.USE)))
    assert len(uses) == on_hand
    assert all(m.quantity == -1 for m in uses)
    # Timestamps come from the database server's clock (UTC), taken inside each transaction.
    slack = timedelta(seconds=2)
    for movement in uses:
        created = _as_datetime(movement.created_at)
        assert created.tzinfo is None
        assert before - slack <= created <= after + slack, (before, created, after)


def test_c1_twenty_threads_use_one_item_with_15_on_hand_on_postgresql(pg_db: Database) -> None:
    assert not is_sqlite(pg_db)
    _c1(workers=20, on_hand=15)


def test_c1_server_timestamps_are_the_servers_clock_on_postgresql(pg_db: Database) -> None:
    """A movement's time is the server's `now()` in UTC, whatever the session's time zone."""
    item_id = _new_item("TZ", 3)
    pg_db.execute_sql("SET TIME ZONE 'Pacific/Kiritimati'")  # UTC+14: a local clock would show
    try:
        movement = stock.use(item_id, 1)[0]
        server_utc = _server_now()
    finally:
        pg_db.execute_sql("SET TIME ZONE 'UTC'")
    assert abs(_as_datetime(movement.created_at) - server_utc) < timedelta(seconds=5)


def test_twenty_threads_use_one_item_with_15_on_hand_on_sqlite(sqlite_db: Database) -> None:
    _c1(workers=20, on_hand=15)


# ---------------------------------------------------------------- two processes on one SQLite file


def _use_in_another_process(
    path: str, item_id: int, quantity: int, start: Any, results: Any, index: int
) -> None:
    set_current_user(f"process-{index}")
    db = open_database(path)
    try:
        start.wait(timeout=60)
        try:
            rows = stock.use(item_id, quantity)
            results.put((index, "ok", sum(m.quantity for m in rows)))
        except InsufficientStock as exc:
            results.put((index, "refused", exc.available))
        except Exception as exc:  # reported to the test
            results.put((index, "error", f"{type(exc).__name__}: {exc}"))
    finally:
        close_database(db)


def test_a8_two_processes_use_the_last_units_of_one_sqlite_file(tmp_path: Path) -> None:
    path = tmp_path / "inventory.db"
    set_current_user("tester")
    db = open_database(path)
    try:
        item_id = _new_item("PROC", 4)
    finally:
        close_database(db)

    context = multiprocessing.get_context("spawn")
    start = context.Barrier(2)
    results = context.Queue()
    processes = [
        context.Process(target=_use_in_another_process, args=(str(path), item_id, 4, start, results, i))
        for i in range(2)
    ]
    for process in processes:
        process.start()
    outcomes = sorted(results.get(timeout=JOIN_TIMEOUT) for _ in processes)
    for process in processes:
        process.join(timeout=JOIN_TIMEOUT)
        assert process.exitcode == 0

    assert sorted((kind, value) for _, kind, value in outcomes) == [("ok", -4), ("refused", 0)], outcomes
    db = open_database(path)
    try:
        _assert_ledger_agrees(item_id, 0)
    finally:
        close_database(db)
        set_current_user(None)
