"""Reading the audit log is an administrator's action, refused in the core for staff (F5)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from peewee import Database

from inventory_app.core.accounts import audit, audit_query
from inventory_app.core.accounts import users as accounts
from inventory_app.core.accounts.audit_query import AuditFilter
from inventory_app.core.accounts.context import Actor, Role, set_current_actor
from inventory_app.errors import PermissionDenied


@pytest.fixture
def office(db: Database) -> Iterator[None]:
    admin = accounts.create_first_admin("Ada", "admin-password")
    set_current_actor(admin)
    accounts.add_user("Sam", "staff-password", Role.STAFF)
    try:
        yield
    finally:
        set_current_actor(None)


def test_staff_cannot_read_the_audit_log(office: None) -> None:
    set_current_actor(Actor("Sam", Role.STAFF))
    for read in (
        lambda: audit_query.find(AuditFilter()),
        lambda: audit_query.count(AuditFilter()),
        audit.users_in_log,
    ):
        with pytest.raises(PermissionDenied, match="Only an administrator can see the audit log"):
            read()


def test_nobody_signed_in_cannot_read_it_once_accounts_exist(office: None) -> None:
    set_current_actor(None)
    with pytest.raises(PermissionDenied, match="Sign in as an administrator"):
        audit_query.find(AuditFilter())


def test_the_administrator_reads_it(office: None) -> None:
    rows = audit_query.find(AuditFilter(user="Ada"))
    assert [r.detail for r in rows][-1] == "first administrator created"
    assert audit_query.count(AuditFilter()) == 2
    assert audit.users_in_log() == ["Ada"]
