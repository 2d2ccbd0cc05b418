"""Stock counts: snapshot, entering and continuing, review, posting in one transaction,
stock that moved during the count, abandoning; and stock at any past time from the
ledger (RELIABILITY B6). Both backends."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from inventory_app.core import corrections
from inventory_app.core.accounts.context import set_current_user
from inventory_app.core.catalog import items as catalog
from inventory_app.core.shelf import counts
from inventory_app.core.shelf.count_types import CountStatus
from inventory_app.core.stock import movements as stock
from inventory_app.core.stock import queries as stock_queries
from inventory_app.core.stock.check import check_database
from inventory_app.core.stock.ledger_time import stock_at, stock_on
from inventory_app.core.times import utc_now
from inventory_app.core.types import MovementKind
from inventory_app.db import ledger
from inventory_app.db.models import Movement, StockCount, StockCountLine
from inventory_app.db.session import close_database, open_database
from inventory_app.errors import InventoryError, NotFound, ValidationError
from tests.core.helpers import days, new_item, snapshot
from tests.core.shelf.shelf_helpers import at


@pytest.fixture
def shelf(db):
    """Two rooms, two categories; gloves and gauze in the supply room, vaccines in the fridge."""
    room = catalog.location_id_for("Supply room")
    fridge = catalog.location_id_for("Fridge")
    ppe = catalog.category_id_for("PPE")
    vaccines = catalog.category_id_for("Vaccines")
    gloves = new_item(
        "GLV-M", name="Gloves", location_id=room, category_id=ppe, unit="box", unit_cost="64.50",
        units_per_purchase_unit=10, barcode="0380000123",
    )  # fmt: skip
    gauze = new_item("GZ-44", name="Gauze", location_id=room, unit="pack", unit_cost="3.10")
    flu = new_item(
        "VAC-FLU", name="Flu vaccine", location_id=fridge, category_id=vaccines, unit="dose",
        tracks_expiry=True, unit_cost="18.00",
    )  # fmt: skip
    hepb = new_item(
        "VAC-HEPB", name="Hep B vaccine", location_id=fridge, category_id=vaccines, tracks_expiry=True
    )
    old = new_item("OLD", name="Archived thing", location_id=room)
    catalog.archive_item(old.id)
    stock.receive(gloves.id, 12)
    stock.receive(gauze.id, 40)
    stock.receive(flu.id, 10, lot="F1", expires=days(30))
    stock.receive(flu.id, 6, lot="F0", expires=days(-5))  # expired, still on the shelf
    return {
        "room": room,
        "fridge": fridge,
        "ppe": ppe,
        "vaccines": vaccines,
        "gloves": gloves.id,
        "gauze": gauze.id,
        "flu": flu.id,
        "hepb": hepb.id,
    }


def _line(detail, sku: str, lot: str = ""):
    return next(x for x in detail.lines if x.sku == sku and x.lot_number == lot)


def _all_stock(ids: dict[str, int]) -> tuple[object, ...]:
    return tuple(snapshot(ids[k]) for k in ("gloves", "gauze", "flu", "hepb"))


# ---------------------------------------------------------------- starting


def test_a_count_of_all_items_snapshots_items_and_lots_in_shelf_order(shelf) -> None:
    detail = counts.start_count(note="month end")
    s = detail.summary
    assert (s.title, s.status, s.started_by, s.note, s.lines, s.counted) == (
        "All items", CountStatus.OPEN, "tester", "month end", 5, 0,
    )  # fmt: skip
    # Fridge before Supply room; by name; a tracked item's lots first-expiring first.
    assert [(x.location, x.sku, x.lot_number, x.expected) for x in detail.lines] == [
        ("Fridge", "VAC-FLU", "F0", 6),
        ("Fridge", "VAC-FLU", "F1", 10),
        ("Fridge", "VAC-HEPB", "", 0),  # tracks expiry, holds no lot: a line to note a find
        ("Supply room", "GZ-44", "", 40),
        ("Supply room", "GLV-M", "", 12),
    ]
    names = [x.name for x in detail.lines]
    assert names == ["Flu vaccine", "Flu vaccine", "Hep B vaccine", "Gauze", "Gloves"]
    assert _line(detail, "VAC-HEPB").needs_lot
    assert all(x.counted is None and x.difference is None for x in detail.lines)
    assert "OLD" not in {x.sku for x in detail.lines}
    assert counts.list_counts(CountStatus.OPEN) == [detail.summary]


def test_a_count_of_one_location_or_one_category(shelf) -> None:
    room = counts.start_count(location_id=shelf["room"])
    assert room.summary.title == "Location: Supply room"
    assert [x.sku for x in room.lines] == ["GZ-44", "GLV-M"]
    vaccines = counts.start_count(category_id=shelf["vaccines"])
    assert vaccines.summary.title == "Category: Vaccines"
    assert {x.sku for x in vaccines.lines} == {"VAC-FLU", "VAC-HEPB"}
    with pytest.raises(ValidationError, match="no active items"):
        counts.start_count(location_id=catalog.location_id_for("Empty closet"))
    with pytest.raises(NotFound):
        counts.start_count(category_id=9999)


def test_an_open_count_covering_the_same_items_is_refused(shelf) -> None:
    first = counts.start_count(location_id=shelf["room"])
    with pytest.raises(InventoryError, match=f"Count #{first.summary.id} .* still open"):
        counts.start_count(category_id=shelf["ppe"])
    counts.abandon_count(first.summary.id)
    assert counts.start_count(category_id=shelf["ppe"]).summary.lines == 1


# ---------------------------------------------------------------- entering and review


def test_counts_are_saved_and_can_be_continued_later(shelf, db) -> None:
    detail = counts.start_count(location_id=shelf["room"])
    gloves = _line(detail, "GLV-M")
    saved = counts.enter_count(gloves.id, " 10 ")
    assert (saved.counted, saved.counted_by, saved.stock_when_counted, saved.difference) == (
        10,
        "tester",
        12,
        -2,
    )
    assert saved.value == Decimal("-12.90")  # 2 boxes at 6.45
    assert saved.counted_at is not None

    # Another session (the next day, say) sees the saved count and carries on.
    again = counts.count_detail(detail.summary.id)
    assert _line(again, "GLV-M").counted == 10
    assert again.summary.counted == 1 and len(again.uncounted) == 1
    counts.enter_count(_line(again, "GZ-44").id, 41)
    review = counts.count_detail(detail.summary.id)
    assert [(x.sku, x.expected, x.counted, x.difference, x.value) for x in review.lines] == [
        ("GZ-44", 40, 41, 1, Decimal("3.10")),
        ("GLV-M", 12, 10, -2, Decimal("-12.90")),
    ]
    assert review.total_value == Decimal("-9.80")
    assert [x.sku for x in review.differences] == ["GZ-44", "GLV-M"]

    # Clearing a count, and refusals.
    assert counts.enter_count(gloves.id, "").counted is None
    for bad in ("-1", "2.5", "lots"):
        with pytest.raises(ValidationError):
            counts.enter_count(gloves.id, bad)
    with pytest.raises(NotFound):
        counts.enter_count(99999, 1)


def test_a_scan_selects_the_lines_of_the_item(shelf) -> None:
    detail = counts.start_count()
    assert [x.sku for x in counts.lines_for_code(detail.summary.id, "0380000123")] == ["GLV-M"]
    assert [x.lot_number for x in counts.lines_for_code(detail.summary.id, "vac-flu")] == ["F0", "F1"]
    assert counts.lines_for_code(detail.summary.id, "UNKNOWN") == []


def test_a_lot_found_on_the_shelf_is_added_and_counted(shelf) -> None:
    detail = counts.start_count(category_id=shelf["vaccines"])
    placeholder = _line(detail, "VAC-HEPB")
    with pytest.raises(ValidationError, match="add the lot"):
        counts.enter_count(placeholder.id, 3)
    counts.enter_count(placeholder.id, 0)  # nothing without a lot: fine

    with pytest.raises(ValidationError, match="expiry date"):
        counts.add_line(detail.summary.id, shelf["hepb"], lot_number="HB7")
    found = counts.add_line(detail.summary.id, shelf["hepb"], lot_number="HB7", expires=days(200), counted=3)
    assert (found.lot_number, found.expected, found.counted, found.difference) == ("HB7", 0, 3, 3)
    same = counts.add_line(detail.summary.id, shelf["hepb"], lot_number="HB7")
    assert same.id == found.id
    with pytest.raises(ValidationError, match="expires on"):
        counts.add_line(detail.summary.id, shelf["flu"], lot_number="F1", expires=days(31))
    with pytest.raises(ValidationError, match="does not track"):
        counts.add_line(detail.summary.id, shelf["gauze"], lot_number="X")

    posting = counts.post_count(detail.summary.id)
    assert [(m.lot_number, m.quantity, m.reason) for m in posting.movements] == [("HB7", 3, "count")]
    assert ledger.find_lot(shelf["hepb"], "HB7").expires_on == days(200)
    assert catalog.item_detail(shelf["hepb"]).on_hand == 3
    assert check_database().ok


# ---------------------------------------------------------------- posting


def test_posting_writes_one_count_adjustment_per_difference(shelf) -> None:
    set_current_user("maria")
    detail = counts.start_count()
    cid = detail.summary.id
    counts.enter_counts(
        cid,
        {
            _line(detail, "GLV-M").id: 9,  # 3 missing
            _line(detail, "GZ-44").id: 40,  # right
            _line(detail, "VAC-FLU", "F1").id: 11,  # one more than the ledger
            _line(detail, "VAC-FLU", "F0").id: 0,  # the expired lot was thrown out unrecorded
        },
    )  # VAC-HEPB is left uncounted

    posting = counts.post_count(cid)

    moves = sorted((m.item_id, m.lot_number, m.quantity) for m in posting.movements)
    assert moves == sorted([(shelf["gloves"], "", -3), (shelf["flu"], "F1", 1), (shelf["flu"], "F0", -6)])
    assert all(
        (m.kind, m.reason, m.user) == (MovementKind.ADJUST, "count", "maria") and f"Count #{cid}" in m.note
        for m in posting.movements
    )
    assert posting.skipped == 1 and posting.notes == []
    assert posting.summary.status is CountStatus.POSTED and posting.summary.closed_by == "maria"
    assert catalog.item_detail(shelf["gloves"]).on_hand == 9
    assert catalog.item_detail(shelf["gauze"]).on_hand == 40
    assert catalog.item_detail(shelf["flu"]).on_hand == 11
    assert catalog.item_detail(shelf["flu"]).expired == 0
    assert check_database().ok
    # B6: the count is in the ledger as adjustments with reason and user.
    history = stock_queries.history(shelf["gloves"])
    assert (history[-1].kind, history[-1].reason, history[-1].user, history[-1].balance) == (
        MovementKind.ADJUST, "count", "maria", 9,
    )  # fmt: skip
    # The posted count keeps what it wrote, and cannot change again.
    after = counts.count_detail(cid)
    assert [(x.sku, x.lot_number, x.posted) for x in after.lines if x.posted] == [
        ("VAC-FLU", "F0", -6),
        ("VAC-FLU", "F1", 1),
        ("GLV-M", "", -3),
    ]
    for action in (
        lambda: counts.post_count(cid),
        lambda: counts.abandon_count(cid),
        lambda: counts.enter_count(_line(detail, "GZ-44").id, 1),
        lambda: counts.add_line(cid, shelf["gauze"]),
    ):
        with pytest.raises(InventoryError, match="is posted"):
            action()


def test_posting_is_one_transaction(shelf, monkeypatch: pytest.MonkeyPatch) -> None:
    detail = counts.start_count(location_id=shelf["room"])
    cid = detail.summary.id
    counts.enter_counts(cid, {_line(detail, "GLV-M").id: 1, _line(detail, "GZ-44").id: 2})
    before = _all_stock(shelf)
    movements_before = Movement.select().count()
    real = stock._adjust
    calls: list[int] = []

    def second_fails(item_id: int, *args: object, **kwargs: object) -> object:
        calls.append(item_id)
        if len(calls) == 2:
            raise InventoryError("power cut")
        return real(item_id, *args, **kwargs)

    monkeypatch.setattr(stock, "_adjust", second_fails)
    with pytest.raises(InventoryError, match="power cut"):
        counts.post_count(cid)

    assert len(calls) == 2
    assert _all_stock(shelf) == before
    assert Movement.select().count() == movements_before
    still = counts.count_detail(cid)
    assert still.summary.status is CountStatus.OPEN
    assert all(x.posted is None for x in still.lines)
    monkeypatch.undo()
    assert len(counts.post_count(cid).movements) == 2


def test_abandoning_changes_no_stock(shelf) -> None:
    detail = counts.start_count()
    counts.enter_count(_line(detail, "GLV-M").id, 0)
    counts.enter_count(_line(detail, "VAC-FLU", "F1").id, 2)
    before = _all_stock(shelf)
    movements_before = Movement.select().count()

    summary = counts.abandon_count(detail.summary.id)

    assert summary.status is CountStatus.ABANDONED and summary.closed_at is not None
    assert _all_stock(shelf) == before
    assert Movement.select().count() == movements_before
    assert _line(counts.count_detail(detail.summary.id), "GLV-M").counted == 0  # kept for the record
    with pytest.raises(InventoryError, match="abandoned"):
        counts.post_count(detail.summary.id)
    assert counts.list_counts("abandoned") == [summary]


def test_stock_used_during_the_count_is_neither_lost_nor_counted_twice(shelf) -> None:
    detail = counts.start_count(location_id=shelf["room"])
    now = utc_now()
    gloves = _line(detail, "GLV-M")
    # 12 expected. 2 boxes are used, then the shelf is counted (9: one box is missing),
    # then 4 more are used before the count is posted.
    stock.use(shelf["gloves"], 2, at=now + timedelta(seconds=1))
    counts.enter_count(gloves.id, 9, counted_at=now + timedelta(seconds=2))
    stock.use(shelf["gloves"], 4, at=now + timedelta(seconds=3))

    line = _line(counts.count_detail(detail.summary.id), "GLV-M")
    assert (line.expected, line.stock_when_counted, line.moved, line.difference) == (12, 10, -2, -1)

    posting = counts.post_count(detail.summary.id)

    assert [m.quantity for m in posting.movements] == [-1]
    assert catalog.item_detail(shelf["gloves"]).on_hand == 9 - 4
    assert len(posting.notes) == 1 and "GLV-M: stock changed by -2" in posting.notes[0]
    assert check_database().ok


def test_a_count_cannot_remove_more_than_is_left(shelf) -> None:
    detail = counts.start_count(location_id=shelf["room"])
    now = utc_now()
    counts.enter_count(_line(detail, "GZ-44").id, 10, counted_at=now)  # 30 missing
    stock.use(shelf["gauze"], 25, at=now + timedelta(seconds=1))  # only 15 left now

    posting = counts.post_count(detail.summary.id)

    assert [m.quantity for m in posting.movements] == [-15]
    assert catalog.item_detail(shelf["gauze"]).on_hand == 0
    assert "only 15 is on hand now" in posting.notes[0]
    assert _line(counts.count_detail(detail.summary.id), "GZ-44").posted == -15


def test_posting_a_count_of_lots_without_a_number(shelf) -> None:
    """Lots without a number are counted and posted by their expiry date, each its own line:
    a difference goes to that very lot, a lot found on the shelf is added by its date, and a
    lot a count empties after stock was taken from it is only emptied."""
    hepb = shelf["hepb"]
    stock.receive(hepb, 8, expires=days(60))
    stock.receive(hepb, 5, expires=days(90))
    stock.receive(hepb, 4, lot="HB1", expires=days(60))  # a numbered lot of the same date stays apart
    detail = counts.start_count(category_id=shelf["vaccines"])
    cid = detail.summary.id
    unnumbered = {
        x.expires_on: x for x in detail.lines if x.sku == "VAC-HEPB" and x.lot_id and not x.lot_number
    }
    assert sorted(unnumbered) == [days(60), days(90)]
    assert [x.lot_text for x in unnumbered.values()] == [
        f"no lot number (exp. {days(60)})",
        f"no lot number (exp. {days(90)})",
    ]
    now = utc_now()
    counts.enter_count(unnumbered[days(60)].id, 1, counted_at=now)  # 7 missing
    counts.enter_count(unnumbered[days(90)].id, 7, counted_at=now)  # 2 more than the ledger
    counts.enter_count(_line(detail, "VAC-HEPB", "HB1").id, 4, counted_at=now)
    with pytest.raises(ValidationError, match="expiry date"):
        counts.add_line(cid, hepb)
    found = counts.add_line(cid, hepb, expires=days(120), counted=3)
    assert (found.lot_number, found.expires_on, found.expected, found.difference) == ("", days(120), 0, 3)
    assert counts.add_line(cid, hepb, expires=days(120)).id == found.id
    stock.use(hepb, 3, expires=days(60), at=now + timedelta(seconds=1))  # only 5 left in that lot

    posting = counts.post_count(cid)

    moves = sorted((m.lot_number, m.expires_on, m.quantity) for m in posting.movements if m.item_id == hepb)
    assert moves == [("", days(60), -5), ("", days(90), 2), ("", days(120), 3)]
    assert posting.notes == [
        f"VAC-HEPB (no lot number, expires {days(60)}): the count removes 7 but only 5 is on hand "
        "now (taken since counting); removed 5."
    ]
    lots = {(x.lot_number, x.expires_on): x.quantity for x in stock_queries.lots(hepb, include_empty=True)}
    assert lots == {("", days(60)): 0, ("", days(90)): 7, ("", days(120)): 3, ("HB1", days(60)): 4}
    assert catalog.item_detail(hepb).on_hand == 14
    assert check_database().ok


# ---------------------------------------------------------------- B6: stock at any past time


def test_b6_stock_at_any_past_time_is_rebuilt_from_the_ledger(db) -> None:
    gloves = new_item("GLV-M")
    flu = new_item("VAC", tracks_expiry=True)
    day = date(2026, 1, 5)
    stock.receive(gloves.id, 20, at=at(day, 9))
    stock.use(gloves.id, 5, at=at(day, 11))
    used = stock.use(gloves.id, 3, at=at(day + timedelta(days=1), 9))[0]
    stock.adjust(gloves.id, -2, reason="count", at=at(day + timedelta(days=2), 9))
    stock.receive(flu.id, 4, lot="A", expires=date(2099, 1, 1), at=at(day, 9))
    stock.receive(flu.id, 6, lot="B", expires=date(2099, 2, 1), at=at(day, 10))
    stock.use(flu.id, 5, at=at(day, 12))  # FEFO: 4 from A, 1 from B

    assert stock_at(gloves.id, at(day, 8, 59)) == 0
    assert stock_at(gloves.id, at(day, 9)) == 20  # a movement at that very moment counts
    assert stock_at(gloves.id, at(day, 10, 59)) == 20
    assert stock_at(gloves.id, at(day, 11)) == 15
    assert stock_on(gloves.id, day) == 15
    assert stock_on(gloves.id, day + timedelta(days=1)) == 12
    assert stock_on(gloves.id, day + timedelta(days=2)) == 10
    # Aware times in any zone mean the same moment.
    aware = at(day, 11).replace(tzinfo=UTC).astimezone()
    assert stock_at(gloves.id, aware) == 15

    # A reversal made later changes the stock from its own time on, not the past.
    corrections.reverse(used.id)
    assert stock_on(gloves.id, day + timedelta(days=1)) == 12
    assert (
        stock_at(gloves.id, utc_now() + timedelta(seconds=5)) == 13 == catalog.item_detail(gloves.id).on_hand
    )

    a, b = ledger.find_lot(flu.id, "A"), ledger.find_lot(flu.id, "B")
    assert (stock_at(flu.id, at(day, 11), a.id), stock_at(flu.id, at(day, 11), b.id)) == (4, 6)
    assert (stock_at(flu.id, at(day, 12), a.id), stock_at(flu.id, at(day, 12), b.id)) == (0, 5)

    # The running balance of the history agrees with stock_at at every line.
    for row in stock_queries.history(gloves.id):
        assert stock_at(gloves.id, row.created_at) == row.balance


def test_b6_the_running_balance_matches_stock_at_after_a_count(shelf) -> None:
    detail = counts.start_count(location_id=shelf["room"])
    counts.enter_count(_line(detail, "GLV-M").id, 7)
    counts.post_count(detail.summary.id)
    for row in stock_queries.history(shelf["gloves"]):
        assert stock_at(shelf["gloves"], row.created_at) == row.balance
    assert stock_at(shelf["gloves"], datetime.now(UTC)) == 7


# ---------------------------------------------------------------- schema


def test_the_version_2_upgrade_creates_the_count_tables(tmp_path: Path) -> None:
    import sqlite3
    from contextlib import closing

    from tests.db.test_schema import V1_SCHEMA

    path = tmp_path / "inventory.db"
    with closing(sqlite3.connect(path)) as conn:
        conn.executescript(V1_SCHEMA.read_text())
        conn.execute(
            "INSERT INTO item (id, sku, name, unit, purchase_unit, units_per_purchase_unit, supplier_sku, "
            "unit_cost, reorder_point, tracks_expiry, notes, active, on_hand) "
            "VALUES (1, 'GLV-M', 'Gloves', 'box', 'box', 1, '', 0, 2, 0, '', 1, 0)"
        )
        conn.commit()
    set_current_user("tester")
    db = open_database(path)
    try:
        tables = set(db.get_tables())
        assert {StockCount._meta.table_name, StockCountLine._meta.table_name} <= tables
        detail = counts.start_count()
        counts.enter_count(detail.lines[0].id, 4)
        assert [m.quantity for m in counts.post_count(detail.summary.id).movements] == [4]
        assert check_database().ok
    finally:
        close_database(db)
        set_current_user(None)


def test_b6_the_review_agrees_with_stock_rebuilt_from_the_ledger(shelf) -> None:
    """The review takes today's stock minus what was recorded since each line was counted;
    that must be what the ledger held at that moment, line by line."""
    detail = counts.start_count()
    now = utc_now()
    for n, line in enumerate(x for x in detail.lines if not x.needs_lot):
        counts.enter_count(line.id, 3, counted_at=now + timedelta(seconds=2 * n + 1))
    stock.use(shelf["gloves"], 1, at=now + timedelta(seconds=2))
    stock.use(shelf["flu"], 2, lot="F1", at=now + timedelta(seconds=6))
    stock.receive(shelf["gauze"], 5, at=now - timedelta(days=1))  # recorded late, dated before
    stock.receive(shelf["flu"], 4, lot="F1", expires=days(30), at=now + timedelta(minutes=5))
    review = counts.count_detail(detail.summary.id)
    checked = 0
    for line in review.lines:
        if line.counted_at is None:
            continue
        assert line.stock_when_counted == stock_at(line.item_id, line.counted_at, line.lot_id), line
        checked += 1
    assert checked == 4
