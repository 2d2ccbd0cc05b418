"""Plain values of an import: the rows read from a file, and the plan shown before writing.

`documents` reads a file into `SheetRows` (no Qt, no database); the core turns
that into an `ImportSource` (header found, columns mapped), validates it into
an `ImportPlan` that says row by row what would happen, and only then applies
it. Everything here is frozen, so a preview table can read it from any thread.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from inventory_app.core.importing.columns import ColumnMap
from inventory_app.core.importing.readings import Readings

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


class RowAction(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class SourceRow:
    """One non-empty row of the sheet: its row number in the file and its cell values."""

    number: int
    values: tuple[object, ...]


@dataclass(frozen=True, slots=True)
class SheetRows:
    """One sheet as plain rows, before the header is known. Blank rows are left out."""

    file_name: str
    sheet: str
    sheet_names: tuple[str, ...]
    rows: tuple[SourceRow, ...]
    checksum: str
    separator: str = ""  # a CSV's separator (its locale: ";" where decimals are written 4,8)


@dataclass(frozen=True, slots=True)
class ImportSource:
    """The rows below the header, and which column holds which field."""

    file_name: str
    sheet: str
    columns: ColumnMap
    rows: tuple[SourceRow, ...]
    checksum: str
    separator: str = ""


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode picture of the control character: ␍, ␊, ␀
    return "\u2421" if code == 0x7F else f"<U+{code:04X}>"


@dataclass(frozen=True, slots=True)
class RowIssue:
    """Why a row cannot be imported, and where: the file's row number and column letter.
    A cell value quoted in the message shows its control characters as visible symbols,
    so the message stays one line (a carriage return in a cell cannot garble a terminal)."""

    row: int
    column: str
    field: str
    message: str
    header: str = ""

    def __post_init__(self) -> None:
        if _CONTROL.search(self.message):
            object.__setattr__(self, "message", _CONTROL.sub(_visible, self.message))

    def __str__(self) -> str:
        where = f"Row {self.row}"
        if self.column:
            where += f", column {self.column}" + (f" ({self.header})" if self.header else "")
        return f"{where}: {self.message}"

    def to_json(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "field": self.field, "message": self.message}


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str
    old: object
    new: object


@dataclass(frozen=True, slots=True)
class PlannedRow:
    """What importing one row would do."""

    row: int
    sku: str
    name: str
    action: RowAction
    changes: tuple[FieldChange, ...] = ()
    issues: tuple[RowIssue, ...] = ()
    lot: str = ""  # the lot number as written: "" also for a lot without a number
    quantity_change: int = 0
    heading: str = ""  # the category given by a heading row above it ("BRACING")
    new_lot: bool = False  # the row's lot is new to the inventory
    # A row whose only errors are in its price cells: what it does when only the valid rows are
    # imported (imported without the price, its stock kept); None for any other row.
    without_price: RowAction | None = None
    expires: date | None = None  # the row's lot's expiry: with no lot number, it names the lot

    def action_for(self, only_valid: bool) -> RowAction:
        """What the row does: an error row kept without its price counts as that when only the
        valid rows are imported."""
        return self.without_price if only_valid and self.without_price is not None else self.action

    def lot_json(self) -> dict[str, Any]:
        """The row's lot as written: its number (null for a lot without one) and its expiry."""
        return {
            "row": self.row,
            "sku": self.sku,
            "lot": self.lot or None,
            "expires": self.expires.isoformat() if self.expires else None,
            "new_lot": self.new_lot,
            "quantity_change": self.quantity_change,
        }

    def to_json(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "sku": self.sku,
            "action": str(self.action),
            "changes": [c.field for c in self.changes],
            "quantity_change": self.quantity_change,
            "lot": self.lot or None,
            "expires": self.expires.isoformat() if self.expires else None,
            "errors": [i.to_json() for i in self.issues],
            "category_heading": self.heading or None,
            "with_only_valid": str(self.without_price) + " without the price" if self.without_price else None,
        }


@dataclass(frozen=True, slots=True)
class SkippedRow:
    """A row left out on purpose (a totals row, the template's example), shown to the user."""

    row: int
    reason: str


@dataclass(frozen=True, slots=True)
class PreviousImport:
    """The same file was imported before (RELIABILITY B4)."""

    file_name: str
    at: str
    user: str


@dataclass(frozen=True)
class ImportPlan:
    """Row by row what an import would do; `apply_import` writes exactly this or nothing."""

    source: ImportSource
    rows: tuple[PlannedRow, ...]
    skipped: tuple[SkippedRow, ...] = ()
    new_suppliers: tuple[str, ...] = ()
    new_categories: tuple[str, ...] = ()
    new_locations: tuple[str, ...] = ()
    previous_import: PreviousImport | None = None
    readings: Readings = field(default_factory=Readings)  # how dates and numbers were read
    price: Any = None  # import_money.PriceReading: what the price column was read as, or None
    typed_skus: frozenset[str] = frozenset()  # made SKUs the person typed instead (lower case)
    work: Any = field(default=None, repr=False, compare=False)

    @property
    def counts(self) -> dict[str, int]:
        found = Counter(row.action for row in self.rows)
        return {str(action): found.get(action, 0) for action in RowAction}

    @property
    def item_counts(self) -> dict[str, int]:
        """Like `counts`, but items: the rows of one item's lots count once (as updated when
        any of them changes something, unchanged when none does)."""
        return self.items_counted()

    def items_counted(self, only_valid: bool = False) -> dict[str, int]:
        """`item_counts`, with the rows kept without their price when `only_valid`."""
        # Per item the first of create, update, unchanged that any of its rows does.
        rank = {RowAction.CREATE: 3, RowAction.UPDATE: 2, RowAction.UNCHANGED: 1, RowAction.ERROR: 0}
        items: dict[str, int] = {}
        for row in self.rows:
            action = row.without_price if only_valid and row.without_price is not None else row.action
            if action is not RowAction.ERROR:
                key = row.sku.lower()
                if items.get(key, 0) < rank[action]:
                    items[key] = rank[action]
        by_rank = {r: action for action, r in rank.items()}
        found = Counter(by_rank[r] for r in items.values())
        return {str(action): found.get(action, 0) for action in RowAction if action is not RowAction.ERROR}

    @property
    def issues(self) -> list[RowIssue]:
        return [issue for row in self.rows for issue in row.issues]

    @property
    def has_errors(self) -> bool:
        return any(row.action is RowAction.ERROR for row in self.rows)

    @property
    def changes_anything(self) -> bool:
        return any(row.action_for(True) in (RowAction.CREATE, RowAction.UPDATE) for row in self.rows)

    @property
    def kept_without_price(self) -> tuple[PlannedRow, ...]:
        """Error rows that only the valid rows' import keeps, without their price."""
        return tuple(row for row in self.rows if row.without_price is not None)


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What was written. Items are counted as items (one item listed once per lot is one
    item); rows with errors are counted as rows; new lots and stock movements apart."""

    created: int
    updated: int
    unchanged: int
    not_imported: int
    movements: int
    new_suppliers: int = 0
    new_categories: int = 0
    new_locations: int = 0
    new_lots: int = 0
    without_price: int = 0  # rows imported without their price (the price cell was not valid)

    def to_json(self) -> dict[str, int]:
        return {
            "without_price": self.without_price,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "not_imported": self.not_imported,
            "new_lots": self.new_lots,
            "movements": self.movements,
            "new_suppliers": self.new_suppliers,
            "new_categories": self.new_categories,
            "new_locations": self.new_locations,
        }
