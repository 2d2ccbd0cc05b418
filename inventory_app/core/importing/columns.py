"""Which spreadsheet column holds what: header synonyms, finding the header row, hand mapping.

Offices name their columns every which way ("Item #", "Part number", "Qty on
hand", "Min"), often below a title row. Headers are compared by a key that
ignores case, spaces, punctuation and bracketed notes ("Unit cost ($)" is
"unitcost", "Item #" and "Item No." are both "itemno"), so one synonym list
covers the usual spellings (the list is in import_synonyms). The user can map any header by hand
(`Header=field`, or a column letter `D=field`); that wins over the synonyms.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from inventory_app.core.importing.synonyms import CALCULATED, SYNONYMS, WEAK_NAMES
from inventory_app.errors import ImportFileError

# Import fields, in the order of the template and the inventory export, with their headers.
FIELD_HEADERS: dict[str, str] = {
    "sku": "SKU",
    "name": "Name",
    "category": "Category",
    "location": "Location",
    "unit": "Unit",
    "purchase_unit": "Purchase unit",
    "units_per_purchase_unit": "Units per purchase unit",
    "supplier": "Supplier",
    "supplier_sku": "Supplier SKU",
    # The price of one purchase unit (what the item keeps); a file's "Unit cost" is per unit.
    "unit_cost": "Cost per purchase unit",
    "reorder_point": "Reorder point",
    "par_level": "Par level",
    "tracks_expiry": "Tracks expiry",
    "barcode": "Barcode",
    "notes": "Notes",
    "quantity": "On hand",
    "lot": "Lot",
    "expires": "Expiry",
}
FIELDS = tuple(FIELD_HEADERS)

IGNORE_WORDS = ("ignore", "skip", "none", "-", "")
HEADER_SCAN_ROWS = 30


def header_key(text: object) -> str:
    """Case, space and punctuation blind form of a header: "Item #" → "itemno"."""
    folded = re.sub(r"\(.*?\)", " ", str(text).casefold()).replace("#", " no ").replace("№", " no ")
    words = re.findall(r"[^\W_]+", folded)
    return "".join("no" if w in ("number", "num", "nbr", "nr") else w for w in words)


_SYNONYM_KEYS: dict[str, str] = {header_key(s): f for f, names in SYNONYMS.items() for s in names}
for _field, _header in FIELD_HEADERS.items():
    _SYNONYM_KEYS.setdefault(header_key(_header), _field)
    _SYNONYM_KEYS.setdefault(header_key(_field), _field)
_CALCULATED_KEYS = {header_key(h) for h in CALCULATED}
_WEAK_NAME_KEYS = {header_key(h) for h in WEAK_NAMES}


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    number = index + 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def field_for(name: str) -> str | None:
    """The import field a user means by `name` ("reorder point", "Min", "sku"); None = ignore."""
    if name.strip().lower() in IGNORE_WORDS:
        return None
    found = _SYNONYM_KEYS.get(header_key(name))
    if found is None:
        raise ImportFileError(
            f"“{name}” is not a field that can be imported; use one of: {', '.join(FIELDS)} (or ignore)."
        )
    return found


def parse_mapping(items: Sequence[str]) -> dict[str, str | None]:
    """`["Item code=sku", "Notes=ignore"]` as {header: field or None}."""
    mapping: dict[str, str | None] = {}
    for item in items:
        header, sep, field = item.rpartition("=")
        if not sep or not header.strip():
            raise ImportFileError(f'“{item}” is not a column mapping; write it as "Header=field".')
        mapping[header.strip()] = field_for(field)
    return mapping


@dataclass(frozen=True, slots=True)
class ColumnMap:
    """Where each field is in the sheet, and what was left out (for the user to see)."""

    header_row: int
    headers: tuple[str, ...]
    fields: Mapping[str, int]
    unknown: tuple[tuple[str, str], ...] = ()  # (letter, header) not recognised: ignored
    ignored: tuple[tuple[str, str, str], ...] = ()  # (letter, header, why)
    by_hand: frozenset[str] = frozenset()  # fields mapped by hand, not by their heading
    reasons: tuple[tuple[str, str], ...] = ()  # (field, why it was read so) where not plain
    made_skus: bool = False  # no SKU column: the SKUs are made from the names (see import_skus)

    def letter(self, field: str) -> str:
        index = self.fields.get(field)
        return column_letter(index) if index is not None else ""

    def header(self, field: str) -> str:
        index = self.fields.get(field)
        return self.headers[index] if index is not None and index < len(self.headers) else ""

    def reason(self, field: str) -> str:
        return next((why for name, why in self.reasons if name == field), "")


def _resolve_overrides(
    headers: Sequence[str], overrides: Mapping[str, str | None]
) -> tuple[dict[int, str | None], list[str]]:
    """Column index → field (None = ignore) for each override; headers that matched nothing."""
    by_key: dict[str, int] = {}
    for position, header in enumerate(headers):
        by_key.setdefault(header_key(header), position)
    resolved: dict[int, str | None] = {}
    missing: list[str] = []
    for header, field in overrides.items():
        index: int | None = by_key.get(header_key(header))
        if index is None and re.fullmatch(r"[A-Za-z]{1,3}", header.strip()):
            letters = header.strip().upper()
            index = 0
            for ch in letters:
                index = index * 26 + ord(ch) - 64
            index -= 1
        if index is None:
            missing.append(header)
        else:
            resolved[index] = field if field is None or field in FIELD_HEADERS else field_for(field)
    return resolved, missing


def map_columns(
    header_row: int, cells: Sequence[object], overrides: Mapping[str, str | None] | None = None
) -> ColumnMap:
    """Map a header row's cells to fields: hand mapping first, then synonyms, first column wins."""
    headers = tuple("" if c is None else " ".join(str(c).split()) for c in cells)
    manual, missing = _resolve_overrides(headers, overrides or {})
    if missing:
        found = ", ".join(f"“{h}”" for h in headers if h) or "none"
        raise ImportFileError(
            f"No column headed {', '.join(f'“{m}”' for m in missing)} in the header row "
            f"(row {header_row}); the headers are: {found}.",
            row=header_row,
        )
    fields: dict[str, int] = {}
    unknown: list[tuple[str, str]] = []
    ignored: list[tuple[str, str, str]] = []
    demoted, reasons = _weak_names(headers, manual)
    for index in sorted(set(range(len(headers))) | set(manual)):
        header = headers[index] if index < len(headers) else ""
        letter = column_letter(index)
        if index in manual:
            field = manual[index]
            if field is None:
                ignored.append((letter, header, "ignored as asked"))
                continue
        else:
            if not header:
                continue
            key = header_key(header)
            if index in demoted and not demoted[index][0]:
                ignored.append((letter, header, demoted[index][1]))
                continue
            field = demoted[index][0] if index in demoted else _SYNONYM_KEYS.get(key)
            if field is None:
                if key in _CALCULATED_KEYS:
                    ignored.append((letter, header, "worked out by the app, not imported"))
                else:
                    unknown.append((letter, header))
                continue
        if field in fields:
            first = column_letter(fields[field])
            ignored.append((letter, header, f"column {first} is already read as {FIELD_HEADERS[field]}"))
            continue
        fields[field] = index
    by_hand = frozenset(f for i, f in manual.items() if f is not None and fields.get(f) == i)
    kept = tuple((f, why) for f, why in reasons if f in fields and f not in by_hand)
    return ColumnMap(header_row, headers, fields, tuple(unknown), tuple(ignored), by_hand, kept)


def _weak_names(
    headers: Sequence[str], manual: Mapping[int, str | None]
) -> tuple[dict[int, tuple[str, str]], list[tuple[str, str]]]:
    """Columns headed like "Description" beside a plainer name column: read as the notes.

    A "Description" is the name when it is the only column that could be; beside a Name,
    Product, Full product name… column (or one mapped as the name by hand) it is the notes,
    unless another column already holds them (then it is left out, with the reason)."""
    auto = {i: _SYNONYM_KEYS.get(header_key(h)) for i, h in enumerate(headers) if i not in manual and h}
    weak = [i for i, f in auto.items() if f == "name" and header_key(headers[i]) in _WEAK_NAME_KEYS]
    strong = [i for i, f in manual.items() if f == "name"] + [
        i for i, f in auto.items() if f == "name" and i not in weak
    ]
    if not weak or not strong:
        return {}, []
    name_at = column_letter(min(strong))
    notes_at = [i for i, f in manual.items() if f == "notes"] + [i for i, f in auto.items() if f == "notes"]
    demoted: dict[int, tuple[str, str]] = {}
    reasons: list[tuple[str, str]] = []
    for index in weak:
        if notes_at:
            notes = column_letter(min(notes_at))
            demoted[index] = ("", f"a description; the name is column {name_at}, the notes column {notes}")
        else:
            demoted[index] = ("notes", "")
            notes_at.append(index)
            reasons.append(("notes", f"a description; the name is column {name_at}"))
    described = ", ".join(column_letter(i) for i in weak)
    reasons.append(("name", f"the name is column {name_at}, not the description (column {described})"))
    return demoted, reasons


def _score(cells: Sequence[object], overrides: Mapping[str, str | None]) -> tuple[int, bool]:
    """How many distinct fields a row's text cells name, and whether one is the SKU."""
    manual = {
        header_key(h): f if f is None or f in FIELD_HEADERS else field_for(f) for h, f in overrides.items()
    }
    found: set[str] = set()
    for cell in cells:
        if not isinstance(cell, str) or not cell.strip():
            continue
        key = header_key(cell)
        field = manual[key] if key in manual else _SYNONYM_KEYS.get(key)
        if field:
            found.add(field)
    return len(found), "sku" in found


def guess_header_row(
    rows: Sequence[tuple[int, Sequence[object]]], overrides: Mapping[str, str | None] | None = None
) -> int | None:
    """The position in `rows` of the most header-like of the first rows, or None.

    A header row names at least two known fields (or one when it is the SKU and
    nothing better exists); title rows and blank rows above it are passed over.
    """
    best: tuple[int, int] | None = None
    for position, (_number, cells) in enumerate(rows[:HEADER_SCAN_ROWS]):
        score, has_sku = _score(cells, overrides or {})
        if score >= 2 or (score == 1 and has_sku):
            rank = score + (1 if has_sku else 0)
            if best is None or rank > best[1]:
                best = (position, rank)
    return None if best is None else best[0]


def layout_key(headers: Sequence[object]) -> str:
    """A key for a header layout, so a hand mapping can be remembered and offered again the
    next time a file with the same headers (in any case or spacing) is imported."""
    return "|".join(header_key(h) if h is not None else "" for h in headers).rstrip("|")
