"""Making purchase orders for the order-form tests, through the core as the app does."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from pypdf import PdfReader

from inventory_app.core.catalog import items as catalog
from inventory_app.core.purchasing import orders as purchasing
from inventory_app.core.purchasing.types import OrderDetail
from inventory_app.core.settings import OfficeSettings, save_office_settings
from inventory_app.core.types import ItemInput, SupplierInput

OFFICE = OfficeSettings(
    office_name="Lakeside Family Clinic",
    address="12 Harbour Road\nPortland, OR 97201",
    phone="(503) 555-0100",
    email="supplies@lakeside.example",
)
SUPPLIER = SupplierInput(
    name="Northgate Medical Supply",
    account_number="NG-20417",
    contact="Dana Whitfield",
    phone="(800) 555-0199",
    email="orders@northgate.example",
    address="400 Industrial Pkwy\nTacoma, WA 98421",
)


@dataclass(frozen=True)
class Line:
    name: str
    quantity: int = 2
    unit_cost: str = "12.50"
    supplier_sku: str = ""
    sku: str = ""


def make_order(
    lines: Sequence[Line],
    office: OfficeSettings = OFFICE,
    supplier: SupplierInput = SUPPLIER,
) -> OrderDetail:
    """A draft order to one supplier with these lines (items created as needed)."""
    save_office_settings(office)
    supplier_id = catalog.save_supplier(supplier).id
    wanted = []
    for i, line in enumerate(lines):
        item = catalog.create_item(
            ItemInput(
                sku=line.sku or f"SKU-{i:04d}",
                name=line.name,
                supplier_id=supplier_id,
                supplier_sku=line.supplier_sku or f"NG-{10000 + i}",
                unit="box",
                purchase_unit="case",
                units_per_purchase_unit=10,
                unit_cost=Decimal(line.unit_cost),
            )
        )
        wanted.append((item.id, line.quantity))
    order = purchasing.create_drafts(wanted)[0]
    return purchasing.order_detail(order.id)


def many_lines(count: int) -> list[Line]:
    words = ["Nitrile exam gloves, medium, powder-free, textured fingertips", "Gauze 4×4", "Alcohol pads"]
    return [
        Line(f"{words[i % 3]} #{i}", quantity=1 + i % 9, unit_cost=f"{1 + i % 50}.{i % 100:02d}")
        for i in range(count)
    ]


def money(value: Decimal, symbol: str = "$") -> str:
    return f"{symbol}{value:,.2f}"


def pdf_pages(path: Path) -> list[str]:
    """The text of each page, whitespace runs folded to one space."""
    reader = PdfReader(path)
    return [" ".join(page.extract_text().split()) for page in reader.pages]
