"""Fast primitives of the stock ledger in plain SQL.

Recording one movement is the hottest write in the app (every scan, every
use). Building peewee queries costs more than running them, so the few
statements on that path are written once here, with the placeholder style of
the open database, and the rules that use them live in `core.stock.movements`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, NamedTuple

from peewee import Database, IntegrityError, SqliteDatabase

from inventory_app.db.connection import current_database
from inventory_app.db.models import SERVER_NOW_POSTGRES, SERVER_NOW_SQLITE


class StockItem(NamedTuple):
    id: int
    sku: str
    name: str
    unit: str
    on_hand: int
    tracks_expiry: bool


class LotStock(NamedTuple):
    id: int
    lot_number: str
    expires_on: date | None
    quantity: int


def _date(value: object) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _datetime(value: object) -> datetime:
    if isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def _param(value: date | datetime | None) -> object:
    """Dates as ISO text for SQLite (its default adapters are deprecated); as-is elsewhere."""
    if value is None or not isinstance(current_database(), SqliteDatabase):
        return value
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")[:-3]
    return value.isoformat()


_cache: dict[tuple[bool, str], str] = {}


def _sql(db: Database, text: str) -> str:
    """`text` with `?` placeholders and `{now}` made right for this database."""
    sqlite = isinstance(db, SqliteDatabase)
    key = (sqlite, text)
    found = _cache.get(key)
    if found is None:
        found = text.replace("{now}", SERVER_NOW_SQLITE if sqlite else SERVER_NOW_POSTGRES)
        if not sqlite:
            found = found.replace("?", "%s")
        _cache[key] = found
    return found


def _run(text: str, params: tuple[object, ...] = ()) -> Any:  # the DB-API cursor
    db = current_database()
    return db.execute_sql(_sql(db, text), params)


def claim_operation(key: str) -> bool:
    """Record that request `key` is being saved; False when it was saved before (inside the
    caller's transaction, so a unit that fails gives its key back)."""
    db = current_database()
    try:
        with db.atomic():  # a savepoint: the failed insert must not spoil the transaction
            _run('INSERT INTO operation ("key", at) VALUES (?, {now})', (key,))
    except IntegrityError:
        return False
    return True


def insert_audit_event(user: str, action: str, obj: str, detail: str) -> int:
    """Append one audit line with the database server's time (inside the caller's transaction)."""
    row = _run(
        'INSERT INTO audit_event (at, "user", action, object, detail) VALUES ({now}, ?, ?, ?, ?) '
        "RETURNING id",
        (user, action, obj, detail),
    ).fetchone()
    return int(row[0])


def stock_item(item_id: int) -> StockItem | None:
    row = _run(
        "SELECT id, sku, name, unit, on_hand, tracks_expiry FROM item WHERE id = ?", (item_id,)
    ).fetchone()
    if row is None:
        return None
    return StockItem(row[0], row[1], row[2], row[3], int(row[4]), bool(row[5]))


def lots_with_stock(
    item_id: int, lot_number: str | None = None, unnumbered_expiring: date | None = None
) -> list[LotStock]:
    """Lots of an item that hold stock, first-expired first (undated last): all of them, the
    one numbered `lot_number`, or the one without a number expiring on `unnumbered_expiring`."""
    text = "SELECT id, lot_number, expires_on, quantity FROM lot WHERE item_id = ? AND quantity > 0"
    params: tuple[object, ...] = (item_id,)
    if lot_number:
        text += " AND lot_number = ?"
        params += (lot_number,)
    elif unnumbered_expiring is not None:
        text += " AND lot_number = '' AND expires_on = ?"
        params += (_param(unnumbered_expiring),)
    text += " ORDER BY CASE WHEN expires_on IS NULL THEN 1 ELSE 0 END, expires_on, id"
    return [LotStock(r[0], r[1], _date(r[2]), int(r[3])) for r in _run(text, params).fetchall()]


def find_lot(item_id: int, lot_number: str) -> LotStock | None:
    row = _run(
        "SELECT id, lot_number, expires_on, quantity FROM lot WHERE item_id = ? AND lot_number = ?",
        (item_id, lot_number),
    ).fetchone()
    return LotStock(row[0], row[1], _date(row[2]), int(row[3])) if row else None


def find_unnumbered_lot(item_id: int, expires_on: date) -> LotStock | None:
    """The lot of an item that has no lot number and expires on `expires_on` (one at most)."""
    row = _run(
        "SELECT id, lot_number, expires_on, quantity FROM lot "
        "WHERE item_id = ? AND lot_number = '' AND expires_on = ?",
        (item_id, _param(expires_on)),
    ).fetchone()
    return LotStock(row[0], row[1], _date(row[2]), int(row[3])) if row else None


def lot_by_id(lot_id: int) -> LotStock | None:
    row = _run("SELECT id, lot_number, expires_on, quantity FROM lot WHERE id = ?", (lot_id,)).fetchone()
    return LotStock(row[0], row[1], _date(row[2]), int(row[3])) if row else None


def create_lot(item_id: int, lot_number: str, expires_on: date | None) -> LotStock:
    row = _run(
        "INSERT INTO lot (item_id, lot_number, expires_on, quantity) VALUES (?, ?, ?, 0) RETURNING id",
        (item_id, lot_number, _param(expires_on)),
    ).fetchone()
    return LotStock(row[0], lot_number, expires_on, 0)


def add_stock(item_id: int, lot_id: int | None, quantity: int) -> None:
    _run("UPDATE item SET on_hand = on_hand + ? WHERE id = ?", (quantity, item_id))
    if lot_id is not None:
        _run("UPDATE lot SET quantity = quantity + ? WHERE id = ?", (quantity, lot_id))


def take_stock(item_id: int, lot_id: int | None, quantity: int) -> bool:
    """Decrease the caches only where enough is left; False when someone took it first.

    The item row is locked before its lot, as in `add_stock`: in the opposite order a
    receipt and a use of the same lot deadlock on PostgreSQL."""
    cursor = _run(
        "UPDATE item SET on_hand = on_hand - ? WHERE id = ? AND on_hand >= ?",
        (quantity, item_id, quantity),
    )
    if cursor.rowcount != 1:
        return False
    if lot_id is not None:
        cursor = _run(
            "UPDATE lot SET quantity = quantity - ? WHERE id = ? AND quantity >= ?",
            (quantity, lot_id, quantity),
        )
        return bool(cursor.rowcount == 1)
    return True


def insert_movement(
    item_id: int,
    lot_id: int | None,
    kind: str,
    quantity: int,
    reason: str,
    note: str,
    user: str,
    reversal_of: int | None = None,
    at: datetime | None = None,
    po_line: int | None = None,
) -> tuple[int, datetime]:
    """Append one ledger line; the time comes from the database server unless `at` is given."""
    when = "?" if at is not None else "{now}"
    params: tuple[object, ...] = (item_id, lot_id, kind, quantity, reason, note, user)
    if at is not None:
        params += (_param(at),)
    params += (reversal_of, po_line)
    row = _run(
        'INSERT INTO movement (item_id, lot_id, kind, quantity, reason, note, "user", '
        f"created_at, reversal_of_id, po_line_id) VALUES (?, ?, ?, ?, ?, ?, ?, {when}, ?, ?) "
        "RETURNING id, created_at",
        params,
    ).fetchone()
    return int(row[0]), _datetime(row[1])
