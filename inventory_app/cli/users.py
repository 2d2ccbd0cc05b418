"""User accounts and the audit log on the command line.

    users add NAME [--role admin|staff]   the first one is the office's administrator
    users list
    users disable NAME | users enable NAME
    users reset-password NAME             also unlocks a locked account
    users role NAME admin|staff
    audit [--user U] [--action A] [--since DAY] [--until DAY] [--limit N]

A new password comes from $INVENTORY_APP_NEW_PASSWORD or is asked twice on the
terminal. Who may do what is decided by the core (administrators only for the
`users` commands); a refusal exits 1 with its message. The audit log is for
administrators too, as in the desktop app. The audit log's
`--user` filters the log: to sign in for `audit`, put `--user NAME` before it.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from datetime import UTC, datetime
from typing import Any

from inventory_app.cli.options import common_options
from inventory_app.cli.output import UsageProblem as UsageError  # wrong usage: exit 2
from inventory_app.cli.output import day, print_json, shown, table, whole
from inventory_app.core.accounts import audit, audit_query
from inventory_app.core.accounts import users as accounts
from inventory_app.core.accounts.audit import LABELS, AuditRow
from inventory_app.core.accounts.context import Role
from inventory_app.core.accounts.roles import require_admin
from inventory_app.core.times import local_time
from inventory_app.errors import ValidationError

EXIT_OK = 0
NEW_PASSWORD_VAR = "INVENTORY_APP_NEW_PASSWORD"
AUDIT_LIMIT = 200


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add `users` and `audit` to the `inventory-app` parser."""

    parser = sub.add_parser("users", parents=[common], help="user accounts (administrators)")
    actions = parser.add_subparsers(dest="users_action", metavar="ACTION", required=True)

    add = actions.add_parser(
        "add",
        parents=[common],
        help=f"add a user (password from ${NEW_PASSWORD_VAR}, or asked twice); "
        "the first user is the administrator",
    )
    add.add_argument("name", metavar="NAME")
    add.add_argument("--role", choices=[r.value for r in Role], help="admin or staff (default: staff)")
    add.set_defaults(handler=cmd_add)

    listing = actions.add_parser("list", parents=[common], help="the users, their role and state")
    listing.set_defaults(handler=cmd_list)

    for name, helptext, handler in (
        ("disable", "stop a user from signing in (their records stay)", cmd_disable),
        ("enable", "let a disabled user sign in again", cmd_enable),
        ("reset-password", f"set a new password (from ${NEW_PASSWORD_VAR}, or asked); unlocks", cmd_reset),
    ):
        action = actions.add_parser(name, parents=[common], help=helptext)
        action.add_argument("name", metavar="NAME")
        action.set_defaults(handler=handler)

    role = actions.add_parser("role", parents=[common], help="make a user an administrator or staff")
    role.add_argument("name", metavar="NAME")
    role.add_argument("role", metavar="ROLE", choices=[r.value for r in Role], help="admin or staff")
    role.set_defaults(handler=cmd_role)

    log = sub.add_parser(
        "audit",
        parents=[common_options(with_user=False)],
        help="the audit log: who did what, when (newest first, local time)",
        description="The audit log, newest first, in local time. To sign in, put --user NAME "
        "before `audit`; after it, --user filters the log.",
    )
    log.add_argument("--user", dest="filter_user", metavar="NAME", help="only events by this user")
    log.add_argument("--action", metavar="ACTION", help="only this action, e.g. 'sign-in failed'")
    log.add_argument("--since", metavar="YYYY-MM-DD", help="from this day")
    log.add_argument("--until", metavar="YYYY-MM-DD", help="up to and including this day")
    log.add_argument(
        "--limit",
        metavar="N",
        type=whole(0),
        default=AUDIT_LIMIT,
        help=f"at most N events (default {AUDIT_LIMIT}; 0: all)",
    )
    log.set_defaults(handler=cmd_audit)


# ---------------------------------------------------------------- passwords


def _new_password(name: str) -> str:
    """A new password for `name`: from the environment, or typed twice without echo."""
    given = os.environ.get(NEW_PASSWORD_VAR)
    if given:
        return accounts.check_password_rules(given)
    if sys.stdin is None or not sys.stdin.isatty():
        raise UsageError(
            f"No new password for {name}: set {NEW_PASSWORD_VAR}, or run the command in a terminal "
            "to be asked."
        )
    try:
        first = accounts.check_password_rules(getpass.getpass(f"New password for {name}: "))
        again = getpass.getpass("Type it again: ")
    except EOFError:
        raise UsageError(f"No new password was typed for {name}.") from None
    if again != first:
        raise ValidationError("password", "The two passwords are not the same; nothing was changed.")
    return first


# ---------------------------------------------------------------- users


def _local(when: datetime | None) -> str:
    return local_time(when).strftime("%Y-%m-%d %H:%M") if when is not None else ""


def _utc_iso(when: datetime | None) -> str | None:
    return when.replace(tzinfo=UTC).isoformat() if when is not None else None


def cmd_add(args: argparse.Namespace) -> int:
    if not accounts.has_accounts():
        if args.role == Role.STAFF.value:
            raise ValidationError(
                "role", "The first user must be an administrator: leave out --role staff, add staff later."
            )
        actor = accounts.create_first_admin(args.name, _new_password(args.name))
        if args.json:
            print_json({"name": actor.name, "role": actor.role.value, "first": True})
        else:
            print(
                f"Added {actor.name}, the administrator. From now on every command needs "
                f"--user NAME and that user's password."
            )
        return EXIT_OK
    require_admin("add users")  # before asking for a password nobody may set
    row = accounts.add_user(args.name, _new_password(args.name), args.role or Role.STAFF)
    if args.json:
        print_json(_user_json(row))
    else:
        print(f"Added {shown(row.name)} ({row.role.label.lower()}).")
    return EXIT_OK


def _user_json(row: accounts.UserRow) -> dict[str, Any]:
    return {
        "name": row.name,
        "role": row.role.value,
        "active": row.active,
        "locked_until": _utc_iso(row.locked_until),
        "last_sign_in": _utc_iso(row.last_sign_in),
    }


def cmd_list(args: argparse.Namespace) -> int:
    rows = accounts.list_users()
    if args.json:
        print_json([_user_json(r) for r in rows])
        return EXIT_OK
    now = datetime.now(UTC).replace(tzinfo=None)
    table(
        ["Name", "Role", "State", "Last sign-in"],
        [
            [
                r.name,
                r.role.label,
                "disabled"
                if not r.active
                else f"locked until {_local(r.locked_until)}"
                if r.locked_until is not None and r.locked_until > now
                else "active",
                _local(r.last_sign_in) or "never",
            ]
            for r in rows
        ],
    )
    return EXIT_OK


def _done(args: argparse.Namespace, row: accounts.UserRow, text: str) -> int:
    if args.json:
        print_json(_user_json(row))
    else:
        print(text)
    return EXIT_OK


def cmd_disable(args: argparse.Namespace) -> int:
    row = accounts.set_active(args.name, False)
    return _done(args, row, f"{row.name} is disabled and can no longer sign in.")


def cmd_enable(args: argparse.Namespace) -> int:
    row = accounts.set_active(args.name, True)
    return _done(args, row, f"{row.name} can sign in again.")


def cmd_reset(args: argparse.Namespace) -> int:
    require_admin("reset passwords")  # before asking for a password nobody may set
    row = accounts.reset_password(args.name, _new_password(args.name))
    return _done(args, row, f"{row.name} has a new password (and is unlocked).")


def cmd_role(args: argparse.Namespace) -> int:
    row = accounts.set_role(args.name, args.role)
    return _done(args, row, f"{row.name} is now {row.role.label.lower()}.")


# ---------------------------------------------------------------- audit log


def _action_code(text: str | None) -> str:
    if not text:
        return ""
    wanted = " ".join(text.split()).casefold()
    for code, label in LABELS.items():
        if wanted in (code.casefold(), label.casefold()):
            return code
    raise UsageError(f"no action {text!r}; the actions are: {', '.join(LABELS)}")


def _logged_name(text: str | None) -> str:
    """The name as the log spells it ("ana" finds "Ana"); as typed when it is not in the log."""
    wanted = " ".join((text or "").split())
    for name in audit.users_in_log() if wanted else ():
        if name.casefold() == wanted.casefold():
            return name
    return wanted


def _event_json(row: AuditRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "at": _utc_iso(row.at),
        "local_time": local_time(row.at).isoformat(sep=" ", timespec="seconds"),
        "user": row.user,
        "action": row.action,
        "action_label": row.action_label,
        "object": row.object,
        "detail": row.detail,
    }


def cmd_audit(args: argparse.Namespace) -> int:
    require_admin("see the audit log")  # as in the desktop app, where staff have no audit page
    start, end = day(args.since, "--since"), day(args.until, "--until")
    if start is not None and end is not None and start > end:
        raise UsageError("--since is after --until")
    if args.limit < 0:
        raise UsageError("--limit needs 0 (all) or more")
    found = audit_query.AuditFilter(
        user=_logged_name(args.filter_user), action=_action_code(args.action), start=start, end=end
    )
    rows = audit_query.find(found, limit=args.limit or None)
    if args.json:
        print_json([_event_json(r) for r in rows])
        return EXIT_OK
    table(
        ["When", "User", "Action", "Object", "Detail"],
        [
            [
                local_time(r.at).strftime("%Y-%m-%d %H:%M:%S"),
                r.user,
                r.action_label,
                r.object[:40],
                " ".join(r.detail.split())[:80],
            ]
            for r in rows
        ],
    )
    total = audit_query.count(found) if args.limit and len(rows) == args.limit else len(rows)
    more = f" (the newest {len(rows)} of {total}; --limit 0 shows all)" if total > len(rows) else ""
    print(f"\n{total} event{'s' if total != 1 else ''}{more}")
    return EXIT_OK
