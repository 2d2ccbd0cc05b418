"""The two readers of a workbook: python-calamine for plain sheets, openpyxl for the rest.

A plain sheet goes the fast way and gives exactly the rows openpyxl gives; a sheet
that calamine would read differently (a formula without a saved value, an error
cell, a number a float cannot hold, a grid too large to hold) goes openpyxl's
streaming way, so D1-D4 hold whatever reader is used.
"""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import pytest

from inventory_app.core.importing.values import FormulaWithoutValue
from inventory_app.documents import xlsx_in
from inventory_app.errors import ImportFileError
from tests.documents.workbooks import number_cell, raw_sheet, text_cell, xlsx


def _both(path: Path, monkeypatch: pytest.MonkeyPatch, sheet: str | None = None) -> tuple[object, object]:
    """(what the fast way read, what openpyxl alone reads) of the same file."""
    fast = xlsx_in.read_xlsx(path, sheet)
    with monkeypatch.context() as patch:
        patch.setattr(xlsx_in, "CalamineWorkbook", None)
        slow = xlsx_in.read_xlsx(path, sheet)
    return fast, slow


@pytest.fixture
def calamine_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The sheets calamine read (the others went openpyxl's way)."""
    calls: list[str] = []
    real = xlsx_in._fast_rows

    def counting(handle, name, title, progress, cancelled):
        calls.append(title)
        return real(handle, name, title, progress, cancelled)

    monkeypatch.setattr(xlsx_in, "_fast_rows", counting)
    return calls


def test_a_plain_sheet_is_read_by_calamine_exactly_as_openpyxl_reads_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, calamine_calls: list[str]
) -> None:
    rows = [
        ["Main Street Clinic"],
        [],
        [None, "SKU", "Name", "Qty", "Cost", "Expires", "Tracks", "Time", "Blank"],
        [None, "GLV-M", "Gloves", 12, 4.75, datetime(2027, 6, 30), True, time(10, 30), "   "],
        [None, 40012345678, "Gauze", 0, 0.068, date(2028, 1, 31), False, None, None],
        [None, "  ", None, None, None, None, None, None, None],
        [None, "SWAB", "Swabs, 100", -3, 30.9831, None, None, None, None, "far right"],
    ]
    path = xlsx(tmp_path / "plain.xlsx", rows, more_sheets={"Second": [["SKU"], ["X-1"]]})
    fast, slow = _both(path, monkeypatch)
    assert calamine_calls == ["Items"]
    assert fast == slow
    names, title, read = fast
    assert names == ("Items", "Second") and title == "Items"
    assert [row.number for row in read] == [1, 3, 4, 5, 7]
    assert read[2].values == (None, "GLV-M", "Gloves", 12, 4.75, datetime(2027, 6, 30), True, time(10, 30))
    assert read[3].values[1] == 40012345678 and type(read[3].values[1]) is int
    assert read[3].values[5] == datetime(2028, 1, 31)  # a date cell is a datetime, as openpyxl gives it
    assert read[4].values[-1] == "far right"
    fast, slow = _both(path, monkeypatch, sheet="second")
    assert fast == slow and fast[1] == "Second" and calamine_calls[-1] == "Second"


def test_d4_a_formula_without_a_saved_value_goes_to_openpyxl_and_stays_a_row_error(
    tmp_path: Path, calamine_calls: list[str]
) -> None:
    path = raw_sheet(
        tmp_path / "formula.xlsx",
        f'<row r="1">{text_cell("A1", "SKU")}{text_cell("B1", "Qty")}</row>'
        f'<row r="2">{text_cell("A2", "GLV")}<c r="B2"><f>C2*2</f></c></row>',
    )
    _, _, rows = xlsx_in.read_xlsx(path)
    assert calamine_calls == []
    assert isinstance(rows[1].values[1], FormulaWithoutValue)


def test_error_cells_and_numbers_beyond_a_float_are_read_as_written(
    tmp_path: Path, calamine_calls: list[str]
) -> None:
    error = raw_sheet(
        tmp_path / "error.xlsx",
        f'<row r="1">{text_cell("A1", "SKU")}{text_cell("B1", "Qty")}</row>'
        f'<row r="2">{text_cell("A2", "GLV")}<c r="B2" t="e"><v>#N/A</v></c></row>',
    )
    assert xlsx_in.read_xlsx(error)[2][1].values == ("GLV", "#N/A")  # calamine would read it as empty
    big = raw_sheet(
        tmp_path / "big.xlsx",
        f'<row r="1">{text_cell("A1", "Barcode")}</row>'
        f'<row r="2">{number_cell("A2", "12345678901234567890")}</row>',
    )
    assert xlsx_in.read_xlsx(big)[2][1].values == (12345678901234567890,)  # not 12345678901234567168
    assert calamine_calls == ["Items"]  # tried, and left to openpyxl


@pytest.mark.parametrize("far", ["XFD1048576", "GR99999", "M999999"])
def test_d2_a_cell_far_away_is_not_held_as_a_grid(
    tmp_path: Path, far: str, calamine_calls: list[str]
) -> None:
    """calamine holds a sheet as rows × columns: two cells at opposite corners would ask for
    billions; such a sheet is streamed by openpyxl instead."""
    row = "".join(ch for ch in far if ch.isdigit())
    path = raw_sheet(
        tmp_path / "far.xlsx",
        f'<row r="1">{text_cell("A1", "SKU")}</row><row r="{row}">{text_cell(far, "x")}</row>',
    )
    try:
        _, _, rows = xlsx_in.read_xlsx(path)
    except ImportFileError:
        rows = []
    assert calamine_calls == []
    assert all(len(r.values) <= xlsx_in.MAX_COLUMNS for r in rows)


@pytest.mark.parametrize(("far", "fast"), [("E40", True), ("GS40", False), ("A400", False)])
def test_d2_a_wider_cell_below_the_first_rows_is_found(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    calamine_calls: list[str],
    far: str,
    fast: bool,
) -> None:
    """The widest column is taken from the first cells, then a wider one (or a cell beyond the
    last row) is looked for further down: found, the grid is measured cell by cell."""
    monkeypatch.setattr(xlsx_in, "_FIRST_CELLS", 200)
    rows = "".join(
        f'<row r="{n}">{text_cell(f"A{n}", f"S-{n}")}{number_cell(f"B{n}", str(n))}</row>'
        for n in range(1, 40)
    )
    path = raw_sheet(tmp_path / "wide.xlsx", rows + f'<row r="40">{text_cell(far, "x")}</row>')
    read, slow = _both(path, monkeypatch)
    assert read == slow
    assert calamine_calls == (["Items"] if fast else [])


def test_d2_over_the_row_cap_is_refused_while_streaming(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, calamine_calls: list[str]
) -> None:
    path = xlsx(tmp_path / "long.xlsx", [["SKU"]] + [[f"A{i}"] for i in range(30)])
    monkeypatch.setattr(xlsx_in, "MAX_ROWS", 10)
    with pytest.raises(ImportFileError, match="has more than 10 rows") as caught:
        xlsx_in.read_xlsx(path)
    assert caught.value.row == 11 and calamine_calls == []
