"""Turning spreadsheet cells into clean values, the way a person reading the sheet would.

An office's workbook holds numbers typed as text, prices with a currency sign,
dates in three styles and the odd formula; each import column is cleaned here
by one function, so every accept/refuse rule (RELIABILITY B5) is written once
and tested one by one. The rules:

- Whole numbers (quantity, reorder point, par level, pack size): an integer, a
  float with no fraction (Excel stores every number as a float), or text such
  as " 12 ", "+12", "1,200" or "12.0". "-0" is 0. Refused: fractions ("1.5"),
  an ambiguous comma ("1,5" could be 1.5 or 15), scientific notation ("1e3"),
  "NaN", "inf", negatives, booleans, dates, anything above 10,000,000
  (10**20 included), and a formula whose value was never saved (never 0).
- Money: `Decimal`, never float arithmetic. "$12.50", "1,200.00", 12.5 and
  " 12 " are accepted, and so are up to four decimals ("0.068", "30.9831":
  suppliers price small items that way), kept exactly; a float's binary noise
  (0.30000000000000004) is rounded away; a fifth decimal ("0.00125"),
  negatives, "NaN", "inf", "1e3" and amounts above 100,000,000 are refused.
- Dates: a date cell, an Excel serial number (a date column holding 46112 is
  2026-03-31), or text: 2027-03-31, 2027/03/31, 20270331, 01/06/2027 or
  01.06.2027 in the day/month order `import_reading` decided for the file's
  column (never guessed: see there), 31.03.2027,
  "31 Mar 2027", "Mar 31, 2027", and month-only expiries 2027-03 or 03/2027
  (the last day of that month). Refused: impossible dates (2027-02-30) and
  years outside 1990-2200.
- Yes/no: yes, y, true, 1, x (and no, n, false, 0) in any case.
- Text: trimmed; a leading apostrophe that our own CSV export added before
  =, +, -, @, tab or CR is taken off again.
"""

from __future__ import annotations

import calendar
import math
import re
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from inventory_app.core.validation import MAX_QUANTITY, label
from inventory_app.db.models import MONEY_PLACES, exact_money
from inventory_app.errors import ValidationError

MAX_MONEY = Decimal("100000000")
_MAX_MONEY_FLOAT = float(MAX_MONEY)
CENT = Decimal("0.01")
FIRST_YEAR, LAST_YEAR = 1990, 2200
# What our CSV export puts an apostrophe before (documents.spreadsheet_safety.FORMULA_STARTS).
NEUTRALISED_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")

# re.ASCII: only 0-9 are digits here; "٣" or "³" in a quantity is refused, not read as 3.
_GROUPED = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?", re.ASCII)
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)", re.ASCII)
_SCIENTIFIC = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)[eE][+-]?\d+", re.ASCII)
_NOT_A_NUMBER = {"nan", "+nan", "-nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"}
_CURRENCY = str.maketrans("", "", "$€£¥")
_EXCEL_DAY_ZERO = date(1899, 12, 30)  # serial 1 = 1900-01-01 (Excel's phantom 1900-02-29 aside)
_TRUE = {"yes", "y", "true", "1", "x", "✓", "✔"}
_FALSE = {"no", "n", "false", "0", ""}
_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_name) if name})
_MONTHS["sept"] = 9


class FormulaWithoutValue:
    """A cell holding a formula whose result was never saved (e.g. a workbook written by a
    program, not by Excel). Reading it as empty or 0 would invent stock, so it is an error."""

    __slots__ = ("formula",)

    def __init__(self, formula: str = "") -> None:
        self.formula = formula

    def __repr__(self) -> str:
        return f"FormulaWithoutValue({self.formula!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FormulaWithoutValue) and other.formula == self.formula

    def __hash__(self) -> int:
        return hash(("formula", self.formula))


def _refuse(field: str, message: str) -> ValidationError:
    return ValidationError(field, message)


def _formula(field: str, value: FormulaWithoutValue) -> ValidationError:
    shown = f" ({value.formula})" if value.formula else ""
    return _refuse(
        field,
        f"{label(field)} is a formula{shown} whose result was never saved; open the file in "
        "Excel, save it, and import it again (or type the number).",
    )


def is_empty(value: object) -> bool:
    return value is None or (type(value) is str and not value.strip())


def _number_text(text: str, field: str, shown: object, what: str) -> Decimal:
    """Text such as "1,200", " 12 " or "-0" as a Decimal; refuses what a person could misread."""
    raw = text
    if "," in raw:
        if not _GROUPED.fullmatch(raw):
            raise _refuse(
                field,
                f"{label(field)} must be {what}, not “{shown}”: a comma is only read as a "
                "thousands separator (1,200); use a point for decimals.",
            )
        raw = raw.replace(",", "")
    if not _PLAIN_NUMBER.fullmatch(raw):
        lowered = raw.lower()
        if lowered in _NOT_A_NUMBER:
            raise _refuse(field, f"{label(field)} must be {what}, not “{shown}”.")
        if _SCIENTIFIC.fullmatch(raw):
            raise _refuse(
                field, f"{label(field)} “{shown}” is in scientific notation; write the number out in full."
            )
        raise _refuse(field, f"{label(field)} must be {what}, not “{shown}”.")
    try:
        return Decimal(raw)
    except InvalidOperation:  # pragma: no cover - the pattern above only lets numbers through
        raise _refuse(field, f"{label(field)} must be {what}, not “{shown}”.") from None


def whole_number(value: object, field: str, minimum: int = 0) -> int | None:
    """A whole number of units, or None for an empty cell. See the module rules."""
    if value is None:
        return None
    if isinstance(value, bool):  # before int: True is an int to Python, not to a person
        raise _refuse(field, f"{label(field)} must be a whole number, not {str(value).upper()}.")
    if isinstance(value, int):
        number = int(value)
    elif isinstance(value, str):
        raw = value.strip()
        if not raw:
            return None
        if raw.isascii() and raw.isdigit():
            number = int(raw)
        else:
            decimal = _number_text(raw, field, raw, "a whole number")
            if decimal != decimal.to_integral_value():
                raise _refuse(field, f"{label(field)} must be a whole number, not a fraction ({raw}).")
            number = int(decimal)
    elif isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise _refuse(field, f"{label(field)} must be a whole number, not “{value}”.")
        if not value.is_integer():
            raise _refuse(field, f"{label(field)} must be a whole number, not a fraction ({value}).")
        number = int(value)
    elif isinstance(value, FormulaWithoutValue):
        raise _formula(field, value)
    elif isinstance(value, Decimal):
        if not value.is_finite() or value != value.to_integral_value():
            raise _refuse(field, f"{label(field)} must be a whole number, not {value}.")
        number = int(value)
    elif isinstance(value, date | time | timedelta):
        raise _refuse(field, f"{label(field)} must be a whole number, but the cell holds a date or time.")
    else:
        raise _refuse(field, f"{label(field)} must be a whole number, not “{value}”.")
    if number > MAX_QUANTITY or number < -MAX_QUANTITY:
        raise _refuse(field, f"{label(field)} is too large ({number}); the most is {MAX_QUANTITY:,}.")
    if number < minimum:
        if minimum == 0:
            raise _refuse(field, f"{label(field)} cannot be negative ({number}).")
        raise _refuse(field, f"{label(field)} must be at least {minimum}, not {number}.")
    return number


def money(value: object, field: str) -> Decimal | None:
    """An amount to at most four decimals as an exact Decimal, or None for an empty cell."""
    if value is None:
        return None
    if type(value) is float and 0 <= value <= _MAX_MONEY_FLOAT:
        shown = repr(value)  # the usual price cell, 12.5 or 11.53: to the cent as it is written
        if len(shown) - shown.find(".") <= 3 and "e" not in shown:
            return Decimal(shown).quantize(CENT) + 0  # + 0: no "-0.00"
    if isinstance(value, bool):
        raise _refuse(field, f"{label(field)} must be an amount of money, not {str(value).upper()}.")
    if isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise _refuse(field, f"{label(field)} must be an amount of money, not “{value}”.")
        amount = Decimal(repr(value))
        if abs(amount) <= MAX_MONEY:  # a larger one is refused below (and has too many digits to round)
            rounded = amount.quantize(MONEY_PLACES, rounding=ROUND_HALF_UP)
            if abs(rounded - amount) < Decimal("0.000000001"):  # binary noise of a 4-decimal value
                amount = rounded
    elif isinstance(value, str):
        raw = value.strip()
        if not raw:
            return None
        bare = raw.translate(_CURRENCY).strip()
        if bare.upper().endswith(" USD"):
            bare = bare[:-4].strip()
        amount = _number_text(bare, field, raw, "an amount of money")
    elif isinstance(value, FormulaWithoutValue):
        raise _formula(field, value)
    elif isinstance(value, Decimal):
        if not value.is_finite():
            raise _refuse(field, f"{label(field)} must be an amount of money, not {value}.")
        amount = value
    else:
        raise _refuse(field, f"{label(field)} must be an amount of money, not “{value}”.")
    if amount < 0:
        raise _refuse(field, f"{label(field)} cannot be negative ({value}).")
    if amount > MAX_MONEY:
        raise _refuse(field, f"{label(field)} is too large ({value}).")
    if amount.quantize(MONEY_PLACES, rounding=ROUND_HALF_UP) != amount:
        raise _refuse(
            field, f"{label(field)} {value} has more than four decimals; amounts are kept to 0.0001."
        )
    return exact_money(amount)  # 12.50, 0.068, 30.9831; -0 is 0.00


def text(value: object, field: str, max_length: int) -> str:
    """Trimmed text ('' for an empty cell); numbers as a person would type them."""
    if isinstance(value, str):
        cleaned = value.strip()
        if len(cleaned) > 1 and cleaned[0] == "'" and cleaned[1] in NEUTRALISED_PREFIXES:
            cleaned = cleaned[1:]
    elif value is None:
        return ""
    elif isinstance(value, bool):
        cleaned = "yes" if value else "no"
    elif isinstance(value, int):
        cleaned = str(value)
    elif isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise _refuse(field, f"{label(field)} cannot be “{value}”.")
        cleaned = str(int(value)) if value.is_integer() else repr(value)
    elif isinstance(value, FormulaWithoutValue):
        raise _formula(field, value)
    elif isinstance(value, datetime):
        cleaned = value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    elif isinstance(value, date):
        cleaned = value.isoformat()
    else:
        cleaned = str(value).strip()
    if len(cleaned) > max_length:
        raise _refuse(field, f"{label(field)} is longer than {max_length} characters.")
    return cleaned


def yes_no(value: object, field: str) -> bool | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, FormulaWithoutValue):
        raise _formula(field, value)
    word = text(value, field, 20).lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return None if word == "" else False
    raise _refuse(field, f"{label(field)} must be yes or no, not “{value}”.")


# ---------------------------------------------------------------- dates


def _checked(year: int, month: int, day: int, field: str, shown: object) -> date:
    if year < 100:
        year += 2000
    try:
        result = date(year, month, day)
    except ValueError:
        raise _refuse(field, f"{label(field)} “{shown}” is not a real date.") from None
    return _plausible(result, field, shown)


def _plausible(result: date, field: str, shown: object) -> date:
    if not FIRST_YEAR <= result.year <= LAST_YEAR:
        raise _refuse(field, f"{label(field)} “{shown}” is not a plausible date.")
    return result


def _end_of_month(year: int, month: int, field: str, shown: object) -> date:
    if year < 100:
        year += 2000
    if not 1 <= month <= 12:
        raise _refuse(field, f"{label(field)} “{shown}” is not a real date.")
    return _checked(year, month, calendar.monthrange(year, month)[1], field, shown)


def _serial(number: float, field: str, shown: object) -> date:
    if math.isnan(number) or math.isinf(number) or number < 1 or number > 2_958_465:
        raise _refuse(field, f"{label(field)} “{shown}” is not a date.")
    return _plausible(_EXCEL_DAY_ZERO + timedelta(days=int(number)), field, shown)


# Day and month in numbers, in an order the text does not say: 01/06/2019, 1.6.2019, 01-06-19.
_NUMERIC_DATE = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{2}|\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?)?")
ORDER_WORDS = {"dmy": "day first", "mdy": "month first", "ymd": "year first"}
_DATE_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"), "ymd"),
    (re.compile(r"(\d{4})(\d{2})(\d{2})"), "ymd"),
    (re.compile(r"(\d{4})[-/.](\d{1,2})"), "ym"),
    (re.compile(r"(\d{1,2})[-/.](\d{4})"), "my"),
    (re.compile(r"(\d{1,2})[ -]([a-z]{3,9})\.?[ ,-]*(\d{2}|\d{4})"), "d_mon_y"),
    (re.compile(r"([a-z]{3,9})\.? (\d{1,2}),? (\d{4})"), "mon_d_y"),
    (re.compile(r"([a-z]{3,9})\.?[ -](\d{4})"), "mon_y"),
]


def _month(name: str, field: str, shown: object) -> int:
    month = _MONTHS.get(name.lower())
    if month is None:
        raise _refuse(field, f"{label(field)} “{shown}” is not a date.")
    return month


def numeric_date(text: str) -> tuple[int, int, str] | None:
    """(first part, second part, last part as written) of a date written all in numbers whose
    day and month order the text itself does not say (01/06/2019, 31.01.2025), else None."""
    match = _NUMERIC_DATE.fullmatch(" ".join(text.lower().split()))
    if match is None:
        return None
    return int(match.group(1)), int(match.group(3)), match.group(4)


def _numeric(parts: tuple[int, int, str], order: str | None, field: str, raw: str) -> date:
    first, second, last = parts
    if order is None:
        # No order decided (a caller outside the import): only what the numbers themselves say,
        # else the old reading (US month first with "/", day first with "." or "-").
        if first > 12 >= second or ("/" not in raw and not second > 12 >= first):
            order = "dmy"
        else:
            order = "mdy"
    if order == "ymd":
        if len(last) == 4:
            raise _refuse(field, f"{label(field)} “{raw}” is not a date written year first.")
        return _checked(first, second, int(last), field, raw)
    day, month = (first, second) if order == "dmy" else (second, first)
    try:
        return _checked(int(last), month, day, field, raw)
    except ValidationError:
        raise _refuse(
            field, f"{label(field)} “{raw}” is not a real date when read {ORDER_WORDS[order]}."
        ) from None


def _date_text(raw: str, field: str, order: str | None = None) -> date:
    lowered = " ".join(raw.lower().split())
    if lowered.isascii() and lowered.isdigit() and len(lowered) == 5:
        return _serial(int(lowered), field, raw)
    if not lowered.isascii():
        raise _refuse(field, f"{label(field)} “{raw}” is not a date; write it like 2027-03-31.")
    parts = numeric_date(lowered)
    if parts is not None:
        return _numeric(parts, order, field, raw)
    for pattern, kind in _DATE_PATTERNS:
        match = pattern.fullmatch(lowered)
        if match is None:
            continue
        a, b, c = (match.groups() + ("",))[:3]
        if kind == "ymd":
            return _checked(int(a), int(b), int(c), field, raw)
        if kind == "ym":
            return _end_of_month(int(a), int(b), field, raw)
        if kind == "my":
            return _end_of_month(int(b), int(a), field, raw)
        if kind == "d_mon_y":
            return _checked(int(c), _month(b, field, raw), int(a), field, raw)
        if kind == "mon_d_y":
            return _checked(int(c), _month(a, field, raw), int(b), field, raw)
        return _end_of_month(int(b), _month(a, field, raw), field, raw)
    raise _refuse(field, f"{label(field)} “{raw}” is not a date; write it like 2027-03-31.")


def a_date(value: object, field: str, order: str | None = None) -> date | None:
    """A date from a date cell, an Excel serial number or text (see the module rules); `order`
    ("dmy", "mdy", "ymd") is how the file writes dates in numbers, as `import_reading` decided."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return _plausible(value.date(), field, value.date().isoformat())
    if isinstance(value, date):
        return _plausible(value, field, value.isoformat())
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _serial(float(value), field, value)
    if isinstance(value, str):
        raw = value.strip()
        return _date_text(raw, field, order) if raw else None
    if isinstance(value, FormulaWithoutValue):
        raise _formula(field, value)
    raise _refuse(field, f"{label(field)} “{value}” is not a date.")
