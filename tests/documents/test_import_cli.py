"""`inventory-app import / export / template`: counts, every error with row and column, exit codes.

Exit 0 done, 1 refused (one line on stderr, nothing written), 2 wrong usage.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from inventory_app.cli import main
from inventory_app.db.connection import ENV_VAR
from tests.documents.workbooks import BROKEN_FILES, xlsx

ROOT = Path(__file__).resolve().parents[2]
HEADER = ["Item #", "Description", "Qty", "Min", "Max", "Vendor", "Cost"]
GOOD = [
    ["GLV-M", "Gloves M", 12, 4, 20, "Northgate", "$64.50"],
    ["GZ-44", "Gauze", "30", 5, None, "Cascade", 3.1],
]


@pytest.fixture(autouse=True)
def _no_default_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "from-env.db"))


class Cli:
    def __init__(self, capsys: pytest.CaptureFixture[str], db: Path) -> None:
        self.capsys, self.db = capsys, db

    def __call__(self, *args: str) -> tuple[int, str, str]:
        self.capsys.readouterr()
        try:
            code = main(["--db", str(self.db), *args])
        except SystemExit as exc:
            code = int(exc.code or 0)
        out, err = self.capsys.readouterr()
        return code, out, err

    def json(self, *args: str) -> Any:
        code, out, err = self(*args, "--json")
        assert code == 0, err
        return json.loads(out)

    def snapshot(self) -> dict[str, list[tuple[object, ...]]]:
        with closing(sqlite3.connect(self.db)) as conn:
            return {
                table: conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
                for table in ("item", "lot", "movement", "supplier", "category", "location", "setting")
            }


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    runner = Cli(capsys, tmp_path / "inventory.db")
    assert runner("--new", "check")[0] == 0  # creates the database
    return runner


def _one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def test_import_prints_counts_and_imports(cli: Cli, tmp_path: Path) -> None:
    path = xlsx(tmp_path / "stock.xlsx", [["Supply list"], HEADER, *GOOD, [None, "Total", 42]])
    code, out, err = cli("import", str(path))
    assert code == 0, err
    assert "stock.xlsx, sheet “Items”: header on row 2, 2 rows." in out
    assert "  2 items to create, 0 to update, 0 unchanged\n" in out
    assert "Row 5: totals row skipped." in out
    assert "New suppliers: Cascade, Northgate" in out
    assert "Imported: 2 items created, 0 updated, 0 unchanged, 2 stock movements recorded." in out
    items = {row["sku"]: row["on_hand"] for row in cli.json("items")}
    assert items == {"GLV-M": 12, "GZ-44": 30}
    assert cli("check")[0] == 0


def test_errors_are_listed_with_row_and_column_and_nothing_is_imported(cli: Cli, tmp_path: Path) -> None:
    path = xlsx(tmp_path / "stock.xlsx", [HEADER, *GOOD, ["BAD", "Half a box", "0.5"], ["NEG", "Minus", -1]])
    before = cli.snapshot()
    code, out, err = cli("import", str(path))
    assert code == 1
    assert "Row 4, column C (Qty): Quantity must be a whole number, not a fraction (0.5)." in out
    assert "Row 5, column C (Qty): Quantity cannot be negative (-1)." in out
    assert "2 rows with errors; nothing was imported" in _one_line(err)
    assert "--only-valid to import the other 2" in err
    assert cli.snapshot() == before

    code, out, err = cli("import", str(path), "--only-valid")
    assert code == 0, err
    assert "Imported: 2 items created" in out and "2 rows with errors left out" in out
    assert {row["sku"] for row in cli.json("items")} == {"GLV-M", "GZ-44"}


def test_dry_run_writes_nothing(cli: Cli, tmp_path: Path) -> None:
    path = xlsx(tmp_path / "stock.xlsx", [HEADER, *GOOD])
    before = cli.snapshot()
    code, out, err = cli("import", str(path), "--dry-run")
    assert code == 0, err
    assert "2 items to create" in out and "Dry run: nothing was written." in out
    assert cli.snapshot() == before


def test_json_output(cli: Cli, tmp_path: Path) -> None:
    path = xlsx(tmp_path / "stock.xlsx", [HEADER + ["Colour"], *GOOD, ["X1", "x", "1.5"]])
    code, out, err = cli("import", str(path), "--json", "--only-valid")
    assert code == 0, err
    data = json.loads(out)
    assert data["counts"] == {
        "create": 2, "update": 0, "unchanged": 0, "error": 1,
        "new_lots": 0, "new_items_with_several_lots": {}, "without_price": 0,
    }  # fmt: skip
    assert data["row_counts"] == {"create": 2, "update": 0, "unchanged": 0, "error": 1}
    assert data["errors"] == [
        {
            "row": 4,
            "column": "C",
            "field": "quantity",
            "message": "Quantity must be a whole number, not a fraction (1.5).",
        }
    ]
    assert data["unknown_columns"] == [{"column": "H", "header": "Colour"}]
    assert data["columns"]["sku"]["column"] == "A" and data["header_row"] == 1
    assert data["applied"] is True and data["result"]["created"] == 2 and data["result"]["movements"] == 2


def test_json_lists_each_rows_lot_as_written_with_its_expiry(cli: Cli, tmp_path: Path) -> None:
    """A lot without a number is null in the JSON, named by its expiry; no display text."""
    header = ["SKU", "Name", "Stock on hand", "Lot", "Expiry date"]
    rows = [
        ["KIT", "Strep test kit", 3, None, "2026-12-31"],
        ["KIT", "Strep test kit", 2, "L7", "2027-06-30"],
        ["GZ-44", "Gauze", 30, None, None],
    ]
    path = xlsx(tmp_path / "lots.xlsx", [header, *rows])
    data = cli.json("import", str(path), "--dry-run")
    assert data["lots"] == [
        {"row": 2, "sku": "KIT", "lot": None, "expires": "2026-12-31", "new_lot": True, "quantity_change": 3},
        {"row": 3, "sku": "KIT", "lot": "L7", "expires": "2027-06-30", "new_lot": True, "quantity_change": 2},
    ]
    assert "no number" not in json.dumps(data)
    assert cli("import", str(path))[0] == 0
    data = cli.json("import", str(path), "--dry-run", "--again")
    assert [(x["lot"], x["expires"], x["new_lot"], x["quantity_change"]) for x in data["lots"]] == [
        (None, "2026-12-31", False, 0),
        ("L7", "2027-06-30", False, 0),
    ]


def test_hand_mapping_and_sheet_choice(cli: Cli, tmp_path: Path) -> None:
    path = xlsx(
        tmp_path / "stock.xlsx",
        [["Read me first"]],
        title="Notes",
        more_sheets={"Bestand": [["Artikel", "Bezeichnung", "Menge"], ["A-1", "Tupfer", 7]]},
    )
    code, out, err = cli(
        "import", str(path), "--sheet", "Bestand", "--map", "Artikel=sku", "--map", "Menge=qty"
    )
    assert code == 1
    assert "Column B “Bezeichnung” is not recognised" in out
    assert "Row 2, column A (Artikel): A-1 is a new item: its name is required." in out
    code, out, err = cli(
        "import", str(path), "--sheet", "Bestand", "--map", "Artikel=sku", "--map", "Menge=qty",
        "--map", "Bezeichnung=name",
    )  # fmt: skip
    assert code == 0, err
    assert [r["on_hand"] for r in cli.json("items")] == [7]


def test_wrong_usage_exits_2(cli: Cli, tmp_path: Path) -> None:
    path = xlsx(tmp_path / "stock.xlsx", [HEADER, *GOOD])
    code, _out, err = cli("import", str(path), "--map", "Artikel")
    assert code == 2 and "not a column mapping" in err
    code, _out, err = cli("import", str(path), "--map", "Artikel=colour")
    assert code == 2 and "“colour” is not a field" in err
    assert cli("export", "inventory", str(tmp_path / "x.xlsx"), "--from", "2024-01-01")[0] == 2
    assert cli("export", "movements", str(tmp_path / "x.xlsx"), "--from", "yesterday")[0] == 2
    assert (
        cli("export", "movements", str(tmp_path / "x.xlsx"), "--from", "2024-02-01", "--to", "2024-01-01")[0]
        == 2
    )
    assert cli("export", "prices", str(tmp_path / "x.xlsx"))[0] == 2


def test_unknown_sheet_is_refused_in_one_line(cli: Cli, tmp_path: Path) -> None:
    path = xlsx(tmp_path / "stock.xlsx", [HEADER, *GOOD])
    code, out, err = cli("import", str(path), "--sheet", "Prices")
    assert code == 1 and out == ""
    assert _one_line(err) == "inventory-app: stock.xlsx has no sheet named “Prices”; its sheets are “Items”."


def test_b4_the_same_file_twice(cli: Cli, tmp_path: Path) -> None:
    path = xlsx(tmp_path / "stock.xlsx", [HEADER, *GOOD])
    assert cli("import", str(path))[0] == 0
    before = cli.snapshot()
    code, out, err = cli("import", str(path))
    assert code == 0, err
    assert "2 unchanged" in out and "This file was imported before" in out and "nothing to change" in out
    assert cli.snapshot() == before
    # Stock used since: importing the old file again would undo it, so it needs --again.
    assert cli("stock", "use", "GLV-M", "2")[0] == 0
    before = cli.snapshot()
    code, out, err = cli("import", str(path))
    assert code == 1
    assert "stock.xlsx was imported before" in _one_line(err) and "--again" in err
    assert cli.snapshot() == before
    code, out, err = cli("import", str(path), "--again")
    assert code == 0, err
    assert {r["sku"]: r["on_hand"] for r in cli.json("items")}["GLV-M"] == 12


@pytest.mark.parametrize("kind", list(BROKEN_FILES))
def test_d3_malformed_files_one_line_exit_1_database_unchanged(cli: Cli, tmp_path: Path, kind: str) -> None:
    name, make, phrase = BROKEN_FILES[kind]
    path = tmp_path / name
    make(path)
    before = cli.snapshot()
    code, out, err = cli("import", str(path))
    assert code == 1
    assert out == ""
    line = _one_line(err)
    assert line.startswith("inventory-app: ") and phrase in line and name in line
    assert cli.snapshot() == before


def test_d3_duplicate_skus_in_the_file(cli: Cli, tmp_path: Path) -> None:
    path = xlsx(tmp_path / "stock.xlsx", [HEADER, *GOOD, ["GLV-M", "Gloves again", 1]])
    before = cli.snapshot()
    code, out, err = cli("import", str(path))
    assert code == 1
    assert "Row 2, column A (Item #): SKU GLV-M is on more than one row (2, 4)" in out
    assert "Row 4, column A (Item #): SKU GLV-M is on more than one row (2, 4)" in out
    assert "nothing was imported" in _one_line(err)
    assert cli.snapshot() == before


def test_a_broken_file_in_a_real_process_prints_no_traceback(tmp_path: Path) -> None:
    path = tmp_path / "stock.xlsx"
    path.write_bytes(b"%PDF-1.7\n")
    done = subprocess.run(
        [sys.executable, "-m", "inventory_app", "--db", str(tmp_path / "p.db"), "--new", "import", str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 1
    assert done.stderr.strip() == "inventory-app: stock.xlsx is a PDF document, not a spreadsheet."


def test_exports_and_template(cli: Cli, tmp_path: Path) -> None:
    assert cli("import", str(xlsx(tmp_path / "stock.xlsx", [HEADER, *GOOD])))[0] == 0
    for kind, name in (("inventory", "inv.xlsx"), ("low-stock", "low.csv"), ("lots", "lots.xlsx")):
        code, out, err = cli("export", kind, str(tmp_path / name))
        assert code == 0, err
        assert out.startswith("Wrote ") and (tmp_path / name).exists()
    data = cli.json(
        "export", "movements", str(tmp_path / "mv.csv"), "--from", "2000-01-01", "--to", "2999-12-31"
    )
    assert data == {"kind": "movements", "file": str(tmp_path / "mv.csv"), "rows": 2}
    rows = list(openpyxl.load_workbook(tmp_path / "inv.xlsx").worksheets[0].iter_rows(values_only=True))
    assert rows[1][:2] == ("GLV-M", "Gloves M")
    code, out, err = cli("export", "inventory", str(tmp_path / "inv.ods"))
    assert code == 1 and "written as .xlsx or .csv" in _one_line(err)
    code, out, err = cli("template", str(tmp_path / "template.xlsx"))
    assert code == 0 and "Wrote the import template" in out
    assert openpyxl.load_workbook(tmp_path / "template.xlsx")["Items"]["A1"].value == "SKU"


def test_h2_a_sku_equal_to_another_items_barcode_is_refused(cli: Cli, tmp_path: Path) -> None:
    first = xlsx(tmp_path / "first.xlsx", [["SKU", "Name", "Barcode"], ["GAUZE-5", "Gauze", "PAD-1"]])
    assert cli("import", str(first))[0] == 0
    path = tmp_path / "second.csv"
    path.write_text("SKU,Name,Barcode\npad-1,Pad,\nTAPE-2,Tape,gauze-5\n", encoding="utf-8")
    before = cli.snapshot()
    code, out, err = cli("import", str(path))
    assert code == 1
    assert "Row 2, column A (SKU): SKU pad-1 is already the barcode of GAUZE-5." in out
    assert "Row 3, column C (Barcode): Barcode gauze-5 is already the SKU of GAUZE-5." in out
    assert cli.snapshot() == before
    items = {row["sku"] for row in cli.json("items")}
    assert items == {"GAUZE-5"}
