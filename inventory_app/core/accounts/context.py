"""Who is acting: recorded on every movement and change, and checked before admin actions.

The desktop app and the command line set the signed-in account with
`set_current_actor`. Until an office creates its first account (a new
database), nobody has to sign in and whoever runs the program may set it up.
Once accounts exist, administrator actions need a signed-in administrator:
`require_admin` is called by the core services themselves, so a hidden button
is never the only guard.
"""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum

from inventory_app.db.transaction import operation


class Role(StrEnum):
    ADMIN = "admin"
    STAFF = "staff"

    @property
    def label(self) -> str:
        return "Administrator" if self is Role.ADMIN else "Staff"


@dataclass(frozen=True, slots=True)
class Actor:
    """The signed-in account."""

    name: str
    role: Role

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN


_current_actor: Actor | None = None
_current_user: str | None = None


def current_actor() -> Actor | None:
    return _current_actor


def set_current_actor(actor: Actor | None) -> None:
    """Sign `actor` in for this process (None signs out)."""
    global _current_actor
    _current_actor = actor


def current_user() -> str:
    """The name written on movements and audit events."""
    if _current_actor is not None:
        return _current_actor.name
    if _current_user:
        return _current_user
    try:
        return getpass.getuser()
    except Exception:  # no login name on this system
        return "unknown"


def set_current_user(name: str | None) -> None:
    """Name the person acting when nobody signs in (a database without accounts)."""
    global _current_user
    _current_user = name.strip() if name else None


@contextmanager
def one_request(key: str) -> Iterator[None]:
    """Save the write inside at most once for `key` (one press of OK): the same key again raises
    DuplicateOperation instead of saving twice (RELIABILITY B4)."""
    with operation(key):
        yield
