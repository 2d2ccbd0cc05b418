"""The count sheet PDF, read back with pypdf: blind by default, expected quantities when
chosen, locations as headings (repeated on a continued page), lots, names as typed."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from peewee import Database
from pypdf import PdfReader
from pypdf.generic import ContentStream

from inventory_app.core.catalog import items as catalog
from inventory_app.core.settings import office_settings, save_office_settings
from inventory_app.core.shelf import counts
from inventory_app.core.stock import movements as stock
from inventory_app.core.types import ItemInput
from inventory_app.documents import count_sheet
from inventory_app.documents.count_sheet import export_count_sheet
from inventory_app.errors import InventoryError
from tests.core.helpers import days


def _item(sku: str, name: str, **fields: object) -> int:
    return catalog.create_item(ItemInput(sku=sku, name=name, **fields)).id  # type: ignore[arg-type]


def _pages(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


@pytest.fixture
def count_id(sqlite_db: Database) -> int:
    save_office_settings(replace(office_settings(), office_name="Lakeside Family Clinic"))
    room = catalog.location_id_for("Supply room B")
    fridge = catalog.location_id_for("Vaccine fridge")
    gloves = _item("GLV-M", "Nitrile gloves, medium", location_id=room, unit="box")
    gauze = _item("GZ-44", "Gauze 4×4 <sterile> & co", location_id=room, unit="pack")
    flu = _item("VAC-FLU", "Шприц / 注射器 flu vaccine", location_id=fridge, unit="dose", tracks_expiry=True)
    _item("VAC-HEPB", "Hep B vaccine", location_id=fridge, unit="vial", tracks_expiry=True)
    _item("LOOSE", "Item without a place", unit="each")
    stock.receive(gloves, 4817)
    stock.receive(gauze, 2963)
    stock.receive(flu, 731, lot="FL-2611", expires=days(40))
    return counts.start_count(note="Month end <quick>").summary.id


def test_a_blind_sheet_lists_every_line_without_expected_quantities(count_id: int, tmp_path: Path) -> None:
    path = tmp_path / "count.pdf"
    warnings: list[str] = []
    export_count_sheet(count_id, path, on_warning=warnings.append)

    (text,) = _pages(path)
    for expected in (
        "Lakeside Family Clinic",
        "Stock count sheet",
        f"#{count_id}",
        "All items",
        "Blind count",
        "Counted by",
        "Checked by",
        "Note: Month end <quick>",
        # Locations as headings, in shelf order; then the lines under them.
        "Supply room B",
        "Vaccine fridge",
        "No location",
        "Gauze 4×4 <sterile> & co",
        "GZ-44",
        "Nitrile gloves, medium",
        "GLV-M",
        "box",
        "Шприц / 注射器 flu vaccine",
        "FL-2611",
        days(40).isoformat(),
        "dose",
        "lot ________",  # Hep B holds no lot: blanks to note one found
        "Page 1 of 1",
        "blind",
    ):
        assert expected in text, expected
    assert text.index("Supply room B") < text.index("Vaccine fridge") < text.index("No location")
    assert text.index("Gauze 4×4") < text.index("Nitrile gloves")
    assert "Unit\nCounted" in text  # the header row, without an Expected column
    for hidden in ("4817", "4,817", "2,963", "731"):
        assert hidden not in text, hidden
    assert warnings == []


def test_a_lot_without_a_number_is_printed_as_no_lot_number_with_its_expiry(
    sqlite_db: Database, tmp_path: Path
) -> None:
    kit = _item("KIT", "Strep test kit", unit="kit", tracks_expiry=True)
    gauze = _item("GZ-44", "Gauze", unit="pack")
    stock.receive(kit, 5, expires=days(90))
    stock.receive(kit, 2, lot="K1", expires=days(120))
    stock.receive(gauze, 3)
    path = tmp_path / "count.pdf"
    export_count_sheet(counts.start_count().summary.id, path)
    (text,) = _pages(path)
    assert f"no lot number\n{days(90).isoformat()}" in text
    assert f"K1\n{days(120).isoformat()}" in text
    assert text.count("no lot number") == 1  # not for gauze, which has no lot


def test_expected_quantities_are_printed_only_when_chosen(count_id: int, tmp_path: Path) -> None:
    path = tmp_path / "count.pdf"
    export_count_sheet(count_id, path, show_expected=True)
    (text,) = _pages(path)
    assert "Unit\nExpected\nCounted" in text and "Blind count" not in text
    for quantity in ("4,817", "2,963", "731"):
        assert quantity in text, quantity
    assert "with expected quantities" in text


def test_one_box_to_write_in_per_line(count_id: int, tmp_path: Path) -> None:
    path = tmp_path / "count.pdf"
    export_count_sheet(count_id, path)
    reader = PdfReader(path)
    operations = ContentStream(reader.pages[0].get_contents(), reader).operations
    boxes = [
        operands
        for operands, operator in operations
        if operator == b"re"
        and abs(float(operands[2]) - count_sheet.BOX_WIDTH) < 0.01
        and abs(float(operands[3]) - count_sheet.BOX_HEIGHT) < 0.01
    ]
    assert len(boxes) == len(counts.count_detail(count_id).lines) == 5


def test_a_location_running_onto_the_next_page_repeats_its_heading(
    sqlite_db: Database, tmp_path: Path
) -> None:
    room = catalog.location_id_for("Big store room")
    for n in range(45):
        _item(f"ITEM-{n:03d}", f"Supply number {n:03d}", location_id=room)
    detail = counts.start_count()
    path = tmp_path / "count.pdf"
    export_count_sheet(detail.summary.id, path)
    pages = _pages(path)
    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        assert "Big store room" in text
        assert "Item" in text and "Counted" in text
        assert f"Page {number} of {len(pages)}" in text
    assert "Supply number 044" in pages[-1]


def test_characters_no_font_has_are_reported(sqlite_db: Database, tmp_path: Path) -> None:
    _item("SMILE", "Stickers 🙂")
    detail = counts.start_count()
    warnings: list[str] = []
    export_count_sheet(detail.summary.id, tmp_path / "count.pdf", on_warning=warnings.append)
    assert len(warnings) == 1 and "🙂" in warnings[0]


def test_only_pdf_names_and_no_partial_file(count_id: int, tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(InventoryError, match=r"\.pdf"):
        export_count_sheet(count_id, out / "count.xlsx")

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("out of paper")

    monkeypatch.setattr(count_sheet, "_tables", broken)
    with pytest.raises(RuntimeError):
        export_count_sheet(count_id, out / "count.pdf")
    assert list(out.iterdir()) == []
