"""Which items a list shows: search text, category, location and a status view.

Plain Python over `ItemRow`s so a 20,000-row table re-filters per keystroke in
a few milliseconds (no per-cell calls into Qt).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from inventory_app.core.types import ItemRow, Status


class View(StrEnum):
    ALL = "all"
    NEEDS_REORDER = "needs_reorder"
    OUT = "out"
    EXPIRING = "expiring"
    EXPIRED = "expired"


VIEW_LABELS = {
    View.ALL: "All items",
    View.NEEDS_REORDER: "Needs reorder",
    View.OUT: "Out of stock",
    View.EXPIRING: "Expiring soon",
    View.EXPIRED: "Has expired stock",
}


def search_key(row: ItemRow) -> str:
    return f"{row.sku}\n{row.name}\n{row.barcode}".casefold()


@dataclass(frozen=True, slots=True)
class ItemFilter:
    text: str = ""
    category: str = ""
    location: str = ""
    view: View = View.ALL

    @property
    def is_empty(self) -> bool:
        return not (self.text.strip() or self.category or self.location) and self.view is View.ALL

    def matches(self, row: ItemRow, today: date, key: str | None = None) -> bool:
        if self.category and row.category != self.category:
            return False
        if self.location and row.location != self.location:
            return False
        view = self.view
        if view is View.NEEDS_REORDER and row.status is Status.OK:
            return False
        if view is View.OUT and row.status is not Status.OUT:
            return False
        if view is View.EXPIRING and not row.expiring_soon(today):
            return False
        if view is View.EXPIRED and row.expired <= 0:
            return False
        words = self.text.casefold().split()
        if words:
            haystack = key if key is not None else search_key(row)
            return all(word in haystack for word in words)
        return True

    def apply(
        self, rows: Iterable[ItemRow], today: date, keys: dict[int, str] | None = None
    ) -> list[ItemRow]:
        if self.is_empty:
            return list(rows)
        if keys is None:
            return [row for row in rows if self.matches(row, today)]
        return [row for row in rows if self.matches(row, today, keys.get(row.id))]
