"""Applying an import: one transaction, all or nothing, the ledger kept true, on both backends.

RELIABILITY A7 (one bad row rejects the whole import; --only-valid imports the
rest), B4 (the same file twice changes nothing), and an import interrupted
half-way leaving the database exactly as before.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from peewee import Database

from inventory_app.core.catalog import items as catalog
from inventory_app.core.importing.apply import apply_import
from inventory_app.core.importing.plan import plan_import
from inventory_app.core.importing.types import RowAction
from inventory_app.core.stock import movements as stock
from inventory_app.core.stock import queries as stock_queries
from inventory_app.core.types import ItemInput, MovementKind
from inventory_app.db import bulk
from inventory_app.errors import ImportFileError, InventoryError, OperationCancelled
from tests.core.importing.import_helpers import HEADER, assert_consistent, plan, run, snapshot, source

ROWS = [
    HEADER,
    ("GLV-M", "Gloves M", 12, 4, 20, "Northgate", "$64.50", "box", "Gloves", "Room A"),
    ("GZ-44", "Gauze", 30, 5, None, "Cascade", "3.10", "pack", "Wound care", "Room B"),
    ("TAPE", "Paper tape", 0, 2, 6, "Northgate", None, "roll", "Wound care", None),
]


def test_new_items_with_opening_stock_as_import_movements(db: Database) -> None:
    planned, result = run(*ROWS)
    assert (result.created, result.updated, result.movements) == (3, 0, 2)
    assert (result.new_suppliers, result.new_categories, result.new_locations) == (2, 2, 2)
    item = catalog.item_detail(catalog.item_id_for("GLV-M"))
    assert (item.on_hand, item.reorder_point, item.par_level, item.unit) == (12, 4, 20, "box")
    assert item.unit_cost == Decimal("64.50")
    history = stock_queries.history(item.id)
    assert [(m.kind, m.quantity, m.reason, m.user) for m in history] == [
        (MovementKind.ADJUST, 12, "import", "tester")
    ]
    assert "supplies.xlsx" in history[0].note
    assert stock_queries.history(catalog.item_id_for("TAPE")) == []
    row = stock_queries.item_row(item.id)
    assert row is not None and (row.category, row.location, row.supplier) == ("Gloves", "Room A", "Northgate")
    assert_consistent()


def test_an_on_hand_change_is_an_adjustment_for_the_difference(db: Database) -> None:
    run(*ROWS)
    item_id = catalog.item_id_for("GLV-M")
    stock.use(item_id, 2)
    planned, result = run(("SKU", "Qty", "Name"), ("GLV-M", 7, "Gloves, medium"), ("GZ-44", 30, "Gauze"))
    assert [r.action for r in planned.rows] == [RowAction.UPDATE, RowAction.UNCHANGED]
    assert (result.updated, result.unchanged, result.movements) == (1, 1, 1)
    last = stock_queries.history(item_id)[-1]
    assert (last.kind, last.quantity, last.reason, last.balance) == (MovementKind.ADJUST, -3, "import", 7)
    assert catalog.item_detail(item_id).name == "Gloves, medium"
    assert_consistent()


def test_lots_become_lots_with_their_own_movements(db: Database) -> None:
    header = ("SKU", "Name", "Qty", "Lot", "Expiry")
    run(header, ("VAX", "Flu", 10, "L1", "2027-03-31"), ("VAX", "Flu", 5, "L2", "2027-06-30"))
    item_id = catalog.item_id_for("VAX")
    assert catalog.item_detail(item_id).tracks_expiry
    assert [(lot.lot_number, lot.quantity) for lot in stock_queries.lots(item_id)] == [("L1", 10), ("L2", 5)]
    planned, result = run(header, ("VAX", "Flu", 4, "L1", None), ("VAX", "Flu", 2, "L3", "2028-01-31"))
    assert result.movements == 2
    lots = {lot.lot_number: lot.quantity for lot in stock_queries.lots(item_id)}
    assert lots == {"L1": 4, "L2": 5, "L3": 2}
    assert catalog.item_detail(item_id).on_hand == 11
    assert_consistent()


def test_a7_one_bad_row_rejects_the_whole_import(db: Database) -> None:
    catalog.create_item(ItemInput(sku="GLV-M", name="Gloves M"))
    before = snapshot()
    planned = plan(*ROWS, ("BAD", "Fraction", "2.5"))
    assert planned.has_errors and planned.counts["error"] == 1
    with pytest.raises(
        ImportFileError, match="1 row has errors, so nothing was imported.*only the 3 valid rows"
    ):
        apply_import(planned)
    assert snapshot() == before


def _messages(planned, row: int) -> list[str]:  # type: ignore[no-untyped-def]
    return [i.message for r in planned.rows if r.row == row for i in r.issues]


def test_h2_a_sku_or_barcode_that_is_another_items_code_is_a_row_error(db: Database) -> None:
    gauze = catalog.create_item(ItemInput(sku="GAUZE-5", name="Gauze", barcode="PAD-1"))
    catalog.create_item(ItemInput(sku="TAPE-2", name="Tape"))
    before = snapshot()
    planned = plan(
        ("SKU", "Name", "Barcode"),
        ("pad-1", "Pad"),  # a new SKU equal to GAUZE-5's barcode
        ("GLV-M", "Gloves", "tape-2"),  # a barcode equal to TAPE-2's SKU
        ("NEW-9", "New", "GLV-9"),
        ("glv-9", "Another new"),  # a new SKU equal to a barcode given in the file
        ("BOX-1", "Box", "box-1"),  # an item may carry its own SKU as its barcode
    )
    assert "SKU pad-1 is already the barcode of GAUZE-5" in _messages(planned, 2)[0]
    assert "Barcode tape-2 is already the SKU of TAPE-2" in _messages(planned, 3)[0]
    assert "Barcode GLV-9 is already the SKU of glv-9" in _messages(planned, 4)[0]
    assert not _messages(planned, 6)
    with pytest.raises(ImportFileError):
        apply_import(planned)
    assert snapshot() == before
    assert catalog.item_id_for("PAD-1") == gauze.id


def test_a7_only_valid_rows_when_the_user_chooses(db: Database) -> None:
    planned = plan(*ROWS, ("BAD", "Fraction", "2.5"), ("GZ-44", "Gauze twice", 1))
    result = apply_import(planned, only_valid=True)
    assert (result.created, result.not_imported) == (2, 3)  # both GZ-44 rows and BAD are left out
    assert {r.sku for r in stock_queries.list_items()} == {"GLV-M", "TAPE"}
    assert_consistent()


def test_b4_the_same_file_twice_changes_nothing(db: Database) -> None:
    first = plan(*ROWS)
    assert first.previous_import is None
    apply_import(first)
    before = snapshot()
    again = plan(*ROWS)
    assert again.previous_import is not None and again.previous_import.file_name == "supplies.xlsx"
    assert again.previous_import.user == "tester"
    assert again.counts == {"create": 0, "update": 0, "unchanged": 3, "error": 0}
    result = apply_import(again)
    assert (result.created, result.updated, result.movements) == (0, 0, 0)
    assert snapshot() == before


class Boom(RuntimeError):
    pass


def test_an_import_interrupted_half_way_leaves_the_database_as_before(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(*ROWS[:2])
    before = snapshot()
    rows = [HEADER] + [(f"S{i:05d}", f"Item {i}", i % 7, 1, 9, f"Supplier {i % 3}") for i in range(4500)]
    rows.append(("GLV-M", "Gloves renamed", 3))
    planned = plan(*rows)
    calls = 0
    real = bulk.insert_movements

    def failing(*args: object, **kwargs: object) -> int:
        nonlocal calls
        calls += 1
        if calls == 2:  # after the items, names and a first chunk of movements were written
            raise Boom("power cut")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(bulk, "insert_movements", failing)
    with pytest.raises(Boom):
        apply_import(planned)
    assert calls == 2
    assert snapshot() == before
    assert_consistent()


def test_cancelling_while_writing_rolls_everything_back(db: Database) -> None:
    rows = [HEADER] + [(f"S{i:05d}", f"Item {i}", 1) for i in range(4500)]
    planned = plan(*rows)
    before = snapshot()
    checks = 0

    def cancelled() -> bool:
        nonlocal checks
        checks += 1
        return checks > 2

    with pytest.raises(OperationCancelled):
        apply_import(planned, cancelled=cancelled)
    assert snapshot() == before


def test_progress_while_writing(db: Database) -> None:
    rows = [HEADER] + [(f"S{i:05d}", f"Item {i}", 1) for i in range(2500)]
    seen: list[tuple[int, int]] = []
    apply_import(plan(*rows), progress=lambda done, total: seen.append((done, total)))
    assert seen and seen == sorted(seen) and seen[-1][0] == seen[-1][1]


def test_a_change_after_the_preview_refuses_the_import(db: Database) -> None:
    run(*ROWS)
    planned = plan(("SKU", "Qty"), ("GLV-M", 20))
    stock.use(catalog.item_id_for("GLV-M"), 1)  # another workstation, between preview and import
    before = snapshot()
    with pytest.raises(InventoryError, match="changed since supplies.xlsx was checked.*GLV-M"):
        apply_import(planned)
    assert snapshot() == before
    fresh = plan(("SKU", "Qty"), ("GLV-M", 20))
    assert fresh.rows[0].quantity_change == 9
    apply_import(fresh)
    assert catalog.item_detail(catalog.item_id_for("GLV-M")).on_hand == 20


def test_an_item_created_after_the_preview_refuses_the_import(db: Database) -> None:
    planned = plan(*ROWS)
    catalog.create_item(ItemInput(sku="GZ-44", name="made meanwhile"))
    with pytest.raises(InventoryError, match="changed since"):
        apply_import(planned)
    assert catalog.item_detail(catalog.item_id_for("GZ-44")).name == "made meanwhile"


def test_planning_writes_nothing(db: Database) -> None:
    catalog.create_item(ItemInput(sku="A1", name="one"))
    before = snapshot()
    planned = plan_import(source(HEADER, ("A1", "renamed", 5), ("B2", "two", 1, None, None, "New supplier")))
    assert planned.counts["update"] == 1 and planned.counts["create"] == 1
    assert snapshot() == before


def test_a_sheet_with_expiry_dates_and_no_lot_column_makes_lots_without_numbers(db: Database) -> None:
    """Offices record expiry for gloves and test kits with no lot number: each item and date
    becomes one lot without a number; importing the sheet again updates those lots."""
    header = ("SKU", "Name", "Stock on Hand", "Expiry date")
    planned, result = run(
        header,
        ("GLV-S", "Gloves, small", 10, "2027-01-31"),
        ("KIT", "Strep test kit", 3, "2026-12-31"),
        ("KIT", "Strep test kit", 2, "2027-06-30"),
    )
    assert [r.action for r in planned.rows] == [RowAction.CREATE] * 3
    assert (planned.rows[1].lot, planned.rows[1].expires) == ("", date(2026, 12, 31))  # the number as written
    assert planned.rows[1].lot_json()["lot"] is None
    assert (result.created, result.new_lots) == (2, 3)
    kit = catalog.item_detail(catalog.item_id_for("KIT"))
    assert (kit.tracks_expiry, kit.on_hand) == (True, 5)
    lots = stock_queries.lots(kit.id, include_empty=True)
    assert sorted((x.lot_number, x.expires_on.isoformat(), x.quantity) for x in lots) == [
        ("", "2026-12-31", 3),
        ("", "2027-06-30", 2),
    ]
    assert_consistent()

    stock.receive(kit.id, 1, expires="2027-06-30")  # the same lot, received by hand
    planned, result = run(
        header, ("KIT", "Strep test kit", 5, "2026-12-31"), ("KIT", "Strep test kit", 3, "2027-06-30")
    )
    assert [r.quantity_change for r in planned.rows] == [2, 0]
    assert result.new_lots == 0
    lots = stock_queries.lots(kit.id, include_empty=True)
    assert sorted((x.lot_number, x.expires_on.isoformat(), x.quantity) for x in lots) == [
        ("", "2026-12-31", 5),
        ("", "2027-06-30", 3),
    ]
    assert catalog.item_detail(kit.id).on_hand == 8
    assert_consistent()
