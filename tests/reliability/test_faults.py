"""Faults the database can throw at a unit of work, each provoked for real (RELIABILITY A5, A6, A10,
A12, C2, C3, C4).

What every case proves: the user gets one plain sentence saying what happened (disk full, read-only,
busy, connection lost, only N on hand), the database holds nothing from the failed attempt (a dump
of every table before and after), and the next attempt works once the fault is gone.

How each fault is made:
- A5: `PRAGMA max_page_count` just above the file's size on the connection the services use.
- A6: file modes. As root, modes do not bind, so the attempt runs in a forked child that drops
  to the unprivileged `nobody` account first (the same code path an office user hits).
- A10: a child process holds `BEGIN IMMEDIATE` until told on its stdin; the busy timeout of the
  app's connection is lowered with `PRAGMA busy_timeout` to keep the test fast.
- C2: real serialization failures (the app's session in REPEATABLE READ while a second session
  updates the same row) and a real deadlock (a second session locks the rows in the other order);
  the hooks only decide *when* the second session acts.
- C3: two purchase-order receipts over {A, B} and {B, A}, made to overlap on every round.
- C4: `pg_terminate_backend` of the app's own connection in the middle of a receipt.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from peewee import Database

from inventory_app.cli import main as cli_main
from inventory_app.core.accounts.context import set_current_user
from inventory_app.core.catalog import items as catalog
from inventory_app.core.importing.apply import apply_import
from inventory_app.core.purchasing import orders as purchasing
from inventory_app.core.purchasing.types import LineReceipt
from inventory_app.core.stock import movements as stock
from inventory_app.core.types import ItemInput, SupplierInput
from inventory_app.db import connection, ledger, transaction
from inventory_app.db.connection import current_database
from inventory_app.db.models import Movement
from inventory_app.db.session import close_database, open_database
from inventory_app.errors import DatabaseBusy, DatabaseProblem, InsufficientStock, InventoryError
from tests.core.importing.import_helpers import plan

NOBODY = 65534
WAIT = 30.0  # seconds any wait on another party may take before the test fails


def dump(db: Database | None = None) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, in a stable order: 'unchanged' means equal dumps."""
    db = db or current_database()
    out = {}
    for table in sorted(db.get_tables()):
        rows = db.execute_sql(f'SELECT * FROM "{table}"').fetchall()
        out[table] = sorted((tuple(r) for r in rows), key=repr)
    return out


def plain(message: str) -> None:
    """One sentence for a person: no traceback, no driver wording, one line."""
    assert message.strip()
    assert "\n" not in message and "Traceback" not in message
    for driver_word in ("sqlite3", "peewee", "psycopg", "OperationalError", "cannot rollback"):
        assert driver_word not in message, message


def new_item(sku: str, on_hand: int = 0, **fields: Any) -> int:
    item = catalog.create_item(ItemInput(sku=sku, name=f"Item {sku}", unit="box", **fields))
    if on_hand:
        stock.receive(item.id, on_hand)
    return item.id


def on_hand(item_id: int) -> int:
    return catalog.item_detail(item_id).on_hand


# ---------------------------------------------------------------- A5: disk full


def _page_count(db: Database) -> int:
    return int(db.execute_sql("PRAGMA page_count").fetchone()[0])


def _limit_pages(db: Database, extra: int) -> None:
    limit = _page_count(db) + extra
    db.execute_sql(f"PRAGMA max_page_count = {limit}")
    assert int(db.execute_sql("PRAGMA max_page_count").fetchone()[0]) == limit


def _import_rows(count: int, prefix: str) -> Callable[[], object]:
    rows = [("SKU", "Name", "Qty")] + [
        (f"{prefix}-{i:05d}", f"Gauze pad {i} " + "x" * 80, 3) for i in range(count)
    ]
    return lambda: apply_import(plan(*rows))


@transaction.write_unit
def _many_receipts(item_id: int, count: int) -> None:
    for i in range(count):
        stock.receive(item_id, 1, note=f"delivery {i} " + "n" * 500)


@pytest.mark.parametrize("cache_pages", [None, 10], ids=["in-cache", "cache-spills"])
@pytest.mark.parametrize("write", ["import", "receipts"])
def test_a5_disk_full_says_disk_full_changes_nothing_and_the_next_write_works(
    sqlite_db: Database, write: str, cache_pages: int | None
) -> None:
    item_id = new_item("GLV-M", 5)
    if cache_pages is not None:
        # A unit bigger than the page cache spills to the file mid-transaction, where SQLite may
        # roll back on its own and peewee's rollback then fails ("cannot rollback").
        sqlite_db.execute_sql(f"PRAGMA cache_size = {cache_pages}")
    unit = _import_rows(400, "IMP") if write == "import" else lambda: _many_receipts(item_id, 400)
    before = dump()
    _limit_pages(sqlite_db, 3)

    with pytest.raises(DatabaseProblem) as caught:
        unit()
    message = str(caught.value)
    plain(message)
    assert "disk is full" in message and "nothing was saved" in message
    assert not sqlite_db.in_transaction()
    assert dump() == before

    sqlite_db.execute_sql("PRAGMA max_page_count = 1073741823")  # space is back
    unit()
    after = dump()
    if write == "import":
        assert len(after["item"]) == len(before["item"]) + 400
    else:
        assert on_hand(item_id) == 5 + 400
        assert len(after["movement"]) == len(before["movement"]) + 400


def test_a5_disk_full_through_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "inventory.db"
    set_current_user("tester")
    db = open_database(path)
    try:
        new_item("GLV-M", 5)
        limit = _page_count(db) + 1
        before = dump()
    finally:
        close_database(db)
        set_current_user(None)
    book = tmp_path / "supplies.csv"
    book.write_text("SKU,Name,Qty\n" + "".join(f"CSV-{i:04d},Gauze {i} {'y' * 90},2\n" for i in range(300)))
    # Every connection the command line opens gets the small limit, as if the disk were nearly full.
    monkeypatch.setitem(connection.SQLITE_PRAGMAS, "max_page_count", limit)

    code = cli_main(["--db", str(path), "import", str(book)])
    err = capsys.readouterr().err
    assert code == 1, err
    assert "disk is full" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err

    monkeypatch.delitem(connection.SQLITE_PRAGMAS, "max_page_count")
    db = open_database(path)
    try:
        assert dump() == before
    finally:
        close_database(db)
    assert cli_main(["--db", str(path), "import", str(book)]) == 0
    db = open_database(path)
    try:
        assert len(dump()["item"]) == len(before["item"]) + 300
    finally:
        close_database(db)


# ---------------------------------------------------------------- A6: read-only file or folder


def _in_child_as_unprivileged(work: Callable[[], dict[str, str]]) -> dict[str, str]:
    """Run `work` in a forked child; as root the child first becomes `nobody`, so file modes
    apply to it as they do to an office user. Anything but a returned dict fails the test."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        try:
            os.close(read_end)
            if os.geteuid() == 0:
                os.setgroups([])
                os.setgid(NOBODY)
                os.setuid(NOBODY)
            payload = ["ok", work()]
        except BaseException as exc:  # reported to the test
            payload = ["raised", f"{type(exc).__name__}: {exc}", traceback.format_exc()]
        with os.fdopen(write_end, "w") as out:
            out.write(json.dumps(payload))
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end) as incoming:
        text = incoming.read()
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, text
    kind, *rest = json.loads(text)
    assert kind == "ok", rest
    return rest[0]


def _attempt(item_id: int, path: Path) -> dict[str, str]:
    """What a user on a read-only database sees: open, read, then write (one outcome each)."""
    outcome: dict[str, str] = {}
    try:
        db = open_database(path)
    except InventoryError as exc:
        outcome["open"] = str(exc)
        return outcome
    outcome["open"] = "ok"
    try:
        outcome["read"] = str(on_hand(item_id))
        try:
            stock.use(item_id, 1)
            outcome["write"] = "ok"
        except InventoryError as exc:
            outcome["write"] = str(exc)
    finally:
        close_database(db)
    return outcome


@pytest.fixture
def shared_folder() -> Iterator[tuple[Path, int]]:
    """A database with 7 on hand in a folder every account can reach. Not under pytest's own
    temporary folder: that one is private, and each pytest run makes it private again."""
    folder = Path(tempfile.mkdtemp(prefix="inventory-a6-"))
    folder.chmod(0o777)
    path = folder / "inventory.db"
    set_current_user("tester")
    db = open_database(path)
    try:
        item_id = new_item("GLV-M", 7)
    finally:
        close_database(db)
    try:
        yield path, item_id
    finally:
        folder.chmod(0o700)
        shutil.rmtree(folder, ignore_errors=True)
        set_current_user(None)


def _dump_file(path: Path) -> dict[str, list[tuple[object, ...]]]:
    db = open_database(path)
    try:
        return dump(db)
    finally:
        close_database(db)


def _assert_refused_plainly(message: str) -> None:
    plain(message)
    assert "read-only" in message and "Nothing was saved" in message


def _assert_read_only_outcome(outcome: dict[str, str]) -> None:
    """Opening fails plainly, or it opens, reads what is there and refuses the write plainly."""
    if outcome["open"] != "ok":
        _assert_refused_plainly(outcome["open"])
        return
    assert outcome["read"] == "7"
    _assert_refused_plainly(outcome["write"])


def test_a6_a_read_only_database_file_is_refused_plainly(shared_folder: tuple[Path, int]) -> None:
    path, item_id = shared_folder
    before = _dump_file(path)
    path.chmod(0o444)
    try:
        outcome = _in_child_as_unprivileged(lambda: _attempt(item_id, path))
    finally:
        path.chmod(0o600)
    _assert_read_only_outcome(outcome)
    assert _dump_file(path) == before


def test_a6_a_read_only_file_in_use_elsewhere_opens_to_read_and_refuses_the_write(
    shared_folder: tuple[Path, int],
) -> None:
    path, item_id = shared_folder
    path.chmod(0o644)  # readable by all, writable by its owner only; -wal/-shm follow the file
    holder = open_database(path)  # another workstation keeps it open, so -wal and -shm exist
    try:
        before = dump(holder)
        outcome = _in_child_as_unprivileged(lambda: _attempt(item_id, path))
        assert dump(holder) == before
    finally:
        close_database(holder)
        path.chmod(0o600)
    if os.geteuid() != 0:
        # Without root the child is the file's owner, who may write: the refusal needs another account.
        assert outcome["write"] == "ok"
        return
    assert outcome["open"] == "ok" and outcome["read"] == "7"
    _assert_refused_plainly(outcome["write"])


def test_a6_a_read_only_folder_is_refused_plainly(shared_folder: tuple[Path, int]) -> None:
    path, item_id = shared_folder
    before = _dump_file(path)
    path.chmod(0o666)  # the file itself is writable; the folder is not (no -wal/-shm can be made)
    path.parent.chmod(0o555)
    try:
        outcome = _in_child_as_unprivileged(lambda: _attempt(item_id, path))
    finally:
        path.parent.chmod(0o777)
        path.chmod(0o600)
    _assert_read_only_outcome(outcome)
    assert _dump_file(path) == before


# ---------------------------------------------------------------- A10: write lock held elsewhere

HOLDER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
sys.stdin.readline()
conn.execute("ROLLBACK")
conn.close()
print("released", flush=True)
"""


class LockHolder:
    """Another process that holds the SQLite write lock until released through its stdin."""

    def __init__(self, path: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        assert self.process.stdout.readline().strip() == "locked"

    def release(self) -> None:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write("go\n")
        self.process.stdin.flush()
        assert self.process.stdout.readline().strip() == "released"
        assert self.process.wait(timeout=WAIT) == 0

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=WAIT)


BUSY_MS = 300


def test_a10_a_write_lock_held_longer_than_the_timeout_says_busy_and_a_retry_works(
    sqlite_db: Database,
) -> None:
    item_id = new_item("GLV-M", 10)
    sqlite_db.execute_sql(f"PRAGMA busy_timeout = {BUSY_MS}")
    before = dump()
    holder = LockHolder(Path(sqlite_db.database))
    try:
        started = time.monotonic()
        with pytest.raises(DatabaseBusy) as caught:
            stock.use(item_id, 4)
        waited = time.monotonic() - started
        assert on_hand(item_id) == 10  # reading is not blocked by another writer (WAL)
        holder.release()
    finally:
        holder.kill()
    message = str(caught.value)
    plain(message)
    assert "busy" in message and "try again" in message and "Nothing was saved" in message
    assert waited >= BUSY_MS / 1000 * 0.9, "gave up before the busy timeout"
    assert dump() == before
    stock.use(item_id, 4)
    assert on_hand(item_id) == 6


def test_a10_the_command_line_says_busy_too(
    sqlite_db: Database, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    new_item("GLV-M", 10)
    path = Path(sqlite_db.database)
    before = dump()
    monkeypatch.setitem(connection.SQLITE_PRAGMAS, "busy_timeout", BUSY_MS)
    holder = LockHolder(path)
    try:
        code = cli_main(["--db", str(path), "stock", "use", "GLV-M", "4"])
        err = capsys.readouterr().err
        holder.release()
    finally:
        holder.kill()
    sqlite_db.close()
    sqlite_db.connect()
    assert code == 1, err
    assert "busy" in err and "try again" in err and "Traceback" not in err
    assert dump() == before
    assert cli_main(["--db", str(path), "stock", "use", "GLV-M", "4"]) == 0
    assert on_hand(catalog.item_id_for("GLV-M")) == 6


# ---------------------------------------------------------------- A12: stale screen, in the core


def _as_other_workstation(work: Callable[[], object]) -> None:
    """Run `work` on a connection of its own (another thread), as another workstation would."""
    failures: list[BaseException] = []

    def run() -> None:
        db = current_database()
        try:
            work()
        except BaseException as exc:  # re-raised below
            failures.append(exc)
        finally:
            db.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=WAIT)
    assert not thread.is_alive()
    if failures:
        raise failures[0]


@pytest.mark.parametrize("tracks_expiry", [False, True], ids=["plain", "lots"])
def test_a12_a_use_based_on_a_stale_screen_is_refused_with_what_is_left(
    db: Database, tracks_expiry: bool
) -> None:
    if tracks_expiry:
        item_id = new_item("VAX-FLU", tracks_expiry=True)
        stock.receive(item_id, 10, lot="L1", expires="2099-01-31")
    else:
        item_id = new_item("GLV-M", 10)
    seen_by_a = on_hand(item_id)  # A's screen
    assert seen_by_a == 10
    _as_other_workstation(lambda: stock.use(item_id, 8))  # B
    before = dump()

    with pytest.raises(InsufficientStock) as caught:
        stock.use(item_id, 5)  # A, trusting the 10 on the screen
    plain(str(caught.value))
    assert "only 2 on hand" in str(caught.value)
    assert caught.value.available == 2
    assert dump() == before
    assert on_hand(item_id) == 2


# ---------------------------------------------------------------- PostgreSQL


@pytest.fixture
def second_session(pg_url: str) -> Iterator[psycopg.Connection]:
    """Another workstation's connection, outside the app."""
    with psycopg.connect(pg_url, autocommit=True) as conn:
        yield conn


def _backend_pid(db: Database) -> int:
    return int(db.execute_sql("SELECT pg_backend_pid()").fetchone()[0])


def _sqlstate(exc: BaseException) -> str | None:
    return transaction._sqlstate(exc)


class Recorder:
    """Wraps a ledger function: runs `before` ahead of the real call, keeps the SQLSTATE of
    every driver error the real call raised."""

    def __init__(self, real: Callable[..., Any], before: Callable[..., None]) -> None:
        self.real, self.before = real, before
        self.calls = 0
        self.states: list[str | None] = []

    def __call__(self, *args: Any) -> Any:
        self.calls += 1
        self.before(*args)
        try:
            return self.real(*args)
        except Exception as exc:
            self.states.append(_sqlstate(exc))
            raise


def _movements(item_id: int) -> int:
    return Movement.select().where(Movement.item == item_id).count()


@pytest.mark.parametrize("failures", [1, transaction.MAX_ATTEMPTS - 1])
def test_c2_serialization_failures_are_retried_and_one_ledger_row_is_written(
    pg_db: Database, second_session: psycopg.Connection, monkeypatch: pytest.MonkeyPatch, failures: int
) -> None:
    item_id = new_item("GLV-M", 10)
    pg_db.execute_sql("SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL REPEATABLE READ")
    interfered: list[int] = []

    def another_workstation_touches_the_row(*_args: object) -> None:
        # The app's snapshot is taken (it read the item); a committed change to the same row
        # now makes its UPDATE fail with 40001, for real.
        if len(interfered) < failures:
            second_session.execute("UPDATE item SET on_hand = on_hand WHERE id = %s", (item_id,))
            interfered.append(1)

    recorder = Recorder(ledger.take_stock, another_workstation_touches_the_row)
    monkeypatch.setattr(ledger, "take_stock", recorder)
    rows = stock.use(item_id, 3)

    assert recorder.states == ["40001"] * failures
    assert recorder.calls == failures + 1
    assert len(rows) == 1 and rows[0].quantity == -3
    assert on_hand(item_id) == 7
    assert _movements(item_id) == 2  # the receipt and exactly one use


def test_c2_after_max_attempts_the_user_is_told_plainly_and_nothing_is_written(
    pg_db: Database, second_session: psycopg.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    item_id = new_item("GLV-M", 10)
    pg_db.execute_sql("SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL REPEATABLE READ")
    before = dump()

    def always(*_args: object) -> None:
        second_session.execute("UPDATE item SET on_hand = on_hand WHERE id = %s", (item_id,))

    recorder = Recorder(ledger.take_stock, always)
    monkeypatch.setattr(ledger, "take_stock", recorder)
    with pytest.raises(DatabaseBusy) as caught:
        stock.use(item_id, 3)
    plain(str(caught.value))
    assert "try again" in str(caught.value).lower() and "nothing was saved" in str(caught.value)
    assert recorder.states == ["40001"] * transaction.MAX_ATTEMPTS
    monkeypatch.undo()
    assert dump() == before


def _supplier_with_items(count: int) -> tuple[int, list[int]]:
    supplier = catalog.save_supplier(SupplierInput(name="Northgate Medical Supply"))
    items = [
        catalog.create_item(
            ItemInput(sku=f"IT-{i}", name=f"Item {i}", unit="box", supplier_id=supplier.id)
        ).id
        for i in range(count)
    ]
    return supplier.id, items


def _ordered(supplier_id: int, item_ids: list[int], quantity: int) -> tuple[int, dict[int, int]]:
    """An ordered PO with one line per item, in the given order; returns its id and line by item."""
    order = purchasing.create_order(supplier_id)
    for item_id in item_ids:
        purchasing.add_line(order.id, item_id, quantity, "1.00")
    purchasing.mark_ordered(order.id)
    lines = {line.item_id: line.id for line in purchasing.order_detail(order.id).lines}
    assert [line.item_id for line in purchasing.order_detail(order.id).lines] == item_ids
    return order.id, lines


def _wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT
    pause = threading.Event()
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        pause.wait(0.005)


def _waiting_on_a_lock(session: psycopg.Connection, pid: int) -> bool:
    row = session.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", (pid,)).fetchone()
    return row is not None and row[0] == "Lock"


def test_c2_a_real_deadlock_is_retried_and_each_line_is_received_once(
    pg_db: Database, pg_url: str, second_session: psycopg.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    supplier_id, (a, b) = _supplier_with_items(2)
    order_id, lines = _ordered(supplier_id, [a, b], 5)
    # The app's session notices the deadlock first, so it is the one PostgreSQL aborts.
    pg_db.execute_sql("SET deadlock_timeout = '100ms'")
    locked_b = threading.Event()
    other_errors: list[BaseException] = []
    others: list[threading.Thread] = []

    def other_workstation() -> None:
        try:
            with psycopg.connect(pg_url, autocommit=True) as conn:
                conn.execute("SET deadlock_timeout = '20s'")
                with conn.transaction():
                    conn.execute("UPDATE item SET on_hand = on_hand WHERE id = %s", (b,))
                    locked_b.set()
                    conn.execute("UPDATE item SET on_hand = on_hand WHERE id = %s", (a,))
        except BaseException as exc:  # checked below
            other_errors.append(exc)

    real_add = ledger.add_stock

    def add_stock(item_id: int, lot_id: int | None, quantity: int) -> None:
        real_add(item_id, lot_id, quantity)  # the app now holds item A's row
        if item_id == a and not others:
            thread = threading.Thread(target=other_workstation)
            others.append(thread)
            thread.start()
            assert locked_b.wait(WAIT)
            pids = [
                r[0]
                for r in second_session.execute(
                    "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                    "AND pid NOT IN (pg_backend_pid(), %s)",
                    (_backend_pid(pg_db),),
                ).fetchall()
            ]
            _wait_for(lambda: any(_waiting_on_a_lock(second_session, p) for p in pids), "the other session")
            # ... and the app's next line (item B) closes the cycle.

    recorder = Recorder(add_stock, lambda *_a: None)
    monkeypatch.setattr(ledger, "add_stock", recorder)
    movements = purchasing.receive(order_id, [LineReceipt(lines[a], 2), LineReceipt(lines[b], 3)])
    for thread in others:
        thread.join(timeout=WAIT)
    monkeypatch.undo()

    assert recorder.states == ["40P01"], recorder.states
    assert other_errors == []
    assert sorted(m.quantity for m in movements) == [2, 3]
    assert (on_hand(a), on_hand(b)) == (2, 3)
    assert (_movements(a), _movements(b)) == (1, 1)
    detail = purchasing.order_detail(order_id)
    assert {line.item_id: line.received for line in detail.lines} == {a: 2, b: 3}


# ---------------------------------------------------------------- C3: receipts in opposite orders

C3_ROUNDS = 15


def test_c3_receipts_over_a_b_and_b_a_at_once_never_deadlock(
    pg_db: Database, pg_url: str, second_session: psycopg.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    supplier_id, (a, b) = _supplier_with_items(2)
    ordered_items = [[a, b], [b, a]]
    orders = [_ordered(supplier_id, items, 1000) for items in ordered_items]
    retried: list[str | None] = []
    real_retryable = transaction.is_retryable

    def record_retry(exc: BaseException) -> bool:
        retried.append(_sqlstate(exc))
        return real_retryable(exc)

    monkeypatch.setattr(transaction, "is_retryable", record_retry)

    pids: dict[int, int] = {}
    holding: list[threading.Event] = []
    done: list[threading.Event] = []
    local = threading.local()
    real_add = ledger.add_stock

    def add_stock(item_id: int, lot_id: int | None, quantity: int) -> None:
        real_add(item_id, lot_id, quantity)
        index = local.index
        if local.first:
            # Hold the first row lock until the other receipt is inside its own unit too:
            # it either holds its first row as well, or waits for ours.
            local.first = False
            holding[index].set()
            other = 1 - index
            _wait_for(
                lambda: (
                    holding[other].is_set()
                    or done[other].is_set()
                    or _waiting_on_a_lock(second_session, pids[other])
                ),
                "the other receipt",
            )

    monkeypatch.setattr(ledger, "add_stock", add_stock)

    def receiver(index: int, start: threading.Barrier, outcome: list[object]) -> None:
        db = current_database()
        try:
            pids[index] = _backend_pid(db)
            start.wait(timeout=WAIT)
            local.index, local.first = index, True
            order_id, lines = orders[index]
            # Each receipt lists its lines in its order's own order: {A, B} and {B, A}.
            amounts = {a: 1, b: 2}
            receipts = [LineReceipt(lines[item], amounts[item]) for item in ordered_items[index]]
            outcome[index] = purchasing.receive(order_id, receipts)
        except BaseException as exc:  # checked below
            outcome[index] = exc
            start.abort()
        finally:
            done[index].set()
            db.close()

    for _round in range(C3_ROUNDS):
        holding[:] = [threading.Event(), threading.Event()]
        done[:] = [threading.Event(), threading.Event()]
        start = threading.Barrier(2)
        outcome: list[object] = [None, None]
        threads = [threading.Thread(target=receiver, args=(i, start, outcome)) for i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=WAIT * 2)
        assert not any(t.is_alive() for t in threads)
        for result in outcome:
            assert isinstance(result, list) and len(result) == 2, result

    monkeypatch.undo()
    assert "40P01" not in retried, f"{retried.count('40P01')} deadlock(s), hidden by retries"
    assert (on_hand(a), on_hand(b)) == (2 * C3_ROUNDS, 4 * C3_ROUNDS)
    assert (_movements(a), _movements(b)) == (2 * C3_ROUNDS, 2 * C3_ROUNDS)
    for order_id, _lines in orders:
        received = {line.item_id: line.received for line in purchasing.order_detail(order_id).lines}
        assert received == {a: C3_ROUNDS, b: 2 * C3_ROUNDS}


# ---------------------------------------------------------------- C4: connection lost mid-receive


def test_c4_connection_lost_mid_receive_nothing_saved_and_the_retry_works_once(
    pg_db: Database, second_session: psycopg.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    supplier_id, (a, b) = _supplier_with_items(2)
    order_id, lines = _ordered(supplier_id, [a, b], 5)
    before = dump()
    app_pid = _backend_pid(pg_db)
    cut: list[int] = []

    def the_network_drops(*_args: object) -> None:
        # The first line's stock is already updated inside the transaction; the server now
        # ends the app's connection before the ledger line is written.
        if not cut:
            second_session.execute("SELECT pg_terminate_backend(%s)", (app_pid,))
            cut.append(app_pid)

    recorder = Recorder(ledger.insert_movement, the_network_drops)
    monkeypatch.setattr(ledger, "insert_movement", recorder)
    receipts = [LineReceipt(lines[a], 2), LineReceipt(lines[b], 3)]
    with pytest.raises(DatabaseProblem) as caught:
        purchasing.receive(order_id, receipts)
    message = str(caught.value)
    plain(message)
    assert "connection" in message and "lost" in message and "nothing was saved" in message
    assert recorder.calls == 1
    assert dump() == before  # read on a new connection: the app reconnects by itself

    movements = purchasing.receive(order_id, receipts)
    assert _backend_pid(pg_db) != app_pid
    assert sorted(m.quantity for m in movements) == [2, 3]
    assert (on_hand(a), on_hand(b)) == (2, 3)
    assert (_movements(a), _movements(b)) == (1, 1)
    assert purchasing.order_detail(order_id).summary.status == "partial"


def test_c4_a_connection_the_server_dropped_while_idle_reconnects_without_bothering_the_user(
    pg_db: Database, second_session: psycopg.Connection
) -> None:
    """A server restart or an idle timeout overnight: the first action of the morning works (only
    BEGIN had been sent on the dead connection, so running the unit on a new one is safe)."""
    item_id = new_item("GLV-M", 10)
    second_session.execute("SELECT pg_terminate_backend(%s)", (_backend_pid(pg_db),))
    stock.use(item_id, 3)
    assert _movements(item_id) == 2 and on_hand(item_id) == 7

    second_session.execute("SELECT pg_terminate_backend(%s)", (_backend_pid(pg_db),))
    assert on_hand(item_id) == 7  # a read reconnects too


def test_c4_a_connection_broken_by_an_unguarded_query_recovers_on_the_next_unit(
    pg_db: Database, second_session: psycopg.Connection
) -> None:
    item_id = new_item("GLV-M", 10)
    second_session.execute("SELECT pg_terminate_backend(%s)", (_backend_pid(pg_db),))
    with pytest.raises(Exception) as raw:  # whatever the driver says
        pg_db.execute_sql("SELECT 1")
    assert transaction.connection_lost(raw.value)
    # The driver now says "the connection is closed" on every use of it; a unit must not show that.
    stock.use(item_id, 3)
    assert on_hand(item_id) == 7 and _movements(item_id) == 2
