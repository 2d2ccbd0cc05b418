"""Spending: what arrived against purchase-order lines in a period, priced as on the order.

Follows what was received, not what was ordered: a receipt reversed as a mistake
is left out, stock received without an order is not spending, and a partly
received order counts for what came. By supplier (the order's) and by the
item's category; periods are local days, both ends included.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal

from peewee import JOIN

from inventory_app.core.money import money_of
from inventory_app.core.shelf.types import ReceiptLine, SpendRow
from inventory_app.core.shelf.usage import NO_CATEGORY, check_period
from inventory_app.core.stock.use_rate import in_period
from inventory_app.core.times import local_time, parse_time
from inventory_app.core.types import MovementKind
from inventory_app.db.models import Category, Item, Movement, PurchaseOrder, PurchaseOrderLine, Supplier
from inventory_app.db.transaction import read_guard


@read_guard
def receipt_lines(start: date, end: date) -> list[ReceiptLine]:
    """What arrived against purchase orders in the period (receipts not reversed), oldest first."""
    check_period(start, end)
    reversal = Movement.alias("reversal")
    query = (
        Movement.select(
            Movement.id,
            Movement.created_at,
            PurchaseOrder.number,
            Supplier.id,
            Supplier.name,
            Item.id,
            Item.sku,
            Item.name,
            Category.id,
            Category.name,
            Movement.quantity,
            PurchaseOrderLine.units_per_purchase_unit,
            PurchaseOrderLine.unit_cost,
        )
        .join_from(Movement, PurchaseOrderLine)
        .join_from(PurchaseOrderLine, PurchaseOrder)
        .join_from(PurchaseOrder, Supplier)
        .join_from(Movement, Item)
        .join_from(Item, Category, JOIN.LEFT_OUTER)
        .join_from(Movement, reversal, JOIN.LEFT_OUTER, on=(reversal.reversal_of == Movement.id))
        .where((Movement.kind == str(MovementKind.RECEIVE)) & reversal.id.is_null())
        .order_by(Movement.created_at, Movement.id)
    )
    lines = []
    for r in in_period(query, start, end).tuples():
        units, per = int(r[10]), max(1, int(r[11]))
        price = Decimal(r[12])  # exact (0.068, 30.9831); only the amount is rounded
        created = parse_time(r[1])
        assert created is not None
        lines.append(
            ReceiptLine(
                movement_id=r[0],
                when=local_time(created),
                order_number=r[2],
                supplier_id=r[3],
                supplier=r[4],
                item_id=r[5],
                sku=r[6],
                name=r[7],
                category_id=r[8],
                category=r[9] or NO_CATEGORY,
                units=units,
                purchase_units=Decimal(units) / per,
                unit_price=price,
                amount=money_of(units, price / per),
            )
        )
    return lines


def _spend(
    lines: Iterable[ReceiptLine], key: Callable[[ReceiptLine], tuple[int | None, str]]
) -> list[SpendRow]:
    groups: dict[tuple[int | None, str], list[ReceiptLine]] = defaultdict(list)
    for line in lines:
        groups[key(line)].append(line)
    rows = [
        SpendRow(
            key_id=key_id,
            name=name,
            amount=sum((x.amount for x in group), Decimal("0.00")),
            units=sum(x.units for x in group),
            receipts=len(group),
        )
        for (key_id, name), group in groups.items()
    ]
    return sorted(rows, key=lambda r: (-r.amount, r.name.casefold()))


def spending_by_supplier(start: date, end: date) -> list[SpendRow]:
    """Amount received per supplier in the period, highest first."""
    return _spend(receipt_lines(start, end), lambda x: (x.supplier_id, x.supplier))


def spending_by_category(start: date, end: date) -> list[SpendRow]:
    """Amount received per item category in the period, highest first ("No category" too)."""
    return _spend(receipt_lines(start, end), lambda x: (x.category_id, x.category))
