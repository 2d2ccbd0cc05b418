"""Time and the ledger: stock at any past moment, and local days as ledger times (RELIABILITY B6).

The ledger stores `created_at` in UTC, written by the database server (on
SQLite as text with milliseconds). Stock at a moment is the sum of every
movement at or before it: movements are never edited or deleted, so that sum
is the stock the shelf held then, counts and reversals included.

Times handed in here may be aware (any zone) or naive; naive means UTC, as the
ledger stores it. Days are the office's local days.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from peewee import Value, fn

from inventory_app.db.connection import current_database, is_sqlite
from inventory_app.db.models import Movement
from inventory_app.db.transaction import read_guard


def as_utc(when: datetime) -> datetime:
    """`when` as a naive UTC datetime (naive input is taken to be UTC already)."""
    if when.tzinfo is None:
        return when
    return when.astimezone(UTC).replace(tzinfo=None)


def utc_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def day_start(day: date) -> datetime:
    """Local midnight at the start of `day`, as the naive UTC time the ledger stores."""
    return as_utc(datetime.combine(day, time()).astimezone())


def local_time(created_at: datetime) -> datetime:
    """A ledger time (naive UTC) on the local clock, naive."""
    return created_at.replace(tzinfo=UTC).astimezone().replace(tzinfo=None)


def local_day(created_at: datetime) -> date:
    return local_time(created_at).date()


def ledger_value(when: datetime) -> Value:
    """`when` as a query value that compares right with `created_at` on both backends.

    On SQLite the column holds text like "2026-01-05 09:00:00.000"; peewee would pass a
    datetime that SQLite writes without the fraction when it is zero, which sorts before
    the stored text of the same instant. So the text is formatted here, to the millisecond
    as the server writes it."""
    utc = as_utc(when)
    if is_sqlite(current_database()):
        return Value(utc.strftime("%Y-%m-%d %H:%M:%S.%f")[:-3], converter=False)
    return Value(utc, converter=False)


def parse_time(value: object) -> datetime | None:
    """A datetime read from a raw cursor (SQLite returns text)."""
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


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
