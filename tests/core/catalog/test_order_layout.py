"""A supplier's own order-sheet layout: parsing, checking, saving with the supplier, upgrading."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from peewee import Database

from inventory_app.core.accounts.context import set_current_user
from inventory_app.core.catalog import items as catalog
from inventory_app.core.catalog import order_layout
from inventory_app.core.catalog.order_layout import (
    AVAILABLE_COLUMNS,
    STANDARD_LAYOUT,
    LayoutColumn,
    OrderLayout,
    describe_layout,
    layout_or_standard,
    layout_to_json,
    parse_layout,
    unused_columns,
    validate_layout,
)
from inventory_app.core.types import SupplierInput
from inventory_app.db.models import Supplier
from inventory_app.db.session import close_database, open_database
from inventory_app.errors import NotFound, ValidationError

V1_SCHEMA = Path(__file__).resolve().parents[2] / "db" / "data" / "schema_v1_sqlite.sql"

UPLOAD = OrderLayout(
    (
        LayoutColumn("supplier_sku", "Item #"),
        LayoutColumn("quantity", "Qty"),
        LayoutColumn("unit_of_measure", "UOM"),
    ),
    table_only=True,
)


def test_the_standard_layout_has_the_form_columns_and_is_stored_as_empty_text() -> None:
    assert STANDARD_LAYOUT.keys == (
        "line_no",
        "supplier_sku",
        "sku",
        "description",
        "purchase_unit",
        "quantity",
        "unit_price",
        "line_total",
    )
    assert STANDARD_LAYOUT.titles[:3] == ("No.", "Supplier SKU", "Our SKU")
    assert layout_to_json(STANDARD_LAYOUT) == ""
    assert parse_layout("") == parse_layout(None) == parse_layout("  ") == STANDARD_LAYOUT
    assert describe_layout(STANDARD_LAYOUT) == "Standard layout"
    assert set(STANDARD_LAYOUT.keys) < set(AVAILABLE_COLUMNS)


def test_a_layout_round_trips_through_its_text() -> None:
    text = layout_to_json(UPLOAD)
    assert text and parse_layout(text) == UPLOAD
    assert describe_layout(UPLOAD) == "Item #, Qty, UOM (table only)"
    assert [c.key for c in unused_columns(UPLOAD)] == [
        k for k in AVAILABLE_COLUMNS if k not in ("supplier_sku", "quantity", "unit_of_measure")
    ]
    unicode = OrderLayout((LayoutColumn("quantity", "Menge – Stück"), LayoutColumn("description", "品名")))
    assert parse_layout(layout_to_json(unicode)) == unicode


def test_titles_are_tidied_and_blank_ones_take_the_standard_title() -> None:
    layout = validate_layout(
        OrderLayout((LayoutColumn("quantity", "  Qty \n ordered "), LayoutColumn("sku", " ")))
    )
    assert layout.titles == ("Qty ordered", "Our SKU")


@pytest.mark.parametrize(
    ("columns", "message"),
    [
        ((), "at least one column"),
        ((LayoutColumn("quantity", "Q"), LayoutColumn("colour", "C")), "“colour” is not a column"),
        ((LayoutColumn("quantity", "Q"), LayoutColumn("sku", "A"), LayoutColumn("sku", "B")), "there twice"),
        ((LayoutColumn("quantity", "Same"), LayoutColumn("sku", "same")), "Two columns are titled"),
        ((LayoutColumn("sku", "SKU"),), "needs the quantity column"),
        ((LayoutColumn("quantity", "Q"), LayoutColumn("unit_price", "P")), "says what is ordered"),
        ((LayoutColumn("quantity", "Q" * 61), LayoutColumn("sku", "S")), "longer than 60"),
    ],
)
def test_a_layout_that_cannot_work_is_refused_with_a_reason(
    columns: tuple[LayoutColumn, ...], message: str
) -> None:
    with pytest.raises(ValidationError, match=message) as info:
        validate_layout(OrderLayout(columns))
    assert info.value.field == "order_layout"


@pytest.mark.parametrize("text", ["{", "[]", '{"columns": 3}', '{"columns": [5]}', '{"columns": []}'])
def test_stored_text_that_does_not_parse_is_refused_but_exports_use_the_standard_layout(text: str) -> None:
    with pytest.raises(ValidationError):
        parse_layout(text)
    assert layout_or_standard(text) == STANDARD_LAYOUT


def test_a_layout_is_saved_with_the_supplier_in_one_transaction(db: Database) -> None:
    saved = order_layout.save_supplier_with_layout(SupplierInput(name="Northgate"), UPLOAD)
    assert order_layout.supplier_layout(saved.id) == UPLOAD
    assert catalog.supplier(saved.id).name == "Northgate"

    # A refused supplier saves no layout; a refused layout saves no supplier change.
    catalog.save_supplier(SupplierInput(name="Medline"))
    with pytest.raises(ValidationError, match="already exists"):
        order_layout.save_supplier_with_layout(SupplierInput(name="Medline"), STANDARD_LAYOUT, saved.id)
    assert order_layout.supplier_layout(saved.id) == UPLOAD
    with pytest.raises(ValidationError, match="quantity"):
        order_layout.save_supplier_with_layout(
            SupplierInput(name="Northgate Medical"), OrderLayout((LayoutColumn("sku", "S"),)), saved.id
        )
    assert catalog.supplier(saved.id).name == "Northgate"

    # Back to the standard layout: stored as empty text.
    order_layout.save_supplier_with_layout(SupplierInput(name="Northgate"), STANDARD_LAYOUT, saved.id)
    assert Supplier.get_by_id(saved.id).order_layout == ""
    assert order_layout.supplier_layout(saved.id) == STANDARD_LAYOUT


def test_a_layout_for_a_supplier_that_does_not_exist(db: Database) -> None:
    with pytest.raises(NotFound):
        order_layout.supplier_layout(404)
    with pytest.raises(NotFound):
        order_layout.save_supplier_layout(404, UPLOAD)


def test_upgrading_a_first_release_database_gives_suppliers_the_standard_layout(tmp_path: Path) -> None:
    path = tmp_path / "inventory.db"
    with closing(sqlite3.connect(path)) as conn:
        conn.executescript(V1_SCHEMA.read_text())
        conn.execute(
            "INSERT INTO supplier (name, account_number, contact, phone, email, address, "
            "lead_time_days, notes, active) VALUES ('Old Supply', '', '', '', '', '', 7, '', 1)"
        )
        conn.commit()
        assert "order_layout" not in {row[1] for row in conn.execute("PRAGMA table_info(supplier)")}
    set_current_user("tester")
    db = open_database(path)
    try:
        old = catalog.suppliers()[0]
        assert old.name == "Old Supply"
        assert order_layout.supplier_layout(old.id) == STANDARD_LAYOUT
        order_layout.save_supplier_layout(old.id, UPLOAD)
        assert order_layout.supplier_layout(old.id) == UPLOAD
        fresh = catalog.save_supplier(SupplierInput(name="New Supply"))
        assert Supplier.get_by_id(fresh.id).order_layout == ""
    finally:
        close_database(db)
        set_current_user(None)


def test_a_changed_layout_is_audited_and_an_unchanged_one_is_not(db: Database) -> None:
    from inventory_app.core.accounts import audit
    from inventory_app.core.accounts.audit import Action

    saved = catalog.save_supplier(SupplierInput(name="Northgate"))
    before = len(audit.events(action=Action.SUPPLIER))
    order_layout.save_supplier_layout(saved.id, UPLOAD)
    order_layout.save_supplier_layout(saved.id, UPLOAD)  # the same again: nothing to log
    logged = audit.events(action=Action.SUPPLIER)
    assert len(logged) == before + 1
    assert (logged[0].object, logged[0].detail, logged[0].user) == (
        "Northgate",
        "order sheet layout changed",
        "tester",
    )
