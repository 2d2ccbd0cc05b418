"""Reading the audit log for the log page and its export: one filter, local days.

The log stores UTC times; the office thinks in its own days. A filter's
`start`/`end` are local days (inclusive), turned here into the UTC instants
the log stores. The page shows at most `SHOWN_LIMIT` events, newest first, and
says how many match in all; the export writes every matching event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from peewee import ModelSelect

from inventory_app.core.accounts.audit import LABELS, AuditRow, rows_of, select_events
from inventory_app.core.accounts.roles import require_admin
from inventory_app.core.times import day_start, local_time
from inventory_app.db.models import AuditEvent
from inventory_app.db.transaction import read_guard

SHOWN_LIMIT = 5000


@dataclass(frozen=True, slots=True)
class AuditFilter:
    """Which events to show: one user, one action code, local days from/to (each optional)."""

    user: str = ""
    action: str = ""
    start: date | None = None
    end: date | None = None

    def describe(self) -> str:
        """The filter in words, for the export's title row ("all events" when there is none)."""
        parts = []
        if self.user:
            parts.append(f"user {self.user}")
        if self.action:
            parts.append(LABELS.get(self.action, self.action))
        if self.start and self.end:
            parts.append(f"{self.start.isoformat()} to {self.end.isoformat()}")
        elif self.start:
            parts.append(f"from {self.start.isoformat()}")
        elif self.end:
            parts.append(f"up to {self.end.isoformat()}")
        return ", ".join(parts) if parts else "all events"


def _query(f: AuditFilter) -> ModelSelect[AuditEvent]:
    return select_events(
        user=f.user,
        action=f.action,
        since=day_start(f.start) if f.start is not None else None,
        before=day_start(f.end + timedelta(days=1)) if f.end is not None else None,
    )


@read_guard
def find(f: AuditFilter, limit: int | None = SHOWN_LIMIT) -> list[AuditRow]:
    """Matching events, newest first, at most `limit` (None: all). Administrators only."""
    require_admin("see the audit log")
    query = _query(f).order_by(AuditEvent.id.desc())
    if limit is not None:
        query = query.limit(limit)
    return rows_of(query)


@read_guard
def count(f: AuditFilter) -> int:
    """How many events match, in all. Administrators only."""
    require_admin("see the audit log")
    return int(_query(f).count())


def local_when(row: AuditRow) -> datetime:
    """The event's time on this computer's clock (naive), for showing and for spreadsheets."""
    return local_time(row.at)
