"""User accounts: the first administrator, sign-in with lockout, and account upkeep.

Passwords are kept only as Argon2id hashes (argon2-cffi with its recommended
parameters, which exceed OWASP's minimum). An unknown name and a wrong password
get the same message and cost the same hashing time. Five failed attempts in a
row lock the account for five minutes; each failure is written to the audit
log with the name that was typed, never the password.

A name that belongs to nobody is answered the same way, lock included: after five failures
in a row it is "locked" for five minutes too, so the lock does not tell which names exist.
Its count is kept in the settings table under a keyed hash of the case-folded name (no
account is made, and the typed text, maybe a password typed into the name field, is not
kept): in the database rather than in memory, so every workstation and every command-line
run counts the same failures, as they do for a real account. A count whose lock has ended is
deleted at the next sign-in attempt, in its transaction, so locks of names that are never typed
again do not pile up.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import secrets
from collections.abc import Collection
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple

from peewee import fn

if TYPE_CHECKING:
    from argon2 import PasswordHasher

from inventory_app.core.accounts import audit
from inventory_app.core.accounts.audit import Action
from inventory_app.core.accounts.context import Actor, Role, current_actor

# Asked of accounts by their callers: the role and whether sign-in is on.
from inventory_app.core.accounts.roles import active_role as active_role
from inventory_app.core.accounts.roles import has_accounts as has_accounts
from inventory_app.core.accounts.roles import name_key, require_admin
from inventory_app.core.changes import records
from inventory_app.db.connection import current_database, is_sqlite
from inventory_app.db.models import Setting, UserAccount
from inventory_app.db.transaction import read_guard, write_unit
from inventory_app.errors import NotFound, PermissionDenied, SignInFailed, ValidationError

MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 1024
MAX_FAILED_ATTEMPTS = 5
LOCKOUT = timedelta(minutes=5)
WRONG_NAME_OR_PASSWORD = "Wrong name or password."
WRONG_PASSWORD = "Wrong password."
UNKNOWN_NAME = "(unknown name)"
# Settings rows (not office settings): the key of the name hash, and one count per unknown name.
_UNKNOWN_SECRET = "sign_in.unknown_names_key"
_UNKNOWN_PREFIX = "sign_in.unknown:"


@functools.cache
def _hasher() -> PasswordHasher:
    """Argon2id with the library's defaults, loaded on first use (commands that check no
    password never load it)."""
    from argon2 import PasswordHasher

    return PasswordHasher()


# Verified when the name is unknown, so both failures take the same time. Made at the first
# failure that needs it, not at start-up: hashing takes a tenth of a second and 64 MiB.
_dummy: list[str] = []


def _dummy_hash() -> str:
    if not _dummy:
        _dummy.append(_hasher().hash("not a password of anyone"))
    return _dummy[0]


class UserRow(NamedTuple):
    name: str
    role: Role
    active: bool
    locked_until: datetime | None
    last_sign_in: datetime | None


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _server_now() -> datetime:
    """The database server's time, as naive UTC: lockouts are set and compared with it, so a
    workstation whose clock is ahead cannot end a lock early. On SQLite the one machine's
    clock is the server's."""
    if is_sqlite():
        return _now()
    value = current_database().execute_sql("SELECT now() AT TIME ZONE 'UTC'").fetchone()[0]
    return _utc(_as_datetime(value))


def _utc(now: datetime | None) -> datetime:
    """`now` as the naive UTC time the accounts table keeps (naive input is UTC already)."""
    if now is None:
        return _now()
    return now.astimezone(UTC).replace(tzinfo=None) if now.tzinfo is not None else now


def clean_name(name: object) -> str:
    text = " ".join(str(name or "").split())
    if not text:
        raise ValidationError("name", "Enter a name.")
    if len(text) > 100:
        raise ValidationError("name", "A name can be at most 100 characters.")
    if any(ord(ch) < 32 for ch in text):
        raise ValidationError("name", "A name cannot contain control characters.")
    return text


def check_password_rules(password: object) -> str:
    """The password as given, when it is acceptable (its text never goes into a message)."""
    text = password if isinstance(password, str) else ""
    if len(text) < MIN_PASSWORD_LENGTH:
        raise ValidationError("password", f"A password needs at least {MIN_PASSWORD_LENGTH} characters.")
    if len(text) > MAX_PASSWORD_LENGTH:
        raise ValidationError("password", f"A password can be at most {MAX_PASSWORD_LENGTH} characters.")
    if not text.strip():
        raise ValidationError("password", "A password cannot be only spaces.")
    return text


def hash_password(password: str) -> str:
    return _hasher().hash(check_password_rules(password))


def _role(value: object) -> Role:
    try:
        return Role(str(value).strip().lower())
    except ValueError:
        raise ValidationError("role", "The role must be administrator (admin) or staff.") from None


def _as_datetime(value: object) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def _row(account: UserAccount) -> UserRow:
    return UserRow(
        account.name,
        Role(account.role),
        bool(account.active),
        _as_datetime(account.locked_until),
        _as_datetime(account.last_sign_in),
    )


def _account(name: str) -> UserAccount:
    account = UserAccount.get_or_none(UserAccount.name_key == name_key(name))
    if account is None:
        raise NotFound(f"There is no user called {name}.")
    return account


@read_guard
def account_keys() -> frozenset[str]:
    """Every account's name as compared (trimmed, case-folded), enabled or not: for `shown_user`."""
    return frozenset(key for (key,) in UserAccount.select(UserAccount.name_key).tuples())  # type: ignore[has-type, misc]  # peewee types .tuples() rows as models


def shown_user(recorded: str | None, keys: Collection[str]) -> str:
    """Who did something, as the app shows it: the name recorded while an account was signed in,
    and nothing for work recorded without an account.

    Without accounts the operating-system login is recorded ("root", "frontdesk"), which names
    nobody in the office; it stays in the stored history (old databases are left as they are)
    and is only not shown. `keys` is `account_keys()`, read once per screen."""
    return recorded if recorded and name_key(recorded) in keys else ""


@read_guard
@read_guard
def list_users() -> list[UserRow]:
    require_admin("see the user accounts")
    return [_row(a) for a in UserAccount.select().order_by(UserAccount.name_key)]


def _create(name: str, password: str, role: Role) -> UserAccount:
    name = clean_name(name)
    if UserAccount.select().where(UserAccount.name_key == name_key(name)).exists():
        raise ValidationError("name", f"There is already a user called {name}.")
    return UserAccount.create(
        name=name,
        name_key=name_key(name),
        role=role.value,
        password_hash=hash_password(password),
        created_at=_now(),
    )


@records(accounts=True)
@write_unit
def create_first_admin(name: str, password: str) -> Actor:
    """The first account of a new office; refused once any account exists."""
    if not is_sqlite():
        # Two workstations setting up at once must not both become the first administrator
        # (SQLite's BEGIN IMMEDIATE already lets one writer in at a time).
        current_database().execute_sql("LOCK TABLE user_account IN SHARE ROW EXCLUSIVE MODE")
    if UserAccount.select().exists():
        raise PermissionDenied("The first administrator was already created; sign in instead.")
    account = _create(name, password, Role.ADMIN)
    audit.record(Action.USER, account.name, "first administrator created", user=account.name)
    return Actor(account.name, Role.ADMIN)


@records(accounts=True)
@write_unit
def add_user(name: str, password: str, role: Role | str = Role.STAFF) -> UserRow:
    require_admin("add users")
    account = _create(name, password, _role(role))
    audit.record(Action.USER, account.name, f"added as {Role(account.role).label.lower()}")
    return _row(account)


def _locking(query: Any) -> Any:
    """`query` locking its rows until the transaction ends, on PostgreSQL, so two workstations
    changing the same accounts take turns. (SQLite's BEGIN IMMEDIATE already lets one writer in.)"""
    return query.for_update() if getattr(current_database(), "for_update", False) else query


def _active_admins() -> int:
    query = UserAccount.select(UserAccount.id).where(
        (UserAccount.role == Role.ADMIN.value) & (UserAccount.active == True)  # noqa: E712
    )
    return len(list(_locking(query)))


def _refuse_losing_last_admin(account: UserAccount, what: str) -> None:
    if account.role == Role.ADMIN.value and account.active and _active_admins() <= 1:
        raise PermissionDenied(
            f"{account.name} is the only administrator; {what} would leave nobody to manage."
        )


@records(accounts=True)
@write_unit
def set_active(name: str, active: bool) -> UserRow:
    require_admin("disable or enable users")
    account = _account(name)
    if not active:
        actor = current_actor()
        if actor is not None and name_key(actor.name) == account.name_key:
            raise PermissionDenied("You cannot disable your own account.")
        _refuse_losing_last_admin(account, "disabling them")
    account.active = active
    account.failed_attempts = 0
    account.locked_until = None
    account.save()
    audit.record(Action.USER, account.name, "enabled" if active else "disabled")
    return _row(account)


@records(accounts=True)
@write_unit
def set_role(name: str, role: Role | str) -> UserRow:
    require_admin("change roles")
    account = _account(name)
    new = _role(role)
    if new.value == account.role:
        return _row(account)
    if new is Role.STAFF:
        _refuse_losing_last_admin(account, "making them staff")
    old = Role(account.role)
    account.role = new.value
    account.save()
    audit.record(Action.ROLE, account.name, f"{old.label} → {new.label}")
    return _row(account)


@records(accounts=True)
@write_unit
def reset_password(name: str, new_password: str) -> UserRow:
    """An administrator sets a new password; the account is also unlocked."""
    require_admin("reset passwords")
    account = _account(name)
    account.password_hash = hash_password(new_password)
    account.failed_attempts = 0
    account.locked_until = None
    account.save()
    audit.record(Action.PASSWORD, account.name, "reset by an administrator")
    return _row(account)


@records(accounts=True)
def change_own_password(current_password: str, new_password: str) -> None:
    """Change the signed-in person's own password. The current password is checked as a
    sign-in is, in a transaction of its own: wrong ones count towards the lockout (someone at
    an unattended, unlocked screen cannot guess in this dialog either)."""
    actor = current_actor()
    if actor is None:
        raise PermissionDenied("Sign in first.")
    checked = _attempt(
        actor.name, current_password, None, Action.PASSWORD_CHECK, Action.PASSWORD_CHECK_FAILED
    )
    if checked.actor is None:
        refusal = checked.refusal
        if refusal in (WRONG_NAME_OR_PASSWORD, WRONG_PASSWORD):
            refusal = "The current password is not right."
        raise ValidationError("current_password", refusal)
    _set_own_password(actor.name, new_password)


@write_unit
def _set_own_password(name: str, new_password: str) -> None:
    account = _account(name)
    account.password_hash = hash_password(new_password)
    account.save()
    audit.record(Action.PASSWORD, account.name, "changed by its owner")


def _verify(password_hash: str, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

    try:
        return bool(_hasher().verify(password_hash, password))
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


class _Attempt(NamedTuple):
    actor: Actor | None
    refusal: str


def _locked_text(until: datetime, now: datetime) -> str:
    minutes = max(1, int((until - now).total_seconds() + 59) // 60)
    return (
        f"This account is locked after {MAX_FAILED_ATTEMPTS} wrong passwords. "
        f"Try again in {minutes} minute{'s' if minutes != 1 else ''}, or ask an administrator "
        "to reset the password."
    )


def _unknown_row(typed: str) -> Setting:
    """The failure count of a name that belongs to nobody, locked until this attempt commits."""
    Setting.insert(key=_UNKNOWN_SECRET, value=secrets.token_hex(32)).on_conflict_ignore().execute()
    secret = Setting.get_by_id(_UNKNOWN_SECRET).value
    digest = hmac.new(secret.encode(), name_key(typed).encode(), hashlib.sha256).hexdigest()
    key = _UNKNOWN_PREFIX + digest
    Setting.insert(key=key, value="0").on_conflict_ignore().execute()
    row: Setting = _locking(Setting.select().where(Setting.key == key)).first()  # inserted above
    return row


def _prune_unknown(now: datetime) -> None:
    """Delete the counts of unknown names whose lock has ended: such a row ("0 <until>") says
    no more than no row at all, as an account whose lock ended starts counting from zero.
    Counts below the lock stay, as an account's do, so an unknown name answers the same."""
    Setting.delete().where(
        Setting.key.startswith(_UNKNOWN_PREFIX),
        Setting.value.startswith("0 "),
        fn.SUBSTR(Setting.value, 3) <= now.isoformat(),  # ISO times compare as text
    ).execute()


def _unknown_failure(typed: str, now: datetime) -> tuple[datetime | None, str]:
    """Count a failure for an unknown name as for an account: (locked until, audit detail)."""
    row = _unknown_row(typed)
    count_text, _, until_text = str(row.value).partition(" ")
    try:
        failed = int(count_text)
        locked_until = datetime.fromisoformat(until_text) if until_text else None
    except ValueError:
        failed, locked_until = 0, None
    detail = f"unknown name ({len(typed)} characters)"
    if locked_until is not None and locked_until > now:
        return locked_until, detail + "; locked"
    failed += 1
    if failed >= MAX_FAILED_ATTEMPTS:
        failed, locked_until = 0, now + LOCKOUT
        detail += f"; {MAX_FAILED_ATTEMPTS} in a row, locked until {locked_until:%H:%M} UTC"
    row.value = f"{failed} {locked_until.isoformat() if locked_until else ''}".strip()
    row.save()
    return (locked_until if locked_until is not None and locked_until > now else None), detail


@write_unit
def _attempt(name: str, password: str, at: datetime | None, success: str, failure: str) -> _Attempt:
    now = _utc(at) if at is not None else _server_now()
    typed = " ".join(str(name or "").split())[:100]
    _prune_unknown(now)  # at every attempt, known name or not, so both take the same steps
    # Locked until this attempt commits: attempts in parallel count every failure.
    account = (
        _locking(UserAccount.select().where(UserAccount.name_key == name_key(typed))).first()
        if typed
        else None
    )
    if account is None:
        _verify(_dummy_hash(), password)
        # What was typed is not kept: it may be a password typed into the name field.
        locked_until, detail = (
            _unknown_failure(typed, now) if typed else (None, "unknown name (0 characters)")
        )
        audit.record(failure, UNKNOWN_NAME, detail, user=UNKNOWN_NAME)
        if locked_until is not None:
            return _Attempt(None, _locked_text(locked_until, now))
        return _Attempt(None, WRONG_NAME_OR_PASSWORD)
    locked_until = _as_datetime(account.locked_until)
    if locked_until is not None and locked_until > now:
        _verify(_dummy_hash(), password)
        audit.record(failure, account.name, "account locked", user=account.name)
        return _Attempt(None, _locked_text(locked_until, now))
    if not _verify(account.password_hash, password):
        account.failed_attempts = int(account.failed_attempts or 0) + 1
        detail = f"wrong password ({account.failed_attempts} in a row)"
        if account.failed_attempts >= MAX_FAILED_ATTEMPTS:
            account.locked_until = now + LOCKOUT
            account.failed_attempts = 0
            detail += f"; locked until {account.locked_until:%H:%M} UTC"
        account.save()
        audit.record(failure, account.name, detail, user=account.name)
        locked_until = _as_datetime(account.locked_until)
        if locked_until is not None and locked_until > now:
            return _Attempt(None, _locked_text(locked_until, now))
        return _Attempt(None, WRONG_NAME_OR_PASSWORD)
    if not account.active:
        audit.record(failure, account.name, "account disabled", user=account.name)
        return _Attempt(None, "This account is disabled. Ask an administrator.")
    if _hasher().check_needs_rehash(account.password_hash):
        account.password_hash = _hasher().hash(password)
    account.failed_attempts = 0
    account.locked_until = None
    account.last_sign_in = now
    account.save()
    audit.record(success, account.name, "", user=account.name)
    return _Attempt(Actor(account.name, Role(account.role)), "")


def sign_in(name: str, password: str, *, now: datetime | None = None) -> Actor:
    """The account for `name` when `password` is right; SignInFailed otherwise. Locks are
    timed by the database server's clock; `now` (tests) stands in for it.

    The caller makes the returned actor current (`context.set_current_actor`)."""
    result = _attempt(name, password, now, Action.SIGN_IN, Action.SIGN_IN_FAILED)
    if result.actor is None:
        raise SignInFailed(result.refusal)
    return result.actor


def unlock(actor: Actor, password: str, *, now: datetime | None = None) -> Actor:
    """Check the password of the locked session's own account (same lockout rules)."""
    result = _attempt(actor.name, password, now, Action.UNLOCK, Action.UNLOCK_FAILED)
    if result.actor is None:
        # The name is not in question here, only the password.
        raise SignInFailed(WRONG_PASSWORD if result.refusal == WRONG_NAME_OR_PASSWORD else result.refusal)
    return result.actor
