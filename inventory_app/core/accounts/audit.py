"""The audit log: who did what to which object, and when.

Every service that changes something calls `record` inside its own
transaction, so the log line and the change commit together or not at all.
Events that change nothing else (a failed sign-in, an export, a lock) are
written with `record_now` in a transaction of their own. The table is
append-only (triggers refuse UPDATE and DELETE) and the app offers no way to
edit it. Times come from the database server, in UTC.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from peewee import ModelSelect

from inventory_app.core.accounts.context import current_user
from inventory_app.core.accounts.roles import require_admin
from inventory_app.core.times import ledger_value, parse_time
from inventory_app.db import ledger
from inventory_app.db.models import AuditEvent
from inventory_app.db.transaction import read_guard, write_unit


class Action:
    """The action codes written to the log; LABELS says them in words."""

    SIGN_IN = "sign-in"
    SIGN_IN_FAILED = "sign-in failed"
    SIGN_OUT = "sign-out"
    LOCK = "lock"
    UNLOCK = "unlock"
    UNLOCK_FAILED = "unlock failed"
    PASSWORD_CHECK = "password check"
    PASSWORD_CHECK_FAILED = "password check failed"
    RECEIVE = "stock receive"
    USE = "stock use"
    ADJUST = "stock adjust"
    DISPOSE = "stock dispose"
    REVERSE = "stock reverse"
    ITEM = "item"
    SUPPLIER = "supplier"
    CATEGORY = "category"
    LOCATION = "location"
    IMPORT = "import"
    EXPORT = "export"
    DEMO = "demo"
    ORDER = "order"
    ORDER_RECEIVE = "order receive"
    COUNT = "count"
    SETTINGS = "settings"
    BACKUP = "backup"
    RESTORE = "restore"
    USER = "user"
    ROLE = "role change"
    PASSWORD = "password"


LABELS: dict[str, str] = {
    Action.SIGN_IN: "Signed in",
    Action.SIGN_IN_FAILED: "Sign-in failed",
    Action.SIGN_OUT: "Signed out",
    Action.LOCK: "Locked",
    Action.UNLOCK: "Unlocked",
    Action.UNLOCK_FAILED: "Unlock failed",
    Action.PASSWORD_CHECK: "Current password confirmed",
    Action.PASSWORD_CHECK_FAILED: "Current password wrong",
    Action.RECEIVE: "Received stock",
    Action.USE: "Used stock",
    Action.ADJUST: "Adjusted stock",
    Action.DISPOSE: "Disposed of stock",
    Action.REVERSE: "Reversed a movement",
    Action.ITEM: "Item changed",
    Action.SUPPLIER: "Supplier changed",
    Action.CATEGORY: "Category changed",
    Action.LOCATION: "Location changed",
    Action.IMPORT: "Imported",
    Action.EXPORT: "Exported",
    Action.DEMO: "Demo data loaded",
    Action.ORDER: "Purchase order changed",
    Action.ORDER_RECEIVE: "Order received",
    Action.COUNT: "Stock count",
    Action.SETTINGS: "Settings changed",
    Action.BACKUP: "Backup",
    Action.RESTORE: "Restore",
    Action.USER: "User account changed",
    Action.ROLE: "Role changed",
    Action.PASSWORD: "Password changed",
}


class AuditRow(NamedTuple):
    id: int
    at: datetime  # UTC, from the database server
    user: str
    action: str
    object: str
    detail: str

    @property
    def action_label(self) -> str:
        return LABELS.get(self.action, self.action)


def record(action: str, obj: str = "", detail: str = "", user: str | None = None) -> int:
    """Append one event inside the caller's transaction; returns its id."""
    return ledger.insert_audit_event(
        (user if user is not None else current_user())[:100], action[:50], obj[:300], detail
    )


@write_unit
def record_now(action: str, obj: str = "", detail: str = "", user: str | None = None) -> int:
    """Append one event in a transaction of its own (for events that change nothing else)."""
    return record(action, obj, detail, user)


def select_events(
    *,
    user: str = "",
    action: str = "",
    since: datetime | None = None,
    before: datetime | None = None,
) -> ModelSelect[AuditEvent]:
    """The events of one user and one action code, at or after `since` and before `before`
    (naive UTC), each optional: the query `events` and `audit_query` build on."""
    query = AuditEvent.select(
        AuditEvent.id,
        AuditEvent.at,
        AuditEvent.user,
        AuditEvent.action,
        AuditEvent.object,
        AuditEvent.detail,
    )
    if user:
        query = query.where(AuditEvent.user == user)
    if action:
        query = query.where(AuditEvent.action == action)
    if since is not None:
        query = query.where(AuditEvent.at >= ledger_value(since))
    if before is not None:
        query = query.where(AuditEvent.at < ledger_value(before))
    return query


def rows_of(query: ModelSelect[AuditEvent]) -> list[AuditRow]:  # a select of `select_events`
    return [
        AuditRow(int(r[0]), parse_time(r[1]) or datetime.min, r[2] or "", r[3], r[4] or "", r[5] or "")
        for r in query.tuples().iterator()
    ]


@read_guard
def events(
    *,
    user: str | None = None,
    action: str | None = None,
    start: date | None = None,
    end: date | None = None,
    limit: int | None = None,
) -> list[AuditRow]:
    """Events newest first; `start`/`end` are inclusive days (UTC). For checks and tests: the log
    page, its export and the command line read through `audit_query`, which only administrators may."""
    query = select_events(
        user=user or "",
        action=action or "",
        since=datetime.combine(start, time.min) if start is not None else None,
        before=datetime.combine(end + timedelta(days=1), time.min) if end is not None else None,
    ).order_by(AuditEvent.id.desc())
    if limit is not None:
        query = query.limit(limit)
    return rows_of(query)


@read_guard
def users_in_log() -> list[str]:
    """Every name that appears in the log, for the user filter."""
    require_admin("see the audit log")
    query = AuditEvent.select(AuditEvent.user).distinct().order_by(AuditEvent.user)
    return [row[0] for row in query.tuples() if row[0]]  # type: ignore[index]  # peewee types .tuples() rows as models
