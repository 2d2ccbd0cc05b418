"""The audit trail of the core services (RELIABILITY F4 and B3 for audit rows), on both backends.

Every service that changes something leaves exactly one audit event, written in
the same transaction as the change: who (the signed-in name), when (the database
server's clock), the action, the object in words and a short detail. A refused
action leaves no event, an event that cannot be written leaves no change, and
audit rows cannot be updated or deleted, not even with SQL through the connection.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from peewee import Database, DatabaseError, SqliteDatabase

from inventory_app.core import corrections
from inventory_app.core.accounts import audit
from inventory_app.core.accounts.audit import Action, AuditRow
from inventory_app.core.accounts.context import Actor, Role, set_current_actor
from inventory_app.core.catalog import items as catalog
from inventory_app.core.catalog.demo import WEEKS_OF_HISTORY, load_demo
from inventory_app.core.importing.apply import apply_import
from inventory_app.core.purchasing import orders as purchasing
from inventory_app.core.purchasing.types import LineReceipt
from inventory_app.core.shelf import counts, expiry
from inventory_app.core.stock import movements as stock
from inventory_app.core.types import ItemInput, SupplierInput
from inventory_app.db import ledger
from inventory_app.db.models import SERVER_NOW_POSTGRES, SERVER_NOW_SQLITE, AuditEvent, Movement
from inventory_app.errors import InsufficientStock, InventoryError, ValidationError
from tests.core.helpers import days, new_item
from tests.core.importing.import_helpers import HEADER, plan

GLOVES = "GLV-M Nitrile gloves, medium"


def _server_now(db: Database) -> datetime:
    now = SERVER_NOW_SQLITE if isinstance(db, SqliteDatabase) else SERVER_NOW_POSTGRES
    value = db.execute_sql(f"SELECT {now}").fetchone()[0]
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


class Trail:
    """The events written since the last look, oldest first, with the server's clock around them."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.mark = max((e.id for e in audit.events(limit=1)), default=0)
        self.since = _server_now(db)

    def new(self) -> list[AuditRow]:
        rows = sorted((e for e in audit.events() if e.id > self.mark), key=lambda e: e.id)
        until = _server_now(self.db)
        for row in rows:
            assert self.since <= row.at <= until, (row, self.since, until)
        if rows:
            self.mark = rows[-1].id
        self.since = until
        return rows

    def one(self, action: str, obj: str, detail: str, user: str = "tester") -> AuditRow:
        rows = self.new()
        assert [(r.user, r.action, r.object, r.detail) for r in rows] == [(user, action, obj, detail)]
        return rows[0]

    def none(self) -> None:
        assert self.new() == []


@pytest.fixture
def trail(db: Database) -> Trail:
    return Trail(db)


def _gloves() -> int:
    return new_item("GLV-M", name="Nitrile gloves, medium", unit="box").id


# ---------------------------------------------------------------- stock


def test_each_stock_action_leaves_one_event(db: Database, trail: Trail) -> None:
    gloves = _gloves()
    trail.one(Action.ITEM, GLOVES, "created")

    stock.receive(gloves, 10)
    trail.one(Action.RECEIVE, GLOVES, "received 10 boxes")
    (used,) = stock.use(gloves, 5)
    trail.one(Action.USE, GLOVES, "used 5 boxes")
    stock.adjust(gloves, 3, reason="found")
    trail.one(Action.ADJUST, GLOVES, "adjusted +3 boxes (found)")
    stock.adjust(gloves, -2, reason="correction")
    trail.one(Action.ADJUST, GLOVES, "adjusted -2 boxes (correction)")
    stock.adjust_to(gloves, 4)
    trail.one(Action.ADJUST, GLOVES, "set to 4 boxes (was 6): adjusted -2 boxes (count)")
    assert stock.adjust_to(gloves, 4) == []  # nothing to change, nothing logged
    trail.none()
    stock.dispose(gloves, 1, reason="damaged")
    trail.one(Action.DISPOSE, GLOVES, "disposed of 1 box (damaged)")
    corrections.reverse(used.id)
    trail.one(Action.REVERSE, GLOVES, f"reversed movement #{used.id} (use -5): +5 boxes")
    stock.receive(gloves, 2, at=datetime(2026, 1, 5, 9, 30))
    trail.one(Action.RECEIVE, GLOVES, "received 2 boxes; dated 2026-01-05 09:30")
    assert catalog.item_detail(gloves).on_hand == 10


def test_stock_events_name_the_lots(db: Database, trail: Trail) -> None:
    flu = new_item("VAC-FLU", name="Flu vaccine", unit="vial", tracks_expiry=True).id
    trail.new()
    first, later = days(20), days(200)
    stock.receive(flu, 4, lot="L123", expires=first)
    trail.one(Action.RECEIVE, "VAC-FLU Flu vaccine", f"received 4 vials into lot L123, expires {first}")
    stock.receive(flu, 3, lot="L200", expires=later)
    trail.new()
    stock.use(flu, 5)  # first expired first: all of L123, then one of L200
    trail.one(Action.USE, "VAC-FLU Flu vaccine", "used 5 vials from lots L123 (4), L200 (1)")
    stock.use(flu, 1, lot="L200")
    trail.one(Action.USE, "VAC-FLU Flu vaccine", "used 1 vial from lot L200")
    stock.dispose(flu, 1, reason="recalled", lot="L200")
    trail.one(Action.DISPOSE, "VAC-FLU Flu vaccine", "disposed of 1 vial (recalled) from lot L200")


def test_the_signed_in_name_is_written_on_the_event(db: Database, trail: Trail) -> None:
    gloves = _gloves()
    trail.new()
    set_current_actor(Actor("Maria Lopez", Role.STAFF))
    try:
        stock.receive(gloves, 1)
    finally:
        set_current_actor(None)
    event = trail.one(Action.RECEIVE, GLOVES, "received 1 box", user="Maria Lopez")
    assert event.action_label == "Received stock"
    assert Movement.get(Movement.item == gloves).user == "Maria Lopez"


def test_a_refused_action_leaves_no_event(db: Database, trail: Trail) -> None:
    gloves = _gloves()
    (received,) = stock.receive(gloves, 3)
    corrections.reverse(received.id)
    stock.receive(gloves, 3)
    trail.new()

    with pytest.raises(InsufficientStock):
        stock.use(gloves, 4)
    with pytest.raises(InsufficientStock):
        stock.dispose(gloves, 9, reason="damaged")
    with pytest.raises(ValidationError):
        stock.adjust(gloves, 0, reason="count")
    with pytest.raises(InventoryError, match="already been reversed"):
        corrections.reverse(received.id)
    with pytest.raises(ValidationError):
        catalog.create_item(ItemInput(sku="GLV-M", name="Another"))
    trail.none()
    assert catalog.item_detail(gloves).on_hand == 3


def test_a_step_failing_after_the_event_takes_the_event_back_with_it(
    db: Database, trail: Trail, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Receiving an order writes its event last; a line refused after earlier lines were
    booked rolls back the movements, the line totals and the event together."""
    supplier = catalog.save_supplier(SupplierInput(name="Northgate", lead_time_days=3)).id
    plain = new_item("GLV-M", name="Nitrile gloves, medium", unit="box", supplier_id=supplier).id
    tracked = new_item("VAC-FLU", name="Flu vaccine", tracks_expiry=True, supplier_id=supplier).id
    order = purchasing.create_drafts([(plain, 2), (tracked, 1)])[0]
    purchasing.mark_ordered(order.id)
    lines = purchasing.order_detail(order.id).lines
    movements_before = Movement.select().count()
    trail.new()
    with pytest.raises(ValidationError, match="lot"):
        purchasing.receive(order.id, [LineReceipt(line.id, 1) for line in lines])  # no lot for the vaccine
    trail.none()
    assert Movement.select().count() == movements_before

    # And the other way round: an event that cannot be written leaves no change.
    def broken(*args: object) -> int:
        raise DatabaseError("audit table unavailable")

    monkeypatch.setattr(ledger, "insert_audit_event", broken)
    with pytest.raises(DatabaseError):
        stock.receive(plain, 5)
    monkeypatch.undo()
    assert catalog.item_detail(plain).on_hand == 0
    assert Movement.select().count() == movements_before
    trail.none()


# ---------------------------------------------------------------- catalog


def test_item_changes_leave_one_event_each(db: Database, trail: Trail) -> None:
    gloves = _gloves()
    trail.one(Action.ITEM, GLOVES, "created")
    data = ItemInput(sku="GLV-M", name="Nitrile gloves, medium", unit="box")
    catalog.update_item(gloves, data)  # nothing changed: nothing logged
    trail.none()
    catalog.update_item(
        gloves,
        ItemInput(
            sku="GLV-M",
            name="Nitrile gloves, medium",
            unit="box",
            reorder_point=5,
            notes="Keep two boxes in room 3",
        ),
    )
    trail.one(Action.ITEM, GLOVES, "changed Reorder point 0 → 5, Notes")
    catalog.update_item(gloves, ItemInput(sku="GLV-M2", name="Gloves M", unit="box", reorder_point=5))
    trail.one(
        Action.ITEM,
        "GLV-M2 Gloves M",
        "changed SKU GLV-M → GLV-M2, Name Nitrile gloves, medium → Gloves M, Notes",
    )
    catalog.archive_item(gloves)
    trail.one(Action.ITEM, "GLV-M2 Gloves M", "archived")
    catalog.archive_item(gloves)  # already archived
    trail.none()
    catalog.restore_item(gloves)
    trail.one(Action.ITEM, "GLV-M2 Gloves M", "restored")

    spare = new_item("SPARE", name="Never stocked").id
    trail.new()
    catalog.delete_item(spare)
    trail.one(Action.ITEM, "SPARE Never stocked", "deleted (it had no stock history)")
    stock.receive(gloves, 1)
    trail.new()
    with pytest.raises(InventoryError, match="archive it instead"):
        catalog.delete_item(gloves)
    trail.none()


def test_supplier_category_and_location_changes(db: Database, trail: Trail) -> None:
    northgate = catalog.save_supplier(SupplierInput(name="Northgate", lead_time_days=7)).id
    trail.one(Action.SUPPLIER, "Northgate", "created")
    catalog.save_supplier(
        SupplierInput(name="Northgate Medical", lead_time_days=3, notes="Ask for Jo"), northgate
    )
    trail.one(
        Action.SUPPLIER,
        "Northgate Medical",
        "changed Name Northgate → Northgate Medical, Lead time 7 → 3, Notes",
    )
    catalog.save_supplier(
        SupplierInput(name="Northgate Medical", lead_time_days=3, notes="Ask for Jo"), northgate
    )
    trail.none()
    catalog.set_supplier_active(northgate, False)
    trail.one(Action.SUPPLIER, "Northgate Medical", "archived")
    catalog.set_supplier_active(northgate, True)
    trail.one(Action.SUPPLIER, "Northgate Medical", "restored")

    gloves = catalog.save_category("Gloves").id
    trail.one(Action.CATEGORY, "Gloves", "created")
    catalog.save_category("Exam gloves", gloves, expiry_warning_days=30)
    trail.one(Action.CATEGORY, "Exam gloves", "changed Name Gloves → Exam gloves, Expiry warning empty → 30")
    catalog.set_category_active(gloves, False)
    trail.one(Action.CATEGORY, "Exam gloves", "archived")

    room = catalog.save_location("Supply room").id
    trail.one(Action.LOCATION, "Supply room", "created")
    catalog.save_location("Supply room 2", room)
    trail.one(Action.LOCATION, "Supply room 2", "changed Name Supply room → Supply room 2")
    catalog.set_location_active(room, False)
    trail.one(Action.LOCATION, "Supply room 2", "archived")
    with pytest.raises(ValidationError):
        catalog.save_location("supply ROOM 2")
    trail.none()


# ---------------------------------------------------------------- purchase orders


def test_purchase_order_changes(db: Database, trail: Trail) -> None:
    supplier = catalog.save_supplier(SupplierInput(name="Northgate", lead_time_days=7)).id
    gloves = new_item("GLV-M", name="Nitrile gloves, medium", unit="box", supplier_id=supplier).id
    gauze = new_item("GZ-44", name="Gauze", unit="pack", unit_cost="1.50", supplier_id=supplier).id
    trail.new()

    order = purchasing.create_drafts([(gloves, 2)])[0]
    po = order.number
    trail.one(Action.ORDER, po, "draft created for Northgate: line 1 GLV-M × 2 box")
    purchasing.add_line(order.id, gauze, 3)
    trail.one(Action.ORDER, po, "added line 2 GZ-44 × 3 pack at 1.50")
    purchasing.add_line(order.id, gauze, 1, "1.40")
    trail.one(Action.ORDER, po, "line 2 GZ-44: quantity 3 → 4, unit cost 1.50 → 1.40")
    line = purchasing.order_detail(order.id).lines[1]
    purchasing.update_line(line.id, 5, "1.25")
    trail.one(Action.ORDER, po, "line 2 GZ-44: quantity 4 → 5, unit cost 1.40 → 1.25")
    purchasing.update_line(line.id, 5, "1.25")
    trail.none()
    purchasing.remove_line(line.id)
    trail.one(Action.ORDER, po, "removed line 2 GZ-44 × 5 pack")
    purchasing.set_notes(order.id, "Call before delivery")
    trail.one(Action.ORDER, po, "notes: Call before delivery")
    sent = date(2026, 11, 27)
    purchasing.mark_ordered(order.id, sent)
    trail.one(Action.ORDER, po, f"ordered on {sent}; expected {sent + timedelta(days=7)}")

    first = purchasing.order_detail(order.id).lines[0]
    with pytest.raises(purchasing.OverReceipt):
        purchasing.receive(order.id, [LineReceipt(first.id, 3)])
    trail.none()
    (receipt,) = purchasing.receive(order.id, [LineReceipt(first.id, 1)])
    trail.one(Action.ORDER_RECEIVE, po, "received line 1 GLV-M × 1 box; now partial")
    assert catalog.item_detail(gloves).on_hand == 1
    corrections.reverse(receipt.id)
    trail.one(
        Action.REVERSE, GLOVES, f"reversed movement #{receipt.id} (receive +1): -1 box; taken off {po} line 1"
    )
    assert purchasing.order_detail(order.id).status.value == "ordered"

    empty = purchasing.create_order(supplier)
    trail.one(Action.ORDER, empty.number, "empty draft created for Northgate")
    purchasing.cancel(empty.id)
    trail.one(Action.ORDER, empty.number, "cancelled (was draft)")


def test_drafts_for_two_suppliers_leave_one_event_per_order(db: Database, trail: Trail) -> None:
    a = catalog.save_supplier(SupplierInput(name="Alpha", lead_time_days=2)).id
    b = catalog.save_supplier(SupplierInput(name="Beta", lead_time_days=2)).id
    x = new_item("X", name="Ex", unit="box", supplier_id=a).id
    y = new_item("Y", name="Why", unit="box", supplier_id=b).id
    trail.new()
    orders = purchasing.create_drafts([(x, 1), (y, 4)])
    assert [(e.object, e.detail) for e in trail.new()] == [
        (orders[0].number, "draft created for Alpha: line 1 X × 1 box"),
        (orders[1].number, "draft created for Beta: line 1 Y × 4 box"),
    ]


# ---------------------------------------------------------------- counts and expiry


def test_count_start_post_and_abandon(db: Database, trail: Trail) -> None:
    room = catalog.save_location("Supply room").id
    gloves = new_item("GLV-M", name="Nitrile gloves, medium", unit="box", location_id=room).id
    gauze = new_item("GZ-44", name="Gauze", location_id=room).id
    stock.receive(gloves, 10)
    trail.new()

    detail = counts.start_count(location_id=room)
    number = detail.summary.id
    trail.one(Action.COUNT, f"count #{number} Location: Supply room", "started: 2 lines")
    line = next(x for x in detail.lines if x.item_id == gloves)
    counts.enter_counts(number, {line.id: 7})  # entering counts is not logged: the line keeps who and when
    trail.none()
    counts.post_count(number)
    trail.one(
        Action.COUNT, f"count #{number} Location: Supply room", "posted: 1 difference, 1 line not counted"
    )
    assert catalog.item_detail(gloves).on_hand == 7
    assert catalog.item_detail(gauze).on_hand == 0

    again = counts.start_count()
    trail.new()
    counts.abandon_count(again.summary.id)
    trail.one(Action.COUNT, f"count #{again.summary.id} All items", "abandoned; no stock changed")
    with pytest.raises(InventoryError):
        counts.post_count(again.summary.id)
    trail.none()


def test_disposing_of_expired_lots_is_one_event_per_call(db: Database, trail: Trail) -> None:
    a = new_item("A", name="Saline", unit="vial", tracks_expiry=True).id
    b = new_item("B", name="Lidocaine", unit="vial", tracks_expiry=True).id
    stock.receive(a, 2, lot="A1", expires=days(-1))
    stock.receive(a, 3, lot="A2", expires=days(-3))
    stock.receive(b, 4, lot="B1", expires=days(-5))
    stock.receive(b, 1, lot="B2", expires=days(10))
    trail.new()

    a2 = next(x.lot_id for x in expiry.expiring_lots(include_expired=True) if x.lot_number == "A2")
    expiry.dispose_expired_lot(a2)
    trail.one(Action.DISPOSE, "A Saline", "disposed of 3 vials (expired) from lot A2")
    expiry.dispose_expired()
    trail.one(Action.DISPOSE, "2 expired lots", "disposed of (expired): A lot A1 (2 vial), B lot B1 (4 vial)")
    with pytest.raises(InventoryError, match="not expired"):
        b2 = next(x.lot_id for x in expiry.expiring_lots() if x.lot_number == "B2")
        expiry.dispose_expired([b2])
    trail.none()


# ---------------------------------------------------------------- import and demo


def test_an_import_is_one_event_with_the_file_and_counts(db: Database, trail: Trail) -> None:
    rows = [
        HEADER,
        ("GLV-M", "Gloves M", 12, 4, 20, "Northgate", "64.50", "box", "Gloves", "Room A"),
        ("TAPE", "Paper tape", 0, 2, 6, "Northgate", None, "roll", "Wound care", None),
    ]
    apply_import(plan(*rows, file_name="catalog.xlsx"))
    trail.one(
        Action.IMPORT,
        "catalog.xlsx",
        "2 new, 0 updated, 1 stock line; 2 new categories, 1 new location, 1 new supplier",
    )
    changed = plan(
        ("SKU", "Name", "Qty"),
        ("GLV-M", "Gloves, medium", 10),
        ("TAPE", "Paper tape", 0),
        file_name="counts.csv",
    )
    apply_import(changed)
    trail.one(Action.IMPORT, "counts.csv", "0 new, 1 updated, 1 stock line")
    # The same file again changes nothing and logs nothing.
    apply_import(plan(("SKU", "Name", "Qty"), ("GLV-M", "Gloves, medium", 10), file_name="counts.csv"))
    trail.none()


def test_loading_demo_data_is_one_event(db: Database, trail: Trail) -> None:
    suppliers = [{"name": "Northgate", "lead_time_days": "3"}]
    items = [
        {
            "sku": "GLV-M",
            "name": "Gloves",
            "unit": "box",
            "supplier": "Northgate",
            "reorder_point": "4",
            "par_level": "20",
            "units_per_purchase_unit": "1",
            "unit_cost": "6.50",
            "category": "Gloves",
            "start_on_hand": "9",
            "weekly_use": "3",
        },
        {
            "sku": "VAC-FLU",
            "name": "Flu vaccine",
            "unit": "vial",
            "tracks_expiry": "yes",
            "reorder_point": "2",
            "par_level": "10",
            "unit_cost": "12",
            "location": "Fridge",
            "start_on_hand": "4",
            "weekly_use": "1",
        },
    ]
    summary = load_demo(suppliers, items, seed=3)
    assert summary.movements > 0
    trail.one(
        Action.DEMO,
        "demo data",
        f"2 items, 1 supplier, {summary.movements:,} movements over {WEEKS_OF_HISTORY} weeks",
    )


# ---------------------------------------------------------------- append-only


def test_audit_rows_cannot_be_changed_or_deleted(db: Database, trail: Trail) -> None:
    """B3 for the audit log: the database itself refuses UPDATE and DELETE on both backends."""
    gloves = _gloves()
    stock.receive(gloves, 3)
    before = [tuple(r) for r in db.execute_sql("SELECT * FROM audit_event ORDER BY id").fetchall()]
    assert len(before) == 2
    for sql in (
        "UPDATE audit_event SET detail = 'nothing happened' WHERE id = {id}",
        "UPDATE audit_event SET \"user\" = 'someone else'",
        "DELETE FROM audit_event WHERE id = {id}",
        "DELETE FROM audit_event",
    ):
        with pytest.raises(DatabaseError, match="cannot be (changed|deleted)"), db.atomic():
            db.execute_sql(sql.format(id=before[-1][0]))
    with pytest.raises(DatabaseError), db.atomic():
        AuditEvent.delete().execute()
    after = [tuple(r) for r in db.execute_sql("SELECT * FROM audit_event ORDER BY id").fetchall()]
    assert after == before
    # Appending still works.
    stock.use(gloves, 1)
    trail.new()
    assert len(db.execute_sql("SELECT id FROM audit_event").fetchall()) == 3
