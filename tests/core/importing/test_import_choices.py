"""The person's say over an import: a SKU typed instead of the one made from a name, the counts
of items and lots the preview shows, and a row kept without its price when only its price cell
is not valid (its stock is never dropped for a bad price). Both backends."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from inventory_app.core.catalog import items as catalog
from inventory_app.core.importing.apply import apply_import
from inventory_app.core.importing.plan import plan_import
from inventory_app.core.importing.skus import parse_sku_choices
from inventory_app.core.importing.summary import item_counts
from inventory_app.core.importing.types import RowAction
from inventory_app.core.types import ItemInput
from inventory_app.errors import ImportFileError
from tests.core.importing.import_helpers import assert_consistent, snapshot, source

pytestmark = pytest.mark.usefixtures("db")

FORMULARY = (
    ("Description of item", "UOM", "Min qty"),
    ("BRACING", None, None),
    ("Wrist brace, small", "each", 2),
    ("Wrist brace, large", "each", 2),
    ("Wrist brace, small", "each", 2),  # the same name again: one item, one SKU
)


def _formulary():  # type: ignore[no-untyped-def]
    return source(*FORMULARY, make_skus=True)


def test_a_typed_sku_replaces_the_made_one_for_every_row_of_that_name() -> None:
    planned = plan_import(_formulary(), skus={3: "WRIST-S"})
    assert [(r.row, r.sku, r.action) for r in planned.rows] == [
        (3, "WRIST-S", RowAction.ERROR),  # listed twice without lots
        (4, "WRIST-BRACE-LARGE", RowAction.CREATE),
        (5, "WRIST-S", RowAction.ERROR),
    ]
    assert planned.typed_skus == {"wrist-s"}
    planned = plan_import(source(*FORMULARY[:4], make_skus=True), skus={3: "WRIST-S", 4: "WRIST-L"})
    apply_import(planned)
    assert catalog.item_detail(catalog.item_id_for("WRIST-S")).name == "Wrist brace, small"
    assert catalog.item_detail(catalog.item_id_for("WRIST-L")).name == "Wrist brace, large"
    assert_consistent()


def test_a_made_sku_keeps_clear_of_a_typed_one() -> None:
    rows = (("Name", "Qty"), ("Ace bandage", 3), ("Gauze", 4))
    planned = plan_import(source(*rows, make_skus=True), skus={3: "ACE-BANDAGE"})
    assert [r.sku for r in planned.rows] == ["ACE-BANDAGE-2", "ACE-BANDAGE"]
    assert not planned.has_errors


def test_a_typed_sku_taken_in_the_file_or_the_inventory_is_a_row_error() -> None:
    planned = plan_import(source(*FORMULARY[:4], make_skus=True), skus={3: "BRACE", 4: "Brace"})
    assert [str(i) for i in planned.issues] == [
        "Row 3, column A (Description of item): SKU BRACE is typed for two items of the file "
        "(“Wrist brace, small” and “Wrist brace, large”); give each its own.",
        "Row 4, column A (Description of item): SKU Brace is typed for two items of the file "
        "(“Wrist brace, large” and “Wrist brace, small”); give each its own.",
    ]
    catalog.create_item(ItemInput(sku="KNEE-1", name="Knee brace, hinged"))
    planned = plan_import(source(*FORMULARY[:4], make_skus=True), skus={4: "knee-1"})
    assert [i.message for i in planned.issues] == [
        "SKU knee-1 is already used by “Knee brace, hinged” in the inventory; type another."
    ]
    # the same name as the item that holds it: that item, updated
    rows = (("Name", "Qty"), ("Knee brace, hinged", 5))
    planned = plan_import(source(*rows, make_skus=True), skus={2: "KNEE-1"})
    assert [(r.sku, r.action) for r in planned.rows] == [("KNEE-1", RowAction.UPDATE)]


def test_skus_can_be_typed_only_for_item_rows_of_a_list_without_codes() -> None:
    with pytest.raises(ImportFileError, match="row 2 is not an item"):
        plan_import(_formulary(), skus={2: "BRACING"})
    with pytest.raises(ImportFileError, match="row 9 has no item name"):
        plan_import(_formulary(), skus={9: "X"})
    with pytest.raises(ImportFileError, match="this file has a SKU column"):
        plan_import(source(("SKU", "Name"), ("A1", "Gloves")), skus={2: "X"})
    assert parse_sku_choices(["12=WRIST-S", " row 14 = KNEE-L "]) == {12: "WRIST-S", 14: "KNEE-L"}
    for bad in ("WRIST-S", "12=", "twelve=X"):
        with pytest.raises(ImportFileError, match="ROW=SKU"):
            parse_sku_choices([bad])


def test_the_counts_are_of_items_and_lots_as_the_result_counts_them() -> None:
    rows = [("SKU", "Name", "Qty", "Lot", "Expiry")]
    rows += [(f"S-{n}", f"Supply {n}", 5, None, None) for n in range(13)]
    rows += [("VAC", "Vaccine", 4, "L1", date(2030, 1, 31)), ("VAC", "Vaccine", 6, "L2", date(2030, 6, 30))]
    rows += [("BAD", "Broken", "many", None, None)]
    planned = plan_import(source(*rows))
    assert planned.counts["create"] == 15  # rows
    counts = item_counts(planned)
    assert (counts.create, counts.new_lots, counts.lots_of_new, counts.error_rows) == (14, 2, ((2, 1),), 1)
    assert counts.text() == (
        "14 items to create (1 with 2 lots), 0 to update, 0 unchanged, 2 new lots; 1 row with errors"
    )
    result = apply_import(planned, only_valid=True)
    assert (result.created, result.new_lots, result.not_imported) == (counts.create, counts.new_lots, 1)


PRICES = ("SKU", "Name", "Qty", "Unit price", "Units per case", "Lot", "Expiry")


def test_only_valid_keeps_a_row_whose_only_error_is_its_price() -> None:
    catalog.create_item(ItemInput(sku="SWAB", name="Alcohol swabs", unit_cost=Decimal("9.5")))
    planned = plan_import(
        source(
            PRICES,
            ("GLV", "Gloves", 40, "0.0825", 100, None, None),
            ("SWAB", "Alcohol swabs", 80, "n/a", 200, None, None),
            ("TAPE", "Tape", 12, "0.123456", 1, None, None),  # five decimals: not kept exactly
            ("VAC", "Vaccine", 4, "12.5.0", 10, "L1", date(2030, 1, 31)),
            ("VAC", "Vaccine", 6, None, 10, "L2", date(2030, 6, 30)),
            ("NEW", None, 3, "oops", 1, None, None),  # also without a name: not kept
        )
    )
    assert [(r.row, r.action, r.without_price) for r in planned.rows] == [
        (2, RowAction.CREATE, None),
        (3, RowAction.ERROR, RowAction.UPDATE),
        (4, RowAction.ERROR, RowAction.CREATE),
        (5, RowAction.ERROR, RowAction.CREATE),
        (6, RowAction.ERROR, RowAction.CREATE),
        (7, RowAction.ERROR, None),
    ]
    assert "NEW is a new item: its name is required." in [i.message for i in planned.issues]
    assert item_counts(planned).without_price == 4
    assert item_counts(planned, only_valid=True).create == 3
    before = snapshot()
    with pytest.raises(ImportFileError):
        apply_import(planned)
    assert snapshot() == before
    result = apply_import(planned, only_valid=True)
    assert (result.created, result.updated, result.without_price, result.not_imported) == (3, 1, 4, 1)
    assert result.new_lots == 2
    found = {sku: catalog.item_detail(catalog.item_id_for(sku)) for sku in ("GLV", "SWAB", "TAPE", "VAC")}
    assert {sku: (i.on_hand, i.unit_cost) for sku, i in found.items()} == {
        "GLV": (40, Decimal("8.25")),  # 0.0825 a unit × 100
        "SWAB": (80, Decimal("9.5")),  # the price it had
        "TAPE": (12, Decimal("0")),
        "VAC": (10, Decimal("0")),
    }
    assert_consistent()
