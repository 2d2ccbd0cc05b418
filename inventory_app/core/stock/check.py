"""Proof that the cached quantities equal the ledger and that the database is sound."""

from __future__ import annotations

from peewee import JOIN, fn

from inventory_app.core.types import CheckReport
from inventory_app.db.codes import code_key, optional_key
from inventory_app.db.connection import current_database, is_sqlite
from inventory_app.db.models import Item, Lot, Movement
from inventory_app.db.schema_shape import database_differences
from inventory_app.db.transaction import read_guard


@read_guard
def check_database() -> CheckReport:
    problems: list[str] = []
    db = current_database()
    if is_sqlite(db):
        result = [row[0] for row in db.execute_sql("PRAGMA integrity_check").fetchall()]
        if result != ["ok"]:
            problems.append("SQLite integrity check: " + "; ".join(result[:10]))
        broken = db.execute_sql("PRAGMA foreign_key_check").fetchall()
        if broken:
            problems.append(f"{len(broken)} rows point at records that do not exist.")
    problems += [
        f"The schema is not the one this program builds: {difference}."
        for difference in database_differences(db)
    ]

    ledger = (
        Movement.select(Movement.item, fn.SUM(Movement.quantity).alias("total"))
        .group_by(Movement.item)
        .alias("ledger")
    )
    items = (
        Item.select(Item.sku, Item.on_hand, fn.COALESCE(ledger.c.total, 0))
        .join(ledger, JOIN.LEFT_OUTER, on=(ledger.c.item_id == Item.id))
        .tuples()
    )
    checked = 0
    for sku, cached, total in items.iterator():
        checked += 1
        if int(cached) != int(total):
            problems.append(f"{sku}: on hand shows {cached} but the ledger adds up to {total}.")
        if int(total) < 0:
            problems.append(f"{sku}: the ledger adds up to a negative quantity ({total}).")

    lot_ledger = (
        Movement.select(Movement.lot, fn.SUM(Movement.quantity).alias("total"))
        .where(Movement.lot.is_null(False))
        .group_by(Movement.lot)
        .alias("lot_ledger")
    )
    lots = (
        Lot.select(Item.sku, Lot.lot_number, Lot.quantity, fn.COALESCE(lot_ledger.c.total, 0))
        .join_from(Lot, Item)
        .join_from(Lot, lot_ledger, JOIN.LEFT_OUTER, on=(lot_ledger.c.lot_id == Lot.id))
        .tuples()
    )
    for sku, lot_number, cached, total in lots.iterator():
        if int(cached) != int(total):
            problems.append(f"{sku} lot {lot_number}: shows {cached} but the ledger adds up to {total}.")
        if int(cached) < 0:
            problems.append(f"{sku} lot {lot_number}: negative quantity ({cached}).")
    problems += look_alike_codes()
    return CheckReport(ok=not problems, items_checked=checked, problems=problems)


def look_alike_codes() -> list[str]:
    """Items whose SKU looked the same as an earlier item's when schema version 6 gave codes
    their keys (`schema.code_keys`): the later one kept a marked key, so a lookup by the code
    finds the earlier one. Also any key that is not its code's (written around the program)."""
    rows = list(Item.select(Item.id, Item.sku, Item.sku_key, Item.barcode, Item.barcode_key).tuples())
    holder = {sku_key: sku for _id, sku, sku_key, _barcode, _key in rows}
    problems: list[str] = []
    for _id, sku, sku_key, barcode, barcode_key in rows:
        key = code_key(sku)
        if sku_key != key:
            other = holder.get(key)
            problems.append(
                f"{sku}: looks the same as the SKU of {other} (scanning or typing it finds {other}); "
                "give one of them a SKU of its own."
                if other is not None
                else f"{sku}: its lookup key is not the one of its SKU; save the item again."
            )
        if (barcode_key or None) != optional_key(barcode):
            problems.append(f"{sku}: the lookup key of its barcode is not the barcode's; save the item.")
    return problems
