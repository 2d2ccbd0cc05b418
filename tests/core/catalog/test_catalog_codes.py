"""SKUs and barcodes that look the same are the same code, found in any case on both backends.

SQLite's LOWER() folds ASCII letters only, so "ÄBC-1" typed as "äbc-1" was never found; and
"ＡＢＣ-1" (full-width), "ABC‐1" (U+2010) and "ABC\\u200b-1" (a zero-width space) became items of
their own beside ABC-1. Codes are stored in their clean form and found by a case-folded key.
"""

from __future__ import annotations

import pytest

from inventory_app.core.accounts.context import set_current_user
from inventory_app.core.catalog import items as catalog
from inventory_app.core.importing.types import RowAction
from inventory_app.core.stock import movements as stock
from inventory_app.core.stock.check import check_database
from inventory_app.core.types import ItemInput
from inventory_app.db.codes import clean_code, code_key
from inventory_app.db.models import Item
from inventory_app.errors import ValidationError
from tests.core.helpers import new_item
from tests.core.importing.import_helpers import HEADER, plan, run

LOOK_ALIKES = {
    "full-width letters": "ＡＢＣ-1",
    "a U+2010 hyphen": "ABC\u20101",
    "a zero-width space": "ABC\u200b-1",
}


@pytest.fixture(autouse=True)
def _user() -> None:
    set_current_user("tester")


def _issues(planned, row: int) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(i) for r in planned.rows if r.row == row for i in r.issues]


def test_a_code_is_stored_clean_and_keyed_case_folded() -> None:
    for dash in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d":
        assert clean_code(f" ABC{dash}1 ") == "ABC-1"
    assert clean_code("\u200bＡＢＣ\u2060-\u200d1\ufeff") == "ABC-1"  # Cf characters taken out
    assert code_key("ÄBC-1") == code_key("äbc-1") == "äbc-1"
    assert code_key("STRAßE") == code_key("strasse")


@pytest.mark.usefixtures("db")
def test_a_non_ascii_sku_is_found_in_any_case() -> None:
    item = new_item("ÄBC-1", barcode="ÖL-7")
    assert catalog.item_id_for("äbc-1") == item.id
    assert catalog.item_id_for("ÄBC-1") == item.id
    assert catalog.item_id_for("öl-7") == item.id
    stock.receive(item.id, 5)
    stock.use(catalog.item_id_for(" äbc‐1 "), 2)  # typed with a typographic hyphen
    assert catalog.item_detail(item.id).on_hand == 3
    with pytest.raises(ValidationError, match="SKU ÄBC-1 is already used"):
        new_item("äbc-1")


@pytest.mark.usefixtures("db")
@pytest.mark.parametrize("written", LOOK_ALIKES.values(), ids=LOOK_ALIKES.keys())
def test_a_look_alike_sku_is_refused_as_the_existing_one_in_the_item_dialog(written: str) -> None:
    original = new_item("ABC-1")
    problems = catalog.validate_item(ItemInput(sku=written, name="Another"))
    assert [(p.field, p.message) for p in problems] == [("sku", "SKU ABC-1 is already used.")]
    with pytest.raises(ValidationError, match="SKU ABC-1 is already used"):
        new_item(written)
    # One namespace: the look-alike is refused as another item's barcode, and the other way.
    with pytest.raises(ValidationError, match="Barcode ABC-1 is already the SKU of ABC-1"):
        new_item("XYZ-1", barcode=written)
    new_item("BC-9", barcode="ZZ-1")
    with pytest.raises(ValidationError, match="already the barcode of BC-9"):
        new_item(written.replace("ABC", "ZZ").replace("ＡＢＣ", "ＺＺ"))
    # Saving the item itself with its look-alike spelling keeps it one item, written plainly.
    changed = catalog.update_item(original.id, ItemInput(sku=written, name="Item ABC-1"))
    assert changed.sku == "ABC-1"
    assert catalog.item_id_for(written) == original.id
    assert Item.select().count() == 2


@pytest.mark.usefixtures("db")
def test_an_item_saved_with_look_alike_characters_is_stored_in_the_plain_form() -> None:
    item = new_item("\u200bＧＬＶ\u2013m ", barcode=" 0\u200b12345 ")
    assert (item.sku, item.barcode) == ("GLV-m", "012345")
    row = Item.get_by_id(item.id)
    assert (row.sku_key, row.barcode_key) == ("glv-m", "012345")
    assert catalog.item_id_for("glv-M") == item.id
    assert check_database().ok


@pytest.mark.usefixtures("db")
def test_a_non_ascii_sku_imported_is_found_by_its_lower_case() -> None:
    planned, _result = run(HEADER, ("ÄBC-1", "Äther swabs", 4))
    assert planned.counts["create"] == 1
    item_id = catalog.item_id_for("äbc-1")
    assert catalog.item_detail(item_id).on_hand == 4
    # Importing it again in lower case updates the same item.
    planned, _result = run(HEADER, ("äbc-1", "Äther swabs", 6))
    assert planned.counts == {"create": 0, "update": 1, "unchanged": 0, "error": 0}
    assert catalog.item_detail(item_id).on_hand == 6
    assert Item.select().count() == 1


@pytest.mark.usefixtures("db")
@pytest.mark.parametrize("written", LOOK_ALIKES.values(), ids=LOOK_ALIKES.keys())
def test_a_look_alike_sku_in_an_import_is_the_existing_item_and_stays_one_item(written: str) -> None:
    """ＡＢＣ-1, ABC‐1 or ABC-1 with a zero-width space reads as ABC-1: the row changes that
    item (never a second one that looks the same), and the same file imported again changes
    nothing."""
    item = new_item("ABC-1", name="Alcohol swabs")
    planned, _result = run(HEADER, ("GZ-44", "Gauze", 3), (written, "Alcohol swabs", 9))
    assert [(r.sku, r.action) for r in planned.rows] == [
        ("GZ-44", RowAction.CREATE),
        ("ABC-1", RowAction.UPDATE),
    ]
    assert catalog.item_detail(item.id).on_hand == 9 and catalog.item_detail(item.id).sku == "ABC-1"
    again = plan(HEADER, ("GZ-44", "Gauze", 3), (written, "Alcohol swabs", 9))
    assert again.counts == {"create": 0, "update": 0, "unchanged": 2, "error": 0}
    assert Item.select().count() == 2


@pytest.mark.usefixtures("db")
def test_look_alike_barcodes_in_an_import_are_refused_naming_the_other_item() -> None:
    new_item("ABC-1", barcode="4006381333931")
    planned = plan(
        ("SKU", "Name", "Barcode"),
        ("NEW-1", "New one", "ＡＢＣ-1"),
        ("NEW-2", "Other", "4006381333931\u200b"),
        ("ＮＥＷ‐3", "Third", "ok-3"),
    )
    assert "Barcode ABC-1 is already the SKU of ABC-1." in _issues(planned, 2)[0]
    assert "Barcode 4006381333931 is already used by ABC-1." in _issues(planned, 3)[0]
    # A new SKU with look-alike characters and no item of that code: created in its plain form.
    assert [(r.sku, r.action) for r in planned.rows if r.row == 4] == [("NEW-3", RowAction.CREATE)]
