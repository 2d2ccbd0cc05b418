"""Reading one sheet of an .xlsx/.xlsm workbook as plain rows, streaming, with limits.

openpyxl's read-only mode parses a sheet as a stream (half the time, a third
of the memory of a normal load), and with `defusedxml` installed it refuses
XML entity tricks (an XML bomb). Two things it cannot tell us through its
public API are done with its worksheet parser directly: a formula cell whose
result was never saved (it would read as empty, and an empty quantity must
never become 0 stock; we mark it `FormulaWithoutValue`), and stopping at a row
cap while streaming, so a million-row sheet is refused before it is parsed
to the end. The file handle is ours and is closed whatever happens.

A plain sheet (values only) is read by python-calamine instead, about ten
times faster. It is taken only when a scan of the sheet's XML, after the zip
checks, shows nothing calamine would read differently: no formula (a formula
without a saved value must stay a row error, and calamine reads it as empty),
no error cell (calamine reads #N/A as empty too), no DOCTYPE or entity in any
part it reads (the XML bomb stays openpyxl's to refuse), every cell and row
addressed, no more rows than the row cap, and a grid (calamine holds the sheet
as rows × columns) small enough to hold. Anything else, and any trouble inside
calamine, goes the openpyxl way above, which also words every refusal.
"""

from __future__ import annotations

import posixpath
import re
import warnings
import zipfile
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

import openpyxl
from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeTree
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

from inventory_app.core.import_types import Cancelled, Progress, SourceRow
from inventory_app.core.import_values import FormulaWithoutValue
from inventory_app.documents.file_check import check_zip
from inventory_app.errors import ImportFileError, OperationCancelled

MAX_ROWS = 100_000  # non-empty rows; a supply catalog is a few thousand
MAX_ROW_ELEMENTS = 250_000  # rows of any kind (styled empty rows included)
MAX_COLUMNS = 200
CHECK_EVERY = 1000
FAST_MAX_PART_BYTES = 64 * 1024 * 1024  # a sheet or string table above this is streamed by openpyxl
FAST_MAX_CELLS = 4_000_000  # calamine's grid (rows × columns) for one sheet, ~32 bytes a cell

try:
    from python_calamine import CalamineWorkbook
except ImportError:  # pragma: no cover - a declared dependency; openpyxl reads every sheet without it
    CalamineWorkbook = None


class _Parser(WorkSheetParser):  # type: ignore[misc]
    """openpyxl's sheet parser, telling a formula without a saved result from an empty cell."""

    def parse_cell(self, element: Any) -> dict[str, Any]:
        cell: dict[str, Any] = super().parse_cell(element)
        # No saved result: no <v>, or an empty one (openpyxl writes <v/>). An empty <v> of a
        # text formula (t="str") is a saved empty string, not a missing result.
        if cell["value"] is None and element.get("t") != "str":
            formula = element.find(FORMULA_TAG)
            if formula is not None:
                cell["value"] = FormulaWithoutValue("=" + (formula.text or ""))
        return cell


def _unsafe(name: str) -> ImportFileError:
    return ImportFileError(
        f"{name} contains XML that could overload the computer (an “XML bomb” or external "
        "entities); refused as unsafe."
    )


def _chain(exc: BaseException) -> list[BaseException]:
    """The exception and what caused it, outermost first (openpyxl wraps parser errors)."""
    found: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in found:
        found.append(current)
        current = current.__cause__ or current.__context__
    return found


def _refusal(name: str, exc: BaseException) -> ImportFileError:
    """One message for whatever went wrong inside the parser: unsafe XML, or a damaged file."""
    chain = _chain(exc)
    if any(isinstance(e, DefusedXmlException) for e in chain):
        return _unsafe(name)
    root = chain[-1]
    detail = str(root).strip().splitlines()[0][:100] if str(root).strip() else type(root).__name__
    return ImportFileError(f"{name} is damaged or not a valid Excel workbook ({detail}).")


def _rows(
    ws: ReadOnlyWorksheet, name: str, progress: Progress | None, cancelled: Cancelled | None
) -> Iterator[SourceRow]:
    wb = ws.parent
    estimate = ws.max_row or 0
    with ws._get_source() as source:
        parser = _Parser(
            source,
            ws._shared_strings,
            data_only=True,
            epoch=wb.epoch,
            date_formats=wb._date_formats,
            timedelta_formats=wb._timedelta_formats,
        )
        elements = kept = 0
        for number, cells in parser.parse():
            elements += 1
            if elements % CHECK_EVERY == 0:
                if cancelled is not None and cancelled():
                    raise OperationCancelled("Reading the file was cancelled.")
                if progress is not None:
                    progress(number, max(estimate, number))
            if elements > MAX_ROW_ELEMENTS:
                raise ImportFileError(
                    f"{name}: sheet “{ws.title}” has more than {MAX_ROW_ELEMENTS:,} rows; refused "
                    f"(a supply list this long cannot be imported at once; split it).",
                    row=number,
                )
            if not cells:
                continue
            width = min(max(c["column"] for c in cells), MAX_COLUMNS)
            values: list[object] = [None] * width
            empty = True
            for cell in cells:
                value = cell["value"]
                column = cell["column"]
                if value is None or column > MAX_COLUMNS:
                    continue
                if type(value) is str and not value.strip():
                    continue
                values[column - 1] = value
                empty = False
            if empty:
                continue
            kept += 1
            if kept > MAX_ROWS:
                raise ImportFileError(
                    f"{name}: sheet “{ws.title}” has more than {MAX_ROWS:,} rows; refused "
                    "(a supply list this long cannot be imported at once; split it).",
                    row=number,
                )
            while values and values[-1] is None:
                values.pop()
            yield SourceRow(number, tuple(values))


# ---------------------------------------------------------------- the fast way: python-calamine

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_WORKSHEET = "/worksheet"
_CHARTSHEET = "/chartsheet"
_UNSAFE_XML = (b"<!DOCTYPE", b"<!ENTITY")
# calamine reads an error cell (#N/A) as empty, and a formula's missing result too (_plain_grid).
_ERROR_CELLS = (b't="e"', b"t='e'")
_CELL_COLUMNS = re.compile(rb'<c r="([A-Z]{1,3})[0-9]')
_ROW_NUMBERS = re.compile(rb'<row r="([0-9]{1,7})"')
_EXACT_FLOAT = 2.0**53


class _Slow(Exception):
    """This sheet is for openpyxl's streaming parser."""


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _part(archive: zipfile.ZipFile, name: str, prolog_until: bytes = b"") -> bytes:
    """A part calamine will read, whole, when it is small enough and holds no DOCTYPE or entity
    (looked for up to `prolog_until`, where the prolog of a large part ends)."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise _Slow(name) from None
    if info.file_size > FAST_MAX_PART_BYTES:
        raise _Slow(name)
    data = archive.read(info)
    end = data.find(prolog_until) if prolog_until else len(data)
    if end < 0 or any(data.find(marker, 0, end) >= 0 for marker in _UNSAFE_XML):
        raise _Slow(name)
    return data


def _sheets(archive: zipfile.ZipFile) -> tuple[list[str], list[tuple[str, str]], list[str]]:
    """(every sheet name, (name, part) of each worksheet, the other parts calamine reads)."""
    book = SafeTree.fromstring(_part(archive, "xl/workbook.xml"))
    rels = SafeTree.fromstring(_part(archive, "xl/_rels/workbook.xml.rels"))
    targets: dict[str, tuple[str, str]] = {}
    others = []
    for rel in rels.iter(_PACKAGE_REL):
        target = rel.get("Target", "")
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath("xl/" + target)
        targets[rel.get("Id", "")] = (rel.get("Type", ""), part)
        if rel.get("Type", "").endswith(("/sharedStrings", "/styles")):
            others.append(part)
    names, worksheets = [], []
    for sheet in book.iter(_MAIN + "sheet"):
        kind, part = targets.get(sheet.get(_REL_ID, ""), ("", ""))
        if not kind.endswith((_WORKSHEET, _CHARTSHEET)):
            raise _Slow("a sheet of another kind")  # openpyxl leaves those out of its names
        names.append(sheet.get("name", ""))
        if kind.endswith(_WORKSHEET):
            worksheets.append((sheet.get("name", ""), part))
    return names, worksheets, others


def _plain_grid(data: bytes) -> tuple[int, int]:
    """(rows, columns) of a sheet calamine reads as openpyxl would; _Slow otherwise.

    Each look is one pass of a byte search over the sheet data (a few ms per 10 MB): this
    runs before every fast read, so nothing here walks the cells in Python.
    """
    start, end = data.find(b"<sheetData"), data.rfind(b"</sheetData>")
    if start < 0 or end < start:
        raise _Slow("no plain sheetData (a prefixed namespace, or an empty sheet)")
    at = data.find(b"<f", start, end)  # a formula (<f>, <f t="shared" .../>), or a <family> in rich text
    while at >= 0:
        if data[at + 2 : at + 3] in b"> /\t\r\n":
            raise _Slow("a formula")
        at = data.find(b"<f", at + 2, end)
    if any(data.find(error, start, end) >= 0 for error in _ERROR_CELLS):
        raise _Slow("an error cell")
    rows = data.count(b"<row", start, end)
    if rows > MAX_ROWS or rows > MAX_ROW_ELEMENTS:
        raise _Slow("over the row cap: refused while streaming")
    letters = _CELL_COLUMNS.findall(data, start, end)  # one-letter bytes are shared objects: cheap
    if len(letters) != data.count(b"<c", start, end):
        raise _Slow("cells placed by position (or rich text written in the sheet)")
    numbers = _ROW_NUMBERS.findall(data, start, end)
    if len(numbers) != rows:
        raise _Slow("rows placed by position, or a row number out of range")
    columns = max((_column_number(c) for c in set(letters)), default=0)
    height = max(map(int, numbers), default=0)
    # A cell lies beyond its row's number only in a damaged file: a longer row number sends the
    # sheet to openpyxl; within the same digits, the largest is looked for when it could matter.
    digits = len(str(height))
    if re.compile(rb'<c r="[A-Z]{1,3}[0-9]{%d}' % (digits + 1)).search(data, start, end):
        raise _Slow("a cell beyond the last row")
    if columns * (10**digits - 1) > FAST_MAX_CELLS:
        same = set(re.compile(rb'<c r="[A-Z]{1,3}([0-9]{%d})"' % digits).findall(data, start, end))
        height = max(height, max(map(int, same), default=0))
    if columns > MAX_COLUMNS or columns * height > FAST_MAX_CELLS:
        raise _Slow("a grid too large to hold")
    return height, columns


def _fast_choice(handle: BinaryIO, sheet: str | None) -> tuple[tuple[str, ...], str] | None:
    """(sheet names, the sheet to read) when calamine can read that sheet as openpyxl would."""
    if CalamineWorkbook is None:
        return None
    try:
        with zipfile.ZipFile(handle) as archive:
            names, worksheets, others = _sheets(archive)
            if sheet is None:
                matches = worksheets[:1]
            else:
                matches = [ws for ws in worksheets if ws[0] == sheet] or [
                    ws for ws in worksheets if ws[0].strip().lower() == sheet.strip().lower()
                ]
            if not matches:
                return None  # openpyxl says which sheets there are
            title, part = matches[0]
            for other in others:
                _part(archive, other)
            _plain_grid(_part(archive, part, prolog_until=b"<sheetData"))
            return tuple(names), title
    except Exception:  # noqa: BLE001 - whatever the scan trips over, openpyxl reads (or refuses) the file
        return None
    finally:
        handle.seek(0)


def _plain(raw: list[Any]) -> list[object]:
    """calamine's cells as openpyxl gives them: None for empty or blank text, whole numbers as
    int, dates as datetime; a number too large for a float to hold exactly goes to openpyxl."""
    values: list[object] = []
    append = values.append
    for value in raw:
        kind = type(value)
        if kind is str:
            append(value if value.strip() else None)
        elif kind is float:
            if value.is_integer():
                if not -_EXACT_FLOAT < value < _EXACT_FLOAT:
                    raise _Slow("a number beyond a float's exact integers")
                append(int(value))
            else:
                append(value)
        elif kind is date:
            append(datetime(value.year, value.month, value.day))
        else:
            append(value)
    return values


def _fast_rows(
    handle: BinaryIO,
    name: str,
    title: str,
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> list[SourceRow]:
    if cancelled is not None and cancelled():
        raise OperationCancelled("Reading the file was cancelled.")
    workbook = CalamineWorkbook.from_filelike(handle)
    try:
        sheet = workbook.get_sheet_by_name(title)
        first_row, first_column = sheet.start or (0, 0)
        lead: list[object] = [None] * first_column
        estimate = first_row + sheet.height
        rows: list[SourceRow] = []
        for index, raw in enumerate(sheet.iter_rows()):
            number = first_row + index + 1
            if index % CHECK_EVERY == 0:
                if cancelled is not None and cancelled():
                    raise OperationCancelled("Reading the file was cancelled.")
                if progress is not None and index:
                    progress(number, estimate)
            values = _plain(raw)
            end = len(values)
            while end and values[end - 1] is None:
                end -= 1
            if not end:
                continue
            if len(rows) >= MAX_ROWS:
                raise ImportFileError(
                    f"{name}: sheet “{title}” has more than {MAX_ROWS:,} rows; refused "
                    "(a supply list this long cannot be imported at once; split it).",
                    row=number,
                )
            rows.append(SourceRow(number, tuple(lead + values[:end]) if lead else tuple(values[:end])))
        return rows
    finally:
        workbook.close()


def _read_fast(
    handle: BinaryIO,
    name: str,
    sheet: str | None,
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> tuple[tuple[str, ...], str, list[SourceRow]] | None:
    """The sheet read by calamine, or None for openpyxl to read it."""
    choice = _fast_choice(handle, sheet)
    if choice is None:
        return None
    names, title = choice
    try:
        return names, title, _fast_rows(handle, name, title, progress, cancelled)
    except (ImportFileError, OperationCancelled, MemoryError):
        raise
    except Exception:  # noqa: BLE001 - calamine could not: openpyxl reads or refuses the file
        return None
    finally:
        handle.seek(0)


def read_xlsx(
    path: Path,
    sheet: str | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> tuple[tuple[str, ...], str, list[SourceRow]]:
    """(sheet names, the sheet read, its non-empty rows). The first worksheet unless `sheet`."""
    name = path.name
    try:
        with path.open("rb") as handle:
            check_zip(handle, name)
            fast = _read_fast(handle, name, sheet, progress, cancelled)
            if fast is not None:
                return fast
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    workbook = openpyxl.load_workbook(
                        handle, read_only=True, data_only=True, keep_links=False
                    )
            except Exception as exc:  # noqa: BLE001 - see the catch-all below
                raise _refusal(name, exc) from None
            try:
                names = tuple(workbook.sheetnames)
                worksheets = [ws for ws in workbook.worksheets if isinstance(ws, ReadOnlyWorksheet)]
                if sheet is None:
                    if not worksheets:
                        raise ImportFileError(f"{name} has no worksheet to import (only charts).")
                    ws = worksheets[0]
                else:
                    matches = [ws for ws in worksheets if ws.title == sheet] or [
                        ws for ws in worksheets if ws.title.strip().lower() == sheet.strip().lower()
                    ]
                    if not matches:
                        shown = ", ".join(f"“{n}”" for n in names)
                        raise ImportFileError(f"{name} has no sheet named “{sheet}”; its sheets are {shown}.")
                    ws = matches[0]
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    rows = list(_rows(ws, name, progress, cancelled))
                return names, ws.title, rows
            finally:
                workbook.close()
    except (ImportFileError, OperationCancelled):
        raise
    except OSError as exc:
        raise ImportFileError(f"{name} cannot be read ({exc.strerror or exc}).") from None
    except MemoryError:
        raise ImportFileError(f"{name} is too large to read into memory; refused.") from None
    except Exception as exc:  # noqa: BLE001 - a malformed file may fail anywhere inside openpyxl
        # The file is untrusted input: whatever the parser trips over (zlib, struct, a missing
        # attribute), the user gets one message that names the file, never a traceback.
        raise _refusal(name, exc) from None
