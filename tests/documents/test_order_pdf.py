"""The purchase order as a PDF, read back with pypdf (RELIABILITY E1, E2).

What a supplier's clerk reads: the PO number, the supplier, every line's SKU,
quantity and total, "Page N of M" on every page, and names exactly as typed,
markup and non-Latin letters included. A failure half-way leaves no partial file.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from peewee import Database
from pypdf import PdfReader

from inventory_app.core.purchasing import orders as purchasing
from inventory_app.core.settings import save_office_settings
from inventory_app.core.types import SupplierInput
from inventory_app.db.models import PurchaseOrder, PurchaseOrderLine
from inventory_app.documents import order_columns, order_forms, order_pdf
from inventory_app.documents.order_forms import default_file_name, export_order
from inventory_app.errors import InventoryError
from tests.documents.order_helpers import OFFICE, SUPPLIER, Line, make_order, many_lines, money, pdf_pages

SPECIAL_NAMES = [
    "Gauze 4×4 <sterile> & co",
    "Spritze – Größe 5 ml",
    "注射器 10 ml",
    "Шприц 2 мл",
    "Tape \"1 in\" 'silk'",
]


def _fonts(path: Path) -> set[str]:
    names = set()
    for page in PdfReader(path).pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.values():
            names.add(str(ref.get_object()["/BaseFont"]).split("+")[-1])
    return names


# ---------------------------------------------------------------- content


def test_the_pdf_shows_number_supplier_lines_totals_and_page_numbers(
    sqlite_db: Database, tmp_path: Path
) -> None:
    detail = make_order(
        [Line("Nitrile gloves, medium", 3, "8.25"), Line("Alcohol pads", 12, "4.10"), Line("Gauze", 1)]
    )
    path = export_order(detail.summary.id, tmp_path / "po.pdf")

    pages = pdf_pages(path)
    assert len(pages) == 1
    text = pages[0]
    for expected in (
        "Purchase Order",
        detail.number,
        "DRAFT",
        "Northgate Medical Supply",
        "Dana Whitfield",
        "orders@northgate.example",
        "Our account number: NG-20417",
        "400 Industrial Pkwy",
        "SHIP TO",
        "Lakeside Family Clinic",
        "12 Harbour Road",
        "Authorized by",
        "Signature",
        "Page 1 of 1",
    ):
        assert expected in text, expected
    for line in detail.lines:
        pack = "case of 10 boxes"
        row = f"{line.line_no} {line.supplier_sku} {line.sku} {line.description} {pack} {line.quantity}"
        assert row in text, row
        assert f"{money(line.unit_cost)} {money(line.line_total)}" in text
    total = sum((line.line_total for line in detail.lines), Decimal(0))
    assert total == Decimal("24.75") + Decimal("49.20") + Decimal("12.50")
    assert f"Subtotal (3 lines) {money(total)} Total {money(total)}" in text
    assert PdfReader(path).metadata.title == f"Purchase order {detail.number}"


def test_a_500_line_order_runs_over_pages_each_with_the_table_header_and_its_number(
    sqlite_db: Database, tmp_path: Path
) -> None:
    detail = make_order(many_lines(500))
    path = export_order(detail.summary.id, tmp_path / "po.pdf")

    pages = pdf_pages(path)
    count = len(pages)
    assert count > 5
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {count}" in text
        assert "No. Supplier SKU Our SKU Description Purchase unit Qty Unit price Line total" in text
        assert f"Purchase order {detail.number}" in text
    everything = " ".join(pages)
    for line in detail.lines:
        assert f"{line.line_no} {line.supplier_sku} {line.sku} " in everything
    assert f"Total {money(detail.total)}" in pages[-1]
    assert "Authorized by" in pages[-1]
    # Lines are not lost or repeated across page breaks.
    assert sum(text.count(" NG-1") for text in pages) == 500


def test_page_size_comes_from_the_office_settings(sqlite_db: Database, tmp_path: Path) -> None:
    detail = make_order([Line("Gloves")])
    letter = export_order(detail.summary.id, tmp_path / "letter.pdf")
    save_office_settings(replace(OFFICE, page_size="A4"))
    a4 = export_order(detail.summary.id, tmp_path / "a4.pdf")

    def size(path: Path) -> tuple[int, int]:
        box = PdfReader(path).pages[0].mediabox
        return round(float(box.width)), round(float(box.height))

    assert size(letter) == (612, 792)
    assert size(a4) == (595, 842)


def test_an_ordered_po_has_dates_and_no_draft_mark_and_exporting_changes_nothing(
    sqlite_db: Database, tmp_path: Path
) -> None:
    detail = make_order([Line("Gloves")])
    purchasing.set_notes(detail.summary.id, "Deliver to the back door & ring twice.\nMornings only.")
    ordered = purchasing.mark_ordered(detail.summary.id)
    before = purchasing.order_detail(detail.summary.id)
    rows_before = list(PurchaseOrder.select().dicts()), list(PurchaseOrderLine.select().dicts())

    text = pdf_pages(export_order(detail.summary.id, tmp_path / "po.pdf"))[0]

    assert "DRAFT" not in text
    assert ordered.ordered_on is not None and ordered.expected_on is not None
    assert f"Order date {ordered.ordered_on.isoformat()}" in text
    assert f"Expected {ordered.expected_on.isoformat()}" in text
    assert "Notes Deliver to the back door & ring twice. Mornings only." in text
    assert purchasing.order_detail(detail.summary.id) == before
    assert (list(PurchaseOrder.select().dicts()), list(PurchaseOrderLine.select().dicts())) == rows_before


# ---------------------------------------------------------------- E1: markup is text


def test_e1_markup_in_names_is_printed_literally_and_opens_no_file(
    sqlite_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    picture = tmp_path / "secret.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    img = f'<img src="{picture}" width="50" height="50"/>'
    link = '<a href="http://example.invalid/x">click</a>'
    opened: list[object] = []
    import reportlab.lib.utils as rl_utils
    import reportlab.platypus.paraparser as paraparser

    real_open = rl_utils.open_for_read

    def watch(name: object, *args: object, **kwargs: object) -> object:
        opened.append(name)
        return real_open(name, *args, **kwargs)

    monkeypatch.setattr(rl_utils, "open_for_read", watch)
    monkeypatch.setattr(paraparser, "open_for_read", watch, raising=False)
    monkeypatch.setattr(rl_utils.ImageReader, "__init__", lambda *a, **k: opened.append(a[1:]) or None)

    supplier = SupplierInput(
        name="<b>Bold & Co",
        address='<img src="/etc/passwd"> 1 Main St',
        contact="<i>unclosed",
        account_number="<font size=40>A&amp;1",
    )
    detail = make_order(
        [Line(img, supplier_sku="<br/>"), Line("<b>unclosed bold"), Line(link), Line("Gauze 4x4 <sterile>")],
        office=replace(OFFICE, office_name="</para> Clinic <super>"),
        supplier=supplier,
    )
    purchasing.set_notes(detail.summary.id, "<onDraw name=x/> & <seq/>")

    path = export_order(detail.summary.id, tmp_path / "po.pdf")

    text = " ".join(pdf_pages(path))
    for literal in (
        img,
        "<b>unclosed bold",
        link,
        "Gauze 4x4 <sterile>",
        "<b>Bold & Co",
        '<img src="/etc/passwd"> 1 Main St',
        "<i>unclosed",
        "<font size=40>A&amp;1",
        "</para> Clinic <super>",
        "<onDraw name=x/> & <seq/>",
    ):
        # Long cells wrap, and a line break reads back as a space.
        assert literal.replace(" ", "") in text.replace(" ", ""), literal
    assert opened == []
    reader = PdfReader(path)
    for page in reader.pages:
        assert "/Annots" not in page
        assert list(page.images) == []


# ---------------------------------------------------------------- E2: Unicode, no partial file


def test_e2_accents_cyrillic_and_cjk_are_drawn_in_the_bundled_fonts(
    sqlite_db: Database, tmp_path: Path
) -> None:
    detail = make_order(
        [Line(name) for name in SPECIAL_NAMES],
        supplier=SupplierInput(name="Müller & Söhne – Медтехника", address="東京都 港区"),
    )
    warnings: list[str] = []

    path = export_order(detail.summary.id, tmp_path / "po.pdf", on_warning=warnings.append)

    text = pdf_pages(path)[0]
    for name in SPECIAL_NAMES + ["Müller & Söhne – Медтехника", "東京都 港区"]:
        assert name in text, name
    assert warnings == []
    assert {"DejaVuSans", "DejaVuSans-Bold", "DroidSansFallback"} <= _fonts(path)


def test_e2_a_character_no_bundled_font_has_is_shown_as_a_mark_and_the_user_is_warned(
    sqlite_db: Database, tmp_path: Path
) -> None:
    detail = make_order([Line("Gloves \U0001f9e4 size M"), Line("Plain gauze")])
    warnings: list[str] = []

    text = pdf_pages(export_order(detail.summary.id, tmp_path / "po.pdf", on_warning=warnings.append))[0]

    assert "Gloves \ufffd size M" in text
    assert len(warnings) == 1 and "\U0001f9e4" in warnings[0]


def test_e2_a_crash_half_way_leaves_no_partial_file_and_keeps_the_old_one(
    sqlite_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    detail = make_order(many_lines(60))
    target = tmp_path / default_file_name(detail.summary, ".pdf")
    new_target = tmp_path / "never.pdf"
    export_order(detail.summary.id, target)
    good = target.read_bytes()
    from reportlab.pdfbase import pdfdoc

    def half_written(self: object, filename: object, canvas: object) -> None:
        filename.write(b"%PDF-1.4\n% half a document")  # type: ignore[attr-defined]
        raise RuntimeError("renderer crashed half-way")

    monkeypatch.setattr(pdfdoc.PDFDocument, "SaveToFile", half_written)
    for path in (target, new_target):
        with pytest.raises(RuntimeError, match="half-way"):
            export_order(detail.summary.id, path)

    assert target.read_bytes() == good
    assert not new_target.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["inventory.db", target.name, *_db_files(tmp_path)]
    )


def _db_files(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.startswith("inventory.db-")]


def test_e2_a_crash_while_laying_out_pages_leaves_no_file(
    sqlite_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    detail = make_order(many_lines(120))
    calls = {"n": 0}
    real = order_pdf.Table.draw

    def draw(self: object) -> None:
        calls["n"] += 1
        if calls["n"] > 3:
            raise MemoryError("out of memory on page 2")
        real(self)  # type: ignore[arg-type]

    monkeypatch.setattr(order_pdf.Table, "draw", draw)
    with pytest.raises(MemoryError):
        export_order(detail.summary.id, tmp_path / "po.pdf")
    assert not any(p.suffix in (".pdf", ".part") for p in tmp_path.iterdir())


# ---------------------------------------------------------------- the file


def test_only_pdf_and_xlsx_are_accepted(sqlite_db: Database, tmp_path: Path) -> None:
    detail = make_order([Line("Gloves")])
    for name in ("po.docx", "po", "po.pdf.txt"):
        with pytest.raises(InventoryError, match=r"\.pdf or \.xlsx"):
            export_order(detail.summary.id, tmp_path / name)
    assert export_order(detail.summary.id, tmp_path / "PO.PDF").read_bytes().startswith(b"%PDF")
    with pytest.raises(InventoryError, match="does not exist"):
        export_order(detail.summary.id, tmp_path / "missing-folder" / "po.pdf")


def test_default_file_name_is_the_number_and_supplier_without_illegal_characters(
    sqlite_db: Database,
) -> None:
    detail = make_order([Line("Gloves")], supplier=SupplierInput(name='A/B: "Med" <Supply> | Co?*.'))
    summary = detail.summary
    assert default_file_name(summary, ".pdf") == f"{summary.number} A B Med Supply Co.pdf"
    assert default_file_name(summary, "xlsx") == f"{summary.number} A B Med Supply Co.xlsx"
    northgate = replace(summary, supplier=SUPPLIER.name)
    assert default_file_name(northgate, ".pdf") == f"{summary.number} Northgate Medical Supply.pdf"


def test_export_runs_in_a_worker_thread_and_only_reads(sqlite_db: Database, tmp_path: Path) -> None:
    detail = make_order(many_lines(30))
    results: list[object] = []

    def work() -> None:
        try:
            results.append(export_order(detail.summary.id, tmp_path / "po.pdf"))
        except BaseException as exc:  # handed to the test thread
            results.append(exc)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(60)
    assert results == [tmp_path / "po.pdf"]
    assert pdf_pages(tmp_path / "po.pdf")[0].startswith("Lakeside Family Clinic")
    assert purchasing.order_detail(detail.summary.id) == detail


def test_export_works_on_both_backends(db: Database, tmp_path: Path) -> None:
    detail = make_order([Line("Gauze 4×4 <sterile> & co"), Line("注射器")])
    text = pdf_pages(export_order(detail.summary.id, tmp_path / "po.pdf"))[0]
    assert "Gauze 4×4 <sterile> & co" in text and "注射器" in text
    assert order_forms.export_order(detail.summary.id, tmp_path / "po.xlsx").stat().st_size > 0


# ---------------------------------------------------------------- codes and numbers stay whole


def _page_lines(path: Path) -> list[str]:
    return [line for page in PdfReader(path).pages for line in page.extract_text().splitlines()]


def test_codes_quantities_and_big_totals_are_never_broken_inside_their_cell(
    sqlite_db: Database, tmp_path: Path
) -> None:
    detail = make_order(
        [
            Line("Wound tape, transparent, 1 in", 250_000, "12.50", "DYGR59033003", "WND-TAP-TRN1"),
            Line(
                "Exam table paper, smooth, 21 in × 225 ft",
                3,
                "1499999.99",
                "MDS-0877-2231XL",
                "EXM-PPR-21-XL",
            ),
            Line("Gauze", 12, "4.10", "CCD58340C", "GZ-44-STERILE-200"),
        ]
    )
    for size in ("Letter", "A4"):
        save_office_settings(replace(OFFICE, page_size=size))
        path = export_order(detail.summary.id, tmp_path / f"po-{size}.pdf")

        lines = _page_lines(path)
        wanted = [money(detail.total)]
        for line in detail.lines:
            wanted += [line.sku, line.supplier_sku, f"{line.quantity:,}", money(line.line_total)]
        assert "250,000" in wanted and "$3,125,000.00" in wanted and detail.total > 1_000_000
        for text in wanted:
            assert any(text in row for row in lines), (size, text, lines)
        # The description is the column that wraps.
        assert "Exam table paper, smooth, 21 in × 225 ft" not in lines


def test_very_long_codes_are_shrunk_before_they_break_and_the_description_keeps_room(
    sqlite_db: Database, tmp_path: Path
) -> None:
    detail = make_order(
        [
            Line(
                "Nitrile exam gloves, powder-free, medium",
                40,
                "64.50",
                "NGM-453983-0001-A",
                "GLV-NIT-M-2024-CASE",
            ),
            Line("Syringe 5 ml", 2, "9.00", "SUPPLIERPART-1234567", "SYR-05ML-LUERLOCK-100"),
        ]
    )
    path = export_order(detail.summary.id, tmp_path / "po.pdf")
    lines = _page_lines(path)
    for line in detail.lines:
        for text in (line.sku, line.supplier_sku):
            assert any(text in row for row in lines), (text, lines)
    assert any("Nitrile exam gloves" in row for row in lines)
    widths = order_columns.column_widths(
        [
            [
                "1",
                "SUPPLIERPART-1234567",
                "SYR-05ML-LUERLOCK-100",
                "x",
                "case of 10 boxes",
                "2",
                "$9.00",
                "$18.00",
            ]
        ],
        500,
    )
    assert widths[order_columns.DESCRIPTION] >= 500 * order_columns.MIN_DESCRIPTION - 0.01
    assert sum(widths) == pytest.approx(500)
