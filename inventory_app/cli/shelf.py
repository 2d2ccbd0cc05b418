"""Shelf commands of the command line: expiry, lot recalls, labels, reports (and counts,
in `cli.counts`).

    inventory-app expiring [--days N]
    inventory-app dispose-expired (--all | --sku SKU [--lot LOT]) [--dry-run]
    inventory-app lot LOTNUMBER
    inventory-app labels FILE.pdf [--sku SKU ...] [--layout NAME] [--start N] [--copies N]
    inventory-app report usage|spending|waste FILE [--from DATE] [--to DATE]

Exit codes as everywhere: 0 done, 1 refused (one line on stderr), 2 wrong usage.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from inventory_app.cli import counts as cli_counts
from inventory_app.cli.output import UsageProblem as UsageError  # wrong usage: exit 2
from inventory_app.cli.output import currency, day, plural, print_json, shown, table, who, whole
from inventory_app.core.accounts import users as accounts
from inventory_app.core.catalog import items as catalog
from inventory_app.core.shelf import expiry
from inventory_app.core.shelf.types import ExpiringLot
from inventory_app.core.wording import lot_cell, money_text
from inventory_app.errors import NotFound

EXIT_OK = 0
REPORTS = ("usage", "spending", "waste")
DEFAULT_REPORT_DAYS = 90
MAX_DAYS = 36_500  # `expiring --days`: a hundred years ahead


def _warn(text: str) -> None:
    print(f"inventory-app: warning: {text}", file=sys.stderr)


def _period(args: argparse.Namespace) -> tuple[date, date]:
    """--from and --to; by default the last 90 days up to today (or up to --to)."""
    end = day(args.end, "--to") or date.today()
    start = day(args.start, "--from") or end - timedelta(days=DEFAULT_REPORT_DAYS - 1)
    if start > end:
        raise UsageError("--from is after --to")
    return start, end


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add the shelf commands to the `inventory-app` parser."""
    exp = sub.add_parser(
        "expiring",
        parents=[common],
        help="lots expired or expiring within their warning window, soonest first",
    )
    exp.add_argument(
        "--days",
        type=whole(0, MAX_DAYS),
        metavar="N",
        help="lots expiring within N days, whatever their item's window",
    )
    exp.set_defaults(handler=cmd_expiring)

    dis = sub.add_parser(
        "dispose-expired", parents=[common], help="throw away expired lots (reason 'expired'), all or nothing"
    )
    dis.add_argument("--all", action="store_true", help="every expired lot")
    dis.add_argument("--sku", metavar="SKU", help="only this item's expired lots (SKU or barcode)")
    dis.add_argument("--lot", metavar="LOT", help="only the lot with this number")
    dis.add_argument("--note", default="", help="free note on each disposal")
    dis.add_argument("--dry-run", action="store_true", help="only list what would be disposed of")
    dis.set_defaults(handler=cmd_dispose_expired)

    lot = sub.add_parser("lot", parents=[common], help="trace a lot for a recall: where from, what is left")
    lot.add_argument("lot_number", metavar="LOTNUMBER")
    lot.set_defaults(handler=cmd_lot)

    lab = sub.add_parser("labels", parents=[common], help="shelf labels with barcodes as a PDF")
    lab.add_argument("file", metavar="FILE.pdf", type=Path)
    lab.add_argument(
        "--sku",
        action="extend",
        nargs="+",
        default=[],
        metavar="SKU",
        help="these items (default: all active)",
    )
    from inventory_app.documents.label_layouts import DEFAULT_LAYOUT, LAYOUTS

    lab.add_argument(
        "--layout",
        default=DEFAULT_LAYOUT,
        metavar="NAME",
        help="; ".join(f"{name}: {layout.description}" for name, layout in LAYOUTS.items()),
    )
    lab.add_argument("--start", type=int, default=1, metavar="N", help="first label position on the sheet")
    lab.add_argument("--copies", type=int, default=1, metavar="N", help="labels per item")
    lab.add_argument("--outline", action="store_true", help="draw each label's outline (for plain paper)")
    lab.set_defaults(handler=cmd_labels)

    rep = sub.add_parser("report", parents=[common], help="usage, spending or waste report for a period")
    rep.add_argument("kind", choices=REPORTS, metavar="KIND", help=" | ".join(REPORTS))
    rep.add_argument("file", metavar="FILE", type=Path, help=".xlsx (waste: .xlsx or .pdf)")
    rep.add_argument("--from", dest="start", metavar="YYYY-MM-DD", help="first day (default: 90 days ago)")
    rep.add_argument("--to", dest="end", metavar="YYYY-MM-DD", help="last day (default: today)")
    rep.add_argument("--top", type=int, default=20, metavar="N", help="usage: how many top items")
    rep.set_defaults(handler=cmd_report)

    cli_counts.register(sub, common)


# ---------------------------------------------------------------- expiry


def _lot_row(lot: ExpiringLot, symbol: str) -> list[object]:
    state = "EXPIRED" if lot.expired else "expiring"
    days = (
        f"{-lot.days_left} ago" if lot.expired else ("today" if lot.days_left == 0 else f"in {lot.days_left}")
    )
    return [
        lot.expires_on,
        days,
        state,
        lot.sku,
        lot.name[:36],
        lot_cell(lot.lot_number, lot.expires_on),
        lot.quantity,
        lot.unit,
        money_text(lot.value, symbol),
        lot.location,
    ]


def cmd_expiring(args: argparse.Namespace) -> int:
    if args.days is not None and args.days < 0:
        raise UsageError("--days cannot be negative")
    lots = expiry.expiring_lots(days=args.days)
    symbol = currency()
    if args.json:
        print_json([lot.to_json() for lot in lots])
        return EXIT_OK
    if not lots:
        window = f"within {args.days} days" if args.days is not None else "within their warning windows"
        print(f"No lots expired or expiring {window}.")
        return EXIT_OK
    table(
        ["Expires", "Days", "State", "SKU", "Name", "Lot", "Qty", "Unit", "Value", "Location"],
        [_lot_row(x, symbol) for x in lots],
    )
    expired = [x for x in lots if x.expired]
    soon = [x for x in lots if not x.expired]
    value = sum((x.value for x in expired), Decimal("0.00"))
    print(
        f"\n{plural(len(expired), 'expired lot')} (value {money_text(value, symbol)}), {len(soon)} expiring"
        + (f" within {args.days} days." if args.days is not None else " within their warning windows.")
    )
    return EXIT_OK


def cmd_dispose_expired(args: argparse.Namespace) -> int:
    if not (args.all or args.sku or args.lot):
        raise UsageError("give --all, or --sku and/or --lot to choose what to dispose of")
    if args.all and (args.sku or args.lot):
        raise UsageError("--all disposes of every expired lot; leave out --sku and --lot")
    item_id = catalog.item_id_for(args.sku) if args.sku else None
    lots = [x for x in expiry.expiring_lots(item_id=item_id) if x.expired]
    if args.lot:
        lots = [x for x in lots if x.lot_number.casefold() == args.lot.strip().casefold()]
    if not lots:
        if args.all:
            print("Nothing to dispose of: no expired lots hold stock.")
            return EXIT_OK
        which = " ".join(
            part for part in (args.sku and f"of {args.sku}", args.lot and f"numbered {args.lot}") if part
        )
        raise NotFound(f"No expired lot {which} holds stock.")
    movements = []
    if not args.dry_run:
        movements = expiry.dispose_expired([x.lot_id for x in lots], note=args.note)
    value = sum((x.value for x in lots), Decimal("0.00"))
    symbol = currency()
    if args.json:
        print_json(
            {
                "dry_run": bool(args.dry_run),
                "lots": [x.to_json() for x in lots],
                "movements": [m.to_json() for m in movements],
                "value": str(value),
            }
        )
        return EXIT_OK
    table(
        ["Expired", "SKU", "Name", "Lot", "Qty", "Unit", "Value"],
        [
            [
                x.expires_on,
                x.sku,
                x.name[:36],
                lot_cell(x.lot_number, x.expires_on),
                x.quantity,
                x.unit,
                money_text(x.value, symbol),
            ]
            for x in lots
        ],
    )
    verb = "Would dispose of" if args.dry_run else "Disposed of"
    print(
        f"\n{verb} {plural(len(lots), 'expired lot')}, value {money_text(value, symbol)}."
        + (" Nothing was written." if args.dry_run else "")
    )
    return EXIT_OK


def cmd_lot(args: argparse.Namespace) -> int:
    traces = expiry.trace_lot(args.lot_number)
    if not traces:
        raise NotFound(f"No lot numbered “{args.lot_number.strip()}”.")
    if args.json:
        print_json([t.to_json() for t in traces])
        return EXIT_OK
    keys = accounts.account_keys()
    for index, t in enumerate(traces):
        if index:
            print()
        expires = f"expires {t.expires_on}" if t.expires_on else "no expiry date"
        if t.expired:
            expires = f"EXPIRED {t.expires_on}"
        where = f", {shown(t.location)}" if t.location else ""
        print(f"Lot {shown(t.lot_number)} of {shown(t.sku)} {shown(t.name)}{where}: {expires}")
        print(
            f"  received {t.received}, used {t.used}, disposed of {t.disposed}, adjusted {t.adjusted:+d}; "
            f"{plural(t.quantity, shown(t.unit))} left"
        )
        for r in t.receipts:
            source = (
                f"{shown(r.order_number)} line {r.line_no} from {shown(r.supplier)}"
                if r.order_number
                else "not on an order"
            )
            mark = " (reversed)" if r.reversed else ""
            print(f"  received {r.when:%Y-%m-%d %H:%M}: {plural(r.quantity, shown(t.unit))}, {source}{mark}")
        table(
            ["#", "When", "Kind", "Qty", "Left", "Reason", "By", "Note"],
            [
                [
                    m.movement_id,
                    f"{m.when:%Y-%m-%d %H:%M}",
                    m.kind,
                    f"{m.quantity:+d}",
                    m.balance,
                    m.reason,
                    who(m.user, keys),
                    m.note,
                ]
                for m in t.movements
            ],
        )
    return EXIT_OK


# ---------------------------------------------------------------- labels and reports


def cmd_labels(args: argparse.Namespace) -> int:
    from inventory_app.documents.labels import export_labels

    item_ids = [catalog.item_id_for(sku) for sku in args.sku] if args.sku else None
    count = export_labels(
        args.file, item_ids, layout=args.layout, start_at=args.start, copies=args.copies,
        outline=args.outline, on_warning=_warn,
    )  # fmt: skip
    if args.json:
        print_json({"file": str(args.file), "labels": count, "layout": args.layout})
    else:
        print(f"Wrote {count} labels ({args.layout}) to {args.file}.")
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    from inventory_app.documents import shelf_reports

    start, end = _period(args)
    if args.top < 1:
        raise UsageError("--top must be at least 1")
    if args.kind == "usage":
        written = shelf_reports.export_usage_report(args.file, start, end, top=args.top)
    elif args.kind == "spending":
        written = shelf_reports.export_spending_report(args.file, start, end)
    else:
        written = shelf_reports.export_waste_log(args.file, start, end, on_warning=_warn)
    if args.json:
        print_json({"kind": args.kind, "file": str(written), "from": start, "to": end})
    else:
        print(f"Wrote the {args.kind} report for {start} to {end} to {written}.")
    return EXIT_OK
