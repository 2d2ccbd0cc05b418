"""Which column became each field, said first in every preview (window, command line, JSON).

An import guesses which column is the name, the quantity, the price; a wrong
guess changes thousands of items at once ("Product description goes here." as
every name). So the preview opens with one line per field read,
"Name ← column H (fullproductname)", with why a guess was made where it is not
plain (a Description beside a name column is the notes), and whether the user
mapped it by hand; each can be overridden with the hand mapping.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from inventory_app.core.import_columns import FIELD_HEADERS, FIELDS, ColumnMap


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
