"""What an action changed, said without Qt, so that each screen redraws only what it shows.

A stock action changes its items (their rows, the side bar's counts); other actions change the
catalog (items, suppliers, categories, locations), orders, counts, settings or accounts. A page
declares the kinds it shows (`SHOWS`); one that shows none of a change is left alone.

The services say what they changed as they change it: `record(Changes(...))` inside a service (or
`@records(kind=True)` on it) adds to the change set of the action running, which the caller
gathers with `collect()` around the call. The desktop app's operation runner does that for every
user action; the command line gathers nothing and pays nothing (no collector: `record` returns at
once)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import ParamSpec, TypeVar

KINDS = ("items", "catalog", "orders", "counts", "settings", "accounts")

P = ParamSpec("P")
R = TypeVar("R")


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

    @classmethod
    def everything(cls) -> Changes:
        """The whole database may differ (a restore, the demo loaded into a new office)."""
        return cls(catalog=True, orders=True, counts=True, settings=True, accounts=True)

    @property
    def kinds(self) -> frozenset[str]:
        """The kinds of change in this set ("items" when any item's stock changed)."""
        return frozenset(kind for kind in KINDS if getattr(self, kind))

    def touches(self, shown: Iterable[str]) -> bool:
        """True when a screen showing the kinds `shown` must redraw for this change."""
        return not self.kinds.isdisjoint(shown)

    def __bool__(self) -> bool:
        return bool(self.kinds)

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            self.items | other.items,
            *(getattr(self, kind) or getattr(other, kind) for kind in KINDS[1:]),
        )


class Collected:
    """The change set gathered so far by one `collect()`."""

    __slots__ = ("changes",)

    def __init__(self) -> None:
        self.changes = Changes()


_collector: ContextVar[Collected | None] = ContextVar("inventory_changes", default=None)


@contextmanager
def collect(*, hand_on: bool = True) -> Iterator[Collected]:
    """Gather what the services called inside record; a nested collect sees its own part and
    hands it on to the outer one (unless `hand_on` is False: its caller tells of it itself)."""
    outer = _collector.get()
    mine = Collected()
    token = _collector.set(mine)
    try:
        yield mine
    finally:
        _collector.reset(token)
        if outer is not None and hand_on:
            outer.changes = outer.changes | mine.changes


def record(changes: Changes) -> None:
    """Add `changes` to the change set of the action running (nothing when nobody collects)."""
    collected = _collector.get()
    if collected is not None:
        collected.changes = collected.changes | changes


def record_item(item_id: int) -> None:
    """An item's stock changed (called for every movement recorded)."""
    collected = _collector.get()
    if collected is not None and item_id not in collected.changes.items:
        collected.changes = collected.changes | Changes(items=frozenset((item_id,)))


def records(changes: Changes | None = None, /, **kinds: bool) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Mark a service as changing `kinds` (e.g. `catalog=True`) or `changes`: recorded when it
    returns."""
    if changes is None:
        changes = Changes(**kinds)  # type: ignore[arg-type]

    def decorate(fn: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(fn)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            result = fn(*args, **kwargs)
            record(changes)
            return result

        return wrapper

    return decorate
