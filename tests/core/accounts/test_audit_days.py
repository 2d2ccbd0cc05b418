"""The audit log's day filters: `audit.events` takes UTC days, `audit_query` the office's local days;
both are inclusive at each end and read through the same query."""

from __future__ import annotations

from datetime import date, timedelta

from peewee import Database

from inventory_app.core.accounts import audit, audit_query
from inventory_app.core.accounts.audit import Action
from inventory_app.core.accounts.audit_query import AuditFilter
from inventory_app.core.times import local_day


def test_day_filters_keep_the_day_of_the_event_and_drop_the_days_around_it(db: Database) -> None:
    audit.record_now(Action.EXPORT, "stock.xlsx", "3 rows", user="Ada")
    audit.record_now(Action.LOCK, "Sam", "locked", user="Sam")
    newest = audit.events(limit=1)[0]
    utc_day: date = newest.at.date()
    one = timedelta(days=1)

    assert [e.user for e in audit.events(start=utc_day, end=utc_day)] == ["Sam", "Ada"]
    assert audit.events(start=utc_day + one) == []
    assert audit.events(end=utc_day - one) == []
    assert [e.action for e in audit.events(user="Ada", action=Action.EXPORT, start=utc_day)] == [
        Action.EXPORT
    ]
    assert audit.events(user="Ada", action=Action.LOCK) == []

    day = local_day(newest.at)
    shown = audit_query.find(AuditFilter(start=day, end=day))
    assert [(e.user, e.object) for e in shown] == [("Sam", "Sam"), ("Ada", "stock.xlsx")]
    assert shown[0] == newest
    assert audit_query.find(AuditFilter(start=day + one)) == []
    assert audit_query.count(AuditFilter(end=day - one)) == 0
    assert audit_query.count(AuditFilter(user="Sam", action=Action.LOCK, start=day, end=day)) == 1
