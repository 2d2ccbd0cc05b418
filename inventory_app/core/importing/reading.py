"""How a file writes its dates and numbers, decided once per file before any row is read.

01/06/2019 is 1 June in most of the world and January 6 in the US; 4,8 is four
point eight in most of Europe and nonsense (or forty-eight) elsewhere. A wrong
reading of either is worse than a refused file (an expired vaccine shown as
usable), so neither is ever guessed silently:

- Dates written in numbers (01/06/2019, 1.6.19): per date column, the values
  decide (a first part above 12 can only be a day, a second part above 12 can
  only be a day); a column with both is refused, naming it. When no value
  tells, the locale of a CSV does: a `;` separator or decimal commas are
  written where the day comes first. When nothing tells, the import stops with
  `DatesUnclear` (naming the column and an example) until the person says the
  order (`--dates`, or the wizard's question). Excel date cells need nothing.
- Numbers with a comma or point: only a CSV separated by `;` or tabs may use a
  decimal comma. Its values decide (4,8 or 0,068 can only be decimal commas;
  12.50 only a decimal point; both in one file is refused); when none tells, a
  `;` file writes decimal commas, and a point in it groups thousands (1.000 is
  one thousand). Everywhere else a comma only groups thousands (1,200), and
  "4,8" is refused by `import_values`. Quantities stay whole numbers.

The preview shows each decision with the value (and row) it rests on.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from inventory_app.core.importing.readings import (
    DateOrder,
    DateReading,
    NumberReading,
    Readings,
)
from inventory_app.core.importing.values import ORDER_WORDS, numeric_date
from inventory_app.errors import ImportFileError, ValidationError

if TYPE_CHECKING:
    from inventory_app.core.importing.types import ImportSource

DATE_FIELDS = ("expires",)
NUMBER_FIELDS = ("quantity", "reorder_point", "par_level", "units_per_purchase_unit", "unit_cost")
COMMA_SEPARATORS = (";", "\t")  # CSV separators of places that write decimal commas

_NUMBER_RUN = re.compile(r"\d[\d.,]*")
# A comma that cannot group thousands: 4,8 · 12,50 · 0,068 · 1,2345 · 1.234,5
_COMMA_DECIMAL = re.compile(r"\d+,(?:\d{1,2}|\d{4,})|0,\d+|\d{1,3}(?:\.\d{3})+,\d+")
_POINT_DECIMAL = re.compile(r"\d+\.(?:\d{1,2}|\d{4,})|0\.\d+|\d{1,3}(?:,\d{3})+\.\d+")
_POINT_GROUPED = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d*)?")


class DatesUnclear(ImportFileError):
    """Nothing in the file tells whether its dates are day first or month first: a person must say."""

    def __init__(self, file_name: str, field: str, letter: str, header: str, example: str, row: int) -> None:
        self.field, self.letter, self.header = field, letter, header
        self.example, self.example_row = example, row
        column = f"column {letter}" + (f" ({header})" if header else "")
        super().__init__(
            f"{file_name}: {column} has dates such as {example} (row {row}) that could be day first "
            "or month first, and no date in it tells which.",
            row=row,
            column=letter,
        )


def _cells(source: ImportSource, field: str) -> list[tuple[int, str]]:
    index = source.columns.fields.get(field)
    if index is None:
        return []
    return [
        (row.number, value.strip())
        for row in source.rows
        if index < len(row.values) and type(value := row.values[index]) is str and value.strip()
    ]


def _shows(pattern: re.Pattern[str], text: str) -> bool:
    return any(pattern.fullmatch(run) for run in _NUMBER_RUN.findall(text))


def _numbers(source: ImportSource) -> NumberReading | None:
    separator = source.separator
    texts = [(row, text) for name in NUMBER_FIELDS for row, text in _cells(source, name)]
    texts = [(row, text) for row, text in texts if "," in text or "." in text]
    if separator not in COMMA_SEPARATORS or not texts:
        return None
    texts.sort()
    comma = next(((r, t) for r, t in texts if _shows(_COMMA_DECIMAL, t)), None)
    point = next(((r, t) for r, t in texts if _shows(_POINT_DECIMAL, t)), None)
    if comma is not None and point is not None:
        raise ImportFileError(
            f"{source.file_name} writes some numbers with a decimal comma ({comma[1]} in row {comma[0]}) "
            f"and others with a decimal point ({point[1]} in row {point[0]}); write them all one way "
            "and import it again.",
            row=point[0],
        )
    if comma is not None:
        return NumberReading(True, "values", comma[1], comma[0], separator)
    if point is not None:
        return NumberReading(False, "values", point[1], point[0], separator)
    row, text = texts[0]
    return NumberReading(separator == ";", "locale", text, row, separator)


def _date(
    source: ImportSource, field: str, chosen: DateOrder | None, day_first_place: str
) -> DateReading | None:
    found = [(row, text, parts) for row, text in _cells(source, field) if (parts := numeric_date(text))]
    if not found:
        return None
    letter, header = source.columns.letter(field), source.columns.header(field)
    column = f"column {letter}" + (f" ({header})" if header else "")
    day_first = next(((row, text) for row, text, (a, b, _c) in found if a > 12 >= b), None)
    month_first = next(((row, text) for row, text, (a, b, _c) in found if b > 12 >= a), None)
    if day_first and month_first:
        raise ImportFileError(
            f"{source.file_name}: {column} has dates written day first "
            f"({day_first[1]} in row {day_first[0]}) and month first "
            f"({month_first[1]} in row {month_first[0]}); write them all one way and import it again.",
            row=month_first[0],
            column=letter,
        )
    told = day_first or month_first
    if told is not None:
        order: DateOrder = "dmy" if day_first else "mdy"
        if (
            chosen == "ymd"
        ):  # two-digit years (27/06/30): the values cannot tell; rows that fit not are errors
            return DateReading(field, letter, header, chosen, "chosen", told[1], told[0])
        if chosen is not None and chosen != order:
            raise ImportFileError(
                f"{source.file_name}: {column} cannot be read {ORDER_WORDS[chosen]}: "
                f"{told[1]} (row {told[0]}) is only a date {ORDER_WORDS[order]}.",
                row=told[0],
                column=letter,
            )
        return DateReading(field, letter, header, order, "values", told[1], told[0])
    row, text, _parts = found[0]
    if chosen is not None:
        return DateReading(field, letter, header, chosen, "chosen", text, row)
    if day_first_place:
        return DateReading(field, letter, header, "dmy", "locale", text, row, day_first_place)
    raise DatesUnclear(source.file_name, field, letter, header, text, row)


def read_values(source: ImportSource, dates: DateOrder | None = None) -> Readings:
    """How `source` writes dates and numbers. `dates` is the person's answer for dates the file
    leaves open. Raises DatesUnclear when a date column cannot tell and `dates` is None, and
    ImportFileError for a file that writes them both ways."""
    numbers = _numbers(source)
    hint = source.separator if source.separator == ";" or (numbers and numbers.decimal_comma) else ""
    found = tuple(r for field in DATE_FIELDS if (r := _date(source, field, dates, hint)) is not None)
    return Readings(found, numbers)


def _to_point(text: str) -> str:
    """ "1.234,5" → "1234.5", "4,8" → "4.8", "€ 12,50" → "€ 12.50" (a decimal-comma file's number)."""

    def one(match: re.Match[str]) -> str:
        run = match.group()
        if _POINT_GROUPED.fullmatch(run):
            run = run.replace(".", "")
        elif "." in run:
            return run  # a point that groups nothing: left for the rules to refuse
        return run.replace(",", ".")

    return _NUMBER_RUN.sub(one, text)


Cleaner = Callable[[object, str], object]


def with_decimal_comma(cleaner: Cleaner) -> Cleaner:
    """`cleaner` for a decimal-comma file: text numbers are turned to points first, and a refusal
    quotes the value as the file wrote it."""

    def clean(value: object, field: str) -> object:
        if type(value) is not str:
            return cleaner(value, field)
        converted = _to_point(value)
        try:
            return cleaner(converted, field)
        except ValidationError as exc:
            if converted == value:
                raise
            raise ValidationError(field, exc.message.replace(converted.strip(), value.strip())) from None

    return clean
