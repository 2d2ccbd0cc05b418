"""From a sheet's plain rows to clean values per row, each problem pinned to a row and column.

This is the part of an import that needs no database: finding the header,
cleaning every mapped cell with the rules of `import_values`, and setting
aside rows that are not items (a totals row at the bottom, the template's
example row). It runs once per preview, so it is written for speed: one
cleaner per mapped column, chosen before the first row.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

from inventory_app.core.importing import values as iv
from inventory_app.core.importing.columns import (
    HEADER_SCAN_ROWS,
    ColumnMap,
    guess_header_row,
    header_key,
    map_columns,
)
from inventory_app.core.importing.reading import with_decimal_comma
from inventory_app.core.importing.readings import Readings
from inventory_app.core.importing.skus import SkuMaker
from inventory_app.core.importing.types import (
    Cancelled,
    ImportSource,
    Progress,
    RowIssue,
    SheetRows,
    SkippedRow,
    SourceRow,
)
from inventory_app.core.validation import MAX_QUANTITY
from inventory_app.db.codes import clean_code, code_key
from inventory_app.errors import ImportFileError, OperationCancelled, ValidationError

EXAMPLE_SKU = "EXAMPLE-1"  # the template's example row; skipped (and reported) if left in
CHUNK = 500
TEXT_LIMITS = {
    "sku": 64,
    "name": 300,
    "category": 100,
    "location": 100,
    "unit": 50,
    "purchase_unit": 50,
    "supplier": 200,
    "supplier_sku": 100,
    "barcode": 100,
    "notes": 5000,
    "lot": 100,
}
WHOLE_MINIMUM = {"quantity": 0, "reorder_point": 0, "par_level": 0, "units_per_purchase_unit": 1}
_SPACE = re.compile(r"\s")
_TOTAL_KEYS = {"total", "totals", "grandtotal", "subtotal", "sum", "sums"}


@dataclass(slots=True)
class CleanRow:
    """One item row with its cleaned values (empty cells left out) and its problems."""

    number: int
    sku: str
    key: str
    values: dict[str, object] = field(default_factory=dict)
    issues: list[RowIssue] = field(default_factory=list)
    heading: str = ""  # the category of the heading row above it, when it gave the category
    # The SKU as the file writes it, when that is not its clean form (full-width letters, a
    # typographic dash, an invisible character: `codes.clean_code`); "" when it is.
    written: str = ""


def prepare(
    sheet: SheetRows,
    header_row: int | None = None,
    overrides: Mapping[str, str | None] | None = None,
    make_skus: bool = False,
) -> ImportSource:
    """Find (or take) the header row, map the columns, and keep the rows below it.

    Raises ImportFileError naming the file when there is no recognisable header
    or no column for the SKU (unless `make_skus` and there is a name column: then
    the SKUs are made from the names, see `import_skus`).
    """
    where = f"{sheet.file_name} (sheet “{sheet.sheet}”)"
    if not sheet.rows:
        raise ImportFileError(f"{where} is empty: there is nothing to import.")
    pairs = [(row.number, row.values) for row in sheet.rows[:HEADER_SCAN_ROWS]]  # all it looks at
    if header_row is None:
        position = guess_header_row(pairs, overrides)
        if position is None:
            raise ImportFileError(
                f"{where} has no recognisable header row in its first rows: expected column "
                "headings such as SKU, Name, Quantity, Reorder point. Map the columns by hand "
                '(e.g. --map "Item code=sku").'
            )
    else:
        matches = [i for i, row in enumerate(sheet.rows) if row.number == header_row]
        if not matches:
            raise ImportFileError(f"{where}: row {header_row} is empty, so it cannot be the header row.")
        position = matches[0]
    header = sheet.rows[position]
    columns = map_columns(header.number, header.values, overrides)
    if "sku" not in columns.fields and make_skus and "name" in columns.fields:
        columns = replace(columns, made_skus=True)
    elif "sku" not in columns.fields:
        found = ", ".join(f"“{h}”" for h in columns.headers if h) or "none"
        made = "; or make SKUs from the names (--make-skus)" if "name" in columns.fields else ""
        raise ImportFileError(
            f"{where}: no column for the SKU in the header row (row {header.number}; headings: {found}). "
            'Name one SKU, Item #, Code or Part number, or map it by hand (e.g. --map "Ref=sku")'
            f"{made}.",
            row=header.number,
        )
    return ImportSource(
        sheet.file_name, sheet.sheet, columns, sheet.rows[position + 1 :], sheet.checksum, sheet.separator
    )


def _cleaner(name: str, readings: Readings | None = None) -> Callable[[object, str], object]:
    readings = readings or Readings()
    if name in TEXT_LIMITS:
        limit = TEXT_LIMITS[name]
        return lambda value, f: iv.text(value, f, limit)
    if name in WHOLE_MINIMUM:
        minimum = WHOLE_MINIMUM[name]
        whole = lambda value, f: iv.whole_number(value, f, minimum)  # noqa: E731
        return with_decimal_comma(whole) if readings.decimal_comma else whole
    if name == "unit_cost":
        return with_decimal_comma(iv.money) if readings.decimal_comma else iv.money
    if name == "expires":
        order = readings.order(name)
        return lambda value, f: iv.a_date(value, f, order)
    if name == "tracks_expiry":
        return iv.yes_no
    raise ValueError(name)


def _is_total(values: tuple[object, ...], loose: bool = True) -> bool:
    """A cell reads "Total", "Grand total", "Sum" (or, when `loose`, begins with "Total")."""
    for value in values:
        if type(value) is str and value.strip():
            key = header_key(value)
            if key in _TOTAL_KEYS or (loose and key.startswith("total")):
                return True
    return False


def _has_number(values: tuple[object, ...]) -> bool:
    return any(type(v) in (int, float) or isinstance(v, iv.FormulaWithoutValue) for v in values)


def clean_rows(
    source: ImportSource,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    readings: Readings | None = None,
    existing_skus: Mapping[str, str] | None = None,
    chosen_skus: Mapping[int, str] | None = None,
) -> tuple[list[CleanRow], list[SkippedRow]]:
    """Every data row cleaned (dates and numbers as `readings` says the file writes them);
    rows that are not items set aside with the reason.

    A heading row between groups (one text in the first column, nothing else: BRACING,
    FIRST-AID/GEN MED) is set aside too, and gives its category to the rows below it that
    have none. Without a SKU column (`columns.made_skus`), each row's SKU is made from its
    name, kept clear of `existing_skus` (lower-cased SKU → name) of items of other names, or is
    the code the person typed for it (`chosen_skus`: row number → SKU)."""
    columns: ColumnMap = source.columns
    made = columns.made_skus
    sku_field = "name" if made else "sku"
    sku_index = columns.fields[sku_field]
    sku_letter, sku_header = columns.letter(sku_field), columns.header(sku_field)
    sku_limit = TEXT_LIMITS[sku_field]
    name_index = columns.fields.get("name")
    typed = _typed(source, chosen_skus or {}, name_index)
    maker = SkuMaker(existing_skus, typed) if made else None
    first_column = min((i for i, h in enumerate(columns.headers) if h), default=0)
    heading = ""
    plan = [
        (name, index, TEXT_LIMITS.get(name, -1), WHOLE_MINIMUM.get(name, -1), _cleaner(name, readings))
        for name, index in columns.fields.items()
        if name != "sku"
    ]
    where = {name: (columns.letter(name), columns.header(name)) for name in columns.fields}
    rows = source.rows
    last_with_sku = next(
        (
            i
            for i in range(len(rows) - 1, -1, -1)
            if sku_index < len(rows[i].values) and not iv.is_empty(rows[i].values[sku_index])
        ),
        -1,
    )
    clean: list[CleanRow] = []
    skipped: list[SkippedRow] = []
    total = len(rows)
    for position, row in enumerate(rows):
        if position % CHUNK == 0:
            if cancelled is not None and cancelled():
                raise OperationCancelled("The import was cancelled; nothing was imported.")
            if progress is not None:
                progress(position, total)
        cells = row.values
        width = len(cells)
        title = _heading(cells, first_column, sku_index, name_index, made)
        if title:
            heading = title
            skipped.append(SkippedRow(row.number, f"category heading “{title}” for the rows below"))
            continue
        raw_sku = cells[sku_index] if sku_index < width else None
        sku_problem = None
        sku = raw_sku.strip() if type(raw_sku) is str else ""
        if not sku or sku[0] == "'" or len(sku) > sku_limit:  # not the usual text cell: the full rules
            try:
                sku = iv.text(raw_sku, sku_field, sku_limit)
            except ValidationError as exc:
                sku, sku_problem = "", exc.message
        typed_problem = None
        if maker is not None and sku:
            typed_problem = maker.problem(sku)
            sku = maker.sku(sku)
        written = sku
        sku = clean_code(sku)  # look-alike letters, dashes and invisible characters as one code
        if not sku and sku_problem is None:
            reason = _no_sku_reason(row, position, last_with_sku, name_index, columns)
            if reason is not None:
                skipped.append(SkippedRow(row.number, reason))
                continue
        elif sku.lower().rstrip(":").replace(" ", "") in _TOTAL_KEYS:
            skipped.append(SkippedRow(row.number, f"totals row (“{sku}”) skipped"))
            continue
        elif sku == EXAMPLE_SKU:
            skipped.append(SkippedRow(row.number, "the template's example row skipped"))
            continue
        # A typed SKU that is not unique: the row stays on its own (not one item with another).
        result = CleanRow(row.number, sku, "" if typed_problem else code_key(sku))
        if maker is None and written != sku:
            result.written = written
        if typed_problem is not None:
            result.issues.append(RowIssue(row.number, sku_letter, "sku", typed_problem, sku_header))
        if sku_problem is not None:
            result.issues.append(RowIssue(row.number, sku_letter, "sku", sku_problem, sku_header))
        elif not sku:
            empty = (
                "Name is empty; the SKU is made from it." if made else "SKU is empty; every item needs one."
            )
            result.issues.append(RowIssue(row.number, sku_letter, sku_field, empty, sku_header))
        elif _SPACE.search(sku):
            result.issues.append(
                RowIssue(row.number, sku_letter, "sku", f"SKU “{sku}” cannot contain spaces.", sku_header)
            )
        values = result.values
        for name, index, limit, minimum, cleaner in plan:
            if index >= width or (raw := cells[index]) is None:
                continue
            # Fast paths for the usual cells; anything else goes through the full rules.
            kind = type(raw)
            if kind is str and limit > 0:
                stripped = raw.strip()  # type: ignore[attr-defined]
                if stripped and stripped[0] != "'" and len(stripped) <= limit:
                    values[name] = stripped
                    continue
            elif kind is int and minimum >= 0 and minimum <= raw <= MAX_QUANTITY:  # type: ignore[operator]
                values[name] = raw
                continue
            try:
                value = cleaner(raw, name)
            except ValidationError as exc:
                letter, header = where[name]
                result.issues.append(RowIssue(row.number, letter, name, exc.message, header))
                continue
            if value is not None and value != "":
                values[name] = value
        if "barcode" in values:
            barcode = clean_code(values.pop("barcode"))
            if barcode:
                values["barcode"] = barcode
        if heading and "category" not in values:
            values["category"] = result.heading = heading
        clean.append(result)
    if progress is not None:
        progress(total, total)
    left_out = next((s for s in skipped if s.row in (chosen_skus or {})), None)
    if left_out is not None:
        raise ImportFileError(
            f"{source.file_name}: row {left_out.row} is not an item ({left_out.reason}), so no SKU can "
            "be typed for it.",
            row=left_out.row,
        )
    return clean, skipped


def _typed(source: ImportSource, chosen: Mapping[int, str], name_index: int | None) -> dict[str, str]:
    """The SKUs typed for rows (row number → code) as name → code; a row that is not an item
    with a name cannot be given one."""
    if not chosen:
        return {}
    if not source.columns.made_skus or name_index is None:
        raise ImportFileError(
            "SKUs can be typed only for a list whose SKUs are made from the names; this file has a "
            "SKU column."
        )
    names: dict[int, str] = {}
    for row in source.rows:
        if row.number in chosen and name_index < len(row.values) and not iv.is_empty(row.values[name_index]):
            names[row.number] = " ".join(str(row.values[name_index]).split())
    missing = sorted(set(chosen) - set(names))
    if missing:
        listed = ", ".join(str(n) for n in missing)
        raise ImportFileError(
            f"{source.file_name}: row {listed} has no item name below the header, so no SKU can be "
            f"typed for it.",
            row=missing[0],
        )
    return {names[number]: code for number, code in chosen.items()}


def _heading(
    cells: tuple[object, ...], first: int, sku_index: int, name_index: int | None, made: bool
) -> str:
    """The category a heading row names, or "" when the row is not one.

    A heading has text in the sheet's first column and nothing else, with no digits. When
    that column holds the SKUs or the names, the text must also be in capitals (BRACING) or,
    in a SKU column, hold a space (no SKU can): "Gauze" alone there is an item."""
    if first >= len(cells) or type(cells[first]) is not str:
        return ""
    for i, v in enumerate(cells):  # first, as an item row fails here at its second cell
        if v is not None and i != first and not iv.is_empty(v):
            return ""
    text = " ".join(str(cells[first]).split())
    if not text or len(text) > TEXT_LIMITS["category"] or any(ch.isdigit() for ch in text):
        return ""
    if not any(ch.isalpha() for ch in text) or _is_total((text,)):
        return ""
    if first in (sku_index, name_index):
        spaced_sku = first == sku_index and not made and " " in text
        if not (text.isupper() or spaced_sku):
            return ""
    return text


def _no_sku_reason(
    row: SourceRow, position: int, last_with_sku: int, name_index: int | None, columns: ColumnMap
) -> str | None:
    """Why a row without a SKU is left out, or None when it is an item missing its SKU."""
    cells = row.values
    if _is_total(cells):
        return "totals row skipped"
    name = cells[name_index] if name_index is not None and name_index < len(cells) else None
    mapped = [cells[i] for i in columns.fields.values() if i < len(cells)]
    if all(iv.is_empty(v) for v in mapped):
        return "no values in the imported columns"
    if position > last_with_sku and iv.is_empty(name) and _has_number(cells):
        return "totals row (numbers without a SKU below the last item) skipped"
    return None
