"""Time as the ledger and the audit log keep it: naive UTC written by the database server;
days are the office's local days. Handed-in times may be aware (any zone) or naive; naive
means UTC, as stored."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from peewee import Value

from inventory_app.db.connection import current_database, is_sqlite


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
