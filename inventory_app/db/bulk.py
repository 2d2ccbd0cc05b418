"""Bulk reads and writes for a spreadsheet import: plain SQL and executemany.

Importing 20,000 rows through the per-item services would cost several
queries per row; these statements read the whole catalog once and write each
table with one `executemany`, inside the caller's transaction. Quantities set
here must be matched by movements written in the same transaction (the
caller's rule, proven by `core.stock.check`). Decreases are conditional on the
quantity the caller read (`... WHERE on_hand = ?`), so a concurrent change on
PostgreSQL is detected instead of overwritten.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from peewee import Database, SqliteDatabase, __exception_wrapper__  # type: ignore[attr-defined]

from inventory_app.db.codes import code_key, optional_key
from inventory_app.db.connection import current_database
from inventory_app.db.models import (
    MONEY_SCALE,
    SERVER_NOW_POSTGRES,
    SERVER_NOW_SQLITE,
    BaseModel,
    Category,
    Item,
    Location,
    Lot,
    Supplier,
)

NAMED_TABLES = ("category", "location", "supplier")
ITEM_COLUMNS = (
    "sku",
    "name",
    "category_id",
    "location_id",
    "unit",
    "purchase_unit",
    "units_per_purchase_unit",
    "supplier_id",
    "supplier_sku",
    "unit_cost",
    "reorder_point",
    "par_level",
    "tracks_expiry",
    "barcode",
    "notes",
)
UPDATABLE_ITEM_COLUMNS = frozenset(ITEM_COLUMNS) - {"sku"}
_NAMED_MODELS: dict[str, type[BaseModel]] = {"category": Category, "location": Location, "supplier": Supplier}


class ItemState(NamedTuple):
    id: int
    sku: str
    name: str
    category_id: int | None
    location_id: int | None
    unit: str
    purchase_unit: str
    units_per_purchase_unit: int
    supplier_id: int | None
    supplier_sku: str
    unit_cost: Decimal
    reorder_point: int
    par_level: int | None
    tracks_expiry: bool
    barcode: str
    notes: str
    on_hand: int
    active: bool
    sku_key: str = ""  # how the SKU is found (`codes.code_key`, schema version 6)
    barcode_key: str = ""


class LotState(NamedTuple):
    id: int
    item_id: int
    lot_number: str
    expires_on: date | None
    quantity: int


def _sql(db: Database, text: str) -> str:
    sqlite = isinstance(db, SqliteDatabase)
    text = text.replace("{now}", SERVER_NOW_SQLITE if sqlite else SERVER_NOW_POSTGRES)
    return text if sqlite else text.replace("?", "%s")


def _rows(text: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
    db = current_database()
    cursor = db.execute_sql(_sql(db, text), params)
    return [tuple(row) for row in cursor.fetchall()]


def _many(text: str, rows: Sequence[Sequence[object]]) -> int:
    """executemany in the caller's transaction; returns the rows it changed."""
    if not rows:
        return 0
    db = current_database()
    with __exception_wrapper__:
        cursor = db.cursor()
        try:
            cursor.executemany(_sql(db, text), rows)
            return int(cursor.rowcount)
        finally:
            cursor.close()


def _date_param(value: date | None) -> object:
    if value is None or not isinstance(current_database(), SqliteDatabase):
        return value
    return value.isoformat()


def _as_date(value: object) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _money(value: object) -> Decimal:
    """A stored amount (ten-thousandths on SQLite, NUMERIC on PostgreSQL) as its exact Decimal."""
    amount = Item.unit_cost.python_value(value)
    return amount if amount is not None else Decimal("0.0000")


def _money_from_sqlite(value: object) -> Decimal:
    """`_money` of a SQLite column's ten-thousandths; a whole number of cents is the usual price."""
    if type(value) is int and value % 100 == 0:
        return Decimal(value // 100).scaleb(-2)  # 115000 ten-thousandths: 11.50
    return _money(value)


def _money_in_sqlite(value: object) -> object:
    """An amount as the SQLite column stores it: an exact Decimal of at most four places is its
    ten-thousandths, as `MoneyField.db_value` would round it; anything else goes through that."""
    if type(value) is Decimal and value.is_finite() and value.adjusted() < 20:
        scaled = value.scaleb(MONEY_SCALE)
        if scaled == scaled.to_integral_value():
            return int(scaled)
    return Item.unit_cost.db_value(value)


def _stored_money(
    columns: Sequence[str], rows: Sequence[Sequence[object]], tail: tuple[object, ...] = ()
) -> list[Sequence[object]]:
    """`rows` with the unit_cost value (if `columns` has it) in the form the column stores,
    each followed by `tail`."""
    if "unit_cost" not in columns:
        return [(*row, *tail) for row in rows] if tail else list(rows)
    at = list(columns).index("unit_cost")
    db_value = _money_in_sqlite if isinstance(current_database(), SqliteDatabase) else Item.unit_cost.db_value
    return [(*row[:at], db_value(row[at]), *row[at + 1 :], *tail) for row in rows]


# ---------------------------------------------------------------- reads


def item_states() -> list[ItemState]:
    money = _money_from_sqlite if isinstance(current_database(), SqliteDatabase) else _money
    rows = _rows(
        "SELECT id, sku, name, category_id, location_id, unit, purchase_unit, units_per_purchase_unit, "
        "supplier_id, supplier_sku, unit_cost, reorder_point, par_level, tracks_expiry, barcode, notes, "
        "on_hand, active, sku_key, barcode_key FROM item"
    )
    return [
        ItemState(
            r[0],
            r[1],
            r[2],
            r[3],
            r[4],
            r[5],
            r[6],
            r[7],
            r[8],
            r[9],
            money(r[10]),
            r[11],
            r[12],
            bool(r[13]),
            r[14] or "",
            r[15],
            r[16],
            bool(r[17]),
            r[18],
            r[19] or "",
        )
        for r in rows
    ]


def lot_states() -> list[LotState]:
    return [
        LotState(r[0], r[1], r[2], _as_date(r[3]), r[4])
        for r in _rows("SELECT id, item_id, lot_number, expires_on, quantity FROM lot")
    ]


def names(table: str) -> list[tuple[int, str]]:
    if table not in NAMED_TABLES:
        raise ValueError(table)
    return [(r[0], r[1]) for r in _rows(f"SELECT id, name FROM {table}")]


def item_ids() -> dict[str, int]:
    """SKU key (`codes.code_key`) → id of every item."""
    return {key: item_id for item_id, key in _rows("SELECT id, sku_key FROM item")}


def setting(key: str) -> str | None:
    rows = _rows("SELECT value FROM setting WHERE key = ?", (key,))
    return rows[0][0] if rows else None


# ---------------------------------------------------------------- writes


def _insert(model: type[BaseModel], columns: Sequence[str], rows: Sequence[Sequence[object]]) -> int:
    """INSERT of `columns` per row; every other column gets its model default, so a column added
    to the model later (with a default) needs no change here. Money columns as they are stored."""
    if not rows:
        return 0
    extra: list[tuple[str, object]] = []
    for f in model._meta.sorted_fields:
        if f.column_name in columns or f is model._meta.primary_key:
            continue
        default = f.default() if callable(f.default) else f.default
        if default is None and not f.null:
            raise ValueError(f"{model._meta.table_name}.{f.column_name} needs a value")
        extra.append((f.column_name, f.db_value(default) if default is not None else None))
    names = [*columns, *(name for name, _ in extra)]
    quoted = ", ".join(f'"{name}"' for name in names)
    marks = ", ".join("?" for _ in names)
    tail = tuple(value for _, value in extra)
    stored = _stored_money(columns, rows, tail) if model is Item else [(*row, *tail) for row in rows]
    return _many(f"INSERT INTO {model._meta.table_name} ({quoted}) VALUES ({marks})", stored)


def insert_names(table: str, new_names: Iterable[str]) -> int:
    """New categories, locations or suppliers by name (everything else at its default)."""
    model = _NAMED_MODELS[table]
    return _insert(model, ("name",), [(name,) for name in new_names])


_SKU_AT = ITEM_COLUMNS.index("sku")
_BARCODE_AT = ITEM_COLUMNS.index("barcode")


def insert_items(rows: Sequence[Sequence[object]]) -> int:
    """New items: values in ITEM_COLUMNS order followed by the opening on-hand; the keys their
    SKU and barcode are found by are added here."""
    keyed = [(*row, code_key(row[_SKU_AT]), optional_key(row[_BARCODE_AT])) for row in rows]
    return _insert(Item, (*ITEM_COLUMNS, "on_hand", "sku_key", "barcode_key"), keyed)


def update_items(columns: Sequence[str], rows: Sequence[Sequence[object]]) -> int:
    """Set `columns` (values first, the item id last in each row); a new barcode's key with it."""
    bad = set(columns) - UPDATABLE_ITEM_COLUMNS
    if bad:
        raise ValueError(f"not an updatable item column: {sorted(bad)}")
    if "barcode" in columns:
        at = list(columns).index("barcode")
        columns = (*columns, "barcode_key")
        rows = [(*row[:-1], optional_key(row[at]), row[-1]) for row in rows]
    assignments = ", ".join(f"{c} = ?" for c in columns)
    return _many(f"UPDATE item SET {assignments} WHERE id = ?", _stored_money(columns, rows))


def set_on_hand(rows: Sequence[tuple[int, int, int]]) -> int:
    """(new on hand, item id, the on hand the caller read); returns how many still matched."""
    return _many("UPDATE item SET on_hand = ? WHERE id = ? AND on_hand = ?", rows)


def insert_lots(rows: Sequence[tuple[int, str, date | None, int]]) -> int:
    """(item id, lot number, expires on, quantity)."""
    return _insert(
        Lot,
        ("item_id", "lot_number", "expires_on", "quantity"),
        [(i, n, _date_param(e), q) for i, n, e, q in rows],
    )


def set_lot_quantities(rows: Sequence[tuple[int, int, int]]) -> int:
    """(new quantity, lot id, the quantity the caller read); returns how many still matched."""
    return _many("UPDATE lot SET quantity = ? WHERE id = ? AND quantity = ?", rows)


def insert_movements(
    rows: Sequence[tuple[int, int | None, int, str]], kind: str, reason: str, user: str
) -> int:
    """(item id, lot id, signed quantity, note) as ledger lines stamped by the database server."""
    return _many(
        'INSERT INTO movement (item_id, lot_id, kind, quantity, reason, note, "user", created_at) '
        "VALUES (?, ?, ?, ?, ?, ?, ?, {now})",
        [(i, lot, kind, q, reason, note, user) for i, lot, q, note in rows],
    )


def put_setting(key: str, value: str) -> None:
    db = current_database()
    db.execute_sql(_sql(db, "DELETE FROM setting WHERE key = ?"), (key,))
    db.execute_sql(_sql(db, "INSERT INTO setting (key, value) VALUES (?, ?)"), (key, value))
