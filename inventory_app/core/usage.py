"""Use from the ledger: per item over time, averages and weeks of supply, top items,
and suggested reorder points (spending is in `core.spending`).

Use is the `use` movements of the ledger, net of their reversals: a use that was
reversed is left out where it happened, so a corrected mistake never shows as
use (disposals are waste, counts are corrections; neither is use). Periods are
local days, both ends included.

Suggested reorder point = average daily use × (supplier lead time + review
period) + safety stock, rounded up; safety stock is `safety_weeks` of average
use (one week by default). The average is over the last `weeks` weeks, or over
the item's life when it is younger (at least one week), so a new item is not
averaged with weeks it did not exist.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from peewee import JOIN, ModelSelect, fn

from inventory_app.core import catalog
from inventory_app.core.ledger_time import day_start, ledger_value, local_day, parse_time
from inventory_app.core.shelf_types import (
    ItemUsage,
    Period,
    ReorderPointSuggestion,
    UsagePoint,
    money_of,
    unit_cost_of_issue,
)
from inventory_app.core.stock_queries import item_row, list_items
from inventory_app.core.types import ItemDetail, ItemInput, ItemRow, MovementKind
from inventory_app.db.connection import current_database
from inventory_app.db.models import (
    Item,
    Movement,
    Supplier,
)
from inventory_app.db.transaction import read_guard, write_unit
from inventory_app.errors import NotFound, ValidationError

DEFAULT_WEEKS = 8
REVIEW_DAYS = 7
SAFETY_WEEKS = 1
DEFAULT_LEAD_DAYS = 7  # when an item has no supplier
NO_CATEGORY = "No category"


def check_period(start: date, end: date) -> None:
    if start > end:
        raise ValidationError("start", f"The period starts ({start}) after it ends ({end}).")


def _window(weeks: int, today: date | None) -> tuple[date, date]:
    if weeks < 1:
        raise ValidationError("weeks", "Average over at least one week.")
    end = today or date.today()
    return end - timedelta(days=7 * weeks - 1), end


def in_period(query: ModelSelect[Movement], start: date, end: date) -> ModelSelect[Movement]:
    return query.where(
        (Movement.created_at >= ledger_value(day_start(start)))
        & (Movement.created_at < ledger_value(day_start(end + timedelta(days=1))))
    )


def _uses(start: date, end: date, item_ids: Iterable[int] | None = None) -> ModelSelect[Movement]:
    """Use movements in the period that were not reversed."""
    reversal = Movement.alias("reversal")
    query = (
        Movement.select(Movement.item, Movement.created_at, Movement.quantity)
        .join(reversal, JOIN.LEFT_OUTER, on=(reversal.reversal_of == Movement.id))
        .where((Movement.kind == str(MovementKind.USE)) & reversal.id.is_null())
    )
    if item_ids is not None:
        query = query.where(Movement.item.in_(list(item_ids)))
    return in_period(query, start, end)


def _used_by_item(start: date, end: date, item_ids: Iterable[int] | None = None) -> dict[int, int]:
    query = _uses(start, end, item_ids)
    totals = query.select(Movement.item, fn.SUM(Movement.quantity)).group_by(Movement.item)
    return {item_id: -int(total) for item_id, total in totals.tuples()}


# ---------------------------------------------------------------- use over time


def _bucket_start(day: date, period: Period) -> date:
    if period is Period.WEEK:
        return day - timedelta(days=day.weekday())
    return day.replace(day=1)


def _next_bucket(start: date, period: Period) -> date:
    if period is Period.WEEK:
        return start + timedelta(days=7)
    return (start.replace(day=28) + timedelta(days=4)).replace(day=1)


def _raw(query: ModelSelect[Movement]) -> list[tuple[object, ...]]:
    """Rows on a plain cursor: no per-value conversion (times are parsed once, below)."""
    sql, params = query.sql()
    return list(current_database().execute_sql(sql, params).fetchall())


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
    for item_id, created_at, quantity in _raw(_uses(start, end, item_ids)):
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
    """Per item: units used per week on average over the last `weeks` weeks up to `today`
    (items without use are left out)."""
    start, end = _window(weeks, today)
    return {item_id: used / weeks for item_id, used in _used_by_item(start, end, item_ids).items()}


def _item_usage(row: ItemRow, used: int, cost: Decimal, weeks: float) -> ItemUsage:
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
    start, end = _window(weeks, today)
    used = _used_by_item(start, end, [item_id]).get(item_id, 0)
    return _item_usage(row, used, _costs([item_id])[item_id], float(weeks))


@read_guard
def usage_report(start: date, end: date, today: date | None = None) -> list[ItemUsage]:
    """Every active item's use from `start` to `end`, by SKU, with cost and weeks of supply."""
    check_period(start, end)
    used = _used_by_item(start, end)
    costs = _costs()
    weeks = ((end - start).days + 1) / 7
    return [_item_usage(row, used.get(row.id, 0), costs[row.id], weeks) for row in list_items(today=today)]


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


def _young_items(item_ids: Sequence[int] | None, start: date) -> dict[int, date]:
    """Items whose first movement is on or after `start`, with the day of that movement.

    The first movement by id is found from the item index alone; only the few items whose
    first-by-id is recent are looked at by time (a movement recorded later with an earlier
    time, e.g. an import of past receipts, still counts)."""
    first_ids = Movement.select(fn.MIN(Movement.id)).group_by(Movement.item)
    if item_ids is not None:
        first_ids = first_ids.where(Movement.item.in_(list(item_ids)))
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
        for item_id, first in _raw(earliest):
            when = parse_time(first)
            if when is not None and when >= day_start(start):
                days[int(item_id)] = local_day(when)  # type: ignore[call-overload]
    return days


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
    start, end = _window(weeks, today)
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
    used = _used_by_item(start, end, ids)
    first_day = _young_items(ids, start)
    safety = Fraction(str(safety_weeks))
    out = []
    for item_id, sku, name, unit, current, par_level, lead, supplier in items:
        born = first_day.get(item_id, start)  # older items: the whole window
        window = max(7, min(7 * weeks, (end - born).days + 1))
        total = used.get(item_id, 0)
        daily = Fraction(total, window)
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


@write_unit
def apply_reorder_point(item_id: int, reorder_point: int | None = None) -> ItemDetail:
    """Set an item's reorder point (the suggested one when None), every other field kept.

    A reorder point above the par level is refused by the catalog's rules (ValidationError
    on "par_level"); the suggestion's `par_conflict` says so beforehand."""
    if reorder_point is None:
        reorder_point = suggest_reorder_point(item_id).suggested
    d = catalog.item_detail(item_id)
    return catalog.update_item(
        item_id,
        ItemInput(
            sku=d.sku,
            name=d.name,
            unit=d.unit,
            category_id=d.category_id,
            location_id=d.location_id,
            purchase_unit=d.purchase_unit,
            units_per_purchase_unit=d.units_per_purchase_unit,
            supplier_id=d.supplier_id,
            supplier_sku=d.supplier_sku,
            unit_cost=d.unit_cost,
            reorder_point=reorder_point,
            par_level=d.par_level,
            tracks_expiry=d.tracks_expiry,
            barcode=d.barcode,
            notes=d.notes,
            expiry_warning_days=d.expiry_warning_days,
        ),
    )
