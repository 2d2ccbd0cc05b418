"""Speed and memory of the app's hot paths on a large database, against bare `sqlite3`.

Each app figure is set beside the same work done with the standard library's
`sqlite3` on the same file, so the ratio shows what the app's own layers (peewee,
validation, frozen row dataclasses, retries) cost on top of SQLite itself.
Reads are the median of N runs after a warm-up, app and bare runs alternating.
Writes record real movements (each its own transaction) and afterwards put the
stock back with the app's own services, so the cached quantities, the low-stock
list and `inventory-app check` are the same after every run; only the ledger grows.
Targets print PASS or MISS; a miss never makes the exit status non-zero.

    python benchmarks/run.py [PATH] [--runs 21] [--write-runs 201] [--clock wall|cpu] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent
if str(BENCHMARKS.parent) not in sys.path:
    sys.path.insert(0, str(BENCHMARKS.parent))

from inventory_app.core.accounts.context import set_current_user  # noqa: E402
from inventory_app.core.stock import movements as stock  # noqa: E402
from inventory_app.core.stock import queries as stock_queries  # noqa: E402
from inventory_app.core.types import ItemRow  # noqa: E402
from inventory_app.db import connection  # noqa: E402
from inventory_app.db.models import SERVER_NOW_SQLITE  # noqa: E402
from inventory_app.db.session import close_database, open_database  # noqa: E402

DEFAULT_PATH = BENCHMARKS / "data" / "large.db"
USER = "benchmark"

# The rows `stock_queries.list_items()` / `needs_reorder()` return, as one hand-written query
# each: usable on hand = cached on hand minus stock in expired lots; names joined in; the
# warning window from the item, else its category, else the office setting (:days).
_ROW_COLUMNS = """
    i.id, i.sku, i.name, COALESCE(c.name, ''), COALESCE(l.name, ''), i.unit,
    i.on_hand - COALESCE(s.expired, 0), COALESCE(s.expired, 0), i.reorder_point, i.par_level,
    COALESCE(p.name, ''), s.nxt, COALESCE(i.barcode, ''), i.tracks_expiry, i.active,
    COALESCE(i.expiry_warning_days, c.expiry_warning_days, :days)"""
_NAMES = """
LEFT JOIN category c ON c.id = i.category_id
LEFT JOIN location l ON l.id = i.location_id
LEFT JOIN supplier p ON p.id = i.supplier_id"""
_LOT_SUMMARY = """
    SELECT item_id,
           SUM(CASE WHEN expires_on < :today THEN quantity ELSE 0 END) AS expired,
           MIN(CASE WHEN expires_on >= :today THEN expires_on END) AS nxt
    FROM lot WHERE quantity > 0 {only} GROUP BY item_id"""
LIST_SQL = f"""
SELECT {_ROW_COLUMNS}
FROM item i
LEFT JOIN ({_LOT_SUMMARY.format(only="")}) s ON s.item_id = i.id {_NAMES}
WHERE i.active = 1
ORDER BY i.sku"""
# The fastest single query found for the low-stock list (of several tried): candidates are
# items low by the cached figure or holding expired stock; lots are summed for those only.
REORDER_SQL = f"""
WITH cand AS MATERIALIZED (
    SELECT * FROM item
    WHERE active = 1 AND (on_hand <= reorder_point
        OR id IN (SELECT item_id FROM lot WHERE quantity > 0 AND expires_on < :today))
), s AS ({_LOT_SUMMARY.format(only="AND item_id IN (SELECT id FROM cand)")})
SELECT {_ROW_COLUMNS}
FROM cand i
LEFT JOIN s ON s.item_id = i.id {_NAMES}
WHERE i.on_hand - COALESCE(s.expired, 0) <= i.reorder_point
ORDER BY i.sku"""
SETTING_SQL = "SELECT value FROM setting WHERE key = 'expiry_warning_days'"

ITEM_SQL = "SELECT id, sku, name, unit, on_hand, tracks_expiry FROM item WHERE id = ?"
LOTS_SQL = (
    "SELECT id, lot_number, expires_on, quantity FROM lot WHERE item_id = ? AND quantity > 0 "
    "ORDER BY CASE WHEN expires_on IS NULL THEN 1 ELSE 0 END, expires_on, id"
)
INSERT_MOVEMENT_SQL = (
    'INSERT INTO movement (item_id, lot_id, kind, quantity, reason, note, "user", created_at, '
    f"reversal_of_id) VALUES (?, ?, ?, ?, '', '', ?, {SERVER_NOW_SQLITE}, NULL) RETURNING id, created_at"
)
# The app logs each stock action once in the audit log, in the same transaction.
INSERT_AUDIT_SQL = (
    f'INSERT INTO audit_event (at, "user", action, object, detail) VALUES ({SERVER_NOW_SQLITE}, ?, ?, ?, ?) '
    "RETURNING id"
)


# ------------------------------------------------------------------ bare sqlite3


def raw_connect(path: Path) -> sqlite3.Connection:
    """A plain connection with the same pragmas the app sets on every connect."""
    con = sqlite3.connect(path, isolation_level=None, timeout=connection.BUSY_TIMEOUT_MS / 1000)
    for name, value in connection.SQLITE_PRAGMAS.items():
        con.execute(f"PRAGMA {name} = {value}")
    return con


def raw_item_rows(con: sqlite3.Connection, sql: str) -> list[tuple[object, ...]]:
    row = con.execute(SETTING_SQL).fetchone()
    default_days = int(row[0]) if row else 60
    return con.execute(sql, {"days": default_days, "today": date.today().isoformat()}).fetchall()


def raw_use_one(con: sqlite3.Connection, item_id: int) -> None:
    """What `stock.use(item_id, 1)` does, first-expired-first, in one transaction."""
    today = date.today().isoformat()
    con.execute("BEGIN IMMEDIATE")
    try:
        item = con.execute(ITEM_SQL, (item_id,)).fetchone()
        lots = [lot for lot in con.execute(LOTS_SQL, (item_id,)).fetchall() if not lot[2] or lot[2] >= today]
        if not lots or item[4] < 1:
            raise RuntimeError(f"item {item_id} has nothing usable left")
        lot_id = lots[0][0]
        taken = con.execute(
            "UPDATE lot SET quantity = quantity - 1 WHERE id = ? AND quantity >= 1", (lot_id,)
        )
        if taken.rowcount != 1:
            raise RuntimeError("lot changed meanwhile")
        taken = con.execute("UPDATE item SET on_hand = on_hand - 1 WHERE id = ? AND on_hand >= 1", (item_id,))
        if taken.rowcount != 1:
            raise RuntimeError("item changed meanwhile")
        con.execute(INSERT_MOVEMENT_SQL, (item_id, lot_id, "use", -1, USER)).fetchone()
        con.execute(INSERT_AUDIT_SQL, (USER, "stock use", f"{item[1]} {item[2]}", "used 1")).fetchone()
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def raw_receive_one(con: sqlite3.Connection, item_id: int) -> None:
    """What `stock.receive(item_id, 1)` does for an item without lots, in one transaction."""
    con.execute("BEGIN IMMEDIATE")
    try:
        item = con.execute(ITEM_SQL, (item_id,)).fetchone()
        con.execute("UPDATE item SET on_hand = on_hand + 1 WHERE id = ?", (item_id,))
        con.execute(INSERT_MOVEMENT_SQL, (item_id, None, "receive", 1, USER)).fetchone()
        audit = (USER, "stock receive", f"{item[1]} {item[2]}", "received 1")
        con.execute(INSERT_AUDIT_SQL, audit).fetchone()
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


# ------------------------------------------------------------------ measuring


@dataclass(frozen=True)
class Timing:
    median: float
    best: float


@dataclass
class Result:
    name: str
    app: float | Timing
    raw: float | Timing
    unit: str  # "s" or "MB"
    target: str = ""
    passed: bool | None = None
    note: str = ""

    @staticmethod
    def _value(figure: float | Timing) -> float:
        return figure.median if isinstance(figure, Timing) else figure

    @property
    def ratio(self) -> float:
        raw = self._value(self.raw)
        return self._value(self.app) / raw if raw else float("nan")


# Wall-clock by default. `--clock cpu` counts this process's CPU time only, which leaves out
# the time other programs on a busy machine hold the CPU (and any wait for the disk).
CLOCKS = {"wall": time.perf_counter, "cpu": time.process_time}
clock = CLOCKS["wall"]


def compare(
    app: Callable[[], object], raw: Callable[[], object], runs: int, warmup: int
) -> tuple[Timing, Timing]:
    """Seconds for `app` and for `raw`, alternating so both see the same cache state."""
    for _ in range(warmup):
        app()
        raw()
    app_times, raw_times = [], []
    for _ in range(runs):
        started = clock()
        app()
        app_times.append(clock() - started)
        started = clock()
        raw()
        raw_times.append(clock() - started)
    return (
        Timing(statistics.median(app_times), min(app_times)),
        Timing(statistics.median(raw_times), min(raw_times)),
    )


def profile(label: str, fn: Callable[[], object], repeat: int) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repeat):
        fn()
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(15)
    print(f"\n=== cProfile: {label}, {repeat} calls, by own time ===")
    print("\n".join(line for line in out.getvalue().splitlines() if line.strip()))


# ------------------------------------------------------------------ the cases


def pick_items(con: sqlite3.Connection) -> tuple[int, int]:
    """A tracked item with the most usable lots holding stock, and a plain untracked item."""
    today = date.today().isoformat()
    tracked = con.execute(
        """SELECT i.id FROM item i JOIN lot l ON l.item_id = i.id
           WHERE i.active = 1 AND i.tracks_expiry = 1 AND l.quantity > 0 AND l.expires_on >= ?
           GROUP BY i.id ORDER BY COUNT(*) DESC, SUM(l.quantity) DESC, i.id LIMIT 1""",
        (today,),
    ).fetchone()
    untracked = con.execute(
        "SELECT id FROM item WHERE active = 1 AND tracks_expiry = 0 ORDER BY on_hand DESC, id LIMIT 1"
    ).fetchone()
    if tracked is None or untracked is None:
        raise SystemExit("The database has no tracked item with usable lots or no untracked item.")
    return tracked[0], untracked[0]


def usable_lots(con: sqlite3.Connection, item_id: int) -> list[tuple[str, str, int]]:
    today = date.today().isoformat()
    return [
        (lot[1], lot[2], lot[3])
        for lot in con.execute(LOTS_SQL, (item_id,)).fetchall()
        if not lot[2] or lot[2] >= today
    ]


def bench_writes(con: sqlite3.Connection, runs: int, warmup: int) -> list[Result]:
    tracked, untracked = pick_items(con)
    lots_before = usable_lots(con, tracked)
    first_lot, first_expiry, first_qty = lots_before[0]
    needed = 2 * (runs + warmup)
    top_up = max(0, needed - first_qty)
    if top_up:  # so every use comes out of the same, first-expiring lot
        stock.receive(tracked, top_up, lot=first_lot, expires=first_expiry, note="benchmark top-up")
    lots_before = usable_lots(con, tracked)

    use_app, use_raw = compare(lambda: stock.use(tracked, 1), lambda: raw_use_one(con, tracked), runs, warmup)
    rec_app, rec_raw = compare(
        lambda: stock.receive(untracked, 1), lambda: raw_receive_one(con, untracked), runs, warmup
    )
    # Put the stock back as it was (movements stay: the ledger is append-only).
    taken = 2 * (runs + warmup)
    stock.receive(tracked, taken - top_up, lot=first_lot, expires=first_expiry, note="benchmark: put back")
    stock.use(untracked, taken, note="benchmark: put back")
    assert usable_lots(con, tracked)[0][2] == first_qty, "the tracked lot was not restored"

    sku_t = con.execute("SELECT sku FROM item WHERE id = ?", (tracked,)).fetchone()[0]
    sku_u = con.execute("SELECT sku FROM item WHERE id = ?", (untracked,)).fetchone()[0]
    n_lots = len(lots_before)
    limit = 0.002
    return [
        Result(
            f"stock.use(item, 1) FEFO, {sku_t} ({n_lots} usable lots)",
            use_app,
            use_raw,
            "s",
            "< 2 ms",
            use_app.median < limit,
        ),
        Result(
            f"stock.receive(item, 1), {sku_u} (no lots)",
            rec_app,
            rec_raw,
            "s",
            "< 2 ms",
            rec_app.median < limit,
        ),
    ]


def _as_tuple(r: ItemRow) -> tuple[object, ...]:
    """An app row in the bare query's column order and types."""
    expiry = r.next_expiry.isoformat() if r.next_expiry else None
    return (
        r.id, r.sku, r.name, r.category, r.location, r.unit, r.on_hand, r.expired, r.reorder_point,
        r.par_level, r.supplier, expiry, r.barcode, int(r.tracks_expiry), int(r.active),
        r.expiry_warning_days,
    )  # fmt: skip


def bench_reads(con: sqlite3.Connection, runs: int, warmup: int) -> list[Result]:
    results = []
    for label, app_fn, sql, has_target in (
        ("needs_reorder() low-stock list", stock_queries.needs_reorder, REORDER_SQL, True),
        ("list_items() full inventory list", stock_queries.list_items, LIST_SQL, False),
    ):
        app_rows = [_as_tuple(row) for row in app_fn()]
        raw_rows = raw_item_rows(con, sql)
        note = f"{len(app_rows):,} rows"
        if app_rows != raw_rows:
            diff = next((a, b) for a, b in zip(app_rows + [None], raw_rows + [None], strict=False) if a != b)
            note += f" (WARNING: the bare query no longer returns what the app does: {diff})"
        app_t, raw_t = compare(app_fn, lambda sql=sql: raw_item_rows(con, sql), runs, warmup)
        result = Result(label, app_t, raw_t, "s", note=note)
        if has_target:
            result.target = "< 50 ms, ≤ 4x"
            result.passed = app_t.median < 0.050 and result.ratio <= 4
        results.append(result)
    return results


def bench_cli_json(path: Path, runs: int, warmup: int) -> list[Result]:
    """`inventory-app items --json` beside `inventory-app items` (in this process, stdout to a
    buffer): the ratio is what writing JSON costs over the table (the "sqlite3" column here
    is the table)."""
    from contextlib import redirect_stdout

    from inventory_app import cli

    def run(*args: str) -> Callable[[], object]:
        def call() -> object:
            with redirect_stdout(io.StringIO()):
                return cli.main(["--db", str(path), "items", *args])

        return call

    current = connection.current_database()
    try:
        json_t, table_t = compare(run("--json"), run(), max(3, runs // 3), warmup)
    finally:
        connection.bind(current)  # the command opened (and closed) its own connection
    result = Result(" items --json vs items (table)", json_t, table_t, "s", target="≤ 1.5x")
    result.passed = result.ratio <= 1.5
    result.note = "command line, whole inventory; the sqlite3 column is `items` as a table"
    return [result]


# Each probe runs in a fresh interpreter, so the figure is the list's and nothing else's;
# the bare one imports nothing but sqlite3. Linux carries the parent's peak RSS into a
# child's ru_maxrss across fork and exec (this process would set the floor), but not into
# a grandchild's: a small launcher process in between keeps the figures honest.
LAUNCHER = "import subprocess, sys; sys.exit(subprocess.run(sys.argv[1:]).returncode)"
PROBE = """
import json, resource, sys
which, path, sql, pragmas = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
peak = lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
if which == "app":
    from inventory_app.core.stock import queries as stock_queries
    from inventory_app.db.session import open_database
    open_database(path)
    before = peak()
    rows = stock_queries.list_items()
else:
    import sqlite3
    from datetime import date
    con = sqlite3.connect(path, isolation_level=None)
    for name, value in pragmas.items():
        con.execute(f"PRAGMA {name} = {value}")
    before = peak()
    row = con.execute("SELECT value FROM setting WHERE key = 'expiry_warning_days'").fetchone()
    params = {"days": int(row[0]) if row else 60, "today": date.today().isoformat()}
    rows = con.execute(sql, params).fetchall()
after = peak()
try:
    with open("/proc/self/status") as status:
        hwm = int(status.read().split("VmHWM:")[1].split()[0])
except (OSError, IndexError):
    hwm = None
print(json.dumps({"before_kb": before, "after_kb": after, "hwm_kb": hwm, "rows": len(rows)}))
"""


def bench_memory(path: Path) -> list[Result]:
    figures = {}
    for which in ("app", "raw"):
        probe = [
            sys.executable,
            "-c",
            PROBE,
            which,
            str(path),
            LIST_SQL,
            json.dumps(connection.SQLITE_PRAGMAS),
        ]
        out = subprocess.run(
            [sys.executable, "-c", LAUNCHER, *probe],
            check=True,
            capture_output=True,
            text=True,
            cwd=BENCHMARKS.parent,
        ).stdout
        figures[which] = json.loads(out.strip().splitlines()[-1])
    app, raw = figures["app"], figures["raw"]
    note = f"fresh process each, {app['rows']:,} rows"
    for which, figure in figures.items():
        if figure["hwm_kb"] and abs(figure["hwm_kb"] - figure["after_kb"]) > 0.1 * figure["after_kb"]:
            note += f" (WARNING: {which}: VmHWM says {figure['hwm_kb'] / 1024:.1f} MB)"
    return [
        Result(
            "peak RSS after loading list_items()",
            app["after_kb"] / 1024,
            raw["after_kb"] / 1024,
            "MB",
            note=note,
        ),
        Result(
            "  of which the list (peak − before)",
            (app["after_kb"] - app["before_kb"]) / 1024,
            (raw["after_kb"] - raw["before_kb"]) / 1024,
            "MB",
        ),
    ]


def profile_app(con: sqlite3.Connection) -> None:
    """cProfile of each app call, then the stock put back as it was."""
    profile("needs_reorder()", stock_queries.needs_reorder, 10)
    profile("list_items()", stock_queries.list_items, 5)
    tracked, untracked = pick_items(con)
    lot, expires, _qty = usable_lots(con, tracked)[0]
    stock.receive(tracked, 200, lot=lot, expires=expires, note="benchmark top-up")
    profile("stock.use(tracked, 1)", lambda: stock.use(tracked, 1), 200)
    profile("stock.receive(untracked, 1)", lambda: stock.receive(untracked, 1), 200)
    stock.use(untracked, 200, note="benchmark: put back")


# ------------------------------------------------------------------ output


def print_table(results: Sequence[Result]) -> None:
    def fmt(figure: float | Timing, unit: str, best: bool = False) -> str:
        if unit == "MB":
            return "" if best else f"{figure:.1f} MB"
        assert isinstance(figure, Timing)
        return f"{(figure.best if best else figure.median) * 1000:.2f} ms"

    header = ("measurement", "app", "sqlite3", "ratio", "target", "result", "app best", "sqlite3 best")
    rows = [
        (
            r.name,
            fmt(r.app, r.unit),
            fmt(r.raw, r.unit),
            f"{r.ratio:.1f}x" if r.ratio == r.ratio else "—",
            r.target or "",
            "" if r.passed is None else ("PASS" if r.passed else "MISS"),
            fmt(r.app, r.unit, best=True),
            fmt(r.raw, r.unit, best=True),
        )
        for r in results
    ]
    widths = [max(len(str(row[i])) for row in (header, *rows)) for i in range(len(header))]
    line = "  ".join(f"{{:<{w}}}" if i == 0 else f"{{:>{w}}}" for i, w in enumerate(widths))
    print(line.format(*header))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print(line.format(*row))
    print("app and sqlite3: medians (memory: peak RSS); best: fastest run")
    for r in results:
        if r.note:
            print(f"  {r.name.strip()}: {r.note}")


def _describe_code() -> str:
    """The commit of the code measured, and whether the package had uncommitted changes."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=BENCHMARKS,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "inventory_app"],
            cwd=BENCHMARKS.parent,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "code: unknown commit"
    return f"code: {head}" + (" + uncommitted changes in inventory_app/" if dirty else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_PATH, help=f"default {DEFAULT_PATH}")
    parser.add_argument("--runs", type=int, default=21, help="timed runs per read (median reported)")
    parser.add_argument("--write-runs", type=int, default=201, help="timed transactions per write")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument(
        "--clock",
        choices=tuple(CLOCKS),
        default="wall",
        help="wall time (default) or this process's CPU time",
    )
    parser.add_argument("--profile", action="store_true", help="print cProfile of the app calls")
    args = parser.parse_args(argv)
    global clock
    clock = CLOCKS[args.clock]

    if not args.path.exists():
        import generate  # benchmarks/generate.py, beside this file

        print(f"{args.path} does not exist; generating it (20,000 items, 1,000,000 movements) …")
        started = time.perf_counter()
        generate.generate(args.path)
        print(f"generated in {time.perf_counter() - started:.1f} s")

    set_current_user(USER)
    db = open_database(args.path)
    con = raw_connect(args.path)
    try:
        counts = con.execute(
            "SELECT (SELECT COUNT(*) FROM item), (SELECT COUNT(*) FROM lot), (SELECT MAX(id) FROM movement)"
        ).fetchone()
        print(
            f"{args.path}: {counts[0]:,} items, {counts[1]:,} lots, ~{counts[2]:,} movements; "
            f"SQLite {sqlite3.sqlite_version}, Python {sys.version.split()[0]}, {os.cpu_count()} CPUs"
        )
        print(_describe_code())
        load = os.getloadavg()[0]
        if load > 0.5:
            print(f"note: load average {load:.2f}; other work on this machine makes the figures noisy")
        print(
            f"{args.clock} clock; reads: median of {args.runs} after {args.warmup} warm-up; "
            f"writes: median of {args.write_runs} transactions\n"
        )
        memory = bench_memory(args.path)
        results = bench_reads(con, args.runs, args.warmup)
        results += bench_cli_json(args.path, args.runs, args.warmup)
        results += bench_writes(con, args.write_runs, args.warmup)
        results += memory
        print_table(results)
        print(f"load average at the end: {os.getloadavg()[0]:.2f}")
        if args.profile:
            profile_app(con)
    finally:
        con.close()
        close_database(db)
    return 0


if __name__ == "__main__":
    sys.exit(main())
