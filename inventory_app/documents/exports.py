"""The exports the office asks for, each as .xlsx or .csv (chosen by the file name).

Column headers of the inventory export are the importer's own field headers,
so the file can be edited in Excel and imported back. Each export function
takes a path and plain options and returns how many rows it wrote.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date

from inventory_app.core.importing import export_rows
from inventory_app.core.importing.columns import FIELD_HEADERS
from inventory_app.core.purchasing.reorder import reorder_target
from inventory_app.documents.export_log import logged_export
from inventory_app.documents.sheet_out import Cancelled, Column, Progress, write_table

Path = str | os.PathLike[str]

INVENTORY_COLUMNS = [
    Column(FIELD_HEADERS["sku"]),
    Column(FIELD_HEADERS["name"]),
    Column(FIELD_HEADERS["category"]),
    Column(FIELD_HEADERS["location"]),
    Column(FIELD_HEADERS["unit"]),
    Column(FIELD_HEADERS["purchase_unit"]),
    Column(FIELD_HEADERS["units_per_purchase_unit"], "int"),
    Column(FIELD_HEADERS["supplier"]),
    Column(FIELD_HEADERS["supplier_sku"]),
    Column(FIELD_HEADERS["unit_cost"], "money"),
    Column(FIELD_HEADERS["reorder_point"], "int"),
    Column(FIELD_HEADERS["par_level"], "int"),
    Column(FIELD_HEADERS["tracks_expiry"], "bool"),
    Column(FIELD_HEADERS["barcode"]),
    Column(FIELD_HEADERS["notes"]),
    Column(FIELD_HEADERS["quantity"], "int"),
    Column(FIELD_HEADERS["lot"]),
    Column(FIELD_HEADERS["expires"], "date"),
    Column("Status"),
]


@logged_export("inventory")
def export_inventory(
    path: Path,
    today: date | None = None,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> int:
    """The whole active catalog with on hand and status (one row per lot for lot-tracked items)."""
    lines = export_rows.inventory_lines(today)
    rows = (
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
            x.tracks_expiry,
            x.barcode,
            x.notes,
            x.on_hand,
            x.lot,
            x.expires_on,
            str(x.status),
        )
        for x in lines
    )
    return write_table(
        path,
        "Inventory",
        INVENTORY_COLUMNS,
        rows,
        status_column=len(INVENTORY_COLUMNS) - 1,
        total=len(lines),
        progress=progress,
        cancelled=cancelled,
    )


LOW_STOCK_COLUMNS = [
    Column("SKU"),
    Column("Name"),
    Column("Supplier"),
    Column("Category"),
    Column("Location"),
    Column("Unit"),
    Column("On hand", "int"),
    Column("Expired", "int"),
    Column("Reorder point", "int"),
    Column("Par level", "int"),
    Column("Short of target", "int"),
    Column("Status"),
]


@logged_export("low stock")
def export_low_stock(
    path: Path,
    today: date | None = None,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> int:
    """Items at or below their reorder point (low or out), by supplier then SKU; "Short of
    target" is what a reorder would bring (`reorder.reorder_target`: the par level, or twice
    the reorder point)."""
    items = sorted(export_rows.reorder_rows(today), key=lambda r: (r.supplier.lower(), r.sku))
    rows = (
        (
            r.sku,
            r.name,
            r.supplier,
            r.category,
            r.location,
            r.unit,
            r.on_hand,
            r.expired,
            r.reorder_point,
            r.par_level,
            max(reorder_target(r.par_level, r.reorder_point) - r.on_hand, 0),
            str(r.status),
        )
        for r in items
    )
    return write_table(
        path,
        "Needs reorder",
        LOW_STOCK_COLUMNS,
        rows,
        status_column=len(LOW_STOCK_COLUMNS) - 1,
        total=len(items),
        progress=progress,
        cancelled=cancelled,
    )


MOVEMENT_COLUMNS = [
    Column("#", "int"),
    Column("When", "datetime"),
    Column("SKU"),
    Column("Name"),
    Column("Kind"),
    Column("Quantity", "int"),
    Column("Lot"),
    Column("Expiry", "date"),
    Column("Reason"),
    Column("Note"),
    Column("By"),
    Column("Reverses #", "int"),
]


@logged_export("movements")
def export_movements(
    path: Path,
    start: date | None = None,
    end: date | None = None,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> int:
    """Ledger lines from `start` to `end` (local days, both included), oldest first, streamed."""
    total = export_rows.count_movements(start, end) if progress is not None else 0
    rows = (
        (
            m.id,
            m.when,
            m.sku,
            m.name,
            m.kind,
            m.quantity,
            m.lot,
            m.expires_on,
            m.reason,
            m.note,
            m.user,
            m.reversal_of,
        )
        for m in export_rows.movement_lines(start, end)
    )
    return write_table(
        path, "Movements", MOVEMENT_COLUMNS, rows, total=total, progress=progress, cancelled=cancelled
    )


LOT_COLUMNS = [
    Column("SKU"),
    Column("Name"),
    Column("Lot"),
    Column("Expiry", "date"),
    Column("Days left", "int"),
    Column("Quantity", "int"),
    Column("Unit"),
    Column("Location"),
    Column("Status"),
]


@logged_export("lots")
def export_lots(
    path: Path,
    today: date | None = None,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> int:
    """Lots holding stock, soonest expiry first; expired lots in red, expiring ones in amber."""
    lines = export_rows.lot_lines(today)
    rows = (
        (x.sku, x.name, x.lot, x.expires_on, x.days_left, x.quantity, x.unit, x.location, x.status)
        for x in lines
    )
    return write_table(
        path,
        "Lots",
        LOT_COLUMNS,
        rows,
        status_column=len(LOT_COLUMNS) - 1,
        highlight={"expired": "alert", "expiring": "warn"},
        total=len(lines),
        progress=progress,
        cancelled=cancelled,
    )


# Kinds of export by the name the command line and the export menu use. The purchase
# orders list ("orders") joins here when purchase orders exist.
EXPORTS: dict[str, Callable[..., int]] = {
    "inventory": export_inventory,
    "low-stock": export_low_stock,
    "movements": export_movements,
    "lots": export_lots,
}
