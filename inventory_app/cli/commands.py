"""The command line: `inventory-app` and `python -m inventory_app`.

Exit codes: 0 success, 1 a refused action or bad input (one line on stderr),
2 wrong usage. `--json` prints machine-readable output on stdout.

Once the inventory has user accounts, every command acts as a named user:
`--user NAME`, with the password read from $INVENTORY_APP_PASSWORD or asked on
the terminal (never an option, so it shows in no process list). Before the
first account exists, commands run as the computer's login name.

A database named by `--db` or $INVENTORY_APP_DB must exist unless `--new` asks to create it
(`demo` creates it too); the default file in the data folder is created on first use.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

from inventory_app import __version__
from inventory_app.cli import backup as cli_backup
from inventory_app.cli import files as cli_files
from inventory_app.cli import orders as cli_orders
from inventory_app.cli import shelf as cli_shelf
from inventory_app.cli import users as cli_users
from inventory_app.cli.options import PASSWORD_VAR, common_options
from inventory_app.cli.output import UsageProblem as UsageError  # wrong usage: exit 2
from inventory_app.cli.output import plural, print_json, shown, table, terminal_safe, who, whole
from inventory_app.core import corrections
from inventory_app.core.accounts import users as accounts
from inventory_app.core.accounts.context import current_actor, set_current_actor
from inventory_app.core.catalog import gs1
from inventory_app.core.catalog import items as catalog
from inventory_app.core.stock import movements as stock
from inventory_app.core.stock import queries as stock_queries
from inventory_app.core.stock.check import check_database
from inventory_app.core.types import DISPOSE_REASONS, ItemRow, MovementRow, Status
from inventory_app.core.wording import lot_cell, lot_name
from inventory_app.db.connection import (
    describe_target,
    hide_passwords,
    is_explicit_target,
    refuse_no_inventory,
    resolve_target,
)
from inventory_app.db.session import close_database, open_database
from inventory_app.errors import InventoryError

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    common = common_options()
    parser = argparse.ArgumentParser(
        prog="inventory-app",
        description="Supply room inventory for a medical office.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    demo = sub.add_parser("demo", parents=[common], help="load the demo clinic into an empty db")
    demo.set_defaults(handler=cmd_demo)

    items = sub.add_parser("items", parents=[common], help="list items with stock and status")
    items.add_argument(
        "--status",
        choices=[s.value for s in Status],
        help="low: at or below the reorder point, out of stock included; out: none usable; ok: the rest",
    )
    items.set_defaults(handler=cmd_items)

    stock_parser = sub.add_parser("stock", parents=[common], help="record a stock movement")
    actions = stock_parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    for name, helptext in (
        ("receive", "add stock that arrived"),
        ("use", "take stock for use (first-expired-first)"),
        ("adjust", "correct stock by a signed difference (or --to a counted quantity)"),
        ("dispose", "throw stock away: " + ", ".join(DISPOSE_REASONS)),
    ):
        action = actions.add_parser(name, parents=[common], help=helptext)
        action.add_argument("sku", metavar="SKU", help="SKU, barcode or GS1 scan of the item")
        action.add_argument("quantity", metavar="QTY", help="quantity in units of issue")
        action.add_argument("--lot", help="lot number (leave out for a lot without one)")
        action.add_argument(
            "--expires",
            metavar="YYYY-MM-DD",
            help="expiry date of the lot; without --lot, the lot with no number of that date",
        )
        action.add_argument("--reason", help="reason (required for adjust and dispose)")
        action.add_argument("--note", default="", help="free note")
        if name == "adjust":
            action.add_argument(
                "--to", action="store_true", help="QTY is the counted quantity, not a difference"
            )
        action.set_defaults(handler=cmd_stock)
    reverse = actions.add_parser("reverse", parents=[common], help="undo a movement")
    reverse.add_argument("movement_id", metavar="MOVEMENT_ID", type=whole(1))
    reverse.add_argument("--note", default="")
    reverse.set_defaults(handler=cmd_reverse)

    history = sub.add_parser("history", parents=[common], help="the ledger of one item")
    history.add_argument("sku", metavar="SKU")
    history.set_defaults(handler=cmd_history)

    check = sub.add_parser("check", parents=[common], help="prove on hand equals the ledger; integrity check")
    check.set_defaults(handler=cmd_check)
    for register in _command_groups():
        register(sub, common)
    return parser


def _command_groups() -> list[Callable[[Any, argparse.ArgumentParser], None]]:
    """Commands kept in their own modules (each has `register(subparsers, common)`)."""
    return [
        cli_orders.register,
        cli_files.register,
        cli_shelf.register,
        cli_users.register,
        cli_backup.register,
    ]


def _item_json(row: ItemRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "sku": row.sku,
        "name": row.name,
        "category": row.category,
        "location": row.location,
        "unit": row.unit,
        "on_hand": row.on_hand,
        "expired": row.expired,
        "reorder_point": row.reorder_point,
        "par_level": row.par_level,
        "status": str(row.status),
        "supplier": row.supplier,
        "next_expiry": row.next_expiry.isoformat() if row.next_expiry else None,
        "barcode": row.barcode,
    }


def _movement_line(m: MovementRow) -> str:
    lot = f" {lot_name(m.lot_number, m.expires_on)}" if m.lot_number or m.expires_on else ""
    return f"#{m.id} {m.kind} {m.quantity:+d}{shown(lot)}"


# ---------------------------------------------------------------- commands


def cmd_demo(args: argparse.Namespace) -> int:
    from inventory_app.documents.demo_catalog import load_bundled_demo

    summary = load_bundled_demo()
    if args.json:
        print_json({"items": summary.items, "suppliers": summary.suppliers, "movements": summary.movements})
    else:
        print(
            f"Loaded the demo clinic: {plural(summary.items, 'item')}, "
            f"{plural(summary.suppliers, 'supplier')}, {plural(summary.movements, 'past movement')}."
        )
    return EXIT_OK


def cmd_items(args: argparse.Namespace) -> int:
    if args.status == Status.LOW:
        # An item that is out is also low: `--status low` is everything to reorder (`out` narrows it).
        rows = [r for r in stock_queries.list_items() if r.status is not Status.OK]
    else:
        rows = stock_queries.list_items(status=args.status)
    if args.json:
        print_json([_item_json(r) for r in rows])
        return EXIT_OK
    table(
        ["SKU", "Name", "On hand", "Unit", "Reorder at", "Par", "Status", "Supplier"],
        [
            (
                r.sku,
                r.name[:40],
                r.on_hand if not r.expired else f"{r.on_hand} (+{r.expired} expired)",
                r.unit,
                r.reorder_point,
                "" if r.par_level is None else r.par_level,
                str(r.status).upper() if r.status is not Status.OK else "ok",
                r.supplier,
            )
            for r in rows
        ],
    )
    print(f"\n{plural(len(rows), 'item')}")
    return EXIT_OK


def cmd_stock(args: argparse.Namespace) -> int:
    action = args.action
    if action in ("adjust", "dispose") and not args.reason:
        raise UsageError(f"stock {action} needs --reason")
    item_id = catalog.item_id_for(args.sku)
    if action == "receive":
        scanned = gs1.parse_gs1(args.sku)  # a GS1 scan of the box names its lot and expiry
        lot = args.lot or (scanned.lot if scanned else None)
        expires = args.expires or (scanned.expires.isoformat() if scanned and scanned.expires else None)
        rows = stock.receive(item_id, args.quantity, lot=lot, expires=expires, note=args.note)
        code = _report_movements(args, item_id, rows)
        warn_expired(rows)
        return code
    elif action == "use":
        rows = stock.use(item_id, args.quantity, lot=args.lot, expires=args.expires, note=args.note)
    elif action == "dispose":
        rows = stock.dispose(
            item_id, args.quantity, reason=args.reason, lot=args.lot, expires=args.expires, note=args.note
        )
    elif args.to:
        rows = stock.adjust_to(
            item_id,
            args.quantity,
            reason=args.reason,
            lot=args.lot,
            expires=args.expires,
            note=args.note,
        )
    else:
        rows = stock.adjust(
            item_id,
            args.quantity,
            reason=args.reason,
            lot=args.lot,
            expires=args.expires,
            note=args.note,
        )
    return _report_movements(args, item_id, rows)


def warn_expired(rows: list[MovementRow]) -> None:
    """Say on stderr (stdout stays the result, or JSON) which received lots had already expired."""
    for warning in stock.expired_on_receipt(rows):
        print(f"Warning: {shown(warning)}", file=sys.stderr)


def cmd_reverse(args: argparse.Namespace) -> int:
    rows = corrections.reverse(args.movement_id, note=args.note)
    return _report_movements(args, rows[0].item_id, rows)


def _report_movements(args: argparse.Namespace, item_id: int, rows: list[MovementRow]) -> int:
    item = stock_queries.item_row(item_id)
    assert item is not None
    if args.json:
        print_json({"movements": [m.to_json() for m in rows], "item": _item_json(item)})
        return EXIT_OK
    if not rows:
        print(f"{shown(item.sku)}: already {plural(item.on_hand, shown(item.unit))}; nothing recorded.")
        return EXIT_OK
    print(f"Recorded {', '.join(_movement_line(m) for m in rows)}.")
    stocked = plural(item.on_hand, shown(item.unit))
    print(f"{shown(item.sku)} {shown(item.name)}: {stocked} on hand ({item.status}).")
    return EXIT_OK


def cmd_history(args: argparse.Namespace) -> int:
    item_id = catalog.item_id_for(args.sku)
    rows = stock_queries.history(item_id)
    if args.json:
        print_json([m.to_json() for m in rows])
        return EXIT_OK
    keys = accounts.account_keys()
    table(
        ["#", "When", "Kind", "Qty", "Balance", "Lot", "Expires", "Reason", "By", "Note"],
        [
            (
                m.id,
                m.local_time.strftime("%Y-%m-%d %H:%M"),
                m.kind if m.reversed_by is None else f"{m.kind} (reversed)",
                f"{m.quantity:+d}",
                m.balance,
                lot_cell(m.lot_number, m.expires_on),
                m.expires_on or "",
                m.reason,
                who(m.user, keys),
                m.note,
            )
            for m in rows
        ],
    )
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    report = check_database()
    if args.json:
        print_json({"ok": report.ok, "items_checked": report.items_checked, "problems": report.problems})
    elif report.ok:
        print(f"OK: {plural(report.items_checked, 'item')}; on hand equals the ledger; integrity check ok.")
    else:
        for problem in report.problems:
            print(problem)
        print(f"{len(report.problems)} problem(s) found.", file=sys.stderr)
    return EXIT_OK if report.ok else EXIT_REFUSED


# ---------------------------------------------------------------- sign-in


def _password_for(name: str) -> str:
    """The password from the environment, or asked without echo on a terminal."""
    given = os.environ.get(PASSWORD_VAR)
    if given:
        return given
    if sys.stdin is None or not sys.stdin.isatty():
        raise UsageError(
            f"No password for {name}: set {PASSWORD_VAR}, or run the command in a terminal to be asked."
        )
    try:
        return getpass.getpass(f"Password for {name}: ")
    except EOFError:
        raise UsageError(f"No password was typed for {name}.") from None


def _sign_in(args: argparse.Namespace) -> None:
    """Make `--user` the acting account when the inventory has accounts (SignInFailed: exit 1)."""
    if not accounts.has_accounts():
        return  # a new inventory: nobody to sign in as; `users add NAME` creates the first administrator
    name = getattr(args, "user", None)
    if not name:
        after = " before audit" if getattr(args, "filter_user", None) else ""
        raise UsageError(
            f"This inventory needs sign-in: add --user NAME{after} (password from {PASSWORD_VAR} or asked)"
        )
    set_current_actor(accounts.sign_in(name, _password_for(name)))


# ---------------------------------------------------------------- entry point


def main(argv: Sequence[str] | None = None) -> int:
    with terminal_safe():  # no stored text steers the terminal (RELIABILITY H1)
        return _run(argv)


def _run(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    args.json = getattr(args, "json", False)
    named = getattr(args, "db", None)
    target = resolve_target(named)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        if not getattr(args, "new", False):
            # A mistyped --db must not become a new, empty inventory with sign-in off; the
            # default file of a first start, and `demo` (which fills a new one), may create it.
            refuse_no_inventory(target, missing_ok=not is_explicit_target(named) or args.command == "demo")
    except InventoryError as exc:
        print(f"inventory-app: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    try:
        db = open_database(target)
    except InventoryError as exc:
        message = hide_passwords(str(exc), target)  # a server's text may quote the URL
        print(f"inventory-app: {describe_target(target)}: {message}", file=sys.stderr)
        return EXIT_REFUSED
    signed_in_before = current_actor()
    try:
        _sign_in(args)
        return handler(args)
    except UsageError as exc:
        parser.print_usage(sys.stderr)
        print(f"inventory-app: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except InventoryError as exc:
        print(f"inventory-app: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    except BrokenPipeError:
        # The reader (e.g. `head`) stopped early; that is not a failure.
        sys.stderr.close()
        return EXIT_OK
    finally:
        set_current_actor(signed_in_before)
        close_database(db)


if __name__ == "__main__":
    sys.exit(main())
