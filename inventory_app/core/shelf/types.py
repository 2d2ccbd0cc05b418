"""Plain, frozen values for the shelf chores: expiry, lot recalls, usage and spending.

Like `core.types`, nothing here touches the database: the GUI's table models
read these in `data()` and tests build them by hand. Money is Decimal; a cost
"per unit" is per unit of issue (the item's cost per purchase unit divided by
the units in one purchase unit).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any


def _iso(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    return value.isoformat()


# ---------------------------------------------------------------- expiry


class LotState(StrEnum):
    EXPIRED = "expired"
    EXPIRING = "expiring"
    OK = "ok"


@dataclass(frozen=True, slots=True)
class ExpiringLot:
    """A lot holding stock that has expired or expires within its item's warning window."""

    lot_id: int
    item_id: int
    sku: str
    name: str
    unit: str
    location: str
    category: str
    lot_number: str
    expires_on: date
    days_left: int  # negative once expired; 0 on the expiry day (still usable that day)
    window_days: int  # the item's window, else its category's, else the office default
    quantity: int
    unit_cost: Decimal  # per unit of issue
    value: Decimal  # quantity × unit_cost, to the cent

    @property
    def expired(self) -> bool:
        return self.days_left < 0

    @property
    def state(self) -> LotState:
        return LotState.EXPIRED if self.expired else LotState.EXPIRING

    def to_json(self) -> dict[str, Any]:
        return {
            "lot_id": self.lot_id,
            "sku": self.sku,
            "name": self.name,
            "lot": self.lot_number,
            "expires_on": _iso(self.expires_on),
            "days_left": self.days_left,
            "state": str(self.state),
            "window_days": self.window_days,
            "quantity": self.quantity,
            "unit": self.unit,
            "location": self.location,
            "category": self.category,
            "unit_cost": str(self.unit_cost.quantize(Decimal("0.0001"))),
            "value": str(self.value),
        }


@dataclass(frozen=True, slots=True)
class WasteLine:
    """One disposal (not reversed) with what it cost."""

    movement_id: int
    when: datetime  # local time
    item_id: int
    sku: str
    name: str
    unit: str
    lot_number: str
    expires_on: date | None
    quantity: int  # units thrown away (positive)
    reason: str
    note: str
    user: str
    unit_cost: Decimal  # per unit of issue
    cost: Decimal

    def to_json(self) -> dict[str, Any]:
        return {
            "movement_id": self.movement_id,
            "when": _iso(self.when),
            "sku": self.sku,
            "name": self.name,
            "lot": self.lot_number,
            "expires_on": _iso(self.expires_on),
            "quantity": self.quantity,
            "unit": self.unit,
            "reason": self.reason,
            "note": self.note,
            "user": self.user,
            "cost": str(self.cost),
        }


@dataclass(frozen=True, slots=True)
class WasteLog:
    """Disposals in a period, and the expired lots still on the shelves."""

    start: date | None
    end: date | None
    lines: list[WasteLine] = field(default_factory=list)
    still_expired: list[ExpiringLot] = field(default_factory=list)

    @property
    def total_cost(self) -> Decimal:
        return sum((line.cost for line in self.lines), Decimal("0.00"))

    def by_reason(self) -> dict[str, tuple[int, Decimal]]:
        """Per reason: units disposed and their cost, reasons in order of cost (highest first)."""
        totals: dict[str, tuple[int, Decimal]] = {}
        for line in self.lines:
            units, cost = totals.get(line.reason, (0, Decimal("0.00")))
            totals[line.reason] = (units + line.quantity, cost + line.cost)
        return dict(sorted(totals.items(), key=lambda kv: (-kv[1][1], kv[0])))


@dataclass(frozen=True, slots=True)
class LotReceipt:
    """Where (part of) a lot came from: a receipt, on a purchase order when it was one."""

    movement_id: int
    when: datetime  # local time
    quantity: int
    order_id: int | None
    order_number: str
    supplier: str
    line_no: int | None
    unit_price: Decimal | None  # per purchase unit, as on the order
    user: str
    note: str
    reversed: bool


@dataclass(frozen=True, slots=True)
class LotMovement:
    movement_id: int
    when: datetime  # local time
    kind: str
    quantity: int
    balance: int  # the lot's quantity after this line
    reason: str
    note: str
    user: str
    reversal_of: int | None
    reversed_by: int | None


@dataclass(frozen=True, slots=True)
class LotTrace:
    """A lot for a recall: which item, where it came from, what became of it, what is left.

    `received - used - disposed + adjusted == quantity`, each net of reversals."""

    lot_id: int
    item_id: int
    sku: str
    name: str
    unit: str
    location: str
    lot_number: str
    expires_on: date | None
    expired: bool
    quantity: int  # left now
    received: int
    used: int
    disposed: int
    adjusted: int  # signed: counts and corrections
    receipts: list[LotReceipt] = field(default_factory=list)
    movements: list[LotMovement] = field(default_factory=list)

    @property
    def order_numbers(self) -> list[str]:
        return list(dict.fromkeys(r.order_number for r in self.receipts if r.order_number))

    def to_json(self) -> dict[str, Any]:
        return {
            "lot_id": self.lot_id,
            "sku": self.sku,
            "name": self.name,
            "lot": self.lot_number,
            "expires_on": _iso(self.expires_on),
            "expired": self.expired,
            "location": self.location,
            "unit": self.unit,
            "quantity": self.quantity,
            "received": self.received,
            "used": self.used,
            "disposed": self.disposed,
            "adjusted": self.adjusted,
            "receipts": [
                {
                    "movement_id": r.movement_id,
                    "when": _iso(r.when),
                    "quantity": r.quantity,
                    "order": r.order_number or None,
                    "supplier": r.supplier or None,
                    "line_no": r.line_no,
                    "unit_price": None if r.unit_price is None else str(r.unit_price),
                    "reversed": r.reversed,
                }
                for r in self.receipts
            ],
            "movements": [
                {
                    "movement_id": m.movement_id,
                    "when": _iso(m.when),
                    "kind": m.kind,
                    "quantity": m.quantity,
                    "balance": m.balance,
                    "reason": m.reason,
                    "note": m.note,
                    "user": m.user,
                }
                for m in self.movements
            ],
        }


# ---------------------------------------------------------------- usage and spending


class Period(StrEnum):
    WEEK = "week"
    MONTH = "month"


@dataclass(frozen=True, slots=True)
class UsagePoint:
    """Units used in one week (Monday to Sunday) or calendar month, local days."""

    start: date
    end: date  # included
    used: int


@dataclass(frozen=True, slots=True)
class ItemUsage:
    """Use of one item over a period, and how long what is on hand will last at that rate."""

    item_id: int
    sku: str
    name: str
    category: str
    supplier: str
    unit: str
    used: int  # units of issue used in the period, uses net of reversals
    cost: Decimal  # used × cost per unit of issue
    weeks: float  # length of the period in weeks
    on_hand: int  # usable now
    reorder_point: int
    # The item's rate as every screen shows it (`core.stock.use_rate`: the last 8 weeks up to
    # today, one decimal), whatever the period; weeks of supply at that rate (None: no use).
    weekly_use: float = 0.0
    weeks_left: float | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "sku": self.sku,
            "name": self.name,
            "category": self.category,
            "supplier": self.supplier,
            "unit": self.unit,
            "used": self.used,
            "cost": str(self.cost),
            "weekly_use": self.weekly_use,
            "on_hand": self.on_hand,
            "weeks_left": self.weeks_left,
            "reorder_point": self.reorder_point,
        }


@dataclass(frozen=True, slots=True)
class SpendRow:
    """What was received (and so spent) from one supplier or in one category."""

    key_id: int | None  # supplier or category id; None for "no category"
    name: str
    amount: Decimal
    units: int  # units of issue received
    receipts: int  # receipt movements counted

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "amount": str(self.amount), "units": self.units, "receipts": self.receipts}


@dataclass(frozen=True, slots=True)
class ReceiptLine:
    """One receipt against a purchase-order line, priced as on the order."""

    movement_id: int
    when: datetime  # local time
    order_number: str
    supplier_id: int
    supplier: str
    item_id: int
    sku: str
    name: str
    category_id: int | None
    category: str
    units: int  # units of issue
    purchase_units: Decimal  # units / units per purchase unit
    unit_price: Decimal  # per purchase unit
    amount: Decimal


@dataclass(frozen=True, slots=True)
class ReorderPointSuggestion:
    """A reorder point from use: daily use × (lead time + review period) + safety stock."""

    item_id: int
    sku: str
    name: str
    unit: str
    current: int
    suggested: int
    used: int  # units used in the window
    window_days: int
    lead_time_days: int
    review_days: int
    safety_stock: float  # units (safety weeks × weekly use)
    par_level: int | None
    supplier: str
    weekly_use: float = 0.0  # used in the window per week, as every screen shows it

    @property
    def daily_use(self) -> float:
        return self.used / self.window_days if self.window_days else 0.0

    @property
    def changed(self) -> bool:
        return self.suggested != self.current

    @property
    def par_conflict(self) -> bool:
        """Applying it would put the reorder point above the par level (which is refused)."""
        return self.par_level is not None and self.suggested > self.par_level

    @property
    def explanation(self) -> str:
        """E.g. "1.50/day × (5 + 7 days) + safety 10.5 = 28.5 → 29"."""
        if not self.used:
            return f"no use in the last {self.window_days} days"
        exact = self.daily_use * (self.lead_time_days + self.review_days) + self.safety_stock
        return (
            f"{self.daily_use:.2f}/day × ({self.lead_time_days} lead + {self.review_days} review days)"
            f" + safety {self.safety_stock:.1f} = {exact:.1f} → {self.suggested}"
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "sku": self.sku,
            "name": self.name,
            "current": self.current,
            "suggested": self.suggested,
            "daily_use": round(self.daily_use, 3),
            "lead_time_days": self.lead_time_days,
            "review_days": self.review_days,
            "safety_stock": round(self.safety_stock, 2),
            "explanation": self.explanation,
        }
