"""Backups on the command line.

    inventory-app backup [FILE]       a new file in the backups folder, or FILE (administrators);
                                      prints the path
    inventory-app backups             the backups in the folder, newest first
    inventory-app restore FILE [--yes] [--no-accounts-ok]

`backup FILE` writes where one chooses, so it is for administrators (a backup
holds every password hash); anyone may back up into the backups folder.
`restore` replaces the whole database (administrators only) after saving the
current state; it asks on a terminal unless `--yes` is given. A backup without
user accounts into an office that has accounts would turn sign-in off: it is
refused unless `--no-accounts-ok` is given. A PostgreSQL
database is backed up with the server's own tools: the commands exit 1 and
print the pg_dump (or pg_restore) command to run.

Exit codes as everywhere: 0 done, 1 refused (message on stderr), 2 wrong usage.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from inventory_app.cli.output import UsageProblem as UsageError  # wrong usage: exit 2
from inventory_app.cli.output import plural, print_json, table
from inventory_app.core.backups import backup as backups
from inventory_app.core.backups.backup import BackupInfo, BackupProblem
from inventory_app.db.connection import current_database
from inventory_app.db.session import close_database

EXIT_OK = 0


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add `backup`, `backups` and `restore` to the `inventory-app` parser."""
    backup = sub.add_parser(
        "backup",
        parents=[common],
        help="copy the database (checked) into the backups folder, or to FILE (administrators)",
    )
    backup.add_argument(
        "file", metavar="FILE", nargs="?", help="where to write the backup (administrators only)"
    )
    backup.set_defaults(handler=cmd_backup)

    listing = sub.add_parser("backups", parents=[common], help="the backups in the backups folder")
    listing.add_argument("--check", action="store_true", help="also check every page of each backup (slower)")
    listing.set_defaults(handler=cmd_backups)

    restore = sub.add_parser(
        "restore",
        parents=[common],
        help="replace the database with a backup (administrators; the current state is saved first)",
    )
    restore.add_argument("file", metavar="FILE", help="the backup file")
    restore.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    restore.add_argument(
        "--no-accounts-ok",
        action="store_true",
        help="restore a backup without user accounts although this office has some (sign-in will be off)",
    )
    restore.set_defaults(handler=cmd_restore)


def _info_json(info: BackupInfo) -> dict[str, Any]:
    return {
        "path": str(info.path),
        "taken_at": info.taken_at.isoformat(timespec="seconds") if info.taken_at else None,
        "size_bytes": info.size_bytes,
        "schema_version": info.schema_version,
        "items": info.item_count,
        "last_movement_utc": info.last_movement.isoformat(timespec="seconds") if info.last_movement else None,
        "problem": info.problem,
        "note": info.note,
    }


def _size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(size // 1024, 1)} KB"


def _taken(info: BackupInfo) -> str:
    return f"{info.taken_at:%Y-%m-%d %H:%M:%S}" if info.taken_at else "unknown"


def cmd_backup(args: argparse.Namespace) -> int:
    path = backups.backup_to(Path(args.file)) if args.file else backups.backup_now()
    if args.json:
        print_json(_info_json(backups.inspect_backup(path, thorough=False)))
    else:
        print(f"Backed up to {path}")
    return EXIT_OK


def cmd_backups(args: argparse.Namespace) -> int:
    folder = backups.backup_folder()
    rows = backups.list_backups(folder, thorough=args.check)
    if args.json:
        print_json([_info_json(info) for info in rows])
        return EXIT_OK
    table(
        ["Taken", "Items", "Last movement (UTC)", "Size", "File", "Problem or note"],
        [
            [
                _taken(info),
                "" if info.item_count is None else info.item_count,
                f"{info.last_movement:%Y-%m-%d %H:%M}" if info.last_movement else "",
                _size(info.size_bytes),
                info.path.name,
                info.problem or info.note,
            ]
            for info in rows
        ],
    )
    print(f"\n{plural(len(rows), 'backup')} in {folder}")
    return EXIT_OK


def _confirm(info: BackupInfo) -> bool:
    items = "" if info.item_count is None else f", {plural(info.item_count, 'item')}"
    question = (
        f"Replace the whole database with the backup taken {_taken(info)}{items}? "
        "The current state is saved first. [y/N] "
    )
    try:
        answer = input(question)
    except EOFError:
        return False
    return answer.strip().lower() in ("y", "yes")


def cmd_restore(args: argparse.Namespace) -> int:
    path = Path(args.file).expanduser()
    if not args.yes:
        if sys.stdin is None or not sys.stdin.isatty():
            raise UsageError("restore replaces the whole database: add --yes to confirm")
        info = backups.inspect_backup(path)
        if info.problem:
            raise BackupProblem(f"{path.name} cannot be restored: {info.problem} Nothing was changed.")
        if not _confirm(info):
            print("Nothing was restored.")
            return EXIT_OK
    try:
        safety = backups.restore(path, allow_no_accounts=args.no_accounts_ok)
    except backups.NoAccountsInBackup as exc:
        raise backups.NoAccountsInBackup(
            f"{path.name} has no user accounts: after restoring it sign-in is off and anyone can make "
            "themselves administrator. Add --no-accounts-ok to restore it anyway with sign-in off. "
            "Nothing was changed."
        ) from exc
    finally:
        close_database(current_database())  # the restored database was opened by the restore
    info = backups.inspect_backup(path, thorough=False)
    if args.json:
        print_json({"restored": _info_json(info), "saved_before": str(safety)})
    else:
        items = "" if info.item_count is None else f" ({plural(info.item_count, 'item')})"
        print(f"Restored the backup taken {_taken(info)}{items} from {path}.")
        print(f"The database as it was before is saved as {safety}")
    return EXIT_OK
