"""The audit log as an Excel workbook: who did what, when, for the office's records.

One sheet: a title row naming the office and the filter, a bold header, then
one event a row, newest first. Times are real Excel dates on this computer's
clock. Every text the log holds (names, objects, details) is stored as text,
never a formula (RELIABILITY D5, through `spreadsheet_safety`). The file is
written under a temporary name and renamed when complete, and the export
itself is written to the log.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter

from inventory_app.core.accounts import audit, audit_query
from inventory_app.core.accounts.audit import Action, AuditRow
from inventory_app.core.accounts.audit_query import AuditFilter
from inventory_app.core.settings import office_settings
from inventory_app.documents.atomic_file import write_atomically
from inventory_app.documents.report_xlsx import BOLD, HEADER_FILL, TITLE, _cell
from inventory_app.documents.spreadsheet_safety import clean_text, set_text
from inventory_app.errors import InventoryError, OperationCancelled

HEADERS = ("When", "Who", "What", "Object", "Details")
KINDS = ("datetime", "text", "text", "text", "text")
WIDTHS = (18.0, 16.0, 22.0, 34.0, 60.0)
MAX_WIDTH = 80.0
CHECK_EVERY = 1000
HEADER_ROW = 2


def _widths(rows: Sequence[AuditRow]) -> list[float]:
    """Column widths: at least the defaults, wider for long names and objects (capped)."""
    sample = rows[:2000]
    longest = [
        0,
        max((len(r.user) for r in sample), default=0),
        max((len(r.action_label) for r in sample), default=0),
        max((len(r.object) for r in sample), default=0),
        max((len(r.detail) for r in sample), default=0),
    ]
    return [min(MAX_WIDTH, max(base, n + 2)) for base, n in zip(WIDTHS, longest, strict=True)]


def write_audit_workbook(
    target: BinaryIO,
    rows: Sequence[AuditRow],
    office_name: str,
    filter_text: str,
    cancelled: Callable[[], bool] | None = None,
) -> None:
    """The workbook for `rows` (newest first) in openpyxl's write-only mode."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Audit log")
    for index, width in enumerate(_widths(rows), start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    last = get_column_letter(len(HEADERS))
    ws.auto_filter.ref = f"A{HEADER_ROW}:{last}{HEADER_ROW + len(rows)}"
    office = clean_text(office_name).strip()
    events = f"{len(rows):,} event{'' if len(rows) == 1 else 's'}"
    title = f"{office + ' — ' if office else ''}Audit log ({filter_text}), {events}"
    ws.append([_cell(ws, "text", title, TITLE)])
    header = []
    for text in HEADERS:
        cell = WriteOnlyCell(ws)
        set_text(cell, text)
        cell.font = BOLD
        cell.fill = HEADER_FILL
        header.append(cell)
    ws.append(header)
    for done, row in enumerate(rows):
        if cancelled is not None and done % CHECK_EVERY == 0 and cancelled():
            for sheet in wb.worksheets:
                sheet.close()
            raise OperationCancelled("The export was cancelled; no file was written.")
        values = (audit_query.local_when(row), row.user, row.action_label, row.object, row.detail)
        ws.append([_cell(ws, kind, value) for kind, value in zip(KINDS, values, strict=True)])
    wb.save(target)


def export_audit_log(
    path: str | Path,
    f: AuditFilter,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Write every event matching `f` to an .xlsx file; record the export in the log.

    Returns the number of events written."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        shown = path.suffix or "no extension"
        raise InventoryError(
            f"Cannot save “{path.name}” ({shown}): the audit log is saved as an .xlsx workbook."
        )
    rows = audit_query.find(f, limit=None)
    if progress is not None:
        progress(0, len(rows))
    office = office_settings().office_name
    described = f.describe()
    write_atomically(path, lambda handle: write_audit_workbook(handle, rows, office, described, cancelled))
    if progress is not None:
        progress(len(rows), len(rows))
    audit.record_now(Action.EXPORT, path.name, f"audit log, {len(rows)} events")
    return len(rows)
