"""Purchase orders: numbering, drafts, status changes and refusals, receiving (both backends)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from inventory_app.core import corrections
from inventory_app.core.accounts import audit
from inventory_app.core.accounts.audit import Action
from inventory_app.core.catalog import items as catalog
from inventory_app.core.purchasing import orders as purchasing
from inventory_app.core.purchasing.types import LineReceipt, OrderStatus
from inventory_app.core.settings import office_settings, save_office_settings
from inventory_app.core.stock import queries as stock_queries
from inventory_app.core.stock.check import check_database
from inventory_app.core.types import SupplierInput
from inventory_app.errors import InventoryError, ValidationError
from tests.core.helpers import days, new_item, snapshot


@pytest.fixture
def setup(db):
    north = catalog.save_supplier(SupplierInput(name="Northgate", lead_time_days=5)).id
    summit = catalog.save_supplier(SupplierInput(name="Summit", lead_time_days=2)).id
    gloves = new_item(
        "GLV-M",
        unit="box",
        purchase_unit="case",
        units_per_purchase_unit=10,
        supplier_id=north,
        supplier_sku="NG-1",
        unit_cost=Decimal("64.50"),
    )
    gauze = new_item("GZ-44", unit="pack", supplier_id=north, unit_cost=Decimal("3.10"))
    vaccine = new_item(
        "VAC-FLU",
        unit="dose",
        purchase_unit="box",
        units_per_purchase_unit=10,
        tracks_expiry=True,
        supplier_id=summit,
        unit_cost=Decimal("180.00"),
    )
    return {"north": north, "summit": summit, "gloves": gloves.id, "gauze": gauze.id, "vaccine": vaccine.id}


def _ordered(ids, *pairs):
    order = purchasing.create_drafts(list(pairs))[0]
    purchasing.mark_ordered(order.id)
    return purchasing.order_detail(order.id)


def test_one_draft_per_supplier_with_numbers_and_totals(setup) -> None:
    created = purchasing.create_drafts([(setup["gloves"], 2), (setup["gauze"], 5), (setup["vaccine"], 1)])
    year = date.today().year
    assert [o.number for o in created] == [f"PO-{year}-0001", f"PO-{year}-0002"]
    assert {o.supplier: o.status for o in created} == {
        "Northgate": OrderStatus.DRAFT,
        "Summit": OrderStatus.DRAFT,
    }
    north = next(o for o in created if o.supplier == "Northgate")
    detail = purchasing.order_detail(north.id)
    assert [(line.sku, line.quantity, line.supplier_sku) for line in detail.lines] == [
        ("GLV-M", 2, "NG-1"),
        ("GZ-44", 5, ""),
    ]
    assert detail.lines[0].purchase_unit_text == "case of 10 boxes"
    assert north.total == detail.total == Decimal("144.50")  # to the cent


def test_prefix_is_configurable_and_numbers_continue(setup) -> None:
    from dataclasses import replace

    save_office_settings(replace(office_settings(), po_prefix="ORD"))
    first = purchasing.create_drafts([(setup["gloves"], 1)])[0]
    second = purchasing.create_drafts([(setup["gloves"], 1)])[0]
    year = date.today().year
    assert (first.number, second.number) == (f"ORD-{year}-0001", f"ORD-{year}-0002")


def test_an_item_without_supplier_cannot_be_ordered(setup) -> None:
    loose = new_item("BAT-AA")
    with pytest.raises(ValidationError, match="BAT-AA has no supplier"):
        purchasing.create_drafts([(setup["gloves"], 1), (loose.id, 1)])
    assert purchasing.list_orders() == []  # all or nothing


def test_draft_lines_can_be_edited_and_ordered_lines_cannot(setup) -> None:
    order = purchasing.create_drafts([(setup["gloves"], 2)])[0]
    purchasing.add_line(order.id, setup["gauze"], 4, "2.95")
    purchasing.add_line(order.id, setup["gauze"], 1)  # same item: adds to its line
    lines = purchasing.order_detail(order.id).lines
    assert [(line.sku, line.quantity) for line in lines] == [("GLV-M", 2), ("GZ-44", 5)]
    purchasing.update_line(lines[0].id, 3, "60.00")
    purchasing.remove_line(lines[1].id)
    detail = purchasing.order_detail(order.id)
    assert [(line.quantity, line.unit_cost) for line in detail.lines] == [(3, Decimal("60.00"))]
    purchasing.set_notes(order.id, "Leave at the back door")
    purchasing.mark_ordered(order.id)
    with pytest.raises(InventoryError, match="only a draft"):
        purchasing.update_line(detail.lines[0].id, 9, "1.00")
    with pytest.raises(InventoryError, match="only a draft"):
        purchasing.add_line(order.id, setup["gauze"], 1)
    with pytest.raises(InventoryError, match="only a draft"):
        purchasing.remove_line(detail.lines[0].id)


def test_mark_ordered_sets_dates_from_the_lead_time(setup) -> None:
    order = purchasing.create_drafts([(setup["gloves"], 1)])[0]
    summary = purchasing.mark_ordered(order.id, ordered_on=date(2026, 3, 2))
    assert summary.status is OrderStatus.ORDERED
    assert (summary.ordered_on, summary.expected_on) == (date(2026, 3, 2), date(2026, 3, 7))
    assert summary.overdue  # expected long ago and nothing received
    with pytest.raises(InventoryError, match="only a draft can be marked"):
        purchasing.mark_ordered(order.id)


def test_an_empty_draft_cannot_be_ordered(setup) -> None:
    order = purchasing.create_order(setup["north"])
    with pytest.raises(InventoryError, match="no lines"):
        purchasing.mark_ordered(order.id)


def test_status_changes_that_are_refused(setup) -> None:
    draft = purchasing.create_drafts([(setup["gloves"], 1)])[0]
    line = purchasing.order_detail(draft.id).lines[0]
    with pytest.raises(InventoryError, match="draft"):
        purchasing.receive(draft.id, [LineReceipt(line.id, 1)])
    assert purchasing.cancel(draft.id).status is OrderStatus.CANCELLED
    for call in (
        lambda: purchasing.cancel(draft.id),
        lambda: purchasing.mark_ordered(draft.id),
        lambda: purchasing.receive(draft.id, [LineReceipt(line.id, 1)]),
    ):
        with pytest.raises(InventoryError):
            call()
    done = _ordered(setup, (setup["gauze"], 2))
    purchasing.receive(done.summary.id, [LineReceipt(done.lines[0].id, 2)])
    assert purchasing.order_detail(done.summary.id).status is OrderStatus.RECEIVED
    with pytest.raises(InventoryError, match="received"):
        purchasing.cancel(done.summary.id)


def test_receiving_partially_then_the_rest(setup) -> None:
    order = _ordered(setup, (setup["gloves"], 3), (setup["gauze"], 4))
    gloves, gauze = order.lines
    purchasing.receive(order.summary.id, [LineReceipt(gloves.id, 1)])
    detail = purchasing.order_detail(order.summary.id)
    assert detail.status is OrderStatus.PARTIAL
    assert catalog.item_detail(setup["gloves"]).on_hand == 10  # one case of 10
    assert [line.received for line in detail.lines] == [1, 0]
    purchasing.receive(order.summary.id, [LineReceipt(gloves.id, 2), LineReceipt(gauze.id, 4)])
    assert purchasing.order_detail(order.summary.id).status is OrderStatus.RECEIVED
    assert catalog.item_detail(setup["gloves"]).on_hand == 30
    assert catalog.item_detail(setup["gauze"]).on_hand == 4
    receipts = [m for m in stock_queries.history(setup["gloves"]) if m.kind == "receive"]
    assert all(order.number in m.note for m in receipts)
    assert check_database().ok


def test_receiving_more_than_ordered_needs_confirmation(setup) -> None:
    order = _ordered(setup, (setup["gauze"], 2))
    line = order.lines[0]
    before = snapshot(setup["gauze"])
    with pytest.raises(purchasing.OverReceipt, match="2 were ordered"):
        purchasing.receive(order.summary.id, [LineReceipt(line.id, 3)])
    assert snapshot(setup["gauze"]) == before
    purchasing.receive(order.summary.id, [LineReceipt(line.id, 3)], allow_over=True)
    assert purchasing.order_detail(order.summary.id).lines[0].received == 3
    assert catalog.item_detail(setup["gauze"]).on_hand == 3


def test_receiving_tracked_items_needs_lots_and_may_split_into_several(setup) -> None:
    saline = new_item("SAL", unit="bottle", supplier_id=setup["summit"]).id
    order = _ordered(setup, (setup["vaccine"], 3), (saline, 1))
    vaccine, gauze = order.lines
    before = snapshot(setup["vaccine"])
    with pytest.raises(ValidationError, match="VAC-FLU"):
        purchasing.receive(order.summary.id, [LineReceipt(gauze.id, 1), LineReceipt(vaccine.id, 1)])
    assert snapshot(setup["vaccine"]) == before
    assert catalog.item_detail(saline).on_hand == 0  # the whole receipt was refused
    purchasing.receive(
        order.summary.id,
        [
            LineReceipt(vaccine.id, 2, "FL-A", days(300)),
            LineReceipt(vaccine.id, 1, "FL-B", days(400)),
            LineReceipt(gauze.id, 1),
        ],
    )
    lots = {lot.lot_number: lot.quantity for lot in stock_queries.lots(setup["vaccine"])}
    assert lots == {"FL-A": 20, "FL-B": 10}
    assert purchasing.order_detail(order.summary.id).status is OrderStatus.RECEIVED


def test_receiving_a_tracked_line_with_an_expiry_and_no_lot_number(setup) -> None:
    """A box with its date but no lot number is booked into the lot without a number of that
    date; the same date again adds to it, and the audit says which lot it went into."""
    order = _ordered(setup, (setup["vaccine"], 4))
    (line,) = order.lines
    before = snapshot(setup["vaccine"])
    with pytest.raises(ValidationError, match="VAC-FLU") as refused:
        purchasing.receive(order.summary.id, [LineReceipt(line.id, 1, None, None)])
    assert refused.value.field == "expires"
    assert snapshot(setup["vaccine"]) == before
    purchasing.receive(
        order.summary.id,
        [LineReceipt(line.id, 2, None, days(300)), LineReceipt(line.id, 1, "FL-A", days(300))],
    )
    purchasing.receive(order.summary.id, [LineReceipt(line.id, 1, "  ", days(300))])
    lots = {(x.lot_number, x.expires_on): x.quantity for x in stock_queries.lots(setup["vaccine"])}
    assert lots == {("", days(300)): 30, ("FL-A", days(300)): 10}
    assert catalog.item_detail(setup["vaccine"]).on_hand == 40
    assert purchasing.order_detail(order.summary.id).status is OrderStatus.RECEIVED
    texts = [e.detail for e in sorted(audit.events(), key=lambda e: e.id) if e.action == Action.ORDER_RECEIVE]
    assert texts == [
        f"received line 1 VAC-FLU × 1 box lot FL-A, "
        f"line 1 VAC-FLU × 2 box (no lot number, expires {days(300)}); now partial",
        f"received line 1 VAC-FLU × 1 box (no lot number, expires {days(300)}); now received",
    ]
    assert check_database().ok


def test_a_receipt_booked_twice_is_undone_from_the_ledger(setup) -> None:
    order = _ordered(setup, (setup["gloves"], 2))
    line = order.lines[0]
    purchasing.receive(order.summary.id, [LineReceipt(line.id, 1)])
    twice = purchasing.receive(order.summary.id, [LineReceipt(line.id, 1)])
    assert purchasing.order_detail(order.summary.id).status is OrderStatus.RECEIVED
    corrections.reverse(twice[0].id)
    detail = purchasing.order_detail(order.summary.id)
    assert detail.status is OrderStatus.PARTIAL and detail.lines[0].received == 1
    assert catalog.item_detail(setup["gloves"]).on_hand == 10
    assert check_database().ok


def test_overdue_only_for_open_orders_past_their_date(setup) -> None:
    late = purchasing.create_drafts([(setup["gloves"], 1)])[0]
    purchasing.mark_ordered(late.id, ordered_on=date.today() - timedelta(days=30))
    fresh = purchasing.create_drafts([(setup["gloves"], 1)])[0]
    purchasing.mark_ordered(fresh.id)
    flags = {o.number: o.overdue for o in purchasing.list_orders()}
    assert flags == {late.number: True, fresh.number: False}
    assert [o.number for o in purchasing.list_orders("ordered")] == [fresh.number, late.number]


def test_order_is_found_by_number_in_any_case(setup) -> None:
    order = purchasing.create_drafts([(setup["gloves"], 1)])[0]
    assert purchasing.order_id_for(order.number.lower()) == order.id
    with pytest.raises(InventoryError, match="no purchase order"):
        purchasing.order_id_for("PO-1999-0001")
