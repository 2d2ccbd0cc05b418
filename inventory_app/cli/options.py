"""The options every command takes, before or after its name: the database, --new, --json
and who acts (--user, password from $INVENTORY_APP_PASSWORD)."""

from __future__ import annotations

import argparse

PASSWORD_VAR = "INVENTORY_APP_PASSWORD"


def common_options(*, with_user: bool = True) -> argparse.ArgumentParser:
    """Options accepted before and after the command (`with_user=False` where --user filters)."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        default=argparse.SUPPRESS,
        metavar="PATH_OR_URL",
        help="database file or postgresql://user@host/dbname (default: $INVENTORY_APP_DB, "
        "then the file in your data folder)",
    )
    common.add_argument(
        "--new",
        action="store_true",
        default=argparse.SUPPRESS,
        help="create the inventory named by --db (or $INVENTORY_APP_DB) if it is not there yet; "
        "without it a name that does not exist is refused",
    )
    common.add_argument(
        "--json", action="store_true", default=argparse.SUPPRESS, help="machine-readable output"
    )
    if with_user:
        common.add_argument(
            "--user",
            default=argparse.SUPPRESS,
            metavar="NAME",
            help=f"act as this user (password from ${PASSWORD_VAR}, or asked); "
            "needed once the inventory has user accounts",
        )
    return common
