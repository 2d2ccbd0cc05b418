"""Expiry: lots expiring or expired, throwing them out, the waste log, and lot recalls.

A lot is "expiring" from `window` days before its expiry date, where the window
is the item's own, else its category's, else the office default (Settings);
it is "expired" from the day after its expiry date (on the date itself it is
still usable, as `core.stock.movements` treats it). Value is the quantity at the item's
cost per unit of issue. Disposing of a lot goes through `core.stock.movements`'s disposal
with the lot named and the reason "expired", so the ledger rules hold; each
call writes one audit event, however many lots it throws out.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal

from peewee import JOIN, fn

from inventory_app.core.accounts import audit
from inventory_app.core.accounts.audit import Action
from inventory_app.core.money import CENT, money_of, unit_cost_of_issue
from inventory_app.core.settings import office_settings
from inventory_app.core.shelf.types import ExpiringLot, LotMovement, LotReceipt, LotTrace, WasteLine, WasteLog
from inventory_app.core.stock import movements as stock
from inventory_app.core.times import day_start, ledger_value, local_time, parse_time
from inventory_app.core.types import MovementKind, MovementRow
from inventory_app.core.wording import lot_name
from inventory_app.db.ledger import StockItem
from inventory_app.db.models import (
    Category,
    Item,
    Location,
    Lot,
    Movement,
    PurchaseOrder,
    PurchaseOrderLine,
    Supplier,
)
from inventory_app.db.transaction import read_guard, write_unit
from inventory_app.errors import InventoryError, NotFound


def _as_date(value: object) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


@read_guard
def window_days(item_id: int) -> int:
    """The item's expiry warning window: its own, else its category's, else the office default."""
    row = (
        Item.select(Item.expiry_warning_days, Category.expiry_warning_days)
        .join(Category, JOIN.LEFT_OUTER)
        .where(Item.id == item_id)
        .tuples()
        .first()
    )
    if row is None:
        raise NotFound(f"Item #{item_id} does not exist.")
    default = office_settings().expiry_warning_days
    return next((days for days in row if days is not None), default)


@read_guard
def expiring_lots(
    today: date | None = None,
    days: int | None = None,
    *,
    include_expired: bool = True,
    item_id: int | None = None,
) -> list[ExpiringLot]:
    """Lots holding stock of active items that expire within their window (or within `days`
    when given, for every item alike) and, unless told otherwise, those already expired;
    soonest expiry first."""
    today = today or date.today()
    default = office_settings().expiry_warning_days
    window = fn.COALESCE(Item.expiry_warning_days, Category.expiry_warning_days, default)
    query = (
        Lot.select(
            Lot.id,
            Item.id,
            Item.sku,
            Item.name,
            Item.unit,
            fn.COALESCE(Location.name, ""),
            fn.COALESCE(Category.name, ""),
            Lot.lot_number,
            Lot.expires_on,
            window,
            Lot.quantity,
            Item.unit_cost,
            Item.units_per_purchase_unit,
        )
        .join(Item)
        .join_from(Item, Category, JOIN.LEFT_OUTER)
        .join_from(Item, Location, JOIN.LEFT_OUTER)
        .where(
            (Lot.quantity > 0)
            & (Item.active == True)  # noqa: E712
            & Lot.expires_on.is_null(False)
        )
        .order_by(Lot.expires_on, Item.sku, Lot.lot_number)
    )
    if item_id is not None:
        query = query.where(Item.id == item_id)
    if not include_expired:
        query = query.where(Lot.expires_on >= today)
    if days is not None:
        query = query.where(Lot.expires_on <= today + timedelta(days=days))
    rows = []
    for r in query.tuples():
        expires_on = _as_date(r[8])
        assert expires_on is not None
        days_left = (expires_on - today).days
        window_of_item = int(r[9])
        if days is None and days_left > window_of_item:
            continue
        cost = unit_cost_of_issue(r[11], r[12])
        rows.append(
            ExpiringLot(
                lot_id=r[0],
                item_id=r[1],
                sku=r[2],
                name=r[3],
                unit=r[4],
                location=r[5],
                category=r[6],
                lot_number=r[7],
                expires_on=expires_on,
                days_left=days_left,
                window_days=window_of_item,
                quantity=int(r[10]),
                unit_cost=cost,
                value=money_of(int(r[10]), cost),
            )
        )
    return rows


# ---------------------------------------------------------------- disposing


def _dispose_lot(lot_id: int, note: str, today: date) -> tuple[StockItem, list[MovementRow]]:
    """Throw out one expired lot inside the caller's transaction, without an audit event."""
    lot = Lot.select(Lot, Item).join(Item).where(Lot.id == lot_id).first()
    if lot is None:
        raise NotFound(f"Lot #{lot_id} does not exist.")
    sku = lot.item.sku
    name = lot_name(lot.lot_number, lot.expires_on)
    name = name[0].upper() + name[1:]
    if lot.expires_on is None or lot.expires_on >= today:
        when = f"expires on {lot.expires_on}" if lot.expires_on else "has no expiry date"
        raise InventoryError(
            f"{name} of {sku} {when}; it has not expired. Dispose of it as damaged or recalled instead."
        )
    if lot.quantity <= 0:
        raise InventoryError(f"{name} of {sku} has nothing left to dispose of.")
    # A lot without a number is named by its expiry date.
    return stock._dispose(
        lot.item_id, lot.quantity, reason="expired", lot=lot.lot_number, expires=lot.expires_on, note=note
    )


@write_unit
def dispose_expired_lot(lot_id: int, *, note: str = "", today: date | None = None) -> list[MovementRow]:
    """Throw away everything left of one expired lot (reason "expired"), in one transaction."""
    item, rows = _dispose_lot(lot_id, note, today or date.today())
    audit.record(Action.DISPOSE, f"{item.sku} {item.name}", stock.disposal_text(item, rows))
    return rows


@write_unit
def dispose_expired(
    lot_ids: Sequence[int] | None = None, *, note: str = "", today: date | None = None
) -> list[MovementRow]:
    """Throw away several expired lots (all of them when `lot_ids` is None), all or nothing."""
    today = today or date.today()
    if lot_ids is None:
        lot_ids = [lot.lot_id for lot in expiring_lots(today, include_expired=True) if lot.expired]
    movements: list[MovementRow] = []
    parts: list[str] = []
    for lot_id in sorted(set(lot_ids)):  # a fixed order: locks are taken the same way everywhere
        item, rows = _dispose_lot(lot_id, note, today)
        movements += rows
        lot = lot_name(rows[0].lot_number, rows[0].expires_on)
        parts.append(f"{item.sku} {lot} ({-sum(r.quantity for r in rows)} {item.unit})")
    if parts:
        lots = f"{len(parts)} expired lot{'s' if len(parts) != 1 else ''}"
        audit.record(Action.DISPOSE, lots, "disposed of (expired): " + ", ".join(parts))
    return movements


# ---------------------------------------------------------------- the waste log


@read_guard
def waste_log(start: date | None = None, end: date | None = None, today: date | None = None) -> WasteLog:
    """Disposals from `start` to `end` (local days, both included; open when None), oldest
    first, each with its cost; reversed disposals are left out. Also the expired lots
    still holding stock today."""
    reversal = Movement.alias("reversal")
    query = (
        Movement.select(
            Movement.id,
            Movement.created_at,
            Item.id,
            Item.sku,
            Item.name,
            Item.unit,
            fn.COALESCE(Lot.lot_number, ""),
            Lot.expires_on,
            Movement.quantity,
            Movement.reason,
            Movement.note,
            Movement.user,
            Item.unit_cost,
            Item.units_per_purchase_unit,
        )
        .join_from(Movement, Item)
        .join_from(Movement, Lot, JOIN.LEFT_OUTER)
        .join_from(Movement, reversal, JOIN.LEFT_OUTER, on=(reversal.reversal_of == Movement.id))
        .where((Movement.kind == str(MovementKind.DISPOSE)) & reversal.id.is_null())
        .order_by(Movement.created_at, Movement.id)
    )
    if start is not None:
        query = query.where(Movement.created_at >= ledger_value(day_start(start)))
    if end is not None:
        query = query.where(Movement.created_at < ledger_value(day_start(end + timedelta(days=1))))
    lines = []
    for r in query.tuples():
        cost = unit_cost_of_issue(r[12], r[13])
        created = parse_time(r[1])
        assert created is not None
        lines.append(
            WasteLine(
                movement_id=r[0],
                when=local_time(created),
                item_id=r[2],
                sku=r[3],
                name=r[4],
                unit=r[5],
                lot_number=r[6],
                expires_on=_as_date(r[7]),
                quantity=-int(r[8]),
                reason=r[9] or "other",
                note=r[10],
                user=r[11],
                unit_cost=cost,
                cost=money_of(-int(r[8]), cost),
            )
        )
    still = [lot for lot in expiring_lots(today, include_expired=True) if lot.expired]
    return WasteLog(start=start, end=end, lines=lines, still_expired=still)


# ---------------------------------------------------------------- recalls


@read_guard
def trace_lot(lot_number: str, today: date | None = None) -> list[LotTrace]:
    """Every lot numbered `lot_number` (any case; several items may share a number), with
    its receipts (purchase order and supplier when received against one), its ledger lines
    and what is left. When no lot has exactly that number, lots whose number contains it."""
    today = today or date.today()
    wanted = lot_number.strip()
    if not wanted:
        return []
    base = Lot.select(Lot.id)
    lot_ids = [row.id for row in base.where(fn.LOWER(Lot.lot_number) == wanted.lower())]
    if not lot_ids:
        lot_ids = [row.id for row in base.where(Lot.lot_number.contains(wanted))]
    traces = [_trace(lot_id, today) for lot_id in lot_ids]
    return sorted(traces, key=lambda t: (t.sku, t.lot_number))


def _trace(lot_id: int, today: date) -> LotTrace:
    lot = (
        Lot.select(Lot, Item, Location)
        .join(Item)
        .join(Location, JOIN.LEFT_OUTER)
        .where(Lot.id == lot_id)
        .first()
    )
    reversal = Movement.alias("reversal")
    original = Movement.alias("original")
    query = (
        Movement.select(
            Movement.id,
            Movement.created_at,
            Movement.kind,
            Movement.quantity,
            Movement.reason,
            Movement.note,
            Movement.user,
            Movement.reversal_of,
            reversal.id,
            original.kind,
            PurchaseOrder.id,
            PurchaseOrder.number,
            Supplier.name,
            PurchaseOrderLine.line_no,
            PurchaseOrderLine.unit_cost,
        )
        .join_from(Movement, reversal, JOIN.LEFT_OUTER, on=(reversal.reversal_of == Movement.id))
        .join_from(Movement, original, JOIN.LEFT_OUTER, on=(Movement.reversal_of == original.id))
        .join_from(Movement, PurchaseOrderLine, JOIN.LEFT_OUTER)
        .join_from(PurchaseOrderLine, PurchaseOrder, JOIN.LEFT_OUTER)
        .join_from(PurchaseOrder, Supplier, JOIN.LEFT_OUTER)
        .where(Movement.lot == lot_id)
        .order_by(Movement.id)
    )
    totals = {kind: 0 for kind in MovementKind}
    receipts: list[LotReceipt] = []
    movements: list[LotMovement] = []
    balance = 0
    for r in query.tuples():
        created = parse_time(r[1])
        assert created is not None
        when = local_time(created)
        kind, quantity = MovementKind(r[2]), int(r[3])
        balance += quantity
        totals[MovementKind(r[9]) if kind is MovementKind.REVERSAL and r[9] else kind] += quantity
        if kind is MovementKind.RECEIVE:
            receipts.append(
                LotReceipt(
                    movement_id=r[0],
                    when=when,
                    quantity=quantity,
                    order_id=r[10],
                    order_number=r[11] or "",
                    supplier=r[12] or "",
                    line_no=r[13],
                    unit_price=None if r[14] is None else _money(r[14]),
                    user=r[6],
                    note=r[5],
                    reversed=r[8] is not None,
                )
            )
        movements.append(
            LotMovement(
                movement_id=r[0],
                when=when,
                kind=str(kind),
                quantity=quantity,
                balance=balance,
                reason=r[4],
                note=r[5],
                user=r[6],
                reversal_of=r[7],
                reversed_by=r[8],
            )
        )
    expires_on = _as_date(lot.expires_on)
    return LotTrace(
        lot_id=lot.id,
        item_id=lot.item.id,
        sku=lot.item.sku,
        name=lot.item.name,
        unit=lot.item.unit,
        location=lot.item.location.name if lot.item.location_id else "",
        lot_number=lot.lot_number,
        expires_on=expires_on,
        expired=expires_on is not None and expires_on < today,
        quantity=int(lot.quantity),
        received=totals[MovementKind.RECEIVE],
        used=-totals[MovementKind.USE],
        disposed=-totals[MovementKind.DISPOSE],
        adjusted=totals[MovementKind.ADJUST] + totals[MovementKind.REVERSAL],
        receipts=receipts,
        movements=movements,
    )


def _money(value: object) -> Decimal:
    return Decimal(str(value)).quantize(CENT)
