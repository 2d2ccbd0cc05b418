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

from inventory_app.core.importing.collector import collector_paused
from inventory_app.core.importing.types import Cancelled, Progress, SourceRow
from inventory_app.core.importing.values import FormulaWithoutValue
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
    CalamineWorkbook = None  # type: ignore[misc, assignment]  # then openpyxl reads every sheet


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
_ERROR_CELL = re.compile(rb"t=(?:\"e\"|'e')")
# Anything but a cell or row with its address, and a formula (<f>, <f t="shared" .../>; not a
# <family> in rich text): each is a reason for openpyxl.
_NOT_PLAIN = re.compile(rb'<(?:c(?! r="[A-Z]{1,3}[0-9])|row(?! r="[0-9]{1,7}")|f[> /\t\r\n])')
_FIRST_CELLS = 64 * 1024  # bytes of sheet data whose cells give the widest column to look beyond
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


def _letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _wider(columns: int) -> bytes:
    """A pattern for the letters of every column after `columns` (up to 702, column ZZ)."""
    if columns < 26:
        return b"[A-Z]{2,3}|[%c-Z]" % (65 + columns)
    if columns == 26:
        return b"[A-Z]{2,3}"
    first, second = _letters(columns).encode()
    alternatives = [b"[A-Z]{3}"]
    if first < ord("Z"):
        alternatives.append(b"[%c-Z][A-Z]" % (first + 1))
    if second < ord("Z"):
        alternatives.append(b"%c[%c-Z]" % (first, second + 1))
    return b"|".join(alternatives)


def _plain_grid(data: bytes) -> tuple[int, int]:
    """(rows, columns) of a sheet calamine reads as openpyxl would; _Slow otherwise.

    Each look is one pass of a byte search or a regex with a literal start over the sheet
    data (a few ms per 10 MB): this runs before every fast read, so nothing here walks the
    cells in Python, and only the rows' numbers become objects.
    """
    start, end = data.find(b"<sheetData"), data.rfind(b"</sheetData>")
    if start < 0 or end < start:
        raise _Slow("no plain sheetData (a prefixed namespace, or an empty sheet)")
    if _NOT_PLAIN.search(data, start, end):
        raise _Slow("a formula, or a cell or row placed by position (or rich text in the sheet)")
    if _ERROR_CELL.search(data, start, end):
        raise _Slow("an error cell")
    numbers = _ROW_NUMBERS.findall(data, start, end)  # every <row> has its number (_NOT_PLAIN)
    rows = len(numbers)
    if rows > MAX_ROWS or rows > MAX_ROW_ELEMENTS:
        raise _Slow("over the row cap: refused while streaming")
    height = max(map(int, numbers), default=0)
    digits = len(str(height))
    # The widest column, from the first cells (the header row is there) and then one search
    # for a wider one, or a cell beyond the last row, further down.
    first = _CELL_COLUMNS.findall(data, start, min(end, start + _FIRST_CELLS))
    columns = max((_column_number(c) for c in set(first)), default=0)
    if columns > MAX_COLUMNS:
        raise _Slow("a grid too large to hold")
    beyond = b'<c r="(?:(?:%s)[0-9]|[A-Z]{1,3}[0-9]{%d})' % (_wider(columns), digits + 1)
    if re.compile(beyond).search(data, start, end):
        letters = _CELL_COLUMNS.findall(data, start, end)  # one-letter bytes are shared objects
        columns = max((_column_number(c) for c in set(letters)), default=0)
        # A cell lies beyond its row's number only in a damaged file: a longer row number sends
        # the sheet to openpyxl.
        if re.compile(rb'<c r="[A-Z]{1,3}[0-9]{%d}' % (digits + 1)).search(data, start, end):
            raise _Slow("a cell beyond the last row")
    # Within the same digits, the largest cell row is looked for when it could matter.
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
    except Exception:  # whatever the scan trips over, openpyxl reads (or refuses) the file
        return None
    finally:
        handle.seek(0)


def _inexact(value: float) -> int:
    raise _Slow("a number beyond a float's exact integers")


def _plain(raw: list[Any]) -> list[object]:
    """calamine's cells as openpyxl gives them: None for empty or blank text, whole numbers as
    int, dates as datetime; a number too large for a float to hold exactly goes to openpyxl."""
    return [
        (value if value.strip() else None)
        if (kind := type(value)) is str
        else (
            (int(value) if -_EXACT_FLOAT < value < _EXACT_FLOAT else _inexact(value))
            if value.is_integer()
            else value
        )
        if kind is float
        else datetime(value.year, value.month, value.day)
        if kind is date
        else value
        for value in raw
    ]


@collector_paused()
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
            if end < len(values):
                del values[end:]
            rows.append(SourceRow(number, tuple(lead + values) if lead else tuple(values)))
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
    except Exception:  # calamine could not: openpyxl reads or refuses the file
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
            except Exception as exc:  # see the catch-all below
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
    except Exception as exc:  # a malformed file may fail anywhere inside openpyxl
        # The file is untrusted input: whatever the parser trips over (zlib, struct, a missing
        # attribute), the user gets one message that names the file, never a traceback.
        raise _refusal(name, exc) from None
