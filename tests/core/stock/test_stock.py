"""The stock ledger: receive, use (FEFO), dispose, adjust, reverse; refusals change nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import peewee
import pytest

from inventory_app.core import corrections
from inventory_app.core.accounts import audit
from inventory_app.core.accounts.audit import Action
from inventory_app.core.accounts.context import set_current_user
from inventory_app.core.catalog import items as catalog
from inventory_app.core.stock import movements as stock
from inventory_app.core.stock import queries as stock_queries
from inventory_app.core.stock.check import check_database
from inventory_app.core.types import MovementKind
from inventory_app.db.connection import is_sqlite
from inventory_app.db.models import SERVER_NOW_POSTGRES, SERVER_NOW_SQLITE, Movement
from inventory_app.errors import InsufficientStock, InventoryError, NotFound, ValidationError
from tests.core.helpers import days, new_item, snapshot


def audit_details() -> list[str]:
    """The audit log's details, oldest first."""
    stock_actions = {Action.RECEIVE, Action.USE, Action.DISPOSE, Action.ADJUST, Action.REVERSE}
    return [e.detail for e in sorted(audit.events(), key=lambda e: e.id) if e.action in stock_actions]


def on_hand(item_id: int) -> int:
    return catalog.item_detail(item_id).on_hand


def lot_quantities(item_id: int) -> dict[str, int]:
    return {lot.lot_number: lot.quantity for lot in stock_queries.lots(item_id, include_empty=True)}


def vaccine_with_lots():
    """A tracked item with three lots received out of expiry order: SOON 3, MID 4, LATE 5."""
    item = new_item("VAX", tracks_expiry=True, reorder_point=2)
    stock.receive(item.id, 5, lot="LATE", expires=days(90))
    stock.receive(item.id, 3, lot="SOON", expires=days(10))
    stock.receive(item.id, 4, lot="MID", expires=days(30))
    return item


# ---------------------------------------------------------------- receive


def test_receive_adds_stock_and_one_ledger_line(db):
    item = new_item()
    (row,) = stock.receive(item.id, 10, note=" first delivery ")
    assert (row.kind, row.quantity, row.item_id, row.note) == (
        MovementKind.RECEIVE,
        10,
        item.id,
        "first delivery",
    )
    assert on_hand(item.id) == 10
    stock.receive(item.id, "5")
    assert on_hand(item.id) == 15
    assert [(m.kind, m.quantity, m.balance) for m in stock_queries.history(item.id)] == [
        (MovementKind.RECEIVE, 10, 10),
        (MovementKind.RECEIVE, 5, 15),
    ]


def test_receive_reason_and_note_are_checked(db):
    item = new_item()
    for kwargs, field in (({"reason": "x" * 51}, "reason"), ({"note": "x" * 2001}, "note")):
        with pytest.raises(ValidationError) as refused:
            stock.receive(item.id, 1, **kwargs)
        assert refused.value.field == field
    assert stock_queries.history(item.id) == []
    (row,) = stock.receive(item.id, 1, reason=" delivery ")
    assert row.reason == "delivery"


def test_receive_of_a_tracked_item_needs_an_expiry(db):
    item = new_item("VAX", tracks_expiry=True)
    for kwargs, field in (
        ({}, "expires"),
        ({"lot": "  "}, "expires"),
        ({"lot": "L1"}, "expires"),
        ({"lot": "L1", "expires": "31/12/2030"}, "expires"),
    ):
        with pytest.raises(ValidationError) as refused:
            stock.receive(item.id, 5, **kwargs)
        assert refused.value.field == field, kwargs
    assert stock_queries.history(item.id) == []
    assert stock_queries.lots(item.id, include_empty=True) == []
    (row,) = stock.receive(item.id, 5, lot=" L1 ", expires=days(30).isoformat())
    assert (row.lot_number, row.expires_on) == ("L1", days(30))
    assert lot_quantities(item.id) == {"L1": 5}


def test_receive_with_an_expiry_and_no_lot_number_makes_one_lot_per_expiry_date(db):
    """Gloves and test kits give an expiry but no lot number: each date is one lot without a
    number; a second receipt of that date adds to it, another date is another lot."""
    item = new_item("KIT", tracks_expiry=True)
    (first,) = stock.receive(item.id, 5, expires=days(30))
    assert (first.lot_number, first.expires_on) == ("", days(30))
    stock.receive(item.id, 2, lot="  ", expires=days(30).isoformat())
    stock.receive(item.id, 4, expires=days(60))
    stock.receive(item.id, 1, lot="L9", expires=days(30))  # a numbered lot of the same date is apart
    lots = stock_queries.lots(item.id, include_empty=True)
    assert sorted((x.lot_number, x.expires_on, x.quantity) for x in lots) == [
        ("", days(30), 7),
        ("", days(60), 4),
        ("L9", days(30), 1),
    ]
    assert on_hand(item.id) == 12
    assert audit_details()[:2] == [
        f"received 5 each into the lot with no number expiring {days(30).isoformat()}",
        f"received 2 each into the lot with no number expiring {days(30).isoformat()}",
    ]
    assert check_database().ok


def test_receiving_an_expired_lot_records_it_and_says_so(db):
    """A lot expired before today is still recorded (the box is on the shelf), but the
    receipt says plainly that it has expired; today's date is not expired yet."""
    item = new_item("VAX", tracks_expiry=True)
    old = stock.receive(item.id, 4, lot="OLD1", expires=days(-3))
    assert stock.expired_on_receipt(old) == [
        f"Lot OLD1 expired on {days(-3).isoformat()}; it is recorded, "
        "and shows on the Expiring page as expired."
    ]
    assert lot_quantities(item.id) == {"OLD1": 4}
    unnumbered = stock.receive(item.id, 1, expires=days(-1))
    assert stock.expired_on_receipt(unnumbered) == [
        f"The lot with no number expired on {days(-1).isoformat()}; it is recorded, "
        "and shows on the Expiring page as expired."
    ]
    assert stock.expired_on_receipt(stock.receive(item.id, 2, lot="TODAY", expires=days(0))) == []
    assert stock.expired_on_receipt(stock.receive(item.id, 2, lot="NEW", expires=days(200))) == []
    assert stock.expired_on_receipt(stock.receive(new_item("GZ").id, 2)) == []


def test_fefo_takes_the_earliest_lot_whether_it_has_a_number_or_not(db):
    item = new_item("KIT", tracks_expiry=True)
    stock.receive(item.id, 3, lot="L60", expires=days(60))
    stock.receive(item.id, 2, expires=days(10))
    stock.receive(item.id, 4, lot="L20", expires=days(20))
    stock.receive(item.id, 5, expires=days(90))
    stock.receive(item.id, 6, expires=days(-1))  # expired: not usable
    rows = stock.use(item.id, 7)
    assert [(r.lot_number, r.expires_on, r.quantity) for r in rows] == [
        ("", days(10), -2),
        ("L20", days(20), -4),
        ("L60", days(60), -1),
    ]
    assert audit_details()[-1] == (
        "used 7 each from lots L20 (4), L60 (1) and the lot with no number expiring "
        f"{days(10).isoformat()} (2)"
    )
    (row,) = stock.use(item.id, 1)
    assert (row.lot_number, row.quantity) == ("L60", -1)
    stock.receive(item.id, 2, expires=days(80))
    assert stock.use(item.id, 8)[-1].expires_on == days(90)
    assert audit_details()[-1] == (
        f"used 8 each from lot L60 (1) and the lots with no number expiring {days(80).isoformat()} (2) "
        f"and {days(90).isoformat()} (5)"
    )
    with pytest.raises(InsufficientStock):
        stock.use(item.id, 1)  # only the expired lot is left
    assert check_database().ok


def test_use_adjust_and_dispose_name_a_lot_without_a_number_by_its_expiry(db):
    item = new_item("KIT", tracks_expiry=True)
    stock.receive(item.id, 3, expires=days(10))
    stock.receive(item.id, 5, expires=days(40))
    (row,) = stock.use(item.id, 2, expires=days(40))  # not the first to expire: the one chosen
    assert (row.lot_number, row.expires_on) == ("", days(40))
    (row,) = stock.dispose(item.id, 1, reason="damaged", expires=days(40).isoformat())
    assert row.expires_on == days(40)
    (row,) = stock.adjust(item.id, -1, reason="correction", expires=days(40))
    assert row.expires_on == days(40)
    (row,) = stock.adjust(item.id, 2, reason="found", expires=days(40))
    assert row.expires_on == days(40)
    (row,) = stock.adjust_to(item.id, 1, expires=days(10))
    assert (row.expires_on, row.quantity) == (days(10), -2)
    assert audit_details()[-1].startswith(
        f"set to 1 each in the lot with no number expiring {days(10).isoformat()} (was 3)"
    )
    assert sorted((x.expires_on, x.quantity) for x in stock_queries.lots(item.id, include_empty=True)) == [
        (days(10), 1),
        (days(40), 3),
    ]
    before = snapshot(item.id)
    with pytest.raises(ValidationError, match="no lot with no number expiring"):
        stock.use(item.id, 1, expires=days(20))
    with pytest.raises(InsufficientStock, match="only 3 on hand"):
        stock.use(item.id, 4, expires=days(40))
    assert snapshot(item.id) == before
    # Undoing a use puts it back into that very lot.
    (used,) = stock.use(item.id, 1, expires=days(40))
    corrections.undo([used.id])
    assert {x.expires_on: x.quantity for x in stock_queries.lots(item.id)} == {days(10): 1, days(40): 3}
    assert check_database().ok


def test_receive_same_lot_again_adds_to_it_and_a_different_expiry_is_refused(db):
    item = new_item("VAX", tracks_expiry=True)
    stock.receive(item.id, 5, lot="L1", expires=days(30))
    stock.receive(item.id, 2, lot="L1", expires=days(30))
    assert lot_quantities(item.id) == {"L1": 7}
    before = snapshot(item.id)
    with pytest.raises(ValidationError) as refused:
        stock.receive(item.id, 2, lot="L1", expires=days(31))
    assert refused.value.field == "expires"
    assert "L1" in refused.value.message and days(30).isoformat() in refused.value.message
    assert snapshot(item.id) == before


def test_item_without_expiry_tracking_refuses_a_lot(db):
    item = new_item()
    for kwargs in ({"lot": "L1"}, {"expires": days(10)}, {"lot": "L1", "expires": days(10)}):
        with pytest.raises(ValidationError) as refused:
            stock.receive(item.id, 5, **kwargs)
        assert refused.value.field == "lot"
    stock.receive(item.id, 5)
    with pytest.raises(ValidationError) as refused:
        stock.use(item.id, 1, lot="L1")
    assert refused.value.field == "lot"
    assert on_hand(item.id) == 5 and len(stock_queries.history(item.id)) == 1


def test_stock_of_a_missing_item_is_not_found(db):
    with pytest.raises(NotFound):
        stock.receive(999, 1)
    with pytest.raises(NotFound):
        stock.use(999, 1)
    with pytest.raises(NotFound):
        corrections.reverse(999)
    assert Movement.select().count() == 0


# ---------------------------------------------------------------- use


def test_use_takes_first_expired_first_across_lots(db):
    item = vaccine_with_lots()
    rows = stock.use(item.id, 9)
    assert [(r.lot_number, r.quantity, r.kind) for r in rows] == [
        ("SOON", -3, MovementKind.USE),
        ("MID", -4, MovementKind.USE),
        ("LATE", -2, MovementKind.USE),
    ]
    assert [r.expires_on for r in rows] == [days(10), days(30), days(90)]
    assert lot_quantities(item.id) == {"SOON": 0, "MID": 0, "LATE": 3}
    assert on_hand(item.id) == 3
    assert [(m.lot_number, m.quantity) for m in stock_queries.history(item.id)[-3:]] == [
        ("SOON", -3),
        ("MID", -4),
        ("LATE", -2),
    ]


def test_use_within_the_first_lot_touches_only_it(db):
    item = vaccine_with_lots()
    rows = stock.use(item.id, 2)
    assert [(r.lot_number, r.quantity) for r in rows] == [("SOON", -2)]
    assert lot_quantities(item.id) == {"LATE": 5, "SOON": 1, "MID": 4}


def test_use_from_a_named_lot(db):
    item = vaccine_with_lots()
    rows = stock.use(item.id, 4, lot=" LATE ")
    assert [(r.lot_number, r.quantity) for r in rows] == [("LATE", -4)]
    assert lot_quantities(item.id) == {"SOON": 3, "MID": 4, "LATE": 1}

    before = snapshot(item.id)
    with pytest.raises(InsufficientStock) as short:
        stock.use(item.id, 2, lot="LATE")
    assert short.value.available == 1
    with pytest.raises(ValidationError) as unknown:
        stock.use(item.id, 1, lot="NOPE")
    assert unknown.value.field == "lot"
    stock.use(item.id, 1, lot="LATE")
    with pytest.raises(InsufficientStock) as empty:
        stock.use(item.id, 1, lot="LATE")
    assert empty.value.available == 0
    assert len(stock_queries.history(item.id)) == len(before[0]) + 1


def test_expired_stock_is_not_usable_and_is_shown_apart(db):
    item = new_item("VAX", tracks_expiry=True, reorder_point=1)
    stock.receive(item.id, 5, lot="OLD", expires=days(-1))
    stock.receive(item.id, 2, lot="NEW", expires=days(20))
    stock.receive(item.id, 1, lot="TODAY", expires=days(0))  # usable on its last day

    detail = catalog.item_detail(item.id)
    (row,) = stock_queries.list_items()
    assert (detail.on_hand, detail.expired) == (3, 5)
    assert (row.on_hand, row.expired, row.status) == (3, 5, "ok")
    assert row.next_expiry == days(0)

    before = snapshot(item.id)
    with pytest.raises(InsufficientStock) as short:
        stock.use(item.id, 4)
    assert short.value.available == 3
    with pytest.raises(ValidationError) as refused:
        stock.use(item.id, 1, lot="OLD")
    assert refused.value.field == "lot" and "dispose" in refused.value.message
    assert snapshot(item.id) == before

    rows = stock.use(item.id, 3)
    assert [(r.lot_number, r.quantity) for r in rows] == [("TODAY", -1), ("NEW", -2)]
    (row,) = stock_queries.list_items()
    assert (row.on_hand, row.expired, row.status) == (0, 5, "out")
    assert stock_queries.lots(item.id)[0].expired is True


# ---------------------------------------------------------------- dispose


def test_dispose_takes_expired_lots_first(db):
    item = new_item("VAX", tracks_expiry=True)
    stock.receive(item.id, 4, lot="GOOD", expires=days(30))
    stock.receive(item.id, 2, lot="OLDER", expires=days(-10))
    stock.receive(item.id, 3, lot="OLD", expires=days(-1))
    rows = stock.dispose(item.id, 6, reason=" Expired ", note="bin")
    assert [(r.lot_number, r.quantity, r.kind, r.reason) for r in rows] == [
        ("OLDER", -2, MovementKind.DISPOSE, "expired"),
        ("OLD", -3, MovementKind.DISPOSE, "expired"),
        ("GOOD", -1, MovementKind.DISPOSE, "expired"),
    ]
    assert lot_quantities(item.id) == {"GOOD": 3, "OLDER": 0, "OLD": 0}
    detail = catalog.item_detail(item.id)
    assert (detail.on_hand, detail.expired) == (3, 0)


def test_dispose_a_named_expired_lot(db):
    item = new_item("VAX", tracks_expiry=True)
    stock.receive(item.id, 4, lot="GOOD", expires=days(30))
    stock.receive(item.id, 3, lot="OLD", expires=days(-1))
    rows = stock.dispose(item.id, 3, reason="recalled", lot="OLD")
    assert [(r.lot_number, r.quantity) for r in rows] == [("OLD", -3)]
    assert lot_quantities(item.id) == {"GOOD": 4, "OLD": 0}


@pytest.mark.parametrize("reason", ["", "   ", "lost", None])
def test_dispose_needs_a_valid_reason(db, reason):
    item = new_item()
    stock.receive(item.id, 5)
    before = snapshot(item.id)
    with pytest.raises(ValidationError) as refused:
        stock.dispose(item.id, 1, reason=reason)
    assert refused.value.field == "reason"
    assert snapshot(item.id) == before


def test_dispose_of_an_untracked_item(db):
    item = new_item()
    stock.receive(item.id, 5)
    (row,) = stock.dispose(item.id, 2, reason="damaged")
    assert (row.quantity, row.reason, row.lot_number) == (-2, "damaged", "")
    assert on_hand(item.id) == 3


# ---------------------------------------------------------------- adjust


def test_adjust_up_and_down_with_a_reason(db):
    item = new_item()
    stock.receive(item.id, 5)
    (up,) = stock.adjust(item.id, 3, reason="found")
    (down,) = stock.adjust(item.id, "-2", reason="correction", note="miscounted")
    assert (up.kind, up.quantity, up.reason) == (MovementKind.ADJUST, 3, "found")
    assert (down.kind, down.quantity, down.reason, down.note) == (
        MovementKind.ADJUST,
        -2,
        "correction",
        "miscounted",
    )
    assert on_hand(item.id) == 6
    before = snapshot(item.id)
    with pytest.raises(InsufficientStock) as short:
        stock.adjust(item.id, -7, reason="correction")
    assert short.value.available == 6
    assert snapshot(item.id) == before


@pytest.mark.parametrize(
    ("difference", "reason", "field"), [(2, "", "reason"), (2, "  ", "reason"), (0, "count", "quantity")]
)
def test_adjust_needs_a_reason_and_a_difference(db, difference, reason, field):
    item = new_item()
    stock.receive(item.id, 5)
    before = snapshot(item.id)
    with pytest.raises(ValidationError) as refused:
        stock.adjust(item.id, difference, reason=reason)
    assert refused.value.field == field
    assert snapshot(item.id) == before


def test_adjust_a_tracked_item_by_lot(db):
    item = vaccine_with_lots()
    with pytest.raises(ValidationError) as refused:
        stock.adjust(item.id, 2, reason="found")
    assert refused.value.field == "expires"
    stock.adjust(item.id, 2, reason="found", lot="MID", expires=days(30))
    (down,) = stock.adjust(item.id, -1, reason="correction", lot="LATE")
    assert down.lot_number == "LATE"
    rows = stock.adjust(item.id, -4, reason="correction")  # unnamed: first-expired first
    assert [(r.lot_number, r.quantity) for r in rows] == [("SOON", -3), ("MID", -1)]
    assert lot_quantities(item.id) == {"LATE": 4, "SOON": 0, "MID": 5}


def test_adjust_to_a_counted_quantity(db):
    item = new_item()
    stock.receive(item.id, 10)
    (down,) = stock.adjust_to(item.id, 7)
    assert (down.kind, down.quantity, down.reason) == (MovementKind.ADJUST, -3, "count")
    (up,) = stock.adjust_to(item.id, " 12 ", note="shelf count")
    assert (up.quantity, up.reason, up.note) == (5, "count", "shelf count")
    assert stock.adjust_to(item.id, 12) == []
    assert on_hand(item.id) == 12
    assert len(stock_queries.history(item.id)) == 3
    (zero,) = stock.adjust_to(item.id, 0)
    assert zero.quantity == -12 and on_hand(item.id) == 0
    with pytest.raises(ValidationError) as refused:
        stock.adjust_to(item.id, -1)
    assert refused.value.field == "quantity"


def test_adjust_to_a_counted_lot(db):
    item = vaccine_with_lots()
    (row,) = stock.adjust_to(item.id, 1, lot="MID")
    assert (row.lot_number, row.quantity) == ("MID", -3)
    (row,) = stock.adjust_to(item.id, 6, lot="SOON", expires=days(10))
    assert (row.lot_number, row.quantity) == ("SOON", 3)
    (row,) = stock.adjust_to(item.id, 2, lot="NEW", expires=days(60))
    assert (row.lot_number, row.quantity) == ("NEW", 2)
    assert lot_quantities(item.id) == {"SOON": 6, "MID": 1, "NEW": 2, "LATE": 5}
    assert on_hand(item.id) == 14


def test_adjust_to_counts_only_usable_stock_of_a_tracked_item(db):
    item = new_item("VAX", tracks_expiry=True)
    stock.receive(item.id, 4, lot="OLD", expires=days(-2))
    stock.receive(item.id, 5, lot="A", expires=days(20))
    stock.receive(item.id, 5, lot="B", expires=days(40))
    rows = stock.adjust_to(item.id, 7)
    assert [(r.lot_number, r.quantity) for r in rows] == [("A", -3)]
    assert lot_quantities(item.id) == {"OLD": 4, "A": 2, "B": 5}
    detail = catalog.item_detail(item.id)
    assert (detail.on_hand, detail.expired) == (7, 4)


# ---------------------------------------------------------------- reverse


def test_reverse_a_use_points_at_the_original(db):
    item = new_item()
    stock.receive(item.id, 10)
    (used,) = stock.use(item.id, 3)
    (undo,) = corrections.reverse(used.id, note="wrong item scanned")
    assert (undo.kind, undo.quantity, undo.reversal_of, undo.note) == (
        MovementKind.REVERSAL,
        3,
        used.id,
        "wrong item scanned",
    )
    assert on_hand(item.id) == 10
    by_id = {m.id: m for m in stock_queries.history(item.id)}
    assert by_id[used.id].reversed_by == undo.id
    assert by_id[used.id].can_reverse is False
    assert by_id[undo.id].reversal_of == used.id and by_id[undo.id].can_reverse is False


def test_reverse_default_note_names_the_original(db):
    item = new_item()
    (received,) = stock.receive(item.id, 4)
    (undo,) = corrections.reverse(received.id)
    assert str(received.id) in undo.note
    assert undo.quantity == -4 and on_hand(item.id) == 0


def test_reversal_of_a_reversal_and_double_reversal_are_refused(db):
    item = new_item()
    stock.receive(item.id, 10)
    (used,) = stock.use(item.id, 3)
    (undo,) = corrections.reverse(used.id)
    before = snapshot(item.id)
    with pytest.raises(InventoryError, match="itself a reversal") as refused:
        corrections.reverse(undo.id)
    assert not isinstance(refused.value, InsufficientStock)
    with pytest.raises(InventoryError, match="already been reversed"):
        corrections.reverse(used.id)
    assert snapshot(item.id) == before


def test_reversing_a_receive_whose_stock_was_used_is_refused(db):
    item = new_item()
    (received,) = stock.receive(item.id, 10)
    stock.use(item.id, 8)
    before = snapshot(item.id)
    with pytest.raises(InsufficientStock) as short:
        corrections.reverse(received.id)
    assert short.value.available == 2
    assert "GLV-M" in str(short.value)
    assert snapshot(item.id) == before


def test_reversing_a_lot_receive_checks_that_lot(db):
    item = vaccine_with_lots()
    received = {m.lot_number: m for m in stock_queries.history(item.id)}
    stock.use(item.id, 4)  # SOON 3 and MID 1
    before = snapshot(item.id)
    with pytest.raises(InsufficientStock) as short:
        corrections.reverse(received["SOON"].id)
    assert short.value.available == 0
    assert snapshot(item.id) == before
    (undo,) = corrections.reverse(received["LATE"].id)
    assert (undo.lot_number, undo.quantity) == ("LATE", -5)
    assert lot_quantities(item.id) == {"SOON": 0, "MID": 3, "LATE": 0}


def test_reversing_a_use_returns_stock_to_its_lot(db):
    item = vaccine_with_lots()
    rows = stock.use(item.id, 5)  # SOON 3, MID 2
    (undo,) = corrections.reverse(rows[1].id)
    assert (undo.lot_number, undo.quantity) == ("MID", 2)
    assert lot_quantities(item.id) == {"SOON": 0, "MID": 4, "LATE": 5}


def test_reversing_a_disposal_of_an_expired_lot(db):
    item = new_item("VAX", tracks_expiry=True)
    stock.receive(item.id, 3, lot="OLD", expires=days(-1))
    (gone,) = stock.dispose(item.id, 3, reason="expired")
    corrections.reverse(gone.id)
    assert lot_quantities(item.id) == {"OLD": 3}
    detail = catalog.item_detail(item.id)
    assert (detail.on_hand, detail.expired) == (0, 3)


# ---------------------------------------------------------------- quantities

BAD_QUANTITIES = [
    0,
    -1,
    "-0",
    1.5,
    "1.5",
    "1,5",
    "12,50",
    "NaN",
    "nan",
    float("nan"),
    "inf",
    "-Infinity",
    float("inf"),
    10**20,
    str(10**20),
    "abc",
    "",
    None,
    True,
    "1e3",  # as in imports: plain digits only
    "1_000",
    "١٢",  # Arabic-Indic digits
]


@pytest.mark.parametrize("quantity", BAD_QUANTITIES, ids=repr)
def test_bad_quantities_are_refused(db, quantity):
    item = new_item()
    stock.receive(item.id, 5)
    before = snapshot(item.id)
    for call in (
        lambda: stock.receive(item.id, quantity),
        lambda: stock.use(item.id, quantity),
        lambda: stock.dispose(item.id, quantity, reason="damaged"),
    ):
        with pytest.raises(ValidationError) as refused:
            call()
        assert refused.value.field == "quantity"
    assert snapshot(item.id) == before


@pytest.mark.parametrize(
    "difference", [0, 1.5, "1,5", "-1,5", "NaN", "inf", float("-inf"), 10**20, -(10**20), "x"], ids=repr
)
def test_bad_adjustments_are_refused(db, difference):
    item = new_item()
    stock.receive(item.id, 5)
    before = snapshot(item.id)
    with pytest.raises(ValidationError) as refused:
        stock.adjust(item.id, difference, reason="correction")
    assert refused.value.field == "quantity"
    with pytest.raises(ValidationError):
        stock.adjust_to(item.id, difference if difference != 0 else -1)
    assert snapshot(item.id) == before


@pytest.mark.parametrize(
    ("typed", "expected"), [(" 12 ", 12), ("1,200", 1200), (7.0, 7), ("+3", 3), ("2.0", 2)], ids=repr
)
def test_acceptable_quantity_spellings(db, typed, expected):
    item = new_item()
    (row,) = stock.receive(item.id, typed)
    assert row.quantity == expected
    assert on_hand(item.id) == expected


# ---------------------------------------------------------------- who and when


def server_now(db) -> datetime:
    value = db.execute_sql(
        "SELECT " + (SERVER_NOW_SQLITE if is_sqlite(db) else SERVER_NOW_POSTGRES)
    ).fetchone()[0]
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


def test_every_movement_records_user_and_server_time(db):
    item = new_item()
    start = server_now(db)
    set_current_user("alice")
    stock.receive(item.id, 10)
    set_current_user(" bob ")
    (used,) = stock.use(item.id, 2)
    set_current_user("carol")
    stock.adjust(item.id, 1, reason="found")
    stock.dispose(item.id, 1, reason="damaged")
    set_current_user("dave")
    corrections.reverse(used.id)
    end = server_now(db)

    rows = stock_queries.history(item.id)
    assert [(m.kind, m.user) for m in rows] == [
        (MovementKind.RECEIVE, "alice"),
        (MovementKind.USE, "bob"),
        (MovementKind.ADJUST, "carol"),
        (MovementKind.DISPOSE, "carol"),
        (MovementKind.REVERSAL, "dave"),
    ]
    assert used.user == "bob"
    for m in rows:
        assert isinstance(m.created_at, datetime)
        assert start <= m.created_at <= end
    assert [m.created_at for m in rows] == sorted(m.created_at for m in rows)
    # Stored in UTC by the server, not in the workstation's local time.
    assert abs(rows[0].created_at - datetime.now(UTC).replace(tzinfo=None)) < timedelta(minutes=5)
    assert next(m for m in rows if m.id == used.id).created_at == used.created_at


# ---------------------------------------------------------------- RELIABILITY B1


@pytest.mark.parametrize("action", ["use", "dispose", "adjust"])
@pytest.mark.parametrize("tracked", [False, True], ids=["untracked", "lots"])
def test_taking_more_than_on_hand_is_refused_and_changes_nothing(db, action, tracked):
    if tracked:
        item = new_item("VAX-FLU", name="Flu vaccine", tracks_expiry=True)
        stock.receive(item.id, 3, lot="A", expires=days(10))
        stock.receive(item.id, 4, lot="B", expires=days(20))
    else:
        item = new_item("GLV-M", name="Gloves")
        stock.receive(item.id, 7)
    stock.use(item.id, 2)
    before = snapshot(item.id)
    calls = {
        "use": lambda: stock.use(item.id, 6),
        "dispose": lambda: stock.dispose(item.id, 6, reason="damaged"),
        "adjust": lambda: stock.adjust(item.id, -6, reason="correction"),
    }
    with pytest.raises(InsufficientStock) as refused:
        calls[action]()
    message = str(refused.value)
    assert item.sku in message
    assert "only 5 on hand" in message
    assert refused.value.available == 5
    assert snapshot(item.id) == before
    assert on_hand(item.id) == 5
    assert len(stock_queries.history(item.id)) == len(before[0])


# ---------------------------------------------------------------- RELIABILITY B3


def test_movement_rows_cannot_be_updated_or_deleted(db):
    item = new_item()
    (row,) = stock.receive(item.id, 10)
    stock.use(item.id, 4)
    p = db.param
    columns = 'id, item_id, lot_id, kind, quantity, reason, note, "user", created_at, reversal_of_id'

    def stored():
        return db.execute_sql(f"SELECT {columns} FROM movement ORDER BY id").fetchall()

    before = stored()
    assert len(before) == 2
    for sql, params in (
        (f"UPDATE movement SET quantity = 999 WHERE id = {p}", (row.id,)),
        (f'UPDATE movement SET "user" = {p}', ("mallory",)),
        (f"DELETE FROM movement WHERE id = {p}", (row.id,)),
        ("DELETE FROM movement", ()),
    ):
        with pytest.raises(peewee.DatabaseError) as refused:
            with db.atomic():
                db.execute_sql(sql, params)
        assert "reversal" in str(refused.value), sql
        assert stored() == before, sql
    assert on_hand(item.id) == 6
    # The caches are not append-only; only the ledger is.
    with db.atomic():
        db.execute_sql(f"UPDATE item SET name = {p} WHERE id = {p}", ("Gloves", item.id))
    assert catalog.item_detail(item.id).name == "Gloves"
