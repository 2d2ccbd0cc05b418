"""Helpers for the core tests: items made in one line, dates relative to today, snapshots."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from inventory_app.core.catalog import items as catalog
from inventory_app.core.stock import queries as stock_queries
from inventory_app.core.types import ItemDetail, ItemInput


def days(n: int) -> date:
    """Today plus `n` days (negative: in the past)."""
    return date.today() + timedelta(days=n)


def new_item(sku: str = "GLV-M", **fields: Any) -> ItemDetail:
    fields.setdefault("name", f"Item {sku}")
    return catalog.create_item(ItemInput(sku=sku, **fields))


def snapshot(item_id: int) -> tuple[object, ...]:
    """Everything a refused step must leave as it was: ledger, caches, lots."""
    detail = catalog.item_detail(item_id)
    return (
        tuple(stock_queries.history(item_id)),
        detail.on_hand,
        detail.expired,
        tuple(stock_queries.lots(item_id, include_empty=True)),
    )
