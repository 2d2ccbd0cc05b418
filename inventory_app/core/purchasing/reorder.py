"""What to order: every low item, how much, and why.

Suggested quantity, in units of issue: par level − on hand − on order (− already
on a draft); without a par level, enough to reach twice the reorder point.
Rounded up to whole purchase units (a box of 100 is never split). A low item
that open orders already cover is shown as "on order", not suggested again; one
whose target is not above its stock (reorder point 0 and no par level) is shown
with that reason, "nothing to order", never as covered by an order it does not have.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal

from peewee import fn

from inventory_app.core.purchasing.types import (
    OPEN_STATUSES,
    OrderStatus,
    ReorderGroup,
    ReorderLine,
    ReorderState,
)
from inventory_app.core.stock.queries import needs_reorder, reorder_candidates
from inventory_app.core.stock.use_rate import use_rates
from inventory_app.core.types import ItemRow, Status
from inventory_app.db.models import Item, PurchaseOrder, PurchaseOrderLine, Supplier
from inventory_app.db.transaction import read_guard

NO_SUPPLIER = "No supplier"


def _outstanding_units(
    statuses: tuple[OrderStatus, ...],
) -> dict[int, int]:
    """Per item: units of issue that orders in `statuses` will still bring."""
    units = (PurchaseOrderLine.quantity - PurchaseOrderLine.received) * (
        PurchaseOrderLine.units_per_purchase_unit
    )
    query = (
        PurchaseOrderLine.select(PurchaseOrderLine.item, fn.SUM(units))
        .join(PurchaseOrder)
        .where(
            PurchaseOrder.status.in_([str(s) for s in statuses])
            & (PurchaseOrderLine.quantity > PurchaseOrderLine.received)
        )
        .group_by(PurchaseOrderLine.item)
    )
    return {item_id: int(total) for item_id, total in query.tuples()}  # type: ignore[has-type, misc]  # peewee types .tuples() rows as models


def explain(
    par_level: int | None,
    reorder_point: int,
    on_hand: int,
    on_order: int,
    in_draft: int,
    need: int,
    packs: int,
    purchase_unit: str,
    per_pack: int,
) -> str:
    """The reasoning shown next to a suggestion, e.g.
    "par 20, on hand 6, on order 0 → need 14 → 1 × case of 24"."""
    target = f"par {par_level}" if par_level is not None else f"2 × reorder point {reorder_point}"
    parts = [target, f"on hand {on_hand}", f"on order {on_order}"]
    if in_draft:
        parts.append(f"in draft {in_draft}")
    text = ", ".join(parts) + f" → need {max(need, 0)}"
    if need <= 0:
        if on_order:
            return text + " → covered by open orders"
        if in_draft:
            return text + " → covered by a draft order"
        return text + " → " + nothing_to_order(par_level, reorder_point, on_hand)
    if per_pack > 1:
        return text + f" → {packs} × {purchase_unit} of {per_pack}"
    return text + f" → {packs} × {purchase_unit}"


def reorder_target(par_level: int | None, reorder_point: int) -> int:
    """What a reorder brings an item up to: its par level, or twice its reorder point when it
    has none. The one rule for suggestions, the side bar's figures and the exports."""
    return par_level if par_level is not None else 2 * reorder_point


def nothing_to_order(par_level: int | None, reorder_point: int, on_hand: int) -> str:
    """Why a low item gets no suggestion when no order covers it: its target is not above
    what is on hand (a reorder point of 0 without a par level, or a par level set too low)."""
    if par_level is None:
        return (
            f"nothing to order: reorder point {reorder_point} and no par level (set a par level to order it)"
        )
    return f"nothing to order: par level {par_level} is not above on hand {on_hand} (raise the par level)"


@read_guard
def suggestions(today: date | None = None, with_usage: bool = True) -> list[ReorderGroup]:
    """Every active item that needs reordering, grouped by supplier (no supplier last)."""
    low = needs_reorder(today)
    if not low:
        return []
    today = today or date.today()
    candidates = Item.select(Item.id).where(reorder_candidates(today))
    details = {
        row.id: row
        for row in Item.select(
            Item.id,
            Item.supplier,
            Item.supplier_sku,
            Item.purchase_unit,
            Item.units_per_purchase_unit,
            Item.unit_cost,
        ).where(reorder_candidates(today))
    }
    open_units = _outstanding_units(OPEN_STATUSES)
    draft_units = _outstanding_units((OrderStatus.DRAFT,))
    rates = use_rates(candidates, today=today) if with_usage else None
    suppliers: dict[int | None, str] = dict(Supplier.select(Supplier.id, Supplier.name).tuples())  # type: ignore[arg-type]
    groups: dict[int | None, list[ReorderLine]] = defaultdict(list)
    for row in low:
        item = details[row.id]
        per_pack = max(1, item.units_per_purchase_unit)
        target = reorder_target(row.par_level, row.reorder_point)
        coming, drafted = open_units.get(row.id, 0), draft_units.get(row.id, 0)
        need = target - row.on_hand - coming - drafted
        packs = math.ceil(need / per_pack) if need > 0 else 0
        if need > 0:
            state = ReorderState.SUGGEST
        elif coming:
            state = ReorderState.ON_ORDER
        elif drafted:
            state = ReorderState.IN_DRAFT
        else:
            state = ReorderState.NO_TARGET
        rate = rates.of(row.id) if rates is not None and row.id in rates.used else None
        groups[item.supplier_id].append(
            ReorderLine(
                item_id=row.id,
                sku=row.sku,
                name=row.name,
                supplier_id=item.supplier_id,
                supplier=suppliers.get(item.supplier_id, NO_SUPPLIER),
                supplier_sku=item.supplier_sku,
                unit=row.unit,
                on_hand=row.on_hand,
                on_order=coming,
                in_draft=drafted,
                reorder_point=row.reorder_point,
                par_level=row.par_level,
                target=target,
                suggested_units=max(need, 0),
                purchase_unit=item.purchase_unit,
                units_per_purchase_unit=per_pack,
                suggested_purchase_units=packs,
                unit_cost=Decimal(item.unit_cost),
                reason=explain(
                    row.par_level,
                    row.reorder_point,
                    row.on_hand,
                    coming,
                    drafted,
                    need,
                    packs,
                    item.purchase_unit,
                    per_pack,
                ),
                state=state,
                weekly_use=rate.weekly if rate is not None else None,
                weeks_left=rate.weeks_left(row.on_hand) if rate is not None else None,
            )
        )
    ordered = sorted(groups.items(), key=lambda kv: (kv[0] is None, suppliers.get(kv[0], "").casefold()))
    return [
        ReorderGroup(
            supplier_id=supplier_id,
            supplier=suppliers.get(supplier_id, NO_SUPPLIER),
            lines=sorted(lines, key=lambda line: line.sku),
        )
        for supplier_id, lines in ordered
    ]


@read_guard
def drafted_units() -> dict[int, int]:
    """Per item: units of issue its draft orders would bring."""
    return _outstanding_units((OrderStatus.DRAFT,))


def reorder_counts_after_change(
    counts: tuple[int, int, int],
    before: Sequence[ItemRow],
    after: Sequence[ItemRow],
    drafted: Mapping[int, int],
) -> tuple[int, int, int]:
    """`reorder_counts` over every item, `counts`, once the rows `before` are replaced by `after`
    (the same items read again; the drafts unchanged): moved by what these rows changed, without
    going over every row."""
    old, new = reorder_counts(before, drafted), reorder_counts(after, drafted)
    to_order, in_draft, low = (count + n - o for count, n, o in zip(counts, new, old, strict=True))
    return to_order, in_draft, low


@read_guard
def reorder_counts(rows: Sequence[ItemRow], drafted: Mapping[int, int] | None = None) -> tuple[int, int, int]:
    """(to order, covered only by drafts, low in all) from item rows already loaded, and the
    units in drafts when already read (`drafted_units()`; read here when not given).

    The side bar's figures without building the suggestions: the same rule as
    `suggestions()`, with `ItemRow.on_order` for what open orders bring.
    """
    low = [row for row in rows if row.status is not Status.OK and row.active]
    if drafted is None:
        drafted = _outstanding_units((OrderStatus.DRAFT,))
    to_order = in_draft = 0
    for row in low:
        target = reorder_target(row.par_level, row.reorder_point)
        need = target - row.on_hand - row.on_order - drafted.get(row.id, 0)
        if need > 0:
            to_order += 1
        elif not row.on_order and drafted.get(row.id, 0):
            in_draft += 1
    return to_order, in_draft, len(low)
