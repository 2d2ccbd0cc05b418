"""Time and the ledger: stock at any past moment, and local days as ledger times (RELIABILITY B6).

The ledger stores `created_at` in UTC, written by the database server (on
SQLite as text with milliseconds). Stock at a moment is the sum of every
movement at or before it: movements are never edited or deleted, so that sum
is the stock the shelf held then, counts and reversals included.

Time itself (UTC, local days, ledger values) is `core.times`.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from peewee import fn

from inventory_app.core.times import day_start, ledger_value
from inventory_app.db.models import Movement
from inventory_app.db.transaction import read_guard


@read_guard
def stock_at(item_id: int, when: datetime, lot_id: int | None = None) -> int:
    """Stock of an item (or of one lot) at the moment `when`, rebuilt from the ledger.

    Counts all stock, expired lots included: what was physically there."""
    query = Movement.select(fn.COALESCE(fn.SUM(Movement.quantity), 0)).where(
        (Movement.item == item_id) & (Movement.created_at <= ledger_value(when))
    )
    if lot_id is not None:
        query = query.where(Movement.lot == lot_id)
    return int(query.scalar() or 0)


def stock_on(item_id: int, day: date, lot_id: int | None = None) -> int:
    """Stock at the end of the local day `day`."""
    return stock_at(item_id, day_start(day + timedelta(days=1)) - timedelta(milliseconds=1), lot_id)
