"""Shelf labels: the sheet layouts, what each label says (read back with pypdf), and the
barcodes decoded from the bars drawn in the PDF."""

from __future__ import annotations

from pathlib import Path

import pytest
from peewee import Database
from pypdf import PdfReader
from pypdf.generic import ContentStream
from reportlab.graphics.barcode.code128 import _patterns

from inventory_app.core.catalog import items as catalog
from inventory_app.core.types import ItemInput
from inventory_app.documents import labels
from inventory_app.documents.labels import LAYOUTS, LabelData, export_labels, layout_named
from inventory_app.errors import InventoryError, ValidationError

# ---------------------------------------------------------------- a Code 128 reader for the tests

# Element widths (bar, space, bar, ...) of each symbol value, from the Code 128 table.
_WIDTHS = {
    "".join(str(ord(ch.lower()) - ord("a") + 1) for ch in pattern): value
    for value, pattern in _patterns.items()
}


def _symbols(bars: list[tuple[float, float]]) -> list[int]:
    """Symbol values from the bars of one symbol, as (x, width) pairs."""
    bars = sorted(bars)
    count = (len(bars) - 4) // 3 + 1  # three bars a symbol, four in the stop symbol
    assert (len(bars) - 4) % 3 == 0, len(bars)
    span = bars[-1][0] + bars[-1][1] - bars[0][0]
    module = span / (11 * (count - 1) + 13)
    elements: list[int] = []
    for (x, width), following in zip(bars, bars[1:] + [None], strict=True):
        elements.append(round(width / module))
        if following is not None:
            elements.append(round((following[0] - x - width) / module))
    values = []
    for start in range(0, len(elements) - 7, 6):
        values.append(_WIDTHS["".join(map(str, elements[start : start + 6]))])
    values.append(_WIDTHS["".join(map(str, elements[-7:]))])
    return values


def decode_code128(bars: list[tuple[float, float]]) -> str:
    """The text a scanner would read from these bars (checks the start, checksum and stop)."""
    values = _symbols(bars)
    assert values[-1] == 106, "no stop symbol"
    start, data, check = values[0], values[1:-2], values[-2]
    assert (start + sum(i * v for i, v in enumerate(data, start=1))) % 103 == check, "bad checksum"
    code = {103: "A", 104: "B", 105: "C"}[start]
    text = ""
    for value in data:
        if code == "C" and value < 100:
            text += f"{value:02d}"
        elif value == 99:
            code = "C"
        elif value == 100 and code != "B":
            code = "B"
        elif value == 101 and code != "A":
            code = "A"
        elif code == "B":
            text += chr(value + 32)
        elif code == "A":
            text += chr(value + 32) if value < 64 else chr(value - 64)
        else:
            raise AssertionError(f"unexpected symbol {value} in set {code}")
    return text


def barcodes_in(path: Path, page: int = 0) -> list[str]:
    """Decode every barcode drawn on a page: each is a run of filled rectangles inside one
    saved graphics state, in drawing order."""
    reader = PdfReader(path)
    content = ContentStream(reader.pages[page].get_contents(), reader)
    found, stack = [], [[]]
    for operands, operator in content.operations:
        if operator == b"q":
            stack.append([])
        elif operator == b"Q":
            rects = stack.pop()
            if len(rects) >= 10:
                found.append(decode_code128([(float(x), float(w)) for x, _y, w, _h in rects]))
        elif operator == b"re":
            stack[-1].append(operands)
    return found


# ---------------------------------------------------------------- helpers


def _item(sku: str, name: str, **fields: object) -> int:
    return catalog.create_item(ItemInput(sku=sku, name=name, **fields)).id  # type: ignore[arg-type]


def _text(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


@pytest.fixture
def items(sqlite_db: Database) -> dict[str, int]:
    room = catalog.location_id_for("Supply room B")
    return {
        "gloves": _item(
            "GLV-M", "Nitrile gloves, medium", location_id=room, reorder_point=4, barcode="0380000123"
        ),
        "gauze": _item("GZ-44", "Gauze 4×4 <sterile> & co", location_id=room, reorder_point=12),
        "tape": _item("TAPE-1IN", "Шприц 2 мл / 注射器", reorder_point=0),
    }


# ---------------------------------------------------------------- layouts


@pytest.mark.parametrize("name", list(LAYOUTS))
def test_every_layout_fits_its_page_without_overlap(name: str) -> None:
    layout = LAYOUTS[name]
    width, height = layout.page
    corners = [layout.origin(slot) for slot in range(layout.per_page)]
    for x, y in corners:
        assert 0 <= x and x + layout.width <= width + 0.01
        assert -0.01 <= y and y + layout.height <= height + 0.01
    assert layout.pitch_x >= layout.width and layout.pitch_y >= layout.height
    assert layout.origin(layout.per_page) == corners[0]  # the next sheet starts over


def test_the_common_sheets_are_there() -> None:
    assert (LAYOUTS["letter-30"].columns, LAYOUTS["letter-30"].rows) == (3, 10)
    assert (LAYOUTS["a4-24"].columns, LAYOUTS["a4-24"].rows) == (3, 8)
    assert layout_named(" A4-24 ") is LAYOUTS["a4-24"]
    with pytest.raises(ValidationError, match="letter-30"):
        layout_named("avery-9999")


# ---------------------------------------------------------------- contents


def test_labels_show_name_sku_location_and_reorder_point(items: dict[str, int], tmp_path: Path) -> None:
    path = tmp_path / "labels.pdf"
    warnings: list[str] = []
    assert export_labels(path, [items["gloves"], items["gauze"]], on_warning=warnings.append) == 2
    (text,) = _text(path)
    for expected in (
        "Nitrile gloves, medium",
        "GLV-M",
        "Supply room B",
        "Reorder at 4",
        "0380000123",  # the barcode's digits under the bars (it is not the SKU)
        "Gauze 4×4 <sterile> & co",  # markup shown as typed (E1)
        "GZ-44",
        "Reorder at 12",
    ):
        assert expected in text, expected
    assert warnings == []


def test_the_barcodes_decode_to_the_items_barcode_or_sku(items: dict[str, int], tmp_path: Path) -> None:
    mixed = _item("AB-12345678", "Mixed code")
    path = tmp_path / "labels.pdf"
    export_labels(path, [items["gloves"], items["gauze"], mixed], layout="a4-24")
    assert barcodes_in(path) == ["0380000123", "GZ-44", "AB-12345678"]
    # And reportlab's own view of the symbol it drew: start B, the check symbol, stop.
    symbol = labels.barcode("GZ-44", 150, 30)
    symbol.validate()
    encoded = symbol.encode()
    assert encoded[0] == 104 and encoded[-1] == 106
    assert [chr(v + 32) for v in encoded[1:-2]] == list("GZ-44")


def test_unicode_names_are_drawn_and_a_code_beyond_ascii_gets_no_barcode(
    items: dict[str, int], tmp_path: Path
) -> None:
    odd = _item("ÉPONGE", "Éponge")
    path = tmp_path / "labels.pdf"
    warnings: list[str] = []
    export_labels(path, [items["tape"], odd], on_warning=warnings.append)
    (text,) = _text(path)
    assert "Шприц 2 мл / 注射器" in text
    assert "Reorder at 0" in text
    assert barcodes_in(path) == ["TAPE-1IN"]
    assert len(warnings) == 1 and "ÉPONGE" in warnings[0] and "no barcode" in warnings[0]
    fonts = {
        str(ref.get_object()["/BaseFont"]).split("+")[-1]
        for ref in PdfReader(path).pages[0]["/Resources"]["/Font"].values()
    }
    assert {"DejaVuSans", "DejaVuSans-Bold", "DroidSansFallback"} <= fonts


def test_a_very_long_code_warns_that_it_may_not_scan(sqlite_db: Database, tmp_path: Path) -> None:
    long_one = _item("LONG", "Long code", barcode="X" * 60)
    warnings: list[str] = []
    export_labels(tmp_path / "labels.pdf", [long_one], on_warning=warnings.append)
    assert any("may not scan" in w for w in warnings)
    assert barcodes_in(tmp_path / "labels.pdf") == ["X" * 60]


def test_pages_start_position_and_copies(items: dict[str, int], tmp_path: Path) -> None:
    path = tmp_path / "labels.pdf"
    # Two labels from position 30 of a 30-label sheet: the last slot, then a new sheet.
    export_labels(path, [items["gloves"], items["gauze"]], start_at=30)
    pages = _text(path)
    assert len(pages) == 2 and "GLV-M" in pages[0] and "GZ-44" in pages[1]
    assert export_labels(path, [items["gauze"]], copies=31) == 31
    assert len(_text(path)) == 2
    assert len(barcodes_in(path, 0)) == 30 and barcodes_in(path, 1) == ["GZ-44"]
    every = export_labels(path)  # every active item
    assert every == 3
    with pytest.raises(ValidationError):
        export_labels(path, [items["gauze"]], start_at=31)
    with pytest.raises(ValidationError):
        export_labels(path, [items["gauze"]], copies=0)


def test_label_data_prefers_the_barcode(items: dict[str, int]) -> None:
    data = labels.labels_for([items["gauze"], items["gloves"]])
    assert data == [
        LabelData("GZ-44", "Gauze 4×4 <sterile> & co", "Supply room B", "each", 12, "GZ-44"),
        LabelData("GLV-M", "Nitrile gloves, medium", "Supply room B", "each", 4, "0380000123"),
    ]


# ---------------------------------------------------------------- files


def test_a_failure_half_way_leaves_no_file(items: dict[str, int], tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    path = folder / "labels.pdf"
    calls = []

    def broken(self, slot, label):
        calls.append(slot)
        if len(calls) == 2:
            raise RuntimeError("printer spooler fell over")

    monkeypatch.setattr(labels._Sheet, "draw", broken)
    with pytest.raises(RuntimeError):
        export_labels(path, [items["gloves"], items["gauze"]])
    assert list(folder.iterdir()) == []


def test_only_pdf_names_are_accepted(items: dict[str, int], tmp_path: Path) -> None:
    with pytest.raises(InventoryError, match=r"\.pdf"):
        export_labels(tmp_path / "labels.png", [items["gloves"]])
    with pytest.raises(InventoryError, match="folder"):
        export_labels(tmp_path / "missing" / "labels.pdf", [items["gloves"]])


# ---------------------------------------------------------------- names that tell items apart

DEMO_GLOVES = {
    "GLV-NIT-M": "Nitrile exam gloves, powder-free, medium",
    "GLV-NIT-L": "Nitrile exam gloves, powder-free, large",
}


def _folded(path: Path) -> str:
    return " ".join(" ".join(_text(path)).split())


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_the_whole_name_is_shown_so_sizes_can_be_told_apart(
    sqlite_db: Database, tmp_path: Path, layout: str
) -> None:
    texts = {}
    for sku, name in DEMO_GLOVES.items():
        path = tmp_path / f"{sku}.pdf"
        export_labels(path, [_item(sku, name, barcode="0485126" + sku[-1])], layout=layout)
        texts[sku] = _folded(path)
        assert name in texts[sku], (layout, texts[sku])
        assert "…" not in texts[sku]
    assert "medium" in texts["GLV-NIT-M"] and "large" in texts["GLV-NIT-L"]
    assert texts["GLV-NIT-M"].replace("GLV-NIT-M", "") != texts["GLV-NIT-L"].replace("GLV-NIT-L", "")


def test_a_name_too_long_even_in_small_print_is_cut_in_the_middle_keeping_its_end(
    sqlite_db: Database, tmp_path: Path
) -> None:
    name = (
        "Nitrile exam gloves, powder-free, textured fingertips, extended cuff, "
        "chemotherapy tested, accelerator-free, ambidextrous, blue, medium"
    )
    path = tmp_path / "labels.pdf"
    export_labels(path, [_item("GLV-LONG-M", name)], layout="letter-30")
    text = _folded(path)
    assert "…" in text
    assert text.startswith("Nitrile") or "Nitrile" in text.split("…")[0]
    after = text.split("…", 1)[1]
    assert "medium" in after.split("GLV-LONG-M")[0]
    assert list(labels.middle_cuts("Nitrile exam gloves, powder-free, medium"))[:3] == [
        "Nitrile exam … powder-free, medium",
        "Nitrile … powder-free, medium",
        "Nitrile … medium",
    ]
