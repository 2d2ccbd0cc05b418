"""The command line: `inventory-app` and `python -m inventory_app` (the commands are in
`cli.commands`).

Starting is kept as light as the command allows: `--version` imports nothing of the app,
and the PostgreSQL driver, spreadsheet and PDF libraries and the password hasher are
imported only by the commands that use them.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from inventory_app import __version__

PROG = "inventory-app"


def _asks_only_version(argv: Sequence[str]) -> bool:
    """`--version` before any command (what argparse would answer without the app)."""
    for arg in argv:
        if arg == "--version":
            return True
        if not arg.startswith("-"):
            return False
    return False


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if _asks_only_version(args):
        print(f"{PROG} {__version__}")
        return 0
    from inventory_app.db.drivers import defer_postgres_driver

    defer_postgres_driver()  # an office on a SQLite file never loads it
    from inventory_app.cli.commands import main as run

    return run(args)
