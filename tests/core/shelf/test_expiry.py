"""Expiry: warning windows and their fallbacks, the expiring list, disposing of expired lots,
the waste log, and the lot trace for recalls (both backends)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest

from inventory_app.core import corrections
from inventory_app.core.catalog import items as catalog
from inventory_app.core.settings import office_settings, save_office_settings
from inventory_app.core.shelf import expiry
from inventory_app.core.shelf.types import LotState
from inventory_app.core.stock import movements as stock
from inventory_app.core.stock.check import check_database
from inventory_app.core.types import MovementKind
from inventory_app.db import ledger
from inventory_app.db.models import Movement
from inventory_app.errors import InventoryError, NotFound
from tests.core.helpers import days, new_item, snapshot
from tests.core.shelf.shelf_helpers import ago, receive_order, supplier


def _office_window(n: int) -> None:
    save_office_settings(replace(office_settings(), expiry_warning_days=n))


def _lot(item_id: int, lot: str, expires_in: int, quantity: int = 5) -> None:
    stock.receive(item_id, quantity, lot=lot, expires=days(expires_in))


# ---------------------------------------------------------------- windows


def test_window_is_the_items_else_its_categorys_else_the_office_default(db) -> None:
    _office_window(45)
    vaccines = catalog.save_category("Vaccines", expiry_warning_days=30).id
    supplies = catalog.save_category("Supplies").id  # no window of its own
    own = new_item("OWN", tracks_expiry=True, category_id=vaccines, expiry_warning_days=10)
    by_category = new_item("CAT", tracks_expiry=True, category_id=vaccines)
    by_office = new_item("OFF", tracks_expiry=True, category_id=supplies)
    loose = new_item("NONE", tracks_expiry=True)

    assert expiry.window_days(own.id) == 10
    assert expiry.window_days(by_category.id) == 30
    assert expiry.window_days(by_office.id) == 45
    assert expiry.window_days(loose.id) == 45
    with pytest.raises(NotFound):
        expiry.window_days(999)

    # Each item's lots on and just past its own window.
    for item, window in ((own, 10), (by_category, 30), (by_office, 45), (loose, 45)):
        _lot(item.id, f"{item.sku}-IN", window)
        _lot(item.id, f"{item.sku}-OUT", window + 1)
    listed = expiry.expiring_lots()
    assert {x.lot_number for x in listed} == {"OWN-IN", "CAT-IN", "OFF-IN", "NONE-IN"}
    assert {x.sku: x.window_days for x in listed} == {"OWN": 10, "CAT": 30, "OFF": 45, "NONE": 45}

    # The category's window changes, and its items follow.
    catalog.save_category("Vaccines", vaccines, expiry_warning_days=31)
    assert "CAT-OUT" in {x.lot_number for x in expiry.expiring_lots()}
    assert expiry.window_days(by_category.id) == 31


def test_expiring_and_expired_soonest_first_with_quantity_and_value(db) -> None:
    # $25.00 per box of 12 vials: a vial costs 2.0833…, five of them 10.42.
    vial = new_item("VAC", tracks_expiry=True, unit="vial", units_per_purchase_unit=12, unit_cost="25.00")
    strips = new_item("STRIP", tracks_expiry=True, unit="pack", unit_cost="7.10", expiry_warning_days=5)
    _lot(vial.id, "SOON", 20, 5)
    _lot(vial.id, "GONE", -3, 2)
    _lot(vial.id, "LATER", 200, 9)  # outside the 60-day default window
    _lot(strips.id, "TODAY", 0, 1)  # expires today: still usable, expiring
    _lot(strips.id, "YESTERDAY", -1, 4)

    rows = expiry.expiring_lots()
    assert [(x.lot_number, x.days_left, x.quantity) for x in rows] == [
        ("GONE", -3, 2),
        ("YESTERDAY", -1, 4),
        ("TODAY", 0, 1),
        ("SOON", 20, 5),
    ]
    assert [x.state for x in rows] == [
        LotState.EXPIRED,
        LotState.EXPIRED,
        LotState.EXPIRING,
        LotState.EXPIRING,
    ]
    soon = rows[-1]
    assert soon.unit_cost == Decimal("25.00") / 12
    assert soon.value == Decimal("10.42")
    assert rows[1].value == Decimal("28.40")
    assert soon.to_json()["value"] == "10.42"

    assert [x.lot_number for x in expiry.expiring_lots(include_expired=False)] == ["TODAY", "SOON"]
    # --days overrides every window alike.
    assert [x.lot_number for x in expiry.expiring_lots(days=0)] == ["GONE", "YESTERDAY", "TODAY"]
    assert [x.lot_number for x in expiry.expiring_lots(days=365)][-1] == "LATER"
    assert [x.lot_number for x in expiry.expiring_lots(item_id=strips.id)] == ["YESTERDAY", "TODAY"]


def test_empty_lots_and_archived_items_are_not_listed(db) -> None:
    used_up = new_item("USED", tracks_expiry=True)
    archived = new_item("ARCH", tracks_expiry=True)
    _lot(used_up.id, "EMPTY", 5, 2)
    stock.use(used_up.id, 2)
    _lot(archived.id, "HIDDEN", -2, 2)
    catalog.archive_item(archived.id)
    assert expiry.expiring_lots() == []


# ---------------------------------------------------------------- disposing


def test_one_action_disposes_of_an_expired_lot_as_expired(db) -> None:
    vial = new_item("VAC", tracks_expiry=True, unit_cost="10.00")
    _lot(vial.id, "OLD", -2, 3)
    _lot(vial.id, "NEW", 90, 7)
    old = expiry.expiring_lots()[0]

    rows = expiry.dispose_expired_lot(old.lot_id, note="shelf check")

    assert [(m.kind, m.quantity, m.lot_number, m.reason, m.user) for m in rows] == [
        (MovementKind.DISPOSE, -3, "OLD", "expired", "tester")
    ]
    assert catalog.item_detail(vial.id).on_hand == 7
    assert catalog.item_detail(vial.id).expired == 0
    assert ledger.find_lot(vial.id, "OLD").quantity == 0
    assert expiry.expiring_lots() == []
    assert check_database().ok
    log = expiry.waste_log(date.today(), date.today())
    assert [(x.sku, x.lot_number, x.quantity, x.reason, x.cost, x.note) for x in log.lines] == [
        ("VAC", "OLD", 3, "expired", Decimal("30.00"), "shelf check")
    ]
    with pytest.raises(InventoryError, match="nothing left"):
        expiry.dispose_expired_lot(old.lot_id)


def test_a_lot_that_has_not_expired_is_refused_and_nothing_changes(db) -> None:
    vial = new_item("VAC", tracks_expiry=True)
    _lot(vial.id, "TODAY", 0, 3)
    lot = expiry.expiring_lots()[0]
    before = snapshot(vial.id)
    with pytest.raises(InventoryError, match="has not expired"):
        expiry.dispose_expired_lot(lot.lot_id)
    with pytest.raises(NotFound):
        expiry.dispose_expired_lot(12345)
    assert snapshot(vial.id) == before


def test_dispose_all_expired_is_one_transaction(db, monkeypatch: pytest.MonkeyPatch) -> None:
    a = new_item("A", tracks_expiry=True)
    b = new_item("B", tracks_expiry=True)
    _lot(a.id, "A1", -1, 2)
    _lot(b.id, "B1", -5, 4)
    _lot(b.id, "B2", 10, 1)
    before = (snapshot(a.id), snapshot(b.id))
    real = stock._dispose
    calls: list[int] = []

    def second_fails(item_id: int, *args: object, **kwargs: object) -> object:
        calls.append(item_id)
        if len(calls) == 2:
            raise InventoryError("the disk fell over")
        return real(item_id, *args, **kwargs)

    monkeypatch.setattr(stock, "_dispose", second_fails)
    with pytest.raises(InventoryError, match="disk fell over"):
        expiry.dispose_expired()
    assert len(calls) == 2
    assert (snapshot(a.id), snapshot(b.id)) == before
    monkeypatch.undo()

    rows = expiry.dispose_expired()
    assert sorted((m.lot_number, m.quantity) for m in rows) == [("A1", -2), ("B1", -4)]
    assert [x.lot_number for x in expiry.expiring_lots()] == ["B2"]


# ---------------------------------------------------------------- the waste log


def _past_disposal(item_id: int, quantity: int, lot: str | None, reason: str, days_ago: int) -> int:
    """A disposal recorded `days_ago` days back (core.stock.dispose always records now)."""
    with Movement._meta.database.atomic():
        rows = stock.take(
            ledger.stock_item(item_id),
            quantity,
            MovementKind.DISPOSE,
            lot,
            reason,
            "",
            True,
            "dispose of",
            at=ago(days_ago),
        )
    return rows[0].id


def test_waste_log_for_a_date_range_with_costs(db) -> None:
    vial = new_item("VAC", tracks_expiry=True, unit_cost="12.00", units_per_purchase_unit=4)  # 3.00 each
    gauze = new_item("GZ", unit_cost="0.35")
    stock.receive(vial.id, 10, lot="L1", expires=days(-40), at=ago(60))
    stock.receive(vial.id, 10, lot="L2", expires=days(-1), at=ago(60))
    stock.receive(gauze.id, 50, at=ago(60))
    _past_disposal(vial.id, 10, "L1", "expired", 35)  # before the period
    _past_disposal(gauze.id, 7, None, "damaged", 20)
    _past_disposal(vial.id, 2, "L2", "recalled", 10)
    wrong = _past_disposal(gauze.id, 3, None, "damaged", 9)
    corrections.reverse(wrong)  # a mistake, corrected: not waste

    log = expiry.waste_log(date.today() - timedelta(days=30), date.today())

    assert [(x.sku, x.quantity, x.reason, x.cost) for x in log.lines] == [
        ("GZ", 7, "damaged", Decimal("2.45")),
        ("VAC", 2, "recalled", Decimal("6.00")),
    ]
    assert log.total_cost == Decimal("8.45")
    assert log.by_reason() == {"recalled": (2, Decimal("6.00")), "damaged": (7, Decimal("2.45"))}
    # The rest of lot L2 expired yesterday and is still on the shelf.
    assert [(x.lot_number, x.quantity, x.value) for x in log.still_expired] == [("L2", 8, Decimal("24.00"))]
    assert len(expiry.waste_log().lines) == 3
    assert expiry.waste_log(date.today(), date.today()).lines == []


# ---------------------------------------------------------------- lot trace


def test_lot_trace_for_a_recall(db) -> None:
    north = supplier("Northgate Medical")
    vial = new_item(
        "VAC-FLU",
        name="Flu vaccine",
        unit="dose",
        purchase_unit="box",
        units_per_purchase_unit=10,
        tracks_expiry=True,
        supplier_id=north,
        unit_cost="180.00",
        location_id=catalog.location_id_for("Fridge"),
    )
    other = new_item("TST", tracks_expiry=True)
    order = receive_order(vial.id, 2, lot="FL2611", expires=days(120), price="175.50")
    stock.receive(vial.id, 5, lot="FL2611", expires=days(120), note="sample from rep")
    stock.receive(vial.id, 8, lot="FL2699", expires=days(150))
    stock.receive(other.id, 3, lot="FL2611-B", expires=days(90))
    stock.use(vial.id, 4, lot="FL2611")
    mistake = stock.use(vial.id, 1, lot="FL2611")[0]
    corrections.reverse(mistake.id)
    stock.dispose(vial.id, 2, reason="damaged", lot="FL2611")
    stock.adjust(vial.id, -1, reason="count", lot="FL2611")

    traces = expiry.trace_lot(" fl2611 ")

    assert len(traces) == 1
    trace = traces[0]
    assert (trace.sku, trace.name, trace.location, trace.lot_number) == (
        "VAC-FLU",
        "Flu vaccine",
        "Fridge",
        "FL2611",
    )
    assert trace.expires_on == days(120) and not trace.expired
    assert (trace.received, trace.used, trace.disposed, trace.adjusted, trace.quantity) == (25, 4, 2, -1, 18)
    assert trace.received - trace.used - trace.disposed + trace.adjusted == trace.quantity
    assert trace.quantity == ledger.find_lot(vial.id, "FL2611").quantity
    from_order, by_hand = trace.receipts
    assert (from_order.quantity, from_order.order_number, from_order.supplier, from_order.line_no) == (
        20,
        order.number,
        "Northgate Medical",
        1,
    )
    assert from_order.unit_price == Decimal("175.50")
    assert (by_hand.quantity, by_hand.order_number, by_hand.note) == (5, "", "sample from rep")
    assert trace.order_numbers == [order.number]
    assert [m.balance for m in trace.movements][-1] == 18
    assert [m.kind for m in trace.movements] == [
        "receive",
        "receive",
        "use",
        "use",
        "reversal",
        "dispose",
        "adjust",
    ]
    assert trace.to_json()["receipts"][0]["order"] == order.number

    # Several items may share a lot number; no exact match falls back to "contains".
    stock.receive(other.id, 2, lot="FL2611", expires=days(90))
    assert [t.sku for t in expiry.trace_lot("FL2611")] == ["TST", "VAC-FLU"]
    assert [t.lot_number for t in expiry.trace_lot("2611-b")] == ["FL2611-B"]
    assert expiry.trace_lot("NOPE") == []
    assert expiry.trace_lot("  ") == []


def test_the_expiring_list_agrees_with_the_side_bar_counts(db) -> None:
    from inventory_app.core.stock.queries import attention_counts

    vaccines = catalog.save_category("Vaccines", expiry_warning_days=14).id
    a = new_item("A", tracks_expiry=True, category_id=vaccines)
    b = new_item("B", tracks_expiry=True, expiry_warning_days=100)
    for item, lot, expires_in in ((a, "A1", -1), (a, "A2", 14), (a, "A3", 15), (b, "B1", 99), (b, "B2", -30)):
        _lot(item.id, lot, expires_in)
    lots = expiry.expiring_lots()
    counts = attention_counts()
    assert (
        (counts.expired, counts.expiring)
        == (
            sum(1 for x in lots if x.expired),
            sum(1 for x in lots if not x.expired),
        )
        == (2, 2)
    )
