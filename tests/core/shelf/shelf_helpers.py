"""Helpers for the shelf tests (expiry, counts, usage): past ledger times, orders received."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from inventory_app.core.catalog import items as catalog
from inventory_app.core.purchasing import orders as purchasing
from inventory_app.core.purchasing.types import LineReceipt, OrderDetail
from inventory_app.core.times import day_start
from inventory_app.core.types import SupplierInput


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    """A ledger time (naive UTC) for `hour`:`minute` local time on `day`."""
    return day_start(day) + timedelta(hours=hour, minutes=minute)


def ago(n: int, hour: int = 10) -> datetime:
    """A ledger time `n` days before today, at `hour` local time."""
    return at(date.today() - timedelta(days=n), hour)


def supplier(name: str, lead_time_days: int = 7) -> int:
    return catalog.save_supplier(SupplierInput(name=name, lead_time_days=lead_time_days)).id


def receive_order(
    item_id: int,
    packs: int,
    *,
    lot: str | None = None,
    expires: date | None = None,
    price: Decimal | str | None = None,
) -> OrderDetail:
    """Order `packs` purchase units of an item from its supplier and receive them all."""
    order = purchasing.create_drafts([(item_id, packs)])[0]
    detail = purchasing.order_detail(order.id)
    if price is not None:
        purchasing.update_line(detail.lines[0].id, packs, price)
    purchasing.mark_ordered(order.id)
    line = purchasing.order_detail(order.id).lines[0]
    purchasing.receive(order.id, [LineReceipt(line.id, packs, lot, expires)])
    return purchasing.order_detail(order.id)
