"""Which columns a supplier's order spreadsheet has, in which order, under which titles.

Many suppliers take orders as a spreadsheet uploaded to their web shop and ask
for their own column order and titles ("Item #", "Qty", "UOM"). A layout is
kept per supplier as JSON text in `Supplier.order_layout`; an empty text means
the standard layout. A stored layout that no longer parses (edited by hand, or
written by a newer program) never stops an export: it is read as the standard
layout, and only saving a layout is strict.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from inventory_app.core.accounts import audit
from inventory_app.core.accounts.audit import Action
from inventory_app.core.catalog import items as catalog
from inventory_app.core.changes import records
from inventory_app.core.types import SupplierInput, SupplierRow
from inventory_app.db.models import Supplier
from inventory_app.db.transaction import read_guard, write_unit
from inventory_app.errors import NotFound, ValidationError

FIELD = "order_layout"
MAX_TITLE = 60

# Every column an order sheet can have, with its standard title, in the standard order.
AVAILABLE_COLUMNS: dict[str, str] = {
    "line_no": "No.",
    "supplier_sku": "Supplier SKU",
    "sku": "Our SKU",
    "description": "Description",
    "purchase_unit": "Purchase unit",
    "quantity": "Quantity",
    "unit_price": "Unit price",
    "line_total": "Line total",
    # Extra columns some upload formats want; not in the standard layout.
    "unit_of_measure": "UOM",
    "pack_size": "Pack size",
    "unit": "Unit of issue",
}
COLUMN_HINTS: dict[str, str] = {
    "line_no": "Line number on the order (1, 2, 3…)",
    "supplier_sku": "The supplier's own product code",
    "sku": "Our SKU for the item",
    "description": "The item's name",
    "purchase_unit": "What the supplier sells, e.g. “case of 10 box”",
    "quantity": "How many purchase units",
    "unit_price": "Price of one purchase unit",
    "line_total": "Quantity × unit price",
    "unit_of_measure": "The purchase unit's name only, e.g. “case”",
    "pack_size": "Units of issue in one purchase unit, e.g. 10",
    "unit": "What we count and use, e.g. “box”",
}
STANDARD_KEYS: tuple[str, ...] = (
    "line_no",
    "supplier_sku",
    "sku",
    "description",
    "purchase_unit",
    "quantity",
    "unit_price",
    "line_total",
)
NUMERIC_KEYS = frozenset({"line_no", "quantity", "unit_price", "line_total", "pack_size"})
MONEY_KEYS = frozenset({"unit_price", "line_total"})
IDENTIFYING_KEYS = ("supplier_sku", "sku", "description")


@dataclass(frozen=True, slots=True)
class LayoutColumn:
    key: str
    title: str


@dataclass(frozen=True, slots=True)
class OrderLayout:
    """The columns of an order sheet; `table_only` leaves out the header block and the
    total row, so the sheet can be uploaded to a supplier's web shop as it is."""

    columns: tuple[LayoutColumn, ...]
    table_only: bool = False

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(column.key for column in self.columns)

    @property
    def titles(self) -> tuple[str, ...]:
        return tuple(column.title for column in self.columns)

    @property
    def is_standard(self) -> bool:
        return self == STANDARD_LAYOUT


STANDARD_LAYOUT = OrderLayout(tuple(LayoutColumn(key, AVAILABLE_COLUMNS[key]) for key in STANDARD_KEYS))


# ---------------------------------------------------------------- checking, reading, writing


def validate_layout(layout: OrderLayout) -> OrderLayout:
    """The layout cleaned (titles trimmed, empty titles back to the standard one), or a
    ValidationError on the field `order_layout` that says what is wrong."""
    if not layout.columns:
        raise ValidationError(FIELD, "The order sheet needs at least one column.")
    seen_keys: set[str] = set()
    seen_titles: dict[str, str] = {}
    cleaned: list[LayoutColumn] = []
    for column in layout.columns:
        if column.key not in AVAILABLE_COLUMNS:
            raise ValidationError(FIELD, f"“{column.key}” is not a column an order sheet can have.")
        if column.key in seen_keys:
            raise ValidationError(FIELD, f"The column “{AVAILABLE_COLUMNS[column.key]}” is there twice.")
        seen_keys.add(column.key)
        title = " ".join(str(column.title or "").split()) or AVAILABLE_COLUMNS[column.key]
        if len(title) > MAX_TITLE:
            raise ValidationError(
                FIELD, f"The column title “{title[:20]}…” is longer than {MAX_TITLE} characters."
            )
        if title.lower() in seen_titles:
            raise ValidationError(FIELD, f"Two columns are titled “{title}”; give each its own title.")
        seen_titles[title.lower()] = column.key
        cleaned.append(LayoutColumn(column.key, title))
    if "quantity" not in seen_keys:
        raise ValidationError(FIELD, "The order sheet needs the quantity column.")
    if not seen_keys.intersection(IDENTIFYING_KEYS):
        raise ValidationError(
            FIELD,
            "The order sheet needs a column that says what is ordered: supplier SKU, our SKU or description.",
        )
    return OrderLayout(tuple(cleaned), bool(layout.table_only))


def layout_to_json(layout: OrderLayout) -> str:
    """The text stored for a layout: "" for the standard layout."""
    layout = validate_layout(layout)
    if layout.is_standard:
        return ""
    data = {
        "version": 1,
        "columns": [{"key": c.key, "title": c.title} for c in layout.columns],
        "table_only": layout.table_only,
    }
    return json.dumps(data, ensure_ascii=False)


def parse_layout(text: str | None) -> OrderLayout:
    """A layout from its stored text; "" is the standard layout. Raises ValidationError."""
    if not text or not text.strip():
        return STANDARD_LAYOUT
    try:
        data = json.loads(text)
    except ValueError:
        raise ValidationError(FIELD, "The stored order sheet layout is not readable.") from None
    if not isinstance(data, dict) or not isinstance(data.get("columns"), list):
        raise ValidationError(FIELD, "The stored order sheet layout has no list of columns.")
    columns = []
    for entry in data["columns"]:
        if not isinstance(entry, dict) or not isinstance(entry.get("key"), str):
            raise ValidationError(FIELD, "A column of the stored order sheet layout is not readable.")
        title = entry.get("title")
        columns.append(LayoutColumn(entry["key"], title if isinstance(title, str) else ""))
    return validate_layout(OrderLayout(tuple(columns), bool(data.get("table_only", False))))


def layout_or_standard(text: str | None) -> OrderLayout:
    """For exports: a stored layout that does not parse is read as the standard layout."""
    try:
        return parse_layout(text)
    except ValidationError:
        return STANDARD_LAYOUT


def describe_layout(layout: OrderLayout) -> str:
    """One line for the supplier's details, e.g. "Item #, Qty, Description (table only)"."""
    if layout.is_standard:
        return "Standard layout"
    text = ", ".join(layout.titles)
    return f"{text} (table only)" if layout.table_only else text


def unused_columns(layout: OrderLayout) -> list[LayoutColumn]:
    """The columns not in `layout`, with their standard titles, in the standard order."""
    used = set(layout.keys)
    return [LayoutColumn(key, title) for key, title in AVAILABLE_COLUMNS.items() if key not in used]


@read_guard
def supplier_layout(supplier_id: int) -> OrderLayout:
    """The supplier's order sheet layout (the standard one when none is set or it is unreadable)."""
    row = Supplier.select(Supplier.order_layout).where(Supplier.id == supplier_id).first()
    if row is None:
        raise NotFound(f"Supplier #{supplier_id} does not exist.")
    return layout_or_standard(row.order_layout)


@records(catalog=True)
@write_unit
def save_supplier_layout(supplier_id: int, layout: OrderLayout) -> OrderLayout:
    text = layout_to_json(layout)
    row = Supplier.select(Supplier.name, Supplier.order_layout).where(Supplier.id == supplier_id).first()
    if row is None:
        raise NotFound(f"Supplier #{supplier_id} does not exist.")
    if row.order_layout != text:
        Supplier.update(order_layout=text).where(Supplier.id == supplier_id).execute()
        audit.record(Action.SUPPLIER, row.name, "order sheet layout changed")
    return parse_layout(text)


@records(catalog=True)
@write_unit
def save_supplier_with_layout(
    data: SupplierInput, layout: OrderLayout, supplier_id: int | None = None
) -> SupplierRow:
    """Save a supplier's details and its order sheet layout in one transaction."""
    validate_layout(layout)  # refuse before anything is written
    saved = catalog.save_supplier(data, supplier_id)
    save_supplier_layout(saved.id, layout)
    return saved
