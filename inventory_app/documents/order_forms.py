"""Saving a purchase order as a PDF form or an Excel workbook: the one entry point the
Orders page and `inventory-app orders export` call.

Qt-free and read-only on the database, so it can run in a worker thread (peewee
opens a connection per thread). Exporting never changes the order; a draft is
exported with its DRAFT mark. The file is written under a temporary name in the
target folder and renamed over the target only when complete, so a failure half
way (RELIABILITY E2) leaves the previous file, or none, never a partial one.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

from inventory_app.core import catalog, order_layout, purchasing
from inventory_app.core.purchase_types import OrderSummary
from inventory_app.core.settings import office_settings
from inventory_app.documents.export_log import logged_export
from inventory_app.documents.order_pdf import write_order_pdf
from inventory_app.documents.order_xlsx import write_order_xlsx
from inventory_app.errors import InventoryError

FORMATS = {".pdf": "PDF", ".xlsx": "Excel"}
MAX_NAME = 120
# Not allowed in file names on Windows (and "/" nowhere); control characters too.
_ILLEGAL_NAME = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_RESERVED = (
    {"CON", "PRN", "AUX", "NUL"} | {f"COM{i}" for i in range(1, 10)} | {f"LPT{i}" for i in range(1, 10)}
)

Warn = Callable[[str], None]


def default_file_name(summary: OrderSummary, extension: str) -> str:
    """E.g. "PO-2026-0007 Northgate Medical Supply.pdf", safe as a file name on any system."""
    ext = extension if extension.startswith(".") else f".{extension}"
    stem = _ILLEGAL_NAME.sub(" ", f"{summary.number} {summary.supplier}")
    stem = " ".join(stem.split()).strip(" .")[:MAX_NAME].rstrip(" .")
    if not stem or stem.split(".")[0].upper() in _RESERVED:
        stem = f"Purchase order {stem}".strip()
    return f"{stem}{ext.lower()}"


def export_format(path: Path) -> str:
    """ "PDF" or "Excel" for a target path, or an InventoryError naming what is accepted."""
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        shown = path.suffix or "no extension"
        raise InventoryError(
            f"Cannot save an order as “{path.name}” ({shown}): choose a file ending in .pdf or .xlsx."
        )
    return kind


@logged_export("purchase order")
def export_order(order_id: int, path: Path, on_warning: Warn | None = None) -> Path:
    """Write order `order_id` to `path` (.pdf or .xlsx by extension); returns the path.

    `on_warning` gets a readable message when the form is saved but something on it
    needs the user's eye (characters no bundled font can draw)."""
    path = Path(path)
    kind = export_format(path)
    detail = purchasing.order_detail(order_id)
    supplier = catalog.supplier(detail.summary.supplier_id)
    office = office_settings()
    if kind == "PDF":
        _write_atomically(path, lambda handle: write_order_pdf(handle, detail, supplier, office, on_warning))
    else:
        layout = order_layout.supplier_layout(supplier.id)
        _write_atomically(path, lambda handle: write_order_xlsx(handle, detail, supplier, office, layout))
    return path


def _write_atomically(path: Path, write: Callable[..., None]) -> None:
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise InventoryError(f"Cannot save “{path.name}”: the folder {folder} does not exist.")
    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{path.stem[:40]}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise _file_problem(path, exc) from exc
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            _keep_mode(path, temp)
        else:
            os.chmod(temp, 0o666 & ~_UMASK)
        os.replace(temp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise _file_problem(path, exc) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise


def _read_umask() -> int:
    # os.umask can only be read by setting it: done once, at import, not in a worker thread.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _read_umask()


def _keep_mode(existing: Path, temp: Path) -> None:
    with contextlib.suppress(OSError):
        os.chmod(temp, existing.stat().st_mode & 0o777)


def _file_problem(path: Path, exc: OSError) -> InventoryError:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return InventoryError(
            f"The disk is full, so “{path.name}” was not saved. Free some space and try again."
        )
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return InventoryError(
            f"Cannot write “{path.name}” in {path.parent}: permission denied, or the file is open in "
            "another program. Close it there or choose another folder."
        )
    return InventoryError(f"Cannot save “{path.name}”: {exc.strerror or exc}.")
