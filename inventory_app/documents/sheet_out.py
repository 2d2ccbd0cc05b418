"""Writing one table to .xlsx or .csv: safe, typed, readable, and never half-written.

- Safe (RELIABILITY D5, the rules of `spreadsheet_safety`): text that could be
  read as a formula is a text cell with Excel's quote prefix in .xlsx, and gets
  a leading apostrophe in CSV (which the importer takes off again); control
  characters that XML cannot hold are dropped instead of aborting the export.
- Typed: numbers as numbers, money with two decimals, dates as dates.
- Readable: bold frozen header, filters on, widths that fit, low and out rows
  highlighted (conditional formatting on the Status column, so the colour
  follows the value when the office edits or sorts the sheet).
- Never half-written: written to a temporary file beside the target, then renamed.
- Fast: openpyxl's write-only mode streams rows, so 20,000 items take about
  what a bare write-only workbook of the same cells takes.
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from itertools import chain, islice
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from inventory_app.documents.spreadsheet_safety import clean_text, csv_text, looks_like_formula, set_text
from inventory_app.errors import InventoryError, OperationCancelled

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
CHECK_EVERY = 1000

WIDTH_SAMPLE = 2000
MIN_WIDTH, MAX_WIDTH = 6, 60
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", start_color="FFDDE3EA")
OUT_FILL = PatternFill("solid", start_color="FFF4C7C3", end_color="FFF4C7C3")
LOW_FILL = PatternFill("solid", start_color="FFFCE8B2", end_color="FFFCE8B2")
STATUS_HIGHLIGHT = {"out": "alert", "low": "warn"}
KINDS = ("text", "int", "money", "date", "datetime", "bool")


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    kind: str = "text"


def _width(kind: str, values: Iterable[object], header: str) -> float:
    if kind == "date":
        longest = 10
    elif kind == "datetime":
        longest = 16
    else:
        longest = max((len(str(v)) for v in values if v is not None), default=0)
    return float(min(MAX_WIDTH, max(MIN_WIDTH, longest, len(header)) + 2))


def _xlsx_cells(ws: object, columns: Sequence[Column]) -> Callable[[Sequence[object]], list[object]]:
    """A function turning one row of plain values into what write-only `append` takes."""
    kinds = [c.kind for c in columns]

    def convert(row: Sequence[object]) -> list[object]:
        out: list[object] = []
        for kind, value in zip(kinds, row, strict=False):
            if value is None or value == "":
                out.append(None)
            elif kind == "text":
                text = clean_text(value)
                if looks_like_formula(text):
                    cell = WriteOnlyCell(ws)
                    set_text(cell, text)  # a text cell with the quote prefix, never a formula
                    out.append(cell)
                else:
                    out.append(text)
            elif kind == "money":
                cell = WriteOnlyCell(ws, value=value)
                cell.number_format = "#,##0.00"
                out.append(cell)
            elif kind == "bool":
                out.append("yes" if value else "no")
            elif kind == "datetime" and isinstance(value, datetime):
                cell = WriteOnlyCell(ws, value=value)
                cell.number_format = "yyyy-mm-dd hh:mm"
                out.append(cell)
            else:
                out.append(value)
        return out

    return convert


def _write_xlsx(
    target: Path,
    title: str,
    columns: Sequence[Column],
    rows: Iterator[Sequence[object]],
    status_column: int | None,
    highlight: Mapping[str, str],
) -> int:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title[:31] or "Sheet1")
    sample = list(islice(rows, WIDTH_SAMPLE))
    for index, column in enumerate(columns):
        letter = get_column_letter(index + 1)
        ws.column_dimensions[letter].width = _width(
            column.kind, (r[index] for r in sample if index < len(r)), column.header
        )
    ws.freeze_panes = "A2"
    header = []
    for column in columns:
        cell = WriteOnlyCell(ws, value=clean_text(column.header))
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        header.append(cell)
    ws.append(header)
    convert = _xlsx_cells(ws, columns)
    count = 0
    for row in chain(sample, rows):
        ws.append(convert(row))
        count += 1
        if count >= 1_048_575:
            raise InventoryError(
                "Too many rows for one Excel sheet (over a million); export a shorter date range or use .csv."
            )
    last = get_column_letter(len(columns))
    ws.auto_filter.ref = f"A1:{last}{count + 1}"
    if status_column is not None and count:
        status = get_column_letter(status_column + 1)
        cells = f"A2:{last}{count + 1}"
        for value, level in highlight.items():
            fill = OUT_FILL if level == "alert" else LOW_FILL
            ws.conditional_formatting.add(cells, FormulaRule(formula=[f'${status}2="{value}"'], fill=fill))
    wb.save(target)
    return count


def _csv_value(kind: str, value: object) -> object:
    if value is None:
        return ""
    if kind == "text":
        return csv_text(value)
    if kind == "money" and isinstance(value, Decimal):
        # Every decimal a price has (30.9831), at least two (12.50): a round trip keeps it.
        return f"{value:.2f}" if value == value.quantize(Decimal("0.01")) else str(value.normalize())
    if kind == "bool":
        return "yes" if value else "no"
    if kind == "datetime" and isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _write_csv(target: Path, columns: Sequence[Column], rows: Iterator[Sequence[object]]) -> int:
    kinds = [c.kind for c in columns]
    count = 0
    with target.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([csv_text(c.header) for c in columns])
        for row in rows:
            writer.writerow([_csv_value(k, v) for k, v in zip(kinds, row, strict=False)])
            count += 1
    return count


def _watched(
    rows: Iterable[Sequence[object]], total: int, progress: Progress | None, cancelled: Cancelled | None
) -> Iterator[Sequence[object]]:
    """The rows, reporting progress and checking for cancellation every CHECK_EVERY rows."""
    if progress is None and cancelled is None:
        yield from rows
        return
    done = 0
    for row in rows:
        if done % CHECK_EVERY == 0:
            if cancelled is not None and cancelled():
                raise OperationCancelled("The export was cancelled; no file was written.")
            if progress is not None:
                progress(done, max(total, done))
        yield row
        done += 1
    if progress is not None:
        progress(done, max(total, done))


def write_table(
    path: str | os.PathLike[str],
    title: str,
    columns: Sequence[Column],
    rows: Iterable[Sequence[object]],
    *,
    status_column: int | None = None,
    highlight: Mapping[str, str] | None = None,
    total: int = 0,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> int:
    """Write `rows` under `columns` to an .xlsx or .csv file (by its extension); returns the row count.

    Rows whose `status_column` (an index) holds a value of `highlight` are coloured: "alert"
    (red) or "warn" (amber); by default "out" and "low". `progress(done, total)` is called
    and `cancelled()` asked every few thousand rows; a cancelled export leaves no file.
    """
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise InventoryError(
            f"{target.name}: exports are written as .xlsx or .csv; choose one of those names."
        )
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise InventoryError(f"Cannot write {target.name}: the folder {folder} does not exist.")
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=suffix + ".tmp", dir=folder)
        os.close(handle)
    except OSError as exc:
        raise InventoryError(f"Cannot write in {folder} ({exc.strerror or exc}).") from None
    temp = Path(temp_name)
    try:
        watched = _watched(rows, total, progress, cancelled)
        if suffix == ".xlsx":
            levels = highlight if highlight is not None else STATUS_HIGHLIGHT
            count = _write_xlsx(temp, title, columns, watched, status_column, levels)
        else:
            count = _write_csv(temp, columns, watched)
        os.replace(temp, target)
    except PermissionError:
        raise InventoryError(
            f"Cannot write {target.name}: permission denied (is it open in another program?)."
        ) from None
    except OSError as exc:
        raise InventoryError(f"Cannot write {target.name} ({exc.strerror or exc}).") from None
    finally:
        temp.unlink(missing_ok=True)
    return count
