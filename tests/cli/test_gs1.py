"""The command line takes a GS1 scan of a drug or vaccine box where it takes a SKU."""

from __future__ import annotations

from pathlib import Path

import pytest

from inventory_app.cli import main
from inventory_app.core.accounts.context import set_current_user
from inventory_app.core.catalog import items as catalog
from inventory_app.core.stock import queries as stock_queries
from inventory_app.core.types import ItemInput
from inventory_app.db.connection import ENV_VAR
from inventory_app.db.session import close_database, open_database

GS = "\x1d"
SCAN = "]d20100312345678906" + "17270600" + f"10AB12C{GS}21SN1"


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "from-env.db"))
    path = tmp_path / "inventory.db"
    set_current_user("tester")
    db = open_database(path)
    try:
        catalog.create_item(
            ItemInput(
                sku="VAX-FLU", name="Flu vaccine", unit="dose", tracks_expiry=True, barcode="312345678906"
            )
        )
    finally:
        close_database(db)
        set_current_user(None)
    return path


def _lots(path: Path) -> list[tuple[str, str, int]]:
    db = open_database(path)
    try:
        item_id = catalog.item_id_for("VAX-FLU")
        return [(lot.lot_number, str(lot.expires_on), lot.quantity) for lot in stock_queries.lots(item_id)]
    finally:
        close_database(db)


def test_receive_and_use_by_gs1_scan(database: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(database), "stock", "receive", SCAN, "5"]) == 0
    assert _lots(database) == [("AB12C", "2027-06-30", 5)]
    # A lot or expiry typed on the command line wins over the scan.
    assert main(["--db", str(database), "stock", "receive", SCAN, "2", "--lot", "OTHER"]) == 0
    assert ("OTHER", "2027-06-30", 2) in _lots(database)
    assert main(["--db", str(database), "stock", "use", SCAN, "3"]) == 0
    assert "VAX-FLU" in capsys.readouterr().out
    assert sum(q for _, _, q in _lots(database)) == 4


def test_an_unknown_gtin_is_one_line(database: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(database), "stock", "use", "0104006381333931", "1"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "04006381333931" in err
