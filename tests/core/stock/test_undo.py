"""Undo of one's own stock action: staff may undo what they just recorded (all its movements
at once), not someone else's and not after the undo time; an administrator always may; each
undo is a reversal in the ledger and in the audit log. Both backends."""

from __future__ import annotations

from datetime import timedelta

import pytest
from peewee import Database

from inventory_app.core import corrections
from inventory_app.core.accounts import audit
from inventory_app.core.accounts import users as accounts
from inventory_app.core.accounts.audit import Action
from inventory_app.core.accounts.context import Actor, Role, set_current_actor
from inventory_app.core.stock import movements as stock
from inventory_app.core.stock import queries as stock_queries
from inventory_app.core.times import utc_now
from inventory_app.core.types import MovementKind
from inventory_app.errors import PermissionDenied
from tests.core.accounts.test_roles import ADMIN, STAFF, signed_in
from tests.core.helpers import days, new_item

OTHER = Actor("Olga Other", Role.STAFF)


@pytest.fixture
def office(db: Database) -> int:
    accounts.create_first_admin(ADMIN.name, "admin-password-1")
    with signed_in(ADMIN):
        accounts.add_user(STAFF.name, "staff-password-1", Role.STAFF)
        accounts.add_user(OTHER.name, "other-password-1", Role.STAFF)
        item = new_item("VAC-1", name="Flu vaccine", unit="syringe", tracks_expiry=True).id
        stock.receive(item, 3, lot="A", expires=days(30))
        stock.receive(item, 5, lot="B", expires=days(60))
    yield item
    set_current_actor(None)


def test_staff_undo_their_own_use_across_two_lots_at_once(office: int) -> None:
    with signed_in(STAFF):
        used = stock.use(office, 4)  # FEFO: 3 from A, 1 from B
        assert len(used) == 2
        undone = corrections.undo([m.id for m in used])
    assert sorted(m.quantity for m in undone) == [1, 3]
    assert all(m.kind is MovementKind.REVERSAL and m.user == STAFF.name for m in undone)
    assert {lot.lot_number: lot.quantity for lot in stock_queries.lots(office)} == {"A": 3, "B": 5}
    with signed_in(ADMIN):
        events = [e for e in audit.events(limit=10) if e.action == Action.REVERSE]
    assert len(events) == 2 and all(e.user == STAFF.name for e in events)


def test_staff_cannot_undo_what_someone_else_recorded(office: int) -> None:
    with signed_in(OTHER):
        used = stock.use(office, 1)
    with signed_in(STAFF), pytest.raises(PermissionDenied, match="Olga Other or an administrator"):
        corrections.undo([m.id for m in used])
    assert stock_queries.lots(office)[0].quantity == 2  # nothing changed
    with signed_in(ADMIN):
        corrections.undo([m.id for m in used])
    assert stock_queries.lots(office)[0].quantity == 3


def test_staff_cannot_undo_after_the_undo_time(office: int, monkeypatch: pytest.MonkeyPatch) -> None:
    with signed_in(STAFF):
        used = stock.use(office, 1)
        later = utc_now() + timedelta(minutes=corrections.UNDO_MINUTES + 1)
        monkeypatch.setattr(corrections, "utc_now", lambda: later)
        with pytest.raises(PermissionDenied, match="ask an administrator"):
            corrections.undo([m.id for m in used])
    assert stock_queries.lots(office)[0].quantity == 2


def test_an_action_is_undone_once(office: int) -> None:
    with signed_in(STAFF):
        used = stock.use(office, 1)
        corrections.undo([m.id for m in used])
        with pytest.raises(Exception, match="already been reversed"):
            corrections.undo([m.id for m in used])
    assert stock_queries.lots(office)[0].quantity == 3
