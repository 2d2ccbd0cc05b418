"""Use from the ledger: per item over time, averages and weeks of supply, top items,
and suggested reorder points (spending is in `core.shelf.spending`).

Use is the `use` movements of the ledger, net of their reversals: a use that was
reversed is left out where it happened, so a corrected mistake never shows as
use (disposals are waste, counts are corrections; neither is use). Periods are
local days, both ends included.

Suggested reorder point = average daily use × (supplier lead time + review
period) + safety stock, rounded up; safety stock is `safety_weeks` of average
use (one week by default). The average is the one of `core.stock.use_rate` (the last
8 weeks, or the item's life when it is younger, at least one week), the same
window as the weekly use and weeks of supply every screen shows.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from peewee import JOIN, fn

from inventory_app.core.catalog import items as catalog
from inventory_app.core.changes import records
from inventory_app.core.money import money_of, unit_cost_of_issue
from inventory_app.core.shelf.types import ItemUsage, Period, ReorderPointSuggestion, UsagePoint
from inventory_app.core.stock.queries import item_row, list_items
from inventory_app.core.stock.use_rate import (
    USE_WEEKS,
    UseRate,
    raw_rows,
    use_movements,
    use_rates,
    used_by_item,
)
from inventory_app.core.times import day_start, parse_time
from inventory_app.core.types import ItemDetail, ItemRow, item_input_of
from inventory_app.db.models import Item, Supplier
from inventory_app.db.transaction import read_guard, write_unit
from inventory_app.errors import NotFound, ValidationError

DEFAULT_WEEKS = USE_WEEKS
REVIEW_DAYS = 7
SAFETY_WEEKS = 1
DEFAULT_LEAD_DAYS = 7  # when an item has no supplier
NO_CATEGORY = "No category"


def check_period(start: date, end: date) -> None:
    if start > end:
        raise ValidationError("start", f"The period starts ({start}) after it ends ({end}).")


# ---------------------------------------------------------------- use over time


def _bucket_start(day: date, period: Period) -> date:
    if period is Period.WEEK:
        return day - timedelta(days=day.weekday())
    return day.replace(day=1)


def _next_bucket(start: date, period: Period) -> date:
    if period is Period.WEEK:
        return start + timedelta(days=7)
    return (start.replace(day=28) + timedelta(days=4)).replace(day=1)


def _bucketed(
    start: date, end: date, period: Period, item_ids: Iterable[int] | None = None
) -> tuple[list[tuple[date, date]], dict[int, list[int]]]:
    """The periods from `start` to `end` (cut to them) and, per item used, its use in each.

    Each use lands in its period by comparing its ledger time with the periods' first
    moments (local midnights as UTC), so no time is converted row by row."""
    periods: list[tuple[date, date]] = []
    bucket = _bucket_start(start, period)
    while bucket <= end:
        following = _next_bucket(bucket, period)
        periods.append((max(bucket, start), min(following - timedelta(days=1), end)))
        bucket = following
    edges = [day_start(first) for first, _last in periods]
    table: dict[int, list[int]] = {}
    for item_id, created_at, quantity in raw_rows(use_movements(start, end, item_ids)):
        when = parse_time(created_at)
        assert when is not None
        row = table.setdefault(int(item_id), [0] * len(periods))  # type: ignore[call-overload]
        row[max(0, bisect_right(edges, when) - 1)] -= int(quantity)  # type: ignore[call-overload]
    return periods, table


@read_guard
def use_by_period(
    item_id: int, start: date, end: date, period: Period | Literal["week", "month"] = Period.WEEK
) -> list[UsagePoint]:
    """Units of one item used per week (Monday to Sunday) or calendar month, every period from
    `start` to `end` listed (zeros included, for a chart); the first and last are cut to the
    period asked for."""
    check_period(start, end)
    periods, table = _bucketed(start, end, Period(period), [item_id])
    used = table.get(item_id, [0] * len(periods))
    return [UsagePoint(first, last, units) for (first, last), units in zip(periods, used, strict=True)]


@read_guard
def period_table(
    start: date, end: date, period: Period | Literal["week", "month"] = Period.WEEK
) -> tuple[list[tuple[date, date]], dict[int, list[int]]]:
    """Use of every item per week or month in one pass: the periods (first and last cut to
    `start` and `end`) and, per item with any use, its units used in each period."""
    check_period(start, end)
    return _bucketed(start, end, Period(period))


@read_guard
def average_weekly_use(
    item_ids: Sequence[int] | None = None, weeks: int = DEFAULT_WEEKS, today: date | None = None
) -> dict[int, float]:
    """Per item: units used per week over the last `weeks` weeks up to `today` (or the item's
    life when younger), rounded as shown (items without use are left out)."""
    rates = use_rates(item_ids, weeks=weeks, today=today)
    return {item_id: rates.of(item_id).weekly for item_id in rates.used}


def _item_usage(row: ItemRow, used: int, cost: Decimal, weeks: float, rate: UseRate) -> ItemUsage:
    return ItemUsage(
        item_id=row.id,
        sku=row.sku,
        name=row.name,
        category=row.category,
        supplier=row.supplier,
        unit=row.unit,
        used=used,
        cost=money_of(used, cost),
        weeks=weeks,
        on_hand=row.on_hand,
        reorder_point=row.reorder_point,
        weekly_use=rate.weekly,
        weeks_left=rate.weeks_left(row.on_hand),
    )


def _costs(item_ids: Iterable[int] | None = None) -> dict[int, Decimal]:
    query = Item.select(Item.id, Item.unit_cost, Item.units_per_purchase_unit)
    if item_ids is not None:
        query = query.where(Item.id.in_(list(item_ids)))
    return {item_id: unit_cost_of_issue(cost, per) for item_id, cost, per in query.tuples()}


@read_guard
def item_usage(item_id: int, weeks: int = DEFAULT_WEEKS, today: date | None = None) -> ItemUsage:
    """One item's use over the last `weeks` weeks: average weekly use and weeks of supply left."""
    row = item_row(item_id, today=today)
    if row is None:
        raise NotFound(f"Item #{item_id} does not exist.")
    rate = use_rates([item_id], weeks=weeks, today=today).of(item_id)
    return _item_usage(row, rate.used, _costs([item_id])[item_id], float(weeks), rate)


@read_guard
def usage_report(start: date, end: date, today: date | None = None) -> list[ItemUsage]:
    """Every active item's use from `start` to `end`, by SKU, with its cost; weekly use and
    weeks of supply are the item's rate as shown everywhere (the last 8 weeks up to `today`)."""
    check_period(start, end)
    used = used_by_item(start, end)
    rates = use_rates(today=today)
    costs = _costs()
    weeks = ((end - start).days + 1) / 7
    return [
        _item_usage(row, used.get(row.id, 0), costs[row.id], weeks, rates.of(row.id))
        for row in list_items(today=today)
    ]


def top_items(
    start: date,
    end: date,
    by: Literal["use", "cost"] = "use",
    limit: int = 10,
    today: date | None = None,
) -> list[ItemUsage]:
    """The items used most in the period, by units or by cost (items without use left out)."""
    if by not in ("use", "cost"):
        raise ValidationError("by", "Rank items by 'use' or by 'cost'.")
    rows = [row for row in usage_report(start, end, today) if row.used > 0]
    if by == "use":
        rows.sort(key=lambda r: (-r.used, -r.cost, r.sku))
    else:
        rows.sort(key=lambda r: (-r.cost, -r.used, r.sku))
    return rows[:limit]


# ---------------------------------------------------------------- reorder points


@read_guard
def suggest_reorder_points(
    item_ids: Sequence[int] | None = None,
    *,
    weeks: int = DEFAULT_WEEKS,
    review_days: int = REVIEW_DAYS,
    safety_weeks: float = SAFETY_WEEKS,
    today: date | None = None,
) -> list[ReorderPointSuggestion]:
    """A suggested reorder point for each active item (or each of `item_ids`), by SKU."""
    if review_days < 0 or safety_weeks < 0:
        raise ValidationError("review_days", "Review period and safety stock cannot be negative.")
    query = (
        Item.select(
            Item.id,
            Item.sku,
            Item.name,
            Item.unit,
            Item.reorder_point,
            Item.par_level,
            fn.COALESCE(Supplier.lead_time_days, DEFAULT_LEAD_DAYS),
            fn.COALESCE(Supplier.name, ""),
        )
        .join(Supplier, JOIN.LEFT_OUTER)
        .order_by(Item.sku)
    )
    if item_ids is None:
        query = query.where(Item.active == True)  # noqa: E712
    else:
        query = query.where(Item.id.in_(list(item_ids)))
    items = list(query.tuples())
    ids = None if item_ids is None else [row[0] for row in items]
    rates = use_rates(ids, weeks=weeks, today=today)
    safety = Fraction(str(safety_weeks))
    out = []
    for item_id, sku, name, unit, current, par_level, lead, supplier in items:
        rate = rates.of(item_id)
        window, total, daily = rate.window_days, rate.used, rate.daily
        exact = daily * (int(lead) + review_days) + daily * 7 * safety
        out.append(
            ReorderPointSuggestion(
                item_id=item_id,
                sku=sku,
                name=name,
                unit=unit,
                current=int(current),
                suggested=math.ceil(exact),
                used=total,
                window_days=window,
                lead_time_days=int(lead),
                review_days=review_days,
                safety_stock=float(daily * 7 * safety),
                par_level=par_level,
                supplier=supplier,
                weekly_use=rate.weekly,
            )
        )
    return out


def suggest_reorder_point(
    item_id: int,
    *,
    weeks: int = DEFAULT_WEEKS,
    review_days: int = REVIEW_DAYS,
    safety_weeks: float = SAFETY_WEEKS,
    today: date | None = None,
) -> ReorderPointSuggestion:
    """The suggested reorder point of one item, with the figures behind it."""
    catalog.item_detail(item_id)  # NotFound for an unknown item
    return suggest_reorder_points(
        [item_id], weeks=weeks, review_days=review_days, safety_weeks=safety_weeks, today=today
    )[0]


@records(catalog=True)
@write_unit
def apply_reorder_point(item_id: int, reorder_point: int | None = None) -> ItemDetail:
    """Set an item's reorder point (the suggested one when None), every other field kept.

    A reorder point above the par level is refused by the catalog's rules (ValidationError
    on "par_level"); the suggestion's `par_conflict` says so beforehand."""
    if reorder_point is None:
        reorder_point = suggest_reorder_point(item_id).suggested
    detail = catalog.item_detail(item_id)
    return catalog.update_item(item_id, item_input_of(detail, reorder_point=reorder_point))
