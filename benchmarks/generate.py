"""Build a large inventory database for the benchmarks: a big clinic group's supply room.

The schema comes from the app itself (`open_database` creates it), so the file is
exactly what the app would open. The rows are then written with plain `sqlite3`
`executemany` inside one transaction: the ledger services commit one transaction per
movement, which for a million movements is many minutes. The movements come from a small
simulation (use until low, reorder with a delay, first-expired-first across lots,
counts, expired stock thrown out, the odd reversal), so the ledger never goes
below zero; at the end `Item.on_hand` and `Lot.quantity` are set from the ledger
sums and compared with the simulation, so `inventory-app check` passes.

Deterministic for a given seed, size and `--today`.

    python benchmarks/generate.py [PATH] [--items 20000] [--movements 1000000]
"""

from __future__ import annotations

import argparse
import math
import random
import sqlite3
import sys
import time
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

BENCHMARKS = Path(__file__).resolve().parent
DEFAULT_PATH = BENCHMARKS / "data" / "large.db"
HISTORY_DAYS = 730

# (name, SKU prefix, share of the catalog, chance an item tracks expiry, usual location,
#  product names, units of issue)
CATEGORIES: list[tuple[str, str, float, float, str, list[str], list[str]]] = [
    ("Gloves", "GLV", 0.07, 0.03, "Supply Room A",
     ["Nitrile exam gloves", "Vinyl exam gloves", "Latex exam gloves", "Sterile surgical gloves",
      "Chemo-rated nitrile gloves"], ["box"]),
    ("Syringes & Needles", "SYR", 0.08, 0.05, "Supply Room A",
     ["Luer-Lock syringe", "TB syringe", "Insulin syringe", "Hypodermic needle", "Safety needle",
      "Butterfly needle"], ["box", "each"]),
    ("Wound Care", "WND", 0.10, 0.15, "Supply Room B",
     ["Gauze sponge", "Non-adherent pad", "Adhesive bandage", "Elastic bandage", "Transparent film dressing",
      "Foam dressing", "Steri-strip closure", "Paper tape", "Silicone tape"], ["box", "roll", "each"]),
    ("Vaccines", "VAC", 0.04, 1.0, "Vaccine Fridge",
     ["Influenza vaccine", "Tdap vaccine", "Hepatitis B vaccine", "Pneumococcal vaccine", "MMR vaccine",
      "Shingles vaccine", "HPV vaccine"], ["vial", "dose", "syringe"]),
    ("Medications", "MED", 0.06, 0.8, "Medication Cabinet",
     ["Lidocaine 1%", "Ketorolac injection", "Ondansetron ODT", "Epinephrine auto-injector",
      "Methylprednisolone injection", "Ceftriaxone injection", "Saline flush"], ["vial", "each", "box"]),
    ("Diagnostics", "DX", 0.07, 0.7, "Lab",
     ["Glucose test strips", "Urine reagent strips", "Rapid strep test", "Influenza A/B test",
      "Pregnancy test", "COVID-19 antigen test", "Hemoglobin cuvettes"], ["box", "kit"]),
    ("Specimen Collection", "SPC", 0.06, 0.20, "Lab",
     ["Vacutainer tube", "Urine specimen cup", "Culture swab", "Specimen bag", "Lancet",
      "Transport medium"], ["box", "pack", "each"]),
    ("IV & Infusion", "IV", 0.05, 0.25, "Supply Room B",
     ["IV catheter", "IV start kit", "Extension set", "Primary IV set", "Normal saline bag"],
     ["each", "box", "bag"]),
    ("Sterilization", "STR", 0.06, 0.15, "Sterilization Room",
     ["Sterilization pouch", "Indicator tape", "Biological indicator", "Enzymatic cleaner",
      "Instrument wrap"], ["box", "roll", "bottle"]),
    ("PPE", "PPE", 0.07, 0.02, "Supply Room A",
     ["Procedure mask", "N95 respirator", "Isolation gown", "Face shield", "Shoe cover", "Bouffant cap"],
     ["box", "each", "case"]),
    ("Exam Room", "EXM", 0.09, 0.02, "Exam Room 1",
     ["Exam table paper", "Patient gown", "Tongue depressor", "Cotton-tipped applicator",
      "Otoscope speculum", "Alcohol prep pad", "Thermometer probe cover", "Drape sheet"],
     ["roll", "box", "each", "pack"]),
    ("Dental", "DNT", 0.06, 0.05, "Dental Operatory",
     ["Prophy angle", "Saliva ejector", "Bib", "Fluoride varnish", "Cotton roll", "Impression material",
      "Composite syringe"], ["box", "pack", "each"]),
    ("Orthopedic & Splinting", "ORT", 0.04, 0.02, "Cast Room",
     ["Fiberglass casting tape", "Cast padding", "Stockinette", "Wrist splint", "Ankle brace",
      "Cervical collar"], ["roll", "each"]),
    ("Cleaning & Disinfection", "CLN", 0.06, 0.05, "Storage Closet",
     ["Germicidal wipes", "Bleach wipes", "Hand sanitizer", "Surface disinfectant spray",
      "Sharps container", "Biohazard bag"], ["canister", "bottle", "each", "case"]),
    ("Office & Paper", "OFF", 0.05, 0.0, "Front Desk",
     ["Copy paper", "Toner cartridge", "Label roll", "Clipboard", "Appointment cards", "Envelopes"],
     ["ream", "each", "box", "roll"]),
    ("Lab Supplies", "LAB", 0.04, 0.15, "Lab",
     ["Microscope slides", "Pipette tips", "Centrifuge tubes", "Cover slips", "Control solution"],
     ["box", "pack", "bottle"]),
]  # fmt: skip

LOCATIONS = [
    "Supply Room A", "Supply Room B", "Exam Room 1", "Exam Room 2", "Exam Room 3", "Exam Room 4",
    "Vaccine Fridge", "Medication Cabinet", "Lab", "Sterilization Room", "Dental Operatory",
    "Cast Room", "Storage Closet", "Front Desk", "Basement Storage",
]  # fmt: skip

SUPPLIER_FIRST = [
    "Northgate", "Cascade", "Bayview", "Pinecrest", "Summit", "Ridgeline", "Clearwater", "Lakeside",
    "Harbor", "Meridian", "Evergreen", "Granite", "Redwood", "Silverline",
]  # fmt: skip
SUPPLIER_SECOND = [
    "Medical Supply", "Clinical Distributors", "Healthcare Products", "Surgical Supply", "Biologics",
    "Diagnostics", "Office Products", "Dental Supply", "Lab Supply",
]  # fmt: skip
VARIANTS = ["small", "medium", "large", "X-large", "pediatric", "adult", "sterile", "non-sterile",
            "latex-free", "2 in × 2 in", "4 in × 4 in", "1 mL", "3 mL", "5 mL", "10 mL", "25G", "22G",
            "single-use", "bulk", "unscented"]  # fmt: skip
USERS = ["mgarcia", "jchen", "apatel", "lnguyen", "frontdesk", "dr.okafor", "kbrooks"]
USER_WEIGHTS = [30, 25, 20, 12, 6, 3, 4]
NOTES = ["Room 3", "Procedure tray", "Back-ordered", "Urgent", "Weekend clinic", "Per PO"]

SHARE_NEW = 0.02  # items created but never stocked
SHARE_ARCHIVED = 0.03


@dataclass(slots=True)
class SimLot:
    id: int
    expires: int  # date ordinal
    quantity: int = 0


@dataclass(slots=True)
class SimItem:
    id: int
    reorder_point: int
    par: int
    pack: int
    lots: list[SimLot] | None  # None when the item does not track expiry
    on_hand: int = 0
    last: tuple[int, int, int | None, int] | None = field(default=None)  # id, kind, lot index, qty


KIND_RECEIVE, KIND_USE = 0, 1


def _catalog(rng: random.Random, n_items: int, today: date, n_suppliers: int):
    """Categories, locations, suppliers, items and lots as row tuples plus the simulation state."""
    from inventory_app.db.codes import code_key, optional_key

    categories = [(i + 1, c[0], 30 if c[3] >= 0.8 else None, 1) for i, c in enumerate(CATEGORIES)]
    locations = [(i + 1, name, 1) for i, name in enumerate(LOCATIONS)]
    location_id = {name: i + 1 for i, name in enumerate(LOCATIONS)}
    suppliers = []
    names = [f"{a} {b}" for a in SUPPLIER_FIRST for b in SUPPLIER_SECOND]
    rng.shuffle(names)
    for i, name in enumerate(names[:n_suppliers]):
        slug = name.split()[0].lower()
        suppliers.append(
            (
                i + 1,
                name,
                f"{slug[:3].upper()}-{rng.randint(10000, 99999)}",
                rng.choice(
                    ["Dana Whitfield", "Marcus Ortega", "Priya Raman", "Tom Brennan", "Elena Kowalski"]
                ),
                f"({rng.randint(200, 989)}) 555-{rng.randint(100, 199):04d}",
                f"orders@{slug}.example.com",
                f"{rng.randint(10, 9999)} Commerce Way, Suite {rng.randint(1, 400)}",
                rng.choice([2, 3, 4, 5, 7, 10, 14]),
                "",
                1,
            )
        )
    cat_weights = [c[2] for c in CATEGORIES]
    items, lots, sim = [], [], []
    today_ord = today.toordinal()
    lot_id = 0
    for i in range(n_items):
        item_id = i + 1
        ci = rng.choices(range(len(CATEGORIES)), cat_weights)[0]
        cat_name, prefix, _share, p_expiry, home, products, units = CATEGORIES[ci]
        product = rng.choice(products)
        name = f"{product}, {rng.choice(VARIANTS)}"
        if rng.random() < 0.5:
            pack_or_model = ["pack of 10", "pack of 50", "pack of 100", f"model {rng.randint(100, 999)}"]
            name += f", {rng.choice(pack_or_model)}"
        sku = f"{prefix}-{item_id:06d}"
        unit = rng.choice(units)
        pack = rng.choice([1, 1, 4, 6, 10, 12, 20, 50]) if unit != "case" else 1
        purchase_unit = "case" if pack > 1 else unit
        supplier_id = rng.randint(1, n_suppliers) if rng.random() > 0.04 else None
        category_id = ci + 1 if rng.random() > 0.01 else None
        loc = home if rng.random() < 0.7 else rng.choice(LOCATIONS)
        location_id_ = location_id[loc] if rng.random() > 0.03 else None
        reorder_point = min(int(rng.expovariate(1 / 6)), 60)
        par = reorder_point + rng.randint(2, 10) + reorder_point * rng.randint(1, 3)
        par_level = par if rng.random() > 0.1 else None
        tracks = rng.random() < p_expiry
        barcode = f"0{rng.randint(10**10, 10**11 - 1)}" if rng.random() < 0.7 else None
        cost = f"{rng.lognormvariate(3, 1.1):.2f}"
        active = 0 if rng.random() < SHARE_ARCHIVED else 1
        warn = rng.choice([14, 30, 90]) if tracks and rng.random() < 0.1 else None
        items.append(
            (
                item_id, sku, name, category_id, location_id_, unit, purchase_unit, pack, supplier_id,
                f"{prefix}{rng.randint(10000, 99999)}", cost, reorder_point, par_level, int(tracks),
                warn, barcode, "", active, 0, code_key(sku), optional_key(barcode),
            )
        )  # fmt: skip
        sim_lots = None
        if tracks:
            sim_lots = []
            numbers = set()
            for k in range(rng.randint(1, 4)):
                lot_id += 1
                # The first lot is fresh stock (receivable to the end); the others spread
                # from long expired to far out, so some expired lots still hold stock.
                expires = today_ord + (rng.randint(90, 900) if k == 0 else rng.randint(-400, 700))
                while True:
                    number = f"{prefix}{date.fromordinal(expires - 900):%y%m}{rng.randint(100, 999)}"
                    if number not in numbers:
                        numbers.add(number)
                        break
                lots.append((lot_id, item_id, number, date.fromordinal(expires).isoformat(), 0))
                sim_lots.append(SimLot(lot_id, expires))
            sim_lots.sort(key=lambda lot: (lot.expires, lot.id))  # FEFO order
        sim.append(SimItem(item_id, reorder_point, par, pack, sim_lots))
    return categories, locations, suppliers, items, lots, sim


def _movements(
    rng: random.Random, sim: list[SimItem], n_movements: int, today: date, counts: Counter[str]
) -> Iterator[tuple[object, ...]]:
    """Movement rows in time order, from a use-until-low, reorder-with-delay simulation."""
    weights = [rng.lognormvariate(0, 1.2) for _ in sim]
    for i in rng.sample(range(len(sim)), int(len(sim) * SHARE_NEW)):
        weights[i] = 0.0
    cum, total = [], 0.0
    for w in weights:
        total += w
        cum.append(total)
    end = datetime.combine(today, datetime.min.time())
    start = end - timedelta(days=HISTORY_DAYS)
    step = HISTORY_DAYS * 86400 / n_movements
    start_ord = start.date().toordinal()
    users = rng.choices(USERS, USER_WEIGHTS, k=4096)
    random_ = rng.random
    randint = rng.randint
    next_id = 0

    def row(item: SimItem, lot: SimLot | None, kind: str, qty: int, reason: str, rev: int | None):
        nonlocal next_id
        next_id += 1
        counts[kind] += 1
        at = start + timedelta(seconds=(next_id - 1 + random_()) * step)
        note = rng.choice(NOTES) if random_() < 0.02 else ""
        return (
            next_id,
            item.id,
            lot.id if lot else None,
            kind,
            qty,
            reason,
            note,
            users[next_id & 4095],
            at.isoformat(sep=" ", timespec="milliseconds"),
            rev,
        )

    while next_id < n_movements:
        item = sim[bisect_left(cum, random_() * total)]
        day = start_ord + int(next_id * step / 86400)
        lots = item.lots
        if lots is None:
            usable = item.on_hand
        else:
            usable = sum(lot.quantity for lot in lots if lot.expires >= day)
        r = random_()
        out: list[tuple[object, ...]] = []
        if usable <= item.reorder_point and (r < 0.35 or (usable == 0 and r < 0.6)):
            qty = max(1, math.ceil((item.par - usable) / item.pack)) * item.pack
            lot_index = None
            if lots is not None:
                fresh = [k for k, lot in enumerate(lots) if lot.expires > day + 30]
                if not fresh:
                    continue
                lot_index = rng.choice(fresh)  # deliveries do not always come in expiry order
                lots[lot_index].quantity += qty
            item.on_hand += qty
            out.append(row(item, lots[lot_index] if lots else None, "receive", qty, "", None))
            item.last = (next_id, KIND_RECEIVE, lot_index, qty)
        elif usable == 0 or (r < 0.004 and lots is not None):
            # Throw out expired stock now and then (the order has not arrived yet, if out).
            if lots is not None and (r > 0.9 or r < 0.004):
                for lot in lots:
                    if lot.quantity and lot.expires < day:
                        item.on_hand -= lot.quantity
                        out.append(row(item, lot, "dispose", -lot.quantity, "expired", None))
                        lot.quantity = 0
                        break
            if not out:
                continue
        elif r < 0.012 and item.last is not None:
            # Reverse the item's last receive or use (entered by mistake).
            last_id, last_kind, lot_index, qty = item.last
            lot = lots[lot_index] if lots is not None and lot_index is not None else None
            delta = -qty if last_kind == KIND_RECEIVE else qty
            if delta < 0 and ((lot.quantity if lot else item.on_hand) < -delta):
                continue
            if lot is not None:
                lot.quantity += delta
            item.on_hand += delta
            out.append(row(item, lot, "reversal", delta, "", last_id))
            item.last = None
        elif r < 0.03:
            # A count that found a difference, or damaged stock thrown out.
            lot = None
            if lots is not None:
                usable_lots = [lot for lot in lots if lot.quantity and lot.expires >= day]
                lot = usable_lots[0] if usable_lots else lots[-1]
            have = lot.quantity if lot else item.on_hand
            delta = rng.choice([-2, -1, -1, 1, 1, 2])
            if -delta > have:
                delta = 1
            if r < 0.025:
                kind, reason = "adjust", rng.choice(["count", "count", "count", "correction", "found"])
            else:
                kind, reason, delta = "dispose", "damaged", -1 if have else 0
            if delta == 0:
                continue
            if lot is not None:
                lot.quantity += delta
            item.on_hand += delta
            out.append(row(item, lot, kind, delta, reason, None))
            item.last = None
        else:
            qty = min(usable, 1 if r < 0.6 else randint(1, 1 + item.reorder_point // 3 + item.pack // 6))
            if lots is None:
                item.on_hand -= qty
                out.append(row(item, None, "use", -qty, "", None))
                item.last = (next_id, KIND_USE, None, qty)
            else:
                left = qty
                for k, lot in enumerate(lots):  # first-expired-first, usable lots only
                    if left == 0 or next_id >= n_movements:
                        break
                    if lot.quantity == 0 or lot.expires < day:
                        continue
                    part = min(left, lot.quantity)
                    lot.quantity -= part
                    item.on_hand -= part
                    left -= part
                    out.append(row(item, lot, "use", -part, "", None))
                    item.last = (next_id, KIND_USE, k, part)
        yield from out


ITEM_COLUMNS = (
    "id", "sku", "name", "category_id", "location_id", "unit", "purchase_unit", "units_per_purchase_unit",
    "supplier_id", "supplier_sku", "unit_cost", "reorder_point", "par_level", "tracks_expiry",
    "expiry_warning_days", "barcode", "notes", "active", "on_hand", "sku_key", "barcode_key",
)  # fmt: skip
MOVEMENT_COLUMNS = (
    "id", "item_id", "lot_id", "kind", "quantity", "reason", "note", "user", "created_at", "reversal_of_id",
)  # fmt: skip


def _insert(con: sqlite3.Connection, model: Any, columns: tuple[str, ...], rows: Iterable[tuple]) -> None:
    """executemany into the model's table; columns added to the app later that this file does
    not fill get the model's own default (NULL where the field allows it)."""
    extra_columns, extra_values = [], []
    for column in model._meta.sorted_fields:
        if column.column_name in columns or column.null:
            continue
        if column.default is None:
            raise SystemExit(
                f"{model.__name__}.{column.name} needs a value and has no default; teach generate.py"
            )
        value = column.db_value(column.default() if callable(column.default) else column.default)
        if isinstance(value, Decimal):
            value = str(value)
        elif isinstance(value, date | datetime):
            value = value.isoformat()
        extra_columns.append(column.column_name)
        extra_values.append(value)
    names = ", ".join(f'"{name}"' for name in (*columns, *extra_columns))
    marks = ", ".join("?" * (len(columns) + len(extra_columns)))
    if extra_values:
        tail = tuple(extra_values)
        rows = (row + tail for row in rows)
    con.executemany(f'INSERT INTO "{model._meta.table_name}" ({names}) VALUES ({marks})', rows)


def generate(
    path: Path,
    *,
    items: int = 20_000,
    movements: int = 1_000_000,
    seed: int = 20_240_601,
    today: date | None = None,
    force: bool = False,
    quiet: bool = False,
) -> dict[str, int]:
    """Write the database at `path`; return row counts."""
    from inventory_app.db.models import Category, Item, Location, Lot, Movement, Supplier
    from inventory_app.db.session import close_database, open_database

    today = today or date.today()
    path = Path(path)
    if path.exists():
        if not force:
            raise SystemExit(f"{path} exists; pass --force to replace it.")
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)

    close_database(open_database(path))  # the app creates its own schema, triggers, version row

    rng = random.Random(seed)
    n_suppliers = max(3, min(40, items // 400))
    categories, locations, suppliers, item_rows, lot_rows, sim = _catalog(rng, items, today, n_suppliers)
    counts: Counter[str] = Counter()

    con = sqlite3.connect(path, isolation_level=None)
    try:
        # Bulk-load settings for this connection only; the app sets its own on open.
        con.execute("PRAGMA journal_mode = OFF")
        con.execute("PRAGMA synchronous = OFF")
        con.execute("PRAGMA foreign_keys = OFF")
        con.execute("PRAGMA cache_size = -262144")
        con.execute("BEGIN")
        _insert(con, Category, ("id", "name", "expiry_warning_days", "active"), categories)
        _insert(con, Location, ("id", "name", "active"), locations)
        _insert(
            con,
            Supplier,
            (
                "id",
                "name",
                "account_number",
                "contact",
                "phone",
                "email",
                "address",
                "lead_time_days",
                "notes",
            )
            + ("active",),
            suppliers,
        )
        _insert(con, Item, ITEM_COLUMNS, item_rows)
        _insert(con, Lot, ("id", "item_id", "lot_number", "expires_on", "quantity"), lot_rows)
        # Indexes are faster built once over sorted keys than kept up row by row: drop the
        # movement indexes and recreate them from the app's own DDL after the load.
        indexes = con.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'movement' "
            "AND sql IS NOT NULL"
        ).fetchall()
        for name, _sql in indexes:
            con.execute(f'DROP INDEX "{name}"')
        _insert(con, Movement, MOVEMENT_COLUMNS, _movements(rng, sim, movements, today, counts))
        for _name, sql in indexes:
            con.execute(sql)
        # The caches are the ledger's sums, computed by the database from what was written.
        con.execute(
            "UPDATE item SET on_hand = COALESCE((SELECT SUM(m.quantity) FROM movement m "
            "WHERE m.item_id = item.id), 0)"
        )
        con.execute(
            "UPDATE lot SET quantity = COALESCE((SELECT SUM(m.quantity) FROM movement m "
            "WHERE m.lot_id = lot.id), 0)"
        )
        _verify(con, sim)
        con.execute("COMMIT")
        con.execute("PRAGMA journal_mode = WAL")  # as the app leaves its files
    finally:
        con.close()
    return {
        "items": items,
        "tracked": sum(1 for s in sim if s.lots is not None),
        "lots": len(lot_rows),
        "suppliers": len(suppliers),
        "movements": sum(counts.values()),
        **{kind: counts[kind] for kind in ("receive", "use", "adjust", "dispose", "reversal")},
    }


def _verify(con: sqlite3.Connection, sim: list[SimItem]) -> None:
    """The ledger sums must equal what the simulation tracked (so nothing went below zero)."""
    on_hand = dict(con.execute("SELECT id, on_hand FROM item"))
    lot_qty = dict(con.execute("SELECT id, quantity FROM lot"))
    for s in sim:
        if on_hand[s.id] != s.on_hand or s.on_hand < 0:
            raise AssertionError(f"item {s.id}: ledger {on_hand[s.id]}, simulation {s.on_hand}")
        for lot in s.lots or ():
            if lot_qty[lot.id] != lot.quantity or lot.quantity < 0:
                raise AssertionError(f"lot {lot.id}: ledger {lot_qty[lot.id]}, simulation {lot.quantity}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_PATH, help=f"default {DEFAULT_PATH}")
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--movements", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=20_240_601)
    parser.add_argument(
        "--today",
        type=date.fromisoformat,
        default=None,
        help="YYYY-MM-DD the history ends on (default today)",
    )
    parser.add_argument("--force", action="store_true", help="replace an existing file")
    parser.add_argument("--check", action="store_true", help="run the app's own check afterwards")
    args = parser.parse_args(argv)

    started, cpu_started = time.perf_counter(), time.process_time()
    summary = generate(
        args.path,
        items=args.items,
        movements=args.movements,
        seed=args.seed,
        today=args.today,
        force=args.force,
    )
    elapsed = time.perf_counter() - started
    size_mb = args.path.stat().st_size / 1e6
    print(
        f"{args.path}: {summary['items']:,} items ({summary['tracked']:,} tracking expiry, "
        f"{summary['lots']:,} lots), {summary['suppliers']} suppliers, {summary['movements']:,} movements "
        f"(receive {summary['receive']:,}, use {summary['use']:,}, adjust {summary['adjust']:,}, "
        f"dispose {summary['dispose']:,}, reversal {summary['reversal']:,}); {size_mb:.0f} MB"
    )
    print(f"generated in {elapsed:.1f} s ({time.process_time() - cpu_started:.1f} s of CPU in this process)")
    if args.check:
        from inventory_app.core.stock.check import check_database
        from inventory_app.db.session import close_database, open_database

        started = time.perf_counter()
        db = open_database(args.path)
        try:
            report = check_database()
        finally:
            close_database(db)
        status = "OK" if report.ok else "FAILED"
        print(f"check: {status}, {report.items_checked:,} items ({time.perf_counter() - started:.1f} s)")
        for problem in report.problems[:20]:
            print("  " + problem)
        if not report.ok:
            return 1
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(BENCHMARKS.parent))
    sys.exit(main())
