"""RELIABILITY B4: a double-click or a retried request has one effect (an operation key).

Each press of OK in a dialog carries a key stored in the same transaction as the
change. The same key again — a second click that got through, or a retry after an
unclear failure such as the connection dropping during COMMIT — is refused as
"already saved", and nothing is written twice. A unit that fails gives its key
back, so a real retry of a failed request goes through.
"""

from __future__ import annotations

import threading
import uuid

import pytest
from peewee import Database

from inventory_app.core.accounts import audit
from inventory_app.core.catalog import items as catalog
from inventory_app.core.stock import movements as stock
from inventory_app.core.types import ItemInput
from inventory_app.db.models import Movement, Operation
from inventory_app.db.transaction import operation
from inventory_app.errors import DuplicateOperation, InsufficientStock


def _item() -> int:
    return catalog.create_item(ItemInput(sku="GZ-44", name="Gauze 4x4")).id


def test_the_same_request_twice_is_saved_once(db: Database) -> None:
    item = _item()
    key = uuid.uuid4().hex
    with operation(key):
        stock.receive(item, 10)
    events = len(audit.events())
    with pytest.raises(DuplicateOperation, match="already saved"), operation(key):
        stock.receive(item, 10)
    assert catalog.item_detail(item).on_hand == 10
    assert Movement.select().count() == 1
    assert len(audit.events()) == events
    with operation(uuid.uuid4().hex):  # the next press of OK is a new request
        stock.receive(item, 1)
    assert catalog.item_detail(item).on_hand == 11


def test_a_refused_request_gives_its_key_back(db: Database) -> None:
    item = _item()
    key = uuid.uuid4().hex
    with pytest.raises(InsufficientStock), operation(key):
        stock.use(item, 3)
    assert Operation.select().count() == 0
    stock.receive(item, 5)
    with operation(key):  # the user fixed the problem and pressed OK again
        stock.use(item, 3)
    assert catalog.item_detail(item).on_hand == 2


def test_two_workstations_sending_the_same_request_at_once_save_it_once(db: Database) -> None:
    item = _item()
    key = uuid.uuid4().hex
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def send() -> None:
        barrier.wait()
        try:
            with operation(key):
                stock.receive(item, 4)
            outcomes.append("saved")
        except DuplicateOperation:
            outcomes.append("duplicate")
        finally:
            db.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["duplicate", "saved"]
    assert catalog.item_detail(item).on_hand == 4
    assert Movement.select().count() == 1
