"""Text a user typed, made safe to put in a spreadsheet cell (RELIABILITY D5).

Two traps: openpyxl writes any text that starts with "=" as a live formula, and
a spreadsheet program reading a CSV runs text starting with "=", "+", "-" or
"@" (also after a tab or carriage return) as a formula ("formula injection").
And openpyxl refuses control characters outright (IllegalCharacterError),
which would abort a whole export over one odd name.

For .xlsx the text is kept exactly as typed but stored as a string cell with
Excel's "quote prefix" flag, so it shows as typed and stays text when edited.
For CSV, where there are no cell types, risky text gets a leading apostrophe.
"""

from __future__ import annotations

import re
from typing import Any

# What openpyxl refuses (its ILLEGAL_CHARACTERS_RE): C0 controls except tab, LF and CR.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# Starts that a spreadsheet program may read as a formula; the full-width forms too,
# since some programs fold them to ASCII.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def clean_text(value: object) -> str:
    """The text of `value` without the control characters a workbook cannot hold; line
    ends as "\n" (a lone carriage return would be read back as a line feed anyway)."""
    text = "" if value is None else str(value)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _ILLEGAL.sub("", text) if _ILLEGAL.search(text) else text


def looks_like_formula(text: str) -> bool:
    """True when a spreadsheet program could take `text` for a formula."""
    return text.startswith(FORMULA_STARTS)


def set_text(cell: Any, value: object) -> None:
    """Put user text in an openpyxl cell as text, never as a formula, never raising on
    control characters. Works for normal and write-only cells."""
    text = clean_text(value)
    cell.value = text
    # openpyxl guesses "f" for text starting with "=", and "n"/"d" never for a str;
    # a string cell is always written as text.
    cell.data_type = "s"
    if looks_like_formula(text):
        cell.quotePrefix = True


def csv_text(value: object) -> str:
    """User text for a CSV cell: control characters dropped, a formula start neutralised
    with a leading apostrophe (the OWASP advice for CSV)."""
    text = clean_text(value)
    return "'" + text if looks_like_formula(text) else text
