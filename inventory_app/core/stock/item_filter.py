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
        """The rows that match, in their order. `keys[i]` is `search_key(rows[i])`, if known."""
        if self.is_empty:
            return list(rows)
        if keys is None:
            keys = [search_key(row) for row in rows]
        return [rows[i] for i in self.matching(rows, keys, today, range(len(rows)))]

    def narrows(self, other: ItemFilter) -> bool:
        """Whether every row this filter matches also matches `other` (the same choices, and
        this search text is `other`'s with more typed after it), so this filter can look only
        among `other`'s matches."""
        return (
            self.category == other.category
            and self.location == other.location
            and self.view is other.view
            and self.text.casefold().startswith(other.text.casefold())
        )

    def matching(
        self, rows: Sequence[ItemRow], keys: Sequence[str], today: date, among: Iterable[int]
    ) -> list[int]:
        """The positions in `among` (positions in `rows`, in the order wanted) whose rows
        match. `keys[i]` is `search_key(rows[i])`.

        Positions, not rows or pairs: each criterion narrows a list of ints in one tight
        pass, so a keystroke over 20,000 rows costs a millisecond or two and builds no
        objects for the garbage collector to walk.
        """
        found = list(among)
        if self.category:
            category = self.category
            found = [i for i in found if rows[i].category == category]
        if self.location:
            location = self.location
            found = [i for i in found if rows[i].location == location]
        view = self.view
        if view is View.NEEDS_REORDER:
            found = [i for i in found if rows[i].status is not Status.OK]
        elif view is View.OUT:
            found = [i for i in found if rows[i].status is Status.OUT]
        elif view is View.EXPIRING:
            found = [i for i in found if rows[i].next_expiry is not None and rows[i].expiring_soon(today)]
        elif view is View.EXPIRED:
            found = [i for i in found if rows[i].expired > 0]
        for word in self.text.casefold().split():
            found = [i for i in found if word in keys[i]]
        return found
