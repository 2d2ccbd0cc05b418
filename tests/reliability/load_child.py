"""Child process for the load tests: one workstation recording stock movements as fast as it can.

    python load_child.py DB WORKER OPERATIONS ITEMS_JSON

DB is a SQLite file or a postgresql:// URL; ITEMS_JSON maps SKU to its lots
("[]" for an item without lots). The child connects, writes "ready", waits for
"go" on stdin (the parent releases every child at once), then runs OPERATIONS
random receive / use / adjust steps on those items (seeded by WORKER). Each
step's note names it ("load w1 op 17"). At the end it writes one JSON line:
the steps that succeeded with the movements each wrote, the refusals (not
enough stock: a correct answer), the net change per item and per lot, and
every other error (which the parent treats as a failure: "database is locked"
must never reach a user).
"""

from __future__ import annotations

import json
import random
import sys
import time
from collections import Counter
from datetime import date

from inventory_app.core.accounts.context import set_current_user
from inventory_app.core.catalog.items import item_id_for
from inventory_app.core.stock import movements as stock
from inventory_app.db.session import close_database, open_database
from inventory_app.errors import InsufficientStock

EXPIRES = date(2099, 3, 31)


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def step(rng: random.Random, item_id: int, lots: list[str], note: str) -> list[object]:
    """One random movement on one item; lots named or, for a use, first-expired-first."""
    roll = rng.random()
    quantity = rng.randint(1, 5)
    lot = rng.choice(lots) if lots else None
    if roll < 0.35:
        return stock.receive(item_id, quantity, lot=lot, expires=EXPIRES if lot else None, note=note)
    if roll < 0.8:
        if lots and rng.random() < 0.5:
            lot = None  # may take from both lots: two movements for one step
        return stock.use(item_id, quantity + 1, lot=lot, note=note)
    difference = quantity if rng.random() < 0.4 else -quantity
    expires = EXPIRES if lot and difference > 0 else None
    return stock.adjust(item_id, difference, reason="correction", lot=lot, expires=expires, note=note)


def main(argv: list[str]) -> int:
    target, worker, operations, items = argv[0], int(argv[1]), int(argv[2]), json.loads(argv[3])
    set_current_user(f"load-{worker}")
    db = open_database(target)
    ids = {sku: item_id_for(sku) for sku in items}
    rng = random.Random(1000 + worker)
    succeeded: list[tuple[int, int]] = []
    refused = 0
    errors: list[str] = []
    item_delta: Counter[str] = Counter()
    lot_delta: Counter[str] = Counter()
    say("ready")
    if sys.stdin.readline().strip() != "go":
        return 2
    for number in range(operations):
        # A workstation pauses between entries (up to a millisecond here): without it one process
        # on a quiet machine can hold SQLite's write lock for its whole run while the other's busy
        # wait sleeps, and the two never really write at the same time.
        time.sleep(rng.random() / 1000)
        sku = rng.choice(sorted(items))
        try:
            rows = step(rng, ids[sku], items[sku], f"load w{worker} op {number}")
        except InsufficientStock:
            refused += 1
            continue
        except Exception as exc:  # reported to the parent, which fails the test
            cause = exc.__cause__
            because = f" ({type(cause).__name__}: {' '.join(str(cause).split())[:200]})" if cause else ""
            errors.append(f"op {number}: {type(exc).__name__}: {exc}{because}")
            continue
        succeeded.append((number, len(rows)))
        for row in rows:
            item_delta[sku] += row.quantity  # type: ignore[attr-defined]
            if row.lot_number:  # type: ignore[attr-defined]
                lot_delta[f"{sku}/{row.lot_number}"] += row.quantity  # type: ignore[attr-defined]
    close_database(db)
    say(
        json.dumps(
            {
                "worker": worker,
                "succeeded": succeeded,
                "refused": refused,
                "errors": errors,
                "item_delta": item_delta,
                "lot_delta": lot_delta,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
