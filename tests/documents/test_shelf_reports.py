"""The usage and spending workbooks and the expiry & waste log (PDF and .xlsx), read back
with openpyxl and pypdf: the right numbers, typed cells, text that stays text (D5),
names shown as typed in the PDF (E1), and no half-written file."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from peewee import Database
from pypdf import PdfReader

from inventory_app.core.catalog import items as catalog
from inventory_app.core.shelf import expiry
from inventory_app.core.stock import movements as stock
from inventory_app.core.types import ItemInput
from inventory_app.documents import report_xlsx
from inventory_app.documents.shelf_reports import (
    export_spending_report,
    export_usage_report,
    export_waste_log,
)
from inventory_app.errors import InventoryError
from tests.core.helpers import days
from tests.core.shelf.shelf_helpers import ago, receive_order, supplier

TODAY = date.today()
FORMULA_NAME = '=HYPERLINK("http://x","y")'


def _rows(path: Path, sheet: str) -> list[tuple[object, ...]]:
    return list(load_workbook(path)[sheet].iter_rows(values_only=True))


@pytest.fixture
def ledger(sqlite_db: Database) -> dict[str, int]:
    """Known use over the last four weeks, receipts on orders, and some waste."""
    north = supplier("Northgate")
    ppe = catalog.category_id_for("PPE")
    gloves = catalog.create_item(
        ItemInput(
            sku="GLV-M",
            name="Nitrile gloves, medium",
            unit="box",
            purchase_unit="case",
            units_per_purchase_unit=10,
            unit_cost=Decimal("64.50"),
            supplier_id=north,
            category_id=ppe,
            reorder_point=5,
        )
    ).id
    trick = catalog.create_item(ItemInput(sku="TRICK", name=FORMULA_NAME, unit_cost=Decimal("2.00"))).id
    flu = catalog.create_item(
        ItemInput(sku="VAC", name="Flu vaccine <multi-dose>", tracks_expiry=True, unit_cost=Decimal("9.00"))
    ).id
    stock.receive(gloves, 100, at=ago(60))
    stock.receive(trick, 50, at=ago(60))
    for week in range(4):
        stock.use(gloves, 5, at=ago(2 + 7 * week))
    stock.use(trick, 12, at=ago(3))
    receive_order(gloves, 3)  # 193.50 spent today
    stock.receive(flu, 6, lot="OLD-1", expires=days(-4), at=ago(30))
    stock.receive(flu, 4, lot="NEW-2", expires=days(90), at=ago(30))
    return {"gloves": gloves, "trick": trick, "flu": flu}


def test_the_usage_workbook(ledger: dict[str, int], tmp_path: Path) -> None:
    path = tmp_path / "usage.xlsx"
    start, end = TODAY - timedelta(days=27), TODAY
    export_usage_report(path, start, end, top=5)

    wb = load_workbook(path)
    assert wb.sheetnames == ["Report", "Use by item", "Top 5 by use", "Top 5 by cost", "Use by week"]
    cover = {row[0]: row[1] for row in _rows(path, "Report") if row[0]}
    assert cover["Usage report"] is None and cover["From"] == datetime.combine(start, datetime.min.time())
    rows = _rows(path, "Use by item")
    header, body = rows[0], rows[1:]
    assert header[:8] == (
        "SKU", "Name", "Category", "Supplier", "Unit", "Used", "Cost", "Per week, last 8 weeks"
    )  # fmt: skip
    by_sku = {row[0]: row for row in body if row[0] in ("GLV-M", "TRICK", "VAC")}
    gloves = by_sku["GLV-M"]
    # 20 boxes at 6.45 = 129.00 in the period; per week over the last 8 weeks, as on screen: 20 / 8
    assert gloves[2:8] == ("PPE", "Northgate", "box", 20, 129, 2.5)
    assert gloves[8] == 100 - 20 + 30  # on hand, the order included
    assert gloves[9] == 44  # weeks of supply: 110 / 2.5
    assert gloves[10] == 5 and isinstance(gloves[11], int)
    assert by_sku["TRICK"][1] == FORMULA_NAME  # text, not a formula (D5)
    assert wb["Use by item"]["B3"].data_type == "s"
    total = next(row for row in body if row[0] == "Total")
    assert total[5:7] == (32, 153)  # 20 + 12 used; 129.00 + 24.00
    assert wb["Use by item"].freeze_panes == "A2"
    assert wb["Use by item"]["G2"].number_format == "#,##0.00"

    top_use = _rows(path, "Top 5 by use")
    assert [row[:2] for row in top_use[1:]] == [(1, "GLV-M"), (2, "TRICK")]
    top_cost = _rows(path, "Top 5 by cost")
    assert [row[1] for row in top_cost[1:]] == ["GLV-M", "TRICK"]

    weekly = _rows(path, "Use by week")
    assert weekly[0][:3] == ("SKU", "Name", "Unit") and weekly[0][3] == f"{start:%Y-%m-%d}"
    gloves_weeks = next(row for row in weekly if row[0] == "GLV-M")
    assert sum(v for v in gloves_weeks[3:] if isinstance(v, int)) == 20


def test_the_spending_workbook(ledger: dict[str, int], tmp_path: Path) -> None:
    path = tmp_path / "spending.xlsx"
    export_spending_report(path, TODAY - timedelta(days=30), TODAY)
    assert load_workbook(path).sheetnames == ["Report", "By supplier", "By category", "Receipts"]
    assert _rows(path, "By supplier")[1:] == [("Northgate", 193.5, 1, 30, 1), ("Total", 193.5, 1, 30, 1)]
    assert _rows(path, "By category")[1][0:2] == ("PPE", 193.5)
    receipt = _rows(path, "Receipts")[1]
    assert receipt[1].startswith("PO-") and receipt[2:] == (
        "Northgate", "GLV-M", "Nitrile gloves, medium", "PPE", 30, 3, 64.5, 193.5,
    )  # fmt: skip
    assert isinstance(receipt[0], datetime)
    # A period without receipts gives empty tables, not an error.
    export_spending_report(path, TODAY - timedelta(days=90), TODAY - timedelta(days=60))
    assert _rows(path, "By supplier")[1:] == [("Total", 0, None, 0, 0)]


def test_the_waste_log_as_pdf_and_workbook(ledger: dict[str, int], tmp_path: Path) -> None:
    old = next(lot for lot in expiry.expiring_lots() if lot.lot_number == "OLD-1")
    expiry.dispose_expired_lot(old.lot_id, note="found <behind> the fridge")
    stock.dispose(ledger["trick"], 3, reason="damaged")

    pdf = export_waste_log(tmp_path / "waste.pdf", TODAY - timedelta(days=30), TODAY)
    text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    for expected in (
        "Expiry & waste log",
        f"Period: {TODAY - timedelta(days=30)} to {TODAY}",
        "Flu vaccine <multi-dose>",  # E1: markup shown as typed
        "found <behind> the fridge",
        "OLD-1",
        f"exp. {days(-4)}",
        "expired",
        "$54.00",  # 6 doses at 9.00
        FORMULA_NAME,
        "damaged",
        "$6.00",
        "$60.00",  # the total
        "By reason",
        "No expired lots are holding stock.",
        "Reviewed by",
        "Page 1 of 1",
    ):
        assert "".join(expected.split()) in "".join(text.split()), expected  # lines wrap in cells

    book = export_waste_log(tmp_path / "waste.xlsx", TODAY - timedelta(days=30), TODAY)
    rows = _rows(book, "Waste log")
    assert rows[0][:9] == ("Date", "SKU", "Name", "Lot", "Expired on", "Quantity", "Unit", "Reason", "Cost")
    assert [(r[1], r[3], r[5], r[7], r[8]) for r in rows[1:-1]] == [
        ("VAC", "OLD-1", 6, "expired", 54),
        ("TRICK", None, 3, "damaged", 6),
    ]
    assert rows[-1][0] == "Total" and rows[-1][8] == 60
    assert load_workbook(book)["Waste log"]["C3"].data_type == "s"
    assert _rows(book, "By reason")[1:] == [("expired", 6, 54), ("damaged", 3, 6), ("Total", 9, 60)]
    assert _rows(book, "Expired on the shelves")[1][0] == "Total"

    # A period before any disposal.
    early = export_waste_log(tmp_path / "early.pdf", TODAY - timedelta(days=90), TODAY - timedelta(days=60))
    assert "Nothing was disposed of in this period." in PdfReader(early).pages[0].extract_text()


def test_expired_lots_still_on_the_shelves_are_listed(ledger: dict[str, int], tmp_path: Path) -> None:
    book = export_waste_log(tmp_path / "waste.xlsx")
    rows = _rows(book, "Expired on the shelves")
    expired_on = datetime.combine(days(-4), datetime.min.time())  # openpyxl reads dates as datetimes
    assert rows[1] == ("VAC", "Flu vaccine <multi-dose>", "OLD-1", expired_on, 6, "each", None, 54)
    assert rows[2] == ("Total", None, None, None, 6, None, None, 54)


def test_lots_without_a_number_read_no_lot_number_in_the_waste_log(
    ledger: dict[str, int], tmp_path: Path
) -> None:
    """A lot known only by its expiry says "no lot number" in the PDF and the workbook, for a
    disposal and for an expired lot still on the shelf; a line without a lot stays empty."""
    stock.receive(ledger["flu"], 2, expires=days(-2), at=ago(20))
    stock.receive(ledger["flu"], 5, expires=days(-3), at=ago(20))
    gone = next(lot for lot in expiry.expiring_lots() if not lot.lot_number and lot.expires_on == days(-2))
    expiry.dispose_expired_lot(gone.lot_id)
    stock.dispose(ledger["trick"], 1, reason="damaged")

    pdf = export_waste_log(tmp_path / "waste.pdf", TODAY - timedelta(days=30), TODAY)
    text = "".join("\n".join(page.extract_text() for page in PdfReader(pdf).pages).split())
    assert "nolotnumber" + f"exp.{days(-2)}" in text  # the disposal: the lot, then its expiry
    assert text.count("nolotnumber") == 2  # and the expired lot still on the shelf

    book = export_waste_log(tmp_path / "waste.xlsx", TODAY - timedelta(days=30), TODAY)
    assert [(r[1], r[3]) for r in _rows(book, "Waste log")[1:-1]] == [
        ("VAC", "no lot number"),
        ("TRICK", None),
    ]
    shelf = {(r[2], r[4]) for r in _rows(book, "Expired on the shelves") if r[0] == "VAC"}
    assert shelf == {("OLD-1", 6), ("no lot number", 5)}


def test_wrong_names_and_failures_leave_no_file(ledger: dict[str, int], tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(InventoryError, match=r"\.xlsx"):
        export_usage_report(out / "usage.csv", TODAY - timedelta(days=7), TODAY)
    with pytest.raises(InventoryError, match=r"\.pdf or \.xlsx"):
        export_waste_log(out / "waste.docx")
    with pytest.raises(InventoryError, match="after it ends"):
        export_waste_log(out / "waste.pdf", TODAY, TODAY - timedelta(days=1))

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk went away")

    monkeypatch.setattr(report_xlsx, "_table", broken)
    with pytest.raises(RuntimeError):
        export_spending_report(out / "spending.xlsx", TODAY - timedelta(days=7), TODAY)
    assert list(out.iterdir()) == []
