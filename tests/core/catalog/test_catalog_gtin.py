"""Finding an item by the GTIN in a GS1 scan, and attaching a scanned GTIN to an item (both backends)."""

from __future__ import annotations

import pytest

from inventory_app.core.accounts import audit
from inventory_app.core.accounts.audit import Action
from inventory_app.core.catalog import items as catalog
from inventory_app.core.types import ItemInput
from inventory_app.errors import NotFound, ValidationError
from tests.core.helpers import new_item

GS = "\x1d"
GTIN = "00312345678906"
SCAN = f"]d201{GTIN}17270630" + f"10AB12C{GS}21SN1"


@pytest.mark.parametrize("stored", [GTIN, "0312345678906", "312345678906"])
def test_a_gs1_scan_finds_the_item_whose_barcode_is_its_gtin_in_any_form(db, stored):
    new_item("OTHER", barcode="4006381333931")
    item = new_item("VAX-FLU", barcode=stored, tracks_expiry=True)
    assert catalog.item_id_for(SCAN) == item.id
    assert catalog.item_id_for(f"(01){GTIN}(17)270630(10)AB12C") == item.id
    assert catalog.item_id_for(f"01{GTIN}10AB12C{GS}17270630") == item.id
    # The plain GTIN in another length finds it too (the linear barcode on the same box).
    assert catalog.item_id_for("312345678906") == item.id
    assert catalog.item_id_for(GTIN) == item.id


def test_sku_and_exact_barcode_come_first(db):
    exact = new_item("EXACT", barcode=f"01{GTIN}")  # an office that stored the whole element string
    other = new_item("VAX", barcode=GTIN)
    assert catalog.item_id_for(f"01{GTIN}") == exact.id
    assert catalog.item_id_for(f"]d201{GTIN}") == other.id


def test_an_archived_item_is_still_found(db):
    old = new_item("OLD", barcode="312345678906")
    catalog.archive_item(old.id)
    assert catalog.item_id_for(SCAN) == old.id


def test_an_unknown_gtin_says_so(db):
    new_item("GLV-M", barcode="0123456789")
    with pytest.raises(NotFound) as missing:
        catalog.item_id_for(SCAN)
    assert GTIN in str(missing.value)
    with pytest.raises(NotFound) as no_gtin:
        catalog.item_id_for("]C117270630" + "10AB12C")
    assert "GTIN" in str(no_gtin.value)
    with pytest.raises(NotFound) as plain:
        catalog.item_id_for("nothing")
    assert "nothing" in str(plain.value)


def test_a_bad_check_digit_finds_nothing(db):
    new_item("VAX", barcode=GTIN)
    with pytest.raises(NotFound):
        catalog.item_id_for(f"01{GTIN[:-1]}7" + "10AB")
    with pytest.raises(NotFound):
        catalog.item_id_for("312345678907")


def test_attach_gtin_stores_the_gtin14_and_is_audited(db):
    item = new_item("VAX-FLU", name="Flu vaccine")
    mark = max((e.id for e in audit.events(limit=1)), default=0)
    detail = catalog.attach_gtin(item.id, "312345678906")
    assert detail.barcode == GTIN
    assert catalog.item_id_for(SCAN) == item.id
    events = [e for e in audit.events() if e.id > mark]
    assert [(e.action, e.object, e.detail) for e in events] == [
        (Action.ITEM, "VAX-FLU Flu vaccine", f"changed Barcode empty → {GTIN}")
    ]
    # Attaching it again, in any form, changes nothing and writes nothing.
    catalog.attach_gtin(item.id, GTIN)
    catalog.attach_gtin(item.id, "0312345678906")
    assert [e for e in audit.events() if e.id > events[0].id] == []


def test_attach_gtin_replaces_another_barcode_and_says_from_what(db):
    item = new_item("VAX-FLU", name="Flu vaccine", barcode="SHELF-17")
    catalog.attach_gtin(item.id, GTIN)
    assert catalog.item_detail(item.id).barcode == GTIN
    assert audit.events(limit=1)[0].detail == f"changed Barcode SHELF-17 → {GTIN}"


def test_attach_gtin_is_refused_when_another_item_has_it_in_any_form(db):
    owner = new_item("VAX-A", name="Vaccine A", barcode="312345678906")
    item = new_item("VAX-B", name="Vaccine B")
    mark = audit.events(limit=1)[0].id
    with pytest.raises(ValidationError) as refused:
        catalog.attach_gtin(item.id, GTIN)
    assert refused.value.field == "barcode"
    assert "VAX-A" in refused.value.message and "Vaccine A" in refused.value.message
    assert catalog.item_detail(item.id).barcode == ""
    assert catalog.item_detail(owner.id).barcode == "312345678906"
    assert audit.events(limit=1)[0].id == mark


@pytest.mark.parametrize("bad", ["00312345678907", "ABC", "", "12345"])
def test_attach_gtin_refuses_what_is_no_gtin(db, bad):
    item = new_item("VAX-B")
    with pytest.raises(ValidationError) as refused:
        catalog.attach_gtin(item.id, bad)
    assert refused.value.field == "barcode"
    assert catalog.item_detail(item.id).barcode == ""


def test_attach_gtin_to_a_missing_item(db):
    with pytest.raises(NotFound):
        catalog.attach_gtin(999, GTIN)


def test_saving_an_item_with_another_form_of_a_used_gtin_is_refused(db):
    new_item("VAX-A", barcode=GTIN)
    with pytest.raises(ValidationError) as refused:
        catalog.create_item(ItemInput(sku="VAX-B", name="B", barcode="312345678906"))
    assert refused.value.field == "barcode" and "VAX-A" in refused.value.message
    # A non-GTIN barcode is compared as it is.
    new_item("GLV-M", barcode="0123456789")
    assert new_item("GLV-L", barcode="00123456789").barcode == "00123456789"
