"""The stock ledger: receive, use, adjust, dispose, reverse.

Each call is one transaction. A movement row is written for every lot touched,
and the cached `Item.on_hand` / `Lot.quantity` change in the same transaction
through conditional updates (`... WHERE quantity >= n`), so two workstations
taking the last units at once cannot drive stock below zero: the loser's unit
of work is retried and then refused with what is really on hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from peewee import JOIN, SQL, IntegrityError

from inventory_app.core import validation as v
from inventory_app.core.context import current_user
from inventory_app.core.types import DISPOSE_REASONS, MovementKind, MovementRow
from inventory_app.db.connection import is_sqlite
from inventory_app.db.models import SERVER_NOW_POSTGRES, SERVER_NOW_SQLITE, Item, Lot, Movement
from inventory_app.db.transaction import write_unit
from inventory_app.errors import (
    ConcurrentChange,
    InsufficientStock,
    InventoryError,
    NotFound,
    ValidationError,
)


@dataclass(frozen=True, slots=True)
class _Take:
    lot: Lot | None
    quantity: int


def _now_sql() -> SQL:
    return SQL(SERVER_NOW_SQLITE if is_sqlite() else SERVER_NOW_POSTGRES)


def _item(item_id: int) -> Item:
    item = Item.get_or_none(Item.id == item_id)
    if item is None:
        raise NotFound(f"Item #{item_id} does not exist.")
    return item


def _quantity(value: object, field: str = "quantity") -> int:
    number = v.required_int(value, field, minimum=1)
    return number


def _describe(item: Item) -> str:
    return f"{item.sku} ({item.name})"


def _insert(
    item: Item,
    quantity: int,
    kind: MovementKind,
    lot: Lot | None,
    reason: str,
    note: str,
    reversal_of: int | None = None,
    at: datetime | None = None,
) -> int:
    return Movement.insert(
        item=item.id,
        lot=lot.id if lot else None,
        kind=str(kind),
        quantity=quantity,
        reason=reason,
        note=note,
        user=current_user(),
        created_at=at if at is not None else _now_sql(),
        reversal_of=reversal_of,
    ).execute()


def _add_to_caches(item: Item, lot: Lot | None, quantity: int) -> None:
    """Increase (quantity > 0) the cached totals."""
    Item.update(on_hand=Item.on_hand + quantity).where(Item.id == item.id).execute()
    if lot is not None:
        Lot.update(quantity=Lot.quantity + quantity).where(Lot.id == lot.id).execute()


def _take_from_caches(item: Item, lot: Lot | None, quantity: int) -> None:
    """Decrease the cached totals only if enough is there; otherwise someone got in first."""
    if lot is not None:
        changed = (
            Lot.update(quantity=Lot.quantity - quantity)
            .where((Lot.id == lot.id) & (Lot.quantity >= quantity))
            .execute()
        )
        if changed != 1:
            raise ConcurrentChange("Lot stock changed while saving.")
    changed = (
        Item.update(on_hand=Item.on_hand - quantity)
        .where((Item.id == item.id) & (Item.on_hand >= quantity))
        .execute()
    )
    if changed != 1:
        raise ConcurrentChange("Stock changed while saving.")


def _lot_for_receipt(item: Item, lot_number: str | None, expires: object) -> Lot | None:
    lot_number = v.text(lot_number, "lot", max_length=100)
    expires_on = v.iso_date(expires, "expires")
    if not item.tracks_expiry:
        if lot_number or expires_on:
            raise ValidationError(
                "lot", f"{item.sku} does not track lots and expiry; leave them empty."
            )
        return None
    if not lot_number:
        raise ValidationError("lot", f"{item.sku} tracks expiry: enter the lot number.")
    if expires_on is None:
        raise ValidationError("expires", f"{item.sku} tracks expiry: enter the expiry date.")
    lot = Lot.get_or_none((Lot.item == item.id) & (Lot.lot_number == lot_number))
    if lot is None:
        try:
            with Lot._meta.database.atomic():
                return Lot.create(item=item.id, lot_number=lot_number, expires_on=expires_on)
        except IntegrityError:
            raise ConcurrentChange("Lot was created by someone else.") from None
    if lot.expires_on != expires_on:
        raise ValidationError(
            "expires",
            f"Lot {lot_number} of {item.sku} was received before with expiry "
            f"{lot.expires_on.isoformat() if lot.expires_on else 'none'}.",
        )
    return lot


def _plan_take(
    item: Item, quantity: int, lot_number: str | None, include_expired: bool, action: str
) -> list[_Take]:
    """Which lots to take `quantity` from: the named lot, else first-expired-first."""
    today = date.today()
    lot_number = (lot_number or "").strip()
    if not item.tracks_expiry:
        if lot_number:
            raise ValidationError("lot", f"{item.sku} does not track lots.")
        if item.on_hand < quantity:
            raise InsufficientStock(
                f"Cannot {action} {quantity} {item.unit} of {_describe(item)}: "
                f"only {item.on_hand} on hand.",
                available=item.on_hand,
            )
        return [_Take(None, quantity)]
    query = Lot.select().where((Lot.item == item.id) & (Lot.quantity > 0))
    if lot_number:
        query = query.where(Lot.lot_number == lot_number)
    candidates = list(query.order_by(Lot.expires_on.asc(nulls="LAST"), Lot.id))
    if lot_number and not candidates:
        if Lot.select().where((Lot.item == item.id) & (Lot.lot_number == lot_number)).exists():
            raise InsufficientStock(
                f"Lot {lot_number} of {_describe(item)} has none left.", available=0
            )
        raise ValidationError("lot", f"{item.sku} has no lot {lot_number}.")
    if not include_expired:
        expired = [lot for lot in candidates if lot.expires_on and lot.expires_on < today]
        if lot_number and expired:
            raise ValidationError(
                "lot",
                f"Lot {lot_number} of {item.sku} expired on {expired[0].expires_on.isoformat()}; "
                "dispose of it instead.",
            )
        candidates = [lot for lot in candidates if lot not in expired]
    available = sum(lot.quantity for lot in candidates)
    if available < quantity:
        where = f"lot {lot_number}" if lot_number else "usable stock"
        raise InsufficientStock(
            f"Cannot {action} {quantity} {item.unit} of {_describe(item)}: "
            f"only {available} on hand ({where}).",
            available=available,
        )
    plan: list[_Take] = []
    left = quantity
    for lot in candidates:
        if left == 0:
            break
        take = min(left, lot.quantity)
        plan.append(_Take(lot, take))
        left -= take
    return plan


def _rows(ids: list[int]) -> list[MovementRow]:
    from inventory_app.core.stock_queries import _as_date

    query = (
        Movement.select(Movement, Lot.lot_number, Lot.expires_on)
        .join(Lot, on=(Movement.lot == Lot.id), join_type=JOIN.LEFT_OUTER)
        .where(Movement.id.in_(ids))
        .order_by(Movement.id)
    )
    rows = []
    for m in query.objects():
        rows.append(
            MovementRow(
                id=m.id,
                item_id=m.item_id,
                kind=MovementKind(m.kind),
                quantity=m.quantity,
                created_at=m.created_at,
                lot_number=m.lot_number or "",
                expires_on=_as_date(m.expires_on),
                reason=m.reason,
                note=m.note,
                user=m.user,
                reversal_of=m.reversal_of_id,
            )
        )
    return rows


def _take(
    item: Item,
    quantity: int,
    kind: MovementKind,
    lot: str | None,
    reason: str,
    note: str,
    include_expired: bool,
    action: str,
    at: datetime | None = None,
) -> list[int]:
    ids = []
    for part in _plan_take(item, quantity, lot, include_expired, action):
        _take_from_caches(item, part.lot, part.quantity)
        ids.append(_insert(item, -part.quantity, kind, part.lot, reason, note, at=at))
    return ids


def _put(
    item: Item,
    quantity: int,
    kind: MovementKind,
    lot: str | None,
    expires: object,
    reason: str,
    note: str,
    at: datetime | None = None,
) -> list[int]:
    target = _lot_for_receipt(item, lot, expires)
    _add_to_caches(item, target, quantity)
    return [_insert(item, quantity, kind, target, reason, note, at=at)]


# ---------------------------------------------------------------- services


@write_unit
def receive(
    item_id: int,
    quantity: object,
    *,
    lot: str | None = None,
    expires: object = None,
    reason: str = "",
    note: str = "",
    at: datetime | None = None,
) -> list[MovementRow]:
    """Add stock. Items that track expiry need a lot number and an expiry date."""
    qty = _quantity(quantity)
    item = _item(item_id)
    note = v.text(note, "note", max_length=2000)
    return _rows(_put(item, qty, MovementKind.RECEIVE, lot, expires, reason, note, at))


@write_unit
def use(
    item_id: int,
    quantity: object,
    *,
    lot: str | None = None,
    note: str = "",
    at: datetime | None = None,
) -> list[MovementRow]:
    """Take stock for use, first-expired-first unless a lot is named. Expired stock is not usable."""
    qty = _quantity(quantity)
    item = _item(item_id)
    note = v.text(note, "note", max_length=2000)
    return _rows(_take(item, qty, MovementKind.USE, lot, "", note, False, "use", at))


@write_unit
def dispose(
    item_id: int,
    quantity: object,
    *,
    reason: str,
    lot: str | None = None,
    note: str = "",
) -> list[MovementRow]:
    """Throw stock away (expired, damaged, recalled, other); takes expired lots first."""
    reason = (reason or "").strip().lower()
    if reason not in DISPOSE_REASONS:
        raise ValidationError(
            "reason", f"Choose why it is disposed of: {', '.join(DISPOSE_REASONS)}."
        )
    qty = _quantity(quantity)
    item = _item(item_id)
    note = v.text(note, "note", max_length=2000)
    return _rows(_take(item, qty, MovementKind.DISPOSE, lot, reason, note, True, "dispose of"))


@write_unit
def adjust(
    item_id: int,
    difference: object,
    *,
    reason: str,
    lot: str | None = None,
    expires: object = None,
    note: str = "",
    at: datetime | None = None,
) -> list[MovementRow]:
    """Correct stock by a signed difference, with a reason (e.g. "count", "correction")."""
    reason = v.text(reason, "reason", required=True, max_length=50)
    delta = v.required_int(difference, "quantity", minimum=None)
    if delta == 0:
        raise ValidationError("quantity", "The difference is zero: nothing to adjust.")
    item = _item(item_id)
    note = v.text(note, "note", max_length=2000)
    if delta > 0:
        ids = _put(item, delta, MovementKind.ADJUST, lot, expires, reason, note, at)
    else:
        ids = _take(item, -delta, MovementKind.ADJUST, lot, reason, note, bool(lot), "remove", at)
    return _rows(ids)


@write_unit
def adjust_to(
    item_id: int,
    counted: object,
    *,
    reason: str = "count",
    lot: str | None = None,
    expires: object = None,
    note: str = "",
) -> list[MovementRow]:
    """Set usable stock to a counted quantity (of the item, or of one lot when named)."""
    from inventory_app.core.stock_queries import expired_quantity

    target = v.required_int(counted, "quantity")
    item = _item(item_id)
    if lot and item.tracks_expiry:
        existing = Lot.get_or_none((Lot.item == item.id) & (Lot.lot_number == lot.strip()))
        current = existing.quantity if existing else 0
    else:
        current = item.on_hand - (expired_quantity(item.id) if item.tracks_expiry else 0)
    difference = target - current
    if difference == 0:
        return []
    return adjust(
        item_id, difference, reason=reason, lot=lot, expires=expires, note=note
    )


@write_unit
def reverse(movement_id: int, *, note: str = "") -> list[MovementRow]:
    """Undo a movement with a new one that points at it. A movement is reversed at most once."""
    original = Movement.get_or_none(Movement.id == movement_id)
    if original is None:
        raise NotFound(f"Movement #{movement_id} does not exist.")
    if original.kind == MovementKind.REVERSAL:
        raise InventoryError(
            f"Movement #{movement_id} is itself a reversal; record the stock again instead."
        )
    if Movement.select().where(Movement.reversal_of == movement_id).exists():
        raise InventoryError(f"Movement #{movement_id} has already been reversed.")
    item = _item(original.item_id)
    lot = Lot.get_by_id(original.lot_id) if original.lot_id else None
    quantity = -original.quantity
    if quantity < 0:
        have = lot.quantity if lot is not None else item.on_hand
        if have < -quantity:
            where = f"lot {lot.lot_number}" if lot is not None else "stock"
            raise InsufficientStock(
                f"Cannot reverse movement #{movement_id} of {_describe(item)}: it added "
                f"{-quantity} but only {have} is left in {where}.",
                available=have,
            )
        _take_from_caches(item, lot, -quantity)
    else:
        _add_to_caches(item, lot, quantity)
    note = v.text(note, "note", max_length=2000) or f"Reverses #{movement_id}"
    try:
        with Movement._meta.database.atomic():
            new_id = _insert(
                item, quantity, MovementKind.REVERSAL, lot, original.reason, note, movement_id
            )
    except IntegrityError:
        raise ConcurrentChange("Reversed by someone else meanwhile.") from None
    return _rows([new_id])
