"""Reading a spreadsheet file for import: the one door from a file to the core's plain rows.

The GUI wizard and the command line both come through here: `read_sheet`
checks the file is what it claims (`file_check`), reads the chosen sheet
(`xlsx_in` / `csv_in`) and fingerprints it, so importing the same file twice
can be recognised (RELIABILITY B4). `read_import` also finds the header row
and maps the columns (core rules), ready for `core.importing.plan.plan_import`.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from pathlib import Path

from inventory_app.core.importing.rows import prepare
from inventory_app.core.importing.types import Cancelled, ImportSource, Progress, SheetRows
from inventory_app.documents.csv_in import read_csv
from inventory_app.documents.file_check import check_file
from inventory_app.documents.xlsx_in import read_xlsx


def _checksum(data: bytes | None, path: Path, sheet: str) -> str:
    digest = hashlib.sha256()
    if data is not None:
        digest.update(data)
    else:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    digest.update(b"\x00sheet\x00" + sheet.encode("utf-8"))
    return digest.hexdigest()


def read_sheet(
    path: str | os.PathLike[str],
    sheet: str | None = None,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> SheetRows:
    """The non-empty rows of one sheet (the first unless `sheet`), or ImportFileError naming the file."""
    file = Path(path)
    kind = check_file(file)
    if kind == "csv":
        rows, data, separator = read_csv(file, progress, cancelled)
        title = file.stem
        return SheetRows(file.name, title, (title,), tuple(rows), _checksum(data, file, title), separator)
    names, title, rows = read_xlsx(file, sheet, progress, cancelled)
    return SheetRows(file.name, title, names, tuple(rows), _checksum(None, file, title))


def read_import(
    path: str | os.PathLike[str],
    sheet: str | None = None,
    mapping: Mapping[str, str | None] | None = None,
    header_row: int | None = None,
    *,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    make_skus: bool = False,
) -> ImportSource:
    """Read a file and map its columns: hand mapping (`{"Header": "field"}`) over the synonyms;
    the header row is found unless given (its row number in the file). With `make_skus`, a
    list without a SKU column gets SKUs made from the names."""
    rows = read_sheet(path, sheet, progress=progress, cancelled=cancelled)
    return prepare(rows, header_row, mapping, make_skus)
