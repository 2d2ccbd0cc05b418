"""Building test workbooks: with openpyxl, or with hand-written XML parts for what openpyxl
will not write (saved formula results, XML bombs, giant sheets)."""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import IO

import openpyxl

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def xlsx(
    path: Path,
    rows: Iterable[Sequence[object]],
    *,
    title: str = "Items",
    more_sheets: dict[str, Iterable[Sequence[object]]] | None = None,
    merge: str | None = None,
) -> Path:
    """A workbook written by openpyxl (formulas have no saved results)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(list(row))
    if merge:
        ws.merge_cells(merge)
    for name, extra in (more_sheets or {}).items():
        sheet = wb.create_sheet(name)
        for row in extra:
            sheet.append(list(row))
    wb.save(path)
    return path


def replace_parts(path: Path, parts: dict[str, bytes | Callable[[IO[bytes]], None]]) -> Path:
    """Rewrite a workbook with some of its parts replaced (bytes, or a writer for big parts)."""
    source = path.with_suffix(path.suffix + ".orig")
    path.rename(source)
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            if info.filename in parts:
                continue
            new.writestr(info, old.read(info.filename))
        for name, content in parts.items():
            if callable(content):
                with new.open(name, "w", force_zip64=True) as handle:
                    content(handle)
            else:
                new.writestr(name, content)
    source.unlink()
    return path


def sheet_xml(rows_xml: str, prolog: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}'
        f'<worksheet xmlns="{MAIN_NS}"><sheetData>{rows_xml}</sheetData></worksheet>'
    ).encode()


def raw_sheet(path: Path, rows_xml: str, prolog: str = "") -> Path:
    """A workbook whose first sheet is exactly `rows_xml` (inline strings, numbers, formulas)."""
    xlsx(path, [["placeholder"]])
    return replace_parts(path, {"xl/worksheets/sheet1.xml": sheet_xml(rows_xml, prolog)})


def text_cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def number_cell(ref: str, value: object) -> str:
    return f'<c r="{ref}"><v>{value}</v></c>'


BILLION_LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)
    )
    + "]>"
)


def open_handles(path: Path) -> list[str]:
    """File descriptors of this process that point at `path` (Linux)."""
    target = str(path.resolve())
    found = []
    fd_dir = Path("/proc/self/fd")
    for fd in fd_dir.iterdir():
        try:
            if str(Path(fd).readlink()) == target:
                found.append(fd.name)
        except OSError:
            continue
    return found


OLE_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _zip(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def _truncated(path: Path) -> Path:
    xlsx(path, [["SKU", "Name"]] + [[f"A{i}", "x" * 40] for i in range(300)])
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def _corrupt_sheet(path: Path) -> Path:
    xlsx(path, [["SKU", "Name"], ["A1", "x"]])
    return replace_parts(path, {"xl/worksheets/sheet1.xml": b"<worksheet><sheetData><row r='1'><c"})


# name → (file name, how to make it, what the one message must say)
BROKEN_FILES: dict[str, tuple[str, Callable[[Path], object], str]] = {
    "renamed PDF": (
        "stock.xlsx",
        lambda p: p.write_bytes(b"%PDF-1.4\n1 0 obj <<>> endobj\n"),
        "is a PDF document",
    ),
    "truncated workbook": ("stock.xlsx", _truncated, "damaged or incomplete"),
    "old .xls by name": ("stock.xls", lambda p: p.write_bytes(OLE_HEADER + bytes(600)), "Excel 97-2003"),
    "old .xls renamed": ("stock.xlsx", lambda p: p.write_bytes(OLE_HEADER + bytes(600)), "Excel 97-2003"),
    "encrypted workbook": (
        "stock.xlsx",
        lambda p: p.write_bytes(OLE_HEADER + bytes(500) + "EncryptedPackage".encode("utf-16-le") + bytes(64)),
        "protected with a password",
    ),
    ".xlsb by name": ("stock.xlsb", lambda p: p.write_bytes(b"PK\x03\x04rest"), "binary workbook"),
    ".xlsb renamed": (
        "stock.xlsx",
        lambda p: _zip(p, {"[Content_Types].xml": b"<Types/>", "xl/workbook.bin": b"\x00\x01"}),
        "binary workbook",
    ),
    ".ods by name": ("stock.ods", lambda p: p.write_bytes(b"PK\x03\x04rest"), "OpenDocument"),
    "CSV renamed .xlsx": (
        "stock.xlsx",
        lambda p: p.write_text("SKU,Name\nA1,x\n"),
        "text (CSV) file renamed .xlsx",
    ),
    "workbook renamed .csv": ("stock.csv", lambda p: xlsx(p, [["SKU"], ["A1"]]), "rename it to .xlsx"),
    "zero bytes": ("stock.xlsx", lambda p: p.write_bytes(b""), "is empty (0 bytes)"),
    "empty sheet": ("stock.xlsx", lambda p: xlsx(p, []), "is empty: there is nothing to import"),
    "empty CSV": ("stock.csv", lambda p: p.write_text("\n , \n\n"), "is empty"),
    "no recognisable header": (
        "stock.xlsx",
        lambda p: xlsx(p, [["Colour", "Size"], ["red", 3]]),
        "no recognisable header row",
    ),
    "no SKU column": (
        "stock.xlsx",
        lambda p: xlsx(p, [["Name", "Qty"], ["Gauze", 3]]),
        "no column for the SKU",
    ),
    "random bytes": ("stock.xlsx", lambda p: p.write_bytes(bytes(range(256)) * 8), "is not a spreadsheet"),
    "Word document": (
        "stock.xlsx",
        lambda p: _zip(p, {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"}),
        "is a Word document",
    ),
    "PNG image": ("stock.xlsx", lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100)), "is a PNG image"),
    "other zip": (
        "stock.xlsx",
        lambda p: _zip(p, {"hello.txt": b"hi"}),
        "zip archive, not an Excel workbook",
    ),
    "broken sheet XML": ("stock.xlsx", _corrupt_sheet, "damaged or not a valid Excel workbook"),
    "binary CSV": ("stock.csv", lambda p: p.write_bytes(b"SKU,Name\n\x00\x01\x02"), "is not a"),
    "folder": ("stock.xlsx", lambda p: p.mkdir(), "is a folder"),
    "missing file": ("stock.xlsx", lambda p: None, "does not exist"),
    "other extension": ("stock.numbers", lambda p: p.write_bytes(b"x"), "only Excel workbooks"),
}
