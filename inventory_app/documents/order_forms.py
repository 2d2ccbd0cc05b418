"""Saving a purchase order as a PDF form or an Excel workbook: the one entry point the
Orders page and `inventory-app orders export` call.

Qt-free and read-only on the database, so it can run in a worker thread (peewee
opens a connection per thread). Exporting never changes the order; a draft is
exported with its DRAFT mark. The file is written under a temporary name in the
target folder and renamed over the target only when complete, so a failure half
way (RELIABILITY E2) leaves the previous file, or none, never a partial one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from inventory_app.core.catalog import items as catalog
from inventory_app.core.catalog import order_layout
from inventory_app.core.purchasing import orders as purchasing
from inventory_app.core.purchasing.types import OrderSummary
from inventory_app.core.settings import office_settings
from inventory_app.documents.atomic_file import write_atomically
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
        write_atomically(path, lambda handle: write_order_pdf(handle, detail, supplier, office, on_warning))
    else:
        layout = order_layout.supplier_layout(supplier.id)
        write_atomically(path, lambda handle: write_order_xlsx(handle, detail, supplier, office, layout))
    return path
