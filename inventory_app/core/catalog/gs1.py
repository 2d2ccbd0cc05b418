"""GS1 element strings as a keyboard-wedge scanner types them from a drug or vaccine box.

A GS1 DataMatrix or GS1-128 holds application identifiers (AIs) and their values:
(01) GTIN-14, (17) expiry YYMMDD, (10) lot, (21) serial and others. Fixed-length
fields simply follow each other; a variable-length field (lot, serial) ends with the
group separator "\\x1d" (the FNC1 the scanner sends) or with the end of the string.
Scanners may also send the human-readable form "(01)…(17)…(10)…" or prefix a
symbology identifier such as "]d2" (GS1 DataMatrix), "]C1" (GS1-128), "]Q3" (GS1 QR).

What counts as GS1, so a plain SKU or an EAN-13 still goes to the normal lookup:
- a string with a GS1 symbology identifier, a leading group separator or the
  parenthesised form is read as GS1 whatever AIs it holds (a second label with only
  expiry and lot has no GTIN);
- a bare string of digits and letters is GS1 only if it starts with (01) and a
  GTIN-14 whose check digit is right, and the rest reads as AIs to the end.

A wrong GTIN check digit makes the whole string "not GS1" (None): a DataMatrix
corrects its own read errors, so a wrong check digit means the text is not the
element string we think it is, and the ordinary "no item with that code" is the
honest answer. An expiry that is not a date (month 13) leaves `expires` empty and
keeps the rest. Nothing here raises on garbage.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

GROUP_SEPARATOR = "\x1d"

# Symbology identifiers of the GS1 symbologies (the data that follows is an element string).
_GS1_SYMBOLOGIES = ("]d2", "]C1", "]Q3", "]e0", "]J1")
_SYMBOLOGY_ID = re.compile(r"^\][A-Za-z][0-9]")

# AIs whose value has a fixed length (AI -> digits of the value).
_FIXED = {
    "00": 18,
    "01": 14,
    "02": 14,
    "03": 14,
    "04": 16,
    "11": 6,
    "12": 6,
    "13": 6,
    "15": 6,
    "16": 6,
    "17": 6,
    "20": 2,
    "7003": 10,
    "8005": 6,
    "8006": 18,
    "8007": 34,
}
# AIs whose value ends at a group separator (AI -> maximum length of the value).
_VARIABLE = {
    "10": 20,
    "21": 20,
    "22": 20,
    "235": 28,
    "240": 30,
    "241": 30,
    "242": 6,
    "243": 20,
    "250": 30,
    "251": 30,
    "253": 30,
    "254": 20,
    "30": 8,
    "37": 8,
    "400": 30,
    "401": 30,
    "402": 17,
    "403": 30,
    "420": 20,
    "421": 12,
    "422": 3,
    "7240": 20,
    "8004": 30,
    "8200": 70,
    "90": 30,
}
_VARIABLE.update({f"71{n}": 20 for n in range(0, 6)})  # national healthcare reimbursement numbers
_VARIABLE.update({str(n): 90 for n in range(91, 100)})  # company internal information
# 31nn-36nn: measures, 4-digit AI and 6 digits; 41n: global location numbers, 13 digits.
_FIXED.update({f"3{kind}{n:02d}": 6 for kind in "123456" for n in range(100)})
_FIXED.update({f"41{n}": 13 for n in range(0, 8)})
# 390n-393n: amounts, variable.
_VARIABLE.update({f"39{k}{n}": 18 for k in "0123" for n in range(10)})

_DATE_AIS = ("11", "12", "13", "15", "16", "17")
_PAREN_AI = re.compile(r"\((\d{2,4})\)")


@dataclass(frozen=True)
class GS1Code:
    """What a GS1 scan says about one box: its GTIN-14, expiry, lot and serial (each may be absent)."""

    gtin: str | None
    expires: date | None
    lot: str | None
    serial: str | None


def gtin_check_digit_ok(gtin: str) -> bool:
    """Whether `gtin` (8, 12, 13 or 14 digits) ends with its GS1 mod-10 check digit."""
    if not gtin.isascii() or not gtin.isdigit() or len(gtin) not in (8, 12, 13, 14):
        return False
    digits = [int(c) for c in gtin.zfill(14)]
    total = sum(d * (3 if i % 2 == 0 else 1) for i, d in enumerate(digits[:13]))
    return (10 - total % 10) % 10 == digits[13]


def gtin_keys(code: str) -> list[str]:
    """The forms under which a GTIN may be stored as an item's barcode, longest first:
    the GTIN-14, then the EAN-13 and the 12-digit UPC-A (and an EAN-8) that are the same
    number with its leading zeros stripped. Anything that is not 8 to 14 digits gives []."""
    code = code.strip()
    if not code.isascii() or not code.isdigit() or not 8 <= len(code) <= 14:
        return []
    gtin14 = code.zfill(14)
    keys = [gtin14]
    for length in (13, 12, 8):
        if gtin14[: 14 - length] == "0" * (14 - length):
            keys.append(gtin14[14 - length :])
    return keys


def parse_gs1(text: str, today: date | None = None) -> GS1Code | None:
    """The GTIN, expiry, lot and serial of a GS1 element string, or None if `text` is not one.

    `today` decides the century of a two-digit year (GS1's rule: up to 49 years ahead,
    else the past century); it defaults to today's date."""
    try:
        return _parse(text, today or date.today())
    except (ValueError, IndexError, KeyError):  # pragma: no cover - the parser checks as it goes
        return None


def _parse(text: str, today: date) -> GS1Code | None:
    raw = text.strip(" \t\r\n")
    if not raw:
        return None
    marked = False
    if _SYMBOLOGY_ID.match(raw):
        if raw[:3] not in _GS1_SYMBOLOGIES:
            return None  # a symbology identifier of plain, non-GS1 data
        raw = raw[3:]
        marked = True
    if raw.startswith(GROUP_SEPARATOR):
        raw = raw.lstrip(GROUP_SEPARATOR)
        marked = True
    if raw.startswith("("):
        fields = _paren_fields(raw)
        marked = True
    else:
        if not marked and not raw.startswith("01"):
            return None
        fields = _raw_fields(raw)
    if not fields:
        return None
    if not marked and fields[0][0] != "01":
        return None
    values: dict[str, str] = {}
    for ai, value in fields:
        values.setdefault(ai, value)
    gtin = values.get("01")
    if gtin is not None and not gtin_check_digit_ok(gtin):
        return None
    expires = _expiry(values["17"], today) if "17" in values else None
    return GS1Code(gtin=gtin, expires=expires, lot=values.get("10") or None, serial=values.get("21") or None)


def _value_ok(ai: str, value: str) -> bool:
    if ai in _FIXED:
        return len(value) == _FIXED[ai] and (not _numeric(ai) or (value.isascii() and value.isdigit()))
    return 0 < len(value) <= _VARIABLE[ai] and value.isprintable()


def _numeric(ai: str) -> bool:
    return ai not in ("8007",)


def _known(ai: str) -> bool:
    return ai in _FIXED or ai in _VARIABLE


def _match_ai(raw: str, pos: int) -> str | None:
    for length in (2, 3, 4):
        ai = raw[pos : pos + length]
        if len(ai) == length and ai.isdigit() and _known(ai):
            return ai
    return None


def _raw_fields(raw: str) -> list[tuple[str, str]] | None:
    """Fields of the bare form; None as soon as something does not read as an AI."""
    fields: list[tuple[str, str]] = []
    pos = 0
    while pos < len(raw):
        if raw[pos] == GROUP_SEPARATOR:
            pos += 1
            continue
        ai = _match_ai(raw, pos)
        if ai is None:
            return None
        pos += len(ai)
        if ai in _FIXED:
            value = raw[pos : pos + _FIXED[ai]]
            pos += _FIXED[ai]
        else:
            end = raw.find(GROUP_SEPARATOR, pos)
            end = len(raw) if end < 0 else end
            value = raw[pos:end]
            pos = end
        if not _value_ok(ai, value):
            return None
        fields.append((ai, value))
    return fields


def _paren_fields(raw: str) -> list[tuple[str, str]] | None:
    """Fields of the human-readable form "(01)…(17)…(10)…" (spaces between fields allowed)."""
    fields: list[tuple[str, str]] = []
    matches = list(_PAREN_AI.finditer(raw))
    if not matches or matches[0].start() != 0:
        return None
    for i, match in enumerate(matches):
        ai = match.group(1)
        if not _known(ai):
            return None
        end = matches[i + 1].start() if i + 1 < len(matches) else len(raw)
        value = raw[match.end() : end].strip(" " + GROUP_SEPARATOR)
        if not _value_ok(ai, value):
            return None
        fields.append((ai, value))
    return fields


def _expiry(value: str, today: date) -> date | None:
    """YYMMDD as a date; DD=00 means the last day of that month; None if it is no date."""
    year = _century_year(int(value[:2]), today)
    month, day = int(value[2:4]), int(value[4:6])
    if not 1 <= month <= 12:
        return None
    if day == 0:
        day = calendar.monthrange(year, month)[1]
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _century_year(yy: int, today: date) -> int:
    """GS1 General Specifications 7.12: a year up to 49 ahead is this century or the next,
    one 51 or more ahead is the past century."""
    century = today.year // 100 * 100
    diff = yy - today.year % 100
    if diff >= 51:
        return century - 100 + yy
    if diff <= -50:
        return century + 100 + yy
    return century + yy
