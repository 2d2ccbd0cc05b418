"""Plain values for reordering and purchase orders (no database, no Qt)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from inventory_app.core.money import money_of
from inventory_app.core.types import OPEN_STATUSES as OPEN_STATUSES  # where callers look for it
from inventory_app.core.types import OrderStatus as OrderStatus  # where callers look for it
from inventory_app.core.wording import counted

STATUS_WORDS = {
    OrderStatus.DRAFT: "Draft",
    OrderStatus.ORDERED: "Ordered",
    OrderStatus.PARTIAL: "Partly received",
    OrderStatus.RECEIVED: "Received",
    OrderStatus.CANCELLED: "Cancelled",
}


class ReorderState(StrEnum):
    SUGGEST = "suggest"  # needs ordering now
    ON_ORDER = "on order"  # low, but open orders will bring enough
    IN_DRAFT = "in draft"  # low, but already on a draft order
    NO_TARGET = "no target"  # low, but its target is not above on hand (reorder point 0, no par)


def money(value: Decimal) -> str:
    return f"{value:,.2f}"


@dataclass(frozen=True, slots=True)
class ReorderLine:
    """One low item with what to order and why."""

    item_id: int
    sku: str
    name: str
    supplier_id: int | None
    supplier: str
    supplier_sku: str
    unit: str
    on_hand: int
    on_order: int
    in_draft: int
    reorder_point: int
    par_level: int | None
    target: int
    suggested_units: int
    purchase_unit: str
    units_per_purchase_unit: int
    suggested_purchase_units: int
    unit_cost: Decimal
    reason: str
    state: ReorderState
    weekly_use: float | None = None
    weeks_left: float | None = None

    @property
    def line_total(self) -> Decimal:
        """Purchase units × the exact price of one, rounded once to the cent."""
        return money_of(self.suggested_purchase_units, self.unit_cost)

    def to_json(self) -> dict[str, Any]:
        return {
            "sku": self.sku,
            "name": self.name,
            "on_hand": self.on_hand,
            "on_order": self.on_order,
            "in_draft": self.in_draft,
            "reorder_point": self.reorder_point,
            "par_level": self.par_level,
            "suggested_units": self.suggested_units,
            "purchase_unit": self.purchase_unit,
            "units_per_purchase_unit": self.units_per_purchase_unit,
            "suggested_purchase_units": self.suggested_purchase_units,
            "unit_cost": str(self.unit_cost),
            "line_total": str(self.line_total),
            "reason": self.reason,
            "state": str(self.state),
            "weekly_use": self.weekly_use,
            "weeks_left": self.weeks_left,
        }


@dataclass(frozen=True, slots=True)
class ReorderGroup:
    supplier_id: int | None
    supplier: str
    lines: list[ReorderLine] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum(
            (line.line_total for line in self.lines if line.state is ReorderState.SUGGEST),
            Decimal("0.00"),
        )


@dataclass(frozen=True, slots=True)
class OrderSummary:
    id: int
    number: str
    supplier_id: int
    supplier: str
    status: OrderStatus
    created_at: datetime
    ordered_on: date | None
    expected_on: date | None
    total: Decimal
    line_count: int
    overdue: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "supplier": self.supplier,
            "status": str(self.status),
            "ordered_on": self.ordered_on.isoformat() if self.ordered_on else None,
            "expected_on": self.expected_on.isoformat() if self.expected_on else None,
            "total": str(self.total),
            "lines": self.line_count,
            "overdue": self.overdue,
        }


@dataclass(frozen=True, slots=True)
class OrderLineRow:
    id: int
    line_no: int
    item_id: int
    sku: str
    supplier_sku: str
    description: str
    unit: str
    purchase_unit: str
    units_per_purchase_unit: int
    quantity: int
    received: int
    unit_cost: Decimal
    tracks_expiry: bool

    @property
    def line_total(self) -> Decimal:
        """Purchase units × the exact price of one (0.068, 30.9831), rounded once to the cent;
        the order's total is the sum of these, so it equals its printed lines to the cent."""
        return money_of(self.quantity, self.unit_cost)

    @property
    def outstanding(self) -> int:
        return max(0, self.quantity - self.received)

    @property
    def purchase_unit_text(self) -> str:
        """E.g. "case of 24 boxes", or "box" when one purchase unit is one unit of issue."""
        if self.units_per_purchase_unit > 1:
            return f"{self.purchase_unit} of {counted(self.units_per_purchase_unit, self.unit)}"
        return self.purchase_unit

    def to_json(self) -> dict[str, Any]:
        return {
            "line_no": self.line_no,
            "sku": self.sku,
            "supplier_sku": self.supplier_sku,
            "description": self.description,
            "quantity": self.quantity,
            "purchase_unit": self.purchase_unit,
            "units_per_purchase_unit": self.units_per_purchase_unit,
            "received": self.received,
            "unit_cost": str(self.unit_cost),
            "line_total": str(self.line_total),
        }


@dataclass(frozen=True, slots=True)
class OrderDetail:
    summary: OrderSummary
    notes: str
    created_by: str
    lines: list[OrderLineRow] = field(default_factory=list)

    @property
    def number(self) -> str:
        return self.summary.number

    @property
    def status(self) -> OrderStatus:
        return self.summary.status

    @property
    def total(self) -> Decimal:
        return sum((line.line_total for line in self.lines), Decimal("0.00"))

    def to_json(self) -> dict[str, Any]:
        data = self.summary.to_json()
        data["notes"] = self.notes
        data["lines"] = [line.to_json() for line in self.lines]
        return data


@dataclass(frozen=True, slots=True)
class LineReceipt:
    """What arrived for one order line: purchase units, and the lot for tracked items."""

    line_id: int
    quantity: int
    lot: str | None = None
    expires: date | None = None
