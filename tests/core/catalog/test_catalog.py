"""Catalog: items, suppliers, categories and locations; validation names the field."""

from __future__ import annotations

from decimal import Decimal

import pytest

from inventory_app.core import corrections
from inventory_app.core.catalog import items as catalog
from inventory_app.core.purchasing import orders as purchasing
from inventory_app.core.stock import movements as stock
from inventory_app.core.stock import queries as stock_queries
from inventory_app.core.types import ItemInput, SupplierInput
from inventory_app.db.models import Item, Lot, Movement
from inventory_app.errors import InventoryError, NotFound, ValidationError
from tests.core.helpers import days, new_item

# ---------------------------------------------------------------- items


def test_create_item_trims_text_and_reads_back(db):
    category = catalog.save_category("Gloves")
    location = catalog.save_location("Shelf A")
    supplier = catalog.save_supplier(SupplierInput(name="Henry Schein"))
    item = catalog.create_item(
        ItemInput(
            sku="  GLV-M ",
            name=" Nitrile exam gloves, medium ",
            unit="box",
            category_id=category.id,
            location_id=location.id,
            supplier_id=supplier.id,
            units_per_purchase_unit=10,
            unit_cost="$12.50",
            reorder_point=5,
            par_level=20,
            barcode=" 0123456789 ",
        )
    )
    detail = catalog.item_detail(item.id)
    assert detail == item
    assert (detail.sku, detail.name, detail.unit) == ("GLV-M", "Nitrile exam gloves, medium", "box")
    assert detail.purchase_unit == "box"  # defaults to the unit of issue
    assert (detail.category_id, detail.location_id, detail.supplier_id) == (
        category.id,
        location.id,
        supplier.id,
    )
    assert detail.unit_cost == Decimal("12.50")
    assert (detail.reorder_point, detail.par_level, detail.units_per_purchase_unit) == (5, 20, 10)
    assert detail.barcode == "0123456789"
    assert detail.active and detail.on_hand == 0 and detail.expired == 0


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"sku": ""}, "sku"),
        ({"sku": "   "}, "sku"),
        ({"sku": "GLV M"}, "sku"),
        ({"sku": "GLV\tM"}, "sku"),
        ({"sku": "X" * 65}, "sku"),
        ({"name": " "}, "name"),
        ({"name": "x" * 301}, "name"),
        ({"unit": "x" * 51}, "unit"),
        ({"purchase_unit": "x" * 51}, "purchase_unit"),
        ({"supplier_sku": "x" * 101}, "supplier_sku"),
        ({"barcode": "9" * 101}, "barcode"),
        ({"reorder_point": -1}, "reorder_point"),
        ({"reorder_point": 1.5}, "reorder_point"),
        ({"reorder_point": 10, "par_level": 9}, "par_level"),
        ({"par_level": -2}, "par_level"),
        ({"units_per_purchase_unit": 0}, "units_per_purchase_unit"),
        ({"units_per_purchase_unit": -3}, "units_per_purchase_unit"),
        ({"unit_cost": "abc"}, "unit_cost"),
        ({"unit_cost": "-1.00"}, "unit_cost"),
        ({"unit_cost": "NaN"}, "unit_cost"),
        ({"unit_cost": float("inf")}, "unit_cost"),
        ({"unit_cost": "1,5"}, "unit_cost"),
        ({"category_id": 9999}, "category_id"),
        ({"expiry_warning_days": -1}, "expiry_warning_days"),
    ],
    ids=lambda value: (
        value if isinstance(value, str) else ",".join(f"{k}={v!r:.12}" for k, v in value.items())
    ),
)
def test_invalid_item_is_refused_naming_the_field(db, changes, field):
    data = {"sku": "GLV-M", "name": "Gloves"} | changes
    with pytest.raises(ValidationError) as refused:
        catalog.create_item(ItemInput(**data))
    assert refused.value.field == field
    assert refused.value.message
    assert Item.select().count() == 0


def test_par_level_equal_to_reorder_point_is_accepted(db):
    item = new_item(reorder_point=10, par_level=10)
    assert (item.reorder_point, item.par_level) == (10, 10)


def test_validate_item_lists_every_problem(db):
    problems = catalog.validate_item(
        ItemInput(sku="A B", name="", reorder_point=-1, units_per_purchase_unit=0, unit_cost="x")
    )
    assert {p.field for p in problems} == {
        "sku",
        "name",
        "reorder_point",
        "units_per_purchase_unit",
        "unit_cost",
    }


@pytest.mark.parametrize("other", ["GLV-M", "glv-m", "  Glv-M  "])
def test_duplicate_sku_is_refused_in_any_case(db, other):
    new_item("GLV-M")
    with pytest.raises(ValidationError) as refused:
        new_item(other)
    assert refused.value.field == "sku"
    assert "GLV-M" in refused.value.message
    assert Item.select().count() == 1


def test_duplicate_barcode_is_refused(db):
    first = new_item("GLV-M", barcode="0123456789")
    with pytest.raises(ValidationError) as refused:
        new_item("GLV-L", barcode=" 0123456789")
    assert refused.value.field == "barcode"
    assert "GLV-M" in refused.value.message
    # The item keeps its own barcode when it is saved again.
    same = catalog.update_item(first.id, ItemInput(sku="GLV-M", name="Gloves M", barcode="0123456789"))
    assert same.barcode == "0123456789"


@pytest.mark.parametrize("code", ["PAD-1", "pad-1", " Pad-1 "])
def test_sku_equal_to_another_items_barcode_is_refused_in_any_case(db, code):
    gauze = new_item("GAUZE-5", barcode="PAD-1")
    with pytest.raises(ValidationError) as refused:
        new_item(code)
    assert refused.value.field == "sku"
    assert "GAUZE-5" in refused.value.message
    assert catalog.item_id_for("pad-1") == gauze.id
    assert Item.select().count() == 1


@pytest.mark.parametrize("code", ["TAPE-2", "tape-2"])
def test_barcode_equal_to_another_items_sku_is_refused_in_any_case(db, code):
    tape = new_item("TAPE-2")
    other = new_item("GAUZE-5")
    with pytest.raises(ValidationError) as refused:
        catalog.update_item(other.id, ItemInput(sku="GAUZE-5", name="Gauze", barcode=code))
    assert refused.value.field == "barcode"
    assert "TAPE-2" in refused.value.message
    assert catalog.item_id_for(code) == tape.id
    # An item may carry its own SKU as its barcode.
    same = catalog.update_item(tape.id, ItemInput(sku="TAPE-2", name="Tape", barcode="tape-2"))
    assert same.barcode == "tape-2"


def test_barcodes_differing_only_in_case_are_one_code(db):
    new_item("GLV-M", barcode="ab12")
    with pytest.raises(ValidationError) as refused:
        new_item("GLV-L", barcode="AB12")
    assert refused.value.field == "barcode"


def test_update_item_changes_fields(db):
    item = new_item("GLV-M", reorder_point=2)
    updated = catalog.update_item(
        item.id, ItemInput(sku="glv-m", name="Gloves, medium", reorder_point=4, par_level=12, unit="box")
    )
    assert updated.id == item.id
    assert (updated.sku, updated.name, updated.reorder_point, updated.par_level, updated.unit) == (
        "glv-m",
        "Gloves, medium",
        4,
        12,
        "box",
    )
    assert catalog.item_detail(item.id) == updated


def test_update_item_to_another_items_sku_is_refused(db):
    new_item("GLV-M")
    other = new_item("GLV-L")
    with pytest.raises(ValidationError) as refused:
        catalog.update_item(other.id, ItemInput(sku="Glv-M", name="x"))
    assert refused.value.field == "sku"
    assert catalog.item_detail(other.id).sku == "GLV-L"


def test_update_or_read_a_missing_item_is_not_found(db):
    with pytest.raises(NotFound):
        catalog.update_item(4242, ItemInput(sku="X", name="x"))
    with pytest.raises(NotFound):
        catalog.item_detail(4242)
    with pytest.raises(NotFound):
        catalog.archive_item(4242)


def test_archive_and_restore_item(db):
    item = new_item("GLV-M", reorder_point=5)
    kept = new_item("GLV-L", reorder_point=5)
    catalog.archive_item(item.id)
    assert catalog.item_detail(item.id).active is False
    assert [r.sku for r in stock_queries.list_items()] == ["GLV-L"]
    assert [r.sku for r in stock_queries.list_items(include_archived=True)] == ["GLV-L", "GLV-M"]
    assert [r.id for r in stock_queries.needs_reorder()] == [kept.id]
    assert stock_queries.attention_counts().out == 1
    catalog.restore_item(item.id)
    assert catalog.item_detail(item.id).active is True
    assert [r.sku for r in stock_queries.list_items()] == ["GLV-L", "GLV-M"]
    assert stock_queries.attention_counts().out == 2


def test_item_id_for_finds_sku_in_any_case_and_barcode(db):
    item = new_item("GLV-M", barcode="0123456789")
    assert catalog.item_id_for(" glv-m ") == item.id
    assert catalog.item_id_for("0123456789") == item.id
    with pytest.raises(NotFound):
        catalog.item_id_for("nothing")


def test_tracks_expiry_cannot_switch_on_while_stock_is_on_hand(db):
    item = new_item("GLV-M")
    stock.receive(item.id, 3)
    with pytest.raises(ValidationError) as refused:
        catalog.update_item(item.id, ItemInput(sku="GLV-M", name="Gloves", tracks_expiry=True))
    assert refused.value.field == "tracks_expiry"
    assert "3" in refused.value.message
    assert catalog.item_detail(item.id).tracks_expiry is False
    stock.use(item.id, 3)
    switched = catalog.update_item(item.id, ItemInput(sku="GLV-M", name="Gloves", tracks_expiry=True))
    assert switched.tracks_expiry is True


def test_tracks_expiry_cannot_switch_off_while_lots_hold_stock(db):
    item = new_item("VAX", tracks_expiry=True)
    stock.receive(item.id, 2, lot="L1", expires=days(30))
    with pytest.raises(ValidationError) as refused:
        catalog.update_item(item.id, ItemInput(sku="VAX", name="Vaccine", tracks_expiry=False))
    assert refused.value.field == "tracks_expiry"
    assert catalog.item_detail(item.id).tracks_expiry is True


def test_tracks_expiry_cannot_switch_off_while_only_expired_stock_is_left(db):
    item = new_item("VAX", tracks_expiry=True)
    stock.receive(item.id, 2, lot="OLD", expires=days(-3))
    assert catalog.item_detail(item.id).on_hand == 0  # usable
    with pytest.raises(ValidationError) as refused:
        catalog.update_item(item.id, ItemInput(sku="VAX", name="Vaccine", tracks_expiry=False))
    assert refused.value.field == "tracks_expiry"


# ---------------------------------------------------------------- deleting (RELIABILITY A4)


def test_delete_item_with_history_is_refused_archive_instead(db):
    item = new_item("GLV-M")
    stock.receive(item.id, 5)
    (used,) = stock.use(item.id, 5)
    corrections.reverse(used.id)
    stock.use(item.id, 5)
    assert catalog.item_detail(item.id).on_hand == 0  # nothing on hand, but history exists
    before = stock_queries.history(item.id)
    with pytest.raises(InventoryError) as refused:
        catalog.delete_item(item.id)
    assert "archive" in str(refused.value).lower()
    assert "GLV-M" in str(refused.value)
    assert stock_queries.history(item.id) == before
    assert catalog.item_detail(item.id).active is True
    catalog.archive_item(item.id)  # the suggested way out works
    assert catalog.item_detail(item.id).active is False


def test_delete_tracked_item_with_history_is_refused(db):
    item = new_item("VAX", tracks_expiry=True)
    stock.receive(item.id, 1, lot="L1", expires=days(10))
    with pytest.raises(InventoryError, match="archive"):
        catalog.delete_item(item.id)
    assert Lot.select().where(Lot.item == item.id).count() == 1
    assert Movement.select().count() == 1


def test_delete_item_on_a_purchase_order_is_refused_archive_instead(db):
    supplier = catalog.save_supplier(SupplierInput(name="Medline"))
    item = new_item("GLV-M", supplier_id=supplier.id)
    order = purchasing.create_order(supplier.id)
    purchasing.add_line(order.id, item.id, 2)
    with pytest.raises(InventoryError) as refused:
        catalog.delete_item(item.id)
    assert type(refused.value) is InventoryError  # a message for the user, not a driver error
    assert "archive" in str(refused.value) and order.number in str(refused.value)
    assert catalog.item_detail(item.id).sku == "GLV-M"
    assert len(purchasing.order_detail(order.id).lines) == 1


def test_delete_item_without_history(db):
    item = new_item("GLV-M")
    kept = new_item("GLV-L")
    catalog.delete_item(item.id)
    with pytest.raises(NotFound):
        catalog.item_detail(item.id)
    assert [r.id for r in stock_queries.list_items(include_archived=True)] == [kept.id]
    new_item("GLV-M")  # the SKU is free again


def test_delete_item_with_an_empty_lot_and_no_movements(db):
    item = new_item("VAX", tracks_expiry=True)
    Lot.create(item=item.id, lot_number="L1", expires_on=days(5), quantity=0)
    catalog.delete_item(item.id)
    assert Item.select().count() == 0 and Lot.select().count() == 0


# ---------------------------------------------------------------- suppliers


def test_supplier_save_rename_archive(db):
    saved = catalog.save_supplier(
        SupplierInput(name=" Henry Schein ", email="orders@schein.example", lead_time_days=3)
    )
    assert (saved.name, saved.email, saved.lead_time_days, saved.active) == (
        "Henry Schein",
        "orders@schein.example",
        3,
        True,
    )
    renamed = catalog.save_supplier(SupplierInput(name="Henry Schein Inc.", lead_time_days=4), saved.id)
    assert renamed.id == saved.id
    assert catalog.supplier(saved.id).name == "Henry Schein Inc."
    catalog.save_supplier(SupplierInput(name="henry schein inc."), saved.id)  # itself, new case
    catalog.set_supplier_active(saved.id, False)
    assert catalog.suppliers() == []
    assert [s.id for s in catalog.suppliers(include_archived=True)] == [saved.id]
    catalog.set_supplier_active(saved.id, True)
    assert [s.name for s in catalog.suppliers()] == ["henry schein inc."]


def test_supplier_counts_its_active_items(db):
    supplier = catalog.save_supplier(SupplierInput(name="Medline"))
    new_item("A", supplier_id=supplier.id)
    archived = new_item("B", supplier_id=supplier.id)
    catalog.archive_item(archived.id)
    assert catalog.suppliers()[0].item_count == 1


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (SupplierInput(name=""), "name"),
        (SupplierInput(name="McKesson"), "name"),
        (SupplierInput(name="  mckesson "), "name"),
        (SupplierInput(name="Other", email="not an address"), "email"),
        (SupplierInput(name="Other", lead_time_days=-1), "lead_time_days"),
        (SupplierInput(name="Other", lead_time_days=366), "lead_time_days"),
    ],
)
def test_invalid_supplier_is_refused_naming_the_field(db, data, field):
    catalog.save_supplier(SupplierInput(name="McKesson"))
    with pytest.raises(ValidationError) as refused:
        catalog.save_supplier(data)
    assert refused.value.field == field
    assert [s.name for s in catalog.suppliers(include_archived=True)] == ["McKesson"]


def test_renaming_a_supplier_onto_another_is_refused(db):
    catalog.save_supplier(SupplierInput(name="McKesson"))
    other = catalog.save_supplier(SupplierInput(name="Medline"))
    with pytest.raises(ValidationError) as refused:
        catalog.save_supplier(SupplierInput(name="MCKESSON"), other.id)
    assert refused.value.field == "name"
    assert catalog.supplier(other.id).name == "Medline"


def test_missing_supplier_is_not_found(db):
    with pytest.raises(NotFound):
        catalog.supplier(77)
    with pytest.raises(NotFound):
        catalog.save_supplier(SupplierInput(name="Ghost"), 77)


# ---------------------------------------------------------------- categories and locations

NAMED = {
    "category": (catalog.save_category, catalog.categories, catalog.set_category_active, "category_id"),
    "location": (catalog.save_location, catalog.locations, catalog.set_location_active, "location_id"),
}


@pytest.mark.parametrize("kind", NAMED)
def test_named_rows_save_rename_duplicate_archive(db, kind):
    save, listing, set_active, item_field = NAMED[kind]
    first = save(" Gloves ")
    second = save("Dressings")
    assert first.name == "Gloves"
    assert [r.name for r in listing()] == ["Dressings", "Gloves"]

    renamed = save("Exam gloves", first.id)
    assert renamed.id == first.id and renamed.name == "Exam gloves"
    save("EXAM GLOVES", first.id)  # renaming itself in another case is fine

    for clash in ("dressings", " Dressings "):
        with pytest.raises(ValidationError) as refused:
            save(clash)
        assert refused.value.field == "name"
    with pytest.raises(ValidationError) as refused:
        save("Dressings", first.id)
    assert refused.value.field == "name"
    with pytest.raises(ValidationError) as refused:
        save("  ")
    assert refused.value.field == "name"
    assert len(listing(include_archived=True)) == 2

    new_item("A", **{item_field: second.id})
    assert {r.name: r.item_count for r in listing()} == {"Dressings": 1, "EXAM GLOVES": 0}

    set_active(second.id, False)
    assert [r.name for r in listing()] == ["EXAM GLOVES"]
    archived = [r for r in listing(include_archived=True) if r.id == second.id]
    assert archived and archived[0].active is False
    set_active(second.id, True)
    assert len(listing()) == 2


def test_category_expiry_warning_days_is_validated(db):
    saved = catalog.save_category("Vaccines", expiry_warning_days=30)
    assert catalog.categories()[0].expiry_warning_days == 30
    with pytest.raises(ValidationError) as refused:
        catalog.save_category("Vaccines", saved.id, expiry_warning_days=-5)
    assert refused.value.field == "expiry_warning_days"
    assert catalog.categories()[0].expiry_warning_days == 30


def test_renaming_a_missing_location_is_not_found(db):
    with pytest.raises(NotFound):
        catalog.save_location("Shelf B", 321)


def test_change_supplier_changes_only_the_supplier_and_keeps_an_edit_made_meanwhile(db) -> None:
    from inventory_app.core.accounts import audit
    from inventory_app.core.catalog import suppliers
    from inventory_app.core.types import item_input_of

    item = catalog.create_item(ItemInput(sku="CTN", name="Cotton balls", reorder_point=4, notes="old"))
    shown = catalog.item_detail(item.id)  # what a page showed when the person clicked
    medline = catalog.save_supplier(SupplierInput(name="Medline"))
    # Meanwhile, on another workstation, the item's notes and cost are edited.
    catalog.update_item(item.id, item_input_of(shown, notes="Keep dry", unit_cost=Decimal("2.50")))

    assert catalog.change_supplier(item.id, medline.id) == "Medline"

    after = catalog.item_detail(item.id)
    assert after.supplier_id == medline.id
    assert (after.notes, after.unit_cost) == ("Keep dry", Decimal("2.50"))  # not copied back over
    assert audit.events(limit=1)[0].detail == "changed supplier"
    suppliers.set_supplier_active(medline.id, False)
    other = catalog.create_item(ItemInput(sku="GZ", name="Gauze"))
    with pytest.raises(ValidationError, match="no longer in the list"):
        catalog.change_supplier(other.id, medline.id)
    assert catalog.item_detail(other.id).supplier_id is None


def test_the_item_field_list_is_the_dataclass_and_every_field_round_trips(db) -> None:
    """One field list (ITEM_FIELDS, from ItemInput): an item saved with every field set comes
    back with every field, through item_detail and item_input_of."""
    from dataclasses import fields

    from inventory_app.core.types import ITEM_FIELDS, ItemDetail, item_input_of

    assert ITEM_FIELDS == tuple(f.name for f in fields(ItemInput))
    assert set(ITEM_FIELDS) <= {f.name for f in fields(ItemDetail)}
    supplier = catalog.save_supplier(SupplierInput(name="Medline"))
    category = catalog.save_category("Wound care")
    location = catalog.save_location("Cabinet B")
    given = ItemInput(
        sku="GZ-44",
        name="Gauze 4x4",
        unit="pack",
        category_id=category.id,
        location_id=location.id,
        purchase_unit="case",
        units_per_purchase_unit=12,
        supplier_id=supplier.id,
        supplier_sku="MED-4412",
        unit_cost=Decimal("18.5000"),
        reorder_point=5,
        par_level=20,
        tracks_expiry=True,
        barcode="0812345000015",
        notes="Sterile",
        expiry_warning_days=45,
    )
    item = catalog.create_item(given)
    assert item_input_of(catalog.item_detail(item.id)) == given
