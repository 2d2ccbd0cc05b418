"""The change set an action reports: which kinds it holds, whether a screen must redraw."""

from __future__ import annotations

import pytest

from inventory_app.core.changes import Changes


def test_a_stock_change_touches_only_screens_that_show_stock() -> None:
    use = Changes.of_items([7])
    assert use.kinds == {"items"}
    assert use.touches(("items", "catalog")) and not use.touches(("catalog",))
    assert not Changes().touches(("items", "catalog", "orders", "counts", "settings", "accounts"))


def test_change_sets_combine() -> None:
    both = Changes.of_items([1]) | Changes(items=frozenset({2}), orders=True)
    assert both == Changes(items=frozenset({1, 2}), orders=True)
    assert both.kinds == {"items", "orders"} and both.touches(("orders",))


def test_services_record_what_they_change_for_whoever_collects(sqlite_db) -> None:
    """A stock movement names its item, a catalog service says catalog, an order its items
    when what they bring counts as on order; nothing is gathered when nobody collects."""
    from inventory_app.core.catalog import items as catalog
    from inventory_app.core.changes import collect
    from inventory_app.core.purchasing import orders as purchasing
    from inventory_app.core.stock import movements as stock
    from inventory_app.documents.demo_catalog import load_bundled_demo

    load_bundled_demo()
    item_id = catalog.item_id_for("GLV-NIT-M")
    with collect() as used:
        stock.use(item_id, 2)
    assert used.changes == Changes.of_items([item_id])

    with collect() as archived:
        catalog.archive_item(item_id)
    assert archived.changes.kinds == {"catalog"}

    other = catalog.item_id_for("GLV-NIT-L")
    order_id = purchasing.create_drafts([(other, 2)])[0].id
    with collect() as ordered:
        purchasing.mark_ordered(order_id)
    assert ordered.changes == Changes(items=frozenset({other}), orders=True)

    stock.use(other, 1)  # no collector: nothing to record into, nothing raised


def test_a_refused_service_records_nothing(sqlite_db) -> None:
    from inventory_app.core.catalog import items as catalog
    from inventory_app.core.changes import collect
    from inventory_app.core.stock import movements as stock
    from inventory_app.documents.demo_catalog import load_bundled_demo
    from inventory_app.errors import InsufficientStock

    load_bundled_demo()
    item_id = catalog.item_id_for("GLV-NIT-M")
    with collect() as refused:
        with pytest.raises(InsufficientStock):
            stock.use(item_id, 10**6)
    # (a movement recorded before the refusal would name the item; none was)
    assert refused.changes == Changes()


def test_nested_collects_hand_their_part_on_unless_told_not_to() -> None:
    from inventory_app.core.changes import collect, record

    with collect() as outer:
        with collect() as inner:
            record(Changes(orders=True))
        with collect(hand_on=False):
            record(Changes(accounts=True))
    assert inner.changes.kinds == {"orders"}
    assert outer.changes.kinds == {"orders"}
