"""The rows of each export, as plain values: what the office gets back as a spreadsheet.

No file format here (that is `documents.exports`). The inventory export is
shaped so it can be imported again unchanged: every imported field, one row
per item, and for items that track expiry one row per lot holding stock (the
quantity being that lot's), which is exactly what the importer reads.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from peewee import JOIN, ModelSelect

from inventory_app.core.importing.state import CatalogState
from inventory_app.core.stock import queries as stock_queries
from inventory_app.core.types import ItemRow, Status, stock_status
from inventory_app.db.models import Item, Lot, Movement
from inventory_app.db.transaction import read_guard

COMMON_UNITS = ("each", "box", "case", "pack", "bag", "bottle", "vial", "dose", "kit", "roll", "pair", "ream")


@dataclass(frozen=True, slots=True)
class InventoryLine:
    sku: str
    name: str
    category: str
    location: str
    unit: str
    purchase_unit: str
    units_per_purchase_unit: int
    supplier: str
    supplier_sku: str
    unit_cost: Decimal
    reorder_point: int
    par_level: int | None
    tracks_expiry: bool
    barcode: str
    notes: str
    on_hand: int
    lot: str
    expires_on: date | None
    status: Status


@dataclass(frozen=True, slots=True)
class LotLine:
    sku: str
    name: str
    lot: str
    expires_on: date | None
    quantity: int
    unit: str
    location: str
    days_left: int | None
    status: str  # "expired", "expiring", "ok"


@dataclass(frozen=True, slots=True)
class MovementLine:
    id: int
    when: datetime  # local time
    sku: str
    name: str
    kind: str
    quantity: int
    lot: str
    expires_on: date | None
    reason: str
    note: str
    user: str
    reversal_of: int | None


@read_guard
def inventory_lines(today: date | None = None) -> list[InventoryLine]:
    """Every active item, sorted by SKU; items with lots in stock get one line per such lot."""
    today = today or date.today()
    state = CatalogState()
    names = state.names
    lines: list[InventoryLine] = []
    for item in sorted(state.items.values(), key=lambda i: i.sku):
        if not item.active:
            continue
        lots = sorted(
            (lot for lot in state.lots.get(item.id, {}).values() if lot.quantity > 0),
            key=lambda lot: (lot.expires_on or date.max, lot.lot_number),
        )
        expired = sum(lot.quantity for lot in lots if lot.expires_on and lot.expires_on < today)
        status = stock_status(item.on_hand - expired, item.reorder_point)
        common = (
            item.sku,
            item.name,
            names["category"].get(item.category_id, "") if item.category_id else "",
            names["location"].get(item.location_id, "") if item.location_id else "",
            item.unit,
            item.purchase_unit,
            item.units_per_purchase_unit,
            names["supplier"].get(item.supplier_id, "") if item.supplier_id else "",
            item.supplier_sku,
            item.unit_cost,
            item.reorder_point,
            item.par_level,
            item.tracks_expiry,
            item.barcode,
            item.notes,
        )
        if item.tracks_expiry and lots:
            for lot in lots:
                lines.append(InventoryLine(*common, lot.quantity, lot.lot_number, lot.expires_on, status))
        else:
            lines.append(InventoryLine(*common, item.on_hand, "", None, status))
    return lines


@read_guard
def reorder_rows(today: date | None = None) -> list[ItemRow]:
    return stock_queries.needs_reorder(today)


@read_guard
def lot_lines(today: date | None = None) -> list[LotLine]:
    """Lots holding stock of active items, soonest expiry first, with days left and a status."""
    today = today or date.today()
    items = {row.id: row for row in stock_queries.list_items(today=today)}
    query = (
        Lot.select(Lot.item, Lot.lot_number, Lot.expires_on, Lot.quantity)
        .where(Lot.quantity > 0)
        .order_by(Lot.expires_on.asc(nulls="LAST"), Lot.lot_number)
        .tuples()
    )
    lines = []
    for item_id, lot_number, expires_on, quantity in query:
        item = items.get(item_id)
        if item is None:
            continue
        days = (expires_on - today).days if expires_on else None
        if days is not None and days < 0:
            status = "expired"
        elif days is not None and days <= item.expiry_warning_days:
            status = "expiring"
        else:
            status = "ok"
        lines.append(
            LotLine(
                item.sku, item.name, lot_number, expires_on, quantity, item.unit, item.location, days, status
            )
        )
    return lines


def _utc(day: date) -> datetime:
    """Local midnight at the start of `day`, as the UTC time the ledger stores."""
    local = datetime.combine(day, time()).astimezone()
    return local.astimezone(UTC).replace(tzinfo=None)


@read_guard
def count_movements(start: date | None, end: date | None) -> int:
    return _movement_query(start, end).count()


def _movement_query(start: date | None, end: date | None) -> ModelSelect[Movement]:
    query = (
        Movement.select(
            Movement.id,
            Movement.created_at,
            Item.sku,
            Item.name,
            Movement.kind,
            Movement.quantity,
            Lot.lot_number,
            Lot.expires_on,
            Movement.reason,
            Movement.note,
            Movement.user,
            Movement.reversal_of,
        )
        .join_from(Movement, Item)
        .join_from(Movement, Lot, JOIN.LEFT_OUTER)
        .order_by(Movement.id)
    )
    if start is not None:
        query = query.where(Movement.created_at >= _utc(start))
    if end is not None:
        query = query.where(Movement.created_at < _utc(end + timedelta(days=1)))
    return query


def movement_lines(start: date | None = None, end: date | None = None) -> Iterator[MovementLine]:
    """Ledger lines from `start` to `end` (local days, both included), oldest first, streamed."""
    for row in _movement_query(start, end).tuples().iterator():
        created = row[1] if isinstance(row[1], datetime) else datetime.fromisoformat(str(row[1]))
        expires = row[7]
        if expires is not None and not isinstance(expires, date):
            expires = date.fromisoformat(str(expires)[:10])
        yield MovementLine(
            id=row[0],
            when=created.replace(tzinfo=UTC).astimezone().replace(tzinfo=None),
            sku=row[2],
            name=row[3],
            kind=row[4],
            quantity=row[5],
            lot=row[6] or "",
            expires_on=expires,
            reason=row[8],
            note=row[9],
            user=row[10],
            reversal_of=row[11],
        )


@read_guard
def template_lists() -> dict[str, list[str]]:
    """Choices for the import template's drop-down lists: categories, units, locations."""
    state = CatalogState()
    units = {item.unit for item in state.items.values() if item.unit} | set(COMMON_UNITS)
    return {
        "category": sorted(state.names["category"].values(), key=str.lower),
        "unit": sorted(units, key=str.lower),
        "location": sorted(state.names["location"].values(), key=str.lower),
    }
