"""A process killed (SIGKILL) in the middle of a write leaves the database whole (RELIABILITY A1, A2).

A child process (crash_child.py) runs the real action on a SQLite file: a
5,000-row catalog import (A1) or receiving a 20-line purchase order in full,
lots included (A2). A trace callback in the child stops it at statement K of
the write transaction and tells the parent, which kills it there: so the crash
points are exact and cover the whole transaction, from its first statement to
COMMIT. A kill after the child reports the action done, and kills at a random
delay after it reports "started", complete the set. The child's page cache is
a few pages, so changed pages reach the WAL file before COMMIT and the kills
leave uncommitted frames on disk (the summary shows how much).

After each kill: integrity_check is ok; every table equals, row for row, the
state before the action (or the complete result, when the kill came after
COMMIT); on hand equals the ledger for every item and lot; `inventory-app
check` exits 0; and running the action again ends in the complete result.
"""

from __future__ import annotations

import csv
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest

from inventory_app.core.accounts.context import set_current_user
from inventory_app.core.catalog import items as catalog
from inventory_app.core.purchasing import orders as purchasing
from inventory_app.core.stock import movements as stock
from inventory_app.core.types import ItemInput, SupplierInput
from inventory_app.db.session import close_database, open_database
from inventory_app.errors import InventoryError
from tests.reliability import crash_child
from tests.reliability.child_pipe import LineReader

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
CHILD = Path(crash_child.__file__)
LINE_TIMEOUT = 60.0
IMPORT_ROWS = 5000
ORDER_LINES = 20
RANDOM_KILLS = 2
SEED = 20261127
# Written by the database's clock at the time of the action: compared as present, not by value.
VOLATILE_COLUMNS = {"created_at", "at", "last_sign_in", "locked_until"}

Dump = dict[str, tuple[tuple[str, ...], list[tuple[object, ...]]]]


# ---------------------------------------------------------------- the child process


class Child:
    """One run of crash_child.py, read line by line with a timeout (never blocking forever)."""

    def __init__(self, kind: str, db: Path, source: str, stop_at: int) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(CHILD), kind, str(db), source, str(stop_at)],
            cwd=REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            bufsize=0,
        )
        self.lines = LineReader(self.process, LINE_TIMEOUT)

    def expect(self, wanted: str) -> None:
        assert self.lines.read_line() == wanted

    def kill(self) -> None:
        os.kill(self.process.pid, signal.SIGKILL)
        assert self.process.wait(timeout=LINE_TIMEOUT) == -signal.SIGKILL
        self._close_pipes()

    def finish(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        assert self.process.wait(timeout=LINE_TIMEOUT) == 0
        self._close_pipes()

    def _close_pipes(self) -> None:
        for pipe in (self.process.stdin, self.process.stdout, self.process.stderr):
            if pipe is not None and not pipe.closed:
                pipe.close()


# ---------------------------------------------------------------- looking at the file after a kill


def dump(path: Path) -> Dump:
    """Every row of every table, with its column names (read with plain sqlite3, not the app)."""
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        names = con.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        tables = [row[0] for row in names]
        out: Dump = {}
        for table in tables:
            cursor = con.execute(f'SELECT * FROM "{table}"')
            columns = tuple(d[0] for d in cursor.description)
            out[table] = (columns, sorted(cursor.fetchall(), key=repr))
        return out
    finally:
        con.close()


def masked(data: Dump) -> Dump:
    """The dump with the clock's values replaced by a mark (for comparing two complete runs)."""
    out: Dump = {}
    for table, (columns, rows) in data.items():
        volatile = [i for i, c in enumerate(columns) if c in VOLATILE_COLUMNS]
        new_rows = []
        for row in rows:
            values = list(row)
            for i in volatile:
                values[i] = "<time>" if values[i] is not None else None
            if table == "setting" and str(values[0]).startswith("import:"):
                record = json.loads(str(values[1]))
                record.pop("at", None)
                values[1] = json.dumps(record, sort_keys=True)
            new_rows.append(tuple(values))
        out[table] = (columns, sorted(new_rows, key=repr))
    return out


def assert_ledger_agrees(path: Path) -> None:
    """On hand equals the sum of the ledger for every item and every lot, and nothing is negative."""
    con = sqlite3.connect(path)
    try:
        items = con.execute(
            "SELECT i.sku, i.on_hand, COALESCE(SUM(m.quantity), 0) FROM item i "
            "LEFT JOIN movement m ON m.item_id = i.id GROUP BY i.id"
        ).fetchall()
        lots = con.execute(
            "SELECT l.lot_number, l.quantity, COALESCE(SUM(m.quantity), 0) FROM lot l "
            "LEFT JOIN movement m ON m.lot_id = l.id GROUP BY l.id"
        ).fetchall()
    finally:
        con.close()
    assert items
    assert [r for r in items if r[1] != r[2] or r[1] < 0] == []
    assert [r for r in lots if r[1] != r[2] or r[1] < 0] == []


class CliCheck:
    """`inventory-app check --db FILE` in a process of its own, running while the next crash is set up."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.process = subprocess.Popen(
            [sys.executable, "-m", "inventory_app", "check", "--db", str(path)],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def assert_passed(self) -> None:
        out, err = self.process.communicate(timeout=120)
        assert self.process.returncode == 0, f"{self.path.name}: {out}{err}"
        assert out.startswith("OK:"), out


def run_in_parent(path: Path, action: Callable[[], Callable[[], object]]) -> Callable[[], object]:
    """Open the file here and run the action (made by `action()` on the open database) to the end."""
    set_current_user(crash_child.USER)
    db = open_database(path)
    try:
        write = action()
        write()
        return write
    finally:
        close_database(db)
        set_current_user(None)


# ---------------------------------------------------------------- one crash scenario


@dataclass
class Scenario:
    """One action, its state before and after, and the crashes injected into it.

    After every kill the action is run again to the end. After a kill that left the state before,
    the write is the same as the killed one: the file is read and planned once (the first time), the
    write transaction runs each time. After a kill that left the complete result it is all redone."""

    kind: str
    base: Path
    source: str
    folder: Path
    before: Dump = field(default_factory=dict)
    complete: Dump = field(default_factory=dict)
    statements: list[str] = field(default_factory=list)
    seconds: float = 0.0
    kills: list[str] = field(default_factory=list)
    redone: int = 0
    largest_wal: int = 0
    pending: CliCheck | None = None
    write: Callable[[], object] | None = None

    def copy(self, name: str) -> Path:
        path = self.folder / f"{name}.db"
        shutil.copyfile(self.base, path)
        return path

    def reference(self) -> None:
        """The state before, and a complete uninterrupted run (with its list of statements)."""
        self.before = dump(self.base)
        path = self.copy("complete")
        child = Child(self.kind, path, self.source, 0)
        child.expect("started")
        started = time.monotonic()
        child.expect("done")
        self.seconds = time.monotonic() - started
        child.finish()
        self.statements = json.loads(Path(f"{path}.statements.json").read_text())
        assert self.statements[-1] == "COMMIT"
        self.complete = dump(path)
        assert masked(self.complete) != masked(self.before)

    def stopping_points(self, every_table: bool) -> list[int]:
        """The first statement, the middle one, the last before COMMIT and COMMIT itself; the first
        write to each table (`every_table`) or else the first to the items and to the ledger."""
        n = len(self.statements)
        points = {1, n // 2, n - 1, n}
        seen: set[str] = set()
        for number, sql in enumerate(self.statements, start=1):
            words = sql.replace('"', "").split()
            if words[0] not in ("INSERT", "UPDATE", "DELETE"):
                continue
            kind = " ".join(words[:3])
            if kind not in seen and (every_table or kind in ("INSERT INTO item", "INSERT INTO movement")):
                seen.add(kind)
                points.add(number)
        return sorted(points)

    def after_kill(self, path: Path, label: str) -> str:
        """Check the killed file; redo the action (on a copy); return which state the kill left."""
        state = dump(path)
        if state == self.before:
            left = "before"
        else:
            assert masked(state) == masked(self.complete), f"{label}: neither before nor complete"
            left = "complete"
        assert_ledger_agrees(path)
        if self.pending is not None:
            self.pending.assert_passed()
        again = path.with_name(path.stem + "-redo.db")
        shutil.copyfile(path, again)
        self.pending = CliCheck(path)
        self.redo(again, left, label)
        self.kills.append(f"{label}: {left}")
        return left

    def redo(self, path: Path, left: str, label: str) -> None:
        if left == "before":
            planned = self.write
            self.write = run_in_parent(path, lambda: planned or crash_child.prepare(self.kind, self.source))
            assert masked(dump(path)) == masked(self.complete), f"{label}: the redo differs"
        else:
            state = dump(path)
            if self.kind == "import":
                # The same file again: nothing left to change (B4).
                run_in_parent(path, lambda: crash_child.prepare(self.kind, self.source))
            else:
                with pytest.raises(InventoryError, match="received; nothing more can be received"):
                    run_in_parent(path, lambda: crash_child.prepare(self.kind, self.source))
            assert dump(path) == state
        assert_ledger_agrees(path)
        self.redone += 1

    def kill_at(self, stop_at: int) -> str:
        path = self.copy(f"stop-{stop_at}")
        child = Child(self.kind, path, self.source, stop_at)
        child.expect("started")
        child.expect(str(stop_at))
        child.kill()
        wal = Path(f"{path}-wal")
        written = wal.stat().st_size if wal.exists() else 0  # uncommitted pages the cache spilled
        self.largest_wal = max(self.largest_wal, written)
        words = self.statements[stop_at - 1].replace('"', "").split()
        statement = " ".join(words[:3] if words[0] in ("INSERT", "UPDATE", "DELETE") else words[:1])
        label = f"#{stop_at} {statement} (WAL {written // 1024} KB)"
        return self.after_kill(path, label)

    def kill_after_done(self) -> str:
        path = self.copy("after-done")
        child = Child(self.kind, path, self.source, -1)
        child.expect("started")
        child.expect("done")
        child.kill()
        return self.after_kill(path, "after COMMIT")

    def kill_after_delay(self, delay: float, number: int) -> str:
        path = self.copy(f"delay-{number}")
        child = Child(self.kind, path, self.source, -1)
        child.expect("started")
        time.sleep(delay)  # fault injection: the kill lands wherever the child happens to be
        child.kill()
        return self.after_kill(path, f"{delay:.3f} s after start")

    def run_all(self, every_table: bool) -> dict[str, int]:
        self.reference()
        points = self.stopping_points(every_table)
        n = len(self.statements)
        outcomes = [self.kill_at(k) for k in points]
        assert outcomes == ["before"] * len(points), "a kill before COMMIT finished must leave nothing"
        assert self.kill_after_done() == "complete"
        rng = random.Random(SEED)
        window = self.seconds * 1.5 / RANDOM_KILLS  # one delay in each part of the action and after
        for number in range(RANDOM_KILLS):
            self.kill_after_delay(rng.uniform(number, number + 1) * window, number)
        assert self.pending is not None
        self.pending.assert_passed()
        return {
            "statements": n,
            "at statements": len(points),
            "total": len(self.kills),
            "redone": self.redone,
            "largest WAL": self.largest_wal,
        }


def summary(scenario: Scenario, counts: dict[str, int]) -> str:
    return (
        f"{scenario.kind}: {counts['total']} crashes injected (SIGKILL) into a transaction of "
        f"{counts['statements']} statements, each followed by `inventory-app check` (passed), "
        f"{counts['redone']} redone to the end; " + "; ".join(scenario.kills)
    )


# ---------------------------------------------------------------- A1: a 5,000-row import


def _build_import(folder: Path) -> tuple[Path, Path]:
    """A database with 40 items (a quarter tracking lots) and a CSV that updates them and adds
    4,950 more (one in ten with a lot)."""
    base = folder / "base.db"
    set_current_user("setup")
    db = open_database(base)
    try:
        supplier = catalog.save_supplier(SupplierInput(name="Northgate", lead_time_days=5)).id
        for i in range(40):
            tracked = i % 4 == 0
            item = catalog.create_item(
                ItemInput(sku=f"OLD-{i:03d}", name=f"Old {i}", tracks_expiry=tracked, supplier_id=supplier)
            )
            if tracked:
                stock.receive(item.id, 5, lot=f"L{i}", expires=crash_child.EXPIRES)
            else:
                stock.receive(item.id, 5 + i)
    finally:
        close_database(db)
        set_current_user(None)

    expires = date(2099, 12, 31).isoformat()
    header = ("SKU", "Name", "Qty", "Reorder point", "Par", "Supplier", "Cost", "Unit", "Category")
    rows: list[tuple[object, ...]] = [(*header, "Location", "Lot", "Expiry", "Tracks expiry")]
    for i in range(40):
        sku = f"OLD-{i:03d}"
        if i % 4 == 0:
            rows.append((sku, f"Old {i}", 9, "", "", "Northgate", "", "", "", "", f"L{i}", "", ""))
            rows.append((sku, f"Old {i}", 3, "", "", "Northgate", "", "", "", "", f"N{i}", expires, ""))
        else:
            rows.append((sku, f"Old {i} renamed", i % 3, "", "", "Northgate", "", "", "", "", "", "", ""))
    i = 0
    while len(rows) <= IMPORT_ROWS:
        tracked = i % 10 == 0
        rows.append(
            (
                *(f"S{i:05d}", f"Item {i}", i % 7, 1, 9, f"Supplier {i % 5}", "2.50", "box", f"Cat {i % 4}"),
                f"Room {i % 3}",
                f"LOT{i}" if tracked else "",
                expires if tracked else "",
                "yes" if tracked else "no",
            )
        )
        i += 1
    source = folder / "catalog.csv"
    with source.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return base, source


def test_a1_import_killed_at_any_point_leaves_all_rows_or_none(tmp_path: Path) -> None:
    base, source = _build_import(tmp_path)
    scenario = Scenario("import", base, str(source), tmp_path)
    counts = scenario.run_all(every_table=False)

    complete = scenario.complete
    assert len(complete["item"][1]) == 40 + IMPORT_ROWS - 50  # 40 updated by 50 rows, 4,950 new
    assert len(complete["item"][1]) - len(scenario.before["item"][1]) == 4950
    print("\nA1 " + summary(scenario, counts))
    assert counts["at statements"] == 6
    assert counts["total"] == counts["at statements"] + 1 + RANDOM_KILLS
    assert counts["redone"] == counts["total"]
    assert counts["largest WAL"] > 1 << 20  # kills left uncommitted pages on disk, and recovery ignored them


# ---------------------------------------------------------------- A2: receiving a 20-line order


def _build_order(folder: Path) -> tuple[Path, str]:
    """A database with 20 items (7 tracking lots, line 2's lot already in stock) on one ordered PO."""
    base = folder / "base.db"
    set_current_user("setup")
    db = open_database(base)
    try:
        supplier = catalog.save_supplier(SupplierInput(name="Summit", lead_time_days=3)).id
        selections = []
        for i in range(ORDER_LINES):
            tracked = i % 3 == 1
            item = catalog.create_item(
                ItemInput(
                    sku=f"PO-{i:02d}",
                    name=f"Ordered {i}",
                    tracks_expiry=tracked,
                    supplier_id=supplier,
                    purchase_unit="case" if i % 2 else "",
                    units_per_purchase_unit=10 if i % 2 else 1,
                )
            )
            if i == 1:
                stock.receive(item.id, 4, lot=crash_child.lot_for(2), expires=crash_child.EXPIRES)
            elif not tracked and i % 4 == 0:
                stock.receive(item.id, 7)
            selections.append((item.id, 1 + i % 5))
        order = purchasing.create_drafts(selections)[0]
        purchasing.mark_ordered(order.id)
        number = order.number
    finally:
        close_database(db)
        set_current_user(None)
    return base, number


def test_a2_order_receipt_killed_at_any_point_commits_lines_ledger_and_status_together(
    tmp_path: Path,
) -> None:
    base, number = _build_order(tmp_path)
    scenario = Scenario("receive", base, number, tmp_path)
    counts = scenario.run_all(every_table=True)

    def status(data: Dump) -> list[tuple[object, ...]]:
        columns, rows = data["purchase_order"]
        return [tuple(row[columns.index(c)] for c in ("number", "status")) for row in rows]

    assert status(scenario.before) == [(number, "ordered")]
    assert status(scenario.complete) == [(number, "received")]
    columns, lines = scenario.complete["purchase_order_line"]
    assert len(lines) == ORDER_LINES
    assert all(row[columns.index("received")] == row[columns.index("quantity")] for row in lines)
    columns, movements = scenario.complete["movement"]
    receipts = [row for row in movements if row[columns.index("po_line_id")] is not None]
    assert len(receipts) == ORDER_LINES
    print("\nA2 " + summary(scenario, counts))
    assert counts["at statements"] >= 10
    assert counts["total"] == counts["at statements"] + 1 + RANDOM_KILLS
    assert counts["redone"] == counts["total"]
    assert counts["largest WAL"] > 0
