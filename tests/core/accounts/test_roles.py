"""Administrator actions are refused in the core for staff (RELIABILITY F5), on both backends.

Hidden buttons are not the guard: the services themselves refuse a staff account,
change nothing, and the same call works for an administrator. Staff keep the
daily work: stock actions, orders, counting, importing new items, editing items
and suppliers. A new office without accounts may do everything.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace

import pytest
from peewee import Database

from inventory_app.core import corrections
from inventory_app.core.accounts import audit
from inventory_app.core.accounts import users as accounts
from inventory_app.core.accounts.audit import Action
from inventory_app.core.accounts.context import Actor, Role, set_current_actor
from inventory_app.core.catalog import items as catalog
from inventory_app.core.importing.apply import apply_import, existing_items_changed
from inventory_app.core.importing.types import ImportPlan
from inventory_app.core.purchasing import orders as purchasing
from inventory_app.core.purchasing.types import LineReceipt
from inventory_app.core.settings import office_settings, save_office_settings
from inventory_app.core.shelf import counts
from inventory_app.core.stock import movements as stock
from inventory_app.core.types import ItemInput, SupplierInput
from inventory_app.db.connection import current_database
from inventory_app.errors import NotFound, PermissionDenied
from tests.core.helpers import new_item
from tests.core.importing.import_helpers import plan

ADMIN = Actor("Ada Admin", Role.ADMIN)
STAFF = Actor("Sam Staff", Role.STAFF)
TABLES = (
    "category",
    "location",
    "supplier",
    "item",
    "lot",
    "movement",
    "purchase_order",
    "purchase_order_line",
    "stock_count",
    "stock_count_line",
    "setting",
    "user_account",
    "audit_event",
)


def everything() -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, in order: what a refused action must leave as it was."""
    db = current_database()
    return {
        table: [
            tuple(row)
            for row in db.execute_sql(
                f'SELECT * FROM {table} ORDER BY "{"key" if table == "setting" else "id"}"'
            ).fetchall()
        ]
        for table in TABLES
    }


@contextmanager
def signed_in(actor: Actor | None) -> Iterator[None]:
    set_current_actor(actor)
    try:
        yield
    finally:
        set_current_actor(None)


@dataclass
class Office:
    gloves: int
    received: int  # a movement an administrator may reverse
    count_id: int  # an open count with a counted line
    update_plan: ImportPlan  # changes an existing item and adds a new one


def _stock_the_shelf() -> tuple[int, int, int]:
    room = catalog.save_location("Supply room").id
    gloves = new_item("GLV-M", name="Nitrile gloves, medium", unit="box", location_id=room).id
    (received,) = stock.receive(gloves, 10)
    count = counts.start_count(location_id=room)
    counts.enter_counts(count.summary.id, {count.lines[0].id: 7})
    return gloves, received.id, count.summary.id


def _update_plan() -> ImportPlan:
    return plan(("SKU", "Name", "Qty"), ("GLV-M", "Gloves, medium", 12), ("NEW-1", "Face shields", 5))


@pytest.fixture
def office(db: Database) -> Iterator[Office]:
    """An office with an administrator and a staff account, some stock and an open count."""
    accounts.create_first_admin(ADMIN.name, "admin-password-1")
    with signed_in(ADMIN):
        accounts.add_user(STAFF.name, "staff-password-1", Role.STAFF)
        gloves, received, count_id = _stock_the_shelf()
        update = _update_plan()
    try:
        yield Office(gloves, received, count_id, update)
    finally:
        set_current_actor(None)


ADMIN_ACTIONS: dict[str, tuple[str, Callable[[Office], object]]] = {
    "reverse": ("reverse a stock movement", lambda o: corrections.reverse(o.received)),
    "post count": ("post a count", lambda o: counts.post_count(o.count_id)),
    "import updates": (
        "import supplies.xlsx: it changes 1 existing item, and staff may import new items only",
        lambda o: apply_import(o.update_plan),
    ),
    "settings": (
        "change the settings",
        lambda o: save_office_settings(replace(office_settings(), idle_lock_minutes=3)),
    ),
    "add user": ("add users", lambda o: accounts.add_user("Eve Extra", "password-123", Role.STAFF)),
    "role": ("change roles", lambda o: accounts.set_role(STAFF.name, Role.ADMIN)),
    "disable": ("disable or enable users", lambda o: accounts.set_active(STAFF.name, False)),
    "reset password": ("reset passwords", lambda o: accounts.reset_password(STAFF.name, "other-pass-1")),
}


@pytest.mark.parametrize("name", list(ADMIN_ACTIONS))
def test_f5_staff_is_refused_in_the_core_and_nothing_changes(office: Office, name: str) -> None:
    rule, action = ADMIN_ACTIONS[name]
    before = everything()
    with signed_in(STAFF), pytest.raises(PermissionDenied) as refused:
        action(office)
    assert str(refused.value) == f"Only an administrator can {rule}. You are signed in as Sam Staff (staff)."
    assert everything() == before

    # Nobody signed in, while the office has accounts: refused too.
    with pytest.raises(PermissionDenied, match="Sign in as an administrator first"):
        action(office)
    assert everything() == before

    # The same call as an administrator works, and is logged under the administrator's name.
    with signed_in(ADMIN):
        action(office)
    assert everything() != before
    assert audit.events(limit=1)[0].user == ADMIN.name


def test_f5_staff_keeps_the_daily_work(office: Office) -> None:
    with signed_in(STAFF):
        gauze = new_item("GZ-44", name="Gauze", unit="pack").id
        catalog.update_item(gauze, ItemInput(sku="GZ-44", name="Gauze 4x4", unit="pack", reorder_point=3))
        supplier = catalog.save_supplier(SupplierInput(name="Northgate", lead_time_days=3)).id
        catalog.save_supplier(SupplierInput(name="Northgate", lead_time_days=4), supplier)
        catalog.update_item(
            office.gloves,
            ItemInput(sku="GLV-M", name="Nitrile gloves, medium", unit="box", supplier_id=supplier),
        )
        stock.receive(gauze, 6)
        stock.use(office.gloves, 2)
        stock.adjust(gauze, -1, reason="correction")
        stock.dispose(gauze, 1, reason="damaged")
        order = purchasing.create_drafts([(office.gloves, 1)])[0]
        purchasing.mark_ordered(order.id)
        line = purchasing.order_detail(order.id).lines[0]
        purchasing.receive(order.id, [LineReceipt(line.id, 1)])
        counts.enter_counts(office.count_id, {counts.count_detail(office.count_id).lines[0].id: 8})
        counts.abandon_count(office.count_id)
        other = counts.start_count()
        counts.enter_counts(other.summary.id, {other.lines[0].id: 1})
        result = apply_import(plan(("SKU", "Name", "Qty"), ("NEW-2", "Face masks", 20), file_name="new.csv"))
    assert result.created == 1 and result.updated == 0
    assert catalog.item_detail(office.gloves).on_hand == 9
    assert catalog.item_detail(gauze).on_hand == 4
    mine = [e for e in audit.events() if e.user == STAFF.name]
    assert {e.action for e in mine} >= {
        Action.ITEM,
        Action.SUPPLIER,
        Action.RECEIVE,
        Action.USE,
        Action.ADJUST,
        Action.DISPOSE,
        Action.ORDER,
        Action.ORDER_RECEIVE,
        Action.COUNT,
        Action.IMPORT,
    }


def test_f5_an_import_with_new_and_changed_items_is_refused_whole_for_staff(office: Office) -> None:
    # The preview can tell beforehand whether an import needs an administrator.
    assert existing_items_changed(office.update_plan) == 1
    assert existing_items_changed(plan(("SKU", "Name"), ("NEW-3", "Gowns"))) == 0
    before = everything()
    with signed_in(STAFF), pytest.raises(PermissionDenied, match="staff may import new items only"):
        apply_import(office.update_plan)
    assert everything() == before
    with pytest.raises(NotFound):
        catalog.item_id_for("NEW-1")


def test_a_new_office_without_accounts_may_do_everything(db: Database) -> None:
    assert not accounts.has_accounts()
    gloves, received, count_id = _stock_the_shelf()
    corrections.reverse(received)
    stock.receive(gloves, 10)
    counts.post_count(count_id)
    result = apply_import(_update_plan())
    save_office_settings(replace(office_settings(), idle_lock_minutes=3))
    assert (result.created, result.updated) == (1, 1)
    assert catalog.item_detail(gloves).on_hand == 12
    assert office_settings().idle_lock_minutes == 3
    assert {e.action for e in audit.events()} >= {
        Action.REVERSE,
        Action.COUNT,
        Action.IMPORT,
        Action.SETTINGS,
    }
