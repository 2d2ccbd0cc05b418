"""What an action changed, said without Qt, so that each screen redraws only what it shows.

A stock action changes its items (their rows, the side bar's counts); other actions change the
catalog (items, suppliers, categories, locations), orders, counts, settings or accounts. A page
declares the kinds it shows (`SHOWS`); one that shows none of a change is left alone."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

KINDS = ("items", "catalog", "orders", "counts", "settings", "accounts")


@dataclass(frozen=True, slots=True)
class Changes:
    items: frozenset[int] = frozenset()
    catalog: bool = False
    orders: bool = False
    counts: bool = False
    settings: bool = False
    accounts: bool = False

    @classmethod
    def of_items(cls, item_ids: Iterable[int]) -> Changes:
        return cls(items=frozenset(item_ids))

    @property
    def kinds(self) -> frozenset[str]:
        """The kinds of change in this set ("items" when any item's stock changed)."""
        return frozenset(kind for kind in KINDS if getattr(self, kind))

    def touches(self, shown: Iterable[str]) -> bool:
        """True when a screen showing the kinds `shown` must redraw for this change."""
        return not self.kinds.isdisjoint(shown)

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            self.items | other.items,
            *(getattr(self, kind) or getattr(other, kind) for kind in KINDS[1:]),
        )
