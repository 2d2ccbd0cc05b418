"""Reading the office's own files: workbooks as they are, CSV in Excel's encodings and separators.

Each cleaning rule is checked through a real file here (the rules themselves
are tested one by one in tests/core/test_import_values.py).
"""

from __future__ import annotations

import codecs
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from inventory_app.core.catalog import items as catalog
from inventory_app.core.importing.apply import apply_import
from inventory_app.core.importing.plan import plan_import
from inventory_app.core.importing.types import RowAction
from inventory_app.core.importing.values import FormulaWithoutValue
from inventory_app.core.stock import queries as stock_queries
from inventory_app.documents.importing import read_import, read_sheet
from inventory_app.errors import ImportFileError
from tests.documents.workbooks import number_cell, raw_sheet, text_cell, xlsx

DATA = Path(__file__).resolve().parents[1] / "data"


def test_header_below_a_merged_title_and_blank_rows(tmp_path: Path) -> None:
    path = xlsx(
        tmp_path / "office.xlsx",
        [
            ["Main Street Clinic: supply room"],
            [],
            ["Updated", datetime(2024, 5, 1)],
            ["Item #", "Description", "Qty", "Min", "Max"],
            ["GLV-M", "Gloves M", 12, 4, 20],
        ],
        merge="A1:E1",
    )
    source = read_import(path)
    assert source.columns.header_row == 4
    assert source.columns.fields == {"sku": 0, "name": 1, "quantity": 2, "reorder_point": 3, "par_level": 4}
    assert [(r.number, r.values) for r in source.rows] == [(5, ("GLV-M", "Gloves M", 12, 4, 20))]


def test_cleaning_rules_through_a_workbook(tmp_path: Path, sqlite_db: object) -> None:
    path = xlsx(
        tmp_path / "messy.xlsx",
        [
            ["SKU ", "  Name", "QTY ", "Unit Cost ($)", "Min", "Lot", "Exp Date"],
            [1001, "Numbers as numbers ", "12", "$12.50", " 3 ", None, None],
            ["GZ-44  ", "Thousands", "1,200", "1,200.00", 4.0, None, None],
            ["VAX-1", "Date cell", 5, 30, 2, "L1", datetime(2027, 3, 31)],
            ["VAX-2", "Date serial", 5, 30, 2, "L2", 46477],
            ["VAX-3", "Date text", 5, 30, 2, "L3", "03/31/2027"],
            [None, None, None, None],
            [],
            [None, "Total", "=SUM(C2:C6)"],
            [],
            [],
        ],
    )
    plan = plan_import(read_import(path))
    assert plan.counts == {"create": 5, "update": 0, "unchanged": 0, "error": 0}
    assert [s.row for s in plan.skipped] == [9]
    apply_import(plan)
    detail = catalog.item_detail(catalog.item_id_for("1001"))
    assert (detail.name, detail.on_hand, detail.unit_cost, detail.reorder_point) == (
        "Numbers as numbers",
        12,
        Decimal("12.50"),
        3,
    )
    assert catalog.item_detail(catalog.item_id_for("GZ-44")).on_hand == 1200
    expiries = {
        sku: stock_queries.lots(catalog.item_id_for(sku))[0].expires_on for sku in ("VAX-1", "VAX-2", "VAX-3")
    }
    assert set(expiries.values()) == {date(2027, 3, 31)}


def test_a_formula_without_saved_result_is_a_row_error_never_zero(tmp_path: Path, sqlite_db: object) -> None:
    """RELIABILITY D4."""
    path = xlsx(tmp_path / "formulas.xlsx", [["SKU", "Name", "Qty"], ["A1", "x", "=B7*2"], ["B1", "y", 3]])
    source = read_import(path)
    assert source.rows[0].values[2] == FormulaWithoutValue("=B7*2")
    plan = plan_import(source)
    assert plan.rows[0].action is RowAction.ERROR
    issue = plan.rows[0].issues[0]
    assert (issue.row, issue.column, issue.field) == (2, "C", "quantity")
    assert "formula (=B7*2) whose result was never saved" in issue.message
    assert plan.rows[1].action is RowAction.CREATE


def test_a_formula_with_a_saved_result_reads_as_that_result(tmp_path: Path) -> None:
    path = raw_sheet(
        tmp_path / "saved.xlsx",
        f'<row r="1">{text_cell("A1", "SKU")}{text_cell("B1", "Qty")}{text_cell("C1", "Name")}</row>'
        f'<row r="2">{text_cell("A2", "A1")}<c r="B2"><f>1+1</f><v>2</v></c>'
        f'<c r="C2" t="str"><f>""</f><v></v></c></row>'
        f'<row r="3">{text_cell("A3", "B1")}<c r="B3"><f>C9*2</f></c></row>',
    )
    rows = read_sheet(path).rows
    assert rows[1].values[:2] == ("A1", 2)
    assert rows[1].values[2:] == ()  # a text formula that saved "" is an empty cell
    assert rows[2].values == ("B1", FormulaWithoutValue("=C9*2"))


def test_sheet_choice(tmp_path: Path) -> None:
    path = xlsx(
        tmp_path / "two.xlsx",
        [["Notes about this file"]],
        title="Read me",
        more_sheets={"Stock": [["SKU", "Name"], ["A1", "x"]]},
    )
    assert read_sheet(path).sheet == "Read me"
    chosen = read_sheet(path, "stock")
    assert (chosen.sheet, chosen.sheet_names) == ("Stock", ("Read me", "Stock"))
    assert read_import(path, "Stock").rows[0].values == ("A1", "x")
    with pytest.raises(
        ImportFileError, match="two.xlsx has no sheet named “Prices”; its sheets are “Read me”, “Stock”"
    ):
        read_sheet(path, "Prices")


def test_xlsm_is_read_like_xlsx(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "macro.xlsm", [["SKU", "Name"], ["A1", "x"]])
    assert read_sheet(path).rows[1].values == ("A1", "x")


def test_empty_trailing_rows_and_styled_empty_cells_are_left_out(tmp_path: Path) -> None:
    rows = "".join(
        f'<row r="{n}"><c r="A{n}" s="0"/><c r="B{n}" t="inlineStr"><is><t>  </t></is></c></row>'
        for n in range(3, 60)
    )
    path = raw_sheet(
        tmp_path / "styled.xlsx",
        f'<row r="1">{text_cell("A1", "SKU")}{text_cell("B1", "Qty")}</row>'
        f'<row r="2">{text_cell("A2", "A1")}{number_cell("B2", 4)}</row>{rows}',
    )
    assert [r.number for r in read_sheet(path).rows] == [1, 2]


# ---------------------------------------------------------------- CSV


def _write(path: Path, text: str, encoding: str) -> Path:
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("cp1252", b""), ("utf-16-le", codecs.BOM_UTF16_LE)],
)
def test_csv_encodings(tmp_path: Path, encoding: str, bom: bytes) -> None:
    text = "SKU,Name,Unit cost\r\nCAF-1,Café crème – 250 g,€3.10\r\n"
    path = tmp_path / "items.csv"
    path.write_bytes(bom + text.encode(encoding))
    rows = read_sheet(path).rows
    assert rows[1].values == ("CAF-1", "Café crème – 250 g", "€3.10")


@pytest.mark.parametrize("separator", [",", ";", "\t"])
def test_csv_separators(tmp_path: Path, separator: str) -> None:
    lines = [["SKU", "Name", "Qty"], ["A1", "Gauze, 4x4", "1,5"], ["B2", 'Tape "paper"', "3"]]
    text = "\n".join(
        separator.join(
            f'"{c.replace(chr(34), chr(34) * 2)}"' if separator in c or '"' in c else c for c in line
        )
        for line in lines
    )
    rows = read_sheet(_write(tmp_path / "s.csv", text + "\n", "utf-8")).rows
    assert [r.values for r in rows] == [tuple(line) for line in lines]


def test_csv_row_numbers_and_blank_lines(tmp_path: Path) -> None:
    text = 'SKU,Name\n\nA1,"two\nlines"\n,\nB2,x\n\n\n'
    rows = read_sheet(_write(tmp_path / "n.csv", text, "utf-8")).rows
    assert [(r.number, r.values) for r in rows] == [
        (1, ("SKU", "Name")),
        (3, ("A1", "two\nlines")),
        (5, ("B2", "x")),
    ]


def test_csv_from_tests_data_in_windows_encoding_with_semicolons(sqlite_db: object) -> None:
    source = read_import(DATA / "excel-semicolon-cp1252.csv")
    plan = plan_import(source)
    assert plan.counts["error"] == 0, [str(i) for i in plan.issues]
    apply_import(plan)
    detail = catalog.item_detail(catalog.item_id_for("CAF-250"))
    assert detail.name == "Café moulu – 250 g" and detail.unit_cost == Decimal("3.10")
    assert detail.on_hand == 1200


def test_checksum_depends_on_content_and_sheet(tmp_path: Path) -> None:
    one = xlsx(tmp_path / "one.xlsx", [["SKU"], ["A1"]], more_sheets={"Other": [["SKU"], ["B2"]]})
    first, again = read_sheet(one), read_sheet(one)
    assert first.checksum == again.checksum
    assert read_sheet(one, "Other").checksum != first.checksum
    csv_path = _write(tmp_path / "a.csv", "SKU\nA1\n", "utf-8")
    before = read_sheet(csv_path).checksum
    _write(csv_path, "SKU\nA2\n", "utf-8")
    assert read_sheet(csv_path).checksum != before


def test_csv_bytes_cp1252_leaves_undefined_are_read_as_latin1() -> None:
    from inventory_app.documents.csv_in import decode

    assert decode("Café".encode("cp1252"), "x.csv") == ("Café", "cp1252")
    assert decode(b"Caf\x81", "x.csv") == ("Caf\x81", "latin-1")
    assert decode("Café".encode(), "x.csv") == ("Café", "utf-8")


def test_h3_a_csv_mixing_utf8_and_cp1252_is_refused_naming_the_row(tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    lines = ["SKU,Name,Qty", "GZ-1,Gaze stérile,3", "GZ-2,Compresse nœud,4", "GZ-3,Pansement brûlure,5"]
    data = b"".join(line.encode("utf-8") + b"\r\n" for line in lines[:3])
    path.write_bytes(data + lines[3].encode("cp1252") + b"\r\nGZ-4,Creme,6\r\n")
    with pytest.raises(ImportFileError, match=r"mixes text encodings: row 4 ") as refused:
        read_sheet(path)
    assert refused.value.row == 4
    # The same rows all in cp1252, or all in UTF-8, are read as written.
    for encoding in ("cp1252", "utf-8"):
        path.write_bytes("\r\n".join(lines).encode(encoding))
        names = [row.values[1] for row in read_sheet(path).rows[1:]]
        assert names == ["Gaze stérile", "Compresse nœud", "Pansement brûlure"]


def test_h3_a_csv_with_an_unclosed_quote_is_refused_naming_the_row(tmp_path: Path) -> None:
    path = tmp_path / "quote.csv"
    path.write_text(
        'SKU,Name,Qty\nGZ-1,Gauze,3\nGZ-2,"Tape 2,4\nGZ-3,Pads,5\nGZ-4,Gloves,6\n', encoding="utf-8"
    )
    with pytest.raises(ImportFileError, match=r"row 3 opens a quote") as refused:
        read_sheet(path)
    assert refused.value.row == 3
    # Closed only far below: refused too, the rows in between would be lost.
    body = "".join(f"GZ-{n},Item {n},{n}\n" for n in range(4, 60))
    path.write_text(f'SKU,Name,Qty\nGZ-1,Gauze,3\nGZ-2,"Tape 2,4\n{body}GZ-9,"x",1\n', encoding="utf-8")
    with pytest.raises(ImportFileError, match=r"row 3 opens a quote"):
        read_sheet(path)
    # A quoted cell over a few lines, closed, is one cell.
    path.write_text('SKU,Name,Qty\nGZ-1,"Gauze\nsterile, 5 cm",3\nGZ-2,Tape,4\n', encoding="utf-8")
    rows = read_sheet(path).rows
    assert [row.values for row in rows[1:]] == [("GZ-1", "Gauze\nsterile, 5 cm", "3"), ("GZ-2", "Tape", "4")]


@pytest.mark.parametrize(
    "text",
    [
        # The stray quote closes a few lines below: the cell holds whole rows, same cell count.
        'SKU,Name,Qty\nGZ-1,Gauze,3\nGZ-2,"Tape 2,4\nGZ-3,Pads,5\nGZ-4,Gloves",6\nGZ-5,Swabs,7\n',
        # ... or only the start of the next row: the row then has more cells than the heading.
        'SKU,Name,Qty\nGZ-1,Gauze,3\nGZ-2,"Tape 2,4\nGZ-3",Pads,5\nGZ-4,Gloves,6\n',
        # ... in a file with semicolons and CRLF, Excel's way in much of Europe.
        'SKU;Name;Qty\r\nGZ-1;Gauze;3\r\nGZ-2;"Tape 2;4\r\nGZ-3;Pads;5\r\nGZ-4";Gloves;6\r\n',
    ],
)
def test_h3_a_stray_quote_closed_a_few_lines_below_is_refused_naming_the_row(
    tmp_path: Path, text: str
) -> None:
    path = tmp_path / "stray.csv"
    path.write_bytes(text.encode())
    with pytest.raises(
        ImportFileError, match=r"row 3 opens a quote .* closed only by another quote"
    ) as refused:
        read_sheet(path)
    assert refused.value.row == 3


def test_h3_notes_over_several_lines_still_import(tmp_path: Path) -> None:
    """Real exports put line breaks in notes and names; those cells are kept whole."""
    path = tmp_path / "notes.csv"
    path.write_text(
        "SKU,Name,Qty,Notes\r\n"
        'GZ-1,Gauze,3,"Keep dry.\r\nReorder from Acme, not Medline."\r\n'
        'GZ-2,"Tape,\n2 cm",4,"Line one\nLine two\nLine three, with a comma"\r\n'
        'GZ-3,Pads,5,""\r\n'
        'GZ-4,Gloves,6,"He said ""hi""\nthen left"\r\n',
        encoding="utf-8",
    )
    rows = read_sheet(path).rows
    assert [row.values for row in rows[1:]] == [
        ("GZ-1", "Gauze", "3", "Keep dry.\r\nReorder from Acme, not Medline."),
        ("GZ-2", "Tape,\n2 cm", "4", "Line one\nLine two\nLine three, with a comma"),
        ("GZ-3", "Pads", "5"),
        ("GZ-4", "Gloves", "6", 'He said "hi"\nthen left'),
    ]
