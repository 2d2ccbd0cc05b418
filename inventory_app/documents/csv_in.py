"""Reading a CSV file as plain rows, in whatever encoding and separator Excel saved it.

Excel writes "CSV UTF-8" with a byte-order mark, plain "CSV" in the Windows
code page (cp1252 here), "Unicode text" as UTF-16 with tabs, and uses a
semicolon where the decimal separator is a comma. The encoding is taken from
the BOM, else UTF-8 if the bytes are valid UTF-8, else cp1252; the separator
is the one of comma, semicolon and tab that splits the first lines into the
same number of columns most consistently. Values stay text; the core cleans them.

A file is never read garbled or with rows merged: one whose lines mix UTF-8 with
another encoding (a line pasted from another program), or with a quote that
opens a cell and never closes (it would swallow the rows below), or that a stray
quote closes again a few lines below (the cell then holds whole rows, or the row
has another number of cells than the rest), is refused with the row named
(RELIABILITY H3).
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
from collections import Counter
from pathlib import Path

from inventory_app.core.importing.types import Cancelled, Progress, SourceRow
from inventory_app.core.wording import counted
from inventory_app.errors import ImportFileError, OperationCancelled

MAX_ROWS = 100_000
MAX_COLUMNS = 200
SEPARATORS = (",", ";", "\t")
SNIFF_LINES = 50
CHECK_EVERY = 1000
MAX_CELL_LINES = 30  # a quoted cell running over more lines is an unclosed quote


def decode(data: bytes, name: str) -> tuple[str, str]:
    """(text, encoding name) of a CSV file's bytes."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                raise ImportFileError(f"{name} is not valid {encoding.upper()} text.") from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        # The five bytes cp1252 leaves undefined: read the file as Latin-1 instead.
        return data.decode("latin-1"), "latin-1"


def mixed_line(text: str, encoding: str) -> int | None:
    """The first line (1-based, as the CSV reader counts them) in the minority encoding of a
    file read as `encoding` (not UTF-8) whose other lines with accents are valid UTF-8; else None."""
    utf8: list[int] = []
    other: list[int] = []
    for number, line in enumerate(io.StringIO(text, newline=""), start=1):
        raw = line.encode(encoding)
        if raw.isascii():
            continue
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            other.append(number)
        else:
            utf8.append(number)
    if not utf8 or not other:
        return None
    return other[0] if len(utf8) >= len(other) else utf8[0]


def _unclosed(lines: list[str], separator: str) -> bool:
    """These lines, read strictly, end inside a quoted cell."""
    try:
        for _record in csv.reader(lines, delimiter=separator, strict=True):
            pass
    except csv.Error as exc:
        return "end of data" in str(exc)
    return False


def _row_width(lines: list[str], separator: str) -> int:
    """The number of cells most of the first rows have (the heading's, in a tidy file)."""
    widths: Counter[int] = Counter()
    try:
        for record in itertools.islice(csv.reader(lines, delimiter=separator), SNIFF_LINES):
            if len(record) > 1:
                widths[len(record)] += 1
    except csv.Error:
        pass
    return widths.most_common(1)[0][0] if widths else 0


def _cells_in(line: str, separator: str) -> int:
    try:
        return len(next(csv.reader([line], delimiter=separator), []))
    except csv.Error:
        return 0


def _swallows_rows(record: list[str], separator: str, width: int) -> bool:
    """A record over several lines whose quote was closed again by a stray quote: it has
    another number of cells than the rows around it, or a line inside a quoted cell reads as a
    whole row of its own. A note over two lines, with a comma or two, is neither."""
    if width < 2:
        return False
    if len(record) != width:
        return True
    return any(_cells_in(line, separator) >= width for cell in record for line in cell.splitlines()[1:])


def sniff_separator(text: str) -> str:
    """The separator that gives the first lines the most consistent column count (> 1)."""
    lines = [line for line in text.splitlines()[:SNIFF_LINES] if line.strip()]
    if not lines:
        return ","
    best, best_score = ",", (-1, -1)
    for separator in SEPARATORS:
        try:
            widths = [len(row) for row in csv.reader(lines, delimiter=separator)]
        except csv.Error:
            continue
        width, count = Counter(widths).most_common(1)[0]
        if width < 2:
            continue
        score = (count, width)
        if score > best_score:
            best, best_score = separator, score
    return best


def read_csv(
    path: Path, progress: Progress | None = None, cancelled: Cancelled | None = None
) -> tuple[list[SourceRow], bytes, str]:
    """The non-empty rows of a CSV file (row numbers as a spreadsheet shows them), its bytes and
    its separator (which tells how its numbers and dates are written: see core.import_reading)."""
    name = path.name
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(f"{name} cannot be read ({exc.strerror or exc}).") from None
    text, encoding = decode(data, name)
    if "\x00" in text:
        raise ImportFileError(f"{name} is not a text file (it contains binary data).")
    if not text.strip():
        raise ImportFileError(f"{name} is empty: there is nothing to import.")
    separator = sniff_separator(text)
    mixed = mixed_line(text, encoding) if encoding in ("cp1252", "latin-1") else None
    lines = io.StringIO(text, newline="").readlines()
    rows: list[SourceRow] = []
    total = max(len(lines), 1)
    width = _row_width(lines, separator)
    reader = csv.reader(lines, delimiter=separator)
    number = 0
    first_line = 1
    try:
        for number, record in enumerate(reader, start=1):
            if mixed is not None and reader.line_num >= mixed:
                raise ImportFileError(
                    f"{name} mixes text encodings: row {number} is not written like the rest of the "
                    "file (UTF-8 and Windows text in one file), so its letters would be garbled. "
                    "Save the file again as “CSV UTF-8” and import it again.",
                    row=number,
                )
            spanned = reader.line_num - first_line + 1
            if spanned > 1 and (
                spanned > MAX_CELL_LINES
                or (reader.line_num >= len(lines) and _unclosed(lines[first_line - 1 :], separator))
            ):
                raise ImportFileError(
                    f'{name}: row {number} opens a quote (") that is not closed, so the rows below it '
                    f"would be read into one cell. Close or remove the quote and import it again.",
                    row=number,
                )
            if spanned > 1 and _swallows_rows(record, separator, width):
                raise ImportFileError(
                    f'{name}: row {number} opens a quote (") that is closed only by another quote '
                    f"{counted(spanned - 1, 'line')} below, so the rows in between would be read into one "
                    "cell. Close or remove the quote and import it again.",
                    row=number,
                )
            first_line = reader.line_num + 1
            if number % CHECK_EVERY == 0:
                if cancelled is not None and cancelled():
                    raise OperationCancelled("Reading the file was cancelled.")
                if progress is not None:
                    progress(reader.line_num, total)
            values = tuple(None if not cell.strip() else cell for cell in record[:MAX_COLUMNS])
            if not any(v is not None for v in values):
                continue
            if len(rows) >= MAX_ROWS:
                raise ImportFileError(
                    f"{name} has more than {MAX_ROWS:,} rows; refused (split it into smaller files).",
                    row=number,
                )
            end = len(values)
            while values[end - 1] is None:
                end -= 1
            rows.append(SourceRow(number, values[:end]))
    except csv.Error as exc:
        raise ImportFileError(f"{name}: row {number + 1} cannot be read ({exc}).", row=number + 1) from None
    return rows, data, separator
