"""The Reports page on paper (usage and spending for a period), read back with pypdf: the
figures are the page's (`core.shelf.usage.top_items`, `core.shelf.spending`), money in the office's
currency, counted words, names as typed (E1), the weekly-use rate named, "Page N of M"."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from peewee import Database
from pypdf import PdfReader

from inventory_app.core.catalog import items as catalog
from inventory_app.core.settings import office_settings, save_office_settings
from inventory_app.core.shelf import spending, usage
from inventory_app.core.stock import movements as stock
from inventory_app.core.stock.use_rate import per_week_text
from inventory_app.core.types import ItemInput
from inventory_app.core.wording import counted, money_text
from inventory_app.documents.report_pdf import TOP, export_report_pdf
from inventory_app.errors import InventoryError
from tests.core.shelf.shelf_helpers import ago, receive_order, supplier

TODAY = date.today()
START = TODAY - timedelta(days=27)
GAUZE = "Gauze <sterile> & pads"
NORTHGATE = "Northgate & Sons"


@pytest.fixture
def ledger(sqlite_db: Database) -> dict[str, int]:
    """Known use over the last four weeks and one order received today, in Swiss francs."""
    save_office_settings(replace(office_settings(), office_name="Lakeside Clinic", currency_symbol="CHF"))
    north = supplier(NORTHGATE)
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
        )
    ).id
    gauze = catalog.create_item(ItemInput(sku="GZE-4", name=GAUZE, unit="pack", unit_cost=Decimal("2.00"))).id
    stock.receive(gloves, 100, at=ago(60))
    stock.receive(gauze, 50, at=ago(60))
    for week in range(4):
        stock.use(gloves, 5, at=ago(2 + 7 * week))
    stock.use(gauze, 1, at=ago(3))
    receive_order(gloves, 3)  # CHF 193.50 spent today
    return {"gloves": gloves, "gauze": gauze}


def _text(path: Path) -> str:
    """The words of every page, one space between them (a cell's lines and a row's cells alike)."""
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(path).pages)


def test_the_report_pdf_shows_the_pages_figures(ledger: dict[str, int], tmp_path: Path) -> None:
    path = export_report_pdf(tmp_path / "report.pdf", START, TODAY)
    text = _text(path)
    by_use = usage.top_items(START, TODAY, by="use", limit=TOP)
    by_supplier = spending.spending_by_supplier(START, TODAY)
    assert [r.sku for r in by_use] == ["GLV-M", "GZE-4"]
    for expected in (
        "Lakeside Clinic",
        "Usage and spending",
        f"{START} to {TODAY} (28 days)",
        "Spent CHF 193.50",
        "Received 30 units in 1 receipt",
        "Top items by use",
        "Top items by cost",
        "Spending by supplier",
        "Spending by category",
        GAUZE,  # E1: markup shown as typed
        NORTHGATE,
        "20 boxes",  # used in the period
        "CHF 129.00",  # 20 boxes at 6.45
        "1 pack",
        "Per week, last 8 weeks",
        "Per week: the item's use in the last 8 weeks up to today",
        "Total CHF 193.50 100% 30 1",
        "Page 1 of",
    ):
        assert expected in text, expected
    for row in by_use:
        assert counted(row.used, row.unit) in text and money_text(row.cost, "CHF") in text
        assert per_week_text(row.weekly_use, row.unit) in text and counted(row.on_hand, row.unit) in text
    [north] = by_supplier
    assert f"{NORTHGATE} {money_text(north.amount, 'CHF')} 100% {north.units} {north.receipts}" in text
    assert "$" not in text


def test_a_period_without_use_or_receipts_says_so(ledger: dict[str, int], tmp_path: Path) -> None:
    start, end = TODAY - timedelta(days=200), TODAY - timedelta(days=100)
    text = _text(export_report_pdf(tmp_path / "empty.pdf", start, end))
    assert "No item was used in this period." in text
    assert "Nothing was received on an order in this period." in text
    assert "Spent CHF 0.00" in text and "Received 0 units in 0 receipts" in text


def test_a_period_ending_before_it_starts_writes_nothing(ledger: dict[str, int], tmp_path: Path) -> None:
    with pytest.raises(InventoryError):
        export_report_pdf(tmp_path / "r.pdf", TODAY, TODAY - timedelta(days=1))
    assert list(tmp_path.glob("*.pdf")) == []
