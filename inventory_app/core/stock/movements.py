"""The stock ledger: receive, use, adjust, dispose, reverse.

Each call is one transaction. A movement row is written for every lot touched,
and the cached `Item.on_hand` / `Lot.quantity` change in the same transaction
through conditional updates (`... WHERE quantity >= n`), so two workstations
taking the last units at once cannot drive stock below zero: the loser's unit
of work is retried and then refused with what is really on hand. Each call
also writes one audit event in the same transaction; reversing a movement is
for administrators only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from peewee import IntegrityError

from inventory_app.core import validation as v
from inventory_app.core import wording
from inventory_app.core.accounts import audit
from inventory_app.core.accounts.audit import Action
from inventory_app.core.accounts.context import current_user
from inventory_app.core.changes import record_item
from inventory_app.core.types import DISPOSE_REASONS, MovementKind, MovementRow
from inventory_app.core.wording import and_list, counted, lot_name
from inventory_app.db import ledger
from inventory_app.db.connection import current_database
from inventory_app.db.ledger import LotStock, StockItem
from inventory_app.db.models import Movement
from inventory_app.db.transaction import write_unit
from inventory_app.errors import (
    ConcurrentChange,
    InsufficientStock,
    InventoryError,
    NotFound,
    ValidationError,
)


def _units(n: int, unit: str, signed: bool = False) -> str:
    """'2 boxes' (or '+2 boxes', '-1 box') for the audit log's words."""
    text = wording.counted(abs(n) if signed else n, unit)
    return ("+" if n > 0 else "-" if n < 0 else "") + text if signed else text


@dataclass(frozen=True, slots=True)
class _Take:
    lot: LotStock | None
    quantity: int


def stock_item(item_id: int) -> StockItem:
    """The item as the ledger primitives (`put`, `take`) need it; NotFound when it is gone."""
    item = ledger.stock_item(item_id)
    if item is None:
        raise NotFound(f"Item #{item_id} does not exist.")
    return item


def _describe(item: StockItem) -> str:
    return f"{item.sku} ({item.name})"


def _lots_text(rows: list[MovementRow], preposition: str) -> str:
    """The lots touched in words: ' from lot L1', ' from the lot with no number expiring
    2027-03-31', ' from lots L1 (5), L2 (3) and the lot with no number expiring 2027-03-31
    (2)', or empty."""
    touched = [row for row in rows if row.lot_number or row.expires_on is not None]
    if not touched:
        return ""
    if len(touched) == 1:
        return f" {preposition} {lot_name(touched[0].lot_number, touched[0].expires_on)}"
    numbered = [f"{row.lot_number} ({abs(row.quantity)})" for row in touched if row.lot_number]
    dated = [f"{row.expires_on} ({abs(row.quantity)})" for row in touched if not row.lot_number]
    parts = [f"lot{'s' if len(numbered) > 1 else ''} " + ", ".join(numbered)] if numbered else []
    if dated:
        parts.append(f"the lot{'s' if len(dated) > 1 else ''} with no number expiring {and_list(dated)}")
    return f" {preposition} " + " and ".join(parts)


def _audit(action: str, item: StockItem, text: str, at: datetime | None = None) -> None:
    """One audit event for one stock action, inside its transaction."""
    if at is not None:
        text += f"; dated {at:%Y-%m-%d %H:%M}"
    audit.record(action, f"{item.sku} {item.name}", text)


def _record(
    item: StockItem,
    lot: LotStock | None,
    kind: MovementKind,
    quantity: int,
    reason: str,
    note: str,
    reversal_of: int | None = None,
    at: datetime | None = None,
    po_line: int | None = None,
) -> MovementRow:
    record_item(item.id)  # the change set of the action: this item's row is redrawn
    movement_id, created_at = ledger.insert_movement(
        item.id,
        lot.id if lot else None,
        str(kind),
        quantity,
        reason,
        note,
        current_user(),
        reversal_of,
        at,
        po_line,
    )
    return MovementRow(
        id=movement_id,
        item_id=item.id,
        kind=kind,
        quantity=quantity,
        created_at=created_at,
        lot_number=lot.lot_number if lot else "",
        expires_on=lot.expires_on if lot else None,
        reason=reason,
        note=note,
        user=current_user(),
        reversal_of=reversal_of,
    )


def _lot_for_receipt(item: StockItem, lot_number: str | None, expires: object) -> LotStock | None:
    lot_number = v.text(lot_number, "lot", max_length=100)
    expires_on = v.iso_date(expires, "expires")
    if not item.tracks_expiry:
        if lot_number or expires_on:
            raise ValidationError("lot", f"{item.sku} does not track lots and expiry; leave them empty.")
        return None
    if expires_on is None:
        raise ValidationError(
            "expires",
            f"{item.sku} tracks expiry: enter the expiry date (and the lot number, if the box has one).",
        )
    # Without a number the lot is the item's lot without a number for that expiry date.
    lot = (
        ledger.find_lot(item.id, lot_number)
        if lot_number
        else ledger.find_unnumbered_lot(item.id, expires_on)
    )
    if lot is None:
        try:
            with current_database().atomic():
                return ledger.create_lot(item.id, lot_number, expires_on)
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
    item: StockItem,
    quantity: int,
    lot_number: str | None,
    include_expired: bool,
    action: str,
    unnumbered_expiring: date | None = None,
) -> list[_Take]:
    """Which lots to take `quantity` from: the named lot, or the lot without a number that
    expires on `unnumbered_expiring` (when no number is given), else first-expired-first."""
    lot_number = (lot_number or "").strip()
    if not item.tracks_expiry:
        if lot_number:
            raise ValidationError("lot", f"{item.sku} does not track lots.")
        if item.on_hand < quantity:
            raise InsufficientStock(
                f"Cannot {action} {counted(quantity, item.unit)} of {_describe(item)}: "
                f"only {item.on_hand} on hand.",
                available=item.on_hand,
            )
        return [_Take(None, quantity)]
    unnumbered = None if lot_number else unnumbered_expiring
    named = bool(lot_number) or unnumbered is not None
    name = lot_name(lot_number, unnumbered)
    candidates = ledger.lots_with_stock(item.id, lot_number or None, unnumbered)
    if named and not candidates:
        exists = (
            ledger.find_lot(item.id, lot_number)
            if lot_number
            else ledger.find_unnumbered_lot(item.id, unnumbered)  # type: ignore[arg-type]
        )
        if exists is not None:
            raise InsufficientStock(
                f"{name[0].upper()}{name[1:]} of {_describe(item)} has none left.", available=0
            )
        raise ValidationError("lot", f"{item.sku} has no {name.removeprefix('the ')}.")
    if not include_expired:
        today = date.today()
        expired = [lot for lot in candidates if lot.expires_on and lot.expires_on < today]
        if named and expired:
            raise ValidationError(
                "lot",
                f"{name[0].upper()}{name[1:]} of {item.sku} expired on {expired[0].expires_on}; "
                "dispose of it instead.",
            )
        candidates = [lot for lot in candidates if lot not in expired]
    available = sum(lot.quantity for lot in candidates)
    if available < quantity:
        where = f"in {name}" if named else "usable"
        raise InsufficientStock(
            f"Cannot {action} {counted(quantity, item.unit)} of {_describe(item)}: "
            f"only {available} on hand ({where}).",
            available=available,
        )
    plan: list[_Take] = []
    left = quantity
    for lot in candidates:
        if left == 0:
            break
        part = min(left, lot.quantity)
        plan.append(_Take(lot, part))
        left -= part
    return plan


def take(
    item: StockItem,
    quantity: int,
    kind: MovementKind,
    lot: str | None,
    reason: str,
    note: str,
    include_expired: bool,
    action: str,
    at: datetime | None = None,
    unnumbered_expiring: date | None = None,
) -> list[MovementRow]:
    """Remove stock inside the caller's transaction (no validation of `quantity`)."""
    rows = []
    for part in _plan_take(item, quantity, lot, include_expired, action, unnumbered_expiring):
        if not ledger.take_stock(item.id, part.lot.id if part.lot else None, part.quantity):
            raise ConcurrentChange("Stock changed while saving.")
        rows.append(_record(item, part.lot, kind, -part.quantity, reason, note, at=at))
    return rows


def put(
    item: StockItem,
    quantity: int,
    kind: MovementKind,
    lot: str | None,
    expires: object,
    reason: str,
    note: str,
    at: datetime | None = None,
    po_line: int | None = None,
) -> list[MovementRow]:
    """Add stock inside the caller's transaction (no validation of `quantity`)."""
    target = _lot_for_receipt(item, lot, expires)
    ledger.add_stock(item.id, target.id if target else None, quantity)
    return [_record(item, target, kind, quantity, reason, note, at=at, po_line=po_line)]


# ---------------------------------------------------------------- services
#
# Each service records one audit event for the user's action. Services that are
# made of others (adjust_to, a posted count, disposing of expired lots) call the
# unaudited `_adjust` / `_dispose` and record their own single event.


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
    qty = v.required_int(quantity, "quantity", minimum=1)
    reason = v.text(reason, "reason", max_length=50)
    note = v.text(note, "note", max_length=2000)
    item = stock_item(item_id)
    rows = put(item, qty, MovementKind.RECEIVE, lot, expires, reason, note, at)
    text = f"received {_units(qty, item.unit)}" + _lots_text(rows, "into")
    if rows[0].lot_number and rows[0].expires_on is not None:  # a lot without one says its date
        text += f", expires {rows[0].expires_on.isoformat()}"
    _audit(Action.RECEIVE, item, text, at)
    return rows


def expired_lot_warning(lot_number: str, expires_on: date) -> str:
    """What to say when a lot that has already expired is received (it is still recorded)."""
    lot = f"Lot {lot_number}" if lot_number else "The lot with no number"
    return (
        f"{lot} expired on {expires_on.isoformat()}; it is recorded, "
        "and shows on the Expiring page as expired."
    )


def expired_on_receipt(rows: Sequence[MovementRow], today: date | None = None) -> list[str]:
    """A warning for each lot received into that expired before `today` (expired from the day
    after its date, as everywhere else), once per lot."""
    today = today or date.today()
    seen: set[tuple[str, date]] = set()
    warnings = []
    for row in rows:
        if row.quantity <= 0 or row.expires_on is None or row.expires_on >= today:
            continue
        key = (row.lot_number, row.expires_on)
        if key not in seen:
            seen.add(key)
            warnings.append(expired_lot_warning(row.lot_number, row.expires_on))
    return warnings


@write_unit
def use(
    item_id: int,
    quantity: object,
    *,
    lot: str | None = None,
    expires: object = None,
    note: str = "",
    at: datetime | None = None,
) -> list[MovementRow]:
    """Take stock for use, first-expired-first unless a lot is named (by its number, or by
    `expires` alone for the lot without a number of that date). Expired stock is not usable."""
    qty = v.required_int(quantity, "quantity", minimum=1)
    note = v.text(note, "note", max_length=2000)
    expires_on = v.iso_date(expires, "expires")
    item = stock_item(item_id)
    rows = take(item, qty, MovementKind.USE, lot, "", note, False, "use", at, expires_on)
    _audit(Action.USE, item, f"used {_units(qty, item.unit)}" + _lots_text(rows, "from"), at)
    return rows


def _dispose(
    item_id: int,
    quantity: object,
    *,
    reason: str,
    lot: str | None = None,
    expires: object = None,
    note: str = "",
) -> tuple[StockItem, list[MovementRow]]:
    """Dispose of stock inside the caller's transaction, without an audit event."""
    reason = (reason or "").strip().lower()
    if reason not in DISPOSE_REASONS:
        raise ValidationError("reason", f"Choose why it is disposed of: {', '.join(DISPOSE_REASONS)}.")
    qty = v.required_int(quantity, "quantity", minimum=1)
    note = v.text(note, "note", max_length=2000)
    expires_on = v.iso_date(expires, "expires")
    item = stock_item(item_id)
    return item, take(
        item, qty, MovementKind.DISPOSE, lot, reason, note, True, "dispose of", unnumbered_expiring=expires_on
    )


def disposal_text(item: StockItem, rows: list[MovementRow]) -> str:
    """For the audit log: 'disposed of 3 box (expired) from lot L1'."""
    quantity = -sum(row.quantity for row in rows)
    reason = rows[0].reason if rows else ""
    return f"disposed of {_units(quantity, item.unit)} ({reason})" + _lots_text(rows, "from")


@write_unit
def dispose(
    item_id: int,
    quantity: object,
    *,
    reason: str,
    lot: str | None = None,
    expires: object = None,
    note: str = "",
) -> list[MovementRow]:
    """Throw stock away (expired, damaged, recalled, other); takes expired lots first unless a
    lot is named (by number, or by `expires` alone for the lot without a number)."""
    item, rows = _dispose(item_id, quantity, reason=reason, lot=lot, expires=expires, note=note)
    _audit(Action.DISPOSE, item, disposal_text(item, rows))
    return rows


def _adjust(
    item_id: int,
    difference: object,
    *,
    reason: str,
    lot: str | None = None,
    expires: object = None,
    note: str = "",
    at: datetime | None = None,
) -> tuple[StockItem, list[MovementRow]]:
    """Correct stock inside the caller's transaction, without an audit event."""
    reason = v.text(reason, "reason", required=True, max_length=50)
    delta = v.required_int(difference, "quantity", minimum=None)
    if delta == 0:
        raise ValidationError("quantity", "The difference is zero: nothing to adjust.")
    note = v.text(note, "note", max_length=2000)
    item = stock_item(item_id)
    if delta > 0:
        return item, put(item, delta, MovementKind.ADJUST, lot, expires, reason, note, at)
    # Removing: from the lot named by its number, or by its expiry when it has none.
    expires_on = None if (lot or "").strip() else v.iso_date(expires, "expires")
    named = bool((lot or "").strip()) or expires_on is not None
    return item, take(item, -delta, MovementKind.ADJUST, lot, reason, note, named, "remove", at, expires_on)


def _adjust_text(item: StockItem, rows: list[MovementRow]) -> str:
    delta = sum(row.quantity for row in rows)
    reason = rows[0].reason if rows else ""
    return f"adjusted {_units(delta, item.unit, signed=True)} ({reason})" + _lots_text(rows, "in")


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
    item, rows = _adjust(item_id, difference, reason=reason, lot=lot, expires=expires, note=note, at=at)
    _audit(Action.ADJUST, item, _adjust_text(item, rows), at)
    return rows


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
    target = v.required_int(counted, "quantity")
    item = stock_item(item_id)
    expires_on = v.iso_date(expires, "expires")
    unnumbered = item.tracks_expiry and not (lot or "").strip() and expires_on is not None
    if lot and item.tracks_expiry:
        existing = ledger.find_lot(item.id, lot.strip())
        current = existing.quantity if existing else 0
    elif unnumbered:
        existing = ledger.find_unnumbered_lot(item.id, expires_on)  # type: ignore[arg-type]
        current = existing.quantity if existing else 0
    elif item.tracks_expiry:
        today = date.today()
        current = sum(
            lot.quantity
            for lot in ledger.lots_with_stock(item.id)
            if lot.expires_on is None or lot.expires_on >= today
        )
    else:
        current = item.on_hand
    difference = target - current
    if difference == 0:
        return []
    _, rows = _adjust(item_id, difference, reason=reason, lot=lot, expires=expires, note=note)
    where = f" in lot {lot.strip()}" if lot and item.tracks_expiry else ""
    if unnumbered:
        where = f" in {lot_name('', expires_on)}"
    _audit(
        Action.ADJUST,
        item,
        f"set to {_units(target, item.unit)}{where} (was {current}): " + _adjust_text(item, rows),
    )
    return rows


def reverse_movement(
    movement_id: int, note: str, taken_off: Callable[[int, int], str] | None = None
) -> list[MovementRow]:
    """Reverse one movement inside the caller's transaction: a new movement pointing at it
    (a movement is reversed at most once). When the original filled an order line,
    `taken_off(line id, units)` takes it off the line and names it for the audit event
    (`core.corrections`, above stock and purchasing, passes it)."""
    original = Movement.get_or_none(Movement.id == movement_id)
    if original is None:
        raise NotFound(f"Movement #{movement_id} does not exist.")
    if original.kind == MovementKind.REVERSAL:
        raise InventoryError(f"Movement #{movement_id} is itself a reversal; record the stock again instead.")
    if Movement.select().where(Movement.reversal_of == movement_id).exists():
        raise InventoryError(f"Movement #{movement_id} has already been reversed.")
    item = stock_item(original.item_id)
    lot = ledger.lot_by_id(original.lot_id) if original.lot_id is not None else None
    quantity = -original.quantity
    if quantity < 0:
        have = lot.quantity if lot is not None else item.on_hand
        if have < -quantity:
            where = lot_name(lot.lot_number, lot.expires_on) if lot is not None else "stock"
            raise InsufficientStock(
                f"Cannot reverse movement #{movement_id} of {_describe(item)}: it added "
                f"{-quantity} but only {have} is left in {where}.",
                available=have,
            )
        if not ledger.take_stock(item.id, lot.id if lot else None, -quantity):
            raise ConcurrentChange("Stock changed while saving.")
    else:
        ledger.add_stock(item.id, lot.id if lot else None, quantity)
    note = v.text(note, "note", max_length=2000) or f"Reverses #{movement_id}"
    try:
        with current_database().atomic():
            row = _record(
                item,
                lot,
                MovementKind.REVERSAL,
                quantity,
                original.reason,
                note,
                movement_id,
                po_line=original.po_line_id,
            )
    except IntegrityError:
        raise ConcurrentChange("Reversed by someone else meanwhile.") from None
    text = (
        f"reversed movement #{movement_id} ({original.kind} {original.quantity:+d}): "
        + _units(quantity, item.unit, signed=True)
        + _lots_text([row], "in")
    )
    if original.po_line_id is not None and taken_off is not None:
        order_line = taken_off(original.po_line_id, original.quantity)
        if order_line:
            text += f"; taken off {order_line}"
    _audit(Action.REVERSE, item, text)
    return [row]
