"""The blank import template: the headers the importer knows, one example row, drop-down lists.

An office that starts from scratch fills this in Excel. The category, unit
and location columns offer the names already in the inventory (from a hidden
"Lists" sheet, because an inline list is limited to 255 characters); new
names can still be typed. The example row uses the SKU EXAMPLE-1, which the
importer skips (and says so) if it is left in.
"""

from __future__ import annotations

import os
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from inventory_app.core.importing import export_rows
from inventory_app.core.importing.columns import FIELD_HEADERS, FIELDS
from inventory_app.core.importing.rows import EXAMPLE_SKU
from inventory_app.documents.atomic_file import write_atomically
from inventory_app.documents.spreadsheet_safety import set_text
from inventory_app.errors import InventoryError

TEMPLATE_ROWS = 2000
EXAMPLE = {
    "sku": EXAMPLE_SKU,
    "name": "Nitrile exam gloves, medium (example row: replace or delete it)",
    "category": "Gloves",
    "location": "Supply Room A",
    "unit": "box",
    "purchase_unit": "case",
    "units_per_purchase_unit": 10,
    "supplier": "Northgate Medical Supply",
    "supplier_sku": "NGM-453983",
    "unit_cost": 6.45,
    "reorder_point": 6,
    "par_level": 20,
    "tracks_expiry": "no",
    "barcode": "",
    "notes": "Latex-free",
    "quantity": 14,
    "lot": "",
    "expires": None,
}
HELP = {
    "sku": "Required. Your own code for the item; no spaces.",
    "name": "Required for new items.",
    "quantity": "What is on the shelf now, in units of issue. For items that track expiry: "
    "one row per lot, with its quantity.",
    "reorder_point": "At or below this the item is low.",
    "par_level": "The level to order up to (not below the reorder point).",
    "units_per_purchase_unit": "How many units of issue come in one purchase unit (e.g. 10 boxes per case).",
    "tracks_expiry": "yes for vaccines, sterile packs, test strips...",
    "expires": "A date, e.g. 2027-03-31.",
}


def write_template(path: str | os.PathLike[str]) -> None:
    """Save the blank import template (.xlsx)."""
    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        raise InventoryError(f"{target.name}: the import template is an Excel workbook; name it .xlsx.")
    lists = export_rows.template_lists()
    lists["tracks_expiry"] = ["yes", "no"]
    wb = Workbook()
    ws = wb.active
    ws.title = "Items"
    headers = [FIELD_HEADERS[f] for f in FIELDS]
    ws.append(headers)
    ws.append([EXAMPLE[f] for f in FIELDS])
    bold, fill = Font(bold=True), PatternFill("solid", start_color="FFDDE3EA")
    for index, field in enumerate(FIELDS, start=1):
        cell = ws.cell(row=1, column=index)
        cell.font, cell.fill = bold, fill
        if field in HELP:
            cell.comment = Comment(HELP[field], "Supply Room")
        example = ws.cell(row=2, column=index)
        example.font = Font(italic=True, color="FF7F7F7F")
        width = max(len(headers[index - 1]), len(str(EXAMPLE[field] or ""))) + 2
        ws.column_dimensions[get_column_letter(index)].width = min(max(width, 10), 40)
    ws.cell(row=2, column=FIELDS.index("unit_cost") + 1).number_format = "#,##0.00"
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(FIELDS))}1"

    sheet = wb.create_sheet("Lists")
    sheet.sheet_state = "hidden"
    for index, (field, values) in enumerate(lists.items(), start=1):
        sheet.cell(row=1, column=index, value=FIELD_HEADERS[field])
        for row, value in enumerate(values, start=2):
            set_text(sheet.cell(row=row, column=index), value)
        letter = get_column_letter(index)
        last = max(len(values) + 1, 2)
        validation = DataValidation(
            type="list",
            formula1=f"Lists!${letter}$2:${letter}${last}",  # OOXML formulas carry no "="
            allow_blank=True,
            showErrorMessage=field == "tracks_expiry",
            errorTitle=FIELD_HEADERS[field],
            error="Choose yes or no.",
        )
        column = get_column_letter(FIELDS.index(field) + 1)
        validation.add(f"{column}2:{column}{TEMPLATE_ROWS}")
        ws.add_data_validation(validation)
    write_atomically(target, wb.save)
