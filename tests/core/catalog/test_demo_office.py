"""The demo clinic names itself on its order forms, but never over details the office typed."""

from __future__ import annotations

from dataclasses import replace

from peewee import Database

from inventory_app.core.accounts import audit
from inventory_app.core.accounts.audit import Action
from inventory_app.core.settings import office_settings, save_office_settings
from inventory_app.documents.demo_catalog import load_bundled_demo


def test_the_demo_gives_an_office_without_details_the_demo_clinics(sqlite_db: Database) -> None:
    load_bundled_demo()
    office = office_settings()
    assert office.office_name == "Willamette Family Practice"
    assert office.address.splitlines() == ["2150 NE Alberta St, Suite 200", "Portland, OR 97211"]
    assert office.phone == "(503) 555-0110"
    assert office.email == "supplies@willamettefamily.example.com"
    (event,) = audit.events(action=Action.DEMO)
    assert "office details" in event.detail


def test_the_demo_keeps_details_the_office_typed(sqlite_db: Database) -> None:
    save_office_settings(replace(office_settings(), office_name="Riverside Family Clinic"))
    load_bundled_demo()
    office = office_settings()
    # Only the name was typed: the made-up address, phone and e-mail are not mixed in with it.
    assert (office.office_name, office.address, office.phone, office.email) == (
        "Riverside Family Clinic",
        "",
        "",
        "",
    )
    (event,) = audit.events(action=Action.DEMO)
    assert "office details" not in event.detail
