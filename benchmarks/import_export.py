"""Spreadsheet import and export at 20,000 items, against the bare libraries.

    python benchmarks/import_export.py [--items 20000] [--runs 3]

Import: the app's whole path (check the file, stream the sheet, find the
header, clean and validate every row into a plan, apply it in one transaction
with bulk statements and an "import" movement per opening quantity) against
openpyxl read-only iteration of the same workbook plus a raw `sqlite3`
executemany of its rows into the item table. Each run is its own process, so
its peak memory is the import's alone (VmHWM from /proc/self/status; ru_maxrss
elsewhere, which on Linux also counts the parent's memory at the time it was
started, as getrusage(2) keeps it across exec); the time is measured inside
the process, from opening the file to the commit (interpreter start and module
imports excluded for both). Targets: within 1.5x, under 150 MB.

The same import against the fastest readers alone: python-calamine reading
every row of the sheet, and openpyxl's read-only mode reading them (no
database). Target: the whole import in at most 1.5 s, under 150 MB; the time
of each stage (read, plan, apply) is printed beside it.

Export: `export_inventory` of those 20,000 items to .xlsx (reading the
catalog, typed and styled cells, widths, filters, highlighting) against a bare
openpyxl write-only workbook of the same cells. Target: within 1.2x.

Runs alternate (ours, bare, ours, ...); medians are printed with the ratios and
PASS/MISS. A miss never makes the exit status non-zero.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

IMPORT_RATIO, IMPORT_MB, EXPORT_RATIO = 1.5, 150, 1.2
HEADER = [
    "SKU", "Name", "Category", "Location", "Unit", "Supplier", "Supplier SKU", "Unit cost", "Reorder point",
    "Par level", "On hand", "Barcode", "Notes",
]  # fmt: skip
WORDS = ["Nitrile gloves", "Gauze sponge", "Alcohol pad", "Syringe 5 ml", "Exam paper", "Bandage", "Swab"]


def make_workbook(path: Path, items: int) -> None:
    import openpyxl

    rng = random.Random(6)
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Supplies")
    ws.append(["Main Street Clinic — supply room"])
    ws.append([])
    ws.append(HEADER)
    for i in range(items):
        reorder = rng.randint(0, 20)
        ws.append(
            [
                f"SKU-{i:06d}",
                f"{rng.choice(WORDS)}, size {i % 5}, pack of {rng.randint(1, 200)}",
                f"Category {i % 30}",
                f"Room {i % 12}",
                rng.choice(["box", "each", "pack", "case"]),
                f"Supplier {i % 25}",
                f"V-{rng.randint(10000, 99999)}",
                round(rng.uniform(0.5, 300), 2),
                reorder,
                reorder + rng.randint(0, 40),
                rng.randint(0, 150),
                f"{400000000000 + i}",
                "latex-free" if i % 3 == 0 else None,
            ]  # fmt: skip
        )
    wb.save(path)


PEAK_MB = """
def peak_mb():
    try:
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
"""

IMPORT_APP = (
    PEAK_MB
    + """
import json, sys, time
sys.path.insert(0, {root!r})
from inventory_app.core.accounts.context import set_current_user
from inventory_app.core.importing.apply import apply_import
from inventory_app.core.importing.plan import plan_import
from inventory_app.db.session import close_database, open_database
from inventory_app.documents.importing import read_import
set_current_user("benchmark")
db = open_database({db!r})
start = time.perf_counter()
source = read_import({book!r})
read = time.perf_counter()
plan = plan_import(source)
planned = time.perf_counter()
result = apply_import(plan)
seconds = time.perf_counter() - start
close_database(db)
print(json.dumps({{"seconds": seconds, "mb": peak_mb(), "read": read - start, "plan": planned - read,
                   "apply": start + seconds - planned,
                   "created": result.created, "movements": result.movements}}))
"""
)

IMPORT_BARE = (
    PEAK_MB
    + """
import json, sqlite3, time
import openpyxl
start = time.perf_counter()
wb = openpyxl.load_workbook({book!r}, read_only=True)
rows = list(wb.worksheets[0].iter_rows(min_row=4, max_col=13, values_only=True))
wb.close()
conn = sqlite3.connect({db!r})
with conn:
    conn.executemany(
        "INSERT INTO item (sku, name, unit, supplier_sku, unit_cost, reorder_point, par_level, on_hand, "
        "barcode, notes, purchase_unit, units_per_purchase_unit, tracks_expiry, active, sku_key, "
        "barcode_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, coalesce(?, ''), ?, 1, 0, 1, ?, ?)",
        [(r[0], r[1], r[4], r[6], r[7], r[8], r[9], r[10], r[11], r[12], r[4], str(r[0]).casefold(),
          str(r[11]).casefold() if r[11] else None) for r in rows],
    )
conn.close()
seconds = time.perf_counter() - start
print(json.dumps({{"seconds": seconds, "mb": peak_mb(),
                   "created": len(rows), "movements": 0}}))
"""
)


READ_CALAMINE = (
    PEAK_MB
    + """
import json, time
from python_calamine import CalamineWorkbook
start = time.perf_counter()
wb = CalamineWorkbook.from_path({book!r})
rows = list(wb.get_sheet_by_index(0).iter_rows())[3:]
wb.close()
seconds = time.perf_counter() - start
print(json.dumps({{"seconds": seconds, "mb": peak_mb(), "created": len(rows), "movements": 0}}))
"""
)

READ_OPENPYXL = (
    PEAK_MB
    + """
import json, time
import openpyxl
start = time.perf_counter()
wb = openpyxl.load_workbook({book!r}, read_only=True)
rows = list(wb.worksheets[0].iter_rows(min_row=4, values_only=True))
wb.close()
seconds = time.perf_counter() - start
print(json.dumps({{"seconds": seconds, "mb": peak_mb(), "created": len(rows), "movements": 0}}))
"""
)

READERS = {"calamine": READ_CALAMINE, "openpyxl": READ_OPENPYXL}
IMPORT_SECONDS = 1.5


def _run(script: str) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=900
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr)
    return json.loads(done.stdout.strip().splitlines()[-1])


def bench_import(folder: Path, book: Path, empty_db: Path, runs: int) -> dict[str, list[dict[str, float]]]:
    results: dict[str, list[dict[str, float]]] = {"app": [], "bare": [], **{kind: [] for kind in READERS}}
    for run in range(runs):
        for kind, template in (("app", IMPORT_APP), ("bare", IMPORT_BARE), *READERS.items()):
            db = folder / f"{kind}-{run}.db"
            shutil.copyfile(empty_db, db)
            results[kind].append(_run(template.format(root=str(ROOT), db=str(db), book=str(book))))
    return results


def bench_export(db_path: Path, folder: Path, runs: int) -> dict[str, list[float]]:
    from openpyxl import Workbook

    from inventory_app.core.importing.export_rows import inventory_lines
    from inventory_app.db.session import close_database, open_database
    from inventory_app.documents.exports import INVENTORY_COLUMNS, export_inventory

    db = open_database(db_path)
    try:
        cells = [
            (
                x.sku,
                x.name,
                x.category,
                x.location,
                x.unit,
                x.purchase_unit,
                x.units_per_purchase_unit,
                x.supplier,
                x.supplier_sku,
                x.unit_cost,
                x.reorder_point,
                x.par_level,
                "yes" if x.tracks_expiry else "no",
                x.barcode,
                x.notes,
                x.on_hand,
                x.lot,
                x.expires_on,
                str(x.status),
            )  # fmt: skip
            for x in inventory_lines()
        ]

        def bare() -> None:
            wb = Workbook(write_only=True)
            ws = wb.create_sheet("Inventory")
            ws.append([c.header for c in INVENTORY_COLUMNS])
            for row in cells:
                ws.append(row)
            wb.save(folder / "bare.xlsx")

        def app() -> None:
            export_inventory(folder / "app.xlsx")

        times: dict[str, list[float]] = {"app": [], "bare": []}
        app()  # warm-up
        bare()
        for _ in range(runs):
            for kind, fn in (("app", app), ("bare", bare)):
                start = time.perf_counter()
                fn()
                times[kind].append(time.perf_counter() - start)
        return times
    finally:
        close_database(db)


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    from inventory_app.core.accounts.context import set_current_user
    from inventory_app.db.session import close_database, open_database

    set_current_user("benchmark")
    with tempfile.TemporaryDirectory(prefix="inventory-bench-") as name:
        folder = Path(name)
        book = folder / "supplies.xlsx"
        make_workbook(book, args.items)
        empty_db = folder / "empty.db"
        close_database(open_database(empty_db))
        print(f"{args.items:,} rows, {book.stat().st_size / 1024:.0f} KB workbook, {args.runs} runs each")

        results = bench_import(folder, book, empty_db, args.runs)
        app_s = statistics.median(r["seconds"] for r in results["app"])
        bare_s = statistics.median(r["seconds"] for r in results["bare"])
        app_mb = max(r["mb"] for r in results["app"])
        bare_mb = max(r["mb"] for r in results["bare"])
        assert all(r["created"] == args.items for r in results["app"] + results["bare"])
        ratio = app_s / bare_s
        print(
            f"import   app {app_s:6.2f} s  {app_mb:5.0f} MB   "
            f"bare (openpyxl read-only + sqlite3 executemany) {bare_s:6.2f} s  {bare_mb:5.0f} MB   "
            f"ratio {ratio:4.2f} (target <= {IMPORT_RATIO}) "
            f"{_verdict(ratio <= IMPORT_RATIO)}; peak {app_mb:.0f} MB (target < {IMPORT_MB}) "
            f"{_verdict(app_mb < IMPORT_MB)}"
        )
        stages = "  ".join(
            f"{stage} {statistics.median(r[stage] for r in results['app']):.2f} s"
            for stage in ("read", "plan", "apply")
        )
        fast = _verdict(app_s <= IMPORT_SECONDS)
        print(
            f"import   app {app_s:6.2f} s (target <= {IMPORT_SECONDS} s) {fast}, "
            f"peak {app_mb:.0f} MB (target < {IMPORT_MB}) {_verdict(app_mb < IMPORT_MB)}; {stages}"
        )
        for kind in READERS:
            read_s = statistics.median(r["seconds"] for r in results[kind])
            read_mb = max(r["mb"] for r in results[kind])
            print(
                f"read     {kind:<9}{read_s:6.2f} s  {read_mb:5.0f} MB   "
                f"the whole import takes {app_s / read_s:5.2f}x this bare read"
            )

        times = bench_export(folder / "app-0.db", folder, args.runs)
        app_e, bare_e = statistics.median(times["app"]), statistics.median(times["bare"])
        ratio = app_e / bare_e
        print(
            f"export   app {app_e:6.2f} s            bare (openpyxl write-only, same cells) {bare_e:6.2f} s"
            f"            ratio {ratio:4.2f} (target <= {EXPORT_RATIO}) {_verdict(ratio <= EXPORT_RATIO)}"
        )


if __name__ == "__main__":
    main()
