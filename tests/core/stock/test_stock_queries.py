"""Reading stock: status, the reorder list, what needs attention, history, and the check."""

from __future__ import annotations

import pytest

from inventory_app.core import corrections
from inventory_app.core.catalog import items as catalog
from inventory_app.core.settings import OfficeSettings, save_office_settings
from inventory_app.core.stock import movements as stock
from inventory_app.core.stock import queries as stock_queries
from inventory_app.core.stock.check import check_database
from inventory_app.core.types import MovementKind, Status, stock_status
from tests.core.helpers import days, new_item


@pytest.mark.parametrize(
    ("on_hand", "reorder_point", "status"),
    [(0, 5, "out"), (1, 5, "low"), (5, 5, "low"), (6, 5, "ok"), (0, 0, "out"), (1, 0, "ok"), (-2, 0, "out")],
)
def test_stock_status(on_hand, reorder_point, status):
    assert stock_status(on_hand, reorder_point) is Status(status)


def test_status_in_the_item_list_at_the_boundaries(db):
    expected = {}
    for sku, reorder_point, quantity, status in (
        ("A-OUT", 5, 0, Status.OUT),
        ("B-LOW1", 5, 1, Status.LOW),
        ("C-LOW5", 5, 5, Status.LOW),
        ("D-OK6", 5, 6, Status.OK),
        ("E-ZERO-RP", 0, 1, Status.OK),
        ("F-ZERO-RP-OUT", 0, 0, Status.OUT),
    ):
        item = new_item(sku, reorder_point=reorder_point)
        if quantity:
            stock.receive(item.id, quantity)
        expected[sku] = status
    rows = stock_queries.list_items()
    assert {r.sku: r.status for r in rows} == expected
    assert {r.sku: r.needs_reorder for r in rows} == {sku: s is not Status.OK for sku, s in expected.items()}
    for status in Status:
        assert [r.sku for r in stock_queries.list_items(status=status)] == sorted(
            sku for sku, s in expected.items() if s is status
        )
    assert [r.sku for r in stock_queries.list_items(status="low")] == ["B-LOW1", "C-LOW5"]


def test_status_follows_the_stock(db):
    item = new_item("GLV-M", reorder_point=3)
    assert stock_queries.item_row(item.id).status is Status.OUT
    stock.receive(item.id, 5)
    assert stock_queries.item_row(item.id).status is Status.OK
    stock.use(item.id, 2)
    assert stock_queries.item_row(item.id).status is Status.LOW
    stock.use(item.id, 3)
    assert stock_queries.item_row(item.id).status is Status.OUT


def test_expired_stock_does_not_count_towards_the_status(db):
    item = new_item("VAX", tracks_expiry=True, reorder_point=2)
    stock.receive(item.id, 10, lot="OLD", expires=days(-1))
    row = stock_queries.item_row(item.id)
    assert (row.on_hand, row.expired, row.status) == (0, 10, Status.OUT)
    stock.receive(item.id, 2, lot="NEW", expires=days(5))
    row = stock_queries.item_row(item.id)
    assert (row.on_hand, row.expired, row.status) == (2, 10, Status.LOW)
    assert [r.sku for r in stock_queries.list_items(status="low")] == ["VAX"]


def test_needs_reorder_lists_low_and_out_active_items(db):
    low = new_item("A-LOW", reorder_point=5)
    stock.receive(low.id, 5)
    out = new_item("B-OUT", reorder_point=1)
    ok = new_item("C-OK", reorder_point=1)
    stock.receive(ok.id, 2)
    archived = new_item("D-ARCHIVED", reorder_point=10)
    catalog.archive_item(archived.id)
    expired_only = new_item("E-EXPIRED", tracks_expiry=True, reorder_point=0)
    stock.receive(expired_only.id, 4, lot="L", expires=days(-3))
    rows = stock_queries.needs_reorder()
    assert [(r.id, r.status) for r in rows] == [
        (low.id, Status.LOW),
        (out.id, Status.OUT),
        (expired_only.id, Status.OUT),
    ]


def test_attention_counts(db):
    save_office_settings(OfficeSettings(expiry_warning_days=30))
    low = new_item("LOW", reorder_point=5)
    stock.receive(low.id, 2)
    new_item("OUT", reorder_point=0)
    ok = new_item("OK", reorder_point=1)
    stock.receive(ok.id, 9)

    vax = new_item("VAX", tracks_expiry=True, reorder_point=0)
    stock.receive(vax.id, 1, lot="EXPIRED-1", expires=days(-1))
    stock.receive(vax.id, 1, lot="EXPIRED-2", expires=days(-40))
    stock.receive(vax.id, 1, lot="TODAY", expires=days(0))  # expiring, not expired
    stock.receive(vax.id, 1, lot="IN-WINDOW", expires=days(30))
    stock.receive(vax.id, 1, lot="OUTSIDE", expires=days(31))
    stock.receive(vax.id, 1, lot="USED-UP", expires=days(3))
    stock.use(vax.id, 1, lot="USED-UP")  # an empty lot needs no attention

    short = catalog.save_category("Strips", expiry_warning_days=5)
    strips = new_item("STRIPS", tracks_expiry=True, category_id=short.id, reorder_point=0)
    stock.receive(strips.id, 1, lot="S6", expires=days(6))  # outside the category's 5 days
    stock.receive(strips.id, 1, lot="S5", expires=days(5))
    own = new_item("OWN", tracks_expiry=True, category_id=short.id, expiry_warning_days=90, reorder_point=0)
    stock.receive(own.id, 1, lot="O80", expires=days(80))  # the item's own window wins

    archived = new_item("ARCHIVED", tracks_expiry=True, reorder_point=3)
    stock.receive(archived.id, 1, lot="X", expires=days(-5))
    catalog.archive_item(archived.id)

    counts = stock_queries.attention_counts()
    assert (counts.low, counts.out, counts.expiring, counts.expired, counts.items) == (1, 1, 4, 2, 6)


def test_attention_counts_of_an_empty_database(db):
    counts = stock_queries.attention_counts()
    assert (counts.low, counts.out, counts.expiring, counts.expired, counts.items) == (0, 0, 0, 0, 0)


def test_lots_in_first_expired_order(db):
    item = new_item("VAX", tracks_expiry=True)
    stock.receive(item.id, 2, lot="LATE", expires=days(60))
    stock.receive(item.id, 3, lot="OLD", expires=days(-2))
    stock.receive(item.id, 4, lot="SOON", expires=days(7))
    stock.use(item.id, 4, lot="SOON")
    assert [(lot.lot_number, lot.quantity, lot.expired) for lot in stock_queries.lots(item.id)] == [
        ("OLD", 3, True),
        ("LATE", 2, False),
    ]
    assert [lot.lot_number for lot in stock_queries.lots(item.id, include_empty=True)] == [
        "OLD",
        "SOON",
        "LATE",
    ]
    assert stock_queries.item_row(item.id).next_expiry == days(60)


def test_history_has_a_running_balance(db):
    item = new_item()
    stock.receive(item.id, 10)
    (used,) = stock.use(item.id, 3)
    stock.adjust(item.id, 2, reason="found")
    stock.dispose(item.id, 1, reason="damaged")
    corrections.reverse(used.id)
    rows = stock_queries.history(item.id)
    assert [(m.kind, m.quantity, m.balance) for m in rows] == [
        (MovementKind.RECEIVE, 10, 10),
        (MovementKind.USE, -3, 7),
        (MovementKind.ADJUST, 2, 9),
        (MovementKind.DISPOSE, -1, 8),
        (MovementKind.REVERSAL, 3, 11),
    ]
    assert rows[-1].balance == catalog.item_detail(item.id).on_hand
    assert all(m.item_id == item.id for m in rows)
    assert stock_queries.history(new_item("OTHER").id) == []


def test_history_of_lots_includes_expired_stock_in_the_balance(db):
    item = new_item("VAX", tracks_expiry=True)
    stock.receive(item.id, 3, lot="OLD", expires=days(-1))
    stock.receive(item.id, 5, lot="NEW", expires=days(9))
    stock.use(item.id, 2)
    rows = stock_queries.history(item.id)
    assert [(m.lot_number, m.expires_on, m.balance) for m in rows] == [
        ("OLD", days(-1), 3),
        ("NEW", days(9), 8),
        ("NEW", days(9), 6),
    ]
    detail = catalog.item_detail(item.id)
    assert detail.on_hand + detail.expired == rows[-1].balance


# ---------------------------------------------------------------- check


def test_check_database_is_ok_after_ordinary_work(db):
    item = new_item("VAX", tracks_expiry=True)
    stock.receive(item.id, 5, lot="A", expires=days(5))
    other = new_item("GLV-M")
    stock.receive(other.id, 5)
    stock.use(other.id, 2)
    report = check_database()
    assert report.ok, report.problems
    assert report.items_checked == 2 and report.problems == []


def test_check_database_reports_a_cached_on_hand_that_disagrees(db):
    item = new_item("GLV-M")
    new_item("GLV-L")
    stock.receive(item.id, 5)
    p = db.param
    # The item table is not append-only: a plain UPDATE can corrupt the cache.
    with db.atomic():
        db.execute_sql(f"UPDATE item SET on_hand = on_hand + 3 WHERE id = {p}", (item.id,))
    report = check_database()
    assert not report.ok
    assert len(report.problems) == 1
    assert "GLV-M" in report.problems[0] and "8" in report.problems[0] and "5" in report.problems[0]


def test_check_database_reports_a_lot_that_disagrees(db):
    item = new_item("VAX", tracks_expiry=True)
    stock.receive(item.id, 5, lot="A", expires=days(5))
    p = db.param
    with db.atomic():
        db.execute_sql(f"UPDATE lot SET quantity = 2 WHERE item_id = {p}", (item.id,))
    report = check_database()
    assert not report.ok
    assert any("VAX" in problem and "lot A" in problem for problem in report.problems)
