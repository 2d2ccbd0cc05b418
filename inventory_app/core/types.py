"""Plain, frozen values the core hands to the GUI, the CLI and the documents.

Nothing here touches the database, so table models can read these freely in
`data()` and tests can build them by hand.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, replace
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, NamedTuple


class Status(StrEnum):
    OK = "ok"
    LOW = "low"
    OUT = "out"


class MovementKind(StrEnum):
    RECEIVE = "receive"
    USE = "use"
    ADJUST = "adjust"
    DISPOSE = "dispose"
    REVERSAL = "reversal"


DISPOSE_REASONS = ("expired", "damaged", "recalled", "other")
ADJUST_REASONS = ("count", "correction", "found", "damaged", "other")


def stock_status(on_hand: int, reorder_point: int) -> Status:
    """`out` at zero, `low` at or below the reorder point, else `ok`."""
    if on_hand <= 0:
        return Status.OUT
    if on_hand <= reorder_point:
        return Status.LOW
    return Status.OK


class ItemRow(NamedTuple):
    """One item in a list. A NamedTuple, not a frozen dataclass: lists build 20,000 of
    these at a time, and a tuple is several times cheaper to build; it is just as immutable."""

    id: int
    sku: str
    name: str
    category: str
    location: str
    unit: str
    on_hand: int
    expired: int
    reorder_point: int
    par_level: int | None
    status: Status
    supplier: str
    next_expiry: date | None = None
    barcode: str = ""
    tracks_expiry: bool = False
    active: bool = True
    expiry_warning_days: int = 60
    on_order: int = 0  # units of issue open purchase orders will still bring
    expected_on: date | None = None  # earliest expected date of those orders

    @property
    def needs_reorder(self) -> bool:
        return self.status is not Status.OK

    def expiring_soon(self, today: date) -> bool:
        """Usable stock whose first lot expires within the item's warning window."""
        return self.next_expiry is not None and (self.next_expiry - today).days <= (self.expiry_warning_days)

    def to_json(self) -> dict[str, Any]:
        data = self._asdict()
        data["status"] = str(self.status)
        data["next_expiry"] = self.next_expiry.isoformat() if self.next_expiry else None
        data["expected_on"] = self.expected_on.isoformat() if self.expected_on else None
        return data


@dataclass(frozen=True, slots=True)
class ItemDetail:
    """Everything the item form edits, plus the stock figures."""

    id: int
    sku: str
    name: str
    category_id: int | None
    location_id: int | None
    unit: str
    purchase_unit: str
    units_per_purchase_unit: int
    supplier_id: int | None
    supplier_sku: str
    unit_cost: Decimal
    reorder_point: int
    par_level: int | None
    tracks_expiry: bool
    barcode: str
    notes: str
    active: bool
    on_hand: int
    expired: int
    expiry_warning_days: int | None = None


@dataclass(frozen=True, slots=True)
class ItemInput:
    """What a user fills in to create or change an item."""

    sku: str
    name: str
    unit: str = "each"
    category_id: int | None = None
    location_id: int | None = None
    purchase_unit: str = ""
    units_per_purchase_unit: int = 1
    supplier_id: int | None = None
    supplier_sku: str = ""
    unit_cost: Decimal = Decimal("0")
    reorder_point: int = 0
    par_level: int | None = None
    tracks_expiry: bool = False
    barcode: str = ""
    notes: str = ""
    expiry_warning_days: int | None = None


ITEM_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(ItemInput))
"""The fields of an item a person edits, in the form's order: the one list (DESIGN §5)."""


def item_input_of(detail: ItemDetail, **changes: Any) -> ItemInput:
    """An item's current values as the input `catalog.update_item` takes, with `changes`."""
    return replace(ItemInput(**{name: getattr(detail, name) for name in ITEM_FIELDS}), **changes)


@dataclass(frozen=True, slots=True)
class LotRow:
    id: int
    item_id: int
    lot_number: str
    expires_on: date | None
    quantity: int
    expired: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "lot": self.lot_number,
            "expires_on": self.expires_on.isoformat() if self.expires_on else None,
            "quantity": self.quantity,
            "expired": self.expired,
        }


@dataclass(frozen=True, slots=True)
class MovementRow:
    id: int
    item_id: int
    kind: MovementKind
    quantity: int
    created_at: datetime
    lot_number: str = ""
    expires_on: date | None = None
    reason: str = ""
    note: str = ""
    user: str = ""
    reversal_of: int | None = None
    reversed_by: int | None = None
    balance: int | None = None

    @property
    def local_time(self) -> datetime:
        """`created_at` is stored in UTC by the database server; this is the local clock."""
        return self.created_at.replace(tzinfo=UTC).astimezone().replace(tzinfo=None)

    @property
    def can_reverse(self) -> bool:
        return self.kind is not MovementKind.REVERSAL and self.reversed_by is None

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["kind"] = str(self.kind)
        data["created_at"] = self.created_at.isoformat(sep=" ", timespec="seconds")
        data["expires_on"] = self.expires_on.isoformat() if self.expires_on else None
        return data


@dataclass(frozen=True, slots=True)
class NamedRow:
    """A category or storage location."""

    id: int
    name: str
    active: bool = True
    item_count: int = 0
    expiry_warning_days: int | None = None


@dataclass(frozen=True, slots=True)
class SupplierRow:
    id: int
    name: str
    account_number: str = ""
    contact: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    lead_time_days: int = 7
    notes: str = ""
    active: bool = True
    item_count: int = 0


@dataclass(frozen=True, slots=True)
class SupplierInput:
    name: str
    account_number: str = ""
    contact: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    lead_time_days: int = 7
    notes: str = ""


@dataclass(frozen=True, slots=True)
class AttentionCounts:
    """What needs attention now, for the side bar and the start page."""

    low: int = 0
    out: int = 0
    expiring: int = 0
    expired: int = 0
    items: int = 0


@dataclass(frozen=True, slots=True)
class CheckReport:
    ok: bool
    items_checked: int
    problems: list[str] = field(default_factory=list)


class OrderStatus(StrEnum):
    DRAFT = "draft"
    ORDERED = "ordered"
    PARTIAL = "partial"
    RECEIVED = "received"
    CANCELLED = "cancelled"


OPEN_STATUSES = (OrderStatus.ORDERED, OrderStatus.PARTIAL)
