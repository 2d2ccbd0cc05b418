"""Who may do what: the account's role as the database says now, read at every
administrator action (an administrator demoted or disabled on another workstation loses the
right at once), and the check itself, `require_admin`."""

from __future__ import annotations

from inventory_app.core.accounts.context import Role, current_actor
from inventory_app.db.models import UserAccount
from inventory_app.db.transaction import read_guard
from inventory_app.errors import PermissionDenied


def name_key(name: str) -> str:
    """A name as accounts are compared: spaces tidied, case folded."""
    return " ".join(str(name or "").split()).casefold()


@read_guard
def has_accounts() -> bool:
    """True once the office has created its first account (sign-in is then required)."""
    return UserAccount.select().exists()


@read_guard
def active_role(name: str) -> Role | None:
    """The role the account holds now; None when it is disabled or does not exist.

    Read at every administrator action, so a role taken away on another workstation
    counts at once, not at the next sign-in."""
    row = (
        UserAccount.select(UserAccount.role, UserAccount.active)
        .where(UserAccount.name_key == name_key(name))
        .tuples()
        .first()
    )
    if row is None or not row[1]:
        return None
    return Role(row[0])


def require_admin(action: str) -> None:
    """Refuse `action` ("restore a backup") unless an administrator is signed in.

    The account's role is read from the database each time, so an administrator
    demoted or disabled on another workstation loses the right at once. A database
    without accounts has nobody to ask yet: its user may set it up."""
    actor = current_actor()
    if actor is None:
        if has_accounts():
            raise PermissionDenied(f"Only an administrator can {action}. Sign in as an administrator first.")
        return
    role = active_role(actor.name)
    if role is Role.ADMIN:
        return
    if role is None:
        if not has_accounts():
            return
        raise PermissionDenied(
            f"Only an administrator can {action}. The account {actor.name} is disabled or no longer "
            "exists; sign in again."
        )
    raise PermissionDenied(f"Only an administrator can {action}. You are signed in as {actor.name} (staff).")
