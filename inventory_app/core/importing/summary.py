"""Which column became each field, said first in every preview (window, command line, JSON).

An import guesses which column is the name, the quantity, the price; a wrong
guess changes thousands of items at once ("Product description goes here." as
every name). So the preview opens with one line per field read,
"Name ← column H (fullproductname)", with why a guess was made where it is not
plain (a Description beside a name column is the notes), and whether the user
mapped it by hand; each can be overridden with the hand mapping. The counts
that follow are of items and lots, as the result counts them, not of rows.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from inventory_app.core.importing.columns import FIELD_HEADERS, FIELDS, ColumnMap
from inventory_app.core.importing.types import ImportPlan, RowAction


@dataclass(frozen=True, slots=True)
class ColumnRead:
    """One field of the import and the column it is read from."""

    field: str
    column: str  # the letter; for SKUs made from the names, the name column's
    header: str
    by_hand: bool = False
    why: str = ""
    made_from_names: bool = False

    @property
    def title(self) -> str:
        return FIELD_HEADERS[self.field]

    def text(self) -> str:
        """ "Name ← column H (fullproductname)", and why when the guess is not plain."""
        where = f"column {self.column}" + (f" ({self.header})" if self.header else "")
        if self.made_from_names:
            line = f"{self.title} ← made from the names in {where}"
        else:
            line = f"{self.title} ← {where}"
        if self.by_hand:
            line += ", mapped by hand"
        if self.why:
            line += f": {self.why}"
        return line

    def to_json(self) -> dict[str, Any]:
        return {
            "column": self.column,
            "header": self.header,
            "by_hand": self.by_hand,
            "why": self.why or None,
            "made_from_names": self.made_from_names,
        }


def columns_read(columns: ColumnMap) -> list[ColumnRead]:
    """Every field read, in the order of the import template (SKU, Name, …)."""
    out: list[ColumnRead] = []
    for field in FIELDS:
        if field == "sku" and columns.made_skus:
            out.append(
                ColumnRead("sku", columns.letter("name"), columns.header("name"), made_from_names=True)
            )
            continue
        if field not in columns.fields:
            continue
        out.append(
            ColumnRead(
                field,
                columns.letter(field),
                columns.header(field),
                field in columns.by_hand,
                columns.reason(field),
            )
        )
    return out


@dataclass(frozen=True, slots=True)
class ItemCounts:
    """What a plan does, counted as the result will count it: items (one item listed once per
    lot is one item, "1 with 2 lots"), new lots apart, and rows with errors as rows."""

    create: int
    update: int
    unchanged: int
    error_rows: int
    new_lots: int = 0
    lots_of_new: tuple[tuple[int, int], ...] = ()  # (lots, how many new items have that many), 2+
    without_price: int = 0  # error rows that only-valid imports without their price

    def text(self) -> str:
        """ "14 items to create (1 with 2 lots), 0 to update, 0 unchanged, 1 new lot…"."""
        several = ", ".join(f"{items} with {lots} lots" for lots, items in self.lots_of_new)
        parts = [
            f"{_plural(self.create, 'item')} to create" + (f" ({several})" if several else ""),
            f"{self.update:,} to update",
            f"{self.unchanged:,} unchanged",
        ]
        if self.new_lots:
            parts.append(_plural(self.new_lots, "new lot"))
        line = ", ".join(parts)
        if self.error_rows:
            line += f"; {_plural(self.error_rows, 'row')} with errors"
            if self.without_price:
                kept = f"{self.without_price:,} only in the price"
                line += f" ({kept}: kept without the price if only the valid rows are imported)"
        return line

    def to_json(self) -> dict[str, Any]:
        return {
            "create": self.create,
            "update": self.update,
            "unchanged": self.unchanged,
            "error": self.error_rows,
            "new_lots": self.new_lots,
            "new_items_with_several_lots": {str(lots): items for lots, items in self.lots_of_new},
            "without_price": self.without_price,
        }


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word if count == 1 else word + 's'}"


def item_counts(plan: ImportPlan, only_valid: bool = False) -> ItemCounts:
    """The items, lots and error rows of `plan` (with `only_valid`, the rows kept without their
    price counted as what they then do)."""
    items = plan.items_counted(only_valid)
    lots: dict[str, int] = {}
    new_lots = 0
    for row in plan.rows:
        if row.action_for(only_valid) is RowAction.ERROR:
            continue
        if row.new_lot:
            new_lots += 1
            if row.action_for(only_valid) is RowAction.CREATE:
                lots[row.sku.lower()] = lots.get(row.sku.lower(), 0) + 1
    several = Counter(n for n in lots.values() if n > 1)
    kept = len(plan.kept_without_price)
    return ItemCounts(
        items[RowAction.CREATE],
        items[RowAction.UPDATE],
        items[RowAction.UNCHANGED],
        plan.counts[RowAction.ERROR] - (kept if only_valid else 0),
        new_lots,
        tuple(sorted(several.items())),
        0 if only_valid else kept,
    )
