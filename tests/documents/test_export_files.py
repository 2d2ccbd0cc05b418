"""Exports read back with openpyxl and csv: typed cells, readable sheets, D5 formula injection,
the inventory round trip (export → import on a fresh database → export gives the same content)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import openpyxl
import pytest
from peewee import Database

from inventory_app.core.accounts.context import set_current_user
from inventory_app.core.catalog import items as catalog
from inventory_app.core.importing.apply import apply_import
from inventory_app.core.importing.columns import FIELD_HEADERS
from inventory_app.core.importing.plan import plan_import
from inventory_app.core.stock import movements as stock
from inventory_app.core.stock import queries as stock_queries
from inventory_app.core.types import ItemInput
from inventory_app.db.models import Item
from inventory_app.db.session import close_database, open_database
from inventory_app.documents import sheet_out
from inventory_app.documents.exports import (
    INVENTORY_COLUMNS,
    export_inventory,
    export_lots,
    export_low_stock,
    export_movements,
)
from inventory_app.documents.importing import read_import
from inventory_app.errors import InventoryError, OperationCancelled
from tests.core.importing.import_helpers import assert_consistent

TODAY = date.today()


def _catalog() -> None:
    """A small clinic: ok, low and out items, lots (one expired, one expiring), odd characters."""
    gloves = catalog.create_item(
        ItemInput(
            sku="GLV-M",
            name="Nitrile gloves, medium",
            unit="box",
            purchase_unit="case",
            units_per_purchase_unit=10,
            category_id=catalog.category_id_for("Gloves"),
            location_id=catalog.location_id_for("Supply Room A"),
            supplier_id=catalog.supplier_id_for("Northgate"),
            supplier_sku="NGM-1",
            unit_cost="64.50",
            reorder_point=4,
            par_level=20,
            barcode="048512790026",
            notes="Latex-free",
        )
    )
    stock.receive(gloves.id, 12)
    gauze = catalog.create_item(
        ItemInput(sku="GZ-44", name="Gauze 4×4 – sterile", reorder_point=5, unit="pack")
    )
    stock.receive(gauze.id, 3)
    catalog.create_item(ItemInput(sku="TAPE", name="Tape", reorder_point=1, unit_cost="0.99"))
    vaccine = catalog.create_item(
        ItemInput(sku="VAX-FLU", name="Flu vaccine", unit="dose", tracks_expiry=True, reorder_point=2)
    )
    stock.receive(vaccine.id, 10, lot="FL1", expires=TODAY + timedelta(days=200))
    stock.receive(vaccine.id, 4, lot="FL0", expires=TODAY + timedelta(days=20))
    stock.receive(vaccine.id, 2, lot="OLD", expires=TODAY + timedelta(days=1))
    stock.receive(vaccine.id, 1, lot="GONE", expires=TODAY - timedelta(days=5))
    catalog.create_item(ItemInput(sku="VAX-HEP", name="Hep B vaccine", tracks_expiry=True))


def _sheet(path: Path) -> openpyxl.worksheet.worksheet.Worksheet:
    return openpyxl.load_workbook(path).worksheets[0]


def _values(path: Path) -> list[list[object]]:
    if path.suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return [row for row in csv.reader(handle)]
    return [list(row) for row in _sheet(path).iter_rows(values_only=True)]


def test_inventory_xlsx_is_typed_and_readable(sqlite_db: Database, tmp_path: Path) -> None:
    _catalog()
    path = tmp_path / "inventory.xlsx"
    assert export_inventory(path) == 8  # the vaccine has four lots in stock (one expired): four rows
    ws = _sheet(path)
    assert [c.value for c in ws[1]] == [c.header for c in INVENTORY_COLUMNS]
    assert all(c.font.b for c in ws[1])
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:S9"
    rows = {r[0].value + (r[16].value or ""): r for r in ws.iter_rows(min_row=2)}
    gloves = rows["GLV-M"]
    assert gloves[9].value == 64.5 and gloves[9].number_format == "#,##0.00"
    assert (gloves[15].value, gloves[18].value, gloves[12].value) == (12, "ok", "no")
    assert gloves[13].value == "048512790026" and gloves[13].data_type == "s"  # a barcode stays text
    lot = rows["VAX-FLUFL1"]
    assert lot[17].is_date and lot[17].value.date() == TODAY + timedelta(days=200)
    assert (lot[15].value, lot[12].value) == (10, "yes")
    assert rows["GZ-44"][18].value == "low" and rows["TAPE"][18].value == "out"
    widths = {letter: dim.width for letter, dim in ws.column_dimensions.items()}
    assert widths["B"] >= len("Nitrile gloves, medium") and widths["A"] >= len("SKU")
    rules = {rule.formula[0]: str(cf.sqref) for cf in ws.conditional_formatting for rule in cf.rules}
    assert rules == {'$S2="out"': "A2:S9", '$S2="low"': "A2:S9"}


def test_inventory_csv_has_a_bom_and_plain_values(sqlite_db: Database, tmp_path: Path) -> None:
    _catalog()
    path = tmp_path / "inventory.csv"
    export_inventory(path)
    assert path.read_bytes().startswith(b"\xef\xbb\xbfSKU,Name,")
    rows = _values(path)
    gloves = next(r for r in rows if r[0] == "GLV-M")
    assert gloves[9] == "64.50" and gloves[15] == "12" and gloves[12] == "no"
    assert any(r[0] == "GZ-44" and r[1] == "Gauze 4×4 – sterile" for r in rows)


def test_low_stock_export(sqlite_db: Database, tmp_path: Path) -> None:
    _catalog()
    path = tmp_path / "low.xlsx"
    assert export_low_stock(path) == 3
    rows = _values(path)
    assert rows[0][:3] == ["SKU", "Name", "Supplier"]
    by_sku = {r[0]: r for r in rows[1:]}
    assert set(by_sku) == {"GZ-44", "TAPE", "VAX-HEP"}
    assert by_sku["GZ-44"][6] == 3 and by_sku["GZ-44"][-1] == "low" and by_sku["TAPE"][-1] == "out"
    # Short of target: without a par level, what brings the item to twice its reorder point,
    # as the Reorder page suggests (reorder point 5, on hand 3: 7).
    short = rows[0].index("Short of target")
    assert by_sku["GZ-44"][short] == 2 * 5 - 3 and by_sku["TAPE"][short] == 2


def test_movements_for_a_date_range(sqlite_db: Database, tmp_path: Path) -> None:
    item = catalog.create_item(ItemInput(sku="A1", name="x"))
    now = datetime.now(UTC).replace(tzinfo=None)
    stock.receive(item.id, 5, at=now - timedelta(days=40))
    stock.receive(item.id, 3, at=now - timedelta(days=10))
    stock.use(item.id, 2, note="=cmd|' /C calc'!A0")
    path = tmp_path / "movements.xlsx"
    assert export_movements(path, TODAY - timedelta(days=20), TODAY) == 2
    ws = _sheet(path)
    second = [c for c in ws[2]]
    assert second[1].is_date and second[4].value == "receive" and second[5].value == 3
    note = ws.cell(row=3, column=10)
    assert note.value == "=cmd|' /C calc'!A0" and note.data_type == "s"
    assert export_movements(tmp_path / "all.csv") == 3
    assert export_movements(tmp_path / "none.csv", TODAY + timedelta(days=1), None) == 0


def test_lots_with_expiry(sqlite_db: Database, tmp_path: Path) -> None:
    _catalog()
    path = tmp_path / "lots.xlsx"
    assert export_lots(path) == 4
    rows = _values(path)
    assert [(r[2], r[4], r[-1]) for r in rows[1:]] == [
        ("GONE", -5, "expired"),
        ("OLD", 1, "expiring"),
        ("FL0", 20, "expiring"),
        ("FL1", 200, "ok"),
    ]
    ws = _sheet(path)
    rules = {rule.formula[0] for cf in ws.conditional_formatting for rule in cf.rules}
    assert rules == {'$I2="expired"', '$I2="expiring"'}


NASTY = [
    '=HYPERLINK("http://x","y")',
    "+cmd",
    "-2+3",
    "@SUM(1)",
    "\t=1+1",
    "\r=1+1",
    "bell\x07 and nul\x00 inside",
    "＝SUM(A1)",
]


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_d5_formula_injection_is_neutralised_and_control_characters_never_abort(
    sqlite_db: Database, tmp_path: Path, suffix: str
) -> None:
    for index, name in enumerate(NASTY):
        catalog.create_item(ItemInput(sku=f"N{index}", name="placeholder", notes=name))
        # Straight into the table: the app trims what people type, other writers may not.
        Item.update(name=name).where(Item.sku == f"N{index}").execute()
    path = tmp_path / f"inventory{suffix}"
    assert export_inventory(path) == len(NASTY)
    if suffix == ".xlsx":
        ws = _sheet(path)
        for row in ws.iter_rows(min_row=2):
            name, notes = row[1], row[14]
            expected = NASTY[int(row[0].value[1:])].replace("\x07", "").replace("\x00", "")
            # XML turns a raw carriage return into a line feed when the file is read again.
            assert name.value == expected.replace("\r", "\n")
            assert name.data_type == "s" and notes.data_type == "s"
            assert not str(name.value).startswith("=") or name.quotePrefix
    else:
        rows = _values(path)[1:]
        for row in rows:
            for cell in (row[1], row[14]):
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r", "＝")), cell
        assert rows[0][1] == "'" + NASTY[0]
        assert rows[6][1] == "bell and nul inside"


def _export_both(path_xlsx: Path) -> None:
    export_inventory(path_xlsx)
    export_inventory(path_xlsx.with_suffix(".csv"))


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_round_trip_export_import_export_gives_the_same_content(
    sqlite_db: Database, tmp_path: Path, suffix: str
) -> None:
    _catalog()
    Item.update(name="-2+3 swabs").where(Item.sku == "TAPE").execute()
    first = tmp_path / f"first{suffix}"
    export_inventory(first)
    close_database(sqlite_db)
    fresh = open_database(tmp_path / "fresh.db")
    set_current_user("tester")
    try:
        plan = plan_import(read_import(first))
        assert plan.counts["error"] == 0, [str(i) for i in plan.issues]
        apply_import(plan)
        assert_consistent()
        second = tmp_path / f"second{suffix}"
        export_inventory(second)
        assert _values(second) == _values(first)
        again = plan_import(read_import(first))
        assert again.counts == {"create": 0, "update": 0, "unchanged": 8, "error": 0}
    finally:
        close_database(fresh)


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_lots_without_a_number_export_with_an_empty_lot_cell_and_import_back_into_the_same_lots(
    sqlite_db: Database, tmp_path: Path, suffix: str
) -> None:
    """An export is re-imported as it is: a lot without a number has an empty Lot cell beside
    its expiry (never "no lot number", which would import as a lot of that number)."""
    kit = catalog.create_item(ItemInput(sku="KIT", name="Strep test kit", unit="kit", tracks_expiry=True))
    soon, later = TODAY + timedelta(days=90), TODAY + timedelta(days=300)
    stock.receive(kit.id, 5, expires=soon)
    stock.receive(kit.id, 3, expires=later)
    stock.receive(kit.id, 2, lot="K1", expires=soon)  # a numbered lot of the same date stays apart
    first = tmp_path / f"first{suffix}"
    export_inventory(first)
    header, *rows = _values(first)
    lot, expires, on_hand = (header.index(FIELD_HEADERS[f]) for f in ("lot", "expires", "quantity"))
    assert [(r[lot] or "", str(r[expires])[:10], int(r[on_hand])) for r in rows] == [
        ("", soon.isoformat(), 5),
        ("K1", soon.isoformat(), 2),
        ("", later.isoformat(), 3),
    ]
    assert plan_import(read_import(first)).counts == {"create": 0, "update": 0, "unchanged": 3, "error": 0}

    def lots() -> list[tuple[str, date | None, int]]:
        item_id = catalog.item_id_for("KIT")
        return sorted((x.lot_number, x.expires_on, x.quantity) for x in stock_queries.lots(item_id))

    before = lots()
    close_database(sqlite_db)
    fresh = open_database(tmp_path / "fresh.db")
    set_current_user("tester")
    try:
        plan = plan_import(read_import(first))
        assert plan.counts["error"] == 0, [str(i) for i in plan.issues]
        apply_import(plan)
        assert_consistent()
        assert lots() == before == [("", soon, 5), ("", later, 3), ("K1", soon, 2)]
        second = tmp_path / f"second{suffix}"
        export_inventory(second)
        assert _values(second) == _values(first)
    finally:
        close_database(fresh)


def test_an_export_that_fails_half_way_leaves_no_file(
    sqlite_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _catalog()
    folder = tmp_path / "exports"
    folder.mkdir()
    target = folder / "inventory.xlsx"
    target.write_bytes(b"the previous export")

    def rows() -> Iterator[tuple[object, ...]]:
        yield ("A1",)
        raise OSError(28, "No space left on device")

    with pytest.raises(InventoryError, match="Cannot write inventory.xlsx .No space left on device"):
        sheet_out.write_table(target, "Inventory", INVENTORY_COLUMNS[:1], rows())
    assert target.read_bytes() == b"the previous export"
    assert [p.name for p in folder.iterdir()] == ["inventory.xlsx"]


def test_export_refuses_other_formats_and_missing_folders(sqlite_db: Database, tmp_path: Path) -> None:
    with pytest.raises(InventoryError, match="written as .xlsx or .csv"):
        export_inventory(tmp_path / "inventory.ods")
    with pytest.raises(InventoryError, match="the folder .* does not exist"):
        export_inventory(tmp_path / "nowhere" / "inventory.xlsx")


def test_export_progress_and_cancel(sqlite_db: Database, tmp_path: Path) -> None:
    for i in range(2500):
        Item.insert(sku=f"S{i:05d}", name=f"Item {i}").execute()
    seen: list[tuple[int, int]] = []
    assert export_inventory(tmp_path / "inv.xlsx", progress=lambda d, t: seen.append((d, t))) == 2500
    assert seen[0] == (0, 2500) and seen[-1] == (2500, 2500) and seen == sorted(seen)
    target = tmp_path / "inv.csv"
    target.write_text("before")
    asked = 0

    def cancelled() -> bool:
        nonlocal asked
        asked += 1
        return asked > 1

    with pytest.raises(OperationCancelled, match="no file was written"):
        export_inventory(target, cancelled=cancelled)
    assert target.read_text() == "before"
    assert sorted(
        p.name for p in tmp_path.iterdir() if p.name.startswith((".inv", "inv")) and ".db" not in p.name
    ) == [
        "inv.csv",
        "inv.xlsx",
    ]
