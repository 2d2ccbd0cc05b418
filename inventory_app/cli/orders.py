"""Purchase-order commands of the command line: `inventory-app orders ...`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from inventory_app.cli.output import UsageProblem, currency, plural, print_json, shown, table
from inventory_app.core import validation as v
from inventory_app.core.catalog import items as catalog
from inventory_app.core.purchasing import orders as purchasing
from inventory_app.core.purchasing import reorder
from inventory_app.core.purchasing.types import LineReceipt, OrderStatus, ReorderLine, ReorderState
from inventory_app.core.stock import movements as stock
from inventory_app.core.wording import money_text
from inventory_app.errors import NotFound, ValidationError


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add `orders` and its actions to the `inventory-app` parser."""
    orders = sub.add_parser("orders", parents=[common], help="reorder suggestions and purchase orders")
    actions = orders.add_subparsers(dest="order_action", metavar="ACTION", required=True)

    suggest = actions.add_parser(
        "suggest", parents=[common], help="what needs reordering, by supplier, and why"
    )
    suggest.set_defaults(handler=cmd_suggest)

    create = actions.add_parser(
        "create", parents=[common], help="draft orders from the suggestions (one per supplier)"
    )
    create.add_argument("--supplier", metavar="NAME", help="only this supplier's suggestions")
    create.set_defaults(handler=cmd_create)

    low = sub.add_parser(
        "low-stock",
        parents=[common],
        help="what needs ordering now: on hand, reorder point, on order and the suggestion",
    )
    low.set_defaults(handler=cmd_low_stock)

    listing = actions.add_parser("list", parents=[common], help="purchase orders, newest first")
    listing.add_argument("--status", choices=[s.value for s in OrderStatus])
    listing.set_defaults(handler=cmd_list)

    show = actions.add_parser("show", parents=[common], help="one purchase order with its lines")
    show.add_argument("number", metavar="PO")
    show.set_defaults(handler=cmd_show)

    for name, helptext, handler in (
        ("mark-ordered", "a draft was sent to the supplier", cmd_mark_ordered),
        ("cancel", "cancel a draft or ordered purchase order", cmd_cancel),
    ):
        action = actions.add_parser(name, parents=[common], help=helptext)
        action.add_argument("number", metavar="PO")
        action.set_defaults(handler=handler)

    receive = actions.add_parser("receive", parents=[common], help="book a delivery against a purchase order")
    receive.add_argument("number", metavar="PO")
    receive.add_argument(
        "lines", nargs="*", metavar="SKU=QTY", help="quantities received now, in purchase units"
    )
    receive.add_argument("--all", action="store_true", help="everything still outstanding")
    receive.add_argument(
        "--lot", help="lot number, for lines whose items track expiry (leave out for a lot without one)"
    )
    receive.add_argument(
        "--expires",
        metavar="YYYY-MM-DD",
        help="expiry date of that lot; without --lot, the lot with no number of that date",
    )
    receive.add_argument("--over", action="store_true", help="confirm receiving more than was ordered")
    receive.set_defaults(handler=cmd_receive)

    export = actions.add_parser("export", parents=[common], help="write the order form as .pdf or .xlsx")
    export.add_argument("number", metavar="PO")
    export.add_argument("file", metavar="FILE", type=Path)
    export.set_defaults(handler=cmd_export)


# ---------------------------------------------------------------- helpers


def _order_id(number: str) -> int:
    return purchasing.order_id_for(number)


def _print_summary(args: argparse.Namespace, order_id: int, verb: str) -> int:
    detail = purchasing.order_detail(order_id)
    if args.json:
        print_json(detail.to_json())
    else:
        expected = f", expected {detail.summary.expected_on}" if detail.summary.expected_on else ""
        print(f"{detail.number} ({shown(detail.summary.supplier)}) {verb}: {detail.status}{expected}.")
    return 0


# ---------------------------------------------------------------- commands


def cmd_suggest(args: argparse.Namespace) -> int:
    groups = reorder.suggestions()
    if args.json:
        print_json(
            [
                {
                    "supplier": group.supplier,
                    "total": str(group.total),
                    "lines": [line.to_json() for line in group.lines],
                }
                for group in groups
            ]
        )
        return 0
    if not groups:
        print("Nothing needs reordering.")
        return 0
    for group in groups:
        print(f"\n{shown(group.supplier)} (suggested total {money_text(group.total, currency())})")
        table(
            ["SKU", "Name", "On hand", "On order", "Order", "Why"],
            [
                [
                    line.sku,
                    line.name[:36],
                    line.on_hand,
                    line.on_order,
                    f"{line.suggested_purchase_units} × {line.purchase_unit}"
                    if line.state is ReorderState.SUGGEST
                    else str(line.state),
                    line.reason,
                ]
                for line in group.lines
            ],
        )
    return 0


NO_SUPPLIER_FIX = (
    "Give each a supplier (Reorder page: Assign supplier…, or import a sheet with a Supplier "
    "column), then run `orders create` again."
)


def _no_supplier_notice(lines: list[ReorderLine]) -> str:
    """The items `orders create` left out for want of a supplier, and how to fix that."""
    listed = "\n".join(f"  {shown(line.sku)}  {shown(line.name[:50])}" for line in lines)
    return f"Not ordered, no supplier ({plural(len(lines), 'item')}):\n{listed}\n{NO_SUPPLIER_FIX}"


def cmd_create(args: argparse.Namespace) -> int:
    supplier_id = None
    if args.supplier:
        supplier_id = catalog.supplier_id_for(args.supplier, create=False)
    groups = reorder.suggestions(with_usage=False)
    selections = [
        (line.item_id, line.suggested_purchase_units)
        for group in groups
        if group.supplier_id is not None and (supplier_id is None or group.supplier_id == supplier_id)
        for line in group.lines
        if line.state is ReorderState.SUGGEST
    ]
    # Items to order that have no supplier cannot go on a draft: say which, never skip them silently
    # (with --supplier the user asked for one supplier's items only).
    unsupplied = [
        line
        for group in groups
        if group.supplier_id is None and supplier_id is None
        for line in group.lines
        if line.state is ReorderState.SUGGEST
    ]
    created = purchasing.create_drafts(selections) if selections else []
    notice = _no_supplier_notice(unsupplied) if unsupplied else ""
    if args.json:
        print_json([order.to_json() for order in created])
        if notice:
            print(notice, file=sys.stderr)  # stdout stays JSON
        return 0
    if not created:
        where = f" from {args.supplier}" if args.supplier else ""
        print(f"Nothing to order{where}: no suggestions with a supplier.")
    for order in created:
        total = money_text(order.total, currency())
        print(f"{order.number}  {shown(order.supplier)}  {plural(order.line_count, 'line')}  {total}")
    if notice:
        print(("\n" if created else "") + notice)
    return 0


def _suggested_text(line: ReorderLine) -> str:
    if line.state is not ReorderState.SUGGEST:
        return str(line.state)
    if line.units_per_purchase_unit > 1:
        pack = plural(line.units_per_purchase_unit, line.unit)
        return f"{line.suggested_purchase_units} × {line.purchase_unit} of {pack}"
    return f"{line.suggested_purchase_units} × {line.purchase_unit}"


def cmd_low_stock(args: argparse.Namespace) -> int:
    """Every low or out item, what open orders bring and what to order now (`orders suggest`'s
    lines in one list by SKU; `orders create` turns the suggestions into drafts)."""
    lines = sorted(
        (line for group in reorder.suggestions() for line in group.lines), key=lambda line: line.sku
    )
    if args.json:
        print_json(
            [
                {
                    **line.to_json(),
                    "status": "out" if line.on_hand <= 0 else "low",
                    "supplier": line.supplier if line.supplier_id is not None else None,
                    "to_order": line.state is ReorderState.SUGGEST,
                }
                for line in lines
            ]
        )
        return 0
    if not lines:
        print("Nothing is low: every item is above its reorder point.")
        return 0
    table(
        ["SKU", "Name", "On hand", "Reorder at", "On order", "Suggested", "Supplier"],
        [
            [
                line.sku,
                line.name[:36],
                f"{line.on_hand} (OUT)" if line.on_hand <= 0 else line.on_hand,
                line.reorder_point,
                f"{line.on_order} (+{line.in_draft} in draft)" if line.in_draft else line.on_order,
                _suggested_text(line),
                line.supplier if line.supplier_id is not None else "- (none)",
            ]
            for line in lines
        ],
    )
    to_order = sum(1 for line in lines if line.state is ReorderState.SUGGEST)
    print(f"\n{plural(len(lines), 'item')} low or out; {to_order} to order now (`orders create` drafts them)")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    orders = purchasing.list_orders(args.status)
    if args.json:
        print_json([order.to_json() for order in orders])
        return 0
    symbol = currency()
    table(
        ["PO", "Supplier", "Status", "Ordered", "Expected", "Lines", "Total"],
        [
            [
                order.number,
                order.supplier,
                f"{order.status} (OVERDUE)" if order.overdue else str(order.status),
                order.ordered_on or "",
                order.expected_on or "",
                order.line_count,
                money_text(order.total, symbol),
            ]
            for order in orders
        ],
    )
    print(f"\n{plural(len(orders), 'purchase order')}")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    detail = purchasing.order_detail(_order_id(args.number))
    if args.json:
        print_json(detail.to_json())
        return 0
    s = detail.summary
    symbol = currency()
    print(f"{s.number}  {shown(s.supplier)}  {s.status}{'  OVERDUE' if s.overdue else ''}")
    print(f"Ordered {s.ordered_on or '-'}, expected {s.expected_on or '-'}")
    table(
        ["#", "SKU", "Supplier SKU", "Description", "Qty", "Unit", "Received", "Price", "Total"],
        [
            [
                line.line_no,
                line.sku,
                line.supplier_sku,
                line.description[:40],
                line.quantity,
                line.purchase_unit_text,
                line.received,
                money_text(line.unit_cost, symbol),
                money_text(line.line_total, symbol),
            ]
            for line in detail.lines
        ],
    )
    print(f"\nTotal {money_text(detail.total, symbol)}")
    if detail.notes:
        print(f"Notes: {shown(detail.notes)}")
    return 0


def cmd_mark_ordered(args: argparse.Namespace) -> int:
    order_id = _order_id(args.number)
    purchasing.mark_ordered(order_id)
    return _print_summary(args, order_id, "marked as ordered")


def cmd_cancel(args: argparse.Namespace) -> int:
    order_id = _order_id(args.number)
    purchasing.cancel(order_id)
    return _print_summary(args, order_id, "cancelled")


def _parse_lines(pairs: list[str]) -> dict[str, int]:
    wanted: dict[str, int] = {}
    for pair in pairs:
        sku, sep, qty = pair.partition("=")
        if not sep or not sku.strip():
            raise UsageProblem(f"“{pair}” is not SKU=QTY")
        wanted[sku.strip().upper()] = v.required_int(qty, "quantity", minimum=1)
    return wanted


def cmd_receive(args: argparse.Namespace) -> int:
    if bool(args.all) == bool(args.lines):
        raise UsageProblem("give either --all or SKU=QTY pairs")
    wanted = _parse_lines(args.lines)
    order_id = _order_id(args.number)
    detail = purchasing.order_detail(order_id)
    expires = v.iso_date(args.expires, "expires")
    receipts = []
    seen = set()
    for line in detail.lines:
        keys = {line.sku.upper(), line.supplier_sku.upper()} - {""}
        if args.all:
            qty = line.outstanding
        else:
            match = keys & wanted.keys()
            qty = wanted[next(iter(match))] if match else 0
            seen |= match
        if qty <= 0:
            continue
        if line.tracks_expiry and not expires:
            # Without --lot it is the lot without a number of that date.
            raise ValidationError(
                "expires",
                f"Line {line.line_no} ({line.sku}) tracks expiry: give --expires "
                "(and --lot, if the box has a lot number).",
            )
        receipts.append(LineReceipt(line.id, qty, args.lot, expires))
    unknown = sorted(set(wanted) - seen)
    if unknown:
        raise NotFound(f"{detail.number} has no line for {', '.join(unknown)}.")
    if not receipts:
        print(f"{detail.number}: nothing outstanding to receive.")
        return 0
    rows = purchasing.receive(order_id, receipts, allow_over=args.over)
    code = _print_summary(args, order_id, "received")
    for warning in stock.expired_on_receipt(rows):  # on stderr: stdout stays the result
        print(f"Warning: {shown(warning)}", file=sys.stderr)
    return code


def cmd_export(args: argparse.Namespace) -> int:
    from inventory_app.documents.order_forms import export_order

    written = export_order(
        _order_id(args.number), args.file, on_warning=lambda text: print(text, file=sys.stderr)
    )
    if args.json:
        print_json({"file": str(written)})
    else:
        print(f"Wrote {written}")
    return 0
