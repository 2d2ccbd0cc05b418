"""A hand mapping is remembered per header layout, for the next file with the same headers."""

from __future__ import annotations

from inventory_app.core.importing.columns import layout_key
from inventory_app.core.importing.state import remember_mapping, saved_mapping


def test_remembered_per_layout(sqlite_db: object) -> None:
    layout = layout_key(["Ref", "Desc", "Qty", "Shelf life"])
    assert saved_mapping(layout) == {}
    remember_mapping(layout, {0: "sku", 3: None})
    assert saved_mapping(layout) == {0: "sku", 3: None}
    assert saved_mapping(layout_key(["ref", "DESC", "qty ", "Shelf  life"])) == {0: "sku", 3: None}
    assert saved_mapping(layout_key(["Ref", "Desc", "Qty"])) == {}
    remember_mapping(layout, {})
    assert saved_mapping(layout) == {}


def test_a_long_layout_fits_the_settings_key(sqlite_db: object) -> None:
    layout = layout_key([f"Column heading number {n}" for n in range(60)])
    remember_mapping(layout, {59: "notes"})
    assert saved_mapping(layout) == {59: "notes"}
