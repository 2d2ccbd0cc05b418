"""Validating an import into a plan: create / update (which fields) / unchanged / error, row by row.

Nothing here writes; each test reads the plan the user would see in the preview.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from inventory_app.core.catalog import items as catalog
from inventory_app.core.importing.types import RowAction
from inventory_app.core.importing.values import FormulaWithoutValue
from inventory_app.core.stock import movements as stock
from inventory_app.core.types import ItemInput
from tests.core.importing.import_helpers import HEADER, by_sku, plan

pytestmark = pytest.mark.usefixtures("sqlite_db")


def _issues(planned, row: int) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(i) for r in planned.rows if r.row == row for i in r.issues]


def test_new_rows_are_created_and_new_names_listed() -> None:
    catalog.save_category("Gloves")
    planned = plan(
        HEADER,
        ("GLV-M", "Gloves M", 10, 4, 20, "Northgate", "$64.50", "box", "gloves", "Room A"),
        ("GZ-44", "Gauze", "1,200", None, None, "Cascade", None, None, "Wound care", "Room A"),
    )
    assert by_sku(planned) == {"GLV-M": ["create"], "GZ-44": ["create"]}
    assert [r.quantity_change for r in planned.rows] == [10, 1200]
    assert planned.new_suppliers == ("Cascade", "Northgate")
    assert planned.new_categories == ("Wound care",)  # "gloves" is the existing "Gloves"
    assert planned.new_locations == ("Room A",)
    assert planned.counts == {"create": 2, "update": 0, "unchanged": 0, "error": 0}
    assert not planned.has_errors


def test_existing_items_are_updated_with_the_changed_fields_only() -> None:
    catalog.create_item(ItemInput(sku="GLV-M", name="Gloves M", unit="box", reorder_point=4, par_level=20))
    catalog.create_item(ItemInput(sku="GZ-44", name="Gauze", reorder_point=2))
    item_id = catalog.item_id_for("GLV-M")
    stock.receive(item_id, 10)
    planned = plan(
        ("SKU", "Name", "Qty", "Min", "Max", "Unit"),
        ("glv-m", "Gloves M", 7, 5, 20, "box"),  # the SKU matches in any case
        ("GZ-44", "Gauze", None, 2, None, None),  # empty cells leave values as they are
    )
    first, second = planned.rows
    assert (first.action, second.action) == (RowAction.UPDATE, RowAction.UNCHANGED)
    assert {c.field: (c.old, c.new) for c in first.changes} == {"reorder_point": (4, 5), "quantity": (10, 7)}
    assert first.quantity_change == -3
    assert first.sku == "GLV-M"


def test_names_compare_without_case_and_money_as_decimal() -> None:
    catalog.create_item(
        ItemInput(
            sku="A1",
            name="Thing",
            category_id=catalog.category_id_for("Gloves"),
            unit_cost=Decimal("12.50"),
        )
    )
    planned = plan(("SKU", "Category", "Cost"), ("A1", "GLOVES", 12.5))
    assert planned.rows[0].action is RowAction.UNCHANGED


def test_duplicate_skus_are_errors_on_every_row() -> None:
    planned = plan(HEADER, ("A1", "One", 1), ("B2", "Two", 2), ("a1", "One again", 3))
    assert by_sku(planned)["A1"] == ["error"]
    assert by_sku(planned)["a1"] == ["error"]
    assert by_sku(planned)["B2"] == ["create"]
    assert "Row 2, column A (SKU): SKU A1 is on more than one row (2, 4)" in _issues(planned, 2)[0]


def test_one_row_per_lot_is_allowed_for_items_that_track_expiry() -> None:
    planned = plan(
        ("SKU", "Name", "Qty", "Lot", "Expiry"),
        ("VAX", "Flu vaccine", 10, "L1", "2027-03-31"),
        ("VAX", "Flu vaccine", 5, "L2", "2027-06-30"),
    )
    assert [r.action for r in planned.rows] == [RowAction.CREATE, RowAction.CREATE]
    assert [(r.lot, r.quantity_change) for r in planned.rows] == [("L1", 10), ("L2", 5)]


def test_lot_rows_must_agree_on_the_item_and_use_distinct_lots() -> None:
    planned = plan(
        ("SKU", "Name", "Qty", "Lot", "Expiry"),
        ("VAX", "Flu vaccine", 10, "L1", "2027-03-31"),
        ("VAX", "Flu shot", 5, "L2", "2027-06-30"),
        ("PPD", "Tuberculin", 1, "X", "2027-01-31"),
        ("PPD", "Tuberculin", 2, "X", "2027-01-31"),
    )
    assert {r.action for r in planned.rows} == {RowAction.ERROR}
    assert "Name “Flu shot” differs from row 2" in _issues(planned, 3)[0]
    assert "Not imported: row 3 of the same SKU has errors" in _issues(planned, 2)[0]
    assert "on more than one row (4, 5)" in _issues(planned, 4)[0]


@pytest.mark.parametrize(
    ("cells", "column", "message"),
    [
        (("A1", "x", "1.5"), "C", "fraction"),
        (("A1", "x", -2), "C", "cannot be negative"),
        (("A1", "x", "1,5"), "C", "comma"),
        (("A1", "x", FormulaWithoutValue("=B1*2")), "C", "never saved"),
        (("A1", "x", 1, 5, 2), "E", "Par level (2) cannot be below the reorder point (5)"),
        (("A1", "x", 1, None, None, None, "12,50"), "G", "comma"),
        (("A B", "x", 1), "A", "cannot contain spaces"),
        ((None, "nameless", 1), "A", "SKU is empty"),
        (("A1", None, 1), "B", "new item: its name is required"),
    ],
)
def test_row_errors_name_the_row_and_column(cells: tuple[object, ...], column: str, message: str) -> None:
    planned = plan(HEADER, cells, ("OK1", "fine", 1))
    assert planned.rows[0].action is RowAction.ERROR
    issue = planned.rows[0].issues[0]
    assert (issue.row, issue.column) == (2, column)
    assert message in issue.message
    assert planned.rows[1].action is RowAction.CREATE


def test_impossible_expiry_date_is_an_error() -> None:
    planned = plan(("SKU", "Name", "Qty", "Lot", "Expiry"), ("VAX", "Flu", 1, "L1", "2027-02-30"))
    assert "Row 2, column E (Expiry): Expiry date “2027-02-30” is not a real date." in _issues(planned, 2)


def test_par_below_the_existing_reorder_point_is_an_error() -> None:
    catalog.create_item(ItemInput(sku="A1", name="x", reorder_point=10, par_level=20))
    planned = plan(("SKU", "Par"), ("A1", 5))
    assert "Par level (5) cannot be below the reorder point (10)" in _issues(planned, 2)[0]


def test_items_that_track_expiry_need_lots_and_expiry_for_stock() -> None:
    catalog.create_item(ItemInput(sku="VAX", name="Flu", tracks_expiry=True))
    stock.receive(catalog.item_id_for("VAX"), 4, lot="L1", expires="2027-03-31")
    planned = plan(
        ("SKU", "Name", "Qty", "Lot", "Expiry", "Tracks expiry"),
        ("VAX", None, 9, None, None),  # stock without a lot
        ("NEW", "New vaccine", 3, "N1", None, "yes"),  # a new lot without expiry
        ("VAX2", "Other", 2, None, "2027-01-31", "yes"),  # expiry without a lot: a lot with no number
    )
    assert "give the expiry date (and the lot number, if there is one) of these 9" in _issues(planned, 2)[0]
    assert "Lot N1 of NEW is new: give its expiry date" in _issues(planned, 3)[0]
    assert planned.rows[2].action is RowAction.CREATE
    assert planned.rows[2].quantity_change == 2


def test_an_expiry_without_a_lot_number_plans_the_lot_without_a_number_of_that_date() -> None:
    catalog.create_item(ItemInput(sku="KIT", name="Test kit", tracks_expiry=True))
    item_id = catalog.item_id_for("KIT")
    stock.receive(item_id, 4, expires="2027-03-31")  # the lot without a number of that date
    stock.receive(item_id, 1, lot="L1", expires="2027-03-31")
    planned = plan(
        ("SKU", "Qty", "Lot", "Expiry"),
        ("KIT", 6, None, "2027-03-31"),  # that lot: 4 → 6
        ("KIT", 1, "L1", "2027-03-31"),  # the numbered lot of the same date: unchanged
        ("KIT", 3, None, "2027-09-30"),  # another date: a new lot
    )
    assert [r.action for r in planned.rows] == [RowAction.UPDATE, RowAction.UNCHANGED, RowAction.UPDATE]
    assert [r.quantity_change for r in planned.rows] == [2, 0, 3]
    twice = plan(("SKU", "Qty", "Expiry"), ("KIT", 1, "2027-03-31"), ("KIT", 2, "2027-03-31"))
    assert "SKU KIT is on more than one row (2, 3)" in _issues(twice, 2)[0]


def test_lot_quantities_update_and_expiry_must_match() -> None:
    catalog.create_item(ItemInput(sku="VAX", name="Flu", tracks_expiry=True))
    item_id = catalog.item_id_for("VAX")
    stock.receive(item_id, 4, lot="L1", expires="2027-03-31")
    stock.receive(item_id, 2, lot="L2", expires="2027-05-31")
    planned = plan(
        ("SKU", "Qty", "Lot", "Expiry"),
        ("VAX", 6, "L1", date(2027, 3, 31)),
        ("VAX", 2, "L2", None),
        ("VAX", 5, "L3", "2028-01-31"),
    )
    assert [r.action for r in planned.rows] == [RowAction.UPDATE, RowAction.UNCHANGED, RowAction.UPDATE]
    assert [r.quantity_change for r in planned.rows] == [2, 0, 5]
    wrong = plan(("SKU", "Qty", "Lot", "Expiry"), ("VAX", 4, "L1", "2027-04-30"))
    assert "Lot L1 of VAX expires on 2027-03-31 in the inventory, not 2027-04-30" in _issues(wrong, 2)[0]


def test_lots_for_an_item_that_does_not_track_them_are_errors() -> None:
    catalog.create_item(ItemInput(sku="GLV", name="Gloves"))
    stock.receive(catalog.item_id_for("GLV"), 3)
    planned = plan(
        ("SKU", "Name", "Qty", "Lot", "Expiry", "Tracks expiry"),
        ("GLV", None, 3, "L1", "2027-01-31"),
        ("NEW", "New", 1, "L9", "2027-01-31", "no"),
    )
    assert "tracking lots and expiry can only be switched on while none is on hand" in _issues(planned, 2)[0]
    assert "NEW does not track lots and expiry" in _issues(planned, 3)[0]


def test_barcodes_must_be_unique() -> None:
    catalog.create_item(ItemInput(sku="OLD", name="Old", barcode="0485"))
    planned = plan(
        ("SKU", "Name", "Barcode"), ("A1", "a", "0485"), ("B1", "b", 111), ("C1", "c", "111"), ("OLD", "Old")
    )
    assert "Barcode 0485 is already used by OLD" in _issues(planned, 2)[0]
    assert "Barcode 111 is given to several SKUs (B1, C1)" in _issues(planned, 3)[0]
    assert planned.rows[3].action is RowAction.UNCHANGED


def test_totals_row_example_row_and_blank_cells_are_skipped_and_reported() -> None:
    planned = plan(
        HEADER,
        ("A1", "one", 3),
        ("EXAMPLE-1", "example from the template", 14),
        (None, None, None, None, None, None, None, None, None, None, "note in an unmapped column"),
        ("B2", "two", 4),
        (None, "Total", 7),
    )
    assert [s.row for s in planned.skipped] == [3, 4, 6]
    assert "example row" in planned.skipped[0].reason
    assert "totals row" in planned.skipped[2].reason
    assert by_sku(planned) == {"A1": ["create"], "B2": ["create"]}


def test_numbers_without_sku_below_the_last_item_are_a_totals_row() -> None:
    planned = plan(HEADER, ("A1", "one", 3), ("B2", "two", 4), (None, None, 7, 12))
    assert [s.row for s in planned.skipped] == [4]
    assert "totals row" in planned.skipped[0].reason


def test_a_sku_named_total_is_skipped_but_totalcare_is_an_item() -> None:
    planned = plan(HEADER, ("TOTALCARE-1", "swabs", 3), ("TOTAL", None, 3))
    assert by_sku(planned) == {"TOTALCARE-1": ["create"]}
    assert [s.row for s in planned.skipped] == [3]


def test_progress_and_cancel_while_planning() -> None:
    from inventory_app.core.importing.plan import plan_import
    from inventory_app.errors import OperationCancelled
    from tests.core.importing.import_helpers import source

    rows = [HEADER] + [(f"S{i}", f"item {i}", i) for i in range(1200)]
    seen: list[tuple[int, int]] = []
    plan_import(source(*rows), progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (1200, 1200) and seen == sorted(seen)
    with pytest.raises(OperationCancelled, match="cancelled"):
        plan_import(source(*rows), cancelled=lambda: True)
