"""What an imported price column is the price *of*, and turning it into the item's cost.

The item keeps one price: `unit_cost` is the price of one **purchase unit** (a
bottle of 100 tablets, a case of 10 boxes), exact to the ten-thousandth; the
cost of one unit of issue is that divided by `units_per_purchase_unit`
(`money.unit_cost_of_issue`). An order line is purchase units × this price.

A spreadsheet's price column may mean either. Its heading decides
(`import_meaning.price_meaning`): "Unit price", "Cost per unit", "UnitCost",
"Price each" are the price of one unit of issue and are multiplied by the pack
size ($0.25 a tablet in a bottle of 100 is $25.00 a bottle); "Price per Pack",
"Cost/case", "Case cost" are the price of one purchase unit and are taken as
they are. A bare "Price" or "Cost" cannot say; it is taken as the price of one
purchase unit (what a supplier's list prices) and the preview says so. The user
can settle any of them (`--price-per unit|purchase-unit`, or the choice in the
import window). Multiplying an amount of at most four decimals by a whole pack
size keeps it exact: nothing is rounded.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from inventory_app.core.importing.columns import ColumnMap
from inventory_app.core.importing.meaning import price_meaning

PricePer = Literal["unit", "purchase_unit"]
PRICE_PER_CHOICES: dict[str, PricePer] = {
    "unit": "unit",
    "each": "unit",
    "purchase-unit": "purchase_unit",
    "purchase_unit": "purchase_unit",
    "pack": "purchase_unit",
    "case": "purchase_unit",
}
MEANING_WORDS: dict[PricePer, str] = {
    "unit": "the price of one unit of issue, multiplied by the pack size (units per purchase unit)",
    "purchase_unit": "the price of one purchase unit (case, pack, box), taken as it is",
}


def price_per_choice(text: str | None) -> PricePer | None:
    """`--price-per unit` or `purchase-unit` (also each, pack, case) as a meaning; None = from
    the heading. Raises ValueError for anything else."""
    if text is None or not text.strip():
        return None
    found = PRICE_PER_CHOICES.get(text.strip().lower())
    if found is None:
        raise ValueError(f"“{text}” is not a price meaning; use unit or purchase-unit.")
    return found


@dataclass(frozen=True, slots=True)
class PriceReading:
    """The price column of an import and what its amounts were taken to be the price of."""

    column: str
    header: str
    per: PricePer
    unclear: bool  # the heading does not say ("Price", "Cost"): `per` is the default
    by_hand: bool = False  # the user chose `per`

    @property
    def converts(self) -> bool:
        return self.per == "unit"

    def text(self, command_line: bool = True) -> str:
        """One line for the preview: what the price column was read as, and (on the command
        line) how to read it the other way."""
        where = f"column {self.column}" + (f" ({self.header})" if self.header else "")
        line = f"Prices in {where} are read as {MEANING_WORDS[self.per]}"
        if self.by_hand:
            return line + ", as chosen."
        if self.unclear:
            other = "purchase-unit" if self.per == "unit" else "unit"
            hint = f" (use --price-per {other} if it is not)" if command_line else ""
            return line + f": the heading does not say which{hint}."
        return line + "."

    def to_json(self) -> dict[str, Any]:
        return {
            "column": self.column,
            "header": self.header,
            "per": self.per,
            "unclear": self.unclear,
            "by_hand": self.by_hand,
            "meaning": MEANING_WORDS[self.per],
        }


def price_reading(columns: ColumnMap, per: PricePer | None = None) -> PriceReading | None:
    """How the price column of `columns` is read (None when the file has no price column)."""
    if "unit_cost" not in columns.fields:
        return None
    header = columns.header("unit_cost")
    meaning = price_meaning(header)
    unclear = meaning == "unclear"
    if per is not None:
        return PriceReading(columns.letter("unit_cost"), header, per, unclear, by_hand=True)
    return PriceReading(
        columns.letter("unit_cost"), header, "purchase_unit" if meaning == "unclear" else meaning, unclear
    )


def purchase_unit_price(amount: Decimal, per: PricePer, units_per_purchase_unit: int) -> Decimal:
    """The price of one purchase unit from a price `per` unit of issue or per purchase unit:
    0.25 a tablet × 100 = 25.00 a bottle. Exact (a whole pack size times at most 4 decimals)."""
    if per == "unit":
        return amount * max(1, int(units_per_purchase_unit or 1))
    return amount
