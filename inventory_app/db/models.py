"""The tables. Every model is bound to one proxy that `connection.open_database` fills.

Stock is a ledger (`Movement`); `Item.on_hand` and `Lot.quantity` are caches of
its sums kept in the same transaction as each movement, so lists stay fast on a
million-row ledger and `check` can prove they agree.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from peewee import (
    SQL,
    AutoField,
    BooleanField,
    CharField,
    Database,
    DatabaseProxy,
    DateField,
    DateTimeField,
    Field,
    ForeignKeyField,
    IntegerField,
    Model,
    SqliteDatabase,
    TextField,
)

from inventory_app.db.codes import code_key, optional_key


class ThreadAwareProxy(DatabaseProxy):
    """The database every model uses: the one the app opened, or, on one thread and for a
    moment, another (`on_this_thread`: a backup being checked before a restore), while every
    other thread (the window's) goes on using the app's database."""

    __slots__ = ("_global", "_local")

    def __init__(self) -> None:
        object.__setattr__(self, "_local", threading.local())
        object.__setattr__(self, "_global", None)
        super().__init__()

    @property
    def obj(self) -> Database | None:
        here: Database | None = getattr(self._local, "db", None)
        return here if here is not None else self._global

    def __setattr__(self, attr: str, value: object) -> None:
        if attr == "obj":
            object.__setattr__(self, "_global", value)
        elif attr in ("_callbacks", "_Model"):
            object.__setattr__(self, attr, value)
        else:
            raise AttributeError("Cannot set attribute on proxy.")

    @contextmanager
    def on_this_thread(self, database: Database) -> Iterator[None]:
        """The models use `database` on this thread only, inside the block."""
        self._local.db = database
        try:
            yield
        finally:
            self._local.db = None


database_proxy = ThreadAwareProxy()

# Money is kept to the ten-thousandth of the currency unit: suppliers price small items
# to 3 or 4 decimals (0.068 a swab, 30.9831 a case). It is shown and printed to the cent.
MONEY_PLACES = Decimal("0.0001")
CENT_PLACES = Decimal("0.01")
MONEY_SCALE = 4
# The column type of a MoneyField on each backend (given to the database as `field_types`).
MONEY_FIELD_TYPE = "MONEY4"
MONEY_SQLITE_TYPE = "INTEGER"
MONEY_POSTGRES_TYPE = "NUMERIC(16, 4)"


def exact_money(value: object) -> Decimal:
    """`value` as a Decimal rounded to the ten-thousandth (half up), never through a float;
    written with two places when it is a whole number of cents (6.50) and with only the
    places it needs otherwise (0.068, 30.9831)."""
    if isinstance(value, float):
        value = repr(value)
    amount = Decimal(str(value if value is not None else 0)).quantize(MONEY_PLACES, rounding=ROUND_HALF_UP)
    cents = amount.quantize(CENT_PLACES)
    return (cents if cents == amount else amount.normalize()) + 0  # + 0: no "-0.00"


class MoneyField(Field):
    """An exact amount of money, to the ten-thousandth (schema version 4).

    SQLite has no exact decimal type (a DECIMAL column keeps 30.9831 as a binary
    float), so there it is stored as a whole number of ten-thousandths in an
    INTEGER column (30.9831 → 309831); PostgreSQL keeps it as NUMERIC(16, 4).
    Python code always sees a Decimal with four places. Money is never summed or
    multiplied in SQL: the two backends store it in different scales.
    """

    field_type = MONEY_FIELD_TYPE

    @staticmethod
    def _on_sqlite() -> bool:
        return isinstance(database_proxy.obj, SqliteDatabase)

    def db_value(self, value: object) -> object:
        if value is None:
            return None
        amount = exact_money(value)
        return int(amount.scaleb(MONEY_SCALE)) if self._on_sqlite() else amount

    def python_value(self, value: object) -> Decimal | None:
        if value is None:
            return None
        if isinstance(value, int) and self._on_sqlite():
            return exact_money(Decimal(value).scaleb(-MONEY_SCALE))
        return exact_money(value)


# Filled by the database server, not by a workstation's clock.
SERVER_NOW_SQLITE = "(strftime('%Y-%m-%d %H:%M:%f', 'now'))"
SERVER_NOW_POSTGRES = "(now() at time zone 'utc')"


# The annotations below (`id: AutoField[int]`, `item_id: ForeignKeyField[int]`) are for the
# type checker only: peewee adds the `id` primary key and the `<name>_id` accessor of each
# foreign key itself and never reads annotations, so they change neither the models nor the
# schema. On the class they are the field (`Item.id.in_(...)`), on a row its value (`item.id`).


class BaseModel(Model):
    class Meta:
        database = database_proxy
        legacy_table_names = False


class SchemaVersion(BaseModel):
    id: AutoField[int]
    version = IntegerField()


class Setting(BaseModel):
    key = CharField(primary_key=True, max_length=100)
    value = TextField()


class Category(BaseModel):
    id: AutoField[int]
    name = CharField(unique=True, max_length=100)
    expiry_warning_days = IntegerField(null=True)
    active = BooleanField(default=True)


class Location(BaseModel):
    id: AutoField[int]
    name = CharField(unique=True, max_length=100)
    active = BooleanField(default=True)


class Supplier(BaseModel):
    id: AutoField[int]
    name = CharField(unique=True, max_length=200)
    account_number = CharField(default="", max_length=100)
    contact = CharField(default="", max_length=200)
    phone = CharField(default="", max_length=100)
    email = CharField(default="", max_length=200)
    address = TextField(default="")
    lead_time_days = IntegerField(default=7)
    notes = TextField(default="")
    active = BooleanField(default=True)
    # Column order and titles of this supplier's order spreadsheets, as JSON; "" for the
    # standard layout (schema version 2; see core.order_layout).
    order_layout = TextField(default="")


class Item(BaseModel):
    id: AutoField[int]
    category_id: ForeignKeyField[int | None]
    location_id: ForeignKeyField[int | None]
    supplier_id: ForeignKeyField[int | None]
    sku = CharField(unique=True, max_length=64)
    name = CharField(max_length=300)
    category = ForeignKeyField(Category, null=True, backref="items", on_delete="RESTRICT")
    location = ForeignKeyField(Location, null=True, backref="items", on_delete="RESTRICT")
    unit = CharField(default="each", max_length=50)
    purchase_unit = CharField(default="each", max_length=50)
    units_per_purchase_unit = IntegerField(default=1)
    supplier = ForeignKeyField(Supplier, null=True, backref="items", on_delete="RESTRICT")
    supplier_sku = CharField(default="", max_length=100)
    # The price of one purchase unit (a case of 10 boxes), exact to the ten-thousandth; the
    # cost of one unit of issue is this divided by units_per_purchase_unit (schema version 4).
    unit_cost = MoneyField(default=Decimal("0"))
    reorder_point = IntegerField(default=0)
    par_level = IntegerField(null=True)
    tracks_expiry = BooleanField(default=False)
    expiry_warning_days = IntegerField(null=True)
    barcode = CharField(null=True, max_length=100, index=True)
    notes = TextField(default="")
    active = BooleanField(default=True)
    # Cache of the ledger: sum of Movement.quantity for this item.
    on_hand = IntegerField(default=0)
    # The keys the SKU and the barcode are found by (`codes.code_key`: normalised and
    # case-folded in Python, as SQL's LOWER() cannot), schema version 6. Every write of the SKU
    # or barcode through this model sets them (`_normalize_data`); plain SQL writes them itself.
    # An item whose SKU looked the same as an earlier one's when version 6 came keeps a key
    # that is not its code's (`codes.code_key(sku) != sku_key`): `check` names it.
    sku_key = CharField(unique=True, max_length=255)
    barcode_key = CharField(null=True, max_length=300, index=True)

    @classmethod
    def _normalize_data(cls, data: Any, kwargs: dict[str, Any]) -> Any:
        normalized = super()._normalize_data(data, kwargs)  # type: ignore[misc]
        if isinstance(normalized, dict):
            if cls.sku in normalized:
                normalized[cls.sku_key] = code_key(normalized[cls.sku])
            if cls.barcode in normalized:
                normalized[cls.barcode_key] = optional_key(normalized[cls.barcode])
        return normalized


class Lot(BaseModel):
    """A batch of an item that tracks expiry. Its lot number is "" when the box gives none
    (gloves, test kits): such a lot is known by its expiry date, one per item and date
    (schema version 5)."""

    id: AutoField[int]
    item_id: ForeignKeyField[int]
    item = ForeignKeyField(Item, backref="lots", on_delete="RESTRICT")
    lot_number = CharField(max_length=100)
    expires_on = DateField(null=True)
    # Cache of the ledger: sum of Movement.quantity for this lot.
    quantity = IntegerField(default=0)

    class Meta:
        indexes = ((("item", "expires_on"), False),)


# One lot per item and lot number, and one lot without a number per item and expiry date
# (partial unique indexes: SQLite and PostgreSQL both have them).
NUMBERED_LOT_INDEX = "lot_item_id_lot_number_numbered"
UNNUMBERED_LOT_INDEX = "lot_item_id_expires_on_unnumbered"
Lot.add_index(
    Lot.index(Lot.item, Lot.lot_number, unique=True, where=Lot.lot_number != "", name=NUMBERED_LOT_INDEX)
)
Lot.add_index(
    Lot.index(Lot.item, Lot.expires_on, unique=True, where=Lot.lot_number == "", name=UNNUMBERED_LOT_INDEX)
)


class PurchaseOrder(BaseModel):
    """An order to one supplier: draft → ordered → partial → received, or cancelled."""

    id: AutoField[int]
    supplier_id: ForeignKeyField[int]
    number = CharField(unique=True, max_length=40)
    supplier = ForeignKeyField(Supplier, backref="orders", on_delete="RESTRICT")
    status = CharField(max_length=20, default="draft", index=True)
    created_at = DateTimeField()
    created_by = CharField(default="", max_length=100)
    ordered_on = DateField(null=True)
    expected_on = DateField(null=True)
    notes = TextField(default="")


class PurchaseOrderLine(BaseModel):
    """One item on an order, in the supplier's purchase units, with what came in so far."""

    id: AutoField[int]
    order_id: ForeignKeyField[int]
    item_id: ForeignKeyField[int]
    order = ForeignKeyField(PurchaseOrder, backref="lines", on_delete="CASCADE")
    line_no = IntegerField()
    item = ForeignKeyField(Item, backref="order_lines", on_delete="RESTRICT")
    description = CharField(max_length=300)
    supplier_sku = CharField(default="", max_length=100)
    purchase_unit = CharField(default="each", max_length=50)
    units_per_purchase_unit = IntegerField(default=1)
    quantity = IntegerField()
    received = IntegerField(default=0)
    # The price of one purchase unit on this order, exact (schema version 4).
    unit_cost = MoneyField(default=Decimal("0"))

    class Meta:
        indexes = ((("order", "line_no"), True),)


class Movement(BaseModel):
    """One line of the stock ledger. Never updated or deleted (triggers enforce it)."""

    id: AutoField[int]
    item_id: ForeignKeyField[int]
    lot_id: ForeignKeyField[int | None]
    reversal_of_id: ForeignKeyField[int | None]
    po_line_id: ForeignKeyField[int | None]
    item = ForeignKeyField(Item, backref="movements", on_delete="RESTRICT")
    lot = ForeignKeyField(Lot, null=True, backref="movements", on_delete="RESTRICT")
    kind = CharField(max_length=20)
    quantity = IntegerField()
    reason = CharField(default="", max_length=50)
    note = TextField(default="")
    user = CharField(default="", max_length=100)
    created_at = DateTimeField(index=True)
    reversal_of = ForeignKeyField("self", null=True, unique=True, backref="reversed_by", on_delete="RESTRICT")
    # The order line a receipt was booked against (schema version 2).
    po_line = ForeignKeyField(PurchaseOrderLine, null=True, backref="movements", on_delete="RESTRICT")


class StockCount(BaseModel):
    """A physical count of shelves: open → posted, or abandoned (schema version 2).

    Its lines snapshot what the ledger expected when the count started; posting
    turns each difference into an adjust movement with the reason "count"."""

    id: AutoField[int]
    location_id: ForeignKeyField[int | None]
    category_id: ForeignKeyField[int | None]
    title = CharField(max_length=300)
    location = ForeignKeyField(Location, null=True, on_delete="RESTRICT")
    category = ForeignKeyField(Category, null=True, on_delete="RESTRICT")
    status = CharField(max_length=20, default="open", index=True)
    note = TextField(default="")
    started_at = DateTimeField()
    started_by = CharField(default="", max_length=100)
    closed_at = DateTimeField(null=True)
    closed_by = CharField(default="", max_length=100)


class StockCountLine(BaseModel):
    """One item (or one lot of an item that tracks expiry) on a count."""

    id: AutoField[int]
    stock_count_id: ForeignKeyField[int]
    item_id: ForeignKeyField[int]
    lot_id: ForeignKeyField[int | None]
    stock_count = ForeignKeyField(StockCount, backref="lines", on_delete="CASCADE")
    # An item without history can still be deleted; its lines go with it.
    item = ForeignKeyField(Item, on_delete="CASCADE")
    lot = ForeignKeyField(Lot, null=True, on_delete="CASCADE")
    expected = IntegerField()
    snapshot_at = DateTimeField()
    counted = IntegerField(null=True)
    counted_at = DateTimeField(null=True)
    counted_by = CharField(default="", max_length=100)
    # The difference posting wrote (null until posted), and what it said about the line.
    posted = IntegerField(null=True)
    note = CharField(default="", max_length=300)

    class Meta:
        indexes = ((("stock_count", "item", "lot"), False),)


class UserAccount(BaseModel):
    """Someone who signs in (schema version 3). Only an Argon2id hash of the password is kept."""

    id: AutoField[int]
    name = CharField(max_length=100)
    # The name compared at sign-in: trimmed and case-folded, so "Ana" and "ana " are one person.
    name_key = CharField(unique=True, max_length=100)
    role = CharField(max_length=20)  # "admin" or "staff"
    password_hash = CharField(max_length=300)
    active = BooleanField(default=True)
    failed_attempts = IntegerField(default=0)
    locked_until = DateTimeField(null=True)
    created_at = DateTimeField()
    last_sign_in = DateTimeField(null=True)


class AuditEvent(BaseModel):
    """Who did what, when (schema version 3). Never updated or deleted (triggers enforce it)."""

    id: AutoField[int]
    at = DateTimeField(index=True)
    user = CharField(default="", max_length=100, index=True)
    action = CharField(max_length=50, index=True)
    object = CharField(default="", max_length=300)
    detail = TextField(default="")


class Operation(BaseModel):
    """One user request that was saved (schema version 3): a double-click or a retry after an
    unclear failure carries the same key and is recognised instead of saved twice."""

    key = CharField(primary_key=True, max_length=64)
    at = DateTimeField()


ALL_MODELS: list[type[BaseModel]] = [
    SchemaVersion,
    Setting,
    Category,
    Location,
    Supplier,
    Item,
    Lot,
    PurchaseOrder,
    PurchaseOrderLine,
    Movement,
    StockCount,
    StockCountLine,
    UserAccount,
    AuditEvent,
    Operation,
]

__all__ = [
    "SQL",
    "ALL_MODELS",
    "AuditEvent",
    "BaseModel",
    "Category",
    "Item",
    "Location",
    "Lot",
    "MoneyField",
    "Movement",
    "Operation",
    "PurchaseOrder",
    "PurchaseOrderLine",
    "SchemaVersion",
    "Setting",
    "StockCount",
    "StockCountLine",
    "Supplier",
    "UserAccount",
    "database_proxy",
]
