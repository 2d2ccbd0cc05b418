"""A purchase order as an Excel workbook (openpyxl, no Qt).

One sheet: a header block like the PDF's (office, order facts, supplier, ship-to),
then the line table in the supplier's layout (core.order_layout), then the total.
Line totals and the total are written as numbers, not formulas: openpyxl cannot
save a formula's value, and readers that do not calculate (previews, mail
attachments, web-shop uploads, Python) would see an empty total. Numbers are
numbers with number formats, the
header row is frozen and repeated on printed pages, and the page is set up to
print portrait, one page wide. A "table only" layout leaves out the header block
and the total, so the sheet can be uploaded to a supplier's web shop as it is.

All user text goes through `spreadsheet_safety.set_text` (RELIABILITY D5): text
that starts like a formula stays text, and control characters never abort.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from copy import copy
from datetime import UTC, date, datetime
from decimal import Decimal
from operator import attrgetter
from typing import Any, BinaryIO
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from inventory_app.core.catalog.order_layout import MONEY_KEYS, NUMERIC_KEYS, OrderLayout
from inventory_app.core.purchasing.types import STATUS_WORDS, OrderDetail, OrderLineRow, OrderStatus
from inventory_app.core.settings import OfficeSettings
from inventory_app.core.types import SupplierRow
from inventory_app.documents.spreadsheet_safety import clean_text, looks_like_formula, set_text

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
MARK = Font(bold=True, size=12, color="B42318")
MUTED = Font(color="52606D")
HEADER_FILL = PatternFill("solid", fgColor="E4E7EB")
HEADER_BORDER = Border(bottom=Side(style="medium", color="1F2933"))
TOTAL_BORDER = Border(top=Side(style="thin", color="1F2933"))
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
RIGHT = Alignment(horizontal="right")
DATE_FORMAT = "yyyy-mm-dd"
INT_FORMAT = "#,##0"
MAX_WIDTH = 50
MIN_WIDTH = 6


_GETTERS: dict[str, Callable[[OrderLineRow], Any]] = {
    "line_no": attrgetter("line_no"),
    "supplier_sku": attrgetter("supplier_sku"),
    "sku": attrgetter("sku"),
    "description": attrgetter("description"),
    "purchase_unit": attrgetter("purchase_unit_text"),
    "quantity": attrgetter("quantity"),
    "unit_price": attrgetter("unit_cost"),
    "line_total": attrgetter("line_total"),
    "unit_of_measure": attrgetter("purchase_unit"),
    "pack_size": attrgetter("units_per_purchase_unit"),
    "unit": attrgetter("unit"),
}


def money_format(symbol: str) -> str:
    """An Excel number format showing the currency symbol and two decimals."""
    cleaned = clean_text(symbol).replace('"', "").replace("\\", "")
    return f'"{cleaned}"#,##0.00' if cleaned else "#,##0.00"


def _sheet_title(number: str) -> str:
    title = re.sub(r"[\[\]:*?/\\']", "-", clean_text(number)).strip() or "Order"
    return title[:31]


def _footer_text(text: str) -> str:
    """Text for a print header/footer, where "&" starts a code."""
    return clean_text(text).replace("&", "&&")


def _joined(text: str) -> str:
    return ", ".join(part.strip() for part in text.splitlines() if part.strip())


def _header_block(
    ws: Worksheet, detail: OrderDetail, supplier: SupplierRow, office: OfficeSettings, n: int
) -> tuple[int, dict[int, int]]:
    """Write the header block; returns the row of the table's header and the widths
    the order facts need, by column number."""
    label_col = n - 1 if n >= 4 else n + 1
    value_col = label_col + 1
    set_text(ws.cell(1, 1), office.office_name or "Our office")
    ws.cell(1, 1).font = TITLE
    title = ws.cell(1, value_col, "Purchase Order")
    title.font = TITLE
    title.alignment = RIGHT
    set_text(ws.cell(2, 1), _joined(office.address))
    contact = " · ".join(p for p in (office.phone and f"Phone: {office.phone}", office.email) if p)
    set_text(ws.cell(3, 1), contact)

    summary = detail.summary
    facts: list[tuple[str, Any]] = [
        ("PO number", detail.number),
        ("Order date", summary.ordered_on or "not yet ordered"),
        ("Expected", summary.expected_on or "—"),
        ("Status", STATUS_WORDS[detail.status]),
    ]
    needed = {label_col: max(len(label) for label, _v in facts) + 1, value_col: 16}
    for row, (label, value) in enumerate(facts, start=2):
        ws.cell(row, label_col, label).font = MUTED
        cell = ws.cell(row, value_col)
        if isinstance(value, date):
            cell.value = value
            cell.number_format = DATE_FORMAT
        else:
            set_text(cell, value)
            needed[value_col] = max(needed[value_col], len(clean_text(value)) + 2)
        cell.alignment = RIGHT
    ws.cell(2, value_col).font = BOLD
    if detail.status in (OrderStatus.DRAFT, OrderStatus.CANCELLED):
        ws.cell(5, value_col).value = "DRAFT" if detail.status is OrderStatus.DRAFT else "CANCELLED"
        ws.cell(5, value_col).font = MARK

    set_text(ws.cell(5, 1), f"Supplier: {supplier.name}")
    ws.cell(5, 1).font = BOLD
    set_text(ws.cell(6, 1), _joined(supplier.address))
    reach = [
        f"{label}: {value}"
        for label, value in (
            ("Contact", supplier.contact),
            ("Phone", supplier.phone),
            ("E-mail", supplier.email),
        )
        if value
    ]
    set_text(ws.cell(7, 1), " · ".join(reach))
    if supplier.account_number:
        set_text(ws.cell(8, 1), f"Our account number: {supplier.account_number}")
    ship_to = ", ".join(p for p in (office.office_name, _joined(office.address)) if p)
    set_text(ws.cell(9, 1), f"Ship to: {ship_to}" if ship_to else "")
    return 11, needed


def write_order_xlsx(
    target: BinaryIO,
    detail: OrderDetail,
    supplier: SupplierRow,
    office: OfficeSettings,
    layout: OrderLayout,
) -> None:
    """Write the order workbook into the open binary file `target`."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = _sheet_title(detail.number)
    wb.properties.title = clean_text(f"Purchase order {detail.number}")
    wb.properties.creator = "inventory-app"
    keys = layout.keys
    n = len(keys)
    money = money_format(office.currency_symbol or "$")
    widths = [len(title) + 2 for title in layout.titles]
    header_row = 1
    if not layout.table_only:
        header_row, needed = _header_block(ws, detail, supplier, office, n)
        for col, width in needed.items():
            if col <= n:
                widths[col - 1] = max(widths[col - 1], width)
            else:
                ws.column_dimensions[get_column_letter(col)].width = width + 1
    for col, title in enumerate(layout.titles, start=1):
        cell = ws.cell(header_row, col)
        set_text(cell, title)
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.border = HEADER_BORDER
        if keys[col - 1] in NUMERIC_KEYS:
            cell.alignment = RIGHT

    first = header_row + 1
    last = _line_rows(ws, detail.lines, keys, money, widths)
    end = header_row if layout.table_only else _totals(ws, detail, keys, last, money)
    for col, width in enumerate(widths, start=1):
        letter = get_column_letter(col)
        ws.column_dimensions[letter].width = min(max(width + 1, MIN_WIDTH), MAX_WIDTH)
        if width > MAX_WIDTH:
            template = Cell(ws)
            template.alignment = WRAP
            for r in range(first, last + 1):
                ws.cell(r, col)._style = copy(template._style)
    _print_setup(ws, detail, office, header_row, n, max(end, last))
    _save(wb, target)


def _save(wb: Workbook, target: BinaryIO) -> None:
    """`wb.save(target)`, but the zip archive is closed when writing fails half-way
    (openpyxl leaves it open, and it later complains about the closed file)."""
    wb.properties.modified = datetime.now(UTC).replace(tzinfo=None)
    archive = ZipFile(target, "w", ZIP_DEFLATED, allowZip64=True)
    try:
        ExcelWriter(wb, archive).save()
    except BaseException:
        with contextlib.suppress(Exception):
            archive.close()
        raise


def _line_rows(
    ws: Worksheet, lines: list[OrderLineRow], keys: tuple[str, ...], money: str, widths: list[int]
) -> int:
    """Append the order lines under the table header; returns the last row. Numbers
    are written as numbers with a shared style (copied, which is much faster than
    setting a number format on each cell); text as text (`set_text` for risky text)."""
    getters = [_GETTERS[key] for key in keys]
    styles: list[StyleArray | None] = []
    for key in keys:
        if key in NUMERIC_KEYS:
            template = Cell(ws)
            template.number_format = money if key in MONEY_KEYS else INT_FORMAT
            styles.append(template._style)
        else:
            styles.append(None)
    numeric = [i for i, style in enumerate(styles) if style is not None]
    text_columns = [i for i, style in enumerate(styles) if style is None]
    for line in lines:
        row: list[Any] = [getter(line) for getter in getters]
        for i in text_columns:
            text = clean_text(row[i])
            if len(text) > widths[i]:
                widths[i] = len(text)
            if looks_like_formula(text):
                cell = Cell(ws)
                set_text(cell, text)
                row[i] = cell
            else:
                row[i] = text
        for i in numeric:
            cell = Cell(ws, value=row[i])
            cell._style = copy(styles[i])
            row[i] = cell
        ws.append(row)
    for i in numeric:
        biggest = max((abs(getters[i](line)) for line in lines), default=0)
        size = len(f"{biggest:,.2f}") + 3 if keys[i] in MONEY_KEYS else len(f"{biggest:,}") + 1
        widths[i] = max(widths[i], size)
    return int(ws.max_row)


def _totals(ws: Worksheet, detail: OrderDetail, keys: tuple[str, ...], last: int, money: str) -> int:
    """The total row (the sum of the line totals, as a number) and the notes; returns the
    last row written."""
    row = end = last + 2
    if "line_total" in keys:
        col = keys.index("line_total") + 1
        label = ws.cell(row, max(col - 1, 1), "Total")
        label.font = BOLD
        label.alignment = RIGHT
        total = ws.cell(row, col)
        total.value = sum((line.line_total for line in detail.lines), Decimal(0))
        total.number_format = money
        total.font = BOLD
        total.border = TOTAL_BORDER
        end, row = row, row + 2
    if detail.notes.strip():
        ws.cell(row, 1, "Notes").font = BOLD
        for text in detail.notes.splitlines():
            row += 1
            set_text(ws.cell(row, 1), text)
        end = row
    return end


def _print_setup(
    ws: Worksheet, detail: OrderDetail, office: OfficeSettings, header_row: int, n: int, end: int
) -> None:
    ws.freeze_panes = ws.cell(header_row + 1, 1).coordinate
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4 if office.page_size == "A4" else ws.PAPERSIZE_LETTER
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.page_margins = PageMargins(left=0.5, right=0.5, top=0.6, bottom=0.7, header=0.3, footer=0.3)
    last_col = max(n, n + 2 if n < 4 else n)
    ws.print_area = f"A1:{get_column_letter(last_col)}{end}"
    ws.oddFooter.left.text = _footer_text(f"Purchase order {detail.number}")
    ws.oddFooter.right.text = "Page &P of &N"
