"""What a recognised heading says beyond its field: the price of one unit of issue or of a pack.

"Unit price", "Price per pack" and "Cost/case" are all read as the item's cost
(`unit_cost`), but they do not mean the same amount: $0.25 a tablet is not
$0.25 a bottle of 100. The column mapping only says which column is the price;
this says what that column's heading claims it is the price *of*, so the rules
that store money can convert it with the pack size and the preview can say what
an unclear "Price" or "Cost" was taken to mean.
"""

from __future__ import annotations

from typing import Literal

from inventory_app.core.importing.columns import header_key

PriceMeaning = Literal["unit", "purchase_unit", "unclear"]

# Words in a price heading that name what the amount is for (compared by `header_key`).
_PURCHASE_UNIT_WORDS = ("case", "pack", "box", "carton", "package", "pkg", "bottle", "purchaseunit")
_UNIT_WORDS = ("unit", "each", "ea", "piece", "item", "dose", "issue")


def price_meaning(header: str) -> PriceMeaning:
    """What a price heading is the price of: "Price per Pack", "Cost/case", "Case cost" →
    "purchase_unit"; "Unit price", "Cost per unit", "UnitCost", "Price each" → "unit";
    a bare "Price" or "Cost" → "unclear" (the preview must say what it was taken to mean)."""
    key = header_key(header)
    if any(word in key for word in _PURCHASE_UNIT_WORDS):
        return "purchase_unit"
    if any(key.startswith(word) or key.endswith(word) for word in _UNIT_WORDS):
        return "unit"
    return "unclear"
