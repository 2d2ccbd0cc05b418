"""Reorder suggestions: how much, why, and what is already coming (both backends)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from inventory_app.core import corrections
from inventory_app.core.catalog import items as catalog
from inventory_app.core.purchasing import orders as purchasing
from inventory_app.core.purchasing import reorder
from inventory_app.core.purchasing.types import LineReceipt, ReorderState
from inventory_app.core.stock import movements as stock
from inventory_app.core.stock import queries as stock_queries
from inventory_app.core.types import SupplierInput
from tests.core.helpers import days, new_item
from tests.core.shelf.shelf_helpers import ago


@pytest.fixture
def supplier(db) -> int:
    return catalog.save_supplier(SupplierInput(name="Northgate Medical", lead_time_days=5)).id


def _line(sku: str):
    for group in reorder.suggestions():
        for line in group.lines:
            if line.sku == sku:
                return group, line
    return None, None


def test_suggests_up_to_par_rounded_up_to_whole_packs(supplier: int) -> None:
    item = new_item(
        "GLV-M",
        unit="box",
        purchase_unit="case",
        units_per_purchase_unit=24,
        reorder_point=10,
        par_level=20,
        supplier_id=supplier,
        unit_cost=Decimal("65.00"),
    )
    stock.receive(item.id, 6)
    group, line = _line("GLV-M")
    assert group.supplier == "Northgate Medical"
    assert line.state is ReorderState.SUGGEST
    assert line.suggested_units == 14
    assert line.suggested_purchase_units == 1  # a case of 24 is never split
    assert line.line_total == Decimal("65.00")
    assert line.reason == "par 20, on hand 6, on order 0 → need 14 → 1 × case of 24"


def test_several_packs_when_one_is_not_enough(supplier: int) -> None:
    item = new_item(
        "GZ",
        units_per_purchase_unit=10,
        purchase_unit="box",
        reorder_point=5,
        par_level=40,
        supplier_id=supplier,
    )
    stock.receive(item.id, 3)
    _, line = _line("GZ")
    assert (line.suggested_units, line.suggested_purchase_units) == (37, 4)


def test_without_par_orders_up_to_twice_the_reorder_point(supplier: int) -> None:
    item = new_item("PEN", reorder_point=5, supplier_id=supplier)
    stock.receive(item.id, 2)
    _, line = _line("PEN")
    assert line.target == 10 and line.suggested_units == 8
    assert line.reason.startswith("2 × reorder point 5, on hand 2")


def test_items_above_the_reorder_point_are_not_suggested(supplier: int) -> None:
    item = new_item("OK", reorder_point=5, par_level=10, supplier_id=supplier)
    stock.receive(item.id, 6)
    assert _line("OK") == (None, None)


def test_expired_stock_does_not_count(supplier: int) -> None:
    item = new_item("VAC", reorder_point=4, par_level=10, tracks_expiry=True, supplier_id=supplier)
    stock.receive(item.id, 8, lot="OLD", expires=days(-3))
    stock.receive(item.id, 2, lot="NEW", expires=days(200))
    _, line = _line("VAC")
    assert line.on_hand == 2
    assert line.suggested_units == 8


def test_open_orders_are_netted_and_a_covered_item_is_shown_on_order(supplier: int) -> None:
    item = new_item(
        "SYR",
        reorder_point=10,
        par_level=30,
        units_per_purchase_unit=10,
        purchase_unit="box",
        supplier_id=supplier,
    )
    stock.receive(item.id, 5)
    order = purchasing.create_drafts([(item.id, 1)])[0]
    _, drafted = _line("SYR")
    assert drafted.in_draft == 10 and drafted.suggested_units == 15
    purchasing.mark_ordered(order.id)
    _, partly = _line("SYR")
    assert partly.on_order == 10 and partly.in_draft == 0
    assert partly.suggested_purchase_units == 2 and partly.state is ReorderState.SUGGEST
    more = purchasing.create_drafts([(item.id, 2)])[0]
    purchasing.mark_ordered(more.id)
    _, covered = _line("SYR")
    assert covered.on_order == 30 and covered.state is ReorderState.ON_ORDER
    assert covered.suggested_purchase_units == 0
    assert "covered by open orders" in covered.reason


def test_received_and_cancelled_orders_are_not_on_order(supplier: int) -> None:
    item = new_item("TAPE", reorder_point=10, par_level=30, supplier_id=supplier)
    stock.receive(item.id, 5)
    order = purchasing.create_drafts([(item.id, 20)])[0]
    purchasing.mark_ordered(order.id)
    line = purchasing.order_detail(order.id).lines[0]
    purchasing.receive(order.id, [LineReceipt(line.id, 3)])
    _, partial = _line("TAPE")
    assert partial.on_hand == 8
    assert partial.on_order == 17  # what the open order will still bring
    purchasing.cancel(purchasing.create_drafts([(item.id, 1)])[0].id)
    _, after = _line("TAPE")
    assert after.in_draft == 0


def test_items_without_supplier_form_their_own_group(db) -> None:
    item = new_item("BAT-AA", reorder_point=2, par_level=6)
    stock.receive(item.id, 1)
    groups = reorder.suggestions()
    assert groups[-1].supplier_id is None and groups[-1].supplier == "No supplier"
    assert [line.sku for line in groups[-1].lines] == ["BAT-AA"]


def test_weekly_use_and_weeks_of_supply(supplier: int) -> None:
    item = new_item("WIPE", reorder_point=20, par_level=40, supplier_id=supplier)
    stock.receive(item.id, 50, at=ago(90))  # older than the 8 weeks averaged
    stock.use(item.id, 16)
    mistake = stock.use(item.id, 10)[0]
    corrections.reverse(mistake.id)  # a reversed use is no use
    stock.adjust(item.id, -14, reason="count")  # a count is no use either
    _, line = _line("WIPE")
    assert line.weekly_use == 16 / 8
    assert line.weeks_left == 20 / 2

    # A new item is averaged over its own life (at least a week), as its reorder point is.
    young = new_item("SWAB", reorder_point=20, par_level=40, supplier_id=supplier)
    stock.receive(young.id, 30)
    stock.use(young.id, 16)
    _, line = _line("SWAB")
    assert (line.weekly_use, line.weeks_left) == (16.0, 0.9)  # 14 on hand / 16 a week


def test_a_low_item_with_nothing_to_reach_says_so_not_that_a_draft_covers_it(supplier: int) -> None:
    new_item("RP0", supplier_id=supplier)  # reorder point 0, no par, none on hand: out
    at_par = new_item("PAR", reorder_point=3, par_level=3, supplier_id=supplier)
    stock.receive(at_par.id, 3)
    drafted = new_item("DRAFTED", reorder_point=5, par_level=10, supplier_id=supplier)
    purchasing.create_drafts([(drafted.id, 10)])
    _, line = _line("RP0")
    assert line.state is ReorderState.NO_TARGET and line.suggested_units == 0
    assert line.reason.endswith(
        "nothing to order: reorder point 0 and no par level (set a par level to order it)"
    )
    _, line = _line("PAR")
    assert line.state is ReorderState.NO_TARGET
    assert line.reason.endswith("nothing to order: par level 3 is not above on hand 3 (raise the par level)")
    _, line = _line("DRAFTED")
    assert line.state is ReorderState.IN_DRAFT and line.reason.endswith("covered by a draft order")
    # The side bar's figures: only the drafted item counts as "in draft orders".
    rows = stock_queries.list_items()
    assert reorder.reorder_counts(rows) == (0, 1, 3)


def test_the_side_bar_figures_move_by_what_a_few_rows_changed(supplier) -> None:
    """After a stock action the side bar's figures are moved by the changed rows alone; they
    come out as a count over every row does, whichever way the rows moved."""
    ids = {}
    for sku, point, par, on_hand in (("A", 5, 20, 10), ("B", 5, 20, 3), ("C", 0, 0, 0), ("D", 4, 12, 9)):
        ids[sku] = new_item(sku, reorder_point=point, par_level=par, supplier_id=supplier).id
        if on_hand:
            stock.receive(ids[sku], on_hand)
    purchasing.create_drafts([(ids["D"], 12)])
    drafted = reorder.drafted_units()
    counts, figures = stock_queries.attention_counts(), reorder.reorder_counts(stock_queries.list_items())
    # OK → low, low → out, OK → low with a draft covering it, low → out and archived
    for use, sku in ((7, "A"), (3, "B"), (6, "D"), (3, "A")):
        before = stock_queries.item_rows([ids[sku]])
        stock.use(ids[sku], use)
        if sku == "A" and use == 3:
            catalog.archive_item(ids["A"])
        after = stock_queries.item_rows([ids[sku]])
        counts = stock_queries.counts_after_change(counts, before, after)
        figures = reorder.reorder_counts_after_change(figures, before, after, drafted)
        assert counts == stock_queries.attention_counts()
        assert figures == reorder.reorder_counts(stock_queries.list_items(), drafted)
