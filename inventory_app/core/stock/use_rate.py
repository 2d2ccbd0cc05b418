"""Average weekly use and weeks of supply: the one definition every screen, document and
command shows, so one item never has two rates.

Use is the `use` movements of the ledger that were not reversed (a reversed use never
happened; disposals are waste and counts are corrections, neither is use).

Weekly use = units used in the last `USE_WEEKS` weeks of local days up to today, per week of
that window; an item younger than the window is averaged over its own life (at least one
week), so a new item is not averaged with weeks it did not exist. Rounded once, to one
decimal (halves up). Weeks of supply = on hand ÷ that weekly use, to one decimal; none
when nothing is used. The suggested reorder point (`core.shelf.usage`) averages the same window.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction
from typing import Any, TypeAlias

from peewee import JOIN, ModelSelect, fn

from inventory_app.core.times import day_start, ledger_value, local_day, parse_time
from inventory_app.core.types import MovementKind
from inventory_app.core.wording import plural_of
from inventory_app.db.connection import current_database
from inventory_app.db.models import Movement
from inventory_app.db.transaction import read_guard
from inventory_app.errors import ValidationError

USE_WEEKS = 8
# How every screen names the rate, e.g. "7.5 boxes per week, last 8 weeks".
USE_WINDOW = f"last {USE_WEEKS} weeks"

ItemIds: TypeAlias = "Iterable[int] | ModelSelect[Any] | None"


def _tenths(value: Fraction) -> float:
    """To one decimal, halves up (7.45 → 7.5), from an exact value."""
    return math.floor(value * 10 + Fraction(1, 2)) / 10


def weekly_use_of(used: int, window_days: int) -> float:
    """Units per week from `used` units in `window_days` days, rounded the one way."""
    return _tenths(Fraction(used * 7, window_days)) if window_days > 0 else 0.0


def weeks_of_supply(on_hand: int, weekly_use: float | None) -> float | None:
    """Weeks that `on_hand` lasts at `weekly_use` (the rounded figure shown next to it, so the
    two can be checked by hand); None when nothing is used."""
    if not weekly_use or weekly_use <= 0:
        return None
    return _tenths(Fraction(on_hand) / Fraction(str(weekly_use)))


def per_week_text(weekly_use: float, unit: str) -> str:
    """The rate with its unit as read: '7.5 boxes', '1.0 box' (the caller adds "per week")."""
    return f"{weekly_use:,.1f} {unit if weekly_use == 1 else plural_of(unit)}".rstrip()


@dataclass(frozen=True, slots=True)
class UseRate:
    """An item's use in its averaging window."""

    used: int
    window_days: int

    @property
    def daily(self) -> Fraction:
        return Fraction(self.used, self.window_days)

    @property
    def weekly(self) -> float:
        return weekly_use_of(self.used, self.window_days)

    def weeks_left(self, on_hand: int) -> float | None:
        return weeks_of_supply(on_hand, self.weekly)


@dataclass(frozen=True, slots=True)
class UseRates:
    """Use of many items over one window; `of(item_id)` for any of them (zero when unused)."""

    start: date
    end: date
    used: dict[int, int] = field(default_factory=dict)
    first_days: dict[int, date] = field(default_factory=dict)  # items younger than the window

    def of(self, item_id: int) -> UseRate:
        born = self.first_days.get(item_id, self.start)
        days = max(7, min((self.end - self.start).days + 1, (self.end - born).days + 1))
        return UseRate(self.used.get(item_id, 0), days)


def use_window(weeks: int = USE_WEEKS, today: date | None = None) -> tuple[date, date]:
    """The first and last local day of the last `weeks` weeks up to `today`."""
    if weeks < 1:
        raise ValidationError("weeks", "Average over at least one week.")
    end = today or date.today()
    return end - timedelta(days=7 * weeks - 1), end


def _ids(item_ids: ItemIds) -> list[int] | ModelSelect[Any]:
    return item_ids if isinstance(item_ids, ModelSelect) else list(item_ids or [])


def in_period(query: ModelSelect[Movement], start: date, end: date) -> ModelSelect[Movement]:
    """Movements of `query` from local day `start` to `end`, both included."""
    return query.where(
        (Movement.created_at >= ledger_value(day_start(start)))
        & (Movement.created_at < ledger_value(day_start(end + timedelta(days=1))))
    )


def use_movements(start: date, end: date, item_ids: ItemIds = None) -> ModelSelect[Movement]:
    """Use movements in the period that were not reversed (item, time, quantity)."""
    reversal = Movement.alias("reversal")
    query = (
        Movement.select(Movement.item, Movement.created_at, Movement.quantity)
        .join(reversal, JOIN.LEFT_OUTER, on=(reversal.reversal_of == Movement.id))
        .where((Movement.kind == str(MovementKind.USE)) & reversal.id.is_null())
    )
    if item_ids is not None:
        query = query.where(Movement.item.in_(_ids(item_ids)))
    return in_period(query, start, end)


def used_by_item(start: date, end: date, item_ids: ItemIds = None) -> dict[int, int]:
    """Units used per item in the period (items without use left out)."""
    query = use_movements(start, end, item_ids)
    totals = query.select(Movement.item, fn.SUM(Movement.quantity)).group_by(Movement.item)
    return {item_id: -int(total) for item_id, total in totals.tuples()}  # type: ignore[has-type, misc]  # peewee types .tuples() rows as models


def raw_rows(query: ModelSelect[Any]) -> list[tuple[object, ...]]:
    """Rows on a plain cursor: no per-value conversion (callers parse times once)."""
    sql, params = query.sql()
    return list(current_database().execute_sql(sql, params).fetchall())


def young_items(item_ids: ItemIds, start: date) -> dict[int, date]:
    """Items whose first movement is on or after `start`, with the day of that movement.

    The first movement by id is found from the item index alone; only the few items whose
    first-by-id is recent are looked at by time (a movement recorded later with an earlier
    time, e.g. an import of past receipts, still counts)."""
    first_ids = Movement.select(fn.MIN(Movement.id)).group_by(Movement.item)
    if item_ids is not None:
        first_ids = first_ids.where(Movement.item.in_(_ids(item_ids)))
    since = ledger_value(day_start(start))
    recent = [
        row.item_id
        for row in Movement.select(Movement.item).where(
            Movement.id.in_(first_ids) & (Movement.created_at >= since)
        )
    ]
    days: dict[int, date] = {}
    if recent:
        earliest = (
            Movement.select(Movement.item, fn.MIN(Movement.created_at))
            .where(Movement.item.in_(recent))
            .group_by(Movement.item)
        )
        for item_id, first in raw_rows(earliest):
            when = parse_time(first)
            if when is not None and when >= day_start(start):
                days[int(item_id)] = local_day(when)  # type: ignore[call-overload]
    return days


@read_guard
def use_rates(item_ids: ItemIds = None, *, weeks: int = USE_WEEKS, today: date | None = None) -> UseRates:
    """Use of every item (or of `item_ids`: a list, or a subquery selecting ids) over the
    averaging window up to `today`."""
    start, end = use_window(weeks, today)
    if isinstance(item_ids, list) and not item_ids:
        return UseRates(start, end)
    return UseRates(start, end, used_by_item(start, end, item_ids), young_items(item_ids, start))


def use_rate(item_id: int, *, weeks: int = USE_WEEKS, today: date | None = None) -> UseRate:
    """One item's use over the averaging window."""
    return use_rates([item_id], weeks=weeks, today=today).of(item_id)
