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

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from inventory_app.documents.atomic_file import write_atomically
from inventory_app.documents.sheet_out import Column
from inventory_app.documents.spreadsheet_safety import clean_text, looks_like_formula, set_text
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


def _cell(ws: Any, kind: str, value: object, font: Font | None = None, border: Border | None = None) -> Any:
    """One value as write-only mode takes it: a plain value when it needs no style (fast),
    else a styled cell; user text through `set_text`, never a formula."""
    if value is None or value == "":
        value = None
    elif kind == "bool":
        value = "yes" if value else "no"
    elif kind == "text":
        text = clean_text(value)
        if not looks_like_formula(text) and font is None and border is None:
            return text
        cell = WriteOnlyCell(ws)
        set_text(cell, text)
        if font is not None:
            cell.font = font
        if border is not None:
            cell.border = border
        return cell
    number_format = FORMATS.get(kind) if value is not None and kind not in ("text", "int") else None
    if number_format is None and font is None and border is None:
        return value
    cell = WriteOnlyCell(ws, value=value)
    if number_format is not None:
        cell.number_format = number_format
    if font is not None:
        cell.font = font
    if border is not None:
        cell.border = border
    return cell


def _width(column: Column, values: list[object]) -> float:
    if column.kind in ("date", "datetime"):
        longest = 10 if column.kind == "date" else 16
    else:
        longest = max(
            (len(f"{v:,.2f}" if isinstance(v, float) else str(v)) for v in values if v is not None), default=0
        )
    return float(min(MAX_WIDTH, max(MIN_WIDTH, longest, len(column.header)) + 2))


def _table(ws: Any, sheet: Sheet) -> None:
    """Write one table in write-only mode: widths first (from a sample), then the rows."""
    for index, column in enumerate(sheet.columns, start=1):
        values = [row[index - 1] for row in sheet.rows[:2000]]
        if sheet.total is not None:
            values.append(sheet.total[index - 1])
        ws.column_dimensions[get_column_letter(index)].width = _width(column, values)
    last = len(sheet.rows) + 1
    letter = get_column_letter(len(sheet.columns))
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{letter}{last}"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape" if len(sheet.columns) > 7 else "portrait"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    header = []
    for column in sheet.columns:
        cell = WriteOnlyCell(ws)
        set_text(cell, column.header)
        cell.font = BOLD
        cell.fill = HEADER_FILL
        header.append(cell)
    ws.append(header)
    kinds = [column.kind for column in sheet.columns]
    for row in sheet.rows:
        ws.append([_cell(ws, kind, value) for kind, value in zip(kinds, row, strict=True)])
    if sheet.total is not None:
        ws.append(
            [
                _cell(ws, kind, value, BOLD, TOTAL_BORDER)
                for kind, value in zip(kinds, sheet.total, strict=True)
            ]
        )
    if sheet.notes:
        ws.append([])
        for note in sheet.notes:
            ws.append([_cell(ws, "text", note, MUTED)])


def _sheet_title(title: str, taken: set[str]) -> str:
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in clean_text(title)).strip()[:31] or "Sheet"
    name, n = cleaned, 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name, n = cleaned[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def _fact_kind(value: object) -> str:
    if isinstance(value, datetime):
        return "datetime"
    if isinstance(value, date):
        return "date"
    if isinstance(value, bool):
        return "text"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float | Decimal):
        return "decimal2"
    return "text"


def write_report(
    target: BinaryIO, title: str, facts: Sequence[tuple[str, object]], sheets: Sequence[Sheet]
) -> None:
    """A cover sheet with `title` and `facts` (label, value), then one sheet per table, in
    openpyxl's write-only mode (a whole catalog's rows stream out without a cell object each)."""
    wb = Workbook(write_only=True)
    taken: set[str] = set()
    cover = wb.create_sheet(_sheet_title("Report", taken))
    names = [_sheet_title(sheet.title, taken) for sheet in sheets]
    cover.column_dimensions["A"].width = 22
    cover.column_dimensions["B"].width = 48
    cover.append([_cell(cover, "text", title, TITLE)])
    cover.append([])
    for label, value in facts:
        kind = _fact_kind(value)
        cover.append(
            [_cell(cover, "text", label, BOLD), _cell(cover, kind, value if kind != "text" else str(value))]
        )
    cover.append([])
    cover.append([_cell(cover, "text", "Sheets", BOLD)])
    for name, sheet in zip(names, sheets, strict=True):
        cover.append([_cell(cover, "text", name), f"{len(sheet.rows):,} rows"])
    try:
        for name, sheet in zip(names, sheets, strict=True):
            _table(wb.create_sheet(name), sheet)
    except BaseException:
        # Finish the sheets already streaming, so their temporary files are closed now and
        # not by the garbage collector later; the caller drops the half-written file.
        for ws in wb.worksheets:
            with contextlib.suppress(Exception):
                ws.close()
        raise
    wb.save(target)


def save_report(path: Path, title: str, facts: Sequence[tuple[str, object]], sheets: Sequence[Sheet]) -> Path:
    """Write the report to an .xlsx file, through a temporary file in the same folder."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        shown = path.suffix or "no extension"
        raise InventoryError(f"Cannot save “{path.name}” ({shown}): reports are saved as .xlsx workbooks.")
    write_atomically(path, lambda handle: write_report(handle, title, facts, sheets))
    return path
