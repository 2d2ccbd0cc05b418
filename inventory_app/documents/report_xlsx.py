"""Reports as Excel workbooks: a cover sheet saying what and for when, then one table a sheet.

The same rules as every spreadsheet the app writes (`sheet_out`): user text is
text, never a formula (RELIABILITY D5, through `spreadsheet_safety.set_text`);
numbers are numbers with formats; the header is bold and frozen with filters;
the file is written under a temporary name and renamed when complete. A total
row, when a sheet has one, holds plain values (computed here in Decimal), not
formulas, so a program reading the file back sees the numbers without Excel
having recalculated them; it sits below the filtered range so sorting leaves it
at the bottom.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from openpyxl import Workbook
from openpyxl.styles import Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from inventory_app.documents.order_forms import _write_atomically
from inventory_app.documents.sheet_out import Column
from inventory_app.documents.spreadsheet_safety import clean_text, set_text
from inventory_app.errors import InventoryError

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
MUTED = Font(color="52606D")
HEADER_FILL = PatternFill("solid", fgColor="DDE3EA")
TOTAL_BORDER = Border(top=Side(style="thin", color="1F2933"))
FORMATS = {
    "int": "#,##0",
    "money": "#,##0.00",
    "date": "yyyy-mm-dd",
    "datetime": "yyyy-mm-dd hh:mm",
    "decimal1": "#,##0.0",
    "decimal2": "#,##0.00",
    "percent": "0.0%",
}
MIN_WIDTH, MAX_WIDTH = 6, 50


@dataclass(frozen=True, slots=True)
class Sheet:
    title: str
    columns: Sequence[Column]
    rows: Sequence[Sequence[object]]
    total: Sequence[object] | None = None  # a bold last row (plain values)
    notes: Sequence[str] = field(default_factory=tuple)  # lines under the table


def _put(ws: Worksheet, row: int, column: int, kind: str, value: object) -> Any:
    cell = ws.cell(row=row, column=column)
    if value is None or value == "":
        return cell
    if kind == "text":
        set_text(cell, value)
    elif kind == "bool":
        cell.value = "yes" if value else "no"
    else:
        cell.value = value
        if kind in FORMATS:
            cell.number_format = FORMATS[kind]
    return cell


def _width(column: Column, values: list[object]) -> float:
    if column.kind in ("date", "datetime"):
        longest = 10 if column.kind == "date" else 16
    else:
        longest = max(
            (len(f"{v:,.2f}" if isinstance(v, float) else str(v)) for v in values if v is not None), default=0
        )
    return float(min(MAX_WIDTH, max(MIN_WIDTH, longest, len(column.header)) + 2))


def _table(ws: Worksheet, sheet: Sheet) -> None:
    for index, column in enumerate(sheet.columns, start=1):
        cell = ws.cell(row=1, column=index)
        set_text(cell, column.header)
        cell.font = BOLD
        cell.fill = HEADER_FILL
        values = [row[index - 1] for row in sheet.rows[:2000]]
        if sheet.total is not None:
            values.append(sheet.total[index - 1])
        ws.column_dimensions[get_column_letter(index)].width = _width(column, values)
    for r, row in enumerate(sheet.rows, start=2):
        for c, (column, value) in enumerate(zip(sheet.columns, row, strict=True), start=1):
            _put(ws, r, c, column.kind, value)
    last = len(sheet.rows) + 1
    letter = get_column_letter(len(sheet.columns))
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{letter}{last}"
    below = last + 1
    if sheet.total is not None:
        for c, (column, value) in enumerate(zip(sheet.columns, sheet.total, strict=True), start=1):
            cell = _put(ws, below, c, column.kind, value)
            cell.font = BOLD
            cell.border = TOTAL_BORDER
        below += 1
    for offset, note in enumerate(sheet.notes, start=1):
        cell = ws.cell(row=below + offset, column=1)
        set_text(cell, note)
        cell.font = MUTED
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape" if len(sheet.columns) > 7 else "portrait"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0


def _sheet_title(title: str, taken: set[str]) -> str:
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in clean_text(title)).strip()[:31] or "Sheet"
    name, n = cleaned, 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name, n = cleaned[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def write_report(
    target: BinaryIO, title: str, facts: Sequence[tuple[str, object]], sheets: Sequence[Sheet]
) -> None:
    """A cover sheet with `title` and `facts` (label, value), then one sheet per table."""
    wb = Workbook()
    cover = wb.active
    taken: set[str] = set()
    cover.title = _sheet_title("Report", taken)
    set_text(cover.cell(row=1, column=1), title)
    cover.cell(row=1, column=1).font = TITLE
    for r, (label, value) in enumerate(facts, start=3):
        set_text(cover.cell(row=r, column=1), label)
        cover.cell(row=r, column=1).font = BOLD
        kind = "date" if isinstance(value, date) and not isinstance(value, datetime) else "text"
        if isinstance(value, datetime):
            kind = "datetime"
        elif isinstance(value, int | float):
            kind = "int" if isinstance(value, int) else "decimal2"
        _put(cover, r, 2, kind, value if kind != "text" else str(value))
    start = len(facts) + 4
    set_text(cover.cell(row=start, column=1), "Sheets")
    cover.cell(row=start, column=1).font = BOLD
    cover.column_dimensions["A"].width = 22
    cover.column_dimensions["B"].width = 48
    for sheet in sheets:
        ws = wb.create_sheet(_sheet_title(sheet.title, taken))
        _table(ws, sheet)
        start += 1
        set_text(cover.cell(row=start, column=1), ws.title)
        set_text(cover.cell(row=start, column=2), f"{len(sheet.rows):,} rows")
    wb.save(target)


def save_report(path: Path, title: str, facts: Sequence[tuple[str, object]], sheets: Sequence[Sheet]) -> Path:
    """Write the report to an .xlsx file, through a temporary file in the same folder."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        shown = path.suffix or "no extension"
        raise InventoryError(f"Cannot save “{path.name}” ({shown}): reports are saved as .xlsx workbooks.")
    _write_atomically(path, lambda handle: write_report(handle, title, facts, sheets))
    return path
