"""Child process for the crash tests: one interrupted action on a SQLite file.

    python crash_child.py import|receive DB SOURCE STOP_AT

`import`: imports the CSV file SOURCE through the real path (read, plan, apply).
`receive`: receives in full every line of the order numbered SOURCE, with lots
for the items that track expiry.

A SQLite trace callback counts the statements of the action's write
transaction (BEGIN itself is 0). With STOP_AT = K > 0 the child writes "K" on
stdout when statement K is about to run and then waits on stdin forever, so the
parent can kill it at exactly that point. The child writes "started" just
before the action and "done" after it, then waits on stdin too (a kill there
lands after COMMIT); with STOP_AT = 0 it also writes the transaction's
statements to DB.statements.json, for the parent to choose stopping points.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

from inventory_app.core.accounts.context import set_current_user
from inventory_app.core.importing.apply import apply_import
from inventory_app.core.importing.plan import plan_import
from inventory_app.core.purchasing import orders as purchasing
from inventory_app.core.purchasing.types import LineReceipt
from inventory_app.db.connection import current_database
from inventory_app.db.session import open_database
from inventory_app.documents.importing import read_import

USER = "crash-test"
EXPIRES = date(2099, 6, 30)
CACHE_PAGES = 10


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def lot_for(line_no: int) -> str:
    return f"PO-LOT-{line_no:02d}"


def receipts_for(order_number: str) -> tuple[int, list[LineReceipt]]:
    """Every line in full; the lines of items that track expiry get a lot and an expiry date."""
    order_id = purchasing.order_id_for(order_number)
    detail = purchasing.order_detail(order_id)
    receipts = [
        LineReceipt(
            line.id,
            line.quantity,
            lot_for(line.line_no) if line.tracks_expiry else None,
            EXPIRES if line.tracks_expiry else None,
        )
        for line in detail.lines
    ]
    return order_id, receipts


def prepare(kind: str, source: str) -> Callable[[], object]:
    """Everything before the write transaction: the action itself, ready to run."""
    if kind == "import":
        planned = plan_import(read_import(source))
        if planned.has_errors:
            raise SystemExit(f"the import file has errors: {planned.counts}")
        return lambda: apply_import(planned)
    order_id, receipts = receipts_for(source)
    return lambda: purchasing.receive(order_id, receipts)


class Tracer:
    """Counts the statements of the next write transaction; stops at statement `stop_at`."""

    def __init__(self, stop_at: int) -> None:
        self.stop_at = stop_at
        self.statements: list[str] = []
        self.counting = False
        self.finished = False

    def __call__(self, sql: str) -> None:
        if self.finished:
            return
        if not self.counting:
            if sql.lstrip().upper().startswith("BEGIN"):
                self.counting = True
            return
        self.statements.append(" ".join(sql.split())[:60])
        if len(self.statements) == self.stop_at:
            say(str(self.stop_at))
            sys.stdin.readline()  # the parent kills this process now
            os._exit(3)  # not killed: the parent went away; never go on with the transaction
        if sql.lstrip().upper().startswith(("COMMIT", "ROLLBACK")):
            self.finished = True


def main(argv: list[str]) -> int:
    kind, db_path, source, stop_at = argv[0], argv[1], argv[2], int(argv[3])
    set_current_user(USER)
    db = open_database(db_path)
    action = prepare(kind, source)
    # A page cache of a few pages: changed pages spill to the WAL file long before COMMIT (as in
    # a bigger import), so a kill leaves uncommitted frames on disk that recovery must ignore.
    db.execute_sql(f"PRAGMA cache_size = {CACHE_PAGES}")
    tracer = Tracer(stop_at)
    db.connection().set_trace_callback(tracer)
    say("started")
    action()
    db.connection().set_trace_callback(None)
    if stop_at == 0:
        Path(db_path + ".statements.json").write_text(json.dumps(tracer.statements))
    say("done")
    sys.stdin.readline()  # a kill here lands after COMMIT; end of input lets the child finish
    current_database().close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
