"""Plain, frozen values for stock counts (no database, no Qt).

A count line compares three numbers: `expected` (what the ledger held when the
count started: the snapshot), `counted` (what the shelf held), and
`stock_when_counted` (what the ledger held at the moment the line was counted).
The difference posted is `counted - stock_when_counted`, so use recorded while
the count was going on is neither lost nor counted twice; `moved` says how much
stock changed between the snapshot and the counting.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from inventory_app.core.money import money_of
from inventory_app.core.times import local_time
from inventory_app.core.types import MovementRow
from inventory_app.core.wording import NO_LOT_NUMBER


class CountStatus(StrEnum):
    OPEN = "open"
    POSTED = "posted"
    ABANDONED = "abandoned"


def _iso(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return local_time(value).isoformat(sep=" ", timespec="seconds")
    return value.isoformat()


@dataclass(frozen=True, slots=True)
class CountSummary:
    id: int
    title: str  # "All items", "Location: Exam room 2", "Category: Vaccines"
    status: CountStatus
    location_id: int | None
    category_id: int | None
    note: str
    started_at: datetime  # UTC, as the ledger
    started_by: str
    closed_at: datetime | None  # posted or abandoned, UTC
    closed_by: str
    lines: int
    counted: int  # lines with a counted quantity

    @property
    def is_open(self) -> bool:
        return self.status is CountStatus.OPEN

    @property
    def started_local(self) -> datetime:
        return local_time(self.started_at)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "status": str(self.status),
            "note": self.note,
            "started_at": _iso(self.started_at),
            "started_by": self.started_by,
            "closed_at": _iso(self.closed_at),
            "closed_by": self.closed_by,
            "lines": self.lines,
            "counted": self.counted,
        }


@dataclass(frozen=True, slots=True)
class CountLineRow:
    id: int
    count_id: int
    item_id: int
    sku: str
    name: str
    location: str
    category: str
    unit: str
    barcode: str
    tracks_expiry: bool
    lot_id: int | None
    lot_number: str
    expires_on: date | None
    expected: int  # the snapshot
    counted: int | None
    counted_at: datetime | None  # UTC
    counted_by: str
    unit_cost: Decimal  # per unit of issue
    stock_when_counted: int | None = None  # the ledger at `counted_at`
    posted: int | None = None  # the difference posting wrote
    note: str = ""

    @property
    def is_counted(self) -> bool:
        return self.counted is not None

    @property
    def needs_lot(self) -> bool:
        """A line for an item that tracks expiry but held no lot at the start: stock found for
        it must be added as a lot line (number and expiry) to be counted."""
        return self.tracks_expiry and self.lot_id is None

    @property
    def moved(self) -> int:
        """Stock change recorded between the snapshot and the counting of this line."""
        if self.stock_when_counted is None or self.needs_lot:
            return 0
        return self.stock_when_counted - self.expected

    @property
    def difference(self) -> int | None:
        """What posting writes (or wrote): counted minus the ledger when counted."""
        if self.posted is not None:
            return self.posted
        if self.counted is None:
            return None
        if self.needs_lot:
            return 0
        base = self.stock_when_counted if self.stock_when_counted is not None else self.expected
        return self.counted - base

    @property
    def value(self) -> Decimal | None:
        difference = self.difference
        return None if difference is None else money_of(difference, self.unit_cost)

    @property
    def lot_text(self) -> str:
        """The lot of the line: "L123 (exp. 2027-03-31)", "no lot number (exp. …)" or ""."""
        if self.lot_id is None:
            return ""
        number = self.lot_number or NO_LOT_NUMBER
        return f"{number} (exp. {self.expires_on})" if self.expires_on else number

    def to_json(self) -> dict[str, Any]:
        value = self.value
        return {
            "line_id": self.id,
            "sku": self.sku,
            "name": self.name,
            "location": self.location,
            "unit": self.unit,
            "lot": self.lot_number or None,
            "expires_on": _iso(self.expires_on),
            "expected": self.expected,
            "counted": self.counted,
            "counted_at": _iso(self.counted_at),
            "counted_by": self.counted_by or None,
            "moved_since_start": self.moved,
            "difference": self.difference,
            "value": None if value is None else str(value),
            "posted": self.posted,
            "note": self.note,
        }


@dataclass(frozen=True, slots=True)
class CountDetail:
    summary: CountSummary
    lines: list[CountLineRow] = field(default_factory=list)

    @property
    def uncounted(self) -> list[CountLineRow]:
        return [line for line in self.lines if not line.is_counted]

    @property
    def differences(self) -> list[CountLineRow]:
        return [line for line in self.lines if line.difference]

    @property
    def total_value(self) -> Decimal:
        """Net value of all differences (negative: stock missing)."""
        return sum((line.value or Decimal("0.00") for line in self.lines), Decimal("0.00"))

    def to_json(self) -> dict[str, Any]:
        data = self.summary.to_json()
        data["total_value"] = str(self.total_value)
        data["lines"] = [line.to_json() for line in self.lines]
        return data


@dataclass(frozen=True, slots=True)
class CountPosting:
    """What posting a count did: its adjust movements, and remarks about particular lines."""

    summary: CountSummary
    movements: list[MovementRow] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    skipped: int = 0  # lines left uncounted: their stock was not changed

    def to_json(self) -> dict[str, Any]:
        return {
            "count": self.summary.to_json(),
            "movements": [m.to_json() for m in self.movements],
            "notes": self.notes,
            "skipped": self.skipped,
        }
