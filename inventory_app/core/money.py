"""Money as the app counts it: Decimal, a cost "per unit" is per unit of issue (the item's
price of one purchase unit divided by the units in it), totals to the cent, half up."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from inventory_app.db.models import Item

CENT = Decimal("0.01")


def unit_cost_of_issue(unit_cost: object, units_per_purchase_unit: int) -> Decimal:
    """Cost of one unit of issue, unrounded: "$24.00 per case of 10 boxes" → 2.4 per box.
    `unit_cost` is an item's price of one purchase unit, as a Decimal or as a plain cursor
    returns the column (ten-thousandths on SQLite: see db.models.MoneyField)."""
    price = Item.unit_cost.python_value(unit_cost) or Decimal(0)
    return price / max(1, int(units_per_purchase_unit or 1))


def money_of(quantity: int, unit_cost: Decimal) -> Decimal:
    """`quantity` units at `unit_cost` each, to the cent (half up)."""
    return (Decimal(quantity) * unit_cost).quantize(CENT, rounding=ROUND_HALF_UP)
