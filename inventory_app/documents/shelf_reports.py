"""The shelf reports as workbooks: usage, spending, and the expiry & waste log.

Each takes a period of local days (both ends included) and a path ending in
.xlsx; the rows come from `core.shelf.usage` and `core.shelf.expiry` as plain values, and
`report_xlsx` writes them safely. The waste log can also be a PDF
(`waste_log.write_waste_log_pdf`); `export_waste_log` chooses by extension.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from inventory_app.core.settings import office_settings
from inventory_app.core.shelf import expiry, spending, usage
from inventory_app.core.shelf.types import ItemUsage, SpendRow, WasteLog
from inventory_app.core.stock.use_rate import USE_WEEKS
from inventory_app.core.wording import lot_cell
from inventory_app.documents.export_log import logged_export
from inventory_app.documents.report_xlsx import Sheet, save_report
from inventory_app.documents.sheet_out import Column
from inventory_app.documents.shelf_pdf import Warn
from inventory_app.errors import InventoryError

DEFAULT_TOP = 20
PER_WEEK = f"Per week, last {USE_WEEKS} weeks"


def _facts(title: str, start: date | None, end: date | None) -> list[tuple[str, object]]:
    office = office_settings()
    facts: list[tuple[str, object]] = []
    if office.office_name:
        facts.append(("Office", office.office_name))
    facts += [
        ("Report", title),
        ("From", start if start else "the beginning"),
        ("To", end if end else "today"),
        ("Made", datetime.now().replace(microsecond=0)),
    ]
    return facts


def _round(value: float | None, places: int) -> float | None:
    return None if value is None else round(value, places)


# ---------------------------------------------------------------- usage

USE_COLUMNS = [
    Column("SKU"),
    Column("Name"),
    Column("Category"),
    Column("Supplier"),
    Column("Unit"),
    Column("Used", "int"),
    Column("Cost", "money"),
    Column(PER_WEEK, "decimal1"),
    Column("On hand", "int"),
    Column("Weeks of supply", "decimal1"),
    Column("Reorder point", "int"),
    Column("Suggested reorder point", "int"),
]
TOP_COLUMNS = [
    Column("Rank", "int"),
    Column("SKU"),
    Column("Name"),
    Column("Unit"),
    Column("Used", "int"),
    Column("Cost", "money"),
    Column(PER_WEEK, "decimal1"),
]


def _top_rows(rows: list[ItemUsage]) -> list[list[object]]:
    return [
        [rank, r.sku, r.name, r.unit, r.used, r.cost, _round(r.weekly_use, 1)]
        for rank, r in enumerate(rows, start=1)
    ]


@logged_export("usage report")
def export_usage_report(
    path: Path, start: date, end: date, *, top: int = DEFAULT_TOP, today: date | None = None
) -> Path:
    """Use per item in the period with cost; its weekly use and weeks of supply (`core.stock.use_rate`,
    the last 8 weeks) and the suggested reorder point; the top items by use and by cost; and use
    per week for every item used."""
    rows = usage.usage_report(start, end, today)
    suggested = {s.item_id: s.suggested for s in usage.suggest_reorder_points(today=today)}
    periods, table = usage.period_table(start, end, "week")
    by_id = {r.item_id: r for r in rows}
    used = [r for r in rows if r.used]
    by_use = sorted(used, key=lambda r: (-r.used, -r.cost, r.sku))[:top]
    by_cost = sorted(used, key=lambda r: (-r.cost, -r.used, r.sku))[:top]
    week_columns = [Column("SKU"), Column("Name"), Column("Unit")] + [
        Column(f"{first:%Y-%m-%d}", "int") for first, _last in periods
    ]
    weekly = [
        [by_id[item_id].sku, by_id[item_id].name, by_id[item_id].unit, *counts]
        for item_id, counts in sorted(
            table.items(), key=lambda kv: by_id[kv[0]].sku if kv[0] in by_id else ""
        )
        if item_id in by_id
    ]
    sheets = [
        Sheet(
            "Use by item",
            USE_COLUMNS,
            [
                [
                    r.sku,
                    r.name,
                    r.category,
                    r.supplier,
                    r.unit,
                    r.used,
                    r.cost,
                    _round(r.weekly_use, 1),
                    r.on_hand,
                    _round(r.weeks_left, 1),
                    r.reorder_point,
                    suggested.get(r.item_id),
                ]
                for r in rows
            ],
            total=[
                "Total",
                "",
                "",
                "",
                "",
                sum(r.used for r in rows),
                sum((r.cost for r in rows), Decimal("0.00")),
            ]
            + [None] * 5,
            notes=[
                "Use is the ledger's use movements, net of reversals; disposals and count corrections "
                "are not use.",
                f"Per week: use of the last {USE_WEEKS} weeks up to the day the report was made (or of the "
                "item's life when younger), per week, to one decimal: the figure every screen shows, "
                "whatever the report's period.",
                "Weeks of supply: on hand divided by that use per week.",
                f"Suggested reorder point: average daily use of the last {USE_WEEKS} weeks × (supplier lead "
                "time + 7 days) + one week of use.",
            ],
        ),
        Sheet(f"Top {top} by use", TOP_COLUMNS, _top_rows(by_use)),
        Sheet(f"Top {top} by cost", TOP_COLUMNS, _top_rows(by_cost)),
        Sheet(
            "Use by week",
            week_columns,
            weekly,
            notes=["Weeks run Monday to Sunday; the first and last are cut to the report's period."],
        ),
    ]
    return save_report(Path(path), "Usage report", _facts("Usage", start, end), sheets)


# ---------------------------------------------------------------- spending

SPEND_COLUMNS = [
    Column("Name"),
    Column("Amount", "money"),
    Column("Share", "percent"),
    Column("Units received", "int"),
    Column("Receipts", "int"),
]


def _spend_sheet(title: str, first: str, rows: list[SpendRow]) -> Sheet:
    total = sum((r.amount for r in rows), Decimal("0.00"))
    return Sheet(
        title,
        [Column(first), *SPEND_COLUMNS[1:]],
        [[r.name, r.amount, float(r.amount / total) if total else None, r.units, r.receipts] for r in rows],
        total=[
            "Total",
            total,
            1.0 if total else None,
            sum(r.units for r in rows),
            sum(r.receipts for r in rows),
        ],
    )


@logged_export("spending report")
def export_spending_report(path: Path, start: date, end: date) -> Path:
    """Spending by supplier and by category, and every receipt behind them, for the period."""
    lines = spending.receipt_lines(start, end)
    by_supplier = spending.spending_by_supplier(start, end)
    by_category = spending.spending_by_category(start, end)
    receipts = Sheet(
        "Receipts",
        [
            Column("Received", "datetime"),
            Column("PO"),
            Column("Supplier"),
            Column("SKU"),
            Column("Name"),
            Column("Category"),
            Column("Units", "int"),
            Column("Purchase units", "decimal2"),
            Column("Unit price", "money"),
            Column("Amount", "money"),
        ],
        [
            [
                x.when.replace(microsecond=0),
                x.order_number,
                x.supplier,
                x.sku,
                x.name,
                x.category,
                x.units,
                float(x.purchase_units),
                x.unit_price,
                x.amount,
            ]
            for x in lines
        ],
        total=["Total", "", "", "", "", "", sum(x.units for x in lines), None, None]
        + [sum((x.amount for x in lines), Decimal("0.00"))],
        notes=[
            "What arrived against purchase orders, priced as on the order; reversed receipts are left out."
        ],
    )
    sheets = [
        _spend_sheet("By supplier", "Supplier", by_supplier),
        _spend_sheet("By category", "Category", by_category),
        receipts,
    ]
    return save_report(Path(path), "Spending report", _facts("Spending", start, end), sheets)


# ---------------------------------------------------------------- expiry & waste log


def waste_sheets(log: WasteLog) -> list[Sheet]:
    reasons = log.by_reason()
    return [
        Sheet(
            "Waste log",
            [
                Column("Date", "datetime"),
                Column("SKU"),
                Column("Name"),
                Column("Lot"),
                Column("Expired on", "date"),
                Column("Quantity", "int"),
                Column("Unit"),
                Column("Reason"),
                Column("Cost", "money"),
                Column("By"),
                Column("Note"),
            ],
            [
                [
                    x.when.replace(microsecond=0),
                    x.sku,
                    x.name,
                    lot_cell(x.lot_number, x.expires_on),  # a report to read: "no lot number"
                    x.expires_on,
                    x.quantity,
                    x.unit,
                    x.reason,
                    x.cost,
                    x.user,
                    x.note,
                ]
                for x in log.lines
            ],
            total=[
                "Total",
                "",
                "",
                "",
                None,
                sum(x.quantity for x in log.lines),
                "",
                "",
                log.total_cost,
                "",
                "",
            ],
        ),
        Sheet(
            "By reason",
            [Column("Reason"), Column("Units", "int"), Column("Cost", "money")],
            [[reason, units, cost] for reason, (units, cost) in reasons.items()],
            total=["Total", sum(x.quantity for x in log.lines), log.total_cost],
        ),
        Sheet(
            "Expired on the shelves",
            [
                Column("SKU"),
                Column("Name"),
                Column("Lot"),
                Column("Expired on", "date"),
                Column("Quantity", "int"),
                Column("Unit"),
                Column("Location"),
                Column("Value", "money"),
            ],
            [
                [x.sku, x.name, lot_cell(x.lot_number, x.expires_on), x.expires_on, x.quantity, x.unit]
                + [x.location, x.value]
                for x in log.still_expired
            ],
            total=["Total", "", "", None, sum(x.quantity for x in log.still_expired), "", ""]
            + [sum((x.value for x in log.still_expired), Decimal("0.00"))],
            notes=["Expired lots still holding stock now: dispose of them (reason “expired”)."],
        ),
    ]


@logged_export("waste log")
def export_waste_log(
    path: Path,
    start: date | None = None,
    end: date | None = None,
    *,
    on_warning: Warn | None = None,
) -> Path:
    """The expiry & waste log for the period as .pdf or .xlsx (by the file's extension)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if start is not None and end is not None and start > end:
        raise InventoryError(f"The period starts ({start}) after it ends ({end}).")
    log = expiry.waste_log(start, end)
    if suffix == ".xlsx":
        return save_report(
            path, "Expiry & waste log", _facts("Expiry & waste log", start, end), waste_sheets(log)
        )
    if suffix == ".pdf":
        from inventory_app.documents.waste_log import save_waste_log_pdf

        return save_waste_log_pdf(path, log, office_settings(), on_warning=on_warning)
    shown = path.suffix or "no extension"
    raise InventoryError(f"Cannot save “{path.name}” ({shown}): choose a file ending in .pdf or .xlsx.")
