"""Which column holds what: synonyms, header row below titles, hand mapping, missing headers."""

from __future__ import annotations

import pytest

from inventory_app.core.importing.columns import (
    FIELD_HEADERS,
    column_letter,
    field_for,
    guess_header_row,
    header_key,
    map_columns,
    parse_mapping,
)
from inventory_app.core.importing.rows import prepare
from inventory_app.core.importing.synonyms import SYNONYMS
from inventory_app.core.importing.types import SheetRows, SourceRow
from inventory_app.errors import ImportFileError

SYNONYM_CASES = [(header, field) for field, headers in SYNONYMS.items() for header in headers]


@pytest.mark.parametrize(("header", "field"), SYNONYM_CASES)
def test_every_synonym_maps_to_its_field(header: str, field: str) -> None:
    columns = map_columns(1, ["SKU" if field != "sku" else "Something else", header])
    assert columns.fields[field] == 1


@pytest.mark.parametrize(
    ("spelling", "field"),
    [
        ("ITEM #", "sku"),
        ("item no.", "sku"),
        ("Item Number", "sku"),
        ("  Part   number ", "sku"),
        ("PART#", "sku"),
        ("qty", "quantity"),
        ("Qty.", "quantity"),
        ("ON HAND", "quantity"),
        ("Onhand", "quantity"),
        ("Unit cost ($)", "unit_cost"),
        ("Cost (USD)", "unit_cost"),
        ("reorder-level", "reorder_point"),
        ("Vendor Item #", "supplier_sku"),
        ("Exp. date", "expires"),
        ("Units / case", "units_per_purchase_unit"),
        ("u/m", "unit"),
        ("Lot No", "lot"),
    ],
)
def test_headers_are_compared_without_case_spaces_or_punctuation(spelling: str, field: str) -> None:
    assert map_columns(1, ["SKU", spelling]).fields.get(field) == (0 if field == "sku" else 1)


def test_header_key() -> None:
    assert header_key("Item #") == header_key("item no.") == header_key("ITEM NUMBER") == "itemno"
    assert header_key("Unit cost ($)") == "unitcost"


def test_unknown_and_calculated_columns_are_reported_not_imported() -> None:
    columns = map_columns(3, ["SKU", "Name", "Colour", None, "Status", "Qty", "On hand"])
    assert columns.fields == {"sku": 0, "name": 1, "quantity": 5}
    assert columns.unknown == (("C", "Colour"),)
    reasons = {letter: why for letter, _h, why in columns.ignored}
    assert "worked out by the app" in reasons["E"]
    assert "column F is already read as On hand" in reasons["G"]


def test_hand_mapping_wins_over_synonyms_and_can_ignore() -> None:
    columns = map_columns(
        1, ["Ref", "Item", "Description", "Count"], {"Description": "name", "item": "ignore"}
    )
    assert columns.fields["name"] == 2
    assert columns.fields["sku"] == 0
    assert ("B", "Item", "ignored as asked") in columns.ignored


def test_hand_mapping_by_column_letter() -> None:
    columns = map_columns(1, ["Artikel", "Bezeichnung", "Menge"], {"A": "sku", "b": "name", "C": "qty"})
    assert columns.fields == {"sku": 0, "name": 1, "quantity": 2}


def test_hand_mapping_to_a_header_that_is_not_there_names_the_headers() -> None:
    with pytest.raises(ImportFileError, match="No column headed “Colour”.*“SKU”, “Name”"):
        map_columns(4, ["SKU", "Name"], {"Colour": "notes"})


def test_parse_mapping() -> None:
    assert parse_mapping(["Item code=sku", "Min = reorder point", "Notes=ignore", "A=B=name"]) == {
        "Item code": "sku",
        "Min": "reorder_point",
        "Notes": None,
        "A=B": "name",
    }
    with pytest.raises(ImportFileError, match="not a column mapping"):
        parse_mapping(["no equals sign"])
    with pytest.raises(ImportFileError, match="“colour” is not a field"):
        parse_mapping(["Colour=colour"])


def test_field_for_accepts_field_names_and_headers() -> None:
    assert field_for("par_level") == "par_level"
    assert field_for("Par level") == "par_level"
    assert field_for("skip") is None


def test_column_letters() -> None:
    assert [column_letter(i) for i in (0, 25, 26, 701, 702)] == ["A", "Z", "AA", "ZZ", "AAA"]


def _rows(*rows: tuple[object, ...]) -> list[tuple[int, tuple[object, ...]]]:
    return [(i + 1, r) for i, r in enumerate(rows)]


def test_header_found_below_title_and_blank_rows() -> None:
    rows = _rows(
        ("Clinic supply list",),
        ("Printed 2024-05-01", None, "by Dana"),
        ("Item #", "Description", "Qty", "Min"),
        ("GLV-M", "Gloves", 3, 1),
    )
    assert guess_header_row(rows) == 2


def test_header_needs_two_known_fields_or_the_sku() -> None:
    assert guess_header_row(_rows(("Name",), ("Gloves",))) is None
    assert guess_header_row(_rows(("Colour", "Size"), ("SKU", "Colour"))) == 1


def test_a_product_named_like_a_header_does_not_win_over_the_real_header() -> None:
    rows = _rows(("SKU", "Name", "Qty", "Min"), ("CNT", "Count", 3, 1))
    assert guess_header_row(rows) == 0


def _sheet(*rows: tuple[object, ...]) -> SheetRows:
    return SheetRows("list.xlsx", "Sheet1", ("Sheet1",), tuple(SourceRow(n, r) for n, r in _rows(*rows)), "x")


def test_prepare_refuses_an_empty_sheet_and_a_sheet_without_header() -> None:
    with pytest.raises(ImportFileError, match="list.xlsx .sheet “Sheet1”. is empty"):
        prepare(_sheet())
    with pytest.raises(ImportFileError, match="no recognisable header row"):
        prepare(_sheet(("Colour", "Size"), ("red", 3)))


def test_prepare_refuses_a_header_without_sku_column() -> None:
    with pytest.raises(ImportFileError, match="no column for the SKU.*row 1.*“Name”, “Qty”") as caught:
        prepare(_sheet(("Name", "Qty"), ("Gloves", 3)))
    assert caught.value.row == 1


def test_prepare_with_a_chosen_header_row() -> None:
    source = prepare(_sheet(("SKU", "Name"), ("Code", "Description"), ("A1", "x")), header_row=2)
    assert source.columns.header_row == 2
    assert [r.number for r in source.rows] == [3]
    with pytest.raises(ImportFileError, match="row 9 is empty"):
        prepare(_sheet(("SKU", "Name")), header_row=9)


def test_field_headers_cover_every_field() -> None:
    assert set(FIELD_HEADERS) == set(SYNONYMS)


def test_layout_key_ignores_case_spacing_and_trailing_blanks() -> None:
    from inventory_app.core.importing.columns import layout_key

    assert layout_key(["Item #", "Qty ", None]) == layout_key(["item no", "QTY"]) == "itemno|qty"
    assert layout_key(["Qty", "Item #"]) != layout_key(["Item #", "Qty"])
