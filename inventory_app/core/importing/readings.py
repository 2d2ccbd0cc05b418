"""How a file writes its values, as decided when it was read: the day/month order of each
date column and whether numbers use a decimal comma, with the sentence that says why."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from inventory_app.core.importing.values import ORDER_WORDS

DateOrder = Literal["dmy", "mdy", "ymd"]
DATE_ORDERS: tuple[DateOrder, ...] = ("dmy", "mdy", "ymd")
_DATE_NAMES = {"expires": "Expiry"}
SEPARATOR_NAMES = {";": "semicolons", "\t": "tabs", ",": "commas"}


@dataclass(frozen=True, slots=True)
class DateReading:
    """How one date column's day/month numbers were read, and why."""

    field: str
    letter: str
    header: str
    order: DateOrder
    how: str  # "values", "locale" (with `separator`), "chosen"
    example: str
    row: int
    separator: str = ""

    @property
    def column(self) -> str:
        return f"column {self.letter}" + (f" ({self.header})" if self.header else "")

    def sentence(self) -> str:
        what = f"{_DATE_NAMES.get(self.field, 'The')} dates read {ORDER_WORDS[self.order]}"
        where = f"({self.example} in row {self.row})"
        if self.how == "locale":
            why = f"decimal commas and {SEPARATOR_NAMES.get(self.separator, 'its separator')}"
            return f"{what}, as usual in a file written with {why} {where}; no date in it tells."
        if self.how == "chosen":
            return f"{what}, as chosen {where}."
        return f"{what} {where}."

    def to_json(self) -> dict[str, Any]:
        return {
            "field": self.field,
            "column": self.letter,
            "order": self.order,
            "decided_by": self.how,
            "example": self.example,
            "row": self.row,
        }


@dataclass(frozen=True, slots=True)
class NumberReading:
    """Whether the file's numbers use a decimal comma, and the value that shows it."""

    decimal_comma: bool
    how: str  # "values" or "locale"
    example: str
    row: int
    separator: str = ""

    def sentence(self) -> str:
        where = f"{self.example} in row {self.row}"
        if not self.decimal_comma:
            return f"Numbers read with a decimal point ({where})."
        why = ""
        if self.how != "values":
            why = f", as the file is separated by {SEPARATOR_NAMES[self.separator]}"
        return f"Numbers read with a decimal comma{why} ({where}); a point groups thousands (1.000 is 1000)."

    def to_json(self) -> dict[str, Any]:
        return {
            "decimal": "," if self.decimal_comma else ".",
            "decided_by": self.how,
            "example": self.example,
            "row": self.row,
        }


@dataclass(frozen=True, slots=True)
class Readings:
    """Everything decided about how the file writes its values."""

    dates: tuple[DateReading, ...] = ()
    numbers: NumberReading | None = None

    def order(self, field: str) -> DateOrder | None:
        return next((d.order for d in self.dates if d.field == field), None)

    @property
    def decimal_comma(self) -> bool:
        return self.numbers is not None and self.numbers.decimal_comma

    def sentences(self) -> tuple[str, ...]:
        found = [d.sentence() for d in self.dates]
        if self.numbers is not None:
            found.append(self.numbers.sentence())
        return tuple(found)

    def to_json(self) -> dict[str, Any]:
        return {
            "dates": [d.to_json() for d in self.dates],
            "numbers": self.numbers.to_json() if self.numbers else None,
        }
