"""Reading stock: the item list with status, the low-stock list, lots, history, counts.

On hand is the ledger's sum, cached on `Item.on_hand` and `Lot.quantity` in the
same transaction as each movement. Expired lots are not usable: their quantity
is subtracted from on hand and shown apart.
"""

from __future__ import annotations

from datetime import date, timedelta

from peewee import JOIN, Case, fn

from inventory_app.core.settings import office_settings
from inventory_app.core.types import (
    AttentionCounts,
    ItemRow,
    LotRow,
    MovementKind,
    MovementRow,
    Status,
    stock_status,
)
from inventory_app.db.models import Category, Item, Location, Lot, Movement, Supplier
from inventory_app.db.transaction import read_guard


def _lot_summary(today: date):
    """Per item: expired quantity and the next expiry of usable stock (lots with stock)."""
    expired = fn.SUM(Case(None, [(Lot.expires_on < today, Lot.quantity)], 0))
    next_expiry = fn.MIN(Case(None, [(Lot.expires_on >= today, Lot.expires_on)], None))
    return (
        Lot.select(Lot.item.alias("item_id"), expired.alias("expired"), next_expiry.alias("nxt"))
        .where(Lot.quantity > 0)
        .group_by(Lot.item)
        .alias("lots")
    )


def _item_query(today: date, include_archived: bool = False):
    lots = _lot_summary(today)
    expired = fn.COALESCE(lots.c.expired, 0)
    default_days = office_settings().expiry_warning_days
    query = (
        Item.select(
            Item.id,
            Item.sku,
            Item.name,
            fn.COALESCE(Category.name, ""),
            fn.COALESCE(Location.name, ""),
            Item.unit,
            Item.on_hand - expired,
            expired,
            Item.reorder_point,
            Item.par_level,
            fn.COALESCE(Supplier.name, ""),
            lots.c.nxt,
            fn.COALESCE(Item.barcode, ""),
            Item.tracks_expiry,
            Item.active,
            fn.COALESCE(Item.expiry_warning_days, Category.expiry_warning_days, default_days),
        )
        .join_from(Item, Category, JOIN.LEFT_OUTER)
        .join_from(Item, Location, JOIN.LEFT_OUTER)
        .join_from(Item, Supplier, JOIN.LEFT_OUTER)
        .join_from(Item, lots, JOIN.LEFT_OUTER, on=(lots.c.item_id == Item.id))
        .order_by(Item.sku)
    )
    if not include_archived:
        query = query.where(Item.active == True)  # noqa: E712
    return query, expired


def _as_date(value: object) -> date | None:
    if value is None or isinstance(value, date):
        return value  # type: ignore[return-value]
    return date.fromisoformat(str(value)[:10])


def _rows(query) -> list[ItemRow]:
    out = []
    for r in query.tuples().iterator():
        on_hand = int(r[6])
        out.append(
            ItemRow(
                id=r[0],
                sku=r[1],
                name=r[2],
                category=r[3],
                location=r[4],
                unit=r[5],
                on_hand=on_hand,
                expired=int(r[7]),
                reorder_point=r[8],
                par_level=r[9],
                status=stock_status(on_hand, r[8]),
                supplier=r[10],
                next_expiry=_as_date(r[11]),
                barcode=r[12],
                tracks_expiry=bool(r[13]),
                active=bool(r[14]),
                expiry_warning_days=int(r[15]),
            )
        )
    return out


@read_guard
def list_items(
    status: Status | str | None = None,
    include_archived: bool = False,
    today: date | None = None,
) -> list[ItemRow]:
    """Every active item with on hand, expired stock apart, status and next expiry."""
    today = today or date.today()
    query, expired = _item_query(today, include_archived)
    usable = Item.on_hand - expired
    if status is not None:
        status = Status(status)
        if status is Status.OUT:
            query = query.where(usable <= 0)
        elif status is Status.LOW:
            query = query.where((usable > 0) & (usable <= Item.reorder_point))
        else:
            query = query.where((usable > 0) & (usable > Item.reorder_point))
    return _rows(query)


@read_guard
def needs_reorder(today: date | None = None) -> list[ItemRow]:
    """Active items whose usable stock is at or below their reorder point (low or out)."""
    today = today or date.today()
    query, expired = _item_query(today)
    return _rows(query.where((Item.on_hand - expired) <= Item.reorder_point))


@read_guard
def item_row(item_id: int, today: date | None = None) -> ItemRow | None:
    query, _ = _item_query(today or date.today(), include_archived=True)
    rows = _rows(query.where(Item.id == item_id))
    return rows[0] if rows else None


@read_guard
def expired_quantity(item_id: int, today: date | None = None) -> int:
    today = today or date.today()
    total = (
        Lot.select(fn.COALESCE(fn.SUM(Lot.quantity), 0))
        .where((Lot.item == item_id) & (Lot.quantity > 0) & (Lot.expires_on < today))
        .scalar()
    )
    return int(total or 0)


@read_guard
def lots(item_id: int, include_empty: bool = False, today: date | None = None) -> list[LotRow]:
    """Lots of an item, soonest expiry first (the FEFO order)."""
    today = today or date.today()
    query = Lot.select().where(Lot.item == item_id)
    if not include_empty:
        query = query.where(Lot.quantity > 0)
    query = query.order_by(Lot.expires_on.asc(nulls="LAST"), Lot.id)
    return [
        LotRow(
            id=lot.id,
            item_id=item_id,
            lot_number=lot.lot_number,
            expires_on=lot.expires_on,
            quantity=lot.quantity,
            expired=lot.expires_on is not None and lot.expires_on < today,
        )
        for lot in query
    ]


@read_guard
def history(item_id: int) -> list[MovementRow]:
    """The ledger of one item, oldest first, with the running balance after each line."""
    reversal = Movement.alias("reversal")
    query = (
        Movement.select(
            Movement.id,
            Movement.kind,
            Movement.quantity,
            Movement.created_at,
            fn.COALESCE(Lot.lot_number, ""),
            Lot.expires_on,
            Movement.reason,
            Movement.note,
            Movement.user,
            Movement.reversal_of,
            reversal.id,
        )
        .join_from(Movement, Lot, JOIN.LEFT_OUTER)
        .join_from(Movement, reversal, JOIN.LEFT_OUTER, on=(reversal.reversal_of == Movement.id))
        .where(Movement.item == item_id)
        .order_by(Movement.id)
    )
    balance = 0
    rows = []
    for r in query.tuples():
        balance += r[2]
        rows.append(
            MovementRow(
                id=r[0],
                item_id=item_id,
                kind=MovementKind(r[1]),
                quantity=r[2],
                created_at=r[3],
                lot_number=r[4],
                expires_on=_as_date(r[5]),
                reason=r[6],
                note=r[7],
                user=r[8],
                reversal_of=r[9],
                reversed_by=r[10],
                balance=balance,
            )
        )
    return rows


@read_guard
def attention_counts(today: date | None = None) -> AttentionCounts:
    """Low, out, expiring-soon and expired lot counts over active items."""
    today = today or date.today()
    query, expired = _item_query(today)
    usable = Item.on_hand - expired
    low_out = (
        query.select(
            fn.COUNT(Item.id),
            fn.SUM(Case(None, [((usable > 0) & (usable <= Item.reorder_point), 1)], 0)),
            fn.SUM(Case(None, [(usable <= 0, 1)], 0)),
        )
        .order_by()
        .tuples()
        .first()
    )
    default_days = office_settings().expiry_warning_days
    warn_days = fn.COALESCE(Item.expiry_warning_days, Category.expiry_warning_days, default_days)
    lot_query = (
        Lot.select(Lot.expires_on, warn_days)
        .join(Item)
        .join(Category, JOIN.LEFT_OUTER)
        .where(
            (Lot.quantity > 0)
            & (Item.active == True)  # noqa: E712
            & (Item.tracks_expiry == True)  # noqa: E712
            & Lot.expires_on.is_null(False)
        )
    )
    expiring = expired_lots = 0
    for expires_on, days in lot_query.tuples().iterator():
        expires_on = _as_date(expires_on)
        if expires_on < today:
            expired_lots += 1
        elif expires_on <= today + timedelta(days=int(days)):
            expiring += 1
    items, low, out = low_out or (0, 0, 0)
    return AttentionCounts(
        low=int(low or 0),
        out=int(out or 0),
        expiring=expiring,
        expired=expired_lots,
        items=int(items or 0),
    )


def expiry_window_days(item_id: int) -> int:
    """The item's warning window, else its category's, else the office default."""
    row = (
        Item.select(Item.expiry_warning_days, Category.expiry_warning_days)
        .join(Category, JOIN.LEFT_OUTER)
        .where(Item.id == item_id)
        .tuples()
        .first()
    )
    default = office_settings().expiry_warning_days
    if row is None:
        return default
    return row[0] if row[0] is not None else (row[1] if row[1] is not None else default)
