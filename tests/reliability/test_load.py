"""Several processes recording movements on the same items at once (RELIABILITY A8, C1; issue 8 "Proof").

SQLite: two processes on one file, 2,500 steps each. PostgreSQL: four
processes, 1,000 steps each. Each process (load_child.py) mixes receive, use
and adjust on the same four items (two with lots), released together through
their stdin pipes. A use of more than is on hand is refused (a correct
answer); any other error, "database is locked" above all, fails the test.

Afterwards: every step a child reports as done has exactly its movements in
the ledger and its audit event, and no refused step left anything (no lost and
no phantom movement); on hand is the opening stock plus what the children
report, for every item and lot; on hand equals the ledger, the running balance
never went below zero, and `check_database()` passes (with integrity_check on
SQLite).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from peewee import Database

from inventory_app.core.accounts.context import set_current_user
from inventory_app.core.catalog import items as catalog
from inventory_app.core.stock import movements as stock
from inventory_app.core.stock.check import check_database
from inventory_app.core.types import ItemInput
from inventory_app.db.connection import current_database
from inventory_app.db.session import close_database, open_database
from tests.conftest import reset_postgres
from tests.reliability import load_child
from tests.reliability.child_pipe import LineReader

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
CHILD = Path(load_child.__file__)
ITEMS: dict[str, list[str]] = {
    "LOAD-GLOVES": [],
    "LOAD-GAUZE": [],
    "LOAD-VAX": ["V1", "V2"],
    "LOAD-SWAB": ["S1"],
}
OPENING = 20  # per item without lots, per lot otherwise
TIMEOUT = 240.0


def _prepare(target: str) -> None:
    set_current_user("setup")
    db = open_database(target)
    try:
        for sku, lots in ITEMS.items():
            item = catalog.create_item(ItemInput(sku=sku, name=f"Load {sku}", tracks_expiry=bool(lots)))
            for lot in lots:
                stock.receive(item.id, OPENING, lot=lot, expires=load_child.EXPIRES)
            if not lots:
                stock.receive(item.id, OPENING)
    finally:
        close_database(db)
        set_current_user(None)


def _run(target: str, workers: int, operations: int) -> tuple[list[dict[str, Any]], float]:
    """Start the children, release them together, collect their reports."""
    processes = [
        subprocess.Popen(
            [sys.executable, str(CHILD), target, str(w), str(operations), json.dumps(ITEMS)],
            cwd=REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            bufsize=0,
        )
        for w in range(workers)
    ]
    try:
        readers = [LineReader(p, TIMEOUT) for p in processes]
        for reader in readers:
            assert reader.read_line() == "ready"
        started = time.monotonic()
        for process in processes:
            assert process.stdin is not None
            process.stdin.write(b"go\n")
            process.stdin.flush()
        reports = [json.loads(reader.read_line()) for reader in readers]
        seconds = time.monotonic() - started
        for process in processes:
            assert process.wait(timeout=TIMEOUT) == 0
            assert process.stderr is not None
            assert process.stderr.read() == b""
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.wait()
            for pipe in (process.stdin, process.stdout, process.stderr):
                if pipe is not None:
                    pipe.close()
    return reports, seconds


def _rows(sql: str, *params: object) -> list[tuple[Any, ...]]:
    db = current_database()
    return list(db.execute_sql(sql.replace("?", db.param), params).fetchall())


def _verify(target: str, reports: list[dict[str, Any]], operations: int) -> dict[str, int]:
    """Everything the children reported is in the database, and nothing else."""
    for report in reports:
        assert report["errors"] == [], report["errors"][:5]
        assert len(report["succeeded"]) + report["refused"] == operations
        assert report["succeeded"] and report["refused"], "the mix must both record and refuse"

    expected_notes = {
        f"load w{r['worker']} op {number}": movements for r in reports for number, movements in r["succeeded"]
    }
    set_current_user("checker")
    db = open_database(target)
    try:
        notes = dict(_rows("SELECT note, COUNT(*) FROM movement WHERE note LIKE ? GROUP BY note", "load w%"))
        assert notes == expected_notes  # no movement lost, none doubled, none from a refused step
        audited = dict(
            _rows('SELECT "user", COUNT(*) FROM audit_event WHERE "user" LIKE ? GROUP BY 1', "load-%")
        )
        assert audited == {f"load-{r['worker']}": len(r["succeeded"]) for r in reports}

        on_hand = dict(_rows("SELECT sku, on_hand FROM item"))
        lots = {
            f"{sku}/{number}": quantity
            for sku, number, quantity in _rows(
                "SELECT i.sku, l.lot_number, l.quantity FROM lot l JOIN item i ON i.id = l.item_id"
            )
        }
        for sku, lot_names in ITEMS.items():
            opening = OPENING * max(1, len(lot_names))
            assert on_hand[sku] == opening + sum(r["item_delta"].get(sku, 0) for r in reports), sku
            for lot in lot_names:
                key = f"{sku}/{lot}"
                assert lots[key] == OPENING + sum(r["lot_delta"].get(key, 0) for r in reports), key
        assert min(on_hand.values()) >= 0 and min(lots.values()) >= 0

        # The running balance in ledger order never went below zero, for an item or a lot.
        for column in ("item_id", "lot_id"):
            lowest = _rows(
                f"SELECT MIN(balance) FROM (SELECT SUM(quantity) OVER (PARTITION BY {column} ORDER BY id) "
                f"AS balance FROM movement WHERE {column} IS NOT NULL) AS running"
            )
            assert lowest[0][0] >= 0, column
        report = check_database()
        assert report.ok, report.problems
        total = len(_rows("SELECT id FROM movement"))
        order = [
            note.split()[1]
            for (note,) in _rows("SELECT note FROM movement WHERE note LIKE ? ORDER BY id", "load w%")
        ]
        switches = sum(1 for a, b in zip(order, order[1:], strict=False) if a != b)
    finally:
        close_database(db)
        set_current_user(None)
    return {
        "succeeded": sum(len(r["succeeded"]) for r in reports),
        "refused": sum(r["refused"] for r in reports),
        "movements": sum(expected_notes.values()),
        "ledger rows": total,
        "switches": switches,
    }


def _summary(name: str, workers: int, operations: int, counts: dict[str, int], seconds: float) -> str:
    return (
        f"{name}: {workers} processes x {operations} steps = {workers * operations} in {seconds:.1f} s: "
        f"{counts['succeeded']} recorded ({counts['movements']} movements), {counts['refused']} refused "
        f"for lack of stock, 0 errors, 0 lost; on hand equals the ledger; the ledger switches "
        f"{counts['switches']} times between processes"
    )


def test_a8_two_processes_record_movements_on_one_sqlite_file(tmp_path: Path) -> None:
    workers, operations = 2, 2500
    target = str(tmp_path / "inventory.db")
    _prepare(target)
    reports, seconds = _run(target, workers, operations)
    counts = _verify(target, reports, operations)
    print("\nA8 " + _summary("SQLite", workers, operations, counts, seconds))
    assert counts["succeeded"] + counts["refused"] == 5000
    assert counts["ledger rows"] == counts["movements"] + 5  # and the 5 opening receipts
    # The two really wrote at the same time: each resumed after the other had written (SQLite's busy
    # wait lets one writer run in stretches, so the switches vary: 16 to 300 here).
    assert counts["switches"] >= 3


@pytest.fixture
def pg_target(pg_url: str) -> Iterator[str]:
    reset_postgres(pg_url)
    yield pg_url


def test_c1_four_processes_record_movements_on_postgresql(pg_target: str) -> None:
    workers, operations = 4, 1000
    _prepare(pg_target)
    reports, seconds = _run(pg_target, workers, operations)
    counts = _verify(pg_target, reports, operations)
    print("\nC1 " + _summary("PostgreSQL", workers, operations, counts, seconds))
    assert counts["succeeded"] + counts["refused"] == 4000
    assert counts["ledger rows"] == counts["movements"] + 5


# ---------------------------------------------------------------- one lock order (C3)


def test_c3_every_stock_change_locks_the_item_before_its_lot(sqlite_db: Database) -> None:
    """Receipts once updated the item then the lot, uses the lot then the item: on PostgreSQL a
    receipt and a use of one lot deadlocked (four processes: a second each, six in a row surfaced
    as "busy"). Every change must take the rows in the same order."""
    item_id = catalog.create_item(ItemInput(sku="VAX", name="Flu", tracks_expiry=True)).id
    updates: list[str] = []

    def trace(sql: str) -> None:
        words = sql.split()
        if words[0].upper() == "UPDATE" and words[1].strip('"') in ("item", "lot"):
            updates.append(words[1].strip('"'))

    sqlite_db.connection().set_trace_callback(trace)
    try:
        actions = {
            "receive": lambda: stock.receive(item_id, 10, lot="L1", expires=load_child.EXPIRES),
            "use": lambda: stock.use(item_id, 2, lot="L1"),
            "use first-expired-first": lambda: stock.use(item_id, 1),
            "adjust down": lambda: stock.adjust(item_id, -1, reason="correction", lot="L1"),
            "adjust up": lambda: stock.adjust(
                item_id, 1, reason="correction", lot="L1", expires=load_child.EXPIRES
            ),
            "dispose": lambda: stock.dispose(item_id, 1, reason="damaged", lot="L1"),
        }
        orders = {}
        for name, action in actions.items():
            updates.clear()
            action()
            orders[name] = list(updates)
    finally:
        sqlite_db.connection().set_trace_callback(None)
    assert orders == {name: ["item", "lot"] for name in actions}
