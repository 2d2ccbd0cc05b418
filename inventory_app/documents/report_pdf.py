"""The Reports page on paper: usage and spending for a period, as a PDF.

What the page shows for the period chosen there: the period and its totals, the top
items by use and by cost, and spending by supplier and by category. The rows are read
from `core.shelf.usage` and `core.shelf.spending` exactly as the page reads them, so the paper and
the screen agree. Weekly use is the one rate every screen shows (`core.stock.use_rate`: the
last 8 weeks up to today), whatever the period; the PDF says so under the tables.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Paragraph, Spacer, Table, TableStyle

from inventory_app.core.settings import OfficeSettings, office_settings
from inventory_app.core.shelf import spending, usage
from inventory_app.core.shelf.types import ItemUsage, SpendRow
from inventory_app.core.stock.use_rate import USE_WEEKS, per_week_text
from inventory_app.core.wording import counted, money_text
from inventory_app.documents import shelf_pdf
from inventory_app.documents.export_log import logged_export
from inventory_app.documents.shelf_pdf import INK, para

TOP = 15  # as many items as the Reports page lists
TITLE = "Usage and spending"
PER_WEEK = f"Per week, last {USE_WEEKS} weeks"
RATE_NOTE = (
    f"Per week: the item's use in the last {USE_WEEKS} weeks up to today (or over its own life "
    "when it is younger, at least one week), per week, to one decimal; the rate every screen "
    "shows, whatever the period of this report. Weeks left: on hand divided by that rate. "
    "Used and cost: use in the period, net of reversals (disposals and count corrections are not use)."
)
SPEND_NOTE = "Spending: what arrived against purchase orders in the period, priced as on the order."


@dataclass(frozen=True)
class PeriodReport:
    """The figures of the Reports page for one period."""

    start: date
    end: date
    by_use: Sequence[ItemUsage]
    by_cost: Sequence[ItemUsage]
    by_supplier: Sequence[SpendRow]
    by_category: Sequence[SpendRow]
    made: datetime

    @property
    def spent(self) -> Decimal:
        return sum((r.amount for r in self.by_supplier), Decimal("0.00"))

    @property
    def units_received(self) -> int:
        return sum(r.units for r in self.by_supplier)

    @property
    def receipts(self) -> int:
        return sum(r.receipts for r in self.by_supplier)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def period_report(start: date, end: date, top: int = TOP) -> PeriodReport:
    """The page's figures for the period, read as the page reads them."""
    usage.check_period(start, end)
    return PeriodReport(
        start=start,
        end=end,
        by_use=usage.top_items(start, end, by="use", limit=top),
        by_cost=usage.top_items(start, end, by="cost", limit=top),
        by_supplier=spending.spending_by_supplier(start, end),
        by_category=spending.spending_by_category(start, end),
        made=datetime.now().replace(microsecond=0),
    )


def period_text(report: PeriodReport) -> str:
    return f"{report.start.isoformat()} to {report.end.isoformat()}"


def _facts(report: PeriodReport, money: Callable[[Decimal], str]) -> Table:
    s = shelf_pdf.styles()
    rows = [
        ["Period", f"{period_text(report)} ({counted(report.days, 'day')})"],
        ["Spent", money(report.spent)],
        ["Received", f"{counted(report.units_received, 'unit')} in {counted(report.receipts, 'receipt')}"],
        ["Suppliers", str(len(report.by_supplier))],
    ]
    table = Table(
        [[Paragraph(label, s["cell_bold"]), para(value, s["cell"])] for label, value in rows],
        colWidths=[30 * mm, 90 * mm],
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    return table


def _weeks_left(row: ItemUsage) -> str:
    return "" if row.weeks_left is None else f"{row.weeks_left:,.1f}"


def _top_items(rows: Sequence[ItemUsage], money: Callable[[Decimal], str], width: float) -> list[Any]:
    s = shelf_pdf.styles()
    if not rows:
        return [Paragraph("No item was used in this period.", s["base"])]
    titles = ["#", "Item", "SKU", "Used", "Cost", PER_WEEK, "On hand", "Weeks left", "Supplier"]
    fixed = [6 * mm, 0, 27 * mm, 20 * mm, 18 * mm, 20 * mm, 19 * mm, 15 * mm, 24 * mm]
    widths = [w or width - sum(fixed) for w in fixed]
    right = [0, 3, 4, 5, 6, 7]
    header_right = ParagraphStyle("header_right", s["cell_bold"], alignment=TA_RIGHT)
    header = [
        Paragraph(shelf_pdf.markup(t), header_right if c in right else s["cell_bold"])
        for c, t in enumerate(titles)
    ]
    table_rows: list[list[Any]] = [header]
    for rank, x in enumerate(rows, start=1):
        table_rows.append(
            [
                str(rank),
                para(x.name, s["cell"]),
                shelf_pdf.cell(x.sku, widths[2], s["cell"]),
                shelf_pdf.cell(counted(x.used, x.unit), widths[3], s["cell_right"]),
                money(x.cost),
                shelf_pdf.cell(per_week_text(x.weekly_use, x.unit), widths[5], s["cell_right"]),
                shelf_pdf.cell(counted(x.on_hand, x.unit), widths[6], s["cell_right"]),
                _weeks_left(x),
                shelf_pdf.cell(x.supplier, widths[8], s["cell"]),
            ]
        )
    return [shelf_pdf.simple_table(table_rows, widths, right_columns=right)]


def _spend(rows: Sequence[SpendRow], first: str, money: Callable[[Decimal], str], width: float) -> list[Any]:
    s = shelf_pdf.styles()
    if not rows:
        return [Paragraph("Nothing was received on an order in this period.", s["base"])]
    fixed = [0, 30 * mm, 20 * mm, 30 * mm, 22 * mm]
    widths = [w or width - sum(fixed) for w in fixed]
    total = sum((r.amount for r in rows), Decimal("0.00"))
    table_rows: list[list[Any]] = [[first, "Spent", "Share", "Units received", "Receipts"]]
    for r in rows:
        share = f"{r.amount / total:.0%}" if total else ""
        table_rows.append(
            [para(r.name, s["cell"]), money(r.amount), share, f"{r.units:,}", f"{r.receipts:,}"]
        )
    table_rows.append(
        [
            "Total",
            money(total),
            "100%" if total else "",
            f"{sum(r.units for r in rows):,}",
            f"{sum(r.receipts for r in rows):,}",
        ]
    )
    table = shelf_pdf.simple_table(table_rows, widths, right_columns=[1, 2, 3, 4])
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, -1), (-1, -1), shelf_pdf.FONT_BOLD, 8.5),
                ("LINEABOVE", (0, -1), (-1, -1), 0.8, INK),
            ]
        )
    )
    return [table]


def user_texts(report: PeriodReport, office: OfficeSettings) -> list[str]:
    texts = [office.office_name, office.currency_symbol]
    for x in [*report.by_use, *report.by_cost]:
        texts += [x.sku, x.name, x.unit, x.supplier]
    texts += [r.name for r in [*report.by_supplier, *report.by_category]]
    return texts


def write_report_pdf(
    target: BinaryIO, report: PeriodReport, office: OfficeSettings, on_warning: shelf_pdf.Warn | None = None
) -> None:
    shelf_pdf.warn_missing(user_texts(report, office), on_warning, "report")
    s = shelf_pdf.styles()
    size = shelf_pdf.page_size(office.page_size)
    width = shelf_pdf.content_width(size)
    symbol = office.currency_symbol

    def money(value: Decimal) -> str:
        return money_text(value, symbol)

    def section(title: str, body: list[Any]) -> list[Any]:
        # A heading never ends a page: it starts a new one unless a few rows fit under it.
        return [
            Spacer(1, 4 * mm),
            CondPageBreak(40 * mm),
            Paragraph(shelf_pdf.markup(title), s["heading"]),
            *body,
        ]

    story: list[Any] = [
        para(office.office_name or "Supply room", s["office"]),
        Paragraph(shelf_pdf.markup(TITLE), s["title"]),
        Paragraph(f"Made {report.made:%Y-%m-%d %H:%M}", s["small"]),
        Spacer(1, 4 * mm),
        _facts(report, money),
        *section("Top items by use", _top_items(report.by_use, money, width)),
        *section("Top items by cost", _top_items(report.by_cost, money, width)),
        Spacer(1, 2 * mm),
        Paragraph(shelf_pdf.markup(RATE_NOTE), s["small"]),
        *section("Spending by supplier", _spend(report.by_supplier, "Supplier", money, width)),
        *section("Spending by category", _spend(report.by_category, "Category", money, width)),
        Spacer(1, 2 * mm),
        Paragraph(shelf_pdf.markup(SPEND_NOTE), s["small"]),
    ]
    shelf_pdf.build(
        target,
        story,
        size=size,
        title=f"{TITLE} {period_text(report)}",
        author=office.office_name,
        footer=f"{TITLE} · {period_text(report)}",
    )


def save_report_pdf(
    path: Path, report: PeriodReport, office: OfficeSettings, on_warning: shelf_pdf.Warn | None = None
) -> Path:
    return shelf_pdf.save(Path(path), lambda handle: write_report_pdf(handle, report, office, on_warning))


@logged_export("usage and spending report")
def export_report_pdf(
    path: Path, start: date, end: date, *, top: int = TOP, on_warning: shelf_pdf.Warn | None = None
) -> Path:
    """The Reports page's figures for the period as a PDF at `path`."""
    return save_report_pdf(Path(path), period_report(start, end, top), office_settings(), on_warning)
