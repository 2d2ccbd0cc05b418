"""Correcting the ledger: reversing a movement (administrators) and undoing one's own stock
action just recorded. A service above stock and purchasing (DESIGN §4): a reversed receipt
that filled an order line is taken off that line in the same transaction."""

from __future__ import annotations

from datetime import timedelta

from inventory_app.core.accounts.context import current_user
from inventory_app.core.accounts.roles import require_admin
from inventory_app.core.purchasing.orders import undo_receipt
from inventory_app.core.stock import movements
from inventory_app.core.times import as_utc, utc_now
from inventory_app.core.types import MovementRow
from inventory_app.db.models import Movement
from inventory_app.db.transaction import write_unit
from inventory_app.errors import NotFound, PermissionDenied


@write_unit
def reverse(movement_id: int, *, note: str = "") -> list[MovementRow]:
    """Undo a movement with a new one that points at it. A movement is reversed at most once.

    Administrators only: a reversal rewrites what the ledger says happened (a person's own
    slip just made is `undo`ne instead)."""
    require_admin("reverse a stock movement")
    return movements.reverse_movement(movement_id, note, undo_receipt)


UNDO_MINUTES = 15  # how long a person may undo their own stock action


@write_unit
def undo(movement_ids: list[int]) -> list[MovementRow]:
    """Undo one stock action just recorded (its movements: a use may take from several lots),
    all or nothing, by reversing movements that point at them.

    Allowed to the person who recorded them, staff included, for UNDO_MINUTES; to an
    administrator always. Each reversal is audited like any other."""
    if not movement_ids:
        return []
    originals = list(Movement.select().where(Movement.id.in_(movement_ids)))
    if len(originals) != len(set(movement_ids)):
        raise NotFound("That stock action is no longer in the ledger.")
    if not _is_admin_now():
        me = current_user()
        for original in originals:
            if original.user != me:
                raise PermissionDenied(
                    f"Only {original.user or 'the person who recorded it'} or an administrator can undo this."
                )
            if utc_now() - as_utc(original.created_at) > timedelta(minutes=UNDO_MINUTES):
                raise PermissionDenied(
                    f"It is more than {UNDO_MINUTES} minutes old: ask an administrator to reverse it."
                )
    rows: list[MovementRow] = []
    for original in sorted(originals, key=lambda m: m.id, reverse=True):
        rows.extend(movements.reverse_movement(original.id, "Undone", undo_receipt))
    return rows


def _is_admin_now() -> bool:
    try:
        require_admin("undo")
    except PermissionDenied:
        return False
    return True
