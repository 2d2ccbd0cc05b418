"""The purchase order as an Excel workbook, read back with openpyxl (RELIABILITY D5, E2).

Numbers are numbers with formats, the total is a number any reader sees (not a formula
with no saved value), the header row is
frozen and printed on every page; a supplier's own layout sets the columns and
their titles; text that looks like a formula stays text and control characters
never abort the export.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet
from peewee import Database

from inventory_app.core.catalog import order_layout
from inventory_app.core.catalog.order_layout import LayoutColumn, OrderLayout
from inventory_app.core.purchasing import orders as purchasing
from inventory_app.core.types import SupplierInput
from inventory_app.db.models import PurchaseOrderLine, Supplier
from inventory_app.documents.order_forms import export_order
from inventory_app.documents.spreadsheet_safety import csv_text, set_text
from tests.documents.order_helpers import OFFICE, Line, make_order, many_lines

TITLES = [
    "No.",
    "Supplier SKU",
    "Our SKU",
    "Description",
    "Purchase unit",
    "Quantity",
    "Unit price",
    "Line total",
]
HEADER_ROW = 11


def _sheet(path: Path) -> Worksheet:
    ws = openpyxl.load_workbook(path).active
    assert ws is not None
    return ws


def _row(ws: Worksheet, row: int, width: int = 8) -> list[object]:
    return [ws.cell(row, col).value for col in range(1, width + 1)]


def _texts(ws: Worksheet) -> list[str]:
    return [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]


def test_the_workbook_has_the_header_block_typed_numbers_a_total_and_print_setup(
    sqlite_db: Database, tmp_path: Path
) -> None:
    detail = make_order([Line("Nitrile gloves, medium", 3, "8.25"), Line("Alcohol pads", 12, "4.10")])
    ws = _sheet(export_order(detail.summary.id, tmp_path / "po.xlsx"))

    # Header block: office, order facts, supplier, ship-to; a draft says so.
    texts = _texts(ws)
    for expected in (
        "Lakeside Family Clinic",
        "Purchase Order",
        "12 Harbour Road, Portland, OR 97201",
        "Phone: (503) 555-0100 · supplies@lakeside.example",
        detail.number,
        "DRAFT",
        "Supplier: Northgate Medical Supply",
        "400 Industrial Pkwy, Tacoma, WA 98421",
        "Contact: Dana Whitfield · Phone: (800) 555-0199 · E-mail: orders@northgate.example",
        "Our account number: NG-20417",
        "Ship to: Lakeside Family Clinic, 12 Harbour Road, Portland, OR 97201",
    ):
        assert expected in texts, expected
    assert ws.title == detail.number

    # The table: titles, then one row per line with numbers as numbers.
    assert _row(ws, HEADER_ROW) == TITLES
    assert all(ws.cell(HEADER_ROW, col).font.bold for col in range(1, 9))
    first = HEADER_ROW + 1
    for offset, line in enumerate(detail.lines):
        values = _row(ws, first + offset)
        assert values == [
            line.line_no,
            line.supplier_sku,
            line.sku,
            line.description,
            "case of 10 boxes",
            line.quantity,
            pytest.approx(float(line.unit_cost)),
            pytest.approx(float(line.line_total)),
        ]
        cells = [ws.cell(first + offset, col) for col in range(1, 9)]
        assert [c.data_type for c in cells] == ["n", "s", "s", "s", "s", "n", "n", "n"]
        assert isinstance(values[5], int)
        assert cells[5].number_format == "#,##0"
        assert cells[6].number_format == cells[7].number_format == '"$"#,##0.00'

    # The total is the sum of the line totals as a number, formatted as money.
    last = first + len(detail.lines) - 1
    total = ws.cell(last + 2, 8)
    assert total.data_type == "n"
    assert total.value == pytest.approx(73.95)
    assert total.number_format == '"$"#,##0.00'
    assert ws.cell(last + 2, 7).value == "Total"
    assert Decimal("24.75") + Decimal("49.20") == detail.total

    # Frozen under the header row; printing: portrait, one page wide, header row repeated.
    assert ws.freeze_panes == f"A{first}"
    assert ws.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
    assert ws.page_setup.orientation == "portrait"
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert ws.page_setup.fitToWidth == 1
    assert ws.page_setup.fitToHeight == 0
    assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_LETTER)
    assert "Page &P of &N" in ws.oddFooter.right.text
    # Widths fit: the description column is wider than the quantity column, none is tiny.
    widths = {col: ws.column_dimensions[col].width for col in "ABCDEFGH"}
    assert widths["D"] >= len("Nitrile gloves, medium") and widths["D"] > widths["F"]
    assert min(widths.values()) >= 6


def test_an_ordered_po_has_real_dates_a4_paper_and_the_currency_symbol(
    sqlite_db: Database, tmp_path: Path
) -> None:
    detail = make_order(
        [Line("Gloves", 2, "3.00")], office=replace(OFFICE, page_size="A4", currency_symbol="€")
    )
    ordered = purchasing.mark_ordered(detail.summary.id, date(2026, 3, 2))
    ws = _sheet(export_order(detail.summary.id, tmp_path / "po.xlsx"))

    facts = {ws.cell(r, 7).value: ws.cell(r, 8) for r in range(2, 6)}
    assert facts["Order date"].value.date() == date(2026, 3, 2)
    assert facts["Order date"].number_format == "yyyy-mm-dd"
    assert facts["Expected"].value.date() == ordered.expected_on
    assert facts["Status"].value == "Ordered"
    assert "DRAFT" not in _texts(ws)
    assert ws.cell(HEADER_ROW + 1, 8).number_format == '"€"#,##0.00'
    assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)


def test_500_lines_and_notes(sqlite_db: Database, tmp_path: Path) -> None:
    detail = make_order(many_lines(500))
    purchasing.set_notes(detail.summary.id, "Please deliver before noon.\nCall ahead.")
    ws = _sheet(export_order(detail.summary.id, tmp_path / "po.xlsx"))
    first, last = HEADER_ROW + 1, HEADER_ROW + 500
    assert [ws.cell(r, 3).value for r in range(first, last + 1)] == [line.sku for line in detail.lines]
    assert Decimal(str(ws.cell(last + 2, 8).value)) == detail.total
    assert sum(Decimal(str(ws.cell(r, 8).value)) for r in range(first, last + 1)) == detail.total
    assert [ws.cell(r, 1).value for r in range(last + 4, last + 7)] == [
        "Notes",
        "Please deliver before noon.",
        "Call ahead.",
    ]
    assert ws.print_area == f"'{ws.title}'!$A$1:$H${last + 6}"


# ---------------------------------------------------------------- a supplier's own layout


def test_a_supplier_layout_sets_column_order_and_titles(sqlite_db: Database, tmp_path: Path) -> None:
    detail = make_order([Line("Gloves", 4, "2.50"), Line("Gauze", 1, "9.99")])
    order_layout.save_supplier_layout(
        detail.summary.supplier_id,
        OrderLayout(
            (
                LayoutColumn("supplier_sku", "Item #"),
                LayoutColumn("quantity", "Qty"),
                LayoutColumn("unit_of_measure", "UOM"),
                LayoutColumn("pack_size", ""),  # blank: the standard title
                LayoutColumn("description", "Item description"),
                LayoutColumn("line_total", "Ext. price"),
            )
        ),
    )
    ws = _sheet(export_order(detail.summary.id, tmp_path / "po.xlsx"))

    assert _row(ws, HEADER_ROW, 6) == ["Item #", "Qty", "UOM", "Pack size", "Item description", "Ext. price"]
    first = HEADER_ROW + 1
    for offset, line in enumerate(detail.lines):
        assert _row(ws, first + offset, 7) == [
            line.supplier_sku,
            line.quantity,
            "case",
            10,
            line.description,
            pytest.approx(float(line.line_total)),
            None,
        ]
    assert ws.cell(first + 2 + 1, 6).value == pytest.approx(float(detail.total))
    assert ws.cell(first + 3, 5).value == "Total"
    assert ws.freeze_panes == f"A{first}"


def test_a_table_only_layout_is_ready_for_upload(sqlite_db: Database, tmp_path: Path) -> None:
    detail = make_order([Line("Gloves", 4), Line("Gauze", 1)])
    order_layout.save_supplier_layout(
        detail.summary.supplier_id,
        OrderLayout((LayoutColumn("supplier_sku", "SKU"), LayoutColumn("quantity", "QTY")), table_only=True),
    )
    ws = _sheet(export_order(detail.summary.id, tmp_path / "po.xlsx"))
    assert [list(r) for r in ws.iter_rows(values_only=True)] == [
        ["SKU", "QTY"],
        [detail.lines[0].supplier_sku, 4],
        [detail.lines[1].supplier_sku, 1],
    ]
    assert ws.freeze_panes == "A2"
    assert ws.print_title_rows == "$1:$1"


def test_an_unreadable_stored_layout_falls_back_to_the_standard_one(
    sqlite_db: Database, tmp_path: Path
) -> None:
    detail = make_order([Line("Gloves")])
    Supplier.update(order_layout='{"columns": [{"key": "no such column"}]').execute()
    ws = _sheet(export_order(detail.summary.id, tmp_path / "po.xlsx"))
    assert _row(ws, HEADER_ROW) == TITLES


# ---------------------------------------------------------------- D5: text stays text


D5_NAMES = [
    '=HYPERLINK("http://x","y")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1)",
    "\t=1+2",
    "\r=1+2",
    "＝1+2",
]


def test_d5_formula_looking_text_is_written_as_text_and_control_characters_never_abort(
    sqlite_db: Database, tmp_path: Path
) -> None:
    detail = make_order(
        [Line(f"placeholder {i}") for i in range(len(D5_NAMES) + 1)],
        supplier=SupplierInput(name="=cmd|'/C calc'!A0", contact="@SUM(A1)", account_number="-1+1"),
        office=replace(OFFICE, office_name="+Clinic", address="=1+1\n-2"),
    )
    # The core trims what people type; write the raw values the way an import could leave them.
    for line, name in zip(detail.lines, D5_NAMES + ["Bad\x00name\x07 with\x1bcontrols"], strict=True):
        PurchaseOrderLine.update(description=name, supplier_sku=name[:20]).where(
            PurchaseOrderLine.id == line.id
        ).execute()
    purchasing.set_notes(detail.summary.id, "=2*3 notes")

    ws = _sheet(export_order(detail.summary.id, tmp_path / "po.xlsx"))

    formulas = [c.coordinate for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []
    descriptions = [ws.cell(HEADER_ROW + 1 + i, 4) for i in range(len(detail.lines))]
    # A carriage return reads back as a line feed (XML line-end rules); still text.
    typed = [name.replace("\r", "\n") for name in D5_NAMES]
    assert [c.value for c in descriptions] == typed + ["Badname withcontrols"]
    assert all(c.data_type == "s" for c in descriptions)
    assert all(c.quotePrefix for c in descriptions[: len(D5_NAMES)])
    assert [ws.cell(HEADER_ROW + 1 + i, 2).value for i in range(len(D5_NAMES))] == [n[:20] for n in typed]
    texts = _texts(ws)
    for expected in (
        "Supplier: =cmd|'/C calc'!A0",
        "Contact: @SUM(A1)",
        "Our account number: -1+1",
        "+Clinic",
        "=2*3 notes",
    ):
        assert expected in texts, expected
    assert ws.cell(1, 1).value == "+Clinic" and ws.cell(1, 1).data_type == "s" and ws.cell(1, 1).quotePrefix


def test_d5_set_text_and_csv_text() -> None:
    cell = openpyxl.Workbook().active.cell(1, 1)
    set_text(cell, "=1+2\x00")
    assert (cell.value, cell.data_type, cell.quotePrefix) == ("=1+2", "s", True)
    set_text(cell, "plain")
    assert (cell.value, cell.data_type) == ("plain", "s")
    set_text(cell, None)
    assert cell.value in ("", None)
    assert csv_text("=1+2") == "'=1+2"
    assert csv_text("\t=1") == "'\t=1"
    assert csv_text("a\x07b") == "ab"
    assert csv_text("Gloves -2") == "Gloves -2"


# ---------------------------------------------------------------- E2 for workbooks


def test_e2_a_crash_while_saving_the_workbook_leaves_no_partial_file(
    sqlite_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from openpyxl.writer.excel import ExcelWriter

    detail = make_order(many_lines(40))
    target = tmp_path / "po.xlsx"
    export_order(detail.summary.id, target)
    good = target.read_bytes()
    real = ExcelWriter.write_worksheet

    def broken(self: ExcelWriter, ws: object) -> None:
        real(self, ws)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(ExcelWriter, "write_worksheet", broken)
    from inventory_app.errors import InventoryError

    with pytest.raises(InventoryError, match="disk is full"):
        export_order(detail.summary.id, target)
    with pytest.raises(InventoryError, match="disk is full"):
        export_order(detail.summary.id, tmp_path / "new.xlsx")
    assert target.read_bytes() == good
    assert not (tmp_path / "new.xlsx").exists()
    assert not [p for p in tmp_path.iterdir() if p.suffix == ".part"]
    assert openpyxl.load_workbook(target).active.cell(HEADER_ROW, 1).value == "No."


def test_readers_that_do_not_calculate_see_the_line_totals_and_the_total(
    sqlite_db: Database, tmp_path: Path
) -> None:
    detail = make_order([Line("Gloves", 250_000, "12.50"), Line("Gauze", 3, "1499999.99")])
    path = export_order(detail.summary.id, tmp_path / "po.xlsx")

    ws = openpyxl.load_workbook(path, data_only=True).active
    assert ws is not None
    first = HEADER_ROW + 1
    totals = [ws.cell(first + i, 8).value for i in range(len(detail.lines))]
    assert totals == [pytest.approx(3_125_000.00), pytest.approx(4_499_999.97)]
    assert ws.cell(first + 3, 7).value == "Total"
    assert ws.cell(first + 3, 8).value == pytest.approx(7_624_999.97)
    assert Decimal(str(ws.cell(first + 3, 8).value)) == detail.total
