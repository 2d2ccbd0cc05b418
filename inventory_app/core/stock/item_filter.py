"""Which items a list shows: search text, category, location and a status view.

Plain Python over `ItemRow`s so a 20,000-row table re-filters per keystroke in
a few milliseconds (no per-cell calls into Qt).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
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

    def apply(self, rows: Sequence[ItemRow], today: date, keys: Sequence[str] | None = None) -> list[ItemRow]:
        """The rows that match, in their order. `keys[i]` is `search_key(rows[i])`, if known.

        Each criterion narrows the list in one tight pass, so a keystroke over 20,000
        rows costs a few milliseconds.
        """
        if self.is_empty:
            return list(rows)
        if keys is None:
            keys = [search_key(row) for row in rows]
        pairs: Iterable[tuple[ItemRow, str]] = zip(rows, keys, strict=True)
        if self.category:
            pairs = [(r, k) for r, k in pairs if r.category == self.category]
        if self.location:
            pairs = [(r, k) for r, k in pairs if r.location == self.location]
        view = self.view
        if view is View.NEEDS_REORDER:
            pairs = [(r, k) for r, k in pairs if r.status is not Status.OK]
        elif view is View.OUT:
            pairs = [(r, k) for r, k in pairs if r.status is Status.OUT]
        elif view is View.EXPIRING:
            pairs = [(r, k) for r, k in pairs if r.next_expiry is not None and r.expiring_soon(today)]
        elif view is View.EXPIRED:
            pairs = [(r, k) for r, k in pairs if r.expired > 0]
        for word in self.text.casefold().split():
            pairs = [(r, k) for r, k in pairs if word in k]
        return [r for r, _k in pairs]
