"""Stock-count commands of the command line: `inventory-app counts ...`.

    counts start [--location NAME] [--category NAME] [--note TEXT]
    counts list [--status open|posted|abandoned]
    counts show ID                 the review: expected, counted, difference, value
    counts sheet ID FILE.pdf [--expected]
    counts enter ID SKU=QTY ... [--lot LOT [--expires DATE]]
    counts post ID
    counts abandon ID

Entering saves as it goes, so a count can be continued another day. A SKU (or
barcode) not on the count is added to it; an item that tracks expiry is
counted per lot (--lot; a new lot needs --expires).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from inventory_app.cli.output import UsageProblem as UsageError  # wrong usage: exit 2
from inventory_app.cli.output import currency, plural, print_json, shown, table, who, whole
from inventory_app.core import validation as v
from inventory_app.core.accounts import users as accounts
from inventory_app.core.catalog import items as catalog
from inventory_app.core.shelf import counts
from inventory_app.core.shelf.count_types import CountDetail, CountLineRow, CountStatus
from inventory_app.core.wording import money_text
from inventory_app.errors import InventoryError

EXIT_OK = 0


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add `counts` and its actions to the `inventory-app` parser."""
    parser = sub.add_parser("counts", parents=[common], help="physical stock counts")
    actions = parser.add_subparsers(dest="count_action", metavar="ACTION", required=True)

    start = actions.add_parser(
        "start", parents=[common], help="start a count of all items, a location or a category"
    )
    start.add_argument("--location", metavar="NAME", help="only items stored here")
    start.add_argument("--category", metavar="NAME", help="only items of this category")
    start.add_argument("--note", default="", help="free note")
    start.set_defaults(handler=cmd_start)

    listing = actions.add_parser("list", parents=[common], help="counts, newest first")
    listing.add_argument("--status", choices=[s.value for s in CountStatus])
    listing.set_defaults(handler=cmd_list)

    for name, helptext, handler in (
        ("show", "review a count: expected, counted, difference and value per line", cmd_show),
        ("post", "write the differences as 'count' adjustments, in one transaction", cmd_post),
        ("abandon", "close a count without changing any stock", cmd_abandon),
    ):
        action = actions.add_parser(name, parents=[common], help=helptext)
        action.add_argument("count_id", metavar="ID", type=whole(1))
        action.set_defaults(handler=handler)

    sheet = actions.add_parser("sheet", parents=[common], help="print the count sheet as a PDF")
    sheet.add_argument("count_id", metavar="ID", type=whole(1))
    sheet.add_argument("file", metavar="FILE.pdf", type=Path)
    sheet.add_argument(
        "--expected", action="store_true", help="print expected quantities (not a blind count)"
    )
    sheet.set_defaults(handler=cmd_sheet)

    enter = actions.add_parser("enter", parents=[common], help="enter counted quantities (saved at once)")
    enter.add_argument("count_id", metavar="ID", type=whole(1))
    enter.add_argument("pairs", nargs="+", metavar="SKU=QTY", help="SKU or barcode, and what is on the shelf")
    enter.add_argument("--lot", help="the lot counted, for an item that tracks expiry")
    enter.add_argument("--expires", metavar="YYYY-MM-DD", help="expiry date of a lot new to the count")
    enter.set_defaults(handler=cmd_enter)


def _count_line(args: argparse.Namespace, detail: CountDetail) -> None:
    s = detail.summary
    where = f" — {shown(s.note)}" if s.note else ""
    counted = f"{s.counted} of {plural(s.lines, 'line')} counted"
    print(f"Count #{s.id} ({shown(s.title)}){where}: {s.status}, {counted}.")


def cmd_start(args: argparse.Namespace) -> int:
    location = catalog.location_id_for(args.location, create=False) if args.location else None
    category = catalog.category_id_for(args.category, create=False) if args.category else None
    detail = counts.start_count(location_id=location, category_id=category, note=args.note)
    if args.json:
        print_json(detail.to_json())
    else:
        _count_line(args, detail)
        print(f"Print the sheet with: inventory-app counts sheet {detail.summary.id} FILE.pdf")
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    rows = counts.list_counts(args.status)
    if args.json:
        print_json([r.to_json() for r in rows])
        return EXIT_OK
    keys = accounts.account_keys()
    table(
        ["#", "Of", "Status", "Started", "By", "Counted", "Closed"],
        [
            [
                r.id,
                r.title,
                str(r.status),
                f"{r.started_local:%Y-%m-%d %H:%M}",
                who(r.started_by, keys),
                f"{r.counted}/{r.lines}",
                r.to_json()["closed_at"] or "",
            ]
            for r in rows
        ],
    )
    print(f"\n{len(rows)} counts")
    return EXIT_OK


def _line_row(line: CountLineRow, symbol: str) -> list[object]:
    difference = line.difference
    value = line.value
    return [
        line.location,
        line.sku,
        line.name[:32],
        line.lot_text,
        line.expected,
        "" if line.counted is None else line.counted,
        "" if difference is None else f"{difference:+d}",
        "" if value is None else ("+" if value > 0 else "") + money_text(value, symbol),
        f"moved {line.moved:+d} while counting" if line.moved else line.note,
    ]


def cmd_show(args: argparse.Namespace) -> int:
    detail = counts.count_detail(args.count_id)
    if args.json:
        print_json(detail.to_json())
        return EXIT_OK
    symbol = currency()
    _count_line(args, detail)
    table(
        ["Location", "SKU", "Name", "Lot", "Expected", "Counted", "Difference", "Value", "Note"],
        [_line_row(line, symbol) for line in detail.lines],
    )
    differ = len(detail.differences)
    net = ("+" if detail.total_value > 0 else "") + money_text(detail.total_value, symbol)
    print(
        f"\n{plural(differ, 'line')} {'differs' if differ == 1 else 'differ'}, net value {net}; "
        f"{len(detail.uncounted)} not counted."
    )
    return EXIT_OK


def cmd_sheet(args: argparse.Namespace) -> int:
    import sys

    from inventory_app.documents.count_sheet import export_count_sheet

    written = export_count_sheet(
        args.count_id,
        args.file,
        show_expected=args.expected,
        on_warning=lambda text: print(f"inventory-app: warning: {text}", file=sys.stderr),
    )
    if args.json:
        print_json({"file": str(written), "count": args.count_id, "blind": not args.expected})
    else:
        kind = "with expected quantities" if args.expected else "blind"
        print(f"Wrote the count sheet ({kind}) to {written}.")
    return EXIT_OK


def _pairs(pairs: list[str]) -> list[tuple[str, int]]:
    out = []
    for pair in pairs:
        code, sep, qty = pair.rpartition("=")
        if not sep or not code.strip():
            raise UsageError(f"“{pair}” is not SKU=QTY")
        out.append((code.strip(), v.required_int(qty, "quantity")))
    return out


def _resolve(count_id: int, code: str, lot: str | None) -> CountLineRow | tuple[int, str | None]:
    """The line a code (and lot) means, or (item id, lot) when it must be added to the count."""
    lines = counts.lines_for_code(count_id, code)
    if lot:
        match = [x for x in lines if x.lot_number.casefold() == lot.strip().casefold()]
        return match[0] if match else (catalog.item_id_for(code), lot)
    lots = [x for x in lines if x.lot_number]
    if len(lots) > 1:
        numbers = ", ".join(x.lot_number for x in lots)
        raise UsageError(f"{code} is counted per lot ({numbers}): give --lot")
    if lines:
        return lots[0] if lots else lines[0]
    return (catalog.item_id_for(code), None)


def cmd_enter(args: argparse.Namespace) -> int:
    wanted = _pairs(args.pairs)
    if args.lot and len(wanted) > 1:
        raise UsageError("--lot applies to one SKU=QTY at a time")
    expires = v.iso_date(args.expires, "expires")
    summary = counts.count_detail(args.count_id).summary
    if not summary.is_open:
        raise InventoryError(f"Count #{summary.id} ({summary.title}) is {summary.status}; it cannot change.")
    # Every code is looked up before anything is saved, so a typo saves nothing.
    plan = [(qty, _resolve(args.count_id, code, args.lot)) for code, qty in wanted]
    saved: list[CountLineRow] = []
    added: set[int] = set()
    for qty, target in plan:
        if isinstance(target, CountLineRow):
            saved.append(counts.enter_count(target.id, qty))
            continue
        item_id, lot = target
        line = counts.add_line(args.count_id, item_id, lot_number=lot, expires=expires, counted=qty)
        saved.append(line)
        added.add(line.id)
    if args.json:
        print_json({"lines": [line.to_json() for line in saved], "added": sorted(added)})
        return EXIT_OK
    for line in saved:
        lot_text = f" lot {shown(line.lot_number)}" if line.lot_number else ""
        new = " (added to the count)" if line.id in added else ""
        print(f"{shown(line.sku)}{lot_text}: counted {plural(line.counted or 0, shown(line.unit))}{new}.")
    after = counts.count_detail(args.count_id).summary
    print(f"Count #{after.id}: {after.counted} of {plural(after.lines, 'line')} counted.")
    return EXIT_OK


def cmd_post(args: argparse.Namespace) -> int:
    posting = counts.post_count(args.count_id)
    if args.json:
        print_json(posting.to_json())
        return EXIT_OK
    s = posting.summary
    print(
        f"Posted count #{s.id} ({shown(s.title)}): "
        f"{plural(len(posting.movements), 'adjustment')} recorded (reason 'count')."
    )
    for m in posting.movements:
        lot = f" lot {shown(m.lot_number)}" if m.lot_number else ""
        print(f"  #{m.id} {m.quantity:+d}{lot}")
    for note in posting.notes:
        print(f"Note: {shown(note)}")
    if posting.skipped:
        print(f"{plural(posting.skipped, 'line')} not counted: stock left as it was.")
    return EXIT_OK


def cmd_abandon(args: argparse.Namespace) -> int:
    summary = counts.abandon_count(args.count_id)
    if args.json:
        print_json(summary.to_json())
    else:
        print(f"Abandoned count #{summary.id} ({shown(summary.title)}); no stock was changed.")
    return EXIT_OK
