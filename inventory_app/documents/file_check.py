"""Is this file what it claims to be, and is it safe to open? Decided before any parser runs.

An office will hand over anything named .xlsx: an old .xls, a PDF, a CSV
renamed, a password-protected workbook, a half-copied file. Each gets one
plain message naming the file, from its first bytes and (for workbooks) the
zip's table of contents, which also shows a zip bomb before a byte is
unpacked: the total unpacked size and the packing ratio are checked here.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path
from typing import BinaryIO

from inventory_app.errors import ImportFileError

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
TEXT_SUFFIXES = (".csv", ".txt", ".tsv")
MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_CSV_BYTES = 100 * 1024 * 1024
MAX_UNPACKED_BYTES = 400 * 1024 * 1024
MAX_RATIO = 200  # a worksheet packs ~10:1; a bomb packs 1000:1
MAX_RATIO_FLOOR = 20 * 1024 * 1024  # small parts may pack as tightly as they like
MAX_ZIP_ENTRIES = 10_000

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_MARKERS = ("EncryptedPackage".encode("utf-16-le"), "EncryptionInfo".encode("utf-16-le"))
_SAVE_AS = "open it in Excel (or LibreOffice) and save it as an Excel Workbook (.xlsx), then import that"
_MAGIC = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"{\\rtf", "a Rich Text document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
)


def _name(path: Path) -> str:
    return path.name


def _looks_like_text(head: bytes) -> bool:
    if head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return True
    return b"\x00" not in head


def _ole_kind(path: Path) -> str:
    """An OLE compound file is either an old .xls or an encrypted (password) workbook."""
    with path.open("rb") as handle:
        data = handle.read(4 * 1024 * 1024)
    if any(marker in data for marker in _ENCRYPTED_MARKERS):
        return "encrypted"
    return "xls"


def check_file(path: Path) -> str:
    """The kind of file to read ("xlsx" or "csv"), or ImportFileError saying what it really is."""
    name = _name(path)
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise ImportFileError(f"{name} is a folder, not a spreadsheet file.")
        with path.open("rb") as handle:
            head = handle.read(8192)
    except FileNotFoundError:
        raise ImportFileError(f"{name} does not exist.") from None
    except PermissionError:
        raise ImportFileError(f"{name} cannot be read (permission denied).") from None
    except OSError as exc:
        raise ImportFileError(f"{name} cannot be read ({exc.strerror or exc}).") from None
    suffix = path.suffix.lower()
    if size == 0:
        raise ImportFileError(f"{name} is empty (0 bytes).")
    if size > MAX_FILE_BYTES:
        raise ImportFileError(f"{name} is too big to import ({size // (1024 * 1024)} MB).")
    if suffix == ".xls":
        raise ImportFileError(f"{name} is in the old Excel 97-2003 format (.xls); {_SAVE_AS}.")
    if suffix == ".xlsb":
        raise ImportFileError(f"{name} is an Excel binary workbook (.xlsb); {_SAVE_AS}.")
    if suffix == ".ods":
        raise ImportFileError(f"{name} is an OpenDocument spreadsheet (.ods); {_SAVE_AS}.")
    if suffix not in WORKBOOK_SUFFIXES + TEXT_SUFFIXES:
        raise ImportFileError(
            f"{name}: only Excel workbooks (.xlsx, .xlsm) and CSV files (.csv) can be imported."
        )
    if head.startswith(_OLE):
        if _ole_kind(path) == "encrypted":
            raise ImportFileError(
                f"{name} is protected with a password (encrypted); open it in Excel, remove the "
                "password (File > Info > Protect Workbook), save it, and import it again."
            )
        raise ImportFileError(f"{name} is in the old Excel 97-2003 format (.xls); {_SAVE_AS}.")
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise ImportFileError(f"{name} is {what}, not a spreadsheet.")
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        if suffix in TEXT_SUFFIXES:
            raise ImportFileError(
                f"{name} is not a text (CSV) file but a zip archive, probably an Excel workbook; "
                "rename it to .xlsx to import it."
            )
        return "xlsx"
    if not _looks_like_text(head):
        raise ImportFileError(
            f"{name} is not a spreadsheet: it is neither an Excel workbook nor a text file."
        )
    if suffix in WORKBOOK_SUFFIXES:
        raise ImportFileError(
            f"{name} is not an Excel workbook but a text (CSV) file renamed {suffix}; "
            "rename it to .csv to import it."
        )
    if size > MAX_CSV_BYTES:
        raise ImportFileError(f"{name} is too big to import ({size // (1024 * 1024)} MB).")
    return "csv"


def check_zip(handle: BinaryIO, name: str) -> None:
    """Refuse a damaged, encrypted, foreign or bomb-like zip before anything is unpacked."""
    try:
        with zipfile.ZipFile(handle) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, OSError):
        raise ImportFileError(f"{name} is damaged or incomplete: it cannot be read as a workbook.") from None
    finally:
        handle.seek(0, os.SEEK_SET)
    if len(entries) > MAX_ZIP_ENTRIES:
        raise ImportFileError(f"{name} holds {len(entries)} files; refused as unsafe.")
    names = {entry.filename for entry in entries}
    if "xl/workbook.bin" in names:
        raise ImportFileError(f"{name} is an Excel binary workbook (.xlsb) renamed; {_SAVE_AS}.")
    if "mimetype" in names and "content.xml" in names:
        raise ImportFileError(f"{name} is an OpenDocument file, not an Excel workbook; {_SAVE_AS}.")
    if "word/document.xml" in names:
        raise ImportFileError(f"{name} is a Word document, not a spreadsheet.")
    if "ppt/presentation.xml" in names:
        raise ImportFileError(f"{name} is a PowerPoint presentation, not a spreadsheet.")
    if "xl/workbook.xml" not in names:
        raise ImportFileError(f"{name} is a zip archive, not an Excel workbook.")
    if any(entry.flag_bits & 0x1 for entry in entries):
        raise ImportFileError(f"{name} is protected with a password (encrypted); remove the password first.")
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > MAX_UNPACKED_BYTES:
        raise ImportFileError(
            f"{name} would unpack to {unpacked // (1024 * 1024)} MB; refused as unsafe (a workbook "
            "this large cannot be imported)."
        )
    for entry in entries:
        packed = max(entry.compress_size, 1)
        if entry.file_size > MAX_RATIO_FLOOR and entry.file_size / packed > MAX_RATIO:
            raise ImportFileError(
                f"{name} is packed suspiciously tightly ({entry.filename} unpacks "
                f"{entry.file_size // packed} times larger); refused as unsafe (a zip bomb?)."
            )
