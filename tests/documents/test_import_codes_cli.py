"""`inventory-app import` and `stock use` with SKUs of other scripts and look-alike SKUs.

A SKU imported as "ÄBC-1" is found by "äbc-1" (SQLite's LOWER() folds ASCII only, so it never
was); a row whose SKU only looks like an existing one is an error naming that item.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from inventory_app.core.catalog import items as catalog
from inventory_app.db.session import close_database, open_database
from tests.documents.test_import_cli import Cli
from tests.documents.workbooks import xlsx

HEADER = ["SKU", "Name", "Qty", "Barcode"]


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    path = tmp_path / "inventory.db"
    close_database(open_database(str(path)))  # an inventory that exists
    return Cli(capsys, path)


def test_a_non_ascii_sku_imported_is_used_by_its_lower_case(cli: Cli, tmp_path: Path) -> None:
    path = xlsx(tmp_path / "stock.xlsx", [HEADER, ["ÄBC-1", "Äther swabs", 10, "ÖL-7"]])
    code, out, err = cli("import", str(path))
    assert code == 0, err
    assert "Imported: 1 item created" in out
    code, out, err = cli("stock", "use", "äbc-1", "3")
    assert code == 0, err
    code, out, err = cli("stock", "use", "öl-7", "2")  # its barcode, in the other case
    assert code == 0, err
    assert {row["sku"]: row["on_hand"] for row in cli.json("items")} == {"ÄBC-1": 5}
    db = open_database(str(cli.db))
    try:
        assert catalog.item_detail(catalog.item_id_for("äbc-1")).on_hand == 5
    finally:
        close_database(db)


def test_look_alike_skus_change_the_existing_item_and_import_twice_the_same(cli: Cli, tmp_path: Path) -> None:
    first = xlsx(tmp_path / "first.xlsx", [HEADER, ["ABC-1", "Alcohol swabs", 10, None]])
    assert cli("import", str(first))[0] == 0
    for n, written in enumerate(("ＡＢＣ-1", "ABC\u20101", "ABC\u200b-1")):
        path = xlsx(tmp_path / f"look-alike-{n}.xlsx", [HEADER, [written, "Alcohol swabs", 20 + n, None]])
        code, out, _err = cli("import", str(path))
        assert code == 0, out
        assert [(row["sku"], row["on_hand"]) for row in cli.json("items")] == [("ABC-1", 20 + n)]
        before = cli.snapshot()
        code, out, _err = cli("import", str(path), "--again")
        assert code == 0 and cli.snapshot() == before  # the same file again: nothing changes
    # The same code written two ways in one file is one SKU on several rows: refused.
    rows = [["ＡＢＣ-1", "Swabs", 1, None], ["ABC\u20101", "Swabs", 2, None]]
    code, out, _err = cli("import", str(xlsx(tmp_path / "both.xlsx", [HEADER, *rows])))
    assert code == 1
    assert "SKU ABC-1 is on more than one row (2, 3)" in out
    assert [row["sku"] for row in cli.json("items")] == ["ABC-1"]
