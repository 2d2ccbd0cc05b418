"""Reading one sheet of an .xlsx/.xlsm workbook as plain rows, streaming, with limits.

openpyxl's read-only mode parses a sheet as a stream (half the time, a third
of the memory of a normal load), and with `defusedxml` installed it refuses
XML entity tricks (an XML bomb). Two things it cannot tell us through its
public API are done with its worksheet parser directly: a formula cell whose
result was never saved (it would read as empty, and an empty quantity must
never become 0 stock; we mark it `FormulaWithoutValue`), and stopping at a row
cap while streaming, so a million-row sheet is refused before it is parsed
to the end. The file handle is ours and is closed whatever happens.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
from defusedxml import DefusedXmlException
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
