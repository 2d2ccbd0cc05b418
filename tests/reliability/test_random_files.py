"""Bad input (issue 8): random .xlsx workbooks and .csv files through the real import path.

Hypothesis builds a sheet (header or not, a title row, empty sheets, clean rows and wild
cells: wrong types, 10**30, 1e308, inf/nan, control characters, formulas with and without a
saved result, error cells, duplicate and existing SKUs), writes it as an .xlsx (parts written by
hand, so everything Excel can store is possible) or a CSV (several encodings and separators),
sometimes damages the bytes (truncated, bytes flipped, not a zip at all, empty), and imports it
with the functions the command line's `import` uses: `read_import`, `plan_import`,
`apply_import`, with and without --only-valid.

Every file must end in one of two ways:
- a clear `InventoryError`: one line, names the file, names the row (and column) when it is about
  one cell, and the database is exactly as before (a dump of every table);
- a correct import: the clean rows are in the database with the name and stock the file gave,
  importing the file again changes nothing (the database holds what the file said), rows with
  errors wrote nothing, items the file does not mention are untouched, on hand equals the ledger.
Any other exception fails the test.

Each example runs inside an outer transaction that is rolled back afterwards, so every file meets
the same database; the services' own units become savepoints in it, and a partial write would
still show in the dump taken inside the transaction.
"""

from __future__ import annotations

import codecs
import csv
import io
import random
import re
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from peewee import Database

from inventory_app.core.catalog import items as catalog
from inventory_app.core.importing.apply import apply_import
from inventory_app.core.importing.columns import column_letter
from inventory_app.core.importing.plan import plan_import
from inventory_app.core.importing.types import ImportPlan, RowAction
from inventory_app.core.stock import movements as stock
from inventory_app.core.stock.check import check_database
from inventory_app.core.types import ItemInput
from inventory_app.db.connection import current_database
from inventory_app.db.models import Item, Lot
from inventory_app.documents.importing import read_import
from inventory_app.errors import ImportFileError, InventoryError
from tests.documents.workbooks import xlsx

XLSX_EXAMPLES = 400
CSV_EXAMPLES = 400
SETTINGS = settings(deadline=None, suppress_health_check=list(HealthCheck), database=None)
EXISTING = {"A1": ("Gloves", 5), "B-2": ("Flu vaccine", 3)}

# ---------------------------------------------------------------- what a cell can hold


@dataclass(frozen=True)
class Formula:
    expression: str  # without the "="
    cached: object = None  # the saved result, or None when the file has none


@dataclass(frozen=True)
class ErrorCell:
    code: str


CONTROL = "".join(chr(c) for c in [*range(0, 32), 127])
wild_text = st.text(
    alphabet=st.one_of(
        st.sampled_from(CONTROL),
        st.characters(blacklist_categories=("Cs",)),
        st.sampled_from("=+-@,;\t\"'\r\n "),
    ),
    max_size=16,
)
numbers = st.one_of(
    st.integers(-5, 10**6),
    st.sampled_from([10**30, -(10**30), 10**20, 2**63, 0]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([1e308, -1e308, 1.5, 2.0, -0.0, 5e-324]),
)
odd_text = st.sampled_from(
    ["inf", "-inf", "nan", "NaN", "1e309", "1e3", "1,5", " 12 ", "1_000", "١٢", "12abc", "--1", "0x10", ""]
)
formulas = st.builds(
    Formula,
    st.sampled_from(["1+1", "SUM(C1:C3)", 'HYPERLINK("http://x","y")', "A1", "1/0", "NOW()"]),
    st.one_of(st.none(), numbers, wild_text, st.booleans()),
)
wild_cells = st.one_of(
    st.none(),
    numbers,
    wild_text,
    odd_text,
    formulas,
    st.booleans(),
    st.builds(ErrorCell, st.sampled_from(["#DIV/0!", "#N/A", "#REF!", "#VALUE!"])),
)
wild_skus = st.one_of(
    st.sampled_from(["A1", "a1", "B-2", "DUP", "DUP", "X 1", "=A1", ""]), wild_text, numbers
)

HEADERS = {
    "standard": ["SKU", "Name", "Qty"],
    "more": ["Item #", "Description", "Qty on hand", "Min", "Max", "Vendor", "Cost", "Unit"],
    "odd": ["SKU", "Name", "Qty", "SKU", "", "=SUM(1)", "Notes"],
}


@dataclass(frozen=True)
class Sheet:
    layout: str  # "header", "title", "no header", "empty", "header only"
    header: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]
    clean: dict[str, tuple[str, int]]  # SKU → (name, quantity) of the rows written cleanly


@st.composite
def sheets(draw: st.DrawFn) -> Sheet:
    layout = draw(st.sampled_from(["header"] * 6 + ["title", "no header", "empty", "header only"]))
    header = tuple(HEADERS[draw(st.sampled_from(sorted(HEADERS)))])
    rows: list[tuple[object, ...]] = []
    clean: dict[str, tuple[str, int]] = {}
    if layout not in ("empty", "header only"):
        for index in range(draw(st.integers(0, 10))):
            if draw(st.booleans()):
                sku = f"CL-{index}"
                name = draw(st.text(alphabet="abcdefghij XYZ", min_size=1, max_size=12).filter(str.strip))
                qty = draw(st.integers(0, 10**6))
                clean[sku] = (name.strip(), qty)
                row = [sku, name, qty]
            else:
                row = [draw(wild_skus), draw(st.one_of(wild_text, wild_cells)), draw(wild_cells)]
            row += [draw(wild_cells) for _ in range(len(header) - 3)]
            rows.append(tuple(row))
    return Sheet(layout, header, tuple(rows), clean)


def _table(sheet: Sheet) -> list[tuple[object, ...]]:
    if sheet.layout == "empty":
        return []
    lines: list[tuple[object, ...]] = []
    if sheet.layout == "title":
        lines.append(("Supply list, spring count",))
    if sheet.layout != "no header":
        lines.append(sheet.header)
    return lines + list(sheet.rows)


# ---------------------------------------------------------------- writing an .xlsx by hand

_XML_CHAR = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(text: str, raw_controls: bool) -> str:
    """Text for an XML part; characters XML cannot hold as Excel writes them (_x0001_), or raw
    (which makes the part malformed, as a broken writer would)."""
    escaped = escape(text.replace("_x", "_x005F_x"))
    if raw_controls:
        return escaped
    return _XML_CHAR.sub(lambda m: f"_x{ord(m.group()):04X}_", escaped)


def _number(value: float | int) -> str:
    return repr(value) if isinstance(value, float) else str(value)


def _cell_xml(ref: str, value: object, raw_controls: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{_number(value)}</v></c>'
    if isinstance(value, ErrorCell):
        return f'<c r="{ref}" t="e"><v>{value.code}</v></c>'
    if isinstance(value, Formula):
        formula = f"<f>{escape(value.expression)}</f>"
        cached = value.cached
        if cached is None:
            return f'<c r="{ref}">{formula}</c>'
        if isinstance(cached, bool):
            return f'<c r="{ref}" t="b">{formula}<v>{int(cached)}</v></c>'
        if isinstance(cached, int | float):
            return f'<c r="{ref}">{formula}<v>{_number(cached)}</v></c>'
        return f'<c r="{ref}" t="str">{formula}<v>{_xml_text(str(cached), raw_controls)}</v></c>'
    text = _xml_text(str(value), raw_controls)
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


def _sheet_xml(table: list[tuple[object, ...]], raw_controls: bool) -> bytes:
    rows = []
    for number, values in enumerate(table, start=1):
        cells = "".join(
            _cell_xml(f"{column_letter(i)}{number}", v, raw_controls) for i, v in enumerate(values)
        )
        rows.append(f'<row r="{number}">{cells}</row>')
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{''.join(rows)}</sheetData></worksheet>"
    ).encode("utf-8", "surrogatepass")


_TEMPLATE: dict[str, bytes] = {}


def _template_parts(folder: Path) -> dict[str, bytes]:
    """The parts of a one-sheet workbook saved by openpyxl (all but the sheet are reused)."""
    if not _TEMPLATE:
        path = xlsx(folder / "template.xlsx", [["placeholder"]])
        with zipfile.ZipFile(path) as archive:
            _TEMPLATE.update({name: archive.read(name) for name in archive.namelist()})
    return _TEMPLATE


def write_xlsx(folder: Path, table: list[tuple[object, ...]], raw_controls: bool) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in _template_parts(folder).items():
            if name != "xl/worksheets/sheet1.xml":
                archive.writestr(name, data)
        archive.writestr("xl/worksheets/sheet1.xml", _sheet_xml(table, raw_controls))
    return buffer.getvalue()


# ---------------------------------------------------------------- writing a CSV


def _csv_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, Formula):
        return "=" + value.expression
    if isinstance(value, ErrorCell):
        return value.code
    return str(value)


def write_csv(table: list[tuple[object, ...]], encoding: str, separator: str, newline: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=separator, lineterminator=newline)
    for values in table:
        writer.writerow([_csv_text(v) for v in values])
    text = out.getvalue()
    if encoding == "utf-16":
        return codecs.BOM_UTF16_LE + text.encode("utf-16-le", "surrogatepass")
    if encoding == "utf-8-sig":
        return codecs.BOM_UTF8 + text.encode("utf-8", "surrogatepass")
    return text.encode(encoding, "replace" if encoding != "utf-8" else "surrogatepass")


# ---------------------------------------------------------------- damage

_DAMAGE = {
    "none": st.just(("none",)),
    "truncate": st.tuples(st.just("truncate"), st.floats(0, 1)),
    "flip": st.tuples(st.just("flip"), st.integers(0, 2**32 - 1), st.integers(1, 30)),
    "garbage": st.tuples(st.just("garbage"), st.binary(max_size=300)),
    "empty": st.just(("empty",)),
}
# Most files arrive whole; the rest truncated, with bytes flipped, not a file of the kind at all, or empty.
damages = st.sampled_from(["none"] * 6 + ["truncate", "flip", "garbage", "empty"]).flatmap(
    _DAMAGE.__getitem__
)


def damage(data: bytes, how: tuple[object, ...]) -> bytes:
    kind = how[0]
    if kind == "truncate":
        return data[: int(len(data) * float(how[1]))]  # type: ignore[arg-type]
    if kind == "flip":
        rng = random.Random(how[1])  # type: ignore[arg-type]
        changed = bytearray(data)
        for _ in range(int(how[2])):  # type: ignore[call-overload]
            if changed:
                changed[rng.randrange(len(changed))] = rng.randrange(256)
        return bytes(changed)
    if kind == "garbage":
        return bytes(how[1])  # type: ignore[arg-type]
    if kind == "empty":
        return b""
    return data


# ---------------------------------------------------------------- the database and the checks

TABLES = ("category", "location", "supplier", "item", "lot", "movement", "setting", "audit_event")


def dump() -> dict[str, list[tuple[object, ...]]]:
    db = current_database()
    return {
        table: [tuple(r) for r in db.execute_sql(f"SELECT * FROM {table} ORDER BY 1").fetchall()]
        for table in TABLES
        if table in db.get_tables()
    }


def items_by_sku() -> dict[str, tuple[str, int]]:
    rows = current_database().execute_sql("SELECT sku, name, on_hand FROM item").fetchall()
    return {str(sku).lower(): (name, int(on_hand)) for sku, name, on_hand in rows}


@pytest.fixture
def seeded(sqlite_db: Database) -> Iterator[Database]:
    for sku, (name, quantity) in EXISTING.items():
        tracked = sku == "B-2"
        item = catalog.create_item(ItemInput(sku=sku, name=name, tracks_expiry=tracked))
        if tracked:
            stock.receive(item.id, quantity, lot="L1", expires="2099-03-31")
        else:
            stock.receive(item.id, quantity)
    yield sqlite_db


def assert_clear(exc: InventoryError, file_name: str) -> None:
    message = str(exc)
    assert message.strip(), type(exc).__name__
    assert "\n" not in message and "Traceback" not in message, message
    assert file_name in message, f"the message does not name the file: {message!r}"
    if isinstance(exc, ImportFileError) and exc.row is not None:
        assert f"row {exc.row}" in message.lower(), message
        if exc.column:
            assert exc.column in message, message


def assert_issues_located(plan: ImportPlan) -> None:
    """Every row error says the row and the column of the cell (the SKU's when it is the row)."""
    columns = plan.source.columns
    numbers = {row.number for row in plan.source.rows}
    for issue in plan.issues:
        assert issue.message.strip() and "Traceback" not in issue.message
        assert len(issue.message.splitlines()) == 1 and "\r" not in issue.message, repr(issue.message)
        assert issue.row in numbers, issue
        expected = columns.letter(issue.field) or columns.letter("sku")
        assert issue.column == expected, issue


def assert_imported(
    path: Path, plan: ImportPlan, sheet: Sheet, damaged: bool, before: dict, only_valid: bool = False
) -> int:
    """The database holds what the file said; returns how many clean rows were compared. With
    `only_valid`, a row whose only errors are in its price cells was written without the price."""
    report = check_database()
    assert report.ok, report.problems
    now = items_by_sku()
    # Importing the same file again finds nothing to change in the rows that were imported.
    again = plan_import(read_import(path))
    assert [r.row for r in again.rows] == [r.row for r in plan.rows]
    for old, new in zip(plan.rows, again.rows, strict=True):
        if old.action is not RowAction.ERROR:
            assert new.action is RowAction.UNCHANGED, (old, new)
        elif only_valid and old.without_price is not None:  # its stock and the rest were written
            assert new.without_price is RowAction.UNCHANGED, (old, new)
    # Rows with errors wrote nothing: a new SKU that only had errors does not exist.
    planned = {r.sku.strip().lower() for r in plan.rows if r.action_for(only_valid) is not RowAction.ERROR}
    for row in plan.rows:
        key = row.sku.strip().lower()
        if row.action_for(only_valid) is RowAction.ERROR and key and key not in planned:
            assert (key in now) == (key in before), row
    # Items the file does not mention are untouched.
    mentioned = {r.sku.strip().lower() for r in plan.rows}
    for key, value in before.items():
        if key not in mentioned:
            assert now[key] == value, key
    # Rows written cleanly are there exactly as written (only when the bytes were not damaged).
    if not damaged and sheet.layout in ("header", "title") and sheet.header != tuple(HEADERS["odd"]):
        clean_rows = {r.sku: r for r in plan.rows if r.sku in sheet.clean}
        checked = 0
        for sku, (name, quantity) in sheet.clean.items():
            row = clean_rows.get(sku)
            assert row is not None, sku
            if row.action is not RowAction.ERROR:
                assert now[sku.lower()] == (name, quantity), (sku, now.get(sku.lower()))
                checked += 1
        return checked
    return 0


def import_once(path: Path, sheet: Sheet, only_valid: bool, damaged: bool) -> str:
    """Import `path` as the command line does; returns the outcome, or fails the test."""
    db = current_database()
    with db.atomic() as outer:
        before_dump = dump()
        before = items_by_sku()
        stage = "file"
        try:
            plan = plan_import(read_import(path))
            assert_issues_located(plan)
            stage = "rows with errors" if plan.has_errors and not only_valid else "apply"
            apply_import(plan, only_valid=only_valid)
        except InventoryError as exc:
            assert_clear(exc, path.name)
            assert dump() == before_dump
            outer.rollback()
            return f"refused ({stage}: {type(exc).__name__})"
        checked = assert_imported(path, plan, sheet, damaged, before, only_valid)
        outer.rollback()
        counts = plan.counts
        kind = "imported" if counts["create"] + counts["update"] else "imported (nothing to change)"
        return kind + (" (clean rows checked)" if checked else "")


def _report(kind: str, outcomes: Counter[str], wanted: int) -> None:
    tried = sum(outcomes.values())
    print(f"\n{kind}: {tried} files tried: " + ", ".join(f"{n} {k}" for k, n in sorted(outcomes.items())))
    assert tried >= wanted
    # Both ends are reached: files imported with their clean rows compared, and files refused.
    assert sum(n for k, n in outcomes.items() if k.endswith("(clean rows checked)")) > 0
    assert sum(n for k, n in outcomes.items() if k.startswith("refused")) > 0


# ---------------------------------------------------------------- the tests


def test_random_workbooks_import_correctly_or_are_refused_clearly(seeded: Database, tmp_path: Path) -> None:
    outcomes: Counter[str] = Counter()

    @settings(SETTINGS, max_examples=XLSX_EXAMPLES)
    @given(
        sheet=sheets(),
        raw_controls=st.sampled_from([False] * 5 + [True]),
        how=damages,
        only_valid=st.booleans(),
    )
    def run(sheet: Sheet, raw_controls: bool, how: tuple[object, ...], only_valid: bool) -> None:
        path = tmp_path / "supplies.xlsx"
        path.write_bytes(damage(write_xlsx(tmp_path, _table(sheet), raw_controls), how))
        outcomes[import_once(path, sheet, only_valid, damaged=how[0] != "none")] += 1

    run()
    _report("xlsx", outcomes, XLSX_EXAMPLES)


def test_random_csv_files_import_correctly_or_are_refused_clearly(seeded: Database, tmp_path: Path) -> None:
    outcomes: Counter[str] = Counter()

    @settings(SETTINGS, max_examples=CSV_EXAMPLES)
    @given(
        sheet=sheets(),
        encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"]),
        separator=st.sampled_from([",", ";", "\t"]),
        newline=st.sampled_from(["\n", "\r\n"]),
        how=damages,
        only_valid=st.booleans(),
    )
    def run(
        sheet: Sheet, encoding: str, separator: str, newline: str, how: tuple[object, ...], only_valid: bool
    ) -> None:
        path = tmp_path / "supplies.csv"
        path.write_bytes(damage(write_csv(_table(sheet), encoding, separator, newline), how))
        outcomes[import_once(path, sheet, only_valid, damaged=how[0] != "none")] += 1

    run()
    _report("csv", outcomes, CSV_EXAMPLES)


@pytest.mark.parametrize("cost", [1e26, 1e308, -1e26, 10**30])
def test_a_huge_cost_in_a_workbook_is_an_error_on_its_cell(
    seeded: Database, tmp_path: Path, cost: object
) -> None:
    """Found by the random workbooks: a cost of 1e26 stopped the whole import with a decimal error."""
    path = tmp_path / "supplies.xlsx"
    table = [("SKU", "Name", "Qty", "Cost"), ("NEW-1", "Gauze", 4, cost), ("NEW-2", "Tape", 2, 3.1)]
    path.write_bytes(write_xlsx(tmp_path, table, raw_controls=False))
    plan = plan_import(read_import(path))
    assert [r.action for r in plan.rows] == [RowAction.ERROR, RowAction.CREATE]
    (issue,) = plan.rows[0].issues
    assert (issue.row, issue.column, issue.field) == (2, "D", "unit_cost")
    assert "too large" in issue.message or "negative" in issue.message


def test_a_control_character_quoted_in_a_row_error_is_shown_not_obeyed(
    seeded: Database, tmp_path: Path
) -> None:
    """Found by the random files: a carriage return in a cell went into the one-line row error."""
    path = tmp_path / "supplies.csv"
    path.write_bytes(b'SKU,Name,Qty,Min\r\nNEW-1,Gauze,4,"0\r0"\r\n')
    plan = plan_import(read_import(path))
    (issue,) = plan.issues
    assert (issue.row, issue.column, issue.field) == (2, "D", "reorder_point")
    assert "0\u240d0" in issue.message and "\r" not in issue.message and "\n" not in str(issue)


# ---------------------------------------------------------------- day-first dates and decimal commas

DATE_STYLES = {"dmy": "{d:02d}/{m:02d}/{y}", "mdy": "{m:02d}/{d:02d}/{y}", "iso": "{y}-{m:02d}-{d:02d}"}
LOCALE_EXAMPLES = 300


def _written_date(day: date, style: str) -> str:
    return DATE_STYLES[style].format(d=day.day, m=day.month, y=day.year)


def _written_cost(cents: int, decimal_comma: bool, grouped: bool) -> str:
    whole, rest = divmod(cents, 100)
    number = f"{whole:,}" if grouped else str(whole)
    if decimal_comma:
        return number.replace(",", ".") + f",{rest:02d}"
    return number + f".{rest:02d}"


def test_random_locale_files_are_read_as_meant_or_refused_clearly(seeded: Database, tmp_path: Path) -> None:
    """A CSV as an office's locale writes it (US: month-first dates, decimal points, `,` or tabs;
    most of Europe: day-first dates, decimal commas, `;` or tabs), sometimes with a US file's costs
    written with decimal commas, and sometimes with the person's answer to "how are the dates
    written?": every expiry and cost is imported as meant, or the file (or the cell) is refused
    clearly with nothing written; never read the wrong way."""
    outcomes: Counter[str] = Counter()

    @settings(SETTINGS, max_examples=LOCALE_EXAMPLES)
    @given(
        expiries=st.lists(st.dates(date(2020, 1, 1), date(2040, 12, 31)), min_size=1, max_size=6),
        costs=st.lists(st.integers(1, 500_000_00), min_size=6, max_size=6),
        europe=st.booleans(),
        iso=st.booleans(),
        tabs=st.booleans(),
        grouped=st.booleans(),
        commas_in_a_us_file=st.booleans(),
        answered=st.booleans(),
    )
    def run(
        expiries: list[date],
        costs: list[int],
        europe: bool,
        iso: bool,
        tabs: bool,
        grouped: bool,
        commas_in_a_us_file: bool,
        answered: bool,
    ) -> None:
        style = "iso" if iso else "dmy" if europe else "mdy"
        separator = "\t" if tabs else ";" if europe else ","
        # A US file's comma decimals are tried where they cannot be a locale's: in a file separated
        # by commas. (A tab file with decimal commas is taken as written where the day comes first.)
        decimal_comma = europe or (commas_in_a_us_file and separator == ",")
        header = ("SKU", "Name", "Tracks expiry", "Lot", "Expiry", "Qty", "Cost")
        table = [header] + [
            (
                f"V-{i}",
                f"Vaccine {i}",
                "yes",
                f"L{i}",
                _written_date(day, style),
                "3",
                _written_cost(c, decimal_comma, grouped),
            )
            for i, (day, c) in enumerate(zip(expiries, costs, strict=False))
        ]
        text = io.StringIO()
        csv.writer(text, delimiter=separator, lineterminator="\r\n").writerows(table)
        path = tmp_path / "locale.csv"
        path.write_text(text.getvalue(), encoding="utf-8")
        answer = style if answered and style != "iso" else None
        db = current_database()
        with db.atomic() as outer:
            before = dump()
            try:
                plan = plan_import(read_import(path), dates=answer)  # type: ignore[arg-type]
                if plan.has_errors:
                    assert_issues_located(plan)
                    assert {i.field for i in plan.issues} <= {"unit_cost", "sku"}, plan.issues
                    assert separator != ";" and commas_in_a_us_file, (
                        plan.issues
                    )  # only a comma where none belongs
                    outcomes["cells refused"] += 1
                    outer.rollback()
                    return
                apply_import(plan)
            except InventoryError as exc:
                assert_clear(exc, path.name)
                assert dump() == before
                outcomes["refused"] += 1
                outer.rollback()
                return
            got = {
                lot.item.sku: (lot.expires_on.isoformat(), Decimal(str(lot.item.unit_cost)))
                for lot in Lot.select().join(Item).where(Item.sku.startswith("V-"))
            }
            outer.rollback()
        wanted = {
            f"V-{i}": (day.isoformat(), Decimal(c) / 100)
            for i, (day, c) in enumerate(zip(expiries, costs, strict=False))
        }
        assert got == wanted, (style, separator, decimal_comma, grouped, answer)
        outcomes["imported as meant"] += 1

    run()
    assert outcomes["imported as meant"] and outcomes["refused"] and outcomes["cells refused"], outcomes


# ---------------------------------------------------------------- what a price column is the price of

PER_UNIT_HEADINGS = ("Unit price", "Cost per unit", "UnitCost", "Price each", "Price per unit")
PER_PACK_HEADINGS = ("Price per Pack", "Cost/case", "Case cost", "Pack price", "Price per case")
PACK_HEADINGS = ("Pack size", "Units per case", "Package Size", "Units per purchase unit")
MONEY_EXAMPLES = 200


def _four_decimals(ten_thousandths: int, as_number: bool) -> object:
    """A price to four decimals as an office's file holds it: a number cell or text."""
    amount = Decimal(ten_thousandths) / 10000
    return float(amount) if as_number else f"{amount:f}"


def test_random_price_headings_and_four_decimal_money_are_read_as_meant(
    seeded: Database, tmp_path: Path
) -> None:
    """A workbook or CSV with a per-unit price heading (Unit price, Cost per unit, UnitCost…) or a
    per-pack one (Price per Pack, Cost/case…), a pack size column and prices of up to four decimals
    (0.068, 30.9831), as numbers or text: the item keeps the price of one purchase unit, exactly,
    a per-unit price multiplied by the pack size; one too large after that is an error on its cell,
    never rounded or stored wrong."""
    outcomes: Counter[str] = Counter()

    @settings(SETTINGS, max_examples=MONEY_EXAMPLES)
    @given(
        per_unit=st.booleans(),
        heading=st.integers(0, 4),
        pack_heading=st.sampled_from(PACK_HEADINGS),
        rows=st.lists(
            st.tuples(
                st.one_of(st.integers(0, 10**6), st.integers(0, 10**12)),  # ten-thousandths
                st.one_of(st.integers(1, 12), st.integers(1, 100_000)),  # the pack size
                st.booleans(),  # the price as a number cell (else as text)
            ),
            min_size=1,
            max_size=8,
        ),
        kind=st.sampled_from(["xlsx", "csv"]),
    )
    def run(per_unit: bool, heading: int, pack_heading: str, rows: list, kind: str) -> None:  # type: ignore[type-arg]
        price_heading = (PER_UNIT_HEADINGS if per_unit else PER_PACK_HEADINGS)[heading]
        table: list[tuple[object, ...]] = [("SKU", "Name", "Qty", price_heading, pack_heading)]
        for i, (price, pack, as_number) in enumerate(rows):
            table.append((f"P-{i}", f"Supply {i}", i, _four_decimals(price, as_number), pack))
        path = tmp_path / f"prices.{kind}"
        if kind == "xlsx":
            path.write_bytes(write_xlsx(tmp_path, table, raw_controls=False))
        else:
            path.write_bytes(write_csv(table, "utf-8", ",", "\r\n"))
        wanted: dict[str, Decimal] = {}
        too_large: set[int] = set()
        for i, (price, pack, _as_number) in enumerate(rows):
            amount = Decimal(price) / 10000 * (pack if per_unit else 1)
            if amount > Decimal("100000000"):
                too_large.add(i + 2)
            else:
                wanted[f"P-{i}"] = amount
        db = current_database()
        with db.atomic() as outer:
            plan = plan_import(read_import(path))
            assert plan.price is not None and plan.price.per == ("unit" if per_unit else "purchase_unit")
            assert_issues_located(plan)
            assert {i.row for i in plan.issues} == too_large, plan.issues
            assert all(i.field == "unit_cost" and "too large" in i.message for i in plan.issues)
            # a price too large is left out with --only-valid; the row's stock is still imported
            apply_import(plan, only_valid=True)
            got = {
                item.sku: (Decimal(str(item.unit_cost)), item.on_hand)
                for item in Item.select().where(Item.sku.startswith("P-"))
            }
            outer.rollback()
        assert {sku: cost for sku, (cost, _n) in got.items() if sku in wanted} == wanted
        assert {sku: n for sku, (_c, n) in got.items()} == {f"P-{i}": i for i in range(len(rows))}
        assert all(got[f"P-{row - 2}"][0] == 0 for row in too_large)
        outcomes["too large, kept without the price" if too_large else "read as meant"] += 1

    run()
    assert outcomes["read as meant"] and outcomes["too large, kept without the price"], outcomes
