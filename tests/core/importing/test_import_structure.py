"""Real stock sheets' columns and structure: their headings, which column is the name, lots
without a quantity, lists without item codes, category heading rows, items counted as items.

Each sheet is shaped like one an office or a health programme keeps: a title above the
headings, the headings as their software spells them.
"""

from __future__ import annotations

from datetime import date

import pytest

from inventory_app.core.catalog import items as catalog
from inventory_app.core.importing.apply import apply_import
from inventory_app.core.importing.columns import map_columns
from inventory_app.core.importing.meaning import price_meaning
from inventory_app.core.importing.plan import plan_import
from inventory_app.core.importing.skus import sku_from_name
from inventory_app.core.importing.summary import columns_read
from inventory_app.core.importing.types import RowAction
from inventory_app.core.types import ItemInput
from inventory_app.errors import ImportFileError, NotFound
from tests.core.importing.import_helpers import assert_consistent, snapshot, source

pytestmark = pytest.mark.usefixtures("db")

TITLE = ("District depot — stock status report", None, None)


def _errors(planned) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(issue) for issue in planned.issues]


def test_stock_sheet_headings_are_recognised_and_on_hand_is_read() -> None:
    header = (
        "Item Code", "Product", "Stock on Hand", "Min quantity", "Max quantity", "Bin location",
        "Package Size", "Dispensing Unit", "Price per Pack",
    )  # fmt: skip
    src = source(
        TITLE,
        header,
        ("AMOX-250", "Amoxicillin 250mg caps", 340, 100, 600, "Shelf B2", 100, "capsule", "4.80"),
        first_row=3,
    )
    assert src.columns.fields == {
        "sku": 0, "name": 1, "quantity": 2, "reorder_point": 3, "par_level": 4, "location": 5,
        "units_per_purchase_unit": 6, "unit": 7, "unit_cost": 8,
    }  # fmt: skip
    assert price_meaning(src.columns.header("unit_cost")) == "purchase_unit"
    result = apply_import(plan_import(src))
    assert (result.created, result.movements) == (1, 1)
    item = catalog.item_detail(catalog.item_id_for("AMOX-250"))
    assert (item.on_hand, item.reorder_point, item.par_level) == (340, 100, 600)
    assert (item.unit, item.units_per_purchase_unit) == ("capsule", 100)
    assert_consistent()


@pytest.mark.parametrize(
    ("heading", "field"),
    [
        ("Physical QOH", "quantity"),
        ("QOH", "quantity"),
        ("Current quantity", "quantity"),
        ("Stock on Hand", "quantity"),
        ("Min quantity", "reorder_point"),
        ("Max quantity", "par_level"),
        ("Lot Code", "lot"),
        ("Bin location", "location"),
        ("Package Size", "units_per_purchase_unit"),
        ("Dispensing Unit", "unit"),
        ("Price per Pack", "unit_cost"),
        ("Cost/case", "unit_cost"),
        ("Case cost", "unit_cost"),
    ],
)
def test_headings_of_real_stock_sheets(heading: str, field: str) -> None:
    assert map_columns(1, ["SKU", heading]).fields.get(field) == 1


@pytest.mark.parametrize(
    ("heading", "meaning"),
    [
        ("Price per Pack", "purchase_unit"),
        ("Cost/case", "purchase_unit"),
        ("Case cost", "purchase_unit"),
        ("Unit price", "unit"),
        ("Cost per unit", "unit"),
        ("UnitCost", "unit"),
        ("Price", "unclear"),
        ("Cost", "unclear"),
    ],
)
def test_what_a_price_heading_is_the_price_of(heading: str, meaning: str) -> None:
    assert price_meaning(heading) == meaning


def test_the_name_column_wins_over_a_generic_description_which_becomes_the_notes() -> None:
    header = ("code", "description", "dosage form", "fullproductname", "Physical QOH")
    src = source(
        ("Product list export",),
        header,
        ("C001", "Product description goes here.", "tablet", "Paracetamol 500mg tablets", 20),
        ("C002", "Product description goes here.", "vial", "Oxytocin 10IU/ml injection", 5),
    )
    columns = src.columns
    assert (columns.letter("name"), columns.letter("notes")) == ("D", "B")
    lines = [read.text() for read in columns_read(columns)]
    assert lines[:3] == [
        "SKU ← column A (code)",
        "Name ← column D (fullproductname): the name is column D, not the description (column B)",
        "Notes ← column B (description): a description; the name is column D",
    ]
    planned = plan_import(src)
    assert [r.name for r in planned.rows] == ["Paracetamol 500mg tablets", "Oxytocin 10IU/ml injection"]
    apply_import(planned)
    item = catalog.item_detail(catalog.item_id_for("C001"))
    assert (item.name, item.notes) == ("Paracetamol 500mg tablets", "Product description goes here.")


def test_a_description_alone_is_still_the_name_and_every_guess_can_be_overridden() -> None:
    alone = source(("Item #", "Description", "Qty"), ("GLV-M", "Gloves M", 3))
    assert alone.columns.letter("name") == "B" and "notes" not in alone.columns.fields
    # by hand: the description is the name, the full name ignored
    src = source(
        ("code", "description", "fullproductname"),
        ("C001", "Paracetamol", "Paracetamol 500mg tablets"),
        mapping={"description": "name", "C": "ignore"},
    )
    assert src.columns.fields == {"sku": 0, "name": 1}
    assert [read.text() for read in columns_read(src.columns)][
        1
    ] == "Name ← column B (description), mapped by hand"
    # a notes column of its own: the description is left out, with the reason
    both = map_columns(1, ["SKU", "Description", "Product name", "Remarks"])
    assert both.fields == {"sku": 0, "name": 2, "notes": 3}
    assert both.ignored == (("B", "Description", "a description; the name is column C, the notes column D"),)


def test_lot_and_expiry_without_a_quantity_column_are_row_errors_never_dropped() -> None:
    header = ("SKU", "Item name", "Stock level", "Lot", "Expiry date")  # "Stock level": not known
    src = source(
        header,
        ("VAC-HEPB", "Hepatitis B vaccine", 12, "HB2231", "2027-03-31"),
        ("VAC-HEPB", "Hepatitis B vaccine", 4, "HB2290", "2027-09-30"),
        ("GLV-M", "Gloves M", 40, None, None),
    )
    before = snapshot()
    planned = plan_import(src)
    assert [r.action for r in planned.rows] == [RowAction.ERROR, RowAction.ERROR, RowAction.CREATE]
    assert _errors(planned)[0] == (
        "Row 2, column D (Lot): Lot HB2231 of VAC-HEPB cannot be imported without its quantity, and no "
        "column is read as On hand; map the column that holds the quantity as On hand (or ignore the lot "
        "and expiry columns)."
    )
    with pytest.raises(ImportFileError, match="2 rows have errors"):
        apply_import(planned)
    assert snapshot() == before
    result = apply_import(planned, only_valid=True)
    assert (result.created, result.not_imported) == (1, 2)
    with pytest.raises(NotFound):  # not created tracking expiry with no lots
        catalog.item_id_for("VAC-HEPB")


def test_a_new_lot_with_an_empty_quantity_is_a_row_error() -> None:
    planned = plan_import(
        source(
            ("SKU", "Name", "Physical QOH", "Lot Code", "Exp"),
            ("VAC-HEPB", "Hepatitis B vaccine", None, "HB2231", "2027-03-31"),
        )
    )
    assert _errors(planned) == [
        "Row 2, column C (Physical QOH): Lot HB2231 of VAC-HEPB is new: give its quantity."
    ]


def test_items_are_counted_as_items_and_lots_apart() -> None:
    header = ("SKU", "Name", "Physical QOH", "Lot Code", "Expiry")
    rows = [(f"ITEM-{n}", f"Item {n}", 5, f"L{n}", date(2028, 1, 1)) for n in range(13)]
    rows.append(("ITEM-0", "Item 0", 7, "L0B", date(2028, 6, 1)))  # a second lot of ITEM-0
    rows.append(("GLV-M", "Gloves M", None, None, None))
    planned = plan_import(source(("Stock count, main store",), header, *rows))
    assert planned.counts["create"] == 15
    assert planned.item_counts == {"create": 14, "update": 0, "unchanged": 0}
    result = apply_import(planned)
    assert (result.created, result.new_lots, result.movements) == (14, 14, 14)
    assert result.to_json()["new_lots"] == 14
    assert_consistent()


FORMULARY = (
    ("Clinic formulary 2025",),
    (None,),
    ("Item", "Unit", "Reorder point", "Notes"),
    ("BRACING",),
    ("Wrist brace, small", "each", 2, None),
    ("Wrist brace, SMALL ", "each", 2, None),  # the same name: the same item (and SKU)
    ("Wrist brace small", "each", 1, "left"),  # another name making the same code
    ("FIRST-AID/GEN MED",),
    ("Gauze 4x4 sterile", "pack", 10, None),
)


def test_a_list_without_codes_needs_the_choice_to_make_skus() -> None:
    with pytest.raises(
        ImportFileError, match=r"no column for the SKU.*make SKUs from the names \(--make-skus\)"
    ):
        source(*FORMULARY)


def test_a_formulary_gets_skus_from_names_and_categories_from_heading_rows() -> None:
    catalog.create_item(ItemInput(sku="GAUZE-4X4-STERILE", name="Gauze swabs, non-sterile"))
    src = source(*FORMULARY, make_skus=True)
    assert src.columns.made_skus
    assert columns_read(src.columns)[0].text() == "SKU ← made from the names in column A (Item)"
    planned = plan_import(src)
    assert [(s.row, s.reason) for s in planned.skipped] == [
        (4, "category heading “BRACING” for the rows below"),
        (8, "category heading “FIRST-AID/GEN MED” for the rows below"),
    ]
    by_row = {r.row: r for r in planned.rows}
    assert by_row[5].sku == "WRIST-BRACE-SMALL" and by_row[5].heading == "BRACING"
    assert by_row[6].action is RowAction.ERROR  # listed twice, as any repeated SKU is
    assert by_row[7].sku == "WRIST-BRACE-SMALL-2"
    # an existing item of another name holds the code: this one gets its own
    assert by_row[9].sku == "GAUZE-4X4-STERILE-2" and by_row[9].heading == "FIRST-AID/GEN MED"
    assert planned.new_categories == ("BRACING", "FIRST-AID/GEN MED")
    apply_import(planned, only_valid=True)
    item = catalog.item_detail(catalog.item_id_for("GAUZE-4X4-STERILE-2"))
    assert (item.name, item.unit) == ("Gauze 4x4 sterile", "pack")
    category_id = catalog.item_detail(catalog.item_id_for("WRIST-BRACE-SMALL-2")).category_id
    assert category_id == catalog.category_id_for("BRACING", create=False)
    # the same list again: the same SKUs, the items found and left as they are
    again = plan_import(source(*FORMULARY, make_skus=True))
    assert {r.sku: r.action for r in again.rows if r.row in (7, 9)} == {
        "WRIST-BRACE-SMALL-2": RowAction.UNCHANGED,
        "GAUZE-4X4-STERILE-2": RowAction.UNCHANGED,
    }


def test_a_heading_row_in_a_sheet_with_codes_and_what_is_not_one() -> None:
    planned = plan_import(
        source(
            ("Item #", "Description", "Qty"),
            ("WOUND CARE",),
            ("GZ-44", "Gauze 4x4", 30),
            ("Bandage",),  # mixed case alone in the SKU column: an item without a name
            ("TOTAL",),
        )
    )
    assert [(s.row, s.reason) for s in planned.skipped][0] == (
        2,
        "category heading “WOUND CARE” for the rows below",
    )
    by_row = {r.row: r for r in planned.rows}
    assert by_row[3].heading == "WOUND CARE" and by_row[3].action is RowAction.CREATE
    assert by_row[4].action is RowAction.ERROR
    assert 5 not in by_row


@pytest.mark.parametrize(
    ("name", "sku"),
    [
        ("Ace bandage, 4 in.", "ACE-BANDAGE-4-IN"),
        ("  gauze   4x4 ", "GAUZE-4X4"),
        ("Sodium chloride 0.9% infusion 500ml bag", "SODIUM-CHLORIDE-0-9"),
        ("!!!", "ITEM"),
    ],
)
def test_skus_made_from_names(name: str, sku: str) -> None:
    assert sku_from_name(name) == sku
