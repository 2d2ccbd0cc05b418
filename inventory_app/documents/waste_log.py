"""The expiry & waste log as a PDF: what was thrown away in a period and what it cost.

For the office's own records and for inspections: every disposal (date, item,
lot and its expiry, quantity, reason, cost, who), totals by reason, the expired
lots still on the shelves, and a line to sign that it was reviewed.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

from inventory_app.core.settings import OfficeSettings
from inventory_app.core.shelf.types import WasteLog
from inventory_app.core.wording import NO_LOT_NUMBER, counted, lot_cell
from inventory_app.documents import shelf_pdf
from inventory_app.documents.shelf_pdf import INK, MUTED, para


def _period(log: WasteLog) -> str:
    if log.start and log.end:
        return f"{log.start} to {log.end}"
    if log.start:
        return f"from {log.start}"
    if log.end:
        return f"up to {log.end}"
    return "all disposals recorded"


def _lot(lot_number: str, expires_on: object) -> str:
    """The lot in a cell: its number ("no lot number" for a lot known by its date) and expiry."""
    if not lot_number and not expires_on:
        return ""
    expiry = f"<br/>exp. {expires_on}" if expires_on else ""
    return f"{shelf_pdf.markup(lot_number) if lot_number else NO_LOT_NUMBER}{expiry}"


def _total_row(table: Table) -> Table:
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, -1), (-1, -1), shelf_pdf.FONT_BOLD, 8.5),
                ("LINEABOVE", (0, -1), (-1, -1), 0.8, INK),
            ]
        )
    )
    return table


def _disposals(log: WasteLog, money: Any, width: float) -> list[Any]:
    s = shelf_pdf.styles()
    if not log.lines:
        return [Paragraph("Nothing was disposed of in this period.", s["base"])]
    titles = ["Date", "SKU", "Item", "Lot / expiry", "Qty", "Reason", "Cost", "By"]
    fixed = [19 * mm, 25 * mm, 0, 27 * mm, 16 * mm, 17 * mm, 19 * mm, 17 * mm]
    widths = [w or width - sum(fixed) for w in fixed]
    rows: list[list[Any]] = [titles]
    for x in log.lines:
        rows.append(
            [
                x.when.strftime("%Y-%m-%d"),
                shelf_pdf.cell(x.sku, widths[1], s["cell"]),
                Paragraph(
                    shelf_pdf.markup(x.name)
                    + (f"<br/><font color='#52606d'>{shelf_pdf.markup(x.note)}</font>" if x.note else ""),
                    s["cell"],
                ),
                Paragraph(_lot(x.lot_number, x.expires_on), s["cell"]),
                shelf_pdf.cell(counted(x.quantity, x.unit), widths[4], s["cell_right"]),
                x.reason,
                money(x.cost),
                shelf_pdf.cell(x.user, widths[7], s["cell"]),
            ]
        )
    rows.append(
        ["", "", "Total", "", f"{sum(x.quantity for x in log.lines):,}", "", money(log.total_cost), ""]
    )
    return [_total_row(shelf_pdf.simple_table(rows, widths, right_columns=[4, 6]))]


def _by_reason(log: WasteLog, money: Any) -> Table:
    rows: list[list[Any]] = [["Reason", "Units", "Cost"]]
    rows += [[reason, f"{units:,}", money(cost)] for reason, (units, cost) in log.by_reason().items()]
    table = shelf_pdf.simple_table(rows, [40 * mm, 25 * mm, 30 * mm], right_columns=[1, 2])
    table.hAlign = "LEFT"
    return table


def _still_expired(log: WasteLog, money: Any, width: float) -> list[Any]:
    s = shelf_pdf.styles()
    if not log.still_expired:
        return [Paragraph("No expired lots are holding stock.", s["base"])]
    fixed = [26 * mm, 0, 24 * mm, 20 * mm, 18 * mm, 30 * mm, 20 * mm]
    widths = [w or width - sum(fixed) for w in fixed]
    rows: list[list[Any]] = [["SKU", "Item", "Lot", "Expired on", "Qty", "Location", "Value"]]
    for x in log.still_expired:
        rows.append(
            [
                shelf_pdf.cell(x.sku, widths[0], s["cell"]),
                para(x.name, s["cell"]),
                shelf_pdf.cell(lot_cell(x.lot_number, x.expires_on), widths[2], s["cell"]),
                x.expires_on.isoformat(),
                shelf_pdf.cell(counted(x.quantity, x.unit), widths[4], s["cell_right"]),
                shelf_pdf.cell(x.location, widths[5], s["cell"]),
                money(x.value),
            ]
        )
    total = sum((x.value for x in log.still_expired), Decimal("0.00"))
    rows.append(["", "Total", "", "", "", "", money(total)])
    table = shelf_pdf.simple_table(rows, widths, right_columns=[4, 6])
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, -1), (-1, -1), shelf_pdf.FONT_BOLD, 8.5),
                ("LINEABOVE", (0, -1), (-1, -1), 0.8, INK),
            ]
        )
    )
    return [table]


def _signature(width: float) -> Table:
    table = Table(
        [["Reviewed by", "", "Date", ""]], colWidths=[22 * mm, 70 * mm, 12 * mm, 40 * mm], hAlign="LEFT"
    )
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), shelf_pdf.FONT, 8.5),
                ("TEXTCOLOR", (0, 0), (-1, -1), MUTED),
                ("LINEBELOW", (1, 0), (1, 0), 0.6, INK),
                ("LINEBELOW", (3, 0), (3, 0), 0.6, INK),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ]
        )
    )
    return table


def user_texts(log: WasteLog, office: OfficeSettings) -> list[str]:
    texts = [office.office_name, office.currency_symbol]
    for x in log.lines:
        texts += [x.sku, x.name, x.lot_number, x.unit, x.reason, x.user, x.note]
    for lot in log.still_expired:
        texts += [lot.sku, lot.name, lot.lot_number, lot.unit, lot.location]
    return texts


def write_waste_log_pdf(
    target: BinaryIO, log: WasteLog, office: OfficeSettings, on_warning: shelf_pdf.Warn | None = None
) -> None:
    shelf_pdf.warn_missing(user_texts(log, office), on_warning, "waste log")
    s = shelf_pdf.styles()
    size = shelf_pdf.page_size(office.page_size)
    width = shelf_pdf.content_width(size)
    symbol = office.currency_symbol or "$"

    def money(value: Decimal) -> str:
        return f"{symbol}{value:,.2f}"

    story: list[Any] = [
        para(office.office_name or "Supply room", s["office"]),
        Paragraph("Expiry &amp; waste log", s["title"]),
        Paragraph(f"Period: {shelf_pdf.markup(_period(log))}", s["small"]),
        Spacer(1, 5 * mm),
        Paragraph("Disposals", s["heading"]),
        *_disposals(log, money, width),
    ]
    if log.lines:
        story += [
            Spacer(1, 4 * mm),
            KeepTogether([Paragraph("By reason", s["heading"]), _by_reason(log, money)]),
        ]
    story += [
        Spacer(1, 4 * mm),
        Paragraph("Expired lots still on the shelves (today)", s["heading"]),
        *_still_expired(log, money, width),
        Spacer(1, 12 * mm),
        _signature(width),
    ]
    shelf_pdf.build(
        target,
        story,
        size=size,
        title="Expiry & waste log",
        author=office.office_name,
        footer=f"Expiry & waste log · {_period(log)}",
    )


def save_waste_log_pdf(
    path: Path, log: WasteLog, office: OfficeSettings, on_warning: shelf_pdf.Warn | None = None
) -> Path:
    return shelf_pdf.save(Path(path), lambda handle: write_waste_log_pdf(handle, log, office, on_warning))
