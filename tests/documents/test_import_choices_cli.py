"""`inventory-app import` with the person's choices: a SKU typed for a row whose SKU is made from
its name (--sku ROW=SKU), checked against the file and the inventory; the preview counts items
and lots; a row whose only error is its price cell keeps its stock with --only-valid."""

from __future__ import annotations

import csv
import json
import sqlite3
from contextlib import closing
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


def _formulary(path: Path) -> Path:
    return xlsx(
        path,
        [
            ["ORTHO FORMULARY", None, None],
            ["Description of item", "UOM", "Min qty"],
            ["BRACING", None, None],
            ["Wrist brace, small", "each", 2],
            ["Wrist brace, large", "each", 2],
            ["Knee immobilizer, universal", "each", 1],
        ],
    )


def _costs(db: Path) -> dict[str, tuple[int, int]]:
    """SKU → (cost in ten-thousandths, on hand), as stored."""
    with closing(sqlite3.connect(db)) as conn:
        return {
            sku: (cost, on_hand)
            for sku, cost, on_hand in conn.execute("SELECT sku, unit_cost, on_hand FROM item")
        }


def test_a_sku_typed_for_a_row_is_used_and_shown(cli: Cli, tmp_path: Path) -> None:
    path = _formulary(tmp_path / "formulary.xlsx")
    code, out, err = cli("import", str(path), "--make-skus", "--sku", "Row 4=WRIST-S", "--sku", "5=WRIST-L")
    assert code == 0, err
    assert "SKUs made from the names: row 4 WRIST-S (typed), row 5 WRIST-L (typed), row 6 KNEE-" in out
    assert "3 items created" in out
    items = {row["sku"]: row["name"] for row in cli.json("items")}
    assert items == {
        "WRIST-S": "Wrist brace, small",
        "WRIST-L": "Wrist brace, large",
        "KNEE-IMMOBILIZER": "Knee immobilizer, universal",
    }
    data = cli.json("import", str(path), "--make-skus", "--sku", "4=WRIST-S", "--dry-run", "--again")
    assert data["made_skus"][0] == {
        "row": 4, "sku": "WRIST-S", "typed": True, "name": "Wrist brace, small", "category": "BRACING",
    }  # fmt: skip
    # without the typed code, row 4 would be a new item with the made code: nothing is silent
    assert data["counts"]["unchanged"] == 2 and data["counts"]["create"] == 1


def test_a_typed_sku_must_be_unique_in_the_file_and_the_inventory(cli: Cli, tmp_path: Path) -> None:
    path = _formulary(tmp_path / "formulary.xlsx")
    before = cli.snapshot()
    code, out, err = cli("import", str(path), "--make-skus", "--sku", "4=BRACE", "--sku", "5=brace")
    assert code == 1
    assert "Row 4, column A (Description of item): SKU BRACE is typed for two items of the file" in out
    assert "Row 5, column A (Description of item): SKU brace is typed for two items of the file" in out
    assert "2 rows with errors; nothing was imported" in err
    assert cli.snapshot() == before

    # an item of another name already has the code typed
    other = tmp_path / "other.csv"
    with other.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([["SKU", "Name", "Qty"], ["KNEE-1", "Knee brace, hinged", 3]])
    assert cli("import", str(other))[0] == 0
    code, out, _err = cli("import", str(path), "--make-skus", "--sku", "6=knee-1")
    assert code == 1
    assert "Row 6, column A (Description of item): SKU knee-1 is already used by “Knee brace, hinged”" in out


def test_sku_choices_are_checked_before_reading_rows(cli: Cli, tmp_path: Path) -> None:
    path = _formulary(tmp_path / "formulary.xlsx")
    code, _out, err = cli("import", str(path), "--make-skus", "--sku", "WRIST-S")
    assert code == 2 and "write it as ROW=SKU" in err
    code, _out, err = cli("import", str(path), "--sku", "4=WRIST-S")
    assert code == 2 and "use it with --make-skus" in err
    code, _out, err = cli("import", str(path), "--make-skus", "--sku", "3=BRACING")  # a heading row
    assert code == 1 and "row 3 is not an item (category heading “BRACING”" in err
    code, _out, err = cli("import", str(path), "--make-skus", "--sku", "9=KNEE")  # below the last row
    assert code == 1 and "row 9 has no item name" in err


def _price_list(path: Path) -> Path:
    """A stock count with a per-unit price column, one price cell mistyped, one with 5 decimals."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Item code", "Item name", "Stock on hand", "Unit price", "Package size"])
        writer.writerow(["GLV-M", "Nitrile gloves M", 40, "0.0825", 100])
        writer.writerow(["SWAB", "Alcohol swabs", 600, "1,2x", 200])
        writer.writerow(["TAPE", "Surgical tape", 12, "0.123456", 1])
    return path


def test_only_valid_keeps_the_stock_of_a_row_whose_price_is_not_valid(cli: Cli, tmp_path: Path) -> None:
    path = _price_list(tmp_path / "count.csv")
    before = cli.snapshot()
    code, out, err = cli("import", str(path))
    assert code == 1
    assert "Row 3, column D (Unit price): Unit cost must be an amount of money" in out
    assert "1 item to create, 0 to update, 0 unchanged; 2 rows with errors (2 only in the price" in out
    assert "use --only-valid to import the other 1, and 2 rows without its price" in err
    assert cli.snapshot() == before

    data = cli.json("import", str(path), "--only-valid")
    assert data["counts"]["without_price"] == 2
    assert data["result"]["created"] == 3 and data["result"]["without_price"] == 2
    assert data["result"]["not_imported"] == 0
    # the stock of every row arrived; the bad prices were left out, the good one converted
    assert _costs(cli.db) == {"GLV-M": (82500, 40), "SWAB": (0, 600), "TAPE": (0, 12)}
    assert cli("check")[0] == 0


def test_only_valid_updates_stock_and_keeps_the_old_price(cli: Cli, tmp_path: Path) -> None:
    first = tmp_path / "first.csv"
    with first.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(
            [["SKU", "Name", "Qty", "Case cost"], ["SWAB", "Alcohol swabs", 100, "9.5"]]
        )
    assert cli("import", str(first))[0] == 0
    second = tmp_path / "second.csv"
    with second.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(
            [["SKU", "Name", "Qty", "Case cost"], ["SWAB", "Alcohol swabs", 80, "n/a"]]
        )
    code, out, err = cli("import", str(second), "--only-valid")
    assert code == 0, err
    assert "Imported: 0 items created, 1 updated, 0 unchanged, 1 row without its price" in out
    assert _costs(cli.db) == {"SWAB": (95000, 80)}
    data = json.loads(cli("import", str(second), "--json", "--dry-run", "--again")[1])
    assert data["counts"]["error"] == 1 and data["counts"]["without_price"] == 1
