"""The change set an action reports: which kinds it holds, whether a screen must redraw."""

from __future__ import annotations

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
