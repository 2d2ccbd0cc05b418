"""Spreadsheet commands of the command line: import, export, template.

`import` previews first and writes only a clean plan (or, with --only-valid,
its valid rows), in one transaction; every error is listed with its row and
column, and exit status 1 says the import did not happen. A file imported
before is refused unless --again, when importing it would change something
(RELIABILITY B4): re-importing an old count would undo the stock used since.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from inventory_app.cli.output import UsageProblem as UsageError  # wrong usage: exit 2
from inventory_app.cli.output import day, plural, print_json, shown
from inventory_app.core.importing.columns import FIELDS, parse_mapping
from inventory_app.core.importing.money import price_per_choice
from inventory_app.core.importing.readings import DATE_ORDERS
from inventory_app.core.importing.skus import parse_sku_choices
from inventory_app.core.importing.summary import columns_read, item_counts
from inventory_app.errors import ImportFileError

if TYPE_CHECKING:
    from inventory_app.core.importing.types import ImportPlan

# The spreadsheet and PDF libraries load only for the commands that write or read files
# (`documents.exports.EXPORTS` has these keys; a test keeps the two lists equal).
EXPORT_KINDS = ("inventory", "low-stock", "movements", "lots")

EXIT_OK, EXIT_REFUSED = 0, 1


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add this module's commands to the `inventory-app` parser."""
    imp = sub.add_parser(
        "import",
        parents=[common],
        help="import items and stock from a spreadsheet (.xlsx, .xlsm, .csv)",
        description="Preview and import a spreadsheet of items. Nothing is written when any row has "
        "an error, unless --only-valid. Quantities set on-hand; differences are recorded as "
        "'import' adjustments.",
    )
    imp.add_argument("file", metavar="FILE")
    imp.add_argument("--sheet", metavar="NAME", help="the sheet to read (default: the first)")
    imp.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="HEADER=FIELD",
        help=f"read the column HEADER as FIELD (or 'ignore'); fields: {', '.join(FIELDS)}",
    )
    imp.add_argument("--header-row", type=int, metavar="N", help="the header is on row N (default: found)")
    imp.add_argument(
        "--dates",
        choices=DATE_ORDERS,
        help="how the file writes dates such as 01/06/2019 when nothing in it tells: dmy (day first), "
        "mdy (month first) or ymd (year first)",
    )
    imp.add_argument(
        "--price-per",
        choices=("unit", "purchase-unit"),
        help="what the price column is the price of: unit (one unit of issue, multiplied by the pack "
        "size) or purchase-unit (one case, pack or box); default: what its heading says",
    )
    imp.add_argument(
        "--make-skus",
        action="store_true",
        help="a list without item codes: make each item's SKU from its name (shown in the preview)",
    )
    imp.add_argument(
        "--sku",
        action="append",
        default=[],
        metavar="ROW=SKU",
        help="with --make-skus: use SKU for the item on row ROW instead of the code made from its name "
        '(e.g. --sku "12=WRIST-S"; the row numbers are the preview\'s; repeat for more rows). The code '
        "must be unique in the file and not another item's",
    )
    imp.add_argument("--dry-run", action="store_true", help="only show what would happen")
    imp.add_argument(
        "--only-valid", action="store_true", help="import the valid rows, leave out rows with errors"
    )
    imp.add_argument("--again", action="store_true", help="import a file that was imported before")
    imp.set_defaults(handler=cmd_import)

    exp = sub.add_parser(
        "export", parents=[common], help="export to .xlsx or .csv: " + ", ".join(EXPORT_KINDS)
    )
    exp.add_argument("kind", choices=list(EXPORT_KINDS), metavar="KIND", help=" | ".join(EXPORT_KINDS))
    exp.add_argument("file", metavar="FILE", help="ends in .xlsx or .csv")
    exp.add_argument("--from", dest="start", metavar="YYYY-MM-DD", help="movements: first day (included)")
    exp.add_argument("--to", dest="end", metavar="YYYY-MM-DD", help="movements: last day (included)")
    exp.set_defaults(handler=cmd_export)

    tpl = sub.add_parser("template", parents=[common], help="save a blank import template (.xlsx)")
    tpl.add_argument("file", metavar="FILE")
    tpl.set_defaults(handler=cmd_template)


def _plan_json(plan: ImportPlan) -> dict[str, Any]:
    columns = plan.source.columns
    previous = plan.previous_import
    return {
        "file": plan.source.file_name,
        "sheet": plan.source.sheet,
        "header_row": columns.header_row,
        "columns": {read.field: read.to_json() for read in columns_read(columns)},
        "unknown_columns": [{"column": c, "header": h} for c, h in columns.unknown],
        "ignored_columns": [{"column": c, "header": h, "why": w} for c, h, w in columns.ignored],
        "counts": item_counts(plan).to_json(),  # items and lots, as the result counts them
        "row_counts": plan.counts,
        "read_as": plan.readings.to_json(),
        "price": plan.price.to_json() if plan.price is not None else None,
        "errors": [issue.to_json() for issue in plan.issues],
        "skipped": [{"row": s.row, "reason": s.reason} for s in plan.skipped],
        # Each row's lot: its number as written (null for a lot without one) and its expiry.
        "lots": [r.lot_json() for r in plan.rows if r.lot or r.expires],
        "made_skus": (
            [
                {
                    "row": r.row,
                    "sku": r.sku,
                    "typed": r.sku.lower() in plan.typed_skus,
                    "name": r.name,
                    "category": r.heading or None,
                }
                for r in plan.rows
            ]
            if columns.made_skus
            else None
        ),
        "new": {
            "suppliers": list(plan.new_suppliers),
            "categories": list(plan.new_categories),
            "locations": list(plan.new_locations),
        },
        "previous_import": (
            {"file": previous.file_name, "at": previous.at, "user": previous.user} if previous else None
        ),
    }


def _print_plan(plan: ImportPlan) -> None:
    columns = plan.source.columns
    print(
        f"{plan.source.file_name}, sheet “{plan.source.sheet}”: header on row {columns.header_row}, "
        f"{plural(len(plan.rows), 'row')}."
    )
    for read in columns_read(columns):
        print(f"  {shown(read.text())}")
    if plan.price is not None:
        print(f"  {shown(plan.price.text())}")
    print(f"  {item_counts(plan).text()}")
    for sentence in plan.readings.sentences():
        print(f"  {shown(sentence)}")
    for letter, header in columns.unknown:
        print(f"  Column {letter} “{shown(header)}” is not recognised and was ignored (map it with --map).")
    for letter, header, why in columns.ignored:
        print(f"  Column {letter} “{shown(header)}” ignored: {shown(why)}.")
    for skipped in plan.skipped:
        print(f"  Row {skipped.row}: {shown(skipped.reason)}.")
    if columns.made_skus:
        made = ", ".join(
            f"row {r.row} {shown(r.sku)}" + (" (typed)" if r.sku.lower() in plan.typed_skus else "")
            for r in plan.rows[:20]
            if r.sku
        )
        print(f"  SKUs made from the names: {made}" + (", …" if len(plan.rows) > 20 else ""))
    for what, names in (
        ("suppliers", plan.new_suppliers),
        ("categories", plan.new_categories),
        ("locations", plan.new_locations),
    ):
        if names:
            print(f"  New {what}: {shown(', '.join(names))}")
    issues = plan.issues
    if issues:
        print(f"Errors ({len(issues)}):")
        for issue in issues:
            print(f"  {shown(issue)}")


def cmd_import(args: argparse.Namespace) -> int:
    from inventory_app.core.importing.apply import apply_import
    from inventory_app.core.importing.plan import plan_import
    from inventory_app.core.importing.reading import DatesUnclear
    from inventory_app.documents.importing import read_import

    try:
        mapping = parse_mapping(args.map)
        skus = parse_sku_choices(args.sku)
    except ImportFileError as exc:
        raise UsageError(str(exc)) from None
    if skus and not args.make_skus:
        raise UsageError("--sku gives the SKUs of a list without item codes; use it with --make-skus")
    source = read_import(args.file, args.sheet, mapping, args.header_row, make_skus=args.make_skus)
    try:
        plan = plan_import(source, dates=args.dates, price_per=price_per_choice(args.price_per), skus=skus)
    except DatesUnclear as exc:
        raise ImportFileError(
            f"{exc} Nothing was imported; say how with --dates dmy (day first), --dates mdy "
            "(month first) or --dates ymd (year first).",
            row=exc.row,
            column=exc.column,
        ) from None
    output: dict[str, Any] = _plan_json(plan) if args.json else {}
    if not args.json:
        _print_plan(plan)
    refusal = None
    previous = plan.previous_import
    if plan.has_errors and not args.only_valid:
        errors = plan.counts["error"]
        valid = len(plan.rows) - errors
        kept = len(plan.kept_without_price)
        refusal = (
            f"{plural(errors, 'row')} with errors; nothing was imported "
            f"(fix them, or use --only-valid to import the other {valid}"
            + (f", and {plural(kept, 'row')} without its price" if kept else "")
            + ")."
        )
    elif previous is not None and plan.changes_anything and not args.again and not args.dry_run:
        refusal = (
            f"{plan.source.file_name} was imported before ({previous.at} by {previous.user or 'someone'}); "
            "nothing was imported. Use --again to import it anyway."
        )
    result = None
    if refusal is None and not args.dry_run and plan.changes_anything:
        result = apply_import(plan, only_valid=args.only_valid)
    if args.json:
        output.update(
            dry_run=bool(args.dry_run),
            applied=result is not None,
            result=result.to_json() if result else None,
        )
        print_json(output)
    elif previous is not None and not plan.changes_anything:
        print(f"This file was imported before ({previous.at}); there is nothing to change.")
    elif args.dry_run:
        print("Dry run: nothing was written.")
    elif result is not None:
        print(
            f"Imported: {plural(result.created, 'item')} created, {result.updated} updated, "
            f"{result.unchanged} unchanged, "
            + (f"{plural(result.new_lots, 'new lot')}, " if result.new_lots else "")
            + (
                f"{plural(result.without_price, 'row')} without its price (the cell was not valid), "
                if result.without_price
                else ""
            )
            + f"{plural(result.movements, 'stock movement')} recorded"
            + (
                f"; {plural(result.not_imported, 'row')} with errors left out."
                if result.not_imported
                else "."
            )
        )
    elif refusal is None:
        print("Nothing to change.")
    if refusal is not None:
        print(f"inventory-app: {refusal}", file=sys.stderr)
        return EXIT_REFUSED
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from inventory_app.documents.exports import EXPORTS

    start, end = day(args.start, "--from"), day(args.end, "--to")
    if args.kind != "movements" and (start or end):
        raise UsageError("--from and --to only apply to the movements export")
    if start and end and start > end:
        raise UsageError("--from is after --to")
    export = EXPORTS[args.kind]
    count = export(args.file, start, end) if args.kind == "movements" else export(args.file)
    if args.json:
        print_json({"kind": args.kind, "file": args.file, "rows": count})
    else:
        print(f"Wrote {plural(count, 'row')} to {args.file}.")
    return EXIT_OK


def cmd_template(args: argparse.Namespace) -> int:
    from inventory_app.documents.template import write_template

    write_template(args.file)
    if args.json:
        print_json({"file": args.file})
    else:
        print(f"Wrote the import template to {args.file}.")
    return EXIT_OK
