"""Money in imports (issue list items 4 and 5): what a price column is the price of, and prices
to four decimals kept exactly from the file to the database, the order and back out again.

The item keeps the price of one purchase unit (core.import_money). A per-unit heading is
multiplied by the pack size, a per-case heading is taken as it is, and a bare "Price" is
taken per purchase unit and says so in the preview. Both backends.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from peewee import Database

from inventory_app.core.catalog import items as catalog
from inventory_app.core.importing.apply import apply_import
from inventory_app.core.importing.money import price_per_choice
from inventory_app.core.importing.plan import plan_import
from inventory_app.core.purchasing import orders as purchasing
from inventory_app.documents.exports import export_inventory
from inventory_app.documents.importing import read_import
from tests.core.importing.import_helpers import assert_consistent, source

HEADER = ("SKU", "Name", "Qty", "Supplier", "Units per case", "Unit", "Purchase unit")


def _import(price_header: str, price: object, pack: int = 100, per: str | None = None) -> None:
    planned = plan_import(
        source(
            (*HEADER, price_header),
            ("ASA-81", "Aspirin 81 mg", 4, "Northgate", pack, "tablet", "bottle", price),
        ),
        price_per=price_per_choice(per),
    )
    assert not planned.has_errors, planned.issues
    apply_import(planned)
    assert_consistent()


def _order_line_total(quantity: int) -> tuple[Decimal, Decimal]:
    order = purchasing.create_drafts([(catalog.item_id_for("ASA-81"), quantity)])[0]
    detail = purchasing.order_detail(order.id)
    (line,) = detail.lines
    return line.line_total, detail.total


@pytest.mark.parametrize("header", ["Unit price", "Cost per unit", "UnitCost", "Price each", "Unit cost"])
def test_a_per_unit_price_becomes_the_price_of_a_purchase_unit(db: Database, header: str) -> None:
    """$0.25 a tablet in a bottle of 100: the bottle is $25.00 and 3 bottles cost what the
    supplier charges, $75.00, not a hundredth of it."""
    _import(header, "0.25")
    item = catalog.item_detail(catalog.item_id_for("ASA-81"))
    assert item.unit_cost == Decimal("25.00")
    assert _order_line_total(3) == (Decimal("75.00"), Decimal("75.00"))


@pytest.mark.parametrize("header", ["Price per Pack", "Cost/case", "Case cost"])
def test_a_per_case_price_is_taken_as_it_is(db: Database, header: str) -> None:
    _import(header, "25.00")
    assert catalog.item_detail(catalog.item_id_for("ASA-81")).unit_cost == Decimal("25.00")
    assert _order_line_total(3) == (Decimal("75.00"), Decimal("75.00"))


def test_an_unclear_price_is_shown_with_its_meaning_and_can_be_overridden(db: Database) -> None:
    planned = plan_import(
        source((*HEADER, "Price"), ("ASA-81", "Aspirin", 4, "Northgate", 100, "tablet", "bottle", 25))
    )
    assert planned.price is not None
    assert (planned.price.column, planned.price.header, planned.price.per) == ("H", "Price", "purchase_unit")
    assert planned.price.unclear and not planned.price.by_hand
    text = planned.price.text()
    assert "column H (Price)" in text and "one purchase unit" in text and "does not say" in text
    assert "--price-per unit" in text
    assert "--price-per" not in planned.price.text(command_line=False)
    assert planned.price.to_json()["per"] == "purchase_unit"

    # The user says it is per tablet: multiplied by the bottle of 100.
    _import("Price", "0.25", per="unit")
    assert catalog.item_detail(catalog.item_id_for("ASA-81")).unit_cost == Decimal("25.00")


def test_a_per_unit_price_uses_the_pack_size_already_in_the_inventory(db: Database) -> None:
    _import("Price per pack", "30.00", pack=120)
    planned = plan_import(source(("SKU", "Unit price"), ("ASA-81", "0.2625")))
    (row,) = planned.rows
    assert [(c.field, c.old, c.new) for c in row.changes] == [
        ("unit_cost", Decimal("30.00"), Decimal("31.5000"))
    ]
    apply_import(planned)
    assert catalog.item_detail(catalog.item_id_for("ASA-81")).unit_cost == Decimal("31.50")


def test_four_decimal_prices_are_kept_exactly_through_import_database_order_and_export(
    db: Database, tmp_path: Path
) -> None:
    rows = [
        ("SWAB", "Alcohol swab", 200, "Northgate", 1, "each", "each", "0.068"),
        ("GLV-M", "Gloves, medium", 10, "Northgate", 10, "box", "case", 30.9831),
        ("GZ-44", "Gauze 4x4", 5, "Northgate", 1, "pack", "pack", "$1,234.5678"),
    ]
    planned = plan_import(source((*HEADER, "Case price"), *rows))
    assert not planned.has_errors, planned.issues
    apply_import(planned)
    exact = {"SWAB": Decimal("0.068"), "GLV-M": Decimal("30.9831"), "GZ-44": Decimal("1234.5678")}
    for sku, price in exact.items():
        assert catalog.item_detail(catalog.item_id_for(sku)).unit_cost == price

    # Order lines: quantity × exact price, rounded once to the cent; the total is their sum.
    order = purchasing.create_drafts(
        [
            (catalog.item_id_for("SWAB"), 7),
            (catalog.item_id_for("GLV-M"), 3),
            (catalog.item_id_for("GZ-44"), 1),
        ]
    )[0]
    detail = purchasing.order_detail(order.id)
    totals = {line.sku: line.line_total for line in detail.lines}
    assert totals == {"SWAB": Decimal("0.48"), "GLV-M": Decimal("92.95"), "GZ-44": Decimal("1234.57")}
    assert detail.total == Decimal("1328.00")
    assert [o.total for o in purchasing.list_orders() if o.id == order.id] == [Decimal("1328.00")]

    # Out to a workbook and a CSV file and back in: nothing changes, not a ten-thousandth.
    for name in ("inventory.xlsx", "inventory.csv"):
        path = tmp_path / name
        export_inventory(path)
        again = plan_import(read_import(str(path), None, {}, None))
        assert again.price is not None and again.price.per == "purchase_unit" and not again.price.unclear
        assert not again.has_errors, again.issues
        assert again.counts["update"] == 0, [r.changes for r in again.rows]
        apply_import(again)
        for sku, price in exact.items():
            assert catalog.item_detail(catalog.item_id_for(sku)).unit_cost == price


def test_the_command_line_says_what_the_price_is_and_takes_price_per(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from inventory_app.cli import main

    sheet = tmp_path / "list.csv"
    sheet.write_text(
        "SKU,Name,Qty,Units per case,Unit,Purchase unit,Price\nASA-81,Aspirin,4,100,tablet,bottle,0.25\n"
    )
    target = str(tmp_path / "inventory.db")

    assert main(["--db", target, "--new", "import", str(sheet), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Prices in column G (Price) are read as the price of one purchase unit" in out
    assert "--price-per unit" in out

    assert main(["--db", target, "--json", "import", str(sheet), "--price-per", "unit"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["price"]["per"] == "unit" and report["price"]["by_hand"] is True
    import sqlite3
    from contextlib import closing

    with closing(sqlite3.connect(target)) as conn:  # $25.00 a bottle, in ten-thousandths
        assert conn.execute("SELECT unit_cost FROM item WHERE sku = 'ASA-81'").fetchall() == [(250000,)]
