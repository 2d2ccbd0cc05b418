"""`inventory-app import` on real sheets' shapes: the preview says which column became each
field (text and --json), stock sheets' headings, lots without a quantity column, a formulary
without codes (--make-skus) with category heading rows, items counted as items."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest

from inventory_app.db.connection import ENV_VAR
from tests.documents.test_import_cli import Cli
from tests.documents.workbooks import xlsx


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "from-env.db"))
    runner = Cli(capsys, tmp_path / "inventory.db")
    assert runner("--new", "check")[0] == 0  # creates the database
    return runner


def _product_list(path: Path) -> Path:
    """A health programme's product list as CSV: a generic description and the real name."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["code", "primaryname", "description", "dispensingunit", "packsize", "fullproductname"]
        )
        writer.writerow(["C100", "Paracetamol", "Product description goes here.", "tablet", 1000,
                         "Paracetamol 500mg tablets"])  # fmt: skip
        writer.writerow(["C200", "Oxytocin", "Product description goes here.", "ampoule", 10,
                         "Oxytocin 10IU/ml injection"])  # fmt: skip
    return path


def test_the_preview_says_which_column_became_the_name(cli: Cli, tmp_path: Path) -> None:
    path = _product_list(tmp_path / "products.csv")
    code, out, err = cli("import", str(path), "--dry-run")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[1:3] == [
        "  SKU ← column A (code)",
        "  Name ← column F (fullproductname): the name is column F, not the description (column C)",
    ]
    assert "  Notes ← column C (description): a description; the name is column F" in lines
    assert "  Unit ← column D (dispensingunit)" in lines
    assert "  Units per purchase unit ← column E (packsize)" in lines
    assert "Column B “primaryname” is not recognised" in out

    # the guess overridden by hand: the short name is the name, the full one ignored
    data = cli.json("import", str(path), "--map", "primaryname=name", "--map", "fullproductname=ignore")
    assert data["columns"]["name"] == {
        "column": "B", "header": "primaryname", "by_hand": True, "why": None, "made_from_names": False,
    }  # fmt: skip
    assert data["columns"]["notes"]["column"] == "C"
    assert data["result"]["created"] == 2
    names = {row["sku"]: row["name"] for row in cli.json("items")}
    assert names == {"C100": "Paracetamol", "C200": "Oxytocin"}


def _stock_sheet(path: Path, quantity_heading: str) -> Path:
    return xlsx(
        path,
        [
            ["Central store — physical count", None, None, None, None],
            ["Counted 2025-05-02", None, None, None, None],
            ["Item Code", "Item Description", quantity_heading, "Lot Code", "Expiry Date"],
            ["VAC-HEPB", "Hepatitis B vaccine 10-dose", 12, "HB2231", date(2027, 3, 31)],
            ["VAC-HEPB", "Hepatitis B vaccine 10-dose", 4, "HB2290", date(2027, 9, 30)],
            ["SYR-1", "Syringe 1ml", 300, None, None],
        ],
    )


def test_a_stock_sheet_with_physical_qoh_and_lot_codes(cli: Cli, tmp_path: Path) -> None:
    path = _stock_sheet(tmp_path / "count.xlsx", "Physical QOH")
    code, out, err = cli("import", str(path))
    assert code == 0, err
    assert "  On hand ← column C (Physical QOH)" in out
    assert "  Lot ← column D (Lot Code)" in out
    # the preview counts items and lots as the result does: 3 rows are 2 items, one with 2 lots
    assert "\n  2 items to create (1 with 2 lots), 0 to update, 0 unchanged, 2 new lots\n" in out
    assert "Imported: 2 items created, 0 updated, 0 unchanged, 2 new lots, 3 stock movements recorded." in out
    on_hand = {row["sku"]: row["on_hand"] for row in cli.json("items")}
    assert on_hand == {"SYR-1": 300, "VAC-HEPB": 16}
    assert cli("check")[0] == 0


def test_lots_without_a_quantity_column_are_refused_not_dropped(cli: Cli, tmp_path: Path) -> None:
    path = _stock_sheet(tmp_path / "count.xlsx", "Balance (units)")  # a quantity heading not known
    before = cli.snapshot()
    code, out, err = cli("import", str(path))
    assert code == 1
    assert "Column C “Balance (units)” is not recognised" in out
    assert "Row 4, column D (Lot Code): Lot HB2231 of VAC-HEPB cannot be imported without its quantity" in out
    assert "2 rows with errors; nothing was imported" in err
    assert cli.snapshot() == before
    code, out, err = cli("import", str(path), "--json", "--only-valid", "--dry-run")
    data = json.loads(out)
    assert data["counts"] == {
        "create": 1, "update": 0, "unchanged": 0, "error": 2,
        "new_lots": 0, "new_items_with_several_lots": {}, "without_price": 0,
    }  # fmt: skip
    assert [e["field"] for e in data["errors"]] == ["lot", "lot"]


def _formulary(path: Path) -> Path:
    return xlsx(
        path,
        [
            ["ORTHO & FIRST AID FORMULARY", None, None],
            [None, None, None],
            ["Description of item", "UOM", "Min qty"],
            ["BRACING", None, None],
            ["Wrist brace, small", "each", 2],
            ["Knee immobilizer, universal", "each", 1],
            ["FIRST-AID/GEN MED", None, None],
            ["Gauze 4x4 sterile", "pack", 10],
        ],
    )


def test_a_formulary_without_codes_with_make_skus(cli: Cli, tmp_path: Path) -> None:
    path = _formulary(tmp_path / "formulary.xlsx")
    code, _out, err = cli("import", str(path))
    assert code == 1 and "--make-skus" in err
    code, out, err = cli("import", str(path), "--make-skus")
    assert code == 0, err
    assert "  SKU ← made from the names in column A (Description of item)" in out
    assert "Row 4: category heading “BRACING” for the rows below." in out
    assert "SKUs made from the names: row 5 WRIST-BRACE-SMALL, row 6 KNEE-IMMOBILIZER" in out
    assert "New categories: BRACING, FIRST-AID/GEN MED" in out
    assert "Imported: 3 items created" in out
    data = cli.json("import", str(path), "--make-skus", "--dry-run", "--again")
    assert data["columns"]["sku"]["made_from_names"] is True
    assert data["counts"]["unchanged"] == 3
    assert data["made_skus"][2] == {
        "row": 8, "sku": "GAUZE-4X4-STERILE", "typed": False, "name": "Gauze 4x4 sterile",
        "category": "FIRST-AID/GEN MED",
    }  # fmt: skip
    items = {row["sku"]: row["name"] for row in cli.json("items")}
    assert items["GAUZE-4X4-STERILE"] == "Gauze 4x4 sterile"
